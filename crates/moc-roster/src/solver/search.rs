//! One search thread: greedy construction and one pass of row programmes,
//! then simulated annealing with strategic oscillation of the hard-rule
//! price λ and restarts from the best roster when stuck.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::row::Window;
use super::state::{Cost, Ext, OFF, State, Tables, Wants};
use super::{Budget, Progress, Tuning};

/// What one search thread found.
pub(crate) struct Outcome {
    pub grid: Vec<u8>,
    pub cost: Cost,
    pub iterations: u64,
}

/// Iterations between two looks at the budget and the hard multiplier.
const CHECK_EVERY: u64 = 1024;

/// The score is `SCALE · objective + λ · hard`, so λ can price hard rules
/// below one objective point per unit (λ < SCALE) while the search explores.
const SCALE: i64 = 16;

/// Most transitions the initial pass of row programmes may examine (a few
/// tenths of a second).
const SWEEP_WORK: u64 = 300_000_000;

/// λ's range.
const LAMBDA_MAX: i64 = SCALE * 10;

/// Runs one search from `seed` until the budget is spent.
///
/// `repair`: the budget's seconds when this thread turns to exact repairs
/// after [`Tuning::repair_after`] of it (feature `highs`; see
/// [`super::Config::time_limit`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn run(
    inst: &crate::Instance,
    t: &Tables,
    seed: u64,
    thread: usize,
    budget: &Budget<'_>,
    tuning: &Tuning,
    repair: Option<f64>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Outcome {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut st = State::new(t);
    let mut undo = Vec::new();
    let mut lambda: i64 = SCALE;
    if t.ext.is_some() {
        construct_patrols(&mut st, &mut rng, lambda, &mut undo);
    } else {
        construct(&mut st, &mut rng, lambda, &mut undo);
    }
    let mut changes: Vec<(usize, usize, u8)> = Vec::new();
    // Row programmes are costly: space them by a hundredth of the
    // transitions the last one examined, in iterations (an ordinary move
    // costs about as much as a few hundred transitions, so programmes take
    // a few per cent of the time; more was measured worse on Instances 9-18).
    let mut next_row: u64 = tuning.row_every;
    let full_rows = (0..t.m).all(|e| Window::new(&st, e, 0, t.h - 1).is_some());
    if t.ext.is_some() {
        // The patrols' construction already keeps the row rules nearly
        // everywhere; on the mechanism's case (600 members) the sweep took
        // seconds and gave no better roster at 10 s.
    } else if tuning.row_every > 0 && full_rows {
        // One pass of whole-row re-optimisation mends the row rules, as far
        // as the sweep's budget allows (120 staff × 18 types is seconds).
        let mut order: Vec<usize> = (0..t.m).collect();
        shuffle(&mut order, &mut rng);
        let mut spent: u64 = 0;
        for e in order {
            if spent > SWEEP_WORK {
                break;
            }
            let saved = st.cost;
            let work = row_move(&mut st, e, lambda, &mut rng, &mut changes, &mut undo);
            spent += work.unwrap_or(0);
            if work.is_some() {
                let d = st.cost - saved;
                if SCALE * d.soft + lambda * d.hard > 0 {
                    st.revert(&undo, saved);
                }
            }
        }
    } else if tuning.row_every > 0 {
        // Long horizons: sweep each row two weeks at a time instead, when
        // that stays affordable (the programmes' work, in transitions).
        let weeks = t.h.div_ceil(7);
        let mut spent: u64 = 0;
        let mut order: Vec<usize> = (0..t.m).collect();
        shuffle(&mut order, &mut rng);
        'sweep: for e in order {
            for w in (0..weeks).step_by(2) {
                let b = (7 * w + 13).min(t.h - 1);
                let Some(win) = Window::new(&st, e, 7 * w, b) else {
                    continue;
                };
                // A little over its share of the minimum, for slack later.
                let win = win.with_share(t, 1.05 * (b + 1 - 7 * w) as f64 / t.h as f64);
                spent += win.work(t);
                if spent > SWEEP_WORK {
                    break 'sweep;
                }
                let Some(values) = solve_window(&mut st, &win, lambda) else {
                    continue;
                };
                changes.clear();
                changes.extend(
                    values
                        .iter()
                        .enumerate()
                        .filter(|&(i, &v)| st.get(e, 7 * w + i) != v)
                        .map(|(i, &v)| (e, 7 * w + i, v)),
                );
                let saved = st.cost;
                let d = st.apply(&changes, &mut undo);
                if SCALE * d.soft + lambda * d.hard > 0 {
                    st.revert(&undo, saved);
                }
            }
        }
    }

    let mut best = st.grid.clone();
    let mut best_cost = st.cost;
    let report = |iteration: u64, c: Cost| {
        progress(Progress {
            thread,
            iteration,
            objective: c.soft as u64,
            feasible: c.hard == 0,
            hard: c.hard as u64,
        });
    };
    report(0, best_cost);

    let mut temp = tuning.t_start;
    let mut big_undo = Vec::new();
    let mut iter: u64 = 0;
    let mut last_best: u64 = 0;
    let stall = (tuning.stall_factor * (t.m * t.h) as u64).max(20_000);
    // Whether the loop ended to hand over to the exact repairs.
    let mut switched = false;
    let limit = match budget {
        Budget::Iterations(n) => *n,
        Budget::Spent(_) => u64::MAX,
    };
    while iter < limit {
        if iter.is_multiple_of(CHECK_EVERY) {
            let f = budget.fraction(iter);
            if f >= 1.0 {
                break;
            }
            if repair.is_some() && f >= tuning.repair_after && best_cost.hard == 0 {
                switched = true;
                break;
            }
            // A thread that turns to exact repairs cools over its share of
            // the budget, so that the repairs start from a cold roster.
            let cooled = match repair {
                Some(_) if tuning.repair_after > 0.0 => (f / tuning.repair_after).min(1.0),
                Some(_) => 1.0,
                None => f,
            };
            temp = SCALE as f64 * tuning.t_start * (tuning.t_end / tuning.t_start).powf(cooled);
            // Stuck: go back to the best roster with hard rules cheap again.
            if iter - last_best > stall {
                st.load(&best);
                lambda = SCALE;
                last_best = iter;
            }
            // Raise the price of broken hard rules while they stay broken
            // (strategic oscillation: cheaper while feasible, to explore).
            if st.cost.hard > 0 {
                lambda = (lambda + lambda / 4 + 1).min(LAMBDA_MAX);
            } else {
                lambda = (lambda - lambda / 8).max(1);
            }
        }
        iter += 1;

        let saved = st.cost;
        let before = st.score(SCALE, lambda);
        if tuning.row_every > 0 && iter >= next_row {
            // Broken rows first: this move mends them best.
            let mut e = rng.gen_range(0..t.m);
            if st.cost.hard > 0 {
                for _ in 0..8 {
                    if st.staff_hard(e) > 0 {
                        break;
                    }
                    e = rng.gen_range(0..t.m);
                }
            }
            let work = row_move(&mut st, e, lambda, &mut rng, &mut changes, &mut undo);
            next_row = iter + tuning.row_every.max(work.unwrap_or(0) / 100);
            if work.is_none() {
                continue;
            }
            let delta = st.score(SCALE, lambda) - before;
            if !accept(delta, temp, &mut rng) {
                st.revert(&undo, saved);
                continue;
            }
        } else if iter.is_multiple_of(tuning.lns_every) {
            ruin_recreate(
                &mut st,
                &mut rng,
                lambda,
                &mut changes,
                &mut undo,
                &mut big_undo,
            );
            let delta = st.score(SCALE, lambda) - before;
            if !accept(delta, temp, &mut rng) {
                st.revert(&big_undo, saved);
            }
        } else {
            // Moves never put work on a day off: that rule is kept, not priced.
            if !neighbour(&st, &mut rng, &mut changes)
                || changes
                    .iter()
                    .any(|&(e, d, v)| v != OFF && t.is_day_off(e, d))
            {
                continue;
            }
            let d = st.apply(&changes, &mut undo);
            let delta = SCALE * d.soft + lambda * d.hard;
            if !accept(delta, temp, &mut rng) {
                st.revert(&undo, saved);
                continue;
            }
        }
        if (st.cost.hard, st.cost.soft) < (best_cost.hard, best_cost.soft) {
            best.copy_from_slice(&st.grid);
            best_cost = st.cost;
            last_best = iter;
            report(iter, best_cost);
        }
    }
    #[cfg(feature = "highs")]
    if switched && let Some(seconds) = repair {
        let mut phase = super::repair::Phase {
            inst,
            st: &mut st,
            best: &mut best,
            best_cost: &mut best_cost,
            budget,
            seconds,
        };
        let at = iter;
        iter += phase.run(&mut rng, &|c| report(at, c));
    }
    #[cfg(not(feature = "highs"))]
    {
        // The instance is only the exact repairs' (HiGHS's programme).
        let _ = inst;
        debug_assert!(
            !switched && repair.is_none(),
            "exact repairs need feature highs"
        );
    }
    Outcome {
        grid: best,
        cost: best_cost,
        iterations: iter,
    }
}

/// Replaces `e`'s whole row, or a window of one or two weeks of it when
/// the whole row is too big a programme, by the best one. Returns the
/// programme's work when the row changed.
fn row_move(
    st: &mut State<'_>,
    e: usize,
    lambda: i64,
    rng: &mut ChaCha8Rng,
    changes: &mut Vec<(usize, usize, u8)>,
    undo: &mut Vec<(usize, usize, u8)>,
) -> Option<u64> {
    let t = st.t;
    let window = Window::new(st, e, 0, t.h - 1).or_else(|| {
        let weeks = t.h.div_ceil(7);
        let span = rng.gen_range(1..=2.min(weeks));
        let first = rng.gen_range(0..=weeks - span);
        let b = (7 * (first + span) - 1).min(t.h - 1);
        Window::new(st, e, 7 * first, b)
            .or_else(|| Window::new(st, e, 7 * first, (7 * first + 6).min(t.h - 1)))
    })?;
    let (a, work) = (window.first_day(), window.work(t));
    let values = solve_window(st, &window, lambda)?;
    changes.clear();
    for (i, &v) in values.iter().enumerate() {
        if st.get(e, a + i) != v {
            changes.push((e, a + i, v));
        }
    }
    if changes.is_empty() {
        return None;
    }
    st.apply(changes, undo);
    Some(work)
}

/// The window's best values. With the mechanism's rules, each day's value
/// is priced in score units by its effect on the patrols and the team
/// ([`State::outside_delta`], at price `lambda` for hard points), so that
/// the programme fills quotas and roles rather than bare cover; fairness,
/// which depends on the whole row, is left to the move's true delta.
fn solve_window(st: &mut State<'_>, win: &Window, lambda: i64) -> Option<Vec<u8>> {
    if st.t.ext.is_none() {
        return win.solve(st);
    }
    let (n, e, a, b) = (st.t.n, win.staff(), win.first_day(), win.last_day());
    let mut day_cost = vec![0i64; (b - a + 1) * (n + 1)];
    for d in a..=b {
        for v in 0..=n {
            let x = if v == n { OFF } else { v as u8 };
            let c = st.outside_delta(e, d, x);
            day_cost[(d - a) * (n + 1) + v] =
                SCALE * (st.request_cost(e, d, x) + c.soft) + lambda * c.hard;
        }
    }
    win.solve_priced(st, &day_cost)
}

fn accept(delta: i64, temp: f64, rng: &mut ChaCha8Rng) -> bool {
    delta <= 0 || rng.r#gen::<f64>() < (-(delta as f64) / temp).exp()
}

/// Fills cover wants one person at a time, each time with the staff member
/// whose assignment lowers the score most; stops a slot when none does.
fn construct(
    st: &mut State<'_>,
    rng: &mut ChaCha8Rng,
    lambda: i64,
    undo: &mut Vec<(usize, usize, u8)>,
) {
    let t = st.t;
    let mut order: Vec<usize> = (0..t.m).collect();
    for d in 0..t.h {
        for k in 0..t.n {
            for _ in 0..t.requirement(d, k) {
                shuffle(&mut order, rng);
                let mut pick: Option<(i64, usize)> = None;
                for &e in &order {
                    if st.get(e, d) != OFF || t.is_day_off(e, d) {
                        continue;
                    }
                    let saved = st.cost;
                    let c = st.apply(&[(e, d, k as u8)], undo);
                    st.revert(undo, saved);
                    let s = SCALE * c.soft + lambda * c.hard;
                    if pick.is_none_or(|(b, _)| s < b) {
                        pick = Some((s, e));
                    }
                }
                match pick {
                    Some((s, e)) if s < 0 => {
                        st.apply(&[(e, d, k as u8)], undo);
                    }
                    _ => break,
                }
            }
        }
    }
}

/// Candidates priced for each place filled by [`construct_patrols`].
const CANDIDATES: usize = 24;

/// Construction for instances with the mechanism's rules, where pricing
/// every staff member for every place ([`construct`]) is too slow: day by
/// day, each patrol (in random order) is filled one place at a time with
/// the best of a few candidates, drawn among those who would mend a broken
/// quota, role or language of the patrol when it has one; stops a patrol
/// once it lacks nothing and its cover is met, or when no candidate lowers
/// the score. (Without that first stop, members short of their minimum
/// minutes would pile onto the first patrols.)
fn construct_patrols(
    st: &mut State<'_>,
    rng: &mut ChaCha8Rng,
    lambda: i64,
    undo: &mut Vec<(usize, usize, u8)>,
) {
    let t = st.t;
    let mut order: Vec<usize> = (0..t.m).collect();
    let mut shifts: Vec<usize> = (0..t.n).collect();
    for d in 0..t.h {
        shuffle(&mut order, rng);
        shuffle(&mut shifts, rng);
        for &k in &shifts {
            loop {
                let mut wants = st.slot_wants(d, k);
                if !wants.lacks_any() && st.covered(d, k) >= t.requirement(d, k) {
                    break;
                }
                let mut pick: Option<(i64, usize)> = None;
                let mut priced = 0;
                let from = rng.gen_range(0..t.m);
                for j in 0..2 * t.m {
                    if j == t.m {
                        // Nobody free mends what the patrol lacks: any
                        // free member may still fill its cover.
                        if pick.is_some() {
                            break;
                        }
                        wants = Wants::default();
                    }
                    let e = order[(from + j) % t.m];
                    if st.get(e, d) != OFF || t.is_day_off(e, d) || !st.mends(&wants, e) {
                        continue;
                    }
                    let saved = st.cost;
                    let c = st.apply(&[(e, d, k as u8)], undo);
                    st.revert(undo, saved);
                    let s = SCALE * c.soft + lambda * c.hard;
                    if pick.is_none_or(|(b, _)| s < b) {
                        pick = Some((s, e));
                    }
                    priced += 1;
                    if priced == CANDIDATES {
                        break;
                    }
                }
                match pick {
                    Some((s, e)) if s < 0 => {
                        st.apply(&[(e, d, k as u8)], undo);
                    }
                    _ => break,
                }
            }
        }
    }
}

fn shuffle(v: &mut [usize], rng: &mut ChaCha8Rng) {
    for i in (1..v.len()).rev() {
        let j = rng.gen_range(0..=i);
        v.swap(i, j);
    }
}

/// Draws one move into `changes`; false when the draw is a no-op.
fn neighbour(st: &State<'_>, rng: &mut ChaCha8Rng, changes: &mut Vec<(usize, usize, u8)>) -> bool {
    let t = st.t;
    changes.clear();
    if let Some(x) = &t.ext
        && x.has_teams()
        && rng.gen_bool(TEAM_MOVES)
    {
        return team_move(st, x, rng, changes);
    }
    let r: u32 = rng.gen_range(0..100);
    if r < 35 || t.m < 2 {
        // Change: one cell to another shift or off.
        let e = pick_staff(st, rng);
        let d = rng.gen_range(0..t.h);
        let cur = st.get(e, d);
        let v = if cur != OFF && rng.gen_bool(0.4) {
            OFF
        } else {
            match wanted_shift(t, d, rng) {
                Some(k) => k,
                None => return false,
            }
        };
        if v == cur {
            return false;
        }
        changes.push((e, d, v));
        return true;
    }
    if r < 50 {
        // Block change: two to four consecutive cells of one person at
        // once, to step over succession and minimum-run rules.
        let e = pick_staff(st, rng);
        let len = rng.gen_range(2..=t.h.clamp(2, 4)).min(t.h);
        let start = rng.gen_range(0..=t.h - len);
        for d in start..start + len {
            let v = if rng.gen_bool(0.3) {
                OFF
            } else {
                wanted_shift(t, d, rng).unwrap_or(OFF)
            };
            if v != st.get(e, d) {
                changes.push((e, d, v));
            }
        }
        return !changes.is_empty();
    }
    if r < 62 {
        // Day swap within one row: moves work between days and keeps the
        // person's counts and minutes.
        let e = pick_staff(st, rng);
        let (d1, d2) = (rng.gen_range(0..t.h), rng.gen_range(0..t.h));
        let (a, b) = (st.get(e, d1), st.get(e, d2));
        if a == b {
            return false;
        }
        changes.push((e, d1, b));
        changes.push((e, d2, a));
        return true;
    }
    let e1 = pick_staff(st, rng);
    let mut e2 = rng.gen_range(0..t.m - 1);
    if e2 >= e1 {
        e2 += 1;
    }
    let (start, len) = if r < 82 {
        (rng.gen_range(0..t.h), 1)
    } else {
        let len = rng.gen_range(2..=t.h.min(7));
        (rng.gen_range(0..=t.h - len), len)
    };
    for d in start..start + len {
        let (a, b) = (st.get(e1, d), st.get(e2, d));
        if a != b {
            changes.push((e1, d, b));
            changes.push((e2, d, a));
        }
    }
    !changes.is_empty()
}

/// Share of moves that are [`team_move`]s when the instance has teams
/// (0.25 did better than 0.1 on the mechanism's case at 10 s).
const TEAM_MOVES: f64 = 0.25;

/// Cohesion's move: a team member's teammates take their value on one day
/// (the same patrol, or off), where they may work. A teammate joining a
/// patrol swaps with a member of their own party already in it, who takes
/// the teammate's old value: cover and quotas stay as they were.
fn team_move(
    st: &State<'_>,
    x: &Ext,
    rng: &mut ChaCha8Rng,
    changes: &mut Vec<(usize, usize, u8)>,
) -> bool {
    let t = st.t;
    let Some(e) = (0..8)
        .map(|_| rng.gen_range(0..t.m))
        .find(|&e| x.has_team(e))
    else {
        return false;
    };
    let d = rng.gen_range(0..t.h);
    let v = st.get(e, d);
    let mates = x.teammates(e);
    for &b in mates {
        let b = b as usize;
        let old = st.get(b, d);
        if b == e || old == v || (v != OFF && t.is_day_off(b, d)) {
            continue;
        }
        changes.push((b, d, v));
        if v == OFF {
            continue;
        }
        let from = rng.gen_range(0..t.m);
        let partner = (0..t.m).map(|j| (from + j) % t.m).find(|&c| {
            st.get(c, d) == v
                && x.same_party(b, c)
                && !mates.contains(&(c as u32))
                && (old == OFF || !t.is_day_off(c, d))
                && !changes.iter().any(|&(y, _, _)| y == c)
        });
        if let Some(c) = partner {
            changes.push((c, d, old));
        }
    }
    !changes.is_empty()
}

/// A random staff member; while the roster breaks hard rules, half the
/// time one whose row breaks some (among a few draws).
fn pick_staff(st: &State<'_>, rng: &mut ChaCha8Rng) -> usize {
    let m = st.t.m;
    if st.cost.hard > 0 && rng.gen_bool(0.05) {
        for _ in 0..6 {
            let e = rng.gen_range(0..m);
            if st.staff_hard(e) > 0 {
                return e;
            }
        }
    }
    rng.gen_range(0..m)
}

/// A random shift, preferring those someone wants on day `d`.
fn wanted_shift(t: &Tables, d: usize, rng: &mut ChaCha8Rng) -> Option<u8> {
    // Half the draws are uniform: a shift nobody wants may still be the
    // cheapest way to meet a minimum of minutes.
    if rng.gen_bool(0.5) {
        return Some(rng.gen_range(0..t.n) as u8);
    }
    (0..4)
        .map(|_| rng.gen_range(0..t.n))
        .find(|&k| t.requirement(d, k) > 0)
        .map(|k| k as u8)
}

/// Clears a block of days for a few staff members, then refills it one
/// cell at a time with each cell's best value; `big_undo` gets the record.
fn ruin_recreate(
    st: &mut State<'_>,
    rng: &mut ChaCha8Rng,
    lambda: i64,
    changes: &mut Vec<(usize, usize, u8)>,
    undo: &mut Vec<(usize, usize, u8)>,
    big_undo: &mut Vec<(usize, usize, u8)>,
) {
    let t = st.t;
    big_undo.clear();
    let len = rng.gen_range(1..=t.h.min(7));
    let start = rng.gen_range(0..=t.h - len);
    let mut staff: Vec<usize> = (0..t.m).collect();
    shuffle(&mut staff, rng);
    staff.truncate(rng.gen_range(2..=t.m.clamp(2, 6)).min(t.m));
    changes.clear();
    let mut cells = Vec::new();
    for &e in &staff {
        for d in start..start + len {
            cells.push((e, d));
            if st.get(e, d) != OFF {
                changes.push((e, d, OFF));
            }
        }
    }
    st.apply(changes, undo);
    big_undo.extend_from_slice(undo);
    let mut order: Vec<usize> = (0..cells.len()).collect();
    shuffle(&mut order, rng);
    for i in order {
        let (e, d) = cells[i];
        if t.is_day_off(e, d) {
            continue;
        }
        let mut best = (0i64, OFF);
        for k in 0..t.n {
            if t.requirement(d, k) == 0 {
                continue;
            }
            let saved = st.cost;
            let c = st.apply(&[(e, d, k as u8)], undo);
            st.revert(undo, saved);
            let s = SCALE * c.soft + lambda * c.hard;
            if s < best.0 || (s == best.0 && best.1 != OFF && rng.gen_bool(0.5)) {
                best = (s, k as u8);
            }
        }
        if best.1 != OFF {
            st.apply(&[(e, d, best.1)], undo);
            big_undo.extend_from_slice(undo);
        }
    }
}
