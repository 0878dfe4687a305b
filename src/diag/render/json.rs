//! `polc check --format json` (§9): one object per diagnostic, positions
//! from the source's [`LineIndex`](crate::source::LineIndex).

use serde::Serialize;

use crate::diag::{Diagnostic, Label};
use crate::source::{SourceMap, Span};

/// One diagnostic in `polc check --format json` (§9).
#[derive(Serialize)]
pub struct JsonDiagnostic {
    code: String,
    severity: &'static str,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    labels: Vec<JsonLabel>,
    help: Option<String>,
}

/// A label in JSON output.
#[derive(Serialize)]
pub struct JsonLabel {
    message: Option<String>,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
}

/// `(file, line, column, end_line, end_column)` of a span; the end is
/// located in the file of the start.
type Located = (
    Option<String>,
    Option<usize>,
    Option<usize>,
    Option<usize>,
    Option<usize>,
);

fn locate(map: &SourceMap, span: Span) -> Located {
    let Some(file) = map.file_at(span.lo) else {
        return (None, None, None, None, None);
    };
    let lo = file.position(span.lo);
    let hi = file.position(span.hi);
    (
        Some(file.name.clone()),
        Some(lo.line),
        Some(lo.column),
        Some(hi.line),
        Some(hi.column),
    )
}

/// The JSON form of a diagnostic. Its labels are every place it points at:
/// the primary label, the others, then those of its notes (e.g. "first
/// declared here" in another file).
pub fn json(diag: &Diagnostic, map: &SourceMap) -> JsonDiagnostic {
    let (file, line, column, end_line, end_column) = match diag.primary_span() {
        Some(span) => locate(map, span),
        None => (None, None, None, None, None),
    };
    JsonDiagnostic {
        code: diag.code.clone(),
        severity: diag.severity.as_str(),
        message: diag.message.clone(),
        file,
        line,
        column,
        end_line,
        end_column,
        labels: diag.all_labels().map(|l| json_label(l, map)).collect(),
        help: diag.help.clone(),
    }
}

fn json_label(label: &Label, map: &SourceMap) -> JsonLabel {
    let (file, line, column, end_line, end_column) = locate(map, label.span);
    JsonLabel {
        message: label.message.clone(),
        file,
        line,
        column,
        end_line,
        end_column,
    }
}
