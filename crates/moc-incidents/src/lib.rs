//! Incident records compatible with ACLED and UCDP.
//!
//! An incident (an attack on a convoy, a clash, an IED) is reported by
//! several sources that rarely agree. This crate holds the record one
//! party reports ([`IncidentRecord`], shaped after ACLED's columns), the
//! reconciliation of the sources' tolls ([`reconcile`]: ACLED's
//! conservative figure and a UCDP-style best estimate), and the formats
//! the mechanism exchanges with the outside world.
//!
//! **Key design decision:** pure and streaming. Readers take any
//! [`std::io::Read`] and yield one `Result` per row, so a caller imports
//! the good rows and reports the bad ones by line number; writers take any
//! [`std::io::Write`]. Coordinates are integer micro-degrees, so a record
//! has one canonical form when it is signed into the log. There is no
//! clock and no global randomness: [`synth::synthesize`] takes its RNG.
//!
//! # In scope
//! - The model ([`model`]): event and sub-event types, disorder and actor
//!   types with ACLED's labels and inter codes, precisions, source scales,
//!   casualty figures in English, French and Arabic, sources, validation.
//! - Reconciliation of killed, injured and abducted tolls ([`reconcile`]).
//! - ACLED CSV in (current 31-column and older shapes) and out ([`acled`]).
//! - UCDP GED CSV in ([`ucdp`]).
//! - GeoJSON ([`geojson`]) and HXL-tagged CSV ([`hxl`]) exports.
//! - Realistic synthetic incidents over Mali 2012–2024 ([`synth`]).
//!
//! # Out of scope
//! - Storage and the SQL projection (`moc-store`), the signed log
//!   (`moc-ledger`, `moc-node`), and who may report or see what
//!   (`moc-domain`'s rules and `POLICY`).
//! - Anything about the mechanism's members: a record names armed groups,
//!   places and outlets, never a person of the mechanism, and the exports
//!   carry only the record's public fields.

pub mod acled;
pub mod geojson;
pub mod hxl;
pub mod model;
pub mod synth;
pub mod ucdp;

mod decimal;
mod table;

pub use acled::{AcledReader, AcledShape, ExportError, ImportError, RowError, write_acled};
pub use geojson::write_geojson;
pub use hxl::write_hxl;
pub use model::{
    Actor, ActorType, Casualties, DisorderType, EventType, Figure, FigureError, IncidentRecord,
    Precision, RecordError, Source, SourceKind, SourceScale, SubEventType, Toll, VagueWord,
    reconcile,
};
pub use synth::synthesize;
pub use ucdp::UcdpReader;
