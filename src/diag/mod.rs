//! Diagnostics shared by every stage: the boxed diagnostic type, severity and
//! the primary span used for sorting and for the JSON renderer.

pub mod codes;
pub mod render;

use miette::{Diagnostic, Severity};

use crate::source::Span;

/// Any stage's diagnostic.
pub type Diag = Box<dyn Diagnostic + Send + Sync + 'static>;

/// Boxes a stage error as a [`Diag`].
pub fn boxed<E: Diagnostic + Send + Sync + 'static>(error: E) -> Diag {
    Box::new(error)
}

/// True unless the diagnostic is a warning or advice.
pub fn is_error(diag: &dyn Diagnostic) -> bool {
    !matches!(
        diag.severity(),
        Some(Severity::Warning) | Some(Severity::Advice)
    )
}

/// The diagnostic's code as a string (`E0001`), or empty.
pub fn code_of(diag: &dyn Diagnostic) -> String {
    diag.code().map(|c| c.to_string()).unwrap_or_default()
}

/// The span of the first (primary) label.
pub fn primary_span(diag: &dyn Diagnostic) -> Option<Span> {
    let label = diag.labels()?.next()?;
    let lo = label.offset() as u32;
    Some(Span::new(lo, lo + label.len() as u32))
}

/// Sorts diagnostics by position, then code, so output is deterministic.
pub fn sort(diags: &mut [Diag]) {
    diags.sort_by_key(|d| {
        (
            primary_span(d.as_ref()).unwrap_or_default(),
            code_of(d.as_ref()),
        )
    });
}
