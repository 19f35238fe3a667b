//! Exact re-optimisation of one staff member's whole row, the others fixed.
//!
//! The row rules (successions, run lengths with the edge exemption,
//! weekends, total minutes, days off, types never allowed) are what local
//! moves find hardest to keep together. A dynamic programme over the days
//! meets all of them at once: its state is (value worked, length of the
//! current work or off run, minutes so far in units of the shifts' common
//! divisor, weekends so far), and a day's cost is the person's requests
//! plus the change in cover cost their shift causes. The only row rule it
//! does not track exactly is the per-type maximum: a type is allowed in the
//! window only while the days outside leave it room, and the move's true
//! delta (from [`State::apply`]) prices any excess.
//!
//! The state space grows with minutes and weekends, so on long horizons the
//! programme re-optimises a window of whole weeks inside the row instead:
//! the days outside are fixed, and the window's first state and last
//! transition are checked against them (runs crossing the window's edges,
//! minutes and weekends worked outside).

use super::state::{OFF, State, Tables};

/// Largest `days × states` one programme may fill.
const MAX_CELLS: usize = 4_000_000;

/// One programme: re-optimise days `a..=b` of `e`'s row.
pub(crate) struct Window {
    e: usize,
    a: usize,
    b: usize,
    unit: i64,
    runs: usize,
    max_units: usize,
    min_units: usize,
    weekends: usize,
    track_weekends: bool,
    states: usize,
    /// Types with room left under their maximum after the days outside.
    type_ok: Vec<bool>,
}

fn unit(t: &Tables) -> i64 {
    t.minutes.iter().fold(0i64, |g, &x| gcd(g, x)).max(1)
}

impl Window {
    /// The programme for days `a..=b` of `e` given the rest of the row, or
    /// `None` when it would be too big or the rest already rules every
    /// window out. `a` must be a Monday and `b + 1` a Monday or the
    /// horizon's end, so that no weekend straddles the window's edge.
    pub fn new(st: &State<'_>, e: usize, a: usize, b: usize) -> Option<Window> {
        let t = st.t;
        debug_assert!(a.is_multiple_of(7) && ((b + 1).is_multiple_of(7) || b + 1 == t.h));
        let unit = unit(t);
        let runs = t.max_cons[e].max(t.min_cons[e]).max(t.min_off[e]).max(1);
        let outside = |d: usize| d < a || d > b;
        let minutes_out: i64 = (0..t.h)
            .filter(|&d| outside(d) && st.get(e, d) != OFF)
            .map(|d| t.minutes[usize::from(st.get(e, d))])
            .sum();
        let longest = t.minutes.iter().copied().max().unwrap_or(0) / unit;
        // Rules the days outside already break cannot be mended here: the
        // window then adds nothing to them (no minutes, no weekends).
        let room = (t.max_minutes[e] - minutes_out).div_euclid(unit).max(0);
        let max_units = (room as usize).min((b - a + 1) * longest as usize);
        let min_units = (t.min_minutes[e] - minutes_out).max(0).div_euclid(unit)
            + i64::from((t.min_minutes[e] - minutes_out).max(0) % unit != 0);
        let weekends_out = (0..t.h.div_ceil(7))
            .filter(|w| {
                (7 * w + 5..(7 * w + 7).min(t.h)).any(|d| outside(d) && st.get(e, d) != OFF)
            })
            .count() as i64;
        let budget = (t.max_weekends[e] - weekends_out).max(0);
        let inside = (a..=b).filter(|d| d % 7 == 5).count() as i64;
        let track_weekends = budget < inside;
        let weekends = if track_weekends {
            budget as usize + 1
        } else {
            1
        };
        let states = (t.n + 1) * runs * (max_units + 1) * weekends;
        let type_ok = (0..t.n)
            .map(|k| {
                let used = (0..t.h)
                    .filter(|&d| outside(d) && st.get(e, d) == k as u8)
                    .count() as i64;
                used < t.max_shifts[e * t.n + k]
            })
            .collect();
        (states.saturating_mul(b - a + 1) <= MAX_CELLS).then_some(Window {
            type_ok,
            e,
            a,
            b,
            unit,
            runs,
            max_units,
            min_units: min_units as usize,
            weekends,
            track_weekends,
            states,
        })
    }

    /// The best values for days `a..=b`: meeting every row rule but the
    /// minimum of minutes, as short of that minimum as possible, then of
    /// least cost; `None` when no values meet the other rules.
    pub fn solve(&self, st: &State<'_>) -> Option<Vec<u8>> {
        let t = st.t;
        let (n, e, a, b) = (t.n, self.e, self.a, self.b);
        let nv = n + 1;
        let val = |v: usize| if v == n { OFF } else { v as u8 };
        // Day costs, value `n` standing for a day off.
        let mut day_cost = vec![0i64; (b - a + 1) * nv];
        for d in a..=b {
            let own = st.get(e, d);
            for v in 0..nv {
                let x = val(v);
                let mut c = st.request_cost(e, d, x);
                if x != OFF {
                    let others = st.covered(d, v) - i64::from(own == x);
                    c += st.cover_cost_at(d, v, others + 1) - st.cover_cost_at(d, v, others);
                }
                day_cost[(d - a) * nv + v] = c;
            }
        }
        self.solve_priced(st, &day_cost)
    }

    /// [`Window::solve`] with the caller's price of each value on each day:
    /// `day_cost[(d - a) * (n + 1) + v]`, value `n` standing for a day off.
    /// Any prices that differ from the true day costs by a constant per day
    /// give the same row.
    pub fn solve_priced(&self, st: &State<'_>, day_cost: &[i64]) -> Option<Vec<u8>> {
        let t = st.t;
        let (h, n, e, a, b) = (t.h, t.n, self.e, self.a, self.b);
        let nv = n + 1;
        let len = b - a + 1;
        let val = |v: usize| if v == n { OFF } else { v as u8 };
        let idx_of = |v: u8| if v == OFF { n } else { usize::from(v) };
        let allowed =
            |d: usize, v: usize| -> bool { v == n || (!t.is_day_off(e, d) && self.type_ok[v]) };
        let idx = |v: usize, r: usize, m: usize, w: usize| -> usize {
            ((v * self.runs + (r - 1)) * (self.max_units + 1) + m) * self.weekends + w
        };
        let split = |s: usize| -> (usize, usize, usize, usize) {
            let w = s % self.weekends;
            let m = (s / self.weekends) % (self.max_units + 1);
            let r = (s / self.weekends / (self.max_units + 1)) % self.runs + 1;
            let v = s / self.weekends / (self.max_units + 1) / self.runs;
            (v, r, m, w)
        };
        let works_at = |d: usize| st.get(e, d) != OFF;
        const NONE: i64 = i64::MAX;
        let mut cost = vec![NONE; self.states];
        let mut next = vec![NONE; self.states];
        let mut from = vec![u32::MAX; self.states * len];

        // Transition from state `s` (yesterday = d - 1) to value `x` on `d`;
        // `d == a` with `s == None` is the horizon's first day.
        let step =
            |prev: Option<(usize, usize, usize, usize)>, d: usize, x: usize| -> Option<usize> {
                if !allowed(d, x) {
                    return None;
                }
                let now = x != n;
                let (r2, m, w, was) = match prev {
                    None => (1, 0, 0, false),
                    Some((v, r, m, w)) => {
                        let was = v != n;
                        if was && now && t.forbidden[v * n + x] {
                            return None;
                        }
                        let r2 = if was == now {
                            if now && r + 1 > t.max_cons[e] {
                                return None;
                            }
                            (r + 1).min(self.runs)
                        } else {
                            // The run of length r ending yesterday is over; it
                            // is exempt from the minimums only if it began on day 0.
                            let from_start = r == d && r < self.runs;
                            let min = if was { t.min_cons[e] } else { t.min_off[e] };
                            if !from_start && r < min {
                                return None;
                            }
                            1
                        };
                        (r2, m, w, was)
                    }
                };
                let m2 = if now {
                    m + (t.minutes[x] / self.unit) as usize
                } else {
                    m
                };
                if m2 > self.max_units {
                    return None;
                }
                let new_weekend = now
                    && self.track_weekends
                    && crate::Instance::is_weekend(d)
                    && !(d % 7 == 6 && was);
                let w2 = w + usize::from(new_weekend);
                if w2 >= self.weekends {
                    return None;
                }
                Some(idx(x, r2, m2, w2))
            };

        // The state on day a - 1: the fixed value and its run's length.
        let start = if a == 0 {
            None
        } else {
            let v0 = idx_of(st.get(e, a - 1));
            let mut r = 1;
            while r < a && works_at(a - 1 - r) == works_at(a - 1) {
                r += 1;
            }
            Some((v0, r.min(self.runs), 0, 0))
        };
        for (x, &c) in day_cost[..nv].iter().enumerate() {
            if let Some(s2) = step(start, a, x) {
                cost[s2] = cost[s2].min(c);
            }
        }
        for d in a + 1..=b {
            next.fill(NONE);
            for (s, &c) in cost.iter().enumerate() {
                if c == NONE {
                    continue;
                }
                let prev = split(s);
                for x in 0..nv {
                    let Some(s2) = step(Some(prev), d, x) else {
                        continue;
                    };
                    let c2 = c + day_cost[(d - a) * nv + x];
                    if c2 < next[s2] {
                        next[s2] = c2;
                        from[(d - a) * self.states + s2] = s as u32;
                    }
                }
            }
            std::mem::swap(&mut cost, &mut next);
        }

        // The last day must join the fixed days after the window.
        let right = (b + 1 < h).then(|| {
            let v1 = st.get(e, b + 1);
            let mut rr = 1;
            while b + 1 + rr < h && works_at(b + 1 + rr) == works_at(b + 1) {
                rr += 1;
            }
            (v1, rr, b + rr == h - 1)
        });
        let fits_right = |s: usize| -> bool {
            let (v, r, _, _) = split(s);
            let Some((v1, rr, to_end)) = right else {
                return true;
            };
            let (was, now) = (v != n, v1 != OFF);
            if was && now && t.forbidden[v * n + usize::from(v1)] {
                return false;
            }
            let from_start = r == b + 1 && r < self.runs;
            let min = |working: bool| if working { t.min_cons[e] } else { t.min_off[e] };
            if was == now {
                let merged = r + rr;
                if now && merged > t.max_cons[e] {
                    return false;
                }
                from_start || to_end || merged >= min(now)
            } else {
                // The run after the window keeps its length whatever the
                // window holds, so only the run ending on day b is checked.
                from_start || r >= min(was)
            }
        };
        // Fewest minutes missing first: when the days outside leave too few
        // minutes to reach the minimum, the window still gets the most.
        let (mut s, _) = (0..self.states)
            .filter(|&s| cost[s] != NONE && fits_right(s))
            .map(|s| (s, (self.min_units.saturating_sub(split(s).2), cost[s])))
            .min_by_key(|&(_, key)| key)?;
        let mut out = vec![OFF; len];
        for d in (a..=b).rev() {
            out[d - a] = val(split(s).0);
            if d > a {
                s = from[(d - a) * self.states + s] as usize;
            }
        }
        Some(out)
    }

    /// Asks the window for at most its share of the minimum minutes, `share`
    /// of the whole row's minimum (a sweep filling an empty row would
    /// otherwise pack its first windows).
    pub fn with_share(mut self, t: &Tables, share: f64) -> Window {
        let want = (t.min_minutes[self.e] as f64 * share / self.unit as f64).ceil() as usize;
        self.min_units = self.min_units.min(want);
        self
    }

    /// The window's last day.
    pub fn last_day(&self) -> usize {
        self.b
    }

    /// The staff member whose row it is.
    pub fn staff(&self) -> usize {
        self.e
    }

    /// The window's first day.
    pub fn first_day(&self) -> usize {
        self.a
    }

    /// Transitions [`Window::solve`] examines: its cost in time.
    pub fn work(&self, t: &Tables) -> u64 {
        (self.states * (self.b - self.a + 1) * (t.n + 1)) as u64
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}
