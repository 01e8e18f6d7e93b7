//! `migcc sysroot`: builds (or finds) the cached sysroot.

use std::process::ExitCode;

use anyhow::Result;

use crate::toolchain;

/// Build migcc's sysroot now (it is otherwise built on first use) and print
/// where it is.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_: Args) -> Result<ExitCode> {
    let sysroot = toolchain::sysroot()?;
    println!("{}", sysroot.root().display());
    Ok(ExitCode::SUCCESS)
}
