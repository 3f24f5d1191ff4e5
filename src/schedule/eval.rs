//! Next-occurrence search: first on the wall clock, then mapped onto UTC in a zone.
//!
//! Daylight-saving rules: a group pinned to wall-clock times (an hour field, an `at` time, or a
//! tick of a day or longer) fires once per wall time. A wall time the clock skips fires at the
//! instant of the jump, and one the clock repeats fires at its first occurrence. An absolute group
//! (tick of an hour or finer, no hour or time pinned) fires at every instant whose wall time
//! matches, so `every 5 minutes` stays 5 minutes apart through both changes.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};

use super::rule::{Group, Rule};
use super::zone::{first_instant_showing, first_offset_change, wall_with_offset, WallTime, Zone};

/// How far ahead a search looks before it reports that a schedule never fires.
pub const SEARCH_YEARS: i32 = 100;

/// Bounds the loops below; each step moves forward by at least one period or exception.
const MAX_STEPS: usize = 10_000;

impl Rule {
  /// First wall-clock time at or after `from` at which `group` fires and no exception matches.
  pub(crate) fn next_wall(&self, group: &Group, from: NaiveDateTime) -> Option<NaiveDateTime> {
    let limit = search_limit(from.date());
    let mut lower = from;
    let mut search = from;
    for _ in 0..MAX_STEPS {
      let found = group.first_match(search, limit)?;
      let start = group.tick.start(found);
      if start < lower {
        // The match lies in a period that began before `lower`, so it does not count.
        search = group.tick.next(found);
        continue;
      }
      match self
        .exceptions
        .iter()
        .find(|exception| exception.contains(start))
      {
        None => return Some(start),
        Some(exception) => {
          let end = exception.matches_until(start, limit)?;
          lower = end;
          search = end;
        }
      }
    }
    None
  }

  /// First instant strictly after `after` at which the rule fires in `zone`.
  pub(crate) fn next_instant(&self, after: DateTime<Utc>, zone: &Zone) -> Option<DateTime<Utc>> {
    // Occurrences fall on whole seconds, so "after `after`" means "at or after this second".
    let threshold = after.timestamp().checked_add(1)?;
    self
      .groups
      .iter()
      .filter_map(|group| {
        if group.absolute {
          self.next_absolute(group, threshold, zone)
        } else {
          self.next_pinned(group, threshold, zone)
        }
      })
      .min()
      .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
  }

  fn next_absolute(&self, group: &Group, threshold: i64, zone: &Zone) -> Option<i64> {
    let mut current = threshold;
    for _ in 0..MAX_STEPS {
      let offset = zone.offset_at(current);
      let wall = self.next_wall(group, wall_with_offset(current, offset)?)?;
      let instant = super::zone::wall_seconds(wall) - offset;
      match first_offset_change(zone, current, instant) {
        None => return Some(instant),
        // The clock changes before that wall time comes round: continue from the change.
        Some(change) => current = change,
      }
    }
    None
  }

  fn next_pinned(&self, group: &Group, threshold: i64, zone: &Zone) -> Option<i64> {
    let last_excluded = threshold - 1;
    let mut wall = zone.wall_at(last_excluded)?;
    if let WallTime::Repeated(first, second) = zone.resolve(wall) {
      if last_excluded >= second {
        // In the repeated hour every wall time already fired at its first occurrence, so the
        // search resumes where the wall clock passes the end of the repeat.
        let change = first_offset_change(zone, first, second)?;
        wall = wall_with_offset(change, zone.offset_at(first))?;
      }
    }
    for _ in 0..MAX_STEPS {
      let found = self.next_wall(group, wall)?;
      let instant = match zone.resolve(found) {
        WallTime::Single(instant) | WallTime::Repeated(instant, _) => instant,
        WallTime::Skipped => first_instant_showing(zone, found),
      };
      if instant >= threshold {
        return Some(instant);
      }
      wall = found + chrono::Duration::seconds(1);
    }
    None
  }
}

fn search_limit(from: NaiveDate) -> NaiveDate {
  NaiveDate::from_ymd_opt(from.year().saturating_add(SEARCH_YEARS), 12, 31)
    .unwrap_or(NaiveDate::MAX)
}
