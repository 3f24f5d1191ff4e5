//! Opt-in `tracing` output for the native core.
//!
//! The host app owns stderr, so nothing is printed unless `FERROUS_JOB_MANAGER_LOG` is set. Its
//! value is an `EnvFilter` directive such as `info` or `ferrous_job_manager=debug`.

use std::sync::atomic::{AtomicBool, Ordering};

/// Environment variable that turns on the native log and sets its filter.
pub const LOG_ENV_VAR: &str = "FERROUS_JOB_MANAGER_LOG";

static INSTALLED: AtomicBool = AtomicBool::new(false);

/// Installs a stderr subscriber when [`LOG_ENV_VAR`] is set; later calls do nothing.
pub fn init_from_env() {
  let Ok(directive) = std::env::var(LOG_ENV_VAR) else {
    return;
  };
  if INSTALLED.swap(true, Ordering::SeqCst) {
    return;
  }
  let filter = tracing_subscriber::EnvFilter::try_new(&directive)
    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
  // Another library in the process may have set a global subscriber already; ours then stays off.
  let _ = tracing_subscriber::fmt()
    .with_env_filter(filter)
    .with_writer(std::io::stderr)
    .with_target(true)
    .try_init();
}
