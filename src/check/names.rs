//! Names in expressions (§3): bindings, constants, bare and qualified enum
//! variants by expected type, and the did-you-mean for unknown names and
//! country codes.

use crate::ast::{self, ExprKind as A};
use crate::check::error::CheckError;
use crate::check::suggest::best as did_you_mean;
use crate::check::typeck::mk;
use crate::check::{error_expr, Checker, Item};
use crate::data::countries::{accepted_codes, suggest_country};
use crate::data::suggest::edit_distance;
use crate::ir::{self, EnumId, ExprKind, Lit, Type};
use crate::source::Span;

impl Checker<'_> {
    pub(crate) fn name(&mut self, n: &str, span: Span, exp: Option<&Type>) -> ir::Expr {
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
            return mk(ExprKind::Local(ir::LocalSlot(slot)), ty, span);
        }
        match self.lookup_item(n) {
            Some(Item::Const(id)) => {
                if let Some((eid, _)) = variant {
                    // Referred to, even if ambiguously: no "unused" on top.
                    self.used.insert(Item::Const(id));
                    let declared = self.item_span(Item::Const(id));
                    return self.ambiguous(n, span, declared, "constant", eid);
                }
                if self.is_dated_const(id) {
                    self.used.insert(Item::Const(id));
                    self.dated_misuse(
                        id,
                        span,
                        "as a value",
                        "a value here, where only its rows on a date can be read",
                    );
                    return error_expr(span);
                }
                self.depend(Item::Const(id), span);
                let ty = self.const_type(id);
                return mk(ExprKind::Const(ir::ConstId(id)), ty, span);
            }
            Some(item) if variant.is_none() => {
                self.not_a_value(n, item, span);
                return error_expr(span);
            }
            _ => {}
        }
        if n == "as_of" {
            self.ctx.as_of.get_or_insert(span);
            return mk(ExprKind::AsOf, Type::Date, span);
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
        let country = exp.map(Type::strip_optional) == Some(&Type::Country);
        self.unknown_name(n, span, expected_enum, country);
        error_expr(span)
    }

    pub(crate) fn ambiguous(
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

    pub(crate) fn not_a_value(&mut self, n: &str, item: Item, span: Span) {
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

    pub(crate) fn unknown_name(
        &mut self,
        n: &str,
        span: Span,
        expected_enum: Option<EnumId>,
        country: bool,
    ) {
        if self.is_poisoned(n) {
            return;
        }
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
        let as_country = if country { suggest_country(n) } else { None };
        let help = if let Some(code) = as_country {
            Some(format!(
                "a country is written as its code in quotes: `\"{code}\"`"
            ))
        } else if self.ctx.hidden_binding.as_deref() == Some(n) {
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
    pub(crate) fn visible_consts(&self) -> Vec<String> {
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

    /// `E.v` where `E` names an enum (and no binding or constant).
    pub(crate) fn qualified_variant(
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
        return Some("did you mean a member state such as `DE` or `FR`? `EU` is the European Union, not a country: list the member states, e.g. `{\"DE\", \"FR\", …}`".into());
    }
    if let Some(s) = suggest_country(code) {
        return Some(format!("did you mean `{s}`?"));
    }
    // Two-letter slips: the assigned codes one edit away that share a letter
    // position with the input, at most four.
    let upper = code.to_ascii_uppercase();
    let near: Vec<String> = accepted_codes()
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
