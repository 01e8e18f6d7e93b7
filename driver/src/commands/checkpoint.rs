//! `migcc checkpoint PID`: asks a running `-fmigratable` program, however it
//! was started, to write a checkpoint, and waits until the image is
//! complete. The request protocol (runtime-lib/migcc_checkpoint.h,
//! docs/CHECKPOINT_FORMAT.md "Requests"): a request file in the user's
//! private directory, then the migration signal; the program reads the
//! request once its stack has unwound and answers in a result file.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use migcc_checkpoint::abi;

use super::program::{self, Program};

/// Ask a running program built with `migcc -fmigratable` to checkpoint
/// itself, wherever and however it was started (natively, under qemu-user,
/// under `migcc run`). By default it then exits with status 75 (the
/// checkpoint's `migrated` status); resume it with `migcc restore DIR`.
#[derive(clap::Args)]
pub struct Args {
    /// The process id (under qemu-user: the qemu process's).
    pid: i32,
    /// Directory for the checkpoint, created private (mode 0700); must not
    /// hold an image yet. Default: ./migcc-checkpoint-PID.
    #[arg(short = 'o', long = "output")]
    dir: Option<PathBuf>,
    /// Keep the program running: the checkpoint is a consistent snapshot
    /// taken at a migration point, after which the program goes on.
    #[arg(long)]
    leave_running: bool,
    /// How long to wait for the program to reach a migration point and
    /// write its checkpoint, in seconds.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Show the steps.
    #[arg(short, long)]
    verbose: bool,
}

pub fn run(args: Args) -> Result<std::process::ExitCode> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from(format!("migcc-checkpoint-{}", args.pid)));
    let request =
        Request { pid: args.pid, dir, leave_running: args.leave_running, timeout: Duration::from_secs(args.timeout) };
    let done = request.send(args.verbose)?;
    println!(
        "migcc: checkpoint of process {} ({}, {}) written to {} ({} KiB); {}",
        args.pid,
        done.program.exe.display(),
        done.program.isa,
        done.image.display(),
        done.bytes / 1024,
        if args.leave_running { "the process continues" } else { "the process has ended" }
    );
    Ok(std::process::ExitCode::SUCCESS)
}

/// One checkpoint request to a running process.
pub struct Request {
    pub pid: i32,
    pub dir: PathBuf,
    pub leave_running: bool,
    pub timeout: Duration,
}

/// A checkpoint that was written.
pub struct Written {
    pub program: Program,
    pub image: PathBuf,
    pub bytes: u64,
}

impl Request {
    /// Sends the request and waits for the image (and, unless the program
    /// is left running, for the process to end).
    pub fn send(&self, verbose: bool) -> Result<Written> {
        let pid = self.pid;
        let program = program::of_process(pid)?;
        if verbose {
            eprintln!("migcc: process {pid} runs {} ({}), built with -fmigratable", program.exe.display(), program.isa);
        }
        let dir = std::path::absolute(&self.dir).with_context(|| format!("cannot resolve {}", self.dir.display()))?;
        prepare_checkpoint_dir(&dir)?;
        let requests = request_dir()?;
        let request_file = requests.join(format!("{pid}{}", abi::REQUEST_SUFFIX));
        let result_file = requests.join(format!("{pid}{}", abi::RESULT_SUFFIX));
        let _ = fs::remove_file(&result_file);
        let mode = if self.leave_running { abi::REQUEST_CONTINUE } else { abi::REQUEST_EXIT };
        write_atomically(&request_file, format!("{}\n{mode}\n", dir.display()).as_bytes())?;
        if verbose {
            eprintln!(
                "migcc: wrote {}; sending signal {} to {pid}",
                request_file.display(),
                migcc_llvm_pass::MIGRATION_SIGNAL
            );
        }
        // SAFETY: kill has no memory effects.
        if unsafe { libc::kill(pid, migcc_llvm_pass::MIGRATION_SIGNAL) } != 0 {
            let err = std::io::Error::last_os_error();
            let _ = fs::remove_file(&request_file);
            bail!("cannot signal process {pid}: {err}");
        }
        let answer = wait_for(self.timeout, || fs::read_to_string(&result_file).ok());
        let _ = fs::remove_file(&result_file);
        let Some(answer) = answer else {
            let _ = fs::remove_file(&request_file);
            bail!(
                "process {pid} ({}) did not write a checkpoint within {} s: it reaches a migration point only while \
                 main runs (not during start-up or exit handlers, nor while blocked in a system call); \
                 try again, or with a longer --timeout",
                program.exe.display(),
                self.timeout.as_secs()
            );
        };
        if answer.trim() != abi::RESULT_OK {
            bail!(
                "process {pid} could not write its checkpoint into {} (its standard error says why); it continues",
                dir.display()
            );
        }
        let image = dir.join("image");
        let bytes = fs::metadata(&image)
            .with_context(|| format!("process {pid} answered, but {} is missing", image.display()))?
            .len();
        if verbose {
            eprintln!("migcc: {} is complete ({bytes} bytes)", image.display());
        }
        if !self.leave_running && wait_for(self.timeout, || (!process_alive(pid)).then_some(())).is_none() {
            bail!(
                "process {pid} wrote its checkpoint to {} but has not exited within {} s",
                dir.display(),
                self.timeout.as_secs()
            );
        }
        Ok(Written { program, image, bytes })
    }
}

/// Polls `check` until it gives a value or `timeout` passes.
fn wait_for<T>(timeout: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    loop {
        if let Some(v) = check() {
            return Some(v);
        }
        if start.elapsed() >= timeout {
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Running: it exists and is not a zombie waiting for its parent.
fn process_alive(pid: i32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name, which is in parentheses.
        Ok(stat) => stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next()) != Some("Z"),
        Err(_) => false,
    }
}

/// The checkpoint directory exists, private, without an image.
fn prepare_checkpoint_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        fs::DirBuilder::new().mode(0o700).create(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let meta = fs::metadata(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    if !meta.is_dir() || meta.mode() & 0o077 != 0 {
        bail!("{} must be a private directory (mode 0700): choose another -o or chmod 700 it", dir.display());
    }
    if dir.join("image").exists() {
        bail!("{} already holds a checkpoint image: remove it or choose another -o", dir.display());
    }
    Ok(())
}

/// The user's request directory, created private; refused unless it is a
/// directory of ours that nobody else can write.
fn request_dir() -> Result<PathBuf> {
    // SAFETY: getuid cannot fail.
    let uid = unsafe { libc::getuid() };
    let dir = PathBuf::from(format!("{}{uid}", abi::REQUEST_DIR));
    match fs::DirBuilder::new().mode(0o700).create(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => bail!("cannot create {}: {e}", dir.display()),
    }
    let meta = fs::symlink_metadata(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
    if !meta.is_dir() || meta.uid() != uid || meta.mode() & 0o077 != 0 {
        bail!("{} is not a private directory of user {uid}: remove it and try again", dir.display());
    }
    Ok(dir)
}

/// Writes a temporary file next to `path` and renames it into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    file.write_all(bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))
}
