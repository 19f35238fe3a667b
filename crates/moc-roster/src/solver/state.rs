//! The solver's working roster and its incremental score.
//!
//! The score is `soft + λ·hard`: `soft` is the benchmark objective and
//! `hard` the weighted amount by which hard rules are broken (see
//! [`super::hard_weight`]), so the search may cross infeasible rosters and
//! λ pulls it back. Every term depends either on one (day, shift) cover
//! cell or on one staff member's row, so a move is scored by re-scoring
//! only what it touches: the cover cells it changes, and for each staff
//! member it changes, their count-based terms (O(shift types)), the cells
//! it changes, and the runs and successions around its window of days.
//!
//! This code is deliberately separate from [`crate::evaluate()`]; a property
//! test checks they agree after every move.

use crate::evaluate::ViolationKind;
use crate::model::Instance;

use super::hard_weight;

/// The cell value for a day off.
pub(crate) const OFF: u8 = u8::MAX;

/// The instance flattened into arrays the search reads in its inner loop.
pub(crate) struct Tables {
    pub h: usize,
    pub n: usize,
    pub m: usize,
    pub(crate) minutes: Vec<i64>,
    /// `forbidden[a * n + b]`: shift `b` may not follow shift `a`.
    pub(crate) forbidden: Vec<bool>,
    pub(crate) max_shifts: Vec<i64>,
    pub(crate) max_minutes: Vec<i64>,
    pub(crate) min_minutes: Vec<i64>,
    pub(crate) max_cons: Vec<usize>,
    pub(crate) min_cons: Vec<usize>,
    pub(crate) min_off: Vec<usize>,
    pub(crate) max_weekends: Vec<i64>,
    day_off: Vec<bool>,
    /// Requests of cell `e * h + d` are `req[req_at[c]..req_at[c + 1]]`:
    /// (shift, weight, is_on_request).
    req_at: Vec<u32>,
    req: Vec<(u8, i64, bool)>,
    cover_req: Vec<i64>,
    under_w: Vec<i64>,
    over_w: Vec<i64>,
    weeks: usize,
    w_unit: i64,
    w_minute: i64,
    w_succ: i64,
    w_day_off: i64,
}

impl Tables {
    /// Flattens `inst`.
    ///
    /// # Panics
    /// If the instance has more than 254 shift types (cells are bytes).
    pub fn new(inst: &Instance) -> Tables {
        let (h, n, m) = (inst.horizon, inst.shifts.len(), inst.staff.len());
        assert!(n < usize::from(OFF), "at most 254 shift types");
        let mut forbidden = vec![false; n * n];
        for (a, s) in inst.shifts.iter().enumerate() {
            for &b in &s.forbidden_next {
                forbidden[a * n + b] = true;
            }
        }
        let mut day_off = vec![false; m * h];
        for (e, s) in inst.staff.iter().enumerate() {
            for &d in &s.days_off {
                day_off[e * h + d] = true;
            }
        }
        let mut by_cell: Vec<Vec<(u8, i64, bool)>> = vec![Vec::new(); m * h];
        for (list, on) in [(&inst.on_requests, true), (&inst.off_requests, false)] {
            for r in list {
                by_cell[r.staff * h + r.day].push((r.shift as u8, i64::from(r.weight), on));
            }
        }
        let mut req_at = Vec::with_capacity(m * h + 1);
        let mut req = Vec::new();
        for cell in by_cell {
            req_at.push(req.len() as u32);
            req.extend(cell);
        }
        req_at.push(req.len() as u32);
        let per_staff = |f: &dyn Fn(&crate::Staff) -> u32| -> Vec<i64> {
            inst.staff.iter().map(|s| i64::from(f(s))).collect()
        };
        Tables {
            h,
            n,
            m,
            minutes: inst.shifts.iter().map(|s| i64::from(s.minutes)).collect(),
            forbidden,
            max_shifts: inst
                .staff
                .iter()
                .flat_map(|s| s.max_shifts.iter().map(|&x| i64::from(x)))
                .collect(),
            max_minutes: per_staff(&|s| s.max_minutes),
            min_minutes: per_staff(&|s| s.min_minutes),
            max_cons: inst
                .staff
                .iter()
                .map(|s| s.max_consecutive as usize)
                .collect(),
            min_cons: inst
                .staff
                .iter()
                .map(|s| s.min_consecutive as usize)
                .collect(),
            min_off: inst.staff.iter().map(|s| s.min_days_off as usize).collect(),
            max_weekends: per_staff(&|s| s.max_weekends),
            day_off,
            req_at,
            req,
            cover_req: inst
                .cover
                .iter()
                .map(|c| i64::from(c.requirement))
                .collect(),
            under_w: inst
                .cover
                .iter()
                .map(|c| i64::from(c.under_weight))
                .collect(),
            over_w: inst
                .cover
                .iter()
                .map(|c| i64::from(c.over_weight))
                .collect(),
            weeks: h.div_ceil(7),
            w_unit: hard_weight(ViolationKind::MaxShifts),
            w_minute: hard_weight(ViolationKind::MinMinutes),
            w_succ: hard_weight(ViolationKind::ForbiddenSuccession),
            w_day_off: hard_weight(ViolationKind::DayOff),
        }
    }

    /// Whether `e` may not work on `d`.
    pub fn is_day_off(&self, e: usize, d: usize) -> bool {
        self.day_off[e * self.h + d]
    }

    /// Wanted staff on `(d, k)`.
    pub fn requirement(&self, d: usize, k: usize) -> i64 {
        self.cover_req[d * self.n + k]
    }
}

/// A (soft, hard) pair of cost totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Cost {
    pub soft: i64,
    pub hard: i64,
}

impl std::ops::Add for Cost {
    type Output = Cost;
    fn add(self, o: Cost) -> Cost {
        Cost {
            soft: self.soft + o.soft,
            hard: self.hard + o.hard,
        }
    }
}

impl std::ops::Sub for Cost {
    type Output = Cost;
    fn sub(self, o: Cost) -> Cost {
        Cost {
            soft: self.soft - o.soft,
            hard: self.hard - o.hard,
        }
    }
}

/// A roster under search, with the counters its incremental score needs.
#[derive(Clone)]
pub(crate) struct State<'t> {
    pub t: &'t Tables,
    /// `grid[e * h + d]`: the shift worked, or [`OFF`].
    pub grid: Vec<u8>,
    count: Vec<i64>,
    minutes: Vec<i64>,
    weekend_days: Vec<u8>,
    weekends: Vec<i64>,
    cover: Vec<i64>,
    /// The current totals.
    pub cost: Cost,
    groups: Vec<(usize, usize, usize)>,
    cells: Vec<usize>,
}

impl<'t> State<'t> {
    /// The roster where nobody works.
    pub fn new(t: &'t Tables) -> State<'t> {
        let mut s = State {
            t,
            grid: vec![OFF; t.m * t.h],
            count: vec![0; t.m * t.n],
            minutes: vec![0; t.m],
            weekend_days: vec![0; t.m * t.weeks],
            weekends: vec![0; t.m],
            cover: vec![0; t.h * t.n],
            cost: Cost::default(),
            groups: Vec::new(),
            cells: Vec::new(),
        };
        s.cost = s.full_cost();
        s
    }

    /// The shift `e` works on `d`, or [`OFF`].
    pub fn get(&self, e: usize, d: usize) -> u8 {
        self.grid[e * self.t.h + d]
    }

    /// How many work shift `k` on day `d`.
    pub fn covered(&self, d: usize, k: usize) -> i64 {
        self.cover[d * self.t.n + k]
    }

    /// The cover cost of `(d, k)` if `count` people worked it.
    pub fn cover_cost_at(&self, d: usize, k: usize, count: i64) -> i64 {
        let i = d * self.t.n + k;
        let diff = count - self.t.cover_req[i];
        if diff < 0 {
            -diff * self.t.under_w[i]
        } else {
            diff * self.t.over_w[i]
        }
    }

    /// The request cost of `e` working `v` (or [`OFF`]) on `d`.
    pub fn request_cost(&self, e: usize, d: usize, v: u8) -> i64 {
        let t = self.t;
        let at = e * t.h + d;
        t.req[t.req_at[at] as usize..t.req_at[at + 1] as usize]
            .iter()
            .filter(|&&(k, _, on)| on != (k == v))
            .map(|&(_, w, _)| w)
            .sum()
    }

    /// The score `scale · objective + lambda · hard`.
    pub fn score(&self, scale: i64, lambda: i64) -> i64 {
        scale * self.cost.soft + lambda * self.cost.hard
    }

    /// Sets every cell to `grid` and recomputes everything.
    pub fn load(&mut self, grid: &[u8]) {
        for e in 0..self.t.m {
            for d in 0..self.t.h {
                self.set(e, d, grid[e * self.t.h + d]);
            }
        }
        self.cost = self.full_cost();
    }

    /// Applies `changes` (staff, day, new value), records the old values in
    /// `undo` (cleared first) and returns the change in cost.
    pub fn apply(
        &mut self,
        changes: &[(usize, usize, u8)],
        undo: &mut Vec<(usize, usize, u8)>,
    ) -> Cost {
        undo.clear();
        let mut groups = std::mem::take(&mut self.groups);
        let mut cells = std::mem::take(&mut self.cells);
        groups.clear();
        cells.clear();
        for &(e, d, v) in changes {
            match groups.iter_mut().find(|g| g.0 == e) {
                Some(g) => {
                    g.1 = g.1.min(d);
                    g.2 = g.2.max(d);
                }
                None => groups.push((e, d, d)),
            }
            let old = self.get(e, d);
            for x in [old, v] {
                if x != OFF {
                    cells.push(d * self.t.n + usize::from(x));
                }
            }
        }
        cells.sort_unstable();
        cells.dedup();
        let before = self.local(&groups, &cells);
        for &(e, d, v) in changes {
            undo.push((e, d, self.get(e, d)));
            self.set(e, d, v);
        }
        let after = self.local(&groups, &cells);
        self.groups = groups;
        self.cells = cells;
        let delta = after - before;
        self.cost = self.cost + delta;
        delta
    }

    /// Undoes the last [`State::apply`] given its `undo` record and the
    /// cost before it (cheaper than scoring the way back).
    pub fn revert(&mut self, undo: &[(usize, usize, u8)], cost: Cost) {
        // Reverse order restores a cell changed twice to its first value.
        for &(e, d, v) in undo.iter().rev() {
            self.set(e, d, v);
        }
        self.cost = cost;
    }

    /// The totals recomputed from the counters (used at load and in tests).
    pub fn full_cost(&self) -> Cost {
        let t = self.t;
        let mut c = Cost::default();
        for e in 0..t.m {
            c = c + self.staff_counts(e) + self.runs(e, 0, t.h - 1);
            for d in 0..t.h {
                c = c + self.cell(e, d);
            }
        }
        for i in 0..t.h * t.n {
            c = c + self.cover_cost(i);
        }
        c
    }

    /// The hard points of `e`'s row (O(days)): to aim moves at broken rows.
    pub fn staff_hard(&self, e: usize) -> i64 {
        let mut c = self.staff_counts(e) + self.runs(e, 0, self.t.h - 1);
        for d in 0..self.t.h {
            c = c + self.cell(e, d);
        }
        c.hard
    }

    fn local(&self, groups: &[(usize, usize, usize)], cells: &[usize]) -> Cost {
        let mut c = Cost::default();
        for &(e, a, b) in groups {
            c = c + self.staff_counts(e) + self.runs(e, a, b);
            for d in a..=b {
                c = c + self.cell(e, d);
            }
        }
        for &i in cells {
            c = c + self.cover_cost(i);
        }
        c
    }

    fn set(&mut self, e: usize, d: usize, v: u8) {
        let t = self.t;
        let at = e * t.h + d;
        let old = self.grid[at];
        if old == v {
            return;
        }
        self.grid[at] = v;
        if old != OFF {
            let k = usize::from(old);
            self.count[e * t.n + k] -= 1;
            self.minutes[e] -= t.minutes[k];
            self.cover[d * t.n + k] -= 1;
        }
        if v != OFF {
            let k = usize::from(v);
            self.count[e * t.n + k] += 1;
            self.minutes[e] += t.minutes[k];
            self.cover[d * t.n + k] += 1;
        }
        if (old == OFF) != (v == OFF) && crate::Instance::is_weekend(d) {
            let w = e * t.weeks + d / 7;
            let was = self.weekend_days[w] > 0;
            if v == OFF {
                self.weekend_days[w] -= 1;
            } else {
                self.weekend_days[w] += 1;
            }
            let is = self.weekend_days[w] > 0;
            self.weekends[e] += i64::from(is) - i64::from(was);
        }
    }

    /// Terms of `e` that depend only on counters.
    fn staff_counts(&self, e: usize) -> Cost {
        let t = self.t;
        let mut hard = 0;
        for k in 0..t.n {
            hard += (self.count[e * t.n + k] - t.max_shifts[e * t.n + k]).max(0) * t.w_unit;
        }
        let mins = self.minutes[e];
        hard += ((mins - t.max_minutes[e]).max(0) + (t.min_minutes[e] - mins).max(0)) * t.w_minute;
        hard += (self.weekends[e] - t.max_weekends[e]).max(0) * t.w_unit;
        Cost { soft: 0, hard }
    }

    /// Terms of one cell of `e`: requests and days off.
    fn cell(&self, e: usize, d: usize) -> Cost {
        let t = self.t;
        let v = self.get(e, d);
        let mut c = Cost::default();
        let at = e * t.h + d;
        for &(k, w, on) in &t.req[t.req_at[at] as usize..t.req_at[at + 1] as usize] {
            if on != (k == v) {
                c.soft += w;
            }
        }
        if v != OFF && t.day_off[at] {
            c.hard += t.w_day_off;
        }
        c
    }

    /// Successions around `[a, b]` and every run of `e` that meets
    /// `[a - 1, b + 1]`: all the sequence terms a change inside `[a, b]`
    /// can alter.
    fn runs(&self, e: usize, a: usize, b: usize) -> Cost {
        let t = self.t;
        let h = t.h;
        let row = &self.grid[e * h..(e + 1) * h];
        let lo = a.saturating_sub(1);
        let hi = (b + 1).min(h - 1);
        let mut hard = 0;
        for d in lo..hi {
            let (x, y) = (row[d], row[d + 1]);
            if x != OFF && y != OFF && t.forbidden[usize::from(x) * t.n + usize::from(y)] {
                hard += t.w_succ;
            }
        }
        let works = |d: usize| row[d] != OFF;
        let mut s = lo;
        while s > 0 && works(s - 1) == works(lo) {
            s -= 1;
        }
        loop {
            let w = works(s);
            let mut end = s;
            while end + 1 < h && works(end + 1) == w {
                end += 1;
            }
            let len = end - s + 1;
            let inside = s > 0 && end + 1 < h;
            if w {
                hard += len.saturating_sub(t.max_cons[e]) as i64 * t.w_unit;
                if inside {
                    hard += t.min_cons[e].saturating_sub(len) as i64 * t.w_unit;
                }
            } else if inside {
                hard += t.min_off[e].saturating_sub(len) as i64 * t.w_unit;
            }
            if end >= hi {
                break;
            }
            s = end + 1;
        }
        Cost { soft: 0, hard }
    }

    fn cover_cost(&self, i: usize) -> Cost {
        let t = self.t;
        let diff = self.cover[i] - t.cover_req[i];
        let soft = if diff < 0 {
            -diff * t.under_w[i]
        } else {
            diff * t.over_w[i]
        };
        Cost { soft, hard: 0 }
    }
}
