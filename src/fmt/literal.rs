//! Literals, string literals and written types.

use rust_decimal::Decimal;

use crate::ast::{Literal, StrLit, StrPart, TypeExpr, TypeKind};
use crate::fmt::expr::expr;
use crate::fmt::printer::Printer;

/// Prints a literal. Numbers come from their value, so `10_000` becomes
/// `10000` (the value, which is what the AST compares, is unchanged).
pub fn literal(p: &mut Printer<'_>, lit: &Literal) {
    match lit {
        Literal::Bool(b) => p.word(if *b { "true" } else { "false" }),
        Literal::Int(n) => p.word(&n.to_string()),
        Literal::Decimal(d) => p.word(&decimal(*d)),
        Literal::Percent(d) => p.word(&format!("{d}%")),
        Literal::Quantity { value, unit } => p.word(&format!("{value} {unit}")),
        Literal::Money { amount, currency } => p.word(&format!("{amount} {currency}")),
        Literal::Date(d) => p.word(&d.to_string()),
        Literal::Duration(n) => p.word(&days(*n)),
        Literal::Str(s) => string(p, s),
        Literal::Missing => p.word("missing"),
    }
}

/// A decimal literal always has a point, or it would read back as an `int`.
fn decimal(d: Decimal) -> String {
    let text = d.to_string();
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

/// `1 day`, `N days`.
pub fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// Prints a string literal: text re-escaped, interpolations as `{expr}`.
///
/// A comment inside an interpolation cannot stay there (a `//` would end the
/// line inside the string), so every comment before the literal's end is
/// printed before it.
pub fn string(p: &mut Printer<'_>, lit: &StrLit) {
    p.flush_inline(lit.span.hi);
    if lit.raw {
        // §11: a raw string stays raw (its text has no `"` and no line break).
        let mut text = String::from("r\"");
        for part in &lit.parts {
            if let StrPart::Text(t) = part {
                text.push_str(t);
            }
        }
        text.push('"');
        p.word(&text);
        return;
    }
    let mut text = String::from("\"");
    let mut pieces = Vec::new();
    for part in &lit.parts {
        match part {
            StrPart::Text(t) => escape_into(&mut text, t),
            StrPart::Interp(e, spec) => {
                text.push('{');
                pieces.push((std::mem::take(&mut text), e, spec));
            }
        }
    }
    text.push('"');
    // The literal is one token: its pieces are glued with `tight`.
    let mut first = true;
    for (before, e, spec) in pieces {
        if first {
            p.word(&before);
            first = false;
        } else {
            p.tight(&before);
        }
        // An interpolation never breaks: it is inside the string.
        crate::fmt::layout::flat(p, |p| expr(p, e));
        match spec {
            Some(spec) => p.tight(&format!(":{}}}", spec.node)),
            None => p.tight("}"),
        }
    }
    if first {
        p.word(&text);
    } else {
        p.tight(&text);
    }
}

/// Prints a plain (interpolation-free) string such as a title or a path.
pub fn plain_string(p: &mut Printer<'_>, text: &str, hi: u32) {
    p.flush_inline(hi);
    let mut out = String::from("\"");
    escape_into(&mut out, text);
    out.push('"');
    p.word(&out);
}

fn escape_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            c => out.push(c),
        }
    }
}

/// Prints a type: `int`, `list<T>`, `set<T>`, `T?`.
pub fn type_expr(p: &mut Printer<'_>, ty: &TypeExpr) {
    p.flush_inline(ty.span.lo);
    match &ty.node {
        TypeKind::Named(name) => p.word(name),
        TypeKind::List(inner) | TypeKind::Set(inner) => {
            p.word(if matches!(ty.node, TypeKind::List(_)) {
                "list<"
            } else {
                "set<"
            });
            type_expr(p, inner);
            p.tight(">");
        }
        TypeKind::Hit(inner) => {
            p.word("Hit<");
            type_expr(p, inner);
            p.tight(">");
        }
        TypeKind::Map(key, value) => {
            p.word("map<");
            type_expr(p, key);
            p.tight(",");
            p.space();
            type_expr(p, value);
            p.tight(">");
        }
        TypeKind::Optional(inner) => {
            type_expr(p, inner);
            p.flush_inline(ty.span.hi);
            p.tight("?");
        }
    }
}
