//! Finding, reading and parsing the `.pol` files of a package (§1).

use std::fs;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::ast::SourceAst;
use crate::confine::{own_root, read_limited};
use crate::diag::Diagnostic;
use crate::source::{SourceMap, Span};
use crate::syntax::{self, SyntaxError};

/// A parsed package: its sources and the ASTs of the files that parsed.
pub struct Package {
    /// All files, in path order.
    pub map: SourceMap,
    /// One AST per file: the declarations that parsed, and the broken ones.
    pub files: Vec<SourceAst>,
    /// The canonical package root of each file, by `FileId` (see
    /// [`Source::root`]); a file without one has its own directory.
    pub roots: Vec<PathBuf>,
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
    /// A symlink under a package directory that leads outside it.
    #[error("`{0}` is a symlink that leads outside the package")]
    Outside(String),
    /// No `.pol` file under the paths.
    #[error("no `.pol` files found under {0}")]
    NoSources(String),
}

/// A `.pol` file of the package and its package root.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as found (a command-line path, or a directory's joined with
    /// the names under it): shown in diagnostics.
    pub path: PathBuf,
    /// The canonical package root its `load`s must stay inside: the
    /// directory given on the command line that holds it, or for a file
    /// given by name its directory; the outermost when several hold it.
    pub root: PathBuf,
}

/// The `.pol` files under `paths` (directories recursively), sorted by path bytes.
pub fn source_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, PathError> {
    Ok(sources(paths)?.into_iter().map(|s| s.path).collect())
}

/// The `.pol` files under `paths` with their roots, sorted by path bytes;
/// a file named twice (`a.pol a.pol`, `dir/ dir/a.pol`, or through a
/// symlink) is there once. The walk never follows a directory symlink: one
/// inside the root leads to files the walk reaches by their own path (and a
/// loop to an ancestor), one leading outside is an error, never skipped, so
/// no rule is lost quietly.
pub fn sources(paths: &[PathBuf]) -> Result<Vec<Source>, PathError> {
    let mut found: Vec<(PathBuf, PathBuf, PathBuf)> = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let root = fs::canonicalize(path).map_err(|e| unreadable(path, &e))?;
                walk(path, &root, &mut found)?;
            }
            Ok(_) => {
                let real = fs::canonicalize(path).map_err(|e| unreadable(path, &e))?;
                found.push((path.clone(), real, own_root(path)));
            }
            Err(_) => return Err(PathError::NotFound(display(path))),
        }
    }
    found.sort_by(|a, b| {
        a.0.as_os_str()
            .as_encoded_bytes()
            .cmp(b.0.as_os_str().as_encoded_bytes())
    });
    let mut out: Vec<Source> = Vec::new();
    let mut seen: FxHashMap<PathBuf, usize> = FxHashMap::default();
    for (path, real, root) in found {
        match seen.get(&real).and_then(|&i| out.get_mut(i)) {
            Some(first) => {
                if root.components().count() < first.root.components().count() {
                    first.root = root;
                }
            }
            None => {
                seen.insert(real, out.len());
                out.push(Source { path, root });
            }
        }
    }
    if out.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| format!("`{}`", display(p))).collect();
        return Err(PathError::NoSources(names.join(", ")));
    }
    Ok(out)
}

fn unreadable(path: &Path, e: &std::io::Error) -> PathError {
    PathError::Unreadable {
        path: display(path),
        reason: e.to_string(),
    }
}

type Found = Vec<(PathBuf, PathBuf, PathBuf)>;

fn walk(dir: &Path, root: &Path, out: &mut Found) -> Result<(), PathError> {
    let entries = fs::read_dir(dir).map_err(|e| unreadable(dir, &e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let is_pol = path.extension().is_some_and(|e| e == "pol");
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, root, out)?;
        } else if kind.is_symlink() {
            let target = fs::metadata(&path);
            let is_dir = target.as_ref().is_ok_and(|m| m.is_dir());
            if !is_dir && !is_pol {
                continue;
            }
            let real = fs::canonicalize(&path).map_err(|e| unreadable(&path, &e))?;
            if !real.starts_with(root) {
                return Err(PathError::Outside(display(&path)));
            }
            if !is_dir {
                out.push((path, real, root.to_path_buf()));
            }
        } else if is_pol {
            // A FIFO or device named `.pol` is kept: reading it is the error.
            let real = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            out.push((path, real, root.to_path_buf()));
        }
    }
    Ok(())
}

/// A path as shown in diagnostics (`/` separators, no leading `./`).
pub fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether the file starts with a UTF-8 BOM (which `read_source` drops).
pub fn has_bom(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 3];
    fs::File::open(path)
        .and_then(|f| f.take(3).read_exact(&mut head))
        .is_ok_and(|()| head == BOM)
}

/// Reads a source file into the map; invalid UTF-8 is an error at the first bad byte.
pub fn read_source(
    map: &mut SourceMap,
    path: &Path,
) -> Result<(crate::source::FileId, Option<Diagnostic>), PathError> {
    let bytes = read_limited(path).map_err(|e| PathError::Unreadable {
        path: display(path),
        reason: e.reason(),
    })?;
    // A leading UTF-8 BOM is not part of the text: lines, columns and
    // excerpts are those an editor shows (none reports a byte offset), and
    // `polc fmt` writes the file without it.
    let bytes = match bytes.strip_prefix(BOM) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
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
    let sources = sources(paths)?;
    let mut map = SourceMap::new();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut ids = Vec::new();
    for source in &sources {
        ids.push(read_source(&mut map, &source.path)?);
    }
    let roots = sources.into_iter().map(|s| s.root).collect();
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
    Ok((Package { map, files, roots }, diags))
}

#[cfg(test)]
#[path = "package_tests.rs"]
mod tests;
