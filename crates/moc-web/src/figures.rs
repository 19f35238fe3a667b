//! The figures the pages show, as plain data: counts, never a person.
//!
//! `moc-server` fills them from the node's state; nothing here can hold a
//! member's name, photo or birth date, so the public page cannot show one.

/// One mechanism's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mechanism {
    /// Its id (`moc-gao`).
    pub id: String,
    /// Its name in the reader's language.
    pub name: String,
    /// Members, every status.
    pub members: u64,
    /// Approved members.
    pub approved: u64,
    /// The parties that contribute members, by id.
    pub parties: Vec<Party>,
    /// Patrols, all zones.
    pub patrols: PatrolCounts,
    /// Patrols per zone, by zone id.
    pub zones: Vec<Zone>,
    /// Incidents recorded (merged ones counted once).
    pub incidents: u64,
    /// Incident types present, as slugs (`battles`): the order of
    /// [`Month::by_type`].
    pub event_types: Vec<String>,
    /// Incidents per month, oldest first, months without any left out.
    pub months: Vec<Month>,
    /// The log's latest checkpoint.
    pub checkpoint: Option<Checkpoint>,
}

/// A party's members against its quota, and its share of duty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Party {
    /// Its name in the reader's language.
    pub name: String,
    /// Members wanted, all units.
    pub target: u64,
    /// Members allowed above the target, all units.
    pub tolerance: u64,
    /// Members counted against the quota (all but rejected ones).
    pub current: u64,
    /// Places its members held on patrols (aborted ones excepted).
    pub duty: u64,
    /// The same places, each weighted by the incidents recorded in the
    /// patrol's zone.
    pub risky_duty: u64,
}

impl Party {
    /// Whether `current` is within `target ± tolerance`.
    pub fn within(&self) -> bool {
        self.current.abs_diff(self.target) <= self.tolerance
    }
}

/// Patrols by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PatrolCounts {
    /// Planned, not started.
    pub planned: u64,
    /// Out on the ground.
    pub under_way: u64,
    /// Back, with a report.
    pub completed: u64,
    /// Called off.
    pub aborted: u64,
}

/// One zone's patrols.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Zone {
    /// Its name in the reader's language.
    pub name: String,
    /// Its patrols by status.
    pub patrols: PatrolCounts,
}

/// One month's incidents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    /// Incidents of each of [`Mechanism::event_types`].
    pub by_type: Vec<u64>,
    /// Killed, lowest figure of the sources, summed.
    pub killed_low: u64,
    /// Killed, highest figure of the sources, summed.
    pub killed_high: u64,
}

/// A log's signed checkpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checkpoint {
    /// The signed note, as served at `/logs/{m}/checkpoint`.
    pub text: String,
    /// Entries it commits to.
    pub size: u64,
}
