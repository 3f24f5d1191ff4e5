//! Process pool for offloaded jobs: every run gets its own `node` process, started and watched
//! here, that runs the job script through `lib/worker-shim.js` so scripts written for
//! `worker_threads` run unchanged.
//!
//! Runs are started in FIFO order up to [`PoolConfig::max_running`]. Processes can be booted
//! ahead ([`PoolConfig::warm`]) with the shim loaded and idle, but each process serves exactly
//! one run. Everything that happens to a run is reported as a [`RunEvent`] on the channel given
//! to [`Pool::new`], ending with exactly one [`RunEvent::Exit`] per [`Pool::start`] call.

mod config;
mod error_payload;
mod ipc;
mod process;
mod run;
mod warm;

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

pub use config::PoolConfig;
use process::{JobProcess, Spawner};
use warm::ProcessWaiter;

/// How long `shutdown` waits for killed processes to be reaped after its grace period.
const KILL_MARGIN: Duration = Duration::from_millis(1000);

/// Job code for a run.
#[derive(Clone, Debug)]
pub enum JobSource {
  /// A script file: CommonJS (`.js`, `.cjs`) or ES module (`.mjs`, or `.js` under
  /// `"type": "module"`). A relative path resolves against the job process's working directory.
  Path(PathBuf),
  /// Script text evaluated as is, like a Worker with `eval: true`. bree turns a function job
  /// into `(${fn.toString()})()`, an immediately invoked function expression.
  Source(String),
}

/// One run to start.
#[derive(Clone, Debug)]
pub struct RunSpec {
  /// Caller-chosen id, unique among runs that have not yet reported [`RunEvent::Exit`].
  pub run_id: u64,
  /// Job name, used in logs and passed to the shim.
  pub name: String,
  pub source: JobSource,
  /// `workerData` as base64 text of `v8.serialize(value)`; passed through unread.
  pub worker_data: String,
  /// Kills the process (SIGKILL) this long after it was assigned to the run.
  pub timeout: Option<Duration>,
  /// When set, the process receives the run ahead of time and keeps the job waiting until this instant,
  /// so a timed run starts on time rather than a process hand-off late.
  pub start_at: Option<std::time::SystemTime>,
}

/// Kind of a job message, marking the two strings the pool reacts to, so callers can act
/// without decoding the payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
  /// The job posted the string `'done'`.
  Done,
  /// The job posted the string `'cancelled'`.
  Cancelled,
  Other,
}

/// Cause of the end of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitReason {
  /// The process exited by itself, or could not be started.
  Normal,
  /// The job posted `'done'` and the pool then killed the process, as bree terminates a worker
  /// after `'done'`. Also used if the process exited by itself after `'done'`.
  AfterDone,
  /// The run's timeout elapsed and the pool killed the process.
  Timeout,
  /// [`Pool::terminate`] or [`Pool::shutdown`] killed the process, or dropped the run while it
  /// was queued.
  Terminated,
  /// The job replied `'cancelled'` to [`Pool::cancel`] and the pool then killed the process.
  Cancelled,
}

/// Progress of a run, sent in order for each run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunEvent {
  /// A process (warm or freshly started) was assigned to the run.
  Spawned { run_id: u64, pid: u32 },
  /// The job script is about to be loaded.
  Online { run_id: u64 },
  /// The job posted a message; `payload` is base64 text of `v8.serialize(value)`.
  Message {
    run_id: u64,
    payload: String,
    kind: MessageKind,
  },
  /// The job threw an uncaught exception or left a rejection unhandled, or its process could not
  /// be started. `payload` is base64 `v8.serialize` of a plain object with `name`, `message`,
  /// `stack` and the error's own enumerable properties.
  Error { run_id: u64, payload: String },
  /// The run is over: always the last event of a run, sent exactly once per accepted
  /// [`Pool::start`] call.
  /// `code` and `signal` are both `None` when no process ran.
  Exit {
    run_id: u64,
    code: Option<i32>,
    signal: Option<i32>,
    reason: ExitReason,
  },
}

/// Request from the pool's public methods to a run's task.
#[derive(Debug)]
enum RunCommand {
  Post(String),
  Cancel,
  Terminate,
}

/// A run waiting for a free slot. Commands sent meanwhile wait in `commands`.
struct QueuedRun {
  spec: RunSpec,
  commands: mpsc::UnboundedReceiver<RunCommand>,
}

#[derive(Default)]
struct State {
  queue: VecDeque<QueuedRun>,
  /// Queued and active runs by id.
  runs: HashMap<u64, mpsc::UnboundedSender<RunCommand>>,
  /// Runs holding a slot: waiting for a process, running, or being reaped.
  active: usize,
  /// Booted processes that no run has taken yet.
  warm: VecDeque<JobProcess>,
  /// Processes being started; each one goes to the first waiting run, or else to `warm`.
  booting: usize,
  /// Active runs waiting for a process, in dispatch order.
  waiting: VecDeque<ProcessWaiter>,
  /// Bumped by `shutdown`, so processes that finish booting afterwards are not kept warm.
  warm_epoch: u64,
}

struct Inner {
  config: PoolConfig,
  events: mpsc::UnboundedSender<RunEvent>,
  runtime: Handle,
  spawner: Spawner,
  state: Mutex<State>,
  /// Counts finished runs, so `shutdown` can wait for the ones it cancelled.
  finished_runs: watch::Sender<u64>,
}

/// Pool of `node` job processes. Cheap to clone; all clones share one pool.
///
/// Its methods can be called from any thread; the work runs on the tokio runtime that was
/// current when the pool was created.
#[derive(Clone)]
pub struct Pool {
  inner: Arc<Inner>,
}

impl Pool {
  /// Creates the pool and starts booting the warm processes.
  ///
  /// # Panics
  ///
  /// Panics when called outside a tokio runtime, or if the spawner thread cannot be started.
  pub fn new(config: PoolConfig, events: mpsc::UnboundedSender<RunEvent>) -> Pool {
    let runtime = Handle::current();
    let spawner =
      Spawner::start(runtime.clone()).expect("failed to start the job pool's spawner thread");
    let (finished_runs, _) = watch::channel(0);
    let inner = Arc::new(Inner {
      config,
      events,
      runtime,
      spawner,
      state: Mutex::new(State::default()),
      finished_runs,
    });
    inner.start_boots(&mut inner.lock_state());
    Pool { inner }
  }

  /// Starts a run now if fewer than `max_running` runs are active, otherwise queues it behind
  /// the runs already waiting. Returns at once. A `run_id` that is already queued or running is
  /// logged and ignored.
  pub fn start(&self, spec: RunSpec) {
    let (commands_tx, commands) = mpsc::unbounded_channel();
    let run_id = spec.run_id;
    let mut state = self.inner.lock_state();
    if state.runs.contains_key(&run_id) {
      drop(state);
      tracing::error!(job = %spec.name, run_id, "ignored a run whose id is already in use");
      return;
    }
    state.runs.insert(run_id, commands_tx);
    let queued = QueuedRun { spec, commands };
    if state.active < self.inner.config.run_cap() {
      self.inner.dispatch(&mut state, queued);
    } else {
      tracing::debug!(job = %queued.spec.name, run_id, waiting = state.queue.len() + 1, "run queued");
      state.queue.push_back(queued);
    }
  }

  /// Sends `payload` (base64 `v8.serialize` text) to the job's parentPort. Messages for a queued
  /// run are delivered after it starts. Returns false if the run has already exited or never
  /// existed.
  pub fn post(&self, run_id: u64, payload: String) -> bool {
    self.inner.send_command(run_id, RunCommand::Post(payload))
  }

  /// Sends the string 'cancel' to the job's parentPort (after the start of a queued run). If the
  /// job then posts `'cancelled'`, the pool kills it and reports [`ExitReason::Cancelled`].
  /// Returns false if the run has already exited or never existed.
  pub fn cancel(&self, run_id: u64) -> bool {
    self.inner.send_command(run_id, RunCommand::Cancel)
  }

  /// Kills the run's process with SIGKILL (like `worker.terminate()`), or drops the run if it is
  /// still queued. Either way the run ends with [`ExitReason::Terminated`]. Returns false if the
  /// run is gone.
  pub fn terminate(&self, run_id: u64) -> bool {
    let mut state = self.inner.lock_state();
    if let Some(index) = state
      .queue
      .iter()
      .position(|queued| queued.spec.run_id == run_id)
    {
      let queued = state.queue.remove(index);
      state.runs.remove(&run_id);
      drop(state);
      if let Some(queued) = queued {
        self.inner.report_dropped(&queued.spec);
      }
      return true;
    }
    drop(state);
    self.inner.send_command(run_id, RunCommand::Terminate)
  }

  /// Number of runs holding a slot (starting, running, or exiting).
  pub fn running(&self) -> usize {
    self.inner.lock_state().active
  }

  /// Number of runs waiting for a slot.
  pub fn queued(&self) -> usize {
    self.inner.lock_state().queue.len()
  }

  /// Stops every run: drops queued runs, sends 'cancel' to active ones, waits up to `grace` for
  /// them to exit, then kills the rest and the warm processes. Resolves within about
  /// `grace` + 1 s. Each dropped or killed run still gets its [`RunEvent::Exit`], with
  /// [`ExitReason::Terminated`] unless it ended otherwise first.
  ///
  /// The pool stays usable: later runs start normally and boot warm processes again.
  pub async fn shutdown(&self, grace: Duration) {
    let deadline = Instant::now() + grace;
    let (dropped, active, warm) = {
      let mut state = self.inner.lock_state();
      state.warm_epoch += 1;
      let dropped: Vec<QueuedRun> = state.queue.drain(..).collect();
      for queued in &dropped {
        state.runs.remove(&queued.spec.run_id);
      }
      let active: Vec<u64> = state.runs.keys().copied().collect();
      let warm: Vec<JobProcess> = state.warm.drain(..).collect();
      (dropped, active, warm)
    };
    tracing::info!(
      cancelled = active.len(),
      dropped = dropped.len(),
      warm = warm.len(),
      grace_ms = grace.as_millis() as u64,
      "job pool shutting down"
    );
    for queued in &dropped {
      self.inner.report_dropped(&queued.spec);
    }
    for process in warm {
      self.inner.discard_warm(process);
    }
    for run_id in &active {
      self.inner.send_command(*run_id, RunCommand::Cancel);
    }

    let stragglers = self.inner.wait_for_runs(&active, deadline).await;
    if stragglers.is_empty() {
      return;
    }
    tracing::warn!(
      count = stragglers.len(),
      "killing job processes still running after the shutdown grace period"
    );
    for run_id in &stragglers {
      self.inner.send_command(*run_id, RunCommand::Terminate);
    }
    let unreaped = self
      .inner
      .wait_for_runs(&stragglers, Instant::now() + KILL_MARGIN)
      .await;
    if !unreaped.is_empty() {
      tracing::error!(
        count = unreaped.len(),
        "job processes killed at shutdown were not reaped in time"
      );
    }
  }
}

impl Inner {
  fn lock_state(&self) -> MutexGuard<'_, State> {
    // Other runs must keep working after a panic elsewhere, so a poisoned lock is recovered
    // rather than turned into a panic in every later call.
    self
      .state
      .lock()
      .unwrap_or_else(|poisoned| poisoned.into_inner())
  }

  fn emit(&self, event: RunEvent) {
    // A closed receiver means the caller stopped listening; runs still finish normally.
    let _ = self.events.send(event);
  }

  fn send_command(&self, run_id: u64, command: RunCommand) -> bool {
    let state = self.lock_state();
    match state.runs.get(&run_id) {
      Some(commands) => commands.send(command).is_ok(),
      None => false,
    }
  }

  /// Reports the end of a run that never got a process.
  fn report_dropped(&self, spec: &RunSpec) {
    tracing::info!(job = %spec.name, run_id = spec.run_id, "queued run dropped");
    self.emit(RunEvent::Exit {
      run_id: spec.run_id,
      code: None,
      signal: None,
      reason: ExitReason::Terminated,
    });
  }

  /// Sends a finished run's `Exit` event, releases its slot and dispatches the next queued run.
  /// The event goes out under the lock, before the next run's `Spawned`, so a caller counting
  /// runs by their events never counts more than `max_running` at once.
  fn finish_run(self: &Arc<Self>, run_id: u64, exit: RunEvent) {
    let mut state = self.lock_state();
    self.emit(exit);
    state.runs.remove(&run_id);
    state.active -= 1;
    if state.active < self.config.run_cap() {
      if let Some(next) = state.queue.pop_front() {
        self.dispatch(&mut state, next);
      }
    }
    drop(state);
    self.finished_runs.send_modify(|count| *count += 1);
  }

  /// Waits until none of `run_ids` is still running or `deadline` passes; returns the ones left.
  async fn wait_for_runs(&self, run_ids: &[u64], deadline: Instant) -> Vec<u64> {
    let mut finished = self.finished_runs.subscribe();
    loop {
      let remaining: Vec<u64> = {
        let state = self.lock_state();
        run_ids
          .iter()
          .copied()
          .filter(|id| state.runs.contains_key(id))
          .collect()
      };
      if remaining.is_empty() {
        return remaining;
      }
      match tokio::time::timeout_at(deadline, finished.changed()).await {
        Ok(Ok(())) => continue,
        _ => return remaining,
      }
    }
  }
}
