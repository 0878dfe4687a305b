//! `polc test` (§7): runs a package's `test` blocks and golden files,
//! checks every `expect`, and measures which rules fired and which
//! conditions went both ways. `cli/test.rs` drives it and prints.
//!
//! The pieces: [`catalog`] names rules and cases the way output shows them,
//! [`expect`] judges one `expect` line, [`runner`] runs one `test` block,
//! [`golden`] runs one golden file and [`diff`] compares its lines, [`coverage`] accumulates what fired,
//! [`report`] writes the lines, the failures and the summary.

pub mod catalog;
pub mod coverage;
pub mod diff;
pub mod expect;
pub mod golden;
pub mod report;
pub mod runner;

use crate::outcome::EvalError;
use crate::source::Span;

/// One test: a `test` block or a golden file.
#[derive(Debug)]
pub struct TestResult {
    /// Which kind.
    pub kind: TestKind,
    /// The block's name, or the golden file's path.
    pub name: String,
    /// What became of it.
    pub status: Status,
}

/// The two kinds of test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestKind {
    /// A `test "…" { … }` block.
    Block,
    /// A `NAME.expected.ndjson` file beside `NAME.ndjson`.
    Golden,
}

/// What became of a test.
#[derive(Debug)]
pub enum Status {
    /// Every expectation held (or every record matched).
    Passed,
    /// Something did not hold.
    Failed(Failure),
    /// `--bless` rewrote a golden file whose records differed.
    Blessed {
        /// How many records differed (or were added or dropped).
        differing: usize,
    },
}

impl Status {
    /// Whether the test counts as failed.
    pub fn failed(&self) -> bool {
        matches!(self, Status::Failed(_))
    }
}

/// Why a test failed.
#[derive(Debug)]
pub enum Failure {
    /// Some `expect` lines did not hold.
    Expects {
        /// The failing lines, each with what went wrong.
        failed: Vec<FailedExpect>,
        /// What fired or was indeterminate, one line each
        /// (`fired: p.r (items[0]) at path:line:col`).
        cases: Vec<String>,
    },
    /// The `given` record could not be computed.
    Given {
        /// The `given` expression.
        given: Span,
        /// The runtime error.
        error: EvalError,
    },
    /// A golden file's records differ, or the file cannot be used.
    Golden(golden::Mismatch),
}

/// An `expect` line that did not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedExpect {
    /// The line.
    pub span: Span,
    /// What went wrong (`expected allow, got license_required`).
    pub message: String,
}
