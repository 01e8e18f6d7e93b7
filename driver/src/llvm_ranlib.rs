//! `llvm-ranlib` for CMake: see llvm_tool.rs.

#[path = "llvm_tool.rs"]
mod llvm_tool;

fn main() -> std::process::ExitCode {
    llvm_tool::forward(migcc_sysroot::tools::LLVM_RANLIB)
}
