//! `LinkError`: what can go wrong while preparing a checked program to run.
//! Constants, defaults, loaded lists and fixtures are the checker's
//! (`check/fold.rs`), so all that is left is an IR the evaluator cannot run,
//! which is a bug: `polc eval` exits 1. And [`At`], which locates a
//! span-less error as an [`EvalError`] (plain data, in [`crate::outcome`]).

use miette::Diagnostic;
use thiserror::Error;

use crate::outcome::EvalError;
use crate::source::Span;
use crate::value::error::ValueError;

/// Attaches a span to a span-less error (Typst's `At`).
pub trait At<T> {
    /// The error, located at `span`.
    fn at(self, span: Span) -> Result<T, EvalError>;
}

impl<T> At<T> for Result<T, ValueError> {
    fn at(self, span: Span) -> Result<T, EvalError> {
        self.map_err(|error| EvalError { error, span })
    }
}

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

/// The stage boundary: from here on the error is plain data.
impl From<LinkError> for crate::diag::Diagnostic {
    fn from(error: LinkError) -> Self {
        Self::from_miette(&error)
    }
}
