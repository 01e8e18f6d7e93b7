//! The instruction sets migcc builds for, and the facts each one needs.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// One native instruction set of a multi-ISA build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Isa {
    X86_64,
    Aarch64,
    Riscv64,
}

impl Isa {
    pub const ALL: [Isa; 3] = [Isa::X86_64, Isa::Aarch64, Isa::Riscv64];

    pub fn name(self) -> &'static str {
        match self {
            Isa::X86_64 => "x86_64",
            Isa::Aarch64 => "aarch64",
            Isa::Riscv64 => "riscv64",
        }
    }

    /// `NAME.<isa>`: the file name of a program's build for this ISA when
    /// it is a file of its own (taken out of the program's one file).
    pub fn file_name(self, program_name: &OsStr) -> OsString {
        let mut name = program_name.to_owned();
        name.push(".");
        name.push(self.name());
        name
    }

    /// The program a [`Isa::file_name`] path was taken from: `app.riscv64`
    /// → `app`; `None` for a path without an ISA suffix.
    pub fn program_of(path: &Path) -> Option<PathBuf> {
        let suffix = path.extension()?.to_str()?;
        suffix.parse::<Isa>().ok().map(|_| path.with_extension(""))
    }

    /// LLVM triple used for native code generation.
    pub fn triple(self) -> &'static str {
        match self {
            Isa::X86_64 => "x86_64-unknown-linux-musl",
            Isa::Aarch64 => "aarch64-unknown-linux-musl",
            Isa::Riscv64 => "riscv64-unknown-linux-musl",
        }
    }

    /// Target CPU and features for code generation. The baselines keep the
    /// binaries runnable on any machine of that ISA. riscv64 disables linker
    /// relaxation: it would change function sizes after the layout is fixed.
    pub fn cpu_and_features(self) -> (&'static str, &'static str) {
        match self {
            Isa::X86_64 => ("x86-64", ""),
            Isa::Aarch64 => ("generic", "+neon"),
            Isa::Riscv64 => ("generic-rv64", "+m,+a,+f,+d,+c,-relax"),
        }
    }

    /// Extra clang flags for code compiled natively for this ISA.
    pub fn native_clang_flags(self) -> &'static [&'static str] {
        match self {
            Isa::X86_64 | Isa::Aarch64 => &[],
            Isa::Riscv64 => &["-march=rv64gc", "-mabi=lp64d", "-mno-relax"],
        }
    }

    /// The gcc whose libgcc.a supplies soft-float and 128-bit helpers, and
    /// the Debian package that provides it.
    pub fn libgcc_provider(self) -> (&'static str, &'static str) {
        match self {
            Isa::X86_64 => ("x86_64-linux-gnu-gcc", "gcc"),
            Isa::Aarch64 => ("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"),
            Isa::Riscv64 => ("riscv64-linux-gnu-gcc", "gcc-riscv64-linux-gnu"),
        }
    }

    /// The ISA of the machine migcc runs on, if it is one migcc targets.
    pub fn host() -> Option<Isa> {
        match std::env::consts::ARCH {
            "x86_64" => Some(Isa::X86_64),
            "aarch64" => Some(Isa::Aarch64),
            "riscv64" => Some(Isa::Riscv64),
            _ => None,
        }
    }
}

impl fmt::Display for Isa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unsupported ISA `{0}` (supported: x86_64, aarch64, riscv64)")]
pub struct UnknownIsa(pub String);

impl FromStr for Isa {
    type Err = UnknownIsa;
    fn from_str(s: &str) -> Result<Isa, UnknownIsa> {
        match s {
            "x86_64" | "x86-64" | "amd64" => Ok(Isa::X86_64),
            "aarch64" | "arm64" => Ok(Isa::Aarch64),
            "riscv64" => Ok(Isa::Riscv64),
            _ => Err(UnknownIsa(s.to_string())),
        }
    }
}
