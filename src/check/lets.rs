//! `let NAME (: TYPE)? = EXPR` in rules (§11): the name's checks (E0119,
//! E0120), its type (the annotation is the expected type; E0122, E0275),
//! and the lints on a checked rule (W0110 unused, W0111 a `let` that can
//! fail placed before a condition that guards it, W0112 a literal).
//!
//! A `let` binds a local slot like a `for` variable, so a `let` name is a
//! path (§3 narrowing applies to it, and narrowing it narrows only it).

use rustc_hash::FxHashSet;

use crate::ast;
use crate::builtins;
use crate::check::error::CheckError;
use crate::check::typeck::widen;
use crate::check::types::fits;
use crate::check::{Checker, Item};
use crate::ir::{self, walk, BinOp, ExprKind, Type};
use crate::lang::AggKind;

/// Built-ins that never fail at run time (every other one may: `abs` of
/// the smallest `int`, `min`/`max` of mixed currencies, a newer entry the
/// lint does not know yet — failing safe means a warning, not silence).
const INFALLIBLE: &[&str] = &[
    "len",
    "lower",
    "upper",
    "trim",
    "normalize",
    "starts_with",
    "ends_with",
    "contains",
    "year",
    "union",
    "intersection",
    "difference",
    "flatten",
];

impl Checker<'_> {
    /// Checks a `let` line in the current rule scope and binds its name;
    /// `false` when its name was reported (its lints would only repeat that).
    pub(crate) fn let_line(&mut self, line: &ast::LetLine, before: u32) -> (ir::Let, bool) {
        let named = self.let_name(&line.name);
        let annotated = line.ty.as_ref().map(|t| (self.resolve_type(t), t.span));
        let expr = match &annotated {
            Some((ty, at)) => {
                let x = self.expr(&line.value, Some(ty));
                if fits(&x.ty, ty) || x.ty.is_error() || ty.is_error() {
                    widen(x, ty)
                } else {
                    let help = (!ty.is_optional() && fits(&x.ty, &Type::Optional(Box::new(ty.clone()))))
                        .then(|| {
                            format!(
                                "the value may be absent: declare `let {}: {}?` or give a default with `??`",
                                line.name.node,
                                self.show(ty)
                            )
                        });
                    self.report(CheckError::LetMismatch {
                        span: x.span,
                        annotation: *at,
                        name: line.name.node.clone(),
                        expected: self.show(ty),
                        found: self.show(&x.ty),
                        help,
                    });
                    let mut x = x;
                    x.ty = ty.clone();
                    x
                }
            }
            None if matches!(line.value.node, ast::ExprKind::Lit(ast::Literal::Missing)) => {
                self.report(CheckError::LetNeedsType {
                    span: line.value.span,
                    name: line.name.node.clone(),
                    help: format!(
                        "`missing` needs an optional type: write `let {}: T? = missing`",
                        line.name.node
                    ),
                });
                crate::check::error_expr(line.value.span)
            }
            None => {
                let x = self.expr(&line.value, None);
                if let Some(help) = unknowable(&x.ty) {
                    self.report(CheckError::LetNeedsType {
                        span: x.span,
                        name: line.name.node.clone(),
                        help: help.replace("NAME", &line.name.node),
                    });
                }
                x
            }
        };
        let ty = annotated.map(|(t, _)| t).unwrap_or_else(|| expr.ty.clone());
        let slot = self.bind_unchecked(&line.name, ty);
        let out = ir::Let {
            name: line.name.node.clone(),
            slot,
            expr,
            before,
            span: line.span,
        };
        (out, named)
    }

    /// E0119/E0120: a `let` name may not reuse a binding, a declaration,
    /// a built-in function's name or `as_of`.
    fn let_name(&mut self, name: &ast::Ident) -> bool {
        let n = name.node.as_str();
        if builtins::lookup(n).is_some() {
            self.report(CheckError::LetReservedName {
                span: name.span,
                name: n.to_string(),
                what: "a built-in function".into(),
            });
            return false;
        }
        if n == "as_of" {
            self.report(CheckError::LetReservedName {
                span: name.span,
                name: n.to_string(),
                what: "reserved for the in-force date (§12)".into(),
            });
            return false;
        }
        let earlier = match self.ctx.scope.lookup(n) {
            Some(b) => Some((b.span, "the binding".to_string())),
            None => self.lookup_item(n).map(|item| {
                let what = match item {
                    Item::Const(_) => "the constant",
                    Item::Func(_) => "the function",
                    Item::Enum(_) => "the enum",
                    Item::Record(_) => "the record type",
                    Item::Policy(_) => "the policy",
                };
                (self.item_span(item), what.to_string())
            }),
        };
        if let Some((span, what)) = earlier {
            let what = format!("{what} `{n}`");
            let (first, elsewhere) = self.secondary(
                name.span,
                span,
                format!("{what} is declared here"),
                "declared here",
            );
            self.report(CheckError::LetReusesName {
                span: name.span,
                first,
                elsewhere,
                name: n.to_string(),
                what,
            });
            return false;
        }
        true
    }

    /// W0110, W0111, W0112 on a checked rule's `let` lines.
    pub(crate) fn let_lints(
        &mut self,
        lets: &[ir::Let],
        named: &[bool],
        conditions: &[ir::Condition],
        effect: &ir::Effect,
    ) {
        for (li, l) in lets.iter().enumerate() {
            if named.get(li) == Some(&false) {
                continue;
            }
            let slot = l.slot.0;
            // Where the first line that reads it stands, as a condition
            // index (a `let` stands just before condition `before`).
            let by_conditions = conditions
                .iter()
                .enumerate()
                .skip(l.before as usize)
                .find(|(_, c)| reads(&c.expr, slot))
                .map(|(i, _)| i as u32);
            let by_lets = lets
                .iter()
                .skip(li + 1)
                .find(|later| reads(&later.expr, slot))
                .map(|later| later.before);
            let by_effect = effect
                .message
                .iter()
                .any(|p| matches!(p, ir::MessagePart::Expr(e, _) if reads(e, slot)))
                .then_some(conditions.len() as u32);
            let first_reader = [by_conditions, by_lets, by_effect]
                .into_iter()
                .flatten()
                .min();
            let Some(first_reader) = first_reader else {
                if !l.name.starts_with('_') {
                    self.report(CheckError::UnusedLet {
                        span: l.span,
                        name: l.name.clone(),
                    });
                }
                continue;
            };
            if first_reader > l.before {
                if let Some(why) = self.can_fail(&l.expr) {
                    let guard = conditions.get(l.before as usize).map_or(l.span, |c| c.span);
                    self.report(CheckError::LetBeforeGuard {
                        span: l.span,
                        guard,
                        name: l.name.clone(),
                        why,
                    });
                }
            }
            if matches!(&l.expr.kind, ExprKind::Lit(lit) if !matches!(lit, ir::Lit::Absent)) {
                self.report(CheckError::LetLiteral {
                    span: l.expr.span,
                    name: l.name.clone(),
                    value: self.text(l.expr.span),
                });
            }
        }
    }

    /// Why evaluating `e` can fail at run time (§8), or `None` if it cannot.
    fn can_fail(&self, e: &ir::Expr) -> Option<String> {
        let mut seen = FxHashSet::default();
        self.fallible(e, &mut seen)
    }

    fn fallible(&self, e: &ir::Expr, seen: &mut FxHashSet<u32>) -> Option<String> {
        let mut why: Option<String> = None;
        let mut calls = Vec::new();
        walk::expr(e, &mut |x| {
            if why.is_some() {
                return;
            }
            why = match &x.kind {
                ExprKind::Binary { op, lhs, .. } => match op {
                    BinOp::Div => Some("`/` may divide by zero".into()),
                    BinOp::Add | BinOp::Sub | BinOp::Mul
                        if !matches!(x.ty, Type::String | Type::List(_)) =>
                    {
                        Some(format!(
                            "`{}` may overflow or mix currencies or units",
                            op.as_str()
                        ))
                    }
                    BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
                        if matches!(lhs.ty.strip_optional(), Type::Money | Type::Quantity) =>
                    {
                        Some("comparing money or quantities may mix currencies or units".into())
                    }
                    _ => None,
                },
                ExprKind::Neg(_) => Some("`-` may overflow".into()),
                ExprKind::Index { .. } => Some("an index may be out of range".into()),
                ExprKind::Aggregate { kind, .. } if *kind != AggKind::Count => Some(format!(
                    "`{}` may overflow, mix currencies or see an empty collection",
                    kind.as_str()
                )),
                ExprKind::Builtin { func, .. } if !INFALLIBLE.contains(&func.name) => {
                    Some(format!("`{}` may fail", func.name))
                }
                ExprKind::Call { func, .. } => {
                    calls.push(func.0);
                    None
                }
                _ => None,
            };
        });
        if why.is_some() {
            return why;
        }
        for id in calls {
            if !seen.insert(id) {
                continue;
            }
            let Some(f) = self.funcs.get(id as usize) else {
                continue;
            };
            if let Some(body) = &f.ir {
                if self.fallible(body, seen).is_some() {
                    return Some(format!("`{}` may fail", f.decl.name.node));
                }
            }
        }
        None
    }
}

/// Whether `e` reads local slot `slot`.
fn reads(e: &ir::Expr, slot: u32) -> bool {
    let mut found = false;
    walk::expr(e, &mut |x| {
        if matches!(x.kind, ExprKind::Local(s) if s.0 == slot) {
            found = true;
        }
    });
    found
}

/// The help for a `let` whose type has no known element type (`[]`, `{}`).
fn unknowable(ty: &Type) -> Option<&'static str> {
    match ty {
        Type::List(inner) if **inner == Type::Unknown => {
            Some("an empty list has no element type: write `let NAME: list<T> = []`")
        }
        Type::Set(inner) if **inner == Type::Unknown => {
            Some("an empty set has no element type: write `let NAME: set<T> = {}`")
        }
        _ => None,
    }
}
