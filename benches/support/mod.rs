//! What the ratio-printing benchmarks share: timing contenders against each other in the same
//! run, interleaved in rounds, and saying whether a target was met.

use std::time::{Duration, Instant};

/// Whether this run measures and prints the ratios: `cargo bench` passes `--bench`, while
/// `cargo test --benches` runs each benchmark once, quickly, and then [`rounds`] measures one
/// short round, which checks that the measuring code works but is no measurement.
pub(crate) fn measuring_ratios() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// How many rounds [`interleaved`] times: many when measuring, one in a quick run.
pub(crate) fn rounds() -> usize {
    if measuring_ratios() { 31 } else { 1 }
}

/// How [`paired`] and [`interleaved`] measure, for the line that introduces the ratios.
pub(crate) const PAIRED: &str = "median of 31 rounds, the contenders interleaved in each";

/// The times of many contenders, round by round.
pub(crate) struct Rounds {
    /// `times[contender][round]`: the time of one call in that round.
    times: Vec<Vec<Duration>>,
}

impl Rounds {
    /// The median time of one call of contender `i`.
    pub(crate) fn median(&self, i: usize) -> Duration {
        let mut times = self.times[i].clone();
        times.sort_unstable();
        times[times.len() / 2]
    }

    /// The median over rounds of `time(slow) / time(fast)`: how many times as fast `fast` is.
    /// Each round's ratio compares two contenders timed moments apart, under the same load.
    #[allow(dead_code, reason = "benches/consumer.rs compares medians only")]
    pub(crate) fn speedup(&self, fast: usize, slow: usize) -> f64 {
        let mut ratios: Vec<f64> = self.times[slow]
            .iter()
            .zip(&self.times[fast])
            .map(|(slow, fast)| slow.as_secs_f64() / fast.as_secs_f64())
            .collect();
        ratios.sort_unstable_by(f64::total_cmp);
        ratios[ratios.len() / 2]
    }
}

/// Times every contender in `rounds` rounds. Each round times each contender once, over a
/// sample of about two milliseconds (calls calibrated per contender), starting with a different
/// contender each round so that none always runs first. The median of rounds is what a typical
/// moment of the machine gives; with other work on the machine it moves less than the mean,
/// and unlike the fastest sample it does not reward one lucky round.
pub(crate) fn interleaved(contenders: &[&dyn Fn()], rounds: usize) -> Rounds {
    let calls: Vec<u32> = contenders.iter().map(|f| calibrate(*f)).collect();
    let mut times = vec![Vec::with_capacity(rounds); contenders.len()];
    for round in 0..rounds {
        for offset in 0..contenders.len() {
            let i = (round + offset) % contenders.len();
            let start = Instant::now();
            (0..calls[i]).for_each(|_| contenders[i]());
            times[i].push(start.elapsed() / calls[i]);
        }
    }
    Rounds { times }
}

/// How many calls of `f` take about two milliseconds (one in a quick run).
fn calibrate(f: &dyn Fn()) -> u32 {
    if !measuring_ratios() {
        return 1;
    }
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < Duration::from_millis(20) {
        f();
        calls += 1;
    }
    (calls / 10).max(1)
}

/// The median time of one call of `f` and of `g`, interleaved (see [`interleaved`]).
#[allow(
    dead_code,
    reason = "benches/decode.rs compares many contenders with `interleaved`"
)]
pub(crate) fn paired(f: impl Fn(), g: impl Fn()) -> (Duration, Duration) {
    let rounds = interleaved(&[&f, &g], self::rounds());
    (rounds.median(0), rounds.median(1))
}

/// `ok` when a target was met, `MISSED` otherwise, and `-` in a quick run, which measures
/// nothing.
pub(crate) fn verdict(met: bool) -> &'static str {
    match (measuring_ratios(), met) {
        (false, _) => "-",
        (true, true) => "ok",
        (true, false) => "MISSED",
    }
}
