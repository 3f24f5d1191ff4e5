//! Job scripts of every kind run in real `node` processes through the pool and the shim, and
//! their messages, errors and exit codes come back as events.

mod pool_support;

use std::time::Duration;

use ferrous_job_manager::pool::{ExitReason, JobSource, MessageKind, RunEvent, RunSpec};
use pool_support::*;
use serde_json::json;

const LIMIT: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cjs_job_posts_done() {
  let mut config = config();
  config.resource_limits_json = Some(r#"{"maxOldGenerationSizeMb":256}"#.into());
  config.argv = vec!["--flag".into(), "value".into()];
  let (pool, mut events) = new_pool(config);
  let mut run = spec(1, "pool-echo.js");
  run.worker_data =
    encode("{ job: { name: 'echo' }, count: 5n, when: new Date(0), tags: new Map([['a', 1]]) }");
  pool.start(run);

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  assert!(
    matches!(seen[0], RunEvent::Spawned { run_id: 1, .. }),
    "first event: {:?}",
    seen[0]
  );
  assert_eq!(seen[1], RunEvent::Online { run_id: 1 });
  let report = decode(messages(&seen)[0]);
  assert_eq!(
    report["workerData"],
    json!({"job": {"name": "echo"}, "count": "bigint:5", "when": "date:0", "tags": {"map": [["a", 1]]}})
  );
  assert_eq!(report["isMainThread"], json!(false));
  assert_eq!(report["threadIdIsPid"], json!(true));
  assert_eq!(
    report["resourceLimits"],
    json!({"maxOldGenerationSizeMb": 256})
  );
  assert_eq!(report["isRequireMain"], json!(true));
  assert_eq!(
    report["argv"],
    json!([
      job_path("pool-echo.js").to_string_lossy(),
      "--flag",
      "value"
    ])
  );
  assert_eq!(report["hasProcessSend"], json!(false));
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
  assert_eq!(decode(messages(&seen)[1]), json!("done"));
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
async fn esm_job_reads_worker_data() {
  let (pool, mut events) = new_pool(config());
  let mut run = spec(1, "pool-esm.mjs");
  run.worker_data = encode("{ ms: 10 }");
  pool.start(run);

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  let report = decode(messages(&seen)[0]);
  assert_eq!(report["workerData"], json!({"ms": 10}));
  assert_eq!(report["isMainThread"], json!(false));
  assert_eq!(report["url"], json!(true));
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
async fn type_module_package_job() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-module-package/job.js"));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  let report = decode(messages(&seen)[0]);
  assert_eq!(report["isModule"], json!(true));
  assert_eq!(report["url"], json!(true));
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
async fn function_source_job_runs() {
  let (pool, mut events) = new_pool(config());
  let source = "(async () => {
    const { parentPort, workerData } = require('worker_threads');
    const path = require('path');
    parentPort.postMessage({ doubled: workerData.n * 2, sep: path.sep, file: __filename, argv1: process.argv[1] });
    parentPort.postMessage('done');
  })()";
  pool.start(RunSpec {
    run_id: 7,
    name: "inline-function".into(),
    source: JobSource::Source(source.into()),
    worker_data: encode("{ n: 21 }"),
    timeout: None,
    start_at: None,
  });

  let seen = events_until_exit(&mut events, 7, LIMIT).await;
  let report = decode(messages(&seen)[0]);
  assert_eq!(report["doubled"], json!(42));
  assert_eq!(report["sep"], json!("/"));
  assert_eq!(report["file"], json!("[worker eval]"));
  assert_eq!(report["argv1"], json!("[worker eval]"));
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
async fn throw_reports_error_then_exit_1() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-throw.js"));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  let errors = errors(&seen);
  assert_eq!(errors.len(), 1, "events: {seen:?}");
  let error = decode(errors[0]);
  assert_eq!(error["name"], json!("Error"));
  assert_eq!(error["message"], json!("pool job failed"));
  assert_eq!(error["code"], json!("E_POOL_JOB"));
  assert_eq!(error["retry"], json!("[Function: retry]"));
  assert_eq!(error["cause"]["message"], json!("root cause"));
  assert!(
    error["stack"].as_str().unwrap().contains("pool-throw.js"),
    "stack: {}",
    error["stack"]
  );
  assert_eq!(
    *exit_of(&seen),
    RunEvent::Exit {
      run_id: 1,
      code: Some(1),
      signal: None,
      reason: ExitReason::Normal
    }
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_rejection_reports_error() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-reject.js"));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  let errors = errors(&seen);
  assert_eq!(errors.len(), 1, "events: {seen:?}");
  let error = decode(errors[0]);
  assert_eq!(error["name"], json!("TypeError"));
  assert_eq!(error["message"], json!("rejected later"));
  assert_eq!(
    *exit_of(&seen),
    RunEvent::Exit {
      run_id: 1,
      code: Some(1),
      signal: None,
      reason: ExitReason::Normal
    }
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn function_source_throw_reports_error() {
  let (pool, mut events) = new_pool(config());
  pool.start(RunSpec {
    run_id: 2,
    name: "will-fail".into(),
    source: JobSource::Source("(() => { throw new Error('job error'); })()".into()),
    worker_data: encode("undefined"),
    timeout: None,
    start_at: None,
  });

  let seen = events_until_exit(&mut events, 2, LIMIT).await;
  let errors = errors(&seen);
  assert_eq!(errors.len(), 1, "events: {seen:?}");
  assert_eq!(decode(errors[0])["message"], json!("job error"));
  assert!(
    matches!(exit_of(&seen), RunEvent::Exit { code: Some(1), .. }),
    "exit: {:?}",
    exit_of(&seen)
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_exit_code_3() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-exit-3.js"));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  assert!(errors(&seen).is_empty(), "events: {seen:?}");
  assert_eq!(
    *exit_of(&seen),
    RunEvent::Exit {
      run_id: 1,
      code: Some(3),
      signal: None,
      reason: ExitReason::Normal
    }
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiet_job_exits_0_by_itself() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-exit-quietly.js"));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  assert!(messages(&seen).is_empty(), "events: {seen:?}");
  assert_eq!(
    *exit_of(&seen),
    RunEvent::Exit {
      run_id: 1,
      code: Some(0),
      signal: None,
      reason: ExitReason::Normal
    }
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parent_post_reaches_job() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-reply.js"));
  // Sent before the job can have attached its listener: the shim queues it until then.
  assert!(pool.post(1, encode("'hello from Ghost!'")));
  assert!(pool.post(1, encode("'finish'")));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  let replies: Vec<serde_json::Value> = messages(&seen).into_iter().map(decode).collect();
  assert_eq!(
    replies,
    vec![json!("Worker received: hello from Ghost!"), json!("done")]
  );
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
  assert!(
    !pool.post(1, encode("'late'")),
    "post after Exit must report the run as gone"
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn big_messages_both_ways() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-big-message.js"));
  assert!(pool.post(1, encode("'x'.repeat(2 * 1024 * 1024) + 'w'")));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  let messages = messages(&seen);
  assert_eq!(messages.len(), 2, "message count");
  assert_eq!(
    decode(messages[0]),
    json!({"receivedLength": 2 * 1024 * 1024 + 1, "lastChar": "w"})
  );
  let reply = decode(messages[1]);
  let reply = reply.as_str().expect("second message is a string");
  assert_eq!(reply.len(), 2 * 1024 * 1024 + 1);
  assert!(
    reply.ends_with('z'),
    "the 2 MB reply lost its last character"
  );
  assert_eq!(
    *exit_of(&seen),
    RunEvent::Exit {
      run_id: 1,
      code: Some(0),
      signal: None,
      reason: ExitReason::Normal
    }
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn env_replaces_environment() {
  let mut config = config();
  config.env = Some(vec![("POOL_TEST_MARKER".into(), "set".into())]);
  let (pool, mut events) = new_pool(config);
  pool.start(spec(1, "pool-echo.js"));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  let report = decode(messages(&seen)[0]);
  assert_eq!(report["envMarker"], json!("set"));
  assert_eq!(report["hasPath"], json!(false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_script_reports_error() {
  let (pool, mut events) = new_pool(config());
  pool.start(spec(1, "pool-does-not-exist.js"));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  let errors = errors(&seen);
  assert_eq!(errors.len(), 1, "events: {seen:?}");
  assert_eq!(decode(errors[0])["code"], json!("MODULE_NOT_FOUND"));
  assert!(
    matches!(exit_of(&seen), RunEvent::Exit { code: Some(1), .. }),
    "exit: {:?}",
    exit_of(&seen)
  );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spawn_failure_reports_error_and_exit() {
  let mut config = config();
  config.node_path = "/nonexistent/node".into();
  let (pool, mut events) = new_pool(config);
  pool.start(spec(1, "pool-echo.js"));

  let seen = events_until_exit(&mut events, 1, LIMIT).await;
  let errors = errors(&seen);
  assert_eq!(errors.len(), 1, "events: {seen:?}");
  let error = decode(errors[0]);
  assert_eq!(error["code"], json!("ENOENT"));
  assert_eq!(error["errno"], json!(-2));
  assert!(
    error["message"]
      .as_str()
      .unwrap()
      .contains("/nonexistent/node"),
    "message: {}",
    error["message"]
  );
  assert_eq!(
    *exit_of(&seen),
    RunEvent::Exit {
      run_id: 1,
      code: None,
      signal: None,
      reason: ExitReason::Normal
    }
  );
  assert_eq!(pool.running(), 0);
}
