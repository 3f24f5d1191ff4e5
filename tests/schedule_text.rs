//! Text schedules: each form of the later.js grammar with its meaning, the forms the original
//! rejects, and the intended differences. All times are UTC and start from a fixed instant.

use chrono::{DateTime, Utc};
use ferrous_job_manager::schedule::{next_runs, Schedule, ScheduleKind, Zone};

/// A Wednesday morning.
const FROM: &str = "2026-03-11T09:26:13Z";

fn instant(text: &str) -> DateTime<Utc> {
  DateTime::parse_from_rfc3339(text)
    .unwrap()
    .with_timezone(&Utc)
}

fn runs_from(at: &str, from: &str, count: usize) -> Vec<String> {
  let utc = Zone::parse("UTC").unwrap();
  match next_runs(at, count, instant(from), &utc) {
    Ok(runs) => runs
      .iter()
      .map(|run| run.format("%Y-%m-%dT%H:%M:%SZ").to_string())
      .collect(),
    Err(err) => vec![format!("error: {err}")],
  }
}

fn runs(at: &str, count: usize) -> Vec<String> {
  runs_from(at, FROM, count)
}

fn reason(at: &str) -> String {
  Schedule::parse(at).expect_err(at).reason
}

/// (schedule, its first runs after FROM)
const MEANINGS: &[(&str, &[&str])] = &[
  // every N <unit> counts from the start of the enclosing unit, not from now.
  (
    "every 5 minutes",
    &[
      "2026-03-11T09:30:00Z",
      "2026-03-11T09:35:00Z",
      "2026-03-11T09:40:00Z",
    ],
  ),
  (
    "every 5 mins",
    &[
      "2026-03-11T09:30:00Z",
      "2026-03-11T09:35:00Z",
      "2026-03-11T09:40:00Z",
    ],
  ),
  (
    "every 5 min",
    &[
      "2026-03-11T09:30:00Z",
      "2026-03-11T09:35:00Z",
      "2026-03-11T09:40:00Z",
    ],
  ),
  (
    "every 5 m",
    &[
      "2026-03-11T09:30:00Z",
      "2026-03-11T09:35:00Z",
      "2026-03-11T09:40:00Z",
    ],
  ),
  (
    "every 30 seconds",
    &[
      "2026-03-11T09:26:30Z",
      "2026-03-11T09:27:00Z",
      "2026-03-11T09:27:30Z",
    ],
  ),
  (
    "every 5 s",
    &[
      "2026-03-11T09:26:15Z",
      "2026-03-11T09:26:20Z",
      "2026-03-11T09:26:25Z",
    ],
  ),
  (
    "every 1 minute",
    &[
      "2026-03-11T09:27:00Z",
      "2026-03-11T09:28:00Z",
      "2026-03-11T09:29:00Z",
    ],
  ),
  (
    "every 0 minutes",
    &[
      "2026-03-11T09:27:00Z",
      "2026-03-11T09:28:00Z",
      "2026-03-11T09:29:00Z",
    ],
  ),
  (
    "every 2 hours",
    &[
      "2026-03-11T10:00:00Z",
      "2026-03-11T12:00:00Z",
      "2026-03-11T14:00:00Z",
    ],
  ),
  (
    "every 45 minutes",
    &[
      "2026-03-11T09:45:00Z",
      "2026-03-11T10:00:00Z",
      "2026-03-11T10:45:00Z",
    ],
  ),
  (
    "every 90 seconds",
    &[
      "2026-03-11T09:27:00Z",
      "2026-03-11T09:28:00Z",
      "2026-03-11T09:29:00Z",
    ],
  ),
  (
    "every 100 minutes",
    &[
      "2026-03-11T10:00:00Z",
      "2026-03-11T11:00:00Z",
      "2026-03-11T12:00:00Z",
    ],
  ),
  (
    "every 1 day",
    &[
      "2026-03-12T00:00:00Z",
      "2026-03-13T00:00:00Z",
      "2026-03-14T00:00:00Z",
    ],
  ),
  (
    "every 2 days",
    &[
      "2026-03-13T00:00:00Z",
      "2026-03-15T00:00:00Z",
      "2026-03-17T00:00:00Z",
    ],
  ),
  (
    "every 7 days",
    &[
      "2026-03-15T00:00:00Z",
      "2026-03-22T00:00:00Z",
      "2026-03-29T00:00:00Z",
      "2026-04-01T00:00:00Z",
    ],
  ),
  (
    "every weekday",
    &[
      "2026-03-12T00:00:00Z",
      "2026-03-13T00:00:00Z",
      "2026-03-16T00:00:00Z",
    ],
  ),
  (
    "every weekend",
    &[
      "2026-03-14T00:00:00Z",
      "2026-03-15T00:00:00Z",
      "2026-03-21T00:00:00Z",
    ],
  ),
  (
    "every 3 months",
    &[
      "2026-04-01T00:00:00Z",
      "2026-07-01T00:00:00Z",
      "2026-10-01T00:00:00Z",
    ],
  ),
  // Mondays of odd ISO weeks: week 13 starts on 23 March 2026.
  (
    "every 2 weeks",
    &[
      "2026-03-23T00:00:00Z",
      "2026-04-06T00:00:00Z",
      "2026-04-20T00:00:00Z",
    ],
  ),
  (
    "at 10:15 am",
    &["2026-03-11T10:15:00Z", "2026-03-12T10:15:00Z"],
  ),
  (
    "at 10:15am",
    &["2026-03-11T10:15:00Z", "2026-03-12T10:15:00Z"],
  ),
  (
    "at 10:15",
    &["2026-03-11T10:15:00Z", "2026-03-12T10:15:00Z"],
  ),
  ("@10:15", &["2026-03-11T10:15:00Z", "2026-03-12T10:15:00Z"]),
  (
    "at 5:00 pm",
    &["2026-03-11T17:00:00Z", "2026-03-12T17:00:00Z"],
  ),
  (
    "at 12:00 am",
    &["2026-03-12T00:00:00Z", "2026-03-13T00:00:00Z"],
  ),
  (
    "at 12:00 pm",
    &["2026-03-11T12:00:00Z", "2026-03-12T12:00:00Z"],
  ),
  (
    "at 10:15 am and 4:30 pm",
    &[
      "2026-03-11T10:15:00Z",
      "2026-03-11T16:30:00Z",
      "2026-03-12T10:15:00Z",
    ],
  ),
  (
    "every weekday at 9:00 am",
    &[
      "2026-03-12T09:00:00Z",
      "2026-03-13T09:00:00Z",
      "2026-03-16T09:00:00Z",
    ],
  ),
  (
    "on monday at 10:00",
    &["2026-03-16T10:00:00Z", "2026-03-23T10:00:00Z"],
  ),
  (
    "on mon through fri at 9:00",
    &[
      "2026-03-12T09:00:00Z",
      "2026-03-13T09:00:00Z",
      "2026-03-16T09:00:00Z",
    ],
  ),
  (
    "on mon-fri at 9:00",
    &[
      "2026-03-12T09:00:00Z",
      "2026-03-13T09:00:00Z",
      "2026-03-16T09:00:00Z",
    ],
  ),
  (
    "on tuesday and thursday at 15:00",
    &[
      "2026-03-12T15:00:00Z",
      "2026-03-17T15:00:00Z",
      "2026-03-19T15:00:00Z",
    ],
  ),
  (
    "on the first day of the month",
    &["2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z"],
  ),
  (
    "on the last day of the month",
    &[
      "2026-03-31T00:00:00Z",
      "2026-04-30T00:00:00Z",
      "2026-05-31T00:00:00Z",
    ],
  ),
  (
    "on the 1st and 15th day of the month at 08:00",
    &[
      "2026-03-15T08:00:00Z",
      "2026-04-01T08:00:00Z",
      "2026-04-15T08:00:00Z",
    ],
  ),
  // The second Tuesday: days 8-14 of the month that are Tuesdays.
  (
    "on the 2nd day instance on tue",
    &["2026-04-14T00:00:00Z", "2026-05-12T00:00:00Z"],
  ),
  (
    "of march",
    &["2027-03-01T00:00:00Z", "2028-03-01T00:00:00Z"],
  ),
  ("in 2027", &["2027-01-01T00:00:00Z"]),
  (
    "every 2 hours after 8:00am",
    &[
      "2026-03-11T10:00:00Z",
      "2026-03-11T12:00:00Z",
      "2026-03-11T14:00:00Z",
    ],
  ),
  (
    "every 5 minutes after 10:00 before 18:00",
    &["2026-03-11T10:00:00Z", "2026-03-11T10:05:00Z"],
  ),
  (
    "every 5 minutes starting on the 2nd minute",
    &["2026-03-11T09:27:00Z", "2026-03-11T09:32:00Z"],
  ),
  (
    "every 3 hours between 6 and 18",
    &[
      "2026-03-11T12:00:00Z",
      "2026-03-11T15:00:00Z",
      "2026-03-11T18:00:00Z",
      "2026-03-12T06:00:00Z",
    ],
  ),
  // 15 March 2026 is a Sunday.
  (
    "at 9:00 except on sun",
    &[
      "2026-03-12T09:00:00Z",
      "2026-03-13T09:00:00Z",
      "2026-03-14T09:00:00Z",
      "2026-03-16T09:00:00Z",
    ],
  ),
  (
    "every 10 minutes after 18:00 also every 30 minutes before 9:00",
    &["2026-03-11T18:00:00Z", "2026-03-11T18:10:00Z"],
  ),
  (
    "after 10:00",
    &[
      "2026-03-11T10:00:00Z",
      "2026-03-11T10:00:01Z",
      "2026-03-11T10:00:02Z",
    ],
  ),
  ("  every 5 minutes", &["2026-03-11T09:30:00Z"]),
  ("EVERY 5 MINUTES", &["2026-03-11T09:30:00Z"]),
];

#[test]
fn text_forms_fire_as_documented() {
  for (at, expected) in MEANINGS {
    assert_eq!(runs(at, expected.len()), *expected, "{at}");
  }
}

#[test]
fn office_hours_skip_the_weekend() {
  let friday_evening = runs_from(
    "every 30 minutes after 9:00 before 17:00 except on sat and sun",
    "2026-03-13T16:20:00Z",
    3,
  );
  assert_eq!(
    friday_evening,
    [
      "2026-03-13T16:30:00Z",
      "2026-03-16T09:00:00Z",
      "2026-03-16T09:30:00Z"
    ]
  );
}

#[test]
fn two_schedules_joined_by_also_interleave() {
  let evening = runs_from(
    "every 10 minutes after 18:00 also every 30 minutes before 9:00",
    "2026-03-11T23:45:00Z",
    4,
  );
  assert_eq!(
    evening,
    [
      "2026-03-11T23:50:00Z",
      "2026-03-12T00:00:00Z",
      "2026-03-12T00:30:00Z",
      "2026-03-12T01:00:00Z"
    ]
  );
}

#[test]
fn schedule_with_only_past_years_never_fires() {
  let runs = runs("in 2020", 1);
  assert!(runs[0].contains("never fires"), "{runs:?}");
}

#[test]
fn out_of_range_day_never_fires() {
  let runs = runs("on the 32nd day of the month", 1);
  assert!(runs[0].contains("never fires"), "{runs:?}");
}

#[test]
fn leap_day_fires_every_four_years() {
  assert_eq!(
    runs("on the 29th day of feb", 3),
    [
      "2028-02-29T00:00:00Z",
      "2032-02-29T00:00:00Z",
      "2036-02-29T00:00:00Z"
    ]
  );
}

#[test]
fn later_quirks_are_kept() {
  // A tick longer than the finest unit fires once per tick: `before 1st hour` ranks below
  // minutes in later, so this fires once a day at midnight.
  assert_eq!(
    runs("every 5 minutes before 1st hour", 2),
    ["2026-03-12T00:00:00Z", "2026-03-13T00:00:00Z"]
  );
  // The last 7 days of a month fire at the start of the 7-day blocks they fall in.
  assert_eq!(
    runs("on the last day instance", 2),
    ["2026-03-22T00:00:00Z", "2026-03-29T00:00:00Z"]
  );
  // A bound on the time of day moves the start of the hour it falls in.
  assert_eq!(
    runs_from("every 2 hours after 8:30am", "2026-03-11T07:00:00Z", 2),
    ["2026-03-11T08:00:00Z", "2026-03-11T10:00:00Z"]
  );
}

#[test]
fn every_without_a_number_means_every_one() {
  let cases = [
    ("every second", "every 1 second"),
    ("every minute", "every 1 minute"),
    ("every hour", "every 1 hour"),
    ("every day", "every 1 day"),
    ("every week", "every 1 week"),
    ("every month", "every 1 month"),
    ("every day at 3:00 am", "every 1 day at 3:00 am"),
  ];
  for (short, long) in cases {
    assert_eq!(runs(short, 3), runs(long, 3), "{short}");
  }
}

#[test]
fn trailing_space_is_ignored() {
  assert_eq!(runs("every 5 seconds ", 2), runs("every 5 seconds", 2));
  assert_eq!(runs("at 10:15\t\n", 2), runs("at 10:15", 2));
}

#[test]
fn rejected_texts_fail_to_parse() {
  let rejected = [
    "every five minutes",
    "every 1.5 hours",
    "5 minutes",
    "in 5 minutes",
    "10 seconds",
    "daily",
    "hourly",
    "tomorrow",
    "now",
    "at noon",
    "at 25:00",
    "at 13:00 pm",
    "@ 10:15",
    "every 5 minutes foo",
    "invalid expression",
    "",
    "   ",
    "every",
    "every 5",
    "every 5 minutes also",
    "except on sun",
    "every 5 minutes except also",
    "on fri through mon",
    "of nov through oct",
    "every 3 hours between 18 and 6",
    "of ma",
    "@daily",
    "every weekdays",
  ];
  for at in rejected {
    assert!(Schedule::parse(at).is_err(), "{at:?} parsed");
  }
}

#[test]
fn reasons_name_the_part_not_understood() {
  assert_eq!(reason("every 5 minutes foo"), "expected a clause such as \"every\", \"at\", \"on\", \"of\", \"in\", \"after\", \"before\", \"also\" or \"except\" after \"every 5 minutes\", found \"foo\"");
  assert_eq!(
    reason("every five minutes"),
    "expected a number or a unit such as \"minutes\" after \"every\", found \"five\""
  );
  assert_eq!(
    reason("at 25:00"),
    "expected a time such as \"10:15\" or \"10:15 am\" after \"at\", found \"25:00\""
  );
  assert_eq!(reason("every 5"), "expected a unit such as \"seconds\", \"minutes\", \"hours\", \"days\", \"weeks\", \"months\" or \"years\" after \"every 5\", but the schedule ends there");
  assert_eq!(
    reason("in 5 minutes"),
    "expected a four-digit year after \"in\", found \"5\""
  );
  assert_eq!(
    reason("on fri through mon"),
    "\"fri through mon\" selects nothing: the start is after the end"
  );
  assert_eq!(reason("   "), "the schedule is empty");
  assert!(
    reason("tomorrow").starts_with("expected a clause such as"),
    "{}",
    reason("tomorrow")
  );
}

#[test]
fn error_display_names_the_input() {
  let err = Schedule::parse("at noon").unwrap_err();
  assert_eq!(err.input, "at noon");
  assert!(
    err
      .to_string()
      .starts_with("invalid schedule \"at noon\": "),
    "{err}"
  );
}

#[test]
fn text_schedules_report_their_kind() {
  assert_eq!(
    Schedule::parse("every 5 minutes").unwrap().kind(),
    ScheduleKind::Text
  );
  assert_eq!(
    Schedule::parse("every 5 minutes").unwrap().source(),
    "every 5 minutes"
  );
}

#[test]
fn once_fires_only_before_its_instant() {
  let at = instant("2026-03-12T00:00:00Z");
  let once = Schedule::once(at);
  let utc = Zone::parse("UTC").unwrap();
  assert_eq!(once.kind(), ScheduleKind::Once);
  assert_eq!(once.next_after(instant(FROM), &utc), Some(at));
  assert_eq!(once.next_after(at, &utc), None);
}

#[test]
fn validate_has_future_rejects_past_years() {
  let utc = Zone::parse("UTC").unwrap();
  let schedule = Schedule::parse("in 2020").unwrap();
  let err = schedule
    .validate_has_future(instant(FROM), &utc)
    .unwrap_err();
  assert!(
    err
      .reason
      .starts_with("it never fires after 2026-03-11T09:26:13Z"),
    "{}",
    err.reason
  );
  let yearly = Schedule::parse("of march").unwrap();
  assert!(yearly.validate_has_future(instant(FROM), &utc).is_ok());
}

#[test]
fn next_after_skips_the_current_second() {
  let utc = Zone::parse("UTC").unwrap();
  let schedule = Schedule::parse("every 5 seconds").unwrap();
  let at = instant("2026-03-11T09:26:15Z");
  assert_eq!(
    schedule.next_after(at, &utc),
    Some(instant("2026-03-11T09:26:20Z"))
  );
  let just_before = at - chrono::Duration::milliseconds(1);
  assert_eq!(schedule.next_after(just_before, &utc), Some(at));
}
