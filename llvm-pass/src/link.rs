//! Whole-program linking of portable bitcode: the user's objects, then
//! archive members (user archives and the sysroot's libc) pulled in only
//! when they define a symbol that is still undefined, as a static linker
//! would.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use inkwell::context::Context;
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::module::Module;
use llvm_sys::core::*;
use llvm_sys::LLVMLinkage;
use object::read::archive::ArchiveFile;

use crate::{check, indirect_goto, ir, migrate, spin_hint, Error};

/// Portable inputs of a link, in command-line order.
#[derive(Debug, Default, Clone)]
pub struct Inputs {
    pub objects: Vec<PathBuf>,
    pub archives: Vec<PathBuf>,
}

const BITCODE_MAGIC: &[u8] = b"BC\xC0\xDE";
const BITCODE_WRAPPER_MAGIC: &[u8] = b"\xDE\xC0\x17\x0B";

pub(crate) fn is_bitcode(data: &[u8]) -> bool {
    data.starts_with(BITCODE_MAGIC) || data.starts_with(BITCODE_WRAPPER_MAGIC)
}

/// Describes a non-bitcode input for the error message.
fn describe_foreign(data: &[u8]) -> String {
    use object::Object;
    match object::File::parse(data) {
        Ok(file) => {
            format!("is a native {:?} {:?} object, not a migcc portable object", file.architecture(), file.kind())
        }
        Err(_) if data.is_empty() => "is empty, not a migcc portable object".to_string(),
        Err(_) => "is not a migcc portable object (unrecognised or corrupt contents)".to_string(),
    }
}

/// The section in which `-fembed-bitcode` (clang) and `-Cembed-bitcode`
/// (rustc) keep a native object's bitcode. Rust's compiler_builtins is
/// always compiled to machine code, with its bitcode embedded here.
const EMBEDDED_BITCODE_SECTION: &str = ".llvmbc";

/// The bitcode embedded in a native object, if it has some.
fn embedded_bitcode(data: &[u8]) -> Option<&[u8]> {
    use object::{Object, ObjectSection};
    let file = object::File::parse(data).ok()?;
    let bitcode = file.section_by_name(EMBEDDED_BITCODE_SECTION)?.data().ok()?;
    is_bitcode(bitcode).then_some(bitcode)
}

/// The symbols a native object defines, so that a member without bitcode
/// is refused by name when a link needs it; none for data that is not an
/// object. Members that define nothing, like the metadata (`lib.rmeta`) in
/// a Rust library, are never pulled.
fn native_definitions(data: &[u8]) -> Vec<String> {
    use object::{Object, ObjectSymbol};
    let Ok(file) = object::File::parse(data) else {
        return Vec::new();
    };
    file.symbols()
        .filter(|s| s.is_definition() && s.is_global())
        .filter_map(|s| s.name().ok().map(String::from))
        .collect()
}

/// Parses one portable object (bitcode, or a native object's embedded
/// bitcode), runs the portability checks on it and makes its computed gotos
/// portable (`indirect_goto`).
pub(crate) fn parse_object<'ctx>(ctx: &'ctx Context, data: &[u8], name: &Path) -> Result<Module<'ctx>, Error> {
    let data = if is_bitcode(data) {
        data
    } else {
        embedded_bitcode(data)
            .ok_or_else(|| Error::ForeignObject { path: name.to_path_buf(), detail: describe_foreign(data) })?
    };
    let buffer = MemoryBuffer::create_from_memory_range_copy(data, &name.to_string_lossy());
    let module = Module::parse_bitcode_from_buffer(&buffer, ctx).map_err(|e| Error::ForeignObject {
        path: name.to_path_buf(),
        detail: format!("corrupt bitcode: {}", e.to_string().trim()),
    })?;
    let triple = module.get_triple();
    let triple = triple.as_str().to_string_lossy();
    if triple != migcc_sysroot::CANONICAL_TRIPLE {
        return Err(Error::ForeignObject {
            path: name.to_path_buf(),
            detail: format!("is LLVM bitcode for `{triple}`, not for migcc's portable target"),
        });
    }
    let source = ir::source_file_name(module.as_mut_ptr());
    let file = if source.is_empty() { name.display().to_string() } else { source };
    spin_hint::remove(module.as_mut_ptr());
    check::check_module(module.as_mut_ptr(), &file)?;
    migrate::mark_library(module.as_mut_ptr());
    // Computed goto becomes a switch over label ids here, before any
    // optimisation, on every module that enters migcc: the user's objects
    // (in prepare_object, before the pre-link pipeline), archive members and
    // bitcode from elsewhere (at the link). It is a no-op the second time.
    if indirect_goto::lower(module.as_mut_ptr())? {
        module.verify().map_err(|e| Error::Llvm {
            what: format!("verify {} after lowering computed goto", name.display()),
            detail: e.to_string(),
        })?;
        // Re-reading drops the replaced blockaddress constants, which would
        // otherwise keep their blocks marked address-taken and hinder
        // optimisation (block merging, jump threading).
        let bitcode = module.write_bitcode_to_memory();
        let buffer = MemoryBuffer::create_from_memory_range_copy(bitcode.as_slice(), &name.to_string_lossy());
        return Module::parse_bitcode_from_buffer(&buffer, ctx).map_err(|e| Error::Llvm {
            what: format!("re-read {} after lowering computed goto", name.display()),
            detail: e.to_string(),
        });
    }
    Ok(module)
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

/// One member of one archive.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct MemberId {
    archive: usize,
    member: usize,
}

/// The archives of a link, with a symbol → member index.
pub(crate) struct Archives {
    paths: Vec<PathBuf>,
    members: Vec<Vec<(String, Vec<u8>)>>,
    index: HashMap<String, MemberId>,
    loaded: HashSet<MemberId>,
}

impl Archives {
    pub(crate) fn open(paths: &[PathBuf], ctx: &Context) -> Result<Archives, Error> {
        let mut archives =
            Archives { paths: paths.to_vec(), members: Vec::new(), index: HashMap::new(), loaded: HashSet::new() };
        for (a, path) in paths.iter().enumerate() {
            let data = read(path)?;
            let corrupt = |e: object::Error| Error::ForeignObject {
                path: path.clone(),
                detail: format!("is not a valid archive: {e}"),
            };
            let file = ArchiveFile::parse(&*data).map_err(corrupt)?;
            let mut members = Vec::new();
            let mut by_offset = HashMap::new();
            for member in file.members() {
                let member = member.map_err(corrupt)?;
                let name = String::from_utf8_lossy(member.name()).into_owned();
                by_offset.insert(member.file_range().0, members.len());
                members.push((name, member.data(&*data).map_err(corrupt)?.to_vec()));
            }
            // llvm-ar indexes bitcode members; GNU ar (without the LTO plugin)
            // does not, so fall back to reading each member's symbols.
            let mut indexed = false;
            if let Some(symbols) = file.symbols().map_err(corrupt)? {
                for symbol in symbols {
                    let symbol = symbol.map_err(corrupt)?;
                    let name = String::from_utf8_lossy(symbol.name()).into_owned();
                    if let Some(&m) = by_offset.get(&symbol.offset().0) {
                        archives.index.entry(name).or_insert(MemberId { archive: a, member: m });
                        indexed = true;
                    }
                }
            }
            if !indexed {
                for (m, (name, bytes)) in members.iter().enumerate() {
                    if bytes.starts_with(b"!<arch>") || name.starts_with('/') {
                        continue;
                    }
                    let symbols = if is_bitcode(bytes) || embedded_bitcode(bytes).is_some() {
                        defined_symbols(&parse_object(ctx, bytes, &path.join(name))?)
                    } else {
                        native_definitions(bytes)
                    };
                    for symbol in symbols {
                        archives.index.entry(symbol).or_insert(MemberId { archive: a, member: m });
                    }
                }
            }
            archives.members.push(members);
        }
        Ok(archives)
    }

    /// Links the member that defines `symbol`, if any and not linked yet.
    fn pull<'ctx>(&mut self, ctx: &'ctx Context, program: &Module<'ctx>, symbol: &str) -> Result<bool, Error> {
        let Some(&id) = self.index.get(symbol) else {
            return Ok(false);
        };
        if !self.loaded.insert(id) {
            return Ok(false);
        }
        let (name, bytes) = &self.members[id.archive][id.member];
        let path = self.paths[id.archive].join(name);
        let module = parse_object(ctx, bytes, &path)?;
        program
            .link_in_module(module)
            .map_err(|e| Error::Link { what: path.display().to_string(), detail: e.to_string() })?;
        Ok(true)
    }
}

fn defined_symbols(module: &Module<'_>) -> Vec<String> {
    let m = module.as_mut_ptr();
    ir::functions(m)
        .into_iter()
        .chain(ir::globals(m))
        .chain(ir::aliases(m))
        .filter(|&g| !ir::is_declaration(g) && is_exported(g))
        .map(ir::name)
        .collect()
}

fn is_exported(g: llvm_sys::prelude::LLVMValueRef) -> bool {
    !matches!(unsafe { LLVMGetLinkage(g) }, LLVMLinkage::LLVMInternalLinkage | LLVMLinkage::LLVMPrivateLinkage)
}

/// Symbols the program references but does not define. Weak references
/// do not pull archive members, as in a static link.
pub(crate) fn undefined_symbols(module: &Module<'_>) -> BTreeSet<String> {
    let m = module.as_mut_ptr();
    ir::functions(m)
        .into_iter()
        .chain(ir::globals(m))
        .filter(|&g| ir::is_declaration(g))
        .filter(|&g| unsafe { LLVMGetLinkage(g) } != LLVMLinkage::LLVMExternalWeakLinkage)
        .map(ir::name)
        .filter(|n| !n.starts_with("llvm."))
        .collect()
}

/// Links the objects, then pulls archive members until every symbol that
/// any archive defines is resolved. `roots` are resolved even if unused.
pub(crate) fn link_program<'ctx>(
    ctx: &'ctx Context,
    inputs: &Inputs,
    archives: &mut Archives,
    roots: &[&str],
) -> Result<Module<'ctx>, Error> {
    let program = ctx.create_module("migcc-program");
    for path in &inputs.objects {
        let module = parse_object(ctx, &read(path)?, path)?;
        program
            .link_in_module(module)
            .map_err(|e| Error::Link { what: path.display().to_string(), detail: e.to_string() })?;
    }
    resolve(ctx, &program, archives, roots.iter().map(|s| s.to_string()))?;
    Ok(program)
}

/// Pulls members for `extra` and every undefined symbol, to a fixed point.
pub(crate) fn resolve<'ctx>(
    ctx: &'ctx Context,
    program: &Module<'ctx>,
    archives: &mut Archives,
    extra: impl IntoIterator<Item = String>,
) -> Result<(), Error> {
    let mut wanted: Vec<String> = extra.into_iter().collect();
    loop {
        wanted.extend(undefined_symbols(program));
        let mut progress = false;
        for symbol in std::mem::take(&mut wanted) {
            let defined = program.get_function(&symbol).is_some_and(|f| f.count_basic_blocks() > 0)
                || program.get_global(&symbol).is_some_and(|g| g.get_initializer().is_some());
            if !defined {
                progress |= archives.pull(ctx, program, &symbol)?;
            }
        }
        if !progress {
            return Ok(());
        }
    }
}
