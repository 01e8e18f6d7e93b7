//! Answers the probes that configure scripts and cmake send a compiler.

use std::process::Command;

use anyhow::Result;
use migcc_sysroot::{tools, Isa};

use super::args::{Invocation, Probe};
use crate::toolchain;

pub fn answer(probe: &Probe, inv: &Invocation) -> Result<()> {
    match probe {
        Probe::Version => {
            for line in version_lines()? {
                println!("{line}");
            }
        }
        Probe::VerboseVersion => {
            for line in version_lines()? {
                eprintln!("{line}");
            }
            eprintln!("Thread model: posix");
        }
        // Programs built by migcc run natively on the build machine (the
        // plain output is its ISA's build), so configure scripts see a
        // native compiler.
        Probe::DumpMachine => println!("{}", Isa::host().unwrap_or(Isa::X86_64).triple()),
        Probe::DumpVersion => println!("{}", tools::LLVM_MAJOR),
        Probe::PrintProgName(name) => match name.as_str() {
            // An archiver that indexes portable objects.
            "ar" => println!("{}", tools::LLVM_AR.find()?.display()),
            "ranlib" => println!("{}", tools::LLVM_RANLIB.find()?.display()),
            other => println!("{other}"),
        },
        // The compiler's own headers (stddef.h, stdarg.h...), which kernels
        // and freestanding builds add with -nostdinc -isystem.
        Probe::PrintFileName(name) if name == "include" => {
            let clang = tools::CLANG.find()?;
            let dir = Command::new(clang).arg("-print-resource-dir").output()?;
            println!("{}/include", String::from_utf8_lossy(&dir.stdout).trim());
        }
        Probe::PrintFileName(name) => {
            let sysroot = toolchain::sysroot()?;
            let lib = sysroot.root().join("lib").join(name);
            let found = std::iter::once(lib).chain(inv.lib_dirs.iter().map(|d| d.join(name))).find(|p| p.exists());
            match found {
                Some(path) => println!("{}", path.display()),
                None => println!("{name}"),
            }
        }
        Probe::PrintLibgccFileName => {
            println!("{}", migcc_sysroot::libgcc(Isa::host().unwrap_or(Isa::X86_64))?.display())
        }
        Probe::PrintSearchDirs => {
            let sysroot = toolchain::sysroot()?;
            println!("install: {}/", sysroot.root().display());
            println!("programs: =");
            println!("libraries: ={}/lib", sysroot.root().display());
        }
        Probe::PrintMultiOsDirectory | Probe::PrintMultiDirectory => println!("."),
        // No multilibs, and no Debian multiarch directory: gcc prints an
        // empty line when it has none (and Python's configure compares a
        // non-empty answer with the platform triplet it detects).
        Probe::PrintMultiLib => println!(".;"),
        Probe::PrintMultiarch => println!(),
        Probe::PrintSysroot => println!("{}", toolchain::sysroot()?.root().display()),
    }
    Ok(())
}

/// What `--version` prints (and `-v` alone, on stderr).
fn version_lines() -> Result<Vec<String>> {
    let clang = tools::CLANG.find()?;
    let version = Command::new(&clang).arg("--version").output()?;
    let first = String::from_utf8_lossy(&version.stdout).lines().next().unwrap_or_default().to_string();
    Ok(vec![
        format!("migcc {} (multi-ISA: x86_64, aarch64, riscv64)", env!("CARGO_PKG_VERSION")),
        format!("frontend: {first}"),
        format!("virtual ISA: {}", migcc_sysroot::CANONICAL_TRIPLE),
    ])
}
