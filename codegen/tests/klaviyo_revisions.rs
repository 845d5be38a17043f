//! Every pinned Klaviyo document generates a crate that passes
//! `cargo clippy --all-targets --all-features -- -D warnings` (so the
//! `dynamic` feature too): revision 2026-07-15 stable (through the CLI, limited
//! to the seed roots) and beta, and the older 2023-02-22 stable. The full
//! 2026-07-15 stable crate is `generated/`, checked by the workspace build.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use codegen::{GeneratedCrate, Input, Options};

const SEED_ROOTS: &[&str] = &[
    "CatalogVariantCreateJobResponseObjectResource",
    "CatalogItemCreateJobResponseObjectResource",
    "CouponCodeCreateJobResponseObjectResource",
    "GetCatalogVariantCreateJobResponseCollectionCompoundDocument",
    "GetCatalogItemCreateJobResponseCollectionCompoundDocument",
];

fn schema_path(relative: &str) -> String {
    common::manifest_dir().join("../schemas/klaviyo").join(relative).display().to_string()
}

fn library_crate(relative: &str, crate_name: &str) -> GeneratedCrate {
    let path = schema_path(relative);
    let text = std::fs::read_to_string(&path).expect("read pinned Klaviyo document");
    let options = Options { crate_name: crate_name.to_owned(), ..Options::default() };
    codegen::generate(&[Input { path: relative.to_owned(), text }], &options)
        .unwrap_or_else(|d| panic!("{relative} does not generate:\n{d}"))
}

/// Run the CLI with the seed roots and read back what it wrote.
fn cli_seed_crate(out: &Path) -> GeneratedCrate {
    let mut command = Command::new(env!("CARGO_BIN_EXE_codegen"));
    command.args(["generate", "--input", &schema_path("2026-07-15/stable.json"), "--crate-name", "klaviyo-seed"]);
    command.arg("--out").arg(out);
    for root in SEED_ROOTS {
        command.args(["--root", root]);
    }
    let output = command.output().expect("run codegen");
    assert!(output.status.success(), "codegen failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let mut files = BTreeMap::new();
    for relative in ["Cargo.toml", "src/lib.rs", "src/runtime.rs", "src/types.rs", "src/dynamic.rs"] {
        let text = std::fs::read_to_string(out.join(relative)).expect("the CLI wrote every file");
        files.insert(relative.to_owned(), text);
    }
    GeneratedCrate { files }
}

#[test]
fn every_pinned_revision_generates_a_clippy_clean_crate() {
    let scratch = tempfile::tempdir().expect("temporary directory");
    let seed = cli_seed_crate(scratch.path());
    assert!(seed.files["src/types.rs"].contains("pub struct CatalogVariantCreateJobResponseObjectResource"));
    let crates = vec![
        ("seed-roots".to_owned(), seed),
        ("beta-2026-07-15".to_owned(), library_crate("2026-07-15/beta.json", "klaviyo-beta")),
        ("stable-2023-02-22".to_owned(), library_crate("2023-02-22/stable.json", "klaviyo-2023-02-22")),
    ];
    common::assert_crates_pass_clippy("klaviyo-revisions", &crates);
}
