#!/usr/bin/env python3
# Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
"""Runs `liten bench --compare-tflite` on every model and writes the table.

usage: benchmarks/perf_table.py [--liten build/liten] [--models DIR]
                                [--threads 1,2] [--output docs/PERFORMANCE.md]

Each model is benchmarked at each thread count in its own process, with
liten and TFLite 2.9.0 (builtin and XNNPACK) interleaved in that process,
so that all three see the same machine state. The table keeps the medians
and the ratios liten / TFLite+XNNPACK; the geometric mean covers the models
both runtimes run. The table goes between the script's markers in the
output file; the text around them is kept.
"""
import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys
import tempfile

BEGIN = "<!-- perf_table.py: begin -->"
END = "<!-- perf_table.py: end -->"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def bench(liten, model, threads, extra):
    with tempfile.TemporaryDirectory() as scratch:
        report = os.path.join(scratch, "report.json")
        command = [liten, "bench", model, "--threads", str(threads),
                   "--compare-tflite", "--json", report] + extra
        result = subprocess.run(command, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            last = result.stdout.strip().splitlines()[-1:] or ["(no output)"]
            return None, last[0]
        with open(report) as f:
            return json.load(f), ""


def tflite_path(report, name):
    for path in report.get("tflite", {}).get("paths", []):
        if path["name"] == name and path["ok"]:
            return path
    return None


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--liten", default=os.path.join(root, "build", "liten"))
    parser.add_argument("--models", default=os.environ.get(
        "LITEN_MODELS_DIR", os.path.join(root, "..", "shared", "models")))
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--output",
                        default=os.path.join(root, "docs", "PERFORMANCE.md"))
    parser.add_argument("--bench-args", default="--runs 30 --min-secs 1 "
                        "--max-secs 6 --warmup 3",
                        help="extra arguments for liten bench")
    args = parser.parse_args()

    models = []
    for folder in ("npm", "coral"):
        directory = os.path.join(args.models, folder)
        if os.path.isdir(directory):
            models += [os.path.join(folder, name)
                       for name in sorted(os.listdir(directory))
                       if name.endswith(".tflite")]
    if not models:
        sys.exit(f"no models under {args.models}")
    threads = [int(t) for t in args.threads.split(",")]
    extra = args.bench_args.split()

    rows = []
    ratios = {t: [] for t in threads}
    for model in models:
        for t in threads:
            report, error = bench(args.liten,
                                  os.path.join(args.models, model), t, extra)
            print(f"{model} threads={t}: {'ok' if report else error}",
                  file=sys.stderr)
            if report is None:
                rows.append(f"| {model} | {t} | liten cannot run it: "
                            f"{error.replace('|', '/')} | | | | |")
                continue
            builtin = tflite_path(report, "tflite-builtin")
            xnnpack = tflite_path(report, "tflite-xnnpack")
            liten_ms = report["invoke"]["median_ms"]
            cell = lambda p: f"{p['invoke']['median_ms']:.3f}" if p else "fails"
            ratio = (f"{liten_ms / xnnpack['invoke']['median_ms']:.2f}"
                     if xnnpack else "")
            if xnnpack:
                ratios[t].append(liten_ms / xnnpack["invoke"]["median_ms"])
            paths = ", ".join(f"{k} {v}" for k, v in
                              sorted(report["kernel_paths"].items()))
            rows.append(f"| {model} | {t} | {liten_ms:.3f} | {cell(builtin)} "
                        f"| {cell(xnnpack)} | {ratio} | {paths} |")

    command = " ".join([os.path.relpath(sys.argv[0], root)] + sys.argv[1:])
    lines = [
        "Median Invoke time in milliseconds, liten against TFLite 2.9.0 (the",
        "C library from the npm package `tfjs-tflite-node@0.0.2`) with its",
        "builtin kernels and with its XNNPACK delegate, measured in the same",
        "process, interleaved, on the same inputs and thread count. Ratio:",
        "liten / TFLite+XNNPACK (below 1: liten is faster). Kernel paths: how",
        "many nodes ran on each kind of kernel (`constant`: computed once at",
        "prepare).",
        "",
        f"- Command: `{command}` (from the repository root, after",
        "  `tools/quickstart.sh` built `build/liten` and the tests fetched",
        "  TFLite into `build/tflite_reference/`)",
        f"- Machine: {cpu_model()}, {os.cpu_count()} cores",
        f"- Date: {datetime.date.today().isoformat()}",
        f"- liten bench arguments: `{args.bench_args}`",
        "",
        "| model | threads | liten ms | TFLite builtin ms | TFLite XNNPACK ms "
        "| ratio | liten kernel paths |",
        "|---|---|---|---|---|---|---|",
    ] + rows + [""]
    for t in threads:
        if ratios[t]:
            geomean = math.exp(sum(map(math.log, ratios[t])) / len(ratios[t]))
            lines.append(f"- Geometric mean of liten / TFLite+XNNPACK at {t} "
                         f"thread(s), over {len(ratios[t])} models: "
                         f"{geomean:.2f}")
    # The table replaces what lies between the markers; the analysis written
    # around it stays.
    table = BEGIN + "\n" + "\n".join(lines) + "\n" + END
    text = ""
    if os.path.exists(args.output):
        with open(args.output) as f:
            text = f.read()
    if BEGIN in text and END in text:
        text = (text[:text.index(BEGIN)] + table +
                text[text.index(END) + len(END):])
    else:
        text = "# Performance\n\n" + table + "\n" + text
    with open(args.output, "w") as out:
        out.write(text)
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
