#!/usr/bin/env python3
"""Checks that the CP-SAT model (cpsat_curtois.py) and moc's evaluator are
the same problem: CP-SAT solves each instance, its roster goes through
`moc roster evaluate --json`, and both must report the same objective and
feasibility. Instance1 must also reach its proven optimum, 607.

    python3 crates/moc-roster/bench/check_cpsat.py --moc "$CARGO_TARGET_DIR/release/moc" \
        --data ../shared/data/curtois --instances 1-4 --time-limit 10

Exit status 0 when every instance agrees, 1 otherwise.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
KNOWN_OPTIMA = {"Instance1": 607}


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--moc", default="target/release/moc")
    p.add_argument("--data", default="../shared/data/curtois")
    p.add_argument("--instances", default="1-4", help="e.g. 1-4 or 1,3")
    p.add_argument("--time-limit", type=float, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()

    if "-" in a.instances:
        lo, hi = map(int, a.instances.split("-"))
        numbers = range(lo, hi + 1)
    else:
        numbers = [int(x) for x in a.instances.split(",")]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in numbers:
            name = f"Instance{i}"
            inst = Path(a.data) / f"{name}.txt"
            roster = Path(tmp) / f"{name}.roster"
            out = subprocess.run(
                [sys.executable, str(HERE / "cpsat_curtois.py"), str(inst),
                 "--time-limit", str(a.time_limit), "--threads", str(a.threads),
                 "--seed", str(a.seed), "--out", str(roster)],
                capture_output=True, text=True, check=True)
            cp = json.loads(out.stdout)
            if not cp["feasible"]:
                print(f"{name}: CP-SAT found no roster ({cp['status']}) - nothing to compare")
                failures += 1
                continue
            ev = json.loads(subprocess.run(
                [a.moc, "roster", "evaluate", str(inst), str(roster), "--json"],
                capture_output=True, text=True).stdout)
            ok = ev["objective"] == cp["objective"] and ev["feasible"] is True
            want = KNOWN_OPTIMA.get(name)
            if want is not None and cp["objective"] != want:
                ok = False
            print(f"{name}: CP-SAT {cp['objective']} ({cp['status']}, bound "
                  f"{cp['lower_bound']}, best at {cp['seconds_to_best']} s), "
                  f"moc roster evaluate {ev['objective']} feasible={ev['feasible']}"
                  + (f", expected optimum {want}" if want is not None else "")
                  + (" OK" if ok else " MISMATCH"))
            if not ok:
                failures += 1
                if ev.get("violations"):
                    print("  violations:", json.dumps(ev["violations"][:5]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
