//! `cargo xtask migration-response`: how long a program takes from a
//! migration request to a written checkpoint, blocked in a system call
//! (xtask/response/blocked_read.c) and, side by side, computing
//! (busy_loop.c, answering at a loop's migration point).
//!
//! Each sample is one `migcc run --isa FROM --migrate-to TO --after 200ms
//! --report R`: the supervisor's `response_ms` for the hop (from the signal
//! to the process's exit with its checkpoint written; the supervisor polls
//! every millisecond). The run is ended once the report shows the hop.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use migcc_sysroot::Isa;
use serde::Serialize;

use crate::migcc;

#[derive(clap::Args)]
pub struct Args {
    /// Requests (one migration each) per program and ISA.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    requests: u32,
    /// ISAs to migrate from, comma-separated (each moves to the next one).
    #[arg(long, value_delimiter = ',', default_value = "x86_64,aarch64,riscv64")]
    isa: Vec<Isa>,
    /// Print the results as JSON instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    migcc: migcc::Binary,
}

const PROGRAMS: [&str; 2] = ["blocked_read", "busy_loop"];
const SAMPLE_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Serialize)]
struct Row {
    program: String,
    isa: String,
    p50_ms: f64,
    p99_ms: f64,
    samples_ms: Vec<f64>,
}

pub fn run(args: &Args) -> Result<bool> {
    let root = migcc::workspace_root();
    let migcc = args.migcc.get()?;
    let work = root.join("target/xtask-response");
    std::fs::create_dir_all(&work).with_context(|| format!("cannot create {}", work.display()))?;
    let mut rows = Vec::new();
    for program in PROGRAMS {
        let exe = work.join(program);
        let source = root.join("xtask/response").join(format!("{program}.c"));
        let out = Command::new(&migcc)
            .args(["-O2", "-fmigratable", "-o"])
            .arg(&exe)
            .arg(&source)
            .output()
            .with_context(|| format!("cannot run {}", migcc.display()))?;
        if !out.status.success() {
            bail!("migcc -fmigratable {} failed:\n{}", source.display(), String::from_utf8_lossy(&out.stderr));
        }
        for &from in &args.isa {
            let to = Isa::ALL[(Isa::ALL.iter().position(|&i| i == from).expect("an ISA") + 1) % Isa::ALL.len()];
            let mut samples = Vec::new();
            for i in 0..args.requests {
                let report = work.join(format!("{program}-{from}-{i}.json"));
                samples.push(sample(&migcc, &exe, from, to, &report)?);
            }
            rows.push(Row {
                program: program.to_string(),
                isa: from.to_string(),
                p50_ms: percentile(&samples, 50.0),
                p99_ms: percentile(&samples, 99.0),
                samples_ms: samples,
            });
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        print!("{}", table(&rows, args.requests));
    }
    Ok(true)
}

/// One migration of `exe` from `from` to `to`: the hop's response time.
fn sample(migcc: &Path, exe: &Path, from: Isa, to: Isa, report: &Path) -> Result<f64> {
    let _ = std::fs::remove_file(report);
    let mut child = Command::new(migcc)
        .args(["run", "--isa", from.name(), "--migrate-to", to.name(), "--after", "200ms", "--report"])
        .arg(report)
        .arg(exe)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .with_context(|| format!("cannot run {}", migcc.display()))?;
    let start = Instant::now();
    let hop = loop {
        if let Some(ms) = reported_response(report) {
            break Ok(ms);
        }
        if start.elapsed() > SAMPLE_TIMEOUT {
            break Err(anyhow::anyhow!("{} did not migrate within {SAMPLE_TIMEOUT:?}", exe.display()));
        }
        if let Some(status) = child.try_wait()? {
            break Err(anyhow::anyhow!("`migcc run` ended ({status}) before {} migrated", exe.display()));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    // Closing stdin ends blocked_read; busy_loop would run for ages.
    drop(child.stdin.take());
    if hop.is_err() || exe.ends_with("busy_loop") {
        end_group(child.id());
    }
    let _ = child.wait();
    hop
}

/// The first hop's response time in a `--report` file, once it is there.
fn reported_response(report: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(report).ok()?;
    let hops: serde_json::Value = serde_json::from_str(&text).ok()?;
    hops.get(0)?.get("response_ms")?.as_f64()
}

/// Ends `migcc run` and the restored program it supervises: the process
/// group the supervisor leads.
fn end_group(supervisor: u32) {
    let _ = Command::new("kill").args(["-KILL", "--", &format!("-{supervisor}")]).stderr(Stdio::null()).status();
}

/// Nearest-rank percentile (of 20 samples, p99 is the largest).
fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn table(rows: &[Row], requests: u32) -> String {
    use std::fmt::Write;
    let mut s = format!(
        "migration response: request -> checkpoint written, {requests} requests per row (ms; the supervisor polls every 1 ms)\n"
    );
    let _ = writeln!(s, "{:<14} {:<8} {:>8} {:>8}", "program", "isa", "p50", "p99");
    for r in rows {
        let _ = writeln!(s, "{:<14} {:<8} {:>8.1} {:>8.1}", r.program, r.isa, r.p50_ms, r.p99_ms);
    }
    for blocked in rows.iter().filter(|r| r.program == "blocked_read") {
        if let Some(busy) = rows.iter().find(|r| r.program == "busy_loop" && r.isa == blocked.isa) {
            let _ = writeln!(
                s,
                "{}: blocked in read / computing, p50 {:.2}x, p99 {:.2}x",
                blocked.isa,
                blocked.p50_ms / busy.p50_ms,
                blocked.p99_ms / busy.p99_ms
            );
        }
    }
    s
}
