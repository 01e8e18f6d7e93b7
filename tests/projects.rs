//! Real build systems with `CC=migcc` (`harness = false`, libtest-mimic).
//!
//! Each trial copies a project from `tests/projects/` to a fresh temporary
//! directory, builds it once with gcc (the reference) and once with migcc,
//! then runs migcc's build on every ISA with `migcc run --isa ISA` and
//! compares stdout and exit status with the gcc build's, and checks the
//! layout with `migcc verify`.
//!
//! * `make-calc::ar=*` — a hand-written Makefile: four objects plus a static
//!   library made with `$(AR) rcs` and linked with `-L. -lcalc -lm`, and a
//!   `make check` target. Built with llvm-ar, `migcc ar`, GNU ar, and GNU ar
//!   without a symbol index (migcc must then scan the archive's members).
//! * `make-calc::header-dependencies` — `-MMD -MP` dependency files must make
//!   `make` rebuild after a header changes.
//! * `autotools-hello` — `autoreconf -fi && ./configure CC=migcc && make &&
//!   make check` on a configure.ac using AC_PROG_CC, AM_PROG_AR,
//!   AC_CHECK_HEADERS, AC_CHECK_FUNCS, AC_SEARCH_LIBS, AC_CHECK_SIZEOF,
//!   AC_C_BIGENDIAN and AC_RUN_IFELSE (which runs test programs natively).
//!   Only sources are committed; the test runs autoreconf in its copy.
//! * `cmake-lib` — `CC=migcc cmake` on a CMakeLists.txt with a static
//!   library and a program linked against it, with no `-DCMAKE_AR`: CMake
//!   must pick migcc's own `llvm-ar` (next to migcc), which reads its
//!   objects, and the build must run like gcc's.
//!
//! A missing tool (make, autoreconf, gcc, ...) fails the trial with the
//! Debian package to install; nothing is skipped.
//!
//! Environment knobs: `MIGCC_TEST_KEEP=1` keeps the build directories of
//! failing trials and prints their paths.

// Shared with tests/c_programs.rs, which uses all of it.
#[path = "harness/build.rs"]
mod build;
#[allow(dead_code)]
#[path = "harness/exec.rs"]
mod exec;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use build::{command, render, require, run_raw, step, BuildDir, BUILD_TIMEOUT};
use exec::{Output, Status};
use libtest_mimic::{Arguments, Failed, Trial};

const ISAS: [&str; 3] = ["x86_64", "aarch64", "riscv64"];
const MIGCC: &str = env!("CARGO_BIN_EXE_migcc");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// Arguments and stdin for the make-calc runs: precision 17 shows every bit
/// of the floating-point results.
const CALC_ARGS: &[&str] = &["17"];
const CALC_INPUT: &str = "tests/input.txt";
/// Arguments for the autotools-hello runs (the second one is the exit status).
const HELLO_ARGS: &[&str] = &["migcc", "3"];

type TrialResult = Result<(), Failed>;

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for ar in [Ar::Llvm, Ar::Migcc, Ar::Gnu, Ar::GnuWithoutIndex] {
        trials.push(Trial::test(format!("make-calc::ar={}", ar.name()), move || make_calc(ar)));
    }
    trials.push(Trial::test("make-calc::header-dependencies", header_dependencies));
    trials.push(Trial::test("autotools-hello", autotools_hello));
    trials.push(Trial::test("cmake-lib", cmake_lib));
    libtest_mimic::run(&args, trials).exit();
}

// ---------------------------------------------------------------------------
// Tools, directories and commands
// ---------------------------------------------------------------------------

/// Copies `tests/projects/NAME` to `dest`.
fn copy_project(name: &str, dest: &Path) -> TrialResult {
    let src = Path::new(ROOT).join("tests/projects").join(name);
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", src.display()))?;
        let rel = entry.path().strip_prefix(&src).unwrap();
        let to = dest.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
        } else {
            fs::copy(entry.path(), &to).map_err(|e| format!("cannot copy {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// What a program printed and how it ended.
#[derive(PartialEq, Eq)]
struct Behaviour {
    status: Status,
    stdout: String,
}

fn behaviour(out: &Output) -> Behaviour {
    Behaviour { status: out.status, stdout: String::from_utf8_lossy(&out.stdout).into_owned() }
}

/// Runs the gcc-built `program` natively.
fn run_native(dir: &Path, program: &str, args: &[&str], stdin: &[u8]) -> Result<Behaviour, Failed> {
    let mut cmd = command(dir.join(program), dir);
    cmd.args(args);
    Ok(behaviour(&run_raw(cmd, stdin, RUN_TIMEOUT)?))
}

/// Runs every ISA build of the migcc-built `program` with `migcc run` and
/// compares it with `reference`; then `migcc verify`s it. Collects every
/// problem rather than stopping at the first.
fn check_migcc_build(
    dir: &Path,
    program: &str,
    args: &[&str],
    stdin: &[u8],
    reference: &Behaviour,
    problems: &mut Vec<String>,
) -> TrialResult {
    if reference.stdout.is_empty() {
        problems.push(format!("the reference run of {program} printed nothing"));
    }
    if !dir.join(program).is_file() {
        problems.push(format!("{} was not written", dir.join(program).display()));
        return Ok(());
    }
    for isa in ISAS {
        // A relative program name, as a user would type it.
        let mut cmd = command(MIGCC, dir);
        cmd.args(["run", "--isa", isa, program]).args(args);
        let desc = render(&cmd);
        let out = run_raw(cmd, stdin, RUN_TIMEOUT)?;
        let got = behaviour(&out);
        if got != *reference {
            problems.push(format!(
                "`{desc}` differs from the gcc build:\n\
                 gcc:   {}\n{}\nmigcc: {}\n{}\n--- stderr ---\n{}",
                reference.status,
                reference.stdout,
                got.status,
                got.stdout,
                out.stderr_lossy()
            ));
        }
    }
    let mut cmd = command(MIGCC, dir);
    cmd.args(["verify", program]);
    let desc = render(&cmd);
    let out = run_raw(cmd, b"", BUILD_TIMEOUT)?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.success() || !stdout.contains("aligned") {
        problems.push(format!("`{desc}` failed ({}):\n{stdout}\n{}", out.status, out.stderr_lossy()));
    }
    Ok(())
}

fn report(problems: Vec<String>) -> TrialResult {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n\n").into())
    }
}

// ---------------------------------------------------------------------------
// make-calc
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Ar {
    /// `AR=llvm-ar-NN` (tools::LLVM_AR), what `migcc -print-prog-name=ar` names.
    Llvm,
    /// `AR="migcc ar"`.
    Migcc,
    /// `AR=ar`: GNU ar cannot index LLVM 22 bitcode (at most through an
    /// installed LLVM gold plugin), so migcc scans the members.
    Gnu,
    /// `AR=ar ARFLAGS=rcS`: explicitly no symbol index.
    GnuWithoutIndex,
}

impl Ar {
    fn name(self) -> &'static str {
        match self {
            Ar::Llvm => migcc_sysroot::tools::LLVM_AR.command,
            Ar::Migcc => "migcc-ar",
            Ar::Gnu => "gnu-ar",
            Ar::GnuWithoutIndex => "gnu-ar-without-index",
        }
    }

    /// make variables selecting this archiver.
    fn make_vars(self) -> Result<Vec<String>, Failed> {
        Ok(match self {
            Ar::Llvm => vec![format!(
                "AR={}",
                require(migcc_sysroot::tools::LLVM_AR.command, migcc_sysroot::tools::LLVM_AR.package)?.display()
            )],
            Ar::Migcc => vec![format!("AR={MIGCC} ar")],
            Ar::Gnu => vec![format!("AR={}", require("ar", "binutils")?.display())],
            Ar::GnuWithoutIndex => {
                vec![format!("AR={}", require("ar", "binutils")?.display()), "ARFLAGS=rcS".to_string()]
            }
        })
    }
}

/// The gcc build of make-calc and its behaviour, computed once.
fn calc_reference() -> Result<&'static Behaviour, Failed> {
    static REFERENCE: OnceLock<Result<Behaviour, String>> = OnceLock::new();
    REFERENCE
        .get_or_init(|| {
            let build = || -> Result<Behaviour, Failed> {
                let make = require("make", "make")?;
                let gcc = require("gcc", "gcc")?;
                let ar = require("ar", "binutils")?;
                let dir = BuildDir::new("make-calc-gcc");
                let path = dir.path().to_path_buf();
                let result = (|| {
                    copy_project("make-calc", &path)?;
                    let mut cmd = command(&make, &path);
                    cmd.arg("-j2").arg(format!("CC={}", gcc.display())).arg(format!("AR={}", ar.display()));
                    step(cmd, &path)?;
                    // The expected output in the project matches gcc's build.
                    let mut cmd = command(&make, &path);
                    cmd.arg("check").arg(format!("CC={}", gcc.display()));
                    step(cmd, &path)?;
                    let input = fs::read(path.join(CALC_INPUT)).map_err(|e| e.to_string())?;
                    run_native(&path, "calc", CALC_ARGS, &input)
                })();
                dir.finish(result)
            };
            build().map_err(|e| format!("the gcc reference build of make-calc failed: {}", e.message().unwrap_or("?")))
        })
        .as_ref()
        .map_err(|e| e.clone().into())
}

/// Builds make-calc with migcc (`make -j2 CC=migcc AR=...`) in `dir`.
fn build_calc_with_migcc(dir: &Path, ar: Ar) -> Result<PathBuf, Failed> {
    let make = require("make", "make")?;
    copy_project("make-calc", dir)?;
    let mut cmd = command(&make, dir);
    cmd.arg("-j2").arg(format!("CC={MIGCC}")).args(ar.make_vars()?);
    step(cmd, dir)?;
    Ok(make)
}

fn make_calc(ar: Ar) -> TrialResult {
    let reference = calc_reference()?;
    let dir = BuildDir::new(&format!("make-calc-{}", ar.name()));
    let path = dir.path().to_path_buf();
    let result = (|| {
        let make = build_calc_with_migcc(&path, ar)?;
        let mut problems = Vec::new();
        if matches!(ar, Ar::GnuWithoutIndex) && has_symbol_index(&path.join("libcalc.a"))? {
            problems.push(
                "libcalc.a made with `ar rcS` has a symbol index: this trial no longer \
                 tests archives without one"
                    .to_string(),
            );
        }
        // The project's own check, which runs the host build natively.
        let mut cmd = command(&make, &path);
        cmd.arg("check").arg(format!("CC={MIGCC}")).args(ar.make_vars()?);
        if let Err(e) = step(cmd, &path) {
            problems.push(format!("make check: {}", e.message().unwrap_or("?")));
        }
        let input = fs::read(path.join(CALC_INPUT)).map_err(|e| e.to_string())?;
        check_migcc_build(&path, "calc", CALC_ARGS, &input, reference, &mut problems)?;
        report(problems)
    })();
    dir.finish(result)
}

/// Whether an ar archive starts with a symbol index member (`/` or `/SYM64/`).
fn has_symbol_index(archive: &Path) -> Result<bool, Failed> {
    let data = fs::read(archive).map_err(|e| format!("cannot read {}: {e}", archive.display()))?;
    if !data.starts_with(b"!<arch>\n") {
        return Err(format!("{} is not an ar archive", archive.display()).into());
    }
    let name = data.get(8..24).unwrap_or_default();
    Ok(name.starts_with(b"/ ") || name.starts_with(b"/SYM64/"))
}

/// After a build, touching calc.h must make `make` rebuild the objects
/// that include it: the `-MMD -MP` dependency files (`main.d`, ...) must
/// exist under the names gcc gives them and name the real objects.
fn header_dependencies() -> TrialResult {
    let dir = BuildDir::new("make-calc-deps");
    let path = dir.path().to_path_buf();
    let result = (|| {
        let make = build_calc_with_migcc(&path, Ar::Llvm)?;
        let question = || -> Result<Output, Failed> {
            let mut cmd = command(&make, &path);
            cmd.arg("-q").arg(format!("CC={MIGCC}")).args(Ar::Llvm.make_vars()?).arg("calc");
            run_raw(cmd, b"", BUILD_TIMEOUT)
        };
        let up_to_date = question()?;
        if up_to_date.status != Status::Exit(0) {
            return Err(
                format!("right after a build, `make -q calc` says it is out of date ({})", up_to_date.status).into()
            );
        }
        let mut problems = Vec::new();
        let dep_files = files_with_suffix(&path, ".d")?;
        let mut missing = Vec::new();
        for obj in ["main", "builtins", "format", "lexer", "parser"] {
            let dep = path.join(format!("{obj}.d"));
            match fs::read_to_string(&dep) {
                Err(_) => missing.push(format!("{obj}.d")),
                Ok(text) if !text.starts_with(&format!("{obj}.o:")) || !text.contains("calc.h") => {
                    problems.push(format!("{obj}.d must start with `{obj}.o:` and list calc.h, but reads:\n{text}"))
                }
                Ok(_) => {}
            }
        }
        if !missing.is_empty() {
            problems.push(format!(
                "`migcc -MMD -MP ... -c -o X.o X.c` must write X.d (as gcc does), but {missing:?} \
                 are missing; dependency files present: {dep_files:?}"
            ));
        }
        // A header newer than every object.
        let header = fs::File::options().write(true).open(path.join("calc.h")).map_err(|e| e.to_string())?;
        header.set_modified(SystemTime::now() + Duration::from_secs(60)).map_err(|e| e.to_string())?;
        drop(header);
        let stale = question()?;
        if stale.status != Status::Exit(1) {
            problems.push(format!(
                "after calc.h changed, `make -q calc` must report that calc is out of date \
                 (exit 1), but it gave {}: make does not know that the objects depend on calc.h",
                stale.status
            ));
        }
        report(problems)
    })();
    dir.finish(result)
}

fn files_with_suffix(dir: &Path, suffix: &str) -> Result<Vec<String>, Failed> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(suffix))
        .collect();
    names.sort();
    Ok(names)
}

// ---------------------------------------------------------------------------
// autotools-hello
// ---------------------------------------------------------------------------

/// Files autoreconf and configure generate: they must not be committed.
const GENERATED: &[&str] = &[
    "configure",
    "Makefile.in",
    "Makefile",
    "aclocal.m4",
    "autom4te.cache",
    "config.h",
    "config.h.in",
    "config.log",
    "config.status",
    "compile",
    "depcomp",
    "install-sh",
    "missing",
    "ar-lib",
    "test-driver",
];

fn autotools_hello() -> TrialResult {
    let autoreconf = require("autoreconf", "autoconf")?;
    require("automake", "automake")?;
    require("aclocal", "automake")?;
    let make = require("make", "make")?;
    let gcc = require("gcc", "gcc")?;
    require("ar", "binutils")?;

    let src = Path::new(ROOT).join("tests/projects/autotools-hello");
    let committed: Vec<&str> = GENERATED.iter().copied().filter(|f| src.join(f).exists()).collect();
    if !committed.is_empty() {
        return Err(format!(
            "generated files in {}: {committed:?}; commit only the sources \
             (configure.ac, Makefile.am, *.c, *.h)",
            src.display()
        )
        .into());
    }

    let dir = BuildDir::new("autotools-hello");
    let root = dir.path().to_path_buf();
    let result = (|| {
        // autoreconf once, then one configured copy per compiler.
        let pristine = root.join("src");
        copy_project("autotools-hello", &pristine)?;
        let mut cmd = command(&autoreconf, &pristine);
        cmd.arg("-fi");
        step(cmd, &pristine)?;

        let build = |name: &str, cc: &Path| -> Result<PathBuf, Failed> {
            let dir = root.join(name);
            copy_dir(&pristine, &dir)?;
            let mut cmd = command(dir.join("configure"), &dir);
            cmd.arg(format!("CC={}", cc.display()));
            step(cmd, &dir)?;
            let mut cmd = command(&make, &dir);
            cmd.arg("-j2");
            step(cmd, &dir)?;
            // Builds and runs the selftest program natively.
            let mut cmd = command(&make, &dir);
            cmd.arg("check");
            step(cmd, &dir).map_err(|e| {
                let log = fs::read_to_string(dir.join("test-suite.log")).unwrap_or_default();
                format!("{}\n--- test-suite.log ---\n{log}", e.message().unwrap_or("?"))
            })?;
            Ok(dir)
        };

        let gcc_dir = build("gcc", &gcc)?;
        let reference = run_native(&gcc_dir, "hello", HELLO_ARGS, b"")?;
        if reference.status != Status::Exit(3) {
            return Err(format!("the gcc build of hello exited with {}, expected exit code 3", reference.status).into());
        }

        let migcc_dir = build("migcc", Path::new(MIGCC))?;
        let mut problems = Vec::new();
        check_migcc_build(&migcc_dir, "hello", HELLO_ARGS, b"", &reference, &mut problems)?;
        check_migcc_build(
            &migcc_dir,
            "selftest",
            &[],
            b"",
            &Behaviour { status: Status::Exit(0), stdout: "selftest: ok\n".into() },
            &mut problems,
        )?;
        report(problems)
    })();
    dir.finish(result)
}

const CMAKE_ARGS: &[&str] = &["2", "4", "4", "4", "5", "5", "7", "9", "0.1"];

fn cmake_lib() -> TrialResult {
    let cmake = require("cmake", "cmake")?;
    let gcc = require("gcc", "gcc")?;
    require("make", "make")?;
    let dir = BuildDir::new("cmake-lib");
    let root = dir.path().to_path_buf();
    let result = (|| {
        let src = root.join("src");
        copy_project("cmake-lib", &src)?;
        let build = |name: &str, cc: &Path| -> Result<PathBuf, Failed> {
            let build_dir = root.join(name);
            let mut cmd = command(&cmake, &root);
            cmd.arg("-S").arg(&src).arg("-B").arg(&build_dir).env("CC", cc);
            step(cmd, &root)?;
            let mut cmd = command(&cmake, &root);
            cmd.arg("--build").arg(&build_dir);
            step(cmd, &root)?;
            Ok(build_dir)
        };
        let gcc_dir = build("gcc", &gcc)?;
        let reference = run_native(&gcc_dir, "summary", CMAKE_ARGS, b"")?;
        let migcc_dir = build("migcc", Path::new(MIGCC))?;
        let mut problems = Vec::new();
        let cache = fs::read_to_string(migcc_dir.join("CMakeCache.txt")).map_err(|e| e.to_string())?;
        let ar = cache.lines().find_map(|l| l.strip_prefix("CMAKE_AR:FILEPATH=")).unwrap_or("(none)");
        let migcc_dir_name = Path::new(MIGCC).parent().expect("migcc's directory");
        if Path::new(ar).parent() != Some(migcc_dir_name) {
            problems.push(format!("CMake chose {ar} as the archiver, not migcc's llvm-ar"));
        }
        check_migcc_build(&migcc_dir, "summary", CMAKE_ARGS, b"", &reference, &mut problems)?;
        report(problems)
    })();
    dir.finish(result)
}

fn copy_dir(from: &Path, to: &Path) -> TrialResult {
    // `cp -a` keeps the timestamps, so that make does not rerun automake.
    let mut cmd = command("cp", from);
    cmd.arg("-a").arg(from).arg(to);
    step(cmd, from)?;
    Ok(())
}
