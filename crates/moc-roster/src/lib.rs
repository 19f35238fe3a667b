//! moc's roster engine.
//!
//! A general shift-scheduling model that covers the Curtois & Qu benchmark
//! format, plus the rules of a joint mechanism's mixed patrols
//! ([`Extensions`]: party quotas, roles, languages, approved members,
//! fairness, cohesion); an evaluator that checks every hard rule and
//! computes the objective on its own code path; a solver (construction,
//! then local search) that is pure and deterministic for a seed; and a
//! generator of the mechanism's case ([`moc_case`]) for benchmarks.
//!
//! The text reader covers the benchmark format only: extensions are built
//! in code (by the caller, or [`moc_case::generate`]) and have no file
//! format yet. [`lower_bound`] ignores them; it stays a valid bound, since
//! they only add rules and non-negative costs. With feature `highs`,
//! `lp_lower_bound` gives the LP relaxation's bound, solved by HiGHS.
//!
//! Key design decision: the evaluator ([`evaluate()`]) and the solver's
//! incremental scoring are written twice on purpose, so that a property
//! test comparing them catches a bug in either.
//!
//! In scope: reading instances and rosters from strings, evaluating,
//! bounding and solving. Out of scope: files, clocks and threads beyond the
//! solver's own search threads; the caller passes a stop condition.

mod bound;
mod evaluate;
#[cfg(feature = "highs")]
mod lp;
pub mod moc_case;
mod model;
pub mod plan;
mod reader;
mod roster;
pub mod solver;

pub use bound::lower_bound;
pub use evaluate::{Costs, Evaluation, ExtensionCosts, Violation, ViolationKind, evaluate};
#[cfg(feature = "highs")]
pub use lp::{LpError, lp_lower_bound};
pub use model::{
    Cover, ExtensionError, Extensions, Instance, MAX_ROLES, MAX_SLOT_ROLES, Member, Request,
    ShiftType, SlotRules, SoftWeights, Staff,
};
pub use reader::{ParseError, ParseErrorKind, parse_instance};
pub use roster::{Roster, RosterError};
