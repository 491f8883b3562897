"""Measure the batch at scale: speed-up of workers and of Spark cores, and duplicate finding.

    python scripts/scale_bench.py                     # 20,000 pages; local 1/2 workers, Spark local[1]/[2]
    python scripts/scale_bench.py --pages 3000 --dedup-pages 1000
    python scripts/scale_bench.py --runs local1,local2  # a subset of the runs

Pages come from scripts/gen_pages.py (made once, kept under ``--out``).  Each speed run is a fresh
``jianbao batch`` over the same manifest with the same shard size and ``--no-dedup``; its figure is the
report's throughput (pages cut / seconds from the first shard handed out to the last marker written,
worker start-up included).  Duplicate finding is measured on a separate set where every corpus article
is printed once except the planted copies (``--copies 0.15``), with both engines, by
``jianbao.batch.dupgold.measure``.  The machine's load average is recorded before each run: other work
on the machine slows a run down, and shows there.

Targets (issue 7): 2 workers ≥ 1.8× one; Spark local[2] ≥ 1.7× local[1]; precision and recall ≥ 0.95.
Writes ``OUT/scale.json`` and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = {
    "local1": ["--workers", "1"],
    "local2": ["--workers", "2"],
    "spark1": ["--engine", "spark", "--master", "local[1]"],
    "spark2": ["--engine", "spark", "--master", "local[2]"],
}


def batch(manifest: Path, out: Path, extra: list[str]) -> dict:
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "jianbao.cli", "batch", str(manifest), "-o", str(out), "--fresh", "-q", *extra]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {"pages": report["pages"], "pages_ok": report["pages_ok"], "articles": report["articles"],
            "pages_per_second": report["throughput"]["pages_per_second"],
            "process_seconds": report["throughput"]["seconds"], "wall_seconds": round(wall, 1),
            "load_before": round(load, 2), "cpu_seconds_all_processes": round(cpu, 1),
            "busy_workers": report["throughput"].get("busy_workers"),
            "cpu_share_while_busy": report["throughput"].get("cpu_share_while_busy"),
            "pages_per_cpu_second": report["throughput"].get("pages_per_cpu_second"), "dedup_seconds": report["duplicates"]["seconds"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=20000)
    ap.add_argument("--dedup-pages", type=int, default=2000)
    ap.add_argument("--shard-size", type=int, default=None, help="default: pages/64 (the batch's own default)")
    ap.add_argument("--runs", default="local1,local2,spark1,spark2")
    ap.add_argument("--no-dedup-measure", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "scale")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    import gen_pages

    from jianbao.batch.dupgold import measure

    speed_set = args.out / f"pages{args.pages}"
    if not (speed_set / "manifest.jsonl").exists():
        gen_pages.generate(args.pages, speed_set, seed=7)
    shard = args.shard_size or min(500, max(10, -(-args.pages // 64)))
    results: dict = {"pages": args.pages, "shard_size": shard, "cpus": os.cpu_count(), "runs": {}}
    for name in [r for r in args.runs.split(",") if r]:
        results["runs"][name] = batch(speed_set / "manifest.jsonl", args.out / f"run-{name}",
                                      [*RUNS[name], "--shard-size", str(shard), "--no-dedup"])
        print(name, json.dumps(results["runs"][name]), flush=True)
    runs = results["runs"]
    for fast, slow, key in (("local2", "local1", "workers_speedup"), ("spark2", "spark1", "spark_speedup")):
        if fast in runs and slow in runs:
            results[key] = round(runs[fast]["pages_per_second"] / runs[slow]["pages_per_second"], 3)
            # what the same runs would give with a whole core per busy worker: busy workers × CPU efficiency
            f, s = runs[fast], runs[slow]
            if f.get("pages_per_cpu_second") and s.get("pages_per_cpu_second"):
                results[key + "_cpu_normalised"] = round(
                    (f["busy_workers"] * f["pages_per_cpu_second"]) / (s["busy_workers"] * s["pages_per_cpu_second"]), 3)
    if not args.no_dedup_measure:
        dedup_set = args.out / f"dedup{args.dedup_pages}"
        if not (dedup_set / "manifest.jsonl").exists():
            gen_pages.generate(args.dedup_pages, dedup_set, seed=13, copies=0.15)
        results["dedup_set"] = json.loads((dedup_set / "stats.json").read_text())
        for name, extra in (("local", ["--workers", "2"]), ("spark", ["--engine", "spark", "--master", "local[2]"])):
            if name == "spark" and not any(r.startswith("spark") for r in args.runs.split(",")):
                continue
            out = args.out / f"dedup-{name}"
            run = batch(dedup_set / "manifest.jsonl", out, extra)
            results[f"dedup_{name}"] = {**measure(out, dedup_set / "gold.jsonl"), "dedup_seconds": run["dedup_seconds"]}
            print("dedup", name, json.dumps(results[f"dedup_{name}"]), flush=True)
    (args.out / "scale.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(table(results))


def table(results: dict) -> str:
    lines = ["| run | pages | pages/s | seconds | busy workers | CPU share while busy | pages/CPU-s | load before |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, r in results["runs"].items():
        lines.append(f"| {name} | {r['pages']:,} | {r['pages_per_second']:.2f} | {r['process_seconds']:.0f} | "
                     f"{r.get('busy_workers')} | {r.get('cpu_share_while_busy')} | {r.get('pages_per_cpu_second')} | "
                     f"{r['load_before']:.2f} |")
    for key in ("workers_speedup", "workers_speedup_cpu_normalised", "spark_speedup", "spark_speedup_cpu_normalised"):
        if key in results:
            lines.append(f"\n{key}: {results[key]:.2f}×")
    for key in ("dedup_local", "dedup_spark"):
        if key in results:
            d = results[key]
            lines.append(f"\n{key}: precision {d['precision']}, recall {d['recall']} "
                         f"({d['correct_pairs']}/{d['predicted_pairs']} predicted, {d['true_pairs']} true pairs, "
                         f"{d['judged_articles']} judged articles)")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
