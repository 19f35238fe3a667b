//! From a mechanism's members, zones and patrol demand to an [`Instance`].
//!
//! This is the one place where the mechanism's words become the model's:
//! a patrol slot (a zone at a time of day) becomes a shift type, the rest
//! rules become forbidden successions, a patrol's party quotas, roles and
//! languages become its [`SlotRules`]. The generated case
//! ([`crate::moc_case`]) and the node's planner (`moc roster plan`) both
//! build their instance here, so the benchmark measures what the node runs.
//!
//! - Up to three patrols a day in each zone ([`TIMES`]): morning 06–14,
//!   afternoon 14–22, night 22–06, 480 minutes each. Rest: a night may be
//!   followed neither by a morning nor by an afternoon the next day, an
//!   afternoon not by a morning (less than eleven hours between).
//! - Every patrol wants [`PlanRequest::per_party`] members of each party
//!   (hard) and one more from any party (soft cover: 100 per person
//!   missing, 50 per person in excess), [`PlanRequest::role_need`]
//!   positions of each role (hard) and its zone's speakers (hard).
//! - Risk: the zone's, plus 2 at night.
//! - Members: [`PlanLimits`]; a member asking a day off costs 3 for each
//!   patrol given that day.

use crate::model::{
    Cover, Extensions, Instance, Member, Request, ShiftType, SlotRules, SoftWeights, Staff,
};

/// Times of day: the suffix of a slot's id and the risk it adds.
pub const TIMES: [(&str, u32); 3] = [("M", 0), ("A", 0), ("N", 2)];

/// Minutes of one patrol.
pub const PATROL_MINUTES: u32 = 480;

/// Cost of a patrol given on a day its member asked off.
pub const OFF_REQUEST_WEIGHT: u32 = 3;

/// What a roster is planned from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanRequest {
    /// Days planned; day 0 counts as a Monday for the weekend rule.
    pub days: usize,
    /// Party names; [`PlanMember::party`] indexes them.
    pub parties: Vec<String>,
    /// Role names; [`PlanMember::roles`] and [`PlanRequest::role_need`]
    /// index them.
    pub roles: Vec<String>,
    /// Language names; [`PlanMember::languages`] and
    /// [`PlanZone::language_min`] index them.
    pub languages: Vec<String>,
    /// Zones patrolled.
    pub zones: Vec<PlanZone>,
    /// Patrols a day in each zone, the first of [`TIMES`]: 1 (morning), 2
    /// (and afternoon) or 3 (and night); other values are brought into
    /// that range.
    pub times_per_day: usize,
    /// The members who may be rostered.
    pub members: Vec<PlanMember>,
    /// Members of each party every patrol needs.
    pub per_party: u32,
    /// Positions of each role every patrol needs (empty: none).
    pub role_need: Vec<u32>,
    /// Days off asked: (index into `members`, day).
    pub off_requests: Vec<(usize, usize)>,
    /// Limits on each member's roster.
    pub limits: PlanLimits,
    /// Weights of fairness and cohesion.
    pub weights: SoftWeights,
}

/// A zone patrolled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanZone {
    /// Its id, the prefix of its slots' ids (`GAO` gives `GAO-M`…).
    pub id: String,
    /// How dangerous its patrols are, before the night's extra.
    pub risk: u32,
    /// Fewest speakers of each language on its patrols (empty: none).
    pub language_min: Vec<u32>,
}

/// A member who may be rostered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanMember {
    /// The member's id in the roster (a service number, never a name).
    pub id: String,
    /// Index into [`PlanRequest::parties`].
    pub party: usize,
    /// Roles the member can fill.
    pub roles: Vec<usize>,
    /// Languages the member speaks.
    pub languages: Vec<usize>,
    /// Whether vetting is done: an unapproved member works no patrol.
    pub approved: bool,
    /// Days on leave, sorted, without duplicates.
    pub days_off: Vec<usize>,
    /// The member's team, if any.
    pub team: Option<usize>,
}

/// Limits on each member's roster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanLimits {
    /// Most days worked in a row.
    pub max_consecutive: u32,
    /// Fewest days off in a row.
    pub min_days_off: u32,
    /// Most patrols over the plan.
    pub max_patrols: u32,
    /// Most nights in each zone over the plan.
    pub max_nights_per_zone: u32,
    /// Most weekends worked.
    pub max_weekends: u32,
    /// Fewest patrols per seven days available (not on leave), for an
    /// approved member: nobody is left out of the mechanism's work.
    pub min_patrols_per_week: u32,
}

impl Default for PlanLimits {
    fn default() -> PlanLimits {
        PlanLimits {
            max_consecutive: 4,
            min_days_off: 2,
            max_patrols: 10,
            max_nights_per_zone: 3,
            max_weekends: 2,
            min_patrols_per_week: 1,
        }
    }
}

/// The slot id of `zone` at time of day `time` (an index into [`TIMES`]).
#[must_use]
pub fn slot_id(zone: &str, time: usize) -> String {
    format!("{zone}-{}", TIMES[time % TIMES.len()].0)
}

/// The instance `req` describes. Members with a party, role or language
/// out of range simply do not have it; a zone's `language_min` longer than
/// the languages is cut; so any request gives a valid instance.
#[must_use]
pub fn plan_instance(req: &PlanRequest) -> Instance {
    let days = req.days;
    let times = req.times_per_day.clamp(1, TIMES.len());
    let mut shifts = Vec::with_capacity(req.zones.len() * times);
    for zone in &req.zones {
        for t in 0..times {
            shifts.push(ShiftType {
                id: slot_id(&zone.id, t),
                minutes: PATROL_MINUTES,
                forbidden_next: Vec::new(),
            });
        }
    }
    let n = shifts.len();
    let time_of = |k: usize| k % times;
    for (a, shift) in shifts.iter_mut().enumerate() {
        shift.forbidden_next = (0..n)
            .filter(|&b| matches!((time_of(a), time_of(b)), (2, 0) | (2, 1) | (1, 0)))
            .collect();
    }

    let limits = req.limits;
    let max_shifts: Vec<u32> = (0..n)
        .map(|k| {
            if time_of(k) == 2 {
                limits.max_nights_per_zone
            } else {
                u32::try_from(days).unwrap_or(u32::MAX)
            }
        })
        .collect();
    let parties = req.parties.len();
    let in_range = |v: &[usize], len: usize| v.iter().copied().filter(|&i| i < len).collect();
    let mut staff = Vec::with_capacity(req.members.len());
    let mut members = Vec::with_capacity(req.members.len());
    for m in &req.members {
        let mut days_off: Vec<usize> = m.days_off.iter().copied().filter(|&d| d < days).collect();
        days_off.sort_unstable();
        days_off.dedup();
        let available = days - days_off.len();
        let min_patrols = if m.approved {
            u32::try_from(available / 7)
                .unwrap_or(u32::MAX)
                .saturating_mul(limits.min_patrols_per_week)
        } else {
            0
        };
        staff.push(Staff {
            id: m.id.clone(),
            max_shifts: max_shifts.clone(),
            max_minutes: limits.max_patrols.saturating_mul(PATROL_MINUTES),
            min_minutes: min_patrols
                .min(limits.max_patrols)
                .saturating_mul(PATROL_MINUTES),
            max_consecutive: limits.max_consecutive,
            min_consecutive: 1,
            min_days_off: limits.min_days_off,
            max_weekends: limits.max_weekends,
            days_off,
        });
        members.push(Member {
            party: m.party.min(parties.saturating_sub(1)),
            roles: in_range(&m.roles, req.roles.len()),
            languages: in_range(&m.languages, req.languages.len()),
            approved: m.approved,
            team: m.team,
        });
    }
    let off_requests = req
        .off_requests
        .iter()
        .filter(|&&(e, day)| e < req.members.len() && day < days)
        .flat_map(|&(e, day)| {
            (0..n).map(move |shift| Request {
                staff: e,
                day,
                shift,
                weight: OFF_REQUEST_WEIGHT,
            })
        })
        .collect();

    let size = req
        .per_party
        .saturating_mul(u32::try_from(parties).unwrap_or(u32::MAX))
        .saturating_add(1);
    let mut role_min = req.role_need.clone();
    role_min.truncate(req.roles.len());
    let mut cover = Vec::with_capacity(days * n);
    let mut slots = Vec::with_capacity(days * n);
    for _ in 0..days {
        for k in 0..n {
            let zone = &req.zones[k / times];
            cover.push(Cover {
                requirement: size,
                under_weight: 100,
                over_weight: 50,
            });
            let mut language_min = zone.language_min.clone();
            language_min.resize(req.languages.len(), 0);
            slots.push(SlotRules {
                party_min: vec![req.per_party; parties],
                role_min: role_min.clone(),
                language_min,
                risk: zone.risk.saturating_add(TIMES[time_of(k)].1),
            });
        }
    }

    Instance {
        horizon: days,
        shifts,
        staff,
        on_requests: Vec::new(),
        off_requests,
        cover,
        extensions: Extensions {
            parties: req.parties.clone(),
            roles: req.roles.clone(),
            languages: req.languages.clone(),
            members,
            slots,
            weights: req.weights,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> PlanRequest {
        PlanRequest {
            days: 14,
            parties: vec!["A".into(), "B".into()],
            roles: vec!["leader".into(), "driver".into()],
            languages: vec!["French".into(), "Tamasheq".into()],
            zones: vec![
                PlanZone {
                    id: "GAO".into(),
                    risk: 2,
                    language_min: vec![1],
                },
                PlanZone {
                    id: "KID".into(),
                    risk: 3,
                    language_min: vec![1, 2, 9],
                },
            ],
            members: (0..12)
                .map(|i| PlanMember {
                    id: format!("S{i}"),
                    party: i % 2,
                    roles: vec![i % 2, 7],
                    languages: vec![0, 1],
                    approved: i != 5,
                    days_off: if i == 3 {
                        vec![20, 2, 1, 2]
                    } else {
                        Vec::new()
                    },
                    team: None,
                })
                .collect(),
            times_per_day: 3,
            per_party: 1,
            role_need: vec![1, 1, 4],
            off_requests: vec![(4, 6), (40, 1), (4, 99)],
            limits: PlanLimits::default(),
            weights: SoftWeights::default(),
        }
    }

    #[test]
    fn slots_rules_and_members_follow_the_request() {
        let inst = plan_instance(&small());
        inst.check_extensions().unwrap();
        let ids: Vec<&str> = inst.shifts.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["GAO-M", "GAO-A", "GAO-N", "KID-M", "KID-A", "KID-N"]);
        // A night is followed by neither a morning nor an afternoon; an
        // afternoon not by a morning; a morning by anything.
        assert_eq!(inst.shifts[2].forbidden_next, [0, 1, 3, 4]);
        assert_eq!(inst.shifts[1].forbidden_next, [0, 3]);
        assert!(inst.shifts[0].forbidden_next.is_empty());
        assert_eq!(inst.cover.len(), 14 * 6);
        assert_eq!(inst.cover[0].requirement, 3);
        // Kidal at night: risk 3 + 2, two Tamasheq speakers, the third
        // language of the request dropped; the role list cut to the roles.
        let kid_n = &inst.extensions.slots[5];
        assert_eq!(kid_n.risk, 5);
        assert_eq!(kid_n.language_min, [1, 2]);
        assert_eq!(kid_n.role_min, [1, 1]);
        assert_eq!(kid_n.party_min, [1, 1]);
        // Leave sorted, deduplicated, inside the plan; the minimum work
        // scales with the days available; the unapproved member has none.
        assert_eq!(inst.staff[3].days_off, [1, 2]);
        assert_eq!(inst.staff[3].min_minutes, PATROL_MINUTES);
        assert_eq!(inst.staff[0].min_minutes, 2 * PATROL_MINUTES);
        assert_eq!(inst.staff[5].min_minutes, 0);
        assert!(!inst.extensions.members[5].approved);
        assert_eq!(inst.extensions.members[1].roles, [1]);
        // Night limits per zone, the others by the horizon.
        assert_eq!(inst.staff[0].max_shifts, [14, 14, 3, 14, 14, 3]);
        // Only the day off inside the plan, of a member who exists, costs.
        assert_eq!(inst.off_requests.len(), 6);
        assert!(
            inst.off_requests
                .iter()
                .all(|r| r.staff == 4 && r.day == 6 && r.weight == OFF_REQUEST_WEIGHT)
        );
    }

    #[test]
    fn fewer_patrols_a_day_keep_the_first_times() {
        let mut req = small();
        req.times_per_day = 2;
        let inst = plan_instance(&req);
        let ids: Vec<&str> = inst.shifts.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["GAO-M", "GAO-A", "KID-M", "KID-A"]);
        assert_eq!(inst.shifts[1].forbidden_next, [0, 2]);
        assert_eq!(inst.extensions.slots[3].risk, 3);
        req.times_per_day = 0;
        assert_eq!(plan_instance(&req).shifts.len(), 2);
    }

    #[test]
    fn an_empty_request_is_a_valid_empty_instance() {
        let inst = plan_instance(&PlanRequest::default());
        inst.check_extensions().unwrap();
        assert!(inst.shifts.is_empty() && inst.staff.is_empty() && inst.cover.is_empty());
    }
}
