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
pub fn compile(
    inv: &Invocation,
    sysroot: &Sysroot,
    src: &Path,
    lang: Lang,
    out: &Path,
    mode: Mode,
) -> Result<()> {
    let mut cmd = frontend_for(inv, sysroot, src, lang)?;
    // The pre-link pipeline: whole-program optimisation happens at link time.
    cmd.arg("-flto=full")
        .arg(if mode == Mode::Compile { "-c" } else { "-S" })
        .arg("-o")
        .arg(out);
    let output = toolchain::run(&mut cmd, inv.verbose)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprint!("{stderr}");
    if !output.status.success() {
        let _ = std::fs::remove_file(out);
        bail!("cannot compile {}{}", src.display(), hint_for(&stderr));
    }
    if mode == Mode::Compile {
        let bitcode =
            std::fs::read(out).with_context(|| format!("cannot read {}", out.display()))?;
        if let Err(e) = migcc_llvm_pass::check_object(&bitcode, src) {
            let _ = std::fs::remove_file(out);
            return Err(e.into());
        }
    }
    Ok(())
}

/// Explains frontend failures that come from writing for one ISA.
fn hint_for(stderr: &str) -> &'static str {
    if stderr.contains("only meant to be used on x86")
        || stderr.contains("immintrin")
        || stderr.contains("__builtin_ia32")
    {
        ": it uses x86 intrinsics, which are not portable across ISAs\nhint: use portable C (or generic __builtin_* functions) instead of ISA-specific intrinsics"
    } else if stderr.contains("arm_neon")
        || stderr.contains("__builtin_neon")
        || stderr.contains("__builtin_arm")
    {
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
    let status = cmd
        .stdin(Stdio::inherit())
        .status()
        .context("cannot run clang")?;
    if !status.success() {
        bail!("cannot preprocess {}", src.display());
    }
    Ok(())
}
