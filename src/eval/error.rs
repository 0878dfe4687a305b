//! `LinkError`: what can go wrong while preparing a checked program to run.
//! Constants, defaults, loaded lists and fixtures are the checker's
//! (`check/fold.rs`), so all that is left is an IR the evaluator cannot run,
//! which is a bug: `polc eval` exits 1.

use miette::Diagnostic;
use thiserror::Error;

use crate::source::Span;

/// A problem found while linking a checked program.
#[derive(Debug, Error, Diagnostic)]
pub enum LinkError {
    /// The checked program has a form the evaluator cannot run (a bug).
    #[error("internal error: {what}")]
    #[diagnostic(
        code(E0099),
        help("this is a bug in polc; please report it with the file")
    )]
    Internal {
        /// What.
        what: String,
        /// Where.
        #[label("here")]
        span: Span,
    },
}
