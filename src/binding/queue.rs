//! `NativeInlineQueue`: the inline queue's JS face.

use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};

use crate::queue::{InlineQueue, QueueError};

/// Weak, so an idle queue never keeps Node running. The JS side keeps a timer handle while tasks
/// are queued or running instead.
type RunTaskCallback = ThreadsafeFunction<f64, (), f64, Status, false, true>;

type Dispatch = Box<dyn FnMut(u64)>;

fn queue_error(error: QueueError) -> Error {
  let status = match error {
    QueueError::InvalidConcurrency(_) => Status::InvalidArg,
    QueueError::NothingRunning => Status::GenericFailure,
  };
  Error::new(status, error.to_string())
}

/// FIFO queue of inline tasks with a concurrency limit. Tasks are numbers chosen by the caller.
/// `push(id)` returns true when the task got a slot, and the caller then starts it at once. A task
/// that waited is started by a call of `runTask(id)` through a threadsafe function. The caller calls
/// `finish()` once a task settled.
#[napi]
pub struct NativeInlineQueue {
  inner: InlineQueue<Dispatch>,
}

#[napi]
impl NativeInlineQueue {
  /// Throws `InvalidArg` when `concurrency` is 0.
  #[napi(constructor)]
  pub fn new(concurrency: u32, run_task: Function<f64, ()>) -> Result<Self> {
    let callback: RunTaskCallback = run_task
      .build_threadsafe_function()
      .weak::<true>()
      .build()?;
    let dispatch: Dispatch = Box::new(move |id| {
      callback.call(id as f64, ThreadsafeFunctionCallMode::NonBlocking);
    });
    let inner = InlineQueue::new(concurrency as usize, dispatch).map_err(queue_error)?;
    Ok(Self { inner })
  }

  /// Queues task `id`. Returns true when a slot was free and the caller must start it now.
  #[napi]
  pub fn push(&mut self, id: f64) -> bool {
    self.inner.push(id as u64)
  }

  /// Frees the slot of a settled task. Returns how many waiting tasks it dispatched (0 or 1).
  #[napi]
  pub fn finish(&mut self) -> Result<u32> {
    let dispatched = self.inner.finish().map_err(queue_error)?;
    Ok(dispatched as u32)
  }

  /// Number of tasks waiting for a slot (running tasks excluded).
  #[napi]
  pub fn length(&self) -> u32 {
    self.inner.length() as u32
  }

  /// Number of running tasks.
  #[napi]
  pub fn running(&self) -> u32 {
    self.inner.running() as u32
  }

  /// True when nothing runs and nothing waits.
  #[napi]
  pub fn idle(&self) -> bool {
    self.inner.idle()
  }

  #[napi(getter)]
  pub fn concurrency(&self) -> u32 {
    self.inner.concurrency() as u32
  }

  /// Changes the limit and returns how many waiting tasks it dispatched. Throws `InvalidArg`
  /// when `value` is 0.
  #[napi]
  pub fn set_concurrency(&mut self, value: u32) -> Result<u32> {
    let dispatched = self
      .inner
      .set_concurrency(value as usize)
      .map_err(queue_error)?;
    Ok(dispatched as u32)
  }
}
