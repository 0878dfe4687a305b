//! Operators (§3 table, §6): arithmetic, `and`/`or` with narrowing, `??`,
//! `is present`/`is missing`, unary `-`/`not`, and `if`. Comparisons and
//! `in` are in `compare.rs`.

use crate::ast::{self, BinaryOp, UnaryOp};
use crate::check::compare::literal_unit;
use crate::check::error::CheckError;
use crate::check::optional::Use;
use crate::check::scope::{facts_if_false, facts_if_true};
use crate::check::typeck::{is_bare, mk, widen};
use crate::check::types::join;
use crate::check::{error_expr, Checker};
use crate::ir::{self, BinOp, ExprKind, Type};
use crate::source::Span;

/// The result of an arithmetic operator (§3 table), or `None`.
fn arith(op: BinaryOp, l: &Type, r: &Type) -> Option<Type> {
    use BinaryOp::{Add, Div, Mul, Sub};
    use Type::*;
    Some(match (op, l, r) {
        // Poison, and the element of an empty literal collection (no value
        // ever reaches the operator).
        (_, Error | Unknown, _) | (_, _, Error | Unknown) => Error,
        (Add | Sub | Mul, Int, Int) => Int,
        (Div, Int, Int) => Decimal,
        (Add | Sub | Mul | Div, Int | Decimal, Int | Decimal) => Decimal,
        (Add | Sub, Money, Money) => Money,
        (Mul, Money, Int | Decimal) | (Mul, Int | Decimal, Money) | (Div, Money, Int | Decimal) => {
            Money
        }
        (Div, Money, Money) => Decimal,
        (Add | Sub, Quantity, Quantity) => Quantity,
        (Mul, Quantity, Int | Decimal)
        | (Mul, Int | Decimal, Quantity)
        | (Div, Quantity, Int | Decimal) => Quantity,
        (Div, Quantity, Quantity) => Decimal,
        (Add | Sub, Date, Duration) => Date,
        (Sub, Date, Date) => Duration,
        (Add | Sub, Duration, Duration) => Duration,
        // §11: `a + b` concatenates two strings.
        (Add, String, String) => String,
        (Mul, Duration, Int) => Duration,
        _ => return None,
    })
}

impl Checker<'_> {
    pub(crate) fn unary(
        &mut self,
        op: &ast::Spanned<UnaryOp>,
        e: &ast::Expr,
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        match op.node {
            UnaryOp::Not => {
                let x = self.expect_type(e, &Type::Bool, "`not` needs a `bool`");
                mk(ExprKind::Not(Box::new(x)), Type::Bool, span)
            }
            UnaryOp::Neg => {
                let x = self.value(e, exp, Use::Operator("-".into()));
                let ty = x.ty.clone();
                if !matches!(
                    ty,
                    Type::Int
                        | Type::Decimal
                        | Type::Money
                        | Type::Quantity
                        | Type::Duration
                        | Type::Error
                ) {
                    let shown = self.show(&ty);
                    self.report(CheckError::BadNegation {
                        span: x.span,
                        ty: shown,
                    });
                    return error_expr(span);
                }
                mk(ExprKind::Neg(Box::new(x)), ty, span)
            }
        }
    }

    pub(crate) fn binary(
        &mut self,
        op: &ast::Spanned<BinaryOp>,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        match op.node {
            BinaryOp::And | BinaryOp::Or => self.logic(op.node, lhs, rhs, span),
            BinaryOp::Coalesce => self.coalesce(lhs, rhs, span, exp),
            BinaryOp::In | BinaryOp::NotIn => self.membership(op.node, lhs, rhs, span),
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge => self.comparison(op, lhs, rhs, span),
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                self.arithmetic(op, lhs, rhs, span)
            }
        }
    }

    fn logic(&mut self, op: BinaryOp, lhs: &ast::Expr, rhs: &ast::Expr, span: Span) -> ir::Expr {
        let why = format!("`{}` needs `bool` operands", op.as_str());
        let l = self.expect_type(lhs, &Type::Bool, &why);
        let mark = self.ctx.scope.fact_mark();
        let facts = if op == BinaryOp::And {
            facts_if_true(&l)
        } else {
            facts_if_false(&l)
        };
        self.ctx.scope.add_facts(facts);
        let r = self.expect_type(rhs, &Type::Bool, &why);
        self.ctx.scope.truncate_facts(mark);
        binary(op, l, r, Type::Bool, span)
    }

    fn coalesce(
        &mut self,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let wanted = exp.map(|t| crate::check::types::optional(t.clone()));
        let l = self.expr(lhs, wanted.as_ref());
        // `x?.f ?? d` with `x` present was already reported at the `?.`.
        let reported = matches!(&l.kind, ExprKind::Field { optional: true, base, .. } if !base.ty.is_optional());
        if !l.ty.is_optional() && !reported {
            self.never_absent("??", &l, "the right side of `??` is never used; remove it");
        }
        let inner = l.ty.strip_optional().clone();
        let r = self.expr(rhs, Some(&inner));
        let r_inner = r.ty.strip_optional().clone();
        let Some(joined) = join(&inner, &r_inner) else {
            let src = self.text(l.span);
            let label = format!("the value used when `{src}` is absent");
            let r = self.check_fits(r, &inner, &label);
            return binary(BinaryOp::Coalesce, l, r, inner, span);
        };
        if r.ty.is_optional() {
            let ty = crate::check::types::optional(joined);
            return binary(BinaryOp::Coalesce, l, r, ty, span);
        }
        // `int? ?? decimal` and `decimal? ?? int`: widen the int side.
        let r = widen(r, &joined);
        let result = binary(BinaryOp::Coalesce, l, r, inner.clone(), span);
        let mut result = widen(result, &joined);
        result.ty = joined;
        result
    }

    fn arithmetic(
        &mut self,
        op: &ast::Spanned<BinaryOp>,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
    ) -> ir::Expr {
        if let Some(x) = self.concat_literal(op, lhs, rhs, span) {
            return x;
        }
        let use_ = Use::Operator(op.node.as_str().into());
        let l = self.value(lhs, None, use_.clone());
        let r = self.value(rhs, None, use_);
        if Self::is_concat(op.node, &l.ty, &r.ty) {
            return self.concat(op, l, r, span);
        }
        let Some(ty) = arith(op.node, &l.ty, &r.ty) else {
            let help = arith_help(op.node, &l.ty, &r.ty);
            self.report(CheckError::BadArithmetic {
                span: op.span,
                lspan: l.span,
                rspan: r.span,
                op: op.node.as_str().into(),
                lhs: self.show(&l.ty),
                rhs: self.show(&r.ty),
                help,
            });
            return binary(op.node, l, r, Type::Error, span);
        };
        if matches!(op.node, BinaryOp::Add | BinaryOp::Sub | BinaryOp::Div) {
            if let (Some(a), Some(b)) = (literal_unit(&l), literal_unit(&r)) {
                self.unit_mismatch(&l, a, &r, b);
            }
        }
        binary(op.node, l, r, ty, span)
    }

    pub(crate) fn is(&mut self, e: &ast::Expr, present: bool, span: Span) -> ir::Expr {
        let x = self.expr(e, None);
        if !x.ty.is_optional() {
            let (what, always) = if present {
                ("is present", "true")
            } else {
                ("is missing", "false")
            };
            self.never_absent(
                what,
                &x,
                &format!("`{}` is always {always} here", self.text(span)),
            );
        }
        mk(
            ExprKind::Is {
                expr: Box::new(x),
                present,
            },
            Type::Bool,
            span,
        )
    }

    pub(crate) fn if_expr(
        &mut self,
        cond: &ast::Expr,
        then: &ast::Expr,
        otherwise: &ast::Expr,
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let c = self.expect_type(cond, &Type::Bool, "an `if` condition must be `bool`");
        let (pos, neg) = (facts_if_true(&c), facts_if_false(&c));
        let mark = self.ctx.scope.fact_mark();
        let else_first = exp.is_none() && is_bare(then) && !is_bare(otherwise);
        let branch = |c: &mut Self,
                      e: &ast::Expr,
                      facts: Vec<crate::check::scope::Path>,
                      hint: Option<&Type>| {
            c.ctx.scope.add_facts(facts);
            let x = c.expr(e, hint);
            c.ctx.scope.truncate_facts(mark);
            x
        };
        let (t, o) = if else_first {
            let o = branch(self, otherwise, neg, None);
            let hint = o.ty.clone();
            let t = branch(self, then, pos, Some(&hint));
            (t, o)
        } else {
            let t = branch(self, then, pos, exp);
            let hint = exp.cloned().unwrap_or_else(|| t.ty.clone());
            let o = branch(self, otherwise, neg, Some(&hint));
            (t, o)
        };
        let (t, o, ty) = match join(&t.ty, &o.ty) {
            Some(ty) => (widen(t, &ty), widen(o, &ty), ty),
            None => {
                self.report(CheckError::Disagree {
                    span: o.span,
                    first_span: t.span,
                    what: "the branches of this `if`".into(),
                    first: self.show(&t.ty),
                    second: self.show(&o.ty),
                    help: Some("both branches must give the same type".into()),
                });
                (t, o, Type::Error)
            }
        };
        mk(
            ExprKind::If {
                cond: Box::new(c),
                then: Box::new(t),
                otherwise: Box::new(o),
            },
            ty,
            span,
        )
    }
}

pub(crate) fn binary(op: BinOp, l: ir::Expr, r: ir::Expr, ty: Type, span: Span) -> ir::Expr {
    mk(
        ExprKind::Binary {
            op,
            lhs: Box::new(l),
            rhs: Box::new(r),
        },
        ty,
        span,
    )
}

fn arith_help(op: BinaryOp, l: &Type, r: &Type) -> Option<String> {
    use Type::*;
    let text = match (op, l, r) {
        (BinaryOp::Add, Date, Date) => {
            "add a `duration` to a date: `d + 30 days`; `d1 - d2` gives a duration"
        }
        (BinaryOp::Mul, Int, Duration) => "write the duration first: `30 days * n`",
        (_, Money, Quantity) | (_, Quantity, Money) => {
            "money and quantities do not mix; divide money by money or a quantity by a quantity"
        }
        (_, Money | Quantity, Money | Quantity) => {
            "money and quantities multiply and divide only by plain numbers"
        }
        _ => return None,
    };
    Some(text.to_string())
}
