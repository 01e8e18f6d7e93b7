//! `llvm-ar` and `llvm-ranlib` next to `migcc`. CMake looks for a
//! Clang-like compiler's archiver by these names in the compiler's own
//! directory first (CMakeFindBinUtils); without them it takes the system's
//! `llvm-ar`, often of an older LLVM release, which cannot read migcc's
//! bitcode. Each runs the LLVM release migcc drives.

use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

use migcc_sysroot::tools::Tool;

/// Replaces this process with `tool`, passing the arguments on.
pub fn forward(tool: Tool) -> ExitCode {
    let path = match tool.find() {
        Ok(path) => path,
        Err(e) => {
            eprintln!("migcc: error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let error = Command::new(&path).args(std::env::args_os().skip(1)).exec();
    eprintln!("migcc: error: cannot run {}: {error}", path.display());
    ExitCode::FAILURE
}
