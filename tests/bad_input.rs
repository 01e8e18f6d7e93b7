//! Bad input of the kinds a build system hits in practice: objects from
//! another compiler, corrupt objects, missing toolchain packages, unknown
//! ISAs. Each must fail with a `migcc: error:` that says what and where,
//! exit non-zero, and leave no output files behind.

use migcc_sysroot::tools;
use std::path::Path;
use std::process::{Command, Output};

fn migcc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migcc")).args(args).current_dir(dir).output().expect("migcc runs")
}

fn assert_fails(out: &Output, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "expected failure, got success; stderr:\n{stderr}");
    assert!(stderr.contains("migcc: error:"), "no `migcc: error:` in:\n{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "`{needle}` missing from:\n{stderr}");
    }
}

fn assert_no_outputs(dir: &Path, stem: &str) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(stem))
        .collect();
    assert!(left.is_empty(), "outputs left behind: {left:?}");
}

fn write(dir: &Path, name: &str, contents: &[u8]) {
    std::fs::write(dir.join(name), contents).unwrap();
}

const MAIN: &str = "int helper(void);\nint main(void) { return helper(); }\n";

#[test]
fn native_objects_from_another_compiler_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "helper.c", b"int helper(void) { return 0; }\n");
    write(dir.path(), "main.c", MAIN.as_bytes());
    let gcc = Command::new("gcc").args(["-c", "helper.c", "-o", "helper.o"]).current_dir(dir.path()).status();
    assert!(gcc.expect("gcc is needed: install the Debian package gcc").success());
    let out = migcc(dir.path(), &["-o", "app", "main.c", "helper.o"]);
    assert_fails(&out, &["helper.o", "native", "not a migcc portable object", "rebuild it with migcc"]);
    assert_no_outputs(dir.path(), "app");
}

#[test]
fn corrupt_portable_objects_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "helper.c", b"int helper(void) { return 0; }\n");
    write(dir.path(), "main.c", MAIN.as_bytes());
    assert!(migcc(dir.path(), &["-c", "helper.c"]).status.success());
    let bitcode = std::fs::read(dir.path().join("helper.o")).unwrap();
    write(dir.path(), "helper.o", &bitcode[..bitcode.len() / 2]);
    let out = migcc(dir.path(), &["-o", "app", "main.c", "helper.o"]);
    assert_fails(&out, &["helper.o", "corrupt bitcode"]);
    assert_no_outputs(dir.path(), "app");

    write(dir.path(), "empty.o", b"");
    let out = migcc(dir.path(), &["-o", "app", "main.c", "empty.o"]);
    assert_fails(&out, &["empty.o", "empty"]);
}

#[test]
fn bitcode_for_another_target_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "helper.c", b"int helper(void) { return 0; }\n");
    write(dir.path(), "main.c", MAIN.as_bytes());
    let clang = Command::new(tools::CLANG.find().expect("clang (scripts/setup.sh installs it)"))
        .args(["--target=x86_64-linux-gnu", "-emit-llvm", "-c", "helper.c", "-o", "helper.o"])
        .current_dir(dir.path())
        .status();
    assert!(clang.unwrap().success());
    let out = migcc(dir.path(), &["-o", "app", "main.c", "helper.o"]);
    assert_fails(&out, &["helper.o", "x86_64-unknown-linux-gnu", "not for migcc's portable target"]);
    assert_no_outputs(dir.path(), "app");
}

#[test]
fn a_missing_toolchain_names_the_package_to_install() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.c", b"int main(void) { return 0; }\n");
    let out = Command::new(env!("CARGO_BIN_EXE_migcc"))
        .args(["-o", "app", "main.c"])
        .current_dir(dir.path())
        .env("PATH", dir.path())
        .output()
        .unwrap();
    let package = format!("install the Debian package `{}`", tools::CLANG.package);
    assert_fails(&out, &[tools::CLANG.command, &package]);
    assert_no_outputs(dir.path(), "app");
}

#[test]
fn unsupported_isas_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.c", b"int main(void) { return 0; }\n");
    let out = migcc(dir.path(), &["--isa", "x86_64,sparc64", "-o", "app", "main.c"]);
    assert_fails(&out, &["sparc64", "supported: x86_64, aarch64, riscv64"]);
    assert_no_outputs(dir.path(), "app");
}

#[test]
fn undefined_symbols_name_the_symbol_and_its_user() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.c", MAIN.as_bytes());
    let out = migcc(dir.path(), &["-o", "app", "main.c"]);
    assert_fails(&out, &["undefined reference to `helper`", "`main`"]);
    assert_no_outputs(dir.path(), "app");
}

#[test]
fn a_subset_of_isas_builds_only_those() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.c", b"int main(void) { return 7; }\n");
    let out = migcc(dir.path(), &["--isa", "aarch64,riscv64", "-o", "app", "main.c"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run = migcc(dir.path(), &["run", "--isa", "riscv64", "app"]);
    assert_eq!(run.status.code(), Some(7));
    let run = migcc(dir.path(), &["run", "--isa", "x86_64", "app"]);
    assert_fails(&run, &["app has no x86_64 build", "--isa"]);
}
