//! Build steps shared by the tests that build real projects
//! (tests/projects.rs, tests/real_programs.rs): a clean environment, a
//! temporary build directory kept on failure, and steps whose failure shows
//! the end of their output.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use libtest_mimic::Failed;

use super::exec::{self, Output};

/// How long one build step (configure, make) may take.
pub const BUILD_TIMEOUT: Duration = Duration::from_secs(900);

/// The path of `command`, or a failure naming the Debian package.
pub fn require(command: &str, package: &str) -> Result<PathBuf, Failed> {
    exec::which(command).ok_or_else(|| {
        format!(
            "`{command}` was not found: install the Debian package `{package}` \
             (scripts/setup.sh installs it)"
        )
        .into()
    })
}

/// A temporary build directory, kept when the trial fails and
/// `MIGCC_TEST_KEEP=1` is set.
pub struct BuildDir {
    tmp: Option<tempfile::TempDir>,
    passed: bool,
}

impl BuildDir {
    pub fn new(name: &str) -> BuildDir {
        let tmp = tempfile::Builder::new()
            .prefix(&format!("migcc-project-{name}-"))
            .tempdir()
            .expect("cannot create a temporary directory");
        BuildDir { tmp: Some(tmp), passed: false }
    }

    pub fn path(&self) -> &Path {
        self.tmp.as_ref().unwrap().path()
    }

    /// Records whether the work in this directory succeeded (the directory
    /// is always removed then).
    pub fn finish<T>(mut self, result: Result<T, Failed>) -> Result<T, Failed> {
        self.passed = result.is_ok();
        result
    }
}

impl Drop for BuildDir {
    fn drop(&mut self) {
        if !self.passed && std::env::var_os("MIGCC_TEST_KEEP").is_some() {
            let tmp = self.tmp.take().unwrap();
            eprintln!("keeping {}", tmp.path().display());
            let _ = tmp.keep();
        }
    }
}

/// A command with a clean environment: only what builds need, plus migcc's
/// own overrides, so that CFLAGS, MAKEFLAGS and the like from the caller
/// cannot change the builds.
pub fn command(program: impl AsRef<std::ffi::OsStr>, dir: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir).env_clear();
    for var in ["PATH", "HOME", "TMPDIR", "MIGCC_CACHE_DIR", "MIGCC_CLANG", "MIGCC_LLD"] {
        if let Some(v) = std::env::var_os(var) {
            cmd.env(var, v);
        }
    }
    cmd.env("LC_ALL", "C");
    cmd
}

pub fn render(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| {
            let a = a.to_string_lossy();
            if a.contains(' ') {
                format!("'{a}'")
            } else {
                a.into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Runs a command with a timeout and returns its output, whatever its status.
pub fn run_raw(cmd: Command, stdin: &[u8], timeout: Duration) -> Result<Output, Failed> {
    exec::run(cmd, stdin, timeout).map_err(Failed::from)
}

/// Runs a build step that must succeed; the failure shows its output.
pub fn step(cmd: Command, dir: &Path) -> Result<Output, Failed> {
    let desc = render(&cmd);
    let out = run_raw(cmd, b"", BUILD_TIMEOUT)?;
    if out.success() {
        return Ok(out);
    }
    let mut msg = format!(
        "`{desc}` failed ({}) in {}\n--- stdout (last lines) ---\n{}\n--- stderr (last lines) ---\n{}",
        out.status,
        dir.display(),
        tail(&String::from_utf8_lossy(&out.stdout), 40),
        tail(&out.stderr_lossy(), 40),
    );
    let config_log = dir.join("config.log");
    if desc.contains("configure") && config_log.is_file() {
        let log = fs::read_to_string(&config_log).unwrap_or_default();
        let _ = write!(msg, "\n--- config.log (last lines) ---\n{}", tail(&log, 60));
    }
    Err(msg.into())
}
