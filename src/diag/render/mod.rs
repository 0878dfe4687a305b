//! Each output format is one function of a [`Diagnostic`](crate::diag::Diagnostic):
//! `human` (rustc's layout, drawn by `annotate-snippets`), `json` (§9), and
//! `frame` (a bare source snippet, for `polc test` failures).

mod human;
mod json;
mod snippet;

pub use human::{frame, human};
pub use json::{json, JsonDiagnostic, JsonLabel};

/// How to draw human output.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Terminal width: long source lines are cut around their labels to fit.
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

#[cfg(test)]
mod tests;
