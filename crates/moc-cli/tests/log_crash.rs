//! The crash test: `moc log append`, fed events through a pipe, is killed
//! with SIGKILL at random moments; after each kill every index it printed
//! (acknowledged) must hold the event it was acknowledged for, and
//! `moc log verify` must pass.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use moc_ledger::log::Log;
use rand::{Rng, SeedableRng};

mod util;
use util::MOC;
const ORIGIN: &str = "moc.example/crash";
const ROUNDS: u64 = 24;

/// One round: start an appender, feed it events `round/seq`, kill it after
/// `after`; returns the acknowledged (seq, index) pairs.
fn round(dir: &Path, round: u64, after: Duration) -> Vec<(u64, u64)> {
    let mut child = Command::new(MOC)
        .args([
            "log",
            "append",
            "--dir",
            "log",
            "--key",
            "keys/fama.key",
            "-",
        ])
        .current_dir(dir)
        .env("MOC_LANG", "en")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("moc runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    // The feeder writes about 3,000 events a second until the pipe breaks.
    let feeder = std::thread::spawn(move || {
        let mut seq = 0u64;
        loop {
            let mut chunk = String::new();
            for _ in 0..30 {
                chunk.push_str(&format!(
                    "{{\"kind\":\"note\",\"user\":\"u\",\"payload\":{{\"round\":{round},\"seq\":{seq}}},\"time_ms\":{seq}}}\n"
                ));
                seq += 1;
            }
            if stdin.write_all(chunk.as_bytes()).is_err() || stdin.flush().is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    });
    let acked = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let acked = acked.clone();
        std::thread::spawn(move || {
            for (seq, line) in BufReader::new(stdout).lines().enumerate() {
                let Ok(line) = line else { return };
                let index: u64 = line.trim().parse().expect("an index per line");
                acked.lock().expect("lock").push((seq as u64, index));
            }
        })
    };
    std::thread::sleep(after);
    child.kill().expect("SIGKILL"); // `Child::kill` sends SIGKILL on Unix.
    child.wait().expect("reaped");
    reader.join().expect("reader");
    feeder.join().expect("feeder");
    Arc::try_unwrap(acked)
        .expect("reader done")
        .into_inner()
        .expect("lock")
}

/// Whether `dir` holds a temporary file or a level-0 tile or bundle beyond
/// the tree of `size` (what a batch killed before its checkpoint leaves).
fn leftovers(dir: &Path, size: u64) -> bool {
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            if rel.ends_with(".tmp") {
                return true;
            }
            if let Ok(t) = moc_ledger::tiles::TileId::parse(&rel) {
                let level0 = matches!(
                    t.kind(),
                    moc_ledger::tiles::TileKind::Entries
                        | moc_ledger::tiles::TileKind::Hashes { level: 0 }
                );
                if level0 && t.first_entry() + u64::from(t.width()) > size {
                    return true;
                }
            }
        }
    }
    false
}

#[test]
fn killed_appenders_lose_nothing_acknowledged() {
    let started = Instant::now();
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    util::ok(
        d,
        &["keys", "generate", "--name", ORIGIN, "--out", "keys"],
        "",
    );
    util::ok(
        d,
        &["keys", "generate", "--name", "fama", "--out", "keys"],
        "",
    );
    util::ok(
        d,
        &[
            "log",
            "init",
            "--dir",
            "log",
            "--origin",
            ORIGIN,
            "--key",
            "keys/moc.example-crash.key",
            "--party",
            "keys/fama.pub",
        ],
        "",
    );
    let mut rng = rand::rngs::StdRng::seed_from_u64(2026);
    let mut acked_total = 0;
    // Rounds after which files of an uncommitted batch lay beyond the
    // checkpoint (left by this kill or an earlier one).
    let mut torn = 0;
    let mut all_acked: Vec<(u64, u64, u64)> = Vec::new();
    for r in 0..ROUNDS {
        let after = Duration::from_millis(rng.gen_range(20..700));
        let acked = round(d, r, after);
        acked_total += acked.len();
        all_acked.extend(acked.iter().map(|&(seq, index)| (r, seq, index)));
        // Every index ever acknowledged holds the event it was given for.
        let log = Log::open_read_only(&d.join("log")).expect("log opens");
        if leftovers(&d.join("log"), log.size()) {
            torn += 1;
        }
        for &(round, seq, index) in &all_acked {
            assert!(
                index < log.size(),
                "acknowledged index {index} lost (size {})",
                log.size()
            );
            let entry = log.entry(index).expect("entry readable");
            let p = &entry.event().payload;
            assert_eq!(
                (p["round"].as_u64(), p["seq"].as_u64()),
                (Some(round), Some(seq)),
                "index {index}"
            );
        }
        let audit = util::ok(d, &["log", "verify", "--dir", "log"], "");
        assert!(audit.contains("entry"), "{audit}");
    }
    assert!(acked_total > 0, "no round acknowledged anything");
    eprintln!(
        "{ROUNDS} kills ({torn} found files beyond the checkpoint), {acked_total} acknowledged entries, {:?}",
        started.elapsed()
    );
}
