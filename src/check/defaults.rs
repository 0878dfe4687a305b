//! Record field defaults (§4): compile-time constants checked against the
//! field's type (the expected type). Checked on demand, because a record
//! construction anywhere copies the defaults of the fields it leaves out.

use crate::check::error::CheckError;
use crate::check::{error_expr, Checker, Ctx, State};
use crate::ir::{self, ExprKind, RecordId};
use crate::source::Span;

/// The first part of `e` that is not a constant value, if any.
fn non_constant(e: &ir::Expr) -> Option<Span> {
    match &e.kind {
        ExprKind::Lit(_) | ExprKind::Const(_) | ExprKind::Error => None,
        ExprKind::Neg(inner) => non_constant(inner),
        ExprKind::Collection { elems, .. } => elems.iter().find_map(non_constant),
        ExprKind::Map { entries } => entries
            .iter()
            .find_map(|(k, v)| non_constant(k).or_else(|| non_constant(v))),
        ExprKind::Record { fields, .. } => fields.iter().flatten().find_map(non_constant),
        _ => Some(e.span),
    }
}

impl Checker<'_> {
    /// Checks every field default.
    pub(crate) fn check_defaults(&mut self) {
        for r in 0..self.records.len() {
            let count = self.records.get(r).map(|d| d.fields.len()).unwrap_or(0);
            for slot in 0..count {
                let has = self
                    .records
                    .get(r)
                    .and_then(|d| d.fields.get(slot))
                    .is_some_and(|f| f.default.is_some());
                if has {
                    self.field_default(RecordId(r as u32), slot as u32);
                }
            }
        }
    }

    /// The checked default of a field (checking it first if needed).
    pub(crate) fn field_default(&mut self, rid: RecordId, slot: u32) -> Option<ir::Expr> {
        let (r, s) = (rid.0 as usize, slot as usize);
        let state = self.defaults.get(r).and_then(|d| d.get(s)).map(|d| d.0)?;
        match state {
            State::Done => {
                return self
                    .defaults
                    .get(r)
                    .and_then(|d| d.get(s))
                    .and_then(|d| d.1.clone())
            }
            State::Busy => {
                // A default that builds its own record: it would never end.
                let span = self
                    .records
                    .get(r)
                    .and_then(|d| d.fields.get(s))
                    .and_then(|f| f.default.as_ref())?
                    .span;
                self.report(CheckError::NotConstant { span });
                return Some(error_expr(span));
            }
            State::Todo => {}
        }
        let decl = self.records.get(r).and_then(|d| d.fields.get(s))?;
        let value = decl.default.as_ref()?;
        let fty = self
            .fields
            .get(r)
            .and_then(|f| f.get(s))
            .map(|f| f.1.clone())?;
        if let Some(d) = self.defaults.get_mut(r).and_then(|d| d.get_mut(s)) {
            d.0 = State::Busy;
        }
        let why = format!("field `{}` is `{}`", decl.name.node, self.show(&fty));
        let (x, _, _) = self.in_fresh_ctx(Ctx::default(), |c| c.expect_type(value, &fty, &why));
        if let Some(span) = non_constant(&x) {
            self.report(CheckError::NotConstant { span });
        }
        if let Some(d) = self.defaults.get_mut(r).and_then(|d| d.get_mut(s)) {
            *d = (State::Done, Some(x.clone()));
        }
        Some(x)
    }
}
