//! Daylight-saving changes in Europe/London, America/New_York and Australia/Lord_Howe (which
//! shifts by 30 minutes), all in 2026.
//!
//! A wall time the clock skips fires once, at the jump. A wall time the clock repeats fires once,
//! at its first occurrence. Schedules of minutes and seconds keep their spacing in real time
//! through both changes.

use chrono::{DateTime, Utc};
use ferrous_job_manager::schedule::{next_runs, Zone};

fn runs(at: &str, zone: &str, from: &str, count: usize) -> Vec<String> {
  let from = DateTime::parse_from_rfc3339(from)
    .unwrap()
    .with_timezone(&Utc);
  let zone = Zone::parse(zone).unwrap();
  next_runs(at, count, from, &zone)
    .unwrap()
    .iter()
    .map(|run| run.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    .collect()
}

/// Seconds between consecutive runs.
fn gaps(at: &str, zone: &str, from: &str, count: usize) -> Vec<i64> {
  let from = DateTime::parse_from_rfc3339(from)
    .unwrap()
    .with_timezone(&Utc);
  let zone = Zone::parse(zone).unwrap();
  let runs = next_runs(at, count, from, &zone).unwrap();
  runs
    .windows(2)
    .map(|pair| (pair[1] - pair[0]).num_seconds())
    .collect()
}

// New York: 8 March 02:00 EST jumps to 03:00 EDT (07:00Z); 1 November 02:00 EDT falls back to
// 01:00 EST (06:00Z).

#[test]
fn new_york_skipped_time_runs_at_the_jump() {
  let expected = [
    "2026-03-07T07:30:00Z",
    "2026-03-08T07:00:00Z",
    "2026-03-09T06:30:00Z",
  ];
  assert_eq!(
    runs(
      "0 30 2 * * *",
      "America/New_York",
      "2026-03-07T00:00:00Z",
      3
    ),
    expected
  );
  assert_eq!(
    runs("at 2:30", "America/New_York", "2026-03-07T00:00:00Z", 3),
    expected
  );
}

#[test]
fn new_york_skipped_times_run_once() {
  assert_eq!(
    runs(
      "at 2:15 and 2:45",
      "America/New_York",
      "2026-03-08T06:00:00Z",
      3
    ),
    [
      "2026-03-08T07:00:00Z",
      "2026-03-09T06:15:00Z",
      "2026-03-09T06:45:00Z"
    ]
  );
}

#[test]
fn new_york_repeated_time_runs_once() {
  assert_eq!(
    runs(
      "0 30 1 * * *",
      "America/New_York",
      "2026-10-31T12:00:00Z",
      2
    ),
    ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]
  );
}

#[test]
fn new_york_second_pass_skips_repeated_time() {
  // 01:10 EST is in the repeated hour; 01:30 already ran at 01:30 EDT.
  assert_eq!(
    runs(
      "0 30 1 * * *",
      "America/New_York",
      "2026-11-01T06:10:00Z",
      1
    ),
    ["2026-11-02T06:30:00Z"]
  );
}

#[test]
fn new_york_two_hourly_moves_to_jump() {
  assert_eq!(
    runs(
      "every 2 hours",
      "America/New_York",
      "2026-03-08T04:30:00Z",
      3
    ),
    [
      "2026-03-08T05:00:00Z",
      "2026-03-08T07:00:00Z",
      "2026-03-08T08:00:00Z"
    ]
  );
}

#[test]
fn new_york_hourly_runs_every_real_hour() {
  assert_eq!(
    gaps(
      "every 1 hour",
      "America/New_York",
      "2026-11-01T02:30:00Z",
      6
    ),
    [3600; 5]
  );
  assert_eq!(
    gaps("0 0 * * * *", "America/New_York", "2026-03-08T04:30:00Z", 6),
    [3600; 5]
  );
}

#[test]
fn new_york_minutes_keep_spacing() {
  assert_eq!(
    gaps(
      "every 5 minutes",
      "America/New_York",
      "2026-03-08T06:30:00Z",
      24
    ),
    [300; 23]
  );
  assert_eq!(
    gaps(
      "every 5 minutes",
      "America/New_York",
      "2026-11-01T05:00:00Z",
      36
    ),
    [300; 35]
  );
}

#[test]
fn new_york_seconds_keep_spacing() {
  assert_eq!(
    gaps(
      "*/5 * * * * *",
      "America/New_York",
      "2026-03-08T06:59:00Z",
      30
    ),
    [5; 29]
  );
  assert_eq!(
    gaps(
      "*/5 * * * * *",
      "America/New_York",
      "2026-11-01T05:59:00Z",
      30
    ),
    [5; 29]
  );
}

// London: 29 March 01:00 GMT jumps to 02:00 BST (01:00Z); 25 October 02:00 BST falls back to
// 01:00 GMT (01:00Z).

#[test]
fn london_skipped_time_runs_at_the_jump() {
  assert_eq!(
    runs("0 30 1 * * *", "Europe/London", "2026-03-28T12:00:00Z", 2),
    ["2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"]
  );
}

#[test]
fn london_repeated_time_runs_once() {
  assert_eq!(
    runs("at 1:30", "Europe/London", "2026-10-24T12:00:00Z", 2),
    ["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]
  );
}

#[test]
fn london_minutes_keep_spacing() {
  assert_eq!(
    gaps(
      "every 5 minutes",
      "Europe/London",
      "2026-03-29T00:30:00Z",
      24
    ),
    [300; 23]
  );
  assert_eq!(
    gaps(
      "every 5 minutes",
      "Europe/London",
      "2026-10-25T00:00:00Z",
      36
    ),
    [300; 35]
  );
  assert_eq!(
    gaps("0 */5 * * * *", "Europe/London", "2026-10-25T00:00:00Z", 36),
    [300; 35]
  );
}

#[test]
fn london_seconds_keep_spacing() {
  assert_eq!(
    gaps("*/5 * * * * *", "Europe/London", "2026-03-29T00:59:00Z", 30),
    [5; 29]
  );
  assert_eq!(
    gaps("*/5 * * * * *", "Europe/London", "2026-10-25T00:59:00Z", 30),
    [5; 29]
  );
}

// Lord Howe: 5 April 02:00 (+11:00) falls back to 01:30 (+10:30) at 15:00Z the day before;
// 4 October 02:00 (+10:30) jumps to 02:30 (+11:00) at 15:30Z the day before.

#[test]
fn lord_howe_skipped_time_runs_at_the_jump() {
  assert_eq!(
    runs(
      "0 15 2 * * *",
      "Australia/Lord_Howe",
      "2026-10-02T12:00:00Z",
      3
    ),
    [
      "2026-10-02T15:45:00Z",
      "2026-10-03T15:30:00Z",
      "2026-10-04T15:15:00Z"
    ]
  );
}

#[test]
fn lord_howe_repeated_time_runs_once() {
  assert_eq!(
    runs(
      "0 45 1 * * *",
      "Australia/Lord_Howe",
      "2026-04-03T12:00:00Z",
      3
    ),
    [
      "2026-04-03T14:45:00Z",
      "2026-04-04T14:45:00Z",
      "2026-04-05T15:15:00Z"
    ]
  );
}

#[test]
fn lord_howe_minutes_keep_spacing() {
  assert_eq!(
    gaps(
      "every 5 minutes",
      "Australia/Lord_Howe",
      "2026-10-03T15:00:00Z",
      24
    ),
    [300; 23]
  );
  assert_eq!(
    gaps(
      "every 5 minutes",
      "Australia/Lord_Howe",
      "2026-04-04T14:30:00Z",
      24
    ),
    [300; 23]
  );
}

#[test]
fn lord_howe_seconds_keep_spacing() {
  assert_eq!(
    gaps(
      "*/5 * * * * *",
      "Australia/Lord_Howe",
      "2026-10-03T15:29:00Z",
      30
    ),
    [5; 29]
  );
  assert_eq!(
    gaps(
      "*/5 * * * * *",
      "Australia/Lord_Howe",
      "2026-04-04T14:59:00Z",
      30
    ),
    [5; 29]
  );
}

#[test]
fn lord_howe_hourly_runs_twice_in_fold() {
  // NOTE: minute 45 falls in the repeated half hour, so an hourly run fires at both 01:45s,
  // 30 minutes apart. Firing once would break the rule that minute schedules follow real time.
  assert_eq!(
    runs(
      "0 45 * * * *",
      "Australia/Lord_Howe",
      "2026-04-04T14:00:00Z",
      3
    ),
    [
      "2026-04-04T14:45:00Z",
      "2026-04-04T15:15:00Z",
      "2026-04-04T16:15:00Z"
    ]
  );
}

#[test]
fn utc_has_no_transitions() {
  assert_eq!(
    gaps("0 30 1 * * *", "UTC", "2026-03-28T00:00:00Z", 5),
    [86_400; 4]
  );
}
