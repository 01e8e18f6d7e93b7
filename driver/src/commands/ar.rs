//! `migcc ar`: an archiver that indexes portable objects (llvm-ar), for
//! build systems that take `AR="migcc ar"`.

use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

use anyhow::{bail, Result};
use migcc_sysroot::tools;

/// Create or update static libraries of migcc objects (runs llvm-ar).
#[derive(clap::Args)]
pub struct Args {
    /// Arguments for ar, e.g. `rcs libfoo.a a.o b.o`.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
    args: Vec<std::ffi::OsString>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let err = Command::new(tools::LLVM_AR.find()?).args(&args.args).exec();
    bail!("cannot run llvm-ar: {err}")
}
