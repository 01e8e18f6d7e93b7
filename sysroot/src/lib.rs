//! migcc's sysroot: musl 1.2.3 compiled into portable IR, the runtime
//! library (also portable IR), and the small per-ISA layer compiled natively.
//!
//! The sysroot is built on first use and cached under the cache root
//! (`target/` by default), keyed by every input that affects it.

pub mod address_map;
mod cache;
pub mod debian_source;
mod isa;
mod isa_layer;
mod musl_source;
mod portable_libc;
mod process;
pub mod reference;
pub mod rust_std;
pub mod section_names;
pub mod sysmap;
pub mod tools;

use std::path::{Path, PathBuf};

pub use isa::{Isa, UnknownIsa};
pub use portable_libc::{HOLDS_REQUESTS_ANNOTATION, LIBRARY_ANNOTATION};
pub use tools::MissingTool;

/// Version of musl taken from Debian's source package.
pub const MUSL_VERSION: &str = "1.2.3";
const MUSL_DEBIAN_VERSION: &str = "1.2.3-1";

/// The canonical frontend target: every C file migcc compiles, user code and
/// libc alike, is compiled for this "virtual ISA" and never for a real one.
pub const CANONICAL_TRIPLE: &str = "riscv64-unknown-linux-musl";

/// clang flags that make IR portable from the start (see docs/PORTABILITY.md).
pub const PORTABLE_CLANG_FLAGS: &[&str] = &[
    "--target=riscv64-unknown-linux-musl",
    "-march=rv64gc",
    "-mabi=lp64d",
    // char is signed on the virtual ISA, as on x86_64.
    "-fsigned-char",
    // Bit-identical floating point: no fused multiply-add on any ISA.
    "-ffp-contract=off",
    "-fno-asynchronous-unwind-tables",
    "-fno-unwind-tables",
];

/// A source file embedded in the migcc binary (runtime-lib/ and sysroot/).
#[derive(Clone, Copy, Debug)]
pub struct SourceFile {
    /// Path relative to the repository root, e.g. `runtime-lib/start.c`.
    pub path: &'static str,
    pub contents: &'static [u8],
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    MissingTool(#[from] MissingTool),
    #[error("cannot download musl's source with `apt-get source musl={version}`: {detail}\nhint: deb-src entries are needed; run scripts/setup.sh")]
    MuslSource { version: String, detail: String },
    #[error("cannot get {package}'s source: {detail}\nhint: deb-src entries are needed; run scripts/setup.sh")]
    DebianSource { package: String, detail: String },
    #[error("{tool} failed while building the sysroot ({what}):\n{stderr}")]
    Command { tool: String, what: String, stderr: String },
    #[error("sysroot I/O error on {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

pub(crate) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// Writes a file, creating its directory first.
pub(crate) fn write_file(path: &Path, contents: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_err(parent))?;
    }
    std::fs::write(path, contents).map_err(io_err(path))
}

/// A built sysroot on disk.
#[derive(Clone, Debug)]
pub struct Sysroot {
    root: PathBuf,
}

impl Sysroot {
    /// Headers for portable compilation (musl's, for the virtual ISA).
    pub fn include_dir(&self) -> PathBuf {
        self.root.join("include")
    }

    /// Bitcode archive: musl and the migcc runtime, as portable IR.
    pub fn libc_archive(&self) -> PathBuf {
        self.root.join("lib/libc.a")
    }

    /// Native archive of the per-ISA layer.
    pub fn isa_layer(&self, isa: Isa) -> PathBuf {
        self.root.join(format!("isa/{}/libmigcc_isa.a", isa.name()))
    }

    /// Symbols the per-ISA layer calls in portable code: they must survive
    /// whole-program internalisation.
    pub fn isa_layer_imports(&self) -> &'static [&'static str] {
        isa_layer::IMPORTS
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Returns the sysroot for these sources, building it first if it is not
/// cached yet. Concurrent callers wait for one build.
pub fn ensure(cache_root: &Path, sources: &[SourceFile], show_progress: bool) -> Result<Sysroot, Error> {
    let clang = tools::CLANG.find()?;
    let key = cache::key(sources, &clang)?;
    let dir = cache_root.join("migcc-sysroot");
    let root = cache::build_once(&dir, &key, |staging| {
        let musl = musl_source::fetch(&dir, MUSL_DEBIAN_VERSION)?;
        portable_libc::build(&musl, sources, staging, &clang, show_progress)?;
        isa_layer::build(&musl, sources, staging, &clang)?;
        Ok(())
    })?;
    Ok(Sysroot { root })
}

/// Path of the ISA's libgcc.a, which supplies soft-float (binary128) and
/// 128-bit integer helpers to native code.
pub fn libgcc(isa: Isa) -> Result<PathBuf, Error> {
    let (gcc, package) = isa.libgcc_provider();
    let tool = tools::Tool { command: gcc, package, env_override: None };
    let gcc = tool.find()?;
    let out = process::run_capture(std::process::Command::new(&gcc).arg("-print-libgcc-file-name"), "locate libgcc")?;
    let path = PathBuf::from(out.trim());
    if path.is_file() {
        Ok(path)
    } else {
        Err(MissingTool { command: format!("{} (libgcc.a)", gcc.display()), package: package.to_string() }.into())
    }
}
