//! The Rust snippets of the README and of `docs/`, compiled (and run, unless
//! marked `no_run`) as doctests of this crate, so `cargo test --workspace`
//! fails when an example stops compiling. Only built by rustdoc's test run
//! (`cfg(doctest)`); the examples use `klaviyo-types` (with `client`),
//! `futures-util` and `tokio`, dev-dependencies of this crate.
//!
//! Blocks that are not Rust carry their language (`text`, `sh`, `toml`,
//! `json`, `yaml`), which rustdoc does not compile.

#[doc = include_str!("../../README.md")]
pub struct Readme;

#[doc = include_str!("../../docs/cli.md")]
pub struct Cli;

#[doc = include_str!("../../docs/client.md")]
pub struct Client;

#[doc = include_str!("../../docs/design.md")]
pub struct Design;

#[doc = include_str!("../../docs/generated-crate.md")]
pub struct GeneratedCrate;

#[doc = include_str!("../../docs/maintaining.md")]
pub struct Maintaining;

#[doc = include_str!("../../docs/performance.md")]
pub struct Performance;
