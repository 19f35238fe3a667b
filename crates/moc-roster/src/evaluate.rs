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
//!
//! The mechanism's rules ([`crate::Extensions`]) come after, on the same
//! plain-loop footing:
//!
//! - Hard: per patrol (day, shift) with [`crate::SlotRules`], each party's
//!   minimum ([`ViolationKind::PartyQuota`], one violation per party short),
//!   each language's minimum ([`ViolationKind::LanguageCover`], per
//!   language), and the role positions, filled one per person: the
//!   shortfall is the number of positions left empty by a maximum matching
//!   of positions to members able to fill them, found here by augmenting
//!   paths ([`ViolationKind::RoleCover`]). A member not approved who works
//!   is [`ViolationKind::Unapproved`], once per day worked.
//! - Soft, over the approved members only (`P`; without member records,
//!   every staff member is approved and in no party). Let `x_e` be the
//!   shifts `e` works and `y_e` the sum of the risks of those shifts. With
//!   `m = |P|`, `S = Σ x_e` and `Q = Σ x_e²`, the duty spread is
//!   `⌊w · (m·Q − S²) / m⌋`, that is `w` times the sum of squared
//!   deviations from the mean; the risk spread is the same over `y`. Across
//!   parties, with `n_p` approved members and `D_p` shifts in party `p`,
//!   `M = Σ n_p` and `T = Σ D_p`, the party duty spread is
//!   `⌊w · Σ_p (M·D_p − n_p·T)² / M²⌋`, that is `w` times the sum of
//!   squared deviations of each party's total from its share of the
//!   whole by headcount; the party risk spread is the same over risk.
//!   Cohesion costs its weight for every pair of members of one team whose
//!   cells differ on a day (one works and the other not, or they work
//!   different shifts). Members on leave are not set apart: the spreads
//!   count their fewer shifts like anyone's (shares in proportion to the
//!   days available are not modelled).

use serde::Serialize;

use crate::model::{Instance, SlotRules};
use crate::roster::Roster;

/// What the evaluator found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// Total weighted cost (lower is better).
    pub objective: u64,
    /// Whether no hard rule is broken.
    pub feasible: bool,
    /// The objective split by term: the benchmark's terms.
    pub costs: Costs,
    /// The objective split by term: the mechanism's terms (all zero without
    /// [`crate::Extensions`]).
    pub extension_costs: ExtensionCosts,
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

/// The soft terms of [`crate::Extensions`], each already weighted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExtensionCosts {
    /// Spread of duty across individuals.
    pub duty_spread: u64,
    /// Spread of risk-weighted duty across individuals.
    pub risk_spread: u64,
    /// Spread of duty across parties.
    pub party_duty_spread: u64,
    /// Spread of risk-weighted duty across parties.
    pub party_risk_spread: u64,
    /// Team members split.
    pub cohesion: u64,
}

impl ExtensionCosts {
    /// The sum of the terms.
    pub fn total(&self) -> u64 {
        [
            self.duty_spread,
            self.risk_spread,
            self.party_duty_spread,
            self.party_risk_spread,
            self.cohesion,
        ]
        .iter()
        .fold(0u64, |a, &b| a.saturating_add(b))
    }
}

/// One broken hard rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The rule.
    pub kind: ViolationKind,
    /// The staff member's id; empty for a patrol's rule.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub staff: String,
    /// The day where it happens (first day of the run for run rules).
    pub day: Option<usize>,
    /// The shift id, for a patrol's rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shift: Option<String>,
    /// The party or language short, for those rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// How far off: extra shifts, minutes, days or weekends, members or
    /// positions missing, by kind.
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
    /// A patrol with fewer members of a party than its quota (amount:
    /// members missing).
    PartyQuota,
    /// A patrol whose members cannot fill its role positions, one position
    /// each (amount: positions left empty).
    RoleCover,
    /// A patrol with fewer speakers of a language than wanted (amount:
    /// speakers missing).
    LanguageCover,
    /// A member not approved works (amount: shifts worked that day).
    Unapproved,
}

impl ViolationKind {
    /// Every kind, in the order above.
    pub const ALL: [ViolationKind; 14] = [
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
        ViolationKind::PartyQuota,
        ViolationKind::RoleCover,
        ViolationKind::LanguageCover,
        ViolationKind::Unapproved,
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
            ViolationKind::PartyQuota => "party_quota",
            ViolationKind::RoleCover => "role_cover",
            ViolationKind::LanguageCover => "language_cover",
            ViolationKind::Unapproved => "unapproved",
        }
    }
}

/// Checks every hard rule and computes the objective of `roster`.
///
/// # Panics
/// If `roster` does not have one row per staff member and one cell per day,
/// or names a shift index out of range (a [`Roster`] read with
/// [`Roster::parse`] never does), or if the instance's extensions fail
/// [`Instance::check_extensions`].
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
                shift: None,
                detail: None,
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
    extension_rules(inst, roster, &mut violations);
    let extension_costs = extension_costs(inst, roster);
    Evaluation {
        objective: (costs.on_requests + costs.off_requests + costs.under_cover + costs.over_cover)
            .saturating_add(extension_costs.total()),
        feasible: violations.is_empty(),
        costs,
        extension_costs,
        violations,
    }
}

/// The hard rules of [`crate::Extensions`].
fn extension_rules(inst: &Instance, roster: &Roster, violations: &mut Vec<Violation>) {
    let x = &inst.extensions;
    for (e, m) in x.members.iter().enumerate() {
        if m.approved {
            continue;
        }
        for (d, cell) in roster.cells[e].iter().enumerate() {
            if !cell.is_empty() {
                violations.push(Violation {
                    kind: ViolationKind::Unapproved,
                    staff: inst.staff[e].id.clone(),
                    day: Some(d),
                    shift: None,
                    detail: None,
                    amount: cell.len() as u64,
                });
            }
        }
    }
    let n = inst.shifts.len();
    for (i, rules) in x.slots.iter().enumerate() {
        let (d, k) = (i / n, i % n);
        let crew: Vec<usize> = (0..inst.staff.len())
            .filter(|&e| roster.cells[e][d].contains(&k))
            .collect();
        let mut push = |kind, detail: Option<&String>, amount: u64| {
            violations.push(Violation {
                kind,
                staff: String::new(),
                day: Some(d),
                shift: Some(inst.shifts[k].id.clone()),
                detail: detail.cloned(),
                amount,
            });
        };
        for (p, &min) in rules.party_min.iter().enumerate() {
            let have = crew
                .iter()
                .filter(|&&e| x.members.get(e).is_some_and(|m| m.party == p))
                .count() as u64;
            if have < u64::from(min) {
                push(
                    ViolationKind::PartyQuota,
                    Some(&x.parties[p]),
                    u64::from(min) - have,
                );
            }
        }
        let short = role_shortfall(inst, rules, &crew);
        if short > 0 {
            push(ViolationKind::RoleCover, None, short);
        }
        for (l, &min) in rules.language_min.iter().enumerate() {
            let have = crew
                .iter()
                .filter(|&&e| x.members.get(e).is_some_and(|m| m.languages.contains(&l)))
                .count() as u64;
            if have < u64::from(min) {
                push(
                    ViolationKind::LanguageCover,
                    Some(&x.languages[l]),
                    u64::from(min) - have,
                );
            }
        }
    }
}

/// Role positions of `rules` that `crew` cannot fill, one position per
/// person: positions minus a maximum matching (augmenting paths).
fn role_shortfall(inst: &Instance, rules: &SlotRules, crew: &[usize]) -> u64 {
    let roles_of = |e: usize| -> &[usize] {
        inst.extensions
            .members
            .get(e)
            .map_or(&[], |m| m.roles.as_slice())
    };
    // No more positions of one role can be filled than there are people.
    let mut short = 0u64;
    let mut positions = Vec::new();
    for (r, &want) in rules.role_min.iter().enumerate() {
        let fill = (want as usize).min(crew.len());
        short += u64::from(want) - fill as u64;
        positions.extend(std::iter::repeat_n(r, fill));
    }
    // `holder[i]`: the position crew member `i` fills.
    let mut holder: Vec<Option<usize>> = vec![None; crew.len()];
    for p in 0..positions.len() {
        let mut seen = vec![false; crew.len()];
        if !augment(p, &positions, crew, &roles_of, &mut holder, &mut seen) {
            short += 1;
        }
    }
    short
}

fn augment<'a>(
    p: usize,
    positions: &[usize],
    crew: &[usize],
    roles_of: &dyn Fn(usize) -> &'a [usize],
    holder: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    for i in 0..crew.len() {
        if seen[i] || !roles_of(crew[i]).contains(&positions[p]) {
            continue;
        }
        seen[i] = true;
        let free = match holder[i] {
            None => true,
            Some(q) => augment(q, positions, crew, roles_of, holder, seen),
        };
        if free {
            holder[i] = Some(p);
            return true;
        }
    }
    false
}

/// The soft terms of [`crate::Extensions`] (formulas in the module doc).
fn extension_costs(inst: &Instance, roster: &Roster) -> ExtensionCosts {
    let mut costs = ExtensionCosts::default();
    let x = &inst.extensions;
    let w = x.weights;
    let n = inst.shifts.len();
    let risk = |d: usize, k: usize| x.slots.get(d * n + k).map_or(0, |s| i128::from(s.risk));
    // (party, duty, risk-weighted duty) of each approved member.
    type Person = (Option<usize>, i128, i128);
    let mut people: Vec<Person> = Vec::new();
    for (e, row) in roster.cells.iter().enumerate() {
        let member = x.members.get(e);
        if member.is_some_and(|m| !m.approved) {
            continue;
        }
        let duty = row.iter().map(|c| c.len() as i128).sum();
        let risky = row
            .iter()
            .enumerate()
            .flat_map(|(d, c)| c.iter().map(move |&k| (d, k)))
            .map(|(d, k)| risk(d, k))
            .sum();
        people.push((member.map(|m| m.party), duty, risky));
    }
    let spread = |weight: u32, value: &dyn Fn(&Person) -> i128| -> u64 {
        let m = people.len() as i128;
        if weight == 0 || m == 0 {
            return 0;
        }
        let s: i128 = people.iter().map(value).sum();
        let q: i128 = people.iter().map(|p| value(p) * value(p)).sum();
        clamp(i128::from(weight) * (m * q - s * s) / m)
    };
    costs.duty_spread = spread(w.duty_spread, &|p| p.1);
    costs.risk_spread = spread(w.risk_spread, &|p| p.2);
    let party_spread = |weight: u32, value: &dyn Fn(&Person) -> i128| -> u64 {
        let in_party = |p: usize| people.iter().filter(move |q| q.0 == Some(p));
        let heads: Vec<i128> = (0..x.parties.len())
            .map(|p| in_party(p).count() as i128)
            .collect();
        let totals: Vec<i128> = (0..x.parties.len())
            .map(|p| in_party(p).map(value).sum())
            .collect();
        let (big_m, big_t): (i128, i128) = (heads.iter().sum(), totals.iter().sum());
        if weight == 0 || big_m == 0 {
            return 0;
        }
        let num: i128 = heads
            .iter()
            .zip(&totals)
            .map(|(&n_p, &d_p)| (big_m * d_p - n_p * big_t).pow(2))
            .sum();
        clamp(i128::from(weight) * num / (big_m * big_m))
    };
    costs.party_duty_spread = party_spread(w.party_duty_spread, &|p| p.1);
    costs.party_risk_spread = party_spread(w.party_risk_spread, &|p| p.2);
    if w.cohesion > 0 {
        let mut teams: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (e, m) in x.members.iter().enumerate() {
            if let Some(t) = m.team {
                teams.entry(t).or_default().push(e);
            }
        }
        let sorted = |e: usize, d: usize| {
            let mut c = roster.cells[e][d].clone();
            c.sort_unstable();
            c
        };
        let mut split = 0u64;
        for members in teams.values() {
            for d in 0..inst.horizon {
                for (i, &a) in members.iter().enumerate() {
                    for &b in &members[i + 1..] {
                        split += u64::from(sorted(a, d) != sorted(b, d));
                    }
                }
            }
        }
        costs.cohesion = split.saturating_mul(u64::from(w.cohesion));
    }
    costs
}

fn clamp(v: i128) -> u64 {
    u64::try_from(v.max(0)).unwrap_or(u64::MAX)
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

    /// Two days, two patrol shifts (P, Q), four staff `A`–`D` in parties
    /// `x` (A, B) and `y` (C, D); roles `lead`, `med`; languages `fr`, `ar`.
    /// Patrol P of day 0 gets `rules`; `members` tweaks the member records.
    fn mechanism(rules: SlotRules, members: &dyn Fn(&mut Vec<crate::Member>)) -> Instance {
        let mut inst = parse_instance(
            "SECTION_HORIZON\n2\nSECTION_SHIFTS\nP,480,\nQ,480,\n\
             SECTION_STAFF\nA,P=2|Q=2,9999,0,9,0,0,9\nB,P=2|Q=2,9999,0,9,0,0,9\n\
             C,P=2|Q=2,9999,0,9,0,0,9\nD,P=2|Q=2,9999,0,9,0,0,9\n\
             SECTION_DAYS_OFF\nSECTION_SHIFT_ON_REQUESTS\nSECTION_SHIFT_OFF_REQUESTS\n\
             SECTION_COVER\n",
        )
        .unwrap();
        let member = |party, roles: &[usize], languages: &[usize]| crate::Member {
            party,
            roles: roles.to_vec(),
            languages: languages.to_vec(),
            approved: true,
            team: None,
        };
        let mut list = vec![
            member(0, &[0, 1], &[0]),
            member(0, &[1], &[0]),
            member(1, &[0], &[1]),
            member(1, &[], &[0, 1]),
        ];
        members(&mut list);
        let mut slots = vec![SlotRules::default(); 4];
        slots[0] = rules;
        inst.extensions = crate::Extensions {
            parties: vec!["x".into(), "y".into()],
            roles: vec!["lead".into(), "med".into()],
            languages: vec!["fr".into(), "ar".into()],
            members: list,
            slots,
            weights: crate::SoftWeights::default(),
        };
        inst.check_extensions().unwrap();
        inst
    }

    /// `rows` gives each staff member's two cells: `.` off, `P` or `Q`.
    fn mechanism_roster(rows: [&str; 4]) -> Roster {
        let cell = |c: char| match c {
            'P' => vec![0],
            'Q' => vec![1],
            _ => vec![],
        };
        Roster {
            cells: rows.iter().map(|r| r.chars().map(cell).collect()).collect(),
        }
    }

    /// `(kind, day, shift, detail, amount)` of one violation.
    type Seen<'a> = (ViolationKind, usize, Option<&'a str>, Option<&'a str>, u64);

    /// Compares `(kind, day, shift, detail, amount)` of every violation.
    fn check_mechanism(inst: &Instance, rows: [&str; 4], expected: &[Seen<'_>]) {
        let ev = evaluate(inst, &mechanism_roster(rows));
        let got: Vec<_> = ev
            .violations
            .iter()
            .map(|v| {
                (
                    v.kind,
                    v.day.unwrap(),
                    v.shift.as_deref(),
                    v.detail.as_deref(),
                    v.amount,
                )
            })
            .collect();
        assert_eq!(got, expected, "{rows:?}");
        assert_eq!(ev.feasible, expected.is_empty());
    }

    #[test]
    fn party_quota() {
        let inst = mechanism(
            SlotRules {
                party_min: vec![1, 2],
                ..SlotRules::default()
            },
            &|_| {},
        );
        check_mechanism(&inst, ["P.", ".P", "P.", "P."], &[]);
        check_mechanism(
            &inst,
            ["P.", "P.", "P.", "QP"],
            &[(PartyQuota, 0, Some("P"), Some("y"), 1)],
        );
        check_mechanism(
            &inst,
            ["Q.", "..", "..", ".."],
            &[
                (PartyQuota, 0, Some("P"), Some("x"), 1),
                (PartyQuota, 0, Some("P"), Some("y"), 2),
            ],
        );
    }

    #[test]
    fn role_cover_fills_one_position_per_person() {
        let inst = mechanism(
            SlotRules {
                role_min: vec![1, 1],
                ..SlotRules::default()
            },
            &|_| {},
        );
        // A can lead or treat, B treats, C leads, D neither.
        check_mechanism(&inst, ["P.", "P.", "..", ".."], &[]);
        check_mechanism(&inst, ["P.", "..", "P.", ".."], &[]);
        check_mechanism(
            &inst,
            ["P.", "..", "..", "P."],
            &[(RoleCover, 0, Some("P"), None, 1)],
        );
        check_mechanism(
            &inst,
            ["..", "P.", "..", "P."],
            &[(RoleCover, 0, Some("P"), None, 1)],
        );
        // A first takes the lead, then moves to medic when C comes
        // (augmenting path); with B instead of C, one lead is missing.
        let two_leads = mechanism(
            SlotRules {
                role_min: vec![2, 1],
                ..SlotRules::default()
            },
            &|_| {},
        );
        check_mechanism(&two_leads, ["P.", "P.", "P.", ".."], &[]);
        check_mechanism(
            &two_leads,
            ["P.", "P.", "..", "P."],
            &[(RoleCover, 0, Some("P"), None, 1)],
        );
        let lead_med = mechanism(
            SlotRules {
                role_min: vec![1, 1],
                ..SlotRules::default()
            },
            &|m| m[0].roles = vec![1],
        );
        check_mechanism(&lead_med, ["P.", "..", "P.", ".."], &[]);
        // More positions than people: the excess is short too.
        let many = mechanism(
            SlotRules {
                role_min: vec![5, 0],
                ..SlotRules::default()
            },
            &|_| {},
        );
        check_mechanism(
            &many,
            ["P.", "..", "P.", ".."],
            &[(RoleCover, 0, Some("P"), None, 3)],
        );
    }

    #[test]
    fn language_cover() {
        let inst = mechanism(
            SlotRules {
                language_min: vec![1, 2],
                ..SlotRules::default()
            },
            &|_| {},
        );
        check_mechanism(&inst, ["..", "P.", "P.", "P."], &[]);
        check_mechanism(
            &inst,
            ["P.", "P.", "P.", ".."],
            &[(LanguageCover, 0, Some("P"), Some("ar"), 1)],
        );
    }

    #[test]
    fn unapproved_members_may_not_work() {
        let inst = mechanism(SlotRules::default(), &|m| m[1].approved = false);
        check_mechanism(&inst, ["PP", "..", "QQ", ".."], &[]);
        let ev = evaluate(&inst, &mechanism_roster(["..", ".Q", "..", ".."]));
        let got: Vec<_> = ev
            .violations
            .iter()
            .map(|v| (v.kind, v.staff.as_str(), v.day, v.amount))
            .collect();
        assert_eq!(got, [(Unapproved, "B", Some(1), 1)]);
    }

    #[test]
    fn fairness_and_cohesion_terms() {
        let mut inst = mechanism(
            SlotRules {
                risk: 3,
                ..SlotRules::default()
            },
            &|m| {
                m[3].approved = false;
                m[0].team = Some(0);
                m[2].team = Some(0);
                m[3].team = Some(0);
            },
        );
        inst.extensions.weights = crate::SoftWeights {
            duty_spread: 2,
            risk_spread: 1,
            party_duty_spread: 5,
            party_risk_spread: 7,
            cohesion: 11,
        };
        // A: P on day 0 (risk 3), Q on day 1 (risk 0); B: Q on day 0; C off;
        // D (unapproved, outside every spread) off.
        let ev = evaluate(&inst, &mechanism_roster(["PQ", "Q.", "..", ".."]));
        // Duty 2, 1, 0: squared deviations from the mean 1 sum to 2.
        // Risk 3, 0, 0: mean 1, 4 + 1 + 1 = 6.
        // Parties x (A, B: 2 people, duty 3, risk 3) and y (C: 1, 0, 0);
        // shares by headcount of 3 and 3: duty 2 and 1, risk 2 and 1, so
        // deviations 1 and 1 for both: 2 each.
        // Team A, C, D: day 0 P, off, off (2 pairs split), day 1 Q, off,
        // off (2 pairs split).
        assert_eq!(
            ev.extension_costs,
            ExtensionCosts {
                duty_spread: 2 * 2,
                risk_spread: 6,
                party_duty_spread: 5 * 2,
                party_risk_spread: 7 * 2,
                cohesion: 11 * 4,
            }
        );
        assert_eq!(ev.objective, 4 + 6 + 10 + 14 + 44);
        // Rounding down: duty 1, 0, 0 has squared deviations 2/3.
        inst.extensions.weights = crate::SoftWeights {
            duty_spread: 2,
            ..crate::SoftWeights::default()
        };
        let ev = evaluate(&inst, &mechanism_roster(["P.", "..", "..", ".."]));
        assert_eq!(ev.extension_costs.duty_spread, 1);
    }

    #[test]
    fn empty_extensions_cost_nothing() {
        let inst = instance(LOOSE, "");
        let ev = evaluate(&inst, &roster("DNDND........."));
        assert_eq!(ev.extension_costs, ExtensionCosts::default());
    }
}
