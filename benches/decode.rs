//! How fast notifications decode: a mixed corpus of every notification type in both key casings
//! (the crate's fixtures, camelCase and PascalCase, compact as Amazon sends them), decoded into
//! typed notifications, against `serde_json::from_slice::<serde_json::Value>` on the same bytes.
//!
//! `cargo bench --bench decode` runs the criterion benchmarks, then measures the ratios the
//! crate promises in the same run and prints them:
//! - typed decoding at least 1.5x as fast as parsing into a `Value`;
//! - each notification's PascalCase form within 10% of its camelCase form.
#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]

mod support;

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use spapi_notifications::types::fixtures::{self, KeyCase};
use spapi_notifications::types::{Notification, envelope};
use support::{PAIRED, measuring_ratios, paired, verdict};

/// The corpus in one casing: one compact document per fixture, with its name.
fn corpus(case: KeyCase) -> Vec<(&'static str, Vec<u8>)> {
    fixtures::all()
        .iter()
        .map(|fixture| {
            (
                fixture.name,
                fixtures::recase(fixture.json, case).into_bytes(),
            )
        })
        .collect()
}

fn docs<'a>(corpus: &'a [(&'static str, Vec<u8>)]) -> Vec<&'a [u8]> {
    corpus.iter().map(|(_, doc)| doc.as_slice()).collect()
}

fn decode_value(docs: &[&[u8]]) {
    for doc in docs {
        black_box(serde_json::from_slice::<serde_json::Value>(doc).unwrap());
    }
}

fn decode_typed(docs: &[&[u8]]) {
    for doc in docs {
        black_box(envelope::decode(doc).unwrap());
    }
}

fn decode_bare(docs: &[&[u8]]) {
    for doc in docs {
        black_box(Notification::<spapi_notifications::types::Payload>::from_slice(doc).unwrap());
    }
}

fn criterion_benches(c: &mut Criterion, mixed: &[&[u8]], camel: &[&[u8]], pascal: &[&[u8]]) {
    let bytes = |docs: &[&[u8]]| docs.iter().map(|doc| doc.len() as u64).sum::<u64>();
    let mut group = c.benchmark_group("mixed corpus, both casings");
    group.throughput(Throughput::Bytes(bytes(mixed)));
    group.bench_function("serde_json::Value (baseline)", |b| {
        b.iter(|| decode_value(mixed));
    });
    group.bench_function("envelope::decode", |b| b.iter(|| decode_typed(mixed)));
    group.bench_function("Notification::from_slice", |b| {
        b.iter(|| decode_bare(mixed));
    });
    group.finish();

    let mut group = c.benchmark_group("casing");
    group.throughput(Throughput::Bytes(bytes(camel)));
    group.bench_function("camelCase", |b| b.iter(|| decode_typed(camel)));
    group.bench_function("PascalCase", |b| b.iter(|| decode_typed(pascal)));
    group.finish();
}

fn ratios(mixed: &[&[u8]], camel: &[(&'static str, Vec<u8>)], pascal: &[(&'static str, Vec<u8>)]) {
    println!("\nRatios measured in this run ({PAIRED}):");
    let (value, typed) = paired(|| decode_value(mixed), || decode_typed(mixed));
    let speedup = value.as_secs_f64() / typed.as_secs_f64();
    println!(
        "  mixed corpus ({} documents): Value {value:?}, envelope::decode {typed:?} -> typed is {speedup:.2}x as fast (target >= 1.50x: {})",
        mixed.len(),
        verdict(speedup >= 1.5)
    );
    let (value, bare) = paired(|| decode_value(mixed), || decode_bare(mixed));
    println!(
        "  mixed corpus: Value {value:?}, Notification::from_slice {bare:?} -> {:.2}x",
        value.as_secs_f64() / bare.as_secs_f64()
    );

    println!("  PascalCase / camelCase, per notification (target within 10%):");
    let mut worst: f64 = 0.0;
    for ((name, camel), (_, pascal)) in camel.iter().zip(pascal) {
        let (c, p) = paired(
            || decode_typed(&[camel.as_slice()]),
            || decode_typed(&[pascal.as_slice()]),
        );
        let ratio = p.as_secs_f64() / c.as_secs_f64();
        worst = worst.max((ratio - 1.0).abs());
        println!(
            "    {name:<45} camel {c:>9.2?}  Pascal {p:>9.2?}  {ratio:.3} {}",
            verdict((ratio - 1.0).abs() <= 0.10)
        );
    }
    let (all_camel, all_pascal) = (docs(camel), docs(pascal));
    let (c, p) = paired(|| decode_typed(&all_camel), || decode_typed(&all_pascal));
    let ratio = p.as_secs_f64() / c.as_secs_f64();
    println!(
        "  all camelCase {c:?}, all PascalCase {p:?} -> {ratio:.3}; largest per-notification difference {:.1}% ({})",
        worst * 100.0,
        verdict(worst <= 0.10)
    );
}

fn main() {
    let camel = corpus(KeyCase::Camel);
    let pascal = corpus(KeyCase::Pascal);
    let mixed: Vec<&[u8]> = camel
        .iter()
        .chain(&pascal)
        .map(|(_, doc)| doc.as_slice())
        .collect();
    let mut criterion = Criterion::default().configure_from_args();
    criterion_benches(&mut criterion, &mixed, &docs(&camel), &docs(&pascal));
    criterion.final_summary();

    if measuring_ratios() {
        ratios(&mixed, &camel, &pascal);
    }
}
