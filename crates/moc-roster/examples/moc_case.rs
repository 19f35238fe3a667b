//! The mechanism's case as a benchmark: generates it, solves it and checks
//! the roster with the independent evaluator.
//!
//! `cargo run --release -p moc-roster --example moc_case -- [SECONDS] [THREADS] [SEED]`
//! (defaults 10, 2, 1) prints one JSON object: the time to the first roster
//! meeting every hard rule, the objective and its terms at the end.

use std::sync::Mutex;
use std::time::Instant;

use moc_roster::evaluate;
use moc_roster::moc_case::{CaseParams, generate};
use moc_roster::solver::{Budget, Config, Progress, solve};

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let arg = |i: usize, def: &str| a.get(i).cloned().unwrap_or_else(|| def.to_owned());
    let secs: f64 = arg(1, "10").parse().expect("seconds");
    let threads: usize = arg(2, "2").parse().expect("threads");
    let seed: u64 = arg(3, "1").parse().expect("seed");

    let t0 = Instant::now();
    let inst = generate(&CaseParams::default(), seed);
    let generated = t0.elapsed().as_secs_f64();

    let start = Instant::now();
    // First time any thread held a roster meeting every hard rule, and the
    // best (hard, objective) over time.
    let first_feasible: Mutex<Option<f64>> = Mutex::new(None);
    let trace: Mutex<Vec<(f64, u64, u64)>> = Mutex::new(Vec::new());
    let on_progress = |p: Progress| {
        let s = start.elapsed().as_secs_f64();
        if p.feasible {
            let mut f = first_feasible.lock().unwrap();
            f.get_or_insert(s);
        }
        let mut t = trace.lock().unwrap();
        if t.last()
            .is_none_or(|&(_, h, o)| (p.hard, p.objective) < (h, o))
        {
            t.push((s, p.hard, p.objective));
        }
    };
    let spent = || start.elapsed().as_secs_f64() / secs;
    let config = Config {
        seed,
        threads,
        ..Config::default()
    };
    let sol = solve(&inst, &config, Budget::Spent(&spent), &on_progress);
    let solved = start.elapsed().as_secs_f64();
    let ev = evaluate(&inst, &sol.roster);
    assert_eq!(ev.objective, sol.objective, "solver and evaluator disagree");
    assert_eq!(ev.feasible, sol.feasible, "solver and evaluator disagree");
    let trace = trace.into_inner().unwrap();
    let at = |limit: f64| {
        trace
            .iter()
            .take_while(|&&(s, _, _)| s <= limit)
            .last()
            .map(|&(_, h, o)| serde_json::json!({"hard": h, "objective": o}))
    };
    let v = serde_json::json!({
        "members": inst.staff.len(),
        "days": inst.horizon,
        "shifts": inst.shifts.len(),
        "seed": seed,
        "threads": threads,
        "time_limit": secs,
        "seconds_to_generate": round(generated),
        "seconds_to_feasible": first_feasible.into_inner().unwrap().map(round),
        "seconds": round(solved),
        "feasible": ev.feasible,
        "violations": ev.violations.len(),
        "objective": ev.objective,
        "costs": ev.costs,
        "extension_costs": ev.extension_costs,
        "iterations": sol.iterations,
        "first_roster": trace.first().map(|&(s, h, o)| serde_json::json!({"seconds": round(s), "hard": h, "objective": o})),
        "best_at_1s": at(1.0),
        "best_at_5s": at(5.0),
    });
    println!("{v}");
}

fn round(s: f64) -> f64 {
    (s * 1000.0).round() / 1000.0
}
