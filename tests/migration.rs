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
//!   `migcc run --isa FROM --migrate-to TO --after 100ms`: same output and
//!   status as the reference, and the report must show the hop; stderr
//!   must hold each `stderr-on-hop` text (a program blocked in a system
//!   call prints where the call began and where it returned).
//!
//! Programs reading stdin get it paced (`stdin-pace`) on every run; a
//! server (`connect`) gets a connection on every run, in a migrated run
//! once the report shows the hop, and its reply must be the reference's.
//! * `NAME::round_robin` (compute_heap only): `--every` through all three
//!   ISAs, at least 10 hops.
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
    dir: tempfile::TempDir,
    built: OnceLock<Result<PathBuf, String>>,
    reference: OnceLock<Result<Run, String>>,
}

impl Program {
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

    /// A fresh working directory, and the command in it with the file's
    /// arguments (or `args`) and environment (and nothing else but PATH).
    fn command(&self, pre: &[&str], label: &str, args: Option<&[String]>) -> Result<Command, Failed> {
        let cwd = self.dir.path().join(format!("run-{label}"));
        std::fs::create_dir_all(&cwd).map_err(|e| format!("cannot create {}: {e}", cwd.display()))?;
        let mut cmd = Command::new(MIGCC);
        cmd.args(pre).arg(self.exe()?).args(args.unwrap_or(&self.directives.args)).current_dir(&cwd).env_clear();
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
                let cmd = self.command(&["run", "--isa", "x86_64"], "reference", None).map_err(|e| format!("{e:?}"))?;
                self.execute(cmd, None)
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
        let Run { out: got, reply } = self.execute(cmd, report)?;
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
    let text = std::fs::read_to_string(report).map_err(|e| format!("no report at {}: {e}", report.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("bad report: {e}"))?;
    let list = value.as_array().ok_or("the report is not a list")?;
    Ok(list
        .iter()
        .map(|h| (h["from"].as_str().unwrap_or("?").to_string(), h["to"].as_str().unwrap_or("?").to_string()))
        .collect())
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
    let mut sources: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("tests/migrate"))
        .expect("tests/migrate")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    sources.sort();
    for src in sources {
        let name = src.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&src).expect("readable test");
        let directives = directives::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        let dir = tempfile::Builder::new().prefix(&format!("migcc-migrate-{name}-")).tempdir().expect("tempdir");
        let p = Arc::new(Program {
            name: name.clone(),
            src,
            directives,
            dir,
            built: OnceLock::new(),
            reference: OnceLock::new(),
        });
        let q = p.clone();
        trials.push(Trial::test(format!("{name}::reference"), move || {
            // Programs that check themselves abort on a failed check.
            let run = q.reference()?;
            if !matches!(run.out.status, exec::Status::Exit(_)) {
                return Err(format!("the unmigrated run did not end by itself ({}):\n{}", run.out.status, run.out.stderr_lossy()).into());
            }
            Ok(())
        }));
        for isa in ISAS {
            let q = p.clone();
            trials.push(Trial::test(format!("{name}::selftest::{isa}"), move || {
                let label = format!("selftest-{isa}");
                let got = q.same_as_reference(
                    &["run", "--isa", isa],
                    &label,
                    &[("MIGCC_SELFTEST_EVERY", "doubling")],
                    None,
                )?;
                selftest_unwound(&got.stderr_lossy()).map_err(Failed::from)
            }));
        }
        for from in ISAS {
            for to in ISAS.iter().copied().filter(|&t| t != from) {
                let q = p.clone();
                trials.push(Trial::test(format!("{name}::{from}-{to}"), move || {
                    let label = format!("{from}-{to}");
                    let report = q.dir.path().join(format!("{label}.json"));
                    let report_arg = report.to_string_lossy().into_owned();
                    let pre = ["run", "--isa", from, "--migrate-to", to, "--after", "100ms", "--report", &report_arg];
                    let got = q.same_as_reference(&pre, &label, &[], Some(report.clone()))?;
                    let hops = hops(&report)?;
                    if hops != [(from.to_string(), to.to_string())] {
                        return Err(
                            format!("{label}: expected one hop {from} -> {to}, the report says {hops:?}").into()
                        );
                    }
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
                // Long enough for ten hops, although x86_64 runs natively.
                let args = vec!["15000".to_string()];
                let reference = q.command(&["run", "--isa", "x86_64"], "round-robin-reference", Some(&args))?;
                let want = Run { out: exec::run(reference, b"", TIMEOUT)?, reply: None };
                q.same_as(&want, &pre, "round-robin", &[], Some(&args), None)?;
                let hops = hops(&report)?;
                if hops.len() < 10 {
                    return Err(format!("round robin: {} hops, wanted at least 10: {hops:?}", hops.len()).into());
                }
                Ok(())
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
