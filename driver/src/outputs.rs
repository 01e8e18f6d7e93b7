//! Output files written under temporary names and renamed into place only
//! when everything succeeded, so a failed build leaves nothing behind, not
//! even when LLVM stops the process with a fatal error.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};

/// Paths to delete if the process has to exit abruptly.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Deletes `path` (a file or a directory) if migcc exits on a fatal error
/// before `forget` is called.
pub fn remove_on_fatal_error(path: &Path) {
    PENDING.lock().unwrap_or_else(|e| e.into_inner()).push(path.to_path_buf());
}

pub fn forget(path: &Path) {
    PENDING.lock().unwrap_or_else(|e| e.into_inner()).retain(|p| p != path);
}

/// Reports an LLVM fatal error, removes every pending output and exits.
pub fn fatal_error(reason: &str) -> ! {
    eprintln!(
        "migcc: error: LLVM failed: {reason}\nhint: this is a bug in migcc or LLVM; please report it with the input"
    );
    for path in PENDING.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        let _ = std::fs::remove_dir_all(path).or_else(|_| std::fs::remove_file(path));
    }
    std::process::exit(1)
}

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
        remove_on_fatal_error(&temp);
        self.entries.push((temp.clone(), final_path.to_path_buf()));
        temp
    }

    /// Renames every staged output into place.
    pub fn commit(mut self) -> Result<()> {
        for (temp, final_path) in std::mem::take(&mut self.entries) {
            forget(&temp);
            std::fs::rename(&temp, &final_path).with_context(|| format!("cannot write {}", final_path.display()))?;
        }
        Ok(())
    }
}

impl Drop for StagedOutputs {
    fn drop(&mut self) {
        for (temp, _) in &self.entries {
            forget(temp);
            let _ = std::fs::remove_file(temp);
        }
    }
}
