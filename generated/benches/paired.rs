//! The comparisons of `codecs`, timed in pairs: each round times a batch of calls of the
//! baseline and a batch of the generated code one right after the other (which goes first
//! alternates), and the figure is the median of the rounds' ratios. Both halves of a pair see
//! the host in the same state, so a host whose speed changes during the run moves single
//! rounds, not the median ratio, as it can move the medians of benchmarks run one after the
//! other.
//!
//! `cargo bench -p graph-education --bench paired [-- FILTER]`: FILTER, if given, picks the
//! comparisons whose description contains it. Where the heap and stack land moves a ratio by
//! several per cent from run to run; to compare two builds, run each binary with ASLR off
//! (`setarch -R target/release/deps/paired-* FILTER`).

mod cases;

use std::hint::black_box;
use std::time::{Duration, Instant};

use cases::*;

/// Calls per batch: at ~100 ns a call, fewer would be only a few ticks of the clock.
const BATCH: usize = 100;
const ROUNDS: usize = 2_000;

fn main() {
    println!(
        "median ratio of {ROUNDS} rounds of {BATCH} calls each (quartiles); median times per call"
    );
    compare(
        "parse a 1.4 KB response: generated model / plain derive",
        parse_plain,
        parse_generated,
    );
    compare_sized(
        "parse a 100-user page (140 KB): generated Page / plain derive",
        Sizes {
            batch: 2,
            rounds: 500,
        },
        parse_page_plain,
        parse_page_generated,
    );
    compare_sized(
        "$batch requests of 1,000 updates: Batch / serde_json::Value",
        Sizes {
            batch: 1,
            rounds: 300,
        },
        batch_requests_value,
        batch_requests_generated,
    );
    compare_sized(
        "answers of 1,000 updates to typed outcomes: Batch / serde_json::Value",
        Sizes {
            batch: 1,
            rounds: 200,
        },
        batch_answers_value,
        batch_answers_generated,
    );
    compare(
        "parse: generated model / plain derive with serde(flatten)",
        parse_flatten,
        parse_generated,
    );
    compare(
        "4-property update body: builder / to_vec(json!)",
        update_json_macro,
        update_body,
    );
    compare(
        "two-contact replace body: builder / to_vec(json!)",
        contacts_json_macro,
        contacts_body,
    );
    let (plain, generated) = (plain_user(), generated_user());
    compare(
        "serialize a full model: Serialize / plain derive",
        || serde_json::to_vec(black_box(&plain)).expect("serializes"),
        || serde_json::to_vec(black_box(&generated)).expect("serializes"),
    );
    compare(
        "serialize a full model: to_json / plain derive",
        || serde_json::to_vec(black_box(&plain)).expect("serializes"),
        || black_box(&generated).to_json(),
    );
}

/// How many calls a batch makes, and how many rounds of a batch of each are timed.
struct Sizes {
    batch: usize,
    rounds: usize,
}

fn compare<B, G>(what: &str, baseline: impl Fn() -> B, generated: impl Fn() -> G) {
    let sizes = Sizes {
        batch: BATCH,
        rounds: ROUNDS,
    };
    compare_sized(what, sizes, baseline, generated);
}

fn compare_sized<B, G>(
    what: &str,
    Sizes {
        batch: calls,
        rounds,
    }: Sizes,
    baseline: impl Fn() -> B,
    generated: impl Fn() -> G,
) {
    // Cargo passes `--bench`; the first other argument filters.
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with("--"));
    if filter.is_some_and(|filter| !what.contains(&filter)) {
        return;
    }
    // Warm caches and the allocator before counting.
    for _ in 0..rounds / 10 {
        batch(calls, &baseline);
        batch(calls, &generated);
    }
    let mut ratios = Vec::with_capacity(rounds);
    let mut baseline_times = Vec::with_capacity(rounds);
    let mut generated_times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (base, ours) = if round % 2 == 0 {
            let base = batch(calls, &baseline);
            (base, batch(calls, &generated))
        } else {
            let ours = batch(calls, &generated);
            (batch(calls, &baseline), ours)
        };
        ratios.push(ours.as_secs_f64() / base.as_secs_f64());
        baseline_times.push(base);
        generated_times.push(ours);
    }
    let [low, median, high] = quartiles(&mut ratios);
    let per_call = |times: &mut Vec<Duration>| {
        times.sort_unstable();
        times[times.len() / 2] / calls as u32
    };
    println!(
        "{what}: {median:.3}× ({low:.3}–{high:.3}); {:?} / {:?}",
        per_call(&mut generated_times),
        per_call(&mut baseline_times),
    );
}

/// Times `calls` calls; what they return is dropped after the clock stops, as divan does.
fn batch<T>(calls: usize, call: &impl Fn() -> T) -> Duration {
    let mut results = Vec::with_capacity(calls);
    let start = Instant::now();
    for _ in 0..calls {
        results.push(call());
    }
    let elapsed = start.elapsed();
    drop(black_box(results));
    elapsed
}

fn quartiles(values: &mut [f64]) -> [f64; 3] {
    values.sort_unstable_by(f64::total_cmp);
    let at = |fraction: f64| values[((values.len() - 1) as f64 * fraction).round() as usize];
    [at(0.25), at(0.5), at(0.75)]
}
