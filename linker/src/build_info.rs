//! The build id: one identity shared by every ISA build of one link.
//!
//! It is computed once per link, before any executable is written, as a
//! SHA-256 over everything that goes into the builds: the portable
//! bitcode, the optimisation level, the ISA list, and each ISA's code
//! object and native archives. Every executable then carries it twice:
//! as the standard GNU build id (`ld.lld --build-id=0x...`, which `file`,
//! debuggers and `readelf -n` show) and in a `.note.migcc` note that also
//! records the ISA list and a format version. The note sits in the per-ISA
//! zone just after the ELF headers and in a PT_NOTE segment, so it can be
//! read from the file or from a running process's memory alike.
//!
//! `migcc verify` checks that all builds carry one id; a future checkpoint
//! will record the id so that it is only ever restored into a build of the
//! same link ([`build_info`]).

use std::fmt::Write as _;
use std::path::Path;

use migcc_sysroot::Isa;
use object::read::elf::{ElfFile64, ProgramHeader};
use object::write::{Object as WriteObject, SectionKind as WriteSectionKind, Symbol, SymbolSection};
use object::{elf, BinaryFormat, Endianness, FileFlags, Object, SectionFlags, SymbolFlags, SymbolKind, SymbolScope};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Error, IsaLink};

/// The symbol by which the program reads its own build id (32 bytes).
pub const RUNTIME_SYMBOL: &str = "__migcc_build_id";

/// Name of the note section, and of the note's owner.
pub const NOTE_SECTION: &str = ".note.migcc";
const NOTE_OWNER: &[u8] = b"migcc";
/// Note type of the build-info note (owner `migcc`).
const NT_MIGCC_BUILD_INFO: u32 = 1;
/// Version of the note's layout: u32 format, 32-byte id, then the ISA names
/// comma-separated and NUL-terminated. Readers refuse other versions.
pub const FORMAT_VERSION: u32 = 1;
const ID_LEN: usize = 32;

/// What every ISA build of one link records about that link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildInfo {
    /// Layout version of the note this was read from (or will be written as).
    pub format: u32,
    /// SHA-256 of the link's inputs; see the module documentation.
    pub id: [u8; ID_LEN],
    /// Every ISA the program was built for, in build order.
    pub isas: Vec<Isa>,
}

impl Serialize for BuildInfo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("BuildInfo", 3)?;
        st.serialize_field("format", &self.format)?;
        st.serialize_field("id", &self.id_hex())?;
        st.serialize_field("isas", &self.isas.iter().map(|i| i.name()).collect::<Vec<_>>())?;
        st.end()
    }
}

impl BuildInfo {
    /// The id of a link of `jobs`, whose code objects were generated from
    /// `bitcode` at optimisation level `opt`. Deterministic: the same inputs
    /// give the same id, and so the same executables.
    pub fn compute(bitcode: &[u8], opt: &str, jobs: &[IsaLink]) -> Result<BuildInfo, Error> {
        let mut hash = Sha256::new();
        let mut field = |tag: &str, bytes: &[u8]| {
            hash.update(tag.as_bytes());
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(bytes);
        };
        field("migcc build id", FORMAT_VERSION.to_le_bytes().as_slice());
        field("opt", opt.as_bytes());
        field("bitcode", bitcode);
        for job in jobs {
            field("isa", job.isa.name().as_bytes());
            field("object", &job.object);
            for archive in &job.archives {
                let bytes = std::fs::read(archive).map_err(|source| Error::Io { path: archive.clone(), source })?;
                field("archive", &bytes);
            }
        }
        Ok(BuildInfo { format: FORMAT_VERSION, id: hash.finalize().into(), isas: jobs.iter().map(|j| j.isa).collect() })
    }

    /// The id as lower-case hex, as `migcc verify` prints it.
    pub fn id_hex(&self) -> String {
        self.id.iter().fold(String::with_capacity(2 * ID_LEN), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }

    fn note_desc(&self) -> Vec<u8> {
        let mut desc = Vec::new();
        desc.extend_from_slice(&self.format.to_le_bytes());
        desc.extend_from_slice(&self.id);
        let names: Vec<&str> = self.isas.iter().map(|i| i.name()).collect();
        desc.extend_from_slice(names.join(",").as_bytes());
        desc.push(0);
        desc
    }

    fn parse_desc(desc: &[u8]) -> Result<BuildInfo, String> {
        let format = u32::from_le_bytes(desc.get(..4).ok_or("truncated note")?.try_into().expect("4 bytes"));
        if format != FORMAT_VERSION {
            return Err(format!("note format {format}; this migcc reads format {FORMAT_VERSION}"));
        }
        let id: [u8; ID_LEN] = desc.get(4..4 + ID_LEN).ok_or("truncated note")?.try_into().expect("id length");
        let rest = &desc[4 + ID_LEN..];
        let names = &rest[..rest.iter().position(|&b| b == 0).ok_or("unterminated ISA list")?];
        let names = std::str::from_utf8(names).map_err(|_| "ISA list is not UTF-8")?;
        let isas = names.split(',').map(|n| n.parse::<Isa>().map_err(|e| e.to_string())).collect::<Result<_, _>>()?;
        Ok(BuildInfo { format, id, isas })
    }

    /// A relocatable object for `isa` holding only the `.note.migcc`
    /// section. Its ELF flags are copied from `program` (the ISA's code
    /// object), so that ld.lld accepts it next to it (riscv64's float ABI).
    pub(crate) fn note_object(&self, isa: Isa, program: &[u8]) -> Result<Vec<u8>, Error> {
        let bad = |detail: String| Error::BadObject { isa, detail };
        let parsed = object::File::parse(program).map_err(|e| bad(e.to_string()))?;
        let mut obj = WriteObject::new(BinaryFormat::Elf, parsed.architecture(), Endianness::Little);
        if let FileFlags::Elf { os_abi, abi_version, e_flags } = parsed.flags() {
            obj.flags = FileFlags::Elf { os_abi, abi_version, e_flags };
        }
        let section = obj.add_section(Vec::new(), NOTE_SECTION.as_bytes().to_vec(), WriteSectionKind::Note);
        obj.section_mut(section).flags = SectionFlags::Elf { sh_flags: u64::from(elf::SHF_ALLOC) };
        let record = note(NOTE_OWNER, NT_MIGCC_BUILD_INFO, &self.note_desc());
        obj.append_section_data(section, &record, 4);
        // The id itself, for the program (its checkpoints carry it).
        let desc = 12 + (NOTE_OWNER.len() + 1).next_multiple_of(4) as u64;
        obj.add_symbol(Symbol {
            name: RUNTIME_SYMBOL.as_bytes().to_vec(),
            value: desc + 4,
            size: ID_LEN as u64,
            kind: SymbolKind::Data,
            scope: SymbolScope::Linkage,
            weak: false,
            section: SymbolSection::Section(section),
            flags: SymbolFlags::None,
        });
        obj.write().map_err(|e| bad(e.to_string()))
    }
}

/// One ELF note record (namesz, descsz, type, name, desc; 4-byte padded).
fn note(owner: &[u8], kind: u32, desc: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let pad = |out: &mut Vec<u8>| out.resize(out.len().next_multiple_of(4), 0);
    out.extend_from_slice(&(owner.len() as u32 + 1).to_le_bytes());
    out.extend_from_slice(&(desc.len() as u32).to_le_bytes());
    out.extend_from_slice(&kind.to_le_bytes());
    out.extend_from_slice(owner);
    out.push(0);
    pad(&mut out);
    out.extend_from_slice(desc);
    pad(&mut out);
    out
}

/// The notes a linked executable carries about its build.
#[derive(Default)]
pub(crate) struct Notes {
    pub migcc: Option<Result<BuildInfo, String>>,
    pub gnu_build_id: Option<Vec<u8>>,
}

/// Reads the migcc and GNU build-id notes from an executable's PT_NOTE
/// segments.
pub(crate) fn read_notes(elf: &ElfFile64<'_, Endianness>) -> Result<Notes, String> {
    let endian = elf.endian();
    let data = elf.data();
    let mut notes = Notes::default();
    for phdr in elf.elf_program_headers() {
        let Some(mut iter) = phdr.notes(endian, data).map_err(|e| e.to_string())? else {
            continue;
        };
        while let Some(n) = iter.next().map_err(|e| e.to_string())? {
            match (n.name(), n.n_type(endian)) {
                (NOTE_OWNER, NT_MIGCC_BUILD_INFO) => notes.migcc = Some(BuildInfo::parse_desc(n.desc())),
                (elf::ELF_NOTE_GNU, elf::NT_GNU_BUILD_ID) => notes.gnu_build_id = Some(n.desc().to_vec()),
                _ => {}
            }
        }
    }
    Ok(notes)
}

/// The build info recorded in a migcc executable: which link it comes
/// from, and which ISAs that link built. Fails with
/// [`Error::NoBuildInfo`] for an executable migcc did not link (or an
/// older migcc did), and [`Error::BadBuildInfo`] for an unreadable note.
pub fn build_info(path: &Path) -> Result<BuildInfo, Error> {
    let bad = |detail: String| Error::BadExecutable { path: path.to_path_buf(), detail };
    let data = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let elf = ElfFile64::<Endianness>::parse(&*data).map_err(|e| bad(e.to_string()))?;
    match read_notes(&elf).map_err(bad)?.migcc {
        None => Err(Error::NoBuildInfo { path: path.to_path_buf() }),
        Some(Err(detail)) => Err(Error::BadBuildInfo { path: path.to_path_buf(), detail }),
        Some(Ok(info)) => Ok(info),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(isa: Isa, object: &[u8]) -> IsaLink {
        IsaLink { isa, object: object.to_vec(), archives: Vec::new(), output: "out".into() }
    }

    #[test]
    fn the_id_depends_on_every_input_and_on_nothing_else() {
        let jobs = [job(Isa::X86_64, b"x"), job(Isa::Riscv64, b"r")];
        let a = BuildInfo::compute(b"bitcode", "O2", &jobs).unwrap();
        assert_eq!(a, BuildInfo::compute(b"bitcode", "O2", &jobs).unwrap(), "deterministic");
        assert_ne!(a.id, BuildInfo::compute(b"bitcode2", "O2", &jobs).unwrap().id);
        assert_ne!(a.id, BuildInfo::compute(b"bitcode", "O1", &jobs).unwrap().id);
        assert_ne!(a.id, BuildInfo::compute(b"bitcode", "O2", &jobs[..1]).unwrap().id);
        assert_ne!(
            a.id,
            BuildInfo::compute(b"bitcode", "O2", &[job(Isa::X86_64, b"y"), job(Isa::Riscv64, b"r")]).unwrap().id
        );
        assert_eq!(a.isas, [Isa::X86_64, Isa::Riscv64]);
        assert_eq!(a.id_hex().len(), 64);
    }

    #[test]
    fn the_note_round_trips() {
        let info = BuildInfo { format: FORMAT_VERSION, id: [7; ID_LEN], isas: Isa::ALL.to_vec() };
        assert_eq!(BuildInfo::parse_desc(&info.note_desc()).unwrap(), info);
        let mut other_version = info.note_desc();
        other_version[0] = 9;
        assert!(BuildInfo::parse_desc(&other_version).unwrap_err().contains("format 9"));
        assert!(BuildInfo::parse_desc(&info.note_desc()[..10]).is_err());
    }

    #[test]
    fn the_note_object_is_an_allocated_note_with_the_programs_flags() {
        use object::{ObjectSection, SectionKind};
        let mut program = WriteObject::new(BinaryFormat::Elf, object::Architecture::Riscv64, Endianness::Little);
        program.flags = FileFlags::Elf { os_abi: 0, abi_version: 0, e_flags: elf::EF_RISCV_FLOAT_ABI_DOUBLE };
        let program = program.write().unwrap();
        let info = BuildInfo { format: FORMAT_VERSION, id: [1; ID_LEN], isas: vec![Isa::Riscv64] };
        let bytes = info.note_object(Isa::Riscv64, &program).unwrap();
        let obj = object::File::parse(&*bytes).unwrap();
        assert_eq!(obj.flags(), FileFlags::Elf { os_abi: 0, abi_version: 0, e_flags: elf::EF_RISCV_FLOAT_ABI_DOUBLE });
        let section = obj.section_by_name(NOTE_SECTION).unwrap();
        assert_eq!(section.kind(), SectionKind::Note);
        assert_eq!(section.flags(), SectionFlags::Elf { sh_flags: u64::from(elf::SHF_ALLOC) });
        let data = section.data().unwrap();
        assert_eq!(&data[12..18], b"migcc\0");
        assert_eq!(BuildInfo::parse_desc(&data[20..]).unwrap(), info);
    }
}
