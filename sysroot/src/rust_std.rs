//! Rust's standard library for the virtual ISA, as bitcode: std, core,
//! alloc, panic_abort and their dependencies, built once from Debian's
//! rust-web-src with `cargo -Zbuild-std` and installed as a rustc sysroot
//! (`lib/rustlib/<target>/lib/*.rlib`), cached under the cache root keyed
//! by rustc's version, the sources and the flags. See docs/RUST.md.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use crate::tools::{self, MissingTool};
use crate::{cache, io_err, process, write_file, Error};

/// The Rust target of the virtual ISA (rustc's name for riscv64 musl; its
/// LLVM triple is `CANONICAL_TRIPLE`).
pub const TARGET: &str = "riscv64gc-unknown-linux-musl";

/// Where rust-web-src puts the library sources.
const LIBRARY_SOURCES: &str = "/usr/lib/rustlib/src/rust/library";

/// Code generation flags for std and for every crate of a program:
/// - panic=abort: migcc has no unwinder (runtime-lib/unwind.c);
/// - linker-plugin LTO and embedded bitcode: rlibs hold bitcode, which
///   migcc links as a whole program;
/// - crt-static: a static program, as every migcc program is.
pub const CODEGEN_FLAGS: &[&str] =
    &["-Cpanic=abort", "-Clinker-plugin-lto", "-Cembed-bitcode=yes", "-Ctarget-feature=+crt-static"];

/// Bumped when the builder itself changes what it produces.
const BUILDER_REVISION: &str = "1";

/// A built standard library: a directory to pass to rustc's `--sysroot`.
#[derive(Clone, Debug)]
pub struct RustStd {
    pub sysroot: PathBuf,
}

/// The Rust tools, or which package to install.
pub struct RustTools {
    pub rustc: PathBuf,
    pub cargo: PathBuf,
}

pub fn tools() -> Result<RustTools, MissingTool> {
    let rustc = tools::RUSTC.find()?;
    let cargo = tools::CARGO.find()?;
    if !Path::new(LIBRARY_SOURCES).join("Cargo.lock").is_file() {
        return Err(MissingTool {
            command: format!("{LIBRARY_SOURCES} (Rust's std sources)"),
            package: "rust-web-src".into(),
        });
    }
    Ok(RustTools { rustc, cargo })
}

fn key(rust: &RustTools) -> Result<String, Error> {
    let rustc_version = process::run_capture(Command::new(&rust.rustc).arg("-vV"), "query rustc's version")?;
    let cargo_version = process::run_capture(Command::new(&rust.cargo).arg("-V"), "query cargo's version")?;
    let lock_path = Path::new(LIBRARY_SOURCES).join("Cargo.lock");
    let lock = fs::read(&lock_path).map_err(io_err(&lock_path))?;
    let mut hasher = Sha256::new();
    for part in
        [BUILDER_REVISION.as_bytes(), rustc_version.as_bytes(), cargo_version.as_bytes(), &lock, TARGET.as_bytes()]
            .into_iter()
            .chain(CODEGEN_FLAGS.iter().map(|f| f.as_bytes()))
    {
        hasher.update(part);
        hasher.update([0]);
    }
    Ok(hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect())
}

/// The crate whose build makes cargo build std; its own library is dropped.
const CARRIER: &str = "migcc_rust_std";

/// Returns the standard library, building it first if it is not cached.
/// With `show_progress`, cargo's own progress is shown (about a minute, and
/// std's dependencies come from crates.io the first time).
pub fn ensure(cache_root: &Path, show_progress: bool) -> Result<RustStd, Error> {
    let rust = tools()?;
    let key = key(&rust)?;
    let dir = cache_root.join("migcc-rust-std");
    let sysroot = cache::build_once(&dir, &key, |staging| build(&rust, staging, show_progress))?;
    Ok(RustStd { sysroot })
}

fn build(rust: &RustTools, staging: &Path, show_progress: bool) -> Result<(), Error> {
    let work = staging.join("build");
    write_file(
        &work.join("Cargo.toml"),
        format!("[package]\nname = \"{CARRIER}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[lib]\npath = \"lib.rs\"\n\n# Not part of any workspace around the cache.\n[workspace]\n")
            .as_bytes(),
    )?;
    write_file(&work.join("lib.rs"), b"#![no_std]\n")?;
    if show_progress {
        eprintln!(
            "migcc: building Rust's standard library for the virtual ISA (once; cached in {})",
            staging.display()
        );
    }
    let mut cargo = Command::new(&rust.cargo);
    cargo
        .current_dir(&work)
        .args(["build", "--release", "-Zbuild-std=std,panic_abort", "--target", TARGET])
        .env("RUSTC", &rust.rustc)
        // -Zbuild-std is unstable; Debian's rustc is a stable release.
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("CARGO_ENCODED_RUSTFLAGS", CODEGEN_FLAGS.join("\x1f"))
        .env_remove("RUSTFLAGS");
    if show_progress {
        let status = cargo.stdout(Stdio::null()).status().map_err(io_err(&rust.cargo))?;
        if !status.success() {
            return Err(Error::Command {
                tool: rust.cargo.display().to_string(),
                what: "build Rust's standard library".into(),
                stderr: "(cargo's messages are above)".into(),
            });
        }
    } else {
        process::run(&mut cargo, "build Rust's standard library")?;
    }
    let deps = work.join("target").join(TARGET).join("release").join("deps");
    let lib = staging.join("lib").join("rustlib").join(TARGET).join("lib");
    fs::create_dir_all(&lib).map_err(io_err(&lib))?;
    for entry in fs::read_dir(&deps).map_err(io_err(&deps))? {
        let path = entry.map_err(io_err(&deps))?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.ends_with(".rlib") && !name.starts_with(&format!("lib{CARRIER}-")) {
            fs::copy(&path, lib.join(&*name)).map_err(io_err(&path))?;
        }
    }
    fs::remove_dir_all(&work).map_err(io_err(&work))
}
