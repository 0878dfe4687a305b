//! Lowering string literals: text, escapes and `{…}` interpolations.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unreachable
)]

use pest::iterators::Pair;

use crate::ast::*;
use crate::syntax::cursor::Cursor;
use crate::syntax::error::SyntaxError;
use crate::syntax::grammar::Rule;
use crate::syntax::lower::{Lowerer, L};

impl Lowerer<'_> {
    /// Lowers a `string` pair: text, escapes and interpolations.
    pub fn string(&self, pair: Pair<'_, Rule>) -> L<StrLit> {
        let span = self.span(&pair);
        let mut parts: Vec<StrPart> = Vec::new();
        let mut raw = false;
        for piece in pair.into_inner() {
            match piece.as_rule() {
                Rule::raw_open => raw = true,
                Rule::raw_text => {
                    if !piece.as_str().is_empty() {
                        parts.push(StrPart::Text(piece.as_str().to_string()));
                    }
                }
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
                    let expr = self.expr(ic.expect(Rule::expr)?)?;
                    let spec = match ic.eat(Rule::fmt_spec) {
                        Some(p) => self.format_spec(p),
                        None => None,
                    };
                    parts.push(StrPart::Interp(expr, spec));
                }
                other => {
                    return Err(SyntaxError::Internal {
                        span,
                        what: format!("unexpected {other:?} in a string"),
                    })
                }
            }
        }
        Ok(StrLit { parts, span, raw })
    }

    /// Reads `:spec` (§11); a bad spec is reported and dropped, so the rest
    /// of the message is still checked.
    fn format_spec(&self, pair: Pair<'_, Rule>) -> Option<Spanned<FormatSpec>> {
        let span = self.span(&pair);
        let text = pair.as_str().strip_prefix(':').unwrap_or(pair.as_str());
        match FormatSpec::parse(text) {
            Some(spec) => Some(Spanned::new(spec, span)),
            None => {
                self.error(SyntaxError::BadFormatSpec {
                    span,
                    spec: text.to_string(),
                });
                None
            }
        }
    }

    /// A string that may not hold `{…}` (metadata, authority, paths, test names).
    pub fn plain_string(&self, pair: Pair<'_, Rule>) -> L<Spanned<String>> {
        let lit = self.string(pair)?;
        let mut text = String::new();
        for part in &lit.parts {
            match part {
                StrPart::Text(t) => text.push_str(t),
                StrPart::Interp(e, _) => {
                    self.error(SyntaxError::InterpolationNotAllowed { span: e.span })
                }
            }
        }
        Ok(Spanned::new(text, lit.span))
    }
}
