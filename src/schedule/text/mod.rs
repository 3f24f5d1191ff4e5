//! Text schedules in the grammar of @breejs/later 4.2 (`later.parse.text`), parsed left to right
//! the way later parses them, so a text means what it meant to the original.
//!
//! Intended differences: `every <unit>` without a number means `every 1 <unit>`, and trailing
//! white space is ignored. Texts that later accepts but that select nothing, such as
//! `on fri through mon`, are rejected here with a reason.

mod lexer;
mod recur;

use lexer::{Lexer, Tok, Token};
use recur::{Modifier, Period, Recur};

use super::rule::Rule;

/// Clauses a schedule can continue with.
const CLAUSES: &[Tok] = &[
  Tok::Every,
  Tok::After,
  Tok::Before,
  Tok::OnThe,
  Tok::On,
  Tok::Of,
  Tok::In,
  Tok::At,
  Tok::And,
  Tok::Except,
  Tok::Also,
];

/// Units a number can refer to, in later's order.
const PERIODS: &[Tok] = &[
  Tok::Second,
  Tok::Minute,
  Tok::Hour,
  Tok::DayOfYear,
  Tok::DayOfWeek,
  Tok::DayInstance,
  Tok::Day,
  Tok::Month,
  Tok::Year,
  Tok::WeekOfMonth,
  Tok::WeekOfYear,
];

/// Values above this are dropped from `through` ranges: no calendar field reaches them, and an
/// unbounded range would otherwise take unbounded time.
const MAX_LISTED_VALUE: u64 = 10_000;

/// Parses a text schedule; the error is a reason naming the part that was not understood.
pub(crate) fn parse(input: &str) -> Result<Rule, String> {
  let trimmed = input.trim_end_matches(lexer::is_js_space);
  let mut parser = Parser {
    lex: Lexer::new(trimmed),
    recur: Recur::default(),
  };
  parser.schedule()?;
  recur::compile(&parser.recur).map_err(|reason| reason.to_string())
}

struct Parser {
  lex: Lexer,
  recur: Recur,
}

type Step<T> = Result<T, String>;

impl Parser {
  fn schedule(&mut self) -> Step<()> {
    if self.lex.is_blank() {
      return Err("the schedule is empty".to_string());
    }
    while !self.lex.at_end() {
      let token = self.expect(CLAUSES)?;
      match token.kind {
        Tok::Every => self.every()?,
        Tok::After => self.bound(Modifier::After)?,
        Tok::Before => self.bound(Modifier::Before)?,
        Tok::OnThe => self.on_the()?,
        Tok::On => {
          let days = self.ranges(Tok::DayName)?;
          self.recur.on(days);
          self.recur.period(Period::Weekday);
        }
        Tok::Of => {
          let months = self.ranges(Tok::MonthName)?;
          self.recur.on(months);
          self.recur.period(Period::Month);
        }
        Tok::In => {
          let years = self.ranges(Tok::YearIndex)?;
          self.recur.on(years);
          self.recur.period(Period::Year);
        }
        Tok::At => loop {
          let time = self.value(Tok::Time)?;
          self.recur.on(vec![time]);
          self.recur.period(Period::Time);
          if !self.lex.accept(Tok::And) {
            break;
          }
        },
        Tok::Also => self.recur.also(),
        Tok::Except => self.recur.except(),
        _ => {}
      }
    }
    Ok(())
  }

  /// `every weekday`, `every weekend`, or `every [N] <unit>` with an optional `starting on`
  /// or `between` part.
  fn every(&mut self) -> Step<()> {
    if self.lex.accept(Tok::Weekend) {
      self.recur.on(vec![1, 7]);
      self.recur.period(Period::Weekday);
      return Ok(());
    }
    if self.lex.accept(Tok::Weekday) {
      self.recur.on(vec![2, 3, 4, 5, 6]);
      self.recur.period(Period::Weekday);
      return Ok(());
    }
    let step = if self.lex.peek(&[Tok::Rank]).is_some() {
      self.value(Tok::Rank)?
    } else if self.lex.peek(PERIODS).is_some() {
      1
    } else {
      return Err(self.unexpected("a number or a unit such as \"minutes\""));
    };
    self.recur.every(step);
    let unit = self.period()?;
    if self.lex.accept(Tok::Start) {
      let start = self.value(Tok::Rank)?;
      self.recur.starting_on(start);
      self.expect(&[unit])?;
    } else if self.lex.accept(Tok::Between) {
      let from = self.lex.pos;
      let start = self.value(Tok::Rank)?;
      // later ignores a `between` without its `and` part.
      if self.lex.accept(Tok::And) {
        let end = self.value(Tok::Rank)?;
        if !self.recur.between(start, end) {
          return Err(format!(
            "\"between{}\" selects nothing: the start is after the end",
            self.lex.slice(from)
          ));
        }
      }
    }
    Ok(())
  }

  /// `after`/`before` followed by a time or by a number and a unit.
  fn bound(&mut self, modifier: Modifier) -> Step<()> {
    if self.lex.peek(&[Tok::Time]).is_some() {
      let time = self.value(Tok::Time)?;
      self.recur.modify(modifier, time);
      self.recur.period(Period::Time);
      return Ok(());
    }
    let value = self.value(Tok::Rank)?;
    self.recur.modify(modifier, value);
    self.period().map(|_| ())
  }

  /// `on the first|last|<ranks> <unit>`.
  fn on_the(&mut self) -> Step<()> {
    if self.lex.accept(Tok::First) {
      self.recur.first();
    } else if self.lex.accept(Tok::Last) {
      self.recur.last();
    } else {
      let ranks = self.ranges(Tok::Rank)?;
      self.recur.on(ranks);
    }
    self.period().map(|_| ())
  }

  /// Reads a unit and adds the pending values for it; returns the unit's token kind.
  fn period(&mut self) -> Step<Tok> {
    let token = self.expect(PERIODS)?;
    let period = match token.kind {
      Tok::Second => Period::Second,
      Tok::Minute => Period::Minute,
      Tok::Hour => Period::Hour,
      Tok::DayOfYear => Period::YearDay,
      Tok::DayOfWeek => Period::Weekday,
      Tok::DayInstance => Period::WeekdayCount,
      Tok::Day => Period::MonthDay,
      Tok::WeekOfMonth => Period::MonthWeek,
      Tok::WeekOfYear => Period::IsoWeek,
      Tok::Month => Period::Month,
      _ => Period::Year,
    };
    self.recur.period(period);
    Ok(token.kind)
  }

  /// `a [through b] [and c [through d]]...` of one token kind.
  fn ranges(&mut self, kind: Tok) -> Step<Vec<u64>> {
    let mut values = self.through(kind)?;
    while self.lex.accept(Tok::And) {
      values.extend(self.through(kind)?);
    }
    Ok(values)
  }

  fn through(&mut self, kind: Tok) -> Step<Vec<u64>> {
    let from = self.lex.pos;
    let start = self.value(kind)?;
    let end = if self.lex.accept(Tok::Through) {
      self.value(kind)?
    } else {
      start
    };
    if start > end {
      return Err(format!(
        "\"{}\" selects nothing: the start is after the end",
        self.lex.slice(from).trim()
      ));
    }
    Ok((start..=end.min(MAX_LISTED_VALUE)).collect())
  }

  /// Reads one token of `kind` and converts it the way later's `convertString` does.
  fn value(&mut self, kind: Tok) -> Step<u64> {
    let token = self.expect(&[kind])?;
    let text = token.text.as_str();
    match kind {
      Tok::Time => Ok(time_of_day(text)),
      Tok::DayName | Tok::MonthName => name_value(text).ok_or_else(|| {
        let unit = if kind == Tok::DayName { "day" } else { "month" };
        format!("\"{text}\" is not a {unit} name; spell out at least three letters")
      }),
      _ => Ok(leading_number(text)),
    }
  }

  fn expect(&mut self, expected: &[Tok]) -> Step<Token> {
    match self.lex.scan(expected) {
      Some(token) => Ok(token),
      None => Err(self.unexpected(describe(expected))),
    }
  }

  fn unexpected(&self, expected: &str) -> String {
    let before = self.lex.before(self.lex.skip_space());
    let found = match self.lex.next_word() {
      Some(word) => format!("found \"{word}\""),
      None => "but the schedule ends there".to_string(),
    };
    if before.is_empty() {
      format!("expected {expected} at the start, {found}")
    } else {
      format!("expected {expected} after \"{before}\", {found}")
    }
  }
}

fn describe(expected: &[Tok]) -> &'static str {
  if expected == CLAUSES {
    return "a clause such as \"every\", \"at\", \"on\", \"of\", \"in\", \"after\", \"before\", \"also\" or \"except\"";
  }
  if expected == PERIODS {
    return "a unit such as \"seconds\", \"minutes\", \"hours\", \"days\", \"weeks\", \"months\" or \"years\"";
  }
  match expected.first() {
    Some(Tok::Rank) => "a number",
    Some(Tok::Time) => "a time such as \"10:15\" or \"10:15 am\"",
    Some(Tok::DayName) => "a day name such as \"mon\"",
    Some(Tok::MonthName) => "a month name such as \"jan\"",
    Some(Tok::YearIndex) => "a four-digit year",
    _ => "the same unit as the \"every\" part",
  }
}

/// Seconds since midnight of a matched time token (`9:00`, `10:15 am`, `12:00pm`).
fn time_of_day(text: &str) -> u64 {
  let (hour, rest) = text.split_once(':').unwrap_or((text, "00"));
  let hour: u64 = hour.parse().unwrap_or(0);
  let minute: u64 = rest
    .get(..2)
    .and_then(|digits| digits.parse().ok())
    .unwrap_or(0);
  let hour = if rest.ends_with("pm") && hour < 12 {
    hour + 12
  } else if rest.ends_with("am") && hour == 12 {
    0
  } else {
    hour
  };
  hour * 3600 + minute * 60
}

/// Leading digits as a number, saturating like a huge JavaScript number would never match.
fn leading_number(text: &str) -> u64 {
  text
    .chars()
    .take_while(char::is_ascii_digit)
    .fold(0u64, |value, digit| {
      value
        .saturating_mul(10)
        .saturating_add(u64::from(digit as u8 - b'0'))
    })
}

/// later's name table, looked up by the first three letters: months 1-12, days 1 (sun) to 7.
fn name_value(text: &str) -> Option<u64> {
  const NAMES: [(&str, u64); 19] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("may", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("sun", 1),
    ("mon", 2),
    ("tue", 3),
    ("wed", 4),
    ("thu", 5),
    ("fri", 6),
    ("sat", 7),
  ];
  let prefix: String = text.chars().take(3).collect();
  NAMES
    .iter()
    .find(|(name, _)| *name == prefix)
    .map(|(_, value)| *value)
}
