//! Exact repairs (feature `highs`): large-neighbourhood search whose
//! repair step is HiGHS solving the benchmark's model over a block of
//! cells, the rest of the best roster fixed ([`crate::lp`]'s programme,
//! integer this time).
//!
//! Each round frees a block of staff × days around the best roster, asks
//! HiGHS for the block's optimum (starting from the roster itself, so it
//! only looks for better), and keeps the result when the incremental
//! scoring agrees it is no worse. The block's size adapts: it grows while
//! HiGHS proves optima quickly and shrinks when it runs out of time, so
//! that each round takes a small share of the budget whatever the
//! instance's size.
//!
//! Blocks come in three shapes, drawn at random: a few people's whole rows
//! (rearranges who works which days: what swaps between two rows cannot
//! do for three); every person over a few consecutive days (re-deals the
//! cover of those days); and a window of some weeks for a group of people.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::Budget;
use super::state::{Cost, OFF, State};
use crate::Instance;

/// Free cells of the first block, in variables (cells × the types a
/// person may work); adapted afterwards.
const FIRST_BLOCK: f64 = 500.0;
/// Bounds on the block's size, in variables.
const MIN_BLOCK: f64 = 100.0;
const MAX_BLOCK: f64 = 60_000.0;
/// Share of the whole budget one round may take at most.
const ROUND_SHARE: f64 = 0.02;

/// The repair phase of one search thread.
pub(crate) struct Phase<'a, 's, 't> {
    pub inst: &'a Instance,
    pub st: &'s mut State<'t>,
    pub best: &'a mut Vec<u8>,
    pub best_cost: &'a mut Cost,
    pub budget: &'a Budget<'a>,
    /// The budget's seconds.
    pub seconds: f64,
}

impl Phase<'_, '_, '_> {
    /// Rounds of exact repair from the best roster until the budget is
    /// spent; `report` hears of each new best. Returns the rounds run.
    pub fn run(&mut self, rng: &mut ChaCha8Rng, report: &dyn Fn(Cost)) -> u64 {
        let t = self.st.t;
        self.st.load(self.best);
        let mut undo = Vec::new();
        let mut block = FIRST_BLOCK;
        let mut rounds = 0;
        // Variables per cell, on average: the types a person may work.
        let per_cell = (0..t.m)
            .map(|e| (0..t.n).filter(|&k| t.max_shifts[e * t.n + k] > 0).count())
            .sum::<usize>() as f64
            / t.m as f64;
        loop {
            let f = self.budget.fraction(rounds);
            if f >= 1.0 {
                break;
            }
            rounds += 1;
            let cap = ((1.0 - f) * self.seconds).min(ROUND_SHARE * self.seconds);
            if cap < 0.05 {
                break;
            }
            let cells = ((block / per_cell.max(1.0)) as usize).max(2);
            let free = self.draw(rng, cells);
            let Ok(Some(found)) =
                crate::lp::repair(self.inst, &self.st.grid, OFF, &free, cap, rng.r#gen())
            else {
                block = (block * 0.7).max(MIN_BLOCK);
                continue;
            };
            let took = (self.budget.fraction(rounds) - f) * self.seconds;
            if found.optimal && took < cap / 3.0 {
                block = (block * 1.25).min(MAX_BLOCK);
            } else if !found.optimal {
                block = (block * 0.7).max(MIN_BLOCK);
            }
            // HiGHS starts from the roster, so it never returns worse
            // unless it refused the start: then skip its answer.
            if found.changes.is_empty() || found.objective.round() as i64 > self.st.cost.soft {
                continue;
            }
            let saved = self.st.cost;
            self.st.apply(&found.changes, &mut undo);
            let now = (self.st.cost.hard, self.st.cost.soft);
            if now > (saved.hard, saved.soft) {
                // The programme and the scoring disagree (they should not
                // on a benchmark instance): trust the scoring.
                self.st.revert(&undo, saved);
                continue;
            }
            // Equal rosters are kept too: the next block starts elsewhere.
            if now < (self.best_cost.hard, self.best_cost.soft) {
                self.best.copy_from_slice(&self.st.grid);
                *self.best_cost = self.st.cost;
                report(self.st.cost);
            }
        }
        rounds
    }

    /// A block of about `cells` free cells, per cell `staff · horizon + day`.
    fn draw(&self, rng: &mut ChaCha8Rng, cells: usize) -> Vec<bool> {
        let t = self.st.t;
        let (m, h) = (t.m, t.h);
        let (people, days) = match rng.gen_range(0..3) {
            // Whole rows of a few people.
            0 if cells / h >= 2 => (cells / h, h),
            // Everyone over a few days.
            1 if cells / m >= 2 => (m, cells / m),
            // A window of one to four weeks for a group.
            _ => {
                let days = (7 * rng.gen_range(1..=4)).min(h);
                ((cells / days).clamp(1, m), days)
            }
        };
        let (people, days) = (people.min(m), days.min(h));
        let first = rng.gen_range(0..=h - days);
        let mut staff: Vec<usize> = (0..m).collect();
        for i in 0..people {
            let j = rng.gen_range(i..m);
            staff.swap(i, j);
        }
        let mut free = vec![false; m * h];
        for &e in &staff[..people] {
            free[e * h + first..e * h + first + days].fill(true);
        }
        free
    }
}
