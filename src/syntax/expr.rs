//! Expressions: the flat operand/operator sequence of the grammar folded with
//! pest's PrattParser using the precedence table of LANGUAGE.md §6.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unreachable
)]

use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};

use crate::ast::{
    AggKind, BinaryOp, CollectionKind, CompClause, Expr, ExprKind, FieldInit, Literal, QuantKind,
    Spanned, UnaryOp, WithUpdate,
};
use crate::syntax::cursor::Cursor;
use crate::syntax::error::SyntaxError;
use crate::syntax::grammar::Rule;
use crate::syntax::literal::{self, NumSuffix};
use crate::syntax::lower::{Lowerer, L};

/// Operator chains deeper than this are rejected before they can overflow a
/// recursive stage.
pub const MAX_EXPR_DEPTH: u32 = 1000;

/// Builds the PrattParser once (loosest first).
pub fn pratt() -> PrattParser<Rule> {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left)
            | Op::infix(Rule::op_in, Assoc::Left)
            | Op::infix(Rule::op_not_in, Assoc::Left)
            | Op::postfix(Rule::is_present)
            | Op::postfix(Rule::is_missing))
        .op(Op::infix(Rule::op_coalesce, Assoc::Right))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
        .op(Op::postfix(Rule::field_access)
            | Op::postfix(Rule::opt_field_access)
            | Op::postfix(Rule::bracket)
            | Op::postfix(Rule::with_clause))
}

/// An expression with the depth of its tree, for the depth limit.
struct Node {
    expr: Expr,
    depth: u32,
}

fn binary_op(rule: Rule) -> Option<BinaryOp> {
    Some(match rule {
        Rule::op_or => BinaryOp::Or,
        Rule::op_and => BinaryOp::And,
        Rule::op_eq => BinaryOp::Eq,
        Rule::op_ne => BinaryOp::Ne,
        Rule::op_lt => BinaryOp::Lt,
        Rule::op_le => BinaryOp::Le,
        Rule::op_gt => BinaryOp::Gt,
        Rule::op_ge => BinaryOp::Ge,
        Rule::op_in => BinaryOp::In,
        Rule::op_not_in => BinaryOp::NotIn,
        Rule::op_coalesce => BinaryOp::Coalesce,
        Rule::op_add => BinaryOp::Add,
        Rule::op_sub => BinaryOp::Sub,
        Rule::op_mul => BinaryOp::Mul,
        Rule::op_div => BinaryOp::Div,
        _ => return None,
    })
}

/// The comparison at the top of an expression, if it is an unparenthesised one.
fn top_comparison(expr: &Expr) -> Option<crate::source::Span> {
    match &expr.node {
        ExprKind::Binary { op, .. } if op.node.is_comparison() => Some(op.span),
        ExprKind::Is { .. } => Some(expr.span),
        _ => None,
    }
}

impl Lowerer<'_> {
    /// Lowers an `expr` or `binder_expr` pair.
    pub fn expr(&self, pair: Pair<'_, Rule>) -> L<Expr> {
        debug_assert!(matches!(
            pair.as_rule(),
            Rule::expr | Rule::binder_expr | Rule::bracket_lo | Rule::bracket_hi
        ));
        let inner = match pair.as_rule() {
            Rule::bracket_lo | Rule::bracket_hi => {
                let span = self.span(&pair);
                let mut cursor = Cursor::new(pair, span);
                return self.expr(cursor.expect(Rule::expr)?);
            }
            _ => pair.into_inner(),
        };
        self.fold(inner).map(|n| n.expr)
    }

    fn fold(&self, pairs: Pairs<'_, Rule>) -> L<Node> {
        self.pratt
            .map_primary(|p| self.primary(p).map(|expr| Node { expr, depth: 1 }))
            .map_prefix(|op, rhs| {
                let rhs = rhs?;
                let op_span = self.span(&op);
                let op = match op.as_rule() {
                    Rule::op_not => UnaryOp::Not,
                    _ => UnaryOp::Neg,
                };
                let span = op_span.to(rhs.expr.span);
                self.node(
                    ExprKind::Unary {
                        op: Spanned::new(op, op_span),
                        expr: Box::new(rhs.expr),
                    },
                    span,
                    rhs.depth + 1,
                )
            })
            .map_postfix(|lhs, op| {
                let lhs = lhs?;
                self.postfix(lhs, op)
            })
            .map_infix(|lhs, op, rhs| {
                let (lhs, rhs) = (lhs?, rhs?);
                let op_span = self.span(&op);
                let kind = binary_op(op.as_rule()).ok_or_else(|| SyntaxError::Internal {
                    span: op_span,
                    what: format!("unknown operator {:?}", op.as_rule()),
                })?;
                if kind.is_comparison() {
                    if let Some(first) = top_comparison(&lhs.expr) {
                        self.error(SyntaxError::ChainedComparison {
                            span: op_span,
                            first,
                        });
                    }
                }
                let span = lhs.expr.span.to(rhs.expr.span);
                let depth = lhs.depth.max(rhs.depth) + 1;
                self.node(
                    ExprKind::Binary {
                        op: Spanned::new(kind, op_span),
                        lhs: Box::new(lhs.expr),
                        rhs: Box::new(rhs.expr),
                    },
                    span,
                    depth,
                )
            })
            .parse(pairs)
    }

    fn node(&self, kind: ExprKind, span: crate::source::Span, depth: u32) -> L<Node> {
        if depth > MAX_EXPR_DEPTH {
            return Err(SyntaxError::ExpressionTooLong { span });
        }
        Ok(Node {
            expr: Spanned::new(kind, span),
            depth,
        })
    }

    fn postfix(&self, lhs: Node, op: Pair<'_, Rule>) -> L<Node> {
        let op_span = self.span(&op);
        let span = lhs.expr.span.to(op_span);
        let depth = lhs.depth + 1;
        let rule = op.as_rule();
        let mut cursor = Cursor::new(op, op_span);
        let kind = match rule {
            Rule::field_access | Rule::opt_field_access => ExprKind::Field {
                base: Box::new(lhs.expr),
                name: self.ident(cursor.expect(Rule::field_name)?),
                optional: rule == Rule::opt_field_access,
            },
            Rule::bracket => {
                let lo = match cursor.eat(Rule::bracket_lo) {
                    Some(p) => Some(Box::new(self.expr(p)?)),
                    None => None,
                };
                if cursor.eat(Rule::range_dots).is_some() {
                    let hi = match cursor.eat(Rule::bracket_hi) {
                        Some(p) => Some(Box::new(self.expr(p)?)),
                        None => None,
                    };
                    ExprKind::Slice {
                        base: Box::new(lhs.expr),
                        lo,
                        hi,
                    }
                } else {
                    match lo {
                        Some(index) => ExprKind::Index {
                            base: Box::new(lhs.expr),
                            index,
                        },
                        None => {
                            self.error(SyntaxError::MissingIndex { span: op_span });
                            ExprKind::Error
                        }
                    }
                }
            }
            Rule::with_clause => {
                cursor.expect(Rule::kw_with)?;
                let mut updates = Vec::new();
                for entry in cursor.rest() {
                    updates.push(self.with_entry(entry)?);
                }
                ExprKind::With {
                    base: Box::new(lhs.expr),
                    updates,
                }
            }
            Rule::is_present | Rule::is_missing => {
                if let Some(first) = top_comparison(&lhs.expr) {
                    self.error(SyntaxError::ChainedComparison {
                        span: op_span,
                        first,
                    });
                }
                ExprKind::Is {
                    expr: Box::new(lhs.expr),
                    present: rule == Rule::is_present,
                }
            }
            other => {
                return Err(SyntaxError::Internal {
                    span: op_span,
                    what: format!("unknown postfix {other:?}"),
                })
            }
        };
        self.node(kind, span, depth)
    }

    fn with_entry(&self, pair: Pair<'_, Rule>) -> L<WithUpdate> {
        let span = self.span(&pair);
        let mut path = Vec::new();
        let mut value = None;
        for child in crate::syntax::cursor::children(pair) {
            match child.as_rule() {
                Rule::field_name => path.push(self.ident(child)),
                Rule::missing_value => value = None,
                Rule::expr => value = Some(self.expr(child)?),
                other => {
                    return Err(SyntaxError::Internal {
                        span,
                        what: format!("unexpected {other:?} in `with`"),
                    })
                }
            }
        }
        Ok(WithUpdate { path, value, span })
    }

    fn primary(&self, pair: Pair<'_, Rule>) -> L<Expr> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let kind = match rule {
            Rule::ident => ExprKind::Name(pair.as_str().to_string()),
            Rule::missing_lit => ExprKind::Lit(Literal::Missing),
            Rule::bool_lit => ExprKind::Lit(Literal::Bool(pair.as_str() == "true")),
            Rule::date_lit => match literal::date(pair.as_str(), span) {
                Ok(d) => ExprKind::Lit(Literal::Date(d)),
                Err(e) => {
                    self.error(e);
                    ExprKind::Error
                }
            },
            Rule::num_lit => match self.num_lit(pair) {
                Ok(lit) => ExprKind::Lit(lit),
                Err(e) => {
                    self.error(e);
                    ExprKind::Error
                }
            },
            Rule::string => ExprKind::Lit(Literal::Str(self.string(pair)?)),
            Rule::paren => {
                let mut cursor = Cursor::new(pair, span);
                ExprKind::Paren(Box::new(self.expr(cursor.expect(Rule::expr)?)?))
            }
            Rule::if_expr => {
                let mut c = Cursor::new(pair, span);
                c.expect(Rule::kw_if)?;
                let cond = self.expr(c.expect(Rule::expr)?)?;
                c.expect(Rule::kw_then)?;
                let then = self.expr(c.expect(Rule::expr)?)?;
                c.expect(Rule::kw_else)?;
                let otherwise = self.expr(c.expect(Rule::expr)?)?;
                ExprKind::If {
                    cond: Box::new(cond),
                    then: Box::new(then),
                    otherwise: Box::new(otherwise),
                }
            }
            Rule::quantifier => {
                let mut c = Cursor::new(pair, span);
                let kind = match c.next_pair().map(|p| p.as_rule()) {
                    Some(Rule::kw_all) => QuantKind::All,
                    _ => QuantKind::Any,
                };
                let var = self.ident(c.expect(Rule::ident)?);
                c.expect(Rule::kw_in)?;
                let iter = self.expr(c.expect(Rule::binder_expr)?)?;
                let body = self.expr(c.expect(Rule::expr)?)?;
                ExprKind::Quantifier {
                    kind,
                    var,
                    iter: Box::new(iter),
                    body: Box::new(body),
                }
            }
            Rule::aggregate => {
                let mut c = Cursor::new(pair, span);
                let kind = match c.next_pair().map(|p| p.as_rule()) {
                    Some(Rule::kw_count) => AggKind::Count,
                    Some(Rule::kw_sum) => AggKind::Sum,
                    Some(Rule::kw_min) => AggKind::Min,
                    _ => AggKind::Max,
                };
                let var = self.ident(c.expect(Rule::ident)?);
                c.expect(Rule::kw_in)?;
                let iter = self.expr(c.expect(Rule::binder_expr)?)?;
                let body = self.expr(c.expect(Rule::expr)?)?;
                ExprKind::Aggregate {
                    kind,
                    var,
                    iter: Box::new(iter),
                    body: Box::new(body),
                }
            }
            Rule::load_expr => self.load_expr(pair, span)?,
            Rule::list_expr | Rule::set_expr => {
                let kind = if rule == Rule::list_expr {
                    CollectionKind::List
                } else {
                    CollectionKind::Set
                };
                self.collection(pair, kind, span)?
            }
            Rule::record_lit => {
                let mut c = Cursor::new(pair, span);
                let name = self.ident(c.expect(Rule::ident)?);
                let mut fields = Vec::new();
                for init in c.rest() {
                    let init_span = self.span(&init);
                    let mut ic = Cursor::new(init, init_span);
                    let fname = self.ident(ic.expect(Rule::field_name)?);
                    let value = self.expr(ic.expect(Rule::expr)?)?;
                    fields.push(FieldInit { name: fname, value });
                }
                ExprKind::Record { name, fields }
            }
            Rule::call => {
                let mut c = Cursor::new(pair, span);
                let func = self.ident(c.expect(Rule::ident)?);
                let mut args = Vec::new();
                for arg in c.rest() {
                    args.push(self.expr(arg)?);
                }
                ExprKind::Call { func, args }
            }
            other => {
                return Err(SyntaxError::Internal {
                    span,
                    what: format!("unknown primary {other:?}"),
                })
            }
        };
        Ok(Spanned::new(kind, span))
    }

    /// `load "path" [column "c"] [as T] [key "k"] [dated "f" until "t"]`.
    /// Its own function, never inlined: `primary` is on the stack once per
    /// level of a long operator chain, so its frame must stay small.
    #[inline(never)]
    fn load_expr(&self, pair: Pair<'_, Rule>, span: crate::source::Span) -> L<ExprKind> {
        let mut c = Cursor::new(pair, span);
        c.expect(Rule::kw_load)?;
        let path = self.plain_string(c.expect(Rule::string)?)?;
        let column = match c.eat(Rule::kw_column) {
            Some(_) => Some(self.plain_string(c.expect(Rule::string)?)?),
            None => None,
        };
        let as_type = match c.eat(Rule::kw_as) {
            Some(_) => Some(Box::new(self.type_expr(c.expect(Rule::type_expr)?)?)),
            None => None,
        };
        let key = match c.eat(Rule::load_key) {
            Some(k) => {
                let ks = self.span(&k);
                let mut kc = Cursor::new(k, ks);
                kc.expect(Rule::kw_key)?;
                Some(Box::new(self.plain_string(kc.expect(Rule::string)?)?))
            }
            None => None,
        };
        let dated = match c.eat(Rule::load_dated) {
            Some(d) => {
                let ds = self.span(&d);
                let mut dc = Cursor::new(d, ds);
                dc.expect(Rule::kw_dated)?;
                let from = self.plain_string(dc.expect(Rule::string)?)?;
                dc.expect(Rule::kw_until)?;
                let until = self.plain_string(dc.expect(Rule::string)?)?;
                Some(Box::new(crate::ast::Dated { from, until }))
            }
            None => None,
        };
        Ok(ExprKind::Load {
            path,
            column,
            as_type,
            key,
            dated,
        })
    }

    /// `{k: v, …}`: the first key, then the rest of the entries (§11).
    fn map_entries(&self, first_key: Expr, tail: Pair<'_, Rule>) -> L<ExprKind> {
        let mut exprs = Vec::new();
        for child in crate::syntax::cursor::children(tail) {
            exprs.push(self.expr(child)?);
        }
        let mut entries = Vec::with_capacity(exprs.len() / 2 + 1);
        let mut it = exprs.into_iter();
        let mut key = Some(first_key);
        while let Some(k) = key.take() {
            let Some(v) = it.next() else {
                return Err(SyntaxError::Internal {
                    span: k.span,
                    what: "map entry without a value".to_string(),
                });
            };
            entries.push((k, v));
            key = it.next();
        }
        Ok(ExprKind::Map { entries })
    }

    fn collection(
        &self,
        pair: Pair<'_, Rule>,
        kind: CollectionKind,
        span: crate::source::Span,
    ) -> L<ExprKind> {
        let mut elems = Vec::new();
        let mut tail = None;
        for child in crate::syntax::cursor::children(pair) {
            match child.as_rule() {
                Rule::expr => elems.push(self.expr(child)?),
                Rule::comp_tail => tail = Some(child),
                Rule::map_empty => {
                    return Ok(ExprKind::Map {
                        entries: Vec::new(),
                    })
                }
                Rule::map_tail => {
                    let key = elems.pop().ok_or_else(|| SyntaxError::Internal {
                        span,
                        what: "map entry without a key".to_string(),
                    })?;
                    return self.map_entries(key, child);
                }
                other => {
                    return Err(SyntaxError::Internal {
                        span,
                        what: format!("unexpected {other:?} in a collection"),
                    })
                }
            }
        }
        let Some(tail) = tail else {
            return Ok(ExprKind::Collection { kind, elems });
        };
        let elem = elems.pop().ok_or_else(|| SyntaxError::Internal {
            span,
            what: "comprehension without element".to_string(),
        })?;
        let tail_span = self.span(&tail);
        let mut clauses = Vec::new();
        for clause in Cursor::new(tail, tail_span).rest() {
            let cspan = self.span(&clause);
            let mut c = Cursor::new(clause, cspan);
            c.expect(Rule::kw_for)?;
            let var = self.ident(c.expect(Rule::ident)?);
            c.expect(Rule::kw_in)?;
            let iter = self.expr(c.expect(Rule::binder_expr)?)?;
            let mut filter: Option<Expr> = None;
            while c.eat(Rule::kw_if).is_some() {
                let cond = self.expr(c.expect(Rule::expr)?)?;
                match &filter {
                    Some(first) => self.error(SyntaxError::SecondClauseFilter {
                        span: cond.span,
                        first: first.span,
                    }),
                    None => filter = Some(cond),
                }
            }
            clauses.push(CompClause { var, iter, filter });
        }
        Ok(ExprKind::Comprehension {
            kind,
            elem: Box::new(elem),
            clauses,
        })
    }

    /// Lowers a `num_lit` to its literal, validating digits, unit and currency.
    pub fn num_lit(&self, pair: Pair<'_, Rule>) -> L<Literal> {
        let whole = self.span(&pair);
        let mut c = Cursor::new(pair, whole);
        let number = c.expect(Rule::number)?;
        let number_span = self.span(&number);
        let text = number.as_str();
        let suffix = match c.next_pair() {
            None => NumSuffix::None,
            Some(p) => match p.as_rule() {
                Rule::percent_sign => NumSuffix::Percent,
                Rule::unit_word => NumSuffix::Word(p.as_str(), self.span(&p)),
                _ => NumSuffix::Glued(p.as_str(), self.span(&p)),
            },
        };
        literal::num_lit(text, number_span, suffix, whole)
    }
}
