//! Runs ld.lld for one ISA with the generated script.

use std::fs;
use std::path::Path;
use std::process::Command;

use migcc_sysroot::tools;

use crate::build_info::BuildInfo;
use crate::layout::Layout;
use crate::{script, Error, IsaLink};

/// Matches the program's object file, as written below, in the script.
pub(crate) const PROGRAM_OBJECT_GLOB: &str = "program.*.o";

/// Links one ISA's executable; with `verbose`, prints the ld.lld command first.
pub(crate) fn link(
    job: &IsaLink,
    layout: &Layout,
    build: &BuildInfo,
    scratch: &Path,
    verbose: bool,
) -> Result<(), Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let object = scratch.join(format!("program.{}.o", job.isa));
    fs::write(&object, &job.object).map_err(io(&object))?;
    // The build id, as a note of its own (see build_info.rs).
    let note = scratch.join(format!("build-info.{}.o", job.isa));
    fs::write(&note, build.note_object(job.isa, &job.object)?).map_err(io(&note))?;
    let script_path = scratch.join(format!("layout.{}.ld", job.isa));
    fs::write(&script_path, script::render(layout, job.isa)).map_err(io(&script_path))?;

    let lld = tools::LLD.find()?;
    let mut cmd = Command::new(lld);
    // No relaxation: riscv64 relaxation would shrink code after the layout
    // was fixed.
    cmd.args([
        "-static",
        "-nostdlib",
        "--no-relax",
        "-z",
        "noexecstack",
        // No dynamic relocations exist, so nothing needs a RELRO segment,
        // and init/fini arrays live in the aligned image, not beside .got.
        "-z",
        "norelro",
        "-z",
        "max-page-size=65536",
    ])
    .arg(format!("--build-id=0x{}", build.id_hex()))
    .arg("-T")
    .arg(&script_path)
    .arg("-o")
    .arg(&job.output)
    .arg(&object)
    .arg(&note)
    .args(&job.archives);
    if verbose {
        eprintln!("{}", tools::command_line(&cmd));
    }
    let out = cmd.output().map_err(io(Path::new("ld.lld")))?;
    if !out.status.success() {
        let _ = fs::remove_file(&job.output);
        return Err(Error::Lld { isa: job.isa, stderr: String::from_utf8_lossy(&out.stderr).into_owned() });
    }
    Ok(())
}
