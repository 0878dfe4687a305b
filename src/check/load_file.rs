//! Where a `load` may read (`crate::confine`): a regular file inside the
//! package root once symlinks are resolved, at most 64 MiB, and (for `.txt`
//! and `.csv`) UTF-8. Every refusal is an error at the `load`.

use std::path::{Path, PathBuf};

use crate::ast::Ident;
use crate::check::error::CheckError;
use crate::check::Checker;
use crate::confine::{self, Escape, ReadError, MAX_FILE_SHOWN};
use crate::package::display;
use crate::source::Span;

/// A resolved `load` target: the canonical file and the path as shown.
pub(crate) struct Target {
    /// Canonical, inside the package root.
    pub real: PathBuf,
    /// The path as written, joined to the loading file's directory.
    pub shown: String,
}

impl Checker<'_> {
    /// The file a `load` at `span` names, if it is allowed (else reported).
    pub(super) fn load_target(&mut self, path: &Ident, span: Span) -> Option<Target> {
        let found = self
            .map
            .files()
            .find(|(_, f)| f.start <= span.lo && span.lo <= f.end());
        let (dir, root) = match found {
            Some((id, f)) => {
                let root = self.roots.get(id.0 as usize).cloned();
                (
                    f.dir().to_path_buf(),
                    root.unwrap_or_else(|| confine::own_root(&f.path)),
                )
            }
            None => (PathBuf::from("."), confine::own_root(Path::new("x"))),
        };
        let shown = display(&dir.join(&path.node));
        // A path that leaves the package is refused before it is touched:
        // neither its contents nor whether it exists may show.
        let why = match confine::confine(&root, &dir, &path.node) {
            Ok(real) => match std::fs::metadata(&real) {
                Ok(m) => match confine::not_regular(&m.file_type()) {
                    None => return Some(Target { real, shown }),
                    Some(what) => ReadError::NotRegular(what),
                },
                Err(e) => ReadError::Io(e),
            },
            Err(Escape::Absolute) => {
                self.outside(path, "is absolute");
                return None;
            }
            Err(Escape::Outside) => {
                self.outside(path, "leads outside the package");
                return None;
            }
            Err(Escape::Unresolved(e)) => e,
        };
        self.report(read_error(path.span, &shown, why));
        None
    }

    fn outside(&mut self, path: &Ident, why: &str) {
        self.report(CheckError::LoadOutside {
            span: path.span,
            written: path.node.clone(),
            why: why.into(),
        });
    }

    /// The text of a loaded `.txt` or `.csv` file (else reported at `span`).
    pub(super) fn read_loaded(&mut self, target: &Target, span: Span) -> Option<String> {
        match confine::read_limited(&target.real) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Some(text),
                Err(e) => {
                    let bytes = e.as_bytes();
                    let valid = e.utf8_error().valid_up_to();
                    let line = bytes
                        .get(..valid)
                        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
                        + 1;
                    self.report(CheckError::LoadNotUtf8 {
                        span,
                        path: target.shown.clone(),
                        line,
                    });
                    None
                }
            },
            Err(e) => {
                self.report(read_error(span, &target.shown, e));
                None
            }
        }
    }
}

/// The error at a `load` (`span`) for a file that was not read.
pub(crate) fn read_error(span: Span, shown: &str, e: ReadError) -> CheckError {
    match e {
        ReadError::NotRegular(what) => CheckError::LoadNotRegular {
            span,
            path: shown.to_string(),
            what: what.to_string(),
        },
        ReadError::TooLarge => CheckError::LoadTooLarge {
            span,
            path: shown.to_string(),
            limit: MAX_FILE_SHOWN.to_string(),
        },
        e @ ReadError::Io(_) => CheckError::LoadUnreadable {
            span,
            path: shown.to_string(),
            reason: e.reason(),
        },
    }
}
