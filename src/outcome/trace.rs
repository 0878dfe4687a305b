//! What `--explain` shows, as plain data: for each fired or indeterminate
//! case, how each condition came out, the values its record field reads
//! saw, and the element that decided a quantifier; and the rules not in
//! force with the reason. The evaluator records it (`eval/trace.rs`, only
//! when its context explains); the output only reads it.

use crate::lang::Date;
use crate::outcome::EvalError;
use crate::source::Span;
use crate::value::Value;

/// Everything recorded for one record.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    /// Fired and indeterminate cases, in evaluation order.
    pub cases: Vec<CaseTrace>,
    /// Rules for the record's type not in force on its date, in output order.
    pub lapsed: Vec<Lapse>,
}

impl Trace {
    /// The trace of case `(rule, item)`, if it fired or was indeterminate.
    pub fn case(&self, rule: u32, item: Option<u32>) -> Option<&CaseTrace> {
        self.cases.iter().find(|c| c.rule == rule && c.item == item)
    }
}

/// One case's conditions, in order, up to the one where evaluation stopped.
#[derive(Clone, Debug)]
pub struct CaseTrace {
    /// Engine rule index.
    pub rule: u32,
    /// Element of a `for` rule.
    pub item: Option<u32>,
    /// One entry per evaluated condition; conditions after the last were
    /// not evaluated.
    pub conditions: Vec<CondTrace>,
}

/// How one `when`/`unless` line came out.
#[derive(Clone, Debug)]
pub struct CondTrace {
    /// The line's own value (before `unless` negates it), or its error.
    pub held: Result<bool, EvalError>,
    /// Record (or `for` element) fields the line reads directly, by span,
    /// with their values (at most three).
    pub reads: Vec<(Span, Value)>,
    /// For a line that is a quantifier: the element that decided it.
    pub decider: Option<Decider>,
    /// The `screen` calls the line makes, or the `let`s it reads make,
    /// outside any binder (§14): what was screened and why each hit scored.
    pub screens: Vec<ScreenTrace>,
}

/// One `screen(NAME, LIST)` call, for `--explain`.
#[derive(Clone, Debug)]
pub struct ScreenTrace {
    /// The call.
    pub span: Span,
    /// The name screened, as given.
    pub query: String,
    /// Its best hits (at most three), in order.
    pub hits: Vec<ScreenHitTrace>,
    /// How many hits there were in all.
    pub total: usize,
}

/// One hit of a traced screen.
#[derive(Clone, Debug)]
pub struct ScreenHitTrace {
    /// The name or alias matched, as listed.
    pub matched: String,
    /// The score (two digits).
    pub score: rust_decimal::Decimal,
    /// A weak alias.
    pub weak: bool,
    /// Why it scored so: the folded forms and what matched.
    pub why: String,
}

/// The element that decided a quantifier (`any`: the first that holds;
/// `all`: the first that fails).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decider {
    /// `all` (else `any`).
    pub all: bool,
    /// 0-based position within the visited range.
    pub index: u32,
    /// The collection expression (its base, for a slice).
    pub iter: Span,
}

/// A rule not in force on the record's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lapse {
    /// Engine rule index.
    pub rule: u32,
    /// Why (the rule's own lines first, then its policy's).
    pub why: Option<Why>,
}

/// Why an in-force test fails on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// `effective` after the date.
    Effective(Date),
    /// `expires` on or before the date.
    Expired(Date),
    /// A `suspended from … until …` that holds the date.
    Suspended(Date, Date),
}
