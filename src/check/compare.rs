//! Comparisons (§3): `==`/`!=` with expected types from the other operand,
//! ordering, `in`/`not in`, and unit and currency mismatches.

use crate::ast::{self, BinaryOp, ExprKind as A};
use crate::check::error::CheckError;
use crate::check::ops::binary;
use crate::check::optional::Use;
use crate::check::typeck::{is_bare, widen};
use crate::check::types::{fits, is_number, is_ordered, join};
use crate::check::{Checker, Item};
use crate::data::units::Unit;
use crate::ir::{self, ExprKind, Lit, Type};
use crate::source::Span;

impl Checker<'_> {
    /// Types the two operands of a comparison in the order of §3 (a).
    pub(crate) fn operands(&mut self, lhs: &ast::Expr, rhs: &ast::Expr) -> (ir::Expr, ir::Expr) {
        if priority(self, rhs) > priority(self, lhs) {
            let r = self.expr(rhs, None);
            let hint = r.ty.clone();
            let l = self.expr(lhs, Some(&hint));
            (l, r)
        } else {
            let l = self.expr(lhs, None);
            let hint = l.ty.clone();
            let r = self.expr(rhs, Some(&hint));
            (l, r)
        }
    }

    pub(crate) fn comparison(
        &mut self,
        op: &ast::Spanned<BinaryOp>,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
    ) -> ir::Expr {
        let (l, r) = self.operands(lhs, rhs);
        let use_ = Use::Operator(op.node.as_str().into());
        let l = self.present(l, &use_);
        let r = self.present(r, &use_);
        if l.ty.is_error() || r.ty.is_error() {
            return binary(op.node, l, r, Type::Bool, span);
        }
        let ordering = !matches!(op.node, BinaryOp::Eq | BinaryOp::Ne);
        if ordering {
            let unordered = [&l, &r]
                .into_iter()
                .find(|side| !is_ordered(&side.ty))
                .map(|s| (s.span, s.ty.clone()));
            if let Some((side_span, side_ty)) = unordered {
                let help = match side_ty {
                    Type::Enum(_) | Type::Country | Type::Bool => {
                        Some("compare with `==`, `!=` or `in` instead".to_string())
                    }
                    _ => None,
                };
                self.report(CheckError::Unordered {
                    span: side_span,
                    ty: self.show(&side_ty),
                    op: op.node.as_str().into(),
                    help,
                });
                return binary(op.node, l, r, Type::Bool, span);
            }
        }
        let compatible = (is_number(&l.ty) && is_number(&r.ty)) || join(&l.ty, &r.ty).is_some();
        if !compatible {
            self.incomparable(&l, &r);
        } else if let (Some(a), Some(b)) = (literal_unit(&l), literal_unit(&r)) {
            self.unit_mismatch(&l, a, &r, b);
        }
        binary(op.node, l, r, Type::Bool, span)
    }

    pub(crate) fn unit_mismatch(&mut self, l: &ir::Expr, a: Unit, r: &ir::Expr, b: Unit) {
        if a.dimension() != b.dimension() {
            self.report(CheckError::UnitMismatch {
                lspan: l.span,
                rspan: r.span,
                lunit: a.as_str().into(),
                runit: b.as_str().into(),
                ldim: dimension_word(a).into(),
                rdim: dimension_word(b).into(),
            });
        }
    }

    pub(crate) fn describe(&self, e: &ir::Expr) -> String {
        match (&e.kind, &e.ty) {
            (ExprKind::Lit(Lit::Money { currency, .. }), _) => format!("money ({currency})"),
            (ExprKind::Lit(Lit::Quantity { unit, .. }), _) => {
                format!("quantity ({}, {})", unit.as_str(), dimension_word(*unit))
            }
            (_, Type::Quantity) => "quantity (mass, count or volume)".into(),
            (_, Type::Money) => "money (any currency)".into(),
            (_, ty) => format!("this is `{}`", self.show(ty)),
        }
    }

    pub(crate) fn incomparable(&mut self, l: &ir::Expr, r: &ir::Expr) {
        let help = self.comparison_help(l, r);
        self.report(CheckError::Incomparable {
            lspan: l.span,
            rspan: r.span,
            lhs: self.show(&l.ty),
            rhs: self.show(&r.ty),
            llabel: self.describe(l),
            rlabel: self.describe(r),
            help,
        });
    }

    /// For `item.quantity > 3 USD`: suggest a literal of the right kind, and
    /// a field of the same record that has the literal's type.
    pub(crate) fn comparison_help(&self, l: &ir::Expr, r: &ir::Expr) -> Option<String> {
        let amount = match &r.kind {
            ExprKind::Lit(Lit::Money { amount, .. }) => Some(amount.to_string()),
            ExprKind::Lit(Lit::Quantity { value, .. }) => Some(value.to_string()),
            _ => None,
        }?;
        let example = match l.ty {
            Type::Quantity => format!("`{amount} kg`"),
            Type::Money => format!("`{amount} USD`"),
            _ => return None,
        };
        let mut help = format!("compare with a {} such as {example}", self.show(&l.ty));
        if let ExprKind::Field { base, .. } = &l.kind {
            if let Type::Record(rid) = base.ty.strip_optional() {
                let other = self
                    .fields
                    .get(rid.0 as usize)
                    .and_then(|fs| fs.iter().find(|(_, t)| *t == r.ty))
                    .map(|(n, _)| n.clone());
                if let Some(f) = other {
                    let base_src = self.text(base.span);
                    let lit = self.text(r.span);
                    help.push_str(&format!(", or compare `{base_src}.{f}` with `{lit}`"));
                }
            }
        }
        Some(help)
    }

    pub(crate) fn membership(
        &mut self,
        op: BinaryOp,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
    ) -> ir::Expr {
        let use_ = Use::Operator(op.as_str().into());
        let literal_rhs = matches!(rhs.node, A::Collection { .. } | A::Comprehension { .. });
        let (l, r) = if is_bare(lhs) && !literal_rhs && priority(self, lhs) == 0 {
            let r = self.collection_operand(rhs, None, use_.clone());
            let hint = match &r.ty {
                Type::Map(k, _) => Some((**k).clone()),
                other => other.element().cloned(),
            };
            let l = self.value(lhs, hint.as_ref(), use_);
            (l, r)
        } else if !literal_rhs {
            // The collection first: `k in m` gives k the map's key type
            // (§3 (h)); for a list or set a non-bare left operand takes
            // no type from it (§3 (b) is for literals).
            let r = self.collection_operand(rhs, None, use_.clone());
            let hint = match &r.ty {
                Type::Map(k, _) => Some((**k).clone()),
                _ => None,
            };
            let l = self.value(lhs, hint.as_ref(), use_);
            (l, r)
        } else {
            let l = self.value(lhs, None, use_.clone());
            let hint = match &rhs.node {
                A::Collection { kind, .. } | A::Comprehension { kind, .. } => Some(match kind {
                    ast::CollectionKind::List => Type::List(Box::new(l.ty.clone())),
                    ast::CollectionKind::Set => Type::Set(Box::new(l.ty.clone())),
                }),
                _ => None,
            };
            let r = self.value(rhs, hint.as_ref(), use_);
            (l, r)
        };
        if let Type::Map(k, _) = &r.ty {
            let k = (**k).clone();
            let l = self.check_fits(l, &k, "a key of this map");
            return binary(op, l, r, Type::Bool, span);
        }
        let l = match r.ty.element() {
            Some(elem) => widen(l, elem),
            None => l,
        };
        match r.ty.element().cloned() {
            None if !r.ty.is_error() => {
                let help = (r.ty == Type::String).then(|| {
                    format!(
                        "to look for text in a string, write `contains({}, {})`",
                        self.text(r.span),
                        self.text(l.span)
                    )
                });
                self.report(CheckError::NotACollection {
                    span: r.span,
                    op: op.as_str().into(),
                    ty: self.show(&r.ty),
                    help,
                });
            }
            Some(elem) if !(fits(&l.ty, &elem) || fits(&elem, &l.ty)) => {
                let help = match (&l.ty, &elem) {
                    (Type::Country, Type::String) => Some(
                        "a `country` is never a `string`; declare the set as `set<country>`"
                            .to_string(),
                    ),
                    (Type::String, Type::Country) => Some(
                        "a `string` never converts to `country`; compare a `country` value"
                            .to_string(),
                    ),
                    _ => None,
                };
                self.report(CheckError::ElementMismatch {
                    span: l.span,
                    cspan: r.span,
                    elem: self.show(&l.ty),
                    coll: self.show(&r.ty),
                    help,
                });
            }
            _ => {}
        }
        binary(op, l, r, Type::Bool, span)
    }
}

/// The unit of a quantity literal (possibly negated).
pub(crate) fn literal_unit(e: &ir::Expr) -> Option<Unit> {
    match &e.kind {
        ExprKind::Lit(Lit::Quantity { unit, .. }) => Some(*unit),
        ExprKind::Neg(inner) => literal_unit(inner),
        _ => None,
    }
}

pub(crate) fn dimension_word(u: Unit) -> &'static str {
    u.dimension().as_str()
}

/// Which operand of a comparison to type first: a non-bare operand gives
/// its type to a bare one (§3 (a)); between two bare ones a name that is a
/// binding or constant goes first.
pub(crate) fn priority(c: &Checker<'_>, e: &ast::Expr) -> u8 {
    match &e.node {
        A::Lit(_) => 0,
        A::Name(n) => {
            let known =
                c.ctx.scope.lookup(n).is_some() || matches!(c.lookup_item(n), Some(Item::Const(_)));
            u8::from(known)
        }
        _ => 2,
    }
}
