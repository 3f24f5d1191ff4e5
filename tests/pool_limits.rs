//! Kills, timeouts, heap limits, shutdown, the concurrency cap and warm processes, each checked
//! against real `node` processes.

mod pool_support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use ferrous_job_manager::pool::{ExitReason, MessageKind, RunEvent};
use pool_support::*;
use serde_json::json;

const LIMIT: Duration = Duration::from_secs(10);
const SIGKILL: i32 = 9;

async fn wait_for_online(
  events: &mut tokio::sync::mpsc::UnboundedReceiver<RunEvent>,
  run_id: u64,
) -> Vec<RunEvent> {
  let mut seen = Vec::new();
  loop {
    let event = tokio::time::timeout(LIMIT, events.recv())
      .await
      .expect("no Online event in time")
      .expect("event channel closed");
    let online = event == RunEvent::Online { run_id };
    seen.push(event);
    if online {
      return seen;
    }
  }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_from_outside_reports_signal() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-idle.js"));
  let seen = wait_for_online(&mut events, 1).await;
  let pid = pid_of(&seen);

  unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  assert_eq!(
    *exit_of(&seen),
    RunEvent::Exit {
      run_id: 1,
      code: None,
      signal: Some(SIGKILL),
      reason: ExitReason::Normal
    }
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn terminate_kills_running_job() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-idle.js"));
  wait_for_online(&mut events, 1).await;

  assert!(pool.terminate(1));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  assert_eq!(
    *exit_of(&seen),
    RunEvent::Exit {
      run_id: 1,
      code: None,
      signal: Some(SIGKILL),
      reason: ExitReason::Terminated
    }
  );
  assert!(
    !pool.terminate(1),
    "terminate after Exit must report the run as gone"
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeout_stops_endless_loop() {
  let (pool, mut events) = new_pool(config());
  let mut run = spec(1, "pool-busy-loop.js");
  run.timeout = Some(Duration::from_millis(500));
  let started = Instant::now();
  pool.start(run);

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  assert_eq!(
    *exit_of(&seen),
    RunEvent::Exit {
      run_id: 1,
      code: None,
      signal: Some(SIGKILL),
      reason: ExitReason::Timeout
    }
  );
  assert!(
    started.elapsed() >= Duration::from_millis(500),
    "killed before its timeout"
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heap_hog_fails_alone() {
  // Node aborts (SIGABRT) when the heap limit is reached. A core size limit of 0, inherited by
  // the job processes, keeps that from writing a core file.
  let no_core = libc::rlimit {
    rlim_cur: 0,
    rlim_max: 0,
  };
  unsafe { libc::setrlimit(libc::RLIMIT_CORE, &no_core) };
  let mut config = config();
  config.max_old_generation_mb = Some(32);
  let (pool, mut events) = new_pool(config);
  pool.start(spec(1, "pool-idle.js"));
  wait_for_online(&mut events, 1).await;
  pool.start(spec(2, "pool-heap-hog.js"));

  let hog = events_until_exit(&mut events, 2, Duration::from_secs(30)).await;
  let RunEvent::Exit {
    code,
    signal,
    reason,
    ..
  } = exit_of(&hog).clone()
  else {
    unreachable!()
  };
  assert_eq!(reason, ExitReason::Normal);
  assert!(code != Some(0), "heap hog exited with code 0");
  assert!(
    code.is_some() || signal.is_some(),
    "heap hog reported neither code nor signal"
  );
  assert_eq!(pool.running(), 1, "the other run must still be running");

  assert!(
    pool.post(1, encode("'still alive?'")),
    "the other run is gone"
  );
  assert!(pool.terminate(1));
  let idle = events_until_exit(&mut events, 1, LIMIT).await;
  assert!(
    matches!(
      exit_of(&idle),
      RunEvent::Exit {
        reason: ExitReason::Terminated,
        ..
      }
    ),
    "exit: {:?}",
    exit_of(&idle)
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn done_then_running_is_ended() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-done-then-run.js"));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  let done = &seen[seen.len() - 2];
  assert!(
    matches!(
      done,
      RunEvent::Message {
        kind: MessageKind::Done,
        ..
      }
    ),
    "event before Exit: {done:?}"
  );
  assert_eq!(
    *exit_of(&seen),
    RunEvent::Exit {
      run_id: 1,
      code: None,
      signal: Some(SIGKILL),
      reason: ExitReason::AfterDone
    }
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_reply_ends_run() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-reply.js"));
  wait_for_online(&mut events, 1).await;

  assert!(pool.cancel(1));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  let message = messages(&seen)[0];
  assert_eq!(decode(message), json!("cancelled"));
  assert!(
    matches!(
      seen[0],
      RunEvent::Message {
        kind: MessageKind::Cancelled,
        ..
      }
    ),
    "first event after Online: {:?}",
    seen[0]
  );
  assert!(
    matches!(
      exit_of(&seen),
      RunEvent::Exit {
        reason: ExitReason::Cancelled,
        ..
      }
    ),
    "exit: {:?}",
    exit_of(&seen)
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_kills_job_ignoring_cancel() {
  let mut config = config();
  config.max_running = 1;
  let (pool, mut events) = new_pool(config);
  pool.start(spec(1, "pool-idle.js"));
  pool.start(spec(2, "pool-idle.js"));
  wait_for_online(&mut events, 1).await;
  assert_eq!(pool.queued(), 1);

  let grace = Duration::from_millis(300);
  let started = Instant::now();
  pool.shutdown(grace).await;
  let took = started.elapsed();

  let mut exits = HashMap::new();
  while let Ok(event) = events.try_recv() {
    if let RunEvent::Exit { run_id, reason, .. } = event {
      exits.insert(run_id, reason);
    }
  }
  assert_eq!(exits.get(&1), Some(&ExitReason::Terminated), "running job");
  assert_eq!(exits.get(&2), Some(&ExitReason::Terminated), "queued job");
  assert!(
    took >= grace,
    "shutdown returned before the grace period: {took:?}"
  );
  // shutdown gives killed processes at most 1 s to be reaped; 0.5 s more is scheduling slack.
  assert!(
    took < grace + Duration::from_millis(1500),
    "shutdown took {took:?}"
  );
  assert_eq!(pool.running(), 0);
  assert_eq!(pool.queued(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_waits_for_cancelled_reply() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-reply.js"));
  wait_for_online(&mut events, 1).await;

  pool.shutdown(Duration::from_secs(5)).await;

  let seen = events_until_exit(&mut events, 1, Duration::from_millis(10)).await;
  assert!(
    matches!(
      exit_of(&seen),
      RunEvent::Exit {
        reason: ExitReason::Cancelled,
        ..
      }
    ),
    "exit: {:?}",
    exit_of(&seen)
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_usable_after_shutdown() {
  let mut config = config();
  config.warm = 1;
  let (pool, mut events) = new_pool(config);
  pool.shutdown(Duration::from_millis(100)).await;
  pool.start(spec(1, "pool-short.js"));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  assert!(
    matches!(
      exit_of(&seen),
      RunEvent::Exit {
        reason: ExitReason::AfterDone,
        ..
      }
    ),
    "exit: {:?}",
    exit_of(&seen)
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cap_of_4_keeps_fifo_order() {
  const RUNS: u64 = 100;
  let mut config = config();
  config.max_running = 4;
  config.warm = 2;
  let template = spec(0, "pool-short.js");
  let (pool, mut events) = new_pool(config);
  for run_id in 0..RUNS {
    let mut run = template.clone();
    run.run_id = run_id;
    pool.start(run);
  }
  assert_eq!(pool.running(), 4);
  assert_eq!(pool.queued(), (RUNS - 4) as usize);

  let mut live = 0usize;
  let mut max_live = 0usize;
  let mut spawn_order = Vec::new();
  let mut exits = HashMap::new();
  while exits.len() < RUNS as usize {
    let event = tokio::time::timeout(Duration::from_secs(60), events.recv())
      .await
      .expect("runs stalled")
      .expect("event channel closed");
    match event {
      RunEvent::Spawned { run_id, .. } => {
        live += 1;
        max_live = max_live.max(live);
        spawn_order.push(run_id);
      }
      RunEvent::Exit { run_id, reason, .. } => {
        live -= 1;
        exits.insert(run_id, reason);
      }
      _ => {}
    }
  }
  assert_eq!(max_live, 4, "most runs alive at once");
  let expected: Vec<u64> = (0..RUNS).collect();
  assert_eq!(spawn_order, expected, "runs did not start in FIFO order");
  assert!(
    exits
      .values()
      .all(|reason| *reason == ExitReason::AfterDone),
    "some runs did not finish with 'done': {exits:?}"
  );
  assert_eq!(pool.running(), 0);
}

/// Boots a pool, waits for its processes, and returns the ms from `Spawned` to `Online`.
async fn spawn_to_online_ms(warm: usize) -> f64 {
  let mut config = config();
  config.warm = warm;
  let (pool, mut events) = new_pool(config);
  if warm > 0 {
    // Lets the warm process finish booting before the run arrives.
    tokio::time::sleep(Duration::from_millis(1500)).await;
  }
  pool.start(spec(1, "pool-short.js"));
  let mut spawned_at = None;
  let mut online_ms = None;
  loop {
    let event = tokio::time::timeout(LIMIT, events.recv())
      .await
      .expect("run did not finish in time")
      .expect("event channel closed");
    match event {
      RunEvent::Spawned { .. } => spawned_at = Some(Instant::now()),
      RunEvent::Online { .. } => {
        online_ms = spawned_at.map(|at| at.elapsed().as_secs_f64() * 1000.0);
      }
      RunEvent::Exit { .. } => break,
      _ => {}
    }
  }
  pool.shutdown(Duration::from_millis(100)).await;
  online_ms.expect("no Online event")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn warm_start_reaches_online() {
  let cold = spawn_to_online_ms(0).await;
  let warm = spawn_to_online_ms(1).await;
  println!("spawn -> Online: cold {cold:.1} ms, warm {warm:.1} ms");
}
