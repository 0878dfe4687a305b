//! Diagnostics as plain data. Every stage's error enum is turned into a
//! [`Diagnostic`] once, at the stage's boundary (`From<…Error>`, via
//! [`Diagnostic::from_miette`]); sorting, the CLI, the renderers and the
//! tester see only this struct (Gleam `diagnostic.rs`, ruff `ruff_db`).

pub mod codes;
mod convert;
pub mod render;

use crate::source::Span;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The package does not compile (or link): exit 1.
    Error,
    /// Worth a look; the package still runs.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as the renderers write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A span of source with an optional message under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where (global offsets in the package's `SourceMap`).
    pub span: Span,
    /// What it is, if anything.
    pub message: Option<String>,
}

/// A secondary message with its own places, typically in another file
/// ("`x` is first declared here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The note's text.
    pub message: String,
    /// The places it points at (possibly none).
    pub labels: Vec<Label>,
}

/// One diagnostic: what every stage produces and every renderer reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The registry code (`E0101`); empty only for a code-less message.
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// One line, lowercase, no final period (house style).
    pub message: String,
    /// The main place: sorts the diagnostic and gives JSON its position.
    pub primary: Option<Label>,
    /// Further places, in the order the stage declared them.
    pub labels: Vec<Label>,
    /// Related notes (places in other files).
    pub notes: Vec<Note>,
    /// How to fix it, when known.
    pub help: Option<String>,
}

impl Diagnostic {
    /// True for errors, false for warnings.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The span of the primary label.
    pub fn primary_span(&self) -> Option<Span> {
        self.primary.as_ref().map(|l| l.span)
    }

    /// Every label: the primary one, the others, then the notes' labels.
    pub fn all_labels(&self) -> impl Iterator<Item = &Label> {
        self.primary
            .iter()
            .chain(&self.labels)
            .chain(self.notes.iter().flat_map(|n| &n.labels))
    }
}

/// Sorts diagnostics by primary position, then code, so output is
/// deterministic (stable: equal keys keep the stages' order).
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.primary_span().unwrap_or_default(), &a.code)
            .cmp(&(b.primary_span().unwrap_or_default(), &b.code))
    });
}
