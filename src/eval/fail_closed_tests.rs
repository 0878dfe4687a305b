//! Fail closed inside: every place where an impossible case used to fall
//! back to a default ("true", empty, absent, "not in force", "passes") is
//! driven here with a deliberately broken node or engine, and must come out
//! as an internal error — the case indeterminate and the record `review`.

use crate::eval::interp::{Cx, EvalError, Func};
use crate::eval::node::{Iter, Literal, Node, NodeKind, Step};
use crate::eval::Engine;
use crate::ir::RecordId;
use crate::lang::{AggKind, Decision};
use crate::outcome::Outcome;
use crate::source::Span;
use crate::value::error::ValueError;
use crate::value::{Str, Value};

const AT: Span = Span { lo: 3, hi: 9 };

fn node(kind: NodeKind) -> Node {
    Node { kind, span: AT }
}

fn value(v: Value) -> Box<Node> {
    Box::new(Node::value(v, AT))
}

fn local(slot: u32, steps: &[Step]) -> Box<Node> {
    Box::new(node(NodeKind::Path {
        local: slot,
        steps: steps.into(),
    }))
}

fn step(slot: u32, optional: bool) -> Step {
    Step { slot, optional }
}

/// Asserts an internal error located at the broken node.
fn internal<T: std::fmt::Debug>(r: Result<T, EvalError>) {
    match r {
        Err(EvalError {
            error: ValueError::Internal { .. },
            span,
        }) => assert_eq!(span, AT),
        other => panic!("expected an internal error, got {other:?}"),
    }
}

fn cx() -> Cx<'static> {
    let mut cx = Cx::new(&[]);
    cx.reset(Some(Value::Int(7)), 2);
    cx
}

fn quantifier(all: bool, over: Value) -> Node {
    node(NodeKind::Quantifier {
        all,
        slot: 1,
        iter: Box::new(Iter::Plain(*value(over))),
        body: value(Value::Bool(true)),
    })
}

#[test]
fn all_over_a_non_collection_is_not_true() {
    internal(cx().eval_bool(&quantifier(true, Value::Int(3))));
    internal(cx().eval_bool(&quantifier(true, Value::Absent)));
}

#[test]
fn any_over_a_non_collection_is_not_false() {
    internal(cx().eval_bool(&quantifier(false, Value::str("x"))));
}

#[test]
fn a_slice_binder_over_a_non_collection_is_not_empty() {
    let n = node(NodeKind::Quantifier {
        all: true,
        slot: 1,
        iter: Box::new(Iter::Slice {
            base: *value(Value::Int(3)),
            lo: None,
            hi: None,
        }),
        body: value(Value::Bool(false)),
    });
    internal(cx().eval_bool(&n));
}

#[test]
fn comprehension_over_a_non_collection_is_not_empty() {
    let n = node(NodeKind::Comprehension {
        set: false,
        elem: local(1, &[]),
        clauses: Box::new([crate::eval::node::ClauseNode {
            slot: 1,
            iter: Iter::Plain(*value(Value::Int(3))),
            filter: None,
        }]),
    });
    internal(cx().eval(&n));
}

#[test]
fn aggregates_over_a_non_collection_are_not_zero() {
    for kind in [AggKind::Count, AggKind::Sum, AggKind::Min] {
        let n = node(NodeKind::Aggregate {
            kind,
            slot: 1,
            iter: Box::new(Iter::Plain(*value(Value::Bool(true)))),
            body: value(Value::Bool(true)),
            zero: Value::Zero,
        });
        internal(cx().eval(&n));
    }
}

#[test]
fn membership_in_a_non_collection_is_not_false() {
    let n = node(NodeKind::In {
        needle: value(Value::Int(1)),
        hay: value(Value::Int(1)),
        negated: true,
    });
    internal(cx().eval_bool(&n));
}

#[test]
fn a_slot_outside_the_frame_is_not_absent() {
    let n = node(NodeKind::Is {
        expr: local(40, &[]),
        present: false,
    });
    internal(cx().eval_bool(&n));
    internal(cx().eval(&local(40, &[])));
}

#[test]
fn a_field_of_a_non_record_is_not_absent() {
    // Slot 0 holds an int, not a record.
    internal(cx().eval(&local(0, &[step(0, false)])));
    internal(cx().eval(&local(0, &[step(0, true)])));
    let field = node(NodeKind::Field {
        base: value(Value::Int(1)),
        step: step(0, false),
    });
    internal(cx().eval(&field));
}

#[test]
fn a_field_slot_outside_the_record_is_not_absent() {
    let mut cx = Cx::new(&[]);
    cx.reset(Some(Value::record(vec![Value::Int(1)])), 2);
    internal(cx.eval(&local(0, &[step(5, false)])));
    let field = node(NodeKind::Field {
        base: value(Value::record(Vec::new())),
        step: step(0, true),
    });
    internal(cx.eval(&field));
}

#[test]
fn a_field_of_absent_needs_the_optional_step() {
    let mut cx = Cx::new(&[]);
    cx.reset(Some(Value::record(vec![Value::Absent])), 2);
    // `r.a?.b` with `r.a` absent is absent (§6)…
    assert!(matches!(
        cx.eval(&local(0, &[step(0, false), step(0, true)])),
        Ok(Value::Absent)
    ));
    // …but `r.a.b` with `r.a` absent cannot happen after checking.
    internal(cx.eval(&local(0, &[step(0, false), step(0, false)])));
}

#[test]
fn literal_equality_across_types_is_not_false() {
    let n = node(NodeKind::EqLit {
        expr: value(Value::Int(1)),
        lit: Literal::Str(Str::new("1")),
        negated: true,
    });
    internal(cx().eval_bool(&n));
    // An absent value equals no literal: that is the language, not a fault.
    let absent = node(NodeKind::EqLit {
        expr: value(Value::Absent),
        lit: Literal::Bool(true),
        negated: false,
    });
    assert_eq!(cx().eval_bool(&absent), Ok(false));
}

#[test]
fn conversions_of_the_wrong_shape_do_not_pass_through() {
    internal(cx().eval(&node(NodeKind::ToSet(value(Value::Int(1))))));
    internal(cx().eval(&node(NodeKind::ToDecimal(value(Value::str("1"))))));
}

#[test]
fn matches_and_text_of_the_wrong_shape_do_not_pass_through() {
    let pattern = std::sync::Arc::new(
        crate::builtins::text::whole_match_pattern("[0-9]+").expect("a valid pattern"),
    );
    // A non-string subject is never "no match".
    internal(cx().eval(&node(NodeKind::Matches {
        subject: value(Value::Int(1)),
        pattern,
    })));
    // The table's entries for `text` and `matches` are linked specially:
    // run on values alone they fail closed rather than guess.
    let text = crate::builtins::lookup("text").expect("the `text` entry");
    internal(cx().eval(&node(NodeKind::Builtin {
        func: text,
        args: Box::new([*value(Value::Int(1))]),
    })));
}

#[test]
fn a_call_of_an_unknown_function_is_located() {
    let funcs: [Func; 0] = [];
    let mut cx = Cx::new(&funcs);
    cx.reset(None, 1);
    let n = node(NodeKind::Call {
        func: 3,
        args: Box::new([]),
    });
    internal(cx.eval(&n));
}

/// A linked engine for `source` (one record type, `R`).
fn engine(source: &str) -> Engine {
    compiled(source).1
}

/// The checked and linked program of `source` (a one-file package).
pub(crate) fn compiled(source: &str) -> (crate::ir::Program, Engine) {
    let dir = std::env::temp_dir().join(format!(
        "polc-fail-closed-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("main.pol");
    std::fs::write(&path, source).unwrap();
    let (package, program, diags) = crate::check::compile(&[path]).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    let engine = crate::eval::link(&program, &package.map).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (program, engine)
}

/// One `for` rule over `r.xs`.
pub(crate) const FOR_RULE: &str = "record R { id: string  xs: list<int> }
policy p for r: R {
  rule big for x in r.xs {
    when x > 10
    deny \"too big\"
  }
}
";

/// An `R` record of [`FOR_RULE`] with `xs`.
pub(crate) fn record(xs: Vec<i64>) -> Value {
    Value::record(vec![
        Value::str("T1"),
        Value::list(xs.into_iter().map(Value::Int).collect()),
    ])
}

fn review_with_internal(o: &Outcome) {
    assert_eq!(o.decision(), Decision::Review);
    let internal = |e: &EvalError| matches!(e.error, ValueError::Internal { .. });
    assert!(
        o.errors.iter().any(|e| internal(&e.error)) || o.faults.iter().any(internal),
        "{o:?}"
    );
}

#[test]
fn a_sound_engine_decides() {
    let e = engine(FOR_RULE);
    assert_eq!(
        e.decide(RecordId(0), &record(vec![1, 20]), None).decision(),
        Decision::Deny
    );
    assert_eq!(
        e.decide(RecordId(0), &record(vec![1]), None).decision(),
        Decision::Allow
    );
}

#[test]
fn a_for_rule_over_a_non_collection_is_not_empty() {
    let mut e = engine(FOR_RULE);
    e.rules[0].for_each = Some(Iter::Plain(*value(Value::Int(3))));
    let o = e.decide(RecordId(0), &record(vec![20]), None);
    review_with_internal(&o);
    assert_eq!(o.errors[0].item, None);
}

#[test]
fn an_unknown_rule_index_is_indeterminate_not_skipped() {
    let e = engine(FOR_RULE);
    let mut cx = e.context();
    cx.reset(Some(record(vec![])), 4);
    let mut o = Outcome::default();
    e.evaluate_rule(&mut cx, 99, &mut o);
    review_with_internal(&o);
    assert!(e.rule_in_force(99, None).is_err());
}

#[test]
fn a_rule_of_an_unknown_policy_is_not_out_of_force() {
    let mut e = engine(FOR_RULE);
    e.rules[0].policy = crate::ir::PolicyId(42);
    review_with_internal(&e.decide(RecordId(0), &record(vec![1]), None));
}

#[test]
fn an_in_force_test_without_a_date_is_not_a_guess() {
    let mut e = engine(FOR_RULE);
    e.rules[0].in_force.effective = Some(crate::lang::Date::from_ymd(2026, 1, 1).unwrap());
    assert!(e.rule_in_force(0, None).is_err());
    review_with_internal(&e.decide(RecordId(0), &record(vec![1]), None));
}

#[test]
fn an_unknown_record_type_is_not_allowed() {
    let e = engine(FOR_RULE);
    let o = e.decide(RecordId(7), &record(vec![1]), None);
    review_with_internal(&o);
    assert_eq!(o.faults.len(), 1);
}

#[test]
fn a_bad_country_literal_is_not_absent() {
    let lit = crate::ir::Lit::Country("JPN".into());
    assert!(crate::eval::compile::literal(&lit).is_none());
}

#[test]
fn strings_round_trip() {
    // `Str`'s representation is private, so its inline bytes are always a
    // copied `&str` and `as_str` never needs a default.
    let s = Str::new("ünïcode");
    assert_eq!(s.as_str(), "ünïcode");
    assert_eq!(Str::from("x".repeat(40)).as_str(), "x".repeat(40));
}

#[test]
fn as_of_with_no_decision_date_is_an_internal_error() {
    // The checker requires `date: date` wherever `as_of` is read; a context
    // without a date (constant folding) must not invent one.
    internal(cx().eval(&node(NodeKind::AsOf)));
}

#[test]
fn as_of_reads_the_date_the_context_was_given() {
    let mut cx = cx();
    let day = crate::lang::Date { days: 20_513 };
    cx.set_as_of(Some(day));
    match cx.eval(&node(NodeKind::AsOf)) {
        Ok(Value::Date(d)) => assert_eq!(d, day),
        other => panic!("expected the date, got {other:?}"),
    }
}

#[test]
fn a_dated_collection_with_no_decision_date_is_an_internal_error() {
    // No date to pick the rows by: never "no rows listed" (which would allow).
    use crate::value::dated::{DatedCollection, DatedEntry, DatedShape, Window};
    let entry = DatedEntry {
        key: None,
        windows: vec![(
            Window {
                from: crate::lang::Date { days: 0 },
                until: None,
            },
            Value::Int(1),
        )],
    };
    let collection = DatedCollection::new(DatedShape::List, vec![entry]);
    internal(cx().eval(&node(NodeKind::Dated(collection))));
}

#[test]
fn a_dated_map_whose_key_has_overlapping_windows_is_an_internal_error() {
    // The checker reports overlapping windows (E0342); a map built from
    // such entries anyway must not keep one row and drop the other.
    use crate::value::dated::{DatedCollection, DatedEntry, DatedShape, Window};
    let open = Window {
        from: crate::lang::Date { days: 0 },
        until: None,
    };
    let entry = |row: i64| DatedEntry {
        key: Some(Value::Str(crate::value::Str::new("k"))),
        windows: vec![(open, Value::Int(row))],
    };
    let collection = DatedCollection::new(DatedShape::Map, vec![entry(1), entry(2)]);
    let mut cx = cx();
    cx.set_as_of(Some(crate::lang::Date { days: 5 }));
    internal(cx.eval(&node(NodeKind::Dated(collection))));
}
