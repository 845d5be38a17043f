//! Every successful golden case must generate a crate that builds and passes
//! `cargo clippy --all-targets --all-features -- -D warnings`.
//!
//! The cases are written as members of one temporary workspace under
//! `target/golden-compile/` and checked with a single cargo run that shares
//! the workspace's `target/` directory and `Cargo.lock`, so dependencies are
//! built once and their versions match the ones the real generated crate uses.

mod common;

#[test]
fn golden_crates_pass_clippy() {
    let mut crates = Vec::new();
    for dir in common::case_dirs() {
        let case = common::case_name(&dir);
        let crate_name = format!("golden-{}", case.replace('_', "-"));
        // Cases with `expected.err` must fail; golden.rs checks how.
        let Ok(krate) = codegen::generate(&common::case_inputs(&dir), &common::case_options(&dir, &crate_name)) else { continue };
        crates.push((case, krate));
    }
    assert!(crates.len() >= 10, "expected at least 10 successful golden cases, found {}", crates.len());
    common::assert_crates_pass_clippy("golden-compile", &crates);
}
