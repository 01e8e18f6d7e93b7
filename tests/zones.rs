//! Fixed-address memory zones: one program, built once, prints the addresses
//! of a sequence of malloc/realloc/mmap/mremap results, a thread's stack and
//! the table of migrating regions (tests/zones/addresses.c). Run natively on
//! x86_64 and through `migcc run --isa` on aarch64 and riscv64, twice each,
//! every output must be the same text, and every address must lie in the
//! zone the program names for it (sysroot/src/address_map.rs).

use std::path::Path;
use std::process::Command;

use migcc_sysroot::address_map::{self, Zone, ADDRESS_LIMIT};

const MIGCC: &str = env!("CARGO_BIN_EXE_migcc");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs a command in `dir` with an environment of only `PATH`, and returns
/// its stdout; panics with its stderr if it fails.
fn run(mut cmd: Command, dir: &Path, what: &str) -> String {
    cmd.current_dir(dir).env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default());
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn zone(name: &str) -> Zone {
    *address_map::ZONES.iter().find(|z| z.name == name).unwrap_or_else(|| panic!("no zone named {name}"))
}

/// Checks one `ZONES LABEL ADDRESS` line.
fn check_line(line: &str) {
    let fields: Vec<&str> = line.split(' ').collect();
    let [zones, label, address] = fields[..] else { panic!("malformed line {line:?}") };
    let address = u64::from_str_radix(address.trim_start_matches("0x"), 16)
        .unwrap_or_else(|e| panic!("bad address in {line:?}: {e}"));
    let inside = if zones == "ANY" {
        // A region of the table: in one of the zones, as are all of them here.
        address_map::ZONES.iter().any(|z| (z.base..z.end).contains(&address))
    } else {
        zones.split('|').map(zone).any(|z| (z.base..=z.end).contains(&address))
    };
    assert!(inside, "{label} at {address:#x} is outside {zones}");
    assert!(address < ADDRESS_LIMIT, "{label} at {address:#x} is above 2^38");
}

#[test]
fn addresses_are_identical_on_every_isa_and_run() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let src = Path::new(ROOT).join("tests/zones/addresses.c");
    let exe = dir.path().join("addresses");
    let mut build = Command::new(MIGCC);
    build.args(["-O2"]).arg(&src).arg("-o").arg(&exe).arg("-lpthread");
    run(build, dir.path(), "migcc build");

    let mut outputs = Vec::new();
    for isa in ["x86_64", "aarch64", "riscv64"] {
        for round in 1..=2 {
            let cmd = if isa == "x86_64" && cfg!(target_arch = "x86_64") {
                Command::new(&exe)
            } else {
                let mut c = Command::new(MIGCC);
                c.args(["run", "--isa", isa]).arg(&exe);
                c
            };
            outputs.push((format!("{isa} run {round}"), run(cmd, dir.path(), &format!("{isa} run {round}"))));
        }
    }

    let (first_name, first) = &outputs[0];
    assert!(first.lines().count() > 20, "too little output from {first_name}:\n{first}");
    for line in first.lines() {
        check_line(line);
    }
    for kind in ["region-kind1-", "region-kind2-", "region-kind3-", "region-kind4-", "region-kind5-"] {
        assert!(first.contains(kind), "no {kind} line in the region table:\n{first}");
    }
    for (name, out) in &outputs[1..] {
        assert!(out == first, "{name} differs from {first_name}:\n--- {first_name}\n{first}\n--- {name}\n{out}");
    }
}
