//! Checkpoint and restore times against the heap's size: xtask/checkpoint/
//! heap.c touches N bytes and spins; it is checkpointed with `migcc
//! checkpoint PID --leave-running` and resumed with `migcc restore`, and the
//! image is copied with `cat` into the same directory as the yardstick.

use std::fmt::Write;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use migcc_sysroot::reference::run_command;
use migcc_sysroot::Isa;
use serde::Serialize;

use super::Args;
use crate::report::median;
use crate::{bench, migcc};

const MIB: u64 = 1 << 20;

#[derive(Serialize)]
pub struct HeapResult {
    isa: String,
    heap_mib: u64,
    image_bytes: u64,
    /// `migcc checkpoint` from its start to its exit, the image complete.
    checkpoint_ms: Vec<f64>,
    /// `migcc restore` from its start to the program's first output.
    restore_ms: Vec<f64>,
    /// `cat image > copy` in the checkpoint's directory.
    cat_ms: Vec<f64>,
    /// The fsync of that copy afterwards (the checkpoint's image is fsynced).
    fsync_ms: Vec<f64>,
    /// What went wrong; the samples taken until then are kept.
    pub error: Option<String>,
}

pub fn measure(args: &Args, migcc: &Path, work: &Path) -> Result<Vec<HeapResult>> {
    fs::create_dir_all(work).with_context(|| format!("creating {}", work.display()))?;
    let source = migcc::workspace_root().join("xtask/checkpoint/heap.c");
    let exe = work.join("heap");
    if let Err(e) = migcc::build(migcc, std::slice::from_ref(&source), &exe, &args.checkpoint_isa, &["-fmigratable"]) {
        bail!("migcc -O2 -fmigratable {} failed: {e}", source.display());
    }
    let steps = args.checkpoint_isa.len() as u64 * args.heap_mib.len() as u64 * u64::from(args.samples);
    let progress = bench::progress_bar(steps);
    let timeout = Duration::from_secs(args.timeout);
    let mut results = Vec::new();
    for &isa in &args.checkpoint_isa {
        for &mib in &args.heap_mib {
            progress.set_message(format!("{mib} MiB heap on {isa}"));
            let mut result = HeapResult {
                isa: isa.to_string(),
                heap_mib: mib,
                image_bytes: 0,
                checkpoint_ms: Vec::new(),
                restore_ms: Vec::new(),
                cat_ms: Vec::new(),
                fsync_ms: Vec::new(),
                error: None,
            };
            let run = Sample { migcc, isa, exe: &migcc::output_path(&exe, isa), heap_bytes: mib * MIB, timeout };
            for i in 0..args.samples {
                // Alternating which of restore and cat reads the image
                // first evens out what each leaves in the caches.
                let dir = work.join(format!("{isa}-{mib}MiB"));
                let taken = run.take(&dir, i % 2 == 1, &mut result);
                // Up to two copies of the heap: not left behind, even after a failure.
                remove_dir(&dir)?;
                if let Err(e) = taken {
                    result.error = Some(format!("{e:#}"));
                    break;
                }
                progress.inc(1);
            }
            results.push(result);
        }
    }
    progress.finish_and_clear();
    for failed in results.iter().filter_map(|r| r.error.as_ref().map(|e| (r, e))) {
        eprintln!("!!! {} MiB heap on {}: {}", failed.0.heap_mib, failed.0.isa, failed.1);
    }
    Ok(results)
}

struct Sample<'a> {
    migcc: &'a Path,
    isa: Isa,
    exe: &'a Path,
    heap_bytes: u64,
    timeout: Duration,
}

impl Sample<'_> {
    /// One checkpoint of a fresh process into `dir`, then a restore and a
    /// copy of its image, timed into `result`.
    fn take(&self, dir: &Path, restore_first: bool, result: &mut HeapResult) -> Result<()> {
        remove_dir(dir)?;
        let mut cmd = run_command(self.isa, self.exe)?;
        cmd.arg(self.heap_bytes.to_string());
        let mut writer = Running::spawn(cmd, self.exe)?;
        writer.wait_for_line("ready", self.timeout)?;

        let start = Instant::now();
        let out = Command::new(self.migcc)
            .arg("checkpoint")
            .arg(writer.child.id().to_string())
            .arg("-o")
            .arg(dir)
            .args(["--leave-running", "--timeout", &self.timeout.as_secs().to_string()])
            .output()
            .with_context(|| format!("cannot run {}", self.migcc.display()))?;
        let checkpoint = start.elapsed();
        writer.end();
        if !out.status.success() {
            bail!("migcc checkpoint failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr).trim());
        }
        let image = dir.join("image");
        result.image_bytes = fs::metadata(&image).with_context(|| format!("reading {}", image.display()))?.len();
        result.checkpoint_ms.push(ms(checkpoint));

        if restore_first {
            result.restore_ms.push(ms(self.restore(dir)?));
        }
        let (cat, fsync) = copy(&image, &dir.join("copy"))?;
        result.cat_ms.push(ms(cat));
        result.fsync_ms.push(ms(fsync));
        if !restore_first {
            result.restore_ms.push(ms(self.restore(dir)?));
        }
        Ok(())
    }

    /// `migcc restore dir`, timed until the program prints that it runs.
    fn restore(&self, dir: &Path) -> Result<Duration> {
        let start = Instant::now();
        let mut cmd = Command::new(self.migcc);
        cmd.arg("restore").arg(dir).args(["--isa", self.isa.name()]);
        let mut restored = Running::spawn(cmd, self.migcc)?;
        restored.wait_for_line("resumed", self.timeout)?;
        let elapsed = start.elapsed();
        restored.end();
        Ok(elapsed)
    }
}

/// `cat image > copy`, then an fsync of the copy: the two durations.
fn copy(image: &Path, copy: &Path) -> Result<(Duration, Duration)> {
    let start = Instant::now();
    let file = File::create(copy).with_context(|| format!("creating {}", copy.display()))?;
    let status = Command::new("cat").arg(image).stdout(file.try_clone()?).status().context("cannot run cat")?;
    let cat = start.elapsed();
    if !status.success() {
        bail!("cat {} failed ({status})", image.display());
    }
    let start = Instant::now();
    file.sync_all().with_context(|| format!("fsync of {}", copy.display()))?;
    Ok((cat, start.elapsed()))
}

fn remove_dir(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("removing {}", dir.display()))
        }
        _ => Ok(()),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A process whose standard output is read line by line.
struct Running {
    child: Child,
    what: PathBuf,
    lines: Receiver<String>,
}

impl Running {
    fn spawn(mut cmd: Command, what: &Path) -> Result<Running> {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot run {}", what.display()))?;
        let stdout = child.stdout.take().expect("piped");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(Running { child, what: what.to_path_buf(), lines })
    }

    /// Waits until the process prints a line starting with `prefix`.
    fn wait_for_line(&mut self, prefix: &str, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) if line.starts_with(prefix) => return Ok(()),
                Ok(_) => {}
                Err(_) => {
                    self.end();
                    let mut stderr = String::new();
                    if let Some(mut pipe) = self.child.stderr.take() {
                        let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
                    }
                    bail!("{} did not print `{prefix}` within {timeout:?}: {}", self.what.display(), stderr.trim());
                }
            }
        }
    }

    fn end(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Medians per ISA and heap size, in ms and as ratios to the copy.
pub fn table(results: &[HeapResult], samples: u32) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "checkpoint and restore against heap size: medians of {samples} samples, ms");
    let _ =
        writeln!(t, "checkpoint = `migcc checkpoint PID --leave-running`, start to exit (image written and fsynced)");
    let _ = writeln!(t, "restore = `migcc restore`, start to the program's first output (user code runs again)");
    let _ = writeln!(t, "cat = `cat image > copy` in the same directory; +fsync = then fsync the copy");
    let _ = writeln!(t, "ratios: checkpoint / (cat + fsync), restore / cat\n");
    let _ = writeln!(
        t,
        "{:8} {:>8} {:>9} | {:>10} {:>8} {:>8} {:>8} | {:>10} {:>8}",
        "isa", "heap MiB", "image MiB", "checkpoint", "restore", "cat", "+fsync", "ckpt/copy", "rest/cat"
    );
    let _ = writeln!(t, "{}", "-".repeat(90));
    for r in results {
        let _ = write!(t, "{:8} {:>8} {:>9.1} |", r.isa, r.heap_mib, r.image_bytes as f64 / MIB as f64);
        if let Some(e) = &r.error {
            let _ = writeln!(t, " FAILED: {}", e.lines().next().unwrap_or_default());
            continue;
        }
        let [checkpoint, restore, cat, fsync] =
            [&r.checkpoint_ms, &r.restore_ms, &r.cat_ms, &r.fsync_ms].map(|v| median(v));
        let _ = writeln!(
            t,
            " {checkpoint:>10.1} {restore:>8.1} {cat:>8.1} {fsync:>8.1} | {:>10.2} {:>8.2}",
            checkpoint / (cat + fsync),
            restore / cat
        );
    }
    t
}
