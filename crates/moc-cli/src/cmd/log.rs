//! `moc log …`: create a log, append events, publish and prove, audit.
//!
//! The work is in `moc_ledger::{log, audit, proof_bundle, policy}`; this
//! module reads files and flags, turns events (JSON lines) into signed
//! entries, and reports. `append` streams: each index is printed the moment
//! its batch is durable, so a process killed mid-way has printed exactly
//! indexes that survive.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use moc_i18n::{Lang, tr};
use moc_ledger::audit;
use moc_ledger::entry::{Entry, Event};
use moc_ledger::keys::{SigningKey, VerifierKey};
use moc_ledger::log::{Appender, BatchConfig, Log, LogConfig, Pending};
use moc_ledger::merkle::leaf_hash;
use moc_ledger::policy::Policy;
use moc_ledger::proof_bundle::ProofBundle;
use serde_json::Value;

use crate::Ctx;

/// `moc log` subcommands.
#[derive(Subcommand, Debug)]
pub enum LogCmd {
    /// Creates a log in DIR, signed by the log key, open to the given parties.
    Init(InitArgs),
    /// Appends events (one JSON object per line) signed by a party's key;
    /// prints each index once durable.
    Append(AppendArgs),
    /// Prints the current signed checkpoint.
    Checkpoint(DirArgs),
    /// Prints a C2SP tlog-proof bundle for one entry.
    Prove(ProveArgs),
    /// Audits the whole log: every entry, every tile, the checkpoint.
    Verify(VerifyArgs),
    /// Checks a proof bundle against a policy.
    VerifyProof(VerifyProofArgs),
}

/// Flags of `moc log init`.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// The log directory (created if missing; must not hold a log).
    #[arg(long)]
    dir: PathBuf,
    /// The checkpoint origin, which must be the log key's name.
    #[arg(long)]
    origin: String,
    /// The log's private key file (PRIVATE+KEY+…).
    #[arg(long)]
    key: PathBuf,
    /// A party's public key file (.pub); repeat for each party.
    #[arg(long = "party")]
    parties: Vec<PathBuf>,
}

/// Flags of `moc log append`.
#[derive(Args, Debug)]
pub struct AppendArgs {
    /// The log directory.
    #[arg(long)]
    dir: PathBuf,
    /// The author party's private key file; its name is the events' party.
    #[arg(long)]
    key: PathBuf,
    /// The events: a file, or `-` for standard input (streamed).
    #[arg(default_value = "-")]
    input: String,
}

/// Flags naming only the log directory.
#[derive(Args, Debug)]
pub struct DirArgs {
    /// The log directory.
    #[arg(long)]
    dir: PathBuf,
}

/// Flags of `moc log prove`.
#[derive(Args, Debug)]
pub struct ProveArgs {
    /// The log directory.
    #[arg(long)]
    dir: PathBuf,
    /// The entry's index.
    #[arg(long)]
    index: u64,
}

/// Flags of `moc log verify`.
#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The log directory.
    #[arg(long)]
    dir: PathBuf,
    /// A tlog-policy file the checkpoint's cosignatures must satisfy.
    #[arg(long)]
    policy: Option<PathBuf>,
}

/// Flags of `moc log verify-proof`.
#[derive(Args, Debug)]
pub struct VerifyProofArgs {
    /// The proof bundle file.
    file: PathBuf,
    /// The tlog-policy file naming the log and the witnesses that count.
    #[arg(long)]
    policy: PathBuf,
    /// A party's public key file: with these, the entry's own signature is
    /// checked too.
    #[arg(long = "party")]
    parties: Vec<PathBuf>,
}

/// Runs one `moc log` subcommand.
pub fn run(cmd: LogCmd, ctx: &Ctx) -> anyhow::Result<()> {
    match cmd {
        LogCmd::Init(a) => init(&a, ctx.lang),
        LogCmd::Append(a) => append(&a, ctx.lang),
        LogCmd::Checkpoint(a) => checkpoint(&a, ctx.lang),
        LogCmd::Prove(a) => prove(&a, ctx.lang),
        LogCmd::Verify(a) => verify(&a, ctx.lang),
        LogCmd::VerifyProof(a) => verify_proof(&a, ctx.lang),
    }
}

fn path_arg(path: &Path) -> (&'static str, moc_i18n::Arg) {
    ("path", path.display().to_string().into())
}

fn read_file(path: &Path, lang: Lang) -> anyhow::Result<Vec<u8>> {
    fs::read(path).with_context(|| tr(lang, "log-read-error", &[path_arg(path)]))
}

fn read_signing_key(path: &Path, lang: Lang) -> anyhow::Result<SigningKey> {
    let text = String::from_utf8(read_file(path, lang)?)
        .map_err(|_| anyhow!(tr(lang, "log-bad-key", &[path_arg(path)])))?;
    text.trim()
        .parse()
        .with_context(|| tr(lang, "log-bad-key", &[path_arg(path)]))
}

/// A public key file, or the public half of a private one.
fn read_verifier_key(path: &Path, lang: Lang) -> anyhow::Result<VerifierKey> {
    let text = String::from_utf8(read_file(path, lang)?)
        .map_err(|_| anyhow!(tr(lang, "log-bad-key", &[path_arg(path)])))?;
    let text = text.trim();
    if text.starts_with("PRIVATE+KEY+") {
        return Ok(read_signing_key(path, lang)?.verifier());
    }
    text.parse()
        .with_context(|| tr(lang, "log-bad-key", &[path_arg(path)]))
}

fn open_reader(dir: &Path, lang: Lang) -> anyhow::Result<Log> {
    Log::open_read_only(dir).with_context(|| tr(lang, "log-open-error", &[path_arg(dir)]))
}

fn init(a: &InitArgs, lang: Lang) -> anyhow::Result<()> {
    let key = read_signing_key(&a.key, lang)?;
    if key.name() != a.origin {
        bail!(tr(
            lang,
            "log-origin-mismatch",
            &[
                ("origin", a.origin.clone().into()),
                ("name", key.name().to_owned().into())
            ]
        ));
    }
    let parties = a
        .parties
        .iter()
        .map(|p| read_verifier_key(p, lang))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let config = LogConfig {
        origin: a.origin.clone(),
        log_key: key.verifier(),
        parties,
    };
    let log = Log::create(&a.dir, config, key)
        .with_context(|| tr(lang, "log-create-error", &[path_arg(&a.dir)]))?;
    eprintln!(
        "{}",
        tr(
            lang,
            "log-created",
            &[
                path_arg(&a.dir),
                ("origin", a.origin.clone().into()),
                ("parties", log.config().parties.len().into())
            ]
        )
    );
    Ok(())
}

/// One input line turned into an event, or why not (a translated message
/// naming the line and the field).
fn parse_event(
    line: &str,
    line_no: usize,
    origin: &str,
    party: &str,
    lang: Lang,
) -> anyhow::Result<Event> {
    let bad = |field: &str, why: &str| {
        anyhow!(tr(
            lang,
            "log-bad-event",
            &[
                ("line", line_no.into()),
                ("field", field.to_owned().into()),
                ("why", why.to_owned().into())
            ]
        ))
    };
    let value: Value = serde_json::from_str(line).map_err(|e| bad("-", &e.to_string()))?;
    let Value::Object(map) = value else {
        return Err(bad("-", "not a JSON object"));
    };
    for k in map.keys() {
        if !matches!(k.as_str(), "kind" | "user" | "payload" | "time_ms") {
            return Err(bad(k, "unknown field"));
        }
    }
    let text = |field: &str| -> anyhow::Result<String> {
        match map.get(field) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(bad(field, "not a string")),
            None => Err(bad(field, "missing")),
        }
    };
    let kind = text("kind")?;
    let user = text("user")?;
    let payload = map
        .get("payload")
        .cloned()
        .ok_or_else(|| bad("payload", "missing"))?;
    let time_ms = match map.get("time_ms") {
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| bad("time_ms", "not a non-negative integer"))?,
    };
    Ok(Event {
        origin: origin.to_owned(),
        kind,
        party: party.to_owned(),
        user,
        time_ms,
        payload,
    })
}

/// Parses and signs one line.
fn line_to_entry(
    line: &str,
    line_no: usize,
    config: &LogConfig,
    key: &SigningKey,
    lang: Lang,
) -> anyhow::Result<Entry> {
    let event = parse_event(line, line_no, &config.origin, key.name(), lang)?;
    Entry::sign(&event, key).map_err(|e| {
        let field = match &e {
            moc_ledger::entry::EntryError::InvalidField { field, .. } => (*field).to_owned(),
            _ => "-".to_owned(),
        };
        anyhow!(tr(
            lang,
            "log-bad-event",
            &[
                ("line", line_no.into()),
                ("field", field.into()),
                ("why", e.to_string().into())
            ]
        ))
    })
}

/// Appends events: a file is checked whole before anything is written; a
/// stream (`-`) is appended as it comes, and a bad line stops it (the lines
/// before it are already durable and printed; none after it is written).
fn append(a: &AppendArgs, lang: Lang) -> anyhow::Result<()> {
    let key = read_signing_key(&a.key, lang)?;
    let log = Log::open(&a.dir).with_context(|| tr(lang, "log-open-error", &[path_arg(&a.dir)]))?;
    let config = log.config().clone();
    if !config.parties.contains(&key.verifier()) {
        bail!(tr(
            lang,
            "log-not-a-party",
            &[("name", key.name().to_owned().into()), path_arg(&a.dir)]
        ));
    }
    let (entries, reader): (Vec<Entry>, Option<Box<dyn BufRead + Send>>) = if a.input == "-" {
        (Vec::new(), Some(Box::new(BufReader::new(std::io::stdin()))))
    } else {
        let path = Path::new(&a.input);
        let text = String::from_utf8(read_file(path, lang)?)
            .map_err(|_| anyhow!(tr(lang, "log-read-error", &[path_arg(path)])))?;
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if !line.trim().is_empty() {
                entries.push(line_to_entry(line, i + 1, &config, &key, lang)?);
            }
        }
        (entries, None)
    };

    let appender = Appender::spawn(log, BatchConfig::default());
    let submitter = appender.submitter();
    // The printer waits for acknowledgements in order and prints each at
    // once, so what is printed is exactly what is durable.
    let (tx, rx) = mpsc::channel::<Pending>();
    let printer = std::thread::spawn(move || -> anyhow::Result<u64> {
        let stdout = std::io::stdout();
        let mut count = 0;
        for pending in rx {
            let index = pending.wait()?;
            let mut out = stdout.lock();
            writeln!(out, "{index}")?;
            out.flush()?;
            count += 1;
        }
        Ok(count)
    });
    let mut outcome = Ok(());
    for e in entries {
        let _ = tx.send(submitter.submit(e));
    }
    if let Some(reader) = reader {
        for (i, line) in reader.lines().enumerate() {
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    outcome = Err(anyhow::Error::new(e).context(tr(lang, "log-stdin-error", &[])));
                    break;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            match line_to_entry(&line, i + 1, &config, &key, lang) {
                Ok(e) => {
                    if tx.send(submitter.submit(e)).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
    }
    drop(tx);
    drop(submitter);
    let printed = printer
        .join()
        .map_err(|_| anyhow!("printer thread panicked"))?
        .with_context(|| tr(lang, "log-append-error", &[path_arg(&a.dir)]));
    appender
        .finish()
        .with_context(|| tr(lang, "log-append-error", &[path_arg(&a.dir)]))?;
    let printed = printed?;
    outcome?;
    eprintln!("{}", tr(lang, "log-appended", &[("count", printed.into())]));
    Ok(())
}

fn checkpoint(a: &DirArgs, lang: Lang) -> anyhow::Result<()> {
    let log = open_reader(&a.dir, lang)?;
    let mut out = std::io::stdout().lock();
    out.write_all(log.checkpoint_bytes())?;
    out.flush()?;
    Ok(())
}

fn prove(a: &ProveArgs, lang: Lang) -> anyhow::Result<()> {
    let log = open_reader(&a.dir, lang)?;
    let bundle = log.proof_bundle(a.index).with_context(|| {
        tr(
            lang,
            "log-prove-error",
            &[("index", a.index.into()), path_arg(&a.dir)],
        )
    })?;
    let mut out = std::io::stdout().lock();
    out.write_all(&bundle.to_bytes())?;
    out.flush()?;
    Ok(())
}

fn read_policy(path: &Path, lang: Lang) -> anyhow::Result<Policy> {
    Policy::from_bytes(&read_file(path, lang)?)
        .with_context(|| tr(lang, "log-bad-policy", &[path_arg(path)]))
}

fn verify(a: &VerifyArgs, lang: Lang) -> anyhow::Result<()> {
    let fail = || tr(lang, "log-verify-failed", &[path_arg(&a.dir)]);
    let log = open_reader(&a.dir, lang).with_context(fail)?;
    if let Some(p) = &a.policy {
        let policy = read_policy(p, lang)?;
        policy
            .verify_checkpoint(log.checkpoint_bytes())
            .map_err(|e| anyhow!("checkpoint: {e}"))
            .with_context(fail)?;
    }
    let bar = ProgressBar::new(log.size());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let report = audit::audit(&log, &mut |done| bar.set_position(done));
    bar.finish_and_clear();
    let report = report.with_context(fail)?;
    outln!(
        "{}",
        tr(
            lang,
            "log-verified",
            &[
                ("size", report.size.into()),
                ("tiles", report.tiles.into()),
                ("bundles", report.bundles.into())
            ]
        )
    );
    Ok(())
}

fn verify_proof(a: &VerifyProofArgs, lang: Lang) -> anyhow::Result<()> {
    let fail = || tr(lang, "log-proof-failed", &[path_arg(&a.file)]);
    let policy = read_policy(&a.policy, lang)?;
    let mut bytes = Vec::new();
    if a.file.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = read_file(&a.file, lang)?;
    }
    let bundle = ProofBundle::from_bytes(&bytes).with_context(fail)?;
    let parties = a
        .parties
        .iter()
        .map(|p| read_verifier_key(p, lang))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let entry_bytes = bundle
        .entry
        .clone()
        .ok_or_else(|| anyhow!(tr(lang, "log-proof-no-entry", &[])))
        .with_context(fail)?;
    let entry = if parties.is_empty() {
        bundle
            .verify(leaf_hash(&entry_bytes), &policy)
            .with_context(fail)?;
        Entry::from_bytes(&entry_bytes).with_context(fail)?
    } else {
        bundle
            .verify_entry(&policy, &parties.into_iter().collect())
            .with_context(fail)?
    };
    let event = entry.event();
    outln!(
        "{}",
        tr(
            lang,
            "log-proof-ok",
            &[
                ("index", bundle.index.into()),
                ("origin", event.origin.clone().into()),
                ("kind", event.kind.clone().into()),
                ("party", event.party.clone().into()),
            ]
        )
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expected: Result<(&str, &str, u64), &str>) {
        let got = parse_event(line, 7, "o", "p", Lang::En);
        match (got, expected) {
            (Ok(e), Ok((kind, user, time))) => {
                assert_eq!((e.kind.as_str(), e.user.as_str()), (kind, user));
                if time > 0 {
                    assert_eq!(e.time_ms, time);
                }
                assert_eq!((e.origin.as_str(), e.party.as_str()), ("o", "p"));
            }
            (Err(e), Err(field)) => {
                let msg = e.to_string();
                assert!(msg.contains('7'), "{msg}");
                assert!(msg.contains(field), "{msg} should name {field}");
            }
            (got, want) => panic!("{line}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn events_from_lines() {
        check(
            r#"{"kind":"note","user":"u1","payload":{"a":1},"time_ms":5}"#,
            Ok(("note", "u1", 5)),
        );
        check(
            r#"{"kind":"note","user":"u1","payload":null}"#,
            Ok(("note", "u1", 0)),
        );
        check(r#"{"user":"u1","payload":1}"#, Err("kind"));
        check(r#"{"kind":3,"user":"u1","payload":1}"#, Err("kind"));
        check(r#"{"kind":"k","payload":1}"#, Err("user"));
        check(r#"{"kind":"k","user":"u"}"#, Err("payload"));
        check(
            r#"{"kind":"k","user":"u","payload":1,"time_ms":-1}"#,
            Err("time_ms"),
        );
        check(
            r#"{"kind":"k","user":"u","payload":1,"extra":1}"#,
            Err("extra"),
        );
        check(r#"[1]"#, Err("-"));
        check(r#"{"kind":"#, Err("-"));
    }
}
