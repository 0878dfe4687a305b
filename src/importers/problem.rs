//! A bad row or file of an imported list: a coded diagnostic that names the
//! file and line. The row is skipped and the import goes on.

use crate::diag::{Diagnostic, Label, Severity};
use crate::source::{FileId, SourceMap, Span};

/// A row that cannot be read (bad quoting, invalid UTF-8, malformed XML).
pub const UNREADABLE: &str = "E0460";
/// A row with the wrong number of fields.
pub const FIELD_COUNT: &str = "E0461";
/// An entry without a usable id or name.
pub const NO_ID_OR_NAME: &str = "E0462";
/// An alias row naming an entry that is not listed.
pub const ORPHAN_ALIAS: &str = "E0463";
/// An id listed twice.
pub const DUPLICATE_ID: &str = "E0464";
/// A date the format promises that cannot be read.
pub const BAD_DATE: &str = "E0465";
/// A file that is not in the format (no header, missing columns, wrong root).
pub const WRONG_FORMAT: &str = "E0466";

/// One problem, at a 1-based line and column (in characters) of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The code (`E046x`).
    pub code: &'static str,
    /// The file, in the import's `SourceMap`.
    pub file: FileId,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// One line, lowercase.
    pub message: String,
    /// What happens and how to fix it.
    pub help: String,
}

impl Problem {
    /// A problem at `line`:`column` of `file`.
    pub fn at(
        code: &'static str,
        file: FileId,
        line: usize,
        column: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Problem {
        Problem {
            code,
            file,
            line,
            column,
            message: message.into(),
            help: help.into(),
        }
    }

    /// The diagnostic, pointing from the column to the end of its line (at
    /// most 40 characters, so a long row stays readable).
    pub fn diagnostic(&self, map: &SourceMap) -> Diagnostic {
        let primary = map.file(self.file).map(|file| {
            let start = file.lines.line_start(self.line.max(1)).unwrap_or(0);
            let line_text = file.text.get(start..).unwrap_or("");
            let line_text = line_text.split('\n').next().unwrap_or("");
            let lo: usize = line_text
                .char_indices()
                .nth(self.column.saturating_sub(1))
                .map_or(line_text.len(), |(i, _)| i);
            let rest = line_text.get(lo..).unwrap_or("").trim_end_matches('\r');
            let hi = lo + rest.char_indices().nth(40).map_or(rest.len(), |(i, _)| i);
            let base = file.start as usize + start;
            Label {
                span: Span::new((base + lo) as u32, (base + hi) as u32),
                message: None,
            }
        });
        Diagnostic {
            code: self.code.to_string(),
            severity: Severity::Error,
            message: self.message.clone(),
            primary,
            labels: Vec::new(),
            notes: Vec::new(),
            help: Some(self.help.clone()),
        }
    }
}
