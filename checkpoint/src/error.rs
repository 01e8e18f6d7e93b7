//! What can be wrong with a checkpoint image, each naming the part at fault
//! (byte offset, region or file) so that a refusal says where to look.

use std::path::PathBuf;

use crate::Region;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("the image is truncated: {len} bytes, but {what} needs {need} (offset {len})")]
    Truncated { len: u64, need: u64, what: &'static str },
    #[error("not a migcc checkpoint image (no magic `{magic}` at offset 0)", magic = crate::abi::CKPT_MAGIC)]
    NotACheckpoint,
    #[error("format version {found}, but this migcc reads version {supported} (offset {o}); restore it with the migcc that wrote it", o = crate::layout::VERSION)]
    Version { found: u32, supported: u32 },
    #[error("header size {found}, but format version {version} has {expected} (offset {o})", o = crate::layout::HEADER_BYTES_FIELD)]
    HeaderSize { found: u32, expected: u64, version: u32 },
    #[error("the image is {actual} bytes, but its header says {recorded} (offset {o}): truncated or extended", o = crate::layout::TOTAL_BYTES)]
    Size { recorded: u64, actual: u64 },
    #[error("{count} {what}, at most {max} are allowed (header)")]
    TooMany { what: &'static str, count: u64, max: u64 },
    #[error(
        "header or table checksum mismatch: recorded {recorded:#018x}, computed {computed:#018x} (bytes 0..{end})"
    )]
    TablesChecksum { recorded: u64, computed: u64, end: u64 },
    #[error("{field} {why} (header offset {offset})")]
    Header { field: &'static str, offset: u64, why: String },
    #[error("{why} (region {region})")]
    Region { region: RegionName, why: String },
    #[error("memory regions overlap (region {a} and region {b})")]
    Overlap { a: RegionName, b: RegionName },
    #[error("the data of a memory region is corrupt: checksum {computed:#018x}, recorded {recorded:#018x} (region {region}, image offset {offset:#x})")]
    DataChecksum { region: RegionName, recorded: u64, computed: u64, offset: u64 },
    #[error("the image is corrupt: a non-zero byte in the padding between tables and data (offset {offset:#x})")]
    Padding { offset: u64 },
    #[error("no {kind} region: every checkpoint has one (region table)")]
    MissingRegion { kind: &'static str },
    #[error("{why} (open file {index}: descriptor {fd}, {path:?})")]
    File { index: usize, fd: i32, path: PathBuf, why: String },
    #[error("{why} (listening socket {index}: descriptor {fd})")]
    Socket { index: usize, fd: i32, why: String },
    #[error("written by another build of the program: checkpoint build id {checkpoint}, {program} has {binary}; restore it with the build that wrote it (rebuilding from the same sources and flags gives the same id)")]
    BuildMismatch { checkpoint: String, binary: String, program: PathBuf },
    #[error("written on a host with {written}-byte pages, and this host's pages are {here} bytes (header offset {o}); restore it on a host with {written}-byte pages", o = crate::layout::PAGE_SIZE)]
    PageSize { written: u64, here: u64 },
    #[error("the program's data and bss are {program_range} in {program}, the checkpoint's data region is {region}")]
    DataMismatch { program: PathBuf, program_range: String, region: RegionName },
}

/// A region as messages name it: its index, kind and addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionName(pub String);

impl std::fmt::Display for RegionName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&Region> for RegionName {
    fn from(r: &Region) -> RegionName {
        RegionName(format!("{} ({} {:#x}..{:#x})", r.index, r.kind_name(), r.start, r.end))
    }
}
