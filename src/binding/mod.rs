//! The napi boundary: converts JS values into core types and core errors into JS errors.

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
