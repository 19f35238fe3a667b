#!/usr/bin/env python3
"""OR-Tools CP-SAT model of a Curtois & Qu shift-scheduling instance.

The same problem as `moc roster solve` / `moc roster evaluate`
(crates/moc-roster/src/evaluate.rs), so that the two objectives compare:

    python3 crates/moc-roster/bench/cpsat_curtois.py ../shared/data/curtois/Instance1.txt \
        --time-limit 10 --threads 2 --seed 1 --out /tmp/i1.roster

prints one JSON line

    {"instance", "objective", "feasible", "seconds_to_best", "lower_bound",
     "status", "build_seconds"}

`objective` is the best roster's cost (null when CP-SAT found none),
`lower_bound` CP-SAT's best objective bound (rounded up: objectives are
integers), `status` CP-SAT's final status, `build_seconds` the time to
import OR-Tools, read the file and build the model in Python (about 0.6 s
on small instances, 10-15 s on Instance24's 1M Booleans). By default
CP-SAT's search gets the whole `--time-limit` (`max_time_in_seconds`)
and `seconds_to_best` counts from the start of the search, i.e. building
is not charged to CP-SAT: the generous reading of "same time" for the
competitor. `--wall-clock` charges it instead (the search gets what is
left of the limit and `seconds_to_best` counts from the start of the
script).

`--out FILE` writes the roster in moc's text form (roster.rs): one line
per staff member, the id then one tab-separated cell per day, empty for a
day off. `moc roster evaluate INSTANCE FILE --json` must then report the
same objective; `check_cpsat.py` does that on Instances 1-4.

Rules (official definitions, as in evaluate.rs):
- hard: at most one shift a day; forbidden successions (shift a on day d,
  a shift it forbids on day d+1); at most max_shifts[k] shifts of type k
  (a type the staff line does not list: the horizon); total minutes in
  [min, max]; every working run at most max_consecutive days; every
  working run at least min_consecutive days and every run of days off at
  least min_days_off days, except a run touching day 0 or day h-1; at
  most max_weekends weekends worked (Saturday or Sunday of a calendar
  week, day 0 a Monday); no work on a day off;
- objective: weight of each on-request (staff, day, shift) not worked, of
  each off-request worked, and per (day, shift) under_weight x missing
  staff + over_weight x staff in excess.

The minimum-run rules use the standard forbidden-sequence clauses (as in
OR-Tools' shift_scheduling_sat example): for each run length L < min and
each start s with 1 <= s and s + L <= h - 1, forbid "off, L days worked,
off" (and the mirror for days off), so a run at an edge is never
constrained.
"""

import time

START = time.monotonic()  # build_seconds (and, with --wall-clock, everything) counts from here

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from ortools.sat.python import cp_model  # noqa: E402

SECTIONS = (
    "SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER",
)


@dataclass
class Staff:
    id: str
    max_shifts: list
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int
    days_off: set = field(default_factory=set)


@dataclass
class Instance:
    name: str
    horizon: int
    shift_ids: list
    minutes: list
    forbidden_next: list  # per shift type: list of type indexes
    staff: list
    on_requests: list  # (staff, day, shift, weight)
    off_requests: list
    cover: dict  # (day, shift) -> (requirement, under weight, over weight)


def _int(text, what):
    v = int(text)  # "-0" (Instance15) reads as 0
    if v < 0:
        raise ValueError(f"{what}: negative value {text!r}")
    return v


def read_instance(path):
    """Reads the Curtois text format with the same rules as reader.rs."""
    sections = {}
    current = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("SECTION_"):
                if line not in SECTIONS:
                    raise ValueError(f"unknown section {line}")
                current = sections.setdefault(line, [])
                continue
            if current is None:
                raise ValueError(f"data outside any section: {line!r}")
            current.append([x.strip() for x in line.split(",")])
    for s in SECTIONS:
        if s not in sections:
            raise ValueError(f"missing section {s}")

    horizon = _int(sections["SECTION_HORIZON"][0][0], "horizon")
    shift_ids, minutes, succ_text = [], [], []
    for f in sections["SECTION_SHIFTS"]:
        shift_ids.append(f[0])
        minutes.append(_int(f[1], "shift minutes"))
        succ_text.append(f[2] if len(f) > 2 else "")
    sidx = {s: i for i, s in enumerate(shift_ids)}
    forbidden_next = [
        sorted({sidx[x.strip()] for x in t.split("|") if x.strip()}) for t in succ_text
    ]

    staff = []
    for f in sections["SECTION_STAFF"]:
        max_shifts = [horizon] * len(shift_ids)
        for item in f[1].split("|"):
            item = item.strip()
            if not item:
                continue
            k, n = item.split("=")
            max_shifts[sidx[k.strip()]] = _int(n.strip(), "max shifts")
        staff.append(Staff(
            id=f[0], max_shifts=max_shifts,
            max_minutes=_int(f[2], "max minutes"), min_minutes=_int(f[3], "min minutes"),
            max_consecutive=_int(f[4], "max consecutive"),
            min_consecutive=_int(f[5], "min consecutive"),
            min_days_off=_int(f[6], "min days off"), max_weekends=_int(f[7], "max weekends"),
        ))
    eidx = {s.id: i for i, s in enumerate(staff)}
    for f in sections["SECTION_DAYS_OFF"]:
        for d in f[1:]:
            if d:
                staff[eidx[f[0]]].days_off.add(_int(d, "day"))

    def requests(rows):
        return [(eidx[f[0]], _int(f[1], "day"), sidx[f[2]], _int(f[3], "weight")) for f in rows]

    cover = {}
    for f in sections["SECTION_COVER"]:
        key = (_int(f[0], "day"), sidx[f[1]])
        if key in cover:
            raise ValueError(f"duplicate cover {f}")
        cover[key] = (_int(f[2], "requirement"), _int(f[3], "under weight"),
                      _int(f[4], "over weight"))
    return Instance(
        name=Path(path).stem, horizon=horizon, shift_ids=shift_ids, minutes=minutes,
        forbidden_next=forbidden_next, staff=staff,
        on_requests=requests(sections["SECTION_SHIFT_ON_REQUESTS"]),
        off_requests=requests(sections["SECTION_SHIFT_OFF_REQUESTS"]),
        cover=cover,
    )


class Model:
    """The CP-SAT model: x[e][d][k] literals (None where fixed to 0)."""

    def __init__(self, inst):
        self.inst = inst
        m = self.m = cp_model.CpModel()
        h, nk = inst.horizon, len(inst.shift_ids)
        E = range(len(inst.staff))
        self.x = x = [[[None] * nk for _ in range(h)] for _ in E]
        self.w = w = [[None] * h for _ in E]  # None: never works that day

        for e, s in enumerate(inst.staff):
            for d in range(h):
                if d in s.days_off:
                    continue
                for k in range(nk):
                    if s.max_shifts[k] > 0:
                        x[e][d][k] = m.new_bool_var("")
                lits = [v for v in x[e][d] if v is not None]
                if len(lits) == 1:
                    w[e][d] = lits[0]
                elif lits:
                    w[e][d] = m.new_bool_var("")
                    # w = sum_k x: at most one shift a day, w true iff one is worked.
                    m.add_exactly_one(lits + [w[e][d].Not()])

        groups = {}
        for a, nxt in enumerate(inst.forbidden_next):
            if nxt:
                groups.setdefault(tuple(nxt), []).append(a)
        self.succession_groups = [(g, list(nxt)) for nxt, g in groups.items()]
        for e, s in enumerate(inst.staff):
            self._staff_rules(e, s)
        self._objective()

    def _clause(self, pos, neg):
        """OR(pos) OR OR(not neg); None literals are constant false."""
        if any(v is None for v in neg):
            return  # a negated false literal: clause satisfied
        lits = [v for v in pos if v is not None] + [v.Not() for v in neg]
        self.m.add_bool_or(lits)

    def _staff_rules(self, e, s):
        inst, m = self.inst, self.m
        h, nk = inst.horizon, len(inst.shift_ids)
        x, w = self.x[e], self.w[e]

        # Forbidden successions. Shifts a with the same forbidden set B share
        # one constraint per day: at most one of {x[d][a] : a} + {x[d+1][b] : b in B}
        # (equivalent, since each day holds at most one shift).
        for group, nxt in self.succession_groups:
            for d in range(h - 1):
                lits = [x[d][a] for a in group if x[d][a] is not None]
                if lits:
                    lits += [x[d + 1][b] for b in nxt if x[d + 1][b] is not None]
                    if len(lits) > 1:
                        m.add_at_most_one(lits)

        # Max shifts per type.
        for k in range(nk):
            lits = [x[d][k] for d in range(h) if x[d][k] is not None]
            if len(lits) > s.max_shifts[k]:
                m.add(cp_model.LinearExpr.sum(lits) <= s.max_shifts[k])

        # Min / max total minutes.
        terms = [(inst.minutes[k], x[d][k]) for d in range(h) for k in range(nk)
                 if x[d][k] is not None]
        total = cp_model.LinearExpr.weighted_sum([v for _, v in terms], [c for c, _ in terms])
        if s.min_minutes > 0:
            m.add(total >= s.min_minutes)
        if sum(c for c, _ in terms) > s.max_minutes:
            m.add(total <= s.max_minutes)

        # Max consecutive shifts: every window of max+1 days has a day off.
        mc = s.max_consecutive
        if mc < h:
            for start in range(h - mc):
                window = w[start:start + mc + 1]
                if all(v is not None for v in window):
                    m.add_bool_or([v.Not() for v in window])

        # Min consecutive shifts and days off, edge runs exempt.
        for length in range(1, s.min_consecutive):
            for start in range(1, h - length):
                # forbid: off at start-1, worked start..start+length-1, off at start+length
                self._clause([w[start - 1], w[start + length]], w[start:start + length])
        for length in range(1, s.min_days_off):
            for start in range(1, h - length):
                # forbid: worked at start-1, off start..start+length-1, worked at start+length
                self._clause(w[start:start + length], [w[start - 1], w[start + length]])

        # Max weekends (Saturday 7i+5, Sunday 7i+6).
        weeks = []
        for i in range((h + 6) // 7):
            days = [w[d] for d in (7 * i + 5, 7 * i + 6) if d < h and w[d] is not None]
            if days:
                weeks.append(days)
        if len(weeks) > s.max_weekends:
            ys = []
            for days in weeks:
                if len(days) == 1:
                    ys.append(days[0])
                else:
                    y = m.new_bool_var("")
                    for v in days:
                        m.add_implication(v, y)
                    ys.append(y)
            m.add(cp_model.LinearExpr.sum(ys) <= s.max_weekends)

    def _objective(self):
        inst, m, x = self.inst, self.m, self.x
        h, nk = inst.horizon, len(inst.shift_ids)
        constant = 0
        coef = {}  # literal index -> (literal, weight)

        def add(v, c):
            key = v.Index()
            old = coef.get(key, (v, 0))[1]
            coef[key] = (v, old + c)

        for e, d, k, wt in inst.on_requests:
            constant += wt
            if x[e][d][k] is not None:
                add(x[e][d][k], -wt)
        for e, d, k, wt in inst.off_requests:
            if x[e][d][k] is not None:
                add(x[e][d][k], wt)
        tv = [v for v, c in coef.values() if c != 0]
        tc = [c for v, c in coef.values() if c != 0]
        n_staff = len(inst.staff)
        for d in range(h):
            for k in range(nk):
                req, uw, ow = inst.cover.get((d, k), (0, 0, 0))
                lits = [x[e][d][k] for e in range(n_staff) if x[e][d][k] is not None]
                # under = max(0, req - n) and over = max(0, n - req), exactly: a
                # mere "under >= req - n" would let a non-optimal solution carry
                # slack, and its reported objective would exceed the roster's cost.
                need_under = uw > 0 and req > 0
                need_over = ow > 0 and len(lits) > req
                if not (need_under or need_over):
                    continue
                if not lits:
                    constant += uw * req
                    continue
                under = m.new_int_var(0, req, "")
                over = m.new_int_var(0, max(0, len(lits) - req), "")
                m.add(cp_model.LinearExpr.sum(lits) + under - over == req)
                if req > 0 and len(lits) > req:
                    short = m.new_bool_var("")
                    m.add(over == 0).only_enforce_if(short)
                    m.add(under == 0).only_enforce_if(short.Not())
                if need_under:
                    tv.append(under)
                    tc.append(uw)
                if need_over:
                    tv.append(over)
                    tc.append(ow)
        self.constant = constant
        m.minimize(cp_model.LinearExpr.weighted_sum(tv, tc) + constant)

    def roster(self, value):
        """Rows of cells (shift id or "") from a literal -> bool function."""
        inst = self.inst
        rows = []
        for e, s in enumerate(inst.staff):
            row = []
            for d in range(inst.horizon):
                cell = [inst.shift_ids[k] for k, v in enumerate(self.x[e][d])
                        if v is not None and value(v)]
                row.append("|".join(cell))
            rows.append((s.id, row))
        return rows


def roster_text(rows):
    return "".join(sid + "".join("\t" + c for c in row) + "\n" for sid, row in rows)


class Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, origin, verbose):
        super().__init__()
        self.origin = origin
        self.best = None
        self.seconds_to_best = None
        self.verbose = verbose

    def on_solution_callback(self):
        obj = round(self.objective_value)
        if self.best is None or obj < self.best:
            self.best = obj
            self.seconds_to_best = time.monotonic() - self.origin
            if self.verbose:
                print(f"{self.seconds_to_best:8.2f}s  {obj}  bound "
                      f"{self.best_objective_bound:.0f}", file=sys.stderr)


def solve(path, time_limit, threads, seed, out=None, verbose=False, wall_clock=False):
    inst = read_instance(path)
    model = Model(inst)
    build = time.monotonic() - START
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = max(0.1, time_limit - build) if wall_clock else time_limit
    p.num_workers = threads
    p.random_seed = seed
    p.log_search_progress = False
    cb = Progress(START if wall_clock else time.monotonic(), verbose)
    status = solver.solve(model.m, cb)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    result = {
        "instance": inst.name,
        "objective": round(solver.objective_value) if found else None,
        "feasible": bool(found),
        "seconds_to_best": round(cb.seconds_to_best, 3) if found else None,
        "lower_bound": math.ceil(solver.best_objective_bound - 1e-6)
        if status != cp_model.INFEASIBLE and status != cp_model.MODEL_INVALID else None,
        "status": solver.status_name(status),
        "build_seconds": round(build, 3),
    }
    if found and out:
        Path(out).write_text(roster_text(model.roster(solver.boolean_value)))
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("instance")
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", help="write the best roster here (moc text form)")
    ap.add_argument("--json", action="store_true",
                    help="accepted for symmetry with moc; the output is always JSON")
    ap.add_argument("--verbose", action="store_true", help="progress on stderr")
    ap.add_argument("--wall-clock", action="store_true",
                    help="charge import, reading and model building to the time limit")
    a = ap.parse_args()
    r = solve(a.instance, a.time_limit, a.threads, a.seed, a.out, a.verbose, a.wall_clock)
    print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
