//! `LinkError`: what can go wrong while preparing a checked program to run
//! (computing constants and field defaults, converting loaded lists, reading
//! fixtures). These are package errors: `polc eval` exits 1. And
//! [`EvalError`], a runtime error inside a rule (plain data: the case is
//! indeterminate and the output renders it).

use miette::Diagnostic;
use thiserror::Error;

use crate::eval::ops::ValueError;
use crate::source::Span;

/// A runtime error with the span of the expression that failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    /// What went wrong.
    pub error: ValueError,
    /// Where.
    pub span: Span,
}

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
    /// A `const` initialiser or a field default failed when computed.
    #[error("{what} cannot be computed: {reason}")]
    #[diagnostic(
        code(E0450),
        help("constants and defaults are computed once, before any record is read; make the computation valid for every input")
    )]
    ConstFailed {
        /// `constant `x`` or `the default of `R.f``.
        what: String,
        /// The runtime error.
        reason: String,
        /// The declaration.
        #[label("computed here")]
        span: Span,
        /// The operation that failed.
        #[label("this fails")]
        at: Span,
    },

    /// A `load`ed `.json` fixture that does not fit its type.
    #[error("`{path}` {line}:{column}: {message}")]
    #[diagnostic(
        code(E0452),
        help("the fixture is read like an input record; fix the file or the `as` type")
    )]
    BadFixture {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (characters).
        column: usize,
        /// What is wrong.
        message: String,
        /// The `load` expression.
        #[label("loaded here")]
        span: Span,
    },

    /// A fixture that cannot be read.
    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(
        code(E0453),
        help("`load` paths are relative to the directory of the file that holds them")
    )]
    UnreadableFixture {
        /// The file.
        path: String,
        /// The OS error.
        reason: String,
        /// The `load` expression.
        #[label("loaded here")]
        span: Span,
    },

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
