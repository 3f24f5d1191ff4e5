//! The napi boundary: converts JS values into core types and core errors into JS errors.

// In the unit-test build napi-derive emits no export registration, so the exported free
// functions look unused there; the addon build uses them all.
#![cfg_attr(test, allow(dead_code))]

mod engine;
mod queue;
mod schedule;

/// Version of the native core, for diagnostics.
#[napi]
pub fn native_version() -> String {
  env!("CARGO_PKG_VERSION").to_string()
}

/// Installs the native `tracing` subscriber when `FERROUS_JOB_MANAGER_LOG` is set.
#[napi]
pub fn init_native_logging() {
  crate::logging::init_from_env();
}
