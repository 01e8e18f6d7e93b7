//! Content-keyed cache directories, built once and installed atomically.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::{address_map, io_err, process, Error, SourceFile, MUSL_DEBIAN_VERSION, PORTABLE_CLANG_FLAGS};

/// Bumped when the builder itself changes what it produces.
const BUILDER_REVISION: &str = "4";

/// Hashes every input of the sysroot: embedded sources, musl's version, the
/// portable flags, the address map (its generated header) and the exact
/// clang version.
pub(crate) fn key(sources: &[SourceFile], clang: &Path) -> Result<String, Error> {
    let clang_version = process::run_capture(Command::new(clang).arg("--version"), "query clang's version")?;
    let address_map = address_map::c_header();
    let mut hasher = Sha256::new();
    for part in [BUILDER_REVISION, MUSL_DEBIAN_VERSION, clang_version.as_str(), address_map.as_str()] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    for flag in PORTABLE_CLANG_FLAGS {
        hasher.update(flag.as_bytes());
        hasher.update([0]);
    }
    let mut sorted: Vec<_> = sources.iter().collect();
    sorted.sort_by_key(|s| s.path);
    for source in sorted {
        hasher.update(source.path.as_bytes());
        hasher.update([0]);
        hasher.update(source.contents);
        hasher.update([0]);
    }
    Ok(hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect())
}

/// Returns `dir/key`, running `build` into a staging directory first if that
/// entry does not exist yet. A lock file serialises concurrent builders, and
/// the rename makes a half-built entry impossible to observe.
pub(crate) fn build_once(
    dir: &Path,
    key: &str,
    build: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<PathBuf, Error> {
    let done = dir.join(key);
    if done.is_dir() {
        return Ok(done);
    }
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let lock_path = dir.join(format!("{key}.lock"));
    let lock = File::create(&lock_path).map_err(io_err(&lock_path))?;
    lock.lock().map_err(io_err(&lock_path))?;
    if done.is_dir() {
        return Ok(done);
    }
    let staging = dir.join(format!("{key}.partial"));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    fs::create_dir_all(&staging).map_err(io_err(&staging))?;
    build(&staging)?;
    fs::rename(&staging, &done).map_err(io_err(&done))?;
    Ok(done)
}
