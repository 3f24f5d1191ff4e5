//! The engine with a real process pool: timers fire runs in `node` processes, overlapping ticks
//! are skipped, and removed jobs stay quiet.

#[path = "pool_support/mod.rs"]
mod pool_support;

use std::time::Duration;

use chrono::{Timelike, Utc};
use ferrous_job_manager::engine::{Engine, EngineEvent, JobSpec, When, START_LEAD};
use ferrous_job_manager::pool::{ExitReason, JobSource, MessageKind, RunEvent};
use ferrous_job_manager::schedule::{Schedule, Zone};
use tokio::sync::mpsc;

fn start_engine() -> (
  Engine,
  mpsc::UnboundedReceiver<(chrono::DateTime<Utc>, EngineEvent)>,
) {
  let (sender, receiver) = mpsc::unbounded_channel();
  let mut config = pool_support::config();
  config.warm = 1;
  config.max_running = 2;
  let (engine, run_loop) = Engine::new(config, move |event| {
    let _ = sender.send((Utc::now(), event));
  });
  tokio::spawn(run_loop);
  (engine, receiver)
}

fn spec(name: &str, file: &str, data: &str, when: When) -> JobSpec {
  JobSpec {
    name: name.to_string(),
    source: JobSource::Path(pool_support::job_path(file)),
    worker_data: pool_support::encode(data),
    when,
    timeout: None,
  }
}

fn every_second() -> When {
  When::Recurring {
    schedule: Schedule::parse("* * * * * *").unwrap(),
    zone: Zone::Local,
  }
}

async fn collect_for(
  receiver: &mut mpsc::UnboundedReceiver<(chrono::DateTime<Utc>, EngineEvent)>,
  duration: Duration,
) -> Vec<(chrono::DateTime<Utc>, EngineEvent)> {
  let mut events = Vec::new();
  let deadline = tokio::time::Instant::now() + duration;
  while let Ok(Some(event)) = tokio::time::timeout_at(deadline, receiver.recv()).await {
    events.push(event);
  }
  events
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn immediate_job_reports_its_whole_run() {
  let (engine, mut receiver) = start_engine();
  engine
    .add(spec("now", "slow.js", "({ms: 10})", When::Now))
    .unwrap();

  engine.start("now").unwrap();
  let mut kinds = Vec::new();
  while let Some((_, event)) = receiver.recv().await {
    let kind = match &event {
      EngineEvent::Started { .. } => "started",
      EngineEvent::Overlap { .. } => "overlap",
      EngineEvent::Run {
        event: RunEvent::Spawned { .. },
        ..
      } => "spawned",
      EngineEvent::Run {
        event: RunEvent::Online { .. },
        ..
      } => "online",
      EngineEvent::Run {
        event: RunEvent::Message {
          kind: MessageKind::Done,
          ..
        },
        ..
      } => "done",
      EngineEvent::Run {
        event: RunEvent::Message { .. },
        ..
      } => "message",
      EngineEvent::Run {
        event: RunEvent::Error { .. },
        ..
      } => "error",
      EngineEvent::Run {
        event: RunEvent::Exit { reason, .. },
        ..
      } => {
        assert_eq!(*reason, ExitReason::AfterDone);
        kinds.push("exit");
        break;
      }
    };
    kinds.push(kind);
  }

  assert_eq!(kinds, vec!["started", "spawned", "online", "done", "exit"]);
  assert!(!engine.is_running("now"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_second_job_fires_on_consecutive_seconds() {
  let (engine, mut receiver) = start_engine();
  engine
    .add(spec("tick", "slow.js", "({ms: 10})", every_second()))
    .unwrap();

  engine.start("tick").unwrap();
  let events = collect_for(&mut receiver, Duration::from_millis(3500)).await;
  engine.stop("tick");

  // Timed runs are handed over START_LEAD before they are due.
  let lead = chrono::Duration::from_std(START_LEAD).unwrap();
  let fired: Vec<_> = events
    .iter()
    .filter(|(_, event)| matches!(event, EngineEvent::Started { .. }))
    .map(|(at, _)| *at + lead)
    .collect();
  assert!(
    fired.len() >= 3,
    "expected at least 3 runs in 3.5 s, got {}",
    fired.len()
  );
  for pair in fired.windows(2) {
    assert_eq!(
      pair[1].timestamp() - pair[0].timestamp(),
      1,
      "runs at {pair:?} are not a second apart"
    );
  }
  assert!(
    fired.iter().all(|at| at.nanosecond() < 500_000_000),
    "a run started late in its second: {fired:?}"
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overlapping_ticks_are_skipped_once() {
  let (engine, mut receiver) = start_engine();
  engine
    .add(spec("slow", "slow.js", "({ms: 2200})", every_second()))
    .unwrap();

  engine.start("slow").unwrap();
  let events = collect_for(&mut receiver, Duration::from_millis(2500)).await;
  engine.stop("slow");

  let started = events
    .iter()
    .filter(|(_, event)| matches!(event, EngineEvent::Started { .. }))
    .count();
  let overlaps = events
    .iter()
    .filter(|(_, event)| matches!(event, EngineEvent::Overlap { .. }))
    .count();
  assert_eq!(started, 1);
  assert_eq!(overlaps, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removed_job_never_runs() {
  let (engine, mut receiver) = start_engine();
  let soon = Utc::now() + chrono::Duration::milliseconds(300);
  engine
    .add(spec("removed", "slow.js", "({ms: 10})", When::At(soon)))
    .unwrap();

  engine.start("removed").unwrap();
  assert!(engine.remove("removed"));
  let events = collect_for(&mut receiver, Duration::from_millis(600)).await;

  assert!(events.is_empty(), "removed job reported {events:?}");
}
