//! musl's pristine source, from Debian's source package.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cache, process, tools, Error, MUSL_VERSION};

/// Downloads and unpacks `musl=<debian_version>` once; returns the source tree.
pub(crate) fn fetch(cache_dir: &Path, debian_version: &str) -> Result<PathBuf, Error> {
    let entry = cache::build_once(cache_dir, &format!("musl-src-{debian_version}"), |staging| {
        let apt_get = tools::APT_GET.find()?;
        process::run(
            Command::new(apt_get).args(["source", "-qq", &format!("musl={debian_version}")]).current_dir(staging),
            "download musl's source",
        )
        .map_err(|e| Error::MuslSource { version: debian_version.to_string(), detail: e.to_string() })
    })?;
    Ok(entry.join(format!("musl-{MUSL_VERSION}")))
}
