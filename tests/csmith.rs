//! Differential test with csmith (`harness = false`, libtest-mimic).
//!
//! * `seed_N` — for each seed of a fixed list, the check in
//!   `tests/csmith/differential.rs` (shared with `cargo xtask csmith`):
//!   generate the program with csmith, build the reference with
//!   `gcc -O1 -w -I/usr/include/csmith` and run it, build the program with
//!   migcc (the -O level rotates with the seed) for every ISA, run each build
//!   (x86_64 natively, aarch64 and riscv64 through `migcc run --isa`) and
//!   compare its output (the `checksum = ...` line) and exit status with the
//!   reference's. A migcc build failure or a different result fails the
//!   trial with the seed, the ISAs, both outputs and the commands that
//!   reproduce it. A seed whose *reference* run times out is discarded and
//!   counted (csmith can generate programs that loop for minutes).
//! * `harness::*` — self-checks: faults injected through the same code path
//!   (a migcc build that prints another checksum, one that fails to link, a
//!   reference that times out) must be reported as such.
//!
//! Seeds: `MIGCC_CSMITH_SEED_BASE` (default 1) up to
//! `MIGCC_CSMITH_COUNT` (default 100) of them. Trials run on libtest-mimic's
//! pool, one thread per core (`--test-threads` to change). A missing tool
//! (csmith, libcsmith-dev, gcc, qemu-user) fails every trial with the
//! package to install: nothing is skipped. Files of failing seeds are kept
//! under `target/csmith-work/`. The summary after the trials counts the
//! seeds; more than half discarded (with 20 or more seeds run) fails the run,
//! since the test would then check little.

#[path = "csmith/differential.rs"]
mod differential;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use differential::{Check, Discard, SeedResult, Tally, Tools, Verdict, ISAS};
use libtest_mimic::{Arguments, Failed, Trial};

const MIGCC: &str = env!("CARGO_BIN_EXE_migcc");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const DEFAULT_COUNT: u64 = 100;
const DEFAULT_SEED_BASE: u64 = 1;
/// The self-checks' program: its reference finishes in milliseconds.
const SELF_CHECK_SEED: u64 = 1;
/// A program whose reference runs for minutes (gcc -O1: over 2 minutes).
const LOOPING_SEED: u64 = 41;

fn env_u64(var: &str, default: u64) -> u64 {
    match std::env::var(var) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{var} must be a non-negative integer, got {v:?}")),
        Err(_) => default,
    }
}

fn main() {
    let start = Instant::now();
    let args = Arguments::from_args();
    let count = env_u64("MIGCC_CSMITH_COUNT", DEFAULT_COUNT);
    let base = env_u64("MIGCC_CSMITH_SEED_BASE", DEFAULT_SEED_BASE);
    let work = Path::new(ROOT).join("target/csmith-work");
    let check: Arc<Result<Check, String>> = Arc::new(
        std::fs::create_dir_all(&work)
            .map_err(|e| format!("cannot create {}: {e}", work.display()))
            .and_then(|()| Tools::find(Path::new(MIGCC), &work))
            .map(Check::new),
    );
    let tally: Arc<Mutex<Tally>> = Arc::default();

    let mut trials = Vec::new();
    for (name, self_check) in self_checks() {
        let (check, work) = (check.clone(), work.clone());
        trials.push(Trial::test(format!("harness::{name}"), move || {
            let check = check.as_ref().as_ref().map_err(|e| Failed::from(e.as_str()))?;
            self_check(check, &work).map_err(Failed::from)
        }));
    }
    for seed in base..base + count {
        let (check, work, tally) = (check.clone(), work.clone(), tally.clone());
        trials.push(Trial::test(format!("seed_{seed}"), move || {
            let check = check.as_ref().as_ref().map_err(|e| Failed::from(e.as_str()))?;
            seed_trial(check, &work, seed, &tally)
        }));
    }

    let conclusion = libtest_mimic::run(&args, trials);
    let tally = tally.lock().expect("tally lock");
    let mut too_many_discarded = false;
    if tally.generated > 0 || !tally.errors.is_empty() {
        print!("{}", tally.summary());
        println!("csmith: seeds {base}..={}, wall time {:.0} s", base + count - 1, start.elapsed().as_secs_f64());
        if tally.generated >= 20 && tally.discarded_total() * 2 > tally.generated {
            println!("csmith: FAILED: more than half of the programs were discarded, so this run checked little");
            too_many_discarded = true;
        }
    }
    if too_many_discarded {
        std::process::exit(101);
    }
    conclusion.exit();
}

/// A work directory for one seed under `target/csmith-work/`, removed when
/// dropped; `keep` preserves it for a failure report.
fn seed_dir(work: &Path, seed: u64) -> Result<tempfile::TempDir, Failed> {
    tempfile::Builder::new()
        .prefix(&format!("seed-{seed}-"))
        .tempdir_in(work)
        .map_err(|e| Failed::from(format!("cannot create a directory in {}: {e}", work.display())))
}

fn seed_trial(check: &Check, work: &Path, seed: u64, tally: &Mutex<Tally>) -> Result<(), Failed> {
    let dir = seed_dir(work, seed)?;
    let result = differential::check_seed(check, seed, dir.path());
    tally.lock().expect("tally lock").add(&result, seed);
    let result = result.map_err(Failed::from)?;
    if !result.failed() {
        return Ok(());
    }
    let report = differential::report(check, &result);
    let _kept: PathBuf = dir.keep();
    Err(report.into())
}

type SelfCheck = fn(&Check, &Path) -> Result<(), String>;

fn self_checks() -> Vec<(&'static str, SelfCheck)> {
    vec![
        ("opt_levels_and_tally", opt_levels_and_tally),
        ("detects_wrong_checksum", detects_wrong_checksum),
        ("detects_build_failure", detects_build_failure),
        ("discards_reference_timeout", discards_reference_timeout),
    ]
}

/// Runs `seed` with `check` in a directory that is removed afterwards, and
/// returns the result, its report and its tally.
fn run_self_check(check: &Check, work: &Path, seed: u64) -> Result<(SeedResult, String, Tally), String> {
    let dir = seed_dir(work, seed).map_err(|_| "cannot create a work directory".to_string())?;
    let result = differential::check_seed(check, seed, dir.path());
    let mut tally = Tally::default();
    tally.add(&result, seed);
    let result = result?;
    let report = differential::report(check, &result);
    Ok((result, report, tally))
}

fn require(report: &str, needles: &[&str]) -> Result<(), String> {
    match needles.iter().find(|n| !report.contains(*n)) {
        None => Ok(()),
        Some(n) => Err(format!("the report lacks {n:?}:\n{report}")),
    }
}

fn opt_levels_and_tally(_: &Check, _: &Path) -> Result<(), String> {
    let levels: Vec<&str> = (100..104).map(differential::opt_level).collect();
    let mut sorted = levels.clone();
    sorted.sort();
    if sorted != ["-O1", "-O2", "-O3", "-Os"] {
        return Err(format!("4 consecutive seeds must cover every -O level, got {levels:?}"));
    }
    let mut t = Tally::default();
    t.add(&Err("csmith crashed".into()), 7);
    let summary = t.summary();
    require(&summary, &["0 generated", "harness errors (csmith or gcc failed): 1 (seeds 7)"])?;
    if t.failures() != 0 {
        return Err("a harness error is not a migcc failure".into());
    }
    Ok(())
}

/// `-D__SPLAT__` makes csmith.h hash every value as 32 bits: the migcc
/// builds print another checksum, which must be reported on every ISA with
/// both outputs and the commands that reproduce it.
fn detects_wrong_checksum(check: &Check, work: &Path) -> Result<(), String> {
    let mut check = check.clone();
    check.migcc_extra = vec!["-D__SPLAT__".into()];
    let (result, report, tally) = run_self_check(&check, work, SELF_CHECK_SEED)?;
    match &result.verdict {
        Verdict::Mismatch(isas) if isas == &ISAS => {}
        other => return Err(format!("expected a mismatch on every ISA, got {other:?}\n{report}")),
    }
    let want = String::from_utf8_lossy(&result.reference.stdout).trim().to_string();
    let got = String::from_utf8_lossy(&result.runs[0].1.stdout).trim().to_string();
    if !want.starts_with("checksum = ") || !got.starts_with("checksum = ") || want == got {
        return Err(format!("expected two different checksum lines, got {want:?} and {got:?}"));
    }
    require(
        &report,
        &[
            &format!("seed {SELF_CHECK_SEED} "),
            "wrong result on x86_64, aarch64, riscv64",
            &want,
            &got,
            "migcc -O",
            "-D__SPLAT__",
            "csmith --max-funcs",
            "--seed 1 -o csmith-1.c",
            "migcc run --isa riscv64 prog",
            "first difference with argument `1`: reference `...checksum after hashing",
        ],
    )?;
    if tally.failures() != 1 || tally.mismatches.values().map(Vec::len).sum::<usize>() != 3 {
        return Err(format!("the tally must count one failing seed on 3 ISAs:\n{}", tally.summary()));
    }
    Ok(())
}

/// `-Dmain=csmith_main` leaves the program without `main`: the link fails,
/// which is a build failure with migcc's diagnostics.
fn detects_build_failure(check: &Check, work: &Path) -> Result<(), String> {
    let mut check = check.clone();
    check.migcc_extra = vec!["-Dmain=csmith_main".into()];
    let (result, report, tally) = run_self_check(&check, work, SELF_CHECK_SEED)?;
    if !matches!(result.verdict, Verdict::BuildFailed(_)) {
        return Err(format!("expected a build failure, got {:?}\n{report}", result.verdict));
    }
    require(&report, &["migcc build failed", "-Dmain=csmith_main", "main", "reproduce"])?;
    if tally.build_failures != [SELF_CHECK_SEED] || tally.failures() != 1 {
        return Err(format!("the tally must count one build failure:\n{}", tally.summary()));
    }
    Ok(())
}

/// A reference that exceeds its time limit discards the seed: counted, not
/// built by migcc, not a failure. (A 1 s limit instead of the usual one
/// keeps this check short.)
fn discards_reference_timeout(check: &Check, work: &Path) -> Result<(), String> {
    let mut check = check.clone();
    check.reference_timeout = Duration::from_secs(1);
    let (result, _, tally) = run_self_check(&check, work, LOOPING_SEED)?;
    if !matches!(result.verdict, Verdict::Discarded(Discard::ReferenceTimedOut)) || !result.runs.is_empty() {
        return Err(format!("expected a discarded seed, got {:?}", result.verdict));
    }
    if result.failed() || tally.failures() != 0 || tally.discarded_total() != 1 || tally.built != 0 {
        return Err(format!("a discarded seed is counted, not failed:\n{}", tally.summary()));
    }
    Ok(())
}
