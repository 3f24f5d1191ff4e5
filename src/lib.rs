#![deny(clippy::all)]
//! Native core of ferrous-job-manager.
//!
//! Everything outside `binding` is plain Rust with no napi types, so `cargo test` covers it
//! without a Node process. `schedule` parses and evaluates schedules, and `queue` orders inline
//! jobs. `pool` runs offloaded jobs in `node` processes, and `engine` fires schedules into it.

#[macro_use]
extern crate napi_derive;

mod binding;
pub mod engine;
pub mod logging;
pub mod pool;
pub mod queue;
pub mod schedule;
