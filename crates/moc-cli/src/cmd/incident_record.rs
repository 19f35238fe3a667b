//! `moc incident add|list|show|source|claim|investigate|finding|merge|split`:
//! the mechanism's own incidents, recorded in its log — every source with
//! its figures, the parties' claims side by side, joint verification, and
//! merges that can be undone. (Imported datasets are `cmd/incident.rs`.)

use anyhow::{anyhow, bail};
use clap::Args;
use moc_domain::incident::{
    Claim, ClaimKind, Finding, IncidentView, Investigator, Speaker, VerificationStatus,
};
use moc_domain::moc_incidents::{
    Actor as GroupActor, ActorType, Figure, IncidentRecord, Precision, Source, SourceKind,
    SubEventType,
};
use moc_domain::{Command, IncidentId, IncidentRef, MechanismId, PartyId, ReportIncident, UserId};
use moc_i18n::Lang;
use moc_store::{IncidentFilter, MAX_INCIDENT_PAGE};

use crate::Ctx;
use crate::cmd::node::{
    ActArgs, NodeArgs, ReadArgs, actor, code, coord, label, mechanism, print_executed, print_json,
    print_table, stored_mechanism, trs, with_node, with_store,
};

fn bad(lang: Lang, flag: &str, why: String) -> anyhow::Error {
    anyhow!(trs(
        lang,
        "node-bad-flag",
        &[("flag", flag.to_owned()), ("why", why)]
    ))
}

/// `moc incident` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum IncidentCmd {
    /// Records an incident of the mechanism with its sources.
    Add(AddArgs),
    /// Lists the mechanism's incidents.
    List(ListArgs),
    /// Shows one incident: every source, the range, claims, verification.
    Show(ShowArgs),
    /// Adds a source to an incident.
    Source(SourceArgs),
    /// Records an accusation, a denial or a claim of responsibility.
    Claim(ClaimArgs),
    /// Opens a joint investigation (two parties or more and an observer).
    Investigate(InvestigateArgs),
    /// Files your party's finding, as an investigator on the team.
    Finding(FindingArgs),
    /// Merges another report of the same event into an incident.
    Merge(MergeArgs),
    /// Undoes a merge.
    Split(SplitArgs),
    /// Imports an ACLED or UCDP dataset (CSV) into the node's database.
    Import(super::incident::ImportArgs),
    /// Lists imported incidents by date, place, type, region, actor, deaths.
    Query(super::incident::QueryArgs),
    /// Exports imported incidents as ACLED CSV, GeoJSON or HXL.
    Export(super::incident::ExportArgs),
    /// Generates realistic synthetic incidents (tests, benchmarks).
    Synth(super::incident::SynthArgs),
}

/// Runs `moc incident …`.
pub fn run(cmd: IncidentCmd, ctx: &Ctx) -> anyhow::Result<()> {
    match cmd {
        IncidentCmd::Add(a) => add(a, ctx),
        IncidentCmd::List(a) => list(a, ctx),
        IncidentCmd::Show(a) => show(a, ctx),
        IncidentCmd::Source(a) => add_source(a, ctx),
        IncidentCmd::Claim(a) => claim(a, ctx),
        IncidentCmd::Investigate(a) => investigate(a, ctx),
        IncidentCmd::Finding(a) => finding(a, ctx),
        IncidentCmd::Merge(a) => merge(a, ctx),
        IncidentCmd::Split(a) => split(a, ctx),
        IncidentCmd::Import(a) => super::incident::import(a, ctx),
        IncidentCmd::Query(a) => super::incident::query(a, ctx),
        IncidentCmd::Export(a) => super::incident::export(a, ctx),
        IncidentCmd::Synth(a) => super::incident::synth(a, ctx),
    }
}

/// Flags of `moc incident add`.
#[derive(Args, Debug)]
pub struct AddArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// The incident's id.
    #[arg(long)]
    id: String,
    /// Its date, YYYY-MM-DD.
    #[arg(long)]
    date: String,
    /// ACLED's sub-event type, by its label ("Suicide bomb", "Armed clash").
    #[arg(long)]
    sub_event: String,
    /// The first actor, as ACLED names it.
    #[arg(long)]
    actor1: String,
    /// Its type: ACLED's inter code 1–8 or label (default 2, rebel group).
    #[arg(long, default_value = "2")]
    actor1_type: String,
    /// The second actor, if any.
    #[arg(long)]
    actor2: Option<String>,
    /// Its type (default 1, state forces).
    #[arg(long, default_value = "1")]
    actor2_type: String,
    /// The place's name.
    #[arg(long)]
    location: String,
    /// The region (first-level division: Gao, Kidal, Tombouctou, …).
    #[arg(long)]
    region: String,
    /// The place, LAT,LON in degrees.
    #[arg(long)]
    at: String,
    /// The mechanism's zone it happened in, if any.
    #[arg(long)]
    zone: Option<String>,
    /// What happened.
    #[arg(long, default_value = "")]
    notes: String,
    /// A source: OUTLET[;killed=N][;injured=N][;abducted=N][;date=YYYY-MM-DD][;url=URL][;lang=fr][;kind=media|official|observer|party|perpetrator]; repeat. Figures may be words: "dozens", "about 80", "at least 54".
    #[arg(long = "source")]
    sources: Vec<String>,
    /// A tag ("ceasefire violation"); repeat.
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// Civilians were targeted.
    #[arg(long)]
    civilians: bool,
    /// How precise the date is: 1 (the day), 2 (the week), 3 (the month).
    #[arg(long, default_value_t = 1)]
    time_precision: u8,
    /// How precise the place is: 1 (the town), 2 (near it), 3 (the region).
    #[arg(long, default_value_t = 1)]
    geo_precision: u8,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc incident list`.
#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    read: ReadArgs,
    /// From this day on, YYYY-MM-DD.
    #[arg(long)]
    from: Option<String>,
    /// Up to this day, included.
    #[arg(long)]
    to: Option<String>,
    /// Verification status: reported, under-investigation, verified, not-verified, disputed.
    #[arg(long)]
    status: Option<String>,
    /// ACLED event type code (battles, explosions-remote-violence, …).
    #[arg(long = "type")]
    event_type: Option<String>,
    /// Region (first-level division).
    #[arg(long)]
    region: Option<String>,
    /// Words to find (place, actors, outlets, notes, tags, claims).
    #[arg(long)]
    text: Option<String>,
    /// With this actor, first or second, by its exact ACLED name.
    #[arg(long)]
    actor: Option<String>,
    /// List incidents merged into another too.
    #[arg(long)]
    include_merged: bool,
}

/// Flags of `moc incident show`.
#[derive(Args, Debug)]
pub struct ShowArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    read: ReadArgs,
    /// The incident's id.
    incident: String,
}

/// Flags of `moc incident source`.
#[derive(Args, Debug)]
pub struct SourceArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// The incident's id.
    incident: String,
    /// The source, as for `moc incident add --source`.
    #[arg(long)]
    source: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc incident claim`.
#[derive(Args, Debug)]
pub struct ClaimArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// The incident's id.
    incident: String,
    /// accusation, denial or responsibility.
    #[arg(long)]
    kind: String,
    /// Who says it: a party of the mechanism…
    #[arg(long, conflicts_with = "by_group")]
    by_party: Option<String>,
    /// …or another group, by its name.
    #[arg(long)]
    by_group: Option<String>,
    /// Whom it accuses: a party of the mechanism…
    #[arg(long, conflicts_with = "against_group")]
    against_party: Option<String>,
    /// …or another group.
    #[arg(long)]
    against_group: Option<String>,
    /// What was said.
    #[arg(long)]
    statement: String,
    /// Where it was said, as for `moc incident add --source`.
    #[arg(long)]
    source: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc incident investigate`.
#[derive(Args, Debug)]
pub struct InvestigateArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// The incident's id.
    incident: String,
    /// An investigator, PARTY:ACCOUNT; repeat (two parties or more and an observer).
    #[arg(long = "member", required = true)]
    team: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc incident finding`.
#[derive(Args, Debug)]
pub struct FindingArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// The incident's id.
    incident: String,
    /// verified or not-verified.
    #[arg(long)]
    finding: String,
    /// What your party's investigators found.
    #[arg(long)]
    text: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc incident merge`.
#[derive(Args, Debug)]
pub struct MergeArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// The incident that keeps its id.
    into: String,
    /// The other report of the same event.
    from: String,
    /// Why they are one event.
    #[arg(long)]
    reason: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc incident split`.
#[derive(Args, Debug)]
pub struct SplitArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// The incident to split off the one it was merged into.
    incident: String,
    /// Why the merge was wrong.
    #[arg(long)]
    reason: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `OUTLET[;key=value]…` as a source.
pub fn source(value: &str, lang: Lang) -> anyhow::Result<Source> {
    let flag = "--source";
    let mut parts = value.split(';');
    let outlet = parts.next().unwrap_or("").trim();
    let mut s = Source::new(outlet, SourceKind::Media);
    let figure = |v: &str| Figure::parse(v).map_err(|e| bad(lang, flag, e.to_string()));
    for part in parts {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| bad(lang, flag, format!("{part:?} is not KEY=VALUE")))?;
        let v = v.trim();
        match k.trim() {
            "killed" => s.killed = Some(figure(v)?),
            "injured" => s.injured = Some(figure(v)?),
            "abducted" => s.abducted = Some(figure(v)?),
            "date" => s.date = Some(v.to_owned()),
            "url" => s.url = Some(v.to_owned()),
            "lang" => s.language = Some(v.to_owned()),
            "kind" => s.kind = code("--source kind", v, lang)?,
            other => {
                return Err(bad(
                    lang,
                    flag,
                    format!(
                        "unknown key {other:?} (killed, injured, abducted, date, url, lang, kind)"
                    ),
                ));
            }
        }
    }
    // The format's own rules (a real date, a language tag), named by field.
    s.validate("source")
        .map_err(|e| bad(lang, flag, e.to_string()))?;
    Ok(s)
}

fn precision(flag: &str, value: u8, lang: Lang) -> anyhow::Result<Precision> {
    Precision::new(value).ok_or_else(|| bad(lang, flag, format!("{value} is not 1, 2 or 3")))
}

fn group(flag: &str, name: &str, kind: &str, lang: Lang) -> anyhow::Result<GroupActor> {
    Ok(GroupActor {
        name: name.to_owned(),
        associated: Vec::new(),
        kind: ActorType::parse(kind)
            .ok_or_else(|| bad(lang, flag, format!("{kind:?} is not an inter code 1-8")))?,
    })
}

fn record(a: &AddArgs, lang: Lang) -> anyhow::Result<IncidentRecord> {
    let sub = SubEventType::from_label(&a.sub_event)
        .or_else(|| code::<SubEventType>("--sub-event", &a.sub_event, lang).ok())
        .ok_or_else(|| {
            let known: Vec<&str> = SubEventType::ALL.iter().map(|s| s.label()).collect();
            bad(
                lang,
                "--sub-event",
                format!("{:?} is not one of: {}", a.sub_event, known.join(", ")),
            )
        })?;
    let at = coord("--at", &a.at, lang)?;
    let sources = a
        .sources
        .iter()
        .map(|s| source(s, lang))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let fatalities =
        moc_domain::moc_incidents::reconcile(&sources, moc_domain::moc_incidents::Toll::Killed)
            .map_or(0, |c| c.acled);
    Ok(IncidentRecord {
        event_id_cnty: a.id.clone(),
        event_date: a.date.clone(),
        time_precision: precision("--time-precision", a.time_precision, lang)?,
        disorder_type: sub.default_disorder_type(),
        event_type: sub.event_type(),
        sub_event_type: sub,
        actor1: group("--actor1-type", &a.actor1, &a.actor1_type, lang)?,
        actor2: a
            .actor2
            .as_deref()
            .map(|n| group("--actor2-type", n, &a.actor2_type, lang))
            .transpose()?,
        civilian_targeting: a.civilians,
        iso: 466,
        country: "Mali".into(),
        region: "Western Africa".into(),
        admin1: Some(a.region.clone()),
        admin2: None,
        admin3: None,
        location: a.location.clone(),
        latitude_e6: at.lat_e6,
        longitude_e6: at.lon_e6,
        geo_precision: precision("--geo-precision", a.geo_precision, lang)?,
        sources,
        notes: a.notes.clone(),
        tags: a.tags.clone(),
        fatalities,
    })
}

fn speaker(
    party: Option<&String>,
    group: Option<&String>,
    lang: Lang,
) -> anyhow::Result<Option<Speaker>> {
    Ok(match (party, group) {
        (Some(p), _) => Some(Speaker::Party(code("--by-party", p, lang)?)),
        (None, Some(g)) => Some(Speaker::Group(g.clone())),
        (None, None) => None,
    })
}

async fn incident_ref(
    node: &moc_node::Node,
    act: &ActArgs,
    id: &str,
    lang: Lang,
) -> anyhow::Result<IncidentRef> {
    Ok(IncidentRef {
        mechanism: mechanism(node, act.mechanism.as_deref(), lang).await?,
        incident: code::<IncidentId>("INCIDENT", id, lang)?,
    })
}

/// Runs `moc incident add`.
pub fn add(a: AddArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let record = record(&a, lang)?;
    with_node(&a.node, ctx, async |node| {
        let who = actor(&node, &a.act, lang)?;
        let m = mechanism(&node, a.act.mechanism.as_deref(), lang).await?;
        let command = report(m, &a.id, a.zone.as_deref(), record, lang)?;
        let done = node.execute(&who, command).await?;
        print_executed(&done, a.json, lang);
        Ok(())
    })
}

/// The command reporting incident `id` (its flags `--id` and `--zone`).
pub fn report(
    mechanism: MechanismId,
    id: &str,
    zone: Option<&str>,
    record: IncidentRecord,
    lang: Lang,
) -> anyhow::Result<Command> {
    Ok(Command::ReportIncident(ReportIncident {
        mechanism,
        incident: code("--id", id, lang)?,
        zone: zone.map(|z| code("--zone", z, lang)).transpose()?,
        record,
    }))
}

/// Runs one incident command for the acting account.
fn act(
    node_args: &NodeArgs,
    act: &ActArgs,
    incident: &str,
    json: bool,
    ctx: &Ctx,
    make: impl FnOnce(IncidentRef) -> Command,
) -> anyhow::Result<()> {
    let lang = ctx.lang;
    with_node(node_args, ctx, async |node| {
        let who = actor(&node, act, lang)?;
        let r = incident_ref(&node, act, incident, lang).await?;
        let done = node.execute(&who, make(r)).await?;
        print_executed(&done, json, lang);
        Ok(())
    })
}

/// Runs `moc incident source`.
pub fn add_source(a: SourceArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let source = source(&a.source, ctx.lang)?;
    act(&a.node, &a.act, &a.incident, a.json, ctx, |incident| {
        Command::AddIncidentSource { incident, source }
    })
}

/// Runs `moc incident claim`.
pub fn claim(a: ClaimArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let kind: ClaimKind = code("--kind", &a.kind, lang)?;
    let by = speaker(a.by_party.as_ref(), a.by_group.as_ref(), lang)?.ok_or_else(|| {
        bad(
            lang,
            "--by-party",
            "--by-party or --by-group is needed".into(),
        )
    })?;
    let against = speaker(a.against_party.as_ref(), a.against_group.as_ref(), lang)?;
    let claim = Claim {
        kind,
        speaker: by,
        against,
        statement: a.statement.clone(),
        source: source(&a.source, lang)?,
    };
    act(&a.node, &a.act, &a.incident, a.json, ctx, |incident| {
        Command::RecordClaim { incident, claim }
    })
}

/// Runs `moc incident investigate`.
pub fn investigate(a: InvestigateArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let team = a
        .team
        .iter()
        .map(|m| {
            let (party, user) = m
                .split_once(':')
                .ok_or_else(|| bad(lang, "--member", format!("{m:?} is not PARTY:ACCOUNT")))?;
            Ok(Investigator {
                party: code::<PartyId>("--member", party, lang)?,
                user: Some(code::<UserId>("--member", user, lang)?),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    act(&a.node, &a.act, &a.incident, a.json, ctx, |incident| {
        Command::OpenInvestigation { incident, team }
    })
}

/// Runs `moc incident finding`.
pub fn finding(a: FindingArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let finding: Finding = code("--finding", &a.finding, ctx.lang)?;
    let text = a.text.clone();
    act(&a.node, &a.act, &a.incident, a.json, ctx, |incident| {
        Command::FileFinding {
            incident,
            finding,
            text,
        }
    })
}

/// Runs `moc incident merge`.
pub fn merge(a: MergeArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let from: IncidentId = code("FROM", &a.from, ctx.lang)?;
    let reason = a.reason.clone();
    act(&a.node, &a.act, &a.into, a.json, ctx, |into| {
        Command::MergeIncidents {
            mechanism: into.mechanism,
            into: into.incident,
            from,
            reason,
        }
    })
}

/// Runs `moc incident split`.
pub fn split(a: SplitArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let reason = a.reason.clone();
    act(&a.node, &a.act, &a.incident, a.json, ctx, |incident| {
        Command::SplitIncident { incident, reason }
    })
}

/// A figure as people write it: `47`, `≥54`, `~80`, `dozens (12)`.
fn figure(f: Option<Figure>) -> String {
    match f {
        None => "—".into(),
        Some(Figure::Exact(n)) => n.to_string(),
        Some(Figure::AtLeast(n)) => format!("≥{n}"),
        Some(Figure::About(n)) => format!("~{n}"),
        Some(f @ Figure::Vague(_)) => format!("≈{}", f.value()),
    }
}

/// Deaths as `ACLED (low–high)`.
fn deaths(v: &IncidentView) -> String {
    v.killed.map_or("—".into(), |k| {
        if k.low == k.high {
            k.acled.to_string()
        } else {
            format!("{} ({}–{})", k.acled, k.low, k.high)
        }
    })
}

fn status(lang: Lang, s: VerificationStatus) -> String {
    trs(lang, &format!("incident-status-{}", s.as_str()), &[])
}

fn speaker_name(s: &Speaker) -> String {
    match s {
        Speaker::Party(p) => p.as_str().to_owned(),
        Speaker::Group(g) => g.clone(),
    }
}

/// Runs `moc incident list`.
pub fn list(a: ListArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let wanted = a
        .status
        .as_deref()
        .map(|s| {
            VerificationStatus::parse(s)
                .ok_or_else(|| bad(lang, "--status", format!("{s:?} is not a status")))
        })
        .transpose()?;
    for (flag, date) in [("--from", &a.from), ("--to", &a.to)] {
        if let Some(d) = date
            && moc_domain::moc_incidents::model::parse_iso_date(d).is_none()
        {
            bail!(trs(
                lang,
                "incident-bad-date",
                &[("flag", flag.to_owned()), ("value", d.clone())]
            ));
        }
    }
    let filter = IncidentFilter {
        from: a.from.clone(),
        to: a.to.clone(),
        event_type: a.event_type.clone(),
        admin1: a.region.clone(),
        status: wanted,
        text: a.text.clone(),
        actor: a.actor.clone(),
        include_merged: a.include_merged,
        limit: MAX_INCIDENT_PAGE,
        ..IncidentFilter::default()
    };
    with_store(&a.node, ctx, async |store| {
        let m = stored_mechanism(&store, a.read.mechanism.as_deref(), lang).await?;
        let page = store.incidents(&m, &filter).await?;
        if a.read.json {
            return print_json(&page);
        }
        let rows: Vec<Vec<String>> = page
            .incidents
            .iter()
            .map(|v| {
                vec![
                    v.record.event_date.clone(),
                    v.id.to_string(),
                    label(lang, "sub-event-type", v.record.sub_event_type.slug()),
                    v.record.location.clone(),
                    deaths(v),
                    v.record.sources.len().to_string(),
                    status(lang, v.status),
                ]
            })
            .collect();
        print_table(
            lang,
            &[
                "col-date",
                "col-incident",
                "col-type",
                "col-location",
                "col-fatalities",
                "col-source-count",
                "col-status",
            ],
            &rows,
        );
        Ok(())
    })
}

/// Runs `moc incident show`.
pub fn show(a: ShowArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    with_store(&a.node, ctx, async |store| {
        let m = stored_mechanism(&store, a.read.mechanism.as_deref(), lang).await?;
        let Some(v) = store.incident(&m, &a.incident).await? else {
            bail!(trs(
                lang,
                "domain-unknown-incident",
                &[("incident", a.incident.clone())]
            ));
        };
        if a.read.json {
            return print_json(&v);
        }
        print_view(&v, lang);
        Ok(())
    })
}

fn print_view(v: &IncidentView, lang: Lang) {
    let r = &v.record;
    outln!(
        "{} — {} — {}, {}",
        v.id,
        r.event_date,
        r.location,
        r.admin1.as_deref().unwrap_or("")
    );
    outln!(
        "{} / {}",
        label(lang, "event-type", r.event_type.slug()),
        label(lang, "sub-event-type", r.sub_event_type.slug())
    );
    let actors = std::iter::once(&r.actor1)
        .chain(r.actor2.as_ref())
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join(" × ");
    outln!("{actors}");
    if !r.notes.is_empty() {
        outln!("{}", r.notes);
    }
    outln!(
        "{}",
        trs(
            lang,
            "incident-show-status",
            &[("status", status(lang, v.status))]
        )
    );
    if let Some(into) = &v.merged_into {
        outln!(
            "{}",
            trs(
                lang,
                "incident-show-merged-into",
                &[("into", into.to_string())]
            )
        );
    }
    outln!();
    let rows: Vec<Vec<String>> = r
        .sources
        .iter()
        .map(|s| {
            vec![
                s.outlet.clone(),
                trs(
                    lang,
                    &format!("incident-source-kind-{}", kind_code(s.kind)),
                    &[],
                ),
                s.date.clone().unwrap_or_default(),
                figure(s.killed),
                figure(s.injured),
                figure(s.abducted),
            ]
        })
        .collect();
    print_table(
        lang,
        &[
            "col-source",
            "col-source-kind",
            "col-date",
            "col-killed",
            "col-injured",
            "col-abducted",
        ],
        &rows,
    );
    if let Some(k) = v.killed {
        outln!(
            "{}",
            trs(
                lang,
                "incident-show-range",
                &[
                    ("low", k.low.to_string()),
                    ("best", k.best.to_string()),
                    ("high", k.high.to_string()),
                    ("acled", k.acled.to_string()),
                ]
            )
        );
    }
    if !v.claims.is_empty() {
        outln!();
        let rows: Vec<Vec<String>> = v
            .claims
            .iter()
            .map(|c| {
                vec![
                    trs(
                        lang,
                        &format!("incident-claim-{}", c.claim.kind.as_str()),
                        &[],
                    ),
                    speaker_name(&c.claim.speaker),
                    c.claim
                        .against
                        .as_ref()
                        .map(speaker_name)
                        .unwrap_or_default(),
                    c.claim.statement.clone(),
                    c.claim.source.outlet.clone(),
                ]
            })
            .collect();
        print_table(
            lang,
            &[
                "col-claim",
                "col-speaker",
                "col-against",
                "col-statement",
                "col-source",
            ],
            &rows,
        );
    }
    for (n, inv) in v.investigations.iter().enumerate() {
        outln!();
        let parties: Vec<String> = inv.parties().iter().map(|p| p.to_string()).collect();
        outln!(
            "{}",
            trs(
                lang,
                "incident-show-investigation",
                &[("n", (n + 1).to_string()), ("parties", parties.join(", "))]
            )
        );
        for (party, f) in &inv.findings {
            outln!(
                "  {party}: {} — {}",
                trs(
                    lang,
                    &format!("incident-finding-{}", f.finding.as_str()),
                    &[]
                ),
                f.text
            );
        }
        if let Some(o) = inv.outcome {
            outln!("  → {}", status(lang, o));
        }
    }
    if !v.merged.is_empty() {
        let merged: Vec<String> = v.merged.iter().map(ToString::to_string).collect();
        outln!();
        outln!(
            "{}",
            trs(lang, "incident-show-merged", &[("ids", merged.join(", "))])
        );
    }
}

fn kind_code(k: SourceKind) -> &'static str {
    match k {
        SourceKind::Media => "media",
        SourceKind::Official => "official",
        SourceKind::Observer => "observer",
        SourceKind::Party => "party",
        SourceKind::Perpetrator => "perpetrator",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse_or_say_why() {
        let s = source(
            "RFI;killed=about 80;injured=dozens;date=2017-01-19;url=https://rfi.fr/x;lang=fr;kind=official",
            Lang::En,
        )
        .unwrap();
        assert_eq!(s.outlet, "RFI");
        assert_eq!(s.killed, Some(Figure::About(80)));
        assert_eq!(s.injured.map(Figure::value), Some(12));
        assert_eq!(s.kind, SourceKind::Official);
        assert_eq!(s.language.as_deref(), Some("fr"));
        for bad in [
            "RFI;killed=many many",
            "RFI;colour=red",
            "RFI;date=2017-02-30",
            "RFI;kind=rumour",
            "RFI;lang=not a tag",
            ";killed=3",
        ] {
            assert!(source(bad, Lang::En).is_err(), "{bad}");
        }
    }

    #[test]
    fn figures_read_as_written() {
        assert_eq!(figure(Some(Figure::AtLeast(54))), "≥54");
        assert_eq!(figure(Some(Figure::Exact(47))), "47");
        assert_eq!(figure(None), "—");
    }
}
