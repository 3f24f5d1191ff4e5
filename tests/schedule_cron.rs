//! Cron expressions: the original's 6-field form with its meaning, the 5-field form and the
//! other intended extensions, and the expressions that are rejected with their reasons.

use chrono::{DateTime, Utc};
use ferrous_job_manager::schedule::{next_runs, Schedule, ScheduleKind, Zone};

/// A Wednesday morning.
const FROM: &str = "2026-03-11T09:26:13Z";

fn runs(at: &str, count: usize) -> Vec<String> {
  let from = DateTime::parse_from_rfc3339(FROM)
    .unwrap()
    .with_timezone(&Utc);
  let utc = Zone::parse("UTC").unwrap();
  match next_runs(at, count, from, &utc) {
    Ok(runs) => runs
      .iter()
      .map(|run| run.format("%Y-%m-%dT%H:%M:%SZ").to_string())
      .collect(),
    Err(err) => vec![format!("error: {err}")],
  }
}

fn reason(at: &str) -> String {
  Schedule::parse(at).expect_err(at).reason
}

/// (expression, its first runs after FROM)
const MEANINGS: &[(&str, &[&str])] = &[
  // Forms Ghost uses.
  (
    "0 */5 * * * *",
    &[
      "2026-03-11T09:30:00Z",
      "2026-03-11T09:35:00Z",
      "2026-03-11T09:40:00Z",
    ],
  ),
  (
    "15 3/5 * * * *",
    &[
      "2026-03-11T09:28:15Z",
      "2026-03-11T09:33:15Z",
      "2026-03-11T09:38:15Z",
    ],
  ),
  (
    "0 30 2 * * *",
    &["2026-03-12T02:30:00Z", "2026-03-13T02:30:00Z"],
  ),
  (
    "45 10 * * * *",
    &["2026-03-11T10:10:45Z", "2026-03-11T11:10:45Z"],
  ),
  (
    "*/10 * * * * *",
    &[
      "2026-03-11T09:26:20Z",
      "2026-03-11T09:26:30Z",
      "2026-03-11T09:26:40Z",
    ],
  ),
  (
    "* * * * * *",
    &[
      "2026-03-11T09:26:14Z",
      "2026-03-11T09:26:15Z",
      "2026-03-11T09:26:16Z",
    ],
  ),
  (
    "0-10/5,30 * * * * *",
    &[
      "2026-03-11T09:26:30Z",
      "2026-03-11T09:27:00Z",
      "2026-03-11T09:27:05Z",
      "2026-03-11T09:27:10Z",
    ],
  ),
  // A `*` field is no constraint: this fires at the start of minute 5 of every hour.
  (
    "* 5 * * * *",
    &["2026-03-11T10:05:00Z", "2026-03-11T11:05:00Z"],
  ),
  (
    "* * * * * 0",
    &["2026-03-15T00:00:00Z", "2026-03-22T00:00:00Z"],
  ),
  (
    "0 0 12 * * 0",
    &["2026-03-15T12:00:00Z", "2026-03-22T12:00:00Z"],
  ),
  // `a/n` runs from a to the field maximum, and `0/n` starts at the field minimum.
  (
    "0 0 0 * * 1/2",
    &[
      "2026-03-13T00:00:00Z",
      "2026-03-16T00:00:00Z",
      "2026-03-18T00:00:00Z",
    ],
  ),
  (
    "0 0 0 0/10 * *",
    &[
      "2026-03-21T00:00:00Z",
      "2026-03-31T00:00:00Z",
      "2026-04-01T00:00:00Z",
    ],
  ),
  (
    "0 0 0 1 0/5 *",
    &[
      "2026-06-01T00:00:00Z",
      "2026-11-01T00:00:00Z",
      "2027-01-01T00:00:00Z",
    ],
  ),
  // Day-of-month 0 is the last day and month 0 is December, as in the original.
  (
    "0 0 0 0 * *",
    &["2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z"],
  ),
  (
    "0 0 0 1 0 *",
    &["2026-12-01T00:00:00Z", "2027-12-01T00:00:00Z"],
  ),
  // A `*/n` day field is unrestricted for cron's OR rule, so both day fields must match.
  (
    "0 0 0 */2 * 1",
    &["2026-03-23T00:00:00Z", "2026-04-13T00:00:00Z"],
  ),
  (
    "0 0 0 31 * *",
    &["2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z"],
  ),
];

/// Intended differences from the original, which rejects or misreads these.
const EXTENSIONS: &[(&str, &[&str])] = &[
  (
    "*/15 * * * *",
    &[
      "2026-03-11T09:30:00Z",
      "2026-03-11T09:45:00Z",
      "2026-03-11T10:00:00Z",
    ],
  ),
  (
    "30 9 * * 1-5",
    &[
      "2026-03-11T09:30:00Z",
      "2026-03-12T09:30:00Z",
      "2026-03-13T09:30:00Z",
      "2026-03-16T09:30:00Z",
    ],
  ),
  (
    "* 3 * * *",
    &["2026-03-12T03:00:00Z", "2026-03-12T03:01:00Z"],
  ),
  (
    "0 0 12 * * 7",
    &["2026-03-15T12:00:00Z", "2026-03-22T12:00:00Z"],
  ),
  (
    "0 0 0 * * 5-7",
    &[
      "2026-03-13T00:00:00Z",
      "2026-03-14T00:00:00Z",
      "2026-03-15T00:00:00Z",
      "2026-03-20T00:00:00Z",
    ],
  ),
  (
    "0 0 12 * * SUN",
    &["2026-03-15T12:00:00Z", "2026-03-22T12:00:00Z"],
  ),
  (
    "0 0 12 * * sun",
    &["2026-03-15T12:00:00Z", "2026-03-22T12:00:00Z"],
  ),
  (
    "0 0 9 * * MON-FRI",
    &[
      "2026-03-12T09:00:00Z",
      "2026-03-13T09:00:00Z",
      "2026-03-16T09:00:00Z",
    ],
  ),
  (
    "0 0 12 1 JAN *",
    &["2027-01-01T12:00:00Z", "2028-01-01T12:00:00Z"],
  ),
  (
    "0 0 0 1 JAN-DEC/3 *",
    &[
      "2026-04-01T00:00:00Z",
      "2026-07-01T00:00:00Z",
      "2026-10-01T00:00:00Z",
    ],
  ),
  (
    "0 0 0 L * *",
    &[
      "2026-03-31T00:00:00Z",
      "2026-04-30T00:00:00Z",
      "2026-05-31T00:00:00Z",
    ],
  ),
  (
    "0 0 0 1,L * *",
    &[
      "2026-03-31T00:00:00Z",
      "2026-04-01T00:00:00Z",
      "2026-04-30T00:00:00Z",
    ],
  ),
  // Both day fields restricted: the 13th or any Friday.
  (
    "0 0 0 13 * 5",
    &[
      "2026-03-13T00:00:00Z",
      "2026-03-20T00:00:00Z",
      "2026-03-27T00:00:00Z",
      "2026-04-03T00:00:00Z",
      "2026-04-10T00:00:00Z",
      "2026-04-13T00:00:00Z",
    ],
  ),
  // `0-0` is the single value 0.
  (
    "0 0-0 * * * *",
    &["2026-03-11T10:00:00Z", "2026-03-11T11:00:00Z"],
  ),
  // Surrounding white space neither shifts the fields nor fails.
  (
    " 0 * * * * *",
    &["2026-03-11T09:27:00Z", "2026-03-11T09:28:00Z"],
  ),
  (
    "0 * * * * * ",
    &["2026-03-11T09:27:00Z", "2026-03-11T09:28:00Z"],
  ),
];

#[test]
fn cron_fields_fire_as_the_original() {
  for (at, expected) in MEANINGS {
    assert_eq!(runs(at, expected.len()), *expected, "{at}");
  }
}

#[test]
fn cron_extensions_fire_as_documented() {
  for (at, expected) in EXTENSIONS {
    assert_eq!(runs(at, expected.len()), *expected, "{at}");
  }
}

#[test]
fn impossible_date_never_fires() {
  let runs = runs("0 0 0 31 2 *", 1);
  assert!(runs[0].contains("never fires"), "{runs:?}");
}

#[test]
fn rejected_expressions_give_reasons() {
  let cases = [
    ("61 * * * * *", "second field \"61\" is out of range 0-59"),
    ("* 60 * * * *", "minute field \"60\" is out of range 0-59"),
    ("* * 24 * * *", "hour field \"24\" is out of range 0-23"),
    ("* * * 32 * *", "day-of-month field \"32\" is out of range 0-31"),
    ("* * * * 13 *", "month field \"13\" is out of range 0-12"),
    ("* * * * * 8", "day-of-week field \"8\" is out of range 0-7"),
    ("*/0 * * * * *", "second field \"*/0\" has the step 0; use 1 or more"),
    ("*/60 * * * * *", "second field \"*/60\" has the step 60, which is above the field maximum 59"),
    (
      "10-20/11 * * * * *",
      "second field \"10-20/11\" has the step 11, which is not smaller than the width of the range 10-20",
    ),
    ("5-3 * * * * *", "second field \"5-3\" has the range 5-3 whose start is above its end"),
    ("1,,2 * * * * *", "second field \"1,,2\" has an empty list element"),
    ("*/5.5 * * * * *", "second field \"*/5.5\" has the step \"5.5\" in \"*/5.5\", which is not a whole number"),
    ("0 0 0 1 FOO *", "month field \"FOO\" has \"FOO\", which is not a number or a month name such as JAN"),
    ("* * * * * MON#2", "day-of-week field \"MON#2\" has \"MON#2\", which is not a number or a day name such as MON"),
    ("* * * ? * *", "day-of-month field \"?\" has \"?\", which is not a number"),
  ];
  for (at, expected) in cases {
    assert_eq!(reason(at), expected, "{at}");
  }
}

#[test]
fn wrong_field_counts_are_rejected() {
  for at in [
    "* * * *",
    "0 0 0 * * * 2026",
    "0  * * * * *",
    "5 minutes",
    "* *",
  ] {
    assert!(
      reason(at).starts_with("expected 5 or 6 cron fields separated by single spaces"),
      "{at}"
    );
  }
}

#[test]
fn unsupported_cron_syntax_is_rejected() {
  for at in [
    "* * * LW * *",
    "0 0 0 L-2 * *",
    "0 0 0 5L * *",
    "* * * * * 5L",
    "@daily",
    "@hourly",
    "0 0 0 1 * * *",
  ] {
    assert!(Schedule::parse(at).is_err(), "{at:?} parsed");
  }
}

#[test]
fn cron_schedules_report_their_kind() {
  assert_eq!(
    Schedule::parse("0 */5 * * * *").unwrap().kind(),
    ScheduleKind::Cron
  );
  assert_eq!(
    Schedule::parse("*/5 * * * *").unwrap().kind(),
    ScheduleKind::Cron
  );
}
