#!/usr/bin/env bash
# The main job, for a fresh machine: install the toolchain, build migcc and
# its sysroot, build an example for x86_64, aarch64 and riscv64, run it on
# each ISA and verify that the three builds share one layout; then build a
# migratable program and move it live x86_64 -> aarch64 -> riscv64 -> x86_64
# while it runs (its output on stdout, migcc's progress on stderr).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
. scripts/rust-env.sh
echo "== building migcc"
cargo build --release
migcc=target/release/migcc
echo "== building the sysroot (musl 1.2.3 as portable IR, per-ISA layer; cached in target/)"
"$migcc" sysroot
mkdir -p target/demo
echo "== migcc -O2 -o target/demo/wordfreq examples/wordfreq.c"
"$migcc" -O2 -o target/demo/wordfreq examples/wordfreq.c
ls -l target/demo/
for isa in x86_64 aarch64 riscv64; do
	echo "== migcc run --isa $isa target/demo/wordfreq"
	"$migcc" run --isa "$isa" target/demo/wordfreq
done
echo "== migcc verify target/demo/wordfreq"
"$migcc" verify target/demo/wordfreq
echo "== migcc -O2 -fmigratable -o target/demo/primes examples/primes.c"
"$migcc" -O2 -fmigratable -o target/demo/primes examples/primes.c
echo "== migcc run --isa x86_64 --migrate-to aarch64,riscv64,x86_64 --after 1s target/demo/primes 400"
"$migcc" run --isa x86_64 --migrate-to aarch64,riscv64,x86_64 --after 1s target/demo/primes 400
