#!/usr/bin/env bash
# The whole test suite, for a fresh machine: installs what the tests need,
# then runs every test (C programs on all three ISAs, driver and build-system
# tests, c-torture). The sysroot is cached in target/ after the first run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
. scripts/rust-env.sh
cargo test --release --workspace --no-fail-fast
