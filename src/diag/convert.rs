//! The one conversion from a stage's derived error (thiserror + miette's
//! `Diagnostic` derive, used only to declare code, labels and help next to
//! each message) into the plain [`Diagnostic`]. Nothing else in polc reads
//! miette's trait.

use miette::{Diagnostic as Derived, LabeledSpan, Severity as DerivedSeverity};

use crate::diag::{Diagnostic, Label, Note, Severity};
use crate::source::Span;

impl Diagnostic {
    /// Reads a derived diagnostic: code, severity (advice counts as a
    /// warning), message, labels (the first is primary), help, and each
    /// `#[related]` one as a [`Note`].
    pub fn from_miette(d: &dyn Derived) -> Diagnostic {
        let mut labels = labels_of(d);
        let primary = (!labels.is_empty()).then(|| labels.remove(0));
        let notes = d
            .related()
            .into_iter()
            .flatten()
            .map(|r| Note {
                message: r.to_string(),
                labels: labels_of(r),
            })
            .collect();
        Diagnostic {
            code: d.code().map(|c| c.to_string()).unwrap_or_default(),
            severity: match d.severity() {
                Some(DerivedSeverity::Warning | DerivedSeverity::Advice) => Severity::Warning,
                Some(DerivedSeverity::Error) | None => Severity::Error,
            },
            message: d.to_string(),
            primary,
            labels,
            notes,
            help: d.help().map(|h| h.to_string()),
        }
    }
}

fn labels_of(d: &dyn Derived) -> Vec<Label> {
    d.labels()
        .into_iter()
        .flatten()
        .map(|l: LabeledSpan| Label {
            span: span_of(&l),
            message: l.label().map(str::to_string),
        })
        .collect()
}

/// Spans are global `u32` offsets (the `SourceMap`'s space); a derived label
/// was built from one, so the conversion back saturates only in theory.
fn span_of(l: &LabeledSpan) -> Span {
    let lo = u32::try_from(l.offset()).unwrap_or(u32::MAX);
    let hi = u32::try_from(l.offset().saturating_add(l.len())).unwrap_or(u32::MAX);
    Span::new(lo, hi)
}
