#!/usr/bin/env python3
"""Runs `moc roster solve` on the Curtois & Qu instances and writes a CSV.

Usage (from the repository root, after `cargo build --release -p moc-cli`):

    python3 crates/moc-roster/bench/run_curtois.py \
        --moc target/release/moc --data ../shared/data/curtois \
        --time-limit 60 --threads 2 --seeds 1,2,3,4,5 --out roster-60s.csv

One row per (instance, seed): the solver's JSON fields plus the published
best known objective and lower bound from bounds.csv and the gap to each.
A Markdown table of the median per instance goes to standard output, ready
for BENCHMARKS.md. Runs are sequential: each already uses --threads cores.
"""

import argparse
import csv
import json
import statistics
import subprocess
import sys
from pathlib import Path


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--moc", default="target/release/moc")
    p.add_argument("--data", default="../shared/data/curtois")
    p.add_argument("--time-limit", type=float, default=60)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seeds", default="1,2,3,4,5")
    p.add_argument("--instances", default="1-24", help="e.g. 1-24 or 1,5,9")
    p.add_argument("--out", default="roster-bench.csv")
    a = p.parse_args()

    data = Path(a.data)
    bounds = {}
    with open(data / "bounds.csv") as f:
        for row in csv.DictReader(f):
            bounds[row["instance"]] = (
                int(row["best_known_upper_bound"]),
                int(row["lower_bound"]),
            )
    if "-" in a.instances:
        lo, hi = map(int, a.instances.split("-"))
        numbers = list(range(lo, hi + 1))
    else:
        numbers = [int(x) for x in a.instances.split(",")]
    seeds = [int(s) for s in a.seeds.split(",")]

    fields = [
        "instance", "seed", "time_limit", "threads", "objective", "feasible",
        "seconds_to_best", "our_lower_bound", "best_known", "published_lower_bound",
        "gap_best_known_pct", "gap_lower_bound_pct",
    ]
    rows = []
    with open(a.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for i in numbers:
            name = f"Instance{i}"
            for seed in seeds:
                cmd = [
                    a.moc, "roster", "solve", str(data / f"{name}.txt"),
                    "--time-limit", str(a.time_limit), "--threads", str(a.threads),
                    "--seed", str(seed), "--json",
                ]
                out = subprocess.run(cmd, capture_output=True, text=True, check=True)
                r = json.loads(out.stdout)
                ub, lb = bounds[name]
                row = {
                    "instance": name, "seed": seed, "time_limit": a.time_limit,
                    "threads": a.threads, "objective": r["objective"],
                    "feasible": r["feasible"], "seconds_to_best": r["seconds_to_best"],
                    "our_lower_bound": r["lower_bound"], "best_known": ub,
                    "published_lower_bound": lb,
                    "gap_best_known_pct": round(100 * (r["objective"] - ub) / ub, 2),
                    "gap_lower_bound_pct": round(100 * (r["objective"] - lb) / lb, 2),
                }
                w.writerow(row)
                f.flush()
                rows.append(row)
                print(f"{name} seed {seed}: {r['objective']} feasible={r['feasible']}",
                      file=sys.stderr)

    print("| Instance | Best known | Lower bound | Median objective | Feasible runs | Median gap to best known | Median s to best |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for i in numbers:
        name = f"Instance{i}"
        rs = [r for r in rows if r["instance"] == name]
        ub, lb = bounds[name]
        med = statistics.median(r["objective"] for r in rs)
        gap = statistics.median(r["gap_best_known_pct"] for r in rs)
        secs = statistics.median(r["seconds_to_best"] for r in rs)
        feas = sum(1 for r in rs if r["feasible"])
        print(f"| {i} | {ub} | {lb} | {med:g} | {feas}/{len(rs)} | {gap:.1f}% | {secs:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
