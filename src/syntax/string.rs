//! Lowering string literals: text, escapes and `{…}` interpolations.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unreachable
)]

use pest::iterators::Pair;

use crate::ast::*;
use crate::source::Span;
use crate::syntax::cursor::Cursor;
use crate::syntax::error::SyntaxError;
use crate::syntax::grammar::Rule;
use crate::syntax::lower::{Lowerer, L};

impl Lowerer<'_> {
    /// Lowers a `string` pair: text, escapes and interpolations.
    pub fn string(&self, pair: Pair<'_, Rule>) -> L<StrLit> {
        let span = self.span(&pair);
        let mut parts: Vec<StrPart> = Vec::new();
        for piece in pair.into_inner() {
            match piece.as_rule() {
                Rule::str_text | Rule::str_escape => {
                    let text = if piece.as_rule() == Rule::str_text {
                        piece.as_str().to_string()
                    } else {
                        crate::syntax::literal::escape(piece.as_str()).to_string()
                    };
                    match parts.last_mut() {
                        Some(StrPart::Text(t)) => t.push_str(&text),
                        _ => parts.push(StrPart::Text(text)),
                    }
                }
                Rule::str_interp => {
                    let ispan = self.span(&piece);
                    let mut ic = Cursor::new(piece, ispan);
                    let mut expr = self.expr(ic.expect(Rule::expr)?)?;
                    // The interpolation's span includes its braces, for messages.
                    expr.span = Span::new(expr.span.lo, expr.span.hi);
                    parts.push(StrPart::Interp(expr));
                }
                other => {
                    return Err(SyntaxError::Internal {
                        span,
                        what: format!("unexpected {other:?} in a string"),
                    })
                }
            }
        }
        Ok(StrLit { parts, span })
    }

    /// A string that may not hold `{…}` (metadata, authority, paths, test names).
    pub fn plain_string(&self, pair: Pair<'_, Rule>) -> L<Spanned<String>> {
        let lit = self.string(pair)?;
        let mut text = String::new();
        for part in &lit.parts {
            match part {
                StrPart::Text(t) => text.push_str(t),
                StrPart::Interp(e) => {
                    self.error(SyntaxError::InterpolationNotAllowed { span: e.span })
                }
            }
        }
        Ok(Spanned::new(text, lit.span))
    }
}
