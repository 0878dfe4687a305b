//! Collections (§6): binders (quantifiers, comprehensions), list and set
//! literals, index and slice. Records are in `records.rs`.

use crate::ast::{self, CollectionKind, Ident, QuantKind};
use crate::check::error::CheckError;
use crate::check::optional::Use;
use crate::check::scope::facts_if_true;
use crate::check::typeck::{mk, widen};
use crate::check::types::join;
use crate::check::Checker;
use crate::ir::{self, ExprKind, Type};
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
        let x = self.collection_operand(iter, None, Use::Iterate);
        let elem = match &x.ty {
            Type::List(t) | Type::Set(t) => (**t).clone(),
            Type::Error => Type::Error,
            Type::Map(..) => {
                self.map_not_iterable(&x);
                Type::Error
            }
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

    /// `[e for x in xs if c for y in ys …]`: each clause's collection and
    /// filter see the bindings to its left (and what earlier filters
    /// proved present); the element sees them all.
    pub(crate) fn comprehension(
        &mut self,
        kind: CollectionKind,
        elem: &ast::Expr,
        clauses: &[ast::CompClause],
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let hint = exp
            .map(Type::strip_optional)
            .and_then(Type::element)
            .cloned();
        let mark = self.ctx.scope.fact_mark();
        let mut out = Vec::with_capacity(clauses.len());
        for clause in clauses {
            let (it, et) = self.iterable(&clause.iter);
            let slot = self.bind(&clause.var, et);
            // The filter runs first for each element, so what it proves
            // present is present in later clauses and the element.
            let filter = clause
                .filter
                .as_ref()
                .map(|f| self.expect_type(f, &Type::Bool, "a comprehension's `if` must be `bool`"));
            if let Some(f) = &filter {
                self.ctx.scope.add_facts(facts_if_true(f));
            }
            out.push(ir::Clause {
                slot,
                iter: it,
                filter,
            });
        }
        let x = match &hint {
            Some(h) => self.element_of(elem, h, kind),
            None => self.value(elem, None, Use::Value("an element".into())),
        };
        self.ctx.scope.truncate_facts(mark);
        for _ in clauses {
            self.unbind();
        }
        let ty = wrap(kind, hint.unwrap_or_else(|| x.ty.clone()));
        mk(
            ExprKind::Comprehension {
                set: kind == CollectionKind::Set,
                elem: Box::new(x),
                clauses: out,
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
                Some(h) => out.push(self.element_of(e, h, kind)),
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

    /// Types one element of a list/set literal or comprehension against the
    /// element type it is expected to have.
    fn element_of(&mut self, e: &ast::Expr, h: &Type, kind: CollectionKind) -> ir::Expr {
        let x = self.expr(e, Some(h));
        let x = if h.is_optional() {
            x
        } else {
            self.present(x, &Use::Value("an element".into()))
        };
        let why = format!("an element of `{}`", self.show(&wrap(kind, h.clone())));
        self.check_fits(x, h, &why)
    }

    /// The type of `b[i]`: a list's element, or (§11) a one-character string.
    fn list_element(&mut self, b: &ir::Expr) -> Type {
        match &b.ty {
            Type::List(t) => (**t).clone(),
            Type::String => Type::String,
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
        let b = match self.dated_operand(base) {
            // `m[k]` of a dated map is the row listed for k on `as_of`; a
            // dated list's positions change with the date.
            Some(b) if matches!(b.ty, Type::Map(..)) => b,
            Some(b) => {
                if let ExprKind::DatedConst(id) = b.kind {
                    self.dated_misuse(
                        id.0,
                        b.span,
                        "with an index",
                        "a dated list's positions change with the date",
                    );
                }
                return crate::check::error_expr(span);
            }
            None => self.value(base, None, Use::Index),
        };
        if let Type::Map(k, v) = &b.ty {
            let (k, v) = ((**k).clone(), (**v).clone());
            return self.map_index(b, index, &k, &v, span);
        }
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
        let ty = match (&b.ty, elem) {
            (_, Type::Error) => Type::Error,
            // §11: a slice of a string is a string (Unicode scalar values).
            (Type::String, _) => Type::String,
            (_, elem) => Type::List(Box::new(elem)),
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
}
