#!/usr/bin/env bash
# Runs every test: the Rust core's unit and integration tests, then the JS suite against the
# built addon (npm install builds it). The JS suite uses real node processes, a SQLite file and
# the MariaDB and PostgreSQL servers on 127.0.0.1, which its tests start when they are down.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --all-targets
node --test --test-concurrency=1 __test__/
