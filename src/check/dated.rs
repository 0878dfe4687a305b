//! Dated collections (§12) in expressions. A `const` whose initialiser is a
//! `load … dated "FROM" until "TO"` is a set of rows with windows, not one
//! value: each use sees the rows listed on `as_of`. So it may stand only by
//! name where a collection is read — the right of `in`/`not in`, a binder's
//! collection, `len`/`keys`/`values`, `m[k]` of a dated map — and every such
//! use reads `as_of` (a constant's initialiser or a test's `given` that
//! makes one is E0338 in `as_of.rs`). Any other use (E0337) would need the
//! collection as a whole, which has no single value.

use crate::ast::{self, ExprKind as A};
use crate::check::error::CheckError;
use crate::check::typeck::mk;
use crate::check::{Checker, Item};
use crate::ir::{self, ExprKind, Type};
use crate::source::Span;

/// The uses a dated list or set allows, for the help of E0337.
const ALLOWED: &str = "use it by name where its rows on a date are read: `x in NAME`, `any e in NAME: …`, `[… for e in NAME]`, `count(e in NAME: …)`, `len(NAME)`";

/// The uses a dated map allows.
const ALLOWED_MAP: &str = "use it by name where its rows on a date are read: `k in NAME`, `NAME[k]`, `keys(NAME)`, `values(NAME)`, `len(NAME)`";

impl Checker<'_> {
    /// Whether constant `id` is a dated collection: its initialiser is a
    /// `load … dated …`.
    pub(crate) fn is_dated_const(&self, id: u32) -> bool {
        self.consts
            .get(id as usize)
            .is_some_and(|c| matches!(&c.decl.value.node, A::Load { dated: Some(_), .. }))
    }

    /// `e` where a dated collection may stand: the collection when `e` is
    /// the bare name of one (not shadowed by a binding), else `None` (the
    /// caller checks `e` as usual).
    pub(crate) fn dated_operand(&mut self, e: &ast::Expr) -> Option<ir::Expr> {
        let A::Name(n) = &e.node else {
            return None;
        };
        if self.ctx.scope.lookup(n).is_some() {
            return None;
        }
        let Some(Item::Const(id)) = self.lookup_item(n) else {
            return None;
        };
        if !self.is_dated_const(id) {
            return None;
        }
        self.depend(Item::Const(id), e.span);
        self.ctx.as_of.get_or_insert(e.span);
        self.dated_reads.insert(e.span, n.clone());
        let ty = self.const_type(id);
        Some(mk(ExprKind::DatedConst(ir::ConstId(id)), ty, e.span))
    }

    /// `e` as the collection of `in`, a binder or `len`/`keys`/`values`:
    /// a dated collection by name, or any value.
    pub(crate) fn collection_operand(
        &mut self,
        e: &ast::Expr,
        exp: Option<&Type>,
        use_: crate::check::optional::Use,
    ) -> ir::Expr {
        match self.dated_operand(e) {
            Some(x) => x,
            None => self.value(e, exp, use_),
        }
    }

    /// E0337: a dated collection used `how`.
    pub(crate) fn dated_misuse(&mut self, id: u32, span: Span, how: &str, label: &str) {
        let name = self
            .consts
            .get(id as usize)
            .map(|c| c.decl.name.node.clone())
            .unwrap_or_default();
        let allowed = match self.const_type(id) {
            Type::Map(..) => ALLOWED_MAP,
            _ => ALLOWED,
        };
        self.report(CheckError::DatedMisuse {
            span,
            help: Some(allowed.replace("NAME", &name)),
            name,
            how: how.to_string(),
            label: label.to_string(),
        });
    }
}
