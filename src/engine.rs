//! The scheduling loop: one tokio task owns the timers of every offloaded job and starts their
//! runs in the process pool, so a busy JS event loop never delays a run.
//!
//! Timers are wall-clock instants in one ordered set, so ten thousand schedules cost one sleep.
//! Callers on any thread change the set under a short lock and wake the loop; the lock is never
//! held across an `.await`.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, Notify};

use crate::pool::{JobSource, Pool, PoolConfig, RunEvent, RunSpec};
use crate::schedule::{Schedule, Zone};

/// The loop re-reads the wall clock at least this often, so a clock change or a suspended
/// machine shifts a far-off run by at most this much.
const MAX_SLEEP: Duration = Duration::from_secs(30);

/// A timed run is handed to a warm process this long before it is due. The process keeps the job
/// waiting until the due instant, so the job's first statement runs on time instead of a process
/// hand-off (a few ms) late. Runs started at once get no lead.
pub const START_LEAD: Duration = Duration::from_millis(20);

/// The pool (with its warm processes) is booted when a timer is due within this time, so a
/// timed run finds a warm process.
const WARM_AHEAD: Duration = Duration::from_secs(5);

/// A pool with no run and no timer due soon is stopped after this long, so daily schedules and
/// managers that ran one job do not keep idle `node` processes around.
const IDLE_POOL: Duration = Duration::from_secs(10);

/// When a job runs.
pub enum When {
  /// Once, as soon as the job is started.
  Now,
  /// Once, at this instant.
  At(DateTime<Utc>),
  /// At every occurrence of a cron or text schedule in a time zone.
  Recurring { schedule: Schedule, zone: Zone },
}

/// An offloaded job as the engine keeps it.
pub struct JobSpec {
  pub name: String,
  pub source: JobSource,
  /// Opaque payload handed to the job process as its `workerData`.
  pub worker_data: String,
  pub when: When,
  /// A run still going after this long is killed.
  pub timeout: Option<Duration>,
}

/// Events the engine reports to its owner.
#[derive(Debug)]
pub enum EngineEvent {
  /// A run was requested, by a timer or by [`Engine::run`], and handed to the pool.
  Started { name: String, run_id: u64 },
  /// A timer fired while the previous run was still going, so the tick was skipped. Reported
  /// once per run, however many ticks it overlaps.
  Overlap { name: String, run_id: u64 },
  /// Something happened to a run in the pool.
  Run { name: String, event: RunEvent },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
  DuplicateName(String),
  UnknownJob(String),
}

impl fmt::Display for EngineError {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match self {
      EngineError::DuplicateName(name) => write!(f, "a job named \"{name}\" is already registered"),
      EngineError::UnknownJob(name) => write!(f, "Job \"{name}\" does not exist"),
    }
  }
}

impl std::error::Error for EngineError {}

type Sink = Box<dyn Fn(EngineEvent) + Send + Sync>;

struct Job {
  spec: Arc<JobSpec>,
  timer: Option<(DateTime<Utc>, u64)>,
  active_run: Option<u64>,
  overlap_reported: bool,
}

#[derive(Default)]
struct State {
  jobs: HashMap<String, Job>,
  timers: BTreeSet<(DateTime<Utc>, u64)>,
  timer_names: HashMap<u64, String>,
  runs: HashMap<u64, String>,
  next_timer_id: u64,
  next_run_id: u64,
}

enum Command {
  Launch(RunSpec),
  Post(u64, String),
  Cancel(u64),
  Terminate(u64),
  Shutdown(Duration, tokio::sync::oneshot::Sender<()>),
}

struct Shared {
  state: Mutex<State>,
  wake: Notify,
  sink: Sink,
}

/// Handle to the scheduling loop; cheap to clone.
#[derive(Clone)]
pub struct Engine {
  shared: Arc<Shared>,
  commands: mpsc::UnboundedSender<Command>,
}

impl Engine {
  /// Creates the engine and returns the loop future, which the caller spawns on a tokio runtime.
  /// `sink` is called from the loop task for every event.
  pub fn new(
    pool_config: PoolConfig,
    sink: impl Fn(EngineEvent) + Send + Sync + 'static,
  ) -> (
    Engine,
    impl std::future::Future<Output = ()> + Send + 'static,
  ) {
    let shared = Arc::new(Shared {
      state: Mutex::new(State::default()),
      wake: Notify::new(),
      sink: Box::new(sink),
    });
    let (commands, receiver) = mpsc::unbounded_channel();
    let engine = Engine {
      shared: Arc::clone(&shared),
      commands,
    };
    (engine, run_loop(shared, pool_config, receiver))
  }

  fn lock(&self) -> MutexGuard<'_, State> {
    lock_state(&self.shared)
  }

  /// Registers a job without arming its timer.
  pub fn add(&self, spec: JobSpec) -> Result<(), EngineError> {
    let mut state = self.lock();
    if state.jobs.contains_key(&spec.name) {
      return Err(EngineError::DuplicateName(spec.name));
    }
    let name = spec.name.clone();
    state.jobs.insert(
      name,
      Job {
        spec: Arc::new(spec),
        timer: None,
        active_run: None,
        overlap_reported: false,
      },
    );
    Ok(())
  }

  /// Arms the job's timer: at once for [`When::Now`], at the instant for [`When::At`], at the
  /// next occurrence for [`When::Recurring`]. Returns that instant, or `None` when a schedule
  /// has no occurrence left. A past date runs at once.
  pub fn start(&self, name: &str) -> Result<Option<DateTime<Utc>>, EngineError> {
    let mut state = self.lock();
    let job = state
      .jobs
      .get(name)
      .ok_or_else(|| EngineError::UnknownJob(name.to_string()))?;
    let now = Utc::now();
    // A date that passed a moment ago runs at once: the caller decides which dates are too old
    // to run, as it warns about them.
    let due = match &job.spec.when {
      When::Now => Some(now),
      When::At(at) => Some((*at).max(now)),
      When::Recurring { schedule, zone } => schedule.next_after(now, zone),
    };
    disarm(&mut state, name);
    let earliest = state.timers.first().map(|(at, _)| *at);
    if let Some(due) = due {
      arm(&mut state, name, due);
    }
    drop(state);
    // The loop only needs waking when this timer is now the first; with ten thousand schedules
    // most starts leave the loop's sleep as it is.
    if due.is_some_and(|due| earliest.is_none_or(|earliest| due < earliest)) {
      self.shared.wake.notify_one();
    }
    Ok(due)
  }

  /// Disarms the job's timer; a running run goes on.
  pub fn stop(&self, name: &str) {
    disarm(&mut self.lock(), name);
  }

  /// Disarms the job and removes it, freeing its name. A running run goes on and still reports
  /// its events.
  pub fn remove(&self, name: &str) -> bool {
    let mut state = self.lock();
    disarm(&mut state, name);
    state.jobs.remove(name).is_some()
  }

  /// Starts a run now unless one is going. Returns the new run id, or `None` when one is going.
  pub fn run(&self, name: &str) -> Result<Option<u64>, EngineError> {
    let mut state = self.lock();
    if !state.jobs.contains_key(name) {
      return Err(EngineError::UnknownJob(name.to_string()));
    }
    let launch = begin_run(&mut state, name, None);
    drop(state);
    Ok(launch.map(|(run_id, spec)| self.launch(run_id, spec)))
  }

  fn launch(&self, run_id: u64, spec: RunSpec) -> u64 {
    let name = spec.name.clone();
    let _ = self.commands.send(Command::Launch(spec));
    (self.shared.sink)(EngineEvent::Started { name, run_id });
    run_id
  }

  /// Returns the job's next timer instant, if armed.
  pub fn next_run(&self, name: &str) -> Option<DateTime<Utc>> {
    self
      .lock()
      .jobs
      .get(name)
      .and_then(|job| job.timer)
      .map(|(at, _)| at)
  }

  /// Returns whether the job has a run that has not exited yet.
  pub fn is_running(&self, name: &str) -> bool {
    self
      .lock()
      .jobs
      .get(name)
      .is_some_and(|job| job.active_run.is_some())
  }

  /// Number of armed timers.
  pub fn armed(&self) -> usize {
    self.lock().timers.len()
  }

  /// Sends a message payload to a run. False when the run has exited.
  pub fn post(&self, run_id: u64, payload: String) -> bool {
    self.if_running(run_id, Command::Post(run_id, payload))
  }

  /// Sends 'cancel' to a run. False when the run has exited.
  pub fn cancel(&self, run_id: u64) -> bool {
    self.if_running(run_id, Command::Cancel(run_id))
  }

  /// Kills a run. False when the run has exited.
  pub fn terminate(&self, run_id: u64) -> bool {
    self.if_running(run_id, Command::Terminate(run_id))
  }

  fn if_running(&self, run_id: u64, command: Command) -> bool {
    if !self.lock().runs.contains_key(&run_id) {
      return false;
    }
    self.commands.send(command).is_ok()
  }

  /// Shuts the pool down: 'cancel' to each run, `grace` to exit, then kill. Timers are left as
  /// they are, because the caller stops each job first and a job added meanwhile must keep its
  /// schedule. Jobs stay registered; a later run boots a new pool.
  pub async fn shutdown(&self, grace: Duration) {
    let (reply, done) = tokio::sync::oneshot::channel();
    if self.commands.send(Command::Shutdown(grace, reply)).is_ok() {
      let _ = done.await;
    }
  }
}

fn lock_state(shared: &Shared) -> MutexGuard<'_, State> {
  // A panic while holding the lock leaves plain data behind, still consistent enough to go on.
  shared
    .state
    .lock()
    .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn arm(state: &mut State, name: &str, due: DateTime<Utc>) {
  let id = state.next_timer_id;
  state.next_timer_id += 1;
  state.timers.insert((due, id));
  state.timer_names.insert(id, name.to_string());
  if let Some(job) = state.jobs.get_mut(name) {
    job.timer = Some((due, id));
  }
}

fn disarm(state: &mut State, name: &str) {
  let Some(timer) = state.jobs.get_mut(name).and_then(|job| job.timer.take()) else {
    return;
  };
  state.timers.remove(&timer);
  state.timer_names.remove(&timer.1);
}

/// Marks a run as going and builds its spec, unless the job already has one going.
/// `start_at` is the instant the job must not start before.
fn begin_run(
  state: &mut State,
  name: &str,
  start_at: Option<DateTime<Utc>>,
) -> Option<(u64, RunSpec)> {
  let run_id = state.next_run_id + 1;
  let job = state.jobs.get_mut(name)?;
  if job.active_run.is_some() {
    return None;
  }
  job.active_run = Some(run_id);
  job.overlap_reported = false;
  let spec = Arc::clone(&job.spec);
  state.next_run_id = run_id;
  state.runs.insert(run_id, name.to_string());
  Some((
    run_id,
    RunSpec {
      run_id,
      name: spec.name.clone(),
      source: spec.source.clone(),
      worker_data: spec.worker_data.clone(),
      timeout: spec.timeout,
      start_at: start_at.map(std::time::SystemTime::from),
    },
  ))
}

/// Pops every timer due by `now` plus [`START_LEAD`], re-arms recurring ones and returns the runs
/// to launch and the overlaps to report.
fn fire_due(state: &mut State, now: DateTime<Utc>) -> (Vec<(u64, RunSpec)>, Vec<EngineEvent>) {
  let mut launches = Vec::new();
  let mut overlaps = Vec::new();
  let horizon = now + START_LEAD;
  while let Some(&(due, id)) = state.timers.first() {
    if due > horizon {
      break;
    }
    state.timers.pop_first();
    let Some(name) = state.timer_names.remove(&id) else {
      continue;
    };
    let Some(job) = state.jobs.get_mut(&name) else {
      continue;
    };
    job.timer = None;
    let next = match &job.spec.when {
      // Measuring from the later of the due instant and now skips occurrences missed while the
      // machine was suspended instead of running them all at once.
      When::Recurring { schedule, zone } => schedule.next_after(due.max(now), zone),
      _ => None,
    };
    if let Some(run_id) = job.active_run {
      if !job.overlap_reported {
        job.overlap_reported = true;
        overlaps.push(EngineEvent::Overlap {
          name: name.clone(),
          run_id,
        });
      }
    } else if let Some(launch) = begin_run(state, &name, Some(due).filter(|due| *due > now)) {
      launches.push(launch);
    }
    if let Some(next) = next {
      arm(state, &name, next);
    }
  }
  (launches, overlaps)
}

fn finish_run(state: &mut State, run_id: u64) {
  let Some(name) = state.runs.remove(&run_id) else {
    return;
  };
  if let Some(job) = state.jobs.get_mut(&name) {
    if job.active_run == Some(run_id) {
      job.active_run = None;
    }
  }
}

fn run_id_of(event: &RunEvent) -> u64 {
  match event {
    RunEvent::Spawned { run_id, .. }
    | RunEvent::Online { run_id }
    | RunEvent::Message { run_id, .. }
    | RunEvent::Error { run_id, .. }
    | RunEvent::Exit { run_id, .. } => *run_id,
  }
}

async fn run_loop(
  shared: Arc<Shared>,
  pool_config: PoolConfig,
  mut commands: mpsc::UnboundedReceiver<Command>,
) {
  let (events_tx, mut events) = mpsc::unbounded_channel::<RunEvent>();
  let mut pool: Option<Pool> = None;
  let mut last_activity = tokio::time::Instant::now();

  loop {
    let now = Utc::now();
    let (launches, overlaps, next_due, active_runs) = {
      let mut state = lock_state(&shared);
      let (launches, overlaps) = fire_due(&mut state, now);
      let next_due = state.timers.first().map(|(due, _)| *due);
      (launches, overlaps, next_due, state.runs.len())
    };
    if !launches.is_empty() || active_runs > 0 {
      last_activity = tokio::time::Instant::now();
    }
    for event in overlaps {
      (shared.sink)(event);
    }
    for (run_id, spec) in launches {
      let name = spec.name.clone();
      tracing::debug!(job = %name, run_id, "timer fired");
      pool
        .get_or_insert_with(|| Pool::new(pool_config.clone(), events_tx.clone()))
        .start(spec);
      (shared.sink)(EngineEvent::Started { name, run_id });
    }

    let until_due = next_due.map(|due| (due - Utc::now()).to_std().unwrap_or(Duration::ZERO));
    let due_soon = until_due.is_some_and(|wait| wait <= WARM_AHEAD);
    if pool.is_none() && due_soon {
      tracing::debug!("booting the job pool for a run due soon");
      pool = Some(Pool::new(pool_config.clone(), events_tx.clone()));
    }
    let idle_for = last_activity.elapsed();
    if pool.is_some() && !due_soon && active_runs == 0 && idle_for >= IDLE_POOL {
      tracing::debug!("stopping the idle job pool");
      if let Some(idle_pool) = pool.take() {
        tokio::spawn(async move { idle_pool.shutdown(Duration::ZERO).await });
      }
    }

    let mut sleep_for = until_due
      .map(|wait| wait.saturating_sub(START_LEAD))
      .unwrap_or(MAX_SLEEP)
      .min(MAX_SLEEP);
    if let Some(wait) = until_due.filter(|_| pool.is_none()) {
      sleep_for = sleep_for.min(wait.saturating_sub(WARM_AHEAD));
    }
    if pool.is_some() && active_runs == 0 {
      sleep_for = sleep_for.min(IDLE_POOL.saturating_sub(idle_for));
    }

    tokio::select! {
      _ = tokio::time::sleep(sleep_for) => {}
      _ = shared.wake.notified() => {}
      command = commands.recv() => {
        let Some(command) = command else { break };
        handle_command(command, &mut pool, &pool_config, &events_tx);
      }
      Some(event) = events.recv() => {
        let run_id = run_id_of(&event);
        let name = {
          let mut state = lock_state(&shared);
          let name = state.runs.get(&run_id).cloned();
          if matches!(event, RunEvent::Exit { .. }) {
            finish_run(&mut state, run_id);
          }
          name
        };
        if let Some(name) = name {
          (shared.sink)(EngineEvent::Run { name, event });
        }
      }
    }
  }

  if let Some(pool) = pool.take() {
    pool.shutdown(Duration::ZERO).await;
  }
}

fn handle_command(
  command: Command,
  pool: &mut Option<Pool>,
  pool_config: &PoolConfig,
  events_tx: &mpsc::UnboundedSender<RunEvent>,
) {
  match command {
    Command::Launch(spec) => {
      pool
        .get_or_insert_with(|| Pool::new(pool_config.clone(), events_tx.clone()))
        .start(spec);
    }
    Command::Post(run_id, payload) => {
      if let Some(pool) = pool {
        pool.post(run_id, payload);
      }
    }
    Command::Cancel(run_id) => {
      if let Some(pool) = pool {
        pool.cancel(run_id);
      }
    }
    Command::Terminate(run_id) => {
      if let Some(pool) = pool {
        pool.terminate(run_id);
      }
    }
    Command::Shutdown(grace, reply) => match pool.take() {
      Some(pool) => {
        tokio::spawn(async move {
          pool.shutdown(grace).await;
          let _ = reply.send(());
        });
      }
      None => {
        let _ = reply.send(());
      }
    },
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use chrono::TimeZone;
  use std::path::PathBuf;

  fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 1, h, m, s).unwrap()
  }

  fn job(name: &str, when: When) -> JobSpec {
    JobSpec {
      name: name.to_string(),
      source: JobSource::Path(PathBuf::from("/jobs/x.js")),
      worker_data: String::new(),
      when,
      timeout: None,
    }
  }

  fn every(text: &str) -> When {
    When::Recurring {
      schedule: Schedule::parse(text).unwrap(),
      zone: Zone::parse("UTC").unwrap(),
    }
  }

  fn state_with(jobs: Vec<JobSpec>) -> State {
    let mut state = State::default();
    for spec in jobs {
      let name = spec.name.clone();
      state.jobs.insert(
        name,
        Job {
          spec: Arc::new(spec),
          timer: None,
          active_run: None,
          overlap_reported: false,
        },
      );
    }
    state
  }

  fn launched_names(launches: &[(u64, RunSpec)]) -> Vec<String> {
    launches.iter().map(|(_, spec)| spec.name.clone()).collect()
  }

  #[test]
  fn timer_not_due_fires_nothing() {
    let mut state = state_with(vec![job("later", When::Now)]);
    arm(&mut state, "later", at(10, 0, 5));

    let (launches, overlaps) = fire_due(&mut state, at(10, 0, 4));

    assert!(launches.is_empty());
    assert!(overlaps.is_empty());
    assert_eq!(state.timers.len(), 1);
  }

  #[test]
  fn due_once_job_launches_and_disarms() {
    let mut state = state_with(vec![job("once", When::At(at(10, 0, 0)))]);
    arm(&mut state, "once", at(10, 0, 0));

    let (launches, _) = fire_due(&mut state, at(10, 0, 0));

    assert_eq!(launched_names(&launches), vec!["once"]);
    assert!(state.timers.is_empty());
    assert_eq!(state.jobs["once"].active_run, Some(launches[0].0));
    assert_eq!(
      state.runs.get(&launches[0].0).map(String::as_str),
      Some("once")
    );
  }

  #[test]
  fn timer_within_lead_fires_with_start_instant() {
    let mut state = state_with(vec![job("soon", When::At(at(10, 0, 1)))]);
    arm(&mut state, "soon", at(10, 0, 1));

    let (launches, _) = fire_due(
      &mut state,
      at(10, 0, 1) - chrono::Duration::milliseconds(10),
    );

    assert_eq!(launches.len(), 1);
    assert_eq!(
      launches[0].1.start_at,
      Some(std::time::SystemTime::from(at(10, 0, 1)))
    );
  }

  #[test]
  fn overdue_timer_starts_without_waiting() {
    let mut state = state_with(vec![job("late", When::At(at(10, 0, 1)))]);
    arm(&mut state, "late", at(10, 0, 1));

    let (launches, _) = fire_due(&mut state, at(10, 0, 2));

    assert_eq!(launches[0].1.start_at, None);
  }

  #[test]
  fn recurring_job_rearms_at_next_occurrence() {
    let mut state = state_with(vec![job("tick", every("*/5 * * * * *"))]);
    arm(&mut state, "tick", at(10, 0, 5));

    fire_due(&mut state, at(10, 0, 5));

    assert_eq!(
      state.jobs["tick"].timer.map(|(due, _)| due),
      Some(at(10, 0, 10))
    );
  }

  #[test]
  fn late_loop_skips_missed_occurrences() {
    let mut state = state_with(vec![job("tick", every("*/5 * * * * *"))]);
    arm(&mut state, "tick", at(10, 0, 5));

    let (launches, _) = fire_due(&mut state, at(10, 1, 2));

    assert_eq!(launches.len(), 1);
    assert_eq!(
      state.jobs["tick"].timer.map(|(due, _)| due),
      Some(at(10, 1, 5))
    );
  }

  #[test]
  fn overlapping_tick_is_skipped_and_reported_once() {
    let mut state = state_with(vec![job("slow", every("* * * * * *"))]);
    arm(&mut state, "slow", at(10, 0, 1));
    let (first, _) = fire_due(&mut state, at(10, 0, 1));

    let (second, overlaps) = fire_due(&mut state, at(10, 0, 2));
    let (third, more_overlaps) = fire_due(&mut state, at(10, 0, 3));

    assert_eq!(first.len(), 1);
    assert!(second.is_empty());
    assert!(third.is_empty());
    assert_eq!(overlaps.len(), 1);
    assert!(more_overlaps.is_empty());
  }

  #[test]
  fn finished_run_allows_the_next_tick() {
    let mut state = state_with(vec![job("slow", every("* * * * * *"))]);
    arm(&mut state, "slow", at(10, 0, 1));
    let (first, _) = fire_due(&mut state, at(10, 0, 1));

    finish_run(&mut state, first[0].0);
    let (second, overlaps) = fire_due(&mut state, at(10, 0, 2));

    assert_eq!(second.len(), 1);
    assert!(overlaps.is_empty());
    assert_ne!(first[0].0, second[0].0);
  }

  #[test]
  fn disarmed_job_never_fires() {
    let mut state = state_with(vec![job("gone", every("* * * * * *"))]);
    arm(&mut state, "gone", at(10, 0, 1));

    disarm(&mut state, "gone");
    let (launches, _) = fire_due(&mut state, at(10, 0, 1));

    assert!(launches.is_empty());
    assert!(state.timer_names.is_empty());
  }

  #[test]
  fn timers_fire_in_due_order() {
    let mut state = state_with(vec![
      job("b", When::Now),
      job("a", When::Now),
      job("c", When::Now),
    ]);
    arm(&mut state, "b", at(10, 0, 2));
    arm(&mut state, "a", at(10, 0, 1));
    arm(&mut state, "c", at(10, 0, 3));

    let (launches, _) = fire_due(&mut state, at(10, 0, 3));

    assert_eq!(launched_names(&launches), vec!["a", "b", "c"]);
  }

  #[test]
  fn ten_thousand_timers_cost_one_sorted_set() {
    let specs = (0..10_000)
      .map(|i| job(&format!("job-{i}"), every("0 0 3 * * *")))
      .collect();
    let mut state = state_with(specs);
    for i in 0..10_000 {
      arm(&mut state, &format!("job-{i}"), at(3, 0, 0));
    }

    let (nothing, _) = fire_due(&mut state, at(2, 59, 59));
    let (all, _) = fire_due(&mut state, at(3, 0, 0));

    assert!(nothing.is_empty());
    assert_eq!(all.len(), 10_000);
    assert_eq!(state.timers.len(), 10_000);
    assert!(state
      .timers
      .iter()
      .all(|(due, _)| *due == Utc.with_ymd_and_hms(2030, 1, 2, 3, 0, 0).unwrap()));
  }

  fn engine() -> Engine {
    let mut config = PoolConfig::new("node", "shim.js");
    config.warm = 0;
    // The loop future is dropped unpolled: these tests check registration only.
    let (engine, _loop) = Engine::new(config, |_| {});
    engine
  }

  #[test]
  fn duplicate_name_is_rejected() {
    let engine = engine();
    engine.add(job("twice", When::Now)).unwrap();

    let error = engine.add(job("twice", When::Now)).unwrap_err();

    assert_eq!(error, EngineError::DuplicateName("twice".into()));
  }

  #[test]
  fn start_of_unknown_job_is_an_error() {
    let error = engine().start("nope").unwrap_err();

    assert_eq!(error.to_string(), "Job \"nope\" does not exist");
  }

  #[test]
  fn past_date_runs_at_once() {
    let engine = engine();
    let before = Utc::now();
    engine
      .add(job(
        "past",
        When::At(before - chrono::Duration::milliseconds(5)),
      ))
      .unwrap();

    let due = engine.start("past").unwrap().unwrap();

    assert!(due >= before);
    assert_eq!(engine.armed(), 1);
  }

  #[test]
  fn start_arms_and_stop_disarms() {
    let engine = engine();
    engine.add(job("tick", every("* * * * * *"))).unwrap();

    let due = engine.start("tick").unwrap().unwrap();
    assert_eq!(engine.next_run("tick"), Some(due));
    engine.stop("tick");

    assert_eq!(engine.next_run("tick"), None);
    assert_eq!(engine.armed(), 0);
  }

  #[test]
  fn remove_frees_the_name() {
    let engine = engine();
    engine.add(job("reused", When::Now)).unwrap();

    assert!(engine.remove("reused"));
    engine.add(job("reused", When::Now)).unwrap();
    assert!(!engine.remove("missing"));
  }
}
