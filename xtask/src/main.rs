//! Project automation: `cargo xtask <command>`.

mod bench;
mod bench_migration;
mod csmith;
mod elf_size;
mod migcc;
mod real_program;
mod report;
mod response;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "migcc project tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compare migcc with plain clang -O2 (same ISA, static, musl) on the
    /// programs in xtask/bench: run time, code size and build time.
    Bench(bench::Args),
    /// What -fmigratable costs (run time against clang -O2 and migcc -O2,
    /// text size) and how long checkpoint and restore take for heaps of
    /// 1 MiB, 64 MiB and 1 GiB (against `cat` copying the image).
    BenchMigration(bench_migration::Args),
    /// Differential hunt with csmith: random programs built by migcc (every
    /// ISA) and by gcc, outputs compared; failing seeds are saved with a
    /// triage under target/csmith-hunt.
    Csmith(csmith::Args),
    /// Measure the time from a migration request to a written checkpoint
    /// (p50/p99) for a program blocked in read and, side by side, one
    /// computing.
    MigrationResponse(response::Args),
}

fn main() -> anyhow::Result<ExitCode> {
    let ok = match Cli::parse().command {
        Command::Bench(args) => bench::run(&args)?,
        Command::BenchMigration(args) => bench_migration::run(&args)?,
        Command::Csmith(args) => csmith::run(&args)?,
        Command::MigrationResponse(args) => response::run(&args)?,
    };
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
