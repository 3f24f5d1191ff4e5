//! The inline job queue: a FIFO of task ids with a concurrency limit.
//!
//! The queue never runs jobs itself; it decides which task starts when. A task pushed while a
//! slot is free starts at once in the caller, as with fastq, so an idle queue adds no event-loop
//! turn. A task that had to wait is handed to the dispatcher when a slot frees up. The binding's
//! dispatcher calls the JS task runner through a threadsafe function. The runner reports back
//! with [`InlineQueue::finish`]. All calls come from the JS main thread, so there is no lock.

use std::collections::VecDeque;
use std::fmt;

/// Number of inline jobs that run at once unless the `concurrency` option sets another limit.
pub const DEFAULT_CONCURRENCY: usize = 3;

/// Errors the inline queue returns to its caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueError {
  /// A concurrency of zero would never start a task.
  InvalidConcurrency(usize),
  /// `finish` was called while no task was running, which means the runner lost count.
  NothingRunning,
}

impl fmt::Display for QueueError {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match self {
      QueueError::InvalidConcurrency(value) => {
        write!(
          f,
          "invalid inline queue concurrency {value}: expected a whole number of at least 1"
        )
      }
      QueueError::NothingRunning => write!(f, "an inline task finished while none was running"),
    }
  }
}

impl std::error::Error for QueueError {}

/// FIFO queue of task ids that starts at most `concurrency` of them at a time.
pub struct InlineQueue<D: FnMut(u64)> {
  waiting: VecDeque<u64>,
  running: usize,
  concurrency: usize,
  dispatch: D,
}

impl<D: FnMut(u64)> InlineQueue<D> {
  /// Creates a queue that calls `dispatch(id)` when a task may start.
  pub fn new(concurrency: usize, dispatch: D) -> Result<Self, QueueError> {
    if concurrency == 0 {
      return Err(QueueError::InvalidConcurrency(concurrency));
    }
    Ok(Self {
      waiting: VecDeque::new(),
      running: 0,
      concurrency,
      dispatch,
    })
  }

  /// Adds a task. Returns true when a slot was free: the task counts as running and the caller
  /// starts it now. Otherwise it waits and is dispatched once a slot frees up.
  #[must_use = "a task that got a slot must be started by the caller"]
  pub fn push(&mut self, id: u64) -> bool {
    if self.running < self.concurrency && self.waiting.is_empty() {
      self.running += 1;
      true
    } else {
      self.waiting.push_back(id);
      false
    }
  }

  /// Frees the slot of a task that settled and dispatches the oldest waiting task, if any.
  /// Returns how many tasks it dispatched.
  pub fn finish(&mut self) -> Result<usize, QueueError> {
    if self.running == 0 {
      return Err(QueueError::NothingRunning);
    }
    self.running -= 1;
    Ok(self.fill_slots())
  }

  /// Changes the limit. A higher limit starts waiting tasks at once. A lower one lets running
  /// tasks finish and starts no new ones until fewer than the limit run.
  /// Returns how many waiting tasks it dispatched.
  pub fn set_concurrency(&mut self, concurrency: usize) -> Result<usize, QueueError> {
    if concurrency == 0 {
      return Err(QueueError::InvalidConcurrency(concurrency));
    }
    self.concurrency = concurrency;
    Ok(self.fill_slots())
  }

  fn fill_slots(&mut self) -> usize {
    let mut dispatched = 0;
    while self.running < self.concurrency {
      let Some(next) = self.waiting.pop_front() else {
        break;
      };
      self.running += 1;
      dispatched += 1;
      (self.dispatch)(next);
    }
    dispatched
  }

  /// Number of tasks waiting for a slot; running tasks are not counted.
  pub fn length(&self) -> usize {
    self.waiting.len()
  }

  /// Number of tasks dispatched and not yet finished.
  pub fn running(&self) -> usize {
    self.running
  }

  /// True when no task runs and none waits.
  pub fn idle(&self) -> bool {
    self.running == 0 && self.waiting.is_empty()
  }

  pub fn concurrency(&self) -> usize {
    self.concurrency
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use std::cell::RefCell;
  use std::rc::Rc;

  type Started = Rc<RefCell<Vec<u64>>>;

  fn recording_queue(concurrency: usize) -> (InlineQueue<impl FnMut(u64)>, Started) {
    let started = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&started);
    let queue = InlineQueue::new(concurrency, move |id| sink.borrow_mut().push(id)).unwrap();
    (queue, started)
  }

  /// Pushes a task and, like the JS runner, records it as started when it got a slot at once.
  fn push_task(queue: &mut InlineQueue<impl FnMut(u64)>, started: &Started, id: u64) {
    if queue.push(id) {
      started.borrow_mut().push(id);
    }
  }

  #[test]
  fn push_dispatches_up_to_the_limit() {
    let (mut queue, started) = recording_queue(3);

    for id in 1..=6 {
      push_task(&mut queue, &started, id);
    }

    assert_eq!(*started.borrow(), vec![1, 2, 3]);
    assert_eq!(queue.running(), 3);
    assert_eq!(queue.length(), 3);
    assert!(!queue.idle());
  }

  #[test]
  fn finish_starts_waiting_tasks_in_fifo_order() {
    let (mut queue, started) = recording_queue(2);
    for id in 1..=5 {
      push_task(&mut queue, &started, id);
    }

    queue.finish().unwrap();
    queue.finish().unwrap();
    queue.finish().unwrap();

    assert_eq!(*started.borrow(), vec![1, 2, 3, 4, 5]);
    assert_eq!(queue.running(), 2);
    assert_eq!(queue.length(), 0);
  }

  #[test]
  fn finish_reports_dispatched_tasks() {
    let (mut queue, started) = recording_queue(1);
    push_task(&mut queue, &started, 1);
    push_task(&mut queue, &started, 2);

    assert_eq!(queue.finish(), Ok(1));
    assert_eq!(queue.finish(), Ok(0));
  }

  #[test]
  fn queue_is_idle_after_every_task_finished() {
    let (mut queue, started) = recording_queue(3);
    push_task(&mut queue, &started, 1);
    push_task(&mut queue, &started, 2);

    queue.finish().unwrap();
    assert!(!queue.idle());
    queue.finish().unwrap();

    assert!(queue.idle());
    assert_eq!(queue.running(), 0);
  }

  #[test]
  fn push_behind_waiting_tasks_waits() {
    let (mut queue, started) = recording_queue(1);
    push_task(&mut queue, &started, 1);
    push_task(&mut queue, &started, 2);

    queue.set_concurrency(2).unwrap();
    push_task(&mut queue, &started, 3);

    assert_eq!(*started.borrow(), vec![1, 2]);
    assert_eq!(queue.length(), 1);
  }

  #[test]
  fn finish_without_running_task_is_an_error() {
    let (mut queue, _) = recording_queue(1);

    assert_eq!(queue.finish(), Err(QueueError::NothingRunning));
  }

  #[test]
  fn zero_concurrency_is_rejected() {
    let result = InlineQueue::new(0, |_| {});

    assert!(matches!(result, Err(QueueError::InvalidConcurrency(0))));
  }

  #[test]
  fn raising_concurrency_starts_waiting_tasks() {
    let (mut queue, started) = recording_queue(1);
    for id in 1..=4 {
      push_task(&mut queue, &started, id);
    }

    queue.set_concurrency(3).unwrap();

    assert_eq!(*started.borrow(), vec![1, 2, 3]);
    assert_eq!(queue.length(), 1);
  }

  #[test]
  fn lowering_concurrency_lets_running_tasks_finish() {
    let (mut queue, started) = recording_queue(3);
    for id in 1..=5 {
      push_task(&mut queue, &started, id);
    }

    queue.set_concurrency(1).unwrap();
    queue.finish().unwrap();
    queue.finish().unwrap();
    assert_eq!(started.borrow().len(), 3);
    queue.finish().unwrap();

    assert_eq!(*started.borrow(), vec![1, 2, 3, 4]);
    assert_eq!(queue.running(), 1);
  }

  #[test]
  fn hundred_thousand_tasks_keep_fifo_order() {
    let (mut queue, started) = recording_queue(3);
    for id in 0..100_000 {
      push_task(&mut queue, &started, id);
    }
    while queue.running() > 0 {
      queue.finish().unwrap();
    }

    let order = started.borrow();
    assert_eq!(order.len(), 100_000);
    assert!(order.windows(2).all(|pair| pair[0] < pair[1]));
  }
}
