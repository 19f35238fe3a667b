//! `moc intake queue|review|accept|reject`: the review queue of candidate
//! incidents read from articles.
//!
//! `queue` extracts each article and keeps its candidates in the node's
//! `intake/queue.json`; `review` lists them, each with what matching
//! against the mechanism's incidents proposes (a source for incident X, or
//! a new incident); `accept` applies the reviewer's edits and files the
//! item as a signed command — `AddIncidentSource` or `ReportIncident` —
//! for the acting account; `reject` sets it aside with a reason.
//!
//! The queue file (`moc_node::intake`) is rewritten whole through a temporary file and a rename,
//! under a lock (two reviewers at once wait for each other), and only after
//! everything else succeeded: a refused edit or command leaves it as it
//! was. An item is filed once: accepting or rejecting it again is refused.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow, bail};
use clap::Args;
use moc_domain::{Command, IncidentRef};
use moc_i18n::Lang;
use moc_intake::dates::Day;
use moc_intake::matching::Decision;
use moc_intake::review::{Item, Status};
use moc_intake::{Options, extract};
use moc_node::intake::{IntakeError, LockedQueue, proposal};
use moc_node::layout::Layout;
use serde::Serialize;

use crate::Ctx;
use crate::cmd::incident_record::report;
use crate::cmd::intake::{gazetteer, read_article};
use crate::cmd::node::{
    ActArgs, NodeArgs, actor, code, mechanism, print_executed, print_json, print_table, trs,
    with_node, with_store,
};

/// Flags of `moc intake queue`.
#[derive(Args, Debug)]
pub struct QueueArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The article files (UTF-8 text; optional `Key: value` header lines).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The outlet that published them, when their `Source:` header does
    /// not say (the source's name in the record).
    #[arg(long)]
    outlet: Option<String>,
    /// The publication date (YYYY-MM-DD), overriding the articles' own.
    #[arg(long)]
    published: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc intake review`.
#[derive(Args, Debug)]
pub struct ReviewArgs {
    #[command(flatten)]
    node: NodeArgs,
    /// The mechanism whose incidents the items are matched against.
    #[arg(long, short = 'm', env = "MOC_MECHANISM")]
    mechanism: Option<String>,
    /// Accepted and rejected items too.
    #[arg(long)]
    all: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc intake accept`.
#[derive(Args, Debug)]
pub struct AcceptArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// The item's number in the queue.
    item: u32,
    /// An edit, FIELD=VALUE (date, location, region, at, sub-event,
    /// actor1, killed, outlet, …); may be repeated.
    #[arg(long = "set")]
    set: Vec<String>,
    /// Add the article as a source of this incident, whatever matching
    /// says.
    #[arg(long, conflicts_with_all = ["new", "id"])]
    into: Option<String>,
    /// Record a new incident even if one matches.
    #[arg(long)]
    new: bool,
    /// The new incident's id (default: intake-<date>-<item>).
    #[arg(long)]
    id: Option<String>,
    /// The mechanism's zone the new incident happened in.
    #[arg(long)]
    zone: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc intake reject`.
#[derive(Args, Debug)]
pub struct RejectArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// The item's number in the queue.
    item: u32,
    /// Why (kept in the queue).
    #[arg(long)]
    reason: String,
}

/// Locks and reads the node's queue.
fn open_queue(node: &NodeArgs, lang: Lang) -> anyhow::Result<LockedQueue> {
    LockedQueue::open(&Layout::new(&node.data)).map_err(|e| intake_error(e, lang))
}

/// A queue error in the reader's language, its cause kept.
fn intake_error(e: IntakeError, lang: Lang) -> anyhow::Error {
    let at = |key: &str, path: &Path| trs(lang, key, &[("path", path.display().to_string())]);
    match e {
        IntakeError::NotANode(dir) => {
            let why = trs(
                lang,
                "node-open-failed",
                &[("dir", dir.display().to_string())],
            );
            anyhow!(moc_node::NodeError::NotANode(dir)).context(why)
        }
        IntakeError::Unreadable { ref path, .. } => {
            let why = at("intake-queue-unreadable", path);
            anyhow!(e).context(why)
        }
        IntakeError::Corrupt { ref path, .. } => {
            let why = at("intake-queue-corrupt", path);
            anyhow!(e).context(why)
        }
        IntakeError::Unwritable { ref path, .. } => {
            let why = at("intake-queue-unwritable", path);
            anyhow!(e).context(why)
        }
        IntakeError::NoItem(id) => {
            anyhow!(trs(lang, "intake-no-item", &[("item", id.to_string())]))
        }
        IntakeError::AlreadyAccepted { item, incident } => anyhow!(trs(
            lang,
            "intake-already-accepted",
            &[("item", item.to_string()), ("incident", incident)]
        )),
        IntakeError::AlreadyRejected(item) => anyhow!(trs(
            lang,
            "intake-already-rejected",
            &[("item", item.to_string())]
        )),
    }
}

/// Runs `moc intake queue`.
pub fn queue(a: QueueArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let published = match &a.published {
        Some(p) => Some(
            Day::parse_iso(p)
                .ok_or_else(|| anyhow!(trs(lang, "intake-bad-date", &[("value", p.clone())])))?,
        ),
        None => None,
    };
    let g = gazetteer(lang)?;
    // Every file is read and extracted before the queue is touched.
    let mut read = Vec::with_capacity(a.files.len());
    for path in &a.files {
        let text = read_article(path, lang)?;
        read.push((path, extract(&text, &g, &Options { published })));
    }
    let mut locked = open_queue(&a.node, lang)?;
    let mut added = Vec::new();
    for (path, extraction) in &read {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let ids = locked
            .queue_mut()
            .add(&name, extraction, a.outlet.as_deref());
        added.push((name, ids));
    }
    locked.save().map_err(|e| intake_error(e, lang))?;
    if a.json {
        #[derive(Serialize)]
        struct Added<'a> {
            file: &'a str,
            items: &'a [u32],
        }
        let out: Vec<Added<'_>> = added
            .iter()
            .map(|(file, items)| Added { file, items })
            .collect();
        return print_json(&out);
    }
    for (file, ids) in &added {
        let items: Vec<String> = ids.iter().map(u32::to_string).collect();
        outln!(
            "{}",
            trs(
                lang,
                "intake-queued",
                &[
                    ("path", file.clone()),
                    ("count", ids.len().to_string()),
                    ("items", items.join(", ")),
                ]
            )
        );
    }
    Ok(())
}

/// One item as `review --json` prints it.
#[derive(Serialize)]
struct Reviewed<'a> {
    #[serde(flatten)]
    item: &'a Item,
    proposal: Option<Decision>,
}

/// Runs `moc intake review`.
pub fn review(a: ReviewArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let locked = open_queue(&a.node, lang)?;
    let items: Vec<&Item> = locked
        .queue()
        .items
        .iter()
        .filter(|i| a.all || i.status == Status::Pending)
        .collect();
    let proposals = with_store(&a.node, ctx, async |store| {
        let m = crate::cmd::node::stored_mechanism(&store, a.mechanism.as_deref(), lang).await?;
        let mut out = Vec::with_capacity(items.len());
        for item in &items {
            out.push(if item.status == Status::Pending {
                proposal(&store, &m, item).await?
            } else {
                None
            });
        }
        Ok(out)
    })?;
    if a.json {
        let out: Vec<Reviewed<'_>> = items
            .iter()
            .zip(proposals)
            .map(|(item, proposal)| Reviewed { item, proposal })
            .collect();
        return print_json(&out);
    }
    let unknown = || trs(lang, "intake-unknown", &[]);
    let rows: Vec<Vec<String>> = items
        .iter()
        .zip(&proposals)
        .map(|(item, proposal)| {
            let d = &item.draft;
            let kind = d
                .sub_event_type
                .map(|s| crate::cmd::node::label(lang, "sub-event-type", s.slug()))
                .unwrap_or_else(unknown);
            let status = match (&item.status, proposal) {
                (Status::Pending, Some(Decision::AddSource { incident, .. })) => trs(
                    lang,
                    "intake-proposal-source",
                    &[("incident", incident.clone())],
                ),
                (Status::Pending, Some(Decision::NewIncident)) => {
                    trs(lang, "intake-proposal-new", &[])
                }
                (Status::Pending, None) => trs(lang, "intake-proposal-incomplete", &[]),
                (Status::Accepted { incident, .. }, _) => trs(
                    lang,
                    "intake-status-accepted",
                    &[("incident", incident.clone())],
                ),
                (Status::Rejected { reason, .. }, _) => trs(
                    lang,
                    "intake-status-rejected",
                    &[("reason", reason.clone())],
                ),
            };
            vec![
                item.id.to_string(),
                item.article.file.clone(),
                d.date.clone().unwrap_or_else(unknown),
                d.location.clone().unwrap_or_else(unknown),
                kind,
                d.killed.map_or_else(String::new, |f| f.to_string()),
                status,
            ]
        })
        .collect();
    print_table(
        lang,
        &[
            "col-item",
            "col-file",
            "col-date",
            "col-location",
            "col-type",
            "col-fatalities",
            "col-proposal",
        ],
        &rows,
    );
    Ok(())
}

/// Runs `moc intake accept`.
pub fn accept(a: AcceptArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let mut locked = open_queue(&a.node, lang)?;
    // Edits on a copy: a refused one leaves the queue as it was.
    let mut item = locked
        .pending(a.item)
        .map_err(|e| intake_error(e, lang))?
        .clone();
    for edit in &a.set {
        item.set(edit).map_err(|e| {
            anyhow!(trs(
                lang,
                "node-bad-flag",
                &[("flag", "--set".to_owned()), ("why", e.to_string())]
            ))
        })?;
    }
    let by = a.act.user.clone().unwrap_or_default();
    let (done, incident, as_source) = with_node(&a.node, ctx, async |node| {
        let who = actor(&node, &a.act, lang)?;
        let m = mechanism(&node, a.act.mechanism.as_deref(), lang).await?;
        let into = match (&a.into, a.new) {
            (Some(id), _) => Some(id.clone()),
            (None, true) => None,
            (None, false) => match proposal(node.store(), m.as_str(), &item).await? {
                Some(Decision::AddSource { incident, .. }) => Some(incident),
                _ => None,
            },
        };
        let why = |e: moc_intake::review::ReviewError| {
            anyhow!(trs(
                lang,
                "intake-cannot-file",
                &[("item", item.id.to_string()), ("why", e.to_string())]
            ))
        };
        let (command, incident, as_source) = match into {
            Some(id) => {
                let source = item.source().map_err(why)?;
                let incident = IncidentRef {
                    mechanism: m,
                    incident: code("--into", &id, lang)?,
                };
                (Command::AddIncidentSource { incident, source }, id, true)
            }
            None => {
                let id = a.id.clone().unwrap_or_else(|| {
                    format!(
                        "intake-{}-{}",
                        item.draft.date.as_deref().unwrap_or("undated"),
                        item.id
                    )
                });
                let record = item.record(&id).map_err(why)?;
                let command = report(m, &id, a.zone.as_deref(), record, lang)?;
                (command, id, false)
            }
        };
        let done = node.execute(&who, command).await?;
        Ok((done, incident, as_source))
    })?;
    item.status = Status::Accepted {
        incident: incident.clone(),
        as_source,
        by,
    };
    *locked.pending(a.item).map_err(|e| intake_error(e, lang))? = item;
    // The command is in the log: say so even if the queue cannot be
    // written, so the reviewer does not file it twice.
    locked
        .save()
        .map_err(|e| intake_error(e, lang))
        .with_context(|| {
            trs(
                lang,
                "intake-filed-not-saved",
                &[("item", a.item.to_string()), ("incident", incident.clone())],
            )
        })?;
    print_executed(&done, a.json, lang);
    Ok(())
}

/// Runs `moc intake reject`.
pub fn reject(a: RejectArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    if a.reason.trim().is_empty() {
        bail!(trs(
            lang,
            "node-bad-flag",
            &[
                ("flag", "--reason".to_owned()),
                ("why", trs(lang, "intake-reason-empty", &[]))
            ]
        ));
    }
    let mut locked = open_queue(&a.node, lang)?;
    locked.pending(a.item).map_err(|e| intake_error(e, lang))?;
    // The reviewer must be one of the node's accounts, as for accepting.
    with_node(&a.node, ctx, async |node| {
        actor(&node, &a.act, lang)?;
        Ok(())
    })?;
    let item = locked.pending(a.item).map_err(|e| intake_error(e, lang))?;
    item.status = Status::Rejected {
        reason: a.reason.trim().to_owned(),
        by: a.act.user.clone().unwrap_or_default(),
    };
    locked.save().map_err(|e| intake_error(e, lang))?;
    outln!(
        "{}",
        trs(lang, "intake-rejected", &[("item", a.item.to_string())])
    );
    Ok(())
}
