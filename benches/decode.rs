//! How fast notifications decode on realistic deliveries: every fixture of the crate (a
//! notification of every type), in both key casings (camelCase and PascalCase), compact as
//! Amazon sends them, bare and in every delivery envelope (`support/corpus.rs`).
//!
//! The contenders are what a service would otherwise use on the same bytes:
//! `serde_json::from_slice::<serde_json::Value>` and serde's `IgnoredAny` (which only checks the
//! JSON). For an envelope that carries the notification as JSON text (an SNS `Message`, an SQS
//! `body`, a double-encoded body), `Value` also parses that text, as a service using `Value`
//! must to reach the notification.
//!
//! `cargo bench --bench decode --all-features` runs short criterion benchmarks, then times the
//! contenders interleaved in rounds (see `support::interleaved`) and prints a verdict table:
//! - typed decoding of a bare SQS body (`envelope::decode`) at least 2x `Value`'s throughput;
//! - every envelope at least 1.5x `Value` that also parses the nested JSON;
//! - each notification's PascalCase form within 10% of its camelCase form.
//!
//! Allocations per decode are counted by `decode_allocations.rs`: a counting allocator here
//! would slow every allocation and flatter whatever allocates less.
//!
//! `cargo test --benches` runs the same code once, quickly, as a check that it works: its
//! figures are no measurement.
#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]

#[path = "support/corpus.rs"]
mod corpus;
mod support;

use std::hint::black_box;
use std::time::Duration;

use corpus::{Corpus, corpora, from_slice, ignored_any, through_serde_json, typed, value};
use criterion::{Criterion, Throughput};
use spapi_notifications::types::envelope;
use spapi_notifications::types::fixtures::{self, KeyCase};
use support::{PAIRED, interleaved, measuring_ratios, rounds, verdict};

fn criterion_benches(c: &mut Criterion, corpora: &[Corpus]) {
    for corpus in corpora {
        let mut group = c.benchmark_group(corpus.name);
        group.throughput(Throughput::Bytes(corpus.bytes()));
        group.bench_function("serde_json::Value (baseline)", |b| b.iter(|| value(corpus)));
        group.bench_function("typed", |b| b.iter(|| typed(corpus)));
        group.finish();
    }
}

/// A duration per notification, printed in microseconds.
fn per(total: Duration, corpus: &Corpus) -> String {
    format!(
        "{:.2} us",
        total.as_secs_f64() * 1e6 / corpus.notifications as f64
    )
}

fn verdict_table(corpora: &[Corpus]) {
    println!("\nVerdict ({PAIRED}; times per notification):");
    if !measuring_ratios() {
        println!("  (a quick run: one round of one call each, so no verdicts)");
    }
    println!(
        "  {:<34} {:>10} {:>10} {:>8} {:>7}",
        "corpus (Value also parses nested JSON)", "typed", "Value", "speedup", "target"
    );
    let rounds = rounds();
    // Every corpus through every contender first, so that each row is timed in the same state
    // of the process (its heap above all): timed first in a fresh process, the bare row read
    // about 0.2x lower than the same pair timed after the other rows.
    for corpus in corpora {
        for _ in 0..rounds.min(5) {
            typed(corpus);
            value(corpus);
        }
    }
    for corpus in corpora {
        let (t, v) = (|| typed(corpus), || value(corpus));
        let measured = interleaved(&[&t, &v], rounds);
        let speedup = measured.speedup(0, 1);
        println!(
            "  {:<38} {:>10} {:>10} {:>7.2}x {:>5.1}x {}",
            corpus.name,
            per(measured.median(0), corpus),
            per(measured.median(1), corpus),
            speedup,
            corpus.target,
            verdict(speedup >= corpus.target),
        );
    }

    let bare = &corpora[0];
    let (t, b, s, v, i) = (
        || typed(bare),
        || from_slice(bare),
        || through_serde_json(bare),
        || value(bare),
        || ignored_any(bare),
    );
    let measured = interleaved(&[&t, &b, &s, &v, &i], rounds);
    println!(
        "\n  bare SQS bodies, five contenders in the same rounds: envelope::decode {}, Notification::from_slice {}, the same through serde_json's reader {}, Value {}, IgnoredAny {}",
        per(measured.median(0), bare),
        per(measured.median(1), bare),
        per(measured.median(2), bare),
        per(measured.median(3), bare),
        per(measured.median(4), bare),
    );
    println!(
        "    envelope::decode {:.2}x Value's throughput (target >= 2.0x: {}), {:.2}x IgnoredAny's time; from_slice {:.2}x Value's throughput; through serde_json's reader {:.2}x (its own reader makes typed decoding {:.2}x as fast)",
        measured.speedup(0, 3),
        verdict(measured.speedup(0, 3) >= 2.0),
        1.0 / measured.speedup(0, 4),
        measured.speedup(1, 3),
        measured.speedup(2, 3),
        measured.speedup(1, 2),
    );
}

/// Each notification's PascalCase form against its camelCase form.
fn casing() {
    println!("\n  PascalCase / camelCase time, per fixture (target within 10%):");
    let mut worst: (f64, &str) = (0.0, "");
    for fixture in fixtures::all() {
        let [camel, pascal] = [KeyCase::Camel, KeyCase::Pascal]
            .map(|case| fixtures::recase(fixture.json, case).into_bytes());
        let (c, p) = (
            || drop(black_box(envelope::decode(&camel).unwrap())),
            || drop(black_box(envelope::decode(&pascal).unwrap())),
        );
        let ratio = 1.0 / interleaved(&[&c, &p], rounds()).speedup(0, 1);
        if (ratio - 1.0).abs() > worst.0.abs() {
            worst = (ratio - 1.0, fixture.name);
        }
    }
    println!(
        "    largest difference: {:+.1}% ({}) -> {}",
        worst.0 * 100.0,
        worst.1,
        verdict(worst.0.abs() <= 0.10)
    );
}

fn main() {
    let corpora = corpora();
    // `DECODE_PROFILE=<corpus name> <bench binary>` only decodes that corpus, many times: a
    // steady workload for a profiler (`valgrind --tool=callgrind`, `perf record`), with the
    // `Value` contender instead when `DECODE_PROFILE_VALUE` is set.
    if let Ok(name) = std::env::var("DECODE_PROFILE") {
        let corpus = corpora.iter().find(|corpus| corpus.name == name);
        let corpus = corpus.unwrap_or_else(|| panic!("no corpus named {name:?}"));
        let contender = if std::env::var_os("DECODE_PROFILE_VALUE").is_some() {
            value
        } else {
            typed
        };
        (0..200).for_each(|_| contender(corpus));
        return;
    }
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .configure_from_args();
    criterion_benches(&mut criterion, &corpora);
    criterion.final_summary();

    verdict_table(&corpora);
    casing();
}
