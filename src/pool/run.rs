//! The task that drives one run from process assignment to its `Exit` event.

use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use super::ipc::{self, ChildLine};
use super::process::{kill_process_group, JobProcess};
use super::warm::ProcessHandoff;
use super::{error_payload, ExitReason, Inner, MessageKind, QueuedRun, RunCommand, RunEvent};

/// How long to keep reading after the process exited. The socket normally reaches EOF at once;
/// it stays open only if a grandchild inherited the channel.
const DRAIN_AFTER_EXIT: Duration = Duration::from_millis(250);

/// Runs `queued` to completion; called with a slot reserved and its `Spawned` event (if a
/// process was available) already sent.
pub(super) async fn drive(inner: Arc<Inner>, queued: QueuedRun, handoff: ProcessHandoff) {
  let QueuedRun { spec, mut commands } = queued;
  let run_id = spec.run_id;
  let job = spec.name.as_str();

  let (result, warm) = match handoff {
    ProcessHandoff::Warm(process) => (Ok(*process), true),
    ProcessHandoff::Pending(receiver) => {
      let result = receiver.await.unwrap_or_else(|_| {
        Err(std::io::Error::other(
          "the job pool stopped booting processes",
        ))
      });
      (result, false)
    }
  };
  let process = match result {
    Ok(process) => process,
    Err(error) => {
      tracing::error!(
        job,
        run_id,
        node = %inner.config.node_path.display(),
        %error,
        "failed to start a job process"
      );
      let payload = error_payload::spawn_failure(&inner.config.node_path, job, &error);
      inner.emit(RunEvent::Error { run_id, payload });
      let exit = RunEvent::Exit {
        run_id,
        code: None,
        signal: None,
        reason: ExitReason::Normal,
      };
      inner.finish_run(run_id, exit);
      return;
    }
  };

  let JobProcess {
    mut child,
    pid,
    channel,
  } = process;
  let started_at = Instant::now();
  tracing::info!(job, run_id, pid, warm, "job process started");

  let (read_half, write_half) = channel.into_split();
  let (outgoing, outgoing_queue) = mpsc::unbounded_channel();
  ipc::spawn_writer(write_half, outgoing_queue);
  let (lines_tx, mut lines) = mpsc::unbounded_channel();
  let reader = ipc::spawn_reader(read_half, lines_tx);
  let limits = inner.config.resource_limits_json.as_deref();
  let _ = outgoing.send(ipc::run_line(&spec, limits));

  let timeout_at = spec.timeout.map(|timeout| started_at + timeout);
  let mut ending: Option<ExitReason> = None;
  let mut cancel_sent = false;
  // Stops after 'done' or a 'cancelled' reply: bree drops the worker's listeners at that point.
  let mut forwarding = true;
  let mut lines_open = true;
  let mut status: Option<std::io::Result<ExitStatus>> = None;
  let mut drain_until: Option<Instant> = None;
  let mut commands_open = true;

  // Marks why the process ends and kills it; the first reason wins.
  let end = |reason: ExitReason, ending: &mut Option<ExitReason>, reaped: bool| {
    if ending.is_none() {
      *ending = Some(reason);
      match reason {
        ExitReason::Timeout => {
          tracing::warn!(job, run_id, pid, "job timed out, killing its process")
        }
        ExitReason::Terminated => {
          tracing::warn!(job, run_id, pid, "killing job process on request")
        }
        _ => tracing::debug!(job, run_id, pid, ?reason, "ending job process"),
      }
    }
    if !reaped {
      kill_process_group(pid);
    }
  };

  while lines_open || status.is_none() {
    tokio::select! {
      line = lines.recv(), if lines_open => {
        let Some(line) = line else {
          lines_open = false;
          continue;
        };
        if !forwarding {
          continue;
        }
        match line {
          ChildLine::Online => {
            tracing::debug!(
              job,
              run_id,
              pid,
              warm,
              online_ms = started_at.elapsed().as_secs_f64() * 1000.0,
              "job online"
            );
            inner.emit(RunEvent::Online { run_id });
          }
          ChildLine::Message { payload, kind } => {
            inner.emit(RunEvent::Message { run_id, payload, kind });
            if kind == MessageKind::Done {
              forwarding = false;
              end(ExitReason::AfterDone, &mut ending, status.is_some());
            } else if kind == MessageKind::Cancelled && cancel_sent {
              forwarding = false;
              tracing::info!(job, run_id, pid, "job cancelled gracefully");
              end(ExitReason::Cancelled, &mut ending, status.is_some());
            }
          }
          ChildLine::Error { payload } => {
            tracing::debug!(job, run_id, pid, "job raised an uncaught error");
            inner.emit(RunEvent::Error { run_id, payload });
          }
        }
      }
      command = commands.recv(), if commands_open && status.is_none() => match command {
        Some(RunCommand::Post(payload)) => {
          let _ = outgoing.send(ipc::message_line(&payload));
        }
        Some(RunCommand::Cancel) => {
          cancel_sent = true;
          let _ = outgoing.send(ipc::CANCEL_LINE.to_vec());
        }
        Some(RunCommand::Terminate) => end(ExitReason::Terminated, &mut ending, false),
        // Every sender is gone, which the pool never does while a run is active.
        None => commands_open = false,
      },
      _ = sleep_until_option(timeout_at), if ending.is_none() && status.is_none() => {
        end(ExitReason::Timeout, &mut ending, false);
      }
      result = child.wait(), if status.is_none() => {
        status = Some(result);
        drain_until = Some(Instant::now() + DRAIN_AFTER_EXIT);
      }
      _ = sleep_until_option(drain_until), if lines_open && drain_until.is_some() => {
        tracing::debug!(job, run_id, pid, "stopped reading from an exited job process");
        break;
      }
    }
  }
  reader.abort();
  drop(outgoing);

  let (code, signal) = match &status {
    Some(Ok(status)) => (status.code(), status.signal()),
    Some(Err(error)) => {
      tracing::error!(job, run_id, pid, %error, "waiting for a job process failed");
      (None, None)
    }
    None => (None, None),
  };
  let reason = ending.unwrap_or(ExitReason::Normal);
  tracing::info!(
    job,
    run_id,
    pid,
    exit_code = code,
    signal,
    ?reason,
    duration_ms = started_at.elapsed().as_millis() as u64,
    "job process exited"
  );
  let exit = RunEvent::Exit {
    run_id,
    code,
    signal,
    reason,
  };
  inner.finish_run(run_id, exit);
}

async fn sleep_until_option(deadline: Option<Instant>) {
  match deadline {
    Some(deadline) => tokio::time::sleep_until(deadline).await,
    None => std::future::pending().await,
  }
}
