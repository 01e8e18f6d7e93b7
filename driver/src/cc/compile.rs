//! One C file → a portable object (LLVM bitcode for the virtual ISA).

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use migcc_sysroot::Sysroot;

use super::args::{Invocation, Lang, Mode};
use crate::toolchain;

fn frontend_for(inv: &Invocation, sysroot: &Sysroot, src: &Path, lang: Lang) -> Result<Command> {
    let mut cmd = toolchain::frontend(sysroot)?;
    cmd.args(&inv.frontend);
    // Last, so that they win over user flags: floating point stays
    // bit-identical across ISAs even under -ffast-math.
    cmd.args(["-fno-fast-math", "-ffp-contract=off"]);
    // Always state the language: migcc decided it (from -x or the
    // extension), and clang would take `-x c foo.txt` or `-x c -` for
    // linker inputs.
    let x = match lang {
        Lang::CppOutput => "cpp-output",
        Lang::C | Lang::Object => "c",
    };
    cmd.args(["-x", x]).arg(src);
    Ok(cmd)
}

/// Where `-MD`/`-MMD` output goes: the dependency file and the make target
/// it names (gcc: `-c -o obj.o` → `obj.d` with target `obj.o`).
pub struct DepNames<'a> {
    pub file: &'a Path,
    pub target: &'a Path,
}

/// `-MD`/`-MMD` without `-MF` or `-MT`/`-MQ`: clang would name the file and
/// target after its own output, a temporary file, so name them as gcc does.
fn dependency_flags(inv: &Invocation, deps: &DepNames) -> Vec<std::ffi::OsString> {
    let flags: Vec<&str> = inv.frontend.iter().filter_map(|f| f.to_str()).collect();
    let mut out = Vec::new();
    if !flags.iter().any(|f| *f == "-MD" || *f == "-MMD") {
        return out;
    }
    if !flags.iter().any(|f| f.starts_with("-MF")) {
        out.push("-MF".into());
        out.push(deps.file.into());
    }
    if !flags.iter().any(|f| f.starts_with("-MT") || f.starts_with("-MQ")) {
        out.push("-MQ".into());
        out.push(deps.target.into());
    }
    out
}

/// Compiles (`-c`) or emits textual portable IR (`-S`) into `out`.
pub fn compile(
    inv: &Invocation,
    sysroot: &Sysroot,
    src: &Path,
    lang: Lang,
    out: &Path,
    deps: &DepNames,
    mode: Mode,
) -> Result<()> {
    // The frontend's IR is checked before any optimisation, which could
    // hide a non-portable construct; then the pre-link pipeline runs.
    let unoptimised = tempfile::Builder::new().suffix(".bc").tempfile().context("cannot create a temporary file")?;
    crate::outputs::remove_on_fatal_error(unoptimised.path());
    let mut cmd = frontend_for(inv, sysroot, src, lang)?;
    cmd.args(dependency_flags(inv, deps));
    cmd.args(["-emit-llvm", "-c", "-Xclang", "-disable-llvm-passes", "-o"]).arg(unoptimised.path());
    let output = toolchain::run(&mut cmd, inv.verbose)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprint!("{stderr}");
    if !output.status.success() {
        bail!("cannot compile {}{}", src.display(), hint_for(&stderr));
    }
    let bitcode = std::fs::read(unoptimised.path()).context("cannot read the frontend's output")?;
    if inv.verbose {
        let passes = inv.opt().prelink_pipeline().unwrap_or("none (-O0)");
        eprintln!("migcc: check portability, lower computed goto, then optimise {}: {passes}", src.display());
    }
    let object = migcc_llvm_pass::prepare_object(&bitcode, src, inv.opt(), mode == Mode::Assembly)?;
    std::fs::write(out, object).with_context(|| format!("cannot write {}", out.display()))
}

/// Explains frontend failures that come from writing for one ISA.
fn hint_for(stderr: &str) -> &'static str {
    // x86 first: x86-only headers fail both on their #error and on their asm.
    if stderr.contains("x86") || stderr.contains("__builtin_ia32") || stderr.contains("intrin.h") {
        ": it uses x86 intrinsics, which are not portable across ISAs\nhint: use portable C (or generic __builtin_* functions) instead of ISA-specific intrinsics"
    } else if stderr.contains("<inline asm>") || stderr.contains("in asm") {
        ": it contains assembly, which is not portable across ISAs\nhint: replace the assembly with portable C, or guard it with #ifndef __migcc__"
    } else if stderr.contains("not supported for the current target") {
        ": it uses a builtin that this frontend target lacks, which is not portable across ISAs\nhint: use the standard equivalent (e.g. setjmp/longjmp instead of __builtin_setjmp)"
    } else if stderr.contains("arm_neon") || stderr.contains("__builtin_neon") || stderr.contains("__builtin_arm") {
        ": it uses Arm intrinsics, which are not portable across ISAs\nhint: use portable C instead of ISA-specific intrinsics"
    } else {
        ""
    }
}

/// `-E` (and `-M`/`-MM`): preprocessed output to stdout or `-o`;
/// `-fsyntax-only`: diagnostics only.
pub fn frontend_only(inv: &Invocation, sysroot: &Sysroot, src: &Path, lang: Lang, mode: Mode) -> Result<()> {
    let mut cmd = frontend_for(inv, sysroot, src, lang)?;
    if mode == Mode::SyntaxOnly {
        cmd.arg("-fsyntax-only");
    } else {
        cmd.arg("-E");
        if let Some(out) = &inv.output {
            cmd.arg("-o").arg(out);
        }
    }
    if inv.verbose {
        eprintln!("{}", migcc_sysroot::tools::command_line(&cmd));
    }
    let status = cmd.stdin(Stdio::inherit()).status().context("cannot run clang")?;
    if !status.success() {
        bail!("cannot {} {}", if mode == Mode::SyntaxOnly { "check" } else { "preprocess" }, src.display());
    }
    Ok(())
}
