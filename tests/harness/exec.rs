//! Running a child process with stdin bytes, captured output and a timeout.
//!
//! Every child is started in its own process group, so a timeout kills the
//! whole tree (a hung qemu under `migcc run`, a forked grandchild, ...).

use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Exit(i32),
    Signal(i32),
    TimedOut,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Exit(c) => write!(f, "exit code {c}"),
            Status::Signal(s) => write!(f, "killed by signal {s} ({})", signal_name(*s)),
            Status::TimedOut => write!(f, "timed out"),
        }
    }
}

pub fn signal_name(s: i32) -> &'static str {
    match s {
        1 => "SIGHUP",
        2 => "SIGINT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        _ => "?",
    }
}

#[derive(Debug, Clone)]
pub struct Output {
    pub status: Status,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Output {
    pub fn success(&self) -> bool {
        self.status == Status::Exit(0)
    }
    pub fn stderr_lossy(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// Runs `cmd` to completion (or until `timeout`), feeding `stdin`.
pub fn run(cmd: Command, stdin: &[u8], timeout: Duration) -> Result<Output, String> {
    run_with(cmd, stdin, None, timeout, |_| {})
}

/// `run`, feeding stdin a line at a time with `pace` before each line if
/// given, and calling `on_stderr_line` with each line of stderr (without
/// its newline) as it arrives.
pub fn run_with(
    mut cmd: Command,
    stdin: &[u8],
    pace: Option<Duration>,
    timeout: Duration,
    mut on_stderr_line: impl FnMut(&str) + Send + 'static,
) -> Result<Output, String> {
    let desc = format!("{cmd:?}");
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.process_group(0);
    let mut child = migcc_sysroot::reference::spawn(&mut cmd).map_err(|e| format!("cannot start {desc}: {e}"))?;
    let pgid = child.id() as i32;

    let mut child_in = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = thread::spawn(move || {
        // The program may exit without reading its input: EPIPE is fine.
        match pace {
            None => {
                let _ = child_in.write_all(&input);
            }
            Some(pace) => {
                for line in input.split_inclusive(|&b| b == b'\n') {
                    thread::sleep(pace);
                    if child_in.write_all(line).and_then(|()| child_in.flush()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_reader = thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err_reader = thread::spawn(move || {
        let mut v = Vec::new();
        let mut lines = BufReader::new(&mut err_pipe);
        loop {
            let start = v.len();
            match lines.read_until(b'\n', &mut v) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let line = String::from_utf8_lossy(&v[start..]);
                    on_stderr_line(line.trim_end_matches('\n'));
                }
            }
        }
        v
    });

    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Some(st),
            Ok(None) => {}
            Err(e) => return Err(format!("waiting for {desc}: {e}")),
        }
        if start.elapsed() >= timeout {
            kill_group(pgid);
            let _ = child.wait();
            break None;
        }
        // Poll quickly at first (most runs take milliseconds), then back off.
        let waited = start.elapsed().as_millis() as u64;
        thread::sleep(Duration::from_millis((1 + waited / 20).min(20)));
    };
    // Grandchildren that outlive the child and keep the pipes open would block
    // the readers forever: give them a moment, then end the group (ours).
    let grace = Instant::now();
    while !(out_reader.is_finished() && err_reader.is_finished()) {
        if grace.elapsed() > Duration::from_secs(5) {
            kill_group(pgid);
            break;
        }
        thread::sleep(Duration::from_millis(2));
    }
    let _ = writer.join();
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    let status = match status {
        None => Status::TimedOut,
        Some(st) => match (st.code(), st.signal()) {
            (Some(c), _) => Status::Exit(c),
            (None, Some(s)) => Status::Signal(s),
            (None, None) => Status::Exit(-1),
        },
    };
    Ok(Output { status, stdout, stderr })
}

/// Sends SIGKILL to a process group we created (pgid == our child's pid).
fn kill_group(pgid: i32) {
    let _ = Command::new("kill")
        .arg("-KILL")
        .arg("--")
        .arg(format!("-{pgid}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Finds an executable in PATH.
pub fn which(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| {
        use std::os::unix::fs::PermissionsExt;
        p.metadata().map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false)
    })
}

/// A command line for a failure report: shell words, bare when safe,
/// single-quoted otherwise.
/// The first of `names` found in PATH, or a message naming the Debian
/// package that provides it: a test that needs a missing tool fails.
pub fn require_tool(names: &[&str], package: &str) -> Result<std::path::PathBuf, String> {
    names.iter().find_map(|n| which(n)).ok_or_else(|| {
        format!(
            "required tool `{}` not found in PATH: install the Debian package `{package}` \
             (apt-get install {package}, or run scripts/setup.sh)",
            names[0]
        )
    })
}

pub fn shell_words(program: &str, args: &[String]) -> String {
    let mut s = program.to_string();
    for a in args {
        s.push(' ');
        if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_=./,:+@%".contains(c)) {
            s.push_str(a);
        } else {
            s.push('\'');
            s.push_str(&a.replace('\'', "'\\''"));
            s.push('\'');
        }
    }
    s
}

/// At most `max` bytes of `s` (on a character boundary), saying how much was left out.
pub fn clip(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n... ({} more bytes)", &s[..end], s.len() - end)
}

/// Each line of `s`, indented for a failure report.
pub fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}
