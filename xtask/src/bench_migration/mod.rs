//! `cargo xtask bench-migration`: what `-fmigratable` costs a program that
//! never migrates (run time and code size, side by side with clang -O2 and
//! with migcc's uninstrumented build) and how long a checkpoint and a
//! restore take for heaps of growing size (side by side with `cat` copying
//! the image). The request-to-checkpoint response of a blocked and of a
//! computing program is `cargo xtask migration-response`.

mod checkpoint;
mod steady;

use anyhow::Result;
use migcc_sysroot::Isa;

use crate::migcc;

#[derive(clap::Args)]
pub struct Args {
    /// Parts to measure, comma-separated: `steady` (run time and text size
    /// of the bench programs), `checkpoint` (checkpoint and restore times).
    #[arg(long, value_delimiter = ',', default_values = ["steady", "checkpoint"])]
    part: Vec<Part>,
    /// Runs per bench program and side (interleaved); medians are reported.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Only these bench programs (files in xtask/bench without `.c`), comma-separated.
    #[arg(long, value_delimiter = ',')]
    program: Vec<String>,
    /// ISAs whose text sizes are compared, comma-separated (run time is
    /// measured on the host's ISA only).
    #[arg(long, value_delimiter = ',', default_value = "x86_64,aarch64,riscv64")]
    text_isa: Vec<Isa>,
    /// Heap sizes of the checkpoint benchmark in MiB, comma-separated. The
    /// 1024 MiB case needs about 2 GiB free in target/ (the image and its
    /// copy) and 1 GiB of memory; leave it out with `--heap-mib 1,64`.
    #[arg(long, value_delimiter = ',', default_value = "1,64,1024",
          value_parser = clap::value_parser!(u64).range(1..))]
    heap_mib: Vec<u64>,
    /// Checkpoints (and restores) per heap size; medians are reported.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    samples: u32,
    /// ISAs to checkpoint and restore on, comma-separated (other than the
    /// host's under qemu-user).
    #[arg(long, value_delimiter = ',', default_value = "x86_64,aarch64,riscv64")]
    checkpoint_isa: Vec<Isa>,
    /// Print the results as JSON instead of tables.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    migcc: migcc::Binary,
    /// Seconds after which a run, checkpoint or restore counts as failed.
    #[arg(long, default_value_t = 600)]
    timeout: u64,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Part {
    Steady,
    Checkpoint,
}

/// Runs the selected parts and prints their tables; `Ok(false)` when a
/// migcc build, run, checkpoint or restore failed or printed something else.
pub fn run(args: &Args) -> Result<bool> {
    let migcc = args.migcc.get()?;
    let work = migcc::workspace_root().join("target/xtask-bench-migration");
    let mut json = serde_json::Map::new();
    let mut ok = true;
    if args.part.contains(&Part::Steady) {
        let results = steady::measure(args, &migcc, &work.join("steady"))?;
        ok &= results.failures().is_empty();
        if args.json {
            json.insert("steady".into(), serde_json::to_value(&results)?);
        } else {
            print!("{}", results.table(args.runs));
        }
        results.print_failures();
    }
    if args.part.contains(&Part::Checkpoint) {
        let results = checkpoint::measure(args, &migcc, &work.join("checkpoint"))?;
        ok &= results.iter().all(|r| r.error.is_none());
        if args.json {
            json.insert("checkpoint".into(), serde_json::to_value(&results)?);
        } else {
            if args.part.contains(&Part::Steady) {
                println!();
            }
            print!("{}", checkpoint::table(&results, args.samples));
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json)?);
    }
    Ok(ok)
}
