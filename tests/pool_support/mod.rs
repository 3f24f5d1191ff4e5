//! Shared helpers for the pool tests: locating node and the fixtures, encoding payloads the way
//! the JS side does (`v8.serialize` + base64, done by a real node), and collecting events.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use ferrous_job_manager::pool::{JobSource, Pool, PoolConfig, RunEvent, RunSpec};
use tokio::sync::mpsc::{self, UnboundedReceiver};

/// Returns the node binary: `$NODE` if set, else `node` from `PATH`.
pub fn node_path() -> PathBuf {
  if let Some(node) = std::env::var_os("NODE") {
    return PathBuf::from(node);
  }
  let output = Command::new("which")
    .arg("node")
    .output()
    .expect("failed to run `which node`");
  let path = String::from_utf8(output.stdout).expect("`which node` printed non-UTF-8 text");
  assert!(
    output.status.success(),
    "node not found on PATH; set NODE to its path"
  );
  PathBuf::from(path.trim())
}

pub fn manifest_dir() -> PathBuf {
  PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn shim_path() -> PathBuf {
  manifest_dir().join("lib/worker-shim.js")
}

pub fn job_path(file: &str) -> PathBuf {
  manifest_dir().join("__test__/jobs").join(file)
}

pub fn config() -> PoolConfig {
  PoolConfig::new(node_path(), shim_path())
}

pub fn new_pool(config: PoolConfig) -> (Pool, UnboundedReceiver<RunEvent>) {
  let (events, receiver) = mpsc::unbounded_channel();
  (Pool::new(config, events), receiver)
}

fn run_node(script: &str, input: &[u8]) -> Vec<u8> {
  let mut child = Command::new(node_path())
    .arg("-e")
    .arg(script)
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .spawn()
    .expect("failed to start node");
  child.stdin.take().unwrap().write_all(input).unwrap();
  let output = child.wait_with_output().unwrap();
  assert!(
    output.status.success(),
    "node helper script failed: {script}"
  );
  output.stdout
}

/// Encodes the value of a JS expression as the JS side would: `v8.serialize(value)` in base64.
pub fn encode(expression: &str) -> String {
  let script = "let s = ''; process.stdin.on('data', (d) => (s += d)).on('end', () => \
                process.stdout.write(require('v8').serialize(eval('(' + s + ')')).toString('base64')))";
  String::from_utf8(run_node(script, expression.as_bytes())).unwrap()
}

/// Decodes a payload and returns it as JSON. BigInt, Date and Map values become tagged forms
/// (`"bigint:5"`, `"date:<ms>"`, `{"map": [[k, v]]}`) so tests can check that their type survived.
pub fn decode(payload: &str) -> serde_json::Value {
  let script = "let s = ''; process.stdin.on('data', (d) => (s += d)).on('end', () => { \
                const value = require('v8').deserialize(Buffer.from(s, 'base64')); \
                const tag = function (key, v) { const raw = this[key]; \
                  if (typeof raw === 'bigint') return `bigint:${raw}`; \
                  if (raw instanceof Date) return `date:${raw.getTime()}`; \
                  if (raw instanceof Map) return { map: [...raw] }; return v; }; \
                process.stdout.write(JSON.stringify(value, tag) ?? 'null'); })";
  serde_json::from_slice(&run_node(script, payload.as_bytes())).unwrap()
}

pub fn spec(run_id: u64, file: &str) -> RunSpec {
  RunSpec {
    run_id,
    name: file.trim_end_matches(".js").to_string(),
    source: JobSource::Path(job_path(file)),
    worker_data: encode("undefined"),
    timeout: None,
    start_at: None,
  }
}

/// Receives events until the `Exit` of `run_id`; fails the test after `limit`.
pub async fn events_until_exit(
  events: &mut UnboundedReceiver<RunEvent>,
  run_id: u64,
  limit: Duration,
) -> Vec<RunEvent> {
  let mut seen = Vec::new();
  let deadline = tokio::time::Instant::now() + limit;
  loop {
    let event = tokio::time::timeout_at(deadline, events.recv())
      .await
      .unwrap_or_else(|_| panic!("no Exit for run {run_id} within {limit:?}; saw {seen:?}"))
      .expect("event channel closed");
    let is_exit = matches!(event, RunEvent::Exit { run_id: id, .. } if id == run_id);
    seen.push(event);
    if is_exit {
      return seen;
    }
  }
}

/// Returns the `Exit` event of a collected run.
pub fn exit_of(events: &[RunEvent]) -> &RunEvent {
  events.last().expect("no events")
}

/// Returns the payloads of all `Message` events, in order.
pub fn messages(events: &[RunEvent]) -> Vec<&str> {
  events
    .iter()
    .filter_map(|event| match event {
      RunEvent::Message { payload, .. } => Some(payload.as_str()),
      _ => None,
    })
    .collect()
}

/// Returns the payloads of all `Error` events, in order.
pub fn errors(events: &[RunEvent]) -> Vec<&str> {
  events
    .iter()
    .filter_map(|event| match event {
      RunEvent::Error { payload, .. } => Some(payload.as_str()),
      _ => None,
    })
    .collect()
}

/// Returns the pid from the `Spawned` event of a collected run.
pub fn pid_of(events: &[RunEvent]) -> u32 {
  events
    .iter()
    .find_map(|event| match event {
      RunEvent::Spawned { pid, .. } => Some(*pid),
      _ => None,
    })
    .expect("no Spawned event")
}

/// True while `pid` exists and is not a zombie.
pub fn process_alive(pid: u32) -> bool {
  match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
    Ok(stat) => {
      // The state letter follows the parenthesised command name.
      let state = stat.rsplit_once(") ").map(|(_, rest)| rest.chars().next());
      state != Some(Some('Z'))
    }
    Err(_) => false,
  }
}
