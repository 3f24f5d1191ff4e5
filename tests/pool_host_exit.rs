//! A job process must not outlive its host, even when the host is killed with SIGKILL and gets no
//! chance to clean up. The test starts this same test binary as the host, running only
//! `host_with_busy_job`, which starts a pool with a job stuck in a busy loop and prints the pids
//! of its child processes. A job in a busy loop never handles the 'disconnect' event of its IPC
//! channel, so only the kernel's parent-death signal can end it.

mod pool_support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ferrous_job_manager::pool::RunEvent;
use pool_support::*;

/// Set in the host process's environment; without it `host_with_busy_job` returns at once.
const HOST_ENV: &str = "POOL_TEST_HOST";
const PID_PREFIX: &str = "job pid: ";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "host process for host_sigkill_ends_child; started by that test"]
async fn host_with_busy_job() {
  if std::env::var_os(HOST_ENV).is_none() {
    return;
  }
  let mut config = config();
  // A warm process too, so the test covers idle processes as well as running ones.
  config.warm = 1;
  let (pool, mut events) = new_pool(config);
  pool.start(spec(1, "pool-busy-loop.js"));
  loop {
    match events.recv().await.expect("event channel closed") {
      RunEvent::Spawned { pid, .. } => println!("{PID_PREFIX}{pid}"),
      RunEvent::Online { .. } => break,
      _ => {}
    }
  }
  // Wait for the warm process as well, then report every child of this process. A child is
  // listed under the thread that forked it.
  tokio::time::sleep(Duration::from_millis(1000)).await;
  for thread in std::fs::read_dir("/proc/self/task").unwrap() {
    let path = thread.unwrap().path().join("children");
    for pid in std::fs::read_to_string(path)
      .unwrap_or_default()
      .split_whitespace()
    {
      println!("{PID_PREFIX}{pid}");
    }
  }
  println!("ready");
  tokio::time::sleep(Duration::from_secs(60)).await;
}

#[test]
fn host_sigkill_ends_child() {
  let mut host = Command::new(std::env::current_exe().unwrap())
    .args([
      "host_with_busy_job",
      "--exact",
      "--ignored",
      "--nocapture",
      "--test-threads=1",
    ])
    .env(HOST_ENV, "1")
    .stdout(Stdio::piped())
    .spawn()
    .expect("failed to start the host test process");

  let mut pids = Vec::new();
  let mut lines = BufReader::new(host.stdout.take().unwrap()).lines();
  for line in lines.by_ref() {
    let line = line.unwrap();
    if let Some(pid) = line.strip_prefix(PID_PREFIX) {
      pids.push(pid.trim().parse::<u32>().unwrap());
    }
    if line == "ready" {
      break;
    }
  }
  pids.sort_unstable();
  pids.dedup();
  assert!(
    pids.len() >= 2,
    "expected the job and a warm process, got pids {pids:?}"
  );
  assert!(
    pids.iter().all(|pid| process_alive(*pid)),
    "a job process died early"
  );

  host.kill().unwrap();
  host.wait().unwrap();

  let deadline = Instant::now() + Duration::from_secs(1);
  while pids.iter().any(|pid| process_alive(*pid)) && Instant::now() < deadline {
    std::thread::sleep(Duration::from_millis(20));
  }
  let survivors: Vec<u32> = pids.into_iter().filter(|pid| process_alive(*pid)).collect();
  for pid in &survivors {
    // Survivors hold this test's stdout and stderr open, which would keep cargo waiting.
    unsafe { libc::kill(*pid as libc::pid_t, libc::SIGKILL) };
  }
  assert!(
    survivors.is_empty(),
    "job processes outlived the host: {survivors:?}"
  );
}
