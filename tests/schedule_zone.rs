//! Time zone names: `local`, IANA names, and the errors for unknown ones.

use ferrous_job_manager::schedule::Zone;

#[test]
fn local_names_select_the_process_zone() {
  for name in ["local", "LOCAL", "system", "", "  "] {
    assert_eq!(Zone::parse(name).unwrap(), Zone::Local, "{name:?}");
  }
}

#[test]
fn iana_names_select_that_zone() {
  assert_eq!(
    Zone::parse("Europe/London").unwrap(),
    Zone::Named(chrono_tz::Europe::London)
  );
  assert_eq!(Zone::parse("UTC").unwrap(), Zone::Named(chrono_tz::UTC));
  assert_eq!(
    Zone::parse("america/new_york").unwrap(),
    Zone::Named(chrono_tz::America::New_York)
  );
}

#[test]
fn zone_displays_its_name() {
  assert_eq!(
    Zone::parse("Australia/Lord_Howe").unwrap().to_string(),
    "Australia/Lord_Howe"
  );
  assert_eq!(Zone::Local.to_string(), "local");
}

#[test]
fn unknown_zone_is_an_error() {
  let err = Zone::parse("Mars/Olympus").unwrap_err();
  assert_eq!(err.input, "Mars/Olympus");
  assert!(err.is_time_zone());
  assert_eq!(
    err.to_string(),
    "invalid time zone \"Mars/Olympus\": not an IANA time zone name such as \"Europe/London\", nor \"local\""
  );
}
