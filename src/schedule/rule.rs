//! The compiled form that cron and text schedules share: groups of per-day and time-of-day tests.
//!
//! The model is @breejs/later's: a group matches an instant when every one of its tests holds,
//! and it fires at the start of each matching period of its tick (the period of its finest test,
//! as later ranks them). A schedule fires when any of its groups fires, except at instants where
//! one of its exception groups matches.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::calendar::{days_in_month, sunday_based, DayPred};
use super::clock::TimeSet;

/// The period a group fires once in: it fires at the start of every matching one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tick {
  Second,
  Minute,
  Hour,
  Day,
  /// The 7-day blocks of a month: days 1-7, 8-14, ..., 29 to the end.
  WeekdayCount,
  /// Sunday-based weeks, cut at month boundaries.
  MonthWeek,
  /// Monday-based ISO weeks.
  IsoWeek,
  Month,
  Year,
}

impl Tick {
  /// Start of the period that contains `at`.
  pub fn start(self, at: NaiveDateTime) -> NaiveDateTime {
    let date = at.date();
    let midnight = |date: NaiveDate| date.and_time(NaiveTime::MIN);
    match self {
      Tick::Second => at.with_nanosecond(0).unwrap_or(at),
      Tick::Minute => {
        midnight(date) + chrono::Duration::minutes(i64::from(at.hour() * 60 + at.minute()))
      }
      Tick::Hour => midnight(date) + chrono::Duration::hours(i64::from(at.hour())),
      Tick::Day => midnight(date),
      Tick::WeekdayCount => midnight(date.with_day((date.day() - 1) / 7 * 7 + 1).unwrap_or(date)),
      Tick::MonthWeek => {
        let back = sunday_based(date.weekday()) - 1;
        let day = (u64::from(date.day())).saturating_sub(back).max(1);
        midnight(date.with_day(day as u32).unwrap_or(date))
      }
      Tick::IsoWeek => {
        midnight(date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday())))
      }
      Tick::Month => midnight(date.with_day(1).unwrap_or(date)),
      Tick::Year => midnight(NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date)),
    }
  }

  /// Start of the period after the one that contains `at`.
  pub fn next(self, at: NaiveDateTime) -> NaiveDateTime {
    let start = self.start(at);
    let date = at.date();
    let day_after = |day: u64| {
      let last = days_in_month(date);
      let end = date.with_day(day.min(last) as u32).unwrap_or(date);
      end.succ_opt().unwrap_or(end).and_time(NaiveTime::MIN)
    };
    match self {
      Tick::Second => start + chrono::Duration::seconds(1),
      Tick::Minute => start + chrono::Duration::minutes(1),
      Tick::Hour => start + chrono::Duration::hours(1),
      Tick::Day => start + chrono::Duration::days(1),
      Tick::WeekdayCount => day_after(u64::from((date.day() - 1) / 7 * 7 + 7)),
      Tick::MonthWeek => day_after(u64::from(date.day()) + 7 - sunday_based(date.weekday())),
      Tick::IsoWeek => start + chrono::Duration::days(7),
      Tick::Month => day_after(31),
      Tick::Year => NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)
        .map(|d| d.and_time(NaiveTime::MIN))
        .unwrap_or(start),
    }
  }
}

/// One alternative of a schedule: a conjunction of tests that fires once per matching tick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Group {
  pub days: DayPred,
  pub times: TimeSet,
  pub tick: Tick,
  /// True when the group fires on absolute instants across daylight-saving changes: its tick is
  /// an hour or finer and no hour or exact time pins it to a wall-clock time.
  pub absolute: bool,
}

impl Group {
  pub fn contains(&self, at: NaiveDateTime) -> bool {
    self.days.matches(at.date()) && self.times.contains(at.num_seconds_from_midnight())
  }

  /// Earliest matching second at or after `from`, up to `limit`.
  pub fn first_match(&self, from: NaiveDateTime, limit: NaiveDate) -> Option<NaiveDateTime> {
    self.times.next_from(0)?;
    let mut date = from.date();
    loop {
      let day = self.days.next_date(date, limit)?;
      let start = if day == from.date() {
        from.num_seconds_from_midnight()
      } else {
        0
      };
      if let Some(second) = self.times.next_from(start) {
        return Some(day.and_time(NaiveTime::MIN) + chrono::Duration::seconds(i64::from(second)));
      }
      date = day.succ_opt()?;
    }
  }

  /// Returns an instant after `at` (which matches) up to which the group keeps matching. It may
  /// stop short of the true end, never past it. `None` means it matches up to `limit`.
  pub fn matches_until(&self, at: NaiveDateTime, limit: NaiveDate) -> Option<NaiveDateTime> {
    let midnight = |date: NaiveDate| date.and_time(NaiveTime::MIN);
    if !self.times.is_any() {
      let next_day = midnight(at.date().succ_opt()?);
      let end = self
        .times
        .next_missing_after(at.num_seconds_from_midnight())
        .map_or(next_day, |second| {
          midnight(at.date()) + chrono::Duration::seconds(i64::from(second))
        });
      return Some(end);
    }
    let mut date = at.date().succ_opt()?;
    while date <= limit {
      if !self.days.matches(date) {
        return Some(midnight(date));
      }
      date = date.succ_opt()?;
    }
    None
  }
}

/// A compiled schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
  pub groups: Vec<Group>,
  pub exceptions: Vec<Group>,
}
