//! One output file for every ISA. A link's *main* build (the host's, when
//! it was built) is the output: an ordinary executable that runs natively.
//! Each other ISA's complete executable rides in it as the non-allocated
//! section `.migcc.isa.<ISA>`, which the loader ignores. `cp`, `install`,
//! `rm` and configure's `rm conftest` then treat a multi-ISA program as the
//! one file it is; whoever needs another ISA's build (`migcc run`,
//! `verify`, the restorer) extracts it.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use migcc_sysroot::{tools, Isa};
use object::{Architecture, Object, ObjectSection};

use crate::Error;

const SECTION_PREFIX: &str = ".migcc.isa.";

/// The section that carries `isa`'s build inside another ISA's.
pub fn section_name(isa: Isa) -> String {
    format!("{SECTION_PREFIX}{}", isa.name())
}

/// The ISA an ELF file's code is for, if migcc builds for it.
pub fn isa_of(elf: &object::File) -> Option<Isa> {
    match elf.architecture() {
        Architecture::X86_64 => Some(Isa::X86_64),
        Architecture::Aarch64 => Some(Isa::Aarch64),
        Architecture::Riscv64 => Some(Isa::Riscv64),
        _ => None,
    }
}

/// Writes `output`: `main`'s executable carrying each of `others` (and no
/// other ISA's build, should `main` already carry some).
pub fn write(main: &Path, others: &[(Isa, PathBuf)], output: &Path, verbose: bool) -> Result<(), Error> {
    let mut cmd = Command::new(tools::LLVM_OBJCOPY.find()?);
    cmd.arg(format!("--remove-section={SECTION_PREFIX}*"));
    for (isa, path) in others {
        cmd.arg("--add-section").arg(format!("{}={}", section_name(*isa), path.display()));
    }
    cmd.arg(main).arg(output);
    if verbose {
        eprintln!("{}", tools::command_line(&cmd));
    }
    let out = cmd.output().map_err(|source| Error::Io { path: main.to_path_buf(), source })?;
    if !out.status.success() {
        return Err(Error::Bundle { path: output.to_path_buf(), stderr: String::from_utf8_lossy(&out.stderr).into() });
    }
    Ok(())
}

/// A migcc output read into memory: its own ISA and the builds it carries.
pub struct Bundle {
    path: PathBuf,
    data: Vec<u8>,
    main: Isa,
}

impl Bundle {
    pub fn read(path: &Path) -> Result<Bundle, Error> {
        let data = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        let elf = object::File::parse(&*data)
            .map_err(|e| Error::BadExecutable { path: path.to_path_buf(), detail: e.to_string() })?;
        let main = isa_of(&elf).ok_or_else(|| Error::BadExecutable {
            path: path.to_path_buf(),
            detail: format!("a {:?} executable, not one migcc builds", elf.architecture()),
        })?;
        Ok(Bundle { path: path.to_path_buf(), data, main })
    }

    /// The ISA of the file itself.
    pub fn main_isa(&self) -> Isa {
        self.main
    }

    /// The complete executable of `isa`: the file itself for its own ISA,
    /// else the embedded one; [`Error::MissingBuild`] when the link did not
    /// build `isa`.
    pub fn executable(&self, isa: Isa) -> Result<&[u8], Error> {
        if isa == self.main {
            return Ok(&self.data);
        }
        let elf = object::File::parse(&*self.data).expect("parsed in Bundle::read");
        let name = section_name(isa);
        let section = elf.section_by_name(&name).ok_or_else(|| Error::MissingBuild { path: self.path.clone(), isa })?;
        section.data().map_err(|e| Error::BadExecutable { path: self.path.clone(), detail: format!("{name}: {e}") })
    }

    /// Writes `isa`'s executable to `path` whole (under a temporary name
    /// in the same directory, then renamed), mode 0755: nothing ever sees
    /// a half-written build there.
    pub fn extract(&self, isa: Isa, path: &Path) -> Result<(), Error> {
        let code = self.executable(isa)?;
        let io = |source| Error::Io { path: path.to_path_buf(), source };
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
        temp.write_all(code).map_err(io)?;
        temp.as_file().set_permissions(std::fs::Permissions::from_mode(0o755)).map_err(io)?;
        temp.persist(path).map_err(|e| io(e.error))?;
        Ok(())
    }
}
