//! Lowering `test` blocks: one `given`, then `expect` lines.

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
    pub(crate) fn test(&self, pair: Pair<'_, Rule>) -> L<TestDecl> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        c.expect(Rule::kw_test)?;
        let name = self.plain_string(c.expect(Rule::string)?)?;
        let mut given: Option<(Ident, Expr)> = None;
        let mut expects = Vec::new();
        for line in c.rest() {
            let lspan = self.span(&line);
            let rule = line.as_rule();
            let mut lc = Cursor::new(line, lspan);
            match rule {
                Rule::given_line => {
                    lc.expect(Rule::kw_given)?;
                    let gname = self.ident(lc.expect(Rule::ident)?);
                    let value = self.expr(lc.expect(Rule::expr)?)?;
                    if given.is_some() {
                        self.error(SyntaxError::BadGiven {
                            span: lspan,
                            message: "a test has exactly one `given`".to_string(),
                            label: "second `given`".to_string(),
                        });
                    } else if !expects.is_empty() {
                        self.error(SyntaxError::BadGiven {
                            span: lspan,
                            message: "`given` must come before the `expect` lines".to_string(),
                            label: "`given` after `expect`".to_string(),
                        });
                        given = Some((gname, value));
                    } else {
                        given = Some((gname, value));
                    }
                }
                Rule::expect_decision => {
                    lc.expect(Rule::kw_expect)?;
                    let d = lc.expect(Rule::decision)?;
                    let dspan = self.span(&d);
                    let decision = match d.as_str() {
                        "deny" => Decision::Deny,
                        "review" => Decision::Review,
                        "license_required" => Decision::LicenseRequired,
                        _ => Decision::Allow,
                    };
                    let mut by = Vec::new();
                    let by_kw = lc.eat(Rule::kw_by).map(|p| self.span(&p));
                    for r in lc.rest() {
                        by.push(self.rule_ref(r)?);
                    }
                    if let (Decision::Allow, Some(kw)) = (decision, by_kw) {
                        let end = by.last().map(|r| r.span.hi).unwrap_or(kw.hi);
                        self.error(SyntaxError::AllowBy {
                            span: Span::new(kw.lo, end),
                        });
                    }
                    expects.push(Spanned::new(
                        ExpectKind::Decision {
                            decision: Spanned::new(decision, dspan),
                            by,
                        },
                        lspan,
                    ));
                }
                Rule::expect_not_fired => {
                    let r = lc
                        .rest()
                        .find(|p| p.as_rule() == Rule::rule_ref)
                        .ok_or_else(|| SyntaxError::Internal {
                            span: lspan,
                            what: "`expect not fired` without rule".to_string(),
                        })?;
                    expects.push(Spanned::new(ExpectKind::NotFired(self.rule_ref(r)?), lspan));
                }
                Rule::expect_report => {
                    let s = lc
                        .rest()
                        .find(|p| p.as_rule() == Rule::string)
                        .ok_or_else(|| SyntaxError::Internal {
                            span: lspan,
                            what: "`expect report` without authority".to_string(),
                        })?;
                    expects.push(Spanned::new(
                        ExpectKind::ReportTo(self.plain_string(s)?),
                        lspan,
                    ));
                }
                Rule::expect_inspect => expects.push(Spanned::new(ExpectKind::Inspect, lspan)),
                Rule::expect_authorized => {
                    expects.push(Spanned::new(self.expect_authorized(lc)?, lspan))
                }
                other => {
                    return Err(SyntaxError::Internal {
                        span: lspan,
                        what: format!("unknown test line {other:?}"),
                    })
                }
            }
        }
        let (given_name, given) = match given {
            Some(g) => g,
            None => {
                self.error(SyntaxError::BadGiven {
                    span: name.span,
                    message: "this test has no `given` line".to_string(),
                    label: "needs `given NAME = EXPR`".to_string(),
                });
                (
                    Spanned::new(String::new(), name.span),
                    Spanned::new(ExprKind::Error, name.span),
                )
            }
        };
        Ok(TestDecl {
            doc: self.doc(span),
            name,
            given_name,
            given,
            expects,
            span,
        })
    }

    pub(crate) fn rule_ref(&self, pair: Pair<'_, Rule>) -> L<RuleRef> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        let policy = self.ident(c.expect(Rule::ident)?);
        let rule = self.ident(c.expect(Rule::ident)?);
        Ok(RuleRef { policy, rule, span })
    }

    /// `expect authorized by R1, R2` (§13).
    fn expect_authorized(&self, lc: Cursor<'_>) -> L<ExpectKind> {
        let mut by = Vec::new();
        for r in lc.rest().filter(|p| p.as_rule() == Rule::rule_ref) {
            by.push(self.rule_ref(r)?);
        }
        Ok(ExpectKind::Authorized(by))
    }
}
