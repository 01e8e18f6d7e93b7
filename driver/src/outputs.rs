//! Output files written under temporary names and renamed into place only
//! when everything succeeded, so a failed build leaves nothing behind.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

#[derive(Default)]
pub struct StagedOutputs {
    entries: Vec<(PathBuf, PathBuf)>,
}

impl StagedOutputs {
    /// A temporary path next to `final_path` to write that output to.
    pub fn stage(&mut self, final_path: &Path) -> PathBuf {
        let mut name = final_path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".migcc-partial-{}", std::process::id()));
        let temp = final_path.with_file_name(name);
        self.entries.push((temp.clone(), final_path.to_path_buf()));
        temp
    }

    /// Renames every staged output into place.
    pub fn commit(mut self) -> Result<()> {
        for (temp, final_path) in std::mem::take(&mut self.entries) {
            std::fs::rename(&temp, &final_path)
                .with_context(|| format!("cannot write {}", final_path.display()))?;
        }
        Ok(())
    }
}

impl Drop for StagedOutputs {
    fn drop(&mut self) {
        for (temp, _) in &self.entries {
            let _ = std::fs::remove_file(temp);
        }
    }
}
