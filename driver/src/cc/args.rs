//! gcc/clang-compatible command lines, parsed into an `Invocation`.
//!
//! Build systems pass a wide range of flags. Each one is either understood
//! (and translated), passed through to the portable frontend (when it cannot
//! change the virtual ISA), ignored with a reason (when it only matters for
//! native or dynamic linking), or rejected (when it would make the program
//! ISA-specific).

use std::ffi::OsString;
use std::path::PathBuf;

use migcc_llvm_pass::OptLevel;
use migcc_sysroot::Isa;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Compile and link (the default).
    Link,
    /// `-c`: portable object.
    Compile,
    /// `-S`: portable IR as text.
    Assembly,
    /// `-E`: preprocess only.
    Preprocess,
    /// `-fsyntax-only`: check, write nothing.
    SyntaxOnly,
}

/// The language of an input, from `-x` or its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    C,
    /// Already preprocessed C (`.i`).
    CppOutput,
    /// A portable object or archive (anything that is not a source file).
    Object,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File {
        path: PathBuf,
        lang: Lang,
    },
    /// `-lname`, searched in -L directories when linking.
    Library(String),
}

/// What a probe flag asks for (autotools and cmake issue these).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    Version,
    DumpMachine,
    DumpVersion,
    PrintProgName(String),
    PrintFileName(String),
    PrintLibgccFileName,
    PrintSearchDirs,
    PrintMultiOsDirectory,
    PrintSysroot,
    PrintMultiarch,
    PrintMultiDirectory,
    PrintMultiLib,
    /// `-v` without inputs: version information on stderr, as gcc prints it.
    VerboseVersion,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    pub mode: Mode,
    pub output: Option<PathBuf>,
    pub inputs: Vec<Input>,
    /// Flags for the portable frontend (clang), in order.
    pub frontend: Vec<OsString>,
    /// The -O level given; None when there is none (see [`Invocation::opt`]).
    pub opt_flag: Option<OptLevel>,
    pub lib_dirs: Vec<PathBuf>,
    pub isas: Vec<Isa>,
    pub verbose: bool,
    /// Instrument the program so that it can migrate between ISAs.
    pub migratable: bool,
    pub probe: Option<Probe>,
    pub help: bool,
}

impl Invocation {
    /// The level to compile sources at: the -O given, else none (-O0), as
    /// gcc. A link without -O uses the level its objects were compiled at
    /// instead (see `migcc_llvm_pass::build_portable`).
    pub fn opt(&self) -> OptLevel {
        self.opt_flag.unwrap_or(OptLevel::O0)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ArgError {
    #[error("unknown or unsupported flag `{0}`")]
    Unknown(String),
    #[error("`{flag}` is not supported: {why}")]
    Unsupported { flag: String, why: &'static str },
    #[error("`{0}` expects an argument")]
    MissingValue(String),
    #[error("{0}")]
    BadIsa(String),
    #[error("cannot read response file `{path}`: {detail}")]
    ResponseFile { path: String, detail: String },
    #[error("`{path}` is {what}; migcc compiles C only")]
    UnsupportedInput { path: String, what: &'static str },
    #[error("no input files")]
    NoInputs,
    #[error("`-o` with several inputs and `-c`, `-S` or `-E` is ambiguous")]
    AmbiguousOutput,
}

const ISA_SPECIFIC: &str = "it selects ISA-specific code, and migcc builds one program for every ISA";
const STATIC_ONLY: &str = "migcc builds static executables only; build a static library (ar) instead";

/// Flags that take their value as the next argument (or attached).
const WITH_VALUE_PASSTHROUGH: &[&str] =
    &["-I", "-isystem", "-iquote", "-idirafter", "-include", "-imacros", "-D", "-U", "-MF", "-MT", "-MQ"];

/// Linker flags (`-Wl,` / `-Xlinker`) that make no difference to a static,
/// whole-program link and are accepted silently.
fn harmless_linker_flag(flag: &str) -> bool {
    const EXACT: &[&str] = &[
        "--gc-sections",
        "--no-gc-sections",
        "-O1",
        "-O2",
        "--as-needed",
        "--no-as-needed",
        "-s",
        "--strip-all",
        "--strip-debug",
        "--sort-common",
        "--enable-new-dtags",
        "--disable-new-dtags",
        "-z",
        "relro",
        "now",
        "norelro",
        "lazy",
        "noexecstack",
        "--no-undefined",
        "-Bsymbolic",
        "--export-dynamic",
        "-E",
        "--warn-common",
        "-Bstatic",
        // migcc links static libraries only, whatever the mode says.
        "-Bdynamic",
        "--eh-frame-hdr",
        "--start-group",
        "--end-group",
    ];
    EXACT.contains(&flag)
        || flag.starts_with("--hash-style=")
        || flag.starts_with("--build-id")
        || flag.starts_with("-O")
        || flag.starts_with("-rpath")
        || flag.starts_with("--version-script")
        || flag.starts_with("-soname")
}

fn lang_of_extension(path: &str) -> Result<Lang, ArgError> {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let unsupported = |what| Err(ArgError::UnsupportedInput { path: path.to_string(), what });
    match ext {
        "c" => Ok(Lang::C),
        "i" => Ok(Lang::CppOutput),
        "s" | "S" | "sx" | "asm" => unsupported("assembly, which is not portable across ISAs"),
        "cc" | "cpp" | "cxx" | "C" | "c++" | "ii" => unsupported("C++"),
        "m" | "mm" => unsupported("Objective-C"),
        "so" => unsupported("a shared library (migcc links statically)"),
        _ => Ok(Lang::Object),
    }
}

fn lang_of_x(value: &str) -> Result<Option<Lang>, ArgError> {
    match value {
        "none" => Ok(None),
        "c" => Ok(Some(Lang::C)),
        "cpp-output" => Ok(Some(Lang::CppOutput)),
        "assembler" | "assembler-with-cpp" => {
            Err(ArgError::Unsupported { flag: format!("-x {value}"), why: "assembly is not portable across ISAs" })
        }
        other => Err(ArgError::Unsupported { flag: format!("-x {other}"), why: "migcc compiles C only" }),
    }
}

/// How deeply response files may name further response files.
const RESPONSE_FILE_DEPTH: usize = 32;

/// Expands `@file` response files (whitespace-separated, with quotes).
/// A response file may itself name response files, as with gcc and clang.
pub fn expand_response_files(args: Vec<OsString>) -> Result<Vec<OsString>, ArgError> {
    let mut out = Vec::new();
    expand_into(args, &mut out, 0)?;
    Ok(out)
}

fn expand_into(args: Vec<OsString>, out: &mut Vec<OsString>, depth: usize) -> Result<(), ArgError> {
    for arg in args {
        match arg.to_str().and_then(|s| s.strip_prefix('@')) {
            Some(path) => {
                if depth >= RESPONSE_FILE_DEPTH {
                    return Err(ArgError::ResponseFile {
                        path: path.to_string(),
                        detail: format!(
                            "response files nest more than {RESPONSE_FILE_DEPTH} deep (does one include itself?)"
                        ),
                    });
                }
                let text = std::fs::read_to_string(path)
                    .map_err(|e| ArgError::ResponseFile { path: path.to_string(), detail: e.to_string() })?;
                let words = split_response(&text).into_iter().map(OsString::from).collect();
                expand_into(words, out, depth + 1)?;
            }
            None => out.push(arg),
        }
    }
    Ok(())
}

fn split_response(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (_, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
                in_word = true;
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

pub fn parse(args: Vec<OsString>) -> Result<Invocation, ArgError> {
    let args = expand_response_files(args)?;
    let mut inv = Invocation {
        mode: Mode::Link,
        output: None,
        inputs: Vec::new(),
        frontend: Vec::new(),
        opt_flag: None,
        lib_dirs: Vec::new(),
        isas: Isa::ALL.to_vec(),
        verbose: false,
        migratable: false,
        probe: None,
        help: false,
    };
    let mut forced_lang: Option<Lang> = None;
    let mut linker_value_pending = false;
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let Some(mut a) = arg.to_str().map(str::to_owned) else {
            // Non-UTF-8 arguments can only be file names.
            inv.inputs.push(Input::File { path: PathBuf::from(arg), lang: forced_lang.unwrap_or(Lang::Object) });
            continue;
        };
        let mut value = |flag: &str| -> Result<String, ArgError> {
            it.next().and_then(|v| v.into_string().ok()).ok_or_else(|| ArgError::MissingValue(flag.to_string()))
        };
        // gcc accepts `--print-X` for every `-print-X` (Python's configure
        // runs `$CC --print-multiarch`).
        if a.starts_with("--print-") {
            a.remove(0);
        }
        if !a.starts_with('-') || a == "-" {
            let lang = match forced_lang {
                Some(l) => l,
                None if a == "-" => Lang::C,
                None => lang_of_extension(&a)?,
            };
            inv.inputs.push(Input::File { path: PathBuf::from(&a), lang });
            continue;
        }
        match a.as_str() {
            "-c" => inv.mode = Mode::Compile,
            "-S" => inv.mode = Mode::Assembly,
            "-E" => inv.mode = Mode::Preprocess,
            "-fsyntax-only" => inv.mode = Mode::SyntaxOnly,
            "-fmigratable" => inv.migratable = true,
            "-fno-migratable" => inv.migratable = false,
            "-o" => inv.output = Some(PathBuf::from(value("-o")?)),
            "-v" => inv.verbose = true,
            "--help" | "-help" => inv.help = true,
            "--version" => inv.probe = Some(Probe::Version),
            "-dumpmachine" => inv.probe = Some(Probe::DumpMachine),
            "-dumpversion" | "-dumpfullversion" => inv.probe = Some(Probe::DumpVersion),
            "-print-libgcc-file-name" => inv.probe = Some(Probe::PrintLibgccFileName),
            "-print-search-dirs" => inv.probe = Some(Probe::PrintSearchDirs),
            "-print-multi-os-directory" => inv.probe = Some(Probe::PrintMultiOsDirectory),
            "-print-sysroot" => inv.probe = Some(Probe::PrintSysroot),
            "-print-multiarch" => inv.probe = Some(Probe::PrintMultiarch),
            "-print-multi-directory" => inv.probe = Some(Probe::PrintMultiDirectory),
            "-print-multi-lib" => inv.probe = Some(Probe::PrintMultiLib),
            "-x" => forced_lang = lang_of_x(&value("-x")?)?,
            "--isa" => inv.isas = parse_isas(&value("--isa")?)?,
            "-l" => inv.inputs.push(Input::Library(value("-l")?)),
            "-L" => inv.lib_dirs.push(PathBuf::from(value("-L")?)),
            "-Xlinker" => {
                check_linker_args([value("-Xlinker")?.as_str()], &mut linker_value_pending, &mut inv.opt_flag)?
            }
            _ if a.starts_with("-Wl,") => {
                check_linker_args(a["-Wl,".len()..].split(','), &mut linker_value_pending, &mut inv.opt_flag)?
            }
            "-static" | "-pipe" | "-pie" | "-no-pie" | "-rdynamic" | "-m64" | "-s" | "-static-libgcc" => {}
            "-pthread" | "-pthreads" => inv.frontend.push("-pthread".into()),
            "-shared" => return Err(ArgError::Unsupported { flag: a, why: STATIC_ONLY }),
            "-m32" | "-mx32" => {
                return Err(ArgError::Unsupported { flag: a, why: "migcc's virtual ISA is 64-bit (LP64)" })
            }
            // rustc links with -nodefaultlibs and names libc itself. migcc
            // links its runtime and libc in any case: programs start there.
            "-nodefaultlibs" => {}
            "-nostdlib" | "-nostartfiles" | "-nostdinc" => {
                return Err(ArgError::Unsupported {
                    flag: a,
                    why: "migcc programs always start through the migcc runtime and musl",
                })
            }
            "-M" | "-MM" | "-MD" | "-MMD" | "-MP" | "-MG" | "-w" | "-ansi" | "-traditional-cpp" | "-C" | "-P"
            | "-H" | "-undef" | "-pedantic" | "-pedantic-errors" | "-Qunused-arguments" => inv.frontend.push(arg),
            // Preprocessor dumps (`$CC -dM -E - </dev/null` lists the predefined macros).
            "-dM" | "-dD" | "-dN" | "-dI" | "-dU" => inv.frontend.push(arg),
            _ => parse_prefixed(&a, &mut inv, &mut forced_lang, &mut value)?,
        }
    }
    if inv.help || inv.probe.is_some() {
        return Ok(inv);
    }
    if inv.verbose && inv.inputs.is_empty() {
        // `gcc -v` alone prints its version and configuration and succeeds.
        inv.probe = Some(Probe::VerboseVersion);
        return Ok(inv);
    }
    if inv.inputs.is_empty() {
        return Err(ArgError::NoInputs);
    }
    let sources =
        inv.inputs.iter().filter(|i| matches!(i, Input::File { lang: Lang::C | Lang::CppOutput, .. })).count();
    if inv.mode != Mode::Link && inv.output.is_some() && sources > 1 {
        return Err(ArgError::AmbiguousOutput);
    }
    Ok(inv)
}

fn parse_isas(list: &str) -> Result<Vec<Isa>, ArgError> {
    let mut isas = Vec::new();
    for name in list.split(',').filter(|s| !s.is_empty()) {
        let isa = name.parse::<Isa>().map_err(|e| ArgError::BadIsa(format!("--isa: {e}")))?;
        if !isas.contains(&isa) {
            isas.push(isa);
        }
    }
    if isas.is_empty() {
        return Err(ArgError::BadIsa("--isa: the list of ISAs is empty".into()));
    }
    isas.sort();
    Ok(isas)
}

/// Linker options whose value is the next linker argument, as in
/// `-Wl,-rpath,/dir`, `-Wl,-rpath -Wl,/dir` (libtool) or
/// `-Xlinker -soname -Xlinker libx.so.1`. The option and its value are both
/// accepted silently: none of them changes a static whole-program link.
const LINKER_OPTIONS_WITH_VALUE: &[&str] = &["-rpath", "-rpath-link", "-soname", "-h", "--version-script", "-z"];

/// Checks linker arguments (from `-Wl,` or `-Xlinker`). `value_pending` says
/// that the previous linker argument was an option whose value comes next;
/// it carries over between `-Wl,` and `-Xlinker` arguments. The LTO plugin's
/// `-plugin-opt=O<n>` (which clang -flto and rustc -Clinker-plugin-lto pass)
/// sets the link-time optimisation level, as `-O<n>` does.
fn check_linker_args<'a>(
    args: impl IntoIterator<Item = &'a str>,
    value_pending: &mut bool,
    opt: &mut Option<OptLevel>,
) -> Result<(), ArgError> {
    for arg in args {
        if std::mem::take(value_pending) {
            continue;
        }
        if LINKER_OPTIONS_WITH_VALUE.contains(&arg) {
            *value_pending = true;
            continue;
        }
        match arg.strip_prefix("-plugin-opt=").or_else(|| arg.strip_prefix("--plugin-opt=")) {
            Some(plugin_opt) => match plugin_opt.strip_prefix('O') {
                Some(level) => *opt = Some(opt_level(level).ok_or_else(|| ArgError::Unknown(format!("-Wl,{arg}")))?),
                // The plugin's CPU: migcc chooses each ISA's code generation itself.
                None if plugin_opt.starts_with("mcpu=") => {}
                None => check_linker_flag(arg)?,
            },
            None => check_linker_flag(arg)?,
        }
    }
    Ok(())
}

fn check_linker_flag(flag: &str) -> Result<(), ArgError> {
    if harmless_linker_flag(flag) {
        Ok(())
    } else {
        Err(ArgError::Unsupported {
            flag: format!("-Wl,{flag}"),
            why: "migcc's aligning linker controls the final link; this linker option would change it",
        })
    }
}

/// The level that `-O<level>` names.
fn opt_level(level: &str) -> Option<OptLevel> {
    Some(match level {
        "0" => OptLevel::O0,
        "" | "1" | "g" => OptLevel::O1,
        "2" => OptLevel::O2,
        "3" | "fast" => OptLevel::O3,
        "s" => OptLevel::Os,
        "z" => OptLevel::Oz,
        _ => return None,
    })
}

/// Flags recognised by prefix (joined values, families like -W and -f).
fn parse_prefixed(
    a: &str,
    inv: &mut Invocation,
    forced_lang: &mut Option<Lang>,
    value: &mut impl FnMut(&str) -> Result<String, ArgError>,
) -> Result<(), ArgError> {
    let unsupported = |why| Err(ArgError::Unsupported { flag: a.to_string(), why });
    if let Some(level) = a.strip_prefix("-O") {
        inv.opt_flag = Some(opt_level(level).ok_or_else(|| ArgError::Unknown(a.to_string()))?);
        // -Ofast's fast-math would break bit-identical floating point.
        inv.frontend.push(if level == "fast" { "-O3".into() } else { a.into() });
        return Ok(());
    }
    if a.starts_with("-Wa,") {
        // There is no assembler step: objects are portable IR.
        return Ok(());
    }
    for flag in WITH_VALUE_PASSTHROUGH {
        if a == *flag {
            inv.frontend.push(a.into());
            inv.frontend.push(value(a)?.into());
            return Ok(());
        }
        if a.starts_with(flag) && a.len() > flag.len() && !(*flag == "-I" && a.starts_with("-isystem")) {
            inv.frontend.push(a.into());
            return Ok(());
        }
    }
    if let Some(out) = a.strip_prefix("-o") {
        // `-oFILE`, as gcc accepts (Makefiles write `-o$@`).
        inv.output = Some(PathBuf::from(out));
    } else if let Some(lib) = a.strip_prefix("-l") {
        inv.inputs.push(Input::Library(lib.to_string()));
    } else if let Some(dir) = a.strip_prefix("-L") {
        inv.lib_dirs.push(PathBuf::from(dir));
    } else if let Some(lang) = a.strip_prefix("-x") {
        *forced_lang = lang_of_x(lang)?;
    } else if let Some(list) = a.strip_prefix("--isa=") {
        inv.isas = parse_isas(list)?;
    } else if let Some(name) = a.strip_prefix("-print-prog-name=") {
        inv.probe = Some(Probe::PrintProgName(name.to_string()));
    } else if let Some(name) = a.strip_prefix("-print-file-name=") {
        inv.probe = Some(Probe::PrintFileName(name.to_string()));
    } else if a.starts_with("-std=") || a.starts_with("-W") || a.starts_with("-g") || a.starts_with("-fdiagnostics") {
        inv.frontend.push(a.into());
    } else if a.starts_with("-fsanitize")
        || a.starts_with("-fprofile")
        || a == "--coverage"
        || a.starts_with("-fcoverage")
    {
        return unsupported("it needs a native runtime library that migcc does not provide");
    } else if a.starts_with("-fopenmp") {
        return unsupported("OpenMP needs a native runtime library that migcc does not provide");
    } else if matches!(a, "-fPIC" | "-fpic" | "-fPIE" | "-fpie" | "-fno-pic" | "-fno-PIC" | "-fno-pie" | "-fno-PIE")
        || a.starts_with("-flto")
        || a == "-fno-lto"
        || a.starts_with("-fuse-ld=")
        || matches!(a, "-ffunction-sections" | "-fdata-sections" | "-fno-plt")
    {
        // Position independence, LTO and section splitting are migcc's own
        // business: it always links statically, whole-program, one section
        // per object.
    } else if matches!(a, "-ffp-contract=fast" | "-ffp-contract=on") {
        return unsupported("fused multiply-add would make floating point differ between ISAs");
    } else if a.starts_with("-f") {
        inv.frontend.push(a.into());
    } else if a.starts_with("-mtune=") || a == "-mno-red-zone" || a == "-mieee-fp" {
        // Tuning hints only.
    } else if a.starts_with("-march=") || a.starts_with("-mcpu=") || a.starts_with("-m") {
        return unsupported(ISA_SPECIFIC);
    } else if a.strip_prefix("--target=") == Some(migcc_sysroot::CANONICAL_TRIPLE) {
        // The virtual ISA's own triple: what the cc crate passes when cargo
        // builds for riscv64gc-unknown-linux-musl (migcc cargo).
    } else if a.starts_with("--sysroot") || a == "-isysroot" || a.starts_with("--target") || a.starts_with("-target") {
        return unsupported("migcc always compiles for its own virtual ISA against its own sysroot");
    } else {
        return Err(ArgError::Unknown(a.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Invocation, ArgError> {
        parse(args.iter().map(OsString::from).collect())
    }

    fn ok(args: &[&str]) -> Invocation {
        parse_strs(args).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    fn file(path: &str, lang: Lang) -> Input {
        Input::File { path: PathBuf::from(path), lang }
    }

    #[test]
    fn defaults() {
        let inv = ok(&["a.c"]);
        assert_eq!(inv.mode, Mode::Link);
        assert_eq!(inv.output, None);
        assert_eq!(inv.inputs, vec![file("a.c", Lang::C)]);
        assert_eq!(inv.opt_flag, None);
        assert_eq!(inv.opt(), OptLevel::O0);
        assert_eq!(inv.isas, Isa::ALL.to_vec());
        assert!(inv.frontend.is_empty() && inv.lib_dirs.is_empty());
        assert!(!inv.verbose && !inv.help && inv.probe.is_none());
    }

    #[test]
    fn modes_and_outputs() {
        for (args, mode, output) in [
            (&["-c", "a.c"][..], Mode::Compile, None),
            (&["-S", "a.c", "-o", "a.s"], Mode::Assembly, Some("a.s")),
            (&["-E", "a.c"], Mode::Preprocess, None),
            (&["a.c", "-o", "app"], Mode::Link, Some("app")),
            (&["a.c", "-oapp"], Mode::Link, Some("app")),
            (&["-c", "-oout/a.o", "a.c"], Mode::Compile, Some("out/a.o")),
        ] {
            let inv = ok(args);
            assert_eq!(inv.mode, mode, "{args:?}");
            assert_eq!(inv.output, output.map(PathBuf::from), "{args:?}");
        }
    }

    #[test]
    fn optimisation_levels() {
        for (flag, level, frontend) in [
            ("-O0", OptLevel::O0, "-O0"),
            ("-O", OptLevel::O1, "-O"),
            ("-O1", OptLevel::O1, "-O1"),
            ("-Og", OptLevel::O1, "-Og"),
            ("-O2", OptLevel::O2, "-O2"),
            ("-O3", OptLevel::O3, "-O3"),
            ("-Ofast", OptLevel::O3, "-O3"),
            ("-Os", OptLevel::Os, "-Os"),
            ("-Oz", OptLevel::Oz, "-Oz"),
        ] {
            let inv = ok(&[flag, "a.c"]);
            assert_eq!(inv.opt_flag, Some(level), "{flag}");
            assert_eq!(inv.frontend, vec![OsString::from(frontend)], "{flag}");
        }
        // The last -O wins.
        assert_eq!(ok(&["-O3", "-O1", "a.c"]).opt_flag, Some(OptLevel::O1));
        assert_eq!(parse_strs(&["-Ox", "a.c"]), Err(ArgError::Unknown("-Ox".into())));
    }

    #[test]
    fn inputs_keep_command_line_order() {
        let inv = ok(&["a.c", "-lm", "b.o", "-l", "foo", "libbar.a", "pre.i", "-L", "lib", "-Lx"]);
        assert_eq!(
            inv.inputs,
            vec![
                file("a.c", Lang::C),
                Input::Library("m".into()),
                file("b.o", Lang::Object),
                Input::Library("foo".into()),
                file("libbar.a", Lang::Object),
                file("pre.i", Lang::CppOutput),
            ]
        );
        assert_eq!(inv.lib_dirs, vec![PathBuf::from("lib"), PathBuf::from("x")]);
    }

    #[test]
    fn language_selection() {
        let inv = ok(&["-x", "c", "foo.txt", "-", "-x", "none", "b.o", "-xc", "bar.h"]);
        assert_eq!(
            inv.inputs,
            vec![file("foo.txt", Lang::C), file("-", Lang::C), file("b.o", Lang::Object), file("bar.h", Lang::C),]
        );
        assert_eq!(ok(&["-x", "cpp-output", "foo.txt"]).inputs, vec![file("foo.txt", Lang::CppOutput)]);
        assert!(matches!(
            parse_strs(&["-x", "c++", "a.cc"]),
            Err(ArgError::Unsupported { flag, .. }) if flag == "-x c++"
        ));
        for path in ["a.s", "a.S", "a.cpp", "a.m", "libx.so"] {
            assert!(matches!(parse_strs(&[path]), Err(ArgError::UnsupportedInput { .. })), "{path}");
        }
    }

    #[test]
    fn frontend_flags_in_order() {
        let args = [
            "-Iinc",
            "-I",
            "inc2",
            "-isystem",
            "sys",
            "-DA=1",
            "-D",
            "B",
            "-UC",
            "-include",
            "pre.h",
            "-std=c11",
            "-Wall",
            "-Wno-unused",
            "-g",
            "-fno-common",
            "-MD",
            "-MF",
            "a.d",
            "-MT",
            "a.o",
            "-pthread",
            "-w",
        ];
        let mut with_input = args.to_vec();
        with_input.push("a.c");
        let inv = ok(&with_input);
        let expected: Vec<OsString> = args.iter().map(OsString::from).collect();
        assert_eq!(inv.frontend, expected);
    }

    #[test]
    fn dropped_flags_reach_nothing() {
        let inv = ok(&[
            "-fPIC",
            "-flto",
            "-fno-lto",
            "-flto=thin",
            "-ffunction-sections",
            "-fdata-sections",
            "-mtune=native",
            "-pipe",
            "-static",
            "-pie",
            "-m64",
            "-Wa,--noexecstack",
            "--target=riscv64-unknown-linux-musl",
            "a.c",
        ]);
        assert!(inv.frontend.is_empty(), "{:?}", inv.frontend);
    }

    #[test]
    fn isas() {
        assert_eq!(ok(&["--isa", "riscv64,x86_64,riscv64", "a.c"]).isas, vec![Isa::X86_64, Isa::Riscv64]);
        assert_eq!(ok(&["--isa=aarch64", "a.c"]).isas, vec![Isa::Aarch64]);
        assert!(matches!(
            parse_strs(&["--isa", "sparc", "a.c"]),
            Err(ArgError::BadIsa(m)) if m.contains("sparc")
        ));
        assert!(matches!(parse_strs(&["--isa=,", "a.c"]), Err(ArgError::BadIsa(_))));
    }

    #[test]
    fn linker_flags() {
        for args in [
            &["-Wl,--gc-sections,-O1,--as-needed"][..],
            &["-Wl,-z,relro,-z,now", "-Wl,-z,defs"],
            &["-Wl,-rpath,/usr/lib"],
            &["-Wl,-rpath", "-Wl,/usr/lib"],
            &["-Xlinker", "-rpath", "-Xlinker", "/usr/lib"],
            &["-Wl,-soname,libx.so.1", "-Wl,--version-script,x.map"],
            &["-Wl,--version-script=x.map", "-Wl,-rpath=/x"],
            &["-Wl,-Bstatic", "-Wl,-Bdynamic", "-Wl,--eh-frame-hdr", "-nodefaultlibs"],
        ] {
            let mut with_input = args.to_vec();
            with_input.push("a.c");
            let inv = ok(&with_input);
            assert!(inv.frontend.is_empty(), "{args:?}");
        }
        for (args, flag) in [
            (&["-Wl,-T,x.ld"][..], "-Wl,-T"),
            (&["-Wl,-rpath,/x,-T,x.ld"], "-Wl,-T"),
            (&["-Xlinker", "--script=x.ld"], "-Wl,--script=x.ld"),
            (&["-Wl,-Map,out.map"], "-Wl,-Map"),
            (&["-Wl,-plugin-opt=-debug-pass=Structure"], "-Wl,-plugin-opt=-debug-pass=Structure"),
        ] {
            let mut with_input = args.to_vec();
            with_input.push("a.c");
            assert!(
                matches!(
                    parse_strs(&with_input),
                    Err(ArgError::Unsupported { flag: f, .. }) if f == flag
                ),
                "{args:?}"
            );
        }
    }

    /// rustc's link line (-Clinker-plugin-lto) carries the optimisation level
    /// for the LTO plugin; it is the link's level, and the last one wins.
    #[test]
    fn lto_plugin_optimisation_level() {
        let inv = ok(&["main.o", "-Wl,-plugin-opt=O3,-plugin-opt=mcpu=generic-rv64", "-o", "app"]);
        assert_eq!(inv.opt_flag, Some(OptLevel::O3));
        assert_eq!(ok(&["-O1", "-Wl,--plugin-opt=O2", "main.o"]).opt_flag, Some(OptLevel::O2));
        assert_eq!(parse_strs(&["-Wl,-plugin-opt=O9", "main.o"]), Err(ArgError::Unknown("-Wl,-plugin-opt=O9".into())));
    }

    #[test]
    fn rejected_flags() {
        for flag in [
            "-march=native",
            "-mcpu=native",
            "-mavx2",
            "-m32",
            "-shared",
            "-fsanitize=address",
            "-fprofile-arcs",
            "--coverage",
            "-fopenmp",
            "-ffp-contract=fast",
            "-ffp-contract=on",
            "-nostdlib",
            "--sysroot=/x",
            "--target=x86_64-linux-gnu",
            "--target=riscv64-unknown-linux-gnu",
        ] {
            assert!(
                matches!(
                    parse_strs(&[flag, "a.c"]),
                    Err(ArgError::Unsupported { flag: f, .. }) if f == flag
                ),
                "{flag}"
            );
        }
        assert_eq!(parse_strs(&["--frobnicate", "a.c"]), Err(ArgError::Unknown("--frobnicate".into())));
        assert_eq!(parse_strs(&["a.c", "-o"]), Err(ArgError::MissingValue("-o".into())));
    }

    #[test]
    fn probes_need_no_inputs() {
        for (flag, probe) in [
            ("--version", Probe::Version),
            ("-dumpmachine", Probe::DumpMachine),
            ("-dumpversion", Probe::DumpVersion),
            ("-print-prog-name=ar", Probe::PrintProgName("ar".into())),
            ("-print-file-name=libc.a", Probe::PrintFileName("libc.a".into())),
            ("-print-search-dirs", Probe::PrintSearchDirs),
            ("-print-sysroot", Probe::PrintSysroot),
            ("-print-multiarch", Probe::PrintMultiarch),
            ("--print-multiarch", Probe::PrintMultiarch),
            ("--print-prog-name=ar", Probe::PrintProgName("ar".into())),
            ("-print-multi-directory", Probe::PrintMultiDirectory),
            ("-print-multi-lib", Probe::PrintMultiLib),
            ("-v", Probe::VerboseVersion),
        ] {
            assert_eq!(ok(&[flag]).probe, Some(probe), "{flag}");
        }
        assert!(ok(&["--help"]).help);
    }

    #[test]
    fn input_errors() {
        assert_eq!(parse_strs(&["-c", "-O2"]), Err(ArgError::NoInputs));
        assert_eq!(parse_strs(&["-c", "a.c", "b.c", "-o", "x.o"]), Err(ArgError::AmbiguousOutput));
        // Several inputs with -o are fine when linking, or with one source.
        ok(&["a.c", "b.c", "-o", "app"]);
        ok(&["-c", "a.c", "b.o", "-o", "a.o"]);
    }

    #[test]
    fn response_file_words() {
        assert_eq!(
            split_response("-DA  \"-DB=x y\"\n'-DC=\"c\"' a\\ b\t-c \"\""),
            vec!["-DA", "-DB=x y", "-DC=\"c\"", "a b", "-c", ""]
        );
        assert!(split_response(" \n\t ").is_empty());
    }

    #[test]
    fn response_files_expand_recursively() {
        let dir = tempfile::tempdir().unwrap();
        let outer = dir.path().join("outer.rsp");
        let inner = dir.path().join("inner.rsp");
        std::fs::write(&outer, format!("-DOUTER @{} -DAFTER", inner.display())).unwrap();
        std::fs::write(&inner, "-DINNER a.c").unwrap();
        let inv = ok(&["-O2", &format!("@{}", outer.display()), "-g"]);
        let expected: Vec<OsString> =
            ["-O2", "-DOUTER", "-DINNER", "-DAFTER", "-g"].iter().map(OsString::from).collect();
        assert_eq!(inv.frontend, expected);
        assert_eq!(inv.inputs, vec![file("a.c", Lang::C)]);

        let looping = dir.path().join("loop.rsp");
        std::fs::write(&looping, format!("@{}", looping.display())).unwrap();
        assert!(matches!(parse_strs(&[&format!("@{}", looping.display())]), Err(ArgError::ResponseFile { .. })));
        assert!(matches!(
            parse_strs(&["@/nonexistent/migcc.rsp"]),
            Err(ArgError::ResponseFile { path, .. }) if path == "/nonexistent/migcc.rsp"
        ));
    }
}
