//! `moc member …` and `moc vetting …`: members of the mixed units and
//! their two-party vetting.

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use moc_domain::{Command, Language, MemberRef, MemberRole, PartyId, Rank, ServiceNumber, UnitId};
use moc_node::identity::{NewMember, PersonalRecord};
use moc_store::MemberFilter;

use crate::Ctx;
use crate::cmd::node::{
    ActArgs, NodeArgs, ReadArgs, actor, code, label, labels, mechanism, print_executed, print_json,
    print_table, stored_mechanism, trs, with_node, with_store,
};

/// `moc member` subcommands.
// Parsed once per process: the size of the enum does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum MemberCmd {
    /// Registers a member; the personal data goes to the restricted table,
    /// only its commitment to the log.
    Add(AddArgs),
    /// Lists members.
    List(ListArgs),
    /// Shows one member.
    Show(ShowArgs),
}

/// Flags of `moc member add`.
#[derive(Args, Debug)]
pub struct AddArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// Service number, unique in the mechanism.
    #[arg(long)]
    service_number: String,
    /// The member's party (default: the acting account's).
    #[arg(long)]
    party: Option<String>,
    /// The unit whose quota the member counts against.
    #[arg(long)]
    unit: String,
    /// Rank code (private, corporal, sergeant, …).
    #[arg(long)]
    rank: String,
    /// A function (patrol-leader, driver, medic, radio-operator,
    /// interpreter, …); repeat for several.
    #[arg(long = "role")]
    roles: Vec<String>,
    /// A language (french, bambara, songhai, tamasheq, arabic, fulfulde,
    /// hassaniya); repeat for several.
    #[arg(long = "language")]
    languages: Vec<String>,
    /// Full name (restricted; never in the log).
    #[arg(long)]
    name: String,
    /// Birth date, YYYY-MM-DD (restricted).
    #[arg(long)]
    birth_date: Option<String>,
    /// Birth place (restricted).
    #[arg(long)]
    birth_place: Option<String>,
    /// Where the photo is kept (restricted).
    #[arg(long)]
    photo_ref: Option<String>,
    /// Next of kin (restricted).
    #[arg(long)]
    next_of_kin: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc member list`.
#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    read: ReadArgs,
    /// Only this party's members.
    #[arg(long)]
    party: Option<String>,
    /// Only members in this vetting status.
    #[arg(long)]
    status: Option<String>,
}

/// Flags of `moc member show`.
#[derive(Args, Debug)]
pub struct ShowArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    read: ReadArgs,
    /// The service number.
    service_number: String,
}

/// `moc vetting` subcommands.
#[derive(Subcommand, Debug)]
pub enum VettingCmd {
    /// Opens a registered member's vetting.
    Open(VetArgs),
    /// Approves a member under review (two parties, one not the member's own).
    Approve(VetArgs),
    /// Rejects a member under review.
    Reject(DecideArgs),
    /// Suspends an approved member.
    Suspend(DecideArgs),
    /// Exports members' personal records for vetting: the export is
    /// recorded in the log (who took whose records) before the records are
    /// written out.
    Export(ExportArgs),
}

/// Flags of `moc vetting export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// Service numbers: the acting officer's own party's members, or
    /// members under review.
    #[arg(required = true)]
    service_numbers: Vec<String>,
    /// Write the records to this new file (readable by its owner only)
    /// instead of standard output.
    #[arg(long)]
    out: Option<std::path::PathBuf>,
}

/// Flags of `moc vetting open|approve`.
#[derive(Args, Debug)]
pub struct VetArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// The member's service number.
    service_number: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc vetting reject|suspend`.
#[derive(Args, Debug)]
pub struct DecideArgs {
    #[command(flatten)]
    vet: VetArgs,
    /// Why: extremist-links, failed-checks, incomplete-file, conduct, other.
    #[arg(long)]
    reason: String,
}

/// Runs `moc member …`.
pub fn run(cmd: MemberCmd, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    match cmd {
        MemberCmd::Add(a) => with_node(&a.node, ctx, async |node| {
            let who = actor(&node, &a.act, lang)?;
            let m = mechanism(&node, a.act.mechanism.as_deref(), lang).await?;
            let member = NewMember {
                mechanism: m,
                service_number: code::<ServiceNumber>("--service-number", &a.service_number, lang)?,
                party: match &a.party {
                    Some(p) => code::<PartyId>("--party", p, lang)?,
                    None => who.party.clone(),
                },
                unit: code::<UnitId>("--unit", &a.unit, lang)?,
                rank: code::<Rank>("--rank", &a.rank, lang)?,
                roles: a
                    .roles
                    .iter()
                    .map(|r| code::<MemberRole>("--role", r, lang))
                    .collect::<Result<_, _>>()?,
                languages: a
                    .languages
                    .iter()
                    .map(|l| code::<Language>("--language", l, lang))
                    .collect::<Result<_, _>>()?,
                identity: PersonalRecord {
                    full_name: a.name.clone(),
                    birth_date: a.birth_date.clone(),
                    birth_place: a.birth_place.clone(),
                    photo_ref: a.photo_ref.clone(),
                    next_of_kin: a.next_of_kin.clone(),
                },
            };
            let done = node.register_member(&who, member).await?;
            print_executed(&done, a.json, lang);
            Ok(())
        }),
        MemberCmd::List(a) => with_store(&a.node, ctx, async |store| {
            let m = stored_mechanism(&store, a.read.mechanism.as_deref(), lang).await?;
            let filter = MemberFilter {
                party: a.party.clone(),
                status: a.status.clone(),
            };
            let members = store.members(&m, &filter).await?;
            if a.read.json {
                return print_json(&members);
            }
            let rows: Vec<Vec<String>> = members
                .iter()
                .map(|r| {
                    vec![
                        r.service_number.clone(),
                        r.party.clone(),
                        r.unit.clone(),
                        label(lang, "rank", &r.rank),
                        label(lang, "vetting", &r.status),
                        labels(lang, "role", &r.roles),
                        labels(lang, "language", &r.languages),
                    ]
                })
                .collect();
            print_table(
                lang,
                &[
                    "col-service-number",
                    "col-party",
                    "col-unit",
                    "col-rank",
                    "col-status",
                    "col-roles",
                    "col-languages",
                ],
                &rows,
            );
            outln!(
                "{}",
                trs(lang, "member-count", &[("count", rows.len().to_string())])
            );
            Ok(())
        }),
        MemberCmd::Show(a) => with_store(&a.node, ctx, async |store| {
            let m = stored_mechanism(&store, a.read.mechanism.as_deref(), lang).await?;
            let Some(r) = store.member(&m, &a.service_number).await? else {
                bail!(trs(
                    lang,
                    "member-not-found",
                    &[
                        ("member", a.service_number.clone()),
                        ("mechanism", m.clone())
                    ]
                ));
            };
            if a.read.json {
                return print_json(&r);
            }
            let approvals: Vec<String> = r
                .approvals
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| {
                            format!(
                                "{} ({})",
                                x["officer"].as_str().unwrap_or(""),
                                x["party"].as_str().unwrap_or("")
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let rows = vec![
                vec![
                    trs(lang, "col-service-number", &[]),
                    r.service_number.clone(),
                ],
                vec![trs(lang, "col-party", &[]), r.party.clone()],
                vec![trs(lang, "col-unit", &[]), r.unit.clone()],
                vec![trs(lang, "col-rank", &[]), label(lang, "rank", &r.rank)],
                vec![
                    trs(lang, "col-status", &[]),
                    label(lang, "vetting", &r.status),
                ],
                vec![trs(lang, "col-roles", &[]), labels(lang, "role", &r.roles)],
                vec![
                    trs(lang, "col-languages", &[]),
                    labels(lang, "language", &r.languages),
                ],
                vec![trs(lang, "col-approvals", &[]), approvals.join(", ")],
                vec![
                    trs(lang, "col-commitment", &[]),
                    r.identity_commitment.clone(),
                ],
            ];
            print_table(lang, &["col-field", "col-value"], &rows);
            Ok(())
        }),
    }
}

/// Runs `moc vetting …`.
pub fn vetting(cmd: VettingCmd, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    if let VettingCmd::Export(a) = &cmd {
        return export(a, ctx);
    }
    let (vet, reason, kind) = match &cmd {
        VettingCmd::Open(v) => (v, None, "open"),
        VettingCmd::Approve(v) => (v, None, "approve"),
        VettingCmd::Reject(d) => (&d.vet, Some(d.reason.as_str()), "reject"),
        VettingCmd::Suspend(d) => (&d.vet, Some(d.reason.as_str()), "suspend"),
        VettingCmd::Export(_) => return Ok(()),
    };
    with_node(&vet.node, ctx, async |node| {
        let who = actor(&node, &vet.act, lang)?;
        let member = MemberRef {
            mechanism: mechanism(&node, vet.act.mechanism.as_deref(), lang).await?,
            service_number: code("SERVICE_NUMBER", &vet.service_number, lang)?,
        };
        let reason = reason.map(|r| code("--reason", r, lang)).transpose()?;
        let command = match (kind, reason) {
            ("open", _) => Command::OpenVetting(member),
            ("approve", _) => Command::ApproveVetting(member),
            ("reject", Some(reason)) => Command::RejectVetting { member, reason },
            (_, Some(reason)) => Command::SuspendMember { member, reason },
            _ => bail!("--reason"),
        };
        let done = node.execute(&who, command).await?;
        print_executed(&done, vet.json, lang);
        Ok(())
    })
}

/// `moc vetting export`.
fn export(a: &ExportArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    if let Some(out) = &a.out
        && out.exists()
    {
        bail!(trs(
            lang,
            "export-exists",
            &[("path", out.display().to_string())]
        ));
    }
    with_node(&a.node, ctx, async |node| {
        let who = actor(&node, &a.act, lang)?;
        let m = mechanism(&node, a.act.mechanism.as_deref(), lang).await?;
        let members = a
            .service_numbers
            .iter()
            .map(|s| code("SERVICE_NUMBERS", s, lang))
            .collect::<anyhow::Result<Vec<moc_domain::ServiceNumber>>>()?;
        let (done, records) = node.export_identities(&who, &m, &members).await?;
        let text = serde_json::to_string_pretty(&serde_json::json!({
            "log_origin": done.log_origin,
            "index": done.index,
            "records": records,
        }))?;
        match &a.out {
            Some(out) => {
                write_new_private(out, format!("{text}\n").as_bytes())
                    .with_context(|| out.display().to_string())?;
                eprintln!(
                    "{}",
                    trs(
                        lang,
                        "export-written",
                        &[
                            ("path", out.display().to_string()),
                            ("count", records.len().to_string()),
                            ("index", done.index.to_string())
                        ]
                    )
                );
            }
            None => outln!("{text}"),
        }
        Ok(())
    })
}

/// Writes `bytes` to a new file only its owner can read: never over an
/// existing file or through a link left in its place.
fn write_new_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
