//! Every table entry is accepted by the checker with well-typed arguments
//! and evaluates on a sample (through the evaluator, as constants are
//! computed); no keyword shadows a built-in; the implementations on values.

use super::*;
use crate::check::check;
use crate::ir::ExprKind;
use crate::package::Package;
use crate::source::SourceMap;
use crate::syntax::keywords::is_keyword;

/// A Pol literal of each kind: a sample argument.
fn sample(kind: Kind) -> &'static str {
    match kind {
        Kind::String => "\"  Ab  Cd \"",
        Kind::List => "[1, 2, 3]",
        Kind::Set => "{\"a\", \"b\"}",
        Kind::Map => "{\"a\": 1, \"b\": 2}",
        Kind::Int => "-3",
        Kind::Decimal => "-1.5",
        Kind::Money => "-5 USD",
        Kind::Quantity => "-3 kg",
        Kind::Duration => "-2 days",
        Kind::Date => "2026-01-06",
    }
}

/// Well-typed argument lists for a signature, with the result type each
/// should have.
fn calls(sig: Sig) -> Vec<(Vec<&'static str>, Type)> {
    let ret = |ret: Ret, arg: Kind| match ret {
        Ret::Bool => Type::Bool,
        Ret::Int => Type::Int,
        Ret::String => Type::String,
        Ret::MapKeys => Type::Set(Box::new(Type::String)),
        Ret::MapValues => Type::List(Box::new(Type::Int)),
        Ret::Arg => match arg {
            Kind::String => Type::String,
            Kind::Int => Type::Int,
            Kind::Decimal => Type::Decimal,
            Kind::Money => Type::Money,
            Kind::Quantity => Type::Quantity,
            Kind::Duration => Type::Duration,
            Kind::Date => Type::Date,
            Kind::List | Kind::Set | Kind::Map => Type::Error,
        },
    };
    match sig {
        Sig::Strings { arity, ret: r, .. } => {
            vec![(vec![sample(Kind::String); arity], ret(r, Kind::String))]
        }
        Sig::One { kinds, ret: r, .. } => kinds
            .iter()
            .map(|&k| (vec![sample(k)], ret(r, k)))
            .collect(),
        Sig::SameOrdered { min_args } => vec![
            (vec!["3"; min_args], Type::Int),
            ((0..=min_args).map(|_| "2 USD").collect(), Type::Money),
            (vec!["2026-01-06"; min_args], Type::Date),
        ],
    }
}

fn check_const(src: &str) -> (crate::ir::Program, Vec<String>) {
    let mut map = SourceMap::new();
    let id = map.add("t.pol", "t.pol", src.to_string());
    let (ast, errors) = crate::syntax::parse_file(&map, id);
    assert!(errors.is_empty(), "syntax errors in {src}: {errors:?}");
    let package = Package {
        map,
        files: ast.into_iter().collect(),
        roots: Vec::new(),
    };
    let (program, diags) = check(&package);
    // The constant is unused (W0101): only errors count.
    let codes = diags
        .iter()
        .map(|d| d.code.clone())
        .filter(|c| c.starts_with('E'))
        .collect();
    (program, codes)
}

#[test]
fn every_entry_checks_and_evaluates_on_a_sample() {
    for b in &BUILTINS {
        let cases = calls(b.sig);
        assert!(!cases.is_empty(), "`{}` has no sample", b.name);
        for (args, ty) in cases {
            let src = format!("const c = {}({})\n", b.name, args.join(", "));
            let (program, codes) = check_const(&src);
            assert_eq!(codes, Vec::<String>::new(), "{src}");
            let c = program.consts.first().expect("the constant");
            assert_eq!(c.ty, ty, "{src}");
            let ExprKind::Builtin { func, .. } = &c.init.kind else {
                panic!("{src}: not a built-in call: {:?}", c.init.kind);
            };
            assert!(std::ptr::eq(*func, b), "{src}: {func:?}");
            assert!(
                matches!(&c.value, Some(v) if !matches!(v, Value::Absent)),
                "{src}: evaluated to {:?}",
                c.value
            );
        }
    }
}

#[test]
fn a_wrong_arity_or_argument_is_an_error() {
    for b in &BUILTINS {
        let (_, codes) = check_const(&format!("const c = {}()\n", b.name));
        assert_eq!(codes.len(), 1, "`{}()`: {codes:?}", b.name);
    }
    let (_, codes) = check_const("const c = year(\"x\")\n");
    assert_eq!(codes.len(), 1, "{codes:?}");
}

#[test]
fn names_are_unique_and_no_keyword_shadows_one() {
    for (i, b) in BUILTINS.iter().enumerate() {
        assert!(!is_keyword(b.name), "`{}` is a keyword", b.name);
        assert!(!b.doc.is_empty(), "`{}` has no doc", b.name);
        assert!(
            BUILTINS.iter().skip(i + 1).all(|o| o.name != b.name),
            "`{}` is declared twice",
            b.name
        );
        assert!(std::ptr::eq(lookup(b.name).expect("found"), b));
    }
    assert!(lookup("count").is_none() && lookup("sum").is_none());
}

fn norm(s: &str) -> String {
    normalize_str(&Str::new(s)).as_str().to_string()
}

fn call(name: &str, args: &[Value]) -> Result<Value, ValueError> {
    (lookup(name).expect("a built-in").run)(args)
}

#[test]
fn normalize_matches_spec() {
    assert_eq!(norm("  Acme\t\tTrading   CO. "), "acme trading co.");
    assert_eq!(norm("already normal"), "already normal");
    // NFKC folds the full-width letters and the ligature.
    assert_eq!(norm("ＡＣＭＥ  ﬁne\u{3000}Ltd"), "acme fine ltd");
    assert_eq!(norm("\u{b}x\u{b}"), "x");
    assert_eq!(norm(""), "");
}

#[test]
fn strings_and_min_max() {
    let s = |t: &str| Value::str(t);
    assert!(matches!(call("len", &[s("héllo")]), Ok(Value::Int(5))));
    assert!(matches!(
        call("starts_with", &[s("1C902.a"), s("1C")]),
        Ok(Value::Bool(true))
    ));
    assert!(matches!(
        call("min", &[Value::Int(3), Value::Int(1), Value::Int(2)]),
        Ok(Value::Int(1))
    ));
    assert!(matches!(
        call("max", &[Value::Int(3), Value::Int(1)]),
        Ok(Value::Int(3))
    ));
    match call("upper", &[s("straße")]) {
        Ok(Value::Str(u)) => assert_eq!(&*u, "STRASSE"),
        other => panic!("{other:?}"),
    }
    match call("trim", &[s("  x ")]) {
        Ok(Value::Str(u)) => assert_eq!(&*u, "x"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        call("lower", &[Value::Int(1)]),
        Err(ValueError::Internal { .. })
    ));
}
