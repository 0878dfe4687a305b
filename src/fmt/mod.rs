//! `polc fmt`: prints a parsed file in the one canonical layout (§9).
//!
//! The formatter only parses; it prints the AST back and never resolves a
//! name. A file with a syntax error is not formatted.
//!
//! Canonical layout:
//! - two-space indentation; lines end with `\n`; the file ends with one.
//! - one blank line between top-level declarations and between the items of
//!   a policy; consecutive `const`s keep the author's choice of one blank
//!   line or none, so a group of constants stays a group.
//! - inside a block (record fields, enum variants laid out one per line,
//!   metadata, conditions, effect, `given`/`expect` lines) one blank line is
//!   kept where the author had one or more; never after `{` or before `}`.
//! - `enum E { a, b, c }` on one line, one variant per line (each with a
//!   comma) when it has comments or is wider than 100 columns.
//! - `record R {` with one `name: Type` or `name: Type = default` per line;
//!   commas between fields are dropped.
//! - `const x: T = e`, `def f(a: A, b: B): R = e`, `let x = e`: the value
//!   on the same line when it fits, else on the next one, one level deeper
//!   (broken there if it must be). `given x = e` never breaks after `=`.
//! - `policy p for tx: T {`: metadata lines first, then a blank line, then
//!   the items. `rule r [for x in e] {`: metadata, one `when`/`unless` per
//!   line, the effect last (`report "m" to "A" within 30 days`).
//! - `test "name" {`: the `given` line, then one `expect` per line.
//! - empty blocks print as `{}`.
//! - expressions: one space around binary operators, none inside brackets
//!   (`f(x, y)`, `[a, b]`, `{a, b}`), spaces inside `R { f: v }` and
//!   `with { a.b: v }`, the author's parentheses kept. Numbers are printed
//!   from their value (`10_000 USD` → `10000 USD`), durations as `1 day` /
//!   `N days`, strings re-escaped (`\"`, `\\`, `\n`, `\t`, `\{`, `\}`).
//! - a condition or value wider than 100 columns breaks at its §17 break
//!   points, outermost first (`layout.rs`): after each `and`/`or` of its
//!   top-level chain, a quantifier's `:`, each `else` of an `if` chain (and a
//!   `then` that must), the commas of a list.
//! - a bracketed list that holds a comment is laid out one element per line,
//!   each followed by a comma.
//! - comments keep their text and order (see `comments.rs`): a comment on a
//!   line of its own stays above the node it preceded, one that followed
//!   code on its line stays at the end of that line.

mod comments;
mod decl;
mod expr;
mod layout;
mod literal;
mod policy;
mod printer;
pub mod verify;
mod wrap;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod width_tests;

use crate::ast::SourceAst;
use crate::diag::Diagnostic;
use crate::source::{FileId, SourceMap};
use crate::syntax::parse_file;

/// Formats one file of `map`. `Err` holds the file's errors (warnings such
/// as "file has no declarations" do not stop formatting).
pub fn format_file(map: &SourceMap, file: FileId) -> Result<String, Vec<Diagnostic>> {
    let (ast, errors) = parse_file(map, file);
    let errors: Vec<Diagnostic> = errors
        .into_iter()
        .map(Diagnostic::from)
        .filter(Diagnostic::is_error)
        .collect();
    match (ast, map.file(file)) {
        (Some(ast), Some(source)) if errors.is_empty() => {
            Ok(format_ast(&ast, &source.text, source.start))
        }
        _ => Err(errors),
    }
}

/// Formats source text given with its display name.
pub fn format_source(text: &str, name: &str) -> Result<String, Vec<Diagnostic>> {
    let mut map = SourceMap::new();
    let file = map.add(name, name, text.to_string());
    format_file(&map, file)
}

/// Prints a parsed file; `text` is its source, whose first byte has global
/// offset `base` (comments are placed by their offsets).
pub fn format_ast(ast: &SourceAst, text: &str, base: u32) -> String {
    let mut p = printer::Printer::new(comments::Comments::new(&ast.comments, text, base), base);
    decl::file(&mut p, ast);
    p.finish()
}
