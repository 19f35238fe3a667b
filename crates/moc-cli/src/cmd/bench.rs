//! `moc bench …`: measurements that print one JSON object.
//!
//! `moc bench ledger` builds a real log in a temporary directory (file
//! storage, fsyncs and all) and measures what the ledger issue's goals name:
//! durable appends per second with many concurrent submitters (each signs
//! its own entries), inclusion proofs per second served from the stored
//! tiles by a freshly opened log, proof verifications per second, and the
//! time a full audit would take per million entries.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, Subcommand};
use moc_i18n::tr;
use moc_ledger::audit;
use moc_ledger::entry::{Entry, Event};
use moc_ledger::keys::{KeyKind, SigningKey};
use moc_ledger::log::{Appender, BatchConfig, Log, LogConfig, Pending};
use moc_ledger::merkle::verify_inclusion;
use rand::{Rng, SeedableRng};

use crate::Ctx;

/// `moc bench` subcommands.
#[derive(Subcommand, Debug)]
pub enum BenchCmd {
    /// The ledger: durable appends, inclusion proofs, verifications, audit.
    Ledger(LedgerArgs),
    /// The node: commands per second through decision, signature, durable
    /// append and SQL projection.
    Node(NodeBenchArgs),
}

/// Flags of `moc bench node`.
#[derive(Args, Debug)]
pub struct NodeBenchArgs {
    /// Members to register; each takes four commands (register, open
    /// vetting, two approvals).
    #[arg(long, default_value_t = 2_000)]
    members: u32,
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    clients: u32,
    /// A PostgreSQL URL (default: SQLite in the scratch directory).
    #[arg(long)]
    database_url: Option<String>,
    /// Where to build the node (default: a new directory under the system's
    /// temporary directory, removed afterwards).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Print one JSON object (the only output format).
    #[arg(long)]
    json: bool,
}

/// Flags of `moc bench ledger`.
#[derive(Args, Debug)]
pub struct LedgerArgs {
    /// How many entries to append (and then audit).
    #[arg(long, default_value_t = 50_000)]
    entries: u64,
    /// How many inclusion proofs to build and verify.
    #[arg(long, default_value_t = 200_000)]
    proofs: u64,
    /// Concurrent submitters; each keeps up to 64 entries in flight.
    #[arg(long, default_value_t = 8)]
    submitters: u64,
    /// Where to build the log (default: a new directory under the system's
    /// temporary directory, removed afterwards).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Print one JSON object (the only output format for now; kept for
    /// scripts that pass it).
    #[arg(long)]
    json: bool,
}

/// Runs one `moc bench` subcommand.
pub fn run(cmd: BenchCmd, ctx: &Ctx) -> anyhow::Result<()> {
    match cmd {
        BenchCmd::Ledger(a) => ledger(&a, ctx),
        BenchCmd::Node(a) => node(&a, ctx),
    }
}

fn node(a: &NodeBenchArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let (dir, _cleanup) = scratch(a.dir.as_ref(), "node");
    let options = moc_node::NodeOptions {
        database_url: a.database_url.clone(),
        ..moc_node::NodeOptions::default()
    };
    let config = moc_node::bench::BenchConfig {
        members: a.members,
        clients: a.clients,
    };
    let result = crate::cmd::node::runtime()?
        .block_on(moc_node::bench::run(&dir, options, &config))
        .with_context(|| {
            tr(
                lang,
                "bench-node-failed",
                &[("path", dir.display().to_string().into())],
            )
        })?;
    println!("{}", serde_json::to_string(&result)?);
    Ok(())
}

/// The directory to build in: the one given (kept), or a fresh one under
/// the system's temporary directory (removed when the guard drops).
fn scratch(given: Option<&PathBuf>, what: &str) -> (PathBuf, TempDir) {
    match given {
        Some(d) => (d.clone(), TempDir(None)),
        None => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            let d = std::env::temp_dir()
                .join(format!("moc-bench-{what}-{}-{nanos}", std::process::id()));
            (d.clone(), TempDir(Some(d)))
        }
    }
}

const ORIGIN: &str = "bench.moc.example/ledger";

/// Removes the temporary log directory however the bench ends.
struct TempDir(Option<PathBuf>);

impl Drop for TempDir {
    fn drop(&mut self) {
        if let Some(p) = &self.0 {
            let _ = std::fs::remove_dir_all(p);
        }
    }
}

fn ledger(a: &LedgerArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let (dir, _cleanup) = scratch(a.dir.as_ref(), "ledger");
    let fail = || {
        tr(
            lang,
            "bench-failed",
            &[("path", dir.display().to_string().into())],
        )
    };
    // Fixed seeds: the keys do not matter, only the work does.
    let log_key = SigningKey::from_seed(ORIGIN, KeyKind::Ed25519, &[1; 32])?;
    let parties: Vec<SigningKey> = ["fama", "cma", "plateforme"]
        .iter()
        .enumerate()
        .map(|(i, n)| SigningKey::from_seed(n, KeyKind::Ed25519, &[i as u8 + 2; 32]))
        .collect::<Result<_, _>>()?;
    let config = LogConfig {
        origin: ORIGIN.into(),
        log_key: log_key.verifier(),
        parties: parties.iter().map(SigningKey::verifier).collect(),
    };
    let log = Log::create(&dir, config, log_key).with_context(fail)?;

    // Durable appends: submitters sign and submit, keeping a window of
    // entries in flight, as many clients of one node would.
    let appender = Appender::spawn(log, BatchConfig::default());
    let started = Instant::now();
    let per = a.entries.div_ceil(a.submitters.max(1));
    let results: Vec<anyhow::Result<u64>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..a.submitters.max(1))
            .map(|t| {
                let submitter = appender.submitter();
                let key = parties[t as usize % parties.len()].clone();
                let first = t * per;
                let last = ((t + 1) * per).min(a.entries);
                s.spawn(move || -> anyhow::Result<u64> {
                    let mut window: VecDeque<Pending> = VecDeque::new();
                    let mut done = 0;
                    for i in first..last {
                        let entry = Entry::sign(&event(i, key.name()), &key)?;
                        window.push_back(submitter.submit(entry));
                        if window.len() >= 64
                            && let Some(p) = window.pop_front()
                        {
                            p.wait()?;
                            done += 1;
                        }
                    }
                    for p in window {
                        p.wait()?;
                        done += 1;
                    }
                    Ok(done)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("submitter panicked")))
            })
            .collect()
    });
    let append_time = started.elapsed();
    let appended: u64 = results
        .into_iter()
        .collect::<anyhow::Result<Vec<_>>>()
        .with_context(fail)?
        .iter()
        .sum();
    drop(appender.finish().with_context(fail)?);

    // Inclusion proofs from the stored tiles, by a freshly opened reader
    // (its tile cache starts empty), at random indexes.
    let reader = Log::open_read_only(&dir).with_context(fail)?;
    let size = reader.size();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let indexes: Vec<u64> = (0..a.proofs)
        .map(|_| rng.gen_range(0..size.max(1)))
        .collect();
    // One prover per core, as a node serving many readers would run.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let share = indexes.len().div_ceil(threads).max(1);
    let started = Instant::now();
    let proofs: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = indexes
            .chunks(share)
            .map(|chunk| {
                let reader = &reader;
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|&i| reader.prove_inclusion(i))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(Err(moc_ledger::log::LogError::Closed)))
            .collect::<Result<Vec<Vec<_>>, _>>()
    })
    .with_context(fail)?
    .into_iter()
    .flatten()
    .collect();
    let prove_time = started.elapsed();

    // Their verification, against leaf hashes read beforehand.
    let leaves: Vec<_> = indexes
        .iter()
        .map(|&i| reader.entry(i).map(|e| e.leaf_hash()))
        .collect::<Result<_, _>>()
        .with_context(fail)?;
    let root = reader.root();
    let started = Instant::now();
    for ((p, &i), leaf) in proofs.iter().zip(&indexes).zip(&leaves) {
        verify_inclusion(p, size, root, i, *leaf).with_context(fail)?;
    }
    let verify_time = started.elapsed();

    // The full audit, from the files.
    let auditor = Log::open_read_only(&dir).with_context(fail)?;
    let started = Instant::now();
    audit::audit(&auditor, &mut |_| {}).with_context(fail)?;
    let audit_time = started.elapsed();

    let rate = |n: u64, d: Duration| (n as f64 / d.as_secs_f64().max(1e-9)).round();
    let out = serde_json::json!({
        "entries": appended,
        "appends_per_s": rate(appended, append_time),
        "inclusion_proofs_per_s": rate(a.proofs, prove_time),
        "proof_verifications_per_s": rate(a.proofs, verify_time),
        "audit_s_per_million": (audit_time.as_secs_f64() * 1e6 / size.max(1) as f64 * 100.0).round() / 100.0,
    });
    if a.json {
        println!("{out}");
    } else {
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    Ok(())
}

/// A typical small event: a patrol report with a few fields.
fn event(i: u64, party: &str) -> Event {
    Event {
        origin: ORIGIN.into(),
        kind: "patrol-report".into(),
        party: party.into(),
        user: format!("user-{}", i % 97),
        time_ms: 1_700_000_000_000 + i,
        payload: serde_json::json!({
            "patrol": i / 16,
            "sector": "Gao-Nord",
            "status": "completed",
            "members": 12,
        }),
    }
}
