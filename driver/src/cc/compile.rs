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
    if lang == Lang::CppOutput {
        cmd.args(["-x", "cpp-output"]);
    }
    cmd.arg(src);
    Ok(cmd)
}

/// Compiles (`-c`) or emits textual portable IR (`-S`) into `out`.
pub fn compile(inv: &Invocation, sysroot: &Sysroot, src: &Path, lang: Lang, out: &Path, mode: Mode) -> Result<()> {
    // The frontend's IR is checked before any optimisation, which could
    // hide a non-portable construct; then the pre-link pipeline runs.
    let unoptimised = tempfile::Builder::new().suffix(".bc").tempfile().context("cannot create a temporary file")?;
    crate::outputs::remove_on_fatal_error(unoptimised.path());
    let mut cmd = frontend_for(inv, sysroot, src, lang)?;
    cmd.args(["-emit-llvm", "-c", "-Xclang", "-disable-llvm-passes", "-o"]).arg(unoptimised.path());
    let output = toolchain::run(&mut cmd, inv.verbose)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprint!("{stderr}");
    if !output.status.success() {
        bail!("cannot compile {}{}", src.display(), hint_for(&stderr));
    }
    let bitcode = std::fs::read(unoptimised.path()).context("cannot read the frontend's output")?;
    let object = migcc_llvm_pass::prepare_object(&bitcode, src, inv.opt, mode == Mode::Assembly)?;
    std::fs::write(out, object).with_context(|| format!("cannot write {}", out.display()))
}

/// Explains frontend failures that come from writing for one ISA.
fn hint_for(stderr: &str) -> &'static str {
    if stderr.contains("<inline asm>") {
        ": it contains assembly, which is not portable across ISAs\nhint: replace the assembly with portable C, or guard it with #ifndef __migcc__"
    } else if stderr.contains("x86") || stderr.contains("__builtin_ia32") || stderr.contains("intrin.h") {
        ": it uses x86 intrinsics, which are not portable across ISAs\nhint: use portable C (or generic __builtin_* functions) instead of ISA-specific intrinsics"
    } else if stderr.contains("arm_neon") || stderr.contains("__builtin_neon") || stderr.contains("__builtin_arm") {
        ": it uses Arm intrinsics, which are not portable across ISAs\nhint: use portable C instead of ISA-specific intrinsics"
    } else {
        ""
    }
}

/// `-E` (and `-M`/`-MM`): preprocessed output to stdout or `-o`.
pub fn preprocess(inv: &Invocation, sysroot: &Sysroot, src: &Path) -> Result<()> {
    let mut cmd = frontend_for(inv, sysroot, src, Lang::C)?;
    cmd.arg("-E");
    if let Some(out) = &inv.output {
        cmd.arg("-o").arg(out);
    }
    if inv.verbose {
        eprintln!("{}", toolchain::render(&cmd));
    }
    let status = cmd.stdin(Stdio::inherit()).status().context("cannot run clang")?;
    if !status.success() {
        bail!("cannot preprocess {}", src.display());
    }
    Ok(())
}
