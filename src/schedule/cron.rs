//! Cron expressions: six fields with seconds first, as the original accepts them, or a standard
//! five-field crontab (which gets second 0).
//!
//! Fields take numbers, `*`, `a-b` ranges, `,` lists and `/n` steps. `a/n` means a, a+n, ... up
//! to the field maximum. As in @breejs/later, which evaluated the original's cron, a `*` field
//! is no constraint and a schedule fires at the start of each matching period of its finest
//! restricted field, so `* 5 * * * *` fires once an hour at minute 5. Day-of-month 0 is the last
//! day of the month and month 0 is December, also as in later.
//!
//! Intended differences from the original:
//! - five-field crontabs, month and weekday names (`JAN`, `MON`) and `L` for the last day of
//!   the month are accepted;
//! - day-of-week 7 is Sunday, where later read it as Saturday;
//! - when both day fields are restricted and neither starts with `*`, a day matches if either
//!   field matches, where later required both;
//! - `0-0` means 0, where later read it as the whole range.

use super::calendar::{DayField, DayPred, DayTest, Test};
use super::clock::{Bits, TimeSet};
use super::rule::{Group, Rule, Tick};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
  Second,
  Minute,
  Hour,
  MonthDay,
  Month,
  Weekday,
}

impl Field {
  fn name(self) -> &'static str {
    match self {
      Field::Second => "second",
      Field::Minute => "minute",
      Field::Hour => "hour",
      Field::MonthDay => "day-of-month",
      Field::Month => "month",
      Field::Weekday => "day-of-week",
    }
  }

  /// Values the original's validator allows in the field.
  fn limits(self) -> (u64, u64) {
    match self {
      Field::Second | Field::Minute => (0, 59),
      Field::Hour => (0, 23),
      Field::MonthDay => (0, 31),
      Field::Month => (0, 12),
      Field::Weekday => (0, 7),
    }
  }

  /// Returns where `*/n` starts and where `*/n` and `a/n` stop, in the field's cron numbering.
  fn span(self) -> (u64, u64) {
    match self {
      Field::Second | Field::Minute => (0, 59),
      Field::Hour => (0, 23),
      Field::MonthDay => (1, 31),
      Field::Month => (1, 12),
      Field::Weekday => (0, 6),
    }
  }

  fn name_value(self, text: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
      "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    let upper = text.to_ascii_uppercase();
    let position = match self {
      Field::Month => MONTHS
        .iter()
        .position(|name| *name == upper)
        .map(|index| index + 1),
      Field::Weekday => DAYS.iter().position(|name| *name == upper),
      _ => None,
    };
    position.map(|value| value as u64)
  }
}

const FIELDS: [Field; 6] = [
  Field::Second,
  Field::Minute,
  Field::Hour,
  Field::MonthDay,
  Field::Month,
  Field::Weekday,
];

/// True when `text` looks like a cron expression rather than a text schedule, which always
/// starts with a word or `@`.
pub(crate) fn looks_like_cron(text: &str) -> bool {
  text
    .trim_start()
    .starts_with(|c: char| c.is_ascii_digit() || c == '*')
}

/// Parses a cron expression; the error is a reason naming the field that was not understood.
pub(crate) fn parse(input: &str) -> Result<Rule, String> {
  let trimmed = input.trim();
  let parts: Vec<&str> = trimmed.split(' ').collect();
  let fields: Vec<&str> = match parts.len() {
    5 => std::iter::once("0").chain(parts.iter().copied()).collect(),
    6 => parts,
    count => {
      return Err(format!(
        "expected 5 or 6 cron fields separated by single spaces, found {count}; a text schedule starts with a word such as \"every\" or \"at\""
      ))
    }
  };
  let mut parsed = Vec::with_capacity(6);
  for (field, text) in FIELDS.iter().zip(&fields) {
    parsed.push(parse_field(*field, text)?);
  }
  Ok(Rule {
    groups: vec![build_group(&fields, &parsed)],
    exceptions: Vec::new(),
  })
}

/// The values a field allows, or `None` for a bare `*`.
type FieldValues = Option<Vec<u64>>;

fn parse_field(field: Field, text: &str) -> Result<FieldValues, String> {
  if text == "*" {
    return Ok(None);
  }
  let invalid = |why: String| format!("{} field \"{text}\" {why}", field.name());
  let mut values = Vec::new();
  for element in text.split(',') {
    if element.is_empty() {
      return Err(invalid("has an empty list element".to_string()));
    }
    values.extend(parse_element(field, element).map_err(invalid)?);
  }
  Ok(Some(values))
}

fn parse_element(field: Field, element: &str) -> Result<Vec<u64>, String> {
  let (min, max) = field.limits();
  let (span_start, span_end) = field.span();
  let (base, step) = match element.split_once('/') {
    None => (element, None),
    Some((base, step)) => (base, Some(parse_step(field, element, step)?)),
  };
  if field == Field::MonthDay && base == "L" && step.is_none() {
    return Ok(vec![0]);
  }
  let (start, end, ranged) = if base == "*" {
    (span_start, span_end, false)
  } else if let Some((low, high)) = base.split_once('-') {
    let (low, high) = (parse_value(field, low)?, parse_value(field, high)?);
    if low > high {
      return Err(format!("has the range {base} whose start is above its end"));
    }
    (low, high, true)
  } else {
    let value = parse_value(field, base)?;
    match step {
      None => (value, value, false),
      // later starts `0/n` at the field minimum, which for days and months is 1.
      Some(_) if value == 0 => (span_start, span_end, false),
      Some(_) => (value, span_end.max(value), false),
    }
  };
  if !(min..=max).contains(&start) || !(min..=max).contains(&end) {
    return Err(format!("is out of range {min}-{max}"));
  }
  if let (true, Some(step)) = (ranged, step) {
    if step > end - start {
      return Err(format!(
        "has the step {step}, which is not smaller than the width of the range {base}"
      ));
    }
  }
  Ok((start..=end).step_by(step.unwrap_or(1) as usize).collect())
}

fn parse_step(field: Field, element: &str, step: &str) -> Result<u64, String> {
  let (_, max) = field.limits();
  let value: u64 = match step.parse() {
    Ok(value) if step.bytes().all(|b| b.is_ascii_digit()) => value,
    _ => {
      return Err(format!(
        "has the step \"{step}\" in \"{element}\", which is not a whole number"
      ))
    }
  };
  if value == 0 {
    return Err("has the step 0; use 1 or more".to_string());
  }
  if value > max {
    return Err(format!(
      "has the step {value}, which is above the field maximum {max}"
    ));
  }
  Ok(value)
}

fn parse_value(field: Field, text: &str) -> Result<u64, String> {
  if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
    return Ok(text.parse().unwrap_or(u64::MAX));
  }
  field.name_value(text).ok_or_else(|| match field {
    Field::Month => format!("has \"{text}\", which is not a number or a month name such as JAN"),
    Field::Weekday => format!("has \"{text}\", which is not a number or a day name such as MON"),
    _ => format!("has \"{text}\", which is not a number"),
  })
}

fn bits(values: &[u64]) -> Bits {
  let mut set = Bits::EMPTY;
  for &value in values {
    set.insert(value);
  }
  set
}

fn build_group(texts: &[&str], parsed: &[FieldValues]) -> Group {
  let mut times = TimeSet::any();
  let mut days = DayPred::default();
  // The tick is the finest restricted field; a schedule of six `*` fires every second.
  let mut tick = None;
  let clock = [
    (&mut times.seconds, Tick::Second),
    (&mut times.minutes, Tick::Minute),
    (&mut times.hours, Tick::Hour),
  ];
  for ((target, field_tick), values) in clock.into_iter().zip(parsed) {
    if let Some(values) = values {
      *target = bits(values);
      tick = tick.or(Some(field_tick));
    }
  }

  let month_day = parsed[3]
    .as_ref()
    .map(|values| day_test(DayField::MonthDay, values.clone()));
  let weekday = parsed[5].as_ref().map(|values| {
    // later numbers days 1 (Sunday) to 7; cron 7 is Sunday too.
    let later_days = values
      .iter()
      .map(|&day| if day == 7 { 1 } else { day + 1 })
      .collect();
    day_test(DayField::Weekday, later_days)
  });
  if month_day.is_some() || weekday.is_some() {
    tick = tick.or(Some(Tick::Day));
  }

  let star = |text: &str| text.starts_with('*');
  match (month_day, weekday) {
    (Some(month_day), Some(weekday)) if !star(texts[3]) && !star(texts[5]) => {
      days.either = vec![month_day, weekday]
    }
    (month_day, weekday) => days.all.extend(month_day.into_iter().chain(weekday)),
  }
  if let Some(months) = &parsed[4] {
    let months = months
      .iter()
      .map(|&month| if month == 0 { 12 } else { month })
      .collect();
    days.all.push(day_test(DayField::Month, months));
    tick = tick.or(Some(Tick::Month));
  }

  let tick = tick.unwrap_or(Tick::Second);
  let absolute =
    matches!(tick, Tick::Second | Tick::Minute | Tick::Hour) && times.hours == Bits::range(0, 23);
  Group {
    days,
    times,
    tick,
    absolute,
  }
}

fn day_test(field: DayField, mut values: Vec<u64>) -> DayTest {
  values.sort_unstable();
  values.dedup();
  DayTest {
    field,
    test: Test::OneOf(values),
  }
}
