//! Code size of an executable: the bytes of its executable ELF sections.

use std::path::Path;

use anyhow::{Context, Result};
use object::elf::SHF_EXECINSTR;
use object::{Object, ObjectSection, SectionFlags};

/// Sum of the sizes of all sections flagged SHF_EXECINSTR (`.text`, `.init`,
/// `.plt`...): machine code only, not data or symbols.
pub fn executable_bytes(path: &Path) -> Result<u64> {
    let data = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let file = object::File::parse(&*data).with_context(|| format!("parsing {} as ELF", path.display()))?;
    Ok(file
        .sections()
        .filter(|s| matches!(s.flags(), SectionFlags::Elf { sh_flags } if sh_flags & u64::from(SHF_EXECINSTR) != 0))
        .map(|s| s.size())
        .sum())
}
