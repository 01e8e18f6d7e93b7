//! Live migration, end to end (`harness = false`, libtest-mimic).
//!
//! For each `tests/migrate/NAME.c` (directives as in tests/c: `args`,
//! `env`, `cflags`, `link`), built once with `-fmigratable`:
//! * `NAME::reference`: the x86_64 build runs unmigrated: the reference
//!   stdout and exit status; it must end by itself (a program that checks
//!   itself aborts when a check fails).
//! * `NAME::selftest::ISA`: with `MIGCC_SELFTEST_EVERY=doubling` the
//!   runtime unwinds the whole stack into frame records and rewinds it,
//!   again and again, on one ISA: same output, and it must have unwound.
//! * `NAME::FROM-TO` for every ordered pair of ISAs:
//!   `migcc run --isa FROM --migrate-to TO --after 100ms` (or the file's
//!   `migrate-after`; halved while the run ends before the timer fires):
//!   same output and status as the reference, and the report must show
//!   the hop; stderr
//!   must hold each `stderr-on-hop` text (a program blocked in a system
//!   call prints where the call began and where it returned).
//!
//! Programs reading stdin get it paced (`stdin-pace`) on every run; a
//! server (`connect`) gets a connection on every run, in a migrated run
//! once the report shows the hop, and its reply must be the reference's.
//! * `NAME::round_robin` (compute_heap only): `--every` through all three
//!   ISAs, at least 10 hops.
//!
//! And for each `tests/c/NAME.c` (the end-to-end programs), built once with
//! `-O2 -fmigratable`, with deterministic triggers:
//! * `c::NAME::points`: the x86_64 build runs unmigrated, counting its
//!   migration points (`MIGCC_COUNT_POINTS`); stdout and status must equal
//!   a `musl-gcc -O2 -static` build's.
//! * `c::NAME::FROM-TO` for every ordered pair: `--at-point P`, where the
//!   six pairs take six different points spread over the run (1/7, 2/7, ...
//!   of the count): a sample of the pair × point matrix in which every pair
//!   and at least three points occur. Where the program's state refuses a
//!   checkpoint from P to its end (children alive, a pipe open), P/2, P/4,
//!   ... are tried until one moves it.
//! * `c::NAME::round_robin`: `--every-points` through all three ISAs, so
//!   that the run makes at least 10 hops (as many as it has points, if
//!   fewer).
//!
//! A run that migrated fails unless its output equals the unmigrated run's;
//! a run that should have migrated and did not fails too.

// Shared with tests/c_programs.rs, which uses all of them.
#[allow(dead_code)]
#[path = "harness/directives.rs"]
mod directives;
#[allow(dead_code)]
#[path = "harness/exec.rs"]
mod exec;
#[path = "harness/hops.rs"]
mod hops;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use directives::Directives;
use exec::Output;
use libtest_mimic::{Arguments, Failed, Trial};
use migcc_llvm_pass::migration_control_env as control_env;

const ISAS: [&str; 3] = ["x86_64", "aarch64", "riscv64"];
const MIGCC: &str = env!("CARGO_BIN_EXE_migcc");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const TIMEOUT: Duration = Duration::from_secs(300);
/// How long a test client waits for a hop and for the server's port.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);

/// The test's client of a server, running: the reply, when it is done.
type Client = JoinHandle<Result<Vec<u8>, String>>;

/// One run: the process's output, and a server's reply to the test's client.
#[derive(Clone)]
struct Run {
    out: Output,
    reply: Option<Vec<u8>>,
}
/// One program: its directives, and its build (made once, by the first
/// trial that needs it).
struct Program {
    name: String,
    src: PathBuf,
    directives: Directives,
    /// tests/c programs take their reference from musl-gcc; tests/migrate
    /// programs from their own unmigrated run.
    reference_from_gcc: bool,
    dir: tempfile::TempDir,
    built: OnceLock<Result<PathBuf, String>>,
    reference: OnceLock<Result<Run, String>>,
    points: OnceLock<Result<u64, String>>,
}

impl Program {
    /// The program in `src`, with its directives and a scratch directory;
    /// built and run later, by the first trial that needs it.
    fn load(src: PathBuf, reference_from_gcc: bool) -> Arc<Program> {
        let name = src.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&src).expect("readable test");
        let directives = directives::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        let kind = if reference_from_gcc { "c-" } else { "" };
        let dir = tempfile::Builder::new().prefix(&format!("migcc-migrate-{kind}{name}-")).tempdir().expect("tempdir");
        Arc::new(Program {
            name,
            src,
            directives,
            reference_from_gcc,
            dir,
            built: OnceLock::new(),
            reference: OnceLock::new(),
            points: OnceLock::new(),
        })
    }

    fn exe(&self) -> Result<PathBuf, Failed> {
        self.built
            .get_or_init(|| {
                let exe = self.dir.path().join(&self.name);
                let mut cc = Command::new(MIGCC);
                cc.arg("-O2").arg("-fmigratable").args(&self.directives.cflags);
                cc.arg("-o").arg(&exe).arg(&self.src).args(&self.directives.link);
                let out = exec::run(cc, b"", TIMEOUT).map_err(|e| e.to_string())?;
                if !out.success() {
                    return Err(format!("migcc -fmigratable failed:\n{}", out.stderr_lossy()));
                }
                Ok(exe)
            })
            .clone()
            .map_err(Failed::from)
    }

    /// `migcc PRE... OUT ARGS...` in a fresh working directory, with the
    /// file's arguments (or `args`) and environment (and nothing else but
    /// PATH).
    fn command(&self, pre: &[&str], label: &str, args: Option<&[String]>) -> Result<Command, Failed> {
        let mut cmd = Command::new(MIGCC);
        cmd.args(pre).arg(self.exe()?);
        self.prepare(cmd, label, args).map_err(Failed::from)
    }

    fn prepare(&self, mut cmd: Command, label: &str, args: Option<&[String]>) -> Result<Command, String> {
        let cwd = self.dir.path().join(format!("run-{label}"));
        std::fs::create_dir_all(&cwd).map_err(|e| format!("cannot create {}: {e}", cwd.display()))?;
        cmd.args(args.unwrap_or(&self.directives.args)).current_dir(&cwd).env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        for (k, v) in &self.directives.env {
            cmd.env(k, v);
        }
        Ok(cmd)
    }

    fn reference(&self) -> Result<Run, Failed> {
        self.reference
            .get_or_init(|| {
                let cmd = if self.reference_from_gcc {
                    self.gcc_build()?
                } else {
                    self.command(&["run", "--isa", "x86_64"], "reference", None).map_err(|e| format!("{e:?}"))?
                };
                self.execute(cmd, None)
            })
            .clone()
            .map_err(Failed::from)
    }

    /// `musl-gcc -O2 -static`, and the command that runs its build like
    /// the others.
    fn gcc_build(&self) -> Result<Command, String> {
        let musl_gcc = exec::require_tool(&["musl-gcc"], "musl-tools")?;
        let exe = self.dir.path().join(format!("{}.gcc", self.name));
        let mut cc = Command::new(musl_gcc);
        cc.arg("-O2").args(&self.directives.cflags).arg("-static").arg("-o").arg(&exe).arg(&self.src);
        cc.args(&self.directives.link);
        let out = exec::run(cc, b"", TIMEOUT)?;
        if !out.success() {
            return Err(format!("reference build (musl-gcc) failed:\n{}", out.stderr_lossy()));
        }
        self.prepare(Command::new(exe), "reference", None)
    }

    /// The number of migration points an unmigrated x86_64 run passes
    /// (`MIGCC_COUNT_POINTS`); the run must match the reference.
    fn points(&self) -> Result<u64, Failed> {
        self.points
            .get_or_init(|| {
                let counter = self.dir.path().join("points");
                let counter_arg = counter.to_string_lossy().into_owned();
                self.same_as_reference(
                    &["run", "--isa", "x86_64"],
                    "points",
                    &[(control_env::COUNT_POINTS, &counter_arg)],
                    None,
                )
                .map_err(|e| format!("{e:?}"))?;
                hops::points_counted(&counter)
            })
            .clone()
            .map_err(Failed::from)
    }

    /// Runs `cmd` with the program's stdin, paced if it says so, and, for
    /// a server, the test's client (after the first hop `report` lists).
    fn execute(&self, cmd: Command, report: Option<PathBuf>) -> Result<Run, String> {
        let pace = self.directives.stdin_pace_ms.map(Duration::from_millis);
        let client: Arc<Mutex<Option<Client>>> = Arc::default();
        let (slot, text) = (client.clone(), self.directives.connect.clone());
        let out = exec::run_with(cmd, &self.directives.stdin, pace, TIMEOUT, move |line| {
            let port = line.strip_prefix("listening on port ").and_then(|p| p.trim().parse::<u16>().ok());
            let mut slot = slot.lock().expect("client slot");
            if let (Some(text), Some(port), None) = (&text, port, slot.as_ref()) {
                let (text, report) = (text.clone(), report.clone());
                *slot = Some(thread::spawn(move || connect(port, report.as_deref(), &text)));
            }
        })?;
        let reply = match (&self.directives.connect, client.lock().expect("client slot").take()) {
            (None, _) => None,
            (Some(_), None) => {
                return Err(format!(
                    "the server never printed `listening on port N` on stderr:\n{}",
                    out.stderr_lossy()
                ))
            }
            (Some(_), Some(handle)) => Some(handle.join().map_err(|_| "the test's client panicked".to_string())??),
        };
        Ok(Run { out, reply })
    }

    /// Runs `pre` and compares stdout and status with the reference.
    fn same_as_reference(
        &self,
        pre: &[&str],
        label: &str,
        env: &[(&str, &str)],
        report: Option<PathBuf>,
    ) -> Result<Output, Failed> {
        self.same_as(&self.reference()?, pre, label, env, None, report)
    }

    /// Runs `pre` (with `args` if given) and compares with `want`.
    fn same_as(
        &self,
        want: &Run,
        pre: &[&str],
        label: &str,
        env: &[(&str, &str)],
        args: Option<&[String]>,
        report: Option<PathBuf>,
    ) -> Result<Output, Failed> {
        let mut cmd = self.command(pre, label, args)?;
        for (k, v) in env {
            cmd.env(k, v);
        }
        let got = self.execute(cmd, report)?;
        compare(want, got, label)
    }
}

/// `got` must be `want`: the same stdout, status and server reply.
fn compare(want: &Run, got: Run, label: &str) -> Result<Output, Failed> {
    let Run { out: got, reply } = got;
    if reply != want.reply {
        return Err(format!(
            "{label}: the server's reply differs from the unmigrated run's\n  reference: {:?}\n  got: {:?}\n  stderr:\n{}",
            want.reply.as_deref().map(String::from_utf8_lossy),
            reply.as_deref().map(String::from_utf8_lossy),
            got.stderr_lossy()
        )
        .into());
    }
    let want = &want.out;
    if got.stdout != want.stdout || got.status != want.status {
        return Err(format!(
            "{label}: differs from the unmigrated run\n  status: reference {}, got {}\n  stdout (reference):\n{}\n  stdout (got):\n{}\n  stderr:\n{}",
            want.status,
            got.status,
            String::from_utf8_lossy(&want.stdout),
            String::from_utf8_lossy(&got.stdout),
            got.stderr_lossy()
        )
        .into());
    }
    Ok(got)
}

/// The test's client of a server listening on `port`: once `report` (if
/// given) lists a hop, connects (again while the restored server is not
/// listening yet), sends `text`, and returns the reply.
fn connect(port: u16, report: Option<&Path>, text: &[u8]) -> Result<Vec<u8>, String> {
    let deadline = Instant::now() + CLIENT_TIMEOUT;
    if let Some(report) = report {
        while !report.is_file() || hops(report).map_err(|e| format!("{e:?}"))?.is_empty() {
            if Instant::now() > deadline {
                return Err(format!("no hop in {} after {CLIENT_TIMEOUT:?}", report.display()));
            }
            thread::sleep(Duration::from_millis(10));
        }
    }
    let mut stream = loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(stream) => break stream,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused && Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(10))
            }
            Err(e) => return Err(format!("cannot connect to 127.0.0.1:{port}: {e}")),
        }
    };
    let mut reply = Vec::new();
    stream
        .write_all(text)
        .and_then(|()| stream.shutdown(std::net::Shutdown::Write))
        .and_then(|()| stream.read_to_end(&mut reply))
        .map_err(|e| format!("talking to 127.0.0.1:{port}: {e}"))?;
    Ok(reply)
}

/// What a migrated run from `from` to `to` must print on stderr: the
/// `stderr-on-hop` texts with `{from}` and `{to}` filled in; the missing ones.
fn missing_on_hop(texts: &[String], from: &str, to: &str, stderr: &str) -> Vec<String> {
    texts
        .iter()
        .map(|t| t.replace("{from}", from).replace("{to}", to))
        .filter(|t| !stderr.contains(t.as_str()))
        .collect()
}

/// The hops a `--report` file lists, as (from, to).
fn hops(report: &Path) -> Result<Vec<(String, String)>, Failed> {
    hops::hops(report).map_err(Failed::from)
}

/// The point at which pair number `i` (of six) migrates: spread over the
/// run, so that the pairs together sample six different moments.
fn point_for_pair(points: u64, i: u64) -> u64 {
    (points * (i + 1) / 7).max(1)
}

/// Runs `pre` (a `migcc run --migrate-to ...` command with `--report`)
/// against the reference and returns the hops of its report.
fn migrated_run(p: &Program, pre: &[&str], label: &str) -> Result<(Vec<(String, String)>, Output), Failed> {
    let report = p.dir.path().join(format!("{label}.json"));
    let mut pre: Vec<&str> = pre.to_vec();
    let report_arg = report.to_string_lossy().into_owned();
    pre.extend(["--report", &report_arg]);
    let got = p.same_as_reference(&pre, label, &[], Some(report.clone()))?;
    Ok((hops(&report)?, got))
}

/// What starts a one-hop migration: the N-th migration point, or N
/// milliseconds of run time.
#[derive(Clone, Copy)]
enum Trigger {
    AtPoint,
    AfterMs,
}

impl Trigger {
    /// The `migcc run` flag and its argument for `n`.
    fn flag(self, n: u64) -> (&'static str, String) {
        match self {
            Trigger::AtPoint => ("--at-point", n.to_string()),
            Trigger::AfterMs => ("--after", format!("{n}ms")),
        }
    }
}

/// Migrates one run from `from` to `to` when `trigger` fires at `n`; a run
/// that ends without a hop is tried again at n/2, n/4, ... down to 1. With
/// a timer, only a run that ended before the request could matter (in
/// under 2n ms): one that ran on and never moved did not honour it. The
/// run that hopped must equal the reference and list exactly that hop;
/// returns its label and output.
fn one_hop_halving(
    q: &Program,
    from: &str,
    to: &str,
    trigger: Trigger,
    mut n: u64,
) -> Result<(String, Output), Failed> {
    loop {
        let (flag, value) = trigger.flag(n);
        let label = format!("{from}-{to}-{}-{value}", flag.trim_start_matches('-'));
        let report = q.dir.path().join(format!("{label}.json"));
        let report_arg = report.to_string_lossy().into_owned();
        let pre = ["run", "--isa", from, "--migrate-to", to, flag, &value, "--report", &report_arg];
        let started = Instant::now();
        let got = q.execute(q.command(&pre, &label, None)?, Some(report.clone()))?;
        let ran = started.elapsed();
        let hops = if report.is_file() { hops(&report)? } else { Vec::new() };
        let ended_early = match trigger {
            Trigger::AtPoint => true,
            Trigger::AfterMs => ran < Duration::from_millis(2 * n),
        };
        if hops.is_empty() && n > 1 && ended_early {
            n /= 2;
            continue;
        }
        let got = compare(&q.reference()?, got, &label)?;
        expect_one_hop(&label, &hops, from, to)?;
        return Ok((label, got));
    }
}

/// One hop from `from` to `to`, as the report must list it.
fn expect_one_hop(label: &str, hops: &[(String, String)], from: &str, to: &str) -> Result<(), Failed> {
    if hops != [(from.to_string(), to.to_string())] {
        return Err(format!("{label}: expected one hop {from} -> {to}, the report says {hops:?}").into());
    }
    Ok(())
}

/// The trials of one tests/c program (see the module comment).
fn c_program_trials(p: &Arc<Program>, trials: &mut Vec<Trial>) {
    let name = &p.name;
    let q = p.clone();
    trials.push(Trial::test(format!("c::{name}::points"), move || q.points().map(|_| ())));
    let pairs = ISAS.iter().flat_map(|&from| ISAS.iter().filter(move |&&to| to != from).map(move |&to| (from, to)));
    for (i, (from, to)) in pairs.enumerate() {
        let q = p.clone();
        trials.push(Trial::test(format!("c::{name}::{from}-{to}"), move || {
            let points = q.points()?;
            if points == 0 {
                return Err("the program passes no migration point: it cannot migrate".into());
            }
            // A checkpoint the program's state refuses (children alive, a
            // pipe open) is retried a little later; a program in that state
            // until its end never moves, so earlier points are tried too.
            one_hop_halving(&q, from, to, Trigger::AtPoint, point_for_pair(points, i as u64)).map(|_| ())
        }));
    }
    let q = p.clone();
    trials.push(Trial::test(format!("c::{name}::round_robin"), move || {
        let points = q.points()?;
        let wanted = points.min(10) as usize;
        // Each process counts from its own start (or resume): a hop every
        // points/20 gives up to 19 hops. A program that spends much of its
        // run where no checkpoint can be taken (children alive, a pipe
        // open: the runtime retries 4 points later) gets a second run
        // with hops ten times as frequent. Every run must give the
        // reference's output.
        let mut last = String::new();
        for divisor in [20, 200] {
            let every = (points / divisor).max(1);
            let label = format!("round-robin-every-{every}");
            let every = every.to_string();
            let pre = ["run", "--isa", "x86_64", "--migrate-to", "aarch64,riscv64,x86_64", "--every-points", &every];
            let (hops, _) = migrated_run(&q, &pre, &label)?;
            if hops.len() >= wanted {
                return Ok(());
            }
            last = format!("{label}: {} hops over {points} points, wanted at least {wanted}: {hops:?}", hops.len());
        }
        Err(last.into())
    }));
}

/// The self-test's report: at least one unwind.
fn selftest_unwound(stderr: &str) -> Result<(), String> {
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix("migcc: self-test: "))
        .ok_or_else(|| format!("no self-test report on stderr:\n{stderr}"))?;
    match line.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()) {
        Some(0) => Err(format!("the stack never unwound ({line})")),
        Some(_) => Ok(()),
        None => Err(format!("unreadable self-test report: {line}")),
    }
}

/// The C files of a test directory, sorted.
fn c_sources(dir: &str) -> Vec<PathBuf> {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    sources.sort();
    sources
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = vec![Trial::test("harness::selftest_report_must_show_an_unwind", || {
        for (stderr, ok) in [
            ("migcc: self-test: 3 unwinds and rewinds, 0 refused (threads)\n", true),
            ("migcc: self-test: 0 unwinds and rewinds, 0 refused (threads)\n", false),
            ("no report\n", false),
        ] {
            if selftest_unwound(stderr).is_ok() != ok {
                return Err(format!("selftest_unwound({stderr:?}) should be {ok}").into());
            }
        }
        Ok(())
    })];
    trials.push(Trial::test("harness::stderr_on_hop_must_name_both_isas", || {
        let texts = ["read: blocked on {from}, returned on {to}".to_string()];
        let moved = "read: blocked on x86_64, returned on riscv64\n";
        for (from, to, stderr, ok) in [
            ("x86_64", "riscv64", moved, true),
            ("x86_64", "aarch64", moved, false),
            ("aarch64", "riscv64", moved, false),
            ("x86_64", "riscv64", "", false),
        ] {
            if missing_on_hop(&texts, from, to, stderr).is_empty() != ok {
                return Err(format!("missing_on_hop({from}, {to}, {stderr:?}) should be {ok}").into());
            }
        }
        Ok(())
    }));
    for src in c_sources("tests/migrate") {
        let p = Program::load(src, false);
        let name = p.name.clone();
        let q = p.clone();
        trials.push(Trial::test(format!("{name}::reference"), move || {
            // Programs that check themselves abort on a failed check.
            let run = q.reference()?;
            if !matches!(run.out.status, exec::Status::Exit(_)) {
                return Err(format!(
                    "the unmigrated run did not end by itself ({}):\n{}",
                    run.out.status,
                    run.out.stderr_lossy()
                )
                .into());
            }
            Ok(())
        }));
        for isa in ISAS {
            let q = p.clone();
            trials.push(Trial::test(format!("{name}::selftest::{isa}"), move || {
                let label = format!("selftest-{isa}");
                let got =
                    q.same_as_reference(&["run", "--isa", isa], &label, &[(control_env::SELFTEST, "doubling")], None)?;
                selftest_unwound(&got.stderr_lossy()).map_err(Failed::from)
            }));
        }
        for from in ISAS {
            for to in ISAS.iter().copied().filter(|&t| t != from) {
                let q = p.clone();
                trials.push(Trial::test(format!("{name}::{from}-{to}"), move || {
                    // A program that ends before the timer fires is run
                    // again with half the delay: machines differ in speed.
                    let after = q.directives.migrate_after_ms.unwrap_or(100);
                    let (label, got) = one_hop_halving(&q, from, to, Trigger::AfterMs, after)?;
                    let stderr = got.stderr_lossy();
                    let missing = missing_on_hop(&q.directives.stderr_on_hop, from, to, &stderr);
                    if !missing.is_empty() {
                        return Err(format!("{label}: stderr lacks {missing:?}; stderr:\n{stderr}").into());
                    }
                    Ok(())
                }));
            }
        }
        if name == "compute_heap" {
            let q = p.clone();
            trials.push(Trial::test(format!("{name}::round_robin"), move || {
                let report = q.dir.path().join("round_robin.json");
                let report_arg = report.to_string_lossy().into_owned();
                let pre = [
                    "run",
                    "--isa",
                    "x86_64",
                    "--migrate-to",
                    "aarch64,riscv64,x86_64",
                    "--every",
                    "150ms",
                    "--report",
                    &report_arg,
                ];
                // Long enough for ten hops, although x86_64 runs natively
                // (and vectorised): a run that ends sooner is tried again,
                // twice as long.
                let mut rounds = 15_000;
                loop {
                    let args = vec![rounds.to_string()];
                    let reference = q.command(&["run", "--isa", "x86_64"], "round-robin-reference", Some(&args))?;
                    let want = Run { out: exec::run(reference, b"", TIMEOUT)?, reply: None };
                    q.same_as(&want, &pre, "round-robin", &[], Some(&args), None)?;
                    let hops = hops(&report)?;
                    if hops.len() >= 10 {
                        return Ok(());
                    }
                    if rounds >= 240_000 {
                        return Err(format!("round robin: {} hops, wanted at least 10: {hops:?}", hops.len()).into());
                    }
                    rounds *= 2;
                }
            }));
        }
    }
    for src in c_sources("tests/c") {
        c_program_trials(&Program::load(src, true), &mut trials);
    }
    libtest_mimic::run(&args, trials).exit();
}
