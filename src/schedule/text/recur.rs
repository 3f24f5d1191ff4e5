//! The schedule builder that later's text parser drives (`later.parse.recur`), and its
//! compilation into a [`Rule`].

use crate::schedule::calendar::{DayField, DayPred, DayTest, Test};
use crate::schedule::clock::{Bits, TimeSet, SECONDS_PER_DAY};
use crate::schedule::rule::{Group, Rule, Tick};

/// A unit a clause constrains, as later names them (`s`, `m`, `h`, `t`, `D`, `d`, `dc`, `dy`,
/// `wm`, `wy`, `M`, `Y`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Period {
  Second,
  Minute,
  Hour,
  /// Time of day in seconds, from `at` clauses.
  Time,
  MonthDay,
  Weekday,
  WeekdayCount,
  YearDay,
  MonthWeek,
  IsoWeek,
  Month,
  Year,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Modifier {
  /// `after`: the value is at least the bound.
  After,
  /// `before`: the value is below the bound.
  Before,
}

type Key = (Period, Option<Modifier>);

/// One schedule or exception: values per key, keys in the order they were first added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct GroupDef {
  pub fields: Vec<(Key, Vec<u64>)>,
}

/// The last `every` clause, which `starting on` and `between` rewrite.
#[derive(Clone, Copy, Debug)]
struct LastEvery {
  key: Key,
  step: u64,
  /// How many values the key had before the `every` added its own.
  earlier_values: usize,
  max: u64,
}

/// Mirrors `later.parse.recur`: clauses set pending values and flags, then a period call adds
/// them to the current group.
#[derive(Debug, Default)]
pub(crate) struct Recur {
  pub schedules: Vec<GroupDef>,
  pub exceptions: Vec<GroupDef>,
  in_exceptions: bool,
  current: Option<usize>,
  values: Vec<u64>,
  every: u64,
  modifier: Option<Modifier>,
  apply_min: bool,
  apply_max: bool,
  last: Option<LastEvery>,
}

impl Recur {
  pub fn on(&mut self, values: Vec<u64>) {
    self.values = values;
  }

  pub fn every(&mut self, step: u64) {
    self.every = step.max(1);
  }

  pub fn modify(&mut self, modifier: Modifier, value: u64) {
    self.modifier = Some(modifier);
    self.values = vec![value];
  }

  pub fn first(&mut self) {
    self.apply_min = true;
  }

  pub fn last(&mut self) {
    self.apply_max = true;
  }

  /// Adds the pending values for `period`, with later's value range for it.
  pub fn period(&mut self, period: Period) {
    let last_max = |full: u64| if self.apply_max { 0 } else { full };
    let (min, max) = match period {
      Period::Second | Period::Minute => (0, 59),
      Period::Hour => (0, 23),
      Period::Time => (0, 0),
      Period::MonthDay => (1, last_max(31)),
      Period::Weekday => (1, 7),
      Period::WeekdayCount | Period::MonthWeek => (1, last_max(5)),
      Period::YearDay => (1, last_max(366)),
      Period::IsoWeek => (1, last_max(53)),
      Period::Month => (1, 12),
      Period::Year => (1970, 2450),
    };
    let key = (period, self.modifier.take());
    self.add(key, min, max);
  }

  /// Adds the pending values, or the steps of a pending `every` from `min` to `max`, to `key`.
  fn add(&mut self, key: Key, min: u64, max: u64) {
    let every = std::mem::take(&mut self.every);
    let pending = std::mem::take(&mut self.values);
    let (apply_min, apply_max) = (
      std::mem::take(&mut self.apply_min),
      std::mem::take(&mut self.apply_max),
    );

    let groups = if self.in_exceptions {
      &mut self.exceptions
    } else {
      &mut self.schedules
    };
    // later starts a group lazily and then always writes to the first one of the list.
    let index = *self.current.get_or_insert_with(|| {
      groups.push(GroupDef::default());
      0
    });
    let group = &mut groups[index];
    let slot = match group
      .fields
      .iter()
      .position(|(existing, _)| *existing == key)
    {
      Some(slot) => slot,
      None => {
        group.fields.push((key, Vec::new()));
        group.fields.len() - 1
      }
    };
    let field = &mut group.fields[slot].1;

    let mut values = pending;
    if every > 0 {
      let step = usize::try_from(every).unwrap_or(usize::MAX);
      values = (min..=max).step_by(step).collect();
      self.last = Some(LastEvery {
        key,
        step: every,
        earlier_values: field.len(),
        max,
      });
    }
    if apply_min {
      values = vec![min];
    } else if apply_max {
      values = vec![max];
    }

    for value in values {
      if !field.contains(&value) {
        field.push(value);
      }
    }
  }

  /// `starting on the N <period>`: the last `every` runs from N to its maximum.
  pub fn starting_on(&mut self, start: u64) -> bool {
    match self.last {
      Some(last) => self.between(start, last.max),
      None => false,
    }
  }

  /// `between N and M`: the last `every` runs from N to M. Returns false when it selects nothing.
  pub fn between(&mut self, start: u64, end: u64) -> bool {
    let Some(last) = self.last else {
      return false;
    };
    let groups = if self.in_exceptions {
      &mut self.exceptions
    } else {
      &mut self.schedules
    };
    if let Some(group) = self.current.and_then(|index| groups.get_mut(index)) {
      if let Some((_, field)) = group.fields.iter_mut().find(|(key, _)| *key == last.key) {
        field.truncate(last.earlier_values);
      }
    }
    self.every = last.step;
    self.add(last.key, start, end);
    start <= end
  }

  /// `also`: later clauses form a new group in the current list.
  pub fn also(&mut self) {
    let groups = if self.in_exceptions {
      &mut self.exceptions
    } else {
      &mut self.schedules
    };
    groups.push(GroupDef::default());
    self.current = Some(groups.len() - 1);
  }

  /// `except`: later clauses describe excluded times.
  pub fn except(&mut self) {
    self.in_exceptions = true;
    self.current = None;
  }
}

/// later's `range` of a constraint: it ranks constraints, and the smallest one sets the tick.
/// Bounds of `after` use the largest extent of the period (later uses the current date's).
fn later_range(period: Period, modifier: Option<Modifier>, values: &[u64]) -> i128 {
  let (base, extent_max): (i128, i128) = match period {
    Period::Second => (1, 59),
    Period::Minute => (60, 59),
    Period::Hour => (3600, 23),
    Period::Time => (1, 86_399),
    Period::MonthDay => (86_400, 31),
    Period::Weekday => (86_400, 7),
    Period::YearDay => (86_400, 366),
    Period::WeekdayCount => (604_800, 5),
    Period::MonthWeek => (604_800, 6),
    Period::IsoWeek => (604_800, 53),
    Period::Month => (2_629_740, 12),
    Period::Year => (31_556_900, 2099),
  };
  match modifier {
    None => base,
    Some(Modifier::After) => (extent_max - i128::from(values.first().copied().unwrap_or(0))) * base,
    Some(Modifier::Before) => base * (i128::from(values.last().copied().unwrap_or(0)) - 1),
  }
}

fn tick_of(period: Period) -> Tick {
  match period {
    Period::Second | Period::Time => Tick::Second,
    Period::Minute => Tick::Minute,
    Period::Hour => Tick::Hour,
    Period::MonthDay | Period::Weekday | Period::YearDay => Tick::Day,
    Period::WeekdayCount => Tick::WeekdayCount,
    Period::MonthWeek => Tick::MonthWeek,
    Period::IsoWeek => Tick::IsoWeek,
    Period::Month => Tick::Month,
    Period::Year => Tick::Year,
  }
}

fn day_field(period: Period) -> Option<DayField> {
  Some(match period {
    Period::MonthDay => DayField::MonthDay,
    Period::Weekday => DayField::Weekday,
    Period::WeekdayCount => DayField::WeekdayCount,
    Period::YearDay => DayField::YearDay,
    Period::MonthWeek => DayField::MonthWeek,
    Period::IsoWeek => DayField::IsoWeek,
    Period::Month => DayField::Month,
    Period::Year => DayField::Year,
    Period::Second | Period::Minute | Period::Hour | Period::Time => return None,
  })
}

/// Narrows a clock field to `values`, or to the bound a modifier sets.
fn narrow(bits: &mut Bits, modifier: Option<Modifier>, values: &[u64], max: u64) {
  let allowed = match modifier {
    None => {
      let mut set = Bits::EMPTY;
      for &value in values.iter().filter(|&&value| value <= max) {
        set.insert(value);
      }
      set
    }
    Some(Modifier::After) => Bits::range(values[0], max),
    Some(Modifier::Before) => match values[values.len() - 1].checked_sub(1) {
      Some(top) => Bits::range(0, top),
      None => Bits::EMPTY,
    },
  };
  bits.0 &= allowed.0;
}

fn compile_group(def: &GroupDef) -> Group {
  let mut times = TimeSet::any();
  let mut days = DayPred::default();
  let mut tick = (i128::MAX, Tick::Second);
  for ((period, modifier), values) in &def.fields {
    let range = later_range(*period, *modifier, values);
    // later sorts by range with a stable sort and ticks on the last entry, so ties go to the
    // key added last.
    if range <= tick.0 {
      tick = (range, tick_of(*period));
    }
    if let Some(field) = day_field(*period) {
      let test = match modifier {
        None => {
          let mut sorted = values.clone();
          sorted.sort_unstable();
          Test::OneOf(sorted)
        }
        Some(Modifier::After) => Test::AtLeast(values[0]),
        Some(Modifier::Before) => Test::Below(values[values.len() - 1]),
      };
      days.all.push(DayTest { field, test });
      continue;
    }
    match period {
      Period::Second => narrow(&mut times.seconds, *modifier, values, 59),
      Period::Minute => narrow(&mut times.minutes, *modifier, values, 59),
      Period::Hour => narrow(&mut times.hours, *modifier, values, 23),
      _ => {
        let clamp = |value: u64| {
          u32::try_from(value.min(u64::from(SECONDS_PER_DAY))).unwrap_or(SECONDS_PER_DAY)
        };
        match modifier {
          None => {
            let mut exact: Vec<u32> = values.iter().map(|&value| clamp(value)).collect();
            exact.sort_unstable();
            times.exact = Some(exact);
          }
          Some(Modifier::After) => times.from = times.from.max(clamp(values[0])),
          Some(Modifier::Before) => times.until = times.until.min(clamp(values[values.len() - 1])),
        }
      }
    }
  }
  let tick = tick.1;
  let absolute = matches!(tick, Tick::Second | Tick::Minute | Tick::Hour)
    && times.exact.is_none()
    && times.hours == Bits::range(0, 23);
  Group {
    days,
    times,
    tick,
    absolute,
  }
}

/// Compiles the groups; fails when a group has no clauses (later throws on those).
pub(crate) fn compile(recur: &Recur) -> Result<Rule, &'static str> {
  if recur.schedules.is_empty() {
    return Err(
      "it has no clause such as \"every 5 minutes\" or \"at 10:15\" before any \"except\"",
    );
  }
  if recur
    .schedules
    .iter()
    .chain(&recur.exceptions)
    .any(|group| group.fields.is_empty())
  {
    return Err("an \"also\" or \"except\" part has no clauses after it");
  }
  Ok(Rule {
    groups: recur.schedules.iter().map(compile_group).collect(),
    exceptions: recur.exceptions.iter().map(compile_group).collect(),
  })
}
