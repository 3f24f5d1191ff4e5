//! Schedules: parsing cron expressions and later.js text schedules, and computing their next
//! occurrences in a time zone.
//!
//! Parse once with [`Schedule::parse`], then call [`Schedule::next_after`] for each run. The search
//! jumps over whole years, months and days that cannot match instead of stepping second by second.
//! Occurrences fall on whole seconds.

mod calendar;
mod clock;
mod cron;
mod eval;
mod rule;
mod text;
mod zone;

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};

pub use eval::SEARCH_YEARS;
use rule::Rule;
pub use zone::Zone;

/// A schedule string that could not be parsed, or a time zone name that is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleError {
  /// The schedule or zone name as given.
  pub input: String,
  /// The part that was not understood, in plain words.
  pub reason: String,
  subject: Subject,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Subject {
  Schedule,
  TimeZone,
}

impl ScheduleError {
  fn schedule(input: &str, reason: impl Into<String>) -> ScheduleError {
    ScheduleError {
      input: input.to_string(),
      reason: reason.into(),
      subject: Subject::Schedule,
    }
  }

  fn time_zone(input: &str, reason: impl Into<String>) -> ScheduleError {
    ScheduleError {
      input: input.to_string(),
      reason: reason.into(),
      subject: Subject::TimeZone,
    }
  }

  /// True when the error is about a time zone name rather than a schedule.
  pub fn is_time_zone(&self) -> bool {
    self.subject == Subject::TimeZone
  }
}

impl fmt::Display for ScheduleError {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let what = match self.subject {
      Subject::Schedule => "schedule",
      Subject::TimeZone => "time zone",
    };
    write!(f, "invalid {what} {:?}: {}", self.input, self.reason)
  }
}

impl std::error::Error for ScheduleError {}

/// The syntax a schedule is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleKind {
  /// A cron expression with 6 fields (seconds first) or 5.
  Cron,
  /// A later.js text schedule such as `every 5 minutes`.
  Text,
  /// A single instant.
  Once,
}

/// A parsed schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
  source: String,
  kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
  Cron(Rule),
  Text(Rule),
  Once(DateTime<Utc>),
}

impl Schedule {
  /// Parses a cron expression or a text schedule.
  ///
  /// A string that starts with a digit or `*` is read as cron, anything else as text. A
  /// schedule can parse and still never fire (`in 2020`); [`Schedule::next_after`] then
  /// returns `None`, and [`Schedule::validate_has_future`] turns that into an error.
  pub fn parse(at: &str) -> Result<Schedule, ScheduleError> {
    let kind = if cron::looks_like_cron(at) {
      cron::parse(at).map(Kind::Cron)
    } else {
      text::parse(at).map(Kind::Text)
    };
    let kind = kind.map_err(|reason| ScheduleError::schedule(at, reason))?;
    Ok(Schedule {
      source: at.to_string(),
      kind,
    })
  }

  /// Creates a schedule that fires once, at `at`.
  pub fn once(at: DateTime<Utc>) -> Schedule {
    Schedule {
      source: at.to_rfc3339_opts(SecondsFormat::Millis, true),
      kind: Kind::Once(at),
    }
  }

  /// Returns the string the schedule was parsed from.
  pub fn source(&self) -> &str {
    &self.source
  }

  pub fn kind(&self) -> ScheduleKind {
    match &self.kind {
      Kind::Cron(_) => ScheduleKind::Cron,
      Kind::Text(_) => ScheduleKind::Text,
      Kind::Once(_) => ScheduleKind::Once,
    }
  }

  /// First occurrence strictly after `after`, reading the schedule's fields on the wall clock
  /// of `zone`. `None` when there is none within [`SEARCH_YEARS`] years.
  pub fn next_after(&self, after: DateTime<Utc>, zone: &Zone) -> Option<DateTime<Utc>> {
    match &self.kind {
      Kind::Cron(rule) | Kind::Text(rule) => rule.next_instant(after, zone),
      Kind::Once(at) => (*at > after).then_some(*at),
    }
  }

  /// Fails when the schedule has no occurrence after `now`, such as `in 2020`.
  pub fn validate_has_future(&self, now: DateTime<Utc>, zone: &Zone) -> Result<(), ScheduleError> {
    match self.next_after(now, zone) {
      Some(_) => Ok(()),
      None => Err(self.never_fires(now)),
    }
  }

  fn never_fires(&self, after: DateTime<Utc>) -> ScheduleError {
    ScheduleError::schedule(
      &self.source,
      format!(
        "it never fires after {} (searched {SEARCH_YEARS} years ahead)",
        after.to_rfc3339_opts(SecondsFormat::Secs, true)
      ),
    )
  }
}

/// Parses `at` and returns up to `count` occurrences after `from`; fails when `at` does not
/// parse or never fires after `from`.
pub fn next_runs(
  at: &str,
  count: usize,
  from: DateTime<Utc>,
  zone: &Zone,
) -> Result<Vec<DateTime<Utc>>, ScheduleError> {
  let schedule = Schedule::parse(at)?;
  let first = schedule
    .next_after(from, zone)
    .ok_or_else(|| schedule.never_fires(from))?;
  let mut runs = Vec::with_capacity(count.min(1024));
  let mut next = Some(first);
  while let Some(run) = next.filter(|_| runs.len() < count) {
    runs.push(run);
    next = schedule.next_after(run, zone);
  }
  Ok(runs)
}
