//! Source files in one global byte-offset space, spans, and line/column lookup.
//!
//! Every file added to a [`SourceMap`] gets a disjoint range of offsets, so a
//! [`Span`] alone says which file it is in. Line and column are computed only
//! when a diagnostic is rendered (house style: byte offsets in the AST).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A half-open range `[lo, hi)` of global byte offsets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub lo: u32,
    /// One past the last byte.
    pub hi: u32,
}

impl Span {
    /// A span from `lo` to `hi`.
    pub fn new(lo: u32, hi: u32) -> Span {
        Span { lo, hi: hi.max(lo) }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.lo.min(other.lo), self.hi.max(other.hi))
    }

    /// An empty span at the start of this one.
    pub fn start(self) -> Span {
        Span::new(self.lo, self.lo)
    }

    /// Length in bytes.
    pub fn len(self) -> u32 {
        self.hi - self.lo
    }

    /// True when the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.hi == self.lo
    }
}

impl From<Span> for SourceSpan {
    fn from(span: Span) -> SourceSpan {
        SourceSpan::new((span.lo as usize).into(), span.len() as usize)
    }
}

/// Index of a file in its [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// One source file: its display name, text and where it sits in the global space.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given on the command line (used in diagnostics and `at`).
    pub name: String,
    /// The path on disk, for resolving relative `load` paths.
    pub path: PathBuf,
    /// The full text.
    pub text: String,
    /// Global offset of the first byte.
    pub start: u32,
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// The global span covering the whole file.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end())
    }

    /// Global offset one past the last byte.
    pub fn end(&self) -> u32 {
        self.start + self.text.len() as u32
    }

    /// The text of a global span that lies in this file.
    pub fn slice(&self, span: Span) -> &str {
        let lo = span.lo.saturating_sub(self.start) as usize;
        let hi = span.hi.saturating_sub(self.start) as usize;
        self.text.get(lo..hi).unwrap_or("")
    }

    /// 1-based line and 1-based column (in characters) of a global offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let local = offset.saturating_sub(self.start);
        let line = match self.line_starts.binary_search(&local) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.line_starts.get(line).copied().unwrap_or(0) as usize;
        let col = self
            .text
            .get(line_start..local as usize)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line + 1, col + 1)
    }

    /// The directory holding the file, for relative paths inside it.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

/// All files of a package (and data files shown in diagnostics) in one offset space.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<Arc<SourceFile>>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id. Each file is followed by one unused
    /// offset so that an empty span at a file's end is never in the next file.
    pub fn add(
        &mut self,
        name: impl Into<String>,
        path: impl Into<PathBuf>,
        text: String,
    ) -> FileId {
        let start = self.files.last().map(|f| f.end() + 1).unwrap_or(0);
        let mut line_starts = vec![0u32];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        let id = FileId(self.files.len() as u32);
        self.files.push(Arc::new(SourceFile {
            name: name.into(),
            path: path.into(),
            text,
            start,
            line_starts,
        }));
        id
    }

    /// The file with this id.
    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize).map(|f| f.as_ref())
    }

    /// All files in the order they were added.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f.as_ref()))
    }

    /// The file containing a global offset.
    pub fn file_at(&self, offset: u32) -> Option<&SourceFile> {
        let idx = self.files.partition_point(|f| f.start <= offset);
        self.files.get(idx.checked_sub(1)?).map(|f| f.as_ref())
    }

    /// The source text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.file_at(span.lo).map(|f| f.slice(span)).unwrap_or("")
    }

    /// `(file name, line, column)` of the start of a span; columns count characters.
    pub fn locate(&self, span: Span) -> Option<(&str, usize, usize)> {
        let file = self.file_at(span.lo)?;
        let (line, col) = file.line_col(span.lo);
        Some((file.name.as_str(), line, col))
    }

    /// `path:line:column` of the start of a span.
    pub fn location_string(&self, span: Span) -> String {
        match self.locate(span) {
            Some((name, line, col)) => format!("{name}:{line}:{col}"),
            None => String::from("<unknown>"),
        }
    }
}

impl SourceCode for SourceMap {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let file = self
            .file_at(span.offset() as u32)
            .ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new(
            (span.offset() - file.start as usize).into(),
            span.len().min(
                file.text
                    .len()
                    .saturating_sub(span.offset() - file.start as usize),
            ),
        );
        let contents =
            file.text
                .as_str()
                .read_span(&local, context_lines_before, context_lines_after)?;
        let global = SourceSpan::new(
            (contents.span().offset() + file.start as usize).into(),
            contents.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            file.name.clone(),
            contents.data(),
            global,
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}
