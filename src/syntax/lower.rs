//! Lowering: pest pairs → the owned AST of `ast.rs`.
//!
//! Spans become global offsets here; no pest type leaves `syntax/`. User
//! mistakes found while lowering (bad literals, misplaced rule lines) are
//! collected; a tree that does not have the grammar's shape is an internal
//! error for that declaration, never a panic.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unreachable
)]

use std::cell::RefCell;

use pest::iterators::Pair;
use pest::pratt_parser::PrattParser;

use crate::ast::*;
use crate::source::Span;
use crate::syntax::cursor::Cursor;
use crate::syntax::error::SyntaxError;
use crate::syntax::grammar::Rule;

/// A lowering step: `Err` only for internal errors that abandon a declaration.
pub type L<T> = Result<T, SyntaxError>;

/// Lowering state for one file.
pub struct Lowerer<'a> {
    /// Global offset of the file's first byte.
    pub base: u32,
    /// The operator table.
    pub pratt: &'a PrattParser<Rule>,
    /// The file's comments (for doc comments).
    pub comments: &'a [Comment],
    /// The file's text.
    pub text: &'a str,
    errors: RefCell<Vec<SyntaxError>>,
}

impl<'a> Lowerer<'a> {
    /// A lowerer for a file at `base`.
    pub fn new(
        base: u32,
        text: &'a str,
        pratt: &'a PrattParser<Rule>,
        comments: &'a [Comment],
    ) -> Lowerer<'a> {
        Lowerer {
            base,
            text,
            pratt,
            comments,
            errors: RefCell::new(Vec::new()),
        }
    }

    /// The errors collected so far.
    pub fn into_errors(self) -> Vec<SyntaxError> {
        self.errors.into_inner()
    }

    /// Records a user error and carries on.
    pub fn error(&self, error: SyntaxError) {
        self.errors.borrow_mut().push(error);
    }

    /// Global span of a pair, without the white space and comments that
    /// pest's implicit skipping leaves at its end.
    pub fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        let lo = self.base + s.start() as u32;
        let mut text = s.as_str();
        loop {
            text = text.trim_end();
            let hi = lo + text.len() as u32;
            let trailing = self
                .comments
                .binary_search_by(|c| c.text.span.hi.cmp(&hi))
                .ok()
                .and_then(|i| self.comments.get(i))
                .filter(|c| c.text.span.lo >= lo);
            match trailing {
                Some(c) => text = text.get(..(c.text.span.lo - lo) as usize).unwrap_or(""),
                None => return Span::new(lo, hi),
            }
        }
    }

    /// An identifier or field name.
    pub fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Spanned::new(pair.as_str().to_string(), self.span(&pair))
    }

    /// The doc comment lines directly above `span`: a run of `///` comments
    /// separated from it (and from each other) by white space only.
    fn doc(&self, span: Span) -> Doc {
        let end = self.comments.partition_point(|c| c.text.span.hi <= span.lo);
        let mut lines = Vec::new();
        let mut next = span.lo;
        for comment in self.comments.get(..end).unwrap_or(&[]).iter().rev() {
            let gap = self.text_between(comment.text.span.hi, next);
            if comment.kind != CommentKind::Doc || !gap.trim().is_empty() {
                break;
            }
            let text = comment.text.node.strip_prefix("///").unwrap_or("");
            lines.push(text.strip_prefix(' ').unwrap_or(text).to_string());
            next = comment.text.span.lo;
        }
        lines.reverse();
        lines
    }

    /// The source text between two global offsets of this file.
    fn text_between(&self, lo: u32, hi: u32) -> &str {
        let (lo, hi) = (
            lo.saturating_sub(self.base) as usize,
            hi.saturating_sub(self.base) as usize,
        );
        self.text.get(lo..hi).unwrap_or("")
    }

    /// Lowers a whole `file` pair.
    pub fn file(&self, pair: Pair<'_, Rule>, file: crate::source::FileId) -> SourceAst {
        let mut decls = Vec::new();
        for child in crate::syntax::cursor::children(pair) {
            if child.as_rule() == Rule::EOI {
                continue;
            }
            match self.decl(child) {
                Ok(decl) => decls.push(decl),
                Err(e) => self.error(e),
            }
        }
        SourceAst {
            file,
            decls,
            comments: self.comments.to_vec(),
        }
    }

    fn decl(&self, pair: Pair<'_, Rule>) -> L<Decl> {
        let span = self.span(&pair);
        Ok(match pair.as_rule() {
            Rule::enum_decl => {
                let mut c = Cursor::new(pair, span);
                c.expect(Rule::kw_enum)?;
                let name = self.ident(c.expect(Rule::ident)?);
                let variants = c.rest().map(|p| self.ident(p)).collect();
                Decl::Enum(EnumDecl {
                    doc: self.doc(span),
                    name,
                    variants,
                    span,
                })
            }
            Rule::record_decl => {
                let mut c = Cursor::new(pair, span);
                c.expect(Rule::kw_record)?;
                let name = self.ident(c.expect(Rule::ident)?);
                let mut fields = Vec::new();
                for field in c.rest() {
                    fields.push(self.field_decl(field)?);
                }
                Decl::Record(RecordDecl {
                    doc: self.doc(span),
                    name,
                    fields,
                    span,
                })
            }
            Rule::const_decl => Decl::Const(self.const_decl(pair)?),
            Rule::def_decl => Decl::Def(self.def_decl(pair)?),
            Rule::policy_decl => Decl::Policy(self.policy(pair)?),
            Rule::test_decl => Decl::Test(self.test(pair)?),
            other => {
                return Err(SyntaxError::Internal {
                    span,
                    what: format!("unknown declaration {other:?}"),
                })
            }
        })
    }

    fn field_decl(&self, pair: Pair<'_, Rule>) -> L<FieldDecl> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        let name = self.ident(c.expect(Rule::field_name)?);
        let ty = self.type_expr(c.expect(Rule::type_expr)?)?;
        let default = match c.eat(Rule::expr) {
            Some(p) => Some(self.expr(p)?),
            None => None,
        };
        Ok(FieldDecl {
            doc: self.doc(span),
            name,
            ty,
            default,
            span,
        })
    }

    /// Lowers a `type_expr`.
    pub fn type_expr(&self, pair: Pair<'_, Rule>) -> L<TypeExpr> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        let atom = c.next_pair().ok_or_else(|| SyntaxError::Internal {
            span,
            what: "empty type".to_string(),
        })?;
        let atom_span = self.span(&atom);
        let kind = match atom.as_rule() {
            Rule::type_name => TypeKind::Named(atom.as_str().to_string()),
            Rule::list_type | Rule::set_type => {
                let is_list = atom.as_rule() == Rule::list_type;
                let mut ac = Cursor::new(atom, atom_span);
                let inner = Box::new(self.type_expr(ac.expect(Rule::type_expr)?)?);
                if is_list {
                    TypeKind::List(inner)
                } else {
                    TypeKind::Set(inner)
                }
            }
            other => {
                return Err(SyntaxError::Internal {
                    span,
                    what: format!("unknown type {other:?}"),
                })
            }
        };
        let atom = Spanned::new(kind, atom_span);
        Ok(match c.eat(Rule::type_optional) {
            Some(_) => Spanned::new(TypeKind::Optional(Box::new(atom)), span),
            None => atom,
        })
    }

    fn const_decl(&self, pair: Pair<'_, Rule>) -> L<ConstDecl> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        c.expect(Rule::kw_const)?;
        let name = self.ident(c.expect(Rule::ident)?);
        let ty = match c.eat(Rule::type_expr) {
            Some(p) => Some(self.type_expr(p)?),
            None => None,
        };
        let value = self.expr(c.expect(Rule::expr)?)?;
        Ok(ConstDecl {
            doc: self.doc(span),
            name,
            ty,
            value,
            span,
        })
    }

    fn def_decl(&self, pair: Pair<'_, Rule>) -> L<DefDecl> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        c.expect(Rule::kw_def)?;
        let name = self.ident(c.expect(Rule::ident)?);
        let mut params = Vec::new();
        while let Some(param) = c.eat(Rule::param) {
            let pspan = self.span(&param);
            let mut pc = Cursor::new(param, pspan);
            let pname = self.ident(pc.expect(Rule::ident)?);
            let ty = self.type_expr(pc.expect(Rule::type_expr)?)?;
            params.push(Param { name: pname, ty });
        }
        let ret = self.type_expr(c.expect(Rule::type_expr)?)?;
        let body = self.expr(c.expect(Rule::expr)?)?;
        Ok(DefDecl {
            doc: self.doc(span),
            name,
            params,
            ret,
            body,
            span,
        })
    }

    fn policy(&self, pair: Pair<'_, Rule>) -> L<PolicyDecl> {
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

    fn meta(&self, pair: Pair<'_, Rule>) -> L<Meta> {
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
    fn check_meta(&self, meta: &[Meta]) {
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

    fn date(&self, pair: Pair<'_, Rule>) -> Spanned<Date> {
        let span = self.span(&pair);
        match crate::syntax::literal::date(pair.as_str(), span) {
            Ok(d) => Spanned::new(d, span),
            Err(e) => {
                self.error(e);
                Spanned::new(Date { days: 0 }, span)
            }
        }
    }

    fn rule(&self, pair: Pair<'_, Rule>) -> L<RuleDecl> {
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
        let mut effect: Option<Effect> = None;
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
                    conditions.push(Condition {
                        kind,
                        expr,
                        span: lspan,
                    });
                }
                Rule::deny_effect
                | Rule::license_effect
                | Rule::review_effect
                | Rule::report_effect
                | Rule::inspect_effect => {
                    let new = self.effect(line)?;
                    match &effect {
                        Some(first) => self.error(SyntaxError::SecondEffect {
                            span: new.span,
                            first: first.span,
                        }),
                        None => effect = Some(new),
                    }
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
            effect,
            span,
        })
    }

    fn effect(&self, pair: Pair<'_, Rule>) -> L<Effect> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut c = Cursor::new(pair, span);
        c.next_pair(); // keyword
        if rule == Rule::license_effect {
            c.expect(Rule::kw_license)?;
        }
        let message = self.string(c.expect(Rule::string)?)?;
        let kind = match rule {
            Rule::deny_effect => EffectKind::Deny { message },
            Rule::license_effect => EffectKind::RequireLicense { message },
            Rule::review_effect => EffectKind::Review { message },
            Rule::inspect_effect => EffectKind::Inspect { message },
            _ => {
                c.expect(Rule::kw_to)?;
                let to = self.plain_string(c.expect(Rule::string)?)?;
                c.expect(Rule::kw_within)?;
                let days = c.expect(Rule::num_lit)?;
                let days_span = self.span(&days);
                let days_text = days.as_str().to_string();
                let within_days = match self.num_lit(days) {
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
                EffectKind::Report {
                    message,
                    to,
                    within_days: Spanned::new(within_days, days_span),
                }
            }
        };
        Ok(Spanned::new(kind, span))
    }

    fn test(&self, pair: Pair<'_, Rule>) -> L<TestDecl> {
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

    fn rule_ref(&self, pair: Pair<'_, Rule>) -> L<RuleRef> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        let policy = self.ident(c.expect(Rule::ident)?);
        let rule = self.ident(c.expect(Rule::ident)?);
        Ok(RuleRef { policy, rule, span })
    }

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
