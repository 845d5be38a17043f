//! The runtime modules `codegen` copies into every crate it generates,
//! compiled and tested where they are edited.
//!
//! A generated crate has no dependency on this crate: `codegen` embeds
//! `runtime.rs`, `request.rs`, `client.rs` and `json_schema.rs` when it is
//! built and writes them verbatim beside the generated types, so a crate
//! generated anywhere (outside this workspace too) builds from crates.io
//! alone, and its runtime is the one of the `codegen` that wrote it. This
//! crate root stands in for a generated `lib.rs`: the modules are mounted and
//! re-exported at the same paths (`crate::DecodeError`, `crate::request`), so
//! the files compile here unchanged, and `tests/` exercises them against
//! hand-written operations. `cargo xtask regenerate --check` proves the copy
//! in `generated/` is the same text.
#![forbid(unsafe_code)]

mod runtime;

pub use runtime::{
    from_str, from_value, DateTime, DateTimeError, DecodeError, Extra, FullDate, Number, Tristate, UnknownEnumValue,
};

pub mod request;

#[cfg(feature = "client")]
pub mod client;

#[cfg(feature = "schemars")]
mod json_schema;

/// Stands in for a generated `operations` module: the constants of its
/// header, which the client reads (the operations themselves, for the tests,
/// are in `tests/fixture.rs`).
pub mod operations {
    /// Where the stand-in API is served.
    pub const SERVER_URL: Option<&str> = Some("https://api.example.com");
    /// How the stand-in API authenticates: a prefixed key in `Authorization`.
    pub const SECURITY_SCHEMES: &[crate::request::SecurityScheme] = &[crate::request::SecurityScheme {
        name: "key",
        credential: crate::request::Credential::ApiKey {
            location: crate::request::ApiKeyLocation::Header,
            parameter: "Authorization",
            prefix: "Key ",
        },
    }];
}

#[cfg(test)]
mod tests;
