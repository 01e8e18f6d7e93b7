//! `cargo xtask csmith`: the csmith differential hunt outside CI.
//!
//! The same check as `tests/csmith.rs` (one definition, in
//! `tests/csmith/differential.rs`) over many seeds, with progress lines, a
//! summary, and for every failing seed a directory
//! `<out>/seed-N/` holding the program, the report (outputs, how to
//! reproduce) and a triage: the program built by plain clang-22 -O2 against
//! a native musl on each ISA, and by migcc at every -O level, so a mismatch
//! can be placed (csmith/LLVM vs migcc's pipeline vs one ISA's backend).

#[path = "../../tests/csmith/differential.rs"]
mod differential;

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use differential::exec;
use differential::{Check, SeedResult, Tally, Tools, Verdict, ISAS};
use migcc_sysroot::reference::{run_command, ReferenceToolchain};
use migcc_sysroot::Isa;

use crate::migcc;

#[derive(clap::Args)]
pub struct Args {
    /// Number of seeds to check.
    #[arg(long, default_value_t = 1000)]
    count: u64,
    /// First seed (seeds are seed-base, seed-base + 1, ...). The CI test uses 1..=100.
    #[arg(long, default_value_t = 1_000_000)]
    seed_base: u64,
    /// Seeds checked at once (each builds with migcc, which is itself parallel).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    jobs: u64,
    /// Start no new seed after this many minutes.
    #[arg(long)]
    minutes: Option<u64>,
    /// Where failing seeds and the summary go (default: target/csmith-hunt).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Check this migcc binary instead of building the workspace's.
    #[arg(long)]
    migcc: Option<PathBuf>,
    /// Skip the triage builds (clang-22, other -O levels) of failing seeds.
    #[arg(long)]
    no_triage: bool,
    /// Extra flag for every migcc build, repeatable (e.g. `--migcc-flag=-D__SPLAT__`,
    /// which changes csmith's checksum, shows what a finding looks like).
    #[arg(long = "migcc-flag", allow_hyphen_values = true)]
    migcc_flags: Vec<String>,
    /// Print a progress line every this many seeds.
    #[arg(long, default_value_t = 25)]
    progress_every: u64,
}

struct Hunt<'a> {
    args: &'a Args,
    check: Check,
    out: PathBuf,
    target: PathBuf,
    start: Instant,
    next: AtomicU64,
    done: AtomicU64,
    tally: Mutex<Tally>,
}

/// Runs the hunt; `Ok(false)` when some seed failed.
pub fn run(args: &Args) -> Result<bool> {
    if args.count == 0 || args.progress_every == 0 {
        bail!("--count and --progress-every must be at least 1");
    }
    let root = migcc::workspace_root();
    let migcc_bin = match &args.migcc {
        Some(path) => path.clone(),
        None => migcc::build_release()?,
    };
    let target = root.join("target");
    let out = args.out.clone().unwrap_or_else(|| target.join("csmith-hunt"));
    fs::create_dir_all(out.join("work")).with_context(|| format!("creating {}", out.display()))?;
    let tools = Tools::find(&migcc_bin, &out.join("work")).map_err(anyhow::Error::msg)?;

    let mut check = Check::new(tools);
    check.migcc_extra = args.migcc_flags.clone();
    let hunt = Hunt {
        args,
        check,
        out,
        target,
        start: Instant::now(),
        next: AtomicU64::new(0),
        done: AtomicU64::new(0),
        tally: Mutex::default(),
    };
    println!(
        "csmith hunt: seeds {}..={}, {} job(s), {} with `{}`, migcc {}; findings in {}",
        args.seed_base,
        args.seed_base + args.count - 1,
        args.jobs,
        hunt.check.tools.csmith_version,
        differential::CSMITH_OPTIONS.join(" "),
        migcc_bin.display(),
        hunt.out.display()
    );
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..args.jobs).map(|_| s.spawn(|| hunt.worker())).collect();
        workers.into_iter().try_for_each(|w| w.join().expect("worker panicked"))
    })?;

    let tally = hunt.tally.lock().expect("tally lock");
    let text = hunt.summary(&tally);
    print!("{text}");
    fs::write(hunt.out.join("summary.txt"), &text)?;
    Ok(tally.failures() == 0 && tally.errors.is_empty())
}

impl Hunt<'_> {
    fn worker(&self) -> Result<()> {
        loop {
            if self.args.minutes.is_some_and(|m| self.start.elapsed() >= Duration::from_secs(m * 60)) {
                return Ok(());
            }
            let i = self.next.fetch_add(1, Ordering::SeqCst);
            if i >= self.args.count {
                return Ok(());
            }
            let seed = self.args.seed_base + i;
            let dir = self.out.join("work").join(format!("seed-{seed}"));
            let _ = fs::remove_dir_all(&dir);
            let result = differential::check_seed(&self.check, seed, &dir);
            match &result {
                Ok(r) if r.failed() => self.save_finding(r)?,
                Ok(_) => {}
                Err(e) => println!("seed {seed}: harness error: {e}"),
            }
            let _ = fs::remove_dir_all(&dir);
            let done = self.done.fetch_add(1, Ordering::SeqCst) + 1;
            let mut tally = self.tally.lock().expect("tally lock");
            tally.add(&result, seed);
            if done.is_multiple_of(self.args.progress_every) {
                println!("{}", self.progress(&tally, done));
                fs::write(self.out.join("summary.txt"), self.summary(&tally))?;
            }
            let _ = std::io::stdout().flush();
        }
    }

    fn progress(&self, t: &Tally, done: u64) -> String {
        let secs = self.start.elapsed().as_secs_f64();
        let per_isa: Vec<String> =
            ISAS.iter().map(|isa| format!("{isa} {}", t.mismatches.get(isa).map_or(0, Vec::len))).collect();
        format!(
            "[{done}/{}] {:.0} s ({:.1} s/seed): generated {}, built {}, ran {}, discarded {}, \
             build failures {}, mismatches {}",
            self.args.count,
            secs,
            secs / done as f64,
            t.generated,
            t.built,
            t.ran,
            t.discarded_total(),
            t.build_failures.len(),
            per_isa.join(" ")
        )
    }

    fn summary(&self, t: &Tally) -> String {
        let done = self.done.load(Ordering::SeqCst);
        let mut s = format!(
            "csmith hunt: {done} of {} seeds from {} checked in {:.0} s\n",
            self.args.count,
            self.args.seed_base,
            self.start.elapsed().as_secs_f64()
        );
        s.push_str(&t.summary());
        s
    }

    /// Copies a failing seed's program and outputs to `<out>/seed-N/`, with
    /// its report and (unless disabled) a triage.
    fn save_finding(&self, r: &SeedResult) -> Result<()> {
        let dest = self.out.join(format!("seed-{}", r.seed));
        let _ = fs::remove_dir_all(&dest);
        fs::create_dir_all(&dest)?;
        fs::copy(r.dir.join(&r.source), dest.join(&r.source))?;
        fs::write(dest.join("reference.out"), &r.reference.stdout)?;
        for (isa, out) in &r.runs {
            fs::write(dest.join(format!("{isa}.out")), &out.stdout)?;
            if !out.stderr.is_empty() {
                fs::write(dest.join(format!("{isa}.err")), &out.stderr)?;
            }
        }
        let report =
            differential::report(&self.check, r).replace(&r.dir.display().to_string(), &dest.display().to_string());
        fs::write(dest.join("report.txt"), &report)?;
        let headline = report.lines().next().unwrap_or_default().to_string();
        println!("FINDING {headline} -> {}", dest.display());
        if self.args.no_triage || !matches!(r.verdict, Verdict::Mismatch(_)) {
            return Ok(());
        }
        let triage = self.triage(r, &dest);
        fs::write(dest.join("triage.txt"), &triage)?;
        for line in triage.lines() {
            println!("  {line}");
        }
        Ok(())
    }

    /// Which builds reproduce the reference's output: plain clang-22 -O2
    /// (native musl) per ISA, and migcc at every -O level per ISA.
    fn triage(&self, r: &SeedResult, dest: &Path) -> String {
        let want = &r.reference;
        let mut s = format!(
            "triage of seed {}: reference (gcc {}) prints {:?}\n",
            r.seed,
            differential::REFERENCE_FLAGS.join(" "),
            String::from_utf8_lossy(&want.stdout).trim()
        );
        let src = dest.join(&r.source);
        let include = format!("-I{}", self.check.tools.include.display());
        let same = |o: &exec::Output| o.status == want.status && o.stdout == want.stdout;
        let show = |o: &exec::Output| {
            if same(o) {
                "same".to_string()
            } else {
                format!("DIFFERS ({}, {:?})", o.status, String::from_utf8_lossy(&o.stdout).trim())
            }
        };

        let mut clang: Vec<(&str, String)> = Vec::new();
        for isa in Isa::ALL {
            let exe = dest.join(format!("clang.{isa}"));
            let outcome = ReferenceToolchain::ensure(&self.target, isa)
                .map_err(|e| e.to_string())
                .and_then(|tc| {
                    tc.compile_and_link(std::slice::from_ref(&src), &exe, &["-w".into(), include.clone()])
                        .map_err(|e| e.to_string())
                })
                .and_then(|()| run_command(isa, &exe).map_err(|e| e.to_string()))
                .and_then(|cmd| exec::run(cmd, b"", self.check.run_timeout));
            clang.push((
                isa.name(),
                match outcome {
                    Ok(o) => show(&o),
                    Err(e) => format!("not built ({})", e.lines().next().unwrap_or_default()),
                },
            ));
            let _ = fs::remove_file(&exe);
        }
        let _ = writeln!(s, "  {} -O2, native musl: {}", migcc_sysroot::tools::CLANG.command, grouped(&clang));

        for opt in ["-O0", "-O1", "-O2", "-O3", "-Os"] {
            let dir = dest.join(format!("triage{opt}"));
            let _ = fs::create_dir_all(&dir);
            let _ = fs::copy(&src, dir.join(&r.source));
            let mut args = vec![opt.to_string()];
            args.extend(differential::MIGCC_FLAGS.iter().map(|f| f.to_string()));
            args.push(include.clone());
            args.extend(self.check.migcc_extra.iter().cloned());
            args.extend([r.source.clone(), "-o".into(), "prog".into()]);
            let mut cmd = std::process::Command::new(&self.check.tools.migcc);
            cmd.args(&args).current_dir(&dir);
            let line = match exec::run(cmd, b"", self.check.build_timeout) {
                Ok(b) if b.success() => {
                    let per_isa: Vec<(&str, String)> = ISAS
                        .iter()
                        .map(|isa| {
                            let cmd = differential::run_command(&self.check.tools.migcc, isa, &dir, &[]);
                            let outcome = match exec::run(cmd, b"", self.check.run_timeout) {
                                Ok(o) => show(&o),
                                Err(e) => format!("not run ({e})"),
                            };
                            (*isa, outcome)
                        })
                        .collect();
                    grouped(&per_isa)
                }
                Ok(b) => format!("build failed ({})", b.stderr_lossy().lines().next().unwrap_or_default()),
                Err(e) => format!("build not run ({e})"),
            };
            let _ = writeln!(s, "  migcc {opt}: {line}");
            let _ = fs::remove_dir_all(&dir);
        }
        s
    }
}

/// `x86_64, riscv64: same; aarch64: DIFFERS (...)`: ISAs with the same
/// outcome listed together, in order of first appearance.
fn grouped(outcomes: &[(&str, String)]) -> String {
    let mut groups: Vec<(Vec<&str>, &str)> = Vec::new();
    for (isa, outcome) in outcomes {
        match groups.iter_mut().find(|(_, o)| o == outcome) {
            Some((isas, _)) => isas.push(isa),
            None => groups.push((vec![isa], outcome)),
        }
    }
    groups.iter().map(|(isas, o)| format!("{}: {o}", isas.join(", "))).collect::<Vec<_>>().join("; ")
}
