//! Exact re-optimisation of one staff member's whole row, the others fixed.
//!
//! The row rules (successions, run lengths with the edge exemption,
//! weekends, total minutes, days off, types never allowed) are what local
//! moves find hardest to keep together. A dynamic programme over the days
//! meets all of them at once: its state is (value worked, length of the
//! current work or off run, minutes so far in units of the shifts' common
//! divisor, weekends so far), and a day's cost is the person's requests
//! plus the change in cover cost their shift causes. The only row rule it
//! does not track is a per-type maximum above zero; the move's true delta
//! (from [`State::apply`]) still prices it.
//!
//! The state space grows with minutes and weekends, so long horizons with
//! many shift types are skipped ([`RowDp::new`] returns `None`).

use super::state::{OFF, State, Tables};

/// Largest `days × states` the programme accepts.
const MAX_CELLS: usize = 6_000_000;

/// Precomputed sizes for one staff member.
pub(crate) struct RowDp {
    e: usize,
    unit: i64,
    runs: usize,
    max_units: usize,
    min_units: usize,
    weekends: usize,
    track_weekends: bool,
    states: usize,
}

impl RowDp {
    /// The programme's shape for `e`, or `None` when it would be too big.
    pub fn new(t: &Tables, e: usize) -> Option<RowDp> {
        let unit = t.minutes.iter().fold(0i64, |g, &x| gcd(g, x)).max(1);
        let runs = t.max_cons[e].max(t.min_cons[e]).max(t.min_off[e]).max(1);
        let max_units = (t.max_minutes[e] / unit) as usize;
        let min_units = ((t.min_minutes[e] + unit - 1) / unit) as usize;
        let all_weekends = t.h.div_ceil(7);
        let track_weekends = (t.max_weekends[e] as usize) < all_weekends;
        let weekends = if track_weekends {
            t.max_weekends[e] as usize + 1
        } else {
            1
        };
        let states = (t.n + 1) * runs * (max_units + 1) * weekends;
        (states.saturating_mul(t.h) <= MAX_CELLS).then_some(RowDp {
            e,
            unit,
            runs,
            max_units,
            min_units,
            weekends,
            track_weekends,
            states,
        })
    }

    /// Transitions one [`RowDp::solve`] examines: its cost in time.
    pub fn work(&self, t: &Tables) -> u64 {
        (self.states * t.h * (t.n + 1)) as u64
    }

    /// The best row (one value per day), or `None` when no row meets the
    /// row rules.
    pub fn solve(&self, st: &State<'_>) -> Option<Vec<u8>> {
        let t = st.t;
        let (h, n, e) = (t.h, t.n, self.e);
        let nv = n + 1;
        // Day costs, value `n` standing for a day off.
        let mut day_cost = vec![0i64; h * nv];
        for d in 0..h {
            let own = st.get(e, d);
            for v in 0..nv {
                let x = if v == n { OFF } else { v as u8 };
                let mut c = st.request_cost(e, d, x);
                if x != OFF {
                    let others = st.covered(d, v) - i64::from(own == x);
                    c += st.cover_cost_at(d, v, others + 1) - st.cover_cost_at(d, v, others);
                }
                day_cost[d * nv + v] = c;
            }
        }
        let allowed = |d: usize, v: usize| -> bool {
            v == n || (!t.is_day_off(e, d) && t.max_shifts[e * n + v] > 0)
        };
        let idx = |v: usize, r: usize, m: usize, w: usize| -> usize {
            ((v * self.runs + (r - 1)) * (self.max_units + 1) + m) * self.weekends + w
        };
        const NONE: i64 = i64::MAX;
        let mut cost = vec![NONE; self.states];
        let mut next = vec![NONE; self.states];
        let mut from = vec![u32::MAX; self.states * h];
        for v in 0..nv {
            if !allowed(0, v) {
                continue;
            }
            let works = v != n;
            let m = if works {
                (t.minutes[v] / self.unit) as usize
            } else {
                0
            };
            let w = usize::from(works && self.track_weekends && crate::Instance::is_weekend(0));
            if m > self.max_units || w >= self.weekends {
                continue;
            }
            cost[idx(v, 1, m, w)] = day_cost[v];
        }
        for d in 1..h {
            next.fill(NONE);
            for (s, &c) in cost.iter().enumerate() {
                if c == NONE {
                    continue;
                }
                let w = s % self.weekends;
                let m = (s / self.weekends) % (self.max_units + 1);
                let r = (s / self.weekends / (self.max_units + 1)) % self.runs + 1;
                let v = s / self.weekends / (self.max_units + 1) / self.runs;
                let was = v != n;
                for x in 0..nv {
                    if !allowed(d, x) {
                        continue;
                    }
                    let now = x != n;
                    if was && now && t.forbidden[v * n + x] {
                        continue;
                    }
                    let r2 = if was == now {
                        if now && r + 1 > t.max_cons[e] {
                            continue;
                        }
                        (r + 1).min(self.runs)
                    } else {
                        // The run of length r ending yesterday is over; it is
                        // exempt from the minimums only if it began on day 0.
                        let from_start = r == d && r < self.runs;
                        if !from_start {
                            let min = if was { t.min_cons[e] } else { t.min_off[e] };
                            if r < min {
                                continue;
                            }
                        }
                        1
                    };
                    let m2 = if now {
                        m + (t.minutes[x] / self.unit) as usize
                    } else {
                        m
                    };
                    if m2 > self.max_units {
                        continue;
                    }
                    let new_weekend = now
                        && self.track_weekends
                        && crate::Instance::is_weekend(d)
                        && !(d % 7 == 6 && was);
                    let w2 = w + usize::from(new_weekend);
                    if w2 >= self.weekends {
                        continue;
                    }
                    let s2 = idx(x, r2, m2, w2);
                    let c2 = c + day_cost[d * nv + x];
                    if c2 < next[s2] {
                        next[s2] = c2;
                        from[d * self.states + s2] = s as u32;
                    }
                }
            }
            std::mem::swap(&mut cost, &mut next);
        }
        let (mut s, _) = (0..self.states)
            .filter(|&s| {
                cost[s] != NONE && (s / self.weekends) % (self.max_units + 1) >= self.min_units
            })
            .map(|s| (s, cost[s]))
            .min_by_key(|&(_, c)| c)?;
        let mut row = vec![OFF; h];
        for d in (0..h).rev() {
            let v = s / self.weekends / (self.max_units + 1) / self.runs;
            row[d] = if v == n { OFF } else { v as u8 };
            if d > 0 {
                s = from[d * self.states + s] as usize;
            }
        }
        Some(row)
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}
