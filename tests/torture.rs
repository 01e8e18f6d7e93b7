//! GCC's gcc.c-torture/execute tests, built with migcc and with the reference
//! toolchain (plain clang-22 -O2, static, natively built musl) on every ISA.
//!
//! * Sources: Debian's gcc-12 source package, downloaded and extracted into
//!   `target/torture-src/` at first run (see `torture/source.rs`).
//! * Subset: the test files sorted by name, every 4th one (index 0, 4, 8...;
//!   `MIGCC_TORTURE_STRIDE=1` takes them all). Sampling the sorted list of
//!   *all* files keeps the subset stable when the directive rules below
//!   change; files whose DejaGnu directives rule them out for clang on these
//!   targets (nested functions, decimal float, x86-only flags...) are then
//!   excluded and listed — see `torture/directives.rs` for the exact rules.
//!   `MIGCC_TORTURE_FILES=a.c,b.c` runs exactly the named files instead
//!   (to check a few tests with one summary table).
//! * Verdict per run, as the torture suite defines it: exit status 0 passes.
//!   Each run has a 30 s timeout (qemu for aarch64 and riscv64).
//! * One trial per test file, then a table: per ISA, migcc's pass rate next
//!   to clang's, and every migcc failure classified as "rejected as not
//!   portable", "build failed" or "wrong result".
//!
//! The assertion (each trial): on every ISA where the clang build passes,
//! migcc's build passes too or migcc rejects the program as not portable.
//! A program plain clang handles correctly must never be miscompiled or fail
//! to build with migcc; refusing it with a diagnostic is the one allowed way
//! out. Tests that clang itself fails are reported but cannot fail a trial.
//! Known failures, each with its reason, are listed in `KNOWN_FAILURES`
//! (a shrink-only list).
//!
//! A missing tool or a failed download fails the whole run with what to
//! install: nothing is skipped silently.

#[path = "torture/directives.rs"]
mod directives;
#[path = "torture/report.rs"]
mod report;
#[path = "torture/source.rs"]
mod source;
#[path = "torture/trial.rs"]
mod trial;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use directives::Selection;
use libtest_mimic::{Arguments, Failed, Trial};
use migcc_sysroot::reference::{run_command, ReferenceToolchain};
use migcc_sysroot::Isa;
use trial::{IsaOutcome, Outcome, Toolchains};

const DEFAULT_STRIDE: usize = 4;

type Results = Arc<Mutex<BTreeMap<String, Vec<IsaOutcome>>>>;

fn main() {
    let args = Arguments::from_args();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let (dir, version) = source::torture_dir(&target).unwrap_or_else(|e| panic!("torture sources unavailable: {e}"));
    let toolchains = Arc::new(toolchains(&target));

    let stride = match std::env::var("MIGCC_TORTURE_STRIDE") {
        Ok(s) => s.parse().ok().filter(|&n: &usize| n > 0).expect("MIGCC_TORTURE_STRIDE must be a positive integer"),
        Err(_) => DEFAULT_STRIDE,
    };
    let all = test_files(&dir);
    let named = std::env::var("MIGCC_TORTURE_FILES").ok();
    let sampled: Vec<&PathBuf> = match &named {
        Some(list) => {
            let names: Vec<&str> = list.split(',').map(str::trim).filter(|n| !n.is_empty()).collect();
            let chosen: Vec<&PathBuf> =
                all.iter().filter(|p| p.file_name().is_some_and(|n| names.iter().any(|w| n == *w))).collect();
            assert_eq!(chosen.len(), names.len(), "MIGCC_TORTURE_FILES names a file that is not in {}", dir.display());
            chosen
        }
        None => all.iter().step_by(stride).collect(),
    };

    let results: Results = Arc::default();
    let mut excluded = Vec::new();
    let mut trials: Vec<Trial> = directives::self_tests()
        .into_iter()
        .map(|(name, check)| Trial::test(format!("directives::{name}"), move || check().map_err(Failed::from)))
        .collect();
    for path in sampled.iter().copied() {
        let name = path.file_name().expect("file name").to_string_lossy().into_owned();
        let text =
            String::from_utf8_lossy(&fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display())))
                .into_owned();
        let plan = match directives::plan(&text).unwrap_or_else(|e| panic!("{name}: {e}")) {
            Selection::Run(plan) => plan,
            Selection::Exclude(why) => {
                excluded.push((name, why));
                continue;
            }
        };
        let (toolchains, results, path) = (toolchains.clone(), results.clone(), path.clone());
        trials.push(Trial::test(name.clone(), move || {
            let outcomes = trial::run_test(&toolchains, &path, &plan.options, &plan.isas)?;
            let verdict = verdict(&name, &outcomes);
            results.lock().expect("results lock").insert(name, outcomes);
            verdict
        }));
    }

    let conclusion = libtest_mimic::run(&args, trials);
    let how =
        if named.is_some() { "named by MIGCC_TORTURE_FILES".to_string() } else { format!("every {stride}th by name") };
    let header = format!(
        "gcc.c-torture/execute from {} {version}: {} of {} files sampled ({how}), {} excluded by directives",
        source::PACKAGE,
        sampled.len(),
        all.len(),
        excluded.len()
    );
    let results = results.lock().expect("results lock");
    let known: Vec<&str> = KNOWN_FAILURES.iter().map(|(name, _)| *name).collect();
    if !results.is_empty() {
        println!("{}", report::summary(&header, &results, &excluded, &known));
    }
    conclusion.exit();
}

/// Tests that currently break the assertion, with why; the list covers the
/// whole suite (`MIGCC_TORTURE_STRIDE=1`), not only the default sample. A
/// listed test that meets the assertion fails its trial until it is removed
/// from here, so the list can only shrink.
const KNOWN_FAILURES: &[(&str, &str)] = &[(
    "pr17377.c",
    "not migcc's: compares __builtin_return_address across calls that whole-program optimisation turns into tail calls; clang -O2 -flto fails it too",
)];

/// Fails the trial where clang passes but migcc neither passes nor rejects
/// the program as not portable (see the top of this file), unless the test
/// is a known failure.
fn verdict(name: &str, outcomes: &[IsaOutcome]) -> Result<(), Failed> {
    let known = KNOWN_FAILURES.iter().find(|(file, _)| *file == name).map(|(_, why)| why);
    let bad: Vec<String> = outcomes
        .iter()
        .filter(|o| {
            matches!(o.clang, Outcome::Pass) && matches!(o.migcc, Outcome::BuildFailed(_) | Outcome::WrongResult(_))
        })
        .map(|o| format!("{}: clang passes, migcc {}: {}", o.isa, o.migcc.category(), o.migcc.reason()))
        .collect();
    match (bad.is_empty(), known) {
        (true, None) | (false, Some(_)) => Ok(()),
        (false, None) => Err(bad.join("\n").into()),
        (true, Some(why)) => {
            Err(format!("listed in KNOWN_FAILURES ({why}) but meets the assertion now: remove it from the list").into())
        }
    }
}

/// migcc, the reference toolchain for every ISA and a work directory; any
/// missing piece aborts the run with what to install.
fn toolchains(target: &Path) -> Toolchains {
    let refs = Isa::ALL
        .iter()
        .map(|&isa| {
            ReferenceToolchain::ensure(target, isa).unwrap_or_else(|e| panic!("reference toolchain for {isa}: {e}"))
        })
        .collect();
    for isa in Isa::ALL {
        run_command(isa, Path::new("probe")).unwrap_or_else(|e| panic!("cannot run {isa} programs: {e}"));
    }
    let work = target.join("torture-work");
    fs::create_dir_all(&work).unwrap_or_else(|e| panic!("creating {}: {e}", work.display()));
    Toolchains { migcc: PathBuf::from(env!("CARGO_BIN_EXE_migcc")), refs, work }
}

/// Every `*.c` directly in the torture directory, sorted by name.
fn test_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    files.sort();
    files
}
