//! §17 over the whole repository: every `.pol` file under `policies/` and
//! `tests/` that parses is formatted, and the result is checked for
//! idempotence and for width.
//!
//! The width check is textual, so it is a sound under-approximation of §17
//! rather than the rule itself: a formatted line over 100 columns fails when
//! it holds, at or before column 100 and with more code after it, a break
//! point this scanner can recognise without parsing: a `,` outside strings,
//! comments and written types (`map<K, V>`; a `def`'s parameters, which are
//! not a §17 list), an `and`/`or` outside brackets, a `then`/`else`, or the
//! `=` of a `const`/`def`/`let` line. Breaking there would have shortened
//! the line, so the formatter should have. A quantifier's `:` is not looked
//! for (a record field's `name: value` reads the same). What remains over
//! 100 is a line whose first break point comes too late: a long string or
//! comment, a long name, a long chain of field accesses.

use super::format_source;
use super::tests::{on_big_stack, repository_files};

/// Columns.
const WIDTH: usize = 100;

#[test]
fn every_repository_file_formats_idempotently_within_the_width() {
    on_big_stack(|| {
        let mut failures = Vec::new();
        let mut checked = 0;
        for (name, text) in repository_files() {
            let Ok(once) = format_source(&text, &name) else {
                continue;
            };
            checked += 1;
            match format_source(&once, &name) {
                Ok(twice) if twice == once => {}
                _ => failures.push(format!("{name}: not idempotent")),
            }
            for (i, line) in once.lines().enumerate() {
                if let Some(col) = early_break_point(line) {
                    failures.push(format!(
                        "{name}:{}: {} columns with a break point at column {col}:\n{line}",
                        i + 1,
                        line.chars().count()
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        assert!(checked >= 100, "only {checked} files checked");
    });
}

/// For a line over [`WIDTH`], the column just after the first break point
/// (see the module doc) that lies within the width with more code after it.
fn early_break_point(line: &str) -> Option<usize> {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WIDTH {
        return None;
    }
    let code = code_mask(&chars);
    let trimmed = line.trim_start();
    let assigns = ["const ", "def ", "let "]
        .iter()
        .any(|k| trimmed.starts_with(k));
    // A `def`'s parameters and a declared type come before its `=`.
    let mut before_eq = assigns;
    let mut depth: i32 = 0;
    let mut angle = 0;
    let at = |i: usize, word: &str| {
        word.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c) && code.get(i + k) == Some(&true))
    };
    for i in 0..chars.len().min(WIDTH) {
        if !code.get(i).copied().unwrap_or(false) {
            continue;
        }
        let c = chars[i];
        let mut end = None;
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '<' if i >= 3
                && ["map", "list", "set"]
                    .iter()
                    .any(|t| chars[..i].iter().collect::<String>().ends_with(t)) =>
            {
                angle += 1
            }
            '>' if angle > 0 => angle -= 1,
            ',' if angle == 0 && !before_eq => end = Some(i + 1),
            ' ' if assigns && before_eq && depth == 0 && at(i, " = ") => {
                before_eq = false;
                end = Some(i + 2);
            }
            ' ' if depth <= 0 && !before_eq && (at(i, " and ") || at(i, " or ")) => {
                end = Some(i + if at(i, " and ") { 4 } else { 3 })
            }
            ' ' if !before_eq && (at(i, " then ") || at(i, " else ")) => end = Some(i + 5),
            _ => {}
        }
        let Some(end) = end else { continue };
        let more_code = (end..chars.len())
            .any(|k| code.get(k).copied().unwrap_or(false) && !chars[k].is_whitespace());
        if end <= WIDTH && more_code {
            return Some(end);
        }
    }
    None
}

/// The index just after the string literal whose opening quote is at
/// `open`: escapes skipped (not in a raw string), and an interpolation
/// `{…}` skipped whole, strings inside it included (`"{join(xs, ", ")}"`).
fn string_end(chars: &[char], open: usize) -> usize {
    let raw = open > 0 && chars[open - 1] == 'r';
    let mut k = open + 1;
    while k < chars.len() && chars[k] != '"' {
        match chars[k] {
            '\\' if !raw => k += 2,
            '{' if !raw => {
                let mut depth = 1;
                k += 1;
                while k < chars.len() && depth > 0 {
                    match chars[k] {
                        '"' => {
                            k = string_end(chars, k);
                            continue;
                        }
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    k += 1;
                }
            }
            _ => k += 1,
        }
    }
    (k + 1).min(chars.len())
}

/// Which characters of a line are code: not inside a string literal (its
/// quotes included) or a comment.
fn code_mask(chars: &[char]) -> Vec<bool> {
    let mut mask = vec![true; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        match chars[i] {
            '/' if next == Some('/') => {
                mask[i..].iter_mut().for_each(|m| *m = false);
                break;
            }
            '/' if next == Some('*') => {
                let close = (i + 2..chars.len())
                    .find(|&k| chars[k] == '*' && chars.get(k + 1) == Some(&'/'))
                    .map_or(chars.len(), |k| k + 2);
                mask[i..close].iter_mut().for_each(|m| *m = false);
                i = close;
                continue;
            }
            '"' => {
                let close = string_end(chars, i);
                mask[i..close].iter_mut().for_each(|m| *m = false);
                i = close;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    mask
}

#[test]
fn the_scanner_finds_early_break_points_only() {
    let pad = "x".repeat(90);
    // A comma at column 20 with code after it: the line should have broken.
    assert!(early_break_point(&format!("  f(aaaa, bbbbbbbbbbb, {pad})")).is_some());
    // A long string first: its comma comes past the width.
    assert_eq!(
        early_break_point(&format!("  f(\"{pad}, {pad}\", b)")),
        None
    );
    // `and` inside brackets is not a top-level break point.
    assert_eq!(early_break_point(&format!("  (a and {pad}) == b")), None);
    assert!(early_break_point(&format!("  a and {pad} == b")).is_some());
    // A def's parameters and a written map type are no lists of §17.
    assert_eq!(
        early_break_point(&format!("def f(a: map<string, int>, b: int): bool = {pad}")),
        Some(42)
    );
    // A trailing comment after the last break point is not code.
    assert_eq!(early_break_point(&format!("  a, // {pad}")), None);
}
