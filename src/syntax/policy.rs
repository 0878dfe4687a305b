//! Lowering policies and rules: metadata lines, conditions and the one effect.

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
    pub(crate) fn policy(&self, pair: Pair<'_, Rule>) -> L<PolicyDecl> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        c.expect(Rule::kw_policy)?;
        let name = self.ident(c.expect(Rule::ident)?);
        c.expect(Rule::kw_for)?;
        let binding = self.ident(c.expect(Rule::ident)?);
        let subject = self.ident(c.expect(Rule::ident)?);
        let mut meta = Vec::new();
        let mut items = Vec::new();
        for child in c.rest() {
            match child.as_rule() {
                Rule::const_decl => items.push(PolicyItem::Const(self.const_decl(child)?)),
                Rule::def_decl => items.push(PolicyItem::Def(self.def_decl(child)?)),
                Rule::rule_decl => items.push(PolicyItem::Rule(self.rule(child)?)),
                _ => meta.push(self.meta(child)?),
            }
        }
        self.check_meta(&meta);
        Ok(PolicyDecl {
            doc: self.doc(span),
            name,
            binding,
            subject,
            meta,
            items,
            span,
        })
    }

    pub(crate) fn meta(&self, pair: Pair<'_, Rule>) -> L<Meta> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut c = Cursor::new(pair, span);
        c.next_pair(); // the metadata keyword
        let kind = match rule {
            Rule::meta_title => MetaKind::Title(self.plain_string(c.expect(Rule::string)?)?),
            Rule::meta_authority => {
                MetaKind::Authority(self.plain_string(c.expect(Rule::string)?)?)
            }
            Rule::meta_source => MetaKind::Source(self.plain_string(c.expect(Rule::string)?)?),
            Rule::meta_effective => MetaKind::Effective(self.date(c.expect(Rule::date_lit)?)),
            Rule::meta_expires => MetaKind::Expires(self.date(c.expect(Rule::date_lit)?)),
            Rule::meta_suspended => {
                let from = self.date(c.expect(Rule::date_lit)?);
                c.expect(Rule::kw_until)?;
                let until = self.date(c.expect(Rule::date_lit)?);
                MetaKind::Suspended { from, until }
            }
            other => {
                return Err(SyntaxError::Internal {
                    span,
                    what: format!("unknown metadata {other:?}"),
                })
            }
        };
        Ok(Spanned::new(kind, span))
    }

    /// Reports metadata words given twice (`suspended` may repeat).
    pub(crate) fn check_meta(&self, meta: &[Meta]) {
        let mut seen: Vec<(&'static str, Span)> = Vec::new();
        for m in meta {
            let word = match m.node {
                MetaKind::Title(_) => "title",
                MetaKind::Authority(_) => "authority",
                MetaKind::Source(_) => "source",
                MetaKind::Effective(_) => "effective",
                MetaKind::Expires(_) => "expires",
                MetaKind::Suspended { .. } => continue,
            };
            match seen.iter().find(|(w, _)| *w == word) {
                Some((_, first)) => self.error(SyntaxError::DuplicateMeta {
                    span: m.span,
                    first: *first,
                    word: word.to_string(),
                }),
                None => seen.push((word, m.span)),
            }
        }
    }

    pub(crate) fn date(&self, pair: Pair<'_, Rule>) -> Spanned<Date> {
        let span = self.span(&pair);
        match crate::syntax::literal::date(pair.as_str(), span) {
            Ok(d) => Spanned::new(d, span),
            Err(e) => {
                self.error(e);
                Spanned::new(Date { days: 0 }, span)
            }
        }
    }

    pub(crate) fn rule(&self, pair: Pair<'_, Rule>) -> L<RuleDecl> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        let keyword = self.span(&c.expect(Rule::kw_rule)?);
        let name = self.ident(c.expect(Rule::ident)?);
        let for_each = match c.eat(Rule::rule_for) {
            Some(p) => {
                let fspan = self.span(&p);
                let mut fc = Cursor::new(p, fspan);
                fc.expect(Rule::kw_for)?;
                let var = self.ident(fc.expect(Rule::ident)?);
                fc.expect(Rule::kw_in)?;
                let iter = self.expr(fc.expect(Rule::binder_expr)?)?;
                Some(ForEach { var, iter })
            }
            None => None,
        };
        let header = Span::new(
            keyword.lo,
            for_each
                .as_ref()
                .map(|f| f.iter.span.hi)
                .unwrap_or(name.span.hi),
        );
        let mut meta = Vec::new();
        let mut conditions = Vec::new();
        let mut lets = Vec::new();
        let mut effect: Option<Effect> = None;
        // The first `let` or condition: it ends the metadata slot.
        let mut body_start: Option<Span> = None;
        for line in c.rest() {
            let lspan = self.span(&line);
            match line.as_rule() {
                Rule::when_line | Rule::unless_line => {
                    let kind = if line.as_rule() == Rule::when_line {
                        ConditionKind::When
                    } else {
                        ConditionKind::Unless
                    };
                    let mut lc = Cursor::new(line, lspan);
                    lc.next_pair();
                    let expr = self.expr(lc.expect(Rule::expr)?)?;
                    if let Some(e) = &effect {
                        self.error(SyntaxError::ConditionAfterEffect {
                            span: lspan,
                            effect: e.span,
                        });
                    }
                    body_start.get_or_insert(lspan);
                    conditions.push(Condition {
                        kind,
                        expr,
                        span: lspan,
                    });
                }
                Rule::let_line => {
                    let line = self.let_line(line, conditions.len())?;
                    if let Some(e) = &effect {
                        self.error(SyntaxError::LetAfterEffect {
                            span: lspan,
                            effect: e.span,
                        });
                    }
                    body_start.get_or_insert(lspan);
                    lets.push(line);
                }
                Rule::deny_effect
                | Rule::license_effect
                | Rule::review_effect
                | Rule::report_effect
                | Rule::inspect_effect
                | Rule::authorize_effect => {
                    let new = self.effect(line)?;
                    match &effect {
                        Some(first) => self.error(SyntaxError::SecondEffect {
                            span: new.span,
                            first: first.span,
                        }),
                        None => effect = Some(new),
                    }
                }
                Rule::late_meta => {
                    let inner = Cursor::new(line, lspan).next_pair().ok_or_else(|| {
                        SyntaxError::Internal {
                            span: lspan,
                            what: "an empty metadata line".to_string(),
                        }
                    })?;
                    let m = self.meta(inner)?;
                    match (body_start, &effect) {
                        (Some(first), _) => self.error(SyntaxError::MetaAfterBody {
                            span: m.span,
                            first,
                        }),
                        (None, Some(e)) => self.error(SyntaxError::MetaAfterBody {
                            span: m.span,
                            first: e.span,
                        }),
                        (None, None) => {}
                    }
                    meta.push(m);
                }
                _ => meta.push(self.meta(line)?),
            }
        }
        self.check_meta(&meta);
        let effect = match effect {
            Some(e) => e,
            None => {
                self.error(SyntaxError::RuleWithoutEffect { span: header });
                Spanned::new(
                    EffectKind::Review {
                        message: StrLit {
                            parts: Vec::new(),
                            span: header,
                            raw: false,
                        },
                    },
                    header,
                )
            }
        };
        Ok(RuleDecl {
            doc: self.doc(span),
            name,
            keyword,
            for_each,
            meta,
            conditions,
            lets,
            effect,
            span,
        })
    }

    /// `let NAME (: TYPE)? = EXPR`, placed after `before` conditions.
    fn let_line(&self, pair: Pair<'_, Rule>, before: usize) -> L<LetLine> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        c.expect(Rule::kw_let)?;
        let name = self.ident(c.expect(Rule::ident)?);
        let ty = match c.eat(Rule::type_expr) {
            Some(t) => Some(self.type_expr(t)?),
            None => None,
        };
        let value = self.expr(c.expect(Rule::expr)?)?;
        Ok(LetLine {
            name,
            ty,
            value,
            before,
            span,
        })
    }

    pub(crate) fn effect(&self, pair: Pair<'_, Rule>) -> L<Effect> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut c = Cursor::new(pair, span);
        c.next_pair(); // keyword
        let licence = rule == Rule::license_effect && c.eat(Rule::kw_licence).is_some();
        if rule == Rule::license_effect && !licence {
            c.expect(Rule::kw_license)?;
        }
        let message = self.string(c.expect(Rule::string)?)?;
        let kind = match rule {
            Rule::deny_effect => EffectKind::Deny { message },
            Rule::license_effect => EffectKind::RequireLicense { message, licence },
            Rule::authorize_effect => {
                if c.eat(Rule::kw_covers).is_none() {
                    self.error(SyntaxError::AuthorizeWithoutCovers { span });
                }
                let mut covers = Vec::new();
                for r in c.rest() {
                    covers.push(self.cover_ref(r)?);
                }
                EffectKind::Authorize { message, covers }
            }
            Rule::review_effect => EffectKind::Review { message },
            Rule::inspect_effect => EffectKind::Inspect { message },
            _ => {
                c.expect(Rule::kw_to)?;
                let to = self.plain_string(c.expect(Rule::string)?)?;
                c.expect(Rule::kw_within)?;
                let within_days = self.within_days(c.expect(Rule::num_lit)?);
                EffectKind::Report {
                    message,
                    to,
                    within_days,
                }
            }
        };
        Ok(Spanned::new(kind, span))
    }

    /// `rule` or `policy.rule` after `covers`.
    fn cover_ref(&self, pair: Pair<'_, Rule>) -> L<CoverRef> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        let first = self.ident(c.expect(Rule::ident)?);
        Ok(match c.eat(Rule::ident) {
            Some(rule) => CoverRef {
                policy: Some(first),
                rule: self.ident(rule),
                span,
            },
            None => CoverRef {
                policy: None,
                rule: first,
                span,
            },
        })
    }

    /// The `N days` after `within` (an effect's or an `expect report`'s):
    /// a duration of at least one day (a wrong one is reported, read as 1).
    pub(crate) fn within_days(&self, days: Pair<'_, Rule>) -> Spanned<i64> {
        let days_span = self.span(&days);
        let days_text = days.as_str().to_string();
        let n = match self.num_lit(days) {
            Ok(Literal::Duration(n)) => {
                if n < 1 {
                    self.error(SyntaxError::ZeroWithin { span: days_span });
                }
                n
            }
            Ok(_) => {
                self.error(SyntaxError::WrongLiteral {
                    span: days_span,
                    expected: "a number of days".to_string(),
                    found: days_text,
                    help: Some("write `within 30 days`".to_string()),
                });
                1
            }
            Err(e) => {
                self.error(e);
                1
            }
        };
        Spanned::new(n, days_span)
    }
}
