//! Benchmark results: JSON shape and the side-by-side text table.

use std::fmt::Write;

use migcc_sysroot::Isa;
use serde::Serialize;

#[derive(Serialize)]
pub struct ProgramResult {
    pub program: String,
    /// Empty when migcc could not build the program (see `error`).
    pub isas: Vec<IsaResult>,
    pub build_all: Option<BuildAll>,
    pub error: Option<String>,
}

/// migcc building every selected ISA at once against the sum of clang's
/// per-ISA builds (median seconds).
#[derive(Serialize)]
pub struct BuildAll {
    pub migcc_s: f64,
    pub clang_s: f64,
}

#[derive(Serialize)]
pub struct IsaResult {
    pub isa: String,
    pub clang: Side,
    pub migcc: Side,
    /// A failed run or an output that differs from clang's.
    pub problem: Option<String>,
}

#[derive(Serialize)]
pub struct Side {
    /// Median run time, seconds.
    pub run_s: f64,
    pub runs_s: Vec<f64>,
    /// Bytes in executable ELF sections.
    pub text_bytes: u64,
    /// Median build (compile + link) time, seconds.
    pub build_s: f64,
}

impl Side {
    pub fn new(runs_s: Vec<f64>, text_bytes: u64, build_s: f64) -> Side {
        Side { run_s: median(&runs_s), runs_s, text_bytes, build_s }
    }
}

pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Every migcc failure, one line each.
pub fn failures(results: &[ProgramResult]) -> Vec<String> {
    let mut out = Vec::new();
    for r in results {
        if let Some(e) = &r.error {
            out.push(format!("{}: {e}", r.program));
        }
        for i in &r.isas {
            if let Some(p) = &i.problem {
                out.push(format!("{} on {}: {p}", r.program, i.isa));
            }
        }
    }
    out
}

const NAME_W: usize = 12;
const CELL_W: usize = 21;

/// Ratios migcc / clang per ISA side by side, geometric means last, then
/// clang's absolute numbers for scale.
pub fn table(results: &[ProgramResult], isas: &[Isa], runs: u32, build_runs: u32) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "migcc / {} -O2 (static, musl 1.2.3); below 1.0 means migcc is faster or smaller",
        migcc_sysroot::tools::CLANG.command
    );
    let _ = writeln!(
        t,
        "run = median of {runs} run times, text = executable section bytes, build = median of {build_runs} compile+link times"
    );
    let _ = writeln!(
        t,
        "build all = one migcc build for every ISA / sum of clang's per-ISA builds; ! = migcc run failed or differed\n"
    );
    let _ = write!(t, "{:NAME_W$}", "");
    for isa in isas {
        let _ = write!(t, " | {:^CELL_W$}", isa.name());
    }
    let _ = writeln!(t, " | build");
    let _ = write!(t, "{:NAME_W$}", "program");
    for _ in isas {
        let _ = write!(t, " | {:>6} {:>6} {:>7}", "run", "text", "build");
    }
    let _ = writeln!(t, " | {:>5}", "all");
    let _ = writeln!(t, "{}", "-".repeat(NAME_W + isas.len() * (CELL_W + 3) + 8));

    // Per ISA column: logs of run, text and build ratios for the geomeans.
    let mut logs = vec![[Vec::new(), Vec::new(), Vec::new()]; isas.len()];
    let mut all_logs = Vec::new();
    for r in results {
        let _ = write!(t, "{:NAME_W$}", r.program);
        if let Some(e) = &r.error {
            let first = e.lines().next().unwrap_or_default();
            let _ = writeln!(t, " | BUILD FAILED: {first}");
            continue;
        }
        for (i, res) in r.isas.iter().enumerate() {
            let ratios = [
                res.migcc.run_s / res.clang.run_s,
                res.migcc.text_bytes as f64 / res.clang.text_bytes as f64,
                res.migcc.build_s / res.clang.build_s,
            ];
            // A failed or wrong run's time says nothing: keep it out of the means.
            if res.problem.is_none() {
                for (log, ratio) in logs[i].iter_mut().zip(ratios) {
                    log.push(ratio.ln());
                }
            }
            let mark = if res.problem.is_some() { "!" } else { " " };
            let _ = write!(t, " | {:>5.2}{mark} {:>6.2} {:>7.1}", ratios[0], ratios[1], ratios[2]);
        }
        if let Some(all) = &r.build_all {
            let ratio = all.migcc_s / all.clang_s;
            all_logs.push(ratio.ln());
            let _ = write!(t, " | {ratio:>5.1}");
        }
        let _ = writeln!(t);
    }
    let _ = write!(t, "{:NAME_W$}", "geomean");
    for columns in &logs {
        let g = columns.clone().map(|l| geomean(&l));
        let _ = write!(t, " | {:>5.2}  {:>6.2} {:>7.1}", g[0], g[1], g[2]);
    }
    let _ = writeln!(t, " | {:>5.1}", geomean(&all_logs));

    let _ =
        writeln!(t, "\n{} -O2 absolute: run seconds / text KiB / build seconds", migcc_sysroot::tools::CLANG.command);
    for r in results.iter().filter(|r| r.error.is_none()) {
        let _ = write!(t, "{:NAME_W$}", r.program);
        for res in &r.isas {
            let c = &res.clang;
            let _ = write!(t, " | {:>6.3} {:>6.1} {:>7.3}", c.run_s, c.text_bytes as f64 / 1024.0, c.build_s);
        }
        let _ = writeln!(t);
    }
    t
}

/// The geometric mean of numbers given by their natural logarithms (NaN for none).
pub fn geomean(logs: &[f64]) -> f64 {
    if logs.is_empty() {
        return f64::NAN;
    }
    (logs.iter().sum::<f64>() / logs.len() as f64).exp()
}
