//! Which record fields the rules can observe. The input reader still
//! validates every field, but builds values only for these: a field no rule,
//! function or message can read (bench-5 never reads the exporter, the
//! consignee or an item's description) costs no string copy or allocation.
//!
//! A field `R.f` is observed when some `e.f` has `e: R` (or `R?`). A value
//! of a type holding records that is used *whole* — compared, put in a
//! collection or record, copied by `with`, rendered in a message — makes
//! every field of those record types observed, transitively. Values that are
//! only passed along (to a `def`, bound by a binder, through `??`, `if`,
//! indexing or slicing) are followed to where they are used.

use crate::ir::{Expr, ExprKind, MessagePart, Program, Type};

/// `observed[record][slot]`: whether the field can be read by the rules.
pub fn observed_fields(program: &Program) -> Vec<Vec<bool>> {
    let mut u = Usage {
        program,
        observed: program
            .records
            .iter()
            .map(|r| vec![false; r.fields.len()])
            .collect(),
        whole: vec![false; program.records.len()],
    };
    for f in &program.functions {
        u.walk(&f.body, true);
    }
    for p in &program.policies {
        // The `id` of a record is written to the output, and its `date`
        // decides the in-force tests.
        if let Some(rec) = program.records.get(p.subject.0 as usize) {
            for (i, f) in rec.fields.iter().enumerate() {
                if f.name == "id" || f.name == "date" {
                    u.mark(p.subject.0, i as u32);
                }
            }
        }
        for r in &p.rules {
            if let Some(e) = &r.for_each {
                u.walk(e, false);
            }
            for c in &r.conditions {
                u.walk(&c.expr, true);
            }
            for l in &r.lets {
                u.walk(&l.expr, true);
            }
            for part in &r.effect.message {
                if let MessagePart::Expr(e, _) = part {
                    u.walk(e, true);
                }
            }
        }
    }
    u.observed
}

struct Usage<'a> {
    program: &'a Program,
    observed: Vec<Vec<bool>>,
    whole: Vec<bool>,
}

impl Usage<'_> {
    fn mark(&mut self, record: u32, slot: u32) {
        if let Some(s) = self
            .observed
            .get_mut(record as usize)
            .and_then(|r| r.get_mut(slot as usize))
        {
            *s = true;
        }
    }

    /// Every field of every record type inside `ty`.
    fn mark_whole(&mut self, ty: &Type) {
        match ty {
            Type::Record(id) => {
                match self.whole.get_mut(id.0 as usize) {
                    Some(w) if !*w => *w = true,
                    _ => return,
                }
                let program = self.program;
                if let Some(rec) = program.records.get(id.0 as usize) {
                    for (i, f) in rec.fields.iter().enumerate() {
                        self.mark(id.0, i as u32);
                        self.mark_whole(&f.ty);
                    }
                }
            }
            Type::List(t) | Type::Set(t) | Type::Optional(t) => self.mark_whole(t),
            _ => {}
        }
    }

    /// Walks `e`; `whole` when its value is used as a whole.
    fn walk(&mut self, e: &Expr, whole: bool) {
        if whole {
            self.mark_whole(&e.ty);
        }
        match &e.kind {
            ExprKind::Field { base, slot, .. } => {
                if let Type::Record(id) = base.ty.strip_optional() {
                    self.mark(id.0, *slot);
                }
                self.walk(base, false);
            }
            // Passed along: followed to where the value is used.
            ExprKind::Call { args, .. } => args.iter().for_each(|a| self.walk(a, false)),
            ExprKind::Index { base, index } => {
                self.walk(base, whole);
                self.walk(index, true);
            }
            ExprKind::Slice { base, lo, hi } => {
                self.walk(base, whole);
                for b in [lo, hi].into_iter().flatten() {
                    self.walk(b, true);
                }
            }
            ExprKind::Binary {
                op: crate::ir::BinOp::Coalesce,
                lhs,
                rhs,
            } => {
                self.walk(lhs, whole);
                self.walk(rhs, whole);
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.walk(cond, true);
                self.walk(then, whole);
                self.walk(otherwise, whole);
            }
            ExprKind::Is { expr, .. } => self.walk(expr, false),
            ExprKind::Quantifier { iter, body, .. } | ExprKind::Aggregate { iter, body, .. } => {
                self.walk(iter, false);
                self.walk(body, true);
            }
            ExprKind::Comprehension { elem, clauses, .. } => {
                for c in clauses {
                    self.walk(&c.iter, false);
                    if let Some(f) = &c.filter {
                        self.walk(f, true);
                    }
                }
                self.walk(elem, true);
            }
            // Everything else uses its operands' values.
            ExprKind::Builtin { args, .. } => args.iter().for_each(|a| self.walk(a, true)),
            ExprKind::With { base, updates } => {
                self.walk(base, true);
                for (_, v) in updates {
                    if let Some(v) = v {
                        self.walk(v, true);
                    }
                }
            }
            ExprKind::Neg(x)
            | ExprKind::Not(x)
            | ExprKind::Convert { expr: x, .. }
            | ExprKind::Screen { query: x, .. } => self.walk(x, true),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.walk(lhs, true);
                self.walk(rhs, true);
            }
            ExprKind::Collection { elems, .. } => elems.iter().for_each(|x| self.walk(x, true)),
            ExprKind::Map { entries } => entries.iter().for_each(|(k, v)| {
                self.walk(k, true);
                self.walk(v, true);
            }),
            ExprKind::Record { fields, .. } => {
                fields.iter().flatten().for_each(|x| self.walk(x, true))
            }
            ExprKind::Lit(_)
            | ExprKind::Local(_)
            | ExprKind::Const(_)
            | ExprKind::DatedConst(_)
            | ExprKind::AsOf
            | ExprKind::Loaded { .. }
            | ExprKind::LoadedJson { .. }
            | ExprKind::LoadedRows(_)
            | ExprKind::LoadedDated { .. }
            | ExprKind::Error => {}
        }
    }
}
