//! Steady state: the bench programs (xtask/bench) built three ways, run
//! interleaved on the host's ISA: clang -O2 (the reference toolchain of
//! `cargo xtask bench`), `migcc -O2` and `migcc -O2 -fmigratable`. No
//! migration is requested, so the figures are the instrumentation's cost to
//! a program that merely could migrate.

use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use migcc_sysroot::reference::ReferenceToolchain;
use migcc_sysroot::Isa;
use serde::Serialize;

use super::Args;
use crate::bench::{self, run_once};
use crate::report::{geomean, median};
use crate::{elf_size, migcc};

#[derive(Serialize)]
pub struct Results {
    isa: String,
    text_isas: Vec<String>,
    programs: Vec<ProgramResult>,
}

#[derive(Serialize)]
struct ProgramResult {
    program: String,
    /// Why migcc could not build the program (nothing was run then).
    error: Option<String>,
    runs_s: RunTimes,
    /// Executable section bytes per text ISA: uninstrumented, instrumented.
    text_bytes: Vec<[u64; 2]>,
    /// A failed run or an output that differs from clang's.
    problem: Option<String>,
}

/// Run times in seconds of the three builds of a program.
#[derive(Default, Serialize)]
struct RunTimes {
    clang: Vec<f64>,
    /// `migcc -O2`.
    migcc: Vec<f64>,
    /// `migcc -O2 -fmigratable`.
    migratable: Vec<f64>,
}

impl RunTimes {
    /// The sides in the order of `run_interleaved`'s executables.
    fn side(&mut self, i: usize) -> &mut Vec<f64> {
        [&mut self.clang, &mut self.migcc, &mut self.migratable][i]
    }

    fn medians(&self) -> [f64; 3] {
        [&self.clang, &self.migcc, &self.migratable].map(|runs| median(runs))
    }
}

pub fn measure(args: &Args, migcc: &Path, work: &Path) -> Result<Results> {
    let host = Isa::host().ok_or_else(|| anyhow!("migcc does not target this machine's ISA"))?;
    let root = migcc::workspace_root();
    let programs = bench::sources(&root.join("xtask/bench"), &args.program)?;
    let reference =
        ReferenceToolchain::ensure(&root.join("target"), host).context("setting up the reference toolchain")?;
    let mut isas = args.text_isa.clone();
    isas.push(host);
    isas.sort();
    isas.dedup();

    let steps = 3 + 3 * u64::from(args.runs);
    let progress = bench::progress_bar(steps * programs.len() as u64);
    let mut results = Vec::new();
    for (i, source) in programs.iter().enumerate() {
        let name = bench::stem(source);
        let dir = work.join(&name);
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        progress.set_message(format!("{name}: building"));
        let exes = [dir.join(format!("clang.{host}")), dir.join("migcc"), dir.join("migratable")];
        reference.compile_and_link(std::slice::from_ref(source), &exes[0], &[])?;
        let built = migcc::build(migcc, std::slice::from_ref(source), &exes[1], &isas, &[])
            .map_err(|e| format!("migcc -O2 failed: {e}"))
            .and_then(|_| {
                migcc::build(migcc, std::slice::from_ref(source), &exes[2], &isas, &["-fmigratable"])
                    .map_err(|e| format!("migcc -O2 -fmigratable failed: {e}"))
            });
        progress.inc(3);
        let mut result = ProgramResult {
            program: name.clone(),
            error: built.err(),
            runs_s: Default::default(),
            text_bytes: Vec::new(),
            problem: None,
        };
        if result.error.is_none() {
            for &isa in &args.text_isa {
                result.text_bytes.push([
                    elf_size::executable_bytes(&migcc::output_path(&exes[1], isa))?,
                    elf_size::executable_bytes(&migcc::output_path(&exes[2], isa))?,
                ]);
            }
            progress.set_message(format!("{name}: running"));
            let exes = [exes[0].clone(), migcc::output_path(&exes[1], host), migcc::output_path(&exes[2], host)];
            run_interleaved(args, host, &exes, &mut result, &|| progress.inc(1))?;
        }
        results.push(result);
        progress.set_position(steps * (i as u64 + 1));
    }
    progress.finish_and_clear();
    Ok(Results {
        isa: host.to_string(),
        text_isas: args.text_isa.iter().map(|i| i.to_string()).collect(),
        programs: results,
    })
}

/// Runs the three builds (clang, migcc, migcc -fmigratable) `args.runs` times each, round after round, each
/// round starting with the next side so that a drift in machine load hits
/// every side alike. clang's first output is the expected one.
fn run_interleaved(
    args: &Args,
    isa: Isa,
    exes: &[PathBuf; 3],
    result: &mut ProgramResult,
    step: &dyn Fn(),
) -> Result<()> {
    let timeout = Duration::from_secs(args.timeout);
    let mut expected: Option<Vec<u8>> = None;
    for round in 0..args.runs as usize {
        for side in (0..3).map(|k| (round + k) % 3) {
            let run = run_once(isa, &exes[side], &[], timeout)?;
            step();
            result.runs_s.side(side).push(run.seconds);
            let problem = match (side, run.result, &expected) {
                (0, Err(e), _) => bail!("reference build {}: {e}", exes[0].display()),
                (0, Ok(out), Some(first)) if out != *first => {
                    bail!("{} prints different output from run to run: it is not deterministic", exes[0].display())
                }
                (0, Ok(out), None) => {
                    expected = Some(out);
                    None
                }
                (0, Ok(_), Some(_)) => None,
                (_, Err(e), _) => Some(e),
                // Compared once clang has run (in round 0 it may run last).
                (_, Ok(_), None) => None,
                (_, Ok(out), Some(first)) if out != *first => Some(format!(
                    "OUTPUT MISMATCH: printed {:?}, clang printed {:?}",
                    String::from_utf8_lossy(&out),
                    String::from_utf8_lossy(first)
                )),
                (_, Ok(_), Some(_)) => None,
            };
            if result.problem.is_none() {
                result.problem = problem.map(|p| format!("{}: {p}", exes[side].display()));
            }
        }
    }
    Ok(())
}

impl Results {
    /// Every migcc failure, one line each.
    pub fn failures(&self) -> Vec<String> {
        self.programs
            .iter()
            .filter_map(|r| r.error.as_ref().or(r.problem.as_ref()).map(|e| format!("{}: {e}", r.program)))
            .collect()
    }

    pub fn print_failures(&self) {
        let failures = self.failures();
        if !failures.is_empty() {
            eprintln!("\n!!!!!!!! {} MIGCC FAILURE(S) !!!!!!!!", failures.len());
            for failure in &failures {
                eprintln!("!!! {failure}");
            }
        }
    }

    /// Run-time ratios on the host, then text-size ratios per ISA;
    /// geometric means and the largest ratio last.
    pub fn table(&self, runs: u32) -> String {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "-fmigratable in steady state (never migrating), {}: below 1.0 means faster or smaller",
            self.isa
        );
        let _ = writeln!(t, "run = median of {runs} interleaved run times; text = executable section bytes");
        let _ = writeln!(
            t,
            "mig = migcc -O2 -fmigratable, plain = migcc -O2, clang = {} -O2 (static, musl 1.2.3)",
            migcc_sysroot::tools::CLANG.command
        );
        let _ =
            writeln!(t, "targets: run mig/clang geomean <= 1.05 and none above 1.15; text mig/plain geomean <= 1.25");
        let _ =
            writeln!(t, "! = a migcc build failed or printed something else than clang's (left out of the means)\n");
        let _ = writeln!(t, "{:12} | {:^32} | {:^8} | text mig/plain", "", "run time", "");
        let _ = write!(
            t,
            "{:12} | {:>9} {:>10} {:>11} | {:>8} |",
            "program", "mig/clang", "mig/plain", "plain/clang", "clang s"
        );
        for isa in &self.text_isas {
            let _ = write!(t, " {isa:>8}");
        }
        let _ = writeln!(t);
        let _ = writeln!(t, "{}", "-".repeat(60 + 9 * self.text_isas.len()));

        let mut run_logs = [Vec::new(), Vec::new(), Vec::new()];
        let mut text_logs = vec![Vec::new(); self.text_isas.len()];
        let mut max_mig_clang = f64::NAN;
        for r in &self.programs {
            let _ = write!(t, "{:12}", r.program);
            if let Some(e) = &r.error {
                let _ = writeln!(t, " | BUILD FAILED: {}", e.lines().next().unwrap_or_default());
                continue;
            }
            let [clang, plain, mig] = r.runs_s.medians();
            let ratios = [mig / clang, mig / plain, plain / clang];
            if r.problem.is_none() {
                for (logs, ratio) in run_logs.iter_mut().zip(ratios) {
                    logs.push(ratio.ln());
                }
                max_mig_clang = max_mig_clang.max(ratios[0]);
            }
            let mark = if r.problem.is_some() { "!" } else { " " };
            let _ = write!(t, " | {:>8.3}{mark} {:>10.3} {:>11.3} | {clang:>8.3} |", ratios[0], ratios[1], ratios[2]);
            for (logs, [plain, mig]) in text_logs.iter_mut().zip(&r.text_bytes) {
                let ratio = *mig as f64 / *plain as f64;
                logs.push(ratio.ln());
                let _ = write!(t, " {ratio:>8.3}");
            }
            let _ = writeln!(t);
        }
        let _ = writeln!(t, "{}", "-".repeat(60 + 9 * self.text_isas.len()));
        let g = run_logs.map(|logs| geomean(&logs));
        let _ = write!(t, "{:12} | {:>8.3}  {:>10.3} {:>11.3} | {:>8} |", "geomean", g[0], g[1], g[2], "");
        for logs in &text_logs {
            let _ = write!(t, " {:>8.3}", geomean(logs));
        }
        let _ = writeln!(t);
        let _ = writeln!(t, "{:12} | {max_mig_clang:>8.3}", "max");
        t
    }
}
