//! Collections and records (§6): binders (quantifiers, comprehensions),
//! list/set literals, index and slice, `with { … }` and record construction.

use rustc_hash::FxHashMap;

use crate::ast::{self, CollectionKind, FieldInit, Ident, QuantKind, WithUpdate};
use crate::check::error::CheckError;
use crate::check::optional::Use;
use crate::check::scope::facts_if_true;
use crate::check::suggest::best as did_you_mean;
use crate::check::typeck::{mk, widen};
use crate::check::types::join;
use crate::check::{error_expr, Checker};
use crate::ir::{self, ExprKind, RecordId, Type};
use crate::source::Span;

fn wrap(kind: CollectionKind, t: Type) -> Type {
    match kind {
        CollectionKind::List => Type::List(Box::new(t)),
        CollectionKind::Set => Type::Set(Box::new(t)),
    }
}

impl Checker<'_> {
    /// Types the collection of a binder and returns its element type.
    pub(crate) fn iterable(&mut self, iter: &ast::Expr) -> (ir::Expr, Type) {
        let x = self.value(iter, None, Use::Iterate);
        let elem = match &x.ty {
            Type::List(t) | Type::Set(t) => (**t).clone(),
            Type::Error => Type::Error,
            other => {
                let ty = self.show(other);
                self.report(CheckError::NotIterable { span: x.span, ty });
                Type::Error
            }
        };
        (x, elem)
    }

    pub(crate) fn quantifier(
        &mut self,
        kind: QuantKind,
        var: &Ident,
        iter: &ast::Expr,
        body: &ast::Expr,
        span: Span,
    ) -> ir::Expr {
        let (it, elem) = self.iterable(iter);
        let slot = self.bind(var, elem);
        let why = format!(
            "the condition of `{}` must be `bool`",
            if kind == QuantKind::All { "all" } else { "any" }
        );
        let body = self.expect_type(body, &Type::Bool, &why);
        self.unbind();
        mk(
            ExprKind::Quantifier {
                all: kind == QuantKind::All,
                slot,
                iter: Box::new(it),
                body: Box::new(body),
            },
            Type::Bool,
            span,
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn comprehension(
        &mut self,
        kind: CollectionKind,
        elem: &ast::Expr,
        var: &Ident,
        iter: &ast::Expr,
        filter: Option<&ast::Expr>,
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let hint = exp
            .map(Type::strip_optional)
            .and_then(Type::element)
            .cloned();
        let (it, et) = self.iterable(iter);
        let slot = self.bind(var, et);
        // The filter runs first for each element, so what it proves present
        // is present in the element expression.
        let filter = filter
            .map(|f| self.expect_type(f, &Type::Bool, "a comprehension's `if` must be `bool`"));
        let mark = self.ctx.scope.fact_mark();
        if let Some(f) = &filter {
            self.ctx.scope.add_facts(facts_if_true(f));
        }
        let x = match &hint {
            Some(h) => {
                let x = self.expr(elem, Some(h));
                let x = if h.is_optional() {
                    x
                } else {
                    self.present(x, &Use::Value("an element".into()))
                };
                let why = format!("an element of `{}`", self.show(&wrap(kind, h.clone())));
                self.check_fits(x, h, &why)
            }
            None => self.value(elem, None, Use::Value("an element".into())),
        };
        self.ctx.scope.truncate_facts(mark);
        self.unbind();
        let ty = wrap(kind, hint.unwrap_or_else(|| x.ty.clone()));
        mk(
            ExprKind::Comprehension {
                set: kind == CollectionKind::Set,
                elem: Box::new(x),
                slot,
                iter: Box::new(it),
                filter: filter.map(Box::new),
            },
            ty,
            span,
        )
    }

    pub(crate) fn collection(
        &mut self,
        kind: CollectionKind,
        elems: &[ast::Expr],
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let hint = exp
            .map(Type::strip_optional)
            .and_then(Type::element)
            .cloned();
        let mut out = Vec::with_capacity(elems.len());
        let mut ty: Option<Type> = None;
        for e in elems {
            match &hint {
                Some(h) => {
                    let x = self.expr(e, Some(h));
                    let x = if h.is_optional() {
                        x
                    } else {
                        self.present(x, &Use::Value("an element".into()))
                    };
                    let why = format!("an element of `{}`", self.show(&wrap(kind, h.clone())));
                    out.push(self.check_fits(x, h, &why));
                }
                None => {
                    let x = self.value(e, ty.as_ref(), Use::Value("an element".into()));
                    ty = match &ty {
                        None => Some(x.ty.clone()),
                        Some(t) => match join(t, &x.ty) {
                            Some(j) => Some(j),
                            None => {
                                let first_span =
                                    out.first().map(|f: &ir::Expr| f.span).unwrap_or(span);
                                self.report(CheckError::Disagree {
                                    span: x.span,
                                    first_span,
                                    what: format!(
                                        "the elements of this {}",
                                        if kind == CollectionKind::Set {
                                            "set"
                                        } else {
                                            "list"
                                        }
                                    ),
                                    first: self.show(t),
                                    second: self.show(&x.ty),
                                    help: Some(
                                        "all elements of a list or set have one type".into(),
                                    ),
                                });
                                Some(Type::Error)
                            }
                        },
                    };
                    out.push(x);
                }
            }
        }
        let elem = hint.or(ty).unwrap_or(Type::Unknown);
        let out = out.into_iter().map(|x| widen(x, &elem)).collect();
        mk(
            ExprKind::Collection {
                set: kind == CollectionKind::Set,
                elems: out,
            },
            wrap(kind, elem),
            span,
        )
    }

    fn list_element(&mut self, b: &ir::Expr) -> Type {
        match &b.ty {
            Type::List(t) => (**t).clone(),
            Type::Error => Type::Error,
            other => {
                let help = matches!(other, Type::Set(_)).then(|| {
                    "a set has no positions; use `in` or a quantifier, or build a list".to_string()
                });
                self.report(CheckError::NotIndexable {
                    span: b.span,
                    ty: self.show(other),
                    help,
                });
                Type::Error
            }
        }
    }

    pub(crate) fn index(&mut self, base: &ast::Expr, index: &ast::Expr, span: Span) -> ir::Expr {
        let b = self.value(base, None, Use::Index);
        let elem = self.list_element(&b);
        let i = self.expect_type(index, &Type::Int, "an index must be `int`");
        mk(
            ExprKind::Index {
                base: Box::new(b),
                index: Box::new(i),
            },
            elem,
            span,
        )
    }

    pub(crate) fn slice(
        &mut self,
        base: &ast::Expr,
        lo: Option<&ast::Expr>,
        hi: Option<&ast::Expr>,
        span: Span,
    ) -> ir::Expr {
        let b = self.value(base, None, Use::Index);
        let elem = self.list_element(&b);
        let lo =
            lo.map(|e| Box::new(self.expect_type(e, &Type::Int, "a slice bound must be `int`")));
        let hi =
            hi.map(|e| Box::new(self.expect_type(e, &Type::Int, "a slice bound must be `int`")));
        let ty = if elem == Type::Error {
            Type::Error
        } else {
            Type::List(Box::new(elem))
        };
        mk(
            ExprKind::Slice {
                base: Box::new(b),
                lo,
                hi,
            },
            ty,
            span,
        )
    }

    /// The slot and type of field `name` of record `rid`, or a reported E0201.
    fn record_field(&mut self, rid: RecordId, name: &Ident) -> Option<(u32, Type)> {
        let slot = self
            .field_slots
            .get(rid.0 as usize)
            .and_then(|m| m.get(&name.node))
            .copied();
        let fields = self.fields.get(rid.0 as usize);
        match slot.and_then(|s| {
            fields
                .and_then(|f| f.get(s as usize))
                .map(|(_, t)| (s, t.clone()))
        }) {
            Some(found) => Some(found),
            None => {
                let help = fields
                    .and_then(|fs| did_you_mean(&name.node, fs.iter().map(|(n, _)| n.as_str())))
                    .map(|s| format!("did you mean `{s}`?"));
                let record = self
                    .record_names
                    .get(rid.0 as usize)
                    .cloned()
                    .unwrap_or_default();
                self.report(CheckError::UnknownField {
                    span: name.span,
                    record,
                    name: name.node.clone(),
                    help,
                });
                None
            }
        }
    }

    pub(crate) fn with(
        &mut self,
        base: &ast::Expr,
        updates: &[WithUpdate],
        span: Span,
    ) -> ir::Expr {
        let b = self.value(base, None, Use::Value("the record of `with`".into()));
        let rid = match &b.ty {
            Type::Record(r) => Some(*r),
            Type::Error => None,
            other => {
                let first = updates
                    .first()
                    .and_then(|u| u.path.first())
                    .map(|i| i.node.clone())
                    .unwrap_or_default();
                self.report(CheckError::NoFields {
                    span: b.span,
                    name: first,
                    ty: self.show(other),
                });
                None
            }
        };
        let mut seen: FxHashMap<Vec<u32>, Span> = FxHashMap::default();
        let mut out = Vec::with_capacity(updates.len());
        for u in updates {
            // With the record or the path unknown, the value is still
            // checked, against the poison type so a bare variant is quiet.
            let Some((slots, fty)) = rid.and_then(|rid| self.with_path(rid, &u.path)) else {
                if let Some(v) = &u.value {
                    self.expr(v, Some(&Type::Error));
                }
                continue;
            };
            let path: Vec<&str> = u.path.iter().map(|i| i.node.as_str()).collect();
            let path = path.join(".");
            if let Some(first) = seen.get(&slots) {
                self.report(CheckError::DuplicateWithPath {
                    span: u.span,
                    first: *first,
                    path: path.clone(),
                });
            } else {
                seen.insert(slots.clone(), u.span);
            }
            let value = match &u.value {
                None => {
                    if !fty.is_optional() && !fty.is_error() {
                        self.report(CheckError::MissingForRequired {
                            span: u.span,
                            name: path,
                            ty: self.show(&fty),
                        });
                    }
                    None
                }
                Some(v) => {
                    let why = format!("`{path}` is `{}`", self.show(&fty));
                    Some(self.expect_type(v, &fty, &why))
                }
            };
            out.push((slots, value));
        }
        let ty = b.ty.clone();
        mk(
            ExprKind::With {
                base: Box::new(b),
                updates: out,
            },
            ty,
            span,
        )
    }

    /// Walks `a.b.c` from record `rid` through non-optional record fields.
    fn with_path(&mut self, rid: RecordId, path: &[Ident]) -> Option<(Vec<u32>, Type)> {
        let mut cur = rid;
        let mut slots = Vec::with_capacity(path.len());
        let mut ty = Type::Error;
        for (i, step) in path.iter().enumerate() {
            let (slot, fty) = self.record_field(cur, step)?;
            slots.push(slot);
            if i + 1 < path.len() {
                match &fty {
                    Type::Record(r) => cur = *r,
                    Type::Error => return None,
                    other => {
                        let prefix: Vec<&str> =
                            path.iter().take(i + 1).map(|s| s.node.as_str()).collect();
                        let help = match other {
                            Type::Optional(inner) if matches!(**inner, Type::Record(_)) => format!(
                                "`{}` may be absent; replace it whole: `{}: {} {{ … }}`",
                                step.node,
                                prefix.join("."),
                                self.show(inner)
                            ),
                            _ => format!(
                                "`{}` is not a record, so it has no fields to replace",
                                step.node
                            ),
                        };
                        self.report(CheckError::WithThrough {
                            span: step.span,
                            name: step.node.clone(),
                            ty: self.show(other),
                            help,
                        });
                        return None;
                    }
                }
            }
            ty = fty;
        }
        Some((slots, ty))
    }

    pub(crate) fn record(&mut self, name: &Ident, inits: &[FieldInit], span: Span) -> ir::Expr {
        let Some(rid) = self.resolve_record_name(name) else {
            for f in inits {
                self.expr(&f.value, Some(&Type::Error));
            }
            return error_expr(span);
        };
        let count = self.fields.get(rid.0 as usize).map(Vec::len).unwrap_or(0);
        let mut given: Vec<Option<ir::Expr>> = vec![None; count];
        let mut first_at: FxHashMap<u32, Span> = FxHashMap::default();
        let mut unknown = false;
        for init in inits {
            let Some((slot, fty)) = self.record_field(rid, &init.name) else {
                unknown = true;
                self.expr(&init.value, Some(&Type::Error));
                continue;
            };
            if let Some(first) = first_at.get(&slot) {
                self.report(CheckError::RepeatedField {
                    span: init.name.span,
                    first: *first,
                    name: init.name.node.clone(),
                });
                continue;
            }
            first_at.insert(slot, init.name.span);
            let why = format!("field `{}` is `{}`", init.name.node, self.show(&fty));
            let x = self.expect_type(&init.value, &fty, &why);
            if let Some(g) = given.get_mut(slot as usize) {
                *g = Some(x);
            }
        }
        let mut fields = Vec::with_capacity(count);
        for (slot, g) in given.into_iter().enumerate() {
            if g.is_some() {
                fields.push(g);
                continue;
            }
            let (fname, fty) = self
                .fields
                .get(rid.0 as usize)
                .and_then(|fs| fs.get(slot))
                .cloned()
                .unwrap_or((String::new(), Type::Error));
            let has_default = self
                .records
                .get(rid.0 as usize)
                .and_then(|r| r.fields.get(slot))
                .is_some_and(|f| f.default.is_some());
            if has_default {
                fields.push(self.field_default(rid, slot as u32));
            } else if fty.is_optional() || fty.is_error() || unknown {
                // After an unknown field name (most likely this one,
                // misspelt), a missing field would be the same mistake twice.
                fields.push(None);
            } else {
                self.report(CheckError::MissingField {
                    span: name.span,
                    name: fname,
                    ty: self.show(&fty),
                    record: name.node.clone(),
                });
                fields.push(None);
            }
        }
        mk(
            ExprKind::Record {
                record: rid,
                fields,
            },
            Type::Record(rid),
            span,
        )
    }
}
