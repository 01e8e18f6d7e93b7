//! Directive-driven tests of whole C programs (`harness = false`, libtest-mimic).
//!
//! * `c::NAME` — for each `tests/c/NAME.c`: build a reference with
//!   `musl-gcc -O2 -static` and run it; build the program with migcc; run the
//!   host build `OUT` natively and every ISA build through
//!   `migcc run --isa ISA OUT`; each run must give the reference's stdout and
//!   exit status. Finally `migcc verify OUT` must succeed. A file with an
//!   `// opt:` directive is tested at each level it lists (both compilers at
//!   that level), as `c::NAME` for -O2 and `c::NAME::O1` etc. otherwise.
//! * `errors::NAME` — for each `tests/errors/NAME.c`: migcc must fail with
//!   `migcc: error:` and every `// expect-error:` substring on stderr, leave no
//!   files behind, and print exactly the golden `tests/errors/NAME.stderr`
//!   (after path normalisation). `MIGCC_BLESS=1` rewrites the goldens.
//! * `harness::*` — self-checks of the directive parser.
//!
//! Every run gets a fresh empty working directory and an environment holding
//! only `PATH` plus the file's `// env:` variables. Directives are documented
//! in `tests/harness/directives.rs`.
//!
//! Environment knobs: `MIGCC_BLESS=1` (rewrite goldens), `MIGCC_TEST_KEEP=1`
//! (keep the temporary directories of failing tests and print their paths),
//! `MIGCC_TEST_TIMEOUT` (seconds per program run, default 120),
//! `MIGCC_TEST_BUILD_TIMEOUT` (seconds per compiler invocation, default 600).

#[path = "harness/diff.rs"]
mod diff;
#[path = "harness/directives.rs"]
mod directives;
#[path = "harness/exec.rs"]
mod exec;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use directives::Directives;
use exec::{Output, Status};
use libtest_mimic::{Arguments, Failed, Trial};

const ISAS: [&str; 3] = ["x86_64", "aarch64", "riscv64"];
const MIGCC: &str = env!("CARGO_BIN_EXE_migcc");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for (name, check) in directives::self_tests() {
        trials.push(Trial::test(format!("harness::{name}"), move || check().map_err(Failed::from)));
    }
    for src in c_files(&Path::new(ROOT).join("tests/c")) {
        // A file whose directives do not parse still gets a trial, which fails.
        let levels = load(&src).map(|(_, d)| d.opt_levels()).unwrap_or_else(|_| vec!["-O2".into()]);
        for level in levels {
            // The default level keeps the plain name; others are `c::NAME::O1`.
            let name = match level.as_str() {
                "-O2" => format!("c::{}", stem(&src)),
                other => format!("c::{}::{}", stem(&src), &other[1..]),
            };
            let src = src.clone();
            trials.push(Trial::test(name, move || program_test(&src, &level)));
        }
    }
    for src in c_files(&Path::new(ROOT).join("tests/errors")) {
        let name = format!("errors::{}", stem(&src));
        trials.push(Trial::test(name, move || error_test(&src)));
    }
    libtest_mimic::run(&args, trials).exit();
}

fn c_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .max_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    v.sort();
    v
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

fn env_secs(var: &str, default: u64) -> Duration {
    Duration::from_secs(std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default))
}

fn build_timeout() -> Duration {
    env_secs("MIGCC_TEST_BUILD_TIMEOUT", 600)
}

fn run_timeout(d: &Directives) -> Duration {
    match d.timeout_secs {
        Some(s) => Duration::from_secs(s),
        None => env_secs("MIGCC_TEST_TIMEOUT", 120),
    }
}

fn load(src: &Path) -> Result<(String, Directives), Failed> {
    let text = fs::read_to_string(src).map_err(|e| format!("cannot read {}: {e}", src.display()))?;
    let d = directives::parse(&text).map_err(|e| format!("{}: {e}", src.display()))?;
    Ok((text, d))
}

/// A temporary directory that is kept (and reported) when the test fails and
/// `MIGCC_TEST_KEEP` is set.
struct Scratch {
    dir: Option<tempfile::TempDir>,
    path: PathBuf,
}

impl Scratch {
    fn new(name: &str) -> Result<Self, Failed> {
        let dir = tempfile::Builder::new()
            .prefix(&format!("migcc-test-{name}-"))
            .tempdir()
            .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
        let path = dir.path().to_path_buf();
        Ok(Scratch { dir: Some(dir), path })
    }
    fn subdir(&self, name: &str) -> Result<PathBuf, Failed> {
        let p = self.path.join(name);
        fs::create_dir_all(&p).map_err(|e| format!("cannot create {}: {e}", p.display()))?;
        Ok(p)
    }
    /// Appends a note about the kept directory to a failure message.
    fn fail(mut self, mut msg: String) -> Failed {
        if std::env::var_os("MIGCC_TEST_KEEP").is_some() {
            if let Some(d) = self.dir.take() {
                let kept = d.keep();
                let _ = write!(msg, "\n(kept temporary files in {})", kept.display());
            }
        } else {
            msg.push_str("\n(set MIGCC_TEST_KEEP=1 to keep the temporary files)");
        }
        Failed::from(msg)
    }
}

/// The environment of every program run: PATH and the file's `// env:` lines.
fn run_command(program: &Path, pre_args: &[&str], d: &Directives, cwd: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(pre_args).args(&d.args).current_dir(cwd).env_clear();
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    for (k, v) in &d.env {
        cmd.env(k, v);
    }
    cmd
}

fn program_test(src: &Path, level: &str) -> Result<(), Failed> {
    let name = stem(src);
    let (_, d) = load(src)?;
    let musl_gcc = exec::require_tool(&["musl-gcc"], "musl-tools")?;
    exec::require_tool(&["qemu-aarch64", "qemu-aarch64-static"], "qemu-user")?;
    exec::require_tool(&["qemu-riscv64", "qemu-riscv64-static"], "qemu-user")?;
    let scratch = Scratch::new(&name)?;
    let timeout = run_timeout(&d);

    // 1. Reference: musl-gcc -O2 -static, run in a fresh cwd.
    let refdir = scratch.subdir("ref")?;
    let ref_exe = refdir.join(&name);
    let mut cc = Command::new(&musl_gcc);
    cc.arg(level).args(&d.cflags).arg("-static").arg("-o").arg(&ref_exe).arg(src).args(&d.link);
    let out = exec::run(cc, b"", build_timeout())?;
    if !out.success() {
        return Err(scratch.fail(format!(
            "reference build failed (a bug in the test program): musl-gcc {level} {}\n{}",
            out.status,
            exec::indent(&exec::clip(&out.stderr_lossy(), 4000))
        )));
    }
    let reference = exec::run(run_command(&ref_exe, &[], &d, &scratch.subdir("run-ref")?), &d.stdin, timeout)?;
    if reference.status == Status::TimedOut {
        return Err(
            scratch.fail(format!("the reference build timed out after {timeout:?} (a bug in the test program)"))
        );
    }

    // 2. migcc build of every ISA.
    let outdir = scratch.subdir("migcc")?;
    let tmpdir = scratch.subdir("tmp")?;
    let exe = outdir.join(&name);
    let mut build_args: Vec<String> = vec![level.into()];
    build_args.extend(d.cflags.iter().cloned());
    build_args.extend(["-o".to_string(), exe.display().to_string(), src.display().to_string()]);
    build_args.extend(d.link.iter().cloned());
    let mut cc = Command::new(MIGCC);
    cc.args(&build_args).current_dir(&outdir).env("TMPDIR", &tmpdir);
    let built = exec::run(cc, b"", build_timeout())?;
    let build_cmd = exec::shell_words("migcc", &build_args);
    if !built.success() {
        return Err(scratch.fail(format!(
            "migcc build failed ({}):\n  {build_cmd}\n{}",
            built.status,
            exec::indent(&exec::clip(&built.stderr_lossy(), 6000))
        )));
    }
    if !exe.is_file() {
        return Err(scratch.fail(format!("migcc build succeeded but did not write {}\n  {build_cmd}", exe.display())));
    }

    // 3. Runs: the host build natively, then each ISA through `migcc run`.
    let mut failures: Vec<(String, String)> = Vec::new();
    let mut grouped: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut runs: Vec<(String, PathBuf, Vec<String>)> = vec![("native OUT".into(), exe.clone(), vec![])];
    for isa in ISAS {
        runs.push((
            isa.to_string(),
            PathBuf::from(MIGCC),
            vec!["run".into(), "--isa".into(), isa.into(), exe.display().to_string()],
        ));
    }
    for (label, program, pre) in &runs {
        let pre: Vec<&str> = pre.iter().map(String::as_str).collect();
        let cwd = scratch.subdir(&format!("run-{}", label.replace(' ', "-")))?;
        let got = exec::run(run_command(program, &pre, &d, &cwd), &d.stdin, timeout)?;
        if let Some(report) = compare(&reference, &got) {
            let mut shown: Vec<String> = pre.iter().map(|s| s.to_string()).collect();
            shown.extend(d.args.iter().cloned());
            let cmdline = if label == "native OUT" {
                exec::shell_words(&program.display().to_string(), &d.args)
            } else {
                exec::shell_words("migcc", &shown)
            };
            // Failures that differ only in their stderr (qemu adds its own
            // lines) are reported once, with the first run's stderr.
            let key = report.split("  stderr of this run:").next().unwrap_or("").to_string();
            if let Some((_, _, labels)) = grouped.iter_mut().find(|(k, _, _)| *k == key) {
                labels.push(label.clone());
            } else {
                grouped.push((key, format!("{report}  command: {cmdline}\n"), vec![label.clone()]));
            }
        }
    }
    for (_, report, labels) in grouped {
        let title = if labels.len() == 1 { labels[0].clone() } else { format!("{} (same failure)", labels.join(", ")) };
        failures.push((title, report));
    }

    // 4. migcc verify.
    let mut vc = Command::new(MIGCC);
    vc.arg("verify").arg(&exe).current_dir(&outdir);
    let verified = exec::run(vc, b"", build_timeout())?;
    if !verified.success() {
        let mut text = String::from_utf8_lossy(&verified.stdout).into_owned();
        text.push_str(&verified.stderr_lossy());
        failures.push((
            "verify".into(),
            format!("`migcc verify` failed ({}):\n{}", verified.status, exec::indent(&exec::clip(&text, 4000))),
        ));
    }

    if failures.is_empty() {
        return Ok(());
    }
    let mut msg = format!(
        "{} failed on: {}\n  build: {build_cmd}\n",
        name,
        failures.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join(", ")
    );
    for (label, report) in &failures {
        let _ = write!(msg, "--- {label}:\n{report}");
    }
    Err(scratch.fail(msg))
}

/// Compares a run with the reference; None when stdout and status match.
fn compare(reference: &Output, got: &Output) -> Option<String> {
    let status_ok = reference.status == got.status;
    let stdout_ok = reference.stdout == got.stdout;
    if status_ok && stdout_ok {
        return None;
    }
    let mut r = String::new();
    if !status_ok {
        let _ = writeln!(r, "  status: reference {}, got {}", reference.status, got.status);
    }
    if !stdout_ok {
        let want = String::from_utf8_lossy(&reference.stdout);
        let have = String::from_utf8_lossy(&got.stdout);
        let _ = writeln!(
            r,
            "  stdout differs (- reference {} bytes, + got {} bytes):",
            reference.stdout.len(),
            got.stdout.len()
        );
        if want == have {
            let _ = writeln!(r, "    (outputs differ only in invalid UTF-8 bytes)");
        } else {
            r.push_str(&exec::indent(&diff::line_diff(&want, &have, 60)));
        }
    }
    let err = got.stderr_lossy();
    if !err.trim().is_empty() {
        let _ = write!(r, "  stderr of this run:\n{}", exec::indent(&exec::clip(&err, 2000)));
    }
    Some(r)
}

/// Replaces run-specific paths in migcc's stderr with stable placeholders.
fn normalize(stderr: &str, subst: &[(PathBuf, &str)]) -> String {
    let mut s = stderr.to_string();
    let mut pairs: Vec<(String, &str)> = subst.iter().map(|(p, t)| (p.display().to_string(), *t)).collect();
    pairs.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    for (p, t) in pairs {
        s = s.replace(&p, t);
    }
    // Any other temporary path (e.g. one migcc made itself) becomes <TMP>.
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("/tmp/") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(|c: char| c.is_whitespace() || "'\"`:,;()[]<>".contains(c)).unwrap_or(tail.len());
        out.push_str("<TMP>");
        rest = &tail[end..];
    }
    out.push_str(rest);
    without_header_locations(&out)
}

/// Diagnostics located in a system or compiler header (an absolute path:
/// the test's own file is relative) keep their message but lose the path,
/// line, column and quoted source, which change with every clang release.
fn without_header_locations(stderr: &str) -> String {
    let mut out = String::new();
    let mut in_header_diagnostic = false;
    for line in stderr.lines() {
        if line.starts_with("In file included from /") {
            continue;
        }
        if let Some((path, message)) = line.strip_prefix('/').and_then(|l| l.split_once(": ")) {
            let file = path.split(':').next().unwrap_or(path).rsplit('/').next().unwrap_or(path);
            let _ = writeln!(out, "<header {file}>: {message}");
            in_header_diagnostic = true;
            continue;
        }
        // The quoted source line and the caret line under a diagnostic.
        let quoted = line.starts_with(' ') && {
            let t = line.trim_start();
            t.starts_with('|') || t.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with(" |")
        };
        if in_header_diagnostic && quoted {
            continue;
        }
        in_header_diagnostic = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn error_test(src: &Path) -> Result<(), Failed> {
    let name = stem(src);
    let (text, d) = load(src)?;
    if d.expect_error.is_empty() {
        return Err(
            format!("{}: tests/errors files need at least one `// expect-error:` directive", src.display()).into()
        );
    }
    let scratch = Scratch::new(&name)?;
    let cwd = scratch.subdir("cwd")?;
    let tmpdir = scratch.subdir("tmp")?;
    let file = format!("{name}.c");
    fs::write(cwd.join(&file), &text).map_err(|e| format!("cannot copy the source: {e}"))?;

    let mut args: Vec<String> = vec!["-O2".into()];
    args.extend(d.cflags.iter().cloned());
    args.extend(["-o".to_string(), name.clone(), file.clone()]);
    args.extend(d.link.iter().cloned());
    let mut cc = Command::new(MIGCC);
    cc.args(&args).current_dir(&cwd).env("TMPDIR", &tmpdir);
    let out = exec::run(cc, b"", build_timeout())?;
    let stderr = out.stderr_lossy();
    let cmdline = exec::shell_words("migcc", &args);

    let mut problems = Vec::new();
    match out.status {
        Status::Exit(0) => problems.push("migcc exited 0 but must reject this program".to_string()),
        Status::Exit(_) => {}
        other => problems.push(format!("migcc did not exit normally: {other}")),
    }
    if !stderr.contains("migcc: error: ") {
        problems.push("stderr lacks the `migcc: error: ` prefix".to_string());
    }
    for want in &d.expect_error {
        if !stderr.contains(want.as_str()) {
            problems.push(format!("stderr lacks the expected substring {want:?}"));
        }
    }
    let leftovers = |dir: &Path, allowed: &str| -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        v.retain(|f| f != allowed);
        v.sort();
        v
    };
    let left = leftovers(&cwd, &file);
    if !left.is_empty() {
        problems.push(format!("files left behind in the working directory: {}", left.join(", ")));
    }
    let left = leftovers(&tmpdir, "");
    if !left.is_empty() {
        problems.push(format!("files left behind in TMPDIR: {}", left.join(", ")));
    }

    let normalized = normalize(
        &stderr,
        &[
            (cwd.clone(), "<CWD>"),
            (tmpdir.clone(), "<TMPDIR>"),
            (scratch.path.clone(), "<SCRATCH>"),
            (PathBuf::from(ROOT), "<ROOT>"),
            (PathBuf::from(MIGCC), "<MIGCC>"),
        ],
    );
    let golden = src.with_extension("stderr");
    let bless = std::env::var_os("MIGCC_BLESS").is_some_and(|v| v != "0" && !v.is_empty());
    if bless {
        if problems.is_empty() {
            fs::write(&golden, &normalized).map_err(|e| format!("cannot write {}: {e}", golden.display()))?;
        }
    } else {
        match fs::read_to_string(&golden) {
            Ok(want) if want == normalized => {}
            Ok(want) => problems.push(format!(
                "stderr differs from {} (- golden, + got; rerun with MIGCC_BLESS=1 if the change is intended):\n{}",
                golden.display(),
                exec::indent(&diff::line_diff(&want, &normalized, 60))
            )),
            Err(_) => problems.push(format!(
                "golden file {} is missing: run `MIGCC_BLESS=1 cargo test --test c_programs errors::` to create it",
                golden.display()
            )),
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut msg = format!("{cmdline}  (in {})\n", cwd.display());
    for p in &problems {
        let _ = writeln!(msg, "  - {p}");
    }
    let _ = write!(msg, "  stderr ({}):\n{}", out.status, exec::indent(&exec::clip(&stderr, 4000)));
    Err(scratch.fail(msg))
}
