//! Constants (§4): checked once each, on demand when a constant without an
//! annotation is used before its turn (its type is its initialiser's).

use crate::check::error::CheckError;
use crate::check::optional::Use;
use crate::check::{Checker, Ctx, State};
use crate::ir::Type;

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
        let ctx = Ctx {
            policy,
            hidden_binding: policy
                .and_then(|p| self.policies.get(p as usize))
                .map(|p| p.decl.binding.node.clone()),
            ..Ctx::default()
        };
        let (value, deps, frame) = self.in_fresh_ctx(ctx, |c| match &annotated {
            Some(t) => {
                let why = format!("`{}` is declared as `{}`", decl.name.node, c.show(t));
                c.expect_type(&decl.value, t, &why)
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
            slot.state = State::Done;
        }
    }
}
