//! Pool settings and the `node` command line they produce.

use std::ffi::OsString;
use std::path::PathBuf;

/// Settings shared by every process of a [`Pool`](super::Pool), mapped from a Worker's options.
#[derive(Clone, Debug)]
pub struct PoolConfig {
  /// The `node` binary to start; the addon passes the host's own executable.
  pub node_path: PathBuf,
  /// `lib/worker-shim.js`, the main script of every job process.
  pub shim_path: PathBuf,
  /// Extra node flags (a Worker's `execArgv`), placed before the shim path.
  pub exec_argv: Vec<String>,
  /// `Some` replaces the whole environment (a Worker's `env`); `None` inherits the host's.
  pub env: Option<Vec<(String, String)>>,
  /// `resourceLimits.maxOldGenerationSizeMb`, passed as `--max-old-space-size` (MB).
  pub max_old_generation_mb: Option<u32>,
  /// The `resourceLimits` object as JSON text, exposed to jobs as
  /// `require('worker_threads').resourceLimits` (`{}` when `None`).
  pub resource_limits_json: Option<String>,
  /// A Worker's `argv`: appended to the job's `process.argv` after the script path.
  pub argv: Vec<String>,
  /// Number of processes booted ahead of time, idle until a run takes one.
  pub warm: usize,
  /// Maximum number of runs with a live process; later runs wait in FIFO order. 0 means no limit.
  pub max_running: usize,
}

impl PoolConfig {
  /// Creates a configuration with no extra flags, the inherited environment, no warm processes
  /// and no limit on concurrent runs.
  pub fn new(node_path: impl Into<PathBuf>, shim_path: impl Into<PathBuf>) -> PoolConfig {
    PoolConfig {
      node_path: node_path.into(),
      shim_path: shim_path.into(),
      exec_argv: Vec::new(),
      env: None,
      max_old_generation_mb: None,
      resource_limits_json: None,
      argv: Vec::new(),
      warm: 0,
      max_running: 0,
    }
  }

  /// Returns the concurrency cap with 0 read as unlimited.
  pub(crate) fn run_cap(&self) -> usize {
    if self.max_running == 0 {
      usize::MAX
    } else {
      self.max_running
    }
  }

  /// Builds the arguments after the node binary: `[execArgv] [--max-old-space-size=N] shim [argv]`.
  /// The heap flag comes after `execArgv` so that `resourceLimits` wins over a flag given there,
  /// because V8 keeps the last value of a repeated flag.
  pub(crate) fn node_args(&self) -> Vec<OsString> {
    let mut args: Vec<OsString> = self.exec_argv.iter().map(OsString::from).collect();
    if let Some(megabytes) = self.max_old_generation_mb {
      args.push(format!("--max-old-space-size={megabytes}").into());
    }
    args.push(self.shim_path.clone().into_os_string());
    args.extend(self.argv.iter().map(OsString::from));
    args
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn node_args_order() {
    let mut config = PoolConfig::new("/usr/bin/node", "/app/lib/worker-shim.js");
    config.exec_argv = vec!["--no-warnings".into()];
    config.max_old_generation_mb = Some(64);
    config.argv = vec!["--verbose".into()];
    let expected: Vec<OsString> = vec![
      "--no-warnings".into(),
      "--max-old-space-size=64".into(),
      "/app/lib/worker-shim.js".into(),
      "--verbose".into(),
    ];
    assert_eq!(config.node_args(), expected);
  }

  #[test]
  fn zero_max_running_is_unlimited() {
    let config = PoolConfig::new("node", "shim.js");
    assert_eq!(config.run_cap(), usize::MAX);
  }
}
