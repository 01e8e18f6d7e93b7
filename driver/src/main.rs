//! `migcc`: a drop-in C compiler driver that builds migratable multi-ISA
//! executables. See docs/USAGE.md.

mod cc;
mod commands;
mod isa_build;
mod outputs;
mod toolchain;

use std::process::ExitCode;

fn main() -> ExitCode {
    migcc_llvm_pass::on_fatal_error(outputs::fatal_error);
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    match commands::dispatch(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("migcc: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
