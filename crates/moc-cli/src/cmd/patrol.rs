//! `moc patrol …`: mixed patrols from plan to endorsement.

use anyhow::{anyhow, bail};
use clap::{Args, Subcommand};
use moc_domain::{
    AirSupport, Command, Outreach, OutreachItem, PatrolRef, PatrolReport, PlanPatrol, Window,
};
use moc_i18n::Lang;
use moc_store::PatrolFilter;

use crate::Ctx;
use crate::cmd::node::{
    ActArgs, NodeArgs, ReadArgs, actor, code, coord, label, list, mechanism, print_executed,
    print_json, print_table, stored_mechanism, time, trs, with_node, with_store,
};

/// `moc patrol` subcommands.
#[derive(Subcommand, Debug)]
pub enum PatrolCmd {
    /// Plans a mixed patrol (joint commander).
    Plan(PlanArgs),
    /// Starts a planned patrol now.
    Start(RefArgs),
    /// Files the report of a patrol under way; it is then completed.
    Report(ReportArgs),
    /// Endorses a completed patrol for the acting account's party.
    Endorse(RefArgs),
    /// Aborts a planned or running patrol.
    Abort(AbortArgs),
    /// Lists patrols.
    List(PatrolListArgs),
    /// Shows one patrol.
    Show(PatrolShowArgs),
}

/// Flags of `moc patrol plan`.
#[derive(Args, Debug)]
pub struct PlanArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// The new patrol's id.
    #[arg(long)]
    id: String,
    /// The zone.
    #[arg(long)]
    zone: String,
    /// Planned start, YYYY-MM-DDTHH:MMZ (UTC).
    #[arg(long)]
    start: String,
    /// Planned end, YYYY-MM-DDTHH:MMZ (UTC).
    #[arg(long)]
    end: String,
    /// A member's service number; repeat for each.
    #[arg(long = "member", required = true)]
    members: Vec<String>,
    /// The leader's service number (one of the members).
    #[arg(long)]
    leader: String,
    /// A waypoint, LAT,LON in decimal degrees; repeat in order.
    #[arg(long = "waypoint")]
    waypoints: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of the commands that name one patrol.
#[derive(Args, Debug)]
pub struct RefArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// The patrol's id.
    patrol: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Flags of `moc patrol report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    patrol: RefArgs,
    /// When it left, YYYY-MM-DDTHH:MMZ.
    #[arg(long)]
    departed: String,
    /// When it came back, YYYY-MM-DDTHH:MMZ.
    #[arg(long)]
    returned: String,
    /// Distance covered, in kilometres.
    #[arg(long)]
    distance_km: f64,
    /// What was observed (operational facts; never people's names).
    #[arg(long)]
    observations: String,
    /// Air support was asked for.
    #[arg(long)]
    air_requested: bool,
    /// Air support came.
    #[arg(long)]
    air_received: bool,
    /// Outreach handed out, ITEM=QUANTITY (tea=10, medicine=2); repeat.
    #[arg(long = "outreach")]
    outreach: Vec<String>,
}

/// Flags of `moc patrol abort`.
#[derive(Args, Debug)]
pub struct AbortArgs {
    #[command(flatten)]
    patrol: RefArgs,
    /// Why: security, weather, vehicle, composition, order, other.
    #[arg(long)]
    reason: String,
}

/// Flags of `moc patrol list`.
#[derive(Args, Debug)]
pub struct PatrolListArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    read: ReadArgs,
    /// Only patrols in this status (planned, under-way, completed, aborted).
    #[arg(long)]
    status: Option<String>,
}

/// Flags of `moc patrol show`.
#[derive(Args, Debug)]
pub struct PatrolShowArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    read: ReadArgs,
    /// The patrol's id.
    patrol: String,
}

/// Runs `moc patrol …`.
pub fn run(cmd: PatrolCmd, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    match cmd {
        PatrolCmd::Plan(a) => with_node(&a.node, ctx, async |node| {
            let who = actor(&node, &a.act, lang)?;
            let plan = PlanPatrol {
                mechanism: mechanism(&node, a.act.mechanism.as_deref(), lang).await?,
                patrol: code("--id", &a.id, lang)?,
                zone: code("--zone", &a.zone, lang)?,
                route: a
                    .waypoints
                    .iter()
                    .map(|w| coord("--waypoint", w, lang))
                    .collect::<Result<_, _>>()?,
                window: Window {
                    start: time("--start", &a.start, lang)?,
                    end: time("--end", &a.end, lang)?,
                },
                members: a
                    .members
                    .iter()
                    .map(|m| code("--member", m, lang))
                    .collect::<Result<_, _>>()?,
                leader: code("--leader", &a.leader, lang)?,
            };
            let done = node.execute(&who, Command::PlanPatrol(plan)).await?;
            print_executed(&done, a.json, lang);
            Ok(())
        }),
        PatrolCmd::Start(a) => act(&a, ctx, |p, _| Command::StartPatrol(p)),
        // An officer endorses for its own party, which the domain checks.
        PatrolCmd::Endorse(a) => act(&a, ctx, |p, who| Command::EndorsePatrol {
            patrol: p,
            party: who.party.clone(),
        }),
        PatrolCmd::Abort(a) => {
            let reason = code("--reason", &a.reason, lang)?;
            act(&a.patrol, ctx, |p, _| Command::AbortPatrol {
                patrol: p,
                reason,
            })
        }
        PatrolCmd::Report(a) => {
            let report = PatrolReport {
                departed: time("--departed", &a.departed, lang)?,
                returned: time("--returned", &a.returned, lang)?,
                distance_m: metres(a.distance_km, lang)?,
                observations: a.observations.clone(),
                air_support: AirSupport {
                    requested: a.air_requested,
                    received: a.air_received,
                },
                outreach: a
                    .outreach
                    .iter()
                    .map(|o| outreach(o, lang))
                    .collect::<Result<_, _>>()?,
            };
            act(&a.patrol, ctx, |p, _| Command::ReportPatrol {
                patrol: p,
                report,
            })
        }
        PatrolCmd::List(a) => with_store(&a.node, ctx, async |store| {
            let m = stored_mechanism(&store, a.read.mechanism.as_deref(), lang).await?;
            let filter = PatrolFilter {
                status: a.status.clone(),
            };
            let patrols = store.patrols(&m, &filter).await?;
            if a.read.json {
                return print_json(&patrols);
            }
            let rows: Vec<Vec<String>> = patrols
                .iter()
                .map(|p| {
                    vec![
                        p.id.clone(),
                        p.zone.clone(),
                        utc(p.window_start),
                        label(lang, "patrol-status", &p.status),
                        p.leader.clone(),
                        p.members.len().to_string(),
                        endorsed(&p.parties, &p.endorsements),
                    ]
                })
                .collect();
            print_table(
                lang,
                &[
                    "col-patrol",
                    "col-zone",
                    "col-start",
                    "col-status",
                    "col-leader",
                    "col-members",
                    "col-endorsed",
                ],
                &rows,
            );
            outln!(
                "{}",
                trs(lang, "patrol-count", &[("count", rows.len().to_string())])
            );
            Ok(())
        }),
        PatrolCmd::Show(a) => with_store(&a.node, ctx, async |store| {
            let m = stored_mechanism(&store, a.read.mechanism.as_deref(), lang).await?;
            let Some(p) = store.patrol(&m, &a.patrol).await? else {
                bail!(trs(
                    lang,
                    "patrol-not-found",
                    &[("patrol", a.patrol.clone()), ("mechanism", m.clone())]
                ));
            };
            if a.read.json {
                return print_json(&p);
            }
            let rows = vec![
                vec![trs(lang, "col-patrol", &[]), p.id.clone()],
                vec![trs(lang, "col-zone", &[]), p.zone.clone()],
                vec![trs(lang, "col-start", &[]), utc(p.window_start)],
                vec![trs(lang, "col-end", &[]), utc(p.window_end)],
                vec![
                    trs(lang, "col-status", &[]),
                    label(lang, "patrol-status", &p.status),
                ],
                vec![trs(lang, "col-leader", &[]), p.leader.clone()],
                vec![trs(lang, "col-members", &[]), p.members.join(", ")],
                vec![trs(lang, "col-parties", &[]), list(&p.parties)],
                vec![
                    trs(lang, "col-endorsed", &[]),
                    endorsed(&p.parties, &p.endorsements),
                ],
                vec![
                    trs(lang, "col-observations", &[]),
                    p.report["observations"].as_str().unwrap_or("").to_owned(),
                ],
            ];
            print_table(lang, &["col-field", "col-value"], &rows);
            Ok(())
        }),
    }
}

/// Runs a command on one patrol as the acting account.
fn act(
    a: &RefArgs,
    ctx: &Ctx,
    make: impl FnOnce(PatrolRef, &moc_domain::Actor) -> Command,
) -> anyhow::Result<()> {
    let lang = ctx.lang;
    with_node(&a.node, ctx, async |node| {
        let who = actor(&node, &a.act, lang)?;
        let patrol = PatrolRef {
            mechanism: mechanism(&node, a.act.mechanism.as_deref(), lang).await?,
            patrol: code("PATROL", &a.patrol, lang)?,
        };
        let done = node.execute(&who, make(patrol, &who)).await?;
        print_executed(&done, a.json, lang);
        Ok(())
    })
}

fn metres(km: f64, lang: Lang) -> anyhow::Result<u32> {
    let m = (km * 1000.0).round();
    if m.is_finite() && (0.0..=f64::from(u32::MAX)).contains(&m) {
        Ok(m as u32)
    } else {
        Err(anyhow!(trs(
            lang,
            "node-bad-flag",
            &[
                ("flag", "--distance-km".to_owned()),
                ("why", format!("{km} is not a distance"))
            ]
        )))
    }
}

fn outreach(value: &str, lang: Lang) -> anyhow::Result<Outreach> {
    let bad = || {
        anyhow!(trs(
            lang,
            "node-bad-flag",
            &[
                ("flag", "--outreach".to_owned()),
                ("why", format!("{value:?} is not ITEM=QUANTITY"))
            ]
        ))
    };
    let (item, qty) = value.split_once('=').ok_or_else(bad)?;
    Ok(Outreach {
        item: code::<OutreachItem>("--outreach", item.trim(), lang)?,
        quantity: qty.trim().parse().map_err(|_| bad())?,
    })
}

/// `2017-03-01 07:00` (UTC) from Unix seconds.
pub fn utc(t: i64) -> String {
    let (day, time) = moc_web::format::utc(t);
    format!("{day} {time}")
}

/// `2/3` endorsements.
fn endorsed(parties: &serde_json::Value, endorsements: &serde_json::Value) -> String {
    let total = parties.as_array().map_or(0, Vec::len);
    let done = endorsements.as_object().map_or(0, serde_json::Map::len);
    format!("{done}/{total}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_formats_unix_seconds() {
        assert_eq!(utc(0), "1970-01-01 00:00");
        assert_eq!(utc(1_488_326_400 + 7 * 3600), "2017-03-01 07:00");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00");
    }

    #[test]
    fn outreach_parses_or_says_why() {
        let o = outreach("tea=10", Lang::En).unwrap();
        assert_eq!((o.item, o.quantity), (OutreachItem::Tea, 10));
        assert!(outreach("tea", Lang::En).is_err());
        assert!(outreach("caviar=1", Lang::En).is_err());
    }
}
