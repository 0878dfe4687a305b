//! What evaluating one record yields (§8): the fired cases, the
//! indeterminate ones, and the decision they make. Plain data: the output
//! renders it and never evaluates.

pub mod catalog;
pub mod trace;

use crate::lang::Decision;
use crate::outcome::trace::Trace;
use crate::source::Span;
use crate::value::error::ValueError;

/// A runtime error with the span of the expression that failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    /// What went wrong.
    pub error: ValueError,
    /// Where.
    pub span: Span,
}

/// A case that fired: a rule, or one element of a `for` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FiredCase {
    /// Index of the rule (in the engine and in [`catalog::Catalog::rules`]).
    pub rule: u32,
    /// 0-based element of a `for` rule.
    pub item: Option<u32>,
    /// The rendered message, or `None` when the message has no interpolation
    /// (the rule's text is used as is).
    pub message: Option<String>,
    /// A `require license` case that a fired `authorize` case covered (§13):
    /// it stays fired but gives no `license_required`.
    pub covered: bool,
}

/// A fired `authorize` case and what it covered (§13).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    /// Index of the `authorize` rule.
    pub rule: u32,
    /// 0-based element of a `for` rule.
    pub item: Option<u32>,
    /// The rendered message, as in [`FiredCase::message`].
    pub message: Option<String>,
    /// The rules whose cases this case covered, by index, ascending (the
    /// engine's rules are sorted by full name, so this is §13's order).
    pub covers: Vec<u32>,
}

/// A case that is indeterminate: a runtime error inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorCase {
    /// Index of the rule.
    pub rule: u32,
    /// 0-based element of a `for` rule (`None` also when its collection failed).
    pub item: Option<u32>,
    /// The first error reached.
    pub error: EvalError,
}

/// The result for one record. Cases are in output order: by full rule name
/// as bytes, then by element (§9). Reused across records to avoid allocation.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Firing cases, whatever their effect.
    pub fired: Vec<FiredCase>,
    /// Fired `authorize` cases, in the order of `fired`.
    pub authorizations: Vec<Authorization>,
    /// Indeterminate cases.
    pub errors: Vec<ErrorCase>,
    /// Internal errors outside any rule (an engine that does not know the
    /// record's type): the record is indeterminate as a whole.
    pub faults: Vec<EvalError>,
    /// The strongest of the fired effects; `review` if any case is indeterminate.
    pub decision: Option<Decision>,
    /// What `--explain` shows (empty unless the context was explaining).
    pub trace: Trace,
}

impl Outcome {
    /// Empties the outcome for the next record.
    pub fn clear(&mut self) {
        self.fired.clear();
        self.authorizations.clear();
        self.errors.clear();
        self.faults.clear();
        self.decision = None;
        self.trace.cases.clear();
        self.trace.lapsed.clear();
    }

    /// Records an internal error outside any rule: the decision is `review`.
    pub fn fault(&mut self, error: EvalError) {
        self.raise(Decision::Review);
        self.faults.push(error);
    }

    /// Raises the decision to at least `d` (deny > review > license_required > allow).
    pub fn raise(&mut self, d: Decision) {
        if self.decision.is_none_or(|cur| d > cur) {
            self.decision = Some(d);
        }
    }

    /// The final decision: `allow` when nothing objected.
    pub fn decision(&self) -> Decision {
        self.decision.unwrap_or(Decision::Allow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence() {
        let mut o = Outcome::default();
        assert_eq!(o.decision(), Decision::Allow);
        o.raise(Decision::LicenseRequired);
        o.raise(Decision::Review);
        assert_eq!(o.decision(), Decision::Review);
        o.raise(Decision::Deny);
        o.raise(Decision::LicenseRequired);
        assert_eq!(o.decision(), Decision::Deny);
        o.clear();
        assert_eq!(o.decision(), Decision::Allow);
    }
}
