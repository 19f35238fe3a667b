#!/usr/bin/env python3
"""Runs `moc roster solve` and, side by side, the CP-SAT model
(`cpsat_curtois.py`) on the Curtois & Qu instances and writes one CSV.

Usage (from the repository root, after `cargo build --release -p moc-cli`
and `pip install -r crates/moc-roster/bench/requirements.txt`), the
issue's harness, both solvers, all 24 instances x 5 seeds, 60 s, 2 threads
(about 4 hours):

    python3 crates/moc-roster/bench/run_curtois.py \
        --moc "$CARGO_TARGET_DIR/release/moc" --data ../shared/data/curtois \
        --solvers moc,cpsat --time-limit 60 --threads 2 --seeds 1,2,3,4,5 \
        --out roster-60s.csv

One row per (solver, instance, seed): objective, feasible,
seconds_to_best, the solver's own lower bound (CP-SAT's best objective
bound; moc's simple bound), the published best known objective and lower
bound from bounds.csv and the gaps to each. Unless --no-check, each
run's roster is also scored by `moc roster evaluate` (columns
evaluate_objective, evaluate_feasible), so the two solvers are compared
on one independent evaluator; a disagreement is reported on stderr and
makes the exit status 1, as is a CP-SAT bound above the published best
known objective (a model stricter than the benchmark). A Markdown table
of medians per instance goes to standard output, ready for BENCHMARKS.md.
Runs are sequential: each already uses --threads cores.

The four hours need not be one sitting: with --resume, runs already in
--out (same solver, instance, seed, time limit and threads) are kept and
skipped, and each new run is appended as soon as it ends, so an
interrupted run loses only the run in progress. Each row records the
machine's load average (1 min) before and after the run, so a reader can
see whether anything else competed for the cores. --table CSV... prints
the table from earlier CSVs without running anything.
"""

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

FIELDS = [
    "solver", "instance", "seed", "time_limit", "threads", "objective", "feasible",
    "seconds_to_best", "lower_bound", "best_known", "published_lower_bound",
    "gap_best_known_pct", "gap_lower_bound_pct", "status", "build_seconds",
    "evaluate_objective", "evaluate_feasible", "load_before", "load_after",
]


def typed(row):
    """A row read back from a CSV, with the types a fresh run has; columns
    that older CSVs lack are left empty."""
    out = {k: row.get(k, "") or "" for k in FIELDS}
    for k in ("objective", "lower_bound", "best_known", "published_lower_bound", "seed",
              "threads", "evaluate_objective"):
        if out[k] != "":
            out[k] = int(out[k])
    for k in ("time_limit", "seconds_to_best", "gap_best_known_pct", "gap_lower_bound_pct",
              "load_before", "load_after"):
        if out[k] != "":
            out[k] = float(out[k])
    for k in ("feasible", "evaluate_feasible"):
        if out[k] != "":
            out[k] = out[k] == "True"
    return out


def read_rows(paths):
    rows = []
    for path in paths:
        with open(path, newline="") as f:
            rows.extend(typed(r) for r in csv.DictReader(f))
    return rows


def parse_numbers(text):
    out = []
    for part in text.split(","):
        if "-" in part:
            lo, hi = map(int, part.split("-"))
            out.extend(range(lo, hi + 1))
        elif part:
            out.append(int(part))
    return out


def run_moc(a, path, seed, roster):
    cmd = [
        a.moc, "roster", "solve", str(path), "--time-limit", str(a.time_limit),
        "--threads", str(a.threads), "--seed", str(seed), "--json",
    ]
    if roster:
        cmd += ["--out", str(roster)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    r = json.loads(out.stdout)
    r.setdefault("status", "")
    r.setdefault("build_seconds", "")
    return r


def run_cpsat(a, path, seed, roster):
    cmd = [
        a.python, str(HERE / "cpsat_curtois.py"), str(path),
        "--time-limit", str(a.time_limit), "--threads", str(a.threads), "--seed", str(seed),
    ]
    if roster:
        cmd += ["--out", str(roster)]
    if a.cpsat_wall_clock:
        cmd.append("--wall-clock")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def evaluate(a, path, roster):
    out = subprocess.run(
        [a.moc, "roster", "evaluate", str(path), str(roster), "--json"],
        capture_output=True, text=True,
    )
    r = json.loads(out.stdout)
    return r["objective"], r["feasible"]


def gap(obj, ref):
    if obj is None or ref == 0:
        return ""
    return round(100 * (obj - ref) / ref, 2)


def median_or_blank(values, fmt="{:g}"):
    values = [v for v in values if v is not None and v != ""]
    return fmt.format(statistics.median(values)) if values else "—"


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--moc", default="target/release/moc")
    p.add_argument("--data", default="../shared/data/curtois")
    p.add_argument("--solvers", default="moc", help="moc, cpsat or moc,cpsat")
    p.add_argument("--python", default=sys.executable, help="interpreter for cpsat_curtois.py")
    p.add_argument("--cpsat-wall-clock", action="store_true",
                   help="charge CP-SAT's Python model building to its time limit")
    p.add_argument("--time-limit", type=float, default=60)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seeds", default="1,2,3,4,5")
    p.add_argument("--instances", default="1-24", help="e.g. 1-24, 1,5,9 or 1-6,13")
    p.add_argument("--no-check", action="store_true",
                   help="do not score the rosters with `moc roster evaluate`")
    p.add_argument("--rosters", help="keep the rosters in this directory")
    p.add_argument("--out", default="roster-bench.csv")
    p.add_argument("--resume", action="store_true",
                   help="keep the runs already in --out, skip them, append the others")
    p.add_argument("--table", nargs="+", metavar="CSV",
                   help="print the table from these CSVs; run nothing")
    a = p.parse_args()

    data = Path(a.data)
    bounds = {}
    with open(data / "bounds.csv") as f:
        for row in csv.DictReader(f):
            bounds[row["instance"]] = (
                int(row["best_known_upper_bound"]),
                int(row["lower_bound"]),
            )
    numbers = parse_numbers(a.instances)
    seeds = [int(s) for s in a.seeds.split(",")]
    solvers = [s.strip() for s in a.solvers.split(",") if s.strip()]
    runners = {"moc": run_moc, "cpsat": run_cpsat}
    for s in solvers:
        if s not in runners:
            p.error(f"unknown solver {s!r}")
    if a.table:
        rows = [r for r in read_rows(a.table)
                if r["solver"] in solvers and r["seed"] in seeds
                and r["instance"] in {f"Instance{i}" for i in numbers}]
        print_table(rows, numbers, bounds, solvers)
        return 0
    tmp = tempfile.TemporaryDirectory()
    roster_dir = Path(a.rosters) if a.rosters else Path(tmp.name)
    roster_dir.mkdir(parents=True, exist_ok=True)

    rows = []
    resuming = a.resume and Path(a.out).exists()
    if resuming:
        earlier = read_rows([a.out])
        # Rewritten with today's columns, so that appended rows line up.
        with open(a.out, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=FIELDS)
            w.writeheader()
            w.writerows(earlier)
        rows = [r for r in earlier
                if r["time_limit"] == a.time_limit and r["threads"] == a.threads]
    done = {(r["solver"], r["instance"], r["seed"]) for r in rows}
    disagreements = 0
    with open(a.out, "a" if resuming else "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        if not resuming:
            w.writeheader()
        for i in numbers:
            name = f"Instance{i}"
            path = data / f"{name}.txt"
            ub, lb = bounds[name]
            for seed in seeds:
                for solver in solvers:
                    if (solver, name, seed) in done:
                        continue
                    roster = roster_dir / f"{solver}-{name}-seed{seed}.roster"
                    load_before = round(os.getloadavg()[0], 2)
                    r = runners[solver](a, path, seed, roster)
                    load_after = round(os.getloadavg()[0], 2)
                    obj = r["objective"]
                    row = {
                        "solver": solver, "instance": name, "seed": seed,
                        "time_limit": a.time_limit, "threads": a.threads,
                        "objective": "" if obj is None else obj,
                        "feasible": r["feasible"],
                        "seconds_to_best": "" if r["seconds_to_best"] is None
                        else r["seconds_to_best"],
                        "lower_bound": "" if r["lower_bound"] is None else r["lower_bound"],
                        "best_known": ub, "published_lower_bound": lb,
                        "gap_best_known_pct": gap(obj, ub) if r["feasible"] else "",
                        "gap_lower_bound_pct": gap(obj, lb) if r["feasible"] else "",
                        "status": r["status"], "build_seconds": r["build_seconds"],
                        "evaluate_objective": "", "evaluate_feasible": "",
                        "load_before": load_before, "load_after": load_after,
                    }
                    if not a.no_check and roster.exists() and obj is not None:
                        eo, ef = evaluate(a, path, roster)
                        row["evaluate_objective"], row["evaluate_feasible"] = eo, ef
                        if eo != obj or ef != r["feasible"]:
                            disagreements += 1
                            print(f"DISAGREEMENT {solver} {name} seed {seed}: solver says "
                                  f"{obj} feasible={r['feasible']}, moc roster evaluate "
                                  f"says {eo} feasible={ef}", file=sys.stderr)
                    if solver == "cpsat" and r["lower_bound"] is not None \
                            and r["lower_bound"] > ub:
                        disagreements += 1
                        print(f"DISAGREEMENT cpsat {name} seed {seed}: CP-SAT's bound "
                              f"{r['lower_bound']} is above the best known {ub} (the "
                              "model is stricter than the benchmark)", file=sys.stderr)
                    w.writerow(row)
                    f.flush()
                    rows.append(row)
                    print(f"{solver} {name} seed {seed}: {obj} feasible={r['feasible']} "
                          f"bound={r['lower_bound']} t_best={r['seconds_to_best']}",
                          file=sys.stderr)

    rows = [r for r in rows if r["solver"] in solvers and r["seed"] in seeds
            and r["instance"] in {f"Instance{i}" for i in numbers}]
    print_table(rows, numbers, bounds, solvers)
    return 1 if disagreements else 0


def print_table(rows, numbers, bounds, solvers):
    if solvers == ["moc"]:
        print_moc_table(rows, numbers, bounds)
    else:
        print_side_by_side(rows, numbers, bounds, solvers)


def print_moc_table(rows, numbers, bounds):
    print("| Instance | Best known | Lower bound | Median objective | Feasible runs "
          "| Median gap to best known | Median s to best |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for i in numbers:
        name = f"Instance{i}"
        rs = [r for r in rows if r["instance"] == name]
        ub, lb = bounds[name]
        med = median_or_blank(r["objective"] for r in rs)
        gap_ = median_or_blank((r["gap_best_known_pct"] for r in rs), "{:.1f}%")
        secs = median_or_blank((r["seconds_to_best"] for r in rs), "{:.1f}")
        feas = sum(1 for r in rs if r["feasible"])
        print(f"| {i} | {ub} | {lb} | {med} | {feas}/{len(rs)} | {gap_} | {secs} |")


def score(rs):
    """Median (feasible?, objective) over the runs: an infeasible run counts
    as worse than any feasible one."""
    vals = sorted((0 if r["feasible"] else 1, r["objective"] if r["objective"] != "" else 0)
                  for r in rs)
    return vals[len(vals) // 2] if vals else (2, 0)


def print_side_by_side(rows, numbers, bounds, solvers):
    head = ["Instance", "Best known", "Published LB"]
    align = ["---", "---:", "---:"]
    for s in solvers:
        head += [f"{s} median", f"{s} feasible", f"{s} gap to best known"]
        align += ["---:", ":---:", "---:"]
    head += ["CP-SAT bound" if "cpsat" in solvers else "", "Better"]
    align += ["---:", ":---:"]
    if "cpsat" not in solvers:
        head.pop(-2)
        align.pop(-2)
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join(align) + "|")
    wins = {s: 0 for s in solvers}
    for i in numbers:
        name = f"Instance{i}"
        ub, lb = bounds[name]
        cells = [str(i), str(ub), str(lb)]
        scores = {}
        for s in solvers:
            rs = [r for r in rows if r["instance"] == name and r["solver"] == s]
            feas = [r for r in rs if r["feasible"]]
            cells.append(median_or_blank(r["objective"] for r in feas))
            cells.append(f"{len(feas)}/{len(rs)}")
            cells.append(median_or_blank((r["gap_best_known_pct"] for r in feas), "{:.1f}%"))
            scores[s] = score(rs)
        if "cpsat" in solvers:
            rs = [r for r in rows if r["instance"] == name and r["solver"] == "cpsat"]
            cells.append(median_or_blank(r["lower_bound"] for r in rs))
        best = min(scores.values())
        winners = [s for s in solvers if scores[s] == best]
        if len(winners) == 1 and best[0] == 0:
            wins[winners[0]] += 1
            cells.append(winners[0])
        else:
            cells.append("tie" if best[0] == 0 else "neither feasible")
        print("| " + " | ".join(cells) + " |")
    print()
    print("Instances where one solver's median is strictly better: "
          + ", ".join(f"{s} {n}" for s, n in wins.items()) + f" (of {len(numbers)}).")


if __name__ == "__main__":
    sys.exit(main())
