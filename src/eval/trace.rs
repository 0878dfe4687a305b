//! Recording a [`Trace`] while the evaluator decides a record (the output
//! never evaluates): a condition's field reads and deciding element.
//! Recorded only when [`Cx::explain`] is on: the evaluator checks that once
//! per case. The trace types are plain data in [`crate::outcome::trace`].

use crate::eval::engine::LetExec;
use crate::eval::interp::{Cx, EvalError};
use crate::eval::node::{Iter, Node, NodeKind};
#[cfg(doc)]
use crate::outcome::trace::Trace;
use crate::outcome::trace::{CondTrace, ScreenTrace};
use crate::value::Value;

/// Records condition `node`'s field reads and deciding element into a
/// [`CondTrace`], after the condition has been evaluated to `held`.
pub(crate) fn condition(
    cx: &mut Cx<'_>,
    node: &Node,
    held: Result<bool, EvalError>,
    let_slots: &[u32],
    lets: &[LetExec],
) -> CondTrace {
    let mut paths = Vec::new();
    collect_paths(node, let_slots, &mut paths);
    let reads = paths
        .iter()
        .take(3)
        .filter_map(|p| cx.eval(p).ok().map(|v| (p.span, v)))
        .collect();
    let mut calls = Vec::new();
    collect_screens(node, &mut calls);
    for p in &paths {
        if let NodeKind::Path { local, .. } = p.kind {
            for l in lets.iter().filter(|l| l.slot == local) {
                collect_screens(&l.node, &mut calls);
            }
        }
    }
    let screens = calls.into_iter().filter_map(|c| screen(cx, c)).collect();
    CondTrace {
        held,
        reads,
        decider: None,
        screens,
    }
}

/// The hits of one `screen` call with their reasons (its query evaluated
/// again, in the same bindings).
fn screen(cx: &mut Cx<'_>, call: &Node) -> Option<ScreenTrace> {
    let NodeKind::Screen { query, list } = &call.kind else {
        return None;
    };
    let Ok(Value::Str(q)) = cx.eval(query) else {
        return None;
    };
    let (hits, total) = list.explained(q.as_str(), cx.as_of(), 3)?;
    Some(ScreenTrace {
        span: call.span,
        query: q.as_str().to_string(),
        hits,
        total,
    })
}

/// `screen` calls outside binders (a binder's collection is outside it:
/// `[h for h in screen(p.name, sdn) if …]`).
fn collect_screens<'n>(node: &'n Node, out: &mut Vec<&'n Node>) {
    let iter = |i: &'n Iter, out: &mut Vec<&'n Node>| match i {
        Iter::Plain(n) => collect_screens(n, out),
        Iter::Slice { base, .. } => collect_screens(base, out),
    };
    match &node.kind {
        NodeKind::Screen { .. } => out.push(node),
        NodeKind::Quantifier { iter: i, .. } | NodeKind::Aggregate { iter: i, .. } => iter(i, out),
        NodeKind::Comprehension { clauses, .. } => {
            if let Some(c) = clauses.first() {
                iter(&c.iter, out);
            }
        }
        NodeKind::Not(x) | NodeKind::Neg(x) | NodeKind::ToSet(x) | NodeKind::ToDecimal(x) => {
            collect_screens(x, out)
        }
        NodeKind::And(a, b) | NodeKind::Or(a, b) | NodeKind::Coalesce(a, b) => {
            collect_screens(a, out);
            collect_screens(b, out);
        }
        NodeKind::Arith { lhs, rhs, .. } | NodeKind::Compare { lhs, rhs, .. } => {
            collect_screens(lhs, out);
            collect_screens(rhs, out);
        }
        NodeKind::Builtin { args, .. } => args.iter().for_each(|a| collect_screens(a, out)),
        NodeKind::Index { base, .. } | NodeKind::Field { base, .. } => collect_screens(base, out),
        _ => {}
    }
}

/// Paths of the record or `for` element, and `let` names (§11), read
/// directly by a condition (not inside a binder, where their bindings change).
fn collect_paths<'n>(node: &'n Node, lets: &[u32], out: &mut Vec<&'n Node>) {
    match &node.kind {
        NodeKind::Path { local, steps }
            if ((*local <= 1 && !steps.is_empty()) || lets.contains(local))
                && !out.iter().any(|p| p.span == node.span) =>
        {
            out.push(node);
        }
        NodeKind::Not(x) | NodeKind::Neg(x) => collect_paths(x, lets, out),
        NodeKind::And(a, b) | NodeKind::Or(a, b) | NodeKind::Coalesce(a, b) => {
            collect_paths(a, lets, out);
            collect_paths(b, lets, out);
        }
        NodeKind::Arith { lhs, rhs, .. } | NodeKind::Compare { lhs, rhs, .. } => {
            collect_paths(lhs, lets, out);
            collect_paths(rhs, lets, out);
        }
        NodeKind::EqLit { expr, .. } | NodeKind::Is { expr, .. } => collect_paths(expr, lets, out),
        NodeKind::In { needle, hay, .. } => {
            collect_paths(needle, lets, out);
            collect_paths(hay, lets, out);
        }
        NodeKind::InConst { needle, .. } => collect_paths(needle, lets, out),
        NodeKind::Matches { subject: x, .. } | NodeKind::Text { arg: x, .. } => {
            collect_paths(x, lets, out)
        }
        NodeKind::Builtin { args, .. } | NodeKind::Call { args, .. } => {
            args.iter().for_each(|a| collect_paths(a, lets, out))
        }
        NodeKind::Field { base, .. } => collect_paths(base, lets, out),
        NodeKind::If {
            cond,
            then,
            otherwise,
        } => {
            collect_paths(cond, lets, out);
            collect_paths(then, lets, out);
            collect_paths(otherwise, lets, out);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::eval::fail_closed_tests::compiled;
    use crate::ir::RecordId;
    use crate::lang::Date;
    use crate::outcome::trace::Why;
    use crate::outcome::Outcome;
    use crate::value::Value;

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
