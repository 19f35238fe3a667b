//! The shift-scheduling model: a horizon of days, shift types, staff with
//! their limits, requests and cover.
//!
//! The model is the Curtois & Qu benchmark's ("Shift Scheduling Benchmark
//! Data Sets", schedulingbenchmarks.org) plus an [`Extensions`] slot where
//! the mechanism's own rules (group quotas, roles, languages, fairness,
//! cohesion) will live. Everything is indexed by position (`usize`) once
//! read; identifiers are kept only to read and write files.

/// One shift-scheduling problem.
///
/// Invariants (upheld by [`crate::parse_instance`]): every index in the
/// structure is in range, `cover` has exactly `horizon × shifts.len()`
/// entries and every `max_shifts` has one entry per shift type.
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
/// Empty for now; this is where group quotas per patrol (minimum members of
/// each party), role coverage (leader, driver, medic, radio, interpreter),
/// approved members only, language coverage, fairness of duty and of
/// risk-weighted duty, and cohesion will be added. Each will get its own
/// violation or cost kind in [`crate::evaluate`] and its own incremental term
/// in the solver, so the benchmark's code paths stay unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Extensions {}

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

    /// Whether `day` is a Saturday or a Sunday (day 0 is a Monday).
    pub fn is_weekend(day: usize) -> bool {
        day % 7 >= 5
    }
}
