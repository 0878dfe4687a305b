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
        Ret::StringList => Type::List(Box::new(Type::String)),
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
        Sig::Params { params, ret: r, .. } => {
            let args = params
                .iter()
                .map(|p| match p {
                    Param::Str => sample(Kind::String),
                    Param::NonEmpty { .. } => "\" \"",
                    Param::StrList => "[\"a\", \"b\"]",
                })
                .collect();
            vec![(args, ret(r, Kind::String))]
        }
        Sig::Any { ret: r } => [Kind::Money, Kind::Date, Kind::List, Kind::String]
            .iter()
            .map(|&k| (vec![sample(k)], ret(r, k)))
            .collect(),
        Sig::Round => vec![
            (vec!["1.25", "1"], Type::Decimal),
            (vec!["-5.5 USD", "0"], Type::Money),
            (vec!["3.125 kg", "28"], Type::Quantity),
        ],
        Sig::Pattern => vec![(vec!["\"3A001\"", "r\"[0-9A-Z]+\""], Type::Bool)],
        Sig::SameOrdered { min_args } => vec![
            (vec!["3"; min_args], Type::Int),
            ((0..=min_args).map(|_| "2 USD").collect(), Type::Money),
            (vec!["2026-01-06"; min_args], Type::Date),
        ],
        Sig::SetPair => vec![
            (
                vec!["{\"a\", \"b\"}", "{\"b\", \"c\"}"],
                Type::Set(Box::new(Type::String)),
            ),
            (vec!["{1, 2}", "{}"], Type::Set(Box::new(Type::Int))),
        ],
        Sig::Flatten => vec![(vec!["[[1], [2, 3]]"], Type::List(Box::new(Type::Int)))],
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

#[test]
fn set_functions_keep_the_first_sets_order() {
    let set = |xs: &[&str]| Value::set(xs.iter().map(|x| Value::str(x)));
    let texts = |v: Value| match v {
        Value::Set(s) => s
            .items()
            .iter()
            .map(|x| match x {
                Value::Str(s) => s.to_string(),
                other => format!("{other:?}"),
            })
            .collect::<Vec<_>>(),
        other => panic!("not a set: {other:?}"),
    };
    let (a, b) = (set(&["q", "p", "r"]), set(&["r", "s", "q"]));
    let args = [a, b];
    assert_eq!(texts(union(&args).unwrap()), ["q", "p", "r", "s"]);
    assert_eq!(texts(intersection(&args).unwrap()), ["q", "r"]);
    assert_eq!(texts(difference(&args).unwrap()), ["p"]);
    let nested = Value::list(vec![
        Value::list(vec![Value::Int(1)]),
        Value::list(vec![]),
        Value::list(vec![Value::Int(2), Value::Int(3)]),
    ]);
    let Value::List(flat) = flatten(&[nested]).unwrap() else {
        panic!("not a list")
    };
    assert_eq!(flat.len(), 3);
    assert!(union(&[Value::Int(1)]).is_err());
}

#[test]
fn second_edition_names_are_one_list() {
    for name in SECOND_EDITION {
        assert_eq!(reserved(name), Some(Edition::Second), "{name}");
        assert!(!is_keyword(name), "`{name}` is a keyword");
    }
    assert_eq!(reserved("len"), Some(Edition::First));
    assert_eq!(reserved("lenn"), None);
    // Every implemented built-in outside the first edition's is listed.
    let first = [
        "len",
        "abs",
        "lower",
        "upper",
        "trim",
        "normalize",
        "starts_with",
        "ends_with",
        "contains",
        "year",
        "min",
        "max",
    ];
    for b in &BUILTINS {
        assert!(
            first.contains(&b.name) || SECOND_EDITION.contains(&b.name),
            "`{}` is in neither edition's list",
            b.name
        );
    }
}

#[test]
fn text_built_ins_on_values() {
    let s = |t: &str| Value::str(t);
    let list = |v: Result<Value, ValueError>| match v {
        Ok(Value::List(items)) => items
            .iter()
            .map(|i| match i {
                Value::Str(s) => s.as_str().to_string(),
                _ => "?".into(),
            })
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(list(call("split", &[s("a,,b"), s(",")])), ["a", "", "b"]);
    assert_eq!(list(call("split", &[s(""), s(",")])), [""]);
    assert_eq!(list(call("words", &[s("")])), Vec::<String>::new());
    assert_eq!(
        list(call("words", &[s(" Zürich-Nord  AG ")])),
        ["zurich", "nord", "ag"]
    );
    assert!(matches!(
        call("split", &[s("a"), s("")]),
        Err(ValueError::EmptySeparator { .. })
    ));
    assert!(matches!(
        call("replace", &[s("a"), s(""), s("b")]),
        Err(ValueError::EmptySeparator { .. })
    ));
    match call("replace", &[s("a-b-c"), s("-"), s("")]) {
        Ok(Value::Str(r)) => assert_eq!(&*r, "abc"),
        other => panic!("{other:?}"),
    }
    let xs = Value::List(std::sync::Arc::from(vec![s("a"), s("b")]));
    match call("join", &[xs, s(", ")]) {
        Ok(Value::Str(r)) => assert_eq!(&*r, "a, b"),
        other => panic!("{other:?}"),
    }
    // Linked specially: the table's entries fail closed if ever run alone.
    assert!(matches!(
        call("text", &[Value::Int(1)]),
        Err(ValueError::Internal { .. })
    ));
    assert!(matches!(
        call("matches", &[s("a"), s("a")]),
        Err(ValueError::Internal { .. })
    ));
}
