//! The formatter's three guarantees as one check, for the unit tests over
//! the repository and for the `fmt_roundtrip` fuzz target: whenever `text`
//! parses, `fmt(text)` parses to the same tree (spans aside), keeps every
//! comment's text in order, and formatting it again changes nothing.

use super::format_source;
use crate::ast::SourceAst;
use crate::source::SourceMap;
use crate::syntax::parse_file;

/// The AST of `text`, or `None` when it has a syntax error.
pub fn parse(text: &str) -> Option<SourceAst> {
    let mut map = SourceMap::new();
    let file = map.add("case.pol", "case.pol", text.to_string());
    let (ast, errors) = parse_file(&map, file);
    let has_error = errors
        .into_iter()
        .map(crate::diag::Diagnostic::from)
        .any(|d| d.is_error());
    if has_error {
        None
    } else {
        ast
    }
}

/// The declarations with every span erased. `Spanned` compares without its
/// span, but the nodes' own `span: Span` fields (declarations, fields,
/// conditions, string literals, …) are compared by the derived `PartialEq`,
/// so `decls == decls` would compare positions; the `Debug` text with the
/// spans cut out compares everything else (doc comments included).
fn shape(ast: &SourceAst) -> String {
    let text = format!("{:?}", ast.decls);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("Span { lo: ") {
        out.push_str(&rest[..at]);
        out.push_str("Span");
        rest = &rest[at..];
        let end = rest.find('}').map(|e| e + 1).unwrap_or(rest.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn comment_texts(ast: &SourceAst) -> Vec<String> {
    ast.comments.iter().map(|c| c.text.node.clone()).collect()
}

/// Checks the three guarantees for one input; `Err` says what broke.
/// Inputs that do not parse are skipped (`Ok(false)`).
pub fn round_trip(name: &str, text: &str) -> Result<bool, String> {
    let Some(before) = parse(text) else {
        return Ok(false);
    };
    let once =
        format_source(text, name).map_err(|_| format!("{name}: parses but does not format"))?;
    let Some(after) = parse(&once) else {
        return Err(format!("{name}: formatted text does not parse:\n{once}"));
    };
    let (b, a) = (shape(&before), shape(&after));
    if a != b {
        let at = b.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
        let context = |s: &str| {
            s.chars()
                .skip(at.saturating_sub(80))
                .take(240)
                .collect::<String>()
        };
        return Err(format!(
            "{name}: formatting changed the tree:\n{once}\nbefore …{}\nafter  …{}",
            context(&b),
            context(&a)
        ));
    }
    if comment_texts(&after) != comment_texts(&before) {
        return Err(format!(
            "{name}: comments changed:\nbefore {:?}\nafter  {:?}\n{once}",
            comment_texts(&before),
            comment_texts(&after)
        ));
    }
    let twice =
        format_source(&once, name).map_err(|_| format!("{name}: output does not format"))?;
    if twice != once {
        return Err(format!(
            "{name}: not idempotent:\n--- once\n{once}--- twice\n{twice}"
        ));
    }
    Ok(true)
}
