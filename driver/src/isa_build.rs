//! The executable of one ISA for a migcc program. The program file is its
//! main ISA's executable and carries the others (`migcc_linker::bundle`);
//! another ISA's is extracted on first use into the cache, as
//!
//! ```text
//! <cache>/isa-builds/<build id>/NAME.<isa>   the extracted executable
//! <cache>/isa-builds/<build id>/NAME         symlink to the program file
//! ```
//!
//! A process running an extracted build sees that path as its executable,
//! and checkpoints record it; `NAME.<isa>` → `NAME` (the checkpoint crate's
//! `program_base`) then leads back, through the symlink, to the program
//! file and so to every other ISA's build. Files appear by rename, whole,
//! so concurrent runs of one program share them safely.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use migcc_linker::bundle::Bundle;
use migcc_sysroot::Isa;

use crate::toolchain;

/// The executable of `isa` for `program` (the program file itself when
/// that is `isa`'s build).
pub fn executable(program: &Path, isa: Isa) -> Result<PathBuf> {
    let bundle = Bundle::read(program)?;
    if bundle.main_isa() == isa {
        return Ok(program.to_path_buf());
    }
    let code = bundle.executable(isa)?;
    let build = migcc_linker::build_info(program)?;
    let name = program.file_name().with_context(|| format!("{} names no file", program.display()))?;
    let dir = toolchain::cache_root().join("isa-builds").join(build.id_hex());
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;

    let extracted = dir.join(isa.file_name(name));
    // Compared, not trusted: the cache must never stand in for other bytes.
    if std::fs::read(&extracted).ok().as_deref() != Some(code) {
        bundle.extract(isa, &extracted)?;
    }
    link_back(&dir.join(name), program)?;
    Ok(extracted)
}

/// Every ISA build of `program` as a file of its own: the program itself
/// for its main ISA, the others extracted into `dir` (private to the
/// caller, so that nothing else can change them while they are read).
pub fn extract_all(program: &Path, isas: &[Isa], dir: &Path) -> Result<Vec<(Isa, PathBuf)>> {
    let bundle = Bundle::read(program)?;
    let name = program.file_name().with_context(|| format!("{} names no file", program.display()))?;
    let mut builds = Vec::new();
    for &isa in isas {
        if isa == bundle.main_isa() {
            builds.push((isa, program.to_path_buf()));
            continue;
        }
        let path = dir.join(isa.file_name(name));
        bundle.extract(isa, &path)?;
        builds.push((isa, path));
    }
    Ok(builds)
}

/// Makes `link` a symlink to `program`'s canonical path, unless it is one
/// already.
fn link_back(link: &Path, program: &Path) -> Result<()> {
    let target = program.canonicalize().with_context(|| format!("cannot resolve {}", program.display()))?;
    if std::fs::read_link(link).is_ok_and(|t| t == target) {
        return Ok(());
    }
    // A symlink made beside it and renamed over it: never a moment without one.
    let temp = link.with_extension(format!("link.{}", std::process::id()));
    let _ = std::fs::remove_file(&temp);
    std::os::unix::fs::symlink(&target, &temp).with_context(|| format!("cannot create {}", temp.display()))?;
    std::fs::rename(&temp, link).with_context(|| format!("cannot create {}", link.display()))
}
