//! What a migrated run leaves behind: the hops of its `--report`, and the
//! migration point count of a `MIGCC_COUNT_POINTS` run.

use std::path::Path;

/// The hops a `--report` file lists, as (from, to).
pub fn hops(report: &Path) -> Result<Vec<(String, String)>, String> {
    let text = std::fs::read_to_string(report).map_err(|e| format!("no report at {}: {e}", report.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("bad report: {e}"))?;
    let list = value.as_array().ok_or("the report is not a list")?;
    Ok(list
        .iter()
        .map(|h| (h["from"].as_str().unwrap_or("?").to_string(), h["to"].as_str().unwrap_or("?").to_string()))
        .collect())
}

/// The count a MIGCC_COUNT_POINTS file holds.
pub fn points_counted(counter: &Path) -> Result<u64, String> {
    let bytes =
        std::fs::read(counter).map_err(|e| format!("no migration point count in {}: {e}", counter.display()))?;
    let word: [u8; 8] =
        bytes.try_into().map_err(|b: Vec<u8>| format!("{}: {} bytes, not 8", counter.display(), b.len()))?;
    Ok(u64::from_le_bytes(word))
}
