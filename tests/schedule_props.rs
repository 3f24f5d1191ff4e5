//! Property tests: any input either parses or returns an error without panicking, and a parsed
//! schedule's runs come strictly after their start and in order.

use chrono::{DateTime, Utc};
use ferrous_job_manager::schedule::{Schedule, Zone};
use proptest::prelude::*;

const WORDS: &[&str] = &[
  "every",
  "after",
  "before",
  "on",
  "the",
  "on the",
  "of",
  "in",
  "at",
  "@",
  "and",
  ",",
  "except",
  "also",
  "first",
  "last",
  "starting",
  "start",
  "on the",
  "between",
  "through",
  "to",
  "-",
  "weekday",
  "weekend",
  "s",
  "sec",
  "seconds",
  "m",
  "min",
  "minutes",
  "h",
  "hours",
  "day",
  "days",
  "day of the week",
  "days of the year",
  "day instance",
  "week",
  "weeks of the month",
  "month",
  "months",
  "year",
  "years",
  "mon",
  "tuesday",
  "thurs",
  "sat",
  "jan",
  "ma",
  "may",
  "june",
  "sept",
  "december",
  "2026",
  "2031",
  "1970",
  "0",
  "1",
  "2nd",
  "3rd",
  "5",
  "15th",
  "31",
  "59",
  "60",
  "99999999999999999999",
  "9:00",
  "12:00 am",
  "10:15pm",
  "23:59",
  "0:00",
  "am",
  "pm",
  "*",
  "*/5",
  "L",
];

const CRON_PARTS: &[&str] = &[
  "*", "*/1", "*/5", "*/59", "0", "1", "7", "12", "31", "59", "60", "0-0", "1-5", "5-1", "0/15",
  "3/5", "10-20/5", "10-20/11", "1,2,3", "1,,2", "L", "1,L", "JAN", "jan-mar", "MON-FRI", "SUN",
  "?", "#", "",
];

fn zones() -> Vec<Zone> {
  ["UTC", "America/New_York", "Australia/Lord_Howe"]
    .iter()
    .map(|name| Zone::parse(name).unwrap())
    .collect()
}

fn start() -> DateTime<Utc> {
  DateTime::parse_from_rfc3339("2026-03-08T06:58:17.250Z")
    .unwrap()
    .with_timezone(&Utc)
}

/// Parses `input`; when it parses, checks that three runs come strictly after each other.
fn check(input: &str) -> Result<(), TestCaseError> {
  let Ok(schedule) = Schedule::parse(input) else {
    return Ok(());
  };
  for zone in zones() {
    let mut previous = start();
    for _ in 0..3 {
      match schedule.next_after(previous, &zone) {
        Some(next) => {
          prop_assert!(
            next > previous,
            "{input:?} in {zone}: {next} is not after {previous}"
          );
          previous = next;
        }
        None => break,
      }
    }
  }
  Ok(())
}

proptest! {
  #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

  #[test]
  fn random_text_never_panics(input in "\\PC{0,40}") {
    check(&input)?;
  }

  #[test]
  fn grammar_word_soup_never_panics(words in prop::collection::vec(prop::sample::select(WORDS), 1..9)) {
    check(&words.join(" "))?;
  }

  #[test]
  fn cron_field_soup_never_panics(
    fields in prop::collection::vec(prop::sample::select(CRON_PARTS), 5..=6),
  ) {
    check(&fields.join(" "))?;
  }

  #[test]
  fn every_form_runs_in_order(
    step in 0u64..120,
    unit in prop::sample::select(&["seconds", "minutes", "hours", "days", "weeks", "months", "days of the week"][..]),
    tail in prop::sample::select(&["", " at 2:30", " after 1:15", " before 3:00", " except on sun", " of nov"][..]),
  ) {
    let input = format!("every {step} {unit}{tail}");
    prop_assert!(Schedule::parse(&input).is_ok(), "{input:?} did not parse");
    check(&input)?;
  }
}
