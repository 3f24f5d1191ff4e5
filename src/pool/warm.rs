//! Assigning processes to runs: idle warm processes, boots in flight and runs waiting for one.
//!
//! Every process is booted the same way, ahead of time or on demand. A finished boot goes to the
//! run that has waited longest, or joins the idle warm list when no run waits. Runs receive
//! processes in dispatch order, and their `Spawned` events are sent at assignment, under the
//! state lock, so `Spawned` events follow the FIFO order of the queue.

use std::io;
use std::os::unix::process::ExitStatusExt;
use std::sync::Arc;

use tokio::sync::oneshot;

use super::process::{kill_process_group, JobProcess};
use super::{run, Inner, QueuedRun, RunEvent, State};

/// A dispatched run that has no process yet.
pub(super) struct ProcessWaiter {
  run_id: u64,
  reply: oneshot::Sender<io::Result<JobProcess>>,
}

/// Source of a dispatched run's process.
pub(super) enum ProcessHandoff {
  /// An idle warm process, taken at dispatch.
  Warm(Box<JobProcess>),
  /// The result of the next boot to finish.
  Pending(oneshot::Receiver<io::Result<JobProcess>>),
}

/// Delay before replacing a warm process that was handed to a run.
const REFILL_DELAY: std::time::Duration = std::time::Duration::from_millis(50);

impl Inner {
  /// Gives `queued` a slot and a process (or a place in the waiting line) and starts its task.
  /// Called with the state lock held.
  pub(super) fn dispatch(self: &Arc<Self>, state: &mut State, queued: QueuedRun) {
    state.active += 1;
    let run_id = queued.spec.run_id;
    let handoff = match take_idle(state) {
      Some(process) => {
        self.emit(RunEvent::Spawned {
          run_id,
          pid: process.pid,
        });
        ProcessHandoff::Warm(Box::new(process))
      }
      None => {
        let (reply, receiver) = oneshot::channel();
        state.waiting.push_back(ProcessWaiter { run_id, reply });
        ProcessHandoff::Pending(receiver)
      }
    };
    let others_warm = !state.warm.is_empty();
    if matches!(handoff, ProcessHandoff::Warm(_)) && state.waiting.is_empty() && others_warm {
      // Booting node takes a core for tens of ms. Starting the replacement right away would slow
      // the job that just got its warm process, so while other warm processes remain the refill
      // waits until that job has started. An emptied pool refills at once.
      let inner = Arc::clone(self);
      self.runtime.spawn(async move {
        tokio::time::sleep(REFILL_DELAY).await;
        inner.start_boots(&mut inner.lock_state());
      });
    } else {
      self.start_boots(state);
    }
    self
      .runtime
      .spawn(run::drive(Arc::clone(self), queued, handoff));
  }

  /// Starts enough boots to serve every waiting run and keep `config.warm` processes idle.
  /// Called with the state lock held. A failed boot is not retried here, so a broken `node`
  /// setup fails the waiting runs instead of looping.
  pub(super) fn start_boots(self: &Arc<Self>, state: &mut State) {
    // While every run slot is taken, an idle warm process only costs memory: the next run can
    // start no sooner than a slot frees, and it boots its process on demand then.
    let saturated = state.active >= self.config.run_cap();
    let keep_warm = if saturated { 0 } else { self.config.warm };
    let needed = state.waiting.len() + keep_warm;
    let missing = needed.saturating_sub(state.warm.len() + state.booting);
    state.booting += missing;
    for _ in 0..missing {
      let inner = Arc::clone(self);
      let epoch = state.warm_epoch;
      self.runtime.spawn(async move { inner.boot(epoch).await });
    }
  }

  async fn boot(&self, epoch: u64) {
    let result = self.spawner.spawn(&self.config).await;
    let mut state = self.lock_state();
    state.booting -= 1;
    let waiter = state.waiting.pop_front();
    match (result, waiter) {
      (Ok(process), Some(waiter)) => {
        self.emit(RunEvent::Spawned {
          run_id: waiter.run_id,
          pid: process.pid,
        });
        if let Err(Ok(process)) = waiter.reply.send(Ok(process)) {
          // The run's task is gone, which happens only while the runtime shuts down.
          self.discard_warm(process);
        }
      }
      (Ok(process), None) if state.warm_epoch == epoch => {
        tracing::debug!(pid = process.pid, "warm job process booted");
        state.warm.push_back(process);
      }
      (Ok(process), None) => {
        drop(state);
        self.discard_warm(process);
      }
      (Err(error), Some(waiter)) => {
        let _ = waiter.reply.send(Err(error));
      }
      (Err(error), None) => {
        drop(state);
        tracing::error!(
          node = %self.config.node_path.display(),
          %error,
          "failed to boot a warm job process"
        );
      }
    }
  }

  /// Kills an unused process and reaps it in the background.
  pub(super) fn discard_warm(&self, process: JobProcess) {
    let JobProcess { mut child, pid, .. } = process;
    if let Ok(None) = child.try_wait() {
      kill_process_group(pid);
    }
    self.runtime.spawn(async move {
      let _ = child.wait().await;
    });
  }
}

/// Takes a live idle process, dropping any that died while idle.
fn take_idle(state: &mut State) -> Option<JobProcess> {
  while let Some(mut process) = state.warm.pop_front() {
    match process.child.try_wait() {
      Ok(None) => return Some(process),
      Ok(Some(status)) => tracing::warn!(
        pid = process.pid,
        exit_code = status.code(),
        signal = status.signal(),
        "warm job process exited while idle"
      ),
      Err(error) => {
        tracing::warn!(pid = process.pid, %error, "warm job process could not be checked")
      }
    }
  }
  None
}
