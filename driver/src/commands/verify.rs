//! `migcc verify`: proves the ISA builds of a program share one layout.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use migcc_linker::Build;

use crate::{isa_build, toolchain};

/// Check that every ISA build of a program is present and from one link,
/// that the aligned image (segments, every symbol's address and, for data,
/// size, and every byte of data) is identical in all of them, that
/// everything else is per-ISA by design, and that no data points into the
/// per-ISA zone. See docs/ARCHITECTURE.md, "What verify proves".
#[derive(clap::Args)]
pub struct Args {
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// The program (the -o name given to migcc).
    program: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let recorded = migcc_linker::build_info(&args.program)?;
    let sysroot = toolchain::sysroot()?;
    let scratch = tempfile::Builder::new().prefix("migcc-verify-").tempdir().context("cannot create a directory")?;
    let builds = isa_build::extract_all(&args.program, &recorded.isas, scratch.path())?
        .into_iter()
        .map(|(isa, executable)| {
            let archives = vec![sysroot.isa_layer(isa), migcc_sysroot::libgcc(isa)?];
            Ok(Build { isa, executable, per_isa_archives: archives })
        })
        .collect::<Result<Vec<_>>>()?;
    let report = migcc_linker::verify(&builds).with_context(|| format!("cannot verify {}", args.program.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for m in &report.mismatches {
            println!("{}: {}", m.symbol, m.problem);
            let isas: std::collections::BTreeSet<&String> = m.builds.keys().chain(m.notes.keys()).collect();
            for isa in isas {
                let mut line = format!("  {isa:8}");
                match m.builds.get(isa) {
                    Some(Some(s)) => {
                        line.push_str(&format!(" {:#x} size {} {:?} {}", s.address, s.size, s.kind, s.section))
                    }
                    Some(None) => line.push_str(" (absent)"),
                    None => {}
                }
                if let Some(note) = m.notes.get(isa) {
                    line.push(' ');
                    line.push_str(note);
                }
                println!("{line}");
            }
        }
        let per_isa: Vec<String> =
            report.per_isa_symbols.iter().map(|(isa, names)| format!("{isa} {}", names.len())).collect();
        println!(
            "{}: build {}: {} symbols checked across {} (per-ISA by design: {}), {} aligned segments, {} data bytes: {}",
            args.program.display(),
            report.build_id.as_deref().unwrap_or("(none)"),
            report.symbols_checked,
            report.builds.join(", "),
            per_isa.join(", "),
            report.segments_checked,
            report.data_bytes_checked,
            if report.is_aligned() { "aligned".to_string() } else { format!("{} mismatches", report.mismatches.len()) }
        );
    }
    Ok(if report.is_aligned() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
