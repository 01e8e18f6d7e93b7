//! Upstream sources of real programs from Debian's source packages, for the
//! tests and benchmarks that build them (tests/real_programs.rs, `cargo
//! xtask bench`). Only the upstream tarball (`*.orig.tar.*`) is used:
//! the program as its authors ship it, without Debian's patches.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cache, io_err, process, tools, Error};

/// Downloads `package`'s source once into `cache_dir/<package>` (`apt-get
/// source --download-only`, the current version of the release's
/// deb-src) and returns its upstream tarball.
pub fn upstream_tarball(cache_dir: &Path, package: &str) -> Result<PathBuf, Error> {
    let entry = cache::build_once(cache_dir, package, |staging| {
        let apt_get = tools::APT_GET.find()?;
        process::run(
            Command::new(apt_get).args(["source", "-qq", "--download-only", package]).current_dir(staging),
            &format!("download {package}'s source"),
        )
        .map_err(|e| Error::DebianSource { package: package.to_string(), detail: e.to_string() })
    })?;
    let prefix = format!("{package}_");
    let found = std::fs::read_dir(&entry).map_err(|source| Error::Io { path: entry.clone(), source })?;
    found
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            // Not a component tarball (`.orig-www.tar.xz`) or a signature.
            name.starts_with(&prefix) && name.contains(".orig.tar.") && !name.ends_with(".asc")
        })
        .ok_or_else(|| Error::DebianSource {
            package: package.to_string(),
            detail: format!("no upstream tarball in {}", entry.display()),
        })
}

/// Unpacks `package`'s upstream tarball as the directory `dest` (which
/// must not exist yet).
pub fn unpack(cache_dir: &Path, package: &str, dest: &Path) -> Result<(), Error> {
    let tarball = upstream_tarball(cache_dir, package)?;
    let staging = dest.with_extension("unpacking");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    std::fs::create_dir_all(&staging).map_err(io_err(&staging))?;
    process::run(
        Command::new("tar").arg("xf").arg(&tarball).current_dir(&staging),
        &format!("unpack {}", tarball.display()),
    )?;
    // The tarball holds one directory, named after the release.
    let top: Vec<PathBuf> =
        std::fs::read_dir(&staging).map_err(io_err(&staging))?.flatten().map(|e| e.path()).collect();
    let [top] = top.as_slice() else {
        return Err(Error::DebianSource {
            package: package.to_string(),
            detail: format!("{} does not unpack into one directory", tarball.display()),
        });
    };
    std::fs::rename(top, dest).map_err(io_err(dest))?;
    std::fs::remove_dir(&staging).map_err(io_err(&staging))
}
