//! The gcc.c-torture/execute sources, from Debian's gcc source package.
//!
//! Nothing of GCC is committed: at test time `apt-get source --download-only`
//! fetches the source package into `target/`, and only
//! `gcc/testsuite/gcc.c-torture/execute/*.{c,h}` is extracted from the upstream
//! tarball nested inside its `.orig.tar.gz`. The extraction is cached in
//! `target/torture-src/<package>_<debian version>/`, so a new Debian upload
//! of the package gives a fresh copy; the 87 MB download is deleted after
//! extraction.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const PACKAGE: &str = "gcc-12";
/// Bumped when what is extracted changes, so old caches are not reused.
const LAYOUT: u32 = 2;
const SETUP_HINT: &str =
    "run `bash scripts/setup.sh` (it installs dpkg-dev and adds the deb-src entries apt-get source needs)";

/// The cached directory of torture sources (`*.c`) and the Debian version
/// they come from. Downloads and extracts them on first use.
pub fn torture_dir(target: &Path) -> Result<(PathBuf, String), String> {
    let version = debian_version()?;
    let cache = target.join("torture-src");
    let done = cache.join(format!("{PACKAGE}_{version}-{LAYOUT}"));
    if done.is_dir() {
        return Ok((done, version));
    }
    fs::create_dir_all(&cache).map_err(|e| format!("creating {}: {e}", cache.display()))?;
    // Serialise concurrent test processes; the loser finds the result ready.
    let lock_path = cache.join(".lock");
    let lock = File::create(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    lock.lock().map_err(|e| format!("locking {}: {e}", lock_path.display()))?;
    if done.is_dir() {
        return Ok((done, version));
    }
    let staging = cache.join(format!("{PACKAGE}_{version}-{LAYOUT}.partial"));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| format!("removing {}: {e}", staging.display()))?;
    }
    let download = staging.join("download");
    fs::create_dir_all(&download).map_err(|e| format!("creating {}: {e}", download.display()))?;
    run(
        Command::new("apt-get")
            .args(["source", "--download-only", "-qq", &format!("{PACKAGE}={version}")])
            .current_dir(&download),
        "download gcc's source package",
    )?;
    let orig = find_file(&download, |n| n.ends_with(".orig.tar.gz"))?;
    let execute = staging.join("execute");
    fs::create_dir_all(&execute).map_err(|e| format!("creating {}: {e}", execute.display()))?;
    extract_execute(&orig, &execute)?;
    fs::rename(&execute, &done).map_err(|e| format!("renaming into {}: {e}", done.display()))?;
    // Only the download is left in the staging directory.
    let _ = fs::remove_dir_all(&staging);
    Ok((done, version))
}

/// The version `apt-get source` would fetch, from the local package lists
/// (`--print-uris` names the files without downloading them).
fn debian_version() -> Result<String, String> {
    let out =
        run(Command::new("apt-get").args(["source", "--print-uris", "-qq", PACKAGE]), "look up gcc's source package")?;
    out.split_whitespace()
        .find_map(|word| word.strip_prefix(&format!("{PACKAGE}_"))?.strip_suffix(".dsc"))
        .map(str::to_string)
        .ok_or_else(|| format!("apt-get knows no source package {PACKAGE}: {SETUP_HINT}"))
}

/// Streams the upstream tarball nested in `orig` (`gcc-12.2.0-dfsg.tar.xz`)
/// through tar, keeping only the top-level execute/*.c files and the
/// headers some of them include.
fn extract_execute(orig: &Path, dest: &Path) -> Result<(), String> {
    let listing = run(Command::new("tar").arg("tzf").arg(orig), "list gcc's orig tarball")?;
    let inner = listing
        .lines()
        .find(|l| l.rsplit('/').next().is_some_and(|n| n.starts_with("gcc-") && n.ends_with(".tar.xz")))
        .ok_or_else(|| format!("no gcc-*.tar.xz inside {}", orig.display()))?;
    let mut outer = Command::new("tar")
        .arg("xzf")
        .arg(orig)
        .args(["-O", inner])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("running tar: {e}"))?;
    // Paths inside are `gcc-<version>/gcc/testsuite/...`: strip the five
    // leading directories so the files land directly in `dest`.
    let inner_status = Command::new("tar")
        .args(["xJf", "-", "--wildcards", "--no-wildcards-match-slash", "--strip-components=5"])
        .arg("-C")
        .arg(dest)
        .args(["*/gcc/testsuite/gcc.c-torture/execute/*.c", "*/gcc/testsuite/gcc.c-torture/execute/*.h"])
        .stdin(outer.stdout.take().expect("piped stdout"))
        .status()
        .map_err(|e| format!("running tar: {e}"))?;
    let outer_status = outer.wait().map_err(|e| format!("waiting for tar: {e}"))?;
    if !outer_status.success() || !inner_status.success() {
        return Err(format!(
            "extracting the torture tests from {} failed (tar: {outer_status}, {inner_status})",
            orig.display()
        ));
    }
    Ok(())
}

fn find_file(dir: &Path, pred: impl Fn(&str) -> bool) -> Result<PathBuf, String> {
    fs::read_dir(dir)
        .map_err(|e| format!("listing {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&pred))
        .ok_or_else(|| format!("apt-get source left no matching file in {}", dir.display()))
}

/// Runs a command, returning its stdout; a missing tool or a failure becomes
/// an error that says what to install.
fn run(cmd: &mut Command, what: &str) -> Result<String, String> {
    let tool = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd.output().map_err(|e| format!("cannot {what}: `{tool}` could not run ({e}): {SETUP_HINT}"))?;
    if !out.status.success() {
        return Err(format!(
            "cannot {what}: `{tool}` failed ({}): {}\n{SETUP_HINT}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
