//! The common layout: one address per aligned section, the same for every
//! ISA, computed from the largest size and alignment any ISA needs.

use std::collections::BTreeMap;

use migcc_sysroot::section_names as names;
use object::{Object, ObjectSection, SectionFlags, SectionKind};
use serde::Serialize;

use crate::address_map::{align_up, ALIGNED_BASE, ALIGNED_END, SEGMENT_ALIGN};
use crate::{Error, IsaLink};

/// Regions of the aligned image, in address order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Region {
    Text,
    Rodata,
    InitArray,
    FiniArray,
    Data,
    Bss,
}

impl Region {
    const ALL: [Region; 6] =
        [Region::Text, Region::Rodata, Region::InitArray, Region::FiniArray, Region::Data, Region::Bss];

    /// Where an input section goes, if it is aligned at all: its region,
    /// and the program's own section name for `.mig.sec.S.N` sections.
    fn of(section: &object::Section<'_, '_>) -> Option<(Region, Option<String>)> {
        let name = section.name().ok()?;
        if let Some((user, _)) = names::parse_user(name) {
            return Some((Region::by_flags(section), Some(user.to_string())));
        }
        let prefixes = [
            (names::TEXT, Region::Text),
            (names::RODATA, Region::Rodata),
            (names::DATA, Region::Data),
            (names::BSS, Region::Bss),
            (names::INIT_ARRAY, Region::InitArray),
            (names::FINI_ARRAY, Region::FiniArray),
        ];
        prefixes.iter().find(|(p, _)| name.starts_with(p)).map(|&(_, r)| (r, None))
    }

    /// The region a program-named section belongs to, by its flags.
    fn by_flags(section: &object::Section<'_, '_>) -> Region {
        let flags = match section.flags() {
            SectionFlags::Elf { sh_flags } => sh_flags,
            _ => 0,
        };
        if flags & u64::from(object::elf::SHF_EXECINSTR) != 0 {
            Region::Text
        } else if section.kind() == SectionKind::UninitializedData {
            Region::Bss
        } else if flags & u64::from(object::elf::SHF_WRITE) != 0 {
            Region::Data
        } else {
            Region::Rodata
        }
    }

    /// The region's own output section in the executables.
    pub fn output_name(self) -> &'static str {
        match self {
            Region::Text => ".mig.text",
            Region::Rodata => ".mig.rodata",
            Region::InitArray => ".init_array",
            Region::FiniArray => ".fini_array",
            Region::Data => ".mig.data",
            Region::Bss => ".mig.bss",
        }
    }

    /// Regions that start a new segment (a change of permissions).
    fn starts_segment(self) -> bool {
        matches!(self, Region::Text | Region::Rodata | Region::Data)
    }
}

/// One input section at its common address.
#[derive(Clone, Debug, Serialize)]
pub struct Placement {
    pub section: String,
    pub address: u64,
    pub size: u64,
}

/// One output section of the aligned image: a region's own, or a section
/// the program named (placed after its region's own).
#[derive(Clone, Debug, Serialize)]
pub struct RegionLayout {
    pub region: Region,
    pub name: String,
    pub start: u64,
    pub end: u64,
    pub placements: Vec<Placement>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Layout {
    pub regions: Vec<RegionLayout>,
}

/// Order inside a region: by the ordinal LLVM's section assignment gave
/// (module order), and init/fini arrays by priority, unprioritised last.
fn sort_key(name: &str) -> (u64, String) {
    let ordinal = name.rsplit('.').next().and_then(|n| n.parse().ok()).unwrap_or(u64::MAX);
    (ordinal, name.to_string())
}

/// Input sections of one output section: (ordinal, name) → (largest size,
/// largest alignment) over the ISAs.
type Needs = BTreeMap<(u64, String), (u64, u64)>;

impl Layout {
    pub(crate) fn compute(jobs: &[IsaLink]) -> Result<Layout, Error> {
        // (region, program-named section) → input sections
        let mut needs: BTreeMap<(Region, Option<String>), Needs> = BTreeMap::new();
        for job in jobs {
            let file = object::File::parse(&*job.object)
                .map_err(|e| Error::BadObject { isa: job.isa, detail: e.to_string() })?;
            for section in file.sections() {
                let name = section.name().map_err(|e| Error::BadObject { isa: job.isa, detail: e.to_string() })?;
                if let Some(key) = Region::of(&section) {
                    let entry = needs.entry(key).or_default().entry(sort_key(name)).or_insert((0, 1));
                    entry.0 = entry.0.max(section.size());
                    entry.1 = entry.1.max(section.align());
                }
            }
        }
        let mut cursor = ALIGNED_BASE;
        let mut regions = Vec::new();
        for region in Region::ALL {
            if region.starts_segment() {
                cursor = align_up(cursor, SEGMENT_ALIGN);
            }
            // The region's own output section (even if empty), then the
            // program's named sections of the same kind, by name.
            let own = needs.remove(&(region, None)).unwrap_or_default();
            regions.push(place(region, region.output_name().to_string(), own, &mut cursor));
            let named: Vec<_> = needs.keys().filter(|(r, _)| *r == region).cloned().collect();
            for key in named {
                let sections = needs.remove(&key).unwrap_or_default();
                let name = key.1.expect("named sections have a name");
                regions.push(place(region, name, sections, &mut cursor));
            }
        }
        if cursor > ALIGNED_END {
            return Err(Error::ImageTooLarge { end: cursor, limit: ALIGNED_END });
        }
        Ok(Layout { regions })
    }
}

/// Places one output section's inputs from `cursor` on.
fn place(region: Region, name: String, sections: Needs, cursor: &mut u64) -> RegionLayout {
    // The output section is as aligned as its most aligned input.
    *cursor = align_up(*cursor, sections.values().map(|&(_, align)| align).max().unwrap_or(1));
    let start = *cursor;
    let mut placements = Vec::new();
    for ((_, section), (size, align)) in sections {
        *cursor = align_up(*cursor, align);
        placements.push(Placement { section, address: *cursor, size });
        *cursor += size;
    }
    RegionLayout { region, name, start, end: *cursor, placements }
}

#[cfg(test)]
mod tests {
    use super::*;
    use migcc_sysroot::Isa;
    use object::write::{Object as WriteObject, StandardSection};
    use object::{Architecture, BinaryFormat, Endianness, SectionKind};

    /// A relocatable object with the given (name, size, align) sections.
    fn object_with(arch: Architecture, sections: &[(&str, u64, u64)]) -> Vec<u8> {
        let mut obj = WriteObject::new(BinaryFormat::Elf, arch, Endianness::Little);
        let _ = obj.section_id(StandardSection::Text);
        for &(name, size, align) in sections {
            let kind = if name.contains("text") {
                SectionKind::Text
            } else if name.contains("rodata") {
                SectionKind::ReadOnlyData
            } else {
                SectionKind::Data
            };
            let id = obj.add_section(Vec::new(), name.as_bytes().to_vec(), kind);
            obj.append_section_data(id, &vec![0; size as usize], align);
        }
        obj.write().unwrap()
    }

    fn job(isa: Isa, arch: Architecture, sections: &[(&str, u64, u64)]) -> IsaLink {
        IsaLink { isa, object: object_with(arch, sections), archives: Vec::new(), output: "out".into() }
    }

    fn placement<'a>(layout: &'a Layout, section: &str) -> &'a Placement {
        layout.regions.iter().flat_map(|r| &r.placements).find(|p| p.section == section).unwrap()
    }

    #[test]
    fn each_section_gets_the_largest_size_and_alignment_of_any_isa() {
        let jobs = [
            job(
                Isa::X86_64,
                Architecture::X86_64,
                &[(".mig.text.0", 40, 16), (".mig.text.1", 8, 16), (".mig.data.2", 12, 4)],
            ),
            job(
                Isa::Aarch64,
                Architecture::Aarch64,
                &[(".mig.text.0", 52, 4), (".mig.text.1", 8, 4), (".mig.data.2", 12, 4)],
            ),
        ];
        let layout = Layout::compute(&jobs).unwrap();
        let f0 = placement(&layout, ".mig.text.0");
        let f1 = placement(&layout, ".mig.text.1");
        assert_eq!(f0.address, ALIGNED_BASE);
        assert_eq!(f0.size, 52);
        assert_eq!(f1.address, ALIGNED_BASE + 64, "52 bytes, then x86_64's 16-byte alignment");
        let data = placement(&layout, ".mig.data.2");
        assert_eq!(data.address % SEGMENT_ALIGN, 0, "data starts a new segment");
    }

    #[test]
    fn sections_are_ordered_by_ordinal_not_by_name() {
        let jobs = [job(Isa::X86_64, Architecture::X86_64, &[(".mig.text.10", 4, 4), (".mig.text.9", 4, 4)])];
        let layout = Layout::compute(&jobs).unwrap();
        assert!(placement(&layout, ".mig.text.9").address < placement(&layout, ".mig.text.10").address);
    }

    #[test]
    fn per_isa_sections_are_not_placed() {
        let jobs = [job(Isa::Riscv64, Architecture::Riscv64, &[(".rodata.cst8", 8, 8), (".text.helper", 4, 4)])];
        let layout = Layout::compute(&jobs).unwrap();
        assert!(layout.regions.iter().all(|r| r.placements.is_empty()));
    }

    #[test]
    fn regions_start_at_their_most_aligned_input() {
        let jobs = [job(Isa::X86_64, Architecture::X86_64, &[(".mig.data.0", 3, 1), (".bss.mig.1", 8, 64)])];
        let layout = Layout::compute(&jobs).unwrap();
        let bss = layout.regions.iter().find(|r| r.region == Region::Bss).unwrap();
        assert_eq!(bss.start % 64, 0);
    }

    #[test]
    fn program_named_sections_become_output_sections_after_their_region() {
        let jobs = [job(
            Isa::X86_64,
            Architecture::X86_64,
            &[
                (".mig.data.0", 8, 8),
                (".mig.sec.registry.3", 24, 8),
                (".mig.sec.registry.1", 24, 8),
                (".bss.mig.4", 8, 8),
            ],
        )];
        let layout = Layout::compute(&jobs).unwrap();
        let names: Vec<&str> = layout.regions.iter().map(|r| r.name.as_str()).collect();
        let registry = names.iter().position(|&n| n == "registry").expect("an output section named registry");
        assert_eq!(names[registry - 1], ".mig.data", "{names:?}");
        assert_eq!(names[registry + 1], ".mig.bss", "{names:?}");
        let first = placement(&layout, ".mig.sec.registry.1");
        let second = placement(&layout, ".mig.sec.registry.3");
        assert_eq!(second.address, first.address + 24, "entries are packed in module order");
        assert_eq!(layout.regions[registry].region, Region::Data);
    }
}
