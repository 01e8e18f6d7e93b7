//! Rust programs built with `migcc cargo` (`harness = false`, libtest-mimic).
//!
//! For each Cargo project `tests/rust/programs/NAME/` (directives in the
//! `//` header of its src/main.rs, as in tests/c: `args`, `env`, `stdin`,
//! `timeout`, and `no-migrate: why`):
//! * the reference: the same project built by plain `cargo build --release`
//!   for the host (Debian's cargo and rustc), run natively;
//! * `rust::NAME::ISA`: `migcc cargo build --release`; the ISA's build of
//!   `target/migcc/release/NAME`, run by `migcc run --isa ISA`, must give the
//!   reference's stdout and exit status;
//! * `rust::NAME::verify`: `migcc verify` proves the three builds aligned;
//! * `rust::NAME::FROM-TO` for every ordered pair of ISAs (unless
//!   `no-migrate`): the `migcc cargo --migratable` build, counted on x86_64
//!   (`MIGCC_COUNT_POINTS`), then moved once from FROM to TO at a migration
//!   point spread over the run (pair i of six at i/7 of the count): same
//!   stdout and status as the reference, and the report must show the hop.
//!
//! For each `tests/rust/errors/NAME/`: `migcc cargo build --release` (with
//! the file's `env`) must fail with `migcc: error:` and every
//! `// expect-error:` text on stderr, and leave no `target/migcc/`.
//!
//! `rust::cargo_subcommand`: `cargo migcc ...` reaches `migcc cargo ...`.
//!
//! Builds run in the project's directory (cargo reads `.cargo/config.toml`
//! there: vendored sources) with `--locked` and a target directory of the
//! test's own; program runs get a fresh empty working directory and only
//! PATH plus the `env` directives.

#[allow(dead_code)]
#[path = "harness/directives.rs"]
mod directives;
#[allow(dead_code)]
#[path = "harness/exec.rs"]
mod exec;
#[path = "harness/hops.rs"]
mod hops;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use directives::Directives;
use exec::Output;
use libtest_mimic::{Arguments, Failed, Trial};
use migcc_llvm_pass::migration_control_env as control_env;
use migcc_sysroot::tools;

const ISAS: [&str; 3] = ["x86_64", "aarch64", "riscv64"];
const MIGCC: &str = env!("CARGO_BIN_EXE_migcc");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// A build of a whole program with std takes tens of seconds per ISA.
const BUILD_TIMEOUT: Duration = Duration::from_secs(900);

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for dir in projects("programs") {
        let p = Project::load(dir);
        for isa in ISAS {
            let q = p.clone();
            trials.push(Trial::test(format!("rust::{}::{isa}", p.name), move || q.run_on(isa)));
        }
        let q = p.clone();
        trials.push(Trial::test(format!("rust::{}::verify", p.name), move || q.verify()));
        if p.directives.no_migrate.is_some() {
            continue;
        }
        let pairs = ISAS.iter().flat_map(|&f| ISAS.iter().filter(move |&&t| t != f).map(move |&t| (f, t)));
        for (i, (from, to)) in pairs.enumerate() {
            let q = p.clone();
            trials.push(Trial::test(format!("rust::{}::{from}-{to}", p.name), move || q.migrate(i as u64, from, to)));
        }
    }
    for dir in projects("errors") {
        let name = format!("rust::errors::{}", file_name(&dir));
        trials.push(Trial::test(name, move || error_test(&dir)));
    }
    trials.push(Trial::test("rust::cargo_subcommand", cargo_subcommand));
    libtest_mimic::run(&args, trials).exit();
}

/// cargo runs `cargo-migcc migcc ARGS`: its help must be `migcc cargo`'s.
fn cargo_subcommand() -> Result<(), Failed> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-migcc"));
    cmd.args(["migcc", "--help"]);
    let out = exec::run(cmd, b"", Duration::from_secs(60))?;
    let help = String::from_utf8_lossy(&out.stdout);
    if !out.success() || !help.contains("Usage: migcc cargo") || !help.contains("--migratable") {
        return Err(format!("cargo-migcc migcc --help ({}):\n{help}{}", out.status, out.stderr_lossy()).into());
    }
    Ok(())
}

fn projects(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(ROOT).join("tests/rust").join(kind);
    let mut list: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable directory").path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    list.sort();
    list
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap_or_default().to_string_lossy().into_owned()
}

fn directives_of(project: &Path) -> Result<Directives, String> {
    let main = project.join("src/main.rs");
    let text = std::fs::read_to_string(&main).map_err(|e| format!("{}: {e}", main.display()))?;
    directives::parse(&text).map_err(|e| format!("{}: {e}", main.display()))
}

/// `migcc cargo [pre...] build --release --locked` (or plain cargo, for the
/// reference) in `project`, into `target_dir`.
fn cargo_build(project: &Path, target_dir: &Path, migcc_options: Option<&[&str]>, env: &[(String, String)]) -> Command {
    let mut cmd = match migcc_options {
        Some(options) => {
            let mut cmd = Command::new(MIGCC);
            cmd.arg("cargo").args(options);
            cmd
        }
        None => {
            let mut cmd = Command::new(tools::CARGO.command);
            cmd.env("RUSTC", tools::RUSTC.command);
            cmd
        }
    };
    cmd.args(["build", "--release", "--locked"]).current_dir(project).env("CARGO_TARGET_DIR", target_dir);
    cmd.env_remove("RUSTFLAGS").env_remove("CARGO_ENCODED_RUSTFLAGS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

fn built(out: Output, what: &str) -> Result<(), String> {
    if out.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({}):\n{}", out.status, out.stderr_lossy()))
    }
}

/// One Cargo project: its directives and builds (each made once, by the
/// first trial that needs it).
struct Project {
    name: String,
    dir: PathBuf,
    directives: Directives,
    scratch: tempfile::TempDir,
    reference: OnceLock<Result<Output, String>>,
    plain: OnceLock<Result<PathBuf, String>>,
    migratable: OnceLock<Result<PathBuf, String>>,
    points: OnceLock<Result<u64, String>>,
}

impl Project {
    fn load(dir: PathBuf) -> Arc<Project> {
        let name = file_name(&dir);
        let directives = directives_of(&dir).unwrap_or_else(|e| panic!("{e}"));
        let scratch = tempfile::Builder::new().prefix(&format!("migcc-rust-{name}-")).tempdir().expect("tempdir");
        Arc::new(Project {
            name,
            dir,
            directives,
            scratch,
            reference: OnceLock::new(),
            plain: OnceLock::new(),
            migratable: OnceLock::new(),
            points: OnceLock::new(),
        })
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(self.directives.timeout_secs.unwrap_or(300))
    }

    /// The program's run in a fresh directory: `cmd` gets the file's
    /// arguments and environment, and nothing else but PATH.
    fn execute(&self, mut cmd: Command, label: &str, env: &[(&str, &str)]) -> Result<Output, String> {
        let cwd = self.scratch.path().join(format!("run-{label}"));
        std::fs::create_dir_all(&cwd).map_err(|e| format!("cannot create {}: {e}", cwd.display()))?;
        cmd.args(&self.directives.args).current_dir(&cwd).env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        for (k, v) in self.directives.env.iter().map(|(k, v)| (k.as_str(), v.as_str())).chain(env.iter().copied()) {
            cmd.env(k, v);
        }
        exec::run(cmd, &self.directives.stdin, self.timeout())
    }

    fn reference(&self) -> Result<Output, Failed> {
        self.reference
            .get_or_init(|| {
                let target = self.scratch.path().join("reference");
                built(exec::run(cargo_build(&self.dir, &target, None, &[]), b"", BUILD_TIMEOUT)?, "cargo build")?;
                self.execute(Command::new(target.join("release").join(&self.name)), "reference", &[])
            })
            .clone()
            .map_err(Failed::from)
    }

    /// `target/migcc/release/NAME` of a `migcc cargo` build.
    fn build(
        &self,
        cell: &OnceLock<Result<PathBuf, String>>,
        options: &[&str],
        label: &str,
    ) -> Result<PathBuf, Failed> {
        cell.get_or_init(|| {
            let target = self.scratch.path().join(label);
            let cmd = cargo_build(&self.dir, &target, Some(options), &[]);
            built(exec::run(cmd, b"", BUILD_TIMEOUT)?, &format!("migcc cargo {}", options.join(" ")))?;
            Ok(target.join("migcc/release").join(&self.name))
        })
        .clone()
        .map_err(Failed::from)
    }

    fn plain(&self) -> Result<PathBuf, Failed> {
        self.build(&self.plain, &[], "plain")
    }

    fn migratable(&self) -> Result<PathBuf, Failed> {
        self.build(&self.migratable, &["--migratable"], "migratable")
    }

    /// `migcc PRE... PROGRAM` must give the reference's stdout and status.
    fn same_as_reference(
        &self,
        pre: &[&str],
        program: &Path,
        label: &str,
        env: &[(&str, &str)],
    ) -> Result<Output, Failed> {
        let want = self.reference()?;
        let mut cmd = Command::new(MIGCC);
        cmd.args(pre).arg(program);
        let got = self.execute(cmd, label, env)?;
        if got.stdout != want.stdout || got.status != want.status {
            return Err(format!(
                "{label}: differs from the host's cargo build\n  status: reference {}, got {}\n  stdout (reference):\n{}\n  stdout (got):\n{}\n  stderr:\n{}",
                want.status,
                got.status,
                String::from_utf8_lossy(&want.stdout),
                String::from_utf8_lossy(&got.stdout),
                got.stderr_lossy()
            )
            .into());
        }
        Ok(got)
    }

    fn run_on(&self, isa: &str) -> Result<(), Failed> {
        self.same_as_reference(&["run", "--isa", isa], &self.plain()?, isa, &[]).map(drop)
    }

    fn verify(&self) -> Result<(), Failed> {
        let mut cmd = Command::new(MIGCC);
        cmd.arg("verify").arg(self.plain()?);
        let out = exec::run(cmd, b"", BUILD_TIMEOUT)?;
        if !out.success() || !String::from_utf8_lossy(&out.stdout).contains(": aligned") {
            return Err(format!(
                "migcc verify: {}\n{}{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                out.stderr_lossy()
            )
            .into());
        }
        Ok(())
    }

    /// The migration points an unmigrated x86_64 run of the migratable
    /// build passes; that run must match the reference too.
    fn points(&self) -> Result<u64, Failed> {
        self.points
            .get_or_init(|| {
                let counter = self.scratch.path().join("points");
                let counter_arg = counter.to_string_lossy().into_owned();
                let exe = self.migratable().map_err(|e| format!("{e:?}"))?;
                self.same_as_reference(
                    &["run", "--isa", "x86_64"],
                    &exe,
                    "points",
                    &[(control_env::COUNT_POINTS, &counter_arg)],
                )
                .map_err(|e| format!("{e:?}"))?;
                hops::points_counted(&counter)
            })
            .clone()
            .map_err(Failed::from)
    }

    /// Pair `i` of six moves once, from `from` to `to`, at i+1 sevenths of
    /// the run's migration points.
    fn migrate(&self, i: u64, from: &str, to: &str) -> Result<(), Failed> {
        let point = (self.points()? * (i + 1) / 7).max(1).to_string();
        let label = format!("{from}-{to}");
        let report = self.scratch.path().join(format!("{label}.json"));
        let report_arg = report.to_string_lossy().into_owned();
        let exe = self.migratable()?;
        let pre = ["run", "--isa", from, "--migrate-to", to, "--at-point", &point, "--report", &report_arg];
        let got = self.same_as_reference(&pre, &exe, &label, &[])?;
        let hops = hops::hops(&report).map_err(|e| format!("{e}\n{}", got.stderr_lossy()))?;
        if hops != [(from.to_string(), to.to_string())] {
            return Err(
                format!("{label} at point {point}: expected one hop {from} -> {to}, the report says {hops:?}").into()
            );
        }
        Ok(())
    }
}

fn error_test(project: &Path) -> Result<(), Failed> {
    let directives = directives_of(project)?;
    if directives.expect_error.is_empty() {
        return Err("an error test needs `// expect-error:` directives".into());
    }
    let scratch = tempfile::Builder::new().prefix("migcc-rust-error-").tempdir().map_err(|e| e.to_string())?;
    let target = scratch.path().join("target");
    let out = exec::run(cargo_build(project, &target, Some(&[]), &directives.env), b"", BUILD_TIMEOUT)?;
    let stderr = out.stderr_lossy();
    if out.success() {
        return Err(format!("migcc cargo build succeeded; it must fail:\n{stderr}").into());
    }
    let missing: Vec<&String> = directives.expect_error.iter().filter(|e| !stderr.contains(e.as_str())).collect();
    if !stderr.contains("migcc: error:") || !missing.is_empty() {
        return Err(format!("stderr lacks `migcc: error:` or {missing:?}:\n{stderr}").into());
    }
    if target.join("migcc").exists() {
        return Err(format!("a failed build left {}", target.join("migcc").display()).into());
    }
    Ok(())
}
