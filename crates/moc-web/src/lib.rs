//! moc's web pages, as pure rendering: view models in, HTML out.
//!
//! **Key design decision:** this crate knows no HTTP, no database and no
//! domain state. `moc-server` reads the node, counts what a page shows
//! into the plain figures of [`figures`] and a [`Chrome`] (language, who is
//! signed in, which page), and calls one function per page ([`public`],
//! [`sign_in`], [`dashboard`]); it serves the embedded front-end files of
//! [`assets`] under `/assets/`. So a page can be rendered and checked in a
//! unit test from a handful of numbers.
//!
//! Templates are `askama` (`templates/`, compiled into the binary, every
//! value HTML-escaped unless marked safe: only the charts' SVG, which
//! [`chart`] escapes itself). Every text comes from the `web-*` messages of
//! `moc-i18n`; numbers and months are written per language by [`format`].
//! Charts are SVG drawn on the server ([`chart`]), each with a table of its
//! figures, so reading needs no script.
//!
//! Out of scope: routes, sessions, CSRF checks and rate limits (the
//! server's). The pages that write (a patrol's start, report, endorsements
//! and abort) only render their forms and what a failed attempt left.

pub mod assets;
pub mod chart;
pub mod figures;
pub mod format;
mod incident_form;
mod incidents;
mod intake;
mod ledger;
mod members;
mod pages;
mod patrols;
mod roster;
mod view;

pub use incident_form::{IncidentForm, SourceChoices, SourceFields, SourceForm, incident_new};
pub use incidents::{
    ClaimColumn, ClaimRow, FindingRow, IncidentDetail, IncidentFilter, IncidentList, IncidentRow,
    InvestigationView, SourceRow, Stamp, StepRow, Toll, incident, incident_href, incidents,
    safe_url,
};
pub use intake::{IntakeDone, IntakeItem, IntakeView, Proposal, intake};
pub use ledger::{ConsistencyView, Cosigner, EntryView, LedgerView, ledger};
pub use members::{MemberFilter, MemberList, MemberRow, VettingRow, VettingView, members, vetting};
pub use pages::{MapFilter, MapView, SignInForm, dashboard, map, message, public, sign_in};
pub use patrols::{
    CrewMember, Field, OutreachField, PartyCrew, PatrolDetail, PatrolFilter, PatrolList, PatrolRow,
    ReportForm, ReportView, patrol, patrol_href, patrols,
};
pub use roster::{RosterPatrol, RosterRow, RosterView, roster};
pub use view::{Chrome, Page, encode_query};

/// Why a page could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// A chart's figures are inconsistent.
    #[error(transparent)]
    Chart(#[from] chart::ChartError),
    /// A template failed (a value's `Display` failed).
    #[error("rendering a template: {0}")]
    Template(#[from] askama::Error),
}
