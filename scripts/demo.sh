#!/usr/bin/env bash
# The main job, for a fresh machine: install the toolchain, build migcc and
# its sysroot, build an example for x86_64, aarch64 and riscv64, run it on
# each ISA and verify that the three builds share one layout.
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
