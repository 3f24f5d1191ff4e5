//! The date half of a schedule group: tests on calendar values such as the day of the month, the
//! weekday or the ISO week, and a search that jumps over years and months that cannot match.

use chrono::{Datelike, NaiveDate, Weekday};

use super::clock::Bits;

/// A calendar value that a day test reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DayField {
  /// Day of the month, 1-31; 0 in a list means the last day.
  MonthDay,
  /// Day of the week, 1 = Sunday to 7 = Saturday; 0 in a list means Saturday.
  Weekday,
  /// Number of the 7-day block of the month, 1-5 (days 1-7 are 1); 0 means the last 7 days.
  WeekdayCount,
  /// Day of the year, 1-366; 0 means the last day.
  YearDay,
  /// Sunday-based week of the month, 1-6; 0 means the last week.
  MonthWeek,
  /// ISO 8601 week of the year, 1-53; 0 means the last week.
  IsoWeek,
  /// Month, 1-12; 0 means December.
  Month,
  Year,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Test {
  /// The value is one of these (sorted); 0 stands for the field's last value.
  OneOf(Vec<u64>),
  AtLeast(u64),
  Below(u64),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DayTest {
  pub field: DayField,
  pub test: Test,
}

impl DayTest {
  pub fn matches(&self, date: NaiveDate) -> bool {
    let (value, last) = field_value(self.field, date);
    match &self.test {
      Test::AtLeast(bound) => value >= *bound,
      Test::Below(bound) => value < *bound,
      Test::OneOf(values) => {
        if values.binary_search(&value).is_ok() {
          return true;
        }
        if values.first() != Some(&0) {
          return false;
        }
        match self.field {
          DayField::Year => false,
          DayField::WeekdayCount => u64::from(date.day()) + 7 > days_in_month(date),
          _ => value == last,
        }
      }
    }
  }
}

/// Value of `field` on `date`, and the largest value it takes in the enclosing period.
fn field_value(field: DayField, date: NaiveDate) -> (u64, u64) {
  let day = u64::from(date.day());
  match field {
    DayField::MonthDay => (day, days_in_month(date)),
    DayField::Weekday => (sunday_based(date.weekday()), 7),
    DayField::WeekdayCount => ((day - 1) / 7 + 1, days_in_month(date).div_ceil(7)),
    DayField::YearDay => (
      u64::from(date.ordinal()),
      if date.leap_year() { 366 } else { 365 },
    ),
    DayField::MonthWeek => {
      let month_days = days_in_month(date);
      let first = sunday_based(date.with_day(1).unwrap_or(date).weekday());
      let last_date = date.with_day(month_days as u32).unwrap_or(date);
      let week = (day + first - 1 + 7 - sunday_based(date.weekday())) / 7;
      let weeks = (month_days + first - 1 + 7 - sunday_based(last_date.weekday())) / 7;
      (week, weeks)
    }
    DayField::IsoWeek => {
      let week = u64::from(date.iso_week().week());
      (week, iso_weeks_in_year(date.iso_week().year()))
    }
    DayField::Month => (u64::from(date.month()), 12),
    DayField::Year => (u64::try_from(date.year()).unwrap_or(0), u64::MAX),
  }
}

pub(crate) fn sunday_based(weekday: Weekday) -> u64 {
  u64::from(weekday.num_days_from_sunday()) + 1
}

pub(crate) fn days_in_month(date: NaiveDate) -> u64 {
  let (year, month) = (date.year(), date.month());
  let next = if month == 12 {
    NaiveDate::from_ymd_opt(year + 1, 1, 1)
  } else {
    NaiveDate::from_ymd_opt(year, month + 1, 1)
  };
  match (next, NaiveDate::from_ymd_opt(year, month, 1)) {
    (Some(next), Some(first)) => (next - first).num_days() as u64,
    _ => 31,
  }
}

fn iso_weeks_in_year(year: i32) -> u64 {
  // An ISO year has 53 weeks when it starts or ends on a Thursday.
  let starts = NaiveDate::from_ymd_opt(year, 1, 1).map(|d| d.weekday());
  let ends = NaiveDate::from_ymd_opt(year, 12, 31).map(|d| d.weekday());
  if starts == Some(Weekday::Thu) || ends == Some(Weekday::Thu) {
    53
  } else {
    52
  }
}

/// The date part of a group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DayPred {
  /// Every one of these must hold.
  pub all: Vec<DayTest>,
  /// When not empty, at least one of these must hold too (cron's day-of-month OR day-of-week).
  pub either: Vec<DayTest>,
}

impl DayPred {
  pub fn matches(&self, date: NaiveDate) -> bool {
    self.all.iter().all(|test| test.matches(date))
      && (self.either.is_empty() || self.either.iter().any(|test| test.matches(date)))
  }

  /// First allowed year at or after `year`, from the year tests alone.
  fn next_year(&self, year: i32) -> Option<i32> {
    let mut year = u64::try_from(year).ok()?;
    // Each test can only move the year forward, so a pass that moves nothing is a fixed point.
    for _ in 0..8 {
      let before = year;
      for test in self.all.iter().filter(|test| test.field == DayField::Year) {
        year = match &test.test {
          Test::OneOf(values) => *values.iter().find(|&&value| value >= year)?,
          Test::AtLeast(bound) => year.max(*bound),
          Test::Below(bound) => Some(year).filter(|&year| year < *bound)?,
        };
      }
      if year == before {
        return i32::try_from(year).ok();
      }
    }
    None
  }

  /// Months (bits 1-12) that the month tests allow.
  fn month_mask(&self) -> Bits {
    let mut mask = Bits::range(1, 12);
    for test in self.all.iter().filter(|test| test.field == DayField::Month) {
      let allowed = match &test.test {
        Test::OneOf(values) => {
          let mut bits = Bits::EMPTY;
          for &value in values {
            bits.insert(if value == 0 { 12 } else { value });
          }
          bits
        }
        Test::AtLeast(bound) => Bits::range(*bound, 12),
        Test::Below(bound) => Bits::range(0, bound.saturating_sub(1)),
      };
      mask.0 &= allowed.0;
    }
    mask
  }

  /// First matching date in `from..=limit`, jumping over disallowed years and months.
  pub fn next_date(&self, from: NaiveDate, limit: NaiveDate) -> Option<NaiveDate> {
    let months = self.month_mask();
    let mut date = from;
    while date <= limit {
      let year = date.year();
      let allowed_year = self.next_year(year)?;
      if allowed_year != year {
        date = NaiveDate::from_ymd_opt(allowed_year, 1, 1)?;
        continue;
      }
      match months.next_from(date.month()).filter(|&month| month <= 12) {
        None => date = NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
        Some(month) if month != date.month() => date = NaiveDate::from_ymd_opt(year, month, 1)?,
        Some(_) if self.matches(date) => return Some(date),
        Some(_) => date = date.succ_opt()?,
      }
    }
    None
  }
}
