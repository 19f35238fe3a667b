//! Open-source report intake: an article's text in, candidate incidents
//! out, each field with the text that supports it and a confidence.
//!
//! Much of what a mechanism learns comes from the press. This crate reads
//! an article (English or French; optional `Key: value` header lines),
//! sets its boilerplate aside, and extracts the incidents it reports:
//! date with ACLED's time precision, place from the [`Gazetteer`] with
//! region and geo precision, ACLED event and sub-event type, killed,
//! injured and abducted figures as ranges, actors and claims of
//! responsibility. [`eval`] scores the extraction against a gold CSV;
//! [`matching`] decides whether a candidate is a new incident or another
//! source for a known one.
//!
//! **Key design decision:** rules, not a statistical model. Every value
//! comes from a dictionary or a pattern that a reviewer can read and
//! correct, each field quotes the span of text it came from (byte offsets
//! and text), and the same article always gives the same candidates. The
//! rules aim at the general shape of news reports, not at the seed
//! articles: a held-out set of unseen articles measures them.
//!
//! # In scope
//! - Header lines and boilerplate ([`boilerplate`]), language ([`lang`]).
//! - Extractors, one module each: [`dates`], [`places`] over
//!   [`gazetteer`], [`event_type`], [`figures`], [`actors`]; their
//!   assembly into candidates ([`extract`]).
//! - Evaluation ([`eval`]) and matching against known incidents
//!   ([`matching`]).
//! - The review queue's items and edits, and the record or source an
//!   accepted item becomes ([`review`]).
//!
//! # Out of scope
//! - Reading files, size limits and encodings: the caller passes a `&str`
//!   (the CLI checks the file first).
//! - Keeping the queue in a file and turning an accepted item into a
//!   signed command (the CLI's `moc intake queue|review|accept|reject`).

pub mod actors;
pub mod boilerplate;
pub mod dates;
pub mod error;
pub mod eval;
pub mod event_type;
pub mod extract;
pub mod figures;
pub mod gazetteer;
pub mod lang;
pub mod matching;
pub mod places;
pub mod review;
pub mod text;

mod columns;

pub use error::{GazetteerError, GoldError};
pub use extract::{Candidate, Extraction, Field, Options, extract};
pub use gazetteer::{Gazetteer, Place};
