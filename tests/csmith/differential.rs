//! The csmith differential check, one definition shared by `tests/csmith.rs`
//! (fixed seeds, CI) and `cargo xtask csmith` (large hunts), which include
//! this file with `#[path]`.
//!
//! For one seed: generate a program with csmith ([`CSMITH_OPTIONS`]), build
//! the reference with the host gcc ([`REFERENCE_FLAGS`]) and run it; build the
//! program with migcc (the -O level rotates with the seed, see [`opt_level`])
//! for every ISA and run each build (x86_64 natively, the others through
//! `migcc run --isa`); every run must print the reference's output (csmith's
//! `checksum = ...` line) and exit as it did.
//!
//! csmith programs are free of undefined behaviour but may run for a very
//! long time: a seed whose *reference* run exceeds [`REFERENCE_TIMEOUT`] (or
//! does not exit 0) is discarded and counted, never compared. A migcc build
//! failure, a different output or status, or a migcc run that times out
//! (after [`RUN_TIMEOUT`], generous for qemu) is a failure.

#![allow(dead_code)]

#[path = "../harness/exec.rs"]
pub mod exec;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use exec::{Output, Status};

/// Every ISA migcc builds, in report order. x86_64 is the host.
pub const ISAS: [&str; 3] = ["x86_64", "aarch64", "riscv64"];

/// csmith's options, besides `--seed` and `-o`. Defaults otherwise (no
/// floating point, which csmith leaves off by default). The bounds keep the
/// programs around 1,000 lines (p90 ~1,500, max ~3,000 in a 200-seed sample):
/// migcc builds one in 1-4 s, most of it the fixed cost of linking libc.
/// Changing them changes which program every seed names.
pub const CSMITH_OPTIONS: &[&str] = &["--max-funcs", "6", "--max-block-depth", "4"];

/// The reference build: host gcc, glibc, dynamically linked.
pub const REFERENCE_CC: &str = "gcc";
pub const REFERENCE_FLAGS: &[&str] = &["-O1", "-w"];

/// migcc's optimisation level for seed `s` is `MIGCC_OPT_LEVELS[s % 4]`, so
/// any 4 consecutive seeds cover every level; -O2 is the first.
pub const MIGCC_OPT_LEVELS: &[&str] = &["-O2", "-O1", "-O3", "-Os"];
/// Other migcc flags (csmith's casts trigger many warnings).
pub const MIGCC_FLAGS: &[&str] = &["-w"];

/// A reference run longer than this (native, gcc -O1) discards the seed.
/// csmith programs either finish in milliseconds or loop for minutes.
pub const REFERENCE_TIMEOUT: Duration = Duration::from_secs(2);
/// Each migcc run (qemu for aarch64/riscv64): far above what a program that
/// finished within `REFERENCE_TIMEOUT` natively needs.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(60);
/// csmith, gcc and migcc invocations.
pub const GENERATE_TIMEOUT: Duration = Duration::from_secs(60);
pub const BUILD_TIMEOUT: Duration = Duration::from_secs(600);

pub fn opt_level(seed: u64) -> &'static str {
    MIGCC_OPT_LEVELS[(seed % MIGCC_OPT_LEVELS.len() as u64) as usize]
}

/// The tools the check drives; `find` names the Debian package of anything
/// missing.
#[derive(Clone, Debug)]
pub struct Tools {
    pub csmith: PathBuf,
    /// `csmith --version`'s first line, for reports.
    pub csmith_version: String,
    /// The directory holding `csmith.h` (libcsmith-dev).
    pub include: PathBuf,
    pub gcc: PathBuf,
    pub migcc: PathBuf,
}

impl Tools {
    /// `work` is an existing directory: csmith writes `platform.info` into
    /// its working directory, even for `--version`.
    pub fn find(migcc: &Path, work: &Path) -> Result<Tools, String> {
        let need = |name: &str, package: &str| {
            exec::which(name).ok_or_else(|| {
                format!(
                    "required tool `{name}` not found in PATH: install the Debian package `{package}` \
                     (apt-get install {package}, or run scripts/setup.sh)"
                )
            })
        };
        let csmith = need("csmith", "csmith")?;
        let gcc = need(REFERENCE_CC, "gcc")?;
        need("qemu-aarch64", "qemu-user")?;
        need("qemu-riscv64", "qemu-user")?;
        let include = PathBuf::from("/usr/include/csmith");
        if !include.join("csmith.h").is_file() {
            return Err(format!(
                "{} not found: install the Debian package `libcsmith-dev` \
                 (apt-get install libcsmith-dev, or run scripts/setup.sh)",
                include.join("csmith.h").display()
            ));
        }
        if !migcc.is_file() {
            return Err(format!("migcc not found at {}: build it first (cargo build --release)", migcc.display()));
        }
        let mut cmd = Command::new(&csmith);
        cmd.arg("--version").current_dir(work);
        let out = exec::run(cmd, b"", GENERATE_TIMEOUT)?;
        let csmith_version = String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or("csmith").trim().to_string();
        Ok(Tools { csmith, csmith_version, include, gcc, migcc: migcc.to_path_buf() })
    }
}

/// How one seed is checked. `migcc_extra` and the timeouts exist for the
/// harness self-checks, which inject faults through the ordinary path.
#[derive(Clone, Debug)]
pub struct Check {
    pub tools: Tools,
    pub reference_timeout: Duration,
    pub run_timeout: Duration,
    pub build_timeout: Duration,
    /// Extra flags for the migcc build only (fault injection).
    pub migcc_extra: Vec<String>,
}

impl Check {
    pub fn new(tools: Tools) -> Check {
        Check {
            tools,
            reference_timeout: REFERENCE_TIMEOUT,
            run_timeout: RUN_TIMEOUT,
            build_timeout: BUILD_TIMEOUT,
            migcc_extra: Vec::new(),
        }
    }
}

#[derive(Debug)]
pub enum Verdict {
    /// Every ISA printed the reference's output and status.
    Agree,
    /// The reference timed out or failed: the program is not compared.
    Discarded(Discard),
    /// migcc could not build the program (its stderr).
    BuildFailed(String),
    /// These ISAs' runs differ from the reference.
    Mismatch(Vec<&'static str>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Discard {
    ReferenceTimedOut,
    /// Non-zero exit or signal: csmith promises neither, so it is not ours.
    ReferenceFailed,
}

/// Everything one seed produced; `dir` holds the files.
#[derive(Debug)]
pub struct SeedResult {
    pub seed: u64,
    pub opt: &'static str,
    pub dir: PathBuf,
    /// File name of the program inside `dir`.
    pub source: String,
    pub reference: Output,
    /// One run per ISA (empty unless migcc built the program).
    pub runs: Vec<(&'static str, Output)>,
    pub verdict: Verdict,
}

impl SeedResult {
    pub fn failed(&self) -> bool {
        matches!(self.verdict, Verdict::BuildFailed(_) | Verdict::Mismatch(_))
    }
}

/// `csmith-<seed>.c`
pub fn source_name(seed: u64) -> String {
    format!("csmith-{seed}.c")
}

/// The csmith command line that generates seed's program (relative output).
pub fn csmith_args(seed: u64) -> Vec<String> {
    let mut args: Vec<String> = CSMITH_OPTIONS.iter().map(|s| s.to_string()).collect();
    args.extend(["--seed".into(), seed.to_string(), "-o".into(), source_name(seed)]);
    args
}

pub fn reference_args(tools: &Tools, seed: u64) -> Vec<String> {
    let mut args: Vec<String> = REFERENCE_FLAGS.iter().map(|s| s.to_string()).collect();
    args.push(format!("-I{}", tools.include.display()));
    args.extend([source_name(seed), "-o".into(), "ref".into()]);
    args
}

pub fn migcc_args(check: &Check, seed: u64, opt: &str) -> Vec<String> {
    let mut args = vec![opt.to_string()];
    args.extend(MIGCC_FLAGS.iter().map(|s| s.to_string()));
    args.push(format!("-I{}", check.tools.include.display()));
    args.extend(check.migcc_extra.iter().cloned());
    args.extend([source_name(seed), "-o".into(), "prog".into()]);
    args
}

/// How one ISA's build is run, from `dir` (x86_64, the file's own ISA,
/// natively).
pub fn run_command(migcc: &Path, isa: &str, dir: &Path, program_args: &[&str]) -> Command {
    let mut cmd = if isa == "x86_64" {
        Command::new(dir.join("prog"))
    } else {
        let mut c = Command::new(migcc);
        c.args(["run", "--isa", isa, "prog"]);
        c
    };
    cmd.args(program_args).current_dir(dir);
    cmd
}

fn run_in(dir: &Path, program: &Path, args: &[String], timeout: Duration) -> Result<Output, String> {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(dir);
    exec::run(cmd, b"", timeout)
}

/// Generates, builds, runs and compares seed `seed` in `dir` (created if
/// missing, reused as is). `Err` is a harness problem (csmith or gcc failed),
/// not a verdict on migcc.
pub fn check_seed(check: &Check, seed: u64, dir: &Path) -> Result<SeedResult, String> {
    let tools = &check.tools;
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let source = source_name(seed);
    let opt = opt_level(seed);

    let gen = run_in(dir, &tools.csmith, &csmith_args(seed), GENERATE_TIMEOUT)?;
    if !gen.success() || !dir.join(&source).is_file() {
        return Err(format!("csmith failed for seed {seed} ({}):\n{}", gen.status, clip(&gen.stderr_lossy(), 2000)));
    }
    let built = run_in(dir, &tools.gcc, &reference_args(tools, seed), check.build_timeout)?;
    if !built.success() {
        return Err(format!(
            "the reference build of seed {seed} failed ({}):\n{}",
            built.status,
            clip(&built.stderr_lossy(), 2000)
        ));
    }
    let mut cmd = Command::new(dir.join("ref"));
    cmd.current_dir(dir);
    let reference = exec::run(cmd, b"", check.reference_timeout)?;
    let mut result =
        SeedResult { seed, opt, dir: dir.to_path_buf(), source, reference, runs: Vec::new(), verdict: Verdict::Agree };
    match result.reference.status {
        Status::Exit(0) => {}
        Status::TimedOut => {
            result.verdict = Verdict::Discarded(Discard::ReferenceTimedOut);
            return Ok(result);
        }
        _ => {
            result.verdict = Verdict::Discarded(Discard::ReferenceFailed);
            return Ok(result);
        }
    }

    let built = run_in(dir, &tools.migcc, &migcc_args(check, seed, opt), check.build_timeout)?;
    let program = dir.join("prog");
    if !built.success() || !program.is_file() {
        let mut why = format!("{}", built.status);
        if built.success() {
            let _ = write!(why, ", but {} was not written", program.display());
        }
        result.verdict = Verdict::BuildFailed(format!("{why}\n{}", built.stderr_lossy()));
        return Ok(result);
    }
    let mut bad = Vec::new();
    for isa in ISAS {
        let got = exec::run(run_command(&tools.migcc, isa, dir, &[]), b"", check.run_timeout)?;
        if got.status != result.reference.status || got.stdout != result.reference.stdout {
            bad.push(isa);
        }
        result.runs.push((isa, got));
    }
    if !bad.is_empty() {
        result.verdict = Verdict::Mismatch(bad);
    }
    Ok(result)
}

/// With argument `1`, a csmith program prints the running checksum after
/// hashing each variable: the first line where an ISA's build departs from
/// the reference names the first global that differs. None if nothing does
/// (or a run fails).
pub fn first_difference(check: &Check, result: &SeedResult, isa: &str) -> Option<String> {
    let mut cmd = Command::new(result.dir.join("ref"));
    cmd.arg("1").current_dir(&result.dir);
    let want = exec::run(cmd, b"", check.reference_timeout * 2).ok()?;
    let got = exec::run(run_command(&check.tools.migcc, isa, &result.dir, &["1"]), b"", check.run_timeout).ok()?;
    let (want, got) = (String::from_utf8_lossy(&want.stdout), String::from_utf8_lossy(&got.stdout));
    let mut g = got.lines();
    for w in want.lines() {
        match g.next() {
            Some(l) if l == w => continue,
            Some(l) => return Some(format!("reference `{w}`, {isa} `{l}`")),
            None => return Some(format!("reference `{w}`, {isa}: output ends")),
        }
    }
    g.next().map(|l| format!("{isa} prints more: `{l}`"))
}

/// A run's status, stdout and (if any) stderr, as indented report lines.
fn describe(o: &Output) -> String {
    let mut s = format!("{}\n", o.status);
    let out = String::from_utf8_lossy(&o.stdout);
    if out.trim().is_empty() {
        s.push_str("    (no output)\n");
    } else {
        s.push_str(&indent(&clip(&out, 1500)));
    }
    let err = o.stderr_lossy();
    if !err.trim().is_empty() {
        s.push_str("    stderr:\n");
        s.push_str(&indent(&indent(&clip(&err, 1500))));
    }
    s
}

pub use exec::{clip, indent, shell_words};

/// The commands that reproduce a seed by hand, in an empty directory.
pub fn reproduce(check: &Check, seed: u64, isas: &[&str]) -> String {
    let opt = opt_level(seed);
    let mut s = format!("reproduce ({}, in an empty directory):\n", check.tools.csmith_version);
    let _ = writeln!(s, "  {}", shell_words("csmith", &csmith_args(seed)));
    let _ = writeln!(s, "  {} && ./ref", shell_words(REFERENCE_CC, &reference_args(&check.tools, seed)));
    let _ = writeln!(s, "  {}", shell_words("migcc", &migcc_args(check, seed, opt)));
    for isa in isas {
        let _ = writeln!(s, "  migcc run --isa {isa} prog");
    }
    if check.migcc_extra.is_empty() {
        let _ = writeln!(
            s,
            "  whole check: MIGCC_CSMITH_SEED_BASE={seed} MIGCC_CSMITH_COUNT=1 cargo test --release --test csmith\n  \
             (or: cargo xtask csmith --count 1 --seed-base {seed})"
        );
    } else {
        let mut args = vec![seed.to_string()];
        args.extend(check.migcc_extra.iter().map(|f| format!("--migcc-flag={f}")));
        let _ = writeln!(s, "  whole check: {}", shell_words("cargo xtask csmith --count 1 --seed-base", &args));
    }
    s
}

/// The failure report of a seed: seed, ISAs, both outputs, how to reproduce.
pub fn report(check: &Check, r: &SeedResult) -> String {
    let mut s = String::new();
    let migcc = shell_words("migcc", &migcc_args(check, r.seed, r.opt));
    match &r.verdict {
        Verdict::Agree | Verdict::Discarded(_) => {
            let _ = writeln!(s, "seed {}: no failure", r.seed);
        }
        Verdict::BuildFailed(stderr) => {
            let _ = writeln!(s, "seed {}: migcc build failed: {migcc}", r.seed);
            s.push_str(&indent(&clip(stderr, 6000)));
            s.push_str(&reproduce(check, r.seed, &[]));
        }
        Verdict::Mismatch(isas) => {
            let _ = writeln!(s, "seed {} ({}): wrong result on {}", r.seed, r.opt, isas.join(", "));
            let _ = write!(s, "  reference ({REFERENCE_CC} {}): {}", REFERENCE_FLAGS.join(" "), describe(&r.reference));
            for (isa, out) in &r.runs {
                let verdict = if isas.contains(isa) { "DIFFERS" } else { "agrees" };
                let _ = write!(s, "  migcc {} on {isa} ({verdict}): {}", r.opt, describe(out));
            }
            for isa in isas {
                if let Some(d) = first_difference(check, r, isa) {
                    let _ = writeln!(s, "  first difference with argument `1`: {d}");
                    break;
                }
            }
            s.push_str(&reproduce(check, r.seed, isas));
        }
    }
    let _ = writeln!(s, "  files: {}", r.dir.display());
    s
}

/// Counts over many seeds, and their summary.
#[derive(Debug, Default)]
pub struct Tally {
    pub generated: u64,
    /// Built by migcc (the reference ran in time).
    pub built: u64,
    /// Built and run on every ISA.
    pub ran: u64,
    pub discarded: BTreeMap<Discard, u64>,
    pub build_failures: Vec<u64>,
    /// Failing seeds per ISA.
    pub mismatches: BTreeMap<&'static str, Vec<u64>>,
    /// Harness errors (csmith or gcc failed): seed and message.
    pub errors: Vec<(u64, String)>,
}

impl Tally {
    pub fn add(&mut self, result: &Result<SeedResult, String>, seed: u64) {
        let r = match result {
            Ok(r) => r,
            Err(e) => {
                self.errors.push((seed, e.clone()));
                return;
            }
        };
        self.generated += 1;
        match &r.verdict {
            Verdict::Discarded(d) => *self.discarded.entry(*d).or_default() += 1,
            Verdict::BuildFailed(_) => self.build_failures.push(seed),
            Verdict::Agree => {
                self.built += 1;
                self.ran += 1;
            }
            Verdict::Mismatch(isas) => {
                self.built += 1;
                self.ran += 1;
                for isa in isas {
                    self.mismatches.entry(isa).or_default().push(seed);
                }
            }
        }
    }

    pub fn discarded_total(&self) -> u64 {
        self.discarded.values().sum()
    }

    pub fn failures(&self) -> usize {
        let mut seeds: Vec<u64> = self.mismatches.values().flatten().copied().collect();
        seeds.extend(&self.build_failures);
        seeds.sort();
        seeds.dedup();
        seeds.len()
    }

    pub fn summary(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "csmith: {} generated, {} built by migcc, {} ran on every ISA, {} discarded \
             ({} reference timed out after {} s, {} reference failed)",
            self.generated,
            self.built,
            self.ran,
            self.discarded_total(),
            self.discarded.get(&Discard::ReferenceTimedOut).unwrap_or(&0),
            REFERENCE_TIMEOUT.as_secs(),
            self.discarded.get(&Discard::ReferenceFailed).unwrap_or(&0),
        );
        let seeds = |v: &[u64]| {
            let mut t = v.iter().take(20).map(u64::to_string).collect::<Vec<_>>().join(" ");
            if v.len() > 20 {
                let _ = write!(t, " ... ({} more)", v.len() - 20);
            }
            t
        };
        let per_isa: Vec<String> = ISAS
            .iter()
            .map(|isa| match self.mismatches.get(isa) {
                Some(v) if !v.is_empty() => format!("{isa} {} (seeds {})", v.len(), seeds(v)),
                _ => format!("{isa} 0"),
            })
            .collect();
        let _ = writeln!(s, "csmith: mismatches: {}", per_isa.join(", "));
        let _ = write!(s, "csmith: migcc build failures: {}", self.build_failures.len());
        if !self.build_failures.is_empty() {
            let _ = write!(s, " (seeds {})", seeds(&self.build_failures));
        }
        s.push('\n');
        if !self.errors.is_empty() {
            let _ = writeln!(
                s,
                "csmith: harness errors (csmith or gcc failed): {} (seeds {})",
                self.errors.len(),
                seeds(&self.errors.iter().map(|(s, _)| *s).collect::<Vec<_>>())
            );
        }
        s
    }
}
