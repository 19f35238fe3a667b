//! Tuning runs without rebuilding the CLI:
//! `cargo run --release -p moc-roster --example tune -- FILE SECONDS SEED [T_START T_END LNS_EVERY STALL_FACTOR ROW_EVERY REPAIR_AFTER THREADS]`.

use std::time::Instant;

use moc_roster::solver::{Budget, Config, Tuning, solve};
use moc_roster::{evaluate, parse_instance};

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let inst =
        parse_instance(&std::fs::read_to_string(&a[1]).expect("instance file")).expect("instance");
    let secs: f64 = a[2].parse().expect("seconds");
    let seed: u64 = a[3].parse().expect("seed");
    let d = Tuning::default();
    let arg = |i: usize, def: f64| a.get(i).map_or(def, |x| x.parse().expect("number"));
    let tuning = Tuning {
        t_start: arg(4, d.t_start),
        t_end: arg(5, d.t_end),
        lns_every: arg(6, d.lns_every as f64) as u64,
        stall_factor: arg(7, d.stall_factor as f64) as u64,
        row_every: arg(8, d.row_every as f64) as u64,
        repair_after: arg(9, d.repair_after),
    };
    let start = Instant::now();
    let spent = || start.elapsed().as_secs_f64() / secs;
    let config = Config {
        seed,
        threads: arg(10, 1.0) as usize,
        tuning,
        time_limit: Some(secs),
    };
    // Each thread's best (feasible first) and when, printed on stderr:
    // which thread found what.
    let best: std::sync::Mutex<Vec<Option<(u64, u64, f64)>>> =
        std::sync::Mutex::new(vec![None; config.threads.max(1)]);
    let progress = |p: moc_roster::solver::Progress| {
        let mut b = best.lock().expect("lock");
        let cell = &mut b[p.thread];
        if cell.is_none_or(|(h, o, _)| (p.hard, p.objective) < (h, o)) {
            *cell = Some((p.hard, p.objective, start.elapsed().as_secs_f64()));
        }
    };
    let sol = solve(&inst, &config, Budget::Spent(&spent), &progress);
    for (i, b) in best.lock().expect("lock").iter().enumerate() {
        if let Some((h, o, s)) = b {
            eprintln!("thread {i}: objective {o}, hard {h}, at {s:.1} s");
        }
    }
    let ev = evaluate(&inst, &sol.roster);
    assert_eq!(ev.objective, sol.objective);
    let mut kinds: Vec<(&str, u64)> = Vec::new();
    for v in &ev.violations {
        match kinds.iter_mut().find(|k| k.0 == v.kind.name()) {
            Some(k) => k.1 += v.amount,
            None => kinds.push((v.kind.name(), v.amount)),
        }
    }
    println!(
        "{} {} {} {:?}",
        sol.objective, sol.feasible, sol.iterations, kinds
    );
}
