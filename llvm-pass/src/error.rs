use std::path::PathBuf;

/// What can go wrong while making a program portable or generating code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The program uses a construct that cannot be the same on every ISA.
    #[error("{file}: function `{function}` uses {what}, which is not portable across ISAs\nhint: {hint}")]
    NotPortable { file: String, function: String, what: String, hint: &'static str },
    /// An object is placed in a section that migcc cannot lay out.
    #[error("{file}: `{object}` is placed in section `{section}`, which migcc cannot honour: {reason}\nhint: {hint}")]
    UnsupportedSection { file: String, object: String, section: String, reason: &'static str, hint: &'static str },
    /// Objects of different kinds (code, read-only or writable data) share a named section.
    #[error("section `{section}` holds both `{first}` ({first_kind}) and `{second}` ({second_kind}), which cannot share one section\nhint: give each kind of object its own section name")]
    SectionConflict {
        section: String,
        first: String,
        first_kind: &'static str,
        second: String,
        second_kind: &'static str,
    },
    /// An input is not a migcc portable object.
    #[error("{path}: {detail}\nhint: rebuild it with migcc (`migcc -c`)")]
    ForeignObject { path: PathBuf, detail: String },
    #[error("undefined reference to `{symbol}`{}", referenced_from.as_ref().map(|f| format!(" (referenced from `{f}`)")).unwrap_or_default())]
    Undefined { symbol: String, referenced_from: Option<String> },
    #[error("linking {what} failed: {detail}")]
    Link { what: String, detail: String },
    #[error("LLVM failed to {what}: {detail}")]
    Llvm { what: String, detail: String },
    #[error("I/O error on {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}
