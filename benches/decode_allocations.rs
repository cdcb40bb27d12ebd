//! Allocations per decoded notification, on the corpora of `decode.rs`, against the figures
//! measured before the issue 13 speed work ([`BEFORE`]), and against `serde_json::Value`.
//!
//! A counting global allocator slows every allocation, so it lives in this binary of its own
//! rather than in `decode.rs`, whose timings it would skew towards whatever allocates less.
//! Counts are exact and the same on every machine: `cargo test --benches` (the test suite)
//! fails if typed decoding allocates more than [`BEFORE`]; `cargo bench --bench
//! decode_allocations` prints the same table.
#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]

#[allow(dead_code, reason = "the timing contenders are for decode.rs")]
#[path = "support/corpus.rs"]
mod corpus;

use std::alloc::System;

use corpus::{Corpus, corpora, from_slice, typed, value};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

/// Counts every allocation and reallocation of the process (it has one thread).
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocator calls (allocations and reallocations) per decoded notification, by corpus,
/// measured on the fixtures of commit 0726bdf, before the issue 13 speed work.
const BEFORE: &[(&str, f64)] = &[
    ("bare SQS body", 18.2),
    ("EventBridge event", 25.2),
    ("SNS message", 32.1),
    ("double-encoded SQS body", 27.1),
    ("Lambda SQS record of EventBridge", 41.9),
    ("SQS message of SNS", 46.1),
    ("Lambda SQS batch (decode_all)", 35.6),
];

/// Allocator calls per notification of one pass of `f` over `corpus`.
fn allocations(corpus: &Corpus, f: fn(&Corpus)) -> f64 {
    f(corpus);
    let region = Region::new(GLOBAL);
    f(corpus);
    let stats = region.change();
    (stats.allocations + stats.reallocations) as f64 / corpus.notifications as f64
}

fn main() {
    println!("Allocator calls (allocations and reallocations) per decoded notification:");
    println!(
        "  {:<34} {:>7} {:>7} {:>7} {:>7}",
        "corpus", "typed", "before", "", "Value"
    );
    let mut worse = Vec::new();
    for corpus in &corpora() {
        let after = allocations(corpus, typed);
        let before = BEFORE
            .iter()
            .find(|(name, _)| *name == corpus.name)
            .map(|&(_, before)| before);
        // A tenth of an allocation of slack: fixtures change as types gain fields.
        let met = before.is_none_or(|before| after <= before + 0.1);
        if !met {
            worse.push(corpus.name);
        }
        println!(
            "  {:<34} {after:>7.1} {:>7} {:>7} {:>7.1}",
            corpus.name,
            before.map_or("-".to_owned(), |before| format!("{before:.1}")),
            if met { "ok" } else { "MORE" },
            allocations(corpus, value),
        );
    }
    let bare = &corpora()[0];
    println!(
        "  Notification::from_slice on bare bodies: {:.1}",
        allocations(bare, from_slice)
    );
    assert!(
        worse.is_empty(),
        "typed decoding allocates more than before in {worse:?}"
    );
}
