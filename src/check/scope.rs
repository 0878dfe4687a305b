//! Bindings in scope, their frame slots, and narrowing facts (§3).
//!
//! Slots are allocated like a stack: a binder takes the next free slot and
//! gives it back when its body is done, so the frame size is the deepest
//! nesting, not the number of binders.

use crate::ast::Ident;
use crate::check::error::CheckError;
use crate::check::Checker;
use crate::ir::{self, BinOp, ExprKind, Type};
use crate::source::Span;

/// A name bound to a frame slot.
#[derive(Clone, Debug)]
pub struct Binding {
    /// The name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Its slot.
    pub slot: u32,
    /// Where it was bound.
    pub span: Span,
}

/// A path: a slot followed by field slots (`tx.reexport` = `[0, 9]`).
pub type Path = Vec<u32>;

/// The bindings visible at a point and the paths known to be present.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    bindings: Vec<Binding>,
    max: u32,
    /// Paths narrowed from `T?` to `T` here.
    facts: Vec<Path>,
}

impl Scope {
    /// The binding of a name, innermost first.
    pub fn lookup(&self, name: &str) -> Option<&Binding> {
        self.bindings.iter().rev().find(|b| b.name == name)
    }

    /// Slots needed by everything bound so far.
    pub fn frame_size(&self) -> u32 {
        self.max
    }

    /// Whether a path is known to be present.
    pub fn is_narrowed(&self, path: &[u32]) -> bool {
        self.facts.iter().any(|f| f == path)
    }

    /// How many facts there are (to restore later with [`Scope::truncate_facts`]).
    pub fn fact_mark(&self) -> usize {
        self.facts.len()
    }

    /// Drops facts added after `mark`.
    pub fn truncate_facts(&mut self, mark: usize) {
        self.facts.truncate(mark);
    }

    /// Adds facts (paths now known to be present).
    pub fn add_facts(&mut self, facts: Vec<Path>) {
        self.facts.extend(facts);
    }

    /// All names bound, for did-you-mean.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.bindings.iter().map(|b| b.name.as_str())
    }
}

/// The path an expression denotes, if it is one.
pub fn path_of(e: &ir::Expr) -> Option<Path> {
    match &e.kind {
        ExprKind::Local(slot) => Some(vec![slot.0]),
        ExprKind::Field {
            base,
            slot,
            optional: false,
        } => {
            let mut p = path_of(base)?;
            p.push(*slot);
            Some(p)
        }
        _ => None,
    }
}

/// Paths known present when `e` is true: `P is present`, and the conjuncts
/// of an `and` chain.
pub fn facts_if_true(e: &ir::Expr) -> Vec<Path> {
    let mut out = Vec::new();
    collect_facts(e, true, &mut out);
    out
}

/// Paths known present when `e` is false: `P is missing`, and the disjuncts
/// of an `or` chain.
pub fn facts_if_false(e: &ir::Expr) -> Vec<Path> {
    let mut out = Vec::new();
    collect_facts(e, false, &mut out);
    out
}

fn collect_facts(e: &ir::Expr, when: bool, out: &mut Vec<Path>) {
    match &e.kind {
        ExprKind::Is { expr, present } if *present == when => out.extend(path_of(expr)),
        ExprKind::Binary { op, lhs, rhs }
            if (*op == BinOp::And && when) || (*op == BinOp::Or && !when) =>
        {
            collect_facts(lhs, when, out);
            collect_facts(rhs, when, out);
        }
        _ => {}
    }
}

impl Checker<'_> {
    /// Binds `name` to the next slot; reusing a name in scope is an error
    /// (the new binding still shadows, so later uses do not cascade).
    pub fn bind(&mut self, name: &Ident, ty: Type) -> ir::LocalSlot {
        self.not_as_of(name);
        if let Some(prev) = self.ctx.scope.lookup(&name.node) {
            let first = prev.span;
            self.report(CheckError::BindingReused {
                span: name.span,
                first,
                name: name.node.clone(),
            });
        }
        self.bind_unchecked(name, ty)
    }

    /// Binds `name` to the next slot without checking it (the caller
    /// reported what it reuses, `lets.rs`).
    pub fn bind_unchecked(&mut self, name: &Ident, ty: Type) -> ir::LocalSlot {
        let scope = &mut self.ctx.scope;
        let slot = scope.bindings.len() as u32;
        scope.bindings.push(Binding {
            name: name.node.clone(),
            ty,
            slot,
            span: name.span,
        });
        scope.max = scope.max.max(slot + 1);
        ir::LocalSlot(slot)
    }

    /// Ends the innermost binding.
    pub fn unbind(&mut self) {
        self.ctx.scope.bindings.pop();
    }
}
