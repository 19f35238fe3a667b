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
//! The mechanism's terms fit the same pattern: patrol rules are part of a
//! cover cell's cost, unapproved work of a staff cell's, cohesion is one
//! term per (team, day) touched, and fairness is one global term read from
//! running sums (O(parties) per move).
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
    /// Day off or not approved: moves never put work there.
    blocked: Vec<bool>,
    /// The mechanism's rules; `None` for a benchmark instance, whose
    /// scoring then runs exactly the benchmark's code.
    pub(crate) ext: Option<Ext>,
}

/// No party or no team.
const NONE: u32 = u32::MAX;

/// [`crate::Extensions`] flattened. Patrol cells ("slots") are indexed like
/// cover cells, `d * n + k`.
pub(crate) struct Ext {
    np: usize,
    nl: usize,
    /// Per staff member: party or [`NONE`], approved, role bits.
    party: Vec<u32>,
    approved: Vec<bool>,
    role_bits: Vec<u64>,
    /// Languages of `e` are `lang[lang_at[e]..lang_at[e + 1]]`.
    lang_at: Vec<u32>,
    lang: Vec<u32>,
    /// Per staff member: team or [`NONE`]; the members of each team.
    team: Vec<u32>,
    team_members: Vec<Vec<u32>>,
    /// Per slot: whether it has a hard rule, its minima, its risk.
    has_rules: Vec<bool>,
    party_min: Vec<i64>,
    lang_min: Vec<i64>,
    risk: Vec<i64>,
    /// Roles slot `i` asks for: `roles[role_at[i]..role_at[i + 1]]` as
    /// (role, positions); its table of `2^q` counters starts at `f_at[i]`.
    role_at: Vec<u32>,
    roles: Vec<(u32, i64)>,
    f_at: Vec<u32>,
    /// Soft weights and the price of one unit of the hard rules.
    w_duty: i64,
    w_risk: i64,
    w_party_duty: i64,
    w_party_risk: i64,
    w_cohesion: i64,
    w_quota: i64,
    w_role: i64,
    w_lang: i64,
    w_unapproved: i64,
    /// Approved members, in all and per party.
    pop: i64,
    heads: Vec<i64>,
    pub(crate) uses_fairness: bool,
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
        let mut t = Tables {
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
            day_off: day_off.clone(),
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
            blocked: day_off.clone(),
            ext: None,
        };
        if inst.extensions != crate::Extensions::default() {
            let ext = Ext::new(inst);
            for (e, &ok) in ext.approved.iter().enumerate() {
                if !ok {
                    t.blocked[e * h..(e + 1) * h].fill(true);
                }
            }
            t.ext = Some(ext);
        }
        t
    }

    /// Whether `e` may not work on `d`: a day off, or not approved.
    pub fn is_day_off(&self, e: usize, d: usize) -> bool {
        self.blocked[e * self.h + d]
    }

    /// Wanted staff on `(d, k)`.
    pub fn requirement(&self, d: usize, k: usize) -> i64 {
        self.cover_req[d * self.n + k]
    }
}

impl Ext {
    fn new(inst: &Instance) -> Ext {
        let x = &inst.extensions;
        let (m, n) = (inst.staff.len(), inst.shifts.len());
        let slots = inst.horizon * n;
        let (np, nl) = (x.parties.len(), x.languages.len());
        let member = |e: usize| x.members.get(e);
        let mut lang_at = vec![0u32];
        let mut lang = Vec::new();
        for e in 0..m {
            if let Some(mm) = member(e) {
                lang.extend(mm.languages.iter().map(|&l| l as u32));
            }
            lang_at.push(lang.len() as u32);
        }
        let team: Vec<u32> = (0..m)
            .map(|e| member(e).and_then(|mm| mm.team).map_or(NONE, |t| t as u32))
            .collect();
        let teams = team
            .iter()
            .filter(|&&t| t != NONE)
            .max()
            .map_or(0, |&t| t as usize + 1);
        let mut team_members = vec![Vec::new(); teams];
        for (e, &tm) in team.iter().enumerate() {
            if tm != NONE {
                team_members[tm as usize].push(e as u32);
            }
        }
        let approved: Vec<bool> = (0..m)
            .map(|e| member(e).is_none_or(|mm| mm.approved))
            .collect();
        let party: Vec<u32> = (0..m)
            .map(|e| member(e).map_or(NONE, |mm| mm.party as u32))
            .collect();
        let pop = approved.iter().filter(|&&a| a).count() as i64;
        let mut heads = vec![0i64; np];
        for e in 0..m {
            if approved[e] && party[e] != NONE {
                heads[party[e] as usize] += 1;
            }
        }
        let rule = |i: usize| x.slots.get(i);
        let dense = |list: &[u32], len: usize| -> Vec<i64> {
            (0..len)
                .map(|j| list.get(j).map_or(0, |&v| i64::from(v)))
                .collect()
        };
        let mut party_min = Vec::with_capacity(slots * np);
        let mut lang_min = Vec::with_capacity(slots * nl);
        let mut role_at = vec![0u32];
        let mut roles = Vec::new();
        let mut f_at = vec![0u32];
        let mut has_rules = Vec::with_capacity(slots);
        for i in 0..slots {
            let r = rule(i);
            party_min.extend(dense(r.map_or(&[], |r| &r.party_min), np));
            lang_min.extend(dense(r.map_or(&[], |r| &r.language_min), nl));
            let asked: Vec<(u32, i64)> = r
                .map_or(&[][..], |r| &r.role_min)
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c > 0)
                .map(|(role, &c)| (role as u32, i64::from(c)))
                .collect();
            has_rules.push(r.is_some_and(|r| {
                r.party_min
                    .iter()
                    .chain(&r.language_min)
                    .chain(&r.role_min)
                    .any(|&c| c > 0)
            }));
            let q = asked.len();
            roles.extend(asked);
            role_at.push(roles.len() as u32);
            let table = if q == 0 { 0 } else { 1u32 << q };
            f_at.push(f_at[i] + table);
        }
        let w = x.weights;
        Ext {
            np,
            nl,
            role_bits: (0..m)
                .map(|e| member(e).map_or(0, |mm| mm.roles.iter().fold(0u64, |b, &r| b | 1 << r)))
                .collect(),
            party,
            approved,
            lang_at,
            lang,
            team,
            team_members,
            has_rules,
            party_min,
            lang_min,
            risk: (0..slots)
                .map(|i| rule(i).map_or(0, |r| i64::from(r.risk)))
                .collect(),
            role_at,
            roles,
            f_at,
            w_duty: i64::from(w.duty_spread),
            w_risk: i64::from(w.risk_spread),
            w_party_duty: i64::from(w.party_duty_spread),
            w_party_risk: i64::from(w.party_risk_spread),
            w_cohesion: i64::from(w.cohesion),
            w_quota: hard_weight(ViolationKind::PartyQuota),
            w_role: hard_weight(ViolationKind::RoleCover),
            w_lang: hard_weight(ViolationKind::LanguageCover),
            w_unapproved: hard_weight(ViolationKind::Unapproved),
            pop,
            heads,
            uses_fairness: w.duty_spread > 0
                || w.risk_spread > 0
                || w.party_duty_spread > 0
                || w.party_risk_spread > 0,
        }
    }

    /// The roles slot `i` asks for.
    fn slot_roles(&self, i: usize) -> &[(u32, i64)] {
        &self.roles[self.role_at[i] as usize..self.role_at[i + 1] as usize]
    }

    /// `e`'s roles as bits over the roles slot `i` asks for.
    fn projection(&self, e: usize, i: usize) -> usize {
        let bits = self.role_bits[e];
        self.slot_roles(i)
            .iter()
            .enumerate()
            .filter(|&(_, &(r, _))| bits >> r & 1 == 1)
            .fold(0, |p, (j, _)| p | 1 << j)
    }

    fn languages(&self, e: usize) -> &[u32] {
        &self.lang[self.lang_at[e] as usize..self.lang_at[e + 1] as usize]
    }

    /// Whether some member is in a team.
    pub(crate) fn has_teams(&self) -> bool {
        !self.team_members.is_empty()
    }

    /// The members of `e`'s team (`e` included); `e` must be in one.
    pub(crate) fn teammates(&self, e: usize) -> &[u32] {
        &self.team_members[self.team[e] as usize]
    }

    /// Whether `a` and `b` are in the same party.
    pub(crate) fn same_party(&self, a: usize, b: usize) -> bool {
        self.party[a] != NONE && self.party[a] == self.party[b]
    }

    /// Whether `e` is a team member.
    pub(crate) fn has_team(&self, e: usize) -> bool {
        self.team[e] != NONE
    }
}

/// What one patrol lacks, as bit sets (parties and languages beyond the
/// 64th are never listed).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Wants {
    any: bool,
    parties: u64,
    roles: u64,
    languages: u64,
}

impl Wants {
    /// Whether the patrol lacks some party, role or language.
    pub fn lacks_any(&self) -> bool {
        self.any
    }
}

/// Counters of the mechanism's terms.
#[derive(Clone, Default)]
struct ExtCounts {
    /// Members of each party and speakers of each language, per slot.
    party: Vec<i64>,
    lang: Vec<i64>,
    /// Per slot `i`, `f[f_at[i] + T]`: members whose projection (see
    /// [`Ext::projection`]) is a subset of `T`.
    f: Vec<i64>,
    /// Shifts and risk worked, per staff member (approved ones only).
    duty: Vec<i64>,
    risky: Vec<i64>,
    /// Sums over approved members of duty, its square, risk, its square.
    sx: i64,
    sxx: i64,
    sy: i64,
    syy: i64,
    /// Duty and risk per party.
    party_duty: Vec<i64>,
    party_risk: Vec<i64>,
    /// Scratch: (team, day) keys a move touches.
    team_days: Vec<usize>,
}

impl ExtCounts {
    fn new(t: &Tables, x: &Ext) -> ExtCounts {
        let slots = t.h * t.n;
        ExtCounts {
            party: vec![0; slots * x.np],
            lang: vec![0; slots * x.nl],
            f: vec![0; *x.f_at.last().unwrap_or(&0) as usize],
            duty: vec![0; t.m],
            risky: vec![0; t.m],
            party_duty: vec![0; x.np],
            party_risk: vec![0; x.np],
            ..ExtCounts::default()
        }
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
    /// The mechanism's counters (empty without extensions).
    xc: ExtCounts,
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
            xc: t
                .ext
                .as_ref()
                .map(|x| ExtCounts::new(t, x))
                .unwrap_or_default(),
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
        let mut before = self.local(&groups, &cells);
        let mut team_days = std::mem::take(&mut self.xc.team_days);
        if let Some(x) = &self.t.ext {
            team_days.clear();
            for &(e, a, b) in &groups {
                if x.has_team(e) {
                    let tm = x.team[e] as usize;
                    team_days.extend((a..=b).map(|d| tm * self.t.h + d));
                }
            }
            team_days.sort_unstable();
            team_days.dedup();
            before = before + self.ext_global(&team_days);
        }
        for &(e, d, v) in changes {
            undo.push((e, d, self.get(e, d)));
            self.set(e, d, v);
        }
        let mut after = self.local(&groups, &cells);
        if self.t.ext.is_some() {
            after = after + self.ext_global(&team_days);
        }
        self.xc.team_days = team_days;
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
        if let Some(x) = &t.ext {
            let all: Vec<usize> = (0..x.team_members.len() * t.h).collect();
            c = c + self.ext_global(&all);
        }
        c
    }

    /// The change in the terms outside `e`'s row (the patrol cells and
    /// `e`'s team on `d`; fairness left out) if `e` worked `x` on `d`, the
    /// rest unchanged: what a row programme adds per day.
    pub fn outside_delta(&mut self, e: usize, d: usize, x: u8) -> Cost {
        let old = self.get(e, d);
        if old == x {
            return Cost::default();
        }
        let before = self.outside(e, d, old, x);
        self.set(e, d, x);
        let after = self.outside(e, d, old, x);
        self.set(e, d, old);
        after - before
    }

    fn outside(&self, e: usize, d: usize, a: u8, b: u8) -> Cost {
        let t = self.t;
        let mut c = Cost::default();
        for v in [a, b] {
            if v != OFF {
                c = c + self.cover_cost(d * t.n + usize::from(v));
            }
        }
        if let Some(x) = &t.ext
            && x.has_team(e)
        {
            c.soft += self.team_day_cost(x, x.team[e] as usize * t.h + d);
        }
        c
    }

    /// What patrol `(d, k)` still lacks, for [`State::mends`].
    pub fn slot_wants(&self, d: usize, k: usize) -> Wants {
        let mut w = Wants::default();
        let Some(x) = &self.t.ext else {
            return w;
        };
        let i = d * self.t.n + k;
        if !x.has_rules[i] {
            return w;
        }
        let c = &self.xc;
        for p in 0..x.np.min(64) {
            if c.party[i * x.np + p] < x.party_min[i * x.np + p] {
                w.parties |= 1 << p;
            }
        }
        for l in 0..x.nl.min(64) {
            if c.lang[i * x.nl + l] < x.lang_min[i * x.nl + l] {
                w.languages |= 1 << l;
            }
        }
        let asked = x.slot_roles(i);
        if !asked.is_empty() && self.slot_hard(x, i) > 0 {
            // A role is wanted when fewer members able to fill it work
            // the patrol than it has positions (a cheap, partial test: the
            // matching may still lack positions when this finds none).
            let f = &c.f[x.f_at[i] as usize..];
            let full = (1usize << asked.len()) - 1;
            for (j, &(r, need)) in asked.iter().enumerate() {
                if f[full] - f[full ^ (1 << j)] < need {
                    w.roles |= 1 << r;
                }
            }
            if w.roles == 0 {
                w.roles = asked.iter().fold(0, |b, &(r, _)| b | 1 << r);
            }
        }
        w.any = w.parties != 0 || w.languages != 0 || w.roles != 0;
        w
    }

    /// Whether `e` would give patrol what `wants` lists (always, when it
    /// lacks nothing).
    pub fn mends(&self, wants: &Wants, e: usize) -> bool {
        let Some(x) = &self.t.ext else {
            return true;
        };
        if !wants.any {
            return true;
        }
        let party = x.party[e];
        (party != NONE && party < 64 && wants.parties >> party & 1 == 1)
            || x.role_bits[e] & wants.roles != 0
            || x.languages(e)
                .iter()
                .any(|&l| l < 64 && wants.languages >> l & 1 == 1)
    }

    /// Fairness (global) plus the cohesion of `team_days` (`team * h + day`).
    fn ext_global(&self, team_days: &[usize]) -> Cost {
        let Some(x) = &self.t.ext else {
            return Cost::default();
        };
        let mut soft = 0;
        if x.w_cohesion > 0 {
            for &k in team_days {
                soft += self.team_day_cost(x, k);
            }
        }
        if x.uses_fairness {
            soft += self.fairness(x);
        }
        Cost { soft, hard: 0 }
    }

    /// Pairs of one team split on one day, times the weight.
    fn team_day_cost(&self, x: &Ext, key: usize) -> i64 {
        if x.w_cohesion == 0 {
            return 0;
        }
        let h = self.t.h;
        let (tm, d) = (key / h, key % h);
        let members = &x.team_members[tm];
        let size = members.len() as i64;
        let mut same = 0i64;
        for (j, &a) in members.iter().enumerate() {
            let va = self.grid[a as usize * h + d];
            same += members[..j]
                .iter()
                .filter(|&&b| self.grid[b as usize * h + d] == va)
                .count() as i64;
        }
        (size * (size - 1) / 2 - same) * x.w_cohesion
    }

    /// The four spreads, from the running sums.
    fn fairness(&self, x: &Ext) -> i64 {
        let c = &self.xc;
        let spread = |w: i64, s: i64, ss: i64| -> i128 {
            if w == 0 || x.pop == 0 {
                return 0;
            }
            let (m, s, ss) = (i128::from(x.pop), i128::from(s), i128::from(ss));
            i128::from(w) * (m * ss - s * s) / m
        };
        let party = |w: i64, totals: &[i64]| -> i128 {
            let big_m: i128 = x.heads.iter().map(|&n| i128::from(n)).sum();
            if w == 0 || big_m == 0 {
                return 0;
            }
            let big_t: i128 = totals.iter().map(|&v| i128::from(v)).sum();
            let num: i128 = x
                .heads
                .iter()
                .zip(totals)
                .map(|(&n, &v)| (big_m * i128::from(v) - i128::from(n) * big_t).pow(2))
                .sum();
            i128::from(w) * num / (big_m * big_m)
        };
        let total = spread(x.w_duty, c.sx, c.sxx)
            + spread(x.w_risk, c.sy, c.syy)
            + party(x.w_party_duty, &c.party_duty)
            + party(x.w_party_risk, &c.party_risk);
        i64::try_from(total).unwrap_or(i64::MAX / 4)
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
        if let Some(x) = &t.ext {
            self.set_ext(x, e, d, old, v);
        }
    }

    fn set_ext(&mut self, x: &Ext, e: usize, d: usize, old: u8, v: u8) {
        let n = self.t.n;
        let c = &mut self.xc;
        for (val, delta) in [(old, -1i64), (v, 1)] {
            if val == OFF {
                continue;
            }
            let i = d * n + usize::from(val);
            if x.party[e] != NONE {
                c.party[i * x.np + x.party[e] as usize] += delta;
            }
            for &l in x.languages(e) {
                c.lang[i * x.nl + l as usize] += delta;
            }
            let q = x.role_at[i + 1] - x.role_at[i];
            if q > 0 {
                let full = (1usize << q) - 1;
                let base = x.f_at[i] as usize;
                let p = x.projection(e, i);
                let mut sup = p;
                loop {
                    c.f[base + sup] += delta;
                    if sup == full {
                        break;
                    }
                    sup = (sup + 1) | p;
                }
            }
        }
        if x.approved[e] {
            let risk = |val: u8| {
                if val == OFF {
                    0
                } else {
                    x.risk[d * n + usize::from(val)]
                }
            };
            let dx = i64::from(v != OFF) - i64::from(old != OFF);
            let dy = risk(v) - risk(old);
            let (x0, y0) = (c.duty[e], c.risky[e]);
            let (x1, y1) = (x0 + dx, y0 + dy);
            c.duty[e] = x1;
            c.risky[e] = y1;
            c.sx += dx;
            c.sxx += x1 * x1 - x0 * x0;
            c.sy += dy;
            c.syy += y1 * y1 - y0 * y0;
            if x.party[e] != NONE {
                c.party_duty[x.party[e] as usize] += dx;
                c.party_risk[x.party[e] as usize] += dy;
            }
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
        if let Some(x) = &t.ext
            && v != OFF
            && !x.approved[e]
        {
            c.hard += x.w_unapproved;
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
        let hard = match &t.ext {
            Some(x) if x.has_rules[i] => self.slot_hard(x, i),
            _ => 0,
        };
        Cost { soft, hard }
    }

    /// The mechanism's hard rules on slot `i`: quotas, languages, and the
    /// role positions left empty, by the deficiency form of Hall's theorem
    /// (the evaluator finds the same number by augmenting paths): positions
    /// minus a maximum matching is the largest `need(S) − |N(S)|` over sets
    /// `S` of roles asked, where `N(S)`, the members able to fill some role
    /// of `S`, is all members but those whose projection avoids `S`.
    fn slot_hard(&self, x: &Ext, i: usize) -> i64 {
        let c = &self.xc;
        let mut quota = 0;
        for p in 0..x.np {
            quota += (x.party_min[i * x.np + p] - c.party[i * x.np + p]).max(0);
        }
        let mut lang = 0;
        for l in 0..x.nl {
            lang += (x.lang_min[i * x.nl + l] - c.lang[i * x.nl + l]).max(0);
        }
        let asked = x.slot_roles(i);
        let mut role = 0;
        if !asked.is_empty() {
            let full = (1usize << asked.len()) - 1;
            let f = &c.f[x.f_at[i] as usize..];
            let total = f[full];
            for set in 1..=full {
                let need: i64 = asked
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| set >> j & 1 == 1)
                    .map(|(_, &(_, k))| k)
                    .sum();
                role = role.max(need - (total - f[full ^ set]));
            }
        }
        quota * x.w_quota + role * x.w_role + lang * x.w_lang
    }
}
