//! The collection operations of §11: `xs + ys` on lists, `union`,
//! `intersection` and `difference` on sets, `flatten` on a list of lists.
//! For `+` and the set functions a literal operand takes its type from the
//! other (an empty `[]` or `{}` included).

use crate::ast::{self, BinaryOp, CollectionKind, ExprKind as A, Ident};
use crate::builtins::Builtin;
use crate::check::calls::count_words;
use crate::check::error::CheckError;
use crate::check::ops::binary;
use crate::check::optional::Use;
use crate::check::typeck::mk;
use crate::check::types::join;
use crate::check::Checker;
use crate::ir::{self, ExprKind, Type};
use crate::source::Span;

/// Whether `e` is written as a list (`true`) or set literal or comprehension.
fn literal_kind(e: &ast::Expr) -> Option<CollectionKind> {
    match &e.node {
        A::Collection { kind, .. } | A::Comprehension { kind, .. } => Some(*kind),
        A::Paren(inner) => literal_kind(inner),
        _ => None,
    }
}

impl Checker<'_> {
    /// `lhs + rhs` where an operand is a list literal: the other operand
    /// is typed first and gives the literal its type.
    pub(crate) fn concat_literal(
        &mut self,
        op: &ast::Spanned<BinaryOp>,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
    ) -> Option<ir::Expr> {
        let lit = |e| literal_kind(e) == Some(CollectionKind::List);
        if op.node != BinaryOp::Add || !(lit(lhs) || lit(rhs)) {
            return None;
        }
        let use_ = Use::Operator("+".into());
        let (l, r) = if lit(lhs) && !lit(rhs) {
            let r = self.value(rhs, None, use_.clone());
            let hint = matches!(r.ty, Type::List(_)).then(|| r.ty.clone());
            (self.value(lhs, hint.as_ref(), use_), r)
        } else {
            let l = self.value(lhs, None, use_.clone());
            let hint = matches!(l.ty, Type::List(_)).then(|| l.ty.clone());
            (l, self.value(rhs, hint.as_ref(), use_))
        };
        Some(self.concat(op, l, r, span))
    }

    /// Whether typed operands of `+` are collections (then [`Self::concat`]
    /// decides).
    pub(crate) fn is_concat(op: BinaryOp, l: &Type, r: &Type) -> bool {
        op == BinaryOp::Add
            && (matches!(l, Type::List(_) | Type::Set(_))
                || matches!(r, Type::List(_) | Type::Set(_)))
    }

    /// `xs + ys`: two lists of one element type (E0270 otherwise).
    pub(crate) fn concat(
        &mut self,
        op: &ast::Spanned<BinaryOp>,
        l: ir::Expr,
        r: ir::Expr,
        span: Span,
    ) -> ir::Expr {
        if l.ty.is_error() || r.ty.is_error() {
            return binary(op.node, l, r, Type::Error, span);
        }
        if let (Type::List(_), Type::List(_)) = (&l.ty, &r.ty) {
            if let Some(ty) = join(&l.ty, &r.ty) {
                return binary(op.node, l, r, ty, span);
            }
        }
        let help = match (&l.ty, &r.ty) {
            (Type::Set(_), Type::Set(_)) => Some(
                "sets combine with `union(a, b)`, `intersection(a, b)` or `difference(a, b)`"
                    .to_string(),
            ),
            (Type::List(e), other) if **e == *other => Some(format!(
                "to append one element write `{} + [{}]`",
                self.text(l.span),
                self.text(r.span)
            )),
            (other, Type::List(e)) if **e == *other => Some(format!(
                "to prepend one element write `[{}] + {}`",
                self.text(l.span),
                self.text(r.span)
            )),
            (Type::List(_), Type::List(_)) => {
                Some("both lists must have one element type".to_string())
            }
            _ => None,
        };
        self.report(CheckError::BadConcat {
            span: op.span,
            lspan: l.span,
            rspan: r.span,
            lhs: self.show(&l.ty),
            rhs: self.show(&r.ty),
            help,
        });
        binary(op.node, l, r, Type::Error, span)
    }

    /// `union(a, b)`, `intersection(a, b)`, `difference(a, b)`.
    pub(crate) fn set_pair(
        &mut self,
        b: &'static Builtin,
        func: &Ident,
        args: &[ast::Expr],
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let name = func.node.as_str();
        let [first, second] = args else {
            return self.arity_error(name, count_words(2), args, span, None);
        };
        let use_ = Use::Arg(name.to_string());
        let want = exp
            .map(Type::strip_optional)
            .filter(|t| matches!(t, Type::Set(_)))
            .cloned();
        let is_lit = |e: &ast::Expr| literal_kind(e).is_some();
        // A literal takes its type from the other operand (§11).
        let (x, y) = if is_lit(first) && !is_lit(second) {
            let y = self.value(second, want.as_ref(), use_.clone());
            let hint = matches!(y.ty, Type::Set(_)).then(|| y.ty.clone()).or(want);
            (self.value(first, hint.as_ref(), use_), y)
        } else {
            let x = self.value(first, want.as_ref(), use_.clone());
            let hint = matches!(x.ty, Type::Set(_)).then(|| x.ty.clone()).or(want);
            (x, self.value(second, hint.as_ref(), use_))
        };
        let mut failed = false;
        for arg in [&x, &y] {
            if arg.ty.is_error() {
                failed = true;
            } else if !matches!(arg.ty, Type::Set(_)) {
                let help = match &arg.ty {
                    Type::List(_) => Some(format!(
                        "make a set of the list: `{{x for x in {}}}`",
                        self.text(arg.span)
                    )),
                    _ => None,
                };
                self.report(CheckError::NotASetOperand {
                    span: arg.span,
                    name: name.to_string(),
                    found: self.show(&arg.ty),
                    help,
                });
                failed = true;
            }
        }
        let ty = if failed {
            Type::Error
        } else {
            match join(&x.ty, &y.ty) {
                Some(t) => t,
                None => {
                    self.report(CheckError::SetOperandsDisagree {
                        span: y.span,
                        first_span: x.span,
                        name: name.to_string(),
                        first: self.show(&x.ty),
                        second: self.show(&y.ty),
                    });
                    Type::Error
                }
            }
        };
        mk(
            ExprKind::Builtin {
                func: b,
                args: vec![x, y],
            },
            ty,
            span,
        )
    }

    /// `flatten(xss)`: a list of lists.
    pub(crate) fn flatten(
        &mut self,
        b: &'static Builtin,
        func: &Ident,
        args: &[ast::Expr],
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let [arg] = args else {
            return self.arity_error(&func.node, count_words(1), args, span, None);
        };
        let hint = match exp.map(Type::strip_optional) {
            Some(t @ Type::List(_)) => Some(Type::List(Box::new(t.clone()))),
            _ => None,
        };
        let x = self.value(arg, hint.as_ref(), Use::Arg("flatten".into()));
        let ty = match &x.ty {
            Type::Error => Type::Error,
            Type::List(inner) if matches!(**inner, Type::List(_) | Type::Unknown | Type::Error) => {
                match &**inner {
                    Type::List(_) => (**inner).clone(),
                    Type::Error => Type::Error,
                    _ => Type::List(Box::new(Type::Unknown)),
                }
            }
            other => {
                let help = match other {
                    Type::List(inner) if matches!(**inner, Type::Set(_)) => Some(
                        "`flatten` takes lists; for sets write `{x for s in xss for x in s}`".to_string(),
                    ),
                    Type::Set(_) => Some(
                        "`flatten` takes a list; for a set of sets write `{x for s in xss for x in s}`".to_string(),
                    ),
                    Type::List(_) => Some("the list is already flat".to_string()),
                    _ => None,
                };
                self.report(CheckError::NotAListOfLists {
                    span: x.span,
                    found: self.show(other),
                    help,
                });
                Type::Error
            }
        };
        mk(
            ExprKind::Builtin {
                func: b,
                args: vec![x],
            },
            ty,
            span,
        )
    }
}
