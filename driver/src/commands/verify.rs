//! `migcc verify`: proves the ISA builds of a program share one layout.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use migcc_sysroot::Isa;

use crate::toolchain;

/// Check that every function and data object has the same address (and,
/// for data, size and initial contents) in every ISA build of a program.
#[derive(clap::Args)]
pub struct Args {
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// The program (the -o name given to migcc).
    program: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let builds: Vec<(Isa, PathBuf)> = Isa::ALL
        .iter()
        .map(|&isa| (isa, toolchain::isa_executable(&args.program, isa)))
        .filter(|(_, path)| path.is_file())
        .collect();
    if builds.len() < 2 {
        bail!(
            "{} needs at least two ISA builds ({}.<isa>) to verify; build it with migcc",
            args.program.display(),
            args.program.display()
        );
    }
    let report = migcc_linker::verify(&builds)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for m in &report.mismatches {
            println!("{}: {}", m.symbol, m.problem);
            for (isa, info) in &m.builds {
                match info {
                    Some(s) => println!("  {isa:8} {:#x} size {} {:?}", s.address, s.size, s.kind),
                    None => println!("  {isa:8} (absent)"),
                }
            }
        }
        println!(
            "{}: {} symbols checked across {}: {}",
            args.program.display(),
            report.symbols_checked,
            report.builds.join(", "),
            if report.is_aligned() { "aligned".to_string() } else { format!("{} mismatches", report.mismatches.len()) }
        );
    }
    Ok(if report.is_aligned() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
