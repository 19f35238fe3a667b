//! `moc intake …`: candidate incidents from news articles, and their
//! score against a gold set.
//!
//! The extraction is `moc-intake`'s and does no I/O; this module reads the
//! files, and refuses before extracting anything a file that is not an
//! article: too large (checked on the file's size, before it is read),
//! empty, binary (a NUL byte), or not UTF-8 (with the offset of the first
//! bad byte).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use moc_i18n::{Lang, tr};
use moc_intake::dates::Day;
use moc_intake::eval::{Report, evaluate, read_gold};
use moc_intake::{Candidate, Extraction, Gazetteer, Options, extract};
use serde::Serialize;

use crate::Ctx;

/// The largest article accepted, in bytes. A news article is a few tens
/// of kilobytes; anything near this is a wrong file, refused before it is
/// read.
pub const MAX_ARTICLE_BYTES: u64 = 4 * 1024 * 1024;

/// `moc intake` subcommands.
#[derive(Subcommand, Debug)]
pub enum IntakeCmd {
    /// Extracts candidate incidents from articles.
    Extract(ExtractArgs),
    /// Scores the extraction of a folder of articles against a gold CSV.
    Eval(EvalArgs),
    /// Queues the candidate incidents of articles for review.
    Queue(super::intake_review::QueueArgs),
    /// Lists the queue, each item with what matching proposes.
    Review(super::intake_review::ReviewArgs),
    /// Files a queued item, edited, as a new incident or a source of one.
    Accept(super::intake_review::AcceptArgs),
    /// Sets a queued item aside, with the reason.
    Reject(super::intake_review::RejectArgs),
}

/// Flags of `moc intake extract`.
#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// The article files (UTF-8 text; optional `Key: value` header lines).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The publication date (YYYY-MM-DD), for relative dates ("Monday");
    /// it overrides the articles' own.
    #[arg(long)]
    published: Option<String>,
    /// Print one JSON array, one object per file.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc intake eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// The folder of articles (`*.txt`).
    dir: PathBuf,
    /// The gold CSV: file,event_date,location,admin1,event_type,
    /// fatalities_min,fatalities_max.
    #[arg(long)]
    gold: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs one `moc intake` subcommand.
pub fn run(cmd: IntakeCmd, ctx: &Ctx) -> anyhow::Result<()> {
    match cmd {
        IntakeCmd::Extract(a) => extract_cmd(&a, ctx.lang),
        IntakeCmd::Eval(a) => eval_cmd(&a, ctx.lang),
        IntakeCmd::Queue(a) => super::intake_review::queue(a, ctx),
        IntakeCmd::Review(a) => super::intake_review::review(a, ctx),
        IntakeCmd::Accept(a) => super::intake_review::accept(a, ctx),
        IntakeCmd::Reject(a) => super::intake_review::reject(a, ctx),
    }
}

/// The embedded gazetteer.
pub fn gazetteer(lang: Lang) -> anyhow::Result<Gazetteer> {
    Gazetteer::mali().with_context(|| tr(lang, "intake-gazetteer-error", &[]))
}

/// Reads an article, refusing what is not one (see the module's doc).
pub fn read_article(path: &Path, lang: Lang) -> anyhow::Result<String> {
    let name = || path.display().to_string();
    let refuse = |key: &str, extra: Vec<(&'static str, moc_i18n::Arg)>| {
        let mut args: Vec<(&str, moc_i18n::Arg)> = vec![("path", name().into())];
        args.extend(extra);
        anyhow::anyhow!(tr(lang, key, &args))
    };
    let meta = std::fs::metadata(path)
        .with_context(|| tr(lang, "intake-read-error", &[("path", name().into())]))?;
    if !meta.is_file() {
        return Err(refuse("intake-not-a-file", Vec::new()));
    }
    if meta.len() > MAX_ARTICLE_BYTES {
        return Err(refuse(
            "intake-too-large",
            vec![
                ("size", meta.len().into()),
                ("limit", MAX_ARTICLE_BYTES.into()),
            ],
        ));
    }
    let bytes = std::fs::read(path)
        .with_context(|| tr(lang, "intake-read-error", &[("path", name().into())]))?;
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(refuse("intake-binary", vec![("offset", at.into())]));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        refuse(
            "intake-bad-utf8",
            vec![("offset", e.utf8_error().valid_up_to().into())],
        )
    })?;
    if text.trim().is_empty() {
        return Err(refuse("intake-empty", Vec::new()));
    }
    Ok(text)
}

/// One file's extraction, as `--json` prints it.
#[derive(Serialize)]
struct FileExtraction<'a> {
    file: String,
    #[serde(flatten)]
    extraction: &'a Extraction,
}

fn extract_cmd(a: &ExtractArgs, lang: Lang) -> anyhow::Result<()> {
    let published = match &a.published {
        Some(p) => Some(Day::parse_iso(p).ok_or_else(|| {
            anyhow::anyhow!(tr(lang, "intake-bad-date", &[("value", p.as_str().into())]))
        })?),
        None => None,
    };
    let g = gazetteer(lang)?;
    let options = Options { published };
    // Every file is checked before anything is printed, so a bad one among
    // many leaves no half-written output.
    let mut results = Vec::with_capacity(a.files.len());
    for path in &a.files {
        let text = read_article(path, lang)?;
        results.push((path.display().to_string(), extract(&text, &g, &options)));
    }
    if a.json {
        let out: Vec<FileExtraction<'_>> = results
            .iter()
            .map(|(file, extraction)| FileExtraction {
                file: file.clone(),
                extraction,
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    for (file, x) in &results {
        outln!(
            "{}",
            tr(
                lang,
                "intake-file",
                &[
                    ("path", file.as_str().into()),
                    ("count", x.candidates.len().into()),
                    ("language", x.language.code().into()),
                    (
                        "published",
                        x.published
                            .clone()
                            .unwrap_or_else(|| tr(lang, "intake-unknown", &[]))
                            .into()
                    ),
                ],
            )
        );
        for (i, c) in x.candidates.iter().enumerate() {
            print_candidate(lang, i + 1, c);
        }
    }
    Ok(())
}

fn print_candidate(lang: Lang, n: usize, c: &Candidate) {
    let unknown = || tr(lang, "intake-unknown", &[]);
    let date = c
        .date
        .as_ref()
        .and_then(|d| d.value.date.clone())
        .unwrap_or_else(unknown);
    let place = c.place.as_ref().map_or_else(unknown, |p| {
        tr(
            lang,
            "intake-place",
            &[
                ("location", p.value.location.as_str().into()),
                ("admin1", p.value.admin1.as_str().into()),
                ("precision", u64::from(p.value.geo_precision).into()),
            ],
        )
    });
    let kind = match (&c.event_type, &c.sub_event_type) {
        (Some(t), Some(s)) => format!(
            "{} / {}",
            tr(lang, &format!("event-type-{}", t.value.slug()), &[]),
            tr(lang, &format!("sub-event-type-{}", s.value.slug()), &[])
        ),
        _ => unknown(),
    };
    outln!(
        "{}",
        tr(
            lang,
            "intake-candidate",
            &[
                ("n", n.into()),
                ("date", date.into()),
                ("place", place.into()),
                ("type", kind.into()),
                (
                    "confidence",
                    ((f64::from(c.confidence) * 100.0).round() / 100.0).into(),
                ),
            ],
        )
    );
    for (key, range) in [
        ("intake-killed", c.fatalities),
        ("intake-injured", c.injured),
        ("intake-abducted", c.abducted),
    ] {
        if let Some(r) = range {
            outln!(
                "    {}",
                tr(
                    lang,
                    key,
                    &[
                        ("low", u64::from(r.low).into()),
                        ("high", u64::from(r.high).into())
                    ]
                )
            );
        }
    }
    for claim in &c.claims {
        outln!(
            "    {}",
            tr(
                lang,
                "intake-claim",
                &[("actor", claim.actor.clone().unwrap_or_else(unknown).into())]
            )
        );
    }
    if !c.actors.is_empty() {
        let names: Vec<&str> = c.actors.iter().map(|a| a.value.as_str()).collect();
        outln!(
            "    {}",
            tr(
                lang,
                "intake-actors",
                &[("actors", names.join(", ").into())]
            )
        );
    }
}

/// Reads every `*.txt` article of `dir`, sorted by name.
pub fn read_dir_articles(dir: &Path, lang: Lang) -> anyhow::Result<Vec<(String, String)>> {
    let entries = std::fs::read_dir(dir).with_context(|| {
        tr(
            lang,
            "intake-read-error",
            &[("path", dir.display().to_string().into())],
        )
    })?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| {
                tr(
                    lang,
                    "intake-read-error",
                    &[("path", dir.display().to_string().into())],
                )
            })?
            .path();
        if path.extension().is_some_and(|e| e == "txt") {
            paths.push(path);
        }
    }
    paths.sort();
    if paths.is_empty() {
        bail!(tr(
            lang,
            "intake-no-articles",
            &[("path", dir.display().to_string().into())]
        ));
    }
    paths
        .iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok((name, read_article(p, lang)?))
        })
        .collect()
}

fn eval_cmd(a: &EvalArgs, lang: Lang) -> anyhow::Result<()> {
    let g = gazetteer(lang)?;
    let gold_path = a.gold.display().to_string();
    let gold_text = std::fs::read_to_string(&a.gold).with_context(|| {
        tr(
            lang,
            "intake-read-error",
            &[("path", gold_path.as_str().into())],
        )
    })?;
    let gold = read_gold(&gold_text).with_context(|| {
        tr(
            lang,
            "intake-bad-gold",
            &[("path", gold_path.as_str().into())],
        )
    })?;
    let articles = read_dir_articles(&a.dir, lang)?;
    let extracted: Vec<(String, Extraction)> = articles
        .iter()
        .map(|(name, text)| (name.clone(), extract(text, &g, &Options::default())))
        .collect();
    let report = evaluate(&extracted, &gold, &g);
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(lang, &report);
    }
    Ok(())
}

fn print_report(lang: Lang, r: &Report) {
    outln!(
        "{}",
        tr(
            lang,
            "intake-eval-summary",
            &[
                ("articles", r.articles.into()),
                ("candidates", r.candidates.into()),
                ("gold", r.gold.into()),
                ("paired", r.paired.into()),
            ],
        )
    );
    for f in &r.fields {
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        outln!(
            "  {}",
            tr(
                lang,
                "intake-eval-field",
                &[
                    ("field", f.field.into()),
                    ("precision", round(f.precision).into()),
                    ("recall", round(f.recall).into()),
                    ("f1", round(f.f1).into()),
                    ("tp", u64::from(f.tp).into()),
                    ("fp", u64::from(f.fp).into()),
                    ("fn", u64::from(f.fn_).into()),
                ],
            )
        );
    }
}
