//! The consumer pipeline's own cost per message: decode + de-duplication (claim and complete in
//! the in-memory store) + dispatch to a handler that does nothing, with the queue's I/O left
//! out, against decoding alone, on the same bytes in the same run.
//!
//! The corpus is every fixture in both key casings, each with its own notification id, as SQS
//! message bodies. The pipeline is the long-lived one of a running consumer, and its store is in
//! the steady state of a full store: every message's key is new to it and pushes out an expired
//! one (its TTL is zero, so that the corpus can go through again without being duplicates).
//! `cargo bench --bench consumer --features consumer` runs the criterion benchmarks, then
//! measures the ratio the crate promises (pipeline at most 1.2x decoding) and prints it.
#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]

mod support;

use std::convert::Infallible;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use spapi_notifications::consumer::{Delivery, Handler, InMemoryDedupStore, Pipeline, Received};
use spapi_notifications::types::fixtures::{self, KeyCase};
use spapi_notifications::types::{Notification, NotificationMetadata, envelope};
use support::{PAIRED, measuring_ratios, paired, verdict};

/// Every fixture in both casings, each with a notification id of its own.
fn corpus() -> Vec<Vec<u8>> {
    let mut corpus = Vec::new();
    for (i, fixture) in fixtures::all().iter().enumerate() {
        for case in [KeyCase::Camel, KeyCase::Pascal] {
            let mut notification: Notification =
                Notification::from_slice(fixture.json.as_bytes()).unwrap();
            let metadata = notification
                .metadata
                .get_or_insert_with(NotificationMetadata::default);
            metadata.notification_id = format!("bench-{i}-{case:?}");
            let json = serde_json::to_string(&notification).unwrap();
            corpus.push(fixtures::recase(&json, case).into_bytes());
        }
    }
    corpus
}

fn decode(docs: &[Vec<u8>]) {
    for doc in docs {
        black_box(envelope::decode(doc).unwrap());
    }
}

fn handler() -> impl Handler {
    |received: Received| async move {
        black_box(&received);
        Ok::<_, Infallible>(())
    }
}

/// The pipeline of a consumer: its store forgets a key as soon as it is handled.
fn steady_pipeline() -> Pipeline<impl Handler> {
    let store = InMemoryDedupStore::builder().ttl(Duration::ZERO).build();
    Pipeline::builder().dedup(store).build(handler())
}

/// Every document through `pipeline`, on `runtime`.
fn process(runtime: &tokio::runtime::Runtime, pipeline: &Pipeline<impl Handler>, docs: &[Vec<u8>]) {
    runtime.block_on(async {
        for doc in docs {
            let outcome = pipeline.process(doc, Delivery::default()).await;
            assert!(outcome.is_done());
        }
    });
}

fn main() {
    let docs = corpus();
    let pipeline = steady_pipeline();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("per message, mixed corpus");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("envelope::decode (baseline)", |b| b.iter(|| decode(&docs)));
    group.bench_function("Pipeline::process: decode + dedup + dispatch", |b| {
        b.iter(|| process(&runtime, &pipeline, &docs));
    });
    group.finish();
    criterion.final_summary();

    if measuring_ratios() {
        let (decoded, processed) = paired(|| decode(&docs), || process(&runtime, &pipeline, &docs));
        let per = |total: Duration| total / u32::try_from(docs.len()).unwrap_or(u32::MAX);
        let ratio = processed.as_secs_f64() / decoded.as_secs_f64();
        println!("\nRatio measured in this run ({PAIRED}):");
        println!(
            "  {} messages: decode {:?}/message, pipeline {:?}/message -> {ratio:.3}x (target <= 1.20x: {})",
            docs.len(),
            per(decoded),
            per(processed),
            verdict(ratio <= 1.2)
        );
    }
}
