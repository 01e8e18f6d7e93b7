//! Running external tools and turning their failures into typed errors.

use std::process::Command;

use crate::Error;

fn describe(cmd: &Command) -> String {
    cmd.get_program().to_string_lossy().into_owned()
}

/// Runs a command to completion; a non-zero exit becomes `Error::Command`.
pub(crate) fn run(cmd: &mut Command, what: &str) -> Result<(), Error> {
    run_capture(cmd, what).map(drop)
}

/// Runs a command and returns its stdout.
pub(crate) fn run_capture(cmd: &mut Command, what: &str) -> Result<String, Error> {
    let out = cmd.output().map_err(|e| Error::Command {
        tool: describe(cmd),
        what: what.to_string(),
        stderr: e.to_string(),
    })?;
    if !out.status.success() {
        return Err(Error::Command {
            tool: describe(cmd),
            what: what.to_string(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
