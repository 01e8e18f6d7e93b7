//! `migcc verify`: reads the final executables of one link and proves
//! that their aligned images agree, and that everything else in them is
//! per-ISA by design. What it proves, exactly (docs/ARCHITECTURE.md,
//! "What verify proves"):
//!
//! - every build of the link is present, and all carry one build id;
//! - every PT_LOAD segment of the aligned image has the same address,
//!   sizes, permissions and alignment in every build, and so does every
//!   section in it;
//! - every byte of the aligned image that is not code (read-only data,
//!   init/fini arrays, data) is identical in every build, padding included;
//!   zero-initialised data has the same size;
//! - no 8-byte word of that data holds an address inside the used part of
//!   a build's per-ISA zone;
//! - every symbol of every build is either shared (then it lies in the
//!   aligned image, and has the same address, section kind and, outside
//!   code, size in every build) or per-ISA by design: defined by the
//!   per-ISA layer or libgcc of its ISA, or by the linker;
//! - no two objects of one build overlap (aliases, identical ranges, aside).
//!
//! Symbols are matched across builds by origin and name: locals by the
//! STT_FILE symbol that heads their group, globals (and hidden globals the
//! linker made local) by name alone.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use migcc_sysroot::Isa;
use object::elf;
use object::read::archive::ArchiveFile;
use object::read::elf::{ElfFile64, ProgramHeader, SectionHeader, Sym};
use object::{Endianness, Object, ObjectSymbol, SymbolKind};
use rayon::prelude::*;
use serde::Serialize;

use crate::address_map::{ALIGNED_BASE, ALIGNED_END, PER_ISA_BASE};
use crate::build_info::{self, BuildInfo, Notes};
use crate::{Error, IsaLink};

/// One ISA build to verify, with the native archives that were linked into
/// it: what they define is per-ISA by design.
#[derive(Clone, Debug)]
pub struct Build {
    pub isa: Isa,
    /// May be missing: a missing build is reported, not skipped.
    pub executable: PathBuf,
    /// The per-ISA layer and libgcc of this ISA.
    pub per_isa_archives: Vec<PathBuf>,
}

impl From<&IsaLink> for Build {
    fn from(job: &IsaLink) -> Build {
        Build { isa: job.isa, executable: job.output.clone(), per_isa_archives: job.archives.clone() }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Text,
    Rodata,
    Data,
    Bss,
    Tls,
    Absolute,
    Unallocated,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SymbolInfo {
    pub address: u64,
    pub size: u64,
    pub kind: Kind,
    /// The output section, empty for absolute symbols.
    pub section: String,
}

#[derive(Debug, Serialize)]
pub struct Mismatch {
    /// The symbol at fault, or the segment, section or file when no symbol
    /// is.
    pub symbol: String,
    pub problem: String,
    /// The symbol as each ISA build has it (absent where missing).
    pub builds: BTreeMap<String, Option<SymbolInfo>>,
    /// Per-ISA details of a problem that is not about one symbol's place.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
pub struct VerifyReport {
    /// The build id all builds carry (that of the first build, if they
    /// disagree: that is then a mismatch).
    pub build_id: Option<String>,
    /// The ISAs the link built, as its builds record them.
    pub isas: Vec<String>,
    /// The builds that were read.
    pub builds: Vec<String>,
    /// Shared symbols compared across builds.
    pub symbols_checked: usize,
    /// Symbols that are per-ISA by design (per-ISA layer, libgcc, linker),
    /// by ISA.
    pub per_isa_symbols: BTreeMap<String, Vec<String>>,
    /// Aligned PT_LOAD segments compared.
    pub segments_checked: usize,
    /// Bytes of aligned non-code data compared byte for byte.
    pub data_bytes_checked: u64,
    pub mismatches: Vec<Mismatch>,
}

impl VerifyReport {
    pub fn is_aligned(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// Symbols ld.lld defines itself when a reference asks for them
/// (lld/ELF/Writer.cpp: `addReservedSymbols`, `addRelIpltSymbols`,
/// `addStartEndSymbols`), and those our script defines (script.rs; a test
/// below keeps the two in step). lld gives them type NOTYPE and size 0;
/// `__start_<sec>`/`__stop_<sec>` are accepted for output sections that
/// exist in the build.
const LINKER_DEFINED: &[&str] = &[
    "__ehdr_start",
    "__executable_start",
    "__dso_handle",
    "_GLOBAL_OFFSET_TABLE_",
    "__global_pointer$",
    "_TLS_MODULE_BASE_",
    "_etext",
    "etext",
    "_edata",
    "edata",
    "_end",
    "end",
    "__bss_start",
    "__rela_iplt_start",
    "__rela_iplt_end",
    "__preinit_array_start",
    "__preinit_array_end",
    "__init_array_start",
    "__init_array_end",
    "__fini_array_start",
    "__fini_array_end",
    crate::script::DATA_START,
    crate::script::DATA_END,
];

/// Where a symbol comes from, the first half of its identity.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Origin {
    /// Global, weak, or a hidden global the linker made local: one
    /// definition in the whole link.
    Global,
    /// A true local, in the group headed by this STT_FILE symbol.
    File(String),
    /// A true local before any STT_FILE symbol.
    Unattributed,
}

type Key = (Origin, String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Zone {
    Aligned,
    PerIsa,
    /// Absolute or not allocated: no address in the image.
    Elsewhere,
}

#[derive(Clone, Debug)]
struct SectionInfo {
    name: String,
    address: u64,
    size: u64,
    sh_type: u32,
    sh_flags: u64,
    kind: Kind,
    zone: Zone,
}

#[derive(Clone, Debug)]
struct Symbol {
    key: Key,
    address: u64,
    size: u64,
    st_type: u8,
    kind: Kind,
    section: String,
    zone: Zone,
}

impl Symbol {
    fn info(&self) -> SymbolInfo {
        SymbolInfo { address: self.address, size: self.size, kind: self.kind, section: self.section.clone() }
    }

    /// Occupies addresses of the image (TLS values are offsets).
    fn occupies(&self) -> Option<(u64, u64)> {
        (self.size > 0 && self.zone != Zone::Elsewhere && self.kind != Kind::Tls)
            .then(|| (self.address, self.address + self.size))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Segment {
    vaddr: u64,
    memsz: u64,
    filesz: u64,
    flags: u32,
    align: u64,
    offset: u64,
}

impl Segment {
    fn describe(&self) -> String {
        let f = |bit, c| if self.flags & bit != 0 { c } else { '-' };
        format!(
            "{:#x} memsz {:#x} filesz {:#x} {}{}{} align {:#x}",
            self.vaddr,
            self.memsz,
            self.filesz,
            f(elf::PF_R, 'R'),
            f(elf::PF_W, 'W'),
            f(elf::PF_X, 'X'),
            self.align
        )
    }

    fn same_shape(&self, other: &Segment) -> bool {
        (self.vaddr, self.memsz, self.filesz, self.flags, self.align)
            == (other.vaddr, other.memsz, other.filesz, other.flags, other.align)
    }
}

/// One executable, read.
struct Image {
    isa: Isa,
    path: PathBuf,
    data: Vec<u8>,
    notes: Notes,
    aligned_segments: Vec<Segment>,
    sections: Vec<SectionInfo>,
    symbols: Vec<Symbol>,
    /// Segments that straddle the start of the aligned image.
    straddling: Vec<Segment>,
}

fn aligned_address(address: u64) -> bool {
    (ALIGNED_BASE..ALIGNED_END).contains(&address)
}

fn section_kind(sh_type: u32, sh_flags: u64) -> Kind {
    let has = |flag: u32| sh_flags & u64::from(flag) != 0;
    if !has(elf::SHF_ALLOC) {
        Kind::Unallocated
    } else if has(elf::SHF_TLS) {
        Kind::Tls
    } else if has(elf::SHF_EXECINSTR) {
        Kind::Text
    } else if sh_type == elf::SHT_NOBITS {
        Kind::Bss
    } else if has(elf::SHF_WRITE) {
        Kind::Data
    } else {
        Kind::Rodata
    }
}

/// Assembler annotations, not objects: ELF mapping symbols (`$x`, `$d`,
/// riscv64's `$x<isa string>`: AArch64 ELF ABI and RISC-V psABI) and
/// assembler-private labels (`.L`, LLVM's private prefix on ELF: jump
/// tables and constant pools that stay in the symbol table on riscv64).
/// Both are local, untyped and without size.
fn is_annotation(name: &str, st_bind: u8, st_type: u8, size: u64) -> bool {
    st_bind == elf::STB_LOCAL
        && st_type == elf::STT_NOTYPE
        && size == 0
        && (name.starts_with('$') || name.starts_with(".L"))
}

fn read_image(isa: Isa, path: &Path) -> Result<Image, Error> {
    let bad = |detail: String| Error::BadExecutable { path: path.to_path_buf(), detail };
    let data = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let elf = ElfFile64::<Endianness>::parse(&*data).map_err(|e| bad(e.to_string()))?;
    let endian = elf.endian();
    let notes = build_info::read_notes(&elf).map_err(bad)?;

    let mut aligned_segments = Vec::new();
    let mut straddling = Vec::new();
    for phdr in elf.elf_program_headers() {
        if phdr.p_type(endian) != elf::PT_LOAD {
            continue;
        }
        let seg = Segment {
            vaddr: phdr.p_vaddr(endian),
            memsz: phdr.p_memsz(endian),
            filesz: phdr.p_filesz(endian),
            flags: phdr.p_flags(endian),
            align: phdr.p_align(endian),
            offset: phdr.p_offset(endian),
        };
        if seg.filesz > 0 && seg.offset.checked_add(seg.filesz).is_none_or(|end| end > data.len() as u64) {
            return Err(bad(format!("segment at {:#x} lies past the end of the file", seg.vaddr)));
        }
        if aligned_address(seg.vaddr) {
            aligned_segments.push(seg);
        } else if seg.vaddr < ALIGNED_BASE && seg.vaddr + seg.memsz > ALIGNED_BASE {
            straddling.push(seg.clone());
        }
    }

    let table = elf.elf_section_table();
    let mut sections = Vec::new();
    for header in table.iter() {
        let name = table.section_name(endian, header).map_err(|e| bad(e.to_string()))?;
        let (sh_type, sh_flags) = (header.sh_type(endian), header.sh_flags(endian));
        let kind = section_kind(sh_type, sh_flags);
        let address = header.sh_addr(endian);
        let zone = match kind {
            Kind::Unallocated => Zone::Elsewhere,
            _ if aligned_address(address) => Zone::Aligned,
            _ => Zone::PerIsa,
        };
        sections.push(SectionInfo {
            name: String::from_utf8_lossy(name).into_owned(),
            address,
            size: header.sh_size(endian),
            sh_type,
            sh_flags,
            kind,
            zone,
        });
    }

    let symtab = elf.elf_symbol_table();
    let strings = symtab.strings();
    let mut symbols = Vec::new();
    let mut file: Option<String> = None;
    for (i, sym) in symtab.iter().enumerate().skip(1) {
        let name = String::from_utf8_lossy(sym.name(endian, strings).map_err(|e| bad(e.to_string()))?).into_owned();
        let (st_bind, st_type, size) = (sym.st_bind(), sym.st_type(), sym.st_size(endian));
        if st_type == elf::STT_FILE {
            file = Some(name);
            continue;
        }
        let shndx = sym.st_shndx(endian);
        if st_type == elf::STT_SECTION || shndx == elf::SHN_UNDEF || name.is_empty() {
            continue;
        }
        if is_annotation(&name, st_bind, st_type, size) {
            continue;
        }
        let origin = if st_bind != elf::STB_LOCAL || sym.st_visibility() != elf::STV_DEFAULT {
            Origin::Global
        } else {
            file.clone().map_or(Origin::Unattributed, Origin::File)
        };
        let (kind, section, zone) = if shndx == elf::SHN_ABS {
            (Kind::Absolute, String::new(), Zone::Elsewhere)
        } else {
            let index = if shndx == elf::SHN_XINDEX {
                symtab.shndx(endian, object::SymbolIndex(i)).unwrap_or(0) as usize
            } else {
                usize::from(shndx)
            };
            let s = sections.get(index).ok_or_else(|| bad(format!("symbol `{name}` has no section {index}")))?;
            (if st_type == elf::STT_TLS { Kind::Tls } else { s.kind }, s.name.clone(), s.zone)
        };
        symbols.push(Symbol { key: (origin, name), address: sym.st_value(endian), size, st_type, kind, section, zone });
    }
    Ok(Image { isa, path: path.to_path_buf(), data, notes, aligned_segments, sections, symbols, straddling })
}

/// What one ISA's native archives define.
#[derive(Default)]
struct PerIsaDefinitions {
    globals: HashSet<String>,
    /// (STT_FILE name, local name) of members that have an STT_FILE symbol.
    locals: HashSet<(String, String)>,
    /// Locals of members without one: in the executable they follow
    /// whichever STT_FILE symbol came before, so only the name is known.
    fileless_locals: HashSet<String>,
    all_locals: HashSet<String>,
}

impl PerIsaDefinitions {
    fn read(archives: &[PathBuf]) -> Result<PerIsaDefinitions, Error> {
        let mut defs = PerIsaDefinitions::default();
        for path in archives {
            let bad = |detail: String| Error::BadExecutable { path: path.clone(), detail };
            let data = std::fs::read(path).map_err(|source| Error::Io { path: path.clone(), source })?;
            let archive = ArchiveFile::parse(&*data).map_err(|e| bad(e.to_string()))?;
            for member in archive.members() {
                let member = member.map_err(|e| bad(e.to_string()))?;
                let bytes = member.data(&*data).map_err(|e| bad(e.to_string()))?;
                let Ok(obj) = object::File::parse(bytes) else {
                    continue;
                };
                let file = obj.symbols().find(|s| s.kind() == SymbolKind::File).and_then(|s| s.name().ok());
                for sym in obj.symbols() {
                    let Ok(name) = sym.name() else { continue };
                    if sym.is_undefined()
                        || name.is_empty()
                        || matches!(sym.kind(), SymbolKind::File | SymbolKind::Section)
                    {
                        continue;
                    }
                    if sym.is_local() {
                        defs.all_locals.insert(name.to_string());
                        match file {
                            Some(f) => defs.locals.insert((f.to_string(), name.to_string())),
                            None => defs.fileless_locals.insert(name.to_string()),
                        };
                    } else {
                        defs.globals.insert(name.to_string());
                    }
                }
            }
        }
        Ok(defs)
    }

    fn defines(&self, (origin, name): &Key) -> bool {
        match origin {
            Origin::Global => self.globals.contains(name),
            Origin::File(f) => self.locals.contains(&(f.clone(), name.clone())) || self.fileless_locals.contains(name),
            Origin::Unattributed => self.all_locals.contains(name),
        }
    }
}

/// Read-only arrays an ISA's code generator makes for one function's own
/// use, as it would a constant pool: LLVM's RISC-V backend (from LLVM 22)
/// moves a function's double constants into `.promoted_doubles.<function>`.
/// Their names cannot be C identifiers, and only that function's code
/// loads from them, so no migrated pointer can hold their address.
const CODE_GENERATOR_CONSTANTS: &[&str] = &[".promoted_doubles."];

fn code_generator_constant(sym: &Symbol) -> bool {
    let name = sym.key.1.as_str();
    !matches!(sym.key.0, Origin::Global)
        && sym.kind == Kind::Rodata
        && CODE_GENERATOR_CONSTANTS.iter().any(|prefix| name.starts_with(prefix))
}

fn linker_defined(sym: &Symbol, sections: &[SectionInfo]) -> bool {
    let name = sym.key.1.as_str();
    let start_stop = ["__start_", "__stop_"]
        .iter()
        .filter_map(|p| name.strip_prefix(p))
        .any(|sec| sections.iter().any(|s| s.name == sec));
    sym.st_type == elf::STT_NOTYPE && sym.size == 0 && (LINKER_DEFINED.contains(&name) || start_stop)
}

fn display(key: &Key, ambiguous: &HashSet<&str>) -> String {
    match &key.0 {
        Origin::File(f) if ambiguous.contains(key.1.as_str()) => format!("{} ({f})", key.1),
        _ => key.1.clone(),
    }
}

/// Collects mismatches, keyed so that each is reported once.
#[derive(Default)]
struct Findings {
    list: Vec<Mismatch>,
}

impl Findings {
    fn push(&mut self, symbol: String, problem: String) -> &mut Mismatch {
        self.list.push(Mismatch { symbol, problem, builds: BTreeMap::new(), notes: BTreeMap::new() });
        self.list.last_mut().expect("just pushed")
    }
}

/// Verifies the builds of one link. Missing executables, builds from
/// other links and builds of ISAs the link did not record are reported as
/// mismatches; unreadable files are errors.
pub fn verify(builds: &[Build]) -> Result<VerifyReport, Error> {
    let mut findings = Findings::default();
    let present: Vec<&Build> = builds.iter().filter(|b| b.executable.exists()).collect();
    for b in builds.iter().filter(|b| !b.executable.exists()) {
        findings.push(b.executable.display().to_string(), format!("the {} build is missing", b.isa));
    }
    let loaded = present
        .par_iter()
        .map(|b| Ok((read_image(b.isa, &b.executable)?, PerIsaDefinitions::read(&b.per_isa_archives)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let (images, defs): (Vec<Image>, Vec<PerIsaDefinitions>) = loaded.into_iter().unzip();

    let recorded = check_build_ids(builds, &images, &mut findings);
    check_segments(&images, &mut findings);
    check_sections(&images, &mut findings);

    // Sort every symbol into per-ISA by design or shared.
    let mut per_isa_symbols = BTreeMap::new();
    let mut shared: Vec<BTreeMap<Key, Vec<&Symbol>>> = Vec::new();
    let mut outside: BTreeSet<Key> = BTreeSet::new();
    for (image, defs) in images.iter().zip(&defs) {
        let mut names = BTreeSet::new();
        let mut table: BTreeMap<Key, Vec<&Symbol>> = BTreeMap::new();
        for sym in &image.symbols {
            // migcc's build note (build_info.rs) and its symbol are per-ISA.
            let in_build_note = sym.section == crate::build_info::NOTE_SECTION;
            let by_design = sym.zone != Zone::Aligned
                && (defs.defines(&sym.key)
                    || linker_defined(sym, &image.sections)
                    || in_build_note
                    || code_generator_constant(sym));
            if by_design {
                names.insert(sym.key.1.clone());
                continue;
            }
            if sym.zone == Zone::PerIsa {
                let m = findings.push(
                    sym.key.1.clone(),
                    format!(
                        "lies in the per-ISA zone of the {} build (section {}), but neither the per-ISA layer, \
                         libgcc nor the linker defines it",
                        image.isa, sym.section
                    ),
                );
                m.builds.insert(image.isa.to_string(), Some(sym.info()));
                outside.insert(sym.key.clone());
            }
            table.entry(sym.key.clone()).or_default().push(sym);
        }
        per_isa_symbols.insert(image.isa.to_string(), names.into_iter().collect());
        shared.push(table);
    }

    let mut keys: BTreeSet<&Key> = shared.iter().flat_map(|t| t.keys()).collect();
    // Names that several origins define are shown with their file.
    let mut seen = HashSet::new();
    let ambiguous: HashSet<&str> = keys.iter().map(|k| k.1.as_str()).filter(|n| !seen.insert(*n)).collect();
    keys.retain(|k| !outside.contains(*k));
    for key in &keys {
        compare_symbol(key, &display(key, &ambiguous), &images, &shared, &mut findings);
    }

    for image in &images {
        overlaps(image, &mut findings);
    }
    let data_bytes_checked = compare_data(&images, &shared, &ambiguous, &mut findings);
    for (image, table) in images.iter().zip(&shared) {
        per_isa_pointers(image, table, &mut findings);
    }
    merge_pointer_findings(&mut findings);

    Ok(VerifyReport {
        build_id: recorded.as_ref().map(BuildInfo::id_hex),
        isas: recorded.map(|r| r.isas.iter().map(|i| i.to_string()).collect()).unwrap_or_default(),
        builds: images.iter().map(|i| i.isa.to_string()).collect(),
        symbols_checked: keys.len(),
        per_isa_symbols,
        segments_checked: images.first().map_or(0, |i| i.aligned_segments.len()),
        data_bytes_checked,
        mismatches: findings.list,
    })
}

/// Every build carries one build id, in both notes, and records the same
/// ISA list, which is exactly the set of builds given.
fn check_build_ids(builds: &[Build], images: &[Image], findings: &mut Findings) -> Option<BuildInfo> {
    let mut infos: Vec<(&Image, &BuildInfo)> = Vec::new();
    for image in images {
        match &image.notes.migcc {
            None => {
                findings.push(
                    image.path.display().to_string(),
                    "has no migcc build note: it was not linked by migcc, or by an older migcc".into(),
                );
            }
            Some(Err(detail)) => {
                findings.push(image.path.display().to_string(), format!("unreadable migcc build note: {detail}"));
            }
            Some(Ok(info)) => {
                if image.notes.gnu_build_id.as_deref() != Some(&info.id[..]) {
                    findings.push(
                        image.path.display().to_string(),
                        "its GNU build id does not match the id in its migcc note".into(),
                    );
                }
                infos.push((image, info));
            }
        }
    }
    let (_, first) = *infos.first()?;
    if infos.iter().any(|(_, i)| i.id != first.id) {
        let m = findings.push("build id".into(), "the builds come from different links".into());
        for (image, info) in &infos {
            m.notes.insert(image.isa.to_string(), format!("{} ({})", info.id_hex(), image.path.display()));
        }
    }
    if infos.iter().any(|(_, i)| i.isas != first.isas) {
        let m = findings.push("ISA list".into(), "the builds record different ISA lists".into());
        for (image, info) in &infos {
            let list: Vec<&str> = info.isas.iter().map(|i| i.name()).collect();
            m.notes.insert(image.isa.to_string(), list.join(", "));
        }
    }
    let given: BTreeSet<Isa> = builds.iter().map(|b| b.isa).collect();
    let recorded: BTreeSet<Isa> = first.isas.iter().copied().collect();
    for isa in recorded.difference(&given) {
        findings.push(format!("{isa} build"), format!("the link built {isa}, but no {isa} build was given"));
    }
    for b in builds.iter().filter(|b| !recorded.contains(&b.isa)) {
        findings.push(b.executable.display().to_string(), format!("the link did not build {}", b.isa));
    }
    Some(first.clone())
}

fn check_segments(images: &[Image], findings: &mut Findings) {
    for image in images {
        for seg in &image.straddling {
            findings.push(
                format!("PT_LOAD at {:#x}", seg.vaddr),
                format!("on {}, this per-ISA segment runs into the aligned image at {ALIGNED_BASE:#x}", image.isa),
            );
        }
    }
    let count = images.iter().map(|i| i.aligned_segments.len()).max().unwrap_or(0);
    for n in 0..count {
        let segs: Vec<Option<&Segment>> = images.iter().map(|i| i.aligned_segments.get(n)).collect();
        let reference = segs[0];
        if segs.iter().all(|s| matches!((s, reference), (Some(a), Some(b)) if a.same_shape(b))) {
            continue;
        }
        let at = reference.or_else(|| segs.iter().flatten().next().copied()).map_or(0, |s| s.vaddr);
        let m = findings.push(
            format!("PT_LOAD #{n} of the aligned image ({at:#x})"),
            "segment differs (address, sizes, permissions or alignment)".into(),
        );
        for (image, seg) in images.iter().zip(&segs) {
            m.notes.insert(image.isa.to_string(), seg.map_or("(absent)".into(), Segment::describe));
        }
    }
}

fn check_sections(images: &[Image], findings: &mut Findings) {
    let mut names: Vec<&str> = Vec::new();
    for image in images {
        for s in image.sections.iter().filter(|s| s.zone == Zone::Aligned) {
            if !names.contains(&s.name.as_str()) {
                names.push(&s.name);
            }
        }
    }
    for name in names {
        let per_isa: Vec<Option<&SectionInfo>> =
            images.iter().map(|i| i.sections.iter().find(|s| s.zone == Zone::Aligned && s.name == name)).collect();
        let shape = |s: &SectionInfo| (s.address, s.size, s.sh_type, s.sh_flags);
        let first = per_isa[0].map(shape);
        if first.is_some() && per_isa.iter().all(|s| s.map(shape) == first) {
            continue;
        }
        let m = findings.push(name.to_string(), "aligned section differs (address, size, type or flags)".into());
        for (image, s) in images.iter().zip(&per_isa) {
            let text = s.map_or("(absent)".into(), |s| {
                format!("{:#x} size {:#x} type {:#x} flags {:#x}", s.address, s.size, s.sh_type, s.sh_flags)
            });
            m.notes.insert(image.isa.to_string(), text);
        }
    }
}

fn compare_symbol(
    key: &Key,
    name: &str,
    images: &[Image],
    shared: &[BTreeMap<Key, Vec<&Symbol>>],
    findings: &mut Findings,
) {
    let per_isa: Vec<Option<&[&Symbol]>> = shared.iter().map(|t| t.get(key).map(Vec::as_slice)).collect();
    let builds: BTreeMap<String, Option<SymbolInfo>> = images
        .iter()
        .zip(&per_isa)
        .map(|(i, s)| (i.isa.to_string(), s.and_then(|s| s.first()).map(|s| s.info())))
        .collect();
    for (image, syms) in images.iter().zip(&per_isa) {
        if let Some(syms) = syms.filter(|s| s.len() > 1) {
            let origin = match &key.0 {
                Origin::Global => "the global namespace".to_string(),
                Origin::File(f) => format!("file `{f}`"),
                Origin::Unattributed => "no file".to_string(),
            };
            let m = findings.push(
                name.to_string(),
                format!(
                    "defined {} times in {origin} of the {} build; cannot tell which is which",
                    syms.len(),
                    image.isa
                ),
            );
            m.builds = builds.clone();
        }
    }
    let present: Vec<&Symbol> = per_isa.iter().filter_map(|s| s.and_then(|s| s.first().copied())).collect();
    let first = present[0];
    let problem = if present.len() != per_isa.len() {
        Some("missing from some builds".to_string())
    } else if present.iter().any(|s| s.zone != Zone::Aligned && s.zone != first.zone) {
        Some("lies outside the aligned image in some builds".to_string())
    } else if present.iter().any(|s| s.address != first.address) {
        Some("address differs".to_string())
    } else if present.iter().any(|s| s.kind != first.kind || s.section != first.section) {
        Some("section differs".to_string())
    } else if first.kind != Kind::Text && present.iter().any(|s| s.size != first.size) {
        Some("size differs".to_string())
    } else {
        None
    };
    if let Some(problem) = problem {
        findings.push(name.to_string(), problem).builds = builds;
    }
}

/// Any two objects of one build that share an address: a sweep over the
/// symbols sorted by address, against the furthest-reaching one so far.
/// Identical ranges are aliases (`__restore`/`__restore_rt`), not overlaps.
fn overlaps(image: &Image, findings: &mut Findings) {
    let mut ranges: Vec<((u64, u64), &Symbol)> =
        image.symbols.iter().filter_map(|s| s.occupies().map(|r| (r, s))).collect();
    ranges.sort_by(|a, b| a.0 .0.cmp(&b.0 .0).then(b.0 .1.cmp(&a.0 .1)));
    ranges.dedup_by(|b, a| a.0 == b.0);
    let mut reach: Option<((u64, u64), &Symbol)> = None;
    for &((start, end), sym) in &ranges {
        if let Some(((r_start, r_end), r_sym)) = reach {
            if start < r_end {
                let m = findings.push(
                    r_sym.key.1.clone(),
                    format!(
                        "on {}, its bytes {r_start:#x}..{r_end:#x} overlap `{}` at {start:#x}..{end:#x}",
                        image.isa, sym.key.1
                    ),
                );
                m.builds.insert(image.isa.to_string(), Some(r_sym.info()));
            }
            if end <= r_end {
                continue;
            }
        }
        reach = Some(((start, end), sym));
    }
}

/// The file bytes of an aligned segment.
fn segment_bytes<'a>(image: &'a Image, seg: &Segment) -> &'a [u8] {
    if seg.filesz == 0 {
        return &[];
    }
    &image.data[seg.offset as usize..(seg.offset + seg.filesz) as usize]
}

/// Non-code aligned segments whose shape agrees in every build (a shape
/// mismatch is reported on its own).
fn comparable_data_segments(images: &[Image]) -> Vec<usize> {
    let Some(first) = images.first() else { return Vec::new() };
    (0..first.aligned_segments.len())
        .filter(|&n| {
            let seg = &first.aligned_segments[n];
            seg.flags & elf::PF_X == 0
                && images.iter().all(|i| i.aligned_segments.get(n).is_some_and(|s| s.same_shape(seg)))
        })
        .collect()
}

/// The shared aligned symbol containing `address` in this build, if any.
fn containing<'a>(table: &BTreeMap<Key, Vec<&'a Symbol>>, address: u64) -> Option<&'a Symbol> {
    table
        .values()
        .flatten()
        .copied()
        .filter(|s| s.zone == Zone::Aligned && s.kind != Kind::Tls)
        .filter(|s| s.address <= address && address < s.address + s.size.max(1))
        // An object rather than a marker at the same address (`__migcc_data_start`).
        .max_by_key(|s| s.size)
}

fn section_at(image: &Image, address: u64) -> String {
    image
        .sections
        .iter()
        .filter(|s| s.kind != Kind::Unallocated && s.size > 0)
        .find(|s| s.address <= address && address < s.address + s.size)
        .map_or_else(|| format!("{address:#x}"), |s| format!("{}+{:#x}", s.name, address - s.address))
}

/// Compares every byte of non-code aligned data across builds and reports
/// differing bytes by the symbol that holds them, or by section and offset
/// where no symbol does. Returns the number of bytes compared.
fn compare_data(
    images: &[Image],
    shared: &[BTreeMap<Key, Vec<&Symbol>>],
    ambiguous: &HashSet<&str>,
    findings: &mut Findings,
) -> u64 {
    let Some(first) = images.first() else { return 0 };
    let mut checked = 0;
    for n in comparable_data_segments(images) {
        let seg = &first.aligned_segments[n];
        let reference = segment_bytes(first, seg);
        checked += seg.filesz;
        // First differing offset and count, per symbol (or uncovered spot).
        let mut differing: BTreeMap<String, (u64, u64, Option<&Symbol>)> = BTreeMap::new();
        for image in &images[1..] {
            let bytes = segment_bytes(image, &image.aligned_segments[n]);
            for (offset, _) in bytes.iter().zip(reference).enumerate().filter(|(_, (a, b))| a != b) {
                let address = seg.vaddr + offset as u64;
                let sym = containing(&shared[0], address);
                let name = sym.map_or_else(|| section_at(first, address), |s| display(&s.key, ambiguous));
                let entry = differing.entry(name).or_insert((address, 0, sym));
                entry.0 = entry.0.min(address);
                entry.1 += 1;
            }
        }
        for (name, (address, count, sym)) in differing {
            let (problem, builds) = match sym {
                Some(s) => (
                    format!("initial contents differ ({count} byte(s), first at offset {:#x})", address - s.address),
                    images
                        .iter()
                        .zip(shared)
                        .map(|(i, t)| (i.isa.to_string(), t.get(&s.key).and_then(|v| v.first()).map(|s| s.info())))
                        .collect(),
                ),
                None => (format!("bytes no symbol covers differ ({count} byte(s) from {address:#x})"), BTreeMap::new()),
            };
            findings.push(name, problem).builds = builds;
        }
    }
    checked
}

const POINTER_PROBLEM: &str = "holds a pointer into the per-ISA zone";

impl Image {
    /// The addresses a pointer into the per-ISA zone would hold: the start
    /// of each per-ISA symbol (functions, objects) and of each allocated
    /// per-ISA section (jump tables, constant pools). Not the zone's base,
    /// where the ELF header is (`__ehdr_start`): nothing that migrates
    /// points there (musl finds the program headers through the auxv), and
    /// it is a round number that integer tables hold by chance (musl's
    /// printf state table did, at one placement).
    fn per_isa_targets(&self) -> HashSet<u64> {
        let sections = self
            .sections
            .iter()
            .filter(|s| s.zone == Zone::PerIsa && s.kind != Kind::Tls && s.size > 0)
            .map(|s| s.address);
        let symbols = self.symbols.iter().filter(|s| s.zone == Zone::PerIsa && s.kind != Kind::Tls).map(|s| s.address);
        sections.chain(symbols).filter(|&address| address != PER_ISA_BASE).collect()
    }
}

/// Reports every 8-byte-aligned 64-bit word of non-code aligned data whose
/// value is the address of something in this build's per-ISA zone. (A
/// per-ISA pointer that differs between builds is already a data-byte
/// mismatch; this finds the ones that happen to agree.) Only exact starts
/// count: a plain integer in the zone's range is common in data (csmith's
/// constants hit it), one equal to a symbol's or section's start is not.
fn per_isa_pointers(image: &Image, table: &BTreeMap<Key, Vec<&Symbol>>, findings: &mut Findings) {
    let targets = image.per_isa_targets();
    for seg in image.aligned_segments.iter().filter(|s| s.flags & elf::PF_X == 0) {
        let bytes = segment_bytes(image, seg);
        let skip = (8 - seg.vaddr % 8) % 8;
        for (n, word) in bytes.get(skip as usize..).unwrap_or(&[]).chunks_exact(8).enumerate() {
            let value = u64::from_le_bytes(word.try_into().expect("8 bytes"));
            if !targets.contains(&value) {
                continue;
            }
            let address = seg.vaddr + skip + 8 * n as u64;
            let target = image
                .symbols
                .iter()
                .filter(|s| s.zone == Zone::PerIsa && s.kind != Kind::Tls)
                .find(|s| s.address == value)
                .map_or_else(|| section_at(image, value), |s| format!("`{}`", s.key.1));
            let (name, info) = match containing(table, address) {
                Some(s) => (s.key.1.clone(), Some(s.info())),
                None => (section_at(image, address), None),
            };
            let problem = format!("{POINTER_PROBLEM} (word at {address:#x})");
            let m = findings.push(name, problem);
            m.notes.insert(image.isa.to_string(), format!("{value:#x} -> {target}"));
            if let Some(info) = info {
                m.builds.insert(image.isa.to_string(), Some(info));
            }
        }
    }
}

/// One report per pointer word, with every build it was found in.
fn merge_pointer_findings(findings: &mut Findings) {
    let mut merged: Vec<Mismatch> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for m in std::mem::take(&mut findings.list) {
        if !m.problem.starts_with(POINTER_PROBLEM) {
            merged.push(m);
            continue;
        }
        match index.get(&(m.symbol.clone(), m.problem.clone())) {
            Some(&i) => {
                merged[i].notes.extend(m.notes);
                merged[i].builds.extend(m.builds);
            }
            None => {
                index.insert((m.symbol.clone(), m.problem.clone()), merged.len());
                merged.push(m);
            }
        }
    }
    findings.list = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(name: &str, address: u64, size: u64) -> Symbol {
        Symbol {
            key: (Origin::File("migcc-program".into()), name.into()),
            address,
            size,
            st_type: elf::STT_OBJECT,
            kind: Kind::Data,
            section: ".mig.data".into(),
            zone: Zone::Aligned,
        }
    }

    /// Only a local, read-only array under a code generator's name is its
    /// constant pool: a program's global or writable object of that name
    /// in the per-ISA zone is still reported.
    #[test]
    fn code_generator_constants_are_local_read_only_arrays() {
        let per_isa = |origin: Origin, kind: Kind| Symbol {
            key: (origin, ".promoted_doubles.main".into()),
            kind,
            section: ".rodata".into(),
            zone: Zone::PerIsa,
            ..sym("", 0x1000, 16)
        };
        assert!(code_generator_constant(&per_isa(Origin::File("migcc-program".into()), Kind::Rodata)));
        assert!(!code_generator_constant(&per_isa(Origin::Global, Kind::Rodata)));
        assert!(!code_generator_constant(&per_isa(Origin::File("migcc-program".into()), Kind::Data)));
        let mut program_object = per_isa(Origin::File("migcc-program".into()), Kind::Rodata);
        program_object.key.1 = "promoted_doubles".into();
        assert!(!code_generator_constant(&program_object));
    }

    fn image(symbols: Vec<Symbol>) -> Image {
        Image {
            isa: Isa::X86_64,
            path: "app.x86_64".into(),
            data: Vec::new(),
            notes: Notes::default(),
            aligned_segments: Vec::new(),
            sections: Vec::new(),
            symbols,
            straddling: Vec::new(),
        }
    }

    #[test]
    fn the_elf_header_is_not_a_pointer_target() {
        let mut header = sym("__ehdr_start", PER_ISA_BASE, 0);
        header.zone = Zone::PerIsa;
        let mut function = sym("__udivti3", PER_ISA_BASE + 0x1040, 0x80);
        function.zone = Zone::PerIsa;
        let targets = image(vec![header, function]).per_isa_targets();
        assert_eq!(targets, HashSet::from([PER_ISA_BASE + 0x1040]));
    }

    fn overlap_report(symbols: Vec<Symbol>) -> Vec<String> {
        let mut findings = Findings::default();
        overlaps(&image(symbols), &mut findings);
        findings.list.into_iter().map(|m| format!("{}: {}", m.symbol, m.problem)).collect()
    }

    #[test]
    fn overlaps_are_found_beyond_the_next_neighbour() {
        // `big` covers `a` (its neighbour) and `b` (not its neighbour).
        let found = overlap_report(vec![sym("big", 0x100, 0x40), sym("a", 0x110, 8), sym("b", 0x130, 8)]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[1].contains("`b`"), "{found:?}");
    }

    #[test]
    fn aliases_and_empty_symbols_do_not_overlap() {
        let found = overlap_report(vec![
            sym("__restore", 0x100, 8),
            sym("__restore_rt", 0x100, 8),
            sym("marker", 0x104, 0),
            sym("next", 0x108, 8),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn annotations_are_not_objects() {
        assert!(is_annotation("$x", elf::STB_LOCAL, elf::STT_NOTYPE, 0));
        assert!(is_annotation("$xrv64i2p1_m2p0", elf::STB_LOCAL, elf::STT_NOTYPE, 0));
        assert!(is_annotation(".LJTI14_0", elf::STB_LOCAL, elf::STT_NOTYPE, 0));
        assert!(!is_annotation("$money", elf::STB_LOCAL, elf::STT_OBJECT, 8), "a C object named with $");
        assert!(!is_annotation("$x", elf::STB_GLOBAL, elf::STT_NOTYPE, 0));
    }

    #[test]
    fn per_isa_definitions_match_by_origin() {
        let mut defs = PerIsaDefinitions::default();
        defs.globals.insert("__clone".into());
        defs.locals.insert(("2-xlate.c".into(), "migcc_sysmap".into()));
        defs.fileless_locals.insert("loop".into());
        defs.all_locals.extend(["migcc_sysmap".to_string(), "loop".to_string()]);
        let key = |o: Origin, n: &str| (o, n.to_string());
        assert!(defs.defines(&key(Origin::Global, "__clone")));
        assert!(defs.defines(&key(Origin::File("2-xlate.c".into()), "migcc_sysmap")));
        assert!(!defs.defines(&key(Origin::File("migcc-program".into()), "migcc_sysmap")), "a program static");
        assert!(defs.defines(&key(Origin::File("migcc-program".into()), "loop")), "file-less member");
        assert!(!defs.defines(&key(Origin::Global, "counter")));
    }

    #[test]
    fn linker_defined_symbols_are_untyped_and_empty() {
        let mut s = sym("__ehdr_start", 0x0c00_0000, 0);
        s.st_type = elf::STT_NOTYPE;
        assert!(linker_defined(&s, &[]));
        s.size = 4;
        assert!(!linker_defined(&s, &[]), "a program object named like a linker symbol");
        let mut start = sym("__start_mysec", 0x0c00_0000, 0);
        start.st_type = elf::STT_NOTYPE;
        assert!(!linker_defined(&start, &[]));
        let section = SectionInfo {
            name: "mysec".into(),
            address: 0,
            size: 0,
            sh_type: elf::SHT_PROGBITS,
            sh_flags: 0,
            kind: Kind::Data,
            zone: Zone::PerIsa,
        };
        assert!(linker_defined(&start, &[section]));
    }

    #[test]
    fn every_symbol_the_script_defines_is_known_as_linker_defined() {
        use crate::layout::{Layout, Region, RegionLayout};
        let regions = [Region::Text, Region::InitArray, Region::FiniArray, Region::Data].map(|region| RegionLayout {
            region,
            name: region.output_name().to_string(),
            start: ALIGNED_BASE,
            end: ALIGNED_BASE,
            placements: Vec::new(),
        });
        let script = crate::script::render(&Layout { regions: regions.to_vec() }, Isa::X86_64);
        let provided: Vec<&str> = script
            .split("PROVIDE")
            .skip(1)
            .map(|p| p.trim_start_matches("_HIDDEN").trim_start_matches('(').split([' ', '=', ')']).next().unwrap())
            .collect();
        assert!(provided.len() >= 4, "{script}");
        for name in provided {
            assert!(LINKER_DEFINED.contains(&name), "script.rs defines `{name}`, which verify does not know");
        }
    }
}
