//! `migcc run`: runs one ISA's build, under qemu-user when the host cannot.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use anyhow::{bail, Result};
use migcc_sysroot::{tools, Isa};

use crate::toolchain;

/// Run a program built by migcc on one ISA, passing stdio, arguments,
/// environment and exit status through unchanged.
#[derive(clap::Args)]
pub struct Args {
    /// ISA to run (default: the host's).
    #[arg(long)]
    isa: Option<Isa>,
    /// The program (the -o name given to migcc).
    program: PathBuf,
    /// Arguments for the program.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<std::ffi::OsString>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let host = Isa::host();
    let isa = match args.isa.or(host) {
        Some(isa) => isa,
        None => bail!("the host's ISA is not one migcc builds for; choose one with --isa"),
    };
    let exe = toolchain::isa_executable(&args.program, isa);
    if !exe.is_file() {
        bail!("{} does not exist: was {} built by migcc with {isa} in --isa?", exe.display(), args.program.display());
    }
    let mut cmd = if Some(isa) == host {
        // A bare file name would be searched in $PATH.
        Command::new(if exe.is_relative() { std::path::Path::new(".").join(&exe) } else { exe.clone() })
    } else {
        let qemu = match isa {
            Isa::Aarch64 => tools::QEMU_AARCH64,
            Isa::Riscv64 => tools::QEMU_RISCV64,
            Isa::X86_64 => bail!("running x86_64 code on a {} host is not supported", std::env::consts::ARCH),
        };
        let mut cmd = Command::new(qemu.find()?);
        cmd.arg(&exe);
        cmd
    };
    // argv[0] is what the user named, as if the program ran natively.
    cmd.arg0(&args.program).args(&args.args);
    let err = cmd.exec();
    bail!("cannot run {}: {err}", exe.display())
}
