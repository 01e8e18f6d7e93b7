//! `cargo xtask bench`: migcc against the reference toolchain (clang-22 -O2,
//! static, natively built musl) on every ISA, program by program.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use migcc_sysroot::reference::{run_command, run_with_timeout, ReferenceToolchain};
use migcc_sysroot::Isa;

use crate::real_program::{self, Program};
use crate::report::{self, median, BuildAll, IsaResult, ProgramResult, Side};
use crate::{elf_size, migcc};

#[derive(clap::Args)]
pub struct Args {
    /// Runs per program, ISA and side; medians are reported.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// Builds per program, ISA and side; medians are reported.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    build_runs: u32,
    /// ISAs to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "x86_64,aarch64,riscv64")]
    isa: Vec<Isa>,
    /// Only these programs (names of files in xtask/bench without `.c`, or
    /// `lua`, `sqlite`), comma-separated.
    #[arg(long, value_delimiter = ',')]
    program: Vec<String>,
    /// Also Lua and SQLite, from Debian's sources (see real_program.rs).
    #[arg(long)]
    real: bool,
    /// Print the results as JSON instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    migcc: migcc::Binary,
    /// Seconds after which a run is killed and counted as failed.
    #[arg(long, default_value_t = 600)]
    timeout: u64,
}

/// Runs the benchmarks and prints the report; `Ok(false)` when migcc failed
/// to build a program or its executable failed or printed something else.
pub fn run(args: &Args) -> Result<bool> {
    let root = migcc::workspace_root();
    let work = root.join("target/xtask-bench");
    let real: Vec<&str> = real_program::names().filter(|n| args.real || args.program.iter().any(|p| p == n)).collect();
    let singles: Vec<String> = args.program.iter().filter(|p| !real.contains(&p.as_str())).cloned().collect();
    let mut programs: Vec<Program> = if singles.is_empty() && !args.program.is_empty() {
        Vec::new()
    } else {
        sources(&root.join("xtask/bench"), &singles)?.iter().map(|s| Program::single(s)).collect()
    };
    for name in real {
        programs.push(real_program::prepare(name, &root, &work)?);
    }
    let mut isas = args.isa.clone();
    isas.sort();
    isas.dedup();

    let migcc = args.migcc.get()?;
    let target = root.join("target");
    let refs = isas
        .iter()
        .map(|&isa| ReferenceToolchain::ensure(&target, isa))
        .collect::<Result<Vec<_>, _>>()
        .context("setting up the reference toolchain")?;

    // Steps per program: every build (clang and migcc per ISA, migcc for all
    // ISAs at once) and every run, on both sides.
    let n_isas = isas.len() as u64;
    let steps = u64::from(args.build_runs) * (2 * n_isas + 1) + u64::from(args.runs) * 2 * n_isas;
    let progress = progress_bar(steps * programs.len() as u64);
    let bench = Bench { args, isas: &isas, refs: &refs, migcc: &migcc, progress };
    let mut results = Vec::new();
    for (i, program) in programs.iter().enumerate() {
        results.push(bench.program(program, &work)?);
        // A program whose migcc build failed skips its remaining steps.
        bench.progress.set_position(steps * (i as u64 + 1));
    }
    bench.progress.finish_and_clear();

    if args.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    } else {
        print!("{}", report::table(&results, &isas, args.runs, args.build_runs));
    }
    let failures = report::failures(&results);
    if !failures.is_empty() {
        eprintln!("\n!!!!!!!! {} MIGCC FAILURE(S) !!!!!!!!", failures.len());
        for failure in &failures {
            eprintln!("!!! {failure}");
        }
    }
    Ok(failures.is_empty())
}

/// The single-file benchmark sources, sorted, optionally restricted to `only`.
pub fn sources(dir: &Path, only: &[String]) -> Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    found.sort();
    if let Some(unknown) = only.iter().find(|name| !found.iter().any(|p| stem(p) == **name)) {
        bail!("no benchmark named `{unknown}` in {}", dir.display());
    }
    found.retain(|p| only.is_empty() || only.iter().any(|name| stem(p) == *name));
    Ok(found)
}

pub fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

pub fn progress_bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} {msg}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar
}

struct Bench<'a> {
    args: &'a Args,
    isas: &'a [Isa],
    refs: &'a [ReferenceToolchain],
    migcc: &'a Path,
    progress: ProgressBar,
}

/// Median build times of one program, in seconds.
struct BuildTimes {
    /// clang, per ISA (in the order of `Bench::isas`).
    clang: Vec<f64>,
    /// migcc building one ISA at a time, per ISA.
    migcc: Vec<f64>,
    /// migcc building every selected ISA at once.
    migcc_all: f64,
}

impl Bench<'_> {
    fn program(&self, program: &Program, work: &Path) -> Result<ProgramResult> {
        let name = program.name.clone();
        let dir = work.join(&name);
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let migcc_out = dir.join("migcc");

        let times = match self.build_both(program, &dir, &migcc_out)? {
            Ok(times) => times,
            Err(error) => {
                return Ok(ProgramResult { program: name, isas: Vec::new(), build_all: None, error: Some(error) })
            }
        };

        let mut isas = Vec::new();
        for (i, &isa) in self.isas.iter().enumerate() {
            self.progress.set_message(format!("{name} on {isa}: running"));
            let clang_exe = dir.join(format!("clang.{isa}"));
            let migcc_exe = migcc::output_path(&migcc_out, isa);
            let runs = self.run_both(isa, &clang_exe, &migcc_exe, &program.args)?;
            isas.push(IsaResult {
                isa: isa.name().to_string(),
                clang: Side::new(runs.clang, elf_size::executable_bytes(&clang_exe)?, times.clang[i]),
                migcc: Side::new(runs.migcc, elf_size::executable_bytes(&migcc_exe)?, times.migcc[i]),
                problem: runs.problem,
            });
        }
        let build_all = BuildAll { migcc_s: times.migcc_all, clang_s: times.clang.iter().sum() };
        Ok(ProgramResult { program: name, isas, build_all: Some(build_all), error: None })
    }

    /// Builds with clang and migcc, interleaved, `build_runs` times. The
    /// executables measured afterwards are clang's `clang.<isa>` and those of
    /// migcc's one build for all ISAs (`migcc_out.<isa>`); migcc's single-ISA
    /// builds only give per-ISA build times. A migcc failure is returned as
    /// the inner error, a clang failure as the outer one.
    fn build_both(&self, program: &Program, dir: &Path, migcc_out: &Path) -> Result<Result<BuildTimes, String>> {
        let name = &program.name;
        let flags: Vec<&str> = program.flags.iter().map(String::as_str).collect();
        let mut clang = vec![Vec::new(); self.isas.len()];
        let mut migcc = vec![Vec::new(); self.isas.len()];
        let mut migcc_all = Vec::new();
        for _ in 0..self.args.build_runs {
            for (i, (&isa, reference)) in self.isas.iter().zip(self.refs).enumerate() {
                self.progress.set_message(format!("{name} on {isa}: building"));
                let exe = dir.join(format!("clang.{isa}"));
                let start = Instant::now();
                reference.compile_and_link(&program.sources, &exe, &program.flags)?;
                clang[i].push(start.elapsed().as_secs_f64());
                self.progress.inc(1);
                match migcc::build(self.migcc, &program.sources, &dir.join(format!("single-{isa}")), &[isa], &flags) {
                    Ok(t) => migcc[i].push(t.as_secs_f64()),
                    Err(e) => return Ok(Err(format!("`migcc --isa {isa}` failed: {e}"))),
                }
                self.progress.inc(1);
            }
            self.progress.set_message(format!("{name}: building for all ISAs"));
            match migcc::build(self.migcc, &program.sources, migcc_out, self.isas, &flags) {
                Ok(t) => migcc_all.push(t.as_secs_f64()),
                Err(e) => return Ok(Err(format!("migcc failed: {e}"))),
            }
            self.progress.inc(1);
        }
        Ok(Ok(BuildTimes {
            clang: clang.iter().map(|t| median(t)).collect(),
            migcc: migcc.iter().map(|t| median(t)).collect(),
            migcc_all: median(&migcc_all),
        }))
    }

    /// Runs both executables `runs` times, alternating clang and migcc so that
    /// drifts in machine load hit both sides alike. clang's first output is
    /// the expected one; anything else from migcc is reported as a problem.
    fn run_both(&self, isa: Isa, clang_exe: &Path, migcc_exe: &Path, args: &[String]) -> Result<Runs> {
        let timeout = Duration::from_secs(self.args.timeout);
        let mut runs = Runs { clang: Vec::new(), migcc: Vec::new(), problem: None };
        let mut expected: Option<Vec<u8>> = None;
        for _ in 0..self.args.runs {
            let clang = run_once(isa, clang_exe, args, timeout)?;
            let clang_out =
                clang.result.map_err(|e| anyhow::anyhow!("reference build of {}: {e}", clang_exe.display()))?;
            match &expected {
                None => expected = Some(clang_out),
                Some(first) if *first != clang_out => {
                    bail!(
                        "{} prints different output from run to run: the program is not deterministic",
                        clang_exe.display()
                    )
                }
                Some(_) => {}
            }
            runs.clang.push(clang.seconds);
            self.progress.inc(1);

            let migcc = run_once(isa, migcc_exe, args, timeout)?;
            runs.migcc.push(migcc.seconds);
            self.progress.inc(1);
            let problem = match migcc.result {
                Err(e) => Some(e),
                Ok(out) if Some(&out) != expected.as_ref() => Some(format!(
                    "OUTPUT MISMATCH: migcc printed {:?}, clang printed {:?}",
                    String::from_utf8_lossy(&out),
                    String::from_utf8_lossy(expected.as_deref().unwrap_or_default())
                )),
                Ok(_) => None,
            };
            if runs.problem.is_none() {
                runs.problem = problem;
            }
        }
        Ok(runs)
    }
}

struct Runs {
    clang: Vec<f64>,
    migcc: Vec<f64>,
    /// The first thing that went wrong with migcc's executable, if anything.
    problem: Option<String>,
}

pub struct RunOnce {
    pub seconds: f64,
    /// stdout on success; otherwise how the program failed.
    pub result: Result<Vec<u8>, String>,
}

pub fn run_once(isa: Isa, exe: &Path, args: &[String], timeout: Duration) -> Result<RunOnce> {
    let mut cmd = run_command(isa, exe)?;
    cmd.args(args);
    let outcome = run_with_timeout(&mut cmd, timeout).with_context(|| format!("running {}", exe.display()))?;
    let result = match outcome.status {
        None => Err(format!("timed out after {} s", timeout.as_secs())),
        Some(status) if !status.success() => {
            Err(format!("{status}; stderr: {}", String::from_utf8_lossy(&outcome.stderr).trim()))
        }
        Some(_) => Ok(outcome.stdout),
    };
    Ok(RunOnce { seconds: outcome.elapsed.as_secs_f64(), result })
}
