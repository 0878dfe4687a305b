//! What `--explain` shows, recorded by the evaluator while it decides a
//! record (the output never evaluates): for each fired or indeterminate
//! case, how each condition came out, the values its record field reads
//! saw, and the element that decided a quantifier; and the rules not in
//! force with the reason. Recorded only when [`Cx::explain`] is on: the
//! evaluator checks that once per case.

use crate::eval::interp::{Cx, EvalError};
use crate::eval::node::{Node, NodeKind};
use crate::eval::value::Value;
use crate::lang::Date;
use crate::source::Span;

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

/// Records condition `node`'s field reads and deciding element into a
/// [`CondTrace`], after the condition has been evaluated to `held`.
pub(crate) fn condition(cx: &mut Cx<'_>, node: &Node, held: Result<bool, EvalError>) -> CondTrace {
    let mut paths = Vec::new();
    collect_paths(node, &mut paths);
    let reads = paths
        .iter()
        .take(3)
        .filter_map(|p| cx.eval(p).ok().map(|v| (p.span, v)))
        .collect();
    CondTrace {
        held,
        reads,
        decider: None,
    }
}

/// Paths of the record or `for` element read directly by a condition (not
/// inside a binder, where their bindings change).
fn collect_paths<'n>(node: &'n Node, out: &mut Vec<&'n Node>) {
    match &node.kind {
        NodeKind::Path { local, steps }
            if *local <= 1 && !steps.is_empty() && !out.iter().any(|p| p.span == node.span) =>
        {
            out.push(node);
        }
        NodeKind::Not(x) | NodeKind::Neg(x) => collect_paths(x, out),
        NodeKind::And(a, b) | NodeKind::Or(a, b) | NodeKind::Coalesce(a, b) => {
            collect_paths(a, out);
            collect_paths(b, out);
        }
        NodeKind::Arith { lhs, rhs, .. } | NodeKind::Compare { lhs, rhs, .. } => {
            collect_paths(lhs, out);
            collect_paths(rhs, out);
        }
        NodeKind::EqLit { expr, .. } | NodeKind::Is { expr, .. } => collect_paths(expr, out),
        NodeKind::In { needle, hay, .. } => {
            collect_paths(needle, out);
            collect_paths(hay, out);
        }
        NodeKind::InConst { needle, .. } => collect_paths(needle, out),
        NodeKind::Builtin { args, .. } | NodeKind::Call { args, .. } => {
            args.iter().for_each(|a| collect_paths(a, out))
        }
        NodeKind::Field { base, .. } => collect_paths(base, out),
        NodeKind::If {
            cond,
            then,
            otherwise,
        } => {
            collect_paths(cond, out);
            collect_paths(then, out);
            collect_paths(otherwise, out);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::fail_closed_tests::compiled;
    use crate::eval::Outcome;
    use crate::ir::RecordId;

    const SOURCE: &str = "record R { id: string  date: date  xs: list<int> }
policy p for r: R {
  rule big {
    when any x in r.xs: x > 10
    unless r.id == \"ok\"
    deny \"big\"
  }
  rule small { when all x in r.xs: x < 5  review \"small\" }
  rule later { effective 2027-01-01  when r.id == \"a\"  inspect \"later\" }
}
";

    fn decide(explain: bool, xs: &[i64]) -> Outcome {
        let (_, engine) = compiled(SOURCE);
        let mut cx = engine.context();
        cx.explain(explain);
        let date = Date::from_ymd(2026, 3, 1).map_or(Value::Absent, Value::Date);
        let xs = Value::list(xs.iter().copied().map(Value::Int).collect());
        let record = Value::record(vec![Value::str("T1"), date, xs]);
        let mut out = Outcome::default();
        engine.evaluate(&mut cx, RecordId(0), &record, None, &mut out);
        out
    }

    #[test]
    fn nothing_is_recorded_unless_explaining() {
        let o = decide(false, &[1, 20, 30]);
        assert!(o.trace.cases.is_empty() && o.trace.lapsed.is_empty());
    }

    #[test]
    fn conditions_reads_and_the_deciding_element_are_recorded() {
        let o = decide(true, &[1, 20, 30]);
        // `big` fired; `small` did not (not traced); `later` is not in force.
        let big = o.trace.cases.first().unwrap();
        assert_eq!(o.trace.cases.len(), 1);
        assert_eq!(big.item, None);
        let [any, unless] = big.conditions.as_slice() else {
            panic!("{:?}", big.conditions)
        };
        assert_eq!(any.held, Ok(true));
        assert_eq!(any.decider.map(|d| (d.all, d.index)), Some((false, 1)));
        assert_eq!(unless.held, Ok(false));
        assert!(matches!(unless.reads.as_slice(), [(_, Value::Str(s))] if s.as_str() == "T1"));
        assert_eq!(o.trace.lapsed.len(), 1);
        let date = Date::from_ymd(2027, 1, 1).unwrap();
        assert_eq!(o.trace.lapsed[0].why, Some(Why::Effective(date)));
    }

    #[test]
    fn an_all_that_holds_has_no_deciding_element() {
        let o = decide(true, &[1, 2]);
        // `small` fired: every element is below 5, so no element decided.
        let small = o.trace.cases.first().unwrap();
        assert_eq!(small.conditions[0].held, Ok(true));
        assert_eq!(small.conditions[0].decider, None);
    }
}
