//! `migcc restore DIR`: resumes a checkpoint on any ISA. The image is
//! validated in full first (migcc_checkpoint), against the build it is to
//! be restored into; a bad one is refused and the program never starts.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{anyhow, Result};
use migcc_checkpoint::Checkpoint;
use migcc_sysroot::Isa;

use super::{program, run};
use crate::isa_build;

/// Resume a checkpoint written by `migcc checkpoint` (or `migcc run
/// --migrate-to`) on an ISA, natively or under qemu-user. The program's
/// build for that ISA is found from the path the checkpoint records. Its
/// standard streams are this command's; the exit status is the program's.
#[derive(clap::Args)]
pub struct Args {
    /// The checkpoint directory (holding `image`).
    dir: std::path::PathBuf,
    /// ISA to resume on (default: the host's).
    #[arg(long)]
    isa: Option<Isa>,
    /// Show the steps.
    #[arg(short, long)]
    verbose: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let isa = run::isa_or_host(args.isa)?;
    let mut cmd = prepare(&args.dir, isa, args.verbose)?;
    let err = cmd.exec();
    Err(anyhow!("cannot run {}: {err}", cmd.get_program().to_string_lossy()))
}

/// Validates the checkpoint in `dir` against the program's `isa` build and
/// returns the command that resumes it.
pub fn prepare(dir: &Path, isa: Isa, verbose: bool) -> Result<Command> {
    let refuse = |what: String| anyhow!("cannot restore {}: {what}", dir.display());
    if !dir.is_dir() {
        return Err(refuse("no such directory".into()));
    }
    let image = std::path::absolute(dir.join("image")).map_err(|e| refuse(e.to_string()))?;
    let bytes =
        std::fs::read(&image).map_err(|e| refuse(format!("cannot read its image ({}: {e})", image.display())))?;
    let checkpoint = Checkpoint::parse(&bytes).map_err(|e| refuse(e.to_string()))?;
    let program_path = checkpoint.program_base();
    let exe = isa_build::executable(&program_path, isa).map_err(|e| refuse(format!("{e:#}")))?;
    let target = program::read(&exe).map_err(|e| refuse(format!("the program's {isa} build: {e:#}")))?;
    checkpoint.check_program(&target.facts).map_err(|e| refuse(e.to_string()))?;
    checkpoint.check_host().map_err(|e| refuse(e.to_string()))?;
    if verbose {
        eprintln!(
            "migcc: {} is valid: {} regions, {} open files, written on {} by {}; resuming with {}",
            image.display(),
            checkpoint.regions.len(),
            checkpoint.files.len(),
            checkpoint.header.isa,
            checkpoint.header.program.display(),
            exe.display()
        );
    }
    let mut cmd = run::command(&program_path, isa)?;
    cmd.env(migcc_llvm_pass::migration_control_env::RESTORE, &image);
    Ok(cmd)
}
