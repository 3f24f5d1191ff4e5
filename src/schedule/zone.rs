//! Time zones that schedules are evaluated in, and the conversions between UTC and wall time.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use super::ScheduleError;

/// The zone whose wall clock a schedule's fields are read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
  /// The process's local zone, as `chrono::Local` reads it (honours the `TZ` variable).
  Local,
  Named(Tz),
}

/// The instants at which a wall-clock time occurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WallTime {
  Single(i64),
  /// The clock was turned back, so the wall time happened at both instants (earlier first).
  Repeated(i64, i64),
  /// The clock jumped over the wall time, so it never happened.
  Skipped,
}

impl Zone {
  /// Parses `"local"`, `"system"`, an empty string or an IANA zone name such as `Europe/London`.
  /// Names are matched exactly first, then without regard to ASCII case.
  pub fn parse(name: &str) -> Result<Zone, ScheduleError> {
    let trimmed = name.trim();
    if trimmed.is_empty()
      || trimmed.eq_ignore_ascii_case("local")
      || trimmed.eq_ignore_ascii_case("system")
    {
      return Ok(Zone::Local);
    }
    if let Ok(tz) = Tz::from_str(trimmed) {
      return Ok(Zone::Named(tz));
    }
    chrono_tz::TZ_VARIANTS
      .iter()
      .find(|tz| tz.name().eq_ignore_ascii_case(trimmed))
      .map(|tz| Zone::Named(*tz))
      .ok_or_else(|| {
        ScheduleError::time_zone(
          name,
          "not an IANA time zone name such as \"Europe/London\", nor \"local\"",
        )
      })
  }

  /// Offset from UTC, in seconds east, at the instant `utc` (seconds since the epoch).
  pub(crate) fn offset_at(&self, utc: i64) -> i64 {
    let Some(instant) = DateTime::<Utc>::from_timestamp(utc, 0) else {
      return 0;
    };
    let naive = instant.naive_utc();
    let seconds = match self {
      Zone::Local => chrono::Local
        .offset_from_utc_datetime(&naive)
        .fix()
        .local_minus_utc(),
      Zone::Named(tz) => tz.offset_from_utc_datetime(&naive).fix().local_minus_utc(),
    };
    i64::from(seconds)
  }

  /// Wall-clock time at the instant `utc` (seconds since the epoch).
  pub(crate) fn wall_at(&self, utc: i64) -> Option<NaiveDateTime> {
    wall_with_offset(utc, self.offset_at(utc))
  }

  pub(crate) fn resolve(&self, wall: NaiveDateTime) -> WallTime {
    match self {
      Zone::Local => classify(chrono::Local.from_local_datetime(&wall)),
      Zone::Named(tz) => classify(tz.from_local_datetime(&wall)),
    }
  }
}

impl fmt::Display for Zone {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match self {
      Zone::Local => f.write_str("local"),
      Zone::Named(tz) => f.write_str(tz.name()),
    }
  }
}

fn classify<T: TimeZone>(result: LocalResult<DateTime<T>>) -> WallTime {
  match result {
    LocalResult::Single(at) => WallTime::Single(at.timestamp()),
    LocalResult::Ambiguous(a, b) => {
      let (a, b) = (a.timestamp(), b.timestamp());
      WallTime::Repeated(a.min(b), a.max(b))
    }
    LocalResult::None => WallTime::Skipped,
  }
}

pub(crate) fn wall_with_offset(utc: i64, offset: i64) -> Option<NaiveDateTime> {
  DateTime::<Utc>::from_timestamp(utc.checked_add(offset)?, 0).map(|at| at.naive_utc())
}

/// Seconds since the epoch of `wall` read as if it were UTC.
pub(crate) fn wall_seconds(wall: NaiveDateTime) -> i64 {
  wall.and_utc().timestamp()
}

/// First instant in `(from, to]` whose offset differs from the offset at `from`.
pub(crate) fn first_offset_change(zone: &Zone, from: i64, to: i64) -> Option<i64> {
  const DAY: i64 = 86_400;
  let offset = zone.offset_at(from);
  // NOTE: one probe per day assumes a zone changes its offset at most once a day, as the
  // daylight-saving rules in use do; two changes within one day would go unseen.
  if to - from <= DAY && zone.offset_at(to) == offset {
    return None;
  }
  let mut low = from;
  while low < to {
    let high = (low + DAY).min(to);
    if zone.offset_at(high) != offset {
      return Some(bisect(low, high, |at| zone.offset_at(at) != offset));
    }
    low = high;
  }
  None
}

/// First instant at which the wall clock shows `wall` or later; for a skipped wall time this is
/// the instant the clock jumped.
pub(crate) fn first_instant_showing(zone: &Zone, wall: NaiveDateTime) -> i64 {
  const SPAN: i64 = 50 * 3600;
  let guess = wall_seconds(wall);
  let shows = |at: i64| zone.wall_at(at).is_some_and(|shown| shown >= wall);
  bisect(guess - SPAN, guess + SPAN, shows)
}

/// Smallest `x` in `(low, high]` with `pred(x)`, given `!pred(low)`, `pred(high)` and a
/// predicate that flips once.
fn bisect(mut low: i64, mut high: i64, pred: impl Fn(i64) -> bool) -> i64 {
  while high - low > 1 {
    let mid = low + (high - low) / 2;
    if pred(mid) {
      high = mid;
    } else {
      low = mid;
    }
  }
  high
}
