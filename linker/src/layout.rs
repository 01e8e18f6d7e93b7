//! The common layout: one address per aligned section, the same for every
//! ISA, computed from the largest size and alignment any ISA needs.

use std::collections::BTreeMap;

use object::{Object, ObjectSection};
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
    const ALL: [Region; 6] = [
        Region::Text,
        Region::Rodata,
        Region::InitArray,
        Region::FiniArray,
        Region::Data,
        Region::Bss,
    ];

    /// The region an input section belongs to, if it is aligned at all.
    fn of(section: &str) -> Option<Region> {
        let prefixes = [
            (migcc_llvm_prefix::TEXT, Region::Text),
            (migcc_llvm_prefix::RODATA, Region::Rodata),
            (migcc_llvm_prefix::DATA, Region::Data),
            (migcc_llvm_prefix::BSS, Region::Bss),
            (".init_array", Region::InitArray),
            (".fini_array", Region::FiniArray),
        ];
        prefixes
            .iter()
            .find(|(p, _)| section.starts_with(p))
            .map(|&(_, r)| r)
    }

    /// Output section name in the executables.
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

/// The section names LLVM gives aligned objects (see llvm-pass/src/sections.rs).
/// Kept here as plain strings so the linker does not depend on LLVM.
mod migcc_llvm_prefix {
    pub const TEXT: &str = ".mig.text.";
    pub const RODATA: &str = ".mig.rodata.";
    pub const DATA: &str = ".mig.data.";
    pub const BSS: &str = ".mig.bss.";
}

/// One input section at its common address.
#[derive(Clone, Debug, Serialize)]
pub struct Placement {
    pub section: String,
    pub address: u64,
    pub size: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct RegionLayout {
    pub region: Region,
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
    let ordinal = name
        .rsplit('.')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u64::MAX);
    (ordinal, name.to_string())
}

impl Layout {
    pub(crate) fn compute(jobs: &[IsaLink]) -> Result<Layout, Error> {
        // (region, section) → (largest size, largest alignment)
        let mut needs: BTreeMap<Region, BTreeMap<(u64, String), (u64, u64)>> = BTreeMap::new();
        for job in jobs {
            let file = object::File::parse(&*job.object).map_err(|e| Error::BadObject {
                isa: job.isa,
                detail: e.to_string(),
            })?;
            for section in file.sections() {
                let name = section.name().map_err(|e| Error::BadObject {
                    isa: job.isa,
                    detail: e.to_string(),
                })?;
                if let Some(region) = Region::of(name) {
                    let entry = needs
                        .entry(region)
                        .or_default()
                        .entry(sort_key(name))
                        .or_insert((0, 1));
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
            let sections = needs.remove(&region).unwrap_or_default();
            // The output section is as aligned as its most aligned input.
            cursor = align_up(
                cursor,
                sections
                    .values()
                    .map(|&(_, align)| align)
                    .max()
                    .unwrap_or(1),
            );
            let start = cursor;
            let mut placements = Vec::new();
            for ((_, section), (size, align)) in sections {
                cursor = align_up(cursor, align);
                placements.push(Placement {
                    section,
                    address: cursor,
                    size,
                });
                cursor += size;
            }
            regions.push(RegionLayout {
                region,
                start,
                end: cursor,
                placements,
            });
        }
        if cursor > ALIGNED_END {
            return Err(Error::ImageTooLarge {
                end: cursor,
                limit: ALIGNED_END,
            });
        }
        Ok(Layout { regions })
    }
}
