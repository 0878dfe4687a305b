//! Hostile inputs for the front end: each gets a diagnostic, never a crash.

use crate::source::SourceMap;
use crate::syntax::{parse_file, SyntaxError};

fn codes(text: &str) -> Vec<String> {
    let mut map = SourceMap::new();
    let id = map.add("t.pol", "t.pol", text.to_string());
    let (_, errors) = parse_file(&map, id);
    errors
        .iter()
        .map(|e| {
            miette::Diagnostic::code(e)
                .map(|c| c.to_string())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn ten_thousand_parentheses_are_nested_too_deeply() {
    let text = format!("const x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
    assert_eq!(codes(&text), ["E0008"]);
}

#[test]
fn ten_thousand_nots_and_minuses_are_nested_too_deeply() {
    assert_eq!(
        codes(&format!("const x = {}true\n", "not ".repeat(10_000))),
        ["E0008"]
    );
    assert_eq!(
        codes(&format!("const x = {}1\n", "-".repeat(10_000))),
        ["E0008"]
    );
    let ifs = "if true then 1 else ".repeat(10_000);
    assert_eq!(codes(&format!("const x = {ifs}2\n")), ["E0008"]);
}

/// Runs `f` on a stack as large as the binary's (`crate::stack`).
fn on_big_stack(f: impl FnOnce() + Send) {
    crate::stack::on_big_stack(f).unwrap();
}

#[test]
fn one_megabyte_lines_get_a_diagnostic_or_parse() {
    on_big_stack(one_megabyte_lines);
}

fn one_megabyte_lines() {
    let mb = 1 << 20;
    // A long operator chain (left- and right-associative) is too long, not a crash.
    let chain = format!("const x = {}1\n", "1 + ".repeat(mb / 4));
    assert_eq!(codes(&chain), ["E0020"]);
    let coalesce = format!("const x = {}1\n", "a ?? ".repeat(mb / 5));
    assert_eq!(codes(&coalesce), ["E0020"]);
    // A long string or name is fine.
    assert!(codes(&format!("const x = \"{}\"\n", "a".repeat(mb))).is_empty());
    assert!(codes(&format!("const {} = 1\n", "a".repeat(mb))).is_empty());
    // A long unterminated string is reported at its opening quote.
    assert_eq!(codes(&format!("const x = \"{}", "a".repeat(mb))), ["E0002"]);
    // A long list literal parses.
    let list = format!("const x = [{}1]\n", "1, ".repeat(mb / 3));
    assert!(codes(&list).is_empty());
}

#[test]
fn an_empty_file_is_a_warning() {
    assert_eq!(codes(""), ["W0001"]);
    assert_eq!(codes("  \n// only a comment\n"), ["W0001"]);
}

#[test]
fn garbage_gets_a_diagnostic() {
    for text in [
        "@",
        "\u{0}",
        "policy",
        "}",
        "{",
        "\"",
        "/*",
        "rule r {}",
        "const = 1",
        "🦀",
    ] {
        let got = codes(text);
        assert!(!got.is_empty(), "{text:?} gave no diagnostic");
        assert!(
            !got.iter().any(|c| c == "E0099"),
            "{text:?} gave an internal error"
        );
    }
}

#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte() {
    let dir = std::env::temp_dir().join(format!("polc-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.pol");
    std::fs::write(&path, b"const a = 1\nconst b = \"\xff\"\n").unwrap();
    let (_, diags) = crate::package::parse(&[path]).unwrap();
    let codes: Vec<String> = diags.iter().map(|d| d.code.clone()).collect();
    assert_eq!(codes, ["E0009"]);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = SyntaxError::EmptyFile {
        span: Default::default(),
    };
}

#[test]
fn a_doc_comment_attaches_only_to_the_next_declaration() {
    let text =
        "record R {\n  /// doc a\n  a: int\n  b: int\n}\n/// doc e\n// plain\nenum E { x }\n";
    let mut map = SourceMap::new();
    let id = map.add("t.pol", "t.pol", text.to_string());
    let (ast, errors) = parse_file(&map, id);
    assert!(errors.is_empty());
    let ast = ast.unwrap();
    let crate::ast::Decl::Record(r) = &ast.decls[0] else {
        panic!("not a record")
    };
    assert_eq!(r.fields[0].doc, ["doc a"]);
    assert!(r.fields[1].doc.is_empty());
    let crate::ast::Decl::Enum(e) = &ast.decls[1] else {
        panic!("not an enum")
    };
    assert!(
        e.doc.is_empty(),
        "a plain comment separates the doc from the enum"
    );
}

#[test]
fn recovery_keeps_good_declarations_with_their_global_spans() {
    let clean = "const a = 1  \n/// doc\nenum E { a, b }\nrecord R { x: int }\n";
    let broken = "const a = 1 +\n/// doc\nenum E { a, b }\nrecord R { x: int }\n";
    let parse = |text: &str| {
        let mut map = SourceMap::new();
        // A file after another: offsets are global, not per file.
        map.add("first.pol", "first.pol", "const z = 0\n".to_string());
        let id = map.add("t.pol", "t.pol", text.to_string());
        parse_file(&map, id)
    };
    let (clean_ast, clean_errors) = parse(clean);
    let (broken_ast, broken_errors) = parse(broken);
    assert!(clean_errors.is_empty());
    assert_eq!(broken_errors.len(), 1);
    let (clean_ast, broken_ast) = (clean_ast.unwrap(), broken_ast.unwrap());
    assert_eq!(
        format!("{:?}", &clean_ast.decls[1..]),
        format!("{:?}", broken_ast.decls),
        "the good declarations, spans and doc comments included"
    );
    assert_eq!(clean_ast.comments, broken_ast.comments);
    let names: Vec<&str> = broken_ast
        .broken
        .iter()
        .filter_map(|b| b.name.as_ref().map(|n| n.node.as_str()))
        .collect();
    assert_eq!(names, ["a"]);
}

#[test]
fn every_broken_declaration_has_its_own_error() {
    let text = "const a = (1\nconst b = 2\ndef f(: int = 1\nenum E { x }\ntest \"t\" { given }\n";
    assert_eq!(codes(text), ["E0026", "E0026", "E0001"]);
}
