//! `moc roster plan`: a draft roster of a mechanism's patrols, from the
//! node's own members, zones and rules, solved by `moc-roster`.
//!
//! The node's state becomes a [`PlanRequest`] here (approved members of the
//! contributing parties with their roles, languages, leave and patrols
//! already planned; the mechanism's zones; its minimum per party), and
//! [`plan_instance`] makes the instance. The draft lists every patrol and
//! every broken rule. With `--accept`, a draft that breaks no hard rule is
//! planned in the log, one `PlanPatrol` command per patrol, each checked
//! by the domain as if typed by hand.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{anyhow, bail};
use clap::Args;
use moc_domain::{
    Command, Language, Mechanism, MemberRole, PlanPatrol, ServiceNumber, Timestamp, VettingStatus,
    Window,
};
use moc_i18n::Lang;
use moc_roster::plan::{PlanLimits, PlanMember, PlanRequest, PlanZone, TIMES, plan_instance};
use moc_roster::solver::{self, Budget, Config};
use moc_roster::{Evaluation, Instance, Roster, evaluate};
use serde_json::json;

use crate::Ctx;
use crate::cmd::node::{ActArgs, NodeArgs, actor, mechanism, print_table, time, trs, with_node};
use crate::cmd::roster::{feasible_word, print_violations};

/// Flags of `moc roster plan`.
#[derive(Args, Debug)]
pub struct PlanArgs {
    #[command(flatten)]
    node: NodeArgs,
    #[command(flatten)]
    act: ActArgs,
    /// First day planned, YYYY-MM-DD (UTC); by default tomorrow.
    #[arg(long)]
    start: Option<String>,
    /// Days planned.
    #[arg(long, default_value_t = 7)]
    days: usize,
    /// Patrols a day in each zone: 1 (morning, 06–14), 2 (and afternoon,
    /// 14–22) or 3 (and night, 22–06).
    #[arg(long, default_value_t = 1)]
    per_day: usize,
    /// A zone to patrol; repeat for each (by default every zone).
    #[arg(long = "zone")]
    zones: Vec<String>,
    /// Seconds to search.
    #[arg(long, default_value_t = 5.0)]
    time_limit: f64,
    /// Seed of the search.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Plan the drafted patrols in the log (joint commander); refused when
    /// the draft breaks a hard rule.
    #[arg(long)]
    accept: bool,
    /// Print one JSON object: the patrols, the objective, the broken rules.
    #[arg(long)]
    json: bool,
}

/// Longest plan, in days.
const MAX_DAYS: usize = 92;
/// Roles every patrol needs one of, in the instance's role order.
const ROLES: [MemberRole; 4] = [
    MemberRole::PatrolLeader,
    MemberRole::Driver,
    MemberRole::Medic,
    MemberRole::RadioOperator,
];
/// Languages the plan knows, in the instance's language order; every
/// patrol needs a French speaker (the mechanism's working language).
const LANGUAGES: [Language; 7] = [
    Language::French,
    Language::Bambara,
    Language::Songhai,
    Language::Tamasheq,
    Language::Arabic,
    Language::Fulfulde,
    Language::Hassaniya,
];
/// Days back over which a zone's incidents raise its patrols' risk.
const RISK_DAYS: i64 = 90;
/// Most risk a zone's incidents add.
const MAX_INCIDENT_RISK: u32 = 4;
const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// One drafted patrol.
struct Drafted {
    plan: PlanPatrol,
    slot: String,
}

/// Runs `moc roster plan`.
pub fn plan(a: &PlanArgs, ctx: &Ctx) -> anyhow::Result<()> {
    let lang = ctx.lang;
    if !(a.time_limit > 0.0 && a.time_limit.is_finite()) {
        bail!(trs(lang, "roster-bad-time-limit", &[]));
    }
    if a.days == 0 || a.days > MAX_DAYS {
        bail!(trs(
            lang,
            "node-bad-flag",
            &[
                ("flag", "--days".to_owned()),
                ("why", format!("between 1 and {MAX_DAYS}")),
            ]
        ));
    }
    let start = match &a.start {
        Some(day) => time("--start", &format!("{day}T00:00Z"), lang)?,
        None => tomorrow(),
    };
    with_node(&a.node, ctx, async |node| {
        let id = mechanism(&node, a.act.mechanism.as_deref(), lang).await?;
        // Who accepts is known before the search, not after it.
        let who = if a.accept {
            Some(actor(&node, &a.act, lang)?)
        } else {
            None
        };
        let (req, zones, taken) = {
            let state = node.state().await;
            let m = state
                .mechanisms
                .get(&id)
                .ok_or_else(|| anyhow!("{}", id.as_str()))?;
            let zones = chosen_zones(m, &a.zones, lang)?;
            let taken: BTreeSet<String> = m.patrols.keys().map(|p| p.as_str().to_owned()).collect();
            (request(m, &zones, start, a.days, a.per_day), zones, taken)
        };
        let inst = plan_instance(&req);
        inst.check_extensions().map_err(|e| anyhow!(e))?;
        let began = Instant::now();
        let limit = a.time_limit;
        let spent = move || began.elapsed().as_secs_f64() / limit;
        let config = Config {
            seed: a.seed,
            threads: 2,
            ..Config::default()
        };
        // When every hard rule first held: what the person waiting cares about.
        let first_feasible: Mutex<Option<f64>> = Mutex::new(None);
        let on_progress = |p: solver::Progress| {
            if p.feasible {
                first_feasible
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get_or_insert(began.elapsed().as_secs_f64());
            }
        };
        let sol = solver::solve(&inst, &config, Budget::Spent(&spent), &on_progress);
        let to_feasible = *first_feasible.lock().unwrap_or_else(|e| e.into_inner());
        let ev = evaluate(&inst, &sol.roster);
        let drafted = draft(&id, &inst, &sol.roster, &req, &zones, start, &taken)?;
        show(a, lang, &drafted, &ev, to_feasible);
        if let Some(who) = who {
            if !ev.feasible {
                bail!(trs(
                    lang,
                    "roster-plan-not-feasible",
                    &[("count", ev.violations.len().to_string())]
                ));
            }
            for d in &drafted {
                node.execute(&who, Command::PlanPatrol(d.plan.clone()))
                    .await?;
            }
            if !a.json {
                outln!(
                    "{}",
                    trs(
                        lang,
                        "roster-plan-accepted",
                        &[("count", drafted.len().to_string())]
                    )
                );
            }
        }
        Ok(())
    })
}

/// Midnight UTC after now.
fn tomorrow() -> Timestamp {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    Timestamp(now.div_euclid(DAY) * DAY + DAY)
}

/// The zones asked for, in the mechanism's order, or all of them.
fn chosen_zones(
    m: &Mechanism,
    wanted: &[String],
    lang: Lang,
) -> anyhow::Result<Vec<moc_domain::Zone>> {
    for w in wanted {
        if !m.zones.keys().any(|z| z.as_str() == w) {
            let known: Vec<&str> = m.zones.keys().map(|z| z.as_str()).collect();
            bail!(trs(
                lang,
                "node-bad-flag",
                &[
                    ("flag", "--zone".to_owned()),
                    ("why", format!("{w:?} is not one of {}", known.join(", "))),
                ]
            ));
        }
    }
    Ok(m.zones
        .values()
        .filter(|z| wanted.is_empty() || wanted.iter().any(|w| w == z.id.as_str()))
        .cloned()
        .collect())
}

/// The window of the patrol at time of day `t` on `day`.
fn window(start: Timestamp, day: usize, t: usize) -> Window {
    let day = i64::try_from(day).unwrap_or(0);
    let hour = [6, 14, 22][t % TIMES.len()];
    let begin = start.plus(day * DAY + hour * HOUR);
    Window {
        start: begin,
        end: begin.plus(8 * HOUR),
    }
}

/// The request the mechanism's state makes.
fn request(
    m: &Mechanism,
    zones: &[moc_domain::Zone],
    start: Timestamp,
    days: usize,
    per_day: usize,
) -> PlanRequest {
    let parties: Vec<_> = m.contributing_parties().map(|p| p.id.clone()).collect();
    let since = crate::cmd::patrol::utc(start.plus(-RISK_DAYS * DAY).0);
    let since = since.get(..10).unwrap_or_default().to_owned();
    let plan_zones = zones
        .iter()
        .map(|z| {
            let recent = m
                .incidents
                .values()
                .filter(|i| i.zone.as_ref() == Some(&z.id) && i.record.event_date >= since)
                .count();
            let mut language_min = vec![0; LANGUAGES.len()];
            language_min[0] = 1;
            PlanZone {
                id: z.id.as_str().to_owned(),
                risk: 1 + u32::try_from(recent)
                    .unwrap_or(u32::MAX)
                    .min(MAX_INCIDENT_RISK),
                language_min,
            }
        })
        .collect();
    // A member's whole day, night patrol included, is off when leave or a
    // patrol already planned touches it.
    let busy = |member: &moc_domain::Member, s: &ServiceNumber, day: usize| {
        let whole = Window {
            start: window(start, day, 0).start,
            end: window(start, day, 2).end,
        };
        member.on_leave_during(&whole).is_some() || m.patrols_of(s, &whole).next().is_some()
    };
    let members = m
        .members
        .iter()
        .filter(|(_, x)| x.status == VettingStatus::Approved)
        .filter_map(|(s, x)| {
            let party = parties.iter().position(|p| *p == x.party)?;
            Some(PlanMember {
                id: s.as_str().to_owned(),
                party,
                roles: (0..ROLES.len())
                    .filter(|&r| x.roles.contains(&ROLES[r]))
                    .collect(),
                languages: (0..LANGUAGES.len())
                    .filter(|&l| x.languages.contains(&LANGUAGES[l]))
                    .collect(),
                approved: true,
                days_off: (0..days).filter(|&d| busy(x, s, d)).collect(),
                team: None,
            })
        })
        .collect();
    PlanRequest {
        days,
        parties: parties.iter().map(|p| p.as_str().to_owned()).collect(),
        roles: ROLES.iter().map(code_of).collect(),
        languages: LANGUAGES.iter().map(code_of).collect(),
        zones: plan_zones,
        times_per_day: per_day,
        members,
        per_party: m.patrol_min_per_party,
        role_need: vec![1; ROLES.len()],
        off_requests: Vec::new(),
        limits: PlanLimits {
            min_patrols_per_week: 0,
            ..PlanLimits::default()
        },
        weights: moc_roster::SoftWeights {
            duty_spread: 5,
            risk_spread: 1,
            party_duty_spread: 1,
            party_risk_spread: 1,
            cohesion: 0,
        },
    }
}

/// A domain value's serde code (`patrol-leader`).
fn code_of<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The patrols of `roster`: one per slot of a day that has members, led by
/// its first member able to lead.
fn draft(
    id: &moc_domain::MechanismId,
    inst: &Instance,
    roster: &Roster,
    req: &PlanRequest,
    zones: &[moc_domain::Zone],
    start: Timestamp,
    taken: &BTreeSet<String>,
) -> anyhow::Result<Vec<Drafted>> {
    let times = inst.shifts.len() / zones.len().max(1);
    let mut out = Vec::new();
    for day in 0..inst.horizon {
        for (k, shift) in inst.shifts.iter().enumerate() {
            let crew: Vec<usize> = (0..inst.staff.len())
                .filter(|&e| roster.cells[e][day].contains(&k))
                .collect();
            if crew.is_empty() {
                continue;
            }
            let zone = &zones[k / times.max(1)];
            let t = k % times.max(1);
            let w = window(start, day, t);
            let date = crate::cmd::patrol::utc(w.start.0);
            let base = format!(
                "{}-{}-{}",
                zone.id.as_str(),
                date.get(..10).unwrap_or_default().replace('-', ""),
                TIMES[t].0.to_lowercase()
            );
            // A second patrol of the same slot (planned by hand, or by an
            // earlier draft) gets the next free number.
            let patrol_id = std::iter::once(base.clone())
                .chain((2..).map(|n| format!("{base}-{n}")))
                .find(|p| !taken.contains(p))
                .unwrap_or(base);
            let members: Vec<ServiceNumber> = crew
                .iter()
                .map(|&e| ServiceNumber::new(inst.staff[e].id.clone()))
                .collect::<Result<_, _>>()
                .map_err(|e| anyhow!(e))?;
            let leader_at = crew
                .iter()
                .position(|&e| req.members[e].roles.contains(&0))
                .unwrap_or(0);
            out.push(Drafted {
                plan: PlanPatrol {
                    mechanism: id.clone(),
                    patrol: moc_domain::PatrolId::new(patrol_id).map_err(|e| anyhow!(e))?,
                    zone: zone.id.clone(),
                    route: vec![zone.coord],
                    window: w,
                    leader: members[leader_at].clone(),
                    members,
                },
                slot: shift.id.clone(),
            });
        }
    }
    Ok(out)
}

/// Prints the draft: a table and the broken rules, or one JSON object.
fn show(a: &PlanArgs, lang: Lang, drafted: &[Drafted], ev: &Evaluation, to_feasible: Option<f64>) {
    if a.json {
        let patrols: Vec<_> = drafted
            .iter()
            .map(|d| {
                json!({
                    "patrol": d.plan.patrol.as_str(),
                    "zone": d.plan.zone.as_str(),
                    "slot": d.slot,
                    "start": d.plan.window.start.0,
                    "end": d.plan.window.end.0,
                    "leader": d.plan.leader.as_str(),
                    "members": d.plan.members.iter().map(ServiceNumber::as_str).collect::<Vec<_>>(),
                })
            })
            .collect();
        outln!(
            "{}",
            json!({
                "patrols": patrols,
                "objective": ev.objective,
                "feasible": ev.feasible,
                "extension_costs": ev.extension_costs,
                "violations": ev.violations,
                "seconds_to_feasible": to_feasible.map(|s| (s * 1000.0).round() / 1000.0),
                "accepted": a.accept && ev.feasible,
            })
        );
        return;
    }
    let rows: Vec<Vec<String>> = drafted
        .iter()
        .map(|d| {
            vec![
                d.plan.patrol.as_str().to_owned(),
                crate::cmd::patrol::utc(d.plan.window.start.0),
                d.plan.members.len().to_string(),
                d.plan.leader.as_str().to_owned(),
            ]
        })
        .collect();
    print_table(
        lang,
        &[
            "roster-plan-col-patrol",
            "roster-plan-col-start",
            "roster-plan-col-members",
            "roster-plan-col-leader",
        ],
        &rows,
    );
    outln!(
        "{}",
        trs(
            lang,
            "roster-plan-drafted",
            &[
                ("count", drafted.len().to_string()),
                ("objective", ev.objective.to_string()),
                ("feasible", feasible_word(lang, ev.feasible)),
                ("broken", ev.violations.len().to_string()),
            ]
        )
    );
    print_violations(lang, &ev.violations);
}
