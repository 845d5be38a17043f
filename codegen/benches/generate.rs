//! Generation speed on the full Klaviyo 2026-07-15 spec, per stage, against
//! the floor of merely parsing the same file with `serde_json`; the revision
//! diff of 2023-02-22 against it; how generation time grows with a synthetic
//! spec of 10× the schemas; and each public API of `tests/public_specs.rs`
//! (GitHub, Stripe, Kubernetes) against the parse of its own file.
//!
//! `cargo bench -p codegen --bench generate` (or `cargo xtask bench`). Every
//! figure is the median of several runs; ratios are computed in this run.

use std::time::{Duration, Instant};

use codegen::{Input, Options, StageTimings};
use serde_json::Value;

const RUNS: usize = 7;
/// Runs of the parse floor, before and after the generation runs each.
const PARSE_RUNS: usize = 15;

/// The allocator of the `codegen` CLI, so the figures are the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/klaviyo/2026-07-15/stable.json");
    let text = std::fs::read_to_string(path).expect("read the pinned spec");
    // As `schemas/codegen.toml` configures the checked-in crate.
    let options =
        Options { crate_name: "klaviyo-types".into(), area_features: true, json_schema: true, ..Options::default() };

    // The floor is short and the machine shared: it is sampled before and
    // after the generation runs (a median of both sets), so that a slow or
    // fast spell at the start does not skew every ratio.
    let parse_once = || {
        let start = Instant::now();
        let value: Value = serde_json::from_str(&text).expect("valid JSON");
        std::hint::black_box(value);
        start.elapsed()
    };
    let mut parses: Vec<Duration> = (0..PARSE_RUNS).map(|_| parse_once()).collect();
    let inputs = [Input { path: "stable.json".into(), text: text.clone() }];
    let stages = median_stages(&inputs, &options);
    parses.extend((0..PARSE_RUNS).map(|_| parse_once()));
    parses.sort();
    let parse = parses[parses.len() / 2];
    let total = stages.load + stages.resolve + stages.lower + stages.emit + stages.format;

    println!("generation of Klaviyo 2026-07-15 stable ({:.1} MB), median of {RUNS}", text.len() as f64 / 1e6);
    row("serde_json parse (floor)", parse, parse);
    row("load", stages.load, parse);
    row("resolve", stages.resolve, parse);
    row("lower", stages.lower, parse);
    row("emit (direct layout, quote)", stages.emit, parse);
    row("format (syn, prettyplease)", stages.format, parse);
    row("total", total, parse);
    // The same run without the `schemars` impls: what that setting costs.
    let plain = median_stages(&inputs, &Options { json_schema: false, ..options.clone() });
    let plain_total = plain.load + plain.resolve + plain.lower + plain.emit + plain.format;
    row("total without schemars impls", plain_total, parse);
    // Everything through quote → syn → prettyplease: what the direct layout saves.
    let reference = median_stages(&inputs, &Options { reference_layout: true, ..options.clone() });
    let reference_total = reference.load + reference.resolve + reference.lower + reference.emit + reference.format;
    row("total, reference layout", reference_total, parse);

    let old_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/klaviyo/2023-02-22/stable.json");
    let old = [Input { path: "old.json".into(), text: std::fs::read_to_string(old_path).expect("read 2023-02-22") }];
    let diff = median(RUNS, || {
        let start = Instant::now();
        std::hint::black_box(codegen::diff(&old, &inputs).expect("both revisions load"));
        start.elapsed()
    });
    row("diff 2023-02-22 -> 2026-07-15", diff, parse);

    let tenfold = tenfold_spec(&text);
    let big = [Input { path: "stable-x10.json".into(), text: tenfold }];
    let big_stages = median_stages(&big, &options);
    let big_total = big_stages.load + big_stages.resolve + big_stages.lower + big_stages.emit + big_stages.format;
    println!(
        "10x schemas: {:.0} ms, {:.1}x the 1x time (target: <= 12x)",
        ms(big_total),
        big_total.as_secs_f64() / total.as_secs_f64()
    );

    public_specs();
}

/// The public APIs of `tests/public_specs.rs` (`../shared/specs/`, outside
/// the repository), generated as that test's CLI runs do (area features and
/// `schemars` impls), each against the bare `serde_json` parse of the same file.
fn public_specs() {
    const PUBLIC_RUNS: usize = 5;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/specs");
    println!("generation of public APIs ({dir}), as tests/public_specs.rs, median of {PUBLIC_RUNS}");
    for file in ["github-api.github.com.json", "stripe.json", "kubernetes.json"] {
        let Ok(text) = std::fs::read_to_string(format!("{dir}/{file}")) else {
            println!("  {file}: not found, skipped");
            continue;
        };
        let parse = median(PUBLIC_RUNS, || {
            let start = Instant::now();
            std::hint::black_box(serde_json::from_str::<Value>(&text).expect("valid JSON"));
            start.elapsed()
        });
        let inputs = [Input { path: file.into(), text: text.clone() }];
        let options =
            Options { crate_name: "public-spec".into(), area_features: true, json_schema: true, ..Options::default() };
        let total = median(PUBLIC_RUNS, || {
            let start = Instant::now();
            std::hint::black_box(codegen::generate(&inputs, &options).expect("the spec generates"));
            start.elapsed()
        });
        println!(
            "  {file:<28} {:>5.1} MB  parse {:>6.1} ms  generation {:>7.1} ms {:>6.1}x parse",
            text.len() as f64 / 1e6,
            ms(parse),
            ms(total),
            total.as_secs_f64() / parse.as_secs_f64()
        );
    }
}

fn row(label: &str, time: Duration, floor: Duration) {
    println!("  {label:<28} {:>9.1} ms {:>7.1}x parse", ms(time), time.as_secs_f64() / floor.as_secs_f64());
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

fn median(runs: usize, mut measure: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| measure()).collect();
    times.sort();
    times[runs / 2]
}

/// Per-stage medians (each stage's own median, so the sum can differ slightly from a median total).
fn median_stages(inputs: &[Input], options: &Options) -> StageTimings {
    let runs: Vec<StageTimings> = (0..RUNS)
        .map(|_| {
            let mut timings = StageTimings::default();
            let generated = codegen::generate_timed(inputs, options, &mut timings).expect("the spec generates");
            std::hint::black_box(generated);
            timings
        })
        .collect();
    let pick = |f: fn(&StageTimings) -> Duration| {
        median(RUNS, {
            let mut values = runs.iter().map(f);
            move || values.next().unwrap_or_default()
        })
    };
    StageTimings {
        load: pick(|t| t.load),
        resolve: pick(|t| t.resolve),
        lower: pick(|t| t.lower),
        emit: pick(|t| t.emit),
        format: pick(|t| t.format),
    }
}

/// The spec with every component schema copied ten times under new names
/// (`Name__2` ... `Name__10`), each copy's `$ref`s pointing at its own copies,
/// and the paths dropped (operations are not part of the scaling question).
fn tenfold_spec(text: &str) -> String {
    let mut spec: Value = serde_json::from_str(text).expect("valid JSON");
    let schemas = spec["components"]["schemas"].as_object().expect("components.schemas").clone();
    let mut all = serde_json::Map::new();
    for copy in 1..=10 {
        for (name, schema) in &schemas {
            let mut schema = schema.clone();
            if copy > 1 {
                codegen::pointer::rewrite_refs(&mut schema, &|reference: &str| match reference
                    .strip_prefix("#/components/schemas/")
                {
                    Some(name) => format!("#/components/schemas/{}", copy_name(name, copy)),
                    None => reference.to_owned(),
                });
            }
            all.insert(copy_name(name, copy), schema);
        }
    }
    spec["components"]["schemas"] = Value::Object(all);
    spec["paths"] = Value::Object(serde_json::Map::new());
    spec.to_string()
}

fn copy_name(name: &str, copy: usize) -> String {
    if copy == 1 {
        name.to_owned()
    } else {
        format!("{name}__{copy}")
    }
}
