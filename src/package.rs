//! Finding, reading and parsing the `.pol` files of a package (§1).

use std::fs;
use std::path::{Path, PathBuf};

use crate::ast::SourceAst;
use crate::diag::Diagnostic;
use crate::source::{SourceMap, Span};
use crate::syntax::{self, SyntaxError};

/// A parsed package: its sources and the ASTs of the files that parsed.
pub struct Package {
    /// All files, in path order.
    pub map: SourceMap,
    /// One AST per file: the declarations that parsed, and the broken ones.
    pub files: Vec<SourceAst>,
}

/// A problem with the command line's paths (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    /// A path that does not exist.
    #[error("no such file or directory: `{0}`")]
    NotFound(String),
    /// A file that could not be read.
    #[error("cannot read `{path}`: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// The OS error.
        reason: String,
    },
    /// No `.pol` file under the paths.
    #[error("no `.pol` files found under {0}")]
    NoSources(String),
}

/// The `.pol` files under `paths` (directories recursively), sorted by path bytes.
pub fn source_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, PathError> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out)?;
        } else if path.is_file() {
            out.push(path.clone());
        } else {
            return Err(PathError::NotFound(display(path)));
        }
    }
    out.sort_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    out.dedup();
    if out.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| format!("`{}`", display(p))).collect();
        return Err(PathError::NoSources(names.join(", ")));
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), PathError> {
    let entries = fs::read_dir(dir).map_err(|e| PathError::Unreadable {
        path: display(dir),
        reason: e.to_string(),
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "pol") {
            out.push(path);
        }
    }
    Ok(())
}

/// A path as shown in diagnostics (`/` separators, no leading `./`).
pub fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Reads a source file into the map; invalid UTF-8 is an error at the first bad byte.
pub fn read_source(
    map: &mut SourceMap,
    path: &Path,
) -> Result<(crate::source::FileId, Option<Diagnostic>), PathError> {
    let bytes = fs::read(path).map_err(|e| PathError::Unreadable {
        path: display(path),
        reason: e.to_string(),
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((map.add(display(path), path, text), None)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let id = map.add(display(path), path, text);
            let start = map.file(id).map(|f| f.start).unwrap_or(0);
            let at = start + valid as u32;
            Ok((
                id,
                Some(Diagnostic::from(SyntaxError::InvalidUtf8 {
                    span: Span::new(at, at + 1),
                })),
            ))
        }
    }
}

/// Reads and parses every file of the package, collecting all syntax errors.
pub fn parse(paths: &[PathBuf]) -> Result<(Package, Vec<Diagnostic>), PathError> {
    let sources = source_paths(paths)?;
    let mut map = SourceMap::new();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut ids = Vec::new();
    for path in &sources {
        ids.push(read_source(&mut map, path)?);
    }
    let mut files = Vec::new();
    for (id, bad_utf8) in ids {
        let (ast, errors) = syntax::parse_file(&map, id);
        match bad_utf8 {
            // Its one error is the encoding; the declarations read from the
            // repaired text are only names to keep quiet about elsewhere.
            Some(d) => {
                diags.push(d);
                files.extend(ast.map(syntax::recover::all_broken));
            }
            None => {
                diags.extend(errors.into_iter().map(Diagnostic::from));
                files.extend(ast);
            }
        }
    }
    Ok((Package { map, files }, diags))
}
