//! Records (§6): field lookup, `with { … }` paths and record construction
//! with required, optional and defaulted fields.

use crate::ast::{self, FieldInit, Ident, WithUpdate};
use crate::check::error::CheckError;
use crate::check::optional::Use;
use crate::check::suggest::best as did_you_mean;
use crate::check::typeck::mk;
use crate::check::{error_expr, Checker};
use crate::ir::{self, ExprKind, RecordId, Type};
use crate::source::Span;
use rustc_hash::FxHashMap;

impl Checker<'_> {
    /// The slot and type of field `name` of record `rid`, or a reported E0201.
    pub(crate) fn record_field(&mut self, rid: RecordId, name: &Ident) -> Option<(u32, Type)> {
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
    pub(crate) fn with_path(&mut self, rid: RecordId, path: &[Ident]) -> Option<(Vec<u32>, Type)> {
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
