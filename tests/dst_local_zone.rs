//! The local zone follows the `TZ` variable. This file contains one test because it sets `TZ` for
//! the whole test process.

use chrono::{DateTime, Utc};
use ferrous_job_manager::schedule::{next_runs, Zone};

#[test]
fn local_zone_follows_tz_variable() {
  std::env::set_var("TZ", "America/New_York");
  let from = DateTime::parse_from_rfc3339("2026-03-07T00:00:00Z")
    .unwrap()
    .with_timezone(&Utc);
  let new_york = Zone::parse("America/New_York").unwrap();
  for at in [
    "0 30 2 * * *",
    "every 5 minutes",
    "at 9:00 except on sun",
    "every 2 hours",
  ] {
    let local = next_runs(at, 5, from, &Zone::Local).unwrap();
    let named = next_runs(at, 5, from, &new_york).unwrap();
    assert_eq!(local, named, "{at}");
  }
}
