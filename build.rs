//! Embeds the C sources that migcc compiles into its sysroot (runtime-lib/
//! and sysroot/'s musl overrides and per-ISA layer) into the migcc binary,
//! so the installed driver can (re)build its sysroot without the source
//! checkout. The sysroot cache key hashes these same bytes.

use std::env;
use std::fmt::Write;
use std::fs;
use std::path::Path;

const EMBEDDED_DIRS: &[&str] = &["runtime-lib", "sysroot/musl", "sysroot/isa"];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in EMBEDDED_DIRS {
        println!("cargo:rerun-if-changed={dir}");
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let entry = entry.expect("readable source tree");
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
                files.push((rel, entry.path().to_path_buf()));
            }
        }
    }
    let mut out =
        String::from("/// Sources embedded by build.rs.\npub static SOURCES: &[migcc_sysroot::SourceFile] = &[\n");
    for (rel, abs) in files {
        let _ = writeln!(
            out,
            "    migcc_sysroot::SourceFile {{ path: {rel:?}, contents: include_bytes!({:?}) }},",
            abs.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded_sources.rs");
    fs::write(dest, out).expect("write embedded_sources.rs");
}
