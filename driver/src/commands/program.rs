//! What a migcc executable says of itself, for the checkpoint commands:
//! which build of which program a process runs, its build id, its data
//! range, and whether it was built with `-fmigratable`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use migcc_checkpoint::ProgramFacts;
use migcc_llvm_pass::frame_table::{self, FrameTable};
use migcc_sysroot::Isa;
use object::{Object, ObjectSection, ObjectSymbol};

/// Symbols the checkpoint commands read: the aligned image's data range,
/// and the frame table only instrumented (-fmigratable) programs have.
const DATA_START: &str = "__migcc_data_start";
const DATA_END: &str = "__migcc_data_end";

/// One ISA build of a migcc program.
pub struct Program {
    /// The executable file.
    pub exe: PathBuf,
    pub isa: Isa,
    pub facts: ProgramFacts,
}

/// Reads an executable's build id and data range.
pub fn read(exe: &Path) -> Result<Program> {
    let info = migcc_linker::build_info(exe)?;
    let data = std::fs::read(exe).with_context(|| format!("cannot read {}", exe.display()))?;
    let elf = object::File::parse(&*data).with_context(|| format!("{} is not an ELF executable", exe.display()))?;
    let Some(isa) = migcc_linker::bundle::isa_of(&elf) else {
        bail!("{} is a {:?} executable, not one migcc builds", exe.display(), elf.architecture());
    };
    let symbol = |name: &str| elf.symbol_by_name(name).map(|s| s.address());
    let data_range = symbol(DATA_START).zip(symbol(DATA_END));
    Ok(Program {
        exe: exe.to_path_buf(),
        isa,
        facts: ProgramFacts { path: exe.to_path_buf(), build_id: info.id, data: data_range },
    })
}

/// The frame table of an instrumented build (llvm-pass's
/// `migrate::frame_table`): None when the build has none (not
/// -fmigratable, or its symbols were stripped).
pub fn frame_table(exe: &Path) -> Result<Option<FrameTable>> {
    let data = std::fs::read(exe).with_context(|| format!("cannot read {}", exe.display()))?;
    let elf = object::File::parse(&*data).with_context(|| format!("{} is not an ELF executable", exe.display()))?;
    let Some(symbol) = elf.symbol_by_name(frame_table::SYMBOL) else { return Ok(None) };
    let bytes = symbol
        .section_index()
        .and_then(|i| elf.section_by_index(i).ok())
        .and_then(|section| section.data_range(symbol.address(), symbol.size()).ok().flatten())
        .with_context(|| format!("{}: {} has no contents", exe.display(), frame_table::SYMBOL))?;
    FrameTable::decode(bytes).map(Some).map_err(|e| anyhow::anyhow!("{}: {e}", exe.display()))
}

/// The migcc program a process runs. Natively that is /proc/PID/exe;
/// under qemu-user /proc/PID/exe is qemu, and the guest program is one of
/// the files qemu mapped (/proc/PID/maps).
pub fn of_process(pid: i32) -> Result<Program> {
    let proc_dir = PathBuf::from(format!("/proc/{pid}"));
    if !proc_dir.exists() {
        bail!("there is no process {pid}");
    }
    let exe = std::fs::read_link(proc_dir.join("exe"))
        .with_context(|| format!("cannot read /proc/{pid}/exe: is process {pid} yours?"))?;
    let maps = std::fs::read_to_string(proc_dir.join("maps")).unwrap_or_default();
    let mut candidates = vec![exe.clone()];
    for path in maps.lines().filter_map(|l| l.split_whitespace().nth(5)).filter(|p| p.starts_with('/')) {
        let path = PathBuf::from(path);
        if !candidates.contains(&path) {
            candidates.push(path);
        }
    }
    for candidate in candidates {
        if migcc_linker::build_info(&candidate).is_ok() {
            return read(&candidate);
        }
    }
    bail!(
        "process {pid} ({}) is not a program built by migcc: `migcc checkpoint` works only for programs \
         built with `migcc -fmigratable`",
        exe.display()
    )
}
