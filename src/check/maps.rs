//! Maps (§11): `map<K, V>` literals, `m[k]` (a `V?`), `k in m` and the
//! rule that a map is not a binder collection. `keys`, `values` and `len`
//! are built-ins (`crate::builtins`).

use crate::ast;
use crate::check::error::CheckError;
use crate::check::optional::Use;
use crate::check::typeck::mk;
use crate::check::types::{is_map_key, join, optional};
use crate::check::Checker;
use crate::ir::{self, ExprKind, Type};
use crate::source::Span;

impl Checker<'_> {
    /// `{k: v, …}` / `{:}`: keys and values take K and V of the expected
    /// type; without one, the first entry decides and the rest must agree.
    pub(crate) fn map_literal(
        &mut self,
        entries: &[(ast::Expr, ast::Expr)],
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let (mut kt, mut vt) = match exp.map(Type::strip_optional) {
            Some(Type::Map(k, v)) => (Some((**k).clone()), Some((**v).clone())),
            _ => (None, None),
        };
        let hinted = kt.is_some();
        let mut out: Vec<(ir::Expr, ir::Expr)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            let kx = self.entry_part(k, kt.as_ref(), hinted, "a map key");
            let vx = self.entry_part(v, vt.as_ref(), hinted, "a map value");
            if !hinted {
                kt = Some(self.agree(kt.take(), &kx, out.first().map(|(f, _)| f), "keys"));
                vt = Some(self.agree(vt.take(), &vx, out.first().map(|(_, f)| f), "values"));
            }
            out.push((kx, vx));
        }
        let kt = kt.unwrap_or(Type::Unknown);
        let vt = vt.unwrap_or(Type::Unknown);
        if !hinted && !is_map_key(&kt) && kt != Type::Unknown {
            if let Some((first, _)) = out.first() {
                let ty = self.show(&kt);
                self.report(CheckError::MapKeyType {
                    span: first.span,
                    ty,
                });
            }
        }
        self.repeated_keys(&out);
        let out = out
            .into_iter()
            .map(|(k, v)| {
                (
                    crate::check::typeck::widen(k, &kt),
                    crate::check::typeck::widen(v, &vt),
                )
            })
            .collect();
        mk(
            ExprKind::Map { entries: out },
            Type::Map(Box::new(kt), Box::new(vt)),
            span,
        )
    }

    fn entry_part(
        &mut self,
        e: &ast::Expr,
        want: Option<&Type>,
        hinted: bool,
        what: &str,
    ) -> ir::Expr {
        match want {
            Some(t) if hinted => {
                let x = self.expr(e, Some(t));
                let x = self.present(x, &Use::Value(what.into()));
                let why = format!("{what} of `{}`", self.show(t));
                self.check_fits(x, t, &why)
            }
            _ => self.value(e, want, Use::Value(what.into())),
        }
    }

    /// The common type of the entries so far and `x`, reported when they disagree.
    fn agree(
        &mut self,
        so_far: Option<Type>,
        x: &ir::Expr,
        first: Option<&ir::Expr>,
        what: &str,
    ) -> Type {
        let Some(t) = so_far else {
            return x.ty.clone();
        };
        match join(&t, &x.ty) {
            Some(j) => j,
            None => {
                self.report(CheckError::Disagree {
                    span: x.span,
                    first_span: first.map(|f| f.span).unwrap_or(x.span),
                    what: format!("the {what} of this map"),
                    first: self.show(&t),
                    second: self.show(&x.ty),
                    help: Some(format!("all {what} of a map have one type")),
                });
                Type::Error
            }
        }
    }

    /// Equal literal keys are a compile-time error (§11).
    fn repeated_keys(&mut self, entries: &[(ir::Expr, ir::Expr)]) {
        for (i, (k, _)) in entries.iter().enumerate() {
            let ExprKind::Lit(lit) = &k.kind else {
                continue;
            };
            let first = entries.iter().take(i).find_map(|(f, _)| match &f.kind {
                ExprKind::Lit(l) if l == lit => Some(f.span),
                _ => None,
            });
            if let Some(first) = first {
                let key = self.text(k.span);
                self.report(CheckError::DuplicateMapKey {
                    span: k.span,
                    first,
                    key,
                });
            }
        }
    }

    /// `m[k]`: `k` takes K (§3 (h)); the result is `V?`.
    pub(crate) fn map_index(
        &mut self,
        b: ir::Expr,
        index: &ast::Expr,
        key: &Type,
        value: &Type,
        span: Span,
    ) -> ir::Expr {
        let k = self.expect_type(index, key, "a key of this map");
        mk(
            ExprKind::Index {
                base: Box::new(b),
                index: Box::new(k),
            },
            optional(value.clone()),
            span,
        )
    }

    /// Reports a map where a binder needs a list or set.
    pub(crate) fn map_not_iterable(&mut self, x: &ir::Expr) {
        let ty = self.show(&x.ty);
        self.report(CheckError::MapNotIterable { span: x.span, ty });
    }
}
