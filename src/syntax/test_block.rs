//! Lowering `test` blocks: an optional `only` list, one `given`, an
//! optional `as_of` line right after it, then `expect` lines.

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
        let only: Vec<Ident> = match c.eat(Rule::test_only) {
            Some(list) => crate::syntax::cursor::children(list)
                .filter(|p| p.as_rule() == Rule::ident)
                .map(|p| self.ident(p))
                .collect(),
            None => Vec::new(),
        };
        let mut given: Option<(Ident, Expr)> = None;
        let mut as_of: Option<Spanned<Date>> = None;
        let mut expects = Vec::new();
        // The rule of the line before, for "`as_of` right after `given`".
        let mut previous: Option<Rule> = None;
        for line in c.rest() {
            let lspan = self.span(&line);
            let rule = line.as_rule();
            let after = previous.replace(rule);
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
                Rule::as_of_line => {
                    lc.expect(Rule::kw_as_of)?;
                    let date = self.date(lc.expect(Rule::date_lit)?);
                    if as_of.is_some() {
                        self.error(SyntaxError::BadAsOf {
                            span: lspan,
                            message: "a test has at most one `as_of` line".to_string(),
                            label: "second `as_of`".to_string(),
                        });
                    } else {
                        if after != Some(Rule::given_line) {
                            self.error(SyntaxError::BadAsOf {
                                span: lspan,
                                message: "`as_of` must stand right after `given`".to_string(),
                                label: "move this line under the `given` line".to_string(),
                            });
                        }
                        as_of = Some(date);
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
                        by.push(self.case_ref(r)?);
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
                        .find(|p| p.as_rule() == Rule::case_ref)
                        .ok_or_else(|| SyntaxError::Internal {
                            span: lspan,
                            what: "`expect not fired` without rule".to_string(),
                        })?;
                    expects.push(Spanned::new(ExpectKind::NotFired(self.case_ref(r)?), lspan));
                }
                Rule::expect_report => {
                    let mut to = None;
                    let mut within = None;
                    for p in lc.rest() {
                        match p.as_rule() {
                            Rule::string => to = Some(self.plain_string(p)?),
                            Rule::num_lit => within = Some(self.within_days(p)),
                            _ => {}
                        }
                    }
                    let to = to.ok_or_else(|| SyntaxError::Internal {
                        span: lspan,
                        what: "`expect report` without authority".to_string(),
                    })?;
                    expects.push(Spanned::new(ExpectKind::ReportTo { to, within }, lspan));
                }
                Rule::expect_no_report => {
                    let mut to = None;
                    for p in lc.rest() {
                        if p.as_rule() == Rule::string {
                            to = Some(self.plain_string(p)?);
                        }
                    }
                    expects.push(Spanned::new(ExpectKind::NoReport { to }, lspan));
                }
                Rule::expect_inspect => expects.push(Spanned::new(ExpectKind::Inspect, lspan)),
                Rule::expect_authorized => {
                    expects.push(Spanned::new(self.expect_authorized(lc)?, lspan))
                }
                Rule::expect_no_inspect => expects.push(Spanned::new(ExpectKind::NoInspect, lspan)),
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
            only,
            given_name,
            given,
            as_of,
            expects,
            span,
        })
    }

    /// `policy.rule [at N]`.
    pub(crate) fn case_ref(&self, pair: Pair<'_, Rule>) -> L<CaseRef> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        let rule = self.rule_ref(c.expect(Rule::rule_ref)?)?;
        let at = match c.eat(Rule::case_at) {
            Some(at) => self.case_at(at)?,
            None => None,
        };
        Ok(CaseRef { rule, at, span })
    }

    /// `at N`: N an `int` literal ≥ 0 (`None` after reporting anything else).
    fn case_at(&self, pair: Pair<'_, Rule>) -> L<Option<CaseAt>> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        let keyword = self.span(&c.expect(Rule::kw_at)?);
        let negative = c.eat(Rule::op_neg).map(|p| self.span(&p));
        let number = c.expect(Rule::num_lit)?;
        let nspan = self.span(&number);
        let whole = Span::new(negative.map_or(nspan.lo, |n| n.lo), nspan.hi);
        let text = format!(
            "{}{}",
            if negative.is_some() { "-" } else { "" },
            number.as_str()
        );
        let index = match (negative, self.num_lit(number)) {
            (None, Ok(Literal::Int(n))) => u32::try_from(n).ok(),
            _ => None,
        };
        match index {
            Some(n) => Ok(Some(CaseAt {
                keyword,
                index: Spanned::new(n, nspan),
            })),
            None => {
                self.error(SyntaxError::BadCaseIndex {
                    span: whole,
                    found: text,
                });
                Ok(None)
            }
        }
    }

    pub(crate) fn rule_ref(&self, pair: Pair<'_, Rule>) -> L<RuleRef> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        let first = self.ident(c.expect(Rule::ident)?);
        match c.eat(Rule::ident) {
            Some(rule) => Ok(RuleRef {
                policy: first,
                rule: self.ident(rule),
                span,
            }),
            // A bare rule name: the policy is left empty for the checker,
            // which knows the policies and reports E0142.
            None => Ok(RuleRef {
                policy: Ident::new(String::new(), Span::new(first.span.lo, first.span.lo)),
                rule: first,
                span,
            }),
        }
    }

    /// `expect authorized by R1, R2` (§13).
    fn expect_authorized(&self, lc: Cursor<'_>) -> L<ExpectKind> {
        let mut by = Vec::new();
        for r in lc.rest().filter(|p| p.as_rule() == Rule::case_ref) {
            by.push(self.case_ref(r)?);
        }
        Ok(ExpectKind::Authorized(by))
    }
}
