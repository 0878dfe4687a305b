//! The cost model on small programs.

use super::*;

fn costs(src: &str) -> Vec<(String, Cost)> {
    let mut map = crate::source::SourceMap::new();
    let id = map.add("t.pol", "t.pol", src.to_string());
    let (ast, errors) = crate::syntax::parse_file(&map, id);
    assert!(errors.is_empty(), "{errors:?}");
    let package = crate::package::Package {
        map,
        files: ast.into_iter().collect(),
        roots: Vec::new(),
    };
    let (program, diags) = crate::check::check(&package);
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
    rule_costs(&program)
}

#[test]
fn degrees_follow_nesting() {
    let c = costs(
        "record T { xs: list<int>  n: int }\n\
         policy p for t: T {\n\
           rule a { when t.n > 1  deny \"a\" }\n\
           rule b { when any x in t.xs: x > 1  deny \"b\" }\n\
           rule c for x in t.xs { when any y in t.xs: x == y  deny \"c\" }\n\
         }\n",
    );
    let degrees: Vec<usize> = c.iter().map(|(_, c)| c.degree()).collect();
    assert_eq!(degrees, [0, 1, 2]);
    assert!(c.iter().all(|(_, c)| !c.exponential()));
}

#[test]
fn doubling_defs_are_exponential_and_single_calls_are_not() {
    let chain = |calls: &str| {
        let mut src = String::from("record A { n: int }\ndef f1(x: int): int = x + 1\n");
        for i in 2..=8 {
            let call = calls.replace("F", &format!("f{}", i - 1));
            src.push_str(&format!("def f{i}(x: int): int = {call}\n"));
        }
        src.push_str("policy p for a: A { rule r { when f8(a.n) > 0  deny \"x\" } }\n");
        costs(&src).remove(0).1
    };
    let doubling = chain("F(x) + F(x)");
    assert!(doubling.exponential(), "{}", doubling.show());
    assert!(doubling.at(N) > 256.0);
    let single = chain("2 * F(x)");
    assert!(!single.exponential(), "{}", single.show());
}

#[test]
fn numbers_read_as_counts() {
    assert_eq!(number(1_002_001.0), "1,002,001");
    assert_eq!(number(5.0), "5");
    assert_eq!(number(1.0e17), "1.0e17");
    assert_eq!(superscript(12), "¹²");
}
