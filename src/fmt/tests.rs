//! The formatter's guarantees, checked over every `.pol` file of the
//! repository (`tests/`, `policies/`) and over inline cases:
//! `fmt(fmt(x)) == fmt(x)`, `parse(fmt(x)) == parse(x)` (spans ignored) and
//! the same comments, in the same order, with the same text.

use std::fs;
use std::path::{Path, PathBuf};

use super::format_source;
use super::verify::{parse, round_trip};

/// Every `.pol` file under `tests/` and `policies/`, with its text.
pub(super) fn repository_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs: Vec<PathBuf> = ["tests", "policies"]
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
        .collect();
    let paths = crate::package::source_paths(&dirs).unwrap_or_default();
    paths
        .into_iter()
        .filter_map(|p| {
            let text = fs::read_to_string(&p).ok()?;
            Some((
                p.strip_prefix(root).unwrap_or(&p).display().to_string(),
                text,
            ))
        })
        .collect()
}

#[test]
fn every_repository_file_round_trips() {
    // The repository holds cases nested up to the 128-level limit; the
    // binary parses them on its big stack, and so does this test.
    on_big_stack(every_repository_file_round_trips_here);
}

fn every_repository_file_round_trips_here() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, text) in repository_files() {
        match round_trip(&name, &text) {
            Ok(true) => checked += 1,
            Ok(false) => {}
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(checked >= 10, "only {checked} files checked");
}

/// A comment dropped at every gap between tokens (block and line forms, one
/// at a time) must survive: this reaches places no hand-written case does.
#[test]
fn a_comment_anywhere_round_trips() {
    let mut failures = Vec::new();
    let files = repository_files()
        .into_iter()
        .filter(|(name, _)| name.contains("cases/fmt/"));
    for (n, (name, text)) in files.enumerate() {
        if parse(&text).is_none() {
            continue;
        }
        // Every other gap (alternating from file to file) keeps the test
        // quick in debug builds; the comment kind alternates too.
        for (k, i) in gaps(&text)
            .into_iter()
            .enumerate()
            .filter(|(k, _)| k % 2 == n % 2)
        {
            let comment = if k % 4 < 2 { "/* c */" } else { "// c\n" };
            let variant = format!("{}{comment}{}", &text[..i], &text[i..]);
            if let Err(e) = round_trip(&format!("{name} with {comment:?} at {i}"), &variant) {
                failures.push(e);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures, first:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Where a comment can go between tokens: the start of each run of white
/// space (trailing the token before) and just after the run's last newline
/// (on a line of its own).
fn gaps(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev_ws = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() && !prev_ws {
            out.push(i);
        }
        if prev_ws && !c.is_whitespace() {
            let run_start = out.last().copied().unwrap_or(0);
            if let Some(nl) = text[run_start..i].rfind('\n') {
                out.push(run_start + nl + 1);
            }
        }
        prev_ws = c.is_whitespace();
    }
    out.dedup();
    out
}

fn fmt(text: &str) -> String {
    match format_source(text, "case.pol") {
        Ok(s) => s,
        Err(_) => panic!("does not format:\n{text}"),
    }
}

#[test]
fn messy_declarations_take_the_canonical_layout() {
    let input = "enum  K{a,b ,c}\nrecord R{ a:int, b : list< K >?=[] }\nconst   x=10_000   USD\n\
                 def f( r:R ,):bool=r.a>1\n";
    let want = "enum K { a, b, c }\n\nrecord R {\n  a: int\n  b: list<K>? = []\n}\n\n\
                const x = 10000 USD\n\ndef f(r: R): bool = r.a > 1\n";
    assert_eq!(fmt(input), want);
}

#[test]
fn policy_layout_puts_metadata_first_and_rules_apart() {
    let input =
        "policy p for tx: T { title \"t\" effective 2026-01-06 rule a { when tx.x unless tx.y \
                 deny \"d\" } rule b { when tx.z report \"r\" to \"A\" within 1 days } }";
    let want = "policy p for tx: T {\n  title \"t\"\n  effective 2026-01-06\n\n  rule a {\n    when tx.x\n    \
                unless tx.y\n    deny \"d\"\n  }\n\n  rule b {\n    when tx.z\n    \
                report \"r\" to \"A\" within 1 day\n  }\n}\n";
    assert_eq!(fmt(input), want);
}

#[test]
fn consecutive_consts_keep_their_grouping() {
    let input = "const a = 1\nconst b = 2\n\n\n\nconst c = 3\ndef f(): int = a\nconst d = 4\n";
    let want = "const a = 1\nconst b = 2\n\nconst c = 3\n\ndef f(): int = a\n\nconst d = 4\n";
    assert_eq!(fmt(input), want);
}

#[test]
fn blank_lines_inside_blocks_are_kept_once_but_not_at_the_edges() {
    let input = "record R {\n\n  a: int\n\n\n\n  b: int\n  c: int\n\n}\n";
    assert_eq!(
        fmt(input),
        "record R {\n  a: int\n\n  b: int\n  c: int\n}\n"
    );
}

#[test]
fn strings_are_re_escaped_and_interpolations_printed_back() {
    let input = "policy p for t: T { rule r { when t.s == \"a\\\"b\\\\c\\td\\n\\{e\\}\" \
                 deny \"x {t.s} {f(\"y\")}\" } }";
    let out = fmt(input);
    assert!(
        out.contains("when t.s == \"a\\\"b\\\\c\\td\\n\\{e\\}\"\n"),
        "{out}"
    );
    assert!(out.contains("deny \"x {t.s} {f(\"y\")}\"\n"), "{out}");
}

#[test]
fn literals_print_from_their_values() {
    let input = "const a = [1_000, 2.50, 25%, 0.1%, 500 kg, 2.5 t, 10_000 USD, 2026-01-06, 1 days, 30 day]\n";
    assert_eq!(
        fmt(input),
        "const a = [1000, 2.50, 25%, 0.1%, 500 kg, 2.5 t, 10000 USD, 2026-01-06, 1 day, 30 days]\n"
    );
}

#[test]
fn expressions_use_minimal_spaces_and_keep_parentheses() {
    let input = "const a = not( x ?. y ) and - z [ 1 .. ] == f ( a , b ) or ( p ) in { 1 , 2 }\n";
    assert_eq!(
        fmt(input),
        "const a = not (x?.y) and -z[1..] == f(a, b) or (p) in {1, 2}\n"
    );
}

#[test]
fn long_conditions_break_after_and_or() {
    let long = "tx.first_long_field_name > 1000000";
    let input = format!(
        "policy p for tx: T {{ rule r {{ when {long} and {long} and {long} deny \"d\" }} }}"
    );
    let out = fmt(&input);
    let want = format!("    when {long} and\n      {long} and\n      {long}\n");
    assert!(out.contains(&want), "{out}");
}

#[test]
fn trailing_and_leading_comments_stay_put() {
    let input = "record R {\n  // lead\n  a: int // trail\n  b: int\n  // before brace\n}\n";
    assert_eq!(fmt(input), input);
}

#[test]
fn a_commented_set_is_laid_out_one_element_per_line() {
    let input = "const s = {\"HK\", // Hong Kong\n\"SG\"}\n";
    assert_eq!(
        fmt(input),
        "const s = {\n  \"HK\", // Hong Kong\n  \"SG\",\n}\n"
    );
}

#[test]
fn empty_blocks_print_as_braces() {
    assert_eq!(
        fmt("enum E {  }\nrecord R {\n}\n"),
        "enum E {}\n\nrecord R {}\n"
    );
    assert_eq!(
        fmt("policy p for t: R { // later\n}\n"),
        "policy p for t: R { // later\n}\n"
    );
}

#[test]
fn a_file_of_comments_only_keeps_them() {
    assert_eq!(
        fmt("// just a note\n\n\n/* and a block */\n"),
        "// just a note\n\n/* and a block */\n"
    );
    assert_eq!(fmt(""), "");
}

#[test]
fn a_file_that_does_not_parse_is_an_error() {
    assert!(format_source("record R { a: int\n", "bad.pol").is_err());
    // Lowering errors (here: no effect) stop formatting too.
    assert!(format_source("policy p for t: T { rule r { when t.a } }\n", "bad.pol").is_err());
}

#[test]
fn crlf_input_formats_to_lf() {
    let input = "record R {\r\n  a: int // note\r\n  /* two\r\n  lines */\r\n  b: int\r\n}\r\n";
    let out = fmt(input);
    assert_eq!(
        out,
        "record R {\n  a: int // note\n  /* two\r\n  lines */\n  b: int\n}\n"
    );
    assert_eq!(round_trip("crlf.pol", input), Ok(true));
}

/// Runs `f` on a stack as large as the binary's (`crate::stack`).
pub(super) fn on_big_stack(f: impl FnOnce() + Send) {
    crate::stack::on_big_stack(f).unwrap();
}

/// Large inputs and the deepest ones the front end accepts format and
/// round-trip: a long list, a 999-operand chain, 127 nested parentheses.
#[test]
fn hostile_inputs_format() {
    on_big_stack(|| {
        // 30 kB: parsing the 1 MB list of syntax/tests.rs takes 16 s in a
        // debug build, and formatting is linear in it.
        let list = format!("const x = [{}1]\n", "1, ".repeat(30_000 / 3));
        assert_eq!(round_trip("list.pol", &list), Ok(true));
        let chain = format!(
            "policy p for t: T {{ rule r {{ when {}t.a deny \"d\" }} }}\n",
            "t.a and ".repeat(998)
        );
        assert_eq!(round_trip("chain.pol", &chain), Ok(true));
        assert_eq!(fmt(&chain).lines().count(), 5 + 999);
        let parens = format!("const x = {}1{}\n", "(".repeat(127), ")".repeat(127));
        assert_eq!(round_trip("parens.pol", &parens), Ok(true));
    });
}

/// §17: after formatting, a line over 100 columns holds no break point.
/// Checked on the width cases, whose only such lines hold a long string.
#[test]
fn formatted_width_cases_stay_within_100_columns() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/fmt");
    for name in [
        "long_literals.pol",
        "long_test_lines.pol",
        "commented_literal.pol",
    ] {
        let text = fs::read_to_string(root.join(name)).unwrap();
        let out = fmt(&text);
        for line in out.lines().filter(|l| l.chars().count() > 100) {
            // The line's one long token is a string of 80 columns or more.
            let longest = line.split('"').skip(1).step_by(2).map(str::len).max();
            assert!(
                longest.is_some_and(|n| n >= 80),
                "{name}: a breakable line over 100 columns:\n{line}\n\n{out}"
            );
        }
    }
}

/// The outermost break point first: after the `=`, then the record's commas.
#[test]
fn a_long_record_literal_breaks_after_its_commas() {
    let input = "const base = Tx { id: \"T1\", date: 2026-02-01, items: [Item { code: \"1C903\", material: \"Dy\", value: 100 USD }, Item { code: \"9X999\", material: \"Ga\", value: 5 USD }] }\n";
    assert_eq!(
        fmt(input),
        "const base =\n  Tx { id: \"T1\",\n    date: 2026-02-01,\n    items: [Item { code: \"1C903\", material: \"Dy\", value: 100 USD },\n      Item { code: \"9X999\", material: \"Ga\", value: 5 USD }] }\n"
    );
}

#[test]
fn a_given_breaks_inside_its_value_never_after_its_equals() {
    let fields =
        "destination: \"KP\", note: \"a fairly long note\", other: \"another fairly long value\"";
    let input = format!("test \"t\" {{ given tx = base with {{ {fields} }} expect allow }}\n");
    let out = fmt(&input);
    assert!(
        out.contains("  given tx = base with { destination: \"KP\",\n    note: "),
        "{out}"
    );
}

/// A comment between an operand and its `is present` stays there: printed at
/// the end of the line instead, it let the quantifier around it fit on the
/// second run (found by dropping a comment at every gap of `policies/`).
#[test]
fn a_comment_before_is_present_stays_before_it() {
    let input = "policy p for tx: T { rule r { when any item in tx.items: item.code/* c */ is present deny \"d\" } }\n";
    let out = fmt(input);
    assert!(out.contains("item.code /* c */ is present\n"), "{out}");
    assert_eq!(round_trip("is.pol", input), Ok(true));
}
