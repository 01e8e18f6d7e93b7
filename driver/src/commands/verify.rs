//! `migcc verify`: proves the ISA builds of a program share one layout.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use migcc_linker::{Build, BuildInfo};
use migcc_sysroot::Isa;

use crate::toolchain;

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

/// The build info that says which builds make up the program: that of
/// the program itself (the host's copy) if it has one, else that of its
/// first ISA build.
fn recorded_build(program: &Path) -> Result<BuildInfo> {
    let candidates = std::iter::once(program.to_path_buf())
        .chain(Isa::ALL.iter().map(|&isa| toolchain::isa_executable(program, isa)))
        .filter(|p| p.is_file());
    let mut first_error = None;
    for path in candidates {
        match migcc_linker::build_info(&path) {
            Ok(info) => return Ok(info),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) => Err(e.into()),
        None => {
            bail!("no ISA builds of {} found ({}.<isa>); build it with migcc", program.display(), program.display())
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let recorded = recorded_build(&args.program)?;
    let sysroot = toolchain::sysroot()?;
    let builds = recorded
        .isas
        .iter()
        .map(|&isa| {
            let archives = vec![sysroot.isa_layer(isa), migcc_sysroot::libgcc(isa)?];
            Ok(Build { isa, executable: toolchain::isa_executable(&args.program, isa), per_isa_archives: archives })
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
