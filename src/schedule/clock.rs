//! The time-of-day half of a schedule group: sets of hours, minutes and seconds, exact times of
//! day and bounds, with searches for the next member and the next non-member.

pub(crate) const SECONDS_PER_DAY: u32 = 86_400;

/// Set of integers in 0..64.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bits(pub u64);

impl Bits {
  pub const EMPTY: Bits = Bits(0);

  /// Builds the set of integers `lo..=hi`, clipped to 0..64.
  pub fn range(lo: u64, hi: u64) -> Bits {
    if lo > hi || lo > 63 {
      return Bits::EMPTY;
    }
    let hi = hi.min(63);
    let width = hi - lo + 1;
    let mask = if width == 64 {
      u64::MAX
    } else {
      (1u64 << width) - 1
    };
    Bits(mask << lo)
  }

  pub fn insert(&mut self, value: u64) {
    if value < 64 {
      self.0 |= 1 << value;
    }
  }

  pub fn contains(self, value: u32) -> bool {
    value < 64 && self.0 & (1 << value) != 0
  }

  /// Smallest member that is at least `value`.
  pub fn next_from(self, value: u32) -> Option<u32> {
    if value >= 64 {
      return None;
    }
    let rest = self.0 >> value;
    (rest != 0).then(|| value + rest.trailing_zeros())
  }

  /// Smallest non-member in `value..limit`.
  pub fn next_missing_from(self, value: u32, limit: u32) -> Option<u32> {
    Bits(!self.0)
      .next_from(value)
      .filter(|&missing| missing < limit)
  }
}

/// The time-of-day part of a group: all of these hold at a matching second.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TimeSet {
  pub hours: Bits,
  pub minutes: Bits,
  pub seconds: Bits,
  /// Exact seconds of the day from `at` clauses, sorted; `None` when the group has none.
  pub exact: Option<Vec<u32>>,
  /// Inclusive lower bound in seconds of the day (`after 10:00`).
  pub from: u32,
  /// Exclusive upper bound in seconds of the day (`before 18:00`).
  pub until: u32,
}

impl TimeSet {
  pub fn any() -> TimeSet {
    TimeSet {
      hours: Bits::range(0, 23),
      minutes: Bits::range(0, 59),
      seconds: Bits::range(0, 59),
      exact: None,
      from: 0,
      until: SECONDS_PER_DAY,
    }
  }

  pub fn is_any(&self) -> bool {
    *self == TimeSet::any()
  }

  pub fn contains(&self, second: u32) -> bool {
    let exact_ok = self
      .exact
      .as_ref()
      .is_none_or(|exact| exact.binary_search(&second).is_ok());
    exact_ok
      && second >= self.from
      && second < self.until
      && self.hours.contains(second / 3600)
      && self.minutes.contains(second / 60 % 60)
      && self.seconds.contains(second % 60)
  }

  /// First member at or after `second`, within the same day.
  pub fn next_from(&self, second: u32) -> Option<u32> {
    let lower = second.max(self.from);
    if let Some(exact) = &self.exact {
      return exact
        .iter()
        .copied()
        .find(|&value| value >= lower && self.contains(value));
    }
    let found = self.next_clock_from(lower)?;
    (found < self.until).then_some(found)
  }

  /// First second at or after `lower` whose hour, minute and second fields all match.
  fn next_clock_from(&self, lower: u32) -> Option<u32> {
    let (h0, m0, s0) = (lower / 3600, lower / 60 % 60, lower % 60);
    let mut hour = self.hours.next_from(h0).filter(|&h| h < 24);
    while let Some(h) = hour {
      let mut minute = self.minutes.next_from(if h == h0 { m0 } else { 0 });
      while let Some(m) = minute.filter(|&m| m < 60) {
        let first_second = if h == h0 && m == m0 { s0 } else { 0 };
        if let Some(s) = self.seconds.next_from(first_second).filter(|&s| s < 60) {
          return Some(h * 3600 + m * 60 + s);
        }
        minute = self.minutes.next_from(m + 1);
      }
      hour = self.hours.next_from(h + 1).filter(|&h| h < 24);
    }
    None
  }

  /// First second after `second`, within the same day, that is not a member.
  pub fn next_missing_after(&self, second: u32) -> Option<u32> {
    let next = second + 1;
    if next >= SECONDS_PER_DAY {
      return None;
    }
    if self.exact.is_some() || next < self.from {
      // Exact times are isolated seconds and no second below `from` is a member, so this
      // search ends within a few steps.
      return (next..SECONDS_PER_DAY).find(|&value| !self.contains(value));
    }

    // Each field fails on its own schedule, and the set first fails where the earliest field does.
    let (h, m, s) = (second / 3600, second / 60 % 60, second % 60);
    let minute_start = second - s;
    let hour_start = second - m * 60 - s;
    let by_second = match self.seconds.next_missing_from(s + 1, 60) {
      Some(missing) => Some(minute_start + missing),
      None => self
        .seconds
        .next_missing_from(0, 60)
        .map(|missing| minute_start + 60 + missing),
    };
    let by_minute = match self.minutes.next_missing_from(m + 1, 60) {
      Some(missing) => Some(hour_start + missing * 60),
      None => self
        .minutes
        .next_missing_from(0, 60)
        .map(|missing| hour_start + 3600 + missing * 60),
    };
    let by_hour = self
      .hours
      .next_missing_from(h + 1, 24)
      .map(|missing| missing * 3600);
    let by_bound = Some(self.until.max(next));
    [by_second, by_minute, by_hour, by_bound]
      .into_iter()
      .flatten()
      .filter(|&value| value < SECONDS_PER_DAY)
      .min()
  }
}
