//! One module per top-level command; each owns its flags and its `run`.

pub mod bench;
pub mod incident;
pub mod incident_record;
pub mod intake;
pub mod intake_review;
pub mod keys;
pub mod log;
pub mod member;
pub mod node;
pub mod patrol;
pub mod roster;
pub mod roster_plan;
pub mod serve;
pub mod user;
