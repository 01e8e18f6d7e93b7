//! gcc-compatible mode: `migcc [flags] files...`.

pub mod args;
mod compile;
mod link;
mod probes;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use args::{Input, Invocation, Lang, Mode};

use crate::outputs::StagedOutputs;
use crate::toolchain;

pub fn main(args: Vec<OsString>) -> Result<ExitCode> {
    let inv = args::parse(args)?;
    if inv.help {
        print!("{}", crate::commands::long_help());
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(probe) = &inv.probe {
        probes::answer(probe, &inv)?;
        return Ok(ExitCode::SUCCESS);
    }
    let sysroot = toolchain::sysroot()?;
    let mode = if inv.frontend.iter().any(|f| f == "-M" || f == "-MM") { Mode::Preprocess } else { inv.mode };
    match mode {
        Mode::Preprocess | Mode::SyntaxOnly => {
            for (src, lang) in sources(&inv) {
                compile::frontend_only(&inv, &sysroot, &src, lang, mode)?;
            }
        }
        Mode::Compile | Mode::Assembly => {
            let ext = if mode == Mode::Compile { "o" } else { "s" };
            let mut staged = StagedOutputs::default();
            for (src, lang) in sources(&inv) {
                let out = inv.output.clone().unwrap_or_else(|| default_output(&src, ext));
                if out.as_os_str() == "-" {
                    let temp = tempfile::NamedTempFile::new()?;
                    let (file, target) = (default_output(&src, "d"), default_output(&src, "o"));
                    let deps = compile::DepNames { file: &file, target: &target };
                    compile::compile(&inv, &sysroot, &src, lang, temp.path(), &deps, mode)?;
                    std::io::copy(&mut std::fs::File::open(temp.path())?, &mut std::io::stdout())?;
                    continue;
                }
                let temp = staged.stage(&out);
                let file = out.with_extension("d");
                let deps = compile::DepNames { file: &file, target: &out };
                compile::compile(&inv, &sysroot, &src, lang, &temp, &deps, mode)?;
            }
            staged.commit()?;
        }
        Mode::Link => link::link(&inv, &sysroot)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn sources(inv: &Invocation) -> Vec<(PathBuf, Lang)> {
    inv.inputs
        .iter()
        .filter_map(|i| match i {
            Input::File { path, lang: lang @ (Lang::C | Lang::CppOutput) } => Some((path.clone(), *lang)),
            _ => None,
        })
        .collect()
}

/// `dir/foo.c` → `foo.<ext>` in the current directory, as gcc does.
fn default_output(src: &Path, ext: &str) -> PathBuf {
    PathBuf::from(src.file_stem().unwrap_or_default()).with_extension(ext)
}
