//! `cargo xtask bench --peers`: the same Klaviyo schemas through `cargo
//! typify`, when it is installed (`cargo install cargo-typify`), timed next
//! to this project's generator and build in the same run. Optional: not part
//! of CI, and nothing of typify is committed.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use serde_json::{json, Value};

use crate::bench::cargo;

const SPEC: &str = "schemas/klaviyo/2026-07-15/stable.json";

pub fn run(root: &Path) -> Result<()> {
    let installed = cargo(root).args(["typify", "--version"]).stdout(Stdio::null()).stderr(Stdio::null()).status();
    if !installed.is_ok_and(|s| s.success()) {
        println!("peers: `cargo typify` is not installed (cargo install cargo-typify); skipped");
        return Ok(());
    }
    let dir = root.join("target").join("bench-peers");
    std::fs::create_dir_all(dir.join("typify/src"))?;
    let schema = dir.join("components.json");
    let (document, stripped) = as_json_schema(&root.join(SPEC))?;
    std::fs::write(&schema, serde_json::to_string(&document)?)?;

    // Build first: the figure is generation, not compiling the generator.
    let built = cargo(root).args(["build", "--quiet", "--release", "-p", "codegen"]).status()?;
    ensure(built.success(), "cargo build --release -p codegen")?;
    let ours = time(|| {
        let status = cargo(root)
            .args(["run", "--quiet", "--release", "-p", "codegen", "--", "generate", "--input", SPEC])
            .args(["--crate-name", "peer-ours", "--out"])
            .arg(dir.join("ours"))
            .stderr(Stdio::null())
            .status()?;
        ensure(status.success(), "codegen generate")
    })?;
    let typify = time(|| {
        let status =
            cargo(root).args(["typify", "--output"]).arg(dir.join("typify/src/lib.rs")).arg(&schema).status()?;
        ensure(status.success(), "cargo typify")
    })?;
    println!("peers: typify 0.8 panics on enums whose values collide after case conversion");
    println!("  (`Etc/GMT+1` / `Etc/GMT-1`); its input has those {stripped} enums as plain strings");
    println!("  generation (whole process, release, both started through cargo)");
    println!("    codegen      {:>8.2} s", ours.as_secs_f64());
    println!(
        "    cargo typify {:>8.2} s   ours is {:.1}x faster",
        typify.as_secs_f64(),
        typify.as_secs_f64() / ours.as_secs_f64()
    );
    std::fs::write(dir.join("typify/Cargo.toml"), TYPIFY_CRATE)?;
    // Ours is timed again right before typify's output, so the two builds
    // see the same machine (the earlier figure may be minutes older).
    let target = root.join("target/bench-build");
    let our_build = crate::bench::time_build(root, &target, "klaviyo-types", &["build"])?;
    let typify_build = crate::bench::time_build(&dir.join("typify"), &target, "typify-output", &["build"])?;
    println!("  clean debug build of the output, dependencies prebuilt");
    println!("    klaviyo-types {:>7.1} s", our_build.as_secs_f64());
    println!(
        "    typify output {:>7.1} s   ours takes {:.2}x its time",
        typify_build.as_secs_f64(),
        our_build.as_secs_f64() / typify_build.as_secs_f64()
    );
    Ok(())
}

/// A crate around typify's output, with the dependencies it refers to.
const TYPIFY_CRATE: &str = r#"[package]
name = "typify-output"
version = "0.1.0"
edition = "2021"

[workspace]

# The same profile as this workspace's, so both builds are compared alike.
[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false

[lib]
path = "src/lib.rs"
doctest = false
test = false

[dependencies]
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
"#;

/// The component schemas as one JSON Schema document (`definitions`), the
/// form typify takes, and how many colliding enums were made plain strings.
fn as_json_schema(spec: &Path) -> Result<(Value, usize)> {
    let text = std::fs::read_to_string(spec).with_context(|| format!("read {}", spec.display()))?;
    let document: Value = serde_json::from_str(&text)?;
    let mut defs = document["components"]["schemas"].clone();
    codegen::pointer::rewrite_refs(&mut defs, &|r: &str| r.replace("#/components/schemas/", "#/definitions/"));
    let stripped = strip_colliding_enums(&mut defs);
    Ok((json!({ "$schema": "http://json-schema.org/draft-07/schema#", "definitions": defs }), stripped))
}

/// Remove `enum` where two values are equal once only letters and digits
/// are kept (lowercased): typify cannot name their variants and panics.
fn strip_colliding_enums(value: &mut Value) -> usize {
    let mut stripped = 0;
    match value {
        Value::Object(map) => {
            let collides = map.get("enum").and_then(Value::as_array).is_some_and(|values| {
                let mut keys: Vec<String> = values
                    .iter()
                    .map(|v| {
                        v.to_string().chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase()
                    })
                    .collect();
                let count = keys.len();
                keys.sort();
                keys.dedup();
                keys.len() < count
            });
            if collides {
                map.remove("enum");
                stripped += 1;
            }
            stripped += map.values_mut().map(strip_colliding_enums).sum::<usize>();
        }
        Value::Array(items) => stripped += items.iter_mut().map(strip_colliding_enums).sum::<usize>(),
        _ => {}
    }
    stripped
}

fn time(run: impl FnOnce() -> Result<()>) -> Result<Duration> {
    let start = Instant::now();
    run()?;
    Ok(start.elapsed())
}

fn ensure(ok: bool, what: &str) -> Result<()> {
    if !ok {
        bail!("{what} failed");
    }
    Ok(())
}
