//! The frame table: what a saved call stack means, for `migcc inspect`.
//!
//! A frame record names its function and call site by number and is as
//! long as its function's largest record (instrument.rs). The table gives,
//! per function id, the record size and the function's name, and per call
//! site the source position of the call (from the IR's debug locations,
//! when the program was built with -g). Records hold site numbers, not
//! program counters, so a DWARF line table (which maps PCs) could not
//! answer this; the IR's locations are what DWARF is made from.
//!
//! It is one constant byte array, `__migcc_frame_table`, in the aligned
//! image (the same bytes on every ISA; no code reads it). Little-endian:
//!
//! ```text
//! magic "MIGCCFT1"
//! u32 functions, u32 sites, u32 string bytes, u32 zero
//! per function: u32 record size, u32 name, u32 first site, u32 sites
//! per site:     u32 file (NONE: no position), u32 line
//! strings:      NUL-terminated, referred to by offset
//! ```

use std::collections::HashMap;

pub const SYMBOL: &str = "__migcc_frame_table";
const MAGIC: &[u8; 8] = b"MIGCCFT1";
const NONE: u32 = u32::MAX;

/// A call site's source position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub file: String,
    pub line: u32,
}

/// One instrumented function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    pub name: String,
    pub record_size: u64,
    /// Indexed by call-site id.
    pub sites: Vec<Option<Position>>,
}

/// The decoded table, indexed by function id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FrameTable {
    pub functions: Vec<Function>,
}

/// The string part: each string once, NUL-terminated.
#[derive(Default)]
struct Strings {
    bytes: Vec<u8>,
    offsets: HashMap<String, u32>,
}

impl Strings {
    fn add(&mut self, s: &str) -> u32 {
        if let Some(&at) = self.offsets.get(s) {
            return at;
        }
        let at = self.bytes.len() as u32;
        self.bytes.extend_from_slice(s.as_bytes());
        self.bytes.push(0);
        self.offsets.insert(s.to_string(), at);
        at
    }
}

impl FrameTable {
    pub fn encode(&self) -> Vec<u8> {
        let mut strings = Strings::default();
        let mut functions = Vec::new();
        let mut sites: Vec<[u32; 2]> = Vec::new();
        for f in &self.functions {
            let header = [f.record_size as u32, strings.add(&f.name), sites.len() as u32, f.sites.len() as u32];
            functions.extend(header.iter().flat_map(|w| w.to_le_bytes()));
            for site in &f.sites {
                sites.push(match site {
                    Some(p) => [strings.add(&p.file), p.line],
                    None => [NONE, 0],
                });
            }
        }
        let mut out = MAGIC.to_vec();
        let counts = [self.functions.len(), sites.len(), strings.bytes.len(), 0];
        out.extend(counts.iter().flat_map(|&w| (w as u32).to_le_bytes()));
        out.extend(functions);
        out.extend(sites.iter().flatten().flat_map(|w| w.to_le_bytes()));
        out.extend(strings.bytes);
        out
    }

    /// Reads a table; the error says what is wrong with it.
    pub fn decode(bytes: &[u8]) -> Result<FrameTable, String> {
        let word = |at: usize| -> Result<u32, String> {
            bytes
                .get(at..at + 4)
                .map(|w| u32::from_le_bytes(w.try_into().expect("4 bytes")))
                .ok_or_else(|| format!("the frame table ends at byte {}, before byte {}", bytes.len(), at + 4))
        };
        if bytes.get(..8) != Some(MAGIC) {
            return Err("not a migcc frame table (no magic)".into());
        }
        let (nfunctions, nsites, nstrings) = (word(8)? as usize, word(12)? as usize, word(16)? as usize);
        let functions_at = 24;
        let sites_at = functions_at + 16 * nfunctions;
        let strings_at = sites_at + 8 * nsites;
        let strings = bytes
            .get(strings_at..strings_at + nstrings)
            .ok_or_else(|| format!("the frame table's strings end past its {} bytes", bytes.len()))?;
        let string = |at: u32| -> Result<String, String> {
            let tail = strings.get(at as usize..).ok_or_else(|| format!("string offset {at} is out of range"))?;
            let end = tail.iter().position(|&b| b == 0).ok_or_else(|| format!("string {at} is not terminated"))?;
            Ok(String::from_utf8_lossy(&tail[..end]).into_owned())
        };
        let mut functions = Vec::with_capacity(nfunctions);
        for id in 0..nfunctions {
            let at = functions_at + 16 * id;
            let (size, name, first, count) =
                (word(at)?, word(at + 4)?, word(at + 8)? as usize, word(at + 12)? as usize);
            if first + count > nsites {
                return Err(format!("function {id}'s call sites {first}..{} are out of range", first + count));
            }
            let sites = (first..first + count)
                .map(|s| {
                    let file = word(sites_at + 8 * s)?;
                    let line = word(sites_at + 8 * s + 4)?;
                    Ok((file != NONE).then_some((file, line)))
                })
                .map(|r: Result<_, String>| {
                    r?.map(|(file, line)| Ok(Position { file: string(file)?, line })).transpose()
                })
                .collect::<Result<_, String>>()?;
            functions.push(Function { name: string(name)?, record_size: u64::from(size), sites });
        }
        Ok(FrameTable { functions })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> FrameTable {
        let at = |file: &str, line| Some(Position { file: file.into(), line });
        FrameTable {
            functions: vec![
                Function { name: "main".into(), record_size: 48, sites: vec![at("a.c", 10), None, at("a.c", 12)] },
                Function { name: "walk".into(), record_size: 16, sites: vec![] },
                Function { name: "a.c".into(), record_size: 32, sites: vec![at("b/c.h", 7)] },
            ],
        }
    }

    #[test]
    fn round_trips() {
        let table = sample();
        assert_eq!(FrameTable::decode(&table.encode()), Ok(table));
    }

    #[test]
    fn truncated_or_foreign_bytes_are_refused() {
        let bytes = sample().encode();
        for len in 0..bytes.len() {
            assert!(FrameTable::decode(&bytes[..len]).is_err(), "{len} bytes were accepted");
        }
        let mut other = bytes.clone();
        other[0] ^= 1;
        assert!(FrameTable::decode(&other).is_err());
    }
}
