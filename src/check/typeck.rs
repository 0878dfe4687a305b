//! Expression typing: the dispatcher, literals, field access and the
//! "expected type" entry points (§3). Names (`names.rs`), operators,
//! comparisons, calls, collections, records and `load` have their own files.

use rust_decimal::Decimal;

use crate::ast::{self, ExprKind as A, Literal};
use crate::check::error::CheckError;
use crate::check::names::country_help;
use crate::check::optional::Use;
use crate::check::scope::path_of;
use crate::check::suggest::best as did_you_mean;
use crate::check::types::{fits, optional};
use crate::check::{error_expr, Checker};
use crate::data::countries::is_country;
use crate::ir::{self, Conversion, ExprKind, Lit, Type};
use crate::source::Span;

/// Builds a typed expression.
pub(crate) fn mk(kind: ExprKind, ty: Type, span: Span) -> ir::Expr {
    ir::Expr { kind, ty, span }
}

/// An `int` value where a `decimal` is expected becomes a `decimal`, so
/// that every value at run time has exactly its static type (a set of
/// decimals never holds an int). A literal is converted here; any other
/// expression gets an explicit [`Conversion::IntToDecimal`] node.
pub(crate) fn widen(mut x: ir::Expr, to: &Type) -> ir::Expr {
    if x.ty != Type::Int || *to.strip_optional() != Type::Decimal {
        return x;
    }
    if let ExprKind::Lit(Lit::Int(i)) = x.kind {
        x.kind = ExprKind::Lit(Lit::Decimal(Decimal::from(i)));
        x.ty = Type::Decimal;
        return x;
    }
    let span = x.span;
    mk(
        ExprKind::Convert {
            expr: Box::new(x),
            to: Conversion::IntToDecimal,
        },
        Type::Decimal,
        span,
    )
}

/// Whether an expression is a bare identifier or literal (§3 (a)).
pub(crate) fn is_bare(e: &ast::Expr) -> bool {
    matches!(e.node, A::Name(_) | A::Lit(_))
}

impl Checker<'_> {
    /// Types `e`, using `exp` as its expected type where §3 says so. The
    /// result may be optional; consumers that need a present value use
    /// [`Checker::value`] or [`Checker::expect_type`].
    pub(crate) fn expr(&mut self, e: &ast::Expr, exp: Option<&Type>) -> ir::Expr {
        let span = e.span;
        match &e.node {
            A::Lit(lit) => self.literal(lit, span, exp),
            A::Name(n) => self.name(n, span, exp),
            A::Paren(inner) => {
                let mut x = self.expr(inner, exp);
                x.span = span;
                x
            }
            A::Field {
                base,
                name,
                optional,
            } => self.field(base, name, *optional, span),
            A::Call { func, args } => self.call(func, args, span, exp),
            A::Index { base, index } => self.index(base, index, span),
            A::Slice { base, lo, hi } => self.slice(base, lo.as_deref(), hi.as_deref(), span),
            A::With { base, updates } => self.with(base, updates, span),
            A::Unary { op, expr } => self.unary(op, expr, span, exp),
            A::Binary { op, lhs, rhs } => self.binary(op, lhs, rhs, span, exp),
            A::Is { expr, present } => self.is(expr, *present, span),
            A::If {
                cond,
                then,
                otherwise,
            } => self.if_expr(cond, then, otherwise, span, exp),
            A::Quantifier {
                kind,
                var,
                iter,
                body,
            } => self.quantifier(*kind, var, iter, body, span),
            A::Aggregate {
                kind,
                var,
                iter,
                body,
            } => self.aggregate(*kind, var, iter, body, span, exp),
            A::Comprehension {
                kind,
                elem,
                clauses,
            } => self.comprehension(*kind, elem, clauses, span, exp),
            A::Collection { kind, elems } => self.collection(*kind, elems, span, exp),
            A::Record { name, fields } => self.record(name, fields, span),
            A::Map { entries } => self.map_literal(entries, span, exp),
            A::Load {
                path,
                column,
                as_type,
                key,
                dated,
            } => self.load(
                path,
                column.as_ref(),
                as_type.as_deref(),
                key.as_deref(),
                dated.as_deref(),
                span,
                exp,
            ),
            A::Error => error_expr(span),
        }
    }

    /// Types `e` where a present value is needed (`use_` says for what).
    pub(crate) fn value(&mut self, e: &ast::Expr, exp: Option<&Type>, use_: Use) -> ir::Expr {
        let x = self.expr(e, exp);
        self.present(x, &use_)
    }

    /// Types `e` against `ty` (its expected type) and reports a mismatch.
    pub(crate) fn expect_type(&mut self, e: &ast::Expr, ty: &Type, why: &str) -> ir::Expr {
        let x = self.expr(e, Some(ty));
        let x = match ty {
            Type::Optional(_) => x,
            Type::Bool => self.present(x, &Use::Condition),
            other => self.present(x, &Use::Expected(other.clone())),
        };
        self.check_fits(x, ty, why)
    }

    /// Reports `x` when its type does not fit `ty`, and widens int literals.
    pub(crate) fn check_fits(&mut self, mut x: ir::Expr, ty: &Type, why: &str) -> ir::Expr {
        if !fits(&x.ty, ty) {
            let help = self.mismatch_help(&x.ty, ty);
            self.report(CheckError::Mismatch {
                span: x.span,
                expected: self.show(ty),
                found: self.show(&x.ty),
                label: why.to_string(),
                help,
            });
            x.ty = Type::Error;
            return x;
        }
        widen(x, ty)
    }

    fn mismatch_help(&self, found: &Type, expected: &Type) -> Option<String> {
        match (found, expected.strip_optional()) {
            (Type::String, Type::Country) => Some(
                "a `string` never converts to `country`; write a code literal such as `\"JP\"`, or declare the value as `country`"
                    .into(),
            ),
            (Type::Country, Type::String) => Some("a `country` is not a `string`; compare it with another `country`".into()),
            (Type::List(_), Type::Set(_)) => Some("write the elements in `{…}` to make a set".into()),
            (Type::Decimal, Type::Int) => Some("a `decimal` does not convert to `int`".into()),
            _ => None,
        }
    }

    fn literal(&mut self, lit: &Literal, span: Span, exp: Option<&Type>) -> ir::Expr {
        let want = exp.map(Type::strip_optional);
        let (lit, ty) = match lit {
            Literal::Missing => return self.missing(span, exp),
            Literal::Bool(b) => (Lit::Bool(*b), Type::Bool),
            Literal::Int(i) if want == Some(&Type::Decimal) => {
                (Lit::Decimal(Decimal::from(*i)), Type::Decimal)
            }
            Literal::Int(i) => (Lit::Int(*i), Type::Int),
            Literal::Decimal(d) => (Lit::Decimal(*d), Type::Decimal),
            Literal::Percent(d) => {
                let v = d.checked_div(Decimal::ONE_HUNDRED).unwrap_or(*d);
                (Lit::Decimal(v), Type::Decimal)
            }
            Literal::Quantity { value, unit } => (
                Lit::Quantity {
                    value: *value,
                    unit: *unit,
                },
                Type::Quantity,
            ),
            Literal::Money { amount, currency } => (
                Lit::Money {
                    amount: *amount,
                    currency: currency.clone(),
                },
                Type::Money,
            ),
            Literal::Date(d) => (Lit::Date(*d), Type::Date),
            Literal::Duration(n) => (Lit::Duration(*n), Type::Duration),
            Literal::Str(s) => {
                // Messages are checked in `rules.rs`; every other string
                // expression must be plain text (§6).
                let Some(text) = s.as_plain() else {
                    let at = s
                        .parts
                        .iter()
                        .find_map(|p| match p {
                            ast::StrPart::Interp(e, _) => Some(e.span),
                            ast::StrPart::Text(_) => None,
                        })
                        .unwrap_or(span);
                    self.report(CheckError::InterpolationNotAllowed { span: at });
                    return error_expr(span);
                };
                if want == Some(&Type::Country) {
                    self.country_literal(&text, span);
                    (Lit::Country(text), Type::Country)
                } else {
                    (Lit::Str(text), Type::String)
                }
            }
        };
        mk(ExprKind::Lit(lit), ty, span)
    }

    /// Validates a country code literal (§3 Countries).
    pub(crate) fn country_literal(&mut self, code: &str, span: Span) {
        if is_country(code) {
            return;
        }
        let help = country_help(code);
        self.report(CheckError::UnknownCountry {
            span,
            code: code.to_string(),
            help,
        });
    }

    fn field(&mut self, base: &ast::Expr, name: &ast::Ident, opt: bool, span: Span) -> ir::Expr {
        if let Some(x) = self.qualified_variant(base, name, span) {
            return x;
        }
        let b = self.expr(base, None);
        if b.ty.is_error() || b.ty == Type::Unknown {
            return error_expr(span);
        }
        let base_optional = b.ty.is_optional();
        let Type::Record(rid) = b.ty.strip_optional().clone() else {
            let ty = self.show(b.ty.strip_optional());
            self.report(CheckError::NoFields {
                span: b.span,
                name: name.node.clone(),
                ty,
            });
            return error_expr(span);
        };
        let Some(slot) = self
            .field_slots
            .get(rid.0 as usize)
            .and_then(|m| m.get(&name.node))
            .copied()
        else {
            let record = self
                .record_names
                .get(rid.0 as usize)
                .cloned()
                .unwrap_or_default();
            let help = self
                .fields
                .get(rid.0 as usize)
                .and_then(|fs| did_you_mean(&name.node, fs.iter().map(|(n, _)| n.as_str())))
                .map(|s| format!("did you mean `{s}`?"));
            self.report(CheckError::UnknownField {
                span: name.span,
                record,
                name: name.node.clone(),
                help,
            });
            return error_expr(span);
        };
        let fty = self
            .fields
            .get(rid.0 as usize)
            .and_then(|fs| fs.get(slot as usize))
            .map(|(_, t)| t.clone())
            .unwrap_or(Type::Error);
        let b = if opt {
            if !base_optional {
                self.never_absent("?.", &b, "use `.` to read the field");
            }
            b
        } else if base_optional {
            self.present(b, &Use::Field(name.node.clone(), fty.clone()))
        } else {
            b
        };
        let ty = if opt && base_optional {
            optional(fty)
        } else {
            fty
        };
        let mut x = mk(
            ExprKind::Field {
                base: Box::new(b),
                slot,
                optional: opt,
            },
            ty,
            span,
        );
        if let Type::Optional(inner) = &x.ty {
            if path_of(&x).is_some_and(|p| self.ctx.scope.is_narrowed(&p)) {
                x.ty = (**inner).clone();
            }
        }
        x
    }
}
