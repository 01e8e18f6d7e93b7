//! External tools migcc drives, and the Debian package that provides each.

use std::path::PathBuf;

/// A command-line tool migcc needs at build or run time.
#[derive(Clone, Copy, Debug)]
pub struct Tool {
    pub command: &'static str,
    pub package: &'static str,
    /// Environment variable that overrides the command (used by tests).
    pub env_override: Option<&'static str>,
}

#[derive(Debug, thiserror::Error)]
#[error("`{command}` was not found: install the Debian package `{package}` (scripts/setup.sh installs everything migcc needs)")]
pub struct MissingTool {
    pub command: String,
    pub package: String,
}

/// The major version of the LLVM release migcc links (inkwell's `llvm22-1`)
/// and drives. The bitcode it writes is readable only by this release or a
/// later one.
macro_rules! llvm_major {
    () => {
        "22"
    };
}
pub const LLVM_MAJOR: &str = llvm_major!();

/// Debian's versioned commands and packages of that release: `clang-22`.
macro_rules! llvm_release {
    ($name:literal) => {
        concat!($name, "-", llvm_major!())
    };
}

pub const CLANG: Tool =
    Tool { command: llvm_release!("clang"), package: llvm_release!("clang"), env_override: Some("MIGCC_CLANG") };
pub const LLD: Tool =
    Tool { command: llvm_release!("ld.lld"), package: llvm_release!("lld"), env_override: Some("MIGCC_LLD") };
pub const LLVM_AR: Tool =
    Tool { command: llvm_release!("llvm-ar"), package: llvm_release!("llvm"), env_override: None };
pub const LLVM_RANLIB: Tool =
    Tool { command: llvm_release!("llvm-ranlib"), package: llvm_release!("llvm"), env_override: None };
pub const LLVM_OBJCOPY: Tool =
    Tool { command: llvm_release!("llvm-objcopy"), package: llvm_release!("llvm"), env_override: None };
/// Debian's Rust (rustc-web, cargo-web) by absolute path: a rustup toolchain
/// that comes first in PATH has no std sources, and its release may differ.
pub const RUSTC: Tool = Tool { command: "/usr/bin/rustc", package: "rustc-web", env_override: Some("MIGCC_RUSTC") };
pub const CARGO: Tool = Tool { command: "/usr/bin/cargo", package: "cargo-web", env_override: Some("MIGCC_CARGO") };
pub const QEMU_AARCH64: Tool = Tool { command: "qemu-aarch64", package: "qemu-user", env_override: None };
pub const QEMU_RISCV64: Tool = Tool { command: "qemu-riscv64", package: "qemu-user", env_override: None };
pub const APT_GET: Tool = Tool { command: "apt-get", package: "apt", env_override: None };
pub const PATCH: Tool = Tool { command: "patch", package: "patch", env_override: None };

impl Tool {
    /// Resolves the tool to an executable path, or says which package to install.
    pub fn find(&self) -> Result<PathBuf, MissingTool> {
        if let Some(var) = self.env_override {
            if let Some(path) = std::env::var_os(var) {
                let path = PathBuf::from(path);
                return which::which(&path).map_err(|_| MissingTool {
                    command: format!("{} (from {var})", path.display()),
                    package: self.package.to_string(),
                });
            }
        }
        which::which(self.command)
            .map_err(|_| MissingTool { command: self.command.to_string(), package: self.package.to_string() })
    }
}

/// A command as one line, for `-v`: the program and its arguments.
pub fn command_line(cmd: &std::process::Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
