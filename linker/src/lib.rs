//! The aligning linker. Given one object per ISA, all generated from the
//! same portable module, it gives every function and data object one
//! address that is the same in every ISA build, writes a linker script per
//! ISA that pins each object there, and links with ld.lld. `verify` reads
//! the final executables back and proves the layout matches. Every build
//! of one link carries the same build id (`build_info`).

mod address_map;
mod build_info;
pub mod bundle;
mod layout;
mod lld;
mod script;
mod verify;

use std::path::PathBuf;

use migcc_sysroot::Isa;

pub use address_map::{ALIGNED_BASE, ALIGNED_END, PER_ISA_BASE};
pub use build_info::{build_info, BuildInfo};
pub use layout::Layout;

/// Symbols the link defines for the program (the portable stage must not
/// call them undefined).
pub const PROVIDED_SYMBOLS: &[&str] = &[script::DATA_START, script::DATA_END, build_info::RUNTIME_SYMBOL];
pub use verify::{verify, Build, Kind, Mismatch, SymbolInfo, VerifyReport};

/// One ISA's inputs to the final link.
#[derive(Debug, Clone)]
pub struct IsaLink {
    pub isa: Isa,
    /// The program's object code, generated from the portable module.
    pub object: Vec<u8>,
    /// Native archives: the per-ISA layer, then libgcc.
    pub archives: Vec<PathBuf>,
    pub output: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{isa} object: {detail}")]
    BadObject { isa: Isa, detail: String },
    #[error("the aligned image ends at {end:#x}, past its limit ({limit:#x})")]
    ImageTooLarge { end: u64, limit: u64 },
    #[error("ld.lld failed to link the {isa} build:\n{stderr}")]
    Lld { isa: Isa, stderr: String },
    #[error("cannot read {path}: {detail}")]
    BadExecutable { path: PathBuf, detail: String },
    #[error("{path} has no migcc build note: it was not linked by migcc, or by an older migcc; relink it")]
    NoBuildInfo { path: PathBuf },
    #[error("{path}: unreadable migcc build note: {detail}")]
    BadBuildInfo { path: PathBuf, detail: String },
    #[error("{path} has no {isa} build: build it with {isa} in migcc's --isa")]
    MissingBuild { path: PathBuf, isa: Isa },
    #[error("cannot write {path}: llvm-objcopy failed:\n{stderr}")]
    Bundle { path: PathBuf, stderr: String },
    #[error(transparent)]
    MissingTool(#[from] migcc_sysroot::MissingTool),
    #[error("I/O error on {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Computes the common layout and links every ISA's executable, each
/// carrying `build` (see [`BuildInfo::compute`]); `verbose` prints each
/// ld.lld command.
pub fn link(jobs: &[IsaLink], build: &BuildInfo, scratch: &std::path::Path, verbose: bool) -> Result<Layout, Error> {
    use rayon::prelude::*;
    let layout = Layout::compute(jobs)?;
    jobs.par_iter().try_for_each(|job| lld::link(job, &layout, build, scratch, verbose))?;
    Ok(layout)
}
