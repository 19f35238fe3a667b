//! moc's tamper-evident event log.
//!
//! Every fact moc records is an [`entry`]: the canonical bytes of one event,
//! signed by the author party's key. Entries are the leaves of an RFC 6962 /
//! RFC 9162 Merkle tree, stored as C2SP tlog-tiles; the tree head is
//! published as a C2SP tlog-checkpoint signed by the log key and cosigned by
//! each party's witness (C2SP tlog-cosignature, tlog-witness). A policy says
//! which cosignatures make a checkpoint count, and an offline proof bundle
//! (C2SP tlog-proof) lets anyone check one entry against it.
//!
//! The key design decision: no party, not even the operator of the node that
//! sequences the log, can rewrite or drop an entry without every witness
//! noticing, because witnesses only cosign checkpoints that are consistent
//! with everything they cosigned before.
//!
//! In scope: formats, hashing, proofs, signatures, witness rules, policies,
//! commitments (all pure), and durable storage behind the [`storage`] trait
//! with one file-backed implementation.
//! Out of scope: HTTP (the node serves these formats), the domain's event
//! kinds and rules (`moc-domain`), personal data itself (only its
//! commitments enter the log).
//!
//! Merkle math (hashes, inclusion and consistency proofs) comes from the
//! `tlog_tiles` crate (a port of Go's `golang.org/x/mod/sumdb/tlog`), signed
//! notes from `signed_note`; where they lack a piece (C2SP tile paths, entry
//! bundles, cosignatures, witness, policy, proof bundles) it is written here
//! from the spec text and tested with the spec's vectors.

pub mod audit;
pub mod checkpoint;
pub mod commitment;
pub mod cosignature;
pub mod entry;
pub mod keys;
pub mod log;
pub mod merkle;
pub mod policy;
pub mod proof_bundle;
pub mod storage;
pub mod tiles;
pub mod witness;
