//! Source files in one global byte-offset space, spans, and line/column lookup.
//!
//! Every file added to a [`SourceMap`] gets a disjoint range of offsets, so a
//! [`Span`] alone says which file it is in. Line and column are computed only
//! when a diagnostic is rendered (house style: byte offsets in the AST), by
//! the one [`LineIndex`] that every renderer and input reader shares.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::SourceSpan;

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

/// A position in a text: 1-based line, and 1-based columns counted two ways.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters (what `polc check --format json` reports).
    pub column: usize,
    /// 1-based column in UTF-16 code units (what an LSP client counts, plus one).
    pub utf16_column: usize,
}

/// Where each line of one text starts: byte offset → line and column.
///
/// The single place that turns offsets into positions, for `.pol` files
/// (inside [`SourceFile`]) and for input or fixture text alike
/// (rust-analyzer's `line-index`). Lines end at `\n`; a `\r` before it is
/// part of the line's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineIndex {
    // INVARIANT: starts with 0 and strictly increasing.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Always false: even the empty text has one (empty) line.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// 0-based index of the line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1)
    }

    /// Byte offset where 1-based `line` starts, if the text has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// The byte range of the lines holding `range.start` and `range.end`
    /// (without the last line's `\n`), and the 1-based number of the first.
    pub fn lines_around(&self, text: &str, range: Range<usize>) -> (Range<usize>, usize) {
        let lo = floor_char_boundary(text, range.start);
        let hi = floor_char_boundary(text, range.end.max(lo));
        let first = self.line_of(lo);
        let last = self.line_of(hi);
        let start = self.starts.get(first).copied().unwrap_or(0);
        let end = self
            .starts
            .get(last + 1)
            .map_or(text.len(), |next| next.saturating_sub(1));
        (start..end.max(start), first + 1)
    }

    /// The position of byte `offset` in `text` (the text this index was
    /// built from). An offset past the end, or inside a character, is taken
    /// back to the nearest character start before it: positions never panic.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let before = text.get(start..offset).unwrap_or("");
        Position {
            line: line + 1,
            column: before.chars().count() + 1,
            utf16_column: before.encode_utf16().count() + 1,
        }
    }

    /// 1-based line and 1-based character column of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let p = self.position(text, offset);
        (p.line, p.column)
    }
}

/// The largest char boundary of `text` at or before `offset` (clamped to the
/// text), so that slicing at it cannot panic.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
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
    /// Where its lines start.
    pub lines: LineIndex,
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
        let p = self.position(offset);
        (p.line, p.column)
    }

    /// The position of a global offset in this file.
    pub fn position(&self, offset: u32) -> Position {
        let local = offset.saturating_sub(self.start) as usize;
        self.lines.position(&self.text, local)
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
        let lines = LineIndex::new(&text);
        let id = FileId(self.files.len() as u32);
        self.files.push(Arc::new(SourceFile {
            name: name.into(),
            path: path.into(),
            text,
            start,
            lines,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_and_utf16_units() {
        // `é` is 2 bytes and 1 UTF-16 unit; `𝄞` is 4 bytes and 2 units.
        let text = "ab\né𝄞x\r\n\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.len(), 4);
        let at = |offset| index.position(text, offset);
        assert_eq!(
            at(0),
            Position {
                line: 1,
                column: 1,
                utf16_column: 1
            }
        );
        assert_eq!(
            at(3),
            Position {
                line: 2,
                column: 1,
                utf16_column: 1
            }
        );
        assert_eq!(
            at(5),
            Position {
                line: 2,
                column: 2,
                utf16_column: 2
            }
        );
        assert_eq!(
            at(9),
            Position {
                line: 2,
                column: 3,
                utf16_column: 4
            }
        );
        // The `\r` of a CRLF belongs to its line.
        assert_eq!(at(11).line, 2);
        assert_eq!(
            at(12),
            Position {
                line: 3,
                column: 1,
                utf16_column: 1
            }
        );
        assert_eq!(index.line_col(text, text.len()), (4, 5));
    }

    #[test]
    fn odd_offsets_never_panic() {
        let text = "é𝄞";
        let index = LineIndex::new(text);
        // Inside a character: taken back to its start.
        assert_eq!(index.line_col(text, 1), (1, 1));
        assert_eq!(index.line_col(text, 4), (1, 2));
        // Past the end: the end.
        assert_eq!(index.line_col(text, 1000), (1, 3));
        let empty = LineIndex::new("");
        assert_eq!(empty.line_col("", 5), (1, 1));
        assert_eq!(empty.line_start(1), Some(0));
        assert_eq!(empty.line_start(0), None);
        assert_eq!(empty.line_start(2), None);
    }

    #[test]
    fn lines_around_a_range_leave_out_the_last_newline() {
        let text = "one\ntwo\nthree\n";
        let index = LineIndex::new(text);
        assert_eq!(index.lines_around(text, 5..6), (4..7, 2));
        assert_eq!(index.lines_around(text, 1..10), (0..13, 1));
        // An empty span at the very end sits on the empty last line.
        assert_eq!(index.lines_around(text, 14..14), (14..14, 4));
        assert_eq!(index.lines_around(text, 99..99), (14..14, 4));
    }

    #[test]
    fn files_share_the_index() {
        let mut map = SourceMap::new();
        map.add("a.pol", "a.pol", "x\ny".to_string());
        let b = map.add("b.pol", "b.pol", "é\nz".to_string());
        let start = map.file(b).map_or(0, |f| f.start);
        assert_eq!(
            map.locate(Span::new(start + 3, start + 4)),
            Some(("b.pol", 2, 1))
        );
        assert_eq!(map.location_string(Span::new(2, 3)), "a.pol:2:1");
    }
}
