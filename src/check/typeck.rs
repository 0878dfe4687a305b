//! Expression typing: the dispatcher, literals, names, enum variants, field
//! access and the "expected type" entry points (§3). Operators, calls,
//! collections and `load` live in their own files.

use rust_decimal::Decimal;

use crate::ast::{self, ExprKind as A, Literal};
use crate::check::error::CheckError;
use crate::check::optional::Use;
use crate::check::scope::path_of;
use crate::check::types::{fits, optional};
use crate::check::{error_expr, Checker, Ctx, Item, State};
use crate::data::countries::{is_country, suggest_country, COUNTRIES};
use crate::data::suggest::{did_you_mean, edit_distance};
use crate::ir::{self, EnumId, ExprKind, Lit, Type};
use crate::source::Span;

/// Builds a typed expression.
pub(crate) fn mk(kind: ExprKind, ty: Type, span: Span) -> ir::Expr {
    ir::Expr { kind, ty, span }
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
                var,
                iter,
                filter,
            } => self.comprehension(*kind, elem, var, iter, filter.as_deref(), span, exp),
            A::Collection { kind, elems } => self.collection(*kind, elems, span, exp),
            A::Record { name, fields } => self.record(name, fields, span),
            A::Load {
                path,
                column,
                as_type,
            } => self.load(path, column.as_ref(), as_type.as_ref(), span, exp),
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
        if x.ty == Type::Int && *ty.strip_optional() == Type::Decimal {
            if let ExprKind::Lit(Lit::Int(i)) = x.kind {
                x.kind = ExprKind::Lit(Lit::Decimal(Decimal::from(i)));
                x.ty = Type::Decimal;
            }
        }
        x
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
                // Interpolation outside a message is a syntax error already.
                let Some(text) = s.as_plain() else {
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

    fn name(&mut self, n: &str, span: Span, exp: Option<&Type>) -> ir::Expr {
        let expected_enum = match exp.map(Type::strip_optional) {
            Some(Type::Enum(id)) => Some(*id),
            _ => None,
        };
        let variant = expected_enum.and_then(|id| self.variant_index(id, n).map(|v| (id, v)));
        if let Some(b) = self.ctx.scope.lookup(n) {
            let (slot, ty, declared) = (b.slot, b.ty.clone(), b.span);
            if let Some((id, _)) = variant {
                return self.ambiguous(n, span, declared, "binding", id);
            }
            let ty = match ty {
                Type::Optional(inner) if self.ctx.scope.is_narrowed(&[slot]) => *inner,
                other => other,
            };
            return mk(ExprKind::Local(slot), ty, span);
        }
        match self.lookup_item(n) {
            Some(Item::Const(id)) => {
                if let Some((eid, _)) = variant {
                    let declared = self.item_span(Item::Const(id));
                    return self.ambiguous(n, span, declared, "constant", eid);
                }
                self.depend(Item::Const(id), span);
                let ty = self.const_type(id);
                return mk(ExprKind::Const(id), ty, span);
            }
            Some(item) if variant.is_none() => {
                self.not_a_value(n, item, span);
                return error_expr(span);
            }
            _ => {}
        }
        if let Some((id, index)) = variant {
            return mk(
                ExprKind::Lit(Lit::Variant { enum_id: id, index }),
                Type::Enum(id),
                span,
            );
        }
        if exp.is_some_and(Type::is_error) {
            // The other side of a comparison (or the collection) already
            // failed; a bare name here is most likely a variant of the type
            // we could not find, so say nothing more.
            return error_expr(span);
        }
        self.unknown_name(n, span, expected_enum);
        error_expr(span)
    }

    fn ambiguous(
        &mut self,
        n: &str,
        span: Span,
        declared: Span,
        what: &str,
        id: EnumId,
    ) -> ir::Expr {
        let enum_name = self
            .enum_names
            .get(id.0 as usize)
            .cloned()
            .unwrap_or_default();
        let (declared, elsewhere) = self.secondary(
            span,
            declared,
            format!("the {what} `{n}` is declared here"),
            "declared here",
        );
        self.report(CheckError::AmbiguousVariant {
            span,
            declared,
            elsewhere,
            name: n.to_string(),
            what: what.to_string(),
            enum_name,
        });
        error_expr(span)
    }

    fn not_a_value(&mut self, n: &str, item: Item, span: Span) {
        let (what, help) = match item {
            Item::Func(_) => ("a function", Some(format!("call it: `{n}(…)`"))),
            Item::Enum(id) => {
                let first = self
                    .enums
                    .get(id as usize)
                    .and_then(|e| e.variants.first())
                    .map(|v| v.node.clone())
                    .unwrap_or_default();
                (
                    "an enum type",
                    Some(format!("name one of its variants, e.g. `{n}.{first}`")),
                )
            }
            Item::Record(_) => (
                "a record type",
                Some(format!("build a value with `{n} {{ field: value, … }}`")),
            ),
            Item::Policy(_) => ("a policy", None),
            Item::Const(_) => ("a constant", None),
        };
        self.report(CheckError::NotAValue {
            span,
            name: n.to_string(),
            what: what.to_string(),
            help,
        });
    }

    fn unknown_name(&mut self, n: &str, span: Span, expected_enum: Option<EnumId>) {
        if let Some(id) = expected_enum {
            let variants: Vec<&str> = self
                .enums
                .get(id.0 as usize)
                .map(|e| e.variants.iter().map(|v| v.node.as_str()).collect())
                .unwrap_or_default();
            if let Some(s) = did_you_mean(n, variants.iter().copied()) {
                let enum_name = self
                    .enum_names
                    .get(id.0 as usize)
                    .cloned()
                    .unwrap_or_default();
                self.report(CheckError::UnknownVariant {
                    span,
                    enum_name,
                    name: n.to_string(),
                    help: Some(format!("did you mean `{s}`?")),
                });
                return;
            }
        }
        if let Some(owners) = self.variant_owners.get(n) {
            let names: Vec<String> = owners
                .iter()
                .filter_map(|o| self.enum_names.get(*o as usize))
                .map(|e| format!("`{e}`"))
                .collect();
            let qualified: Vec<String> = owners
                .iter()
                .filter_map(|o| self.enum_names.get(*o as usize))
                .map(|e| format!("`{e}.{n}`"))
                .collect();
            self.report(CheckError::BareVariant {
                span,
                name: n.to_string(),
                enums: join_words(&names, "and"),
                qualified: join_words(&qualified, "or"),
            });
            return;
        }
        let help = if self.ctx.hidden_binding.as_deref() == Some(n) {
            Some(format!(
                "`{n}` is the policy's binding, which a `def` or `const` cannot see; pass it as a parameter"
            ))
        } else {
            let mut candidates: Vec<String> = self.ctx.scope.names().map(str::to_string).collect();
            candidates.extend(self.visible_consts());
            did_you_mean(n, candidates.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"))
        };
        self.report(CheckError::UnknownName {
            span,
            name: n.to_string(),
            help,
        });
    }

    /// Names of constants visible in the current context.
    fn visible_consts(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .names
            .iter()
            .filter(|(_, i)| matches!(i, Item::Const(_)))
            .map(|(n, _)| n.clone())
            .collect();
        if let Some(p) = self.ctx.policy.and_then(|p| self.policies.get(p as usize)) {
            out.extend(
                p.locals
                    .iter()
                    .filter(|(_, i)| matches!(i, Item::Const(_)))
                    .map(|(n, _)| n.clone()),
            );
        }
        out
    }

    /// A package or policy-local item by name (policy-local first).
    pub(crate) fn lookup_item(&self, n: &str) -> Option<Item> {
        if let Some(p) = self.ctx.policy.and_then(|p| self.policies.get(p as usize)) {
            if let Some(item) = p.locals.get(n) {
                return Some(*item);
            }
        }
        self.names.get(n).copied()
    }

    /// The index of variant `v` of enum `id`.
    pub(crate) fn variant_index(&self, id: EnumId, v: &str) -> Option<u32> {
        self.variants
            .get(id.0 as usize)
            .and_then(|m| m.get(v))
            .copied()
    }

    /// The type of a constant, checking its initialiser first if it has no
    /// annotation. A constant met while it is being checked is part of a
    /// cycle, reported once by the cycle pass; here it is poison.
    pub(crate) fn const_type(&mut self, id: u32) -> Type {
        if let Some(t) = self
            .consts
            .get(id as usize)
            .and_then(|s| s.annotated.clone())
        {
            return t;
        }
        self.ensure_const(id);
        match self.consts.get(id as usize) {
            Some(s) if s.state == State::Done => s.ty.clone(),
            _ => Type::Error,
        }
    }

    /// Checks a constant's initialiser once.
    pub(crate) fn ensure_const(&mut self, id: u32) {
        let Some(slot) = self.consts.get_mut(id as usize) else {
            return;
        };
        if slot.state != State::Todo {
            return;
        }
        slot.state = State::Busy;
        let (decl, policy, annotated) = (slot.decl, slot.policy, slot.annotated.clone());
        let ctx = Ctx {
            policy,
            hidden_binding: policy
                .and_then(|p| self.policies.get(p as usize))
                .map(|p| p.decl.binding.node.clone()),
            ..Ctx::default()
        };
        let (value, deps, frame) = self.in_fresh_ctx(ctx, |c| match &annotated {
            Some(t) => c.expect_type(&decl.value, t, "the constant's declared type"),
            None => {
                let x = c.value(&decl.value, None, Use::Value("a constant".into()));
                if crate::check::types::has_unknown(&x.ty) {
                    c.report(CheckError::UnknownElementType {
                        span: decl.value.span,
                    });
                }
                x
            }
        });
        if let Some(slot) = self.consts.get_mut(id as usize) {
            slot.ty = annotated.unwrap_or_else(|| value.ty.clone());
            slot.ir = Some(value);
            slot.deps = deps;
            slot.frame = frame;
            slot.state = State::Done;
        }
    }

    fn field(&mut self, base: &ast::Expr, name: &ast::Ident, opt: bool, span: Span) -> ir::Expr {
        if let Some(x) = self.qualified_variant(base, name, span) {
            return x;
        }
        let b = self.expr(base, None);
        if b.ty == Type::Error {
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

    /// `E.v` where `E` names an enum (and no binding or constant).
    fn qualified_variant(
        &mut self,
        base: &ast::Expr,
        name: &ast::Ident,
        span: Span,
    ) -> Option<ir::Expr> {
        let A::Name(n) = &base.node else { return None };
        if self.ctx.scope.lookup(n).is_some() {
            return None;
        }
        let Some(Item::Enum(id)) = self.lookup_item(n) else {
            return None;
        };
        let id = EnumId(id);
        if let Some(index) = self.variant_index(id, &name.node) {
            return Some(mk(
                ExprKind::Lit(Lit::Variant { enum_id: id, index }),
                Type::Enum(id),
                span,
            ));
        }
        let help = self
            .enums
            .get(id.0 as usize)
            .and_then(|e| did_you_mean(&name.node, e.variants.iter().map(|v| v.node.as_str())))
            .map(|s| format!("did you mean `{s}`?"));
        self.report(CheckError::UnknownVariant {
            span: name.span,
            enum_name: n.clone(),
            name: name.node.clone(),
            help,
        });
        Some(error_expr(span))
    }
}

/// "a, b and c"
pub(crate) fn join_words(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// The help for an unassigned country code.
pub(crate) fn country_help(code: &str) -> Option<String> {
    if code.eq_ignore_ascii_case("EU") {
        return Some("`EU` is the European Union, not a country; list the member states, e.g. `{\"DE\", \"FR\", …}`".into());
    }
    if let Some(s) = suggest_country(code) {
        return Some(format!("did you mean `{s}`?"));
    }
    // Two-letter slips: the assigned codes one edit away that share a letter
    // position with the input, at most four.
    let upper = code.to_ascii_uppercase();
    let near: Vec<String> = COUNTRIES
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| {
            upper.len() == 2 && edit_distance(&upper, c) == 1 && upper.get(..1) == c.get(..1)
        })
        .take(4)
        .map(|c| format!("`{c}`"))
        .collect();
    if near.is_empty() {
        Some("country codes are ISO 3166-1 alpha-2, e.g. `JP`, `DE`, `US`".into())
    } else {
        Some(format!("did you mean {}?", join_words(&near, "or")))
    }
}
