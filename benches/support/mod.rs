//! What the ratio-printing benchmarks share: measuring two functions against each other in the
//! same run, and saying whether a target was met.

use std::time::{Duration, Instant};

/// Whether this run measures and prints the ratios: `cargo bench` passes `--bench`, while
/// `cargo test --benches` runs each benchmark once, quickly, without them.
pub(crate) fn measuring_ratios() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// How [`paired`] measures, for the line that introduces the ratios.
pub(crate) const PAIRED: &str = "fastest of 61 interleaved samples each";

/// The time of one call of `f` and of `g`: the fastest of 61 samples of a few milliseconds
/// each, taken alternately so that both see the same machine. The fastest sample is the one
/// least disturbed by whatever else the machine runs.
pub(crate) fn paired(f: impl Fn(), g: impl Fn()) -> (Duration, Duration) {
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < Duration::from_millis(4) {
        f();
        g();
        calls += 1;
    }
    let sample = |h: &dyn Fn()| {
        let t = Instant::now();
        (0..calls).for_each(|_| h());
        t.elapsed() / calls
    };
    (0..61).fold((Duration::MAX, Duration::MAX), |(best_f, best_g), _| {
        (best_f.min(sample(&f)), best_g.min(sample(&g)))
    })
}

/// `ok` when a target was met, `MISSED` otherwise.
pub(crate) fn verdict(met: bool) -> &'static str {
    if met { "ok" } else { "MISSED" }
}
