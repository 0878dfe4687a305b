//! The registry of diagnostic codes: each code's documentation is the file
//! `src/diag/codes/CODE.md` (What / Why / Example / Fix), collected by build.rs.

include!(concat!(env!("OUT_DIR"), "/code_docs.rs"));

/// The Markdown documentation of a code, if it is registered.
pub fn doc(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    CODE_DOCS
        .binary_search_by(|(c, _)| c.cmp(&code.as_str()))
        .ok()
        .and_then(|i| CODE_DOCS.get(i))
        .map(|(_, doc)| *doc)
}

/// All registered codes, sorted.
pub fn all() -> impl Iterator<Item = &'static str> {
    CODE_DOCS.iter().map(|(c, _)| *c)
}
