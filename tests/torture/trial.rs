//! One torture test on both toolchains: build, run, classify.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use migcc_sysroot::reference::{run_command, run_with_timeout, Error as RefError, ReferenceToolchain};
use migcc_sysroot::Isa;

/// Flags for both sides. GCC 12 (what these tests target) only warns about
/// old constructs that clang 16+ rejects by default (implicit function
/// declarations and int, int/pointer mixing, `return;` in a non-void
/// function); the torture harness also runs with warnings off.
pub const COMMON_FLAGS: &[&str] = &[
    "-w",
    "-Wno-error=implicit-function-declaration",
    "-Wno-error=implicit-int",
    "-Wno-error=int-conversion",
    "-Wno-error=incompatible-pointer-types",
    "-Wno-error=return-mismatch",
];

/// Torture tests are small; this only stops runaways (qemu included).
const RUN_TIMEOUT: Duration = Duration::from_secs(30);
const BUILD_TIMEOUT: Duration = Duration::from_secs(600);

#[derive(Clone, Debug)]
pub enum Outcome {
    Pass,
    /// migcc refused the program as not portable (its first error line).
    Rejected(String),
    BuildFailed(String),
    /// Non-zero exit, signal or timeout.
    WrongResult(String),
}

impl Outcome {
    pub fn category(&self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Rejected(_) => "rejected as not portable",
            Outcome::BuildFailed(_) => "build failed",
            Outcome::WrongResult(_) => "wrong result",
        }
    }

    /// Drops the test's directory and the work directory from the reason,
    /// so the report shows file names and the same failure on several ISAs
    /// reads the same.
    fn without_paths(self, src: &Path, work: &Path) -> Outcome {
        let strip = |mut r: String| {
            for dir in [src.parent(), Some(work)].into_iter().flatten() {
                r = r.replace(&format!("{}/", dir.display()), "");
            }
            r
        };
        match self {
            Outcome::Pass => Outcome::Pass,
            Outcome::Rejected(r) => Outcome::Rejected(strip(r)),
            Outcome::BuildFailed(r) => Outcome::BuildFailed(strip(r)),
            Outcome::WrongResult(r) => Outcome::WrongResult(strip(r)),
        }
    }

    pub fn reason(&self) -> &str {
        match self {
            Outcome::Pass => "",
            Outcome::Rejected(r) | Outcome::BuildFailed(r) | Outcome::WrongResult(r) => r,
        }
    }
}

/// Both toolchains' outcomes for one test on one ISA.
#[derive(Clone, Debug)]
pub struct IsaOutcome {
    pub isa: Isa,
    pub clang: Outcome,
    pub migcc: Outcome,
}

pub struct Toolchains {
    pub migcc: PathBuf,
    pub refs: Vec<ReferenceToolchain>,
    pub work: PathBuf,
}

/// Builds and runs `src` with both toolchains on `isas`.
pub fn run_test(tc: &Toolchains, src: &Path, options: &[String], isas: &[Isa]) -> Result<Vec<IsaOutcome>, String> {
    let dir = tempfile::tempdir_in(&tc.work).map_err(|e| format!("creating a work directory: {e}"))?;
    let options: Vec<String> = options.iter().filter(|o| clang_accepts(o)).cloned().collect();
    let mut flags: Vec<String> = COMMON_FLAGS.iter().map(|s| s.to_string()).collect();
    flags.extend(options);

    let migcc_out = dir.path().join("migcc");
    let migcc_build = build_migcc(&tc.migcc, src, &migcc_out, &flags, isas);
    let mut outcomes = Vec::new();
    for &isa in isas {
        let reference = tc.refs.iter().find(|r| r.isa() == isa).expect("a reference toolchain per ISA");
        let clang_exe = dir.path().join(format!("clang.{isa}"));
        let clang = match reference.compile_and_link(&[src.to_path_buf()], &clang_exe, &flags) {
            Ok(()) => run(isa, &clang_exe)?,
            Err(RefError::Compile { stderr, .. }) => Outcome::BuildFailed(first_error(&stderr)),
            Err(e) => return Err(e.to_string()),
        };
        let migcc = match &migcc_build {
            Ok(()) => run(isa, &isa_executable(&migcc_out, isa)?)?,
            Err(failure) => failure.clone(),
        };
        let (clang, migcc) = (clang.without_paths(src, dir.path()), migcc.without_paths(src, dir.path()));
        outcomes.push(IsaOutcome { isa, clang, migcc });
    }
    Ok(outcomes)
}

/// Options clang rejects outright are GCC optimiser internals
/// (`-fno-tree-bit-ccp`, `-fmodulo-sched`...) that tune passes clang does not
/// have: they are dropped for both sides. Probed once per distinct option.
fn clang_accepts(option: &str) -> bool {
    static CACHE: OnceLock<Mutex<HashMap<String, bool>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(&known) = cache.lock().expect("cache lock").get(option) {
        return known;
    }
    let accepted = Command::new(migcc_sysroot::tools::CLANG.find().expect("clang (scripts/setup.sh installs it)"))
        .args(["-fsyntax-only", "-x", "c", "/dev/null", option])
        .output()
        .map(|o| !String::from_utf8_lossy(&o.stderr).contains("unknown argument"))
        .unwrap_or(true);
    cache.lock().expect("cache lock").insert(option.to_string(), accepted);
    accepted
}

/// `migcc -O2 FLAGS --isa LIST -o OUT SRC`; a failure is already classified.
fn build_migcc(migcc: &Path, src: &Path, out: &Path, flags: &[String], isas: &[Isa]) -> Result<(), Outcome> {
    let list = isas.iter().map(|i| i.name()).collect::<Vec<_>>().join(",");
    let mut cmd = Command::new(migcc);
    cmd.arg("-O2").args(flags).args(["--isa", &list, "-o"]).arg(out).arg(src);
    let outcome = run_with_timeout(&mut cmd, BUILD_TIMEOUT)
        .map_err(|e| Outcome::BuildFailed(format!("cannot run {}: {e}", migcc.display())))?;
    let stderr = String::from_utf8_lossy(&outcome.stderr);
    match outcome.status {
        None => Err(Outcome::BuildFailed(format!("migcc timed out after {} s", BUILD_TIMEOUT.as_secs()))),
        Some(status) if status.success() => Ok(()),
        Some(status) => {
            // migcc's portability diagnostics all say "not portable"; other
            // `migcc: error:` lines (frontend errors, crashes) are plain
            // build failures.
            let migcc_error = stderr.lines().find(|l| l.starts_with("migcc: error:"));
            match migcc_error {
                Some(line) if line.contains("not portable") => Err(Outcome::Rejected(line.to_string())),
                // "cannot compile X" alone hides the cause: add clang's.
                Some(line) if line.contains("cannot compile") => {
                    Err(Outcome::BuildFailed(format!("{line} ({})", first_error(&stderr))))
                }
                Some(line) => Err(Outcome::BuildFailed(line.to_string())),
                None => Err(Outcome::BuildFailed(format!("{status}: {}", first_error(&stderr)))),
            }
        }
    }
}

/// `isa`'s executable, taken out of migcc's output `OUT` as `OUT.<isa>`.
fn isa_executable(out: &Path, isa: Isa) -> Result<PathBuf, String> {
    let path = out.with_file_name(isa.file_name(out.file_name().expect("a file name")));
    let bundle = migcc_linker::bundle::Bundle::read(out).map_err(|e| e.to_string())?;
    bundle.extract(isa, &path).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Runs an executable; the torture suite's verdict is its exit status.
fn run(isa: Isa, exe: &Path) -> Result<Outcome, String> {
    let mut cmd = run_command(isa, exe).map_err(|e| e.to_string())?;
    let outcome = run_with_timeout(&mut cmd, RUN_TIMEOUT).map_err(|e| format!("running {}: {e}", exe.display()))?;
    Ok(match outcome.status {
        None => Outcome::WrongResult(format!("timed out after {} s", RUN_TIMEOUT.as_secs())),
        Some(status) if status.success() => Outcome::Pass,
        // Torture tests report failure through abort() or exit(1) only, so
        // the status says it all (stderr would only add qemu's wording).
        Some(status) => Outcome::WrongResult(status.to_string()),
    })
}

/// The first compiler diagnostic that says `error:`, else the first line.
fn first_error(stderr: &str) -> String {
    stderr
        .lines()
        .find(|l| l.contains("error:") && !l.starts_with("migcc: error:"))
        .or_else(|| stderr.lines().next())
        .unwrap_or("(no diagnostics)")
        .to_string()
}
