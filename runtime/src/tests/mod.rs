//! The runtime's tests, compiled with the runtime files as they are edited.
//! (Behaviour that depends on generated types is tested by codegen's tests,
//! on the golden crates and on `generated/`.)

#[cfg(feature = "client")]
mod client_auth;
#[cfg(feature = "client")]
mod client_open;
#[cfg(feature = "client")]
mod client_pacing;
mod fixture;
#[cfg(feature = "client")]
mod local_server;
mod request_parts;
mod runtime_types;
