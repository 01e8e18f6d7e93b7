//! gcc-style flags → the exact frontend (clang) command lines migcc runs.
//!
//! In the style of cc-rs's argv-recording shim: every test points
//! `MIGCC_CLANG` at a small shell script that appends its argv to a log and
//! writes a plausible output, runs the real `migcc` binary with gcc-style
//! flags, and asserts the recorded command lines, exit status, messages and
//! the files left in the working directory.
//!
//! How the shim produces outputs, and why:
//! * `-c` (compile) copies a real portable object. `migcc -c` checks every
//!   object it writes (it must be LLVM bitcode for the virtual ISA and pass
//!   the portability checks), and link mode links the objects for real. So
//!   the fixture compiles `int main(void) { return 0; }` once with the real
//!   clang and migcc's portable flags, and the shim copies that. This keeps
//!   the successful cases successful (exit 0, output files in place) rather
//!   than asserting argv and then tolerating a bitcode error, which would hide
//!   real failures. `MIGCC_SHIM_OBJECT` swaps in a foreign object to test the
//!   portability check itself.
//! * `-S` writes a line of text, `-E` prints (or writes to `-o`) a line.
//! * `MIGCC_SHIM_FAIL=msg` makes it print `msg` and exit 1, like a compile error.
//! * `clang --version` is passed to the real clang and not recorded: migcc
//!   keys its sysroot cache on the frontend's version, so the shim must answer
//!   exactly like the real compiler for the prebuilt sysroot to be found
//!   (otherwise migcc would try to build a new sysroot with the shim).
//!
//! The sysroot must exist first: the fixture runs `migcc -print-sysroot` with
//! the real clang, which builds it on first use (~40 s, once).
//!
//! Recorded argv are normalised before comparison: the sysroot directory
//! becomes `<sysroot>`, and the frontend's temporary output (migcc has clang
//! write unoptimised IR to a temporary file, checks it, runs the pre-link
//! pipeline itself and writes the object) becomes `<temp>.bc`. What follows
//! the source operand in every compile call is `COMPILE_TAIL`, in one place.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const MIGCC: &str = env!("CARGO_BIN_EXE_migcc");

/// Separates invocations in the shim's log.
const SEPARATOR: &str = "@@@ migcc-shim invocation @@@";

const SHIM: &str = r#"#!/bin/sh
# argv-recording stand-in for clang (written by tests/driver_flags.rs).
if [ "$#" -eq 1 ] && [ "$1" = "--version" ]; then
    exec "$MIGCC_SHIM_REAL_CLANG" --version
fi
{
    echo "@@@ migcc-shim invocation @@@"
    for arg in "$@"; do printf '%s\n' "$arg"; done
} >> "$MIGCC_SHIM_LOG"
if [ -n "$MIGCC_SHIM_FAIL" ]; then
    echo "shim.c:1:1: error: $MIGCC_SHIM_FAIL" >&2
    exit 1
fi
out=""; mode=""; prev=""
for arg in "$@"; do
    if [ "$prev" = "-o" ]; then out="$arg"; fi
    case "$arg" in -c|-S|-E) mode="$arg" ;; esac
    prev="$arg"
done
case "$mode" in
    -c) cp "$MIGCC_SHIM_OBJECT" "$out" ;;
    -S) echo "; shim portable IR" > "$out" ;;
    -E) if [ -n "$out" ]; then echo "shim preprocessed" > "$out"; else echo "shim preprocessed"; fi ;;
    *) echo "shim: no -c, -S or -E" >&2; exit 1 ;;
esac
"#;

/// The frontend flags every compilation starts with. Hard-coded on purpose:
/// they define the virtual ISA (and key the sysroot cache), so changing them
/// must be a deliberate change to this list too.
const CANONICAL: &[&str] = &[
    "--target=riscv64-unknown-linux-musl",
    "-march=rv64gc",
    "-mabi=lp64d",
    "-fsigned-char",
    "-ffp-contract=off",
    "-fno-asynchronous-unwind-tables",
    "-fno-unwind-tables",
    "-nostdlibinc",
    "-isystem",
    "<sysroot>/include",
    "-D__migcc__=1",
];

/// Appended after the user's flags, so that they win: floating point stays
/// bit-identical across ISAs even under `-ffast-math` and friends.
const FP_TAIL: &[&str] = &["-fno-fast-math", "-ffp-contract=off"];

struct Fixture {
    shim: PathBuf,
    real_clang: PathBuf,
    /// A real portable object (has `main`).
    object: PathBuf,
    /// LLVM bitcode for x86_64-linux-gnu: not a portable object.
    foreign_bitcode: PathBuf,
    /// Not an object at all.
    garbage: PathBuf,
    sysroot: String,
}

fn write_atomically(path: &Path, contents: &[u8]) {
    let temp = path.with_extension(format!("tmp{}", std::process::id()));
    fs::write(&temp, contents).unwrap();
    fs::rename(&temp, path).unwrap();
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("driver_flags");
        fs::create_dir_all(&dir).unwrap();
        let real_clang = match std::env::var_os("MIGCC_CLANG") {
            Some(p) => PathBuf::from(p),
            None => migcc_sysroot::tools::CLANG.find().expect("clang (scripts/setup.sh installs it)"),
        };

        let shim = dir.join("clang-shim.sh");
        let temp = dir.join(format!("clang-shim.{}", std::process::id()));
        fs::write(&temp, SHIM).unwrap();
        fs::set_permissions(&temp, fs::Permissions::from_mode(0o755)).unwrap();
        fs::rename(&temp, &shim).unwrap();

        // The sysroot, built with the real clang if it is not cached yet.
        let out = Command::new(MIGCC).arg("-print-sysroot").env("MIGCC_CLANG", &real_clang).output().unwrap();
        assert!(out.status.success(), "migcc -print-sysroot failed: {}", String::from_utf8_lossy(&out.stderr));
        let sysroot = String::from_utf8(out.stdout).unwrap().trim().to_string();
        assert!(
            Path::new(&sysroot).join("include/stdio.h").is_file(),
            "`migcc -print-sysroot` printed {sysroot:?}, which has no include/stdio.h"
        );

        let source = dir.join("main.c");
        write_atomically(&source, b"int main(void) { return 0; }\n");
        let bitcode = |name: &str, target_flags: &[&str]| {
            let path = dir.join(name);
            let temp = path.with_extension(format!("tmp{}", std::process::id()));
            let out = Command::new(&real_clang)
                .args(target_flags)
                .args(["-nostdlibinc", "-flto=full", "-c", "-o"])
                .arg(&temp)
                .arg(&source)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "cannot compile the fixture object {name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            fs::rename(&temp, &path).unwrap();
            path
        };
        let object = bitcode("main.bc", migcc_sysroot::PORTABLE_CLANG_FLAGS);
        let foreign_bitcode = bitcode("x86_64-gnu.bc", &["--target=x86_64-unknown-linux-gnu"]);
        let garbage = dir.join("garbage.o");
        write_atomically(&garbage, b"this is not an object file\n");
        Fixture { shim, real_clang, object, foreign_bitcode, garbage, sysroot }
    })
}

/// A fresh working directory with a few sources, and the shim's log.
struct Case {
    tmp: tempfile::TempDir,
    env: Vec<(String, PathBuf)>,
}

impl Case {
    fn new() -> Case {
        let tmp = tempfile::Builder::new().prefix("migcc-driver-flags-").tempdir().unwrap();
        let work = tmp.path().join("work");
        fs::create_dir_all(work.join("src")).unwrap();
        fs::create_dir_all(work.join("inc")).unwrap();
        for (name, text) in [
            ("a.c", "int main(void) { return 0; }\n"),
            ("b.c", "int b(void) { return 1; }\n"),
            ("src/c.c", "int c(void) { return 2; }\n"),
            ("foo.txt", "int main(void) { return 0; }\n"),
            ("pre.i", "int main(void) { return 0; }\n"),
            ("inc/pre.h", "#define PRE 1\n"),
        ] {
            fs::write(work.join(name), text).unwrap();
        }
        Case { tmp, env: Vec::new() }
    }

    fn work(&self) -> PathBuf {
        self.tmp.path().join("work")
    }

    fn log(&self) -> PathBuf {
        self.tmp.path().join("argv.log")
    }

    fn write(&self, name: &str, text: &str) -> &Case {
        let path = self.work().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    fn env(mut self, key: &str, value: impl Into<PathBuf>) -> Case {
        self.env.push((key.to_string(), value.into()));
        self
    }

    /// The files (relative paths) in the working directory.
    fn files(&self) -> BTreeSet<String> {
        let work = self.work();
        walkdir::WalkDir::new(&work)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&work).unwrap().to_string_lossy().into_owned())
            .collect()
    }

    fn run(&self, args: &[&str]) -> Run {
        let f = fixture();
        let _ = fs::remove_file(self.log());
        let before = self.files();
        let mut cmd = Command::new(MIGCC);
        cmd.args(args)
            .current_dir(self.work())
            .env("MIGCC_CLANG", &f.shim)
            .env("MIGCC_SHIM_REAL_CLANG", &f.real_clang)
            .env("MIGCC_SHIM_LOG", self.log())
            .env("MIGCC_SHIM_OBJECT", &f.object)
            .env_remove("MIGCC_SHIM_FAIL")
            .env_remove("MIGCC_KEEP_TEMPS");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let Output { status, stdout, stderr } = cmd.output().unwrap();
        let log = fs::read_to_string(self.log()).unwrap_or_default();
        let calls = log
            .split(&format!("{SEPARATOR}\n"))
            .filter(|c| !c.is_empty())
            .map(|c| c.lines().map(|a| normalise(a, &self.work())).collect())
            .collect();
        let after = self.files();
        Run {
            args: args.iter().map(|s| s.to_string()).collect(),
            code: status.code(),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
            calls,
            new_files: after.difference(&before).cloned().collect(),
        }
    }
}

fn normalise(arg: &str, work: &Path) -> String {
    let f = fixture();
    let temp = std::env::temp_dir();
    let path = Path::new(arg);
    if path.parent() == Some(temp.as_path()) && arg.ends_with(".bc") {
        return "<temp>.bc".to_string();
    }
    let mut a = arg.replace(&f.sysroot, "<sysroot>");
    a = a.replace(&work.to_string_lossy().into_owned(), "<work>");
    a
}

#[derive(Debug)]
struct Run {
    args: Vec<String>,
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// Recorded frontend command lines, normalised.
    calls: Vec<Vec<String>>,
    /// Files that appeared in the working directory.
    new_files: BTreeSet<String>,
}

impl Run {
    fn context(&self) -> String {
        format!(
            "migcc {}\nexit: {:?}\nstderr:\n{}\nfrontend calls: {:#?}",
            self.args.join(" "),
            self.code,
            self.stderr,
            self.calls
        )
    }

    fn success(&self) -> &Run {
        assert_eq!(self.code, Some(0), "expected success\n{}", self.context());
        self
    }

    /// Fails with `migcc: error:` naming `what`, having run no frontend and
    /// left no files behind.
    fn rejected(&self, what: &str) -> &Run {
        assert!(self.code.is_some_and(|c| c != 0), "expected failure\n{}", self.context());
        assert!(
            self.stderr.contains("migcc: error:") && self.stderr.contains(what),
            "expected `migcc: error:` naming `{what}`\n{}",
            self.context()
        );
        self.no_outputs()
    }

    fn no_outputs(&self) -> &Run {
        assert!(self.new_files.is_empty(), "a failed run left files behind: {:?}\n{}", self.new_files, self.context());
        self
    }

    fn new_files(&self, expected: &[&str]) -> &Run {
        let expected: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(self.new_files, expected, "output files\n{}", self.context());
        self
    }

    fn one_call(&self) -> &[String] {
        assert_eq!(self.calls.len(), 1, "expected one frontend call\n{}", self.context());
        &self.calls[0]
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Splits the language selection off a frontend argv: `-x LANG` directly
/// before the source operand. Returns (argv without it, LANG if given).
///
/// The language clang sees is what matters; whether migcc states `-x c` for
/// every C source or only where the extension does not say so is its choice,
/// so the exact-argv comparisons accept both.
fn split_language(argv: &[String], src: &str) -> (Vec<String>, Option<String>) {
    let positions: Vec<usize> = argv.iter().enumerate().filter(|(_, a)| *a == src).map(|(i, _)| i).collect();
    assert_eq!(positions.len(), 1, "the source {src} must appear exactly once in {argv:#?}");
    let i = positions[0];
    let mut rest = argv.to_vec();
    let lang = if i >= 2 && argv[i - 2] == "-x" {
        rest.drain(i - 2..i);
        Some(argv[i - 1].clone())
    } else {
        None
    };
    assert!(!rest.iter().any(|a| a == "-x" || a.starts_with("-x")), "stray language selection in {argv:#?}");
    (rest, lang)
}

/// The expected frontend argv up to the source operand.
fn frontend_prefix(user: &[&str]) -> Vec<String> {
    let mut expected = strings(CANONICAL);
    expected.extend(strings(user));
    expected.extend(strings(FP_TAIL));
    expected
}

/// Asserts one frontend call of the form
/// `CANONICAL USER... FP_TAIL [-x c] SRC TAIL...`.
fn assert_call(run: &Run, call: &[String], user: &[&str], src: &str, tail: &[String]) {
    let (argv, lang) = split_language(call, src);
    let mut expected = frontend_prefix(user);
    expected.push(src.to_string());
    expected.extend(tail.iter().cloned());
    assert_eq!(argv, expected, "frontend argv\n{}", run.context());
    let implicit_ok = src.ends_with(".c");
    assert!(
        lang.as_deref() == Some("c") || (implicit_ok && lang.is_none()),
        "{src} must be compiled as C, but the frontend was told {lang:?}\n{}",
        run.context()
    );
}

/// What follows the source operand when migcc compiles (`-c`, `-S` and the
/// sources of a link): unoptimised bitcode into a temporary file, which
/// migcc checks for portability before optimising it.
const COMPILE_TAIL: &[&str] = &["-emit-llvm", "-c", "-Xclang", "-disable-llvm-passes", "-o", "<temp>.bc"];

fn compile_tail() -> Vec<String> {
    strings(COMPILE_TAIL)
}

/// (args, [(source, argv after the source)] per frontend call, files written)
type ModeCase = (&'static [&'static str], &'static [(&'static str, &'static [&'static str])], &'static [&'static str]);

/// `-c`, `-S`, `-E`, default output names and several sources.
#[test]
fn modes_and_outputs() {
    let cases: &[ModeCase] = &[
        (&["-c", "a.c", "-o", "a.o"], &[("a.c", COMPILE_TAIL)], &["a.o"]),
        (&["-c", "a.c", "-o", "out/x.o"], &[("a.c", COMPILE_TAIL)], &["out/x.o"]),
        // No -o: the object goes to the current directory, named after the source.
        (&["-c", "src/c.c"], &[("src/c.c", COMPILE_TAIL)], &["c.o"]),
        (&["-c", "a.c", "b.c"], &[("a.c", COMPILE_TAIL), ("b.c", COMPILE_TAIL)], &["a.o", "b.o"]),
        (&["-S", "a.c", "-o", "a.ll"], &[("a.c", COMPILE_TAIL)], &["a.ll"]),
        (&["-S", "a.c"], &[("a.c", COMPILE_TAIL)], &["a.s"]),
        // `-o -`: the object on stdout.
        (&["-c", "a.c", "-o", "-"], &[("a.c", COMPILE_TAIL)], &[]),
        (&["-E", "a.c"], &[("a.c", &["-E"])], &[]),
        (&["-E", "a.c", "-o", "a.i"], &[("a.c", &["-E", "-o", "a.i"])], &["a.i"]),
        // -M and -MM only preprocess, even with -c.
        (&["-M", "a.c"], &[("a.c", &["-E"])], &[]),
        (&["-MM", "-c", "a.c"], &[("a.c", &["-E"])], &[]),
        // `$CC -dM -E - </dev/null` lists the predefined macros.
        (&["-dM", "-E", "a.c"], &[("a.c", &["-E"])], &[]),
    ];
    for (args, calls, files) in cases {
        let case = Case::new();
        case.write("out/.keep", "");
        let run = case.run(args);
        run.success().new_files(files);
        assert_eq!(run.calls.len(), calls.len(), "calls\n{}", run.context());
        // -M, -MM and -dM stay in the user flags.
        let user: Vec<&str> = args.iter().copied().filter(|a| ["-M", "-MM", "-dM"].contains(a)).collect();
        for (call, (src, tail)) in run.calls.iter().zip(calls.iter()) {
            assert_call(&run, call, &user, src, &strings(tail));
        }
        if args.contains(&"-E") && !args.contains(&"-o") {
            assert_eq!(run.stdout, "shim preprocessed\n", "{}", run.context());
        }
        if args.ends_with(&["-o", "-"]) {
            assert!(run.stdout.starts_with("BC"), "bitcode on stdout\n{}", run.context());
        }
        // The outputs are what migcc makes of the frontend's IR.
        for file in files.iter() {
            let data = fs::read(case.work().join(file)).unwrap();
            if file.ends_with(".o") {
                assert!(data.starts_with(b"BC\xc0\xde"), "{file} is not LLVM bitcode\n{}", run.context());
            } else if args.contains(&"-S") {
                let text = String::from_utf8_lossy(&data);
                assert!(
                    text.contains("target triple = \"riscv64-unknown-linux-musl\""),
                    "{file} is not portable IR as text:\n{text}"
                );
            }
        }
    }
}

/// Flags that reach the frontend unchanged, in order.
#[test]
fn passthrough_flags() {
    let cases: &[&[&str]] = &[
        &["-Iinc", "-I", "inc", "-iquote", "q", "-idirafter", "d"],
        &["-isystem", "sys", "-isystemsys2"],
        &["-DFOO", "-D", "BAR=1", "-DMSG=\"a b\"", "-UFOO", "-U", "BAR"],
        &["-include", "inc/pre.h", "-includeinc/pre.h", "-imacros", "inc/pre.h"],
        &["-std=c99"],
        &["-std=gnu11", "-ansi", "-pedantic", "-pedantic-errors"],
        &["-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter", "-Wformat=2", "-w"],
        &["-Werror=implicit-function-declaration", "-Wp,-DWP=1"],
        &[
            "-fno-strict-aliasing",
            "-fwrapv",
            "-fvisibility=hidden",
            "-fstack-protector-strong",
            "-fno-common",
            "-fno-builtin",
            "-fdiagnostics-color=always",
            "-funsigned-char",
        ],
        &["-g"],
        &["-g3", "-ggdb", "-gdwarf-4"],
        &["-O0"],
        &["-O"],
        &["-O1"],
        &["-O2"],
        &["-O3"],
        &["-Os"],
        &["-Oz"],
        &["-Og"],
        &["-O2", "-O0"],
        // Fully specified dependency flags reach the frontend unchanged.
        // (With -MF or -MT left out, migcc has to supply them, naming the
        // final object: see dependency_files_name_the_real_object.)
        &["-MD", "-MF", "dep.d", "-MT", "a.o"],
        &["-MMD", "-MP", "-MF", "x.d", "-MT", "x.o"],
        &["-MFdep.d", "-MTtarget", "-MQ", "$(objdir)/a.o"],
        &["-pthread"],
        // Order is preserved.
        &["-DA", "-Iinc", "-UA", "-O2", "-g", "-Wall", "-std=c11"],
    ];
    for flags in cases {
        assert_compiles_with(flags, flags);
    }
}

/// `migcc FLAGS -c a.c -o a.o` succeeds, writes a.o, and calls the frontend
/// with exactly `expected` as the user flags.
fn assert_compiles_with(flags: &[&str], expected: &[&str]) {
    let case = Case::new();
    let mut args = flags.to_vec();
    args.extend(["-c", "a.c", "-o", "a.o"]);
    let run = case.run(&args);
    run.success().new_files(&["a.o"]);
    assert_call(&run, run.one_call(), expected, "a.c", &compile_tail());
}

/// Flags migcc translates, or passes on and then overrides.
#[test]
fn translated_flags() {
    let cases: &[(&[&str], &[&str])] = &[
        // -Ofast's fast-math would make floating point differ between ISAs.
        (&["-Ofast"], &["-O3"]),
        (&["-pthreads"], &["-pthread"]),
        // Fast-math flags pass, but FP_TAIL (after them) switches them off.
        (&["-ffast-math"], &["-ffast-math"]),
        (
            &["-funsafe-math-optimizations", "-ffp-model=fast", "-fassociative-math"],
            &["-funsafe-math-optimizations", "-ffp-model=fast", "-fassociative-math"],
        ),
    ];
    for (flags, expected) in cases {
        assert_compiles_with(flags, expected);
    }
}

/// Flags that only matter for native, dynamic or non-LTO builds, accepted
/// and not passed on.
#[test]
fn dropped_flags() {
    let cases: &[&[&str]] = &[
        &["-fPIC"],
        &["-fpic", "-fPIE", "-fpie", "-fno-pic", "-fno-PIE"],
        &["-flto"],
        &["-flto=thin", "-flto=full", "-fno-lto"],
        &["-ffunction-sections", "-fdata-sections", "-fno-plt"],
        &["-mtune=generic"],
        &["-mtune=native", "-mno-red-zone", "-mieee-fp"],
        &["-pipe"],
        &["-static"],
        &["-pie", "-no-pie", "-rdynamic", "-s", "-static-libgcc", "-m64"],
        &["-fuse-ld=lld"],
        &["-Wa,--noexecstack"],
        // Link-only flags do nothing when compiling.
        &["-L", "lib", "-Llib", "-lm", "-l", "z"],
        &["-Wl,--gc-sections,-O1", "-Wl,-z,relro,-z,now", "-Xlinker", "--as-needed"],
    ];
    for flags in cases {
        assert_compiles_with(flags, &[]);
    }
}

/// Flags that would make the program ISA-specific, dynamic or otherwise
/// unbuildable: rejected before anything runs, in compile and link mode,
/// naming the flag, leaving no files.
#[test]
fn rejected_flags() {
    // (flags, what the message must name)
    let cases: &[(&[&str], &str)] = &[
        (&["-march=native"], "-march=native"),
        (&["-march=x86-64-v3"], "-march=x86-64-v3"),
        (&["-mcpu=cortex-a72"], "-mcpu=cortex-a72"),
        (&["-mavx2"], "-mavx2"),
        (&["-msse4.2"], "-msse4.2"),
        (&["-m32"], "-m32"),
        (&["-mx32"], "-mx32"),
        (&["-shared"], "-shared"),
        (&["-fsanitize=address"], "-fsanitize=address"),
        (&["-fsanitize=undefined"], "-fsanitize=undefined"),
        (&["-fprofile-generate"], "-fprofile-generate"),
        (&["--coverage"], "--coverage"),
        (&["-fopenmp"], "-fopenmp"),
        (&["-ffp-contract=fast"], "-ffp-contract=fast"),
        (&["-ffp-contract=on"], "-ffp-contract=on"),
        (&["--frobnicate"], "--frobnicate"),
        (&["-O9"], "-O9"),
        (&["-Wl,-T,foo.ld"], "-Wl,-T"),
        (&["-Wl,--script=foo.ld"], "-Wl,--script=foo.ld"),
        (&["-Xlinker", "-Map=out.map"], "-Map=out.map"),
        (&["-Wl,-rpath,/usr/lib,-T,foo.ld"], "-Wl,-T"),
        (&["--isa", "sparc"], "sparc"),
        (&["--isa=x86_64,sparc"], "sparc"),
        (&["--isa="], "--isa"),
        (&["-nostdlib"], "-nostdlib"),
        (&["-nostartfiles"], "-nostartfiles"),
        (&["-nostdinc"], "-nostdinc"),
        (&["--sysroot=/opt/sys"], "--sysroot=/opt/sys"),
        (&["--target=x86_64-linux-gnu"], "--target=x86_64-linux-gnu"),
        (&["-target", "x86_64-linux-gnu"], "-target"),
        (&["-x", "c++"], "-x c++"),
        (&["-x", "assembler-with-cpp"], "-x assembler-with-cpp"),
        (&["-xobjective-c"], "-x objective-c"),
        (&["start.S"], "start.S"),
        (&["lib.cpp"], "lib.cpp"),
        (&["libfoo.so"], "libfoo.so"),
        (&["@missing.rsp"], "missing.rsp"),
        (&["-I"], "-I"),
    ];
    for (flags, what) in cases {
        for mode in [&["-c", "a.c", "-o", "a.o"][..], &["-o", "app", "a.c"][..]] {
            let case = Case::new();
            let mut args = mode.to_vec();
            // Flags last, so that a flag expecting a value really lacks one.
            args.extend(flags.iter());
            let run = case.run(&args);
            run.rejected(what);
            assert!(run.calls.is_empty(), "a rejected flag must be caught before compiling\n{}", run.context());
        }
    }
    // -o with several sources and -c is ambiguous (gcc rejects it too).
    Case::new().run(&["-c", "a.c", "b.c", "-o", "x.o"]).rejected("-o");
    Case::new().run(&["-c"]).rejected("no input files");
}

/// `-x` selects the language of the inputs that follow it.
#[test]
fn language_selection() {
    // (args, source operand, language the frontend must be told)
    let cases: &[(&[&str], &str, Option<&str>)] = &[
        (&["-x", "c", "foo.txt", "-c", "-o", "foo.o"], "foo.txt", Some("c")),
        (&["-xc", "foo.txt", "-c", "-o", "foo.o"], "foo.txt", Some("c")),
        (&["-x", "c", "a.c", "-c", "-o", "foo.o"], "a.c", None),
        (&["-x", "none", "a.c", "-c", "-o", "foo.o"], "a.c", None),
        (&["pre.i", "-c", "-o", "foo.o"], "pre.i", Some("cpp-output")),
        (&["-x", "cpp-output", "foo.txt", "-c", "-o", "foo.o"], "foo.txt", Some("cpp-output")),
        // Standard input needs an explicit language, as with gcc.
        (&["-x", "c", "-", "-c", "-o", "foo.o"], "-", Some("c")),
    ];
    for (args, src, lang) in cases {
        let case = Case::new();
        let run = case.run(args);
        run.success().new_files(&["foo.o"]);
        let (argv, told) = split_language(run.one_call(), src);
        let mut expected = frontend_prefix(&[]);
        expected.push(src.to_string());
        expected.extend(compile_tail());
        assert_eq!(argv, expected, "frontend argv\n{}", run.context());
        match lang {
            Some(l) => assert_eq!(told.as_deref(), Some(*l), "{src} must be compiled as {l}\n{}", run.context()),
            // `.c`: implicit or explicit C.
            None => assert!(told.is_none() || told.as_deref() == Some("c"), "{}", run.context()),
        }
    }
    // `-x none` restores extension-based detection for later inputs.
    let case = Case::new();
    let run = case.run(&["-x", "c", "foo.txt", "-x", "none", "b.c", "-c"]);
    run.success().new_files(&["foo.o", "b.o"]);
    assert_eq!(run.calls.len(), 2, "{}", run.context());
    assert_eq!(split_language(&run.calls[0], "foo.txt").1.as_deref(), Some("c"));
    assert_ne!(split_language(&run.calls[1], "b.c").1.as_deref(), Some("cpp-output"));
}

/// `@file` response files: whitespace-separated, with quotes and escapes.
#[test]
fn response_files() {
    let case = Case::new();
    case.write("args.rsp", "-DFOO -I inc\n\"-DMSG=hello world\" '-DQ=\"q\"' -DESC=a\\ b\n  -c\ta.c -o a.o\n");
    let run = case.run(&["-O2", "@args.rsp", "-g"]);
    run.success().new_files(&["a.o"]);
    assert_call(
        &run,
        run.one_call(),
        &["-O2", "-DFOO", "-I", "inc", "-DMSG=hello world", "-DQ=\"q\"", "-DESC=a b", "-g"],
        "a.c",
        &compile_tail(),
    );

    // A response file may name another (gcc and clang expand them recursively).
    let case = Case::new();
    case.write("outer.rsp", "-DOUTER @inner.rsp -DAFTER");
    case.write("inner.rsp", "-DINNER -c a.c");
    let run = case.run(&["@outer.rsp", "-o", "a.o"]);
    run.success().new_files(&["a.o"]);
    assert_call(&run, run.one_call(), &["-DOUTER", "-DINNER", "-DAFTER"], "a.c", &compile_tail());

    // A response file that names itself is an error, not a hang.
    let case = Case::new();
    case.write("loop.rsp", "-DX @loop.rsp");
    case.run(&["@loop.rsp", "-c", "a.c"]).rejected("loop.rsp");
}

/// Link mode: only compile flags reach the frontend; link flags are
/// consumed by migcc, and every ISA's executable is written.
#[test]
fn link_mode() {
    let case = Case::new();
    let run = case.run(&[
        "-O2",
        "-g",
        "-pipe",
        "-static",
        "-fPIC",
        "-DX=1",
        "-Iinc",
        "-o",
        "app",
        "a.c",
        "-L.",
        "-lm",
        "-lpthread",
        "-Wl,--gc-sections,-O1,-rpath,/usr/local/lib",
        "-Wl,-z,defs",
        "-Xlinker",
        "--as-needed",
        "-s",
    ]);
    run.success().new_files(&["app"]);
    assert_call(&run, run.one_call(), &["-O2", "-g", "-DX=1", "-Iinc"], "a.c", &compile_tail());

    // --isa restricts the builds; the output is still the one file.
    let case = Case::new();
    let run = case.run(&["--isa", "aarch64,riscv64", "-o", "app", "a.c"]);
    run.success().new_files(&["app"]);

    // A failing compile leaves nothing behind, in link and compile mode.
    for args in [&["-o", "app", "a.c"][..], &["-c", "a.c", "-o", "a.o"][..]] {
        let case = Case::new().env("MIGCC_SHIM_FAIL", "expected ';' after expression");
        let run = case.run(args);
        run.no_outputs();
        assert_ne!(run.code, Some(0), "{}", run.context());
        assert!(
            run.stderr.contains("expected ';' after expression")
                && run.stderr.contains("migcc: error:")
                && run.stderr.contains("a.c"),
            "the frontend's diagnostic and a migcc error naming a.c\n{}",
            run.context()
        );
    }
}

/// `-c` checks the object the frontend wrote: only portable bitcode passes,
/// and a rejected object is not left behind.
#[test]
fn compile_checks_the_object() {
    let f = fixture();
    for (object, what) in [(&f.foreign_bitcode, "x86_64-unknown-linux-gnu"), (&f.garbage, "a.c")] {
        let case = Case::new().env("MIGCC_SHIM_OBJECT", object);
        let run = case.run(&["-c", "a.c", "-o", "a.o"]);
        assert_eq!(run.calls.len(), 1, "{}", run.context());
        run.no_outputs();
        assert_ne!(run.code, Some(0), "{}", run.context());
        assert!(
            run.stderr.contains("migcc: error:") && run.stderr.contains(what),
            "expected an error naming `{what}`\n{}",
            run.context()
        );
    }
}

/// `-v` shows the frontend command line.
#[test]
fn verbose_echoes_the_frontend() {
    let case = Case::new();
    let run = case.run(&["-v", "-DV=1", "-c", "a.c", "-o", "a.o"]);
    run.success();
    let shim = fixture().shim.to_string_lossy().into_owned();
    assert!(
        run.stderr.lines().any(|l| l.starts_with(&shim) && l.contains("-DV=1") && l.contains("-D__migcc__=1")),
        "{}",
        run.context()
    );
}

/// `-v` on a link shows every step: the frontend command, the pre-link
/// pipeline, the whole-program link and its pipeline, per-ISA code
/// generation, each ld.lld command and the verify step.
#[test]
fn verbose_shows_every_step_of_a_link() {
    let f = fixture();
    let case = Case::new();
    case.write("a.c", "int main(void) { return 0; }\n");
    let out = Command::new(MIGCC)
        .args(["-v", "-O2", "a.c", "-o", "app"])
        .current_dir(case.work())
        .env("MIGCC_CLANG", &f.real_clang)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let real_clang = f.real_clang.to_string_lossy();
    // Each step, and the texts one line of stderr must hold for it.
    let steps: &[(&str, &[&str])] = &[
        ("the frontend command", &[real_clang.as_ref(), "-emit-llvm"]),
        ("the pre-link pipeline", &["lto-pre-link<O2>"]),
        ("the whole-program link", &["link as portable IR"]),
        ("the whole-program pipeline", &["optimise the whole program at O2", "default<O2>"]),
        ("per-ISA code generation", &["generate code for x86_64, aarch64, riscv64"]),
        ("ld.lld for x86_64", &["ld.lld", "layout.x86_64.ld"]),
        ("ld.lld for aarch64", &["ld.lld", "layout.aarch64.ld"]),
        ("ld.lld for riscv64", &["ld.lld", "layout.riscv64.ld"]),
        ("verify", &["verify that the x86_64, aarch64, riscv64 builds are aligned"]),
    ];
    for (step, texts) in steps {
        let shown = |line: &str| texts.iter().all(|t| line.contains(t));
        assert!(stderr.lines().any(shown), "-v does not show {step}:\n{stderr}");
    }
}

/// A link without -O optimises at the highest level its objects were
/// compiled at (`cc -O2 -c *.c && cc -o app *.o`, as make builds link);
/// an -O on the link line wins.
#[test]
fn a_link_without_o_uses_its_objects_level() {
    let f = fixture();
    let case = Case::new();
    case.write("a.c", "int helper(int x) { return x * 3; }\n");
    case.write("b.c", "int helper(int);\nint main(int argc, char **argv) { (void)argv; return helper(argc) - 3; }\n");
    let migcc = |args: &[&str]| {
        let out = Command::new(MIGCC).args(args).current_dir(case.work()).env("MIGCC_CLANG", &f.real_clang).output();
        let out = out.unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "migcc {args:?}:\n{stderr}");
        stderr
    };
    migcc(&["-Os", "-c", "a.c"]);
    migcc(&["-O2", "-c", "b.c"]);
    let linked = migcc(&["-v", "a.o", "b.o", "-o", "app"]);
    assert!(
        linked.contains("optimise the whole program at O2 (the highest its objects were compiled at): default<O2>"),
        "{linked}"
    );
    assert!(linked.contains("function passes: function("), "per-ISA passes run at O2:\n{linked}");
    let given = migcc(&["-v", "-O0", "a.o", "b.o", "-o", "app"]);
    assert!(given.contains("optimise the whole program at O0 (given)"), "{given}");
    migcc(&["-c", "a.c"]);
    migcc(&["-c", "b.c"]);
    let unoptimised = migcc(&["-v", "a.o", "b.o", "-o", "app"]);
    assert!(unoptimised.contains("optimise the whole program at O0 (the highest"), "{unoptimised}");
}

/// `-MD`/`-MMD` without `-MF` or `-MT` must name the dependency file and
/// its target after the final object, as gcc does (`-c -o obj.o` → `obj.d`
/// with target `obj.o:`), not after migcc's staged temporary or scratch
/// object. Uses the real frontend, since this is about what clang writes.
#[test]
fn dependency_files_name_the_real_object() {
    let f = fixture();
    // (flags, dependency file, target it must start with)
    let cases: &[(&[&str], &str, &str)] = &[
        (&["-MD", "-c", "a.c", "-o", "obj.o"], "obj.d", "obj.o:"),
        (&["-MMD", "-c", "a.c", "-o", "obj.o"], "obj.d", "obj.o:"),
        (&["-MMD", "-MP", "-c", "a.c"], "a.d", "a.o:"),
        (&["-MD", "-c", "a.c", "-o", "out/obj.o"], "out/obj.d", "out/obj.o:"),
        (&["-MD", "-MF", "custom.d", "-c", "a.c", "-o", "obj.o"], "custom.d", "obj.o:"),
        (&["-MD", "-MT", "custom", "-c", "a.c", "-o", "obj.o"], "obj.d", "custom:"),
    ];
    for (args, dep_file, target) in cases {
        let case = Case::new();
        case.write("a.c", "#include \"inc/pre.h\"\nint main(void) { return PRE - 1; }\n");
        case.write("out/.keep", "");
        let out = Command::new(MIGCC)
            .args(*args)
            .current_dir(case.work())
            .env("MIGCC_CLANG", &f.real_clang)
            .output()
            .unwrap();
        let cmdline = format!("migcc {}", args.join(" "));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{cmdline}: {stderr}");
        let files = case.files();
        assert!(files.contains(*dep_file), "{cmdline} must write {dep_file} (as gcc does); files: {files:?}");
        let deps = fs::read_to_string(case.work().join(dep_file)).unwrap();
        assert!(
            deps.starts_with(target) && deps.contains("inc/pre.h"),
            "{cmdline}: {dep_file} must start with the target `{target}` and list inc/pre.h:\n{deps}"
        );
    }
}

/// The probes configure scripts and cmake send a compiler.
#[test]
fn probes() {
    let f = fixture();
    let host = std::env::consts::ARCH;
    let check = |args: &[&str], ok: &dyn Fn(&str) -> bool, what: &str| {
        let case = Case::new();
        let run = case.run(args);
        run.success().new_files(&[]);
        assert!(run.calls.is_empty(), "a probe compiles nothing\n{}", run.context());
        let out = run.stdout.trim_end();
        assert!(!out.is_empty() && ok(out), "{what}; got {out:?}\n{}", run.context());
    };
    check(
        &["--version"],
        &|o| {
            let version = format!("clang version {}.", migcc_sysroot::tools::LLVM_MAJOR);
            o.lines().next().unwrap().starts_with("migcc ") && o.contains(&version)
        },
        "`migcc ...` first, then the frontend's version",
    );
    check(
        &["-dumpmachine"],
        &|o| o.starts_with(&format!("{host}-")) && o.contains("-linux") && !o.contains('\n'),
        "the host's triple (programs run natively)",
    );
    for flag in ["-dumpversion", "-dumpfullversion"] {
        check(
            &[flag],
            &|o| !o.contains('\n') && o.split('.').all(|p| p.parse::<u32>().is_ok()),
            "a dotted version number",
        );
    }
    for (flag, name) in [
        ("-print-prog-name=ar", "llvm-ar"),
        ("--print-prog-name=ar", "llvm-ar"),
        ("-print-prog-name=ranlib", "llvm-ranlib"),
    ] {
        check(
            &[flag],
            &|o| {
                let p = Path::new(o);
                p.is_absolute() && p.is_file() && p.file_name().unwrap().to_string_lossy().starts_with(name)
            },
            "an existing archiver that indexes bitcode",
        );
    }
    check(&["-print-prog-name=cc1"], &|o| o == "cc1", "unknown programs print their own name (gcc does)");
    check(
        &["-print-search-dirs"],
        &|o| {
            let libs = o.lines().find_map(|l| l.strip_prefix("libraries: =")).unwrap_or("");
            o.lines().any(|l| l.starts_with("install: "))
                && o.lines().any(|l| l.starts_with("programs: "))
                && libs.split(':').any(|d| Path::new(d).join("libc.a").is_file())
        },
        "install:, programs: and libraries: lines, the libraries holding libc.a",
    );
    check(
        &["-print-file-name=libc.a"],
        &|o| o.starts_with(&f.sysroot) && fs::read(o).is_ok_and(|d| d.starts_with(b"!<arch>\n")),
        "the sysroot's libc.a",
    );
    check(
        &["-print-file-name=libnothere.a"],
        &|o| o == "libnothere.a",
        "a file that does not exist prints its own name (gcc does)",
    );
    check(&["-print-sysroot"], &|o| o == f.sysroot, "the sysroot");
    for flag in ["-print-multi-os-directory", "-print-multi-directory"] {
        check(&[flag], &|o| o == ".", "`.`");
    }
    check(&["-print-multi-lib"], &|o| o == ".;", "`.;` (no multilibs)");
    // No multiarch directory: an empty line, as gcc prints when it has none
    // (Python's configure runs `$CC --print-multiarch`).
    for flag in ["-print-multiarch", "--print-multiarch"] {
        let run = Case::new().run(&[flag]);
        run.success().new_files(&[]);
        assert_eq!(run.stdout, "\n", "{}", run.context());
    }
    // `-v` alone prints the version on stderr and succeeds, like gcc.
    let run = Case::new().run(&["-v"]);
    run.success().new_files(&[]);
    assert!(
        run.calls.is_empty() && run.stderr.contains("migcc ") && run.stderr.contains("version"),
        "{}",
        run.context()
    );
    check(&["-print-libgcc-file-name"], &|o| Path::new(o).is_file(), "an existing libgcc.a");
    check(&["--help"], &|o| o.contains("migcc"), "usage text");
}
