//! `NativeEngine`: the scheduling loop and process pool's JS face.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};

use crate::engine::{Engine, EngineError, EngineEvent, JobSpec, When};
use crate::pool::{ExitReason, JobSource, MessageKind, PoolConfig, RunEvent};
use crate::schedule::{Schedule, Zone};

/// Settings of the worker process pool.
#[napi(object)]
pub struct BindingEngineConfig {
  /// The `node` binary for job processes; the host's own binary when left out.
  pub node_path: Option<String>,
  /// Absolute path of the preload that makes a process look like a worker thread to the job.
  pub shim_path: String,
  pub exec_argv: Vec<String>,
  /// Replaces the environment of job processes when given, as `[name, value]` pairs.
  pub env: Option<Vec<Vec<String>>>,
  pub max_old_generation_mb: Option<u32>,
  /// `resourceLimits` as JSON, shown to the job as `require('worker_threads').resourceLimits`.
  pub resource_limits_json: Option<String>,
  pub argv: Vec<String>,
  /// Processes booted ahead of need.
  pub warm: u32,
  /// Most runs at once; more wait in order.
  pub max_running: u32,
}

/// An offloaded job to register.
#[napi(object)]
pub struct BindingJobSpec {
  pub name: String,
  /// Path of the job's script; exactly one of `path` and `source` is given.
  pub path: Option<String>,
  /// Source of a function job, already wrapped as `(source)()` and run as given.
  pub source: Option<String>,
  /// `workerData` encoded by `lib/payload.js`.
  pub worker_data: String,
  /// `now`, `date` or `recurring`.
  pub kind: String,
  /// Cron or text schedule, for `recurring`.
  pub at: Option<String>,
  /// Milliseconds since the epoch, for `date`.
  pub date_ms: Option<f64>,
  /// IANA zone name; local time when left out.
  pub timezone: Option<String>,
  /// Runs still going after this many ms are killed.
  pub timeout_ms: Option<f64>,
}

/// An engine event, flattened for JS. `type` is one of `started`, `overlap`, `spawned`,
/// `online`, `message`, `error` and `exit`.
#[napi(object)]
pub struct BindingEngineEvent {
  #[napi(js_name = "type")]
  pub kind: String,
  pub name: String,
  pub run_id: f64,
  pub pid: Option<u32>,
  pub payload: Option<String>,
  /// For `message`: `done`, `cancelled` or `other`.
  pub message_kind: Option<String>,
  pub code: Option<i32>,
  pub signal: Option<i32>,
  /// For `exit`: `normal`, `after-done`, `timeout`, `terminated` or `cancelled`.
  pub reason: Option<String>,
}

type EventCallback =
  ThreadsafeFunction<BindingEngineEvent, (), BindingEngineEvent, Status, false, true>;

fn engine_error(error: EngineError) -> Error {
  Error::new(Status::InvalidArg, error.to_string())
}

fn binding_event(event: EngineEvent) -> BindingEngineEvent {
  let mut flat = BindingEngineEvent {
    kind: String::new(),
    name: String::new(),
    run_id: 0.0,
    pid: None,
    payload: None,
    message_kind: None,
    code: None,
    signal: None,
    reason: None,
  };
  match event {
    EngineEvent::Started { name, run_id } => {
      flat.kind = "started".into();
      flat.name = name;
      flat.run_id = run_id as f64;
    }
    EngineEvent::Overlap { name, run_id } => {
      flat.kind = "overlap".into();
      flat.name = name;
      flat.run_id = run_id as f64;
    }
    EngineEvent::Run { name, event } => {
      flat.name = name;
      fill_run_event(&mut flat, event);
    }
  }
  flat
}

fn fill_run_event(flat: &mut BindingEngineEvent, event: RunEvent) {
  match event {
    RunEvent::Spawned { run_id, pid } => {
      flat.kind = "spawned".into();
      flat.run_id = run_id as f64;
      flat.pid = Some(pid);
    }
    RunEvent::Online { run_id } => {
      flat.kind = "online".into();
      flat.run_id = run_id as f64;
    }
    RunEvent::Message {
      run_id,
      payload,
      kind,
    } => {
      flat.kind = "message".into();
      flat.run_id = run_id as f64;
      flat.payload = Some(payload);
      flat.message_kind = Some(
        match kind {
          MessageKind::Done => "done",
          MessageKind::Cancelled => "cancelled",
          MessageKind::Other => "other",
        }
        .into(),
      );
    }
    RunEvent::Error { run_id, payload } => {
      flat.kind = "error".into();
      flat.run_id = run_id as f64;
      flat.payload = Some(payload);
    }
    RunEvent::Exit {
      run_id,
      code,
      signal,
      reason,
    } => {
      flat.kind = "exit".into();
      flat.run_id = run_id as f64;
      flat.code = code;
      flat.signal = signal;
      flat.reason = Some(
        match reason {
          ExitReason::Normal => "normal",
          ExitReason::AfterDone => "after-done",
          ExitReason::Timeout => "timeout",
          ExitReason::Terminated => "terminated",
          ExitReason::Cancelled => "cancelled",
        }
        .into(),
      );
    }
  }
}

fn pool_config(config: BindingEngineConfig) -> Result<PoolConfig> {
  let node_path = match config.node_path {
    Some(path) => PathBuf::from(path),
    None => std::env::current_exe().map_err(|err| {
      Error::new(
        Status::GenericFailure,
        format!("cannot locate the node binary: {err}"),
      )
    })?,
  };
  let env = match config.env {
    None => None,
    Some(pairs) => {
      let mut vars = Vec::with_capacity(pairs.len());
      for pair in pairs {
        let [key, value]: [String; 2] = pair.try_into().map_err(|pair: Vec<String>| {
          Error::new(
            Status::InvalidArg,
            format!(
              "worker env entries must be [name, value] pairs, received {} items",
              pair.len()
            ),
          )
        })?;
        vars.push((key, value));
      }
      Some(vars)
    }
  };
  Ok(PoolConfig {
    node_path,
    shim_path: PathBuf::from(config.shim_path),
    exec_argv: config.exec_argv,
    env,
    max_old_generation_mb: config.max_old_generation_mb,
    resource_limits_json: config.resource_limits_json,
    argv: config.argv,
    warm: config.warm as usize,
    max_running: config.max_running.max(1) as usize,
  })
}

fn job_spec(spec: BindingJobSpec) -> Result<JobSpec> {
  let invalid = |message: String| Error::new(Status::InvalidArg, message);
  let name = spec.name;
  let source = match (spec.path, spec.source) {
    (Some(path), None) => JobSource::Path(PathBuf::from(path)),
    (None, Some(source)) => JobSource::Source(source),
    _ => {
      return Err(invalid(format!(
        "job \"{name}\" needs exactly one of a path and a function source"
      )))
    }
  };
  let zone = match spec.timezone.as_deref() {
    None => Zone::Local,
    Some(text) => Zone::parse(text).map_err(|err| invalid(format!("job \"{name}\": {err}")))?,
  };
  let when = match spec.kind.as_str() {
    "now" => When::Now,
    "date" => {
      let ms = spec.date_ms.unwrap_or(f64::NAN);
      let at = Utc
        .timestamp_millis_opt(ms as i64)
        .single()
        .filter(|_| ms.is_finite())
        .ok_or_else(|| invalid(format!("job \"{name}\" has an invalid date {ms}")))?;
      When::At(at)
    }
    "recurring" => {
      let text = spec.at.unwrap_or_default();
      let schedule =
        Schedule::parse(&text).map_err(|err| invalid(format!("job \"{name}\": {err}")))?;
      When::Recurring { schedule, zone }
    }
    other => {
      return Err(invalid(format!(
        "job \"{name}\" has an unknown schedule kind \"{other}\""
      )))
    }
  };
  let timeout = spec
    .timeout_ms
    .filter(|ms| ms.is_finite() && *ms > 0.0)
    .map(|ms| Duration::from_secs_f64(ms / 1000.0));
  Ok(JobSpec {
    name,
    source,
    worker_data: spec.worker_data,
    when,
    timeout,
  })
}

/// Timers and worker processes of offloaded jobs. Events arrive through `onEvent`.
#[napi]
pub struct NativeEngine {
  engine: Engine,
}

#[napi]
impl NativeEngine {
  #[napi(constructor)]
  pub fn new(
    config: BindingEngineConfig,
    on_event: Function<BindingEngineEvent, ()>,
  ) -> Result<Self> {
    crate::logging::init_from_env();
    let callback: EventCallback = on_event
      .build_threadsafe_function()
      .weak::<true>()
      .build()?;
    let (engine, run_loop) = Engine::new(pool_config(config)?, move |event| {
      callback.call(
        binding_event(event),
        ThreadsafeFunctionCallMode::NonBlocking,
      );
    });
    napi::bindgen_prelude::spawn(run_loop);
    Ok(Self { engine })
  }

  /// Registers a job without arming it. Throws `InvalidArg` for a duplicate name or a bad spec.
  #[napi]
  pub fn add(&self, spec: BindingJobSpec) -> Result<()> {
    self.engine.add(job_spec(spec)?).map_err(engine_error)
  }

  /// Arms the job's timer and returns its first run time in ms since the epoch, or null when
  /// it has none (a past date).
  #[napi]
  pub fn start(&self, name: String) -> Result<Option<f64>> {
    let due = self.engine.start(&name).map_err(engine_error)?;
    Ok(due.map(|at| at.timestamp_millis() as f64))
  }

  /// Disarms the job's timer; a running process goes on.
  #[napi]
  pub fn stop(&self, name: String) {
    self.engine.stop(&name);
  }

  /// Forgets the job and frees its name. Returns false when it was not registered.
  #[napi]
  pub fn remove(&self, name: String) -> bool {
    self.engine.remove(&name)
  }

  /// Starts a run now. Returns its run id, or null when a run of this job is going.
  #[napi]
  pub fn run(&self, name: String) -> Result<Option<f64>> {
    let run_id = self.engine.run(&name).map_err(engine_error)?;
    Ok(run_id.map(|id| id as f64))
  }

  #[napi]
  pub fn next_run(&self, name: String) -> Option<f64> {
    self
      .engine
      .next_run(&name)
      .map(|at| at.timestamp_millis() as f64)
  }

  #[napi]
  pub fn is_running(&self, name: String) -> bool {
    self.engine.is_running(&name)
  }

  /// Sends an encoded message to a run. False when the run has exited.
  #[napi]
  pub fn post(&self, run_id: f64, payload: String) -> bool {
    self.engine.post(run_id as u64, payload)
  }

  /// Sends 'cancel' to a run. False when the run has exited.
  #[napi]
  pub fn cancel(&self, run_id: f64) -> bool {
    self.engine.cancel(run_id as u64)
  }

  /// Kills a run. False when the run has exited.
  #[napi]
  pub fn terminate(&self, run_id: f64) -> bool {
    self.engine.terminate(run_id as u64)
  }

  /// Disarms every timer, cancels and then kills the remaining runs after `graceMs`, and stops
  /// the warm processes. Jobs stay registered.
  #[napi]
  pub async fn shutdown(&self, grace_ms: f64) {
    let grace = Duration::from_secs_f64(grace_ms.max(0.0) / 1000.0);
    self.engine.shutdown(grace).await;
  }
}
