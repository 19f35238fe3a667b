//! The shift-scheduling model: a horizon of days, shift types, staff with
//! their limits, requests and cover.
//!
//! The model is the Curtois & Qu benchmark's ("Shift Scheduling Benchmark
//! Data Sets", schedulingbenchmarks.org) plus [`Extensions`]: the
//! mechanism's own rules (group quotas, roles, languages, approved members,
//! fairness, cohesion). Everything is indexed by position (`usize`) once
//! read; identifiers are kept only to read and write files.

/// One shift-scheduling problem.
///
/// Invariants (upheld by [`crate::parse_instance`]): every index in the
/// structure is in range, `cover` has exactly `horizon × shifts.len()`
/// entries and every `max_shifts` has one entry per shift type; the
/// extensions pass [`Instance::check_extensions`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    /// Number of days; day 0 is a Monday.
    pub horizon: usize,
    /// Shift types, in file order.
    pub shifts: Vec<ShiftType>,
    /// Staff members, in file order.
    pub staff: Vec<Staff>,
    /// "Please give me this shift that day": costs its weight when not met.
    pub on_requests: Vec<Request>,
    /// "Please not this shift that day": costs its weight when not met.
    pub off_requests: Vec<Request>,
    /// Wanted number of staff per day and shift, at `day * shifts.len() + shift`.
    /// A (day, shift) the file does not mention wants nobody and costs nothing.
    pub cover: Vec<Cover>,
    /// Rules beyond the benchmark; empty for a benchmark instance.
    pub extensions: Extensions,
}

/// A kind of shift (early, late, night…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShiftType {
    /// The identifier used in files.
    pub id: String,
    /// Length in minutes, counted against the staff's total-minutes limits.
    pub minutes: u32,
    /// Shift types that may not be worked the day after this one (rest rules).
    pub forbidden_next: Vec<usize>,
}

/// One staff member and the hard limits on their roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    /// The identifier used in files.
    pub id: String,
    /// Most shifts of each type over the horizon, indexed by shift type.
    pub max_shifts: Vec<u32>,
    /// Most minutes worked over the horizon.
    pub max_minutes: u32,
    /// Fewest minutes worked over the horizon.
    pub min_minutes: u32,
    /// Longest run of consecutive working days.
    pub max_consecutive: u32,
    /// Shortest run of consecutive working days (runs touching the first or
    /// last day of the horizon are exempt; see [`crate::evaluate`]).
    pub min_consecutive: u32,
    /// Shortest run of consecutive days off (same exemption at the edges).
    pub min_days_off: u32,
    /// Most weekends (Saturday or Sunday worked) over the horizon.
    pub max_weekends: u32,
    /// Days this person may not work, sorted and without duplicates.
    pub days_off: Vec<usize>,
}

/// A weighted wish of one staff member about one shift on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    /// Index into [`Instance::staff`].
    pub staff: usize,
    /// Day index.
    pub day: usize,
    /// Index into [`Instance::shifts`].
    pub shift: usize,
    /// Cost when the wish is not met.
    pub weight: u32,
}

/// Wanted number of staff on one shift of one day, with the cost per person
/// missing or extra.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cover {
    /// Wanted number of staff.
    pub requirement: u32,
    /// Cost per person below the requirement.
    pub under_weight: u32,
    /// Cost per person above the requirement.
    pub over_weight: u32,
}

/// Rules that go beyond the benchmark, for the mechanism's mixed patrols.
///
/// A shift type stands for one patrol slot of a day (a zone at a time of
/// day, for instance), so each (day, shift) cover cell is one patrol. The
/// default value is empty: no members, no slot rules, every weight zero; an
/// instance with empty extensions is scored and solved exactly as the
/// benchmark defines it.
///
/// **Hard rules** (violations in [`crate::evaluate()`]):
/// - *group quotas*: a patrol has at least [`SlotRules::party_min`] members
///   of each party;
/// - *role coverage*: the patrol's members can fill [`SlotRules::role_min`]
///   positions of each role at once, **one position per person** (a
///   matching: a leader who is also a medic counts once);
/// - *language coverage*: at least [`SlotRules::language_min`] members speak
///   each language (one person may cover several languages);
/// - *approved members only*: a member not [`Member::approved`] works no
///   shift at all;
/// - *leave* is the benchmark's [`Staff::days_off`] rule, already hard.
///
/// **Soft terms** (added to the objective, each with its [`SoftWeights`]
/// weight, zero by default): spread of duty and of risk-weighted duty across
/// individuals and across parties, and cohesion of teams. Their exact
/// formulas are in [`crate::evaluate`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extensions {
    /// Party names (the groups quotas count), indexed by [`Member::party`].
    pub parties: Vec<String>,
    /// Role names (leader, driver, medic…), indexed by [`Member::roles`].
    pub roles: Vec<String>,
    /// Language names, indexed by [`Member::languages`].
    pub languages: Vec<String>,
    /// One entry per staff member, in [`Instance::staff`] order, or none at
    /// all: then nobody has a party, a role or a language, and everybody is
    /// approved.
    pub members: Vec<Member>,
    /// Rules of each patrol at `day * shifts.len() + shift`, like
    /// [`Instance::cover`], or none at all (no slot rules, risk 0).
    pub slots: Vec<SlotRules>,
    /// Weights of the soft terms.
    pub weights: SoftWeights,
}

/// What the mechanism knows about one staff member.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Member {
    /// Index into [`Extensions::parties`].
    pub party: usize,
    /// Roles this member can fill, indices into [`Extensions::roles`].
    pub roles: Vec<usize>,
    /// Languages this member speaks, indices into [`Extensions::languages`].
    pub languages: Vec<usize>,
    /// Whether the member passed vetting; an unapproved member may not work.
    pub approved: bool,
    /// The team this member belongs to, if any: cohesion prefers team
    /// members to work the same shift on the same days.
    pub team: Option<usize>,
}

/// The mechanism's rules for one patrol (one day's shift).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SlotRules {
    /// Fewest members of each party, indexed like [`Extensions::parties`];
    /// empty means no quota.
    pub party_min: Vec<u32>,
    /// Positions of each role to fill, indexed like [`Extensions::roles`];
    /// empty means none. At most [`MAX_SLOT_ROLES`] roles may be non-zero.
    pub role_min: Vec<u32>,
    /// Fewest speakers of each language, indexed like
    /// [`Extensions::languages`]; empty means none.
    pub language_min: Vec<u32>,
    /// How dangerous the patrol is: each member's risk-weighted duty grows
    /// by this much for working it.
    pub risk: u32,
}

/// Weights of the soft terms of [`Extensions`] (0 switches a term off).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SoftWeights {
    /// Spread of the number of shifts worked, across individuals.
    pub duty_spread: u32,
    /// Spread of risk-weighted duty, across individuals.
    pub risk_spread: u32,
    /// Spread of the number of shifts worked, across parties.
    pub party_duty_spread: u32,
    /// Spread of risk-weighted duty, across parties.
    pub party_risk_spread: u32,
    /// Cost per pair of team members split on one day.
    pub cohesion: u32,
}

/// Most distinct roles one patrol may ask for (the solver keeps a table of
/// `2^roles` counters per patrol).
pub const MAX_SLOT_ROLES: usize = 10;

/// Most roles an instance may define.
pub const MAX_ROLES: usize = 64;

/// Why [`Instance::check_extensions`] rejects an instance's extensions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExtensionError {
    /// `members` is neither empty nor one entry per staff member.
    #[error("{found} members for {staff} staff")]
    MemberCount {
        /// Entries found.
        found: usize,
        /// Staff in the instance.
        staff: usize,
    },
    /// `slots` is neither empty nor one entry per (day, shift).
    #[error("{found} slot rules for {cells} (day, shift) cells")]
    SlotCount {
        /// Entries found.
        found: usize,
        /// Days times shifts.
        cells: usize,
    },
    /// A member names a party, role, language or team out of range.
    #[error("member {staff:?}: {what} {index} out of range")]
    MemberIndex {
        /// The staff id.
        staff: String,
        /// "party", "role", "language" or "team".
        what: &'static str,
        /// The index found.
        index: usize,
    },
    /// A slot's minima list has the wrong length.
    #[error("slot {slot}: {what} has {found} entries, expected 0 or {expected}")]
    SlotLength {
        /// Index into `slots`.
        slot: usize,
        /// "party_min", "role_min" or "language_min".
        what: &'static str,
        /// Entries found.
        found: usize,
        /// Entries expected.
        expected: usize,
    },
    /// A slot asks for more than [`MAX_SLOT_ROLES`] distinct roles, or the
    /// instance defines more than [`MAX_ROLES`].
    #[error("too many roles: {0}")]
    TooManyRoles(usize),
}

impl Instance {
    /// The cover wanted on `shift` of `day`.
    ///
    /// # Panics
    /// If `day` or `shift` is out of range.
    pub fn cover(&self, day: usize, shift: usize) -> &Cover {
        &self.cover[day * self.shifts.len() + shift]
    }

    /// The index of the shift type called `id`.
    pub fn shift_index(&self, id: &str) -> Option<usize> {
        self.shifts.iter().position(|s| s.id == id)
    }

    /// The index of the staff member called `id`.
    pub fn staff_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|s| s.id == id)
    }

    /// Checks what [`Extensions`] promises: list lengths and indices in
    /// range, and the role limits. [`crate::evaluate()`] and
    /// [`crate::solver::solve`] require it (an instance read by
    /// [`crate::parse_instance`] has empty extensions and passes).
    ///
    /// # Errors
    /// The first problem found.
    pub fn check_extensions(&self) -> Result<(), ExtensionError> {
        let x = &self.extensions;
        if !x.members.is_empty() && x.members.len() != self.staff.len() {
            return Err(ExtensionError::MemberCount {
                found: x.members.len(),
                staff: self.staff.len(),
            });
        }
        let cells = self.horizon * self.shifts.len();
        if !x.slots.is_empty() && x.slots.len() != cells {
            return Err(ExtensionError::SlotCount {
                found: x.slots.len(),
                cells,
            });
        }
        if x.roles.len() > MAX_ROLES {
            return Err(ExtensionError::TooManyRoles(x.roles.len()));
        }
        for (e, m) in x.members.iter().enumerate() {
            let bad = |what, index| ExtensionError::MemberIndex {
                staff: self.staff[e].id.clone(),
                what,
                index,
            };
            if m.party >= x.parties.len() {
                return Err(bad("party", m.party));
            }
            if let Some(&r) = m.roles.iter().find(|&&r| r >= x.roles.len()) {
                return Err(bad("role", r));
            }
            if let Some(&l) = m.languages.iter().find(|&&l| l >= x.languages.len()) {
                return Err(bad("language", l));
            }
            if let Some(t) = m.team.filter(|&t| t >= self.staff.len()) {
                return Err(bad("team", t));
            }
        }
        for (slot, r) in x.slots.iter().enumerate() {
            for (what, list, expected) in [
                ("party_min", &r.party_min, x.parties.len()),
                ("role_min", &r.role_min, x.roles.len()),
                ("language_min", &r.language_min, x.languages.len()),
            ] {
                if !list.is_empty() && list.len() != expected {
                    return Err(ExtensionError::SlotLength {
                        slot,
                        what,
                        found: list.len(),
                        expected,
                    });
                }
            }
            let asked = r.role_min.iter().filter(|&&n| n > 0).count();
            if asked > MAX_SLOT_ROLES {
                return Err(ExtensionError::TooManyRoles(asked));
            }
        }
        Ok(())
    }

    /// Whether `day` is a Saturday or a Sunday (day 0 is a Monday).
    pub fn is_weekend(day: usize) -> bool {
        day % 7 >= 5
    }
}
