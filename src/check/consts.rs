//! Constants (§4): checked once each, on demand when a constant without an
//! annotation is used before its turn (its type is its initialiser's).

use crate::ast::{self, CollectionKind, ExprKind};
use crate::check::error::CheckError;
use crate::check::optional::Use;
use crate::check::types::fits;
use crate::check::{Checker, State};
use crate::ir::{self, Type};

/// Whether an initialiser already builds a set (a set literal or
/// comprehension, or a `load`, which converts by itself).
fn builds_a_set(value: &ast::Expr) -> bool {
    match &value.node {
        ExprKind::Collection { kind, .. } | ExprKind::Comprehension { kind, .. } => {
            *kind == CollectionKind::Set
        }
        ExprKind::Load { .. } => true,
        ExprKind::Paren(inner) => builds_a_set(inner),
        _ => false,
    }
}

impl Checker<'_> {
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
        let ctx = self.declaration_ctx(policy);
        let (value, deps, frame) = self.in_fresh_ctx(ctx, |c| match &annotated {
            Some(t) => {
                let why = format!("`{}` is declared as `{}`", decl.name.node, c.show(t));
                match t {
                    Type::Set(elem) if !builds_a_set(&decl.value) => {
                        c.set_from_list(&decl.value, t, elem, &why)
                    }
                    _ => c.expect_type(&decl.value, t, &why),
                }
            }
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
            slot.as_of = self.fresh_as_of;
            slot.state = State::Done;
        }
    }
}

impl Checker<'_> {
    /// §4: a `list<T>` may initialise a `set<T>`; the set keeps the first of
    /// repeated elements, and a literal list with repeats gets a warning.
    fn set_from_list(&mut self, value: &ast::Expr, set: &Type, elem: &Type, why: &str) -> ir::Expr {
        let list = Type::List(Box::new(elem.clone()));
        let x = self.expr(value, Some(&list));
        let x = self.present(x, &Use::Expected(list.clone()));
        if !fits(&x.ty, &list) {
            return self.check_fits(x, set, why);
        }
        let x = self.check_fits(x, &list, why);
        if let ExprKind::Collection { elems, .. } = &value.node {
            for (i, e) in elems.iter().enumerate() {
                let first = elems
                    .iter()
                    .take(i)
                    .find(|f| matches!(f.node, ExprKind::Lit(_)) && f.node == e.node);
                if let Some(first) = first {
                    self.report(CheckError::RepeatedElement {
                        span: e.span,
                        first: first.span,
                    });
                }
            }
        }
        // `{x for x in LIST}`, with a slot no source name can reach.
        let span = x.span;
        let slot = self.bind(
            &ast::Spanned::new("\u{0}element".to_string(), span),
            elem.clone(),
        );
        let element = ir::Expr {
            kind: ir::ExprKind::Local(slot),
            ty: elem.clone(),
            span,
        };
        ir::Expr {
            kind: ir::ExprKind::Comprehension {
                set: true,
                elem: Box::new(element),
                clauses: vec![ir::Clause {
                    slot,
                    iter: x,
                    filter: None,
                }],
            },
            ty: set.clone(),
            span,
        }
    }
}
