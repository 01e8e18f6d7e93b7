//! `migcc run`: runs one ISA's build, under qemu-user when the host cannot;
//! with `--migrate-to`, supervises it while it migrates between ISAs.

use std::ffi::OsString;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use migcc_llvm_pass::migration_control_env as control_env;
use migcc_sysroot::{tools, Isa};
use serde::Serialize;

use crate::isa_build;

/// Run a program built by migcc on one ISA, passing stdio, arguments,
/// environment and exit status through unchanged. With `--migrate-to`, the
/// program (built with -fmigratable) moves to the next ISA after a delay,
/// carrying its whole state, on the same standard streams.
#[derive(clap::Args)]
pub struct Args {
    /// ISA to run (default: the host's).
    #[arg(long)]
    isa: Option<Isa>,
    /// ISAs to migrate to, in order (comma-separated).
    #[arg(long, value_delimiter = ',', requires = "trigger")]
    migrate_to: Vec<Isa>,
    /// Migrate to each ISA of --migrate-to in turn, this long after each
    /// start (e.g. 150ms, 2s).
    #[arg(long, group = "trigger", value_parser = parse_duration)]
    after: Option<Duration>,
    /// Keep migrating, round robin through --migrate-to, this often.
    #[arg(long, group = "trigger", value_parser = parse_duration)]
    every: Option<Duration>,
    /// Migrate to each ISA of --migrate-to in turn, at the N-th migration
    /// point after each start: deterministic, for tests and short programs.
    #[arg(long, group = "trigger", value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    at_point: Option<u64>,
    /// Keep migrating, round robin through --migrate-to, every N migration
    /// points.
    #[arg(long, group = "trigger", value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    every_points: Option<u64>,
    /// Write a JSON report of the hops to this file (rewritten after each
    /// hop, so that it shows the hops so far while the program runs).
    #[arg(long)]
    report: Option<PathBuf>,
    /// The program (the -o name given to migcc).
    program: PathBuf,
    /// Arguments for the program.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<OsString>,
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let (number, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = number.parse().map_err(|_| format!("`{s}` is not a duration such as 150ms or 2s"))?;
    match unit {
        "ms" => Ok(Duration::from_millis(n)),
        "s" | "" => Ok(Duration::from_secs(n)),
        _ => Err(format!("`{s}`: the unit must be ms or s")),
    }
}

/// The command that runs `isa`'s build of `program`.
pub(crate) fn command(program: &Path, isa: Isa) -> Result<Command> {
    let host = Isa::host();
    let exe = isa_build::executable(program, isa)?;
    let mut cmd = if Some(isa) == host {
        // A bare file name would be searched in $PATH.
        Command::new(if exe.is_relative() { Path::new(".").join(&exe) } else { exe.clone() })
    } else {
        let qemu = match isa {
            Isa::Aarch64 => tools::QEMU_AARCH64,
            Isa::Riscv64 => tools::QEMU_RISCV64,
            Isa::X86_64 => bail!("running x86_64 code on a {} host is not supported", std::env::consts::ARCH),
        };
        let mut cmd = Command::new(qemu.find()?);
        cmd.arg(&exe);
        cmd
    };
    // argv[0] is what the user named, as if the program ran natively.
    cmd.arg0(program);
    Ok(cmd)
}

/// The ISA asked for, else the host's.
pub(crate) fn isa_or_host(isa: Option<Isa>) -> Result<Isa> {
    match isa.or(Isa::host()) {
        Some(isa) => Ok(isa),
        None => bail!("the host's ISA is not one migcc builds for; choose one with --isa"),
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let isa = isa_or_host(args.isa)?;
    if !args.migrate_to.is_empty() {
        return supervise(&args, isa);
    }
    let mut cmd = command(&args.program, isa)?;
    let err = cmd.args(&args.args).exec();
    bail!("cannot run {}: {err}", args.program.display())
}

/// One migration, as the report lists it.
#[derive(Serialize)]
struct Hop {
    from: String,
    to: String,
    checkpoint_bytes: u64,
    /// From the request (signal) to the checkpoint being complete; none
    /// when a migration point count triggered it.
    response_ms: Option<f64>,
}

/// When to ask for the next migration.
enum Trigger {
    /// Send the request signal this long after the start.
    Delay(Duration),
    /// Let the runtime count migration points (MIGCC_MIGRATE_AT).
    Point(u64),
}

impl Args {
    fn trigger(&self) -> Trigger {
        match (self.after.or(self.every), self.at_point.or(self.every_points)) {
            (Some(delay), _) => Trigger::Delay(delay),
            (None, Some(n)) => Trigger::Point(n),
            (None, None) => unreachable!("clap requires a trigger with --migrate-to"),
        }
    }

    fn round_robin(&self) -> bool {
        self.every.is_some() || self.every_points.is_some()
    }
}

/// Runs the program, requests a migration when the trigger says, and
/// restores each checkpoint on the next ISA, until the program ends.
fn supervise(args: &Args, first: Isa) -> Result<ExitCode> {
    let trigger = args.trigger();
    let dir = tempfile::Builder::new().prefix("migcc-migrate-").tempdir().context("cannot create a directory")?;
    let mut hops: Vec<Hop> = Vec::new();
    let mut isa = first;
    let mut image: Option<PathBuf> = None;
    loop {
        let more = args.round_robin() || hops.len() < args.migrate_to.len();
        let checkpoint = dir.path().join(format!("hop{}", hops.len()));
        let mut cmd = command(&args.program, isa)?;
        cmd.args(&args.args).env(control_env::CHECKPOINT_DIR, &checkpoint);
        if let Some(image) = &image {
            cmd.env(control_env::RESTORE, image);
        }
        if let (Trigger::Point(n), true) = (&trigger, more) {
            cmd.env(control_env::MIGRATE_AT, n.to_string());
        }
        hold_requests_until_caught(&mut cmd);
        let mut child = cmd.spawn().with_context(|| format!("cannot run {}", args.program.display()))?;
        let started = Instant::now();
        let mut requested: Option<Instant> = None;
        let mut first_request: Option<Instant> = None;
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            // Ask after the delay, and again every delay/4 (at least 50 ms)
            // until the program migrates: a request that arrives while a
            // restore is still putting memory back is lost with it.
            let Trigger::Delay(delay) = trigger else {
                std::thread::sleep(Duration::from_millis(1));
                continue;
            };
            let again = (delay / 4).max(Duration::from_millis(50));
            if more && started.elapsed() >= delay && requested.is_none_or(|r: Instant| r.elapsed() >= again) {
                // SAFETY: kill has no memory effects; the pid is our child's.
                unsafe { libc::kill(child.id() as i32, migcc_llvm_pass::MIGRATION_SIGNAL) };
                first_request.get_or_insert_with(Instant::now);
                requested = Some(Instant::now());
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        let written = checkpoint.join("image");
        if status.code() == Some(migcc_llvm_pass::MIGRATED_EXIT_STATUS) && written.is_file() {
            let to = args.migrate_to[hops.len() % args.migrate_to.len()];
            let hop = Hop {
                from: isa.to_string(),
                to: to.to_string(),
                checkpoint_bytes: std::fs::metadata(&written)?.len(),
                response_ms: first_request.map(|r| r.elapsed().as_secs_f64() * 1e3),
            };
            let when = match (&trigger, hop.response_ms) {
                (Trigger::Point(n), _) => format!("at migration point {n}"),
                (Trigger::Delay(_), Some(ms)) => format!("{ms:.1} ms after the request"),
                (Trigger::Delay(_), None) => "unrequested".to_string(),
            };
            eprintln!(
                "migcc: migrated {} -> {} ({} KiB checkpoint, {when})",
                hop.from,
                hop.to,
                hop.checkpoint_bytes / 1024
            );
            hops.push(hop);
            write_report(args, &hops)?;
            isa = to;
            image = Some(written);
            continue;
        }
        write_report(args, &hops)?;
        if hops.is_empty() {
            bail!(
                "{} ended ({}) before it migrated; was it built with -fmigratable, and does it run long enough?",
                args.program.display(),
                describe(status)
            );
        }
        return Ok(exit_code(status));
    }
}

/// Writes the report whole, to a temporary name first: a reader never sees
/// half of it.
fn write_report(args: &Args, hops: &[Hop]) -> Result<()> {
    let Some(path) = &args.report else {
        return Ok(());
    };
    let mut partial = path.clone().into_os_string();
    partial.push(".partial");
    std::fs::write(&partial, serde_json::to_string_pretty(hops)?)
        .with_context(|| format!("cannot write {}", Path::new(&partial).display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))
}

/// The child starts with the request signal blocked, and its runtime
/// unblocks it once its handler is installed (`__migcc_catch_requests`):
/// a request that comes sooner (qemu-user's start-up can take longer than
/// the delay) waits instead of killing the process (SIGPWR's default).
fn hold_requests_until_caught(cmd: &mut Command) {
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, migcc_llvm_pass::MIGRATION_SIGNAL);
            if libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (_, Some(sig)) => format!("signal {sig}"),
        _ => "unknown status".into(),
    }
}

/// The program's own status. A death by signal is passed on as one: this
/// process dies of the same signal (its default action), so a shell or a
/// supervisor sees what it would have seen without migcc in between; a
/// signal that does not end a process by default gives 128 + the signal.
pub(crate) fn exit_code(status: ExitStatus) -> ExitCode {
    if let Some(sig) = status.signal() {
        // SAFETY: resetting a disposition and raising a signal have no
        // memory effects; the signal ends this process or is ignored.
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }
    let code = status.code().unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
    ExitCode::from(code as u8)
}
