//! Rendering diagnostics: human (miette's graphical handler) and JSON (§9).

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, Report};
use serde::Serialize;

use crate::diag::{code_of, is_error, primary_span, Diag};
use crate::source::{SourceMap, Span};

/// How to draw human output.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Wrap width.
    pub width: usize,
}

impl Style {
    /// The style for snapshots and pipes: no colour, fixed width.
    pub fn plain() -> Style {
        Style {
            color: false,
            width: 100,
        }
    }
}

/// miette's graphical handler in a style: unicode frames, colour only when asked.
pub fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
}

/// Renders one diagnostic with its source, miette-style.
pub fn human(diag: &Diag, map: &SourceMap, style: Style) -> String {
    let handler = handler(style);
    let report = WithSource { inner: diag, map };
    let mut drawn = String::new();
    if handler.render_report(&mut drawn, &report).is_err() {
        drawn.clear();
    }
    let d = diag.as_ref();
    let level = if is_error(d) { "error" } else { "warning" };
    let mut out = format!("{level}[{}]: {}\n", code_of(d), d);
    // miette draws its own header (code, then `× message`); keep only the
    // snippet and help below it, under a rustc-style header.
    let mut lines = drawn.lines().peekable();
    let mut in_header = true;
    while let Some(line) = lines.next() {
        if in_header {
            let t = line.trim_start();
            if t.starts_with('×') || t.starts_with('⚠') || t.starts_with('☞') {
                in_header = false;
                while lines.peek().is_some_and(|l| l.starts_with("  │")) {
                    lines.next();
                }
            }
            continue;
        }
        // miette draws a related note as "Advice:" then "☞ message"; say "note:".
        if line.trim_end() == "Advice:" {
            continue;
        }
        match line.strip_prefix("  ☞ ") {
            Some(note) => {
                out.push_str("note: ");
                out.push_str(note);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Borrows a diagnostic and attaches the source map (reports get their
/// source only at the output boundary).
struct WithSource<'a> {
    inner: &'a Diag,
    map: &'a SourceMap,
}

impl std::fmt::Debug for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.inner.as_ref(), f)
    }
}

impl std::fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.inner.as_ref(), f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl Diagnostic for WithSource<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.inner.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.inner.help()
    }
    fn url<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.inner.url()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.map)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.inner.labels()
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        self.inner.related()
    }
    fn diagnostic_source(&self) -> Option<&dyn Diagnostic> {
        self.inner.diagnostic_source()
    }
}

/// Converts an owned diagnostic into a miette [`Report`] with its source.
pub fn report(diag: Diag, map: &SourceMap) -> Report {
    Report::new_boxed(diag).with_source_code(map.clone())
}

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

fn end_position(map: &SourceMap, span: Span) -> (Option<usize>, Option<usize>) {
    let Some(file) = map.file_at(span.lo) else {
        return (None, None);
    };
    let (l, c) = file.line_col(span.hi);
    (Some(l), Some(c))
}

/// The JSON form of a diagnostic.
pub fn json(diag: &Diag, map: &SourceMap) -> JsonDiagnostic {
    let d = diag.as_ref();
    let primary = primary_span(d);
    let (file, line, column) = match primary.and_then(|s| map.locate(s)) {
        Some((f, l, c)) => (Some(f.to_string()), Some(l), Some(c)),
        None => (None, None, None),
    };
    let (end_line, end_column) = primary
        .map(|s| end_position(map, s))
        .unwrap_or((None, None));
    // Labels of related notes (e.g. "first declared here" in another file)
    // follow the diagnostic's own, so JSON shows every place it points at.
    let mut labels = json_labels(d, map);
    for related in d.related().into_iter().flatten() {
        labels.extend(json_labels(related, map));
    }
    JsonDiagnostic {
        code: code_of(d),
        severity: if is_error(d) { "error" } else { "warning" },
        message: d.to_string(),
        file,
        line,
        column,
        end_line,
        end_column,
        labels,
        help: d.help().map(|h| h.to_string()),
    }
}

fn json_labels(d: &dyn Diagnostic, map: &SourceMap) -> Vec<JsonLabel> {
    d.labels()
        .map(|ls| {
            ls.map(|l| {
                let span = Span::new(l.offset() as u32, (l.offset() + l.len()) as u32);
                let loc = map.locate(span);
                let (el, ec) = end_position(map, span);
                JsonLabel {
                    message: l.label().map(str::to_string),
                    file: loc.map(|(f, _, _)| f.to_string()),
                    line: loc.map(|(_, l, _)| l),
                    column: loc.map(|(_, _, c)| c),
                    end_line: el,
                    end_column: ec,
                }
            })
            .collect()
        })
        .unwrap_or_default()
}
