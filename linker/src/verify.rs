//! `migcc verify`: reads the final executables and proves that every
//! aligned symbol has the same address, kind and (for data) size and
//! initial contents in every ISA build, and that no function's code spills
//! into its neighbour's slot.

use std::collections::BTreeMap;
use std::path::PathBuf;

use migcc_sysroot::Isa;
use object::{Object, ObjectSection, ObjectSymbol, SectionFlags, SectionKind};
use serde::Serialize;

use crate::address_map::{ALIGNED_BASE, ALIGNED_END};
use crate::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Text,
    Rodata,
    Data,
    Bss,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SymbolInfo {
    pub address: u64,
    pub size: u64,
    pub kind: Kind,
    #[serde(skip)]
    contents: Option<Vec<u8>>,
}

#[derive(Debug, Serialize)]
pub struct Mismatch {
    pub symbol: String,
    pub problem: String,
    /// The symbol as each ISA build has it (absent where missing).
    pub builds: BTreeMap<String, Option<SymbolInfo>>,
}

#[derive(Debug, Serialize)]
pub struct VerifyReport {
    pub builds: Vec<String>,
    pub symbols_checked: usize,
    pub mismatches: Vec<Mismatch>,
}

impl VerifyReport {
    pub fn is_aligned(&self) -> bool {
        self.mismatches.is_empty()
    }
}

fn section_kind(section: &object::Section<'_, '_>) -> Option<Kind> {
    let writable = match section.flags() {
        SectionFlags::Elf { sh_flags } => sh_flags & u64::from(object::elf::SHF_WRITE) != 0,
        _ => false,
    };
    match section.kind() {
        SectionKind::Text => Some(Kind::Text),
        SectionKind::UninitializedData => Some(Kind::Bss),
        SectionKind::ReadOnlyData | SectionKind::ReadOnlyString if !writable => Some(Kind::Rodata),
        SectionKind::Data | SectionKind::ReadOnlyData | SectionKind::Elf(_) if writable => Some(Kind::Data),
        SectionKind::Elf(object::elf::SHT_INIT_ARRAY | object::elf::SHT_FINI_ARRAY) => Some(Kind::Rodata),
        _ => None,
    }
}

/// Aligned symbols of one executable, by name.
fn aligned_symbols(path: &PathBuf) -> Result<BTreeMap<String, SymbolInfo>, Error> {
    let bad = |detail: String| Error::BadExecutable { path: path.clone(), detail };
    let data = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let file = object::File::parse(&*data).map_err(|e| bad(e.to_string()))?;
    let mut out = BTreeMap::new();
    for symbol in file.symbols() {
        let name = symbol.name().unwrap_or("");
        // Skip mapping symbols ($x, $d) and assembler-local labels.
        if name.is_empty() || name.starts_with('$') || name.starts_with(".L") || symbol.is_undefined() {
            continue;
        }
        if !(ALIGNED_BASE..ALIGNED_END).contains(&symbol.address()) {
            continue;
        }
        let Some(index) = symbol.section_index() else {
            continue;
        };
        let section = file.section_by_index(index).map_err(|e| bad(e.to_string()))?;
        let Some(kind) = section_kind(&section) else {
            continue;
        };
        if matches!(symbol.kind(), object::SymbolKind::Section | object::SymbolKind::File) {
            continue;
        }
        let contents = match kind {
            Kind::Rodata | Kind::Data => {
                section.data_range(symbol.address(), symbol.size()).map_err(|e| bad(e.to_string()))?.map(|d| d.to_vec())
            }
            Kind::Text | Kind::Bss => None,
        };
        let mut key = name.to_string();
        let mut n = 1;
        while out.contains_key(&key) {
            n += 1;
            key = format!("{name}#{n}");
        }
        out.insert(key, SymbolInfo { address: symbol.address(), size: symbol.size(), kind, contents });
    }
    Ok(out)
}

/// Functions whose code runs past the next aligned symbol in that build.
fn overlaps(isa: Isa, symbols: &BTreeMap<String, SymbolInfo>, report: &mut Vec<Mismatch>) {
    let mut by_address: Vec<_> = symbols.iter().collect();
    by_address.sort_by_key(|(_, s)| s.address);
    for pair in by_address.windows(2) {
        let ((name, sym), (_, next)) = (pair[0], pair[1]);
        if next.address > sym.address && sym.address + sym.size > next.address {
            report.push(Mismatch {
                symbol: name.clone(),
                problem: format!("on {isa}, its {} bytes run into the next object at {:#x}", sym.size, next.address),
                builds: BTreeMap::from([(isa.to_string(), Some(sym.clone()))]),
            });
        }
    }
}

pub fn verify(builds: &[(Isa, PathBuf)]) -> Result<VerifyReport, Error> {
    let tables =
        builds.iter().map(|(isa, path)| Ok((*isa, aligned_symbols(path)?))).collect::<Result<Vec<_>, Error>>()?;
    let mut mismatches = Vec::new();
    for (isa, table) in &tables {
        overlaps(*isa, table, &mut mismatches);
    }
    let mut names: Vec<&String> = tables.iter().flat_map(|(_, t)| t.keys()).collect();
    names.sort();
    names.dedup();
    for name in &names {
        let per_isa: Vec<(Isa, Option<&SymbolInfo>)> = tables.iter().map(|(isa, t)| (*isa, t.get(*name))).collect();
        let present: Vec<&SymbolInfo> = per_isa.iter().filter_map(|(_, s)| *s).collect();
        let first = present[0];
        let problem = if present.len() != per_isa.len() {
            Some("missing from some builds".to_string())
        } else if present.iter().any(|s| s.address != first.address) {
            Some("address differs".to_string())
        } else if present.iter().any(|s| s.kind != first.kind) {
            Some("section kind differs".to_string())
        } else if first.kind != Kind::Text && present.iter().any(|s| s.size != first.size) {
            Some("size differs".to_string())
        } else if present.iter().any(|s| s.contents != first.contents) {
            Some("initial contents differ".to_string())
        } else {
            None
        };
        if let Some(problem) = problem {
            mismatches.push(Mismatch {
                symbol: name.to_string(),
                problem,
                builds: per_isa.iter().map(|(isa, s)| (isa.to_string(), s.cloned())).collect(),
            });
        }
    }
    Ok(VerifyReport {
        builds: builds.iter().map(|(isa, _)| isa.to_string()).collect(),
        symbols_checked: names.len(),
        mismatches,
    })
}
