//! The solver: greedy construction, then simulated annealing over change,
//! block change, day swap within a row, swap and block swap between two
//! staff, a periodic ruin-and-recreate step, and an exact re-optimisation
//! of one person's row (or a window of whole weeks of it) by dynamic
//! programming (`row.rs`).
//!
//! Hard rules (but days off, which moves never break) are not kept by the
//! moves but priced: the search minimises
//! `objective + λ·hard`, where `hard` weighs each broken rule by
//! [`hard_weight`] and λ grows while the current roster stays infeasible.
//! Crossing infeasible rosters lets simple moves reach feasible rosters
//! that no feasibility-keeping move connects; the best roster is kept
//! lexicographically (fewest hard points, then lowest objective).
//!
//! With the mechanism's rules ([`crate::Extensions`]) the same search runs
//! with three changes, all behind the instance having extensions (a
//! benchmark instance is solved exactly as before, roster for roster): the
//! construction fills each patrol from a few candidates who mend what it
//! lacks (party, role, language) instead of pricing every staff member; the
//! initial sweep of row programmes is skipped and the programmes price each
//! day by its effect on the patrols and the team; and a quarter
//! of the moves are team moves (a teammate joins a member's patrol, swapping
//! with a member of their own party). The mechanism's hard rules are priced
//! like the benchmark's ([`hard_weight`]); unapproved members are kept off
//! like days off. Incremental scoring keeps, per patrol, counts per party
//! and language and a table over subsets of the roles it asks for (role
//! positions are filled one per person); fairness from running sums of
//! duty and of its square; cohesion per (team, day) touched.
//!
//! One search runs per thread, each seeded from the caller's seed and its
//! thread index; with an iteration budget the result depends only on the
//! seed. The solver reads no clock: the caller's [`Budget`] says how much
//! of the time is spent.
//!
//! With feature `highs` and a time budget ([`Config::time_limit`]), every
//! thread but the first anneals for the first part of the budget, then
//! turns to large-neighbourhood search whose repair is exact: HiGHS solves
//! the benchmark's model restricted to a block of staff and days, the rest
//! of the best roster fixed (`repair.rs`). Annealing finds good rosters
//! fast; the exact repairs then close the last gaps that single moves
//! cannot (several people's rows rearranged at once).

#[cfg(feature = "highs")]
mod repair;
mod row;
mod search;
mod state;

use crate::evaluate::ViolationKind;
use crate::model::Instance;
use crate::roster::Roster;

/// How long to search.
#[derive(Clone, Copy)]
pub enum Budget<'a> {
    /// Each thread runs exactly this many iterations: reproducible.
    Iterations(u64),
    /// The fraction of the budget spent, in `[0, 1]`; the search stops at 1.
    /// The CLI passes elapsed time over the time limit.
    Spent(&'a (dyn Fn() -> f64 + Sync)),
}

impl Budget<'_> {
    /// The fraction spent after `iteration` iterations of one thread.
    fn fraction(&self, iteration: u64) -> f64 {
        match self {
            Budget::Iterations(0) => 1.0,
            Budget::Iterations(n) => iteration as f64 / *n as f64,
            Budget::Spent(f) => f(),
        }
    }
}

/// Solver settings.
#[derive(Clone, Copy, Debug, Default)]
pub struct Config {
    /// Seed of the first thread; thread `i` uses a seed derived from it and `i`.
    pub seed: u64,
    /// Number of independent searches, one per thread (at least 1).
    pub threads: usize,
    /// Search knobs.
    pub tuning: Tuning,
    /// The wall-clock seconds behind [`Budget::Spent`]. With feature
    /// `highs`, on a benchmark instance (no extensions), every thread but
    /// the first turns to exact repairs for the last part of the budget
    /// ([`Tuning::repair_after`]), and HiGHS needs its own time limit.
    /// `None`: no exact repair (the search then reads no clock).
    pub time_limit: Option<f64>,
}

/// Search knobs, exposed so that tuning runs need no rebuild;
/// [`Tuning::default`] holds the values tuned on the benchmark.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tuning {
    /// Annealing temperature at the start, in objective points.
    pub t_start: f64,
    /// Temperature when the budget is spent (geometric cooling in between).
    pub t_end: f64,
    /// One ruin-and-recreate step every this many iterations.
    pub lns_every: u64,
    /// One exact whole-row re-optimisation every this many iterations
    /// (0: never).
    pub row_every: u64,
    /// Back to the best roster after `stall_factor × staff × days`
    /// iterations (at least 20,000) without a new best.
    pub stall_factor: u64,
    /// Fraction of the budget after which threads with exact repair
    /// (see [`Config::time_limit`]) stop annealing and re-solve
    /// neighbourhoods of their best roster with HiGHS; they cool over
    /// that fraction. 1: never. 0.3 against 1 at 60 s, 2 threads, seeds
    /// 2–4 (medians, BENCHMARKS.md): Instance9 473 against 510,
    /// Instance13 2585 against 2660, Instance8 1392 against 1397, but
    /// Instance5 1236 against 1164, where the second annealer it replaces
    /// found the better rosters.
    pub repair_after: f64,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            t_start: 300.0,
            t_end: 0.5,
            lns_every: 200,
            row_every: 500,
            stall_factor: 1000,
            repair_after: 0.3,
        }
    }
}

/// A new best roster found by one thread (for anytime progress).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Which thread.
    pub thread: usize,
    /// Its iteration count when it found it.
    pub iteration: u64,
    /// The objective of its new best roster.
    pub objective: u64,
    /// Whether that roster breaks no hard rule.
    pub feasible: bool,
    /// Its hard points ([`hard_weight`] times amount, summed): the solver
    /// ranks rosters by these first, then by objective.
    pub hard: u64,
}

/// The best roster over all threads.
#[derive(Clone, Debug)]
pub struct Solution {
    /// The roster.
    pub roster: Roster,
    /// Its objective, as the solver scores it (the evaluator agrees).
    pub objective: u64,
    /// Whether it breaks no hard rule.
    pub feasible: bool,
    /// Iterations run, summed over threads.
    pub iterations: u64,
}

/// The weight of one unit of a broken hard rule in the search's penalty.
///
/// A unit is what [`crate::Violation::amount`] counts: a minute for the
/// minute limits, a shift, day or weekend for the others. One unit of a
/// sequence or count rule weighs a little more than a missing shift's worth
/// of minutes (about 480), so the search does not trade one for the other,
/// and both weigh more than the largest benchmark cover weight (100).
pub fn hard_weight(kind: ViolationKind) -> i64 {
    match kind {
        ViolationKind::MaxMinutes | ViolationKind::MinMinutes => 1,
        _ => 600,
    }
}

/// Searches for a good roster of `inst` until `budget` is spent, calling
/// `progress` each time a thread finds a new best.
///
/// # Panics
/// If the instance has more than 254 shift types, or extensions that fail
/// [`Instance::check_extensions`].
pub fn solve(
    inst: &Instance,
    config: &Config,
    budget: Budget<'_>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Solution {
    let tables = state::Tables::new(inst);
    let threads = config.threads.max(1);
    // Exact repairs: with HiGHS, a time budget, no extensions (the
    // programme has only the benchmark's rules), and never on the first
    // thread, which anneals to the end as without the feature.
    let repair = |thread: usize| {
        config.time_limit.filter(|_| {
            cfg!(feature = "highs")
                && thread > 0
                && tables.ext.is_none()
                && matches!(budget, Budget::Spent(_))
        })
    };
    let outcomes: Vec<search::Outcome> = if threads == 1 {
        vec![search::run(
            inst,
            &tables,
            thread_seed(config.seed, 0),
            0,
            &budget,
            &config.tuning,
            repair(0),
            progress,
        )]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|i| {
                    let tables = &tables;
                    let budget = &budget;
                    let repair = repair(i);
                    s.spawn(move || {
                        search::run(
                            inst,
                            tables,
                            thread_seed(config.seed, i),
                            i,
                            budget,
                            &config.tuning,
                            repair,
                            progress,
                        )
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("search thread panicked"))
                .collect()
        })
    };
    let iterations = outcomes.iter().map(|o| o.iterations).sum();
    let best = outcomes
        .into_iter()
        .min_by_key(|o| (o.cost.hard, o.cost.soft))
        .expect("at least one thread");
    Solution {
        roster: to_roster(inst, &best.grid),
        objective: best.cost.soft as u64,
        feasible: best.cost.hard == 0,
        iterations,
    }
}

/// Thread `i`'s seed: distinct streams from one user seed (SplitMix64 step).
fn thread_seed(seed: u64, i: usize) -> u64 {
    let mut z = seed.wrapping_add((i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn to_roster(inst: &Instance, grid: &[u8]) -> Roster {
    let h = inst.horizon;
    Roster {
        cells: (0..inst.staff.len())
            .map(|e| {
                grid[e * h..(e + 1) * h]
                    .iter()
                    .map(|&v| {
                        if v == state::OFF {
                            vec![]
                        } else {
                            vec![usize::from(v)]
                        }
                    })
                    .collect()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;
