//! The reference toolchain: plain clang with a *native* musl 1.2.3 per ISA.
//!
//! It is the baseline migcc is measured against (benchmarks, c-torture): the
//! same compiler and the same libc release, but built the ordinary way — musl's
//! own configure/Makefile, one ISA at a time — instead of through migcc's
//! portable IR. Each musl build is cached under
//! `<cache_root>/ref-musl-<isa>-<key>/` where `key` hashes every input that can
//! change the result, so a clang upgrade or a flag change rebuilds it.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::tools::{self, MissingTool, Tool};
use crate::{musl_source, Isa, MUSL_DEBIAN_VERSION};

/// Bumped whenever the build recipe below changes in a way the key can't see.
const RECIPE_REVISION: &str = "1";

const MAKE: Tool = Tool { command: "make", package: "make", env_override: None };

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    MissingTool(#[from] MissingTool),
    /// Locating libgcc.a or downloading musl's source failed.
    #[error(transparent)]
    Sysroot(#[from] crate::Error),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("`{tool}` failed ({status}):\n{stderr}")]
    ToolFailed { tool: String, status: ExitStatus, stderr: String },
    #[error("building the reference musl for {isa} failed in `{step}` ({status}); last lines of {log}:\n{tail}")]
    MuslBuild { isa: Isa, step: &'static str, status: ExitStatus, log: PathBuf, tail: String },
    #[error("reference clang failed to build {out} for {isa} ({status}):\n{stderr}")]
    Compile { isa: Isa, out: PathBuf, status: ExitStatus, stderr: String },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// Code-generation flags every object of `isa` is built with, musl and user
/// code alike, so the whole static executable agrees on the ABI (for riscv64:
/// rv64gc/lp64d, and linker relaxation off as in migcc).
fn target_flags(isa: Isa) -> Vec<String> {
    let mut flags = vec![format!("--target={}", isa.triple())];
    flags.extend(isa.native_clang_flags().iter().map(|f| f.to_string()));
    flags
}

/// clang with a natively built musl for one ISA.
#[derive(Clone, Debug)]
pub struct ReferenceToolchain {
    isa: Isa,
    clang: PathBuf,
    lld: PathBuf,
    /// Installed musl: `include/` and `lib/` (crt1.o, crti.o, crtn.o, libc.a).
    musl: PathBuf,
    libgcc: PathBuf,
}

impl ReferenceToolchain {
    /// Returns the reference toolchain for `isa`, building its musl first if
    /// no cached build matches the current inputs. Safe to call concurrently
    /// from several processes: builds are serialised by a lock file and
    /// published with an atomic rename.
    pub fn ensure(cache_root: &Path, isa: Isa) -> Result<Self, Error> {
        let clang = tools::CLANG.find()?;
        let lld = tools::LLD.find()?;
        let libgcc = crate::libgcc(isa)?;
        let clang_version = stdout_of(Command::new(&clang).arg("--version"))?;

        let flags = target_flags(isa).join(" ");
        let key = cache_key(&[RECIPE_REVISION, MUSL_DEBIAN_VERSION, &clang_version, &flags]);
        let musl = cache_root.join(format!("ref-musl-{isa}-{key}"));
        let toolchain = ReferenceToolchain { isa, clang, lld, musl, libgcc };
        if toolchain.is_complete() {
            return Ok(toolchain);
        }

        fs::create_dir_all(cache_root).map_err(io_err(cache_root))?;
        // One lock for all reference builds: building them one at a time keeps
        // a 2-core machine responsive, and each is needed only once.
        let _guard = lock(&cache_root.join("ref-musl.lock"))?;
        if !toolchain.is_complete() {
            // Debian's musl source package carries no patches: this is
            // pristine upstream musl.
            let src = musl_source::fetch(&cache_root.join("ref-musl-src"), MUSL_DEBIAN_VERSION)?;
            build_musl(&toolchain, &src)?;
        }
        Ok(toolchain)
    }

    pub fn isa(&self) -> Isa {
        self.isa
    }

    fn is_complete(&self) -> bool {
        self.musl.join("lib/libc.a").is_file()
    }

    /// Compiles and links `sources` into the static executable `out` with
    /// clang and ld.lld against the cached musl and the ISA's libgcc.a.
    /// `opt_flags` come after the default `-O2`, so they can override it and
    /// add anything else (`-D...`, `-fwrapv`, `-w`...).
    pub fn compile_and_link(&self, sources: &[PathBuf], out: &Path, opt_flags: &[String]) -> Result<(), Error> {
        let lib = self.musl.join("lib");
        let mut cmd = Command::new(&self.clang);
        cmd.args(target_flags(self.isa))
            .args(["-O2", "-static"])
            .arg(format!("--ld-path={}", self.lld.display()))
            // musl's headers replace the host's; clang's own resource headers
            // (stdatomic.h, intrinsics) stay reachable behind them.
            .arg("-nostdlibinc")
            .arg("-isystem")
            .arg(self.musl.join("include"))
            // Name the startup files and libraries explicitly: clang's musl
            // driver would otherwise look for crtbegin.o and compiler-rt.
            .arg("-nostdlib")
            .args(opt_flags)
            .arg(lib.join("crt1.o"))
            .arg(lib.join("crti.o"))
            .args(sources)
            .arg(lib.join("libc.a"))
            .arg(&self.libgcc)
            // libgcc's helpers may themselves call libc (abort, __getauxval).
            .arg(lib.join("libc.a"))
            .arg(lib.join("crtn.o"))
            .arg("-o")
            .arg(out);
        let result = cmd.output().map_err(io_err(&self.clang))?;
        if !result.status.success() {
            return Err(Error::Compile {
                isa: self.isa,
                out: out.to_path_buf(),
                status: result.status,
                stderr: String::from_utf8_lossy(&result.stderr).into_owned(),
            });
        }
        Ok(())
    }
}

/// Runs `cmd` to completion; a non-zero exit is an error. Returns stdout.
fn stdout_of(cmd: &mut Command) -> Result<String, Error> {
    let tool = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd.output().map_err(io_err(Path::new(&tool)))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        return Err(Error::ToolFailed { tool, status: out.status, stderr });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn cache_key(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Holds an exclusive advisory lock on a file until dropped (the OS releases
/// it when the file is closed, even if the holder crashes).
struct LockGuard {
    _file: File,
}

fn lock(path: &Path) -> Result<LockGuard, Error> {
    let file = File::options().create(true).truncate(false).write(true).open(path).map_err(io_err(path))?;
    file.lock().map_err(io_err(path))?;
    Ok(LockGuard { _file: file })
}

fn remove_dir_if_exists(dir: &Path) -> Result<(), Error> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::Io { path: dir.to_path_buf(), source: e }),
        _ => Ok(()),
    }
}

/// Configures, builds and installs musl out of tree (`src` stays pristine and
/// shared) in a staging directory next to the toolchain's musl directory,
/// then renames the installation into place. The caller holds the lock.
fn build_musl(toolchain: &ReferenceToolchain, src: &Path) -> Result<(), Error> {
    let isa = toolchain.isa;
    let tmp = toolchain.musl.with_extension("partial");
    remove_dir_if_exists(&tmp)?;
    let build = tmp.join("build");
    let install = tmp.join("install");
    fs::create_dir_all(&build).map_err(io_err(&build))?;
    let log_path = tmp.join("build.log");
    let log = File::create(&log_path).map_err(io_err(&log_path))?;

    let make = MAKE.find()?;
    let cc = format!("{} {}", toolchain.clang.display(), target_flags(isa).join(" "));
    let jobs = thread::available_parallelism().map_or(2, |n| n.get());
    let mut configure = Command::new(src.join("configure"));
    // musl's default optimisation (-Os, -O3 for string/malloc/internal);
    // static only, since the reference links fully static executables.
    configure
        .args(["--prefix=/", "--disable-shared"])
        .env("CC", &cc)
        .env("AR", tools::LLVM_AR.find()?)
        .env("RANLIB", tools::LLVM_RANLIB.find()?);
    let mut compile = Command::new(&make);
    compile.arg(format!("-j{jobs}"));
    let mut install_cmd = Command::new(&make);
    install_cmd.arg("install").arg(format!("DESTDIR={}", install.display()));

    for (step, mut cmd) in [("configure", configure), ("make", compile), ("make install", install_cmd)] {
        let log_out = log.try_clone().map_err(io_err(&log_path))?;
        let log_err = log.try_clone().map_err(io_err(&log_path))?;
        let status = cmd.current_dir(&build).stdout(log_out).stderr(log_err).status().map_err(io_err(&build))?;
        if !status.success() {
            let text = fs::read_to_string(&log_path).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            let tail = lines[lines.len().saturating_sub(30)..].join("\n");
            return Err(Error::MuslBuild { isa, step, status, log: log_path, tail });
        }
    }
    fs::rename(&install, &toolchain.musl).map_err(io_err(&toolchain.musl))?;
    // Only build products are left in the staging directory; failing to
    // remove it wastes disk space but does not affect the result.
    let _ = fs::remove_dir_all(&tmp);
    Ok(())
}

/// A command that runs `exe`, built for `isa`: directly when the host is that
/// ISA, otherwise under qemu user-mode emulation.
pub fn run_command(isa: Isa, exe: &Path) -> Result<Command, MissingTool> {
    if Isa::host() == Some(isa) {
        return Ok(Command::new(exe));
    }
    let qemu = match isa {
        Isa::Aarch64 => tools::QEMU_AARCH64,
        Isa::Riscv64 => tools::QEMU_RISCV64,
        Isa::X86_64 => Tool { command: "qemu-x86_64", package: "qemu-user", env_override: None },
    };
    let mut cmd = Command::new(qemu.find()?);
    cmd.arg(exe);
    Ok(cmd)
}

/// What a program did when run with [`run_with_timeout`].
#[derive(Debug)]
pub struct RunOutcome {
    /// `None` when the program was killed for exceeding the timeout.
    pub status: Option<ExitStatus>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
}

/// Runs `cmd` with its output captured and no stdin, killing it after `timeout`.
pub fn run_with_timeout(cmd: &mut Command, timeout: Duration) -> io::Result<RunOutcome> {
    let mut child = spawn(cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()))?;
    let start = Instant::now();
    // Drain both pipes on threads so a chatty child can't block on a full
    // pipe while we wait for it.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_until(&mut child, start + timeout)?;
    let elapsed = start.elapsed();
    Ok(RunOutcome { status, stdout: join(stdout), stderr: join(stderr), elapsed })
}

/// `cmd.spawn()`, tried again while exec answers ETXTBSY.
///
/// A multi-threaded process that writes an executable and then runs it
/// races its own other threads: one that forks while the file is still
/// open for writing leaves a child holding that descriptor until the child
/// execs, and exec of the file fails meanwhile (rust-lang/rust#114554).
/// The window lasts only until that child's exec, so waiting outlasts it.
pub fn spawn(cmd: &mut Command) -> io::Result<Child> {
    let mut nap = Duration::from_millis(1);
    loop {
        match cmd.spawn() {
            Err(e) if e.kind() == io::ErrorKind::ExecutableFileBusy && nap < Duration::from_secs(2) => {
                thread::sleep(nap);
                nap *= 2;
            }
            spawned => return spawned,
        }
    }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut buf);
        }
        buf
    })
}

fn join(handle: thread::JoinHandle<Vec<u8>>) -> Vec<u8> {
    handle.join().unwrap_or_default()
}

fn wait_until(child: &mut Child, deadline: Instant) -> io::Result<Option<ExitStatus>> {
    let mut nap = Duration::from_micros(100);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            child.kill()?;
            child.wait()?;
            return Ok(None);
        }
        thread::sleep(nap);
        // Short naps at first, capped at 2 ms: the measured run time of a
        // benchmark is then off by at most ~1%, at negligible CPU cost.
        nap = (nap * 2).min(Duration::from_millis(2));
    }
}
