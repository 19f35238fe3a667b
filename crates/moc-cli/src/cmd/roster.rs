//! `moc roster …`: solve and evaluate shift-scheduling instances in the
//! Curtois & Qu text format.
//!
//! The library is pure; this module reads the files, gives the solver its
//! time limit as a fraction of the budget spent, timestamps its progress and
//! prints the outcome (one JSON object with `--json`).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use moc_i18n::{Lang, tr};
use moc_roster::solver::{self, Budget, Config, Progress};
use moc_roster::{Evaluation, Instance, Roster, evaluate, lower_bound, parse_instance};
use serde_json::json;

use crate::Ctx;

/// `moc roster` subcommands.
#[derive(Subcommand, Debug)]
pub enum RosterCmd {
    /// Searches for a good roster of an instance.
    Solve(SolveArgs),
    /// Checks a roster: objective, feasibility and every broken hard rule.
    Evaluate(EvaluateArgs),
    /// Drafts a roster of a mechanism's patrols from its members, zones
    /// and rules; with --accept, plans the patrols in the log.
    Plan(crate::cmd::roster_plan::PlanArgs),
}

/// Flags of `moc roster solve`.
#[derive(Args, Debug)]
pub struct SolveArgs {
    /// The instance file (Curtois & Qu text format).
    #[arg(required_unless_present = "moc_case")]
    instance: Option<PathBuf>,
    /// Solve the generated mechanism case instead (600 members of three
    /// parties, 30 days, 4 zones × 3 patrols a day, quotas, roles,
    /// languages, rest, leave), built from this seed.
    #[arg(long, conflicts_with = "instance")]
    moc_case: Option<u64>,
    /// Seconds to search.
    #[arg(long, default_value_t = 10.0)]
    time_limit: f64,
    /// Independent searches, one per thread.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Seed of the searches.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Iterations per thread instead of the time limit (reproducible).
    #[arg(long)]
    iterations: Option<u64>,
    /// Write the roster here (JSON if the name ends in .json, else the
    /// tab-separated grid); without it the grid goes to standard output
    /// unless --json is given.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print one JSON object: instance, objective, feasible,
    /// seconds_to_best, lower_bound (and lp_bound, the LP relaxation's, in
    /// a build with feature highs).
    #[arg(long)]
    json: bool,
    /// Print each new best roster's objective and time to standard error.
    #[arg(long)]
    progress: bool,
    /// Share of the time (0 to 1) after which every thread but the first
    /// turns to exact repairs by HiGHS (benchmark instances); 1: never.
    #[cfg(feature = "highs")]
    #[arg(long, default_value_t = moc_roster::solver::Tuning::default().repair_after)]
    repair_after: f64,
}

/// Flags of `moc roster evaluate`.
#[derive(Args, Debug)]
pub struct EvaluateArgs {
    /// The instance file (Curtois & Qu text format).
    instance: PathBuf,
    /// The roster (tab-separated grid or JSON).
    solution: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs one `moc roster` subcommand.
pub fn run(cmd: RosterCmd, ctx: &Ctx) -> anyhow::Result<()> {
    match cmd {
        RosterCmd::Solve(args) => solve(&args, ctx.lang),
        RosterCmd::Evaluate(args) => evaluate_cmd(&args, ctx.lang),
        RosterCmd::Plan(args) => crate::cmd::roster_plan::plan(&args, ctx),
    }
}

fn read(path: &Path, lang: Lang) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| {
        tr(
            lang,
            "roster-read-error",
            &[("path", path.display().to_string().into())],
        )
    })
}

fn load_instance(path: &Path, lang: Lang) -> anyhow::Result<Instance> {
    let text = read(path, lang)?;
    parse_instance(&text).with_context(|| {
        tr(
            lang,
            "roster-bad-instance",
            &[("path", path.display().to_string().into())],
        )
    })
}

fn instance_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub fn feasible_word(lang: Lang, feasible: bool) -> String {
    tr(
        lang,
        if feasible {
            "roster-feasible"
        } else {
            "roster-infeasible"
        },
        &[],
    )
}

/// The LP relaxation's bound, solved by HiGHS after the search for at most
/// `seconds`, in a build with feature `highs`; a bound that HiGHS cannot
/// prove in time is no bound, and says so on standard error.
#[cfg(feature = "highs")]
fn lp_bound(inst: &Instance, seconds: f64, lang: Lang) -> Option<u64> {
    match moc_roster::lp_lower_bound(inst, seconds) {
        Ok(b) => Some(b),
        Err(e) => {
            eprintln!(
                "{}",
                tr(lang, "roster-lp-failed", &[("error", e.to_string().into())])
            );
            None
        }
    }
}

/// Without HiGHS there is no LP bound.
#[cfg(not(feature = "highs"))]
fn lp_bound(_: &Instance, _: f64, _: Lang) -> Option<u64> {
    None
}

fn solve(args: &SolveArgs, lang: Lang) -> anyhow::Result<()> {
    if !(args.time_limit > 0.0 && args.time_limit.is_finite()) {
        bail!(tr(lang, "roster-bad-time-limit", &[]));
    }
    let (inst, name) = match (&args.instance, args.moc_case) {
        (Some(path), _) => (load_instance(path, lang)?, instance_name(path)),
        (None, seed) => {
            let seed = seed.unwrap_or_default();
            let inst =
                moc_roster::moc_case::generate(&moc_roster::moc_case::CaseParams::default(), seed);
            // The solver assumes checked extensions.
            inst.check_extensions()
                .map_err(|e| anyhow::anyhow!("moc case {seed}: {e}"))?;
            (inst, format!("moc-case-{seed}"))
        }
    };
    let bound = lower_bound(&inst);

    let start = Instant::now();
    // The best (fewest hard points, then objective) seen so far, and when.
    let best: Mutex<Option<(u64, u64, f64)>> = Mutex::new(None);
    // When every hard rule first held.
    let first_feasible: Mutex<Option<f64>> = Mutex::new(None);
    let on_progress = |p: Progress| {
        let secs = start.elapsed().as_secs_f64();
        if p.feasible {
            first_feasible
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(secs);
        }
        let mut b = best.lock().unwrap_or_else(|e| e.into_inner());
        let better = b.is_none_or(|(h, o, _)| (p.hard, p.objective) < (h, o));
        if better {
            *b = Some((p.hard, p.objective, secs));
            if args.progress {
                eprintln!(
                    "{}",
                    tr(
                        lang,
                        "roster-progress",
                        &[
                            ("seconds", format!("{secs:.2}").into()),
                            ("objective", p.objective.to_string().into()),
                            ("feasible", feasible_word(lang, p.feasible).into()),
                        ],
                    )
                );
            }
        }
    };
    let limit = args.time_limit;
    let spent = move || start.elapsed().as_secs_f64() / limit;
    let budget = match args.iterations {
        Some(n) => Budget::Iterations(n),
        None => Budget::Spent(&spent),
    };
    #[allow(unused_mut)]
    let mut tuning = moc_roster::solver::Tuning::default();
    #[cfg(feature = "highs")]
    {
        if !(0.0..=1.0).contains(&args.repair_after) {
            bail!(tr(lang, "roster-bad-repair-after", &[]));
        }
        tuning.repair_after = args.repair_after;
    }
    let config = Config {
        seed: args.seed,
        threads: args.threads.max(1),
        time_limit: args.iterations.is_none().then_some(args.time_limit),
        tuning,
    };
    let sol = solver::solve(&inst, &config, budget, &on_progress);
    let seconds_to_best = best
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .filter(|&(_, o, _)| o == sol.objective)
        .map_or(0.0, |(_, _, s)| s);
    let lp_bound = lp_bound(&inst, args.time_limit, lang);
    let bound = lp_bound.map_or(bound, |lp| lp.max(bound));

    if let Some(out) = &args.out {
        let text = if out.extension().is_some_and(|e| e == "json") {
            sol.roster.to_json(&inst).to_string()
        } else {
            sol.roster.to_text(&inst)
        };
        std::fs::write(out, text).with_context(|| {
            tr(
                lang,
                "roster-write-error",
                &[("path", out.display().to_string().into())],
            )
        })?;
    }
    if args.json {
        let to_feasible = first_feasible
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map(|s| (s * 1000.0).round() / 1000.0);
        let v = json!({
            "instance": name,
            "objective": sol.objective,
            "feasible": sol.feasible,
            "seconds_to_best": (seconds_to_best * 1000.0).round() / 1000.0,
            "seconds_to_feasible": to_feasible,
            "extension_costs": evaluate(&inst, &sol.roster).extension_costs,
            "lower_bound": bound,
            "lp_bound": lp_bound,
            "iterations": sol.iterations,
            "threads": config.threads,
            "seed": config.seed,
        });
        outln!("{v}");
    } else {
        if args.out.is_none() {
            out!("{}", sol.roster.to_text(&inst));
        }
        eprintln!(
            "{}",
            tr(
                lang,
                "roster-solved",
                &[
                    ("instance", name.into()),
                    ("objective", sol.objective.to_string().into()),
                    ("feasible", feasible_word(lang, sol.feasible).into()),
                    ("seconds", format!("{seconds_to_best:.2}").into()),
                    ("bound", bound.to_string().into()),
                ],
            )
        );
    }
    Ok(())
}

fn evaluate_cmd(args: &EvaluateArgs, lang: Lang) -> anyhow::Result<()> {
    let inst = load_instance(&args.instance, lang)?;
    let text = read(&args.solution, lang)?;
    let roster = Roster::parse(&inst, &text).with_context(|| {
        tr(
            lang,
            "roster-bad-roster",
            &[("path", args.solution.display().to_string().into())],
        )
    })?;
    let ev = evaluate(&inst, &roster);
    let name = instance_name(&args.instance);
    if args.json {
        outln!("{}", evaluation_json(&name, &ev));
        return Ok(());
    }
    outln!(
        "{}",
        tr(
            lang,
            "roster-evaluated",
            &[
                ("instance", name.into()),
                ("objective", ev.objective.to_string().into()),
                ("feasible", feasible_word(lang, ev.feasible).into()),
                ("count", ev.violations.len().to_string().into()),
            ],
        )
    );
    outln!(
        "{}",
        tr(
            lang,
            "roster-costs",
            &[
                ("on", ev.costs.on_requests.to_string().into()),
                ("off", ev.costs.off_requests.to_string().into()),
                ("under", ev.costs.under_cover.to_string().into()),
                ("over", ev.costs.over_cover.to_string().into()),
            ],
        )
    );
    print_violations(lang, &ev.violations);
    Ok(())
}

/// Prints each broken rule on a line.
pub fn print_violations(lang: Lang, violations: &[moc_roster::Violation]) {
    for v in violations {
        let mut vars = vec![
            ("rule", v.kind.name().into()),
            ("staff", v.staff.clone().into()),
            ("amount", v.amount.to_string().into()),
        ];
        let key = match v.day {
            Some(d) => {
                vars.push(("day", d.to_string().into()));
                "roster-violation-day"
            }
            None => "roster-violation",
        };
        outln!("{}", tr(lang, key, &vars));
    }
}

fn evaluation_json(name: &str, ev: &Evaluation) -> serde_json::Value {
    json!({
        "instance": name,
        "objective": ev.objective,
        "feasible": ev.feasible,
        "costs": ev.costs,
        "extension_costs": ev.extension_costs,
        "violations": ev.violations,
    })
}
