//! The independent evaluator: every hard rule checked, the objective
//! computed, on a code path that shares nothing with the solver's
//! incremental scoring.
//!
//! It is written to be obviously right rather than fast: plain loops over
//! the whole roster, one rule at a time, in the order of the benchmark's
//! definition (Curtois & Qu, schedulingbenchmarks.org):
//!
//! - Hard: at most one shift a day; no forbidden succession (shift on day
//!   d, then a shift it forbids on day d+1); at most `max_shifts` of each
//!   type; total minutes within `[min_minutes, max_minutes]`; every run of
//!   consecutive working days at most `max_consecutive` long and at least
//!   `min_consecutive` long; every run of days off at least `min_days_off`
//!   long; at most `max_weekends` weekends worked (Saturday or Sunday; day
//!   0 is a Monday); no work on a day off.
//! - The minimum-run rules do not apply to a run that touches the first or
//!   the last day of the horizon: the benchmark's model writes them only
//!   for windows with a day on each side inside the horizon (a run is
//!   assumed to continue beyond the edge). The published optima (e.g. 607
//!   for Instance1) are reached under this reading.
//! - Objective: the weight of each on-request whose shift is not worked
//!   that day, of each off-request whose shift is worked, plus per
//!   (day, shift) the under-cover weight times the staff missing and the
//!   over-cover weight times the staff in excess.

use serde::Serialize;

use crate::model::Instance;
use crate::roster::Roster;

/// What the evaluator found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// Total weighted cost (lower is better).
    pub objective: u64,
    /// Whether no hard rule is broken.
    pub feasible: bool,
    /// The objective split by term.
    pub costs: Costs,
    /// Every broken hard rule, one entry per occurrence.
    pub violations: Vec<Violation>,
}

/// The objective split by term.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Costs {
    /// Unmet on-requests.
    pub on_requests: u64,
    /// Unmet off-requests.
    pub off_requests: u64,
    /// Staff missing on shifts.
    pub under_cover: u64,
    /// Staff in excess on shifts.
    pub over_cover: u64,
}

/// One broken hard rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The rule.
    pub kind: ViolationKind,
    /// The staff member's id.
    pub staff: String,
    /// The day where it happens (first day of the run for run rules).
    pub day: Option<usize>,
    /// How far off: extra shifts, minutes, days or weekends, by kind.
    pub amount: u64,
}

/// The hard rules, one variant each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ViolationKind {
    /// More than one shift on a day (amount: extra shifts).
    OneShiftPerDay,
    /// A shift followed the next day by a shift it forbids (amount: 1).
    ForbiddenSuccession,
    /// More shifts of one type than allowed (amount: extra shifts).
    MaxShifts,
    /// More minutes than allowed (amount: minutes).
    MaxMinutes,
    /// Fewer minutes than required (amount: minutes).
    MinMinutes,
    /// A working run too long (amount: extra days).
    MaxConsecutive,
    /// A working run too short (amount: missing days).
    MinConsecutive,
    /// A run of days off too short (amount: missing days).
    MinDaysOff,
    /// More weekends worked than allowed (amount: extra weekends).
    MaxWeekends,
    /// Work on a day off (amount: shifts worked).
    DayOff,
}

impl ViolationKind {
    /// Every kind, in the order above.
    pub const ALL: [ViolationKind; 10] = [
        ViolationKind::OneShiftPerDay,
        ViolationKind::ForbiddenSuccession,
        ViolationKind::MaxShifts,
        ViolationKind::MaxMinutes,
        ViolationKind::MinMinutes,
        ViolationKind::MaxConsecutive,
        ViolationKind::MinConsecutive,
        ViolationKind::MinDaysOff,
        ViolationKind::MaxWeekends,
        ViolationKind::DayOff,
    ];

    /// The snake_case name used in JSON and messages.
    pub fn name(self) -> &'static str {
        match self {
            ViolationKind::OneShiftPerDay => "one_shift_per_day",
            ViolationKind::ForbiddenSuccession => "forbidden_succession",
            ViolationKind::MaxShifts => "max_shifts",
            ViolationKind::MaxMinutes => "max_minutes",
            ViolationKind::MinMinutes => "min_minutes",
            ViolationKind::MaxConsecutive => "max_consecutive",
            ViolationKind::MinConsecutive => "min_consecutive",
            ViolationKind::MinDaysOff => "min_days_off",
            ViolationKind::MaxWeekends => "max_weekends",
            ViolationKind::DayOff => "day_off",
        }
    }
}

/// Checks every hard rule and computes the objective of `roster`.
///
/// # Panics
/// If `roster` does not have one row per staff member and one cell per day,
/// or names a shift index out of range (a [`Roster`] read with
/// [`Roster::parse`] never does).
pub fn evaluate(inst: &Instance, roster: &Roster) -> Evaluation {
    assert_eq!(roster.cells.len(), inst.staff.len(), "one row per staff");
    let mut violations = Vec::new();
    for (e, staff) in inst.staff.iter().enumerate() {
        let row = &roster.cells[e];
        assert_eq!(row.len(), inst.horizon, "one cell per day");
        let mut push = |kind, day, amount: u64| {
            violations.push(Violation {
                kind,
                staff: staff.id.clone(),
                day,
                amount,
            });
        };
        let works = |d: usize| !row[d].is_empty();

        for (d, cell) in row.iter().enumerate() {
            if cell.len() > 1 {
                push(
                    ViolationKind::OneShiftPerDay,
                    Some(d),
                    cell.len() as u64 - 1,
                );
            }
        }
        for d in 1..inst.horizon {
            for &a in &row[d - 1] {
                for &b in &row[d] {
                    if inst.shifts[a].forbidden_next.contains(&b) {
                        push(ViolationKind::ForbiddenSuccession, Some(d - 1), 1);
                    }
                }
            }
        }
        for (k, &max) in staff.max_shifts.iter().enumerate() {
            let n = row.iter().filter(|c| c.contains(&k)).count() as u64;
            if n > u64::from(max) {
                push(ViolationKind::MaxShifts, None, n - u64::from(max));
            }
        }
        let minutes: u64 = row
            .iter()
            .flatten()
            .map(|&k| u64::from(inst.shifts[k].minutes))
            .sum();
        if minutes > u64::from(staff.max_minutes) {
            push(
                ViolationKind::MaxMinutes,
                None,
                minutes - u64::from(staff.max_minutes),
            );
        }
        if minutes < u64::from(staff.min_minutes) {
            push(
                ViolationKind::MinMinutes,
                None,
                u64::from(staff.min_minutes) - minutes,
            );
        }
        // Maximal runs of equal working status.
        let mut start = 0;
        while start < inst.horizon {
            let working = works(start);
            let mut end = start;
            while end + 1 < inst.horizon && works(end + 1) == working {
                end += 1;
            }
            let len = (end - start + 1) as u64;
            let inside = start > 0 && end + 1 < inst.horizon;
            if working {
                if len > u64::from(staff.max_consecutive) {
                    push(
                        ViolationKind::MaxConsecutive,
                        Some(start),
                        len - u64::from(staff.max_consecutive),
                    );
                }
                if inside && len < u64::from(staff.min_consecutive) {
                    push(
                        ViolationKind::MinConsecutive,
                        Some(start),
                        u64::from(staff.min_consecutive) - len,
                    );
                }
            } else if inside && len < u64::from(staff.min_days_off) {
                push(
                    ViolationKind::MinDaysOff,
                    Some(start),
                    u64::from(staff.min_days_off) - len,
                );
            }
            start = end + 1;
        }
        let weekends = (0..inst.horizon.div_ceil(7))
            .filter(|w| (7 * w + 5..7 * w + 7).any(|d| d < inst.horizon && works(d)))
            .count() as u64;
        if weekends > u64::from(staff.max_weekends) {
            push(
                ViolationKind::MaxWeekends,
                None,
                weekends - u64::from(staff.max_weekends),
            );
        }
        for &d in &staff.days_off {
            if works(d) {
                push(ViolationKind::DayOff, Some(d), row[d].len() as u64);
            }
        }
    }

    let mut costs = Costs::default();
    for r in &inst.on_requests {
        if !roster.cells[r.staff][r.day].contains(&r.shift) {
            costs.on_requests += u64::from(r.weight);
        }
    }
    for r in &inst.off_requests {
        if roster.cells[r.staff][r.day].contains(&r.shift) {
            costs.off_requests += u64::from(r.weight);
        }
    }
    for d in 0..inst.horizon {
        for k in 0..inst.shifts.len() {
            let c = inst.cover(d, k);
            let n = roster
                .cells
                .iter()
                .filter(|row| row[d].contains(&k))
                .count() as u64;
            let want = u64::from(c.requirement);
            if n < want {
                costs.under_cover += (want - n) * u64::from(c.under_weight);
            } else {
                costs.over_cover += (n - want) * u64::from(c.over_weight);
            }
        }
    }
    Evaluation {
        objective: costs.on_requests + costs.off_requests + costs.under_cover + costs.over_cover,
        feasible: violations.is_empty(),
        costs,
        violations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_instance;

    /// A 14-day instance with two shifts (D, N; N may not be followed by D)
    /// and two staff: `A` with the limits of `a_limits`, `B` unconstrained.
    fn instance(a_limits: &str, days_off: &str) -> Instance {
        let text = format!(
            "SECTION_HORIZON\n14\nSECTION_SHIFTS\nD,480,\nN,600,D\n\
             SECTION_STAFF\nA,{a_limits}\nB,D=14|N=14,99999,0,14,1,1,2\n\
             SECTION_DAYS_OFF\n{days_off}\nSECTION_SHIFT_ON_REQUESTS\nA,0,D,2\n\
             SECTION_SHIFT_OFF_REQUESTS\nA,1,N,3\nSECTION_COVER\n0,D,1,100,1\n1,N,1,50,7\n"
        );
        parse_instance(&text).unwrap()
    }

    const LOOSE: &str = "D=14|N=14,99999,0,14,1,1,2";

    /// `grid` is A's row: one char per day, `.` off, `D`, `N`, or `2` for D and N.
    fn roster(grid: &str) -> Roster {
        let row = grid
            .chars()
            .map(|c| match c {
                'D' => vec![0],
                'N' => vec![1],
                '2' => vec![0, 1],
                _ => vec![],
            })
            .collect();
        Roster {
            cells: vec![row, vec![vec![]; 14]],
        }
    }

    /// Evaluates A's row `grid` and compares the violations, as
    /// `(kind, day, amount)`, with `expected`.
    fn check(
        limits: &str,
        days_off: &str,
        grid: &str,
        expected: &[(ViolationKind, Option<usize>, u64)],
    ) {
        let ev = evaluate(&instance(limits, days_off), &roster(grid));
        let got: Vec<_> = ev
            .violations
            .iter()
            .map(|v| (v.kind, v.day, v.amount))
            .collect();
        assert_eq!(got, expected, "{grid}");
        assert_eq!(ev.feasible, expected.is_empty());
    }

    use ViolationKind::*;

    #[test]
    fn one_rule_at_a_time() {
        check(LOOSE, "", "DDDDDDD.......", &[]);
        check(LOOSE, "", "2.............", &[(OneShiftPerDay, Some(0), 1)]);
        check(
            LOOSE,
            "",
            "ND............",
            &[(ForbiddenSuccession, Some(0), 1)],
        );
        check(LOOSE, "", "DN............", &[]);
        check(
            "D=2|N=14,99999,0,14,1,1,2",
            "",
            "DDDD..........",
            &[(MaxShifts, None, 2)],
        );
        check(
            "D=14|N=14,1000,0,14,1,1,2",
            "",
            "DDD...........",
            &[(MaxMinutes, None, 440)],
        );
        check(
            "D=14|N=14,99999,1500,14,1,1,2",
            "",
            "DDD...........",
            &[(MinMinutes, None, 60)],
        );
        check(
            "D=14|N=14,99999,0,3,1,1,2",
            "",
            "..DDDDD.......",
            &[(MaxConsecutive, Some(2), 2)],
        );
        check(
            "D=14|N=14,99999,0,14,3,1,2",
            "",
            "..DD..........",
            &[(MinConsecutive, Some(2), 1)],
        );
        check(
            "D=14|N=14,99999,0,14,1,3,2",
            "",
            "DD.DD.........",
            &[(MinDaysOff, Some(2), 2)],
        );
        check(
            "D=14|N=14,99999,0,14,1,1,0",
            "",
            ".....D........",
            &[(MaxWeekends, None, 1)],
        );
        check(
            "D=14|N=14,99999,0,14,1,1,1",
            "",
            ".....DD......D",
            &[(MaxWeekends, None, 1)],
        );
        check(LOOSE, "A,3,4", "...D..........", &[(DayOff, Some(3), 1)]);
    }

    #[test]
    fn minimum_runs_are_exempt_at_the_edges() {
        let min3 = "D=14|N=14,99999,0,14,3,3,2";
        check(min3, "", "DD...DDD....DD", &[]);
        check(min3, "", "D....DDD.....D", &[]);
        check(min3, "", ".DDD.DDD......", &[(MinDaysOff, Some(4), 2)]);
        check(min3, "", "..............", &[]);
    }

    #[test]
    fn objective_terms() {
        let inst = instance(LOOSE, "");
        // A works N on day 1 (off-request 3, cover met), not D on day 0
        // (on-request 2, under-cover 100); B works N on day 1 (over 7).
        let mut r = roster(".N............");
        r.cells[1][1] = vec![1];
        let ev = evaluate(&inst, &r);
        assert_eq!(
            ev.costs,
            Costs {
                on_requests: 2,
                off_requests: 3,
                under_cover: 100,
                over_cover: 7
            }
        );
        assert_eq!(ev.objective, 112);
    }
}
