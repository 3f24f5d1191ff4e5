//! Tokens of the later.js text grammar, matched the way @breejs/later 4.2's regular expressions
//! match them: anchored at the current position, with JavaScript's backtracking order, `\b`
//! word boundaries and `\s` white space. Where several expected tokens match, the longest wins
//! (the first listed on a tie), as in later's `peek`.

/// A tiny backtracking pattern, enough to spell later's token expressions.
enum Pat {
  Lit(&'static str),
  Class(fn(char) -> bool),
  /// One or more of a class, greedy.
  Many(fn(char) -> bool),
  Seq(&'static [Pat]),
  Alt(&'static [Pat]),
  /// Zero or one, trying one first.
  Opt(&'static Pat),
  /// `\b`: a word character on exactly one side.
  Boundary,
}

use Pat::{Alt, Boundary, Class, Lit, Many, Opt, Seq};

fn digit(c: char) -> bool {
  c.is_ascii_digit()
}

fn is_word(c: char) -> bool {
  c.is_ascii_alphanumeric() || c == '_'
}

/// JavaScript's `\s`.
pub(crate) fn is_js_space(c: char) -> bool {
  matches!(
    c,
    '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
      ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}'
  )
}

/// Calls `next` with every end position at which `pat` can match from `at`, in backtracking
/// order, and stops at the first `Some`.
fn run(
  pat: &Pat,
  s: &[char],
  at: usize,
  next: &mut dyn FnMut(usize) -> Option<usize>,
) -> Option<usize> {
  match pat {
    Lit(text) => {
      let mut end = at;
      for expected in text.chars() {
        if s.get(end) != Some(&expected) {
          return None;
        }
        end += 1;
      }
      next(end)
    }
    Class(class) => s
      .get(at)
      .copied()
      .filter(|&c| class(c))
      .and_then(|_| next(at + 1)),
    Many(class) => {
      let count = s[at.min(s.len())..]
        .iter()
        .take_while(|&&c| class(c))
        .count();
      (1..=count).rev().find_map(|taken| next(at + taken))
    }
    Seq(parts) => run_seq(parts, s, at, next),
    Alt(options) => options.iter().find_map(|option| run(option, s, at, next)),
    Opt(inner) => run(inner, s, at, next).or_else(|| next(at)),
    Boundary => {
      let before = at > 0 && s.get(at - 1).is_some_and(|&c| is_word(c));
      let after = s.get(at).is_some_and(|&c| is_word(c));
      if before != after {
        next(at)
      } else {
        None
      }
    }
  }
}

fn run_seq(
  parts: &[Pat],
  s: &[char],
  at: usize,
  next: &mut dyn FnMut(usize) -> Option<usize>,
) -> Option<usize> {
  match parts.split_first() {
    None => next(at),
    Some((first, rest)) => run(first, s, at, &mut |end| run_seq(rest, s, end, next)),
  }
}

/// Length of the match of `pat` at the start of `s`.
fn match_len(pat: &Pat, s: &[char]) -> Option<usize> {
  run(pat, s, 0, &mut Some)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
  Rank,
  Time,
  DayName,
  MonthName,
  YearIndex,
  Every,
  After,
  Before,
  Second,
  Minute,
  Hour,
  Day,
  DayInstance,
  DayOfWeek,
  DayOfYear,
  WeekOfYear,
  WeekOfMonth,
  Weekday,
  Weekend,
  Month,
  Year,
  Between,
  Start,
  At,
  And,
  Except,
  Also,
  First,
  Last,
  In,
  Of,
  OnThe,
  On,
  Through,
}

/// A literal followed by a word boundary.
macro_rules! word {
  ($text:literal) => {
    Seq(&[Lit($text), Boundary])
  };
}

// later: /^((\d+)(st|nd|rd|th)?)\b/
const RANK: Pat = Seq(&[
  Many(digit),
  Opt(&Alt(&[Lit("st"), Lit("nd"), Lit("rd"), Lit("th")])),
  Boundary,
]);
// later: /^(((0?[1-9]|1[0-2]):[0-5]\d(\s)?(am|pm))|((0?\d|1\d|2[0-3]):[0-5]\d))\b/
const TIME: Pat = Seq(&[
  Alt(&[
    Seq(&[
      Alt(&[
        Seq(&[Opt(&Lit("0")), Class(|c| matches!(c, '1'..='9'))]),
        Seq(&[Lit("1"), Class(|c| matches!(c, '0'..='2'))]),
      ]),
      Lit(":"),
      Class(|c| matches!(c, '0'..='5')),
      Class(digit),
      Opt(&Class(is_js_space)),
      Alt(&[Lit("am"), Lit("pm")]),
    ]),
    Seq(&[
      Alt(&[
        Seq(&[Opt(&Lit("0")), Class(digit)]),
        Seq(&[Lit("1"), Class(digit)]),
        Seq(&[Lit("2"), Class(|c| matches!(c, '0'..='3'))]),
      ]),
      Lit(":"),
      Class(|c| matches!(c, '0'..='5')),
      Class(digit),
    ]),
  ]),
  Boundary,
]);
// later: /^((sun|mon|tue(s)?|wed(nes)?|thu(r(s)?)?|fri|sat(ur)?)(day)?)\b/
const DAY_NAME: Pat = Seq(&[
  Alt(&[
    Lit("sun"),
    Lit("mon"),
    Seq(&[Lit("tue"), Opt(&Lit("s"))]),
    Seq(&[Lit("wed"), Opt(&Lit("nes"))]),
    Seq(&[Lit("thu"), Opt(&Seq(&[Lit("r"), Opt(&Lit("s"))]))]),
    Lit("fri"),
    Seq(&[Lit("sat"), Opt(&Lit("ur"))]),
  ]),
  Opt(&Lit("day")),
  Boundary,
]);
// later: /^(jan(uary)?|feb(ruary)?|ma((r(ch)?)?|y)|apr(il)?|ju(ly|ne)|aug(ust)?|oct(ober)?|(sept|nov|dec)(ember)?)\b/
const MONTH_NAME: Pat = Seq(&[
  Alt(&[
    Seq(&[Lit("jan"), Opt(&Lit("uary"))]),
    Seq(&[Lit("feb"), Opt(&Lit("ruary"))]),
    Seq(&[
      Lit("ma"),
      Alt(&[Opt(&Seq(&[Lit("r"), Opt(&Lit("ch"))])), Lit("y")]),
    ]),
    Seq(&[Lit("apr"), Opt(&Lit("il"))]),
    Seq(&[Lit("ju"), Alt(&[Lit("ly"), Lit("ne")])]),
    Seq(&[Lit("aug"), Opt(&Lit("ust"))]),
    Seq(&[Lit("oct"), Opt(&Lit("ober"))]),
    Seq(&[
      Alt(&[Lit("sept"), Lit("nov"), Lit("dec")]),
      Opt(&Lit("ember")),
    ]),
  ]),
  Boundary,
]);
const YEAR_INDEX: Pat = Seq(&[
  Class(digit),
  Class(digit),
  Class(digit),
  Class(digit),
  Boundary,
]);
const SECOND: Pat = Seq(&[
  Alt(&[
    Lit("s"),
    Seq(&[Lit("sec"), Opt(&Lit("ond")), Opt(&Lit("s"))]),
  ]),
  Boundary,
]);
const MINUTE: Pat = Seq(&[
  Alt(&[
    Lit("m"),
    Seq(&[Lit("min"), Opt(&Lit("ute")), Opt(&Lit("s"))]),
  ]),
  Boundary,
]);
const HOUR: Pat = Seq(&[
  Alt(&[Lit("h"), Seq(&[Lit("hour"), Opt(&Lit("s"))])]),
  Boundary,
]);
const DAY: Pat = Seq(&[
  Lit("day"),
  Opt(&Lit("s")),
  Opt(&Lit(" of the month")),
  Boundary,
]);
const DAY_OF_WEEK: Pat = Seq(&[Lit("day"), Opt(&Lit("s")), Lit(" of the week"), Boundary]);
const DAY_OF_YEAR: Pat = Seq(&[Lit("day"), Opt(&Lit("s")), Lit(" of the year"), Boundary]);
const WEEK_OF_YEAR: Pat = Seq(&[
  Lit("week"),
  Opt(&Lit("s")),
  Opt(&Lit(" of the year")),
  Boundary,
]);
const WEEK_OF_MONTH: Pat = Seq(&[Lit("week"), Opt(&Lit("s")), Lit(" of the month"), Boundary]);
const MONTH: Pat = Seq(&[Lit("month"), Opt(&Lit("s")), Boundary]);
const YEAR: Pat = Seq(&[Lit("year"), Opt(&Lit("s")), Boundary]);
const BETWEEN: Pat = Seq(&[Lit("between "), Opt(&Lit("the")), Boundary]);
// later: /^(start(ing)? (at|on( the)?)?)\b/
const START: Pat = Seq(&[
  Lit("start"),
  Opt(&Lit("ing")),
  Lit(" "),
  Opt(&Alt(&[Lit("at"), Seq(&[Lit("on"), Opt(&Lit(" the"))])])),
  Boundary,
]);
const AT: Pat = Seq(&[Alt(&[Lit("at"), Lit("@")]), Boundary]);
const AND: Pat = Alt(&[Lit(","), word!("and")]);
const THROUGH: Pat = Alt(&[
  Lit("-"),
  Seq(&[Alt(&[Lit("to"), Lit("through")]), Boundary]),
]);

impl Tok {
  fn pattern(self) -> &'static Pat {
    const EVERY: Pat = word!("every");
    const AFTER: Pat = word!("after");
    const BEFORE: Pat = word!("before");
    const DAY_INSTANCE: Pat = word!("day instance");
    const WEEKDAY: Pat = word!("weekday");
    const WEEKEND: Pat = word!("weekend");
    const EXCEPT: Pat = word!("except");
    const ALSO: Pat = word!("also");
    const FIRST: Pat = word!("first");
    const LAST: Pat = word!("last");
    const IN: Pat = word!("in");
    const OF: Pat = word!("of");
    const ON_THE: Pat = word!("on the");
    const ON: Pat = word!("on");

    match self {
      Tok::Rank => &RANK,
      Tok::Time => &TIME,
      Tok::DayName => &DAY_NAME,
      Tok::MonthName => &MONTH_NAME,
      Tok::YearIndex => &YEAR_INDEX,
      Tok::Every => &EVERY,
      Tok::After => &AFTER,
      Tok::Before => &BEFORE,
      Tok::Second => &SECOND,
      Tok::Minute => &MINUTE,
      Tok::Hour => &HOUR,
      Tok::Day => &DAY,
      Tok::DayInstance => &DAY_INSTANCE,
      Tok::DayOfWeek => &DAY_OF_WEEK,
      Tok::DayOfYear => &DAY_OF_YEAR,
      Tok::WeekOfYear => &WEEK_OF_YEAR,
      Tok::WeekOfMonth => &WEEK_OF_MONTH,
      Tok::Weekday => &WEEKDAY,
      Tok::Weekend => &WEEKEND,
      Tok::Month => &MONTH,
      Tok::Year => &YEAR,
      Tok::Between => &BETWEEN,
      Tok::Start => &START,
      Tok::At => &AT,
      Tok::And => &AND,
      Tok::Except => &EXCEPT,
      Tok::Also => &ALSO,
      Tok::First => &FIRST,
      Tok::Last => &LAST,
      Tok::In => &IN,
      Tok::Of => &OF,
      Tok::OnThe => &ON_THE,
      Tok::On => &ON,
      Tok::Through => &THROUGH,
    }
  }
}

/// A matched token: its kind and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
  pub kind: Tok,
  pub text: String,
  /// Position (in chars) just after the token.
  pub end: usize,
}

/// The lower-cased input and a read position.
pub(crate) struct Lexer {
  chars: Vec<char>,
  pub pos: usize,
}

impl Lexer {
  pub fn new(input: &str) -> Lexer {
    Lexer {
      chars: input.to_lowercase().chars().collect(),
      pos: 0,
    }
  }

  pub fn at_end(&self) -> bool {
    self.pos >= self.chars.len()
  }

  /// True when nothing but white space is left.
  pub fn is_blank(&self) -> bool {
    self.skip_space() >= self.chars.len()
  }

  /// Returns the input from `from` up to the read position.
  pub fn slice(&self, from: usize) -> String {
    self.chars[from.min(self.pos)..self.pos].iter().collect()
  }

  /// Position of the next non-space character.
  pub fn skip_space(&self) -> usize {
    let mut at = self.pos;
    while self.chars.get(at).is_some_and(|&c| is_js_space(c)) {
      at += 1;
    }
    at
  }

  /// Returns the longest of `expected` at the next non-space position, without consuming it.
  pub fn peek(&self, expected: &[Tok]) -> Option<Token> {
    let start = self.skip_space();
    let rest = &self.chars[start..];
    let mut best: Option<(Tok, usize)> = None;
    for &kind in expected {
      if let Some(len) = match_len(kind.pattern(), rest) {
        if best.is_none_or(|(_, best_len)| len > best_len) {
          best = Some((kind, len));
        }
      }
    }
    best.map(|(kind, len)| Token {
      kind,
      text: rest[..len].iter().collect(),
      end: start + len,
    })
  }

  /// Consumes and returns the longest of `expected`; on failure the position moves past any
  /// white space, as later's scanner does.
  pub fn scan(&mut self, expected: &[Tok]) -> Option<Token> {
    let token = self.peek(expected);
    self.pos = token
      .as_ref()
      .map_or_else(|| self.skip_space(), |token| token.end);
    token
  }

  /// Consumes one of `expected` if it comes next.
  pub fn accept(&mut self, expected: Tok) -> bool {
    if self.peek(&[expected]).is_some() {
      self.scan(&[expected]);
      true
    } else {
      false
    }
  }

  /// Returns the input before position `end`, trimmed.
  pub fn before(&self, end: usize) -> String {
    self.chars[..end.min(self.chars.len())]
      .iter()
      .collect::<String>()
      .trim()
      .to_string()
  }

  /// Returns the word at the next non-space position, for error messages.
  pub fn next_word(&self) -> Option<String> {
    let start = self.skip_space();
    let word: String = self.chars[start..]
      .iter()
      .take_while(|&&c| !is_js_space(c))
      .collect();
    (!word.is_empty()).then_some(word)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn len(kind: Tok, text: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    match_len(kind.pattern(), &chars)
  }

  #[test]
  fn rank_needs_a_word_boundary() {
    assert_eq!(len(Tok::Rank, "15th day"), Some(4));
    assert_eq!(len(Tok::Rank, "5 minutes"), Some(1));
    assert_eq!(len(Tok::Rank, "5m"), None);
    assert_eq!(len(Tok::Rank, "1.5"), Some(1));
  }

  #[test]
  fn time_prefers_the_am_pm_form() {
    assert_eq!(len(Tok::Time, "10:15 am"), Some(8));
    assert_eq!(len(Tok::Time, "10:15am"), Some(7));
    assert_eq!(len(Tok::Time, "10:15"), Some(5));
    assert_eq!(len(Tok::Time, "13:00 pm"), Some(5));
    assert_eq!(len(Tok::Time, "25:00"), None);
    assert_eq!(len(Tok::Time, "0:30 am"), Some(4));
  }

  #[test]
  fn names_follow_later_spellings() {
    assert_eq!(len(Tok::DayName, "wednesday"), Some(9));
    assert_eq!(len(Tok::DayName, "thurs"), Some(5));
    assert_eq!(len(Tok::DayName, "weds"), None);
    assert_eq!(len(Tok::MonthName, "may"), Some(3));
    assert_eq!(len(Tok::MonthName, "ma"), Some(2));
    assert_eq!(len(Tok::MonthName, "jun"), None);
    assert_eq!(len(Tok::MonthName, "sept"), Some(4));
    assert_eq!(len(Tok::MonthName, "sep"), None);
  }

  #[test]
  fn peek_takes_the_longest_token() {
    let lexer = Lexer::new("  day of the week");
    let token = lexer.peek(&[Tok::Day, Tok::DayOfWeek]).unwrap();
    assert_eq!(token.kind, Tok::DayOfWeek);
    assert_eq!(token.end, 17);
  }

  #[test]
  fn at_sign_needs_no_space() {
    assert_eq!(len(Tok::At, "@10:15"), Some(1));
    assert_eq!(len(Tok::At, "@ 10:15"), None);
    assert_eq!(len(Tok::At, "at10:15"), None);
  }
}
