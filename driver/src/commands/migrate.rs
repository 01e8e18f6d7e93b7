//! `migcc migrate PID --to ISA`: checkpoint a running program and resume it
//! on another ISA, in one step.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use migcc_sysroot::Isa;

use super::checkpoint::Request;
use super::{program, restore, run};
use crate::isa_build;

/// Move a running program built with `migcc -fmigratable` to another ISA:
/// it checkpoints itself and exits, and migcc resumes it on ISA with this
/// command's standard streams (the original's output so far stays where it
/// went). The exit status is the program's.
#[derive(clap::Args)]
pub struct Args {
    /// The process id (under qemu-user: the qemu process's).
    pid: i32,
    /// The ISA to continue on.
    #[arg(long)]
    to: Isa,
    /// Keep the checkpoint in this directory (default: a temporary one,
    /// removed when the program ends).
    #[arg(short = 'o', long = "output")]
    dir: Option<PathBuf>,
    /// Seconds to wait for the checkpoint.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Show the steps.
    #[arg(short, long)]
    verbose: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    // The destination build must exist and be of the same link before the
    // process is asked to leave.
    let running = program::of_process(args.pid)?;
    let destination = isa_build::executable(&migcc_checkpoint::program_base(&running.exe), args.to)
        .with_context(|| format!("cannot migrate process {} to {}", args.pid, args.to))?;
    let target =
        program::read(&destination).with_context(|| format!("cannot migrate process {} to {}", args.pid, args.to))?;
    if target.facts.build_id != running.facts.build_id {
        bail!(
            "cannot migrate process {} to {}: {} is another build of the program than {} (rebuild both with migcc)",
            args.pid,
            args.to,
            destination.display(),
            running.exe.display()
        );
    }
    let temp = tempfile::Builder::new().prefix("migcc-migrate-").tempdir().context("cannot create a directory")?;
    let dir = args.dir.clone().unwrap_or_else(|| temp.path().join("checkpoint"));
    let request =
        Request { pid: args.pid, dir: dir.clone(), leave_running: false, timeout: Duration::from_secs(args.timeout) };
    let written = request.send(args.verbose)?;
    eprintln!("migcc: migrated process {} {} -> {}", args.pid, written.program.isa, args.to);
    let mut cmd = match restore::prepare(&dir, args.to, args.verbose) {
        Ok(cmd) => cmd,
        Err(e) => {
            // The process has gone: its checkpoint must not go with the temporary directory.
            let kept = temp.keep();
            bail!("{e:#}; the checkpoint is kept in {}", kept.display());
        }
    };
    let status = cmd.status().with_context(|| format!("cannot run {}", cmd.get_program().to_string_lossy()))?;
    Ok(run::exit_code(status))
}
