#!/usr/bin/env python3
# Copyright 2026 The liten Authors. SPDX-License-Identifier: Apache-2.0
"""Benchmarks liten against TFLite 2.9.0 on every model and writes the tables.

usage: benchmarks/perf_table.py [--liten build/liten] [--models-dir DIR]
                                [--models REGEX] [--threads 1,2]
                                [--processes 3] [--bench-args ARGS]
                                [--output docs/PERFORMANCE.md]
                                [--section NAME]

For each model and thread count, two measurements:

- Interleaved: one process runs `liten bench --compare-tflite`, where liten,
  TFLite builtin and TFLite+XNNPACK take turns (in rotating order) on the
  same inputs, so that all three see the same machine state.
- Separate processes: `liten bench --runtime liten` and `--runtime
  tflite-xnnpack`, --processes times each, alternating. Peak RSS is per
  process, so only this attributes memory (and init) to one runtime; and
  TFLite 2.9's 2-thread time differs from one process to the next, so one
  process is not enough. Each cell is the median over the processes of the
  per-process figure: median Invoke time, init time (load + prepare + first
  inference) and peak RSS after the warmup.

The geometric means of the ratios liten / TFLite+XNNPACK cover the models
both runtimes run. The tables go between the script's markers in the output
file (those of --section NAME, when given, so that a file can hold tables of
several model sets); the text around them is kept.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile

def markers(section):
    name = f"perf_table.py {section}" if section else "perf_table.py"
    return f"<!-- {name}: begin -->", f"<!-- {name}: end -->"


MIB = 1 << 20


def cpu_model():
    """The CPU's model name and the vector ISAs that pick liten's kernels."""
    name, flags = platform.processor() or "unknown CPU", set()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    name = line.split(":", 1)[1].strip()
                elif line.startswith("flags") and not flags:
                    flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    isa = [f for f in ("avx2", "fma", "avx512f") if f in flags]
    return f"{name} ({', '.join(isa) if isa else 'no AVX2'})"


def bench(liten, model, threads, flags):
    """Runs `liten bench`; returns (report, "") or (None, last output line)."""
    with tempfile.TemporaryDirectory() as scratch:
        report = os.path.join(scratch, "report.json")
        command = [liten, "bench", model, "--threads", str(threads),
                   "--json", report] + flags
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


def geomean(values):
    return math.exp(sum(map(math.log, values)) / len(values))


class Alone:
    """One runtime's figures over its separate processes."""

    def __init__(self, reports):
        self.ok = bool(reports)
        if not self.ok:
            return
        medians = [r["invoke"]["median_ms"] for r in reports]
        self.ms = statistics.median(medians)
        self.low, self.high = min(medians), max(medians)
        self.init_ms = statistics.median(r["init"]["total_ms"]
                                         for r in reports)
        self.rss_mib = statistics.median(r["memory"]["peak_rss_bytes"]
                                         for r in reports) / MIB

    def latency(self):
        if not self.ok:
            return "fails"
        if len({round(self.low, 3), round(self.high, 3)}) == 1:
            return f"{self.ms:.3f}"
        return f"{self.ms:.3f} ({self.low:.2f}-{self.high:.2f})"

    def cell(self, figure, digits):
        return f"{getattr(self, figure):.{digits}f}" if self.ok else "fails"


def alone_runs(liten, model, threads, processes, extra):
    """liten and TFLite+XNNPACK alone, `processes` each, alternating which
    goes first; returns ({runtime: Alone}, {runtime: last error})."""
    runtimes = ["liten", "tflite-xnnpack"]
    reports = {r: [] for r in runtimes}
    errors = {}
    for p in range(processes):
        for runtime in runtimes[p % 2:] + runtimes[:p % 2]:
            report, error = bench(liten, model, threads,
                                  ["--runtime", runtime] + extra)
            if report is None:
                errors[runtime] = error
            else:
                reports[runtime].append(report)
    return {r: Alone(reports[r]) for r in runtimes}, errors


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--liten", default=os.path.join(root, "build", "liten"))
    parser.add_argument("--models-dir", default=os.environ.get(
        "LITEN_MODELS_DIR", os.path.join(root, "..", "shared", "models")),
        help="folder with npm/ and coral/ subfolders of .tflite files")
    parser.add_argument("--models", default="",
                        help="only models whose path under --models-dir "
                        "(e.g. npm/hand_recrop.tflite) matches this regular "
                        "expression")
    parser.add_argument("--threads", default="1,2",
                        help="comma-separated thread counts")
    parser.add_argument("--processes", type=int, default=3,
                        help="separate processes per runtime, model and "
                        "thread count")
    parser.add_argument("--output",
                        default=os.path.join(root, "docs", "PERFORMANCE.md"))
    parser.add_argument("--bench-args", default="--runs 30 --min-secs 1 "
                        "--max-secs 6 --warmup 3",
                        help="extra arguments for every liten bench")
    parser.add_argument("--section", default="",
                        help="write between this section's markers")
    args = parser.parse_args()
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    try:
        threads = [int(t) for t in args.threads.split(",")]
        model_filter = re.compile(args.models)
    except (ValueError, re.error) as e:
        parser.error(str(e))

    models = []
    for folder in ("npm", "coral"):
        directory = os.path.join(args.models_dir, folder)
        if os.path.isdir(directory):
            models += [os.path.join(folder, name)
                       for name in sorted(os.listdir(directory))
                       if name.endswith(".tflite")]
    models = [m for m in models if model_filter.search(m)]
    if not models:
        sys.exit(f"no models under {args.models_dir} match '{args.models}'")
    extra = args.bench_args.split()

    interleaved_rows, alone_rows = [], []
    ratios = {t: [] for t in threads}
    alone_ratios = {t: {"latency": [], "init": [], "rss": []}
                    for t in threads}
    for model in models:
        path = os.path.join(args.models_dir, model)
        for t in threads:
            # liten's reference kernels would take most of each round.
            report, error = bench(args.liten, path, t,
                                  ["--compare-tflite", "--skip-reference"] +
                                  extra)
            print(f"{model} threads={t} interleaved: "
                  f"{'ok' if report else error}", file=sys.stderr)
            if report is None:
                interleaved_rows.append(
                    f"| {model} | {t} | liten cannot run it: "
                    f"{error.replace('|', '/')} | | | | | |")
                continue
            builtin = tflite_path(report, "tflite-builtin")
            xnnpack = tflite_path(report, "tflite-xnnpack")
            liten_ms = report["invoke"]["median_ms"]
            cell = lambda p: f"{p['invoke']['median_ms']:.3f}" if p else "fails"
            ratio = ""
            if xnnpack:
                ratios[t].append(liten_ms / xnnpack["invoke"]["median_ms"])
                ratio = f"{ratios[t][-1]:.2f}"
            # Stock TFLite's best configuration: on quantized models its
            # XNNPACK delegate takes no node, and either path may be faster.
            best = [p["invoke"]["median_ms"] for p in (builtin, xnnpack) if p]
            best_ratio = f"{liten_ms / min(best):.2f}" if best else ""
            paths = ", ".join(f"{k} {v}" for k, v in
                              sorted(report["kernel_paths"].items()))
            interleaved_rows.append(
                f"| {model} | {t} | {liten_ms:.3f} | {cell(builtin)} "
                f"| {cell(xnnpack)} | {ratio} | {best_ratio} | {paths} |")

            alone, errors = alone_runs(args.liten, path, t, args.processes,
                                       extra)
            print(f"{model} threads={t} separate processes: "
                  f"{errors if errors else 'ok'}", file=sys.stderr)
            ours, theirs = alone["liten"], alone["tflite-xnnpack"]
            ratio = ""
            if ours.ok and theirs.ok:
                ratio = f"{ours.ms / theirs.ms:.2f}"
                alone_ratios[t]["latency"].append(ours.ms / theirs.ms)
                alone_ratios[t]["init"].append(ours.init_ms / theirs.init_ms)
                alone_ratios[t]["rss"].append(ours.rss_mib / theirs.rss_mib)
            alone_rows.append(
                f"| {model} | {t} | {ours.latency()} | {theirs.latency()} "
                f"| {ratio} | {ours.cell('init_ms', 1)} "
                f"| {theirs.cell('init_ms', 1)} | {ours.cell('rss_mib', 1)} "
                f"| {theirs.cell('rss_mib', 1)} |")

    command = " ".join([os.path.relpath(sys.argv[0], root)] + sys.argv[1:])
    lines = [
        "liten against TFLite 2.9.0 (the C library from the npm package",
        "`tfjs-tflite-node@0.0.2`) with its builtin kernels and with its",
        "XNNPACK delegate, on the same inputs and thread count.",
        "",
        f"- Command: `{command}` (from the repository root, after",
        "  `tools/quickstart.sh` built `build/liten` and the tests fetched",
        "  TFLite into `build/tflite_reference/`)",
        f"- Machine: {cpu_model()}, {os.cpu_count()} cores",
        f"- Date: {datetime.date.today().isoformat()}",
        f"- liten bench arguments: `{args.bench_args}`",
        "",
        "**Interleaved, one process per model and thread count** (`liten",
        "bench --compare-tflite`): median Invoke time in milliseconds, the",
        "three runtimes taking turns in rotating order. Ratio: liten /",
        "TFLite+XNNPACK (below 1: liten is faster); to best: liten / the",
        "faster of TFLite's two paths. Kernel paths: how many nodes ran on",
        "each kind of kernel (`constant`: computed once at prepare).",
        "",
        "| model | threads | liten ms | TFLite builtin ms | TFLite XNNPACK ms "
        "| ratio | to best | liten kernel paths |",
        "|---|---|---|---|---|---|---|---|",
    ] + interleaved_rows + [""]
    for t in threads:
        if ratios[t]:
            lines.append(f"- Geometric mean of liten / TFLite+XNNPACK at {t} "
                         f"thread(s), over {len(ratios[t])} models: "
                         f"{geomean(ratios[t]):.2f}")
    lines += [
        "",
        f"**Separate processes** (`liten bench --runtime liten` and "
        f"`--runtime tflite-xnnpack`, {args.processes} processes each,",
        "alternating): each figure is the median over the processes. ms: the",
        "median Invoke time (in parentheses the lowest and highest process",
        "median when they differ); ratio: liten / TFLite+XNNPACK of those;",
        "init: load + prepare + first inference; peak RSS: the process's",
        "peak resident memory after the warmup (the `liten` executable",
        "included in both). Models liten cannot run are only in the table",
        "above.",
        "",
        "| model | threads | liten ms | TFLite XNNPACK ms | ratio "
        "| liten init ms | XNNPACK init ms | liten peak RSS MiB "
        "| XNNPACK peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ] + alone_rows + [""]
    for t in threads:
        r = alone_ratios[t]
        if r["latency"]:
            lines.append(
                f"- Geometric means of liten / TFLite+XNNPACK at {t} "
                f"thread(s), separate processes, over {len(r['latency'])} "
                f"models: latency {geomean(r['latency']):.2f}, init "
                f"{geomean(r['init']):.2f}, peak RSS {geomean(r['rss']):.2f}")
    # The tables replace what lies between the markers; the analysis
    # written around them stays.
    begin, end = markers(args.section)
    table = begin + "\n" + "\n".join(lines) + "\n" + end
    text = ""
    if os.path.exists(args.output):
        with open(args.output) as f:
            text = f.read()
    if begin in text and end in text:
        text = (text[:text.index(begin)] + table +
                text[text.index(end) + len(end):])
    else:
        text = "# Performance\n\n" + table + "\n" + text
    with open(args.output, "w") as out:
        out.write(text)
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
