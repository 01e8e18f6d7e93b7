//! `cargo migcc ARGS...`: cargo runs this as `cargo-migcc migcc ARGS...`;
//! it becomes `migcc cargo ARGS...`, the migcc next to this executable.

use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).peekable();
    if args.peek().is_some_and(|a| a == "migcc") {
        args.next();
    }
    let migcc = match std::env::current_exe() {
        Ok(exe) => exe.with_file_name("migcc"),
        Err(e) => {
            eprintln!("migcc: error: cannot locate cargo-migcc itself: {e}");
            return ExitCode::FAILURE;
        }
    };
    let error = Command::new(&migcc).arg("cargo").args(args).exec();
    eprintln!("migcc: error: cannot run {}: {error}", migcc.display());
    ExitCode::FAILURE
}
