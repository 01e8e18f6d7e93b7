//! Real programs from Debian's source packages (`harness = false`,
//! libtest-mimic). Each trial unpacks the upstream tarball that `apt-get
//! source` fetches (cached in `target/tmp/debian-sources/`, never
//! committed), builds it unmodified with its own build system and only
//! `CC=migcc`, builds the same source with gcc, and runs the project's own
//! tests on x86_64 natively and on aarch64 and riscv64 under qemu-user
//! (through `migcc run`), comparing what they print with the gcc build's:
//!
//! * `lua` — `make linux` (computed-goto dispatch); Lua 5.4.4's test suite
//!   (`testes/`, from the lupa 2.0 sdist on PyPI, pinned by SHA-256) with
//!   `_U=true`, minus one check musl itself fails (shown by running the
//!   untouched suite on a musl-gcc build).
//! * `sqlite` — `./configure && make sqlite3`; the shell on
//!   `tests/real_programs/sqlite-workload.sql`: output and database bytes.
//! * `zlib` — `./configure && make test`, then `make test` again on each
//!   ISA; `minigzip` output bytes; configure leaves no test files behind.
//! * `bzip2` — `make && make test` on each ISA.
//! * `redis` — `make MALLOC=libc` (every binary); a server on each ISA
//!   answers `tests/real_programs/redis-session.txt` through `redis-cli`,
//!   takes a `redis-benchmark -n 2000`, saves, and `redis-check-rdb` reads
//!   the dump.
//!
//! Running a project's own test target on another ISA: the programs it
//! runs are replaced by scripts that `exec migcc run --isa ISA` the real
//! file, then the target runs again.
//!
//! A missing tool fails the trial with the Debian package to install.
//! `MIGCC_TEST_KEEP=1` keeps the build directories of failing trials.

#[path = "harness/build.rs"]
mod build;
#[allow(dead_code)]
#[path = "harness/exec.rs"]
mod exec;

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use build::{command, render, require, run_raw, step, tail, BuildDir};
use exec::Output;
use libtest_mimic::{Arguments, Failed, Trial};
use migcc_sysroot::debian_source;

const ISAS: [&str; 3] = ["x86_64", "aarch64", "riscv64"];
const MIGCC: &str = env!("CARGO_BIN_EXE_migcc");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const RUN_TIMEOUT: Duration = Duration::from_secs(600);

type TrialResult = Result<(), Failed>;

fn main() {
    let args = Arguments::from_args();
    let trials = vec![
        Trial::test("lua", || in_build_dir("lua", lua_in)),
        Trial::test("sqlite", || in_build_dir("sqlite", sqlite_in)),
        Trial::test("zlib", || in_build_dir("zlib", zlib_in)),
        Trial::test("bzip2", || in_build_dir("bzip2", bzip2_in)),
        Trial::test("redis", || in_build_dir("redis", redis_in)),
    ];
    libtest_mimic::run(&args, trials).exit();
}

/// Runs a trial in a fresh build directory, kept if it fails and
/// `MIGCC_TEST_KEEP=1` is set.
fn in_build_dir(name: &str, trial: fn(&Path) -> TrialResult) -> TrialResult {
    let dir = BuildDir::new(name);
    let result = trial(dir.path());
    dir.finish(result)
}

// ---------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------

/// Serialises the download of Lua's test suite.
static FETCH: Mutex<()> = Mutex::new(());

fn source_cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("debian-sources")
}

/// Unpacks the upstream source of Debian's package `package` into
/// `parent/name` (fetched once with `apt-get source`).
fn unpack(package: &str, parent: &Path, name: &str) -> Result<PathBuf, Failed> {
    let dest = parent.join(name);
    debian_source::unpack(&source_cache(), package, &dest).map_err(|e| e.to_string())?;
    Ok(dest)
}

/// Lua 5.4.4's test suite: the lupa 2.0 sdist on PyPI carries Lua's
/// repository at the v5.4.4 tag, `testes/` included (Debian's lua5.4 source
/// has no tests, and lua.org is not a package registry).
const LUPA_URL: &str = "https://files.pythonhosted.org/packages/5a/c2/\
                        34a30377e96ed0e1042067604b9c9cbb14eb8833583e2668c724c6eafe49/lupa-2.0.tar.gz";
const LUPA_SHA256: &str = "ad3fef486be7adddd349fe9a9c393789061312cf98ebc533b489be34f484cb79";
const LUA_TESTES: &str = "lupa-2.0/third-party/lua54/testes";

fn lua_testes(dest: &Path) -> Result<PathBuf, Failed> {
    let sdist = {
        let _guard = FETCH.lock().unwrap_or_else(|e| e.into_inner());
        let path = source_cache().join("lupa-2.0.tar.gz");
        if sha256(&path)?.as_deref() != Some(LUPA_SHA256) {
            require("curl", "curl")?;
            fs::create_dir_all(source_cache()).map_err(|e| e.to_string())?;
            let partial = path.with_extension("partial");
            let mut cmd = command("curl", &source_cache());
            cmd.args(["--fail", "--silent", "--show-error", "--location", "-o"]).arg(&partial).arg(LUPA_URL);
            step(cmd, &source_cache())?;
            let got = sha256(&partial)?;
            if got.as_deref() != Some(LUPA_SHA256) {
                return Err(format!("{LUPA_URL} has SHA-256 {got:?}, expected {LUPA_SHA256}").into());
            }
            fs::rename(&partial, &path).map_err(|e| e.to_string())?;
        }
        path
    };
    let mut cmd = command("tar", dest);
    cmd.arg("xzf").arg(&sdist).arg(LUA_TESTES);
    step(cmd, dest)?;
    Ok(dest.join(LUA_TESTES))
}

fn sha256(path: &Path) -> Result<Option<String>, Failed> {
    if !path.is_file() {
        return Ok(None);
    }
    let mut cmd = command(require("sha256sum", "coreutils")?, Path::new("/"));
    cmd.arg(path);
    let out = step(cmd, Path::new("/"))?;
    Ok(String::from_utf8_lossy(&out.stdout).split_whitespace().next().map(String::from))
}

// ---------------------------------------------------------------------------
// Running and comparing
// ---------------------------------------------------------------------------

/// `make` with `args`, in `dir`.
fn make(dir: &Path, args: &[&str]) -> Result<Output, Failed> {
    let mut cmd = command(require("make", "make")?, dir);
    cmd.args(args);
    step(cmd, dir)
}

/// A command that runs `isa`'s build of the migcc program `program`.
fn migcc_run(isa: &str, program: &Path, cwd: &Path) -> Command {
    let mut cmd = command(MIGCC, cwd);
    cmd.args(["run", "--isa", isa]).arg(program);
    cmd
}

/// Runs a command that must succeed; returns its stdout.
fn stdout_of(cmd: Command, stdin: &[u8], what: &str) -> Result<String, Failed> {
    let desc = render(&cmd);
    let out = run_raw(cmd, stdin, RUN_TIMEOUT)?;
    if !out.success() {
        return Err(format!(
            "{what}: `{desc}` failed ({})\n--- stdout (last lines) ---\n{}\n--- stderr (last lines) ---\n{}",
            out.status,
            tail(&String::from_utf8_lossy(&out.stdout), 30),
            tail(&out.stderr_lossy(), 30)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn same(what: &str, gcc: &str, migcc: &str) -> TrialResult {
    if gcc == migcc {
        return Ok(());
    }
    let first = gcc.lines().zip(migcc.lines()).position(|(a, b)| a != b).unwrap_or(gcc.lines().count());
    Err(format!(
        "{what} differs from the gcc build's (first at line {}):\n--- gcc ---\n{}\n--- migcc ---\n{}",
        first + 1,
        gcc.lines().skip(first.saturating_sub(3)).take(8).collect::<Vec<_>>().join("\n"),
        migcc.lines().skip(first.saturating_sub(3)).take(8).collect::<Vec<_>>().join("\n"),
    )
    .into())
}

/// Replaces each of `programs` (migcc builds in `dir`) by a script that
/// runs its `isa` build through `migcc run`, so that a project's own test
/// target runs that ISA. The real files move to `dir/.migcc-real/`.
fn run_as(dir: &Path, programs: &[&str], isa: &str) -> TrialResult {
    let real = dir.join(".migcc-real");
    fs::create_dir_all(&real).map_err(|e| e.to_string())?;
    for program in programs {
        let wrapper = dir.join(program);
        let moved = real.join(program);
        if !moved.exists() {
            fs::rename(&wrapper, &moved).map_err(|e| format!("cannot move {}: {e}", wrapper.display()))?;
        }
        let script = format!("#!/bin/sh\nexec '{MIGCC}' run --isa {isa} '{}' \"$@\"\n", moved.display());
        fs::write(&wrapper, script).map_err(|e| e.to_string())?;
        fs::set_permissions(&wrapper, fs::Permissions::from_mode(0o755)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `migcc verify` of a program.
fn verify(program: &Path) -> TrialResult {
    let mut cmd = command(MIGCC, program.parent().unwrap());
    cmd.arg("verify").arg(program);
    let out = stdout_of(cmd, b"", "verify")?;
    if !out.contains("aligned") {
        return Err(format!("migcc verify {}: {out}", program.display()).into());
    }
    Ok(())
}

/// Keeps going after a failed check, reporting them all at the end.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn check(&mut self, result: TrialResult) {
        if let Err(e) = result {
            self.push(e);
        }
    }

    fn push(&mut self, failure: Failed) {
        self.0.push(failure.message().unwrap_or("failed").to_string());
    }

    fn finish(self) -> TrialResult {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0.join("\n\n").into())
        }
    }
}

// ---------------------------------------------------------------------------
// Lua
// ---------------------------------------------------------------------------

/// What musl fails in Lua's test suite, with the edit that skips it.
/// `literals.lua`: musl's `setlocale` accepts any locale name ("pt_BR")
/// but its decimal point stays '.', so the suite's locale checks fail with
/// musl-gcc's build as well (checked below).
const LUA_MUSL_EDIT: (&str, &str, &str) =
    ("literals.lua", "if os.setlocale(\"pt_BR\") or os.setlocale(\"ptb\") then", "if false then");
const LUA_MUSL_FAILURE: &str = "literals.lua:297: assertion failed!";
const LUA_PASSED: &str = "final OK !!!";

fn lua_in(dir: &Path) -> TrialResult {
    let musl_gcc = require("musl-gcc", "musl-tools")?;
    let reference = unpack("lua5.4", dir, "musl-gcc")?;
    make(&reference, &["linux", &format!("CC={} -static -std=gnu99", musl_gcc.display())])?;
    let src = unpack("lua5.4", dir, "migcc")?;
    make(&src, &["linux", &format!("CC={MIGCC}")])?;
    let lua = src.join("src/lua");

    let testes = lua_testes(dir)?;
    let run_suite = |mut cmd: Command, what: &str| -> Result<(bool, String), Failed> {
        cmd.current_dir(&testes).args(["-e_U=true", "all.lua"]);
        let desc = render(&cmd);
        let out = run_raw(cmd, b"", RUN_TIMEOUT)?;
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), out.stderr_lossy());
        let passed = out.success() && text.contains(LUA_PASSED);
        Ok((passed, format!("{what}: `{desc}` ({}):\n{}", out.status, tail(&text, 25))))
    };
    // The untouched suite fails on musl-gcc's build, at the locale check.
    let (passed, report) = run_suite(command(reference.join("src/lua"), &testes), "musl-gcc, untouched suite")?;
    if passed || !report.contains(LUA_MUSL_FAILURE) {
        return Err(format!("expected musl-gcc's Lua to fail with `{LUA_MUSL_FAILURE}`:\n{report}").into());
    }
    let (file, from, to) = LUA_MUSL_EDIT;
    let path = testes.join(file);
    let text = fs::read_to_string(&path).map_err(|e| e.to_string())?;
    if !text.contains(from) {
        return Err(format!("{file} no longer contains `{from}`").into());
    }
    fs::write(&path, text.replace(from, to)).map_err(|e| e.to_string())?;

    let mut problems = Problems::default();
    let (passed, report) = run_suite(command(reference.join("src/lua"), &testes), "musl-gcc")?;
    problems.check(if passed { Ok(()) } else { Err(report.into()) });
    // One ISA at a time: the suite writes files in its directory.
    for isa in ISAS {
        let (passed, report) = run_suite(migcc_run(isa, &lua, &testes), &format!("migcc, {isa}"))?;
        problems.check(if passed { Ok(()) } else { Err(report.into()) });
    }
    problems.check(verify(&lua));
    problems.finish()
}

// ---------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------

/// SQLite's configure adds readline when the build machine has its header
/// (/usr/include/readline), whether or not the compiler's C library has it;
/// migcc's musl has none. Without Tcl, only the library and shell are built.
const SQLITE_CONFIGURE: &[&str] = &["--disable-tcl", "--disable-readline"];

fn sqlite_in(dir: &Path) -> TrialResult {
    require("tclsh", "tcl")?;
    let gcc = unpack("sqlite3", dir, "gcc")?;
    let mut cmd = command(gcc.join("configure"), &gcc);
    cmd.args(SQLITE_CONFIGURE).arg("CC=gcc");
    step(cmd, &gcc)?;
    make(&gcc, &["-j2", "sqlite3"])?;
    let src = unpack("sqlite3", dir, "migcc")?;
    let mut cmd = command(src.join("configure"), &src);
    cmd.args(SQLITE_CONFIGURE).arg(format!("CC={MIGCC}"));
    step(cmd, &src)?;
    make(&src, &["-j2", "sqlite3"])?;

    let workload =
        fs::read(Path::new(ROOT).join("tests/real_programs/sqlite-workload.sql")).map_err(|e| e.to_string())?;
    let run_in = |cmd_for: &dyn Fn(&Path) -> Command, name: &str| -> Result<(String, Vec<u8>), Failed> {
        let cwd = dir.join(format!("run-{name}"));
        fs::create_dir_all(&cwd).map_err(|e| e.to_string())?;
        let mut cmd = cmd_for(&cwd);
        cmd.arg("test.db");
        let out = stdout_of(cmd, &workload, name)?;
        let db = fs::read(cwd.join("test.db")).map_err(|e| e.to_string())?;
        Ok((out, db))
    };
    let (want_out, want_db) = run_in(&|cwd| command(gcc.join("sqlite3"), cwd), "gcc")?;
    if !want_out.contains("\nok\n") {
        return Err(format!("the gcc build's integrity_check did not print ok:\n{want_out}").into());
    }
    let mut problems = Problems::default();
    for isa in ISAS {
        let (out, db) = run_in(&|cwd| migcc_run(isa, &src.join("sqlite3"), cwd), isa)?;
        problems.check(same(&format!("sqlite3's output on {isa}"), &want_out, &out));
        if db != want_db {
            problems.0.push(format!("the database written on {isa} differs from the gcc build's"));
        }
    }
    problems.check(verify(&src.join("sqlite3")));
    problems.finish()
}

// ---------------------------------------------------------------------------
// zlib
// ---------------------------------------------------------------------------

const ZLIB_PROGRAMS: &[&str] = &["example", "minigzip", "example64", "minigzip64"];
const ZLIB_PASSED: [&str; 2] = ["*** zlib test OK ***", "*** zlib 64-bit test OK ***"];

fn zlib_in(dir: &Path) -> TrialResult {
    let gcc = unpack("zlib", dir, "gcc")?;
    step(command(gcc.join("configure"), &gcc), &gcc)?;
    make(&gcc, &["-j2", "all"])?;
    let src = unpack("zlib", dir, "migcc")?;
    let mut cmd = command(src.join("configure"), &src);
    cmd.env("CC", MIGCC);
    step(cmd, &src)?;
    // configure compiles, runs and removes its probes (`ztest$$`): nothing
    // of them may be left.
    let leftovers: Vec<String> = fs::read_dir(&src)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("ztest"))
        .collect();
    if !leftovers.is_empty() {
        return Err(format!("configure left its probes behind: {}", leftovers.join(", ")).into());
    }
    make(&src, &["-j2", "all"])?;

    // minigzip's output for a fixed input, byte for byte.
    let input = fs::read(src.join("zlib.h")).map_err(|e| e.to_string())?;
    let want = run_raw(command(gcc.join("minigzip"), &gcc), &input, RUN_TIMEOUT)?;
    let mut problems = Problems::default();
    for isa in ISAS {
        let out = run_raw(migcc_run(isa, &src.join("minigzip"), &src), &input, RUN_TIMEOUT)?;
        if !out.success() || out.stdout != want.stdout {
            problems.0.push(format!("minigzip on {isa} ({}) compressed zlib.h unlike gcc's build", out.status));
        }
    }
    problems.check(verify(&src.join("example")));
    // `make test`, natively, then on each ISA.
    let example_want = stdout_of(command(gcc.join("example"), &gcc), b"", "gcc's example")?;
    for isa in ISAS {
        if isa != ISAS[0] {
            run_as(&src, ZLIB_PROGRAMS, isa)?;
        }
        let out = make(&src, &["-s", "test"])?;
        let text = String::from_utf8_lossy(&out.stdout);
        for passed in ZLIB_PASSED {
            if !text.contains(passed) {
                problems.0.push(format!("make test on {isa} did not print `{passed}`:\n{}", tail(&text, 20)));
            }
        }
        let example = stdout_of(command(src.join("example"), &src), b"", "example")?;
        problems.check(same(&format!("example on {isa}"), &example_want, &example));
    }
    problems.finish()
}

// ---------------------------------------------------------------------------
// bzip2
// ---------------------------------------------------------------------------

fn bzip2_in(dir: &Path) -> TrialResult {
    let gcc = unpack("bzip2", dir, "gcc")?;
    make(&gcc, &[])?;
    let want = String::from_utf8_lossy(&make(&gcc, &["test"])?.stdout).into_owned();
    let src = unpack("bzip2", dir, "migcc")?;
    make(&src, &[&format!("CC={MIGCC}")])?;
    let mut problems = Problems::default();
    problems.check(verify(&src.join("bzip2")));
    for isa in ISAS {
        if isa != ISAS[0] {
            run_as(&src, &["bzip2"], isa)?;
        }
        // make test compares every output with the shipped samples (cmp).
        let got = String::from_utf8_lossy(&make(&src, &[&format!("CC={MIGCC}"), "test"])?.stdout).into_owned();
        problems.check(same(&format!("make test on {isa}"), &want, &got));
    }
    problems.finish()
}

// ---------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------

const REDIS_BINARIES: &[&str] =
    &["redis-server", "redis-cli", "redis-benchmark", "redis-check-aof", "redis-check-rdb", "redis-sentinel"];
const BENCHMARK_TESTS: &[&str] = &["SET", "GET", "INCR", "LPUSH", "RPOP", "SADD", "HSET", "ZADD"];

/// How one build of Redis answered: the session's replies, the key count
/// after the benchmark, and what redis-check-rdb said of the dump.
#[derive(PartialEq, Debug)]
struct RedisRun {
    session: String,
    dbsize: String,
    rdb_keys: String,
}

fn redis_in(dir: &Path) -> TrialResult {
    let gcc = unpack("redis", dir, "gcc")?;
    make(&gcc, &["-j2", "MALLOC=libc"])?;
    let src = unpack("redis", dir, "migcc")?;
    make(&src, &["-j2", "MALLOC=libc", &format!("CC={MIGCC}")])?;
    let mut problems = Problems::default();
    for binary in REDIS_BINARIES {
        if !src.join("src").join(binary).is_file() {
            problems.0.push(format!("make did not build {binary}"));
        }
    }
    problems.check(verify(&src.join("src/redis-server")));
    problems.check(verify(&src.join("src/redis-benchmark")));

    let session = fs::read(Path::new(ROOT).join("tests/real_programs/redis-session.txt")).map_err(|e| e.to_string())?;
    let gcc_bin = gcc.join("src");
    let want = redis_run(dir, "gcc", &|name| command(gcc_bin.join(name), dir), &session)?;
    let bin = src.join("src");
    for isa in ISAS {
        let got = redis_run(dir, isa, &|name| migcc_run(isa, &bin.join(name), dir), &session);
        match got {
            Ok(got) => {
                problems.check(same(&format!("redis on {isa}"), &want.session, &got.session));
                if (&got.dbsize, &got.rdb_keys) != (&want.dbsize, &want.rdb_keys) {
                    problems.0.push(format!("redis on {isa}: after the benchmark {got:?}, gcc's build {want:?}"));
                }
            }
            Err(e) => problems.0.push(format!("redis on {isa}: {}", e.message().unwrap_or("failed"))),
        }
        let mut cmd = migcc_run(isa, &bin.join("redis-sentinel"), dir);
        cmd.arg("--version");
        match stdout_of(cmd, b"", "redis-sentinel --version") {
            Ok(v) if v.starts_with("Redis server v=7.") => {}
            Ok(v) => problems.0.push(format!("redis-sentinel --version on {isa} printed {v}")),
            Err(e) => problems.push(e),
        }
    }
    problems.finish()
}

/// A server kept running for one `redis_run`, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a server, then runs the session, a benchmark, SAVE and
/// redis-check-rdb against it; `tool(name)` is the command that runs
/// Redis's program `name`.
fn redis_run(dir: &Path, name: &str, tool: &dyn Fn(&str) -> Command, session: &[u8]) -> Result<RedisRun, Failed> {
    let data = dir.join(format!("redis-data-{name}"));
    fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let port = free_port()?.to_string();
    let mut cmd = tool("redis-server");
    cmd.args(["--port", &port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir"]).arg(&data);
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    let _server = Server(cmd.spawn().map_err(|e| format!("cannot start redis-server: {e}"))?);
    wait_for_port(&port)?;

    let cli = |args: &[&str]| {
        let mut cmd = tool("redis-cli");
        cmd.args(["-p", &port]).args(args);
        cmd
    };
    let replies = stdout_of(cli(&[]), session, "redis-cli session")?;
    let mut bench = tool("redis-benchmark");
    bench.args(["-p", &port, "-n", "2000", "-c", "4", "-q", "-t"]).arg(BENCHMARK_TESTS.join(",").to_lowercase());
    let report = stdout_of(bench, b"", "redis-benchmark")?;
    for test in BENCHMARK_TESTS {
        if !report.contains(&format!("\r{test}: ")) || !report.contains("requests per second") {
            return Err(format!("redis-benchmark did not report {test}:\n{report}").into());
        }
    }
    let dbsize = stdout_of(cli(&["DBSIZE"]), b"", "DBSIZE")?;
    stdout_of(cli(&["SAVE"]), b"", "SAVE")?;
    let mut check = tool("redis-check-rdb");
    check.arg(data.join("dump.rdb"));
    let checked = stdout_of(check, b"", "redis-check-rdb")?;
    if !checked.contains("RDB looks OK") {
        return Err(format!("redis-check-rdb:\n{checked}").into());
    }
    let rdb_keys = checked.lines().find(|l| l.contains("keys read")).unwrap_or_default().to_string();
    stdout_of(cli(&["SHUTDOWN", "NOSAVE"]), b"", "SHUTDOWN").ok();
    Ok(RedisRun { session: replies, dbsize, rdb_keys })
}

fn free_port() -> Result<u16, Failed> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

/// Waits until a server listens on `port` (qemu takes a while to start).
fn wait_for_port(port: &str) -> TrialResult {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if TcpStream::connect(format!("127.0.0.1:{port}")).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("nothing listened on port {port} within 120 s").into())
}
