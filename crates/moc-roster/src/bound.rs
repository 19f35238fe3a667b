//! A simple, valid lower bound on the objective.
//!
//! It counts only costs no roster can avoid, so it is always a true bound,
//! though often far below the optimum; the LP-relaxation bound of the
//! roster issue needs an LP solver and comes later.
//!
//! - An on-request is lost for sure when its day is one of the person's
//!   days off or they may work none of that shift type.
//! - On one day, a shift can be covered at most by the staff free to work
//!   it (not on a day off, allowed that type); the whole day at most by the
//!   staff free to work at all, since each works one shift a day. Missing
//!   people cost at least the under-cover weight of the shift (per shift),
//!   or the smallest under-cover weight of the day (for the whole day).

use crate::model::Instance;

/// A lower bound on the objective of every feasible roster of `inst`.
pub fn lower_bound(inst: &Instance) -> u64 {
    let n = inst.shifts.len();
    let off = |e: usize, d: usize| inst.staff[e].days_off.binary_search(&d).is_ok();
    let mut bound: u64 = inst
        .on_requests
        .iter()
        .filter(|r| off(r.staff, r.day) || inst.staff[r.staff].max_shifts[r.shift] == 0)
        .map(|r| u64::from(r.weight))
        .sum();
    for d in 0..inst.horizon {
        let free: Vec<usize> = (0..inst.staff.len()).filter(|&e| !off(e, d)).collect();
        let mut per_shift = 0u64;
        let mut wanted = 0u64;
        let mut cheapest = u64::MAX;
        for k in 0..n {
            let c = inst.cover(d, k);
            if c.requirement == 0 {
                continue;
            }
            let able = free
                .iter()
                .filter(|&&e| inst.staff[e].max_shifts[k] > 0)
                .count() as u64;
            let want = u64::from(c.requirement);
            per_shift += want.saturating_sub(able) * u64::from(c.under_weight);
            wanted += want;
            cheapest = cheapest.min(u64::from(c.under_weight));
        }
        let whole_day = if wanted > 0 {
            wanted.saturating_sub(free.len() as u64) * cheapest
        } else {
            0
        };
        bound += per_shift.max(whole_day);
    }
    bound
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_instance;

    #[test]
    fn counts_only_unavoidable_costs() {
        let inst = parse_instance(
            "SECTION_HORIZON\n2\nSECTION_SHIFTS\nD,480,\nN,480,\n\
             SECTION_STAFF\nA,D=2|N=0,9999,0,9,0,0,9\nB,D=2|N=2,9999,0,9,0,0,9\n\
             SECTION_DAYS_OFF\nB,1\nSECTION_SHIFT_ON_REQUESTS\nA,0,N,4\nA,1,D,1\nB,1,D,2\n\
             SECTION_SHIFT_OFF_REQUESTS\nSECTION_COVER\n0,N,2,10,1\n1,D,1,5,1\n1,N,1,7,1\n",
        )
        .unwrap();
        // Requests: A may not work N (4), B is off on day 1 (2).
        // Day 0: only B can work N, one missing (10).
        // Day 1: only A is free, two wanted: one missing, and N has nobody
        // able (7) against the whole-day bound (5).
        assert_eq!(lower_bound(&inst), 4 + 2 + 10 + 7);
    }
}
