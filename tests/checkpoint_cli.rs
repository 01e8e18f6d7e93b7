//! The checkpoint commands end to end, on tests/checkpoint/ticker.c built
//! with -fmigratable: `migcc checkpoint` of a process started plainly
//! (natively, or under qemu-user by hand), `migcc restore` on the other
//! ISAs, `--leave-running`, `migcc migrate`, `migcc inspect --json`, and
//! bad checkpoints, each refused before the program starts.
//!
//! A migrated run must print what an unmigrated run prints: the original
//! process's output up to the checkpoint followed by the restorer's, with
//! the program's own exit status (3).

#[allow(dead_code)]
#[path = "harness/exec.rs"]
mod exec;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use exec::{Output, Status};
use migcc_checkpoint::{abi, layout, Checkpoint};
use migcc_sysroot::{tools, Isa};

const MIGCC: &str = env!("CARGO_BIN_EXE_migcc");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const TIMEOUT: Duration = Duration::from_secs(300);
const PROGRAM_STATUS: Status = Status::Exit(3);
const MIGRATED: Status = Status::Exit(75);

/// Scratch space for the whole test binary.
fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::Builder::new().prefix("migcc-checkpoint-cli-").tempdir().expect("tempdir")).path()
}

/// A fresh directory under the scratch space.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = scratch().join(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

/// Builds tests/checkpoint/ticker.c with -fmigratable (and `extra` flags)
/// into `dir`; returns the program path (the -o name).
fn build(dir: &Path, extra: &[&str]) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    let exe = dir.join("ticker");
    let mut cc = Command::new(MIGCC);
    cc.args(["-O2", "-fmigratable"])
        .args(extra)
        .arg("-o")
        .arg(&exe)
        .arg(Path::new(ROOT).join("tests/checkpoint/ticker.c"));
    let out = exec::run(cc, b"", TIMEOUT).expect("migcc runs");
    assert!(out.success(), "migcc -fmigratable failed:\n{}", out.stderr_lossy());
    exe
}

fn program() -> &'static Path {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| build(&scratch().join("build"), &["-g"]))
}

/// `isa`'s executable of a migcc program: the file itself for x86_64 (its
/// main ISA on this host), else taken out of it as `PROGRAM.<isa>`
/// (written whole under a temporary name: other tests may be running it).
fn isa_exe(program: &Path, isa: &str) -> PathBuf {
    if isa == "x86_64" {
        return program.to_path_buf();
    }
    let isa: Isa = isa.parse().unwrap();
    let exe = program.with_file_name(isa.file_name(program.file_name().unwrap()));
    migcc_linker::bundle::Bundle::read(program).unwrap().extract(isa, &exe).unwrap();
    exe
}

/// The command that runs `isa`'s build directly: natively on x86_64, by
/// hand under qemu-user otherwise (not through migcc).
fn plain_command(program: &Path, isa: &str) -> Command {
    let exe = isa_exe(program, isa);
    match isa {
        "x86_64" => Command::new(exe),
        "aarch64" | "riscv64" => {
            let qemu = if isa == "aarch64" { tools::QEMU_AARCH64 } else { tools::QEMU_RISCV64 };
            let mut cmd = Command::new(qemu.find().expect("qemu-user (scripts/setup.sh installs it)"));
            cmd.arg(exe);
            cmd
        }
        _ => panic!("unknown ISA {isa}"),
    }
}

/// The unmigrated run: output and status.
fn reference() -> &'static Output {
    static R: OnceLock<Output> = OnceLock::new();
    R.get_or_init(|| {
        let mut cmd = plain_command(program(), "x86_64");
        cmd.current_dir(fresh_dir("reference"));
        let out = exec::run(cmd, b"", TIMEOUT).expect("reference run");
        assert_eq!(out.status, PROGRAM_STATUS, "reference run: {}", out.stderr_lossy());
        out
    })
}

/// A process started plainly, seen to be running (it printed `started`).
struct Running {
    child: Child,
    stdout: std::thread::JoinHandle<Vec<u8>>,
}

impl Running {
    fn start(program: &Path, isa: &str, cwd: &Path) -> Running {
        let mut cmd = plain_command(program, isa);
        cmd.current_dir(cwd).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::inherit());
        let mut child = migcc_sysroot::reference::spawn(&mut cmd).expect("start the program");
        let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        reader.read_line(&mut first).expect("read the first line");
        assert_eq!(first, "started\n", "the program did not start");
        let stdout = std::thread::spawn(move || {
            let mut rest = first.into_bytes();
            let _ = reader.read_to_end(&mut rest);
            rest
        });
        Running { child, stdout }
    }

    fn pid(&self) -> String {
        self.child.id().to_string()
    }

    /// Its status and everything it printed.
    fn finish(mut self) -> (Status, Vec<u8>) {
        let status = self.child.wait().expect("wait");
        let status = match status.code() {
            Some(c) => Status::Exit(c),
            None => Status::Signal(std::os::unix::process::ExitStatusExt::signal(&status).unwrap_or(0)),
        };
        (status, self.stdout.join().expect("reader"))
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn migcc(args: &[&str]) -> Output {
    let mut cmd = Command::new(MIGCC);
    cmd.args(args);
    exec::run(cmd, b"", TIMEOUT).expect("migcc runs")
}

fn assert_ok(out: &Output, what: &str) {
    assert!(out.success(), "{what} failed ({}):\n{}", out.status, out.stderr_lossy());
}

/// Checkpoints a plainly started process on `isa`; returns its output up to
/// the checkpoint and the checkpoint directory.
fn checkpoint_plain_run(program: &Path, isa: &str, label: &str) -> (Vec<u8>, PathBuf) {
    let cwd = fresh_dir(&format!("{label}-run"));
    let dir = scratch().join(format!("{label}-checkpoint"));
    let running = Running::start(program, isa, &cwd);
    let out = migcc(&["checkpoint", &running.pid(), "-o", dir.to_str().unwrap()]);
    assert_ok(&out, "migcc checkpoint");
    let (status, before) = running.finish();
    assert_eq!(status, MIGRATED, "the process should have left with the migrated status");
    (before, dir)
}

fn assert_same_as_reference(label: &str, before: &[u8], after: &Output) {
    let want = reference();
    let mut got = before.to_vec();
    got.extend_from_slice(&after.stdout);
    assert_eq!(
        (after.status, String::from_utf8_lossy(&got)),
        (want.status, String::from_utf8_lossy(&want.stdout)),
        "{label}: the migrated run differs from the unmigrated one; stderr:\n{}",
        after.stderr_lossy()
    );
}

#[test]
fn a_plain_native_process_resumes_on_each_other_isa() {
    let (before, dir) = checkpoint_plain_run(program(), "x86_64", "native");
    for isa in ["aarch64", "riscv64"] {
        let after = migcc(&["restore", dir.to_str().unwrap(), "--isa", isa]);
        assert_same_as_reference(&format!("x86_64 -> {isa}"), &before, &after);
    }
}

#[test]
fn a_process_under_qemu_is_found_and_resumes_natively() {
    let (before, dir) = checkpoint_plain_run(program(), "riscv64", "qemu");
    let after = migcc(&["restore", dir.to_str().unwrap(), "--isa", "x86_64"]);
    assert_same_as_reference("riscv64 (qemu) -> x86_64", &before, &after);
}

#[test]
fn leave_running_takes_a_snapshot_and_the_original_goes_on() {
    let cwd = fresh_dir("snapshot-run");
    let dir = scratch().join("snapshot-checkpoint");
    let running = Running::start(program(), "x86_64", &cwd);
    let out = migcc(&["checkpoint", &running.pid(), "--leave-running", "-o", dir.to_str().unwrap()]);
    assert_ok(&out, "migcc checkpoint --leave-running");
    let (status, stdout) = running.finish();
    assert_eq!((status, stdout.as_slice()), (PROGRAM_STATUS, reference().stdout.as_slice()), "the original");
    // The snapshot resumes where it was taken: its output is the rest of
    // the reference's (what the original had not yet printed, or had still
    // buffered, at the snapshot).
    let after = migcc(&["restore", dir.to_str().unwrap(), "--isa", "aarch64"]);
    assert_eq!(after.status, PROGRAM_STATUS, "{}", after.stderr_lossy());
    let want = &reference().stdout;
    assert!(
        after.stdout.len() > "done".len() && want.ends_with(&after.stdout),
        "the snapshot's output is not the rest of the reference's:\n{}",
        String::from_utf8_lossy(&after.stdout)
    );
}

#[test]
fn migrate_moves_a_running_process() {
    let cwd = fresh_dir("migrate-run");
    let running = Running::start(program(), "x86_64", &cwd);
    let after = migcc(&["migrate", &running.pid(), "--to", "riscv64"]);
    let (status, before) = running.finish();
    assert_eq!(status, MIGRATED);
    assert!(after.stderr_lossy().contains("migrated process"), "{}", after.stderr_lossy());
    assert_same_as_reference("migrate x86_64 -> riscv64", &before, &after);
}

/// Threads, child processes, POSIX timers and pipes do not migrate yet:
/// `migcc checkpoint` fails, saying why, and the process runs on to its end.
#[test]
fn a_process_with_a_thread_a_child_a_posix_timer_or_a_pipe_refuses_and_runs_on() {
    let dir = scratch().join("unmovable-build");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let program = dir.join("unmovable");
    let mut cc = Command::new(MIGCC);
    cc.args(["-O2", "-fmigratable", "-o"]).arg(&program).arg(Path::new(ROOT).join("tests/checkpoint/unmovable.c"));
    let built = exec::run(cc, b"", TIMEOUT).expect("migcc runs");
    assert!(built.success(), "{}", built.stderr_lossy());
    for mode in ["thread", "child", "timer", "pipe"] {
        let cwd = fresh_dir(&format!("unmovable-{mode}"));
        let mut cmd = plain_command(&program, "x86_64");
        cmd.arg(mode).current_dir(&cwd).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = migcc_sysroot::reference::spawn(&mut cmd).expect("start the program");
        let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        reader.read_line(&mut first).expect("read the first line");
        assert_eq!(first, "started\n", "{mode}: the program did not start");
        let asked = migcc(&["checkpoint", &child.id().to_string(), "-o", cwd.join("ckpt").to_str().unwrap()]);
        assert!(!asked.success(), "{mode}: the checkpoint was not refused");
        assert!(asked.stderr_lossy().contains("could not write its checkpoint"), "{mode}: {}", asked.stderr_lossy());
        let mut rest = String::new();
        reader.read_to_string(&mut rest).expect("read the rest");
        let mut stderr = String::new();
        child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("read stderr");
        let status = child.wait().expect("wait");
        assert!(status.success(), "{mode}: the process did not run on to its end ({status}); stderr:\n{stderr}");
        assert!(rest.starts_with("done "), "{mode}: {rest}");
        let why = match mode {
            "thread" => "cannot checkpoint now: the program has started threads",
            "child" => "cannot checkpoint now: the program has child processes",
            "timer" => "cannot checkpoint now: the program has POSIX timers",
            _ => "cannot checkpoint descriptor 3 (a pipe)",
        };
        assert!(stderr.contains(&format!("migcc: error: {why}")), "{mode}: {stderr}");
    }
}

/// One good checkpoint, for inspection and for damaging.
fn good_checkpoint() -> &'static (PathBuf, PathBuf) {
    static C: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    C.get_or_init(|| {
        let (_, dir) = checkpoint_plain_run(program(), "x86_64", "good");
        (dir, scratch().join("good-run"))
    })
}

#[test]
fn inspect_json_lists_the_heap_the_open_file_and_the_stack() {
    let (dir, cwd) = good_checkpoint();
    let out = migcc(&["inspect", dir.to_str().unwrap(), "--json"]);
    assert_ok(&out, "migcc inspect --json");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["format_version"], abi::CKPT_VERSION);
    assert_eq!(v["source_isa"], "x86_64");
    assert_eq!(v["program"].as_str(), isa_exe(program(), "x86_64").to_str());
    assert_eq!(v["build_id"].as_str().map(str::len), Some(64));
    let kinds: Vec<&str> = v["regions"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    for kind in ["data", "argv", "shadow_stack", "records", "heap"] {
        assert!(kinds.contains(&kind), "no {kind} region in {kinds:?}");
    }
    let log = cwd.canonicalize().unwrap().join("ticker.log");
    let files = v["files"].as_array().unwrap();
    assert!(
        files.iter().any(|f| f["path"].as_str() == log.to_str() && f["fd"].as_i64() > Some(2)),
        "{} not among the open files: {files:?}",
        log.display()
    );
    // The whole stack, from the program's frame table: main outermost, at
    // a line of its body (the build has -g).
    let frames = v["frames"].as_array().unwrap();
    assert_eq!(v["frames_complete"], true, "{}", v["frame_table"]);
    let main = frames.last().expect("frame records");
    assert_eq!(main["name"], "main", "{frames:?}");
    let source = Path::new(ROOT).join("tests/checkpoint/ticker.c");
    assert_eq!(main["file"].as_str(), source.to_str(), "{main:?}");
    let text_of_source = std::fs::read_to_string(&source).unwrap();
    let body =
        text_of_source.lines().position(|l| l.starts_with("int main")).unwrap() + 1..text_of_source.lines().count();
    let line = main["line"].as_u64().expect("a line") as usize;
    assert!(body.contains(&line), "main's call site is at line {line}, outside main's body {body:?}");
    let human = migcc(&["inspect", dir.to_str().unwrap()]);
    assert_ok(&human, "migcc inspect");
    let human = text(&human.stdout);
    assert!(human.contains("call stack (innermost first):"));
    assert!(human.contains(&format!(" main (call site {}) at {}:{line}", main["site"], source.display())), "{human}");
}

/// Copies the good checkpoint, lets `damage` change it, and checks that
/// `migcc restore` refuses it naming `expect`: error message, non-zero exit,
/// no output, and the program's file untouched (it never started).
fn refused(label: &str, expect: &str, damage: impl FnOnce(&Path)) {
    let (good, cwd) = good_checkpoint();
    let dir = scratch().join(format!("bad-{label}"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(good.join("image"), dir.join("image")).unwrap();
    damage(&dir);
    restore_is_refused(label, &dir, "x86_64", expect, &cwd.join("ticker.log"));
}

fn restore_is_refused(label: &str, dir: &Path, isa: &str, expect: &str, program_file: &Path) {
    let file_before = std::fs::read(program_file).ok();
    let out = migcc(&["restore", dir.to_str().unwrap(), "--isa", isa]);
    let stderr = out.stderr_lossy();
    assert!(matches!(out.status, Status::Exit(c) if c != 0), "{label}: status {}: {stderr}", out.status);
    assert!(
        stderr.starts_with(&format!("migcc: error: cannot restore {}: ", dir.display())) && stderr.contains(expect),
        "{label}: expected an error about `{expect}`, got:\n{stderr}"
    );
    assert!(out.stdout.is_empty(), "{label}: the program printed:\n{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(std::fs::read(program_file).ok(), file_before, "{label}: the program's file changed");
}

fn edit(dir: &Path, f: impl FnOnce(&mut Vec<u8>)) {
    let path = dir.join("image");
    let mut bytes = std::fs::read(&path).unwrap();
    f(&mut bytes);
    std::fs::write(&path, bytes).unwrap();
}

/// Recomputes the header and table checksum after a deliberate edit, so
/// that only the edited field is wrong.
fn reseal(bytes: &mut [u8]) {
    let nregions = u32::from_le_bytes(bytes[layout::NREGIONS..][..4].try_into().unwrap()) as usize;
    let nfiles = u32::from_le_bytes(bytes[layout::NFILES..][..4].try_into().unwrap()) as usize;
    let end = layout::HEADER_LEN + nregions * layout::REGION_LEN + nfiles * layout::FILE_LEN;
    bytes[layout::CHECKSUM..][..8].fill(0);
    let sum = layout::checksum(abi::CKPT_SEED, &bytes[..end]);
    bytes[layout::CHECKSUM..][..8].copy_from_slice(&sum.to_le_bytes());
}

/// Offset of region `index`'s table entry.
fn region_entry(index: usize) -> usize {
    layout::HEADER_LEN + index * layout::REGION_LEN
}

/// The good image's parsed regions (index, kind, offset, length).
fn good_regions() -> Vec<(usize, &'static str, u64, u64)> {
    let bytes = std::fs::read(good_checkpoint().0.join("image")).unwrap();
    let c = Checkpoint::parse(&bytes).expect("the good checkpoint is valid");
    c.regions.iter().filter(|r| r.readable()).map(|r| (r.index, r.kind_name(), r.offset, r.len())).collect()
}

#[test]
fn truncated_images_are_refused() {
    refused("truncated-half", "truncated", |dir| edit(dir, |b| b.truncate(b.len() / 2)));
    refused("truncated-one-byte-short", "truncated", |dir| edit(dir, |b| b.truncate(b.len() - 1)));
    refused("truncated-header", "truncated", |dir| edit(dir, |b| b.truncate(100)));
}

#[test]
fn flipped_bytes_in_the_header_and_tables_are_refused() {
    let positions = [
        ("magic", layout::MAGIC + 2, "not a migcc checkpoint"),
        ("build-id", layout::BUILD_ID + 5, "checksum"),
        ("argc", layout::ARGC, "checksum"),
        ("cwd", layout::CWD + 3, "checksum"),
        ("program", layout::PROGRAM + 7, "checksum"),
        ("region-table", region_entry(1) + 2, "checksum"),
        ("region-table-kind", region_entry(2) + 20, "checksum"),
        ("file-table", layout::HEADER_LEN + good_regions().len() * layout::REGION_LEN + 40, "checksum"),
    ];
    for (label, at, expect) in positions {
        refused(&format!("flip-{label}"), expect, |dir| edit(dir, |b| b[at] ^= 0x20));
    }
}

#[test]
fn flipped_bytes_in_region_data_are_refused() {
    for (index, kind, offset, len) in good_regions() {
        for at in [offset, offset + len / 2, offset + len - 1] {
            let expect = format!("region {index} ({kind}");
            refused(&format!("data-{index}-{at}"), &expect, |dir| edit(dir, |b| b[at as usize] ^= 1));
        }
    }
}

#[test]
fn missing_images_and_directories_are_refused() {
    let empty = fresh_dir("bad-empty");
    let file = good_checkpoint().1.join("ticker.log");
    restore_is_refused("empty directory", &empty, "x86_64", "cannot read its image", &file);
    restore_is_refused("no directory", &scratch().join("bad-none"), "x86_64", "no such directory", &file);
}

#[test]
fn a_wrong_format_version_is_refused() {
    refused("version", "format version 1", |dir| {
        edit(dir, |b| {
            b[layout::VERSION..][..4].copy_from_slice(&1u32.to_le_bytes());
            reseal(b)
        })
    });
}

#[test]
fn another_page_size_is_refused() {
    refused("page-size", "written on a host with 65536-byte pages", |dir| {
        edit(dir, |b| {
            b[layout::PAGE_SIZE..][..8].copy_from_slice(&65536u64.to_le_bytes());
            reseal(b)
        })
    });
    // The program's own reader, given the image directly, refuses it too.
    let mut cmd = Command::new(isa_exe(program(), "x86_64"));
    cmd.env(migcc_llvm_pass::migration_control_env::RESTORE, scratch().join("bad-page-size/image"));
    let out = exec::run(cmd, b"", TIMEOUT).expect("the program runs");
    assert_eq!(out.status, Status::Exit(125), "{}", out.stderr_lossy());
    assert!(out.stderr_lossy().contains("with another page size"), "{}", out.stderr_lossy());
    assert!(out.stdout.is_empty());
}

/// A checkpoint written on a host that had been up a million seconds
/// longer (its clock readings moved forward): the restored program's
/// CLOCK_MONOTONIC goes on from the recorded reading, not from this host's,
/// on every ISA; the ticker fails if its clock ever goes backwards, and its
/// absolute-deadline sleeps would last a million seconds if their deadlines
/// reached the kernel untranslated.
#[test]
fn the_monotonic_clock_goes_on_from_the_checkpoints_reading() {
    const AHEAD_S: i64 = 1_000_000;
    let (before, good) = checkpoint_plain_run(program(), "x86_64", "clock");
    for isa in ["x86_64", "aarch64"] {
        let dir = fresh_dir(&format!("clock-ahead-{isa}"));
        std::fs::copy(good.join("image"), dir.join("image")).unwrap();
        edit(&dir, |b| {
            for clock in 0..abi::CKPT_BOOT_CLOCKS as usize {
                let at = layout::CLOCK_NS + 8 * clock;
                let ns = i64::from_le_bytes(b[at..][..8].try_into().unwrap()) + AHEAD_S * 1_000_000_000;
                b[at..][..8].copy_from_slice(&ns.to_le_bytes());
            }
            reseal(b)
        });
        let after = migcc(&["restore", dir.to_str().unwrap(), "--isa", isa]);
        let stderr = after.stderr_lossy();
        let advanced = stderr
            .lines()
            .find_map(|l| l.strip_prefix("CLOCK_MONOTONIC advanced ")?.strip_suffix(" s")?.parse::<i64>().ok())
            .unwrap_or_else(|| panic!("{isa}: no clock report on stderr ({}):\n{stderr}", after.status));
        assert!(advanced >= AHEAD_S, "{isa}: the clock advanced {advanced} s, not from the checkpoint's reading");
        assert!(advanced < AHEAD_S + 600, "{isa}: the clock advanced {advanced} s");
        assert_same_as_reference(&format!("clock x86_64 -> {isa}"), &before, &after);
    }
}

#[test]
fn regions_outside_the_zones_or_on_occupied_ranges_are_refused() {
    let regions = good_regions();
    let (mmap, ..) = *regions.iter().find(|r| r.1 == "mmap").expect("an mmap region");
    let (argv, ..) = *regions.iter().find(|r| r.1 == "argv").expect("an argv region");
    let entry = |b: &[u8], index: usize, field: usize| {
        u64::from_le_bytes(b[region_entry(index) + field..][..8].try_into().unwrap())
    };
    let mut good = std::fs::read(good_checkpoint().0.join("image")).unwrap();
    let mmap_len = entry(&good, mmap, 8) - entry(&good, mmap, 0);
    let argv_start = entry(&good, argv, 0);
    good.clear();
    let move_region = |label: &str, start: u64, kind: Option<u32>, expect: &str| {
        refused(label, expect, |dir| {
            edit(dir, |b| {
                let e = region_entry(mmap);
                b[e..][..8].copy_from_slice(&start.to_le_bytes());
                b[e + 8..][..8].copy_from_slice(&(start + mmap_len).to_le_bytes());
                if let Some(kind) = kind {
                    b[e + 20..][..4].copy_from_slice(&kind.to_le_bytes());
                }
                reseal(b)
            })
        })
    };
    // An mmap region in the heap zone, past the address limit, and (as a
    // mapping the program placed itself) in the per-ISA zone and on the
    // argv copy.
    let fixed = abi::REGION_FIXED as u32;
    move_region("in-heap-zone", migcc_sysroot::address_map::HEAP.base, None, "outside the mmap zone");
    move_region("past-limit", migcc_sysroot::address_map::ADDRESS_LIMIT, Some(fixed), "outside");
    move_region("per-isa-zone", migcc_sysroot::address_map::PER_ISA_BASE, Some(fixed), "outside");
    move_region("on-argv", argv_start, Some(fixed), "overlap");
}

#[test]
fn another_build_of_the_program_is_refused() {
    // A checkpoint of a copy of the program, which is then replaced by
    // another build of the same source (-DOTHER): every ISA's build changes
    // with it. Restoring the untouched copy still works.
    let copy = scratch().join("other-build");
    let program = build(&copy, &[]);
    let other = build(&scratch().join("other-build-2"), &["-DOTHER"]);
    let (_, dir) = checkpoint_plain_run(&program, "x86_64", "other");
    let kept = copy.join("ticker-kept");
    std::fs::rename(&program, &kept).unwrap();
    std::fs::copy(&other, &program).unwrap();
    for isa in ["x86_64", "aarch64"] {
        restore_is_refused(
            &format!("another build on {isa}"),
            &dir,
            isa,
            "another build of the program",
            &scratch().join("other-run/ticker.log"),
        );
    }
    std::fs::rename(&kept, &program).unwrap();
    let after = migcc(&["restore", dir.to_str().unwrap(), "--isa", "aarch64"]);
    assert_eq!(after.status, PROGRAM_STATUS, "{}", after.stderr_lossy());
}

#[test]
fn a_process_that_is_not_a_migcc_program_is_left_alone() {
    let mut sleeper = Command::new("sleep").arg("30").spawn().expect("sleep");
    let out = migcc(&["checkpoint", &sleeper.id().to_string(), "-o", scratch().join("sleep").to_str().unwrap()]);
    let stderr = out.stderr_lossy();
    assert!(!out.success());
    assert!(
        stderr.contains(&format!("process {} ", sleeper.id())) && stderr.contains("not a program built by migcc"),
        "{stderr}"
    );
    assert!(
        sleeper.try_wait().unwrap().is_none(),
        "the request signal reached (and ended) a process that is not migcc's"
    );
    sleeper.kill().unwrap();
    let _ = sleeper.wait();
    let out = migcc(&["checkpoint", "999999999"]);
    assert!(!out.success() && out.stderr_lossy().contains("there is no process 999999999"), "{}", out.stderr_lossy());
}

#[test]
fn subcommands_have_help() {
    for sub in ["checkpoint", "restore", "migrate", "inspect"] {
        let out = migcc(&[sub, "--help"]);
        assert_ok(&out, sub);
        assert!(text(&out.stdout).contains("Usage: migcc"), "{sub} --help:\n{}", text(&out.stdout));
    }
    let out = migcc(&["checkpoint", "--help"]);
    assert!(text(&out.stdout).contains("migcc-checkpoint-PID"));
}
