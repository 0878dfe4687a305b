//! Unit tests for the tricky parts: narrowing, expected types, and the shape
//! of the IR the evaluator relies on (slots, constant order).

use crate::check::check;
use crate::ir::{self, ExprKind, Lit, Program, Type};
use crate::package::Package;
use crate::source::SourceMap;

const SCHEMA: &str = "
enum PartyKind { commercial, military }
enum EndUse { civilian, military, weapons }
record Party { name: string  country: country  kind: PartyKind }
record Item { code: string  material: string?  weight: quantity }
record Reexport { intended: bool }
record Transaction {
  date: date
  end_user: Party
  end_use: EndUse
  destination: country
  items: list<Item>
  reexport: Reexport?
}
";

fn run(src: &str) -> (Program, Vec<String>) {
    let text = format!("{SCHEMA}\n{src}");
    let mut map = SourceMap::new();
    let id = map.add("t.pol", "t.pol", text);
    let (ast, errors) = crate::syntax::parse_file(&map, id);
    assert!(errors.is_empty(), "syntax errors: {errors:?}");
    let package = Package {
        map,
        files: ast.into_iter().collect(),
        roots: Vec::new(),
    };
    let (program, diags) = check(&package);
    let codes = diags.iter().map(|d| d.code.clone()).collect();
    (program, codes)
}

fn codes(src: &str) -> Vec<String> {
    run(src).1
}

fn policy(rules: &str) -> String {
    format!("policy p for tx: Transaction {{\n{rules}\n}}")
}

#[test]
fn when_present_narrows_later_lines_and_the_message() {
    let src = policy(
        "rule r {
           when tx.reexport is present
           when tx.reexport.intended
           report \"{tx.reexport.intended}\" to \"A\" within 1 day
         }",
    );
    assert_eq!(codes(&src), Vec::<String>::new());
}

#[test]
fn unless_missing_narrows_too() {
    let src =
        policy("rule r { unless tx.reexport is missing  when tx.reexport.intended  review \"x\" }");
    assert_eq!(codes(&src), Vec::<String>::new());
}

#[test]
fn narrowing_stays_in_its_rule_and_its_branch() {
    let src = policy(
        "rule a { when tx.reexport is present  review \"a\" }
         rule b { when tx.reexport.intended  review \"b\" }",
    );
    assert_eq!(codes(&src), vec!["E0230"]);
    let src =
        policy("rule r { when tx.reexport is missing and tx.reexport.intended  review \"x\" }");
    assert_eq!(codes(&src), vec!["E0230"]);
}

#[test]
fn and_or_and_if_narrow_their_right_side() {
    let src = policy(
        "rule a { when tx.reexport is present and tx.reexport.intended  review \"a\" }
         rule b { when tx.reexport is missing or tx.reexport.intended  review \"b\" }
         rule c { when if tx.reexport is present then tx.reexport.intended else false  review \"c\" }
         rule d { when if tx.reexport is missing then false else tx.reexport.intended  review \"d\" }",
    );
    assert_eq!(codes(&src), Vec::<String>::new());
}

#[test]
fn for_element_paths_narrow() {
    let src = policy(
        "rule r for item in tx.items {
           when item.material is present
           when item.material == \"Dy\"
           review \"{item.material}\"
         }",
    );
    assert_eq!(codes(&src), Vec::<String>::new());
}

#[test]
fn expected_types_resolve_bare_variants_and_countries() {
    let src = format!(
        "def kind_is(k: PartyKind): bool = k == military
         const risky: set<EndUse> = {{military, weapons}}
         {}",
        policy(
            "rule r {
               when \"JP\" == tx.destination
               when tx.end_use in {military, weapons} or tx.end_use in risky
               when kind_is(military)
               when (if tx.destination == \"JP\" then military else tx.end_use) == civilian
               when tx.end_user == Party { name: \"A\", country: \"JP\", kind: military }
               deny \"x\"
             }"
        )
    );
    assert_eq!(codes(&src), Vec::<String>::new());
}

#[test]
fn a_name_that_is_a_constant_and_a_variant_is_ambiguous() {
    let src = format!(
        "const military = 3\n{}",
        policy("rule r { when tx.end_use == military  deny \"x\" }")
    );
    assert_eq!(codes(&src), vec!["E0111"]);
}

#[test]
fn one_typo_one_diagnostic() {
    // The unknown field poisons the comparison: no complaint about `military`.
    let src = policy(
        "rule r { when tx.end_usr.kind == military and tx.end_usr.name == \"x\"  deny \"x\" }",
    );
    assert_eq!(codes(&src), vec!["E0201", "E0201"]);
    let src = policy("rule r { when nope(tx.end_use) in {military}  deny \"x\" }");
    assert_eq!(codes(&src), vec!["E0104"]);
}

#[test]
fn rule_frames_put_the_binding_in_slot_0_and_the_element_in_slot_1() {
    let src = policy(
        "rule r for item in tx.items {
           when any other in tx.items: other.code == item.code
           review \"x\"
         }",
    );
    let (program, codes) = run(&src);
    assert!(codes.is_empty(), "{codes:?}");
    let rule = &program.policies[0].rules[0];
    assert_eq!(rule.frame_size, 3);
    let ExprKind::Quantifier { slot, body, .. } = &rule.conditions[0].expr.kind else {
        panic!("not a quantifier")
    };
    assert_eq!(*slot, ir::LocalSlot(2));
    let ExprKind::Binary { rhs, .. } = &body.kind else {
        panic!("not a comparison")
    };
    let ExprKind::Field { base, .. } = &rhs.kind else {
        panic!("not a field")
    };
    assert!(matches!(base.kind, ExprKind::Local(ir::LocalSlot(1))));
}

#[test]
fn constants_are_ordered_after_what_they_use() {
    let src = format!(
        "const c = b + 1
         const b = twice(a)
         def twice(x: int): int = x * 2
         const a = 1
         {}",
        policy("rule r { when len(tx.items) > c  review \"x\" }")
    );
    let (program, codes) = run(&src);
    assert!(codes.is_empty(), "{codes:?}");
    let names: Vec<&str> = program
        .const_order
        .iter()
        .map(|i| program.consts[i.index()].name.as_str())
        .collect();
    assert_eq!(names, vec!["a", "b", "c"]);
    assert_eq!(program.consts[0].ty, Type::Int);
}

#[test]
fn literals_take_the_expected_type() {
    let src = format!(
        "const rate: decimal = 2
         const hubs: set<country> = {{\"HK\"}}
         {}",
        policy("rule r { when len(tx.items) * rate > 1 and tx.destination in hubs  review \"x\" }")
    );
    let (program, codes) = run(&src);
    assert!(codes.is_empty(), "{codes:?}");
    let value = |i: usize| -> &ir::Expr { &program.consts[i].init };
    assert!(matches!(value(0).kind, ExprKind::Lit(Lit::Decimal(_))));
    let ExprKind::Collection { elems, set: true } = &value(1).kind else {
        panic!("not a set")
    };
    assert!(matches!(&elems[0].kind, ExprKind::Lit(Lit::Country(c)) if c == "HK"));
}

#[test]
fn ints_are_widened_where_decimals_are_expected() {
    let src = format!(
        "def half(x: decimal): decimal = x / 2
         const mixed = {{1, 2.5}}
         {}",
        policy("rule r { when half(len(tx.items)) > 1 and len(tx.items) in mixed  review \"x\" }")
    );
    let (program, codes) = run(&src);
    assert!(codes.is_empty(), "{codes:?}");
    let ExprKind::Collection { elems, .. } = &program.consts[0].init.kind else {
        panic!("not a set")
    };
    assert!(elems.iter().all(|e| e.ty == Type::Decimal));
    let ExprKind::Binary { lhs, rhs, .. } = &program.policies[0].rules[0].conditions[0].expr.kind
    else {
        panic!("not `and`")
    };
    let ExprKind::Binary { lhs: call, .. } = &lhs.kind else {
        panic!("not `>`")
    };
    let ExprKind::Call { args, .. } = &call.kind else {
        panic!("not a call")
    };
    assert_eq!(args[0].ty, Type::Decimal);
    // An explicit conversion node, not arithmetic (`x + 0.0`).
    assert!(matches!(
        args[0].kind,
        ExprKind::Convert {
            to: ir::Conversion::IntToDecimal,
            ..
        }
    ));
    let ExprKind::Binary { lhs: member, .. } = &rhs.kind else {
        panic!("not `in`")
    };
    assert_eq!(member.ty, Type::Decimal);
    assert!(matches!(member.kind, ExprKind::Convert { .. }));
    // The checker computed the constant: a set of decimals.
    let Some(crate::value::Value::Set(set)) = &program.consts[0].value else {
        panic!("no constant value")
    };
    assert!(set
        .items()
        .iter()
        .all(|v| matches!(v, crate::value::Value::Decimal(_))));
}
