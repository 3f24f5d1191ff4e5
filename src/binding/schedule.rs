//! Schedule helpers exposed to JS: previewing run times and validating schedules.

use chrono::{DateTime, Utc};
use napi::{Error, Result, Status};

use crate::schedule::{self, Schedule, ScheduleError, ScheduleKind, Zone};

fn zone_from(timezone: Option<&str>) -> std::result::Result<Zone, ScheduleError> {
  timezone.map_or(Ok(Zone::Local), Zone::parse)
}

fn invalid_arg(message: String) -> Error {
  Error::new(Status::InvalidArg, message)
}

/// Returns up to `count` run times of the schedule `at` after `fromMs`, as milliseconds since
/// the epoch. `at` is a cron expression (6 fields with seconds first, or 5) or a text schedule
/// such as `every 5 minutes`; `timezone` is an IANA name or `local` (the default).
///
/// Throws an `InvalidArg` error naming the value when `at` or `timezone` is invalid, when
/// `fromMs` is not a finite number, or when the schedule never fires after `fromMs`.
#[napi]
pub fn next_runs(
  at: String,
  count: u32,
  from_ms: f64,
  timezone: Option<String>,
) -> Result<Vec<f64>> {
  let zone = zone_from(timezone.as_deref()).map_err(|err| invalid_arg(err.to_string()))?;
  let from = DateTime::<Utc>::from_timestamp_millis(from_ms as i64)
    .filter(|_| from_ms.is_finite())
    .ok_or_else(|| {
      invalid_arg(format!(
        "invalid start time {from_ms}: expected milliseconds since the epoch"
      ))
    })?;
  let runs = schedule::next_runs(&at, count as usize, from, &zone)
    .map_err(|err| invalid_arg(err.to_string()))?;
  Ok(
    runs
      .iter()
      .map(|run| run.timestamp_millis() as f64)
      .collect(),
  )
}

/// Returns `null` when `at` is a valid schedule that fires again after now in `timezone`
/// (an IANA name or `local`, the default); otherwise the reason it is not, such as
/// `expected a number or a unit such as "minutes" after "every", found "five"`.
#[napi]
pub fn check_schedule(at: String, timezone: Option<String>) -> Option<String> {
  let checked = zone_from(timezone.as_deref()).and_then(|zone| {
    let schedule = Schedule::parse(&at)?;
    schedule.validate_has_future(Utc::now(), &zone)
  });
  checked.err().map(|err| {
    if err.is_time_zone() {
      err.to_string()
    } else {
      err.reason
    }
  })
}

/// Returns `"cron"` or `"text"` for the syntax `at` is written in, or `null` when it does not
/// parse.
#[napi]
pub fn schedule_kind(at: String) -> Option<String> {
  match Schedule::parse(&at).ok()?.kind() {
    ScheduleKind::Cron => Some("cron".to_string()),
    ScheduleKind::Text => Some("text".to_string()),
    ScheduleKind::Once => None,
  }
}
