//! The LP-relaxation lower bound (feature `highs`): the benchmark's model
//! as a linear programme, with every 0/1 choice relaxed to [0, 1], solved
//! by HiGHS.
//!
//! Every integer roster is a point of the relaxation with the same cost,
//! so the relaxation's optimum, rounded up (costs are whole numbers), is a
//! lower bound; usually a much closer one than [`crate::lower_bound`]'s
//! counting, because it weighs cover, requests and every staff limit
//! together.
//!
//! The formulation, for staff `e`, day `d`, shift type `k`:
//! - `x[e,d,k]` for each shift the person may work that day (not a day
//!   off, a type they may work at all); `w[e,d] = Σk x[e,d,k] ≤ 1`;
//! - per type `Σd x[e,d,k] ≤ max_shifts`; `min_minutes ≤ Σ minutes·x ≤
//!   max_minutes`;
//! - forbidden successions `x[e,d,k] + Σ_{k' after k forbidden}
//!   x[e,d+1,k'] ≤ 1` (one shift a day makes the sum a valid cut);
//! - at most `max_consecutive` working days in any `max_consecutive + 1`;
//! - a run of work (or rest) starting after day 0 lasts its minimum, or
//!   to the horizon's end (the evaluator exempts runs touching an edge):
//!   `w[d] − w[d−1] ≤ w[d+j]` and `w[d−1] − w[d] ≤ 1 − w[d+j]`;
//! - a weekend variable `y[e,week] ≥ w` of its Saturday and Sunday, and
//!   `Σ y ≤ max_weekends`;
//! - cover: `Σe x[e,d,k] + under ≥ requirement`, `Σe x[e,d,k] − over ≤
//!   requirement`, each slack priced by its weight; on-requests cost
//!   `weight · (1 − x)`, off-requests `weight · x`.
//!
//! The mechanism's extensions add only costs and rules on top of these,
//! so the bound holds for them too; they are left out of the programme.

use highs::{Col, HighsModelStatus, HighsSolutionStatus, RowProblem, Sense, SolvedModel};

use crate::model::Instance;

/// Why no LP bound came out.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LpError {
    /// HiGHS refused the programme or failed while solving it.
    #[error("HiGHS failed: {0}")]
    Solver(String),
    /// HiGHS stopped before proving the optimum (time limit, numerical
    /// trouble); its value then bounds nothing.
    #[error("HiGHS stopped without an optimum: {0}")]
    NotOptimal(String),
    /// The relaxation itself has no solution: no roster meets the hard
    /// rules.
    #[error("the hard rules admit no roster, even fractional")]
    Infeasible,
}

/// The LP-relaxation bound of `inst`, with HiGHS on one thread for at most
/// `seconds`.
///
/// # Errors
/// [`LpError`]: the bound needs HiGHS to reach a proven optimum.
pub fn lp_lower_bound(inst: &Instance, seconds: f64) -> Result<u64, LpError> {
    let programme = Programme::build(inst, &Scope::EVERYTHING);
    let constant = programme.constant;
    let solved = programme.solve(seconds, 0)?;
    match solved.status() {
        HighsModelStatus::Optimal => {}
        HighsModelStatus::Infeasible => return Err(LpError::Infeasible),
        other => return Err(LpError::NotOptimal(format!("{other:?}"))),
    }
    let value = solved.objective_value() + constant;
    // Whole-number costs: round up, less a tolerance for the solver's
    // floating point (1e-6 relative is far below one cost unit here).
    let bound = (value - 1e-6 * value.abs().max(1.0)).ceil();
    Ok(if bound > 0.0 { bound as u64 } else { 0 })
}

/// What an exact repair found: the free cells' new values.
#[derive(Debug)]
pub(crate) struct Repaired {
    /// `(staff, day, value)` for each free cell whose value changed; the
    /// value is a shift type, or the caller's day-off value.
    pub changes: Vec<(usize, usize, u8)>,
    /// The whole roster's objective as the programme prices it.
    pub objective: f64,
    /// Whether HiGHS proved the neighbourhood's optimum (not just stopped
    /// on its time limit).
    pub optimal: bool,
}

/// Re-solves the `free` cells of a roster exactly, the others kept: a
/// mixed-integer programme of the benchmark's model restricted to those
/// cells, started from the roster itself (so HiGHS begins with an
/// incumbent and only looks for better), for at most `seconds`.
///
/// `grid` holds a value per cell (staff-major, `staff · horizon + day`): a
/// shift type's index, or any value naming no type (`off`) for a day off.
/// The roster must meet every hard rule, or the start is refused and the
/// neighbourhood may have no solution. The mechanism's extensions are not
/// in the programme: the caller scores the result itself.
///
/// # Errors
/// [`LpError::Solver`] when HiGHS fails; no solution in the time is
/// `Ok(None)`.
pub(crate) fn repair(
    inst: &Instance,
    grid: &[u8],
    off: u8,
    free: &[bool],
    seconds: f64,
    seed: u64,
) -> Result<Option<Repaired>, LpError> {
    let scope = Scope {
        current: grid,
        free,
        integer: true,
    };
    let mut programme = Programme::build(inst, &scope);
    if programme.start.is_empty() {
        return Ok(None);
    }
    let constant = programme.constant;
    let x = std::mem::take(&mut programme.x);
    let solved = programme.solve(seconds, seed)?;
    let optimal = match solved.status() {
        HighsModelStatus::Optimal => true,
        HighsModelStatus::Infeasible => return Err(LpError::Infeasible),
        _ => false,
    };
    if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
        return Ok(None);
    }
    let values = solved.get_solution();
    let values = values.columns();
    let (h, n) = (inst.horizon, inst.shifts.len());
    let mut changes = Vec::new();
    for (cell, _) in free.iter().enumerate().filter(|&(_, &f)| f) {
        let chosen = (0..n)
            .find(|&k| matches!(x[cell * n + k], Term::Col(c) if values[c.index()] > 0.5))
            .map_or(off, |k| k as u8);
        let now = if usize::from(grid[cell]) < n {
            grid[cell]
        } else {
            off
        };
        if chosen != now {
            changes.push((cell / h, cell % h, chosen));
        }
    }
    Ok(Some(Repaired {
        changes,
        objective: solved.objective_value() + constant,
        optimal,
    }))
}

/// Which cells a programme decides, and the values of the others.
struct Scope<'a> {
    /// Per cell, the roster's value (see [`repair`]); empty when every
    /// cell is free.
    current: &'a [u8],
    /// Per cell, whether the programme decides it; empty: every cell.
    free: &'a [bool],
    /// Whether the cells' variables are integer (a repair) or relaxed (the
    /// bound).
    integer: bool,
}

impl Scope<'_> {
    /// The whole relaxation: the bound.
    const EVERYTHING: Scope<'static> = Scope {
        current: &[],
        free: &[],
        integer: false,
    };

    fn is_free(&self, cell: usize) -> bool {
        self.free.is_empty() || self.free[cell]
    }

    /// 1 when the roster works type `k` in `cell`, else 0 (and 0 for the
    /// bound, which has no roster).
    fn value(&self, cell: usize, k: usize) -> f64 {
        match self.current.get(cell) {
            Some(&v) if usize::from(v) == k => 1.0,
            _ => 0.0,
        }
    }
}

/// A variable of the model: a column of the programme, or a number when
/// the scope fixes it.
#[derive(Clone, Copy, Debug)]
enum Term {
    Col(Col),
    Const(f64),
}

/// A linear expression over the programme's columns.
#[derive(Clone, Default)]
struct Expr {
    terms: Vec<(Col, f64)>,
    constant: f64,
}

impl Expr {
    fn add(&mut self, t: Term, coefficient: f64) {
        match t {
            Term::Col(c) => self.terms.push((c, coefficient)),
            Term::Const(v) => self.constant += coefficient * v,
        }
    }

    fn add_expr(&mut self, other: &Expr, coefficient: f64) {
        self.terms
            .extend(other.terms.iter().map(|&(c, a)| (c, a * coefficient)));
        self.constant += other.constant * coefficient;
    }
}

/// The benchmark's model as a linear programme over a [`Scope`].
///
/// The objective is the roster's cost less `constant` (the on-requests'
/// weights, paid back by their `x`, and whatever fixed cells and rules
/// with no free variable cost), so that `objective + constant` is the
/// whole roster's objective.
struct Programme {
    pb: RowProblem,
    /// `x[cell · types + k]`.
    x: Vec<Term>,
    /// Each column's value in the scope's roster: the MIP start.
    start: Vec<f64>,
    constant: f64,
    /// Whether the cells are integer: then [`Programme::start`] is the
    /// MIP start.
    integer: bool,
}

impl Programme {
    fn column(&mut self, cost: f64, upper: f64, integer: bool, start: f64) -> Col {
        self.start.push(start);
        if upper.is_finite() {
            self.pb
                .add_column_with_integrality(cost, 0.0..=upper, integer)
        } else {
            self.pb.add_column_with_integrality(cost, 0.0.., integer)
        }
    }

    /// `e` at the scope's roster.
    fn at_start(&self, e: &Expr) -> f64 {
        e.constant
            + e.terms
                .iter()
                .map(|&(c, a)| a * self.start[c.index()])
                .sum::<f64>()
    }

    /// `low ≤ e ≤ high`, unless no free variable is in it (the scope's
    /// roster then decides it, and a repair never changes it).
    fn row(&mut self, low: f64, high: f64, e: &Expr) {
        if !e.terms.is_empty() {
            self.pb
                .add_row((low - e.constant)..=(high - e.constant), &e.terms);
        }
    }

    fn build(inst: &Instance, scope: &Scope<'_>) -> Programme {
        let (m, h, n) = (inst.staff.len(), inst.horizon, inst.shifts.len());
        let mut p = Programme {
            pb: RowProblem::default(),
            x: Vec::with_capacity(m * h * n),
            start: Vec::new(),
            constant: 0.0,
            integer: scope.integer,
        };
        let mut cost = vec![0.0f64; m * h * n];
        for r in &inst.on_requests {
            cost[(r.staff * h + r.day) * n + r.shift] -= f64::from(r.weight);
            p.constant += f64::from(r.weight);
        }
        for r in &inst.off_requests {
            cost[(r.staff * h + r.day) * n + r.shift] += f64::from(r.weight);
        }
        // x[e,d,k]: a column where the cell is free and the person may
        // work that shift; 0 where free but not allowed; the roster's
        // value where fixed.
        let mut staff_free = vec![false; m];
        for (e, staff) in inst.staff.iter().enumerate() {
            for d in 0..h {
                let cell = e * h + d;
                let free = scope.is_free(cell);
                staff_free[e] |= free;
                let day_off = staff.days_off.binary_search(&d).is_ok();
                for k in 0..n {
                    let i = cell * n + k;
                    let v = scope.value(cell, k);
                    let term = if !free {
                        Term::Const(v)
                    } else if day_off || staff.max_shifts[k] == 0 {
                        Term::Const(0.0)
                    } else {
                        Term::Col(p.column(cost[i], 1.0, scope.integer, v))
                    };
                    if let Term::Const(v) = term {
                        p.constant += cost[i] * v;
                    }
                    p.x.push(term);
                }
            }
        }
        // The rows read x while adding columns: take it out meanwhile.
        let x = std::mem::take(&mut p.x);
        for (e, staff) in inst.staff.iter().enumerate() {
            if !staff_free[e] {
                continue;
            }
            let xs = |d: usize, k: usize| x[(e * h + d) * n + k];
            // w[d]: one shift a day at most.
            let days: Vec<Expr> = (0..h)
                .map(|d| {
                    let mut w = Expr::default();
                    for k in 0..n {
                        w.add(xs(d, k), 1.0);
                    }
                    w
                })
                .collect();
            for w in &days {
                p.row(f64::NEG_INFINITY, 1.0, w);
            }
            for k in 0..n {
                if (staff.max_shifts[k] as usize) < h {
                    let mut count = Expr::default();
                    for d in 0..h {
                        count.add(xs(d, k), 1.0);
                    }
                    p.row(f64::NEG_INFINITY, f64::from(staff.max_shifts[k]), &count);
                }
            }
            let mut minutes = Expr::default();
            for d in 0..h {
                for (k, shift) in inst.shifts.iter().enumerate() {
                    minutes.add(xs(d, k), f64::from(shift.minutes));
                }
            }
            p.row(
                f64::from(staff.min_minutes),
                f64::from(staff.max_minutes),
                &minutes,
            );
            for d in 0..h.saturating_sub(1) {
                for (k, shift) in inst.shifts.iter().enumerate() {
                    if shift.forbidden_next.is_empty() {
                        continue;
                    }
                    let mut pair = Expr::default();
                    pair.add(xs(d, k), 1.0);
                    for &k2 in &shift.forbidden_next {
                        pair.add(xs(d + 1, k2), 1.0);
                    }
                    p.row(f64::NEG_INFINITY, 1.0, &pair);
                }
            }
            let c = staff.max_consecutive as usize;
            if c < h {
                for s in 0..h - c {
                    let mut run = Expr::default();
                    for w in &days[s..=s + c] {
                        run.add_expr(w, 1.0);
                    }
                    p.row(f64::NEG_INFINITY, c as f64, &run);
                }
            }
            // Runs starting on day d ≥ 1 last their minimum or reach the end.
            for d in 1..h {
                for j in 1..(staff.min_consecutive as usize) {
                    if d + j >= h {
                        break;
                    }
                    // w[d] − w[d−1] − w[d+j] ≤ 0
                    let mut r = days[d].clone();
                    r.add_expr(&days[d - 1], -1.0);
                    r.add_expr(&days[d + j], -1.0);
                    p.row(f64::NEG_INFINITY, 0.0, &r);
                }
                for j in 1..(staff.min_days_off as usize) {
                    if d + j >= h {
                        break;
                    }
                    // w[d−1] − w[d] + w[d+j] ≤ 1
                    let mut r = days[d - 1].clone();
                    r.add_expr(&days[d], -1.0);
                    r.add_expr(&days[d + j], 1.0);
                    p.row(f64::NEG_INFINITY, 1.0, &r);
                }
            }
            let weeks = h.div_ceil(7);
            if (staff.max_weekends as usize) < weeks {
                let mut total = Expr::default();
                for week in 0..weeks {
                    let weekend: Vec<&Expr> = (7 * week + 5..7 * week + 7)
                        .filter(|&d| d < h)
                        .map(|d| &days[d])
                        .collect();
                    let worked = weekend.iter().map(|w| p.at_start(w)).fold(0.0, f64::max);
                    if weekend.iter().all(|w| w.terms.is_empty()) {
                        total.add(Term::Const(worked), 1.0);
                        continue;
                    }
                    // y ≥ w[d] for the weekend's days.
                    let y = p.column(0.0, 1.0, false, worked);
                    for w in weekend {
                        let mut r = w.clone();
                        r.add(Term::Col(y), -1.0);
                        p.row(f64::NEG_INFINITY, 0.0, &r);
                    }
                    total.add(Term::Col(y), 1.0);
                }
                p.row(f64::NEG_INFINITY, f64::from(staff.max_weekends), &total);
            }
        }
        // Every day: one with no free cell still costs its cover, a constant.
        for d in 0..h {
            for k in 0..n {
                let cover = inst.cover(d, k);
                let mut people = Expr::default();
                for e in 0..m {
                    people.add(x[(e * h + d) * n + k], 1.0);
                }
                let want = f64::from(cover.requirement);
                let (under_w, over_w) =
                    (f64::from(cover.under_weight), f64::from(cover.over_weight));
                let count = p.at_start(&people);
                if people.terms.is_empty() {
                    p.constant +=
                        under_w * (want - count).max(0.0) + over_w * (count - want).max(0.0);
                    continue;
                }
                if cover.requirement > 0 {
                    let under = p.column(under_w, f64::INFINITY, false, (want - count).max(0.0));
                    let mut r = people.clone();
                    r.add(Term::Col(under), 1.0);
                    p.row(want, f64::INFINITY, &r);
                }
                if cover.over_weight > 0 {
                    let over = p.column(over_w, f64::INFINITY, false, (count - want).max(0.0));
                    let mut r = people;
                    r.add(Term::Col(over), -1.0);
                    p.row(f64::NEG_INFINITY, want, &r);
                }
            }
        }
        p.x = x;
        p
    }

    /// Minimises with HiGHS (quiet, as the crate sets it) on one thread, for at most `seconds`,
    /// from the scope's roster when the programme is integer.
    fn solve(self, seconds: f64, seed: u64) -> Result<SolvedModel, LpError> {
        let start = if self.integer { self.start } else { Vec::new() };
        let mut model = self
            .pb
            .try_optimise(Sense::Minimise)
            .map_err(|s| LpError::Solver(format!("{s:?}")))?;
        let option = |name: &str| LpError::Solver(format!("option {name}"));
        model
            .try_set_option("time_limit", seconds.max(0.01))
            .map_err(|_| option("time_limit"))?;
        model
            .try_set_option("threads", 1)
            .map_err(|_| option("threads"))?;
        model
            .try_set_option("random_seed", (seed % (i32::MAX as u64)) as i32)
            .map_err(|_| option("random_seed"))?;
        if !start.is_empty() {
            // A start that breaks a row is ignored by HiGHS, not an error.
            let _ = model.try_set_solution(Some(&start), None, None, None);
        }
        model
            .try_solve()
            .map_err(|s| LpError::Solver(format!("{s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_instance;

    /// Two staff, two days, one type: the exact optimum is known by hand,
    /// and the relaxation cannot go below the simple bound.
    #[test]
    fn bounds_a_tiny_instance_exactly() {
        let inst = parse_instance(
            "SECTION_HORIZON\n2\nSECTION_SHIFTS\nD,480,\n\
             SECTION_STAFF\nA,D=2,9999,0,9,0,0,9\nB,D=2,9999,0,9,0,0,9\n\
             SECTION_DAYS_OFF\nB,1\nSECTION_SHIFT_ON_REQUESTS\nA,0,D,3\n\
             SECTION_SHIFT_OFF_REQUESTS\nA,1,D,5\n\
             SECTION_COVER\n0,D,1,10,1\n1,D,2,7,1\n",
        )
        .unwrap();
        // Day 0: A works (meets the request), B rests: 0. Day 1: B is off;
        // A works (off-request 5, one missing 7) or rests (two missing
        // 14): 12. Fractions do no better: 5x + 7(2 − x) is least at x = 1.
        let lp = lp_lower_bound(&inst, 10.0).unwrap();
        assert_eq!(lp, 12);
        assert!(crate::lower_bound(&inst) <= lp);
    }

    /// One person, a week, one one-hour type, cover of one every day at 10
    /// a missing person: each staff rule the programme carries raises the
    /// bound by what it forbids.
    #[test]
    fn every_staff_limit_binds() {
        let bound = |staff: &str| {
            let text = format!(
                "SECTION_HORIZON\n7\nSECTION_SHIFTS\nD,60,\n\
                 SECTION_STAFF\n{staff}\nSECTION_DAYS_OFF\n\
                 SECTION_SHIFT_ON_REQUESTS\nSECTION_SHIFT_OFF_REQUESTS\n\
                 SECTION_COVER\n0,D,1,10,1\n1,D,1,10,1\n2,D,1,10,1\n3,D,1,10,1\n\
                 4,D,1,10,1\n5,D,1,10,1\n6,D,1,10,1\n"
            );
            lp_lower_bound(&parse_instance(&text).unwrap(), 10.0).unwrap()
        };
        // id, max shifts, max minutes, min minutes, max in a row, min in
        // a row, min days off, max weekends.
        assert_eq!(bound("A,D=7,9999,0,9,0,0,9"), 0);
        assert_eq!(bound("A,D=6,9999,0,9,0,0,9"), 10);
        assert_eq!(bound("A,D=7,300,0,9,0,0,9"), 20);
        // Two in a row at most: any three days hold two shifts, so days
        // 0–2 and 3–5 hold four and day 6 one: two missing.
        assert_eq!(bound("A,D=7,9999,0,2,0,0,9"), 20);
        // No weekend: Saturday and Sunday (days 5 and 6) missing.
        assert_eq!(bound("A,D=7,9999,0,9,0,0,0"), 20);
    }

    /// Three days, one person; the minimum runs of work and of rest are
    /// the rules a fractional roster slips through most easily: each case
    /// is priced only because its cut is in the programme.
    #[test]
    fn minimum_runs_bind() {
        let bound = |staff: &str, cover: &str| {
            let text = format!(
                "SECTION_HORIZON\n3\nSECTION_SHIFTS\nD,60,\n\
                 SECTION_STAFF\n{staff}\nSECTION_DAYS_OFF\n\
                 SECTION_SHIFT_ON_REQUESTS\nSECTION_SHIFT_OFF_REQUESTS\n\
                 SECTION_COVER\n{cover}"
            );
            lp_lower_bound(&parse_instance(&text).unwrap(), 10.0).unwrap()
        };
        // Wanted on days 0 and 2, not on day 1 (5 per extra person). With
        // two days' rest inside the horizon, 1 0 1 is not allowed: work
        // day 1 too (5) or leave a day uncovered (10).
        let ends = "0,D,1,10,1\n1,D,0,10,5\n2,D,1,10,1\n";
        assert_eq!(bound("A,D=3,9999,0,9,0,0,9", ends), 0);
        assert_eq!(bound("A,D=3,9999,0,9,0,2,9", ends), 5);
        // Wanted on day 1 only (3 per extra person). With two days' work
        // at least, 0 1 0 is not allowed: work day 0 or 2 too (3).
        let middle = "0,D,0,10,3\n1,D,1,10,1\n2,D,0,10,3\n";
        assert_eq!(bound("A,D=3,9999,0,9,0,0,9", middle), 0);
        assert_eq!(bound("A,D=3,9999,0,9,2,0,9", middle), 3);
    }
}
