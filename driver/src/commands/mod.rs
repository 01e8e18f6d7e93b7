//! Dispatch between migcc's own subcommands (clap) and gcc-compatible mode.

mod ar;
mod cargo;
mod checkpoint;
mod inspect;
mod migrate;
mod program;
mod restore;
mod run;
mod sysroot;
mod verify;

use std::ffi::OsString;
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "migcc",
    version,
    about = "Builds C programs into migratable multi-ISA executables (x86_64, aarch64, riscv64)",
    after_help = "Without a subcommand, migcc is a gcc-compatible compiler driver:\n  \
                  migcc [-c|-S|-E] [-O0..3|-Os|-Oz] [-g] [-I dir] [-D name[=value]] [-std=...] [-W...] [-f...]\n        \
                  [-L dir] [-l lib] [--isa x86_64,aarch64,riscv64] [-o out] files...\n\
                  Linking writes one file, OUT: the host's executable, carrying the other ISAs' builds\n\
                  (`migcc run --isa ISA OUT` runs one of them).\n\
                  See docs/USAGE.md."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Run(run::Args),
    Checkpoint(checkpoint::Args),
    Restore(restore::Args),
    Migrate(migrate::Args),
    Inspect(inspect::Args),
    Verify(verify::Args),
    Ar(ar::Args),
    Sysroot(sysroot::Args),
    Cargo(cargo::Args),
}

const SUBCOMMANDS: &[&str] =
    &["run", "checkpoint", "restore", "migrate", "inspect", "verify", "ar", "sysroot", "cargo", "help"];

pub fn long_help() -> String {
    Cli::command().render_long_help().to_string()
}

pub fn dispatch(args: Vec<OsString>) -> Result<ExitCode> {
    let first = args.first().and_then(|a| a.to_str());
    if !first.is_some_and(|f| SUBCOMMANDS.contains(&f)) {
        return crate::cc::main(args);
    }
    let cli = match Cli::try_parse_from(std::iter::once(OsString::from("migcc")).chain(args)) {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            print!("{e}");
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => {
            eprint!("{}", e.render());
            return Ok(ExitCode::from(2));
        }
    };
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Checkpoint(args) => checkpoint::run(args),
        Command::Restore(args) => restore::run(args),
        Command::Migrate(args) => migrate::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Ar(args) => ar::run(args),
        Command::Sysroot(args) => sysroot::run(args),
        Command::Cargo(args) => cargo::run(args),
    }
}
