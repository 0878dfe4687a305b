//! Calls (§6): the built-in functions, `def` calls with their parameter
//! types as expected types, and the binder-form aggregates `count`, `sum`,
//! `min`, `max`.

use crate::ast::{self, AggKind, Ident};
use crate::builtins::{self, Builtin, Kind, Ret, Sig};
use crate::check::error::CheckError;
use crate::check::optional::Use;
use crate::check::suggest::best as did_you_mean;
use crate::check::typeck::{mk, widen};
use crate::check::types::{is_ordered, join};
use crate::check::{error_expr, Checker, Item};
use crate::ir::{self, ExprKind, Type};
use crate::source::Span;
use crate::value::Value;

/// `2` → `two`, for "two or more arguments".
fn number_word(n: usize) -> String {
    match n {
        1 => "one".into(),
        2 => "two".into(),
        3 => "three".into(),
        _ => n.to_string(),
    }
}

pub(super) fn count_words(n: usize) -> String {
    format!("{n} argument{}", if n == 1 { "" } else { "s" })
}

impl Checker<'_> {
    /// E0101-style arity error for a call of `name`: reported once, the
    /// arguments still checked (for their own errors), an error node back.
    pub(super) fn arity_error(
        &mut self,
        name: &str,
        expected: String,
        args: &[ast::Expr],
        span: Span,
        help: Option<String>,
    ) -> ir::Expr {
        self.report(CheckError::Arity {
            span,
            name: name.to_string(),
            expected,
            found: count_words(args.len()),
            help,
        });
        for a in args {
            self.expr(a, Some(&Type::Error));
        }
        error_expr(span)
    }

    pub(crate) fn call(
        &mut self,
        func: &Ident,
        args: &[ast::Expr],
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        if let Some(b) = builtins::lookup(&func.node) {
            return self.builtin_call(b, func, args, span, exp);
        }
        if func.node == "screen" {
            return self.screen_call(func, args, span);
        }
        match self.lookup_item(&func.node) {
            Some(Item::Func(id)) => self.def_call(id, func, args, span),
            None if self.is_poisoned(&func.node) => {
                for a in args {
                    self.expr(a, Some(&Type::Error));
                }
                error_expr(span)
            }
            other => {
                let help = match other {
                    Some(Item::Const(_)) => {
                        Some(format!("`{}` is a constant, not a function", func.node))
                    }
                    Some(Item::Record(_)) => Some(format!(
                        "build a record with `{} {{ field: value }}`",
                        func.node
                    )),
                    _ => {
                        let mut names: Vec<String> =
                            builtins::names().map(str::to_string).collect();
                        names.extend(
                            self.names
                                .iter()
                                .filter(|(_, i)| matches!(i, Item::Func(_)))
                                .map(|(n, _)| n.clone()),
                        );
                        if let Some(p) = self.ctx.policy.and_then(|p| self.policies.get(p as usize))
                        {
                            names.extend(
                                p.locals
                                    .iter()
                                    .filter(|(_, i)| matches!(i, Item::Func(_)))
                                    .map(|(n, _)| n.clone()),
                            );
                        }
                        did_you_mean(&func.node, names.iter().map(String::as_str))
                            .map(|s| format!("did you mean `{s}`?"))
                    }
                };
                self.report(CheckError::UnknownFunction {
                    span: func.span,
                    name: func.node.clone(),
                    help,
                });
                for a in args {
                    self.expr(a, Some(&Type::Error));
                }
                error_expr(span)
            }
        }
    }

    fn def_call(&mut self, id: u32, func: &Ident, args: &[ast::Expr], span: Span) -> ir::Expr {
        self.depend(Item::Func(id), func.span);
        let (params, ret) = match self.funcs.get(id as usize) {
            Some(f) => (f.params.clone(), f.ret.clone()),
            None => return error_expr(span),
        };
        if params.len() != args.len() {
            let sig: Vec<String> = params
                .iter()
                .map(|(n, t)| format!("{n}: {}", self.show(t)))
                .collect();
            let help = Some(format!("`{}({})`", func.node, sig.join(", ")));
            return self.arity_error(&func.node, count_words(params.len()), args, span, help);
        }
        let mut out = Vec::with_capacity(args.len());
        for (arg, (pname, pty)) in args.iter().zip(&params) {
            let x = self.expr(arg, Some(pty));
            let x = if pty.is_optional() {
                x
            } else {
                self.present(x, &Use::Arg(func.node.clone()))
            };
            let why = format!(
                "parameter `{pname}` of `{}` is `{}`",
                func.node,
                self.show(pty)
            );
            out.push(self.check_fits(x, pty, &why));
        }
        mk(
            ExprKind::Call {
                func: ir::DefId(id),
                args: out,
            },
            ret,
            span,
        )
    }

    fn builtin_call(
        &mut self,
        b: &'static Builtin,
        func: &Ident,
        args: &[ast::Expr],
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let name = func.node.as_str();
        let (arity, kinds, ret, takes): (usize, Option<&[Kind]>, Ret, &str) = match b.sig {
            Sig::Strings { arity, ret, takes } => (arity, None, ret, takes),
            Sig::One { kinds, ret, takes } => (1, Some(kinds), ret, takes),
            Sig::SameOrdered { min_args } => {
                return self.min_max(b, min_args, func, args, span, exp)
            }
            Sig::SetPair => return self.set_pair(b, func, args, span, exp),
            Sig::Flatten => return self.flatten(b, func, args, span, exp),
            Sig::Params { .. } | Sig::Any { .. } | Sig::Round | Sig::Pattern => {
                return self.second_edition_call(b, func, args, span)
            }
        };
        if args.len() != arity {
            return self.arity_error(name, count_words(arity), args, span, None);
        }
        let mut out = Vec::with_capacity(args.len());
        let mut result = Type::Error;
        for arg in args {
            let (x, ok) = match kinds {
                None => {
                    let why = format!("`{name}` takes {takes}");
                    let x = self.expr(arg, Some(&Type::String));
                    let x = self.present(x, &Use::Arg(name.to_string()));
                    (self.check_fits(x, &Type::String, &why), true)
                }
                Some(kinds) => {
                    let use_ = Use::Arg(name.to_string());
                    let x = match name {
                        "len" | "keys" | "values" => self.collection_operand(arg, None, use_),
                        _ => self.value(arg, None, use_),
                    };
                    let ok = kinds.iter().any(|k| k.matches(&x.ty));
                    (x, ok)
                }
            };
            if !ok && !x.ty.is_error() {
                self.report(CheckError::BadArgument {
                    span: x.span,
                    name: name.to_string(),
                    expected: takes.to_string(),
                    found: self.show(&x.ty),
                });
            }
            result = match ret {
                Ret::Bool => Type::Bool,
                Ret::Int => Type::Int,
                Ret::String => Type::String,
                Ret::StringList => Type::List(Box::new(Type::String)),
                Ret::Arg if ok => x.ty.clone(),
                Ret::MapKeys | Ret::MapValues if ok => match &x.ty {
                    Type::Map(k, _) if ret == Ret::MapKeys => Type::Set(k.clone()),
                    Type::Map(_, v) => Type::List(v.clone()),
                    _ => Type::Error,
                },
                Ret::MapKeys | Ret::MapValues => Type::Error,
                Ret::Arg => Type::Error,
            };
            if ok && matches!(name, "floor" | "ceil") {
                self.rounds_int(name, &x, span);
            }
            out.push(x);
        }
        mk(ExprKind::Builtin { func: b, args: out }, result, span)
    }

    fn min_max(
        &mut self,
        b: &'static Builtin,
        min_args: usize,
        func: &Ident,
        args: &[ast::Expr],
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let name = func.node.as_str();
        if args.len() < min_args {
            let expected = format!("{} or more arguments", number_word(min_args));
            let help = Some(format!(
                "for the smallest or largest of a collection write `{name}(x in xs: x.value)`"
            ));
            return self.arity_error(name, expected, args, span, help);
        }
        let mut out: Vec<ir::Expr> = Vec::with_capacity(args.len());
        let mut ty: Option<Type> = exp.map(|t| t.strip_optional().clone());
        let mut failed = false;
        for arg in args {
            let x = self.value(arg, ty.as_ref(), Use::Arg(name.to_string()));
            if !failed && !is_ordered(&x.ty) {
                self.report(CheckError::Unordered {
                    span: x.span,
                    ty: self.show(&x.ty),
                    op: name.to_string(),
                    help: None,
                });
                failed = true;
            } else if !failed {
                match (&ty, out.first()) {
                    (Some(t), Some(first)) => match join(t, &x.ty) {
                        Some(j) => ty = Some(j),
                        None => {
                            self.report(CheckError::Disagree {
                                span: x.span,
                                first_span: first.span,
                                what: format!("the arguments of `{name}`"),
                                first: self.show(t),
                                second: self.show(&x.ty),
                                help: Some("all arguments must have one ordered type".into()),
                            });
                            failed = true;
                        }
                    },
                    _ => ty = Some(x.ty.clone()),
                }
            }
            out.push(x);
        }
        let ty = if failed {
            Type::Error
        } else {
            ty.unwrap_or(Type::Error)
        };
        let out = out.into_iter().map(|x| widen(x, &ty)).collect();
        mk(ExprKind::Builtin { func: b, args: out }, ty, span)
    }

    pub(crate) fn aggregate(
        &mut self,
        kind: AggKind,
        var: &Ident,
        iter: &ast::Expr,
        body: &ast::Expr,
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let (it, elem) = self.iterable(iter);
        let slot = self.bind(var, elem);
        let body = match kind {
            AggKind::Count => {
                self.expect_type(body, &Type::Bool, "`count` needs a `bool` condition")
            }
            _ => self.value(
                body,
                exp,
                Use::Value(format!("a `{}` value", kind.as_str())),
            ),
        };
        self.unbind();
        let ty = match kind {
            AggKind::Count => Type::Int,
            AggKind::Sum => {
                if matches!(
                    body.ty,
                    Type::Int
                        | Type::Decimal
                        | Type::Money
                        | Type::Quantity
                        | Type::Duration
                        | Type::Error
                ) {
                    body.ty.clone()
                } else {
                    self.report(CheckError::CannotSum {
                        span: body.span,
                        ty: self.show(&body.ty),
                    });
                    Type::Error
                }
            }
            AggKind::Min | AggKind::Max => {
                if is_ordered(&body.ty) {
                    body.ty.clone()
                } else {
                    self.report(CheckError::Unordered {
                        span: body.span,
                        ty: self.show(&body.ty),
                        op: kind.as_str().into(),
                        help: None,
                    });
                    Type::Error
                }
            }
        };
        // §6: the sum of nothing is the zero of the summed type; money and
        // quantities have a neutral zero that takes any currency or unit.
        let zero = match (kind, body.ty.strip_optional()) {
            (AggKind::Sum, Type::Int) => Value::Int(0),
            (AggKind::Sum, Type::Duration) => Value::Duration(0),
            (AggKind::Sum, Type::Money | Type::Quantity) => Value::Zero,
            _ => Value::Decimal(rust_decimal::Decimal::ZERO),
        };
        mk(
            ExprKind::Aggregate {
                kind,
                slot,
                iter: Box::new(it),
                body: Box::new(body),
                zero,
            },
            ty,
            span,
        )
    }
}
