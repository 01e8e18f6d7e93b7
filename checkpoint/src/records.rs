//! The portable call stack: the frame records the unwound stack left in the
//! RECORDS region (runtime-lib/migrate_abi.h), innermost first. A record's
//! size depends on its function; the program's frame table gives it
//! (`FrameSizes`), without which only the innermost record can be read.

use crate::{abi, address_map, Checkpoint, Error, RegionName};

/// One frame of the saved call stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Address of the record in the RECORDS zone.
    pub record: u64,
    /// The function's id (its index in the program's frame table).
    pub function: u32,
    /// The call site's id within the function.
    pub site: u32,
    pub shadow_sp: u64,
}

/// The record size of a function id, when the program's frame table says.
pub trait FrameSizes {
    fn record_size(&self, function: u32) -> Option<u64>;
}

impl Checkpoint<'_> {
    /// The frames, innermost first: all of them with `sizes`, else the
    /// innermost one only (the second return value says whether the list
    /// is complete).
    pub fn frames(&self, sizes: Option<&dyn FrameSizes>) -> Result<(Vec<Frame>, bool), Error> {
        let records =
            self.regions.iter().find(|r| r.kind_name() == "records").ok_or(Error::MissingRegion { kind: "records" })?;
        let data = self.region_data(records);
        let used = (self.header.records_sp - address_map::RECORDS.base) as usize;
        let base = (address_map::RECORDS.base - records.start) as usize;
        let field = |at: usize, len: usize| &data[base + at..base + at + len];
        let mut frames = Vec::new();
        let mut at = 0usize;
        while at + abi::RECORD_HEADER as usize <= used {
            let u32_at = |o: u64| u32::from_le_bytes(field(at + o as usize, 4).try_into().expect("4 bytes"));
            let frame = Frame {
                record: address_map::RECORDS.base + at as u64,
                function: u32_at(abi::RECORD_FUNCTION),
                site: u32_at(abi::RECORD_SITE),
                shadow_sp: u64::from_le_bytes(
                    field(at + abi::RECORD_SHADOW_SP as usize, 8).try_into().expect("8 bytes"),
                ),
            };
            frames.push(frame);
            let Some(sizes) = sizes else { return Ok((frames, false)) };
            let size = sizes.record_size(frames.last().expect("pushed").function).ok_or_else(|| Error::Region {
                region: RegionName::from(records),
                why: format!(
                    "frame record {} at {:#x} names function {}, which the program's frame table does not have",
                    frames.len() - 1,
                    address_map::RECORDS.base + at as u64,
                    frames.last().expect("pushed").function
                ),
            })?;
            if size < abi::RECORD_HEADER {
                return Err(Error::Region {
                    region: RegionName::from(records),
                    why: format!(
                        "function {}'s record size {size} is smaller than a record header",
                        frames.last().expect("pushed").function
                    ),
                });
            }
            at = at.saturating_add(size as usize);
        }
        if at != used {
            return Err(Error::Region {
                region: RegionName::from(records),
                why: format!("the frame records end at offset {at:#x}, the record pointer is at {used:#x}"),
            });
        }
        Ok((frames, true))
    }
}
