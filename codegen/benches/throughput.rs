//! Deserialization and serialization throughput of large, realistic Klaviyo
//! list responses in the generated types, against `serde_json::Value` on the
//! same bytes, in the same run: typed and `Value` runs alternate, and the
//! figure is the median of the per-pair speed-ups.
//!
//! Pages come from the payload corpus synthesizer (`tests/corpus`): 100 pages
//! of 100 resources each, every resource a different variant (all properties
//! present, union branches and enum values cycled), for profile lists and for
//! event lists with their `included` metrics and profiles.
//!
//! `cargo bench -p codegen --bench throughput` (or `cargo xtask bench`).

#[allow(dead_code)] // the tests use more of it than the benchmark
#[path = "../tests/corpus/mod.rs"]
mod corpus;

use std::time::{Duration, Instant};

use corpus::{Shape, Spec, Variant};
use klaviyo_types::{GetEventResponseCollectionCompoundDocument, GetProfileResponseCollection};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

const PAGES: usize = 100;
const PER_PAGE: usize = 100;
const RUNS: usize = 9;

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/klaviyo/2026-07-15/stable.json");
    let document: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read spec")).expect("JSON");
    let spec = Spec::from_document(&document);
    println!("throughput, {PAGES} pages x {PER_PAGE} resources, median of {RUNS}");
    measure::<GetProfileResponseCollection>(&spec, "GetProfileResponseCollection");
    measure::<GetEventResponseCollectionCompoundDocument>(&spec, "GetEventResponseCollectionCompoundDocument");
}

/// Pages of one list response: `data` (and `included`) gathered from many variants.
fn pages(spec: &Spec, schema: &str) -> Vec<Vec<u8>> {
    (0..PAGES)
        .map(|page| {
            let mut document = spec.payload(schema, Variant { shape: Shape::Full, index: page * PER_PAGE });
            for key in ["data", "included"] {
                if document.get(key).is_none() {
                    continue;
                }
                let items: Vec<Value> = (0..PER_PAGE)
                    .flat_map(|i| {
                        let variant = Variant { shape: Shape::Full, index: page * PER_PAGE + i };
                        let payload = spec.payload(schema, variant);
                        payload[key].as_array().cloned().unwrap_or_default()
                    })
                    .take(PER_PAGE)
                    .collect();
                document[key] = Value::Array(items);
            }
            serde_json::to_vec(&document).expect("serialize page")
        })
        .collect()
}

fn measure<T: DeserializeOwned + Serialize>(spec: &Spec, schema: &str) {
    let pages = pages(spec, schema);
    let bytes: usize = pages.iter().map(Vec::len).sum();
    // Every page must decode, or the figures would measure error paths.
    let typed: Vec<T> = pages.iter().map(|p| serde_json::from_slice(p).expect("page decodes")).collect();
    let values: Vec<Value> = pages.iter().map(|p| serde_json::from_slice(p).expect("page is JSON")).collect();

    let de = paired(
        || pages.iter().for_each(|p| drop(std::hint::black_box(serde_json::from_slice::<T>(p)))),
        || pages.iter().for_each(|p| drop(std::hint::black_box(serde_json::from_slice::<Value>(p)))),
    );
    let ser = paired(
        || typed.iter().for_each(|t| drop(std::hint::black_box(serde_json::to_vec(t)))),
        || values.iter().for_each(|v| drop(std::hint::black_box(serde_json::to_vec(v)))),
    );

    let mb = bytes as f64 / 1e6;
    println!("{schema} ({mb:.1} MB)");
    let line = |what: &str, (typed, value, ratio): (Duration, Duration, f64)| {
        println!(
            "  {what:<12} typed {:>7.1} MB/s   Value {:>7.1} MB/s   typed/Value {ratio:.2}x",
            mb / typed.as_secs_f64(),
            mb / value.as_secs_f64(),
        );
    };
    line("deserialize", de);
    line("serialize", ser);
}

/// Time `typed` and `value` in turn, `RUNS` pairs: the median of each, and
/// the median of the per-pair speed-ups. Pairing keeps the ratio meaningful
/// on a shared machine whose speed drifts between runs.
fn paired(mut typed: impl FnMut(), mut value: impl FnMut()) -> (Duration, Duration, f64) {
    let time = |run: &mut dyn FnMut()| {
        let start = Instant::now();
        run();
        start.elapsed()
    };
    let mut pairs: Vec<(Duration, Duration)> = (0..RUNS).map(|_| (time(&mut typed), time(&mut value))).collect();
    let mut ratios: Vec<f64> = pairs.iter().map(|(t, v)| v.as_secs_f64() / t.as_secs_f64()).collect();
    ratios.sort_by(f64::total_cmp);
    pairs.sort_by_key(|(t, _)| *t);
    let typed_median = pairs[RUNS / 2].0;
    pairs.sort_by_key(|(_, v)| *v);
    (typed_median, pairs[RUNS / 2].1, ratios[RUNS / 2])
}
