//! Visiting every expression of a program in place, for passes that rewrite
//! nodes (the checker's constant pass replaces fixtures by their values).

use crate::ir::{Expr, ExprKind, MessagePart, Program};

/// Calls `f` on every expression of `program` (outermost first, then its
/// children), except field defaults, which `defaults` reaches.
pub fn program_mut(program: &mut Program, f: &mut dyn FnMut(&mut Expr)) {
    for c in &mut program.consts {
        expr_mut(&mut c.init, f);
    }
    for d in &mut program.functions {
        expr_mut(&mut d.body, f);
    }
    for p in &mut program.policies {
        for r in &mut p.rules {
            if let Some(e) = &mut r.for_each {
                expr_mut(e, f);
            }
            for c in &mut r.conditions {
                expr_mut(&mut c.expr, f);
            }
            for l in &mut r.lets {
                expr_mut(&mut l.expr, f);
            }
            for part in &mut r.effect.message {
                if let MessagePart::Expr(e, _) = part {
                    expr_mut(e, f);
                }
            }
        }
    }
    for t in &mut program.tests {
        expr_mut(&mut t.given, f);
    }
}

/// Calls `f` on every field default of `program`.
pub fn defaults_mut(program: &mut Program, f: &mut dyn FnMut(&mut Expr)) {
    for r in &mut program.records {
        for field in &mut r.fields {
            if let Some(d) = &mut field.default {
                expr_mut(d, f);
            }
        }
    }
}

/// Calls `f` on `e`, then on each of its sub-expressions.
pub fn expr_mut(e: &mut Expr, f: &mut dyn FnMut(&mut Expr)) {
    f(e);
    match &mut e.kind {
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
        ExprKind::Field { base: x, .. }
        | ExprKind::Neg(x)
        | ExprKind::Not(x)
        | ExprKind::Is { expr: x, .. }
        | ExprKind::Convert { expr: x, .. }
        | ExprKind::Screen { query: x, .. } => expr_mut(x, f),
        ExprKind::Call { args, .. } | ExprKind::Builtin { args, .. } => {
            for a in args {
                expr_mut(a, f);
            }
        }
        ExprKind::Collection { elems, .. } => {
            for a in elems {
                expr_mut(a, f);
            }
        }
        ExprKind::Map { entries } => {
            for (k, v) in entries {
                expr_mut(k, f);
                expr_mut(v, f);
            }
        }
        ExprKind::Index { base, index } => {
            expr_mut(base, f);
            expr_mut(index, f);
        }
        ExprKind::Slice { base, lo, hi } => {
            expr_mut(base, f);
            for x in [lo, hi].into_iter().flatten() {
                expr_mut(x, f);
            }
        }
        ExprKind::With { base, updates } => {
            expr_mut(base, f);
            for (_, v) in updates {
                if let Some(v) = v {
                    expr_mut(v, f);
                }
            }
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            expr_mut(lhs, f);
            expr_mut(rhs, f);
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            expr_mut(cond, f);
            expr_mut(then, f);
            expr_mut(otherwise, f);
        }
        ExprKind::Quantifier { iter, body, .. } | ExprKind::Aggregate { iter, body, .. } => {
            expr_mut(iter, f);
            expr_mut(body, f);
        }
        ExprKind::Comprehension { elem, clauses, .. } => {
            for c in clauses {
                expr_mut(&mut c.iter, f);
                if let Some(x) = &mut c.filter {
                    expr_mut(x, f);
                }
            }
            expr_mut(elem, f);
        }
        ExprKind::Record { fields, .. } => {
            for x in fields.iter_mut().flatten() {
                expr_mut(x, f);
            }
        }
    }
}

/// Calls `f` on `e`, then on each of its sub-expressions (read only).
pub fn expr(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    match &e.kind {
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
        ExprKind::Field { base: x, .. }
        | ExprKind::Neg(x)
        | ExprKind::Not(x)
        | ExprKind::Is { expr: x, .. }
        | ExprKind::Convert { expr: x, .. }
        | ExprKind::Screen { query: x, .. } => expr(x, f),
        ExprKind::Call { args, .. } | ExprKind::Builtin { args, .. } => {
            for a in args {
                expr(a, f);
            }
        }
        ExprKind::Map { entries } => {
            for (k, v) in entries {
                expr(k, f);
                expr(v, f);
            }
        }
        ExprKind::Collection { elems, .. } => {
            for a in elems {
                expr(a, f);
            }
        }
        ExprKind::Index { base, index } => {
            expr(base, f);
            expr(index, f);
        }
        ExprKind::Slice { base, lo, hi } => {
            expr(base, f);
            for x in [lo, hi].into_iter().flatten() {
                expr(x, f);
            }
        }
        ExprKind::With { base, updates } => {
            expr(base, f);
            for (_, v) in updates {
                if let Some(v) = v {
                    expr(v, f);
                }
            }
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            expr(lhs, f);
            expr(rhs, f);
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            expr(cond, f);
            expr(then, f);
            expr(otherwise, f);
        }
        ExprKind::Quantifier { iter, body, .. } | ExprKind::Aggregate { iter, body, .. } => {
            expr(iter, f);
            expr(body, f);
        }
        ExprKind::Comprehension { elem, clauses, .. } => {
            for c in clauses {
                expr(&c.iter, f);
                if let Some(x) = &c.filter {
                    expr(x, f);
                }
            }
            expr(elem, f);
        }
        ExprKind::Record { fields, .. } => {
            for x in fields.iter().flatten() {
                expr(x, f);
            }
        }
    }
}

/// How many `def` calls `e` makes, counting each call site once.
pub fn count_calls(e: &Expr) -> usize {
    let mut calls = 0;
    expr(e, &mut |x| {
        if matches!(x.kind, ExprKind::Call { .. }) {
            calls += 1;
        }
    });
    calls
}
