//! Where migcc's pieces are: the cache root, the sysroot (built on first
//! use from sources embedded in the binary), and the frontend command.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result};
use migcc_sysroot::{tools, Isa, Sysroot};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_sources.rs"));
}

/// The cache root: `$MIGCC_CACHE_DIR`, else the cargo `target/` directory
/// this binary was built into, else `~/.cache/migcc`.
pub fn cache_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("MIGCC_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Ok(exe) = std::env::current_exe().and_then(|p| p.canonicalize()) {
        // target/<profile>/migcc or target/<profile>/deps/...
        for dir in exe.ancestors().skip(1) {
            if dir.file_name().is_some_and(|n| n == "target") {
                return dir.to_path_buf();
            }
        }
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"));
    home.join(".cache/migcc")
}

pub fn sysroot() -> Result<Sysroot> {
    let show_progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    migcc_sysroot::ensure(&cache_root(), embedded::SOURCES, show_progress).context("cannot prepare migcc's sysroot")
}

/// clang with the flags that make every compilation target the virtual ISA.
pub fn frontend(sysroot: &Sysroot) -> Result<Command> {
    let clang = tools::CLANG.find()?;
    let mut cmd = Command::new(clang);
    cmd.args(migcc_sysroot::PORTABLE_CLANG_FLAGS)
        .arg("-nostdlibinc")
        .arg("-isystem")
        .arg(sysroot.include_dir())
        .arg("-D__migcc__=1");
    Ok(cmd)
}

/// Symbols native code provides to the portable program: everything the
/// per-ISA layer defines, on any ISA.
pub fn native_symbols(sysroot: &Sysroot, isas: &[Isa]) -> Result<BTreeSet<String>> {
    let mut out: BTreeSet<String> = migcc_linker::PROVIDED_SYMBOLS.iter().map(|s| s.to_string()).collect();
    for &isa in isas {
        let path = sysroot.isa_layer(isa);
        let data = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let archive = object::read::archive::ArchiveFile::parse(&*data)
            .with_context(|| format!("{} is not an archive", path.display()))?;
        for symbol in archive.symbols()?.into_iter().flatten() {
            out.insert(String::from_utf8_lossy(symbol?.name()).into_owned());
        }
    }
    Ok(out)
}

/// Runs a command, echoing it first when `verbose`.
pub fn run(cmd: &mut Command, verbose: bool) -> Result<std::process::Output> {
    if verbose {
        eprintln!("{}", tools::command_line(cmd));
    }
    cmd.output().with_context(|| format!("cannot run {}", cmd.get_program().to_string_lossy()))
}
