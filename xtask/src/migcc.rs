//! Building and invoking the migcc driver under test.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use migcc_linker::bundle::Bundle;
use migcc_sysroot::Isa;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// `--migcc PATH`, shared by the measuring commands.
#[derive(clap::Args)]
pub struct Binary {
    /// Measure this migcc binary instead of building the workspace's.
    #[arg(long = "migcc")]
    path: Option<PathBuf>,
}

impl Binary {
    /// The binary given, or else the workspace's, freshly built.
    pub fn get(&self) -> Result<PathBuf> {
        match &self.path {
            Some(path) => Ok(path.clone()),
            None => build_release(),
        }
    }
}

/// Builds the current migcc in release mode and returns its path, so a
/// benchmark never measures a stale binary.
pub fn build_release() -> Result<PathBuf> {
    let root = workspace_root();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--bin", "migcc"])
        .current_dir(&root)
        .status()
        .context("running cargo to build migcc")?;
    if !status.success() {
        bail!("`cargo build --release --bin migcc` failed ({status})");
    }
    Ok(root.join("target/release/migcc"))
}

/// `migcc -O2 <flags> --isa <isas> -o <out> <sources>`, then each ISA's
/// executable taken out of `<out>` as `<out>.<isa>`. Returns the wall-clock
/// build time, or migcc's stderr on failure.
pub fn build(migcc: &Path, sources: &[PathBuf], out: &Path, isas: &[Isa], flags: &[&str]) -> Result<Duration, String> {
    let list = isas.iter().map(|i| i.name()).collect::<Vec<_>>().join(",");
    let start = Instant::now();
    let result = Command::new(migcc)
        .arg("-O2")
        .args(flags)
        .args(["--isa", &list, "-o"])
        .arg(out)
        .args(sources)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", migcc.display()))?;
    let elapsed = start.elapsed();
    if !result.status.success() {
        return Err(String::from_utf8_lossy(&result.stderr).trim().to_string());
    }
    // The benchmarks run and measure each ISA's executable on its own.
    let bundle = Bundle::read(out).map_err(|e| e.to_string())?;
    for &isa in isas {
        bundle.extract(isa, &output_path(out, isa)).map_err(|e| e.to_string())?;
    }
    Ok(elapsed)
}

/// Where [`build`] puts the executable for `isa`.
pub fn output_path(out: &Path, isa: Isa) -> PathBuf {
    out.with_file_name(isa.file_name(out.file_name().expect("a file name")))
}
