//! The second edition's built-in signatures (§11): string functions with
//! non-empty separators (`replace`, `split`, `join`, `words`), `text` of any
//! value, `round` with a literal digit count, and `matches` with a pattern
//! known when checking (a raw string literal or a `const` initialised by
//! one), validated here and compiled once by the linker.

use crate::ast::{self, ExprKind as A, Literal};
use crate::builtins::text::whole_match_pattern;
use crate::builtins::{Builtin, Param, Ret, Sig};
use crate::check::calls::count_words;
use crate::check::error::CheckError;
use crate::check::optional::Use;
use crate::check::typeck::mk;
use crate::check::{error_expr, Checker};
use crate::ir::{self, ExprKind, Lit, Type};
use crate::lang::FormatSpec;
use crate::source::Span;

fn string_list() -> Type {
    Type::List(Box::new(Type::String))
}

/// Whether a type has a §6 rendering (records have none).
fn renderable(ty: &Type) -> bool {
    match ty {
        Type::Record(_) => false,
        Type::List(t) | Type::Set(t) | Type::Optional(t) => renderable(t),
        _ => true,
    }
}

/// The anchor at an end of a pattern that whole-string matching implies.
fn redundant_anchor(pattern: &str) -> Option<&'static str> {
    let escaped_end = |p: &str| {
        let body = p.strip_suffix('$').unwrap_or(p);
        body.len() - body.trim_end_matches('\\').len()
    };
    if pattern.starts_with('^') {
        Some("^")
    } else if pattern.starts_with("\\A") {
        Some("\\A")
    } else if pattern.ends_with('$') && escaped_end(pattern) % 2 == 0 {
        Some("$")
    } else if pattern.ends_with("\\z") && escaped_end(pattern.trim_end_matches("z")) % 2 == 1 {
        Some("\\z")
    } else {
        None
    }
}

impl Checker<'_> {
    /// A call of a built-in with one of the second edition's signatures.
    pub(crate) fn second_edition_call(
        &mut self,
        b: &'static Builtin,
        func: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> ir::Expr {
        let arity = match b.sig {
            Sig::Params { params, .. } => params.len(),
            Sig::Any { .. } => 1,
            _ => 2,
        };
        if args.len() != arity {
            return self.arity_error(&func.node, count_words(arity), args, span, None);
        }
        let (out, ty) = match b.sig {
            Sig::Params { params, ret, takes } => self.params(b.name, params, ret, takes, args),
            Sig::Any { .. } => self.any_value(b.name, args),
            Sig::Round => self.round(b.name, args, span),
            _ => self.pattern(b.name, args),
        };
        mk(ExprKind::Builtin { func: b, args: out }, ty, span)
    }

    fn params(
        &mut self,
        name: &str,
        params: &[Param],
        ret: Ret,
        takes: &str,
        args: &[ast::Expr],
    ) -> (Vec<ir::Expr>, Type) {
        let why = format!("`{name}` takes {takes}");
        let mut out = Vec::with_capacity(args.len());
        for (arg, param) in args.iter().zip(params) {
            let want = match param {
                Param::StrList => string_list(),
                Param::Str | Param::NonEmpty { .. } => Type::String,
            };
            let x = self.expr(arg, Some(&want));
            let x = self.present(x, &Use::Arg(name.to_string()));
            let x = self.check_fits(x, &want, &why);
            if let (Param::NonEmpty { what }, ExprKind::Lit(Lit::Str(s))) = (param, &x.kind) {
                if s.is_empty() {
                    let help = match name {
                        "split" => "a separator has at least one character; `s[i]` reads one character".to_string(),
                        "replace" => "the text to replace has at least one character; to insert, concatenate with `+`".to_string(),
                        _ => format!("write a {what} of at least one character, e.g. `\", \"`"),
                    };
                    self.report(CheckError::EmptySeparator {
                        span: x.span,
                        name: name.to_string(),
                        what: what.to_string(),
                        help,
                    });
                }
            }
            out.push(x);
        }
        let ty = match ret {
            Ret::StringList => string_list(),
            Ret::Bool => Type::Bool,
            Ret::Int => Type::Int,
            Ret::String | Ret::Arg => Type::String,
            // Map signatures are `Sig::One`, never a `Params` string built-in.
            Ret::MapKeys | Ret::MapValues => Type::Error,
        };
        (out, ty)
    }

    /// `text(x)`: any present value with a rendering.
    fn any_value(&mut self, name: &str, args: &[ast::Expr]) -> (Vec<ir::Expr>, Type) {
        let mut out = Vec::with_capacity(1);
        for arg in args {
            let x = self.value(arg, None, Use::Arg(name.to_string()));
            if !renderable(&x.ty) && !x.ty.is_error() {
                self.report(CheckError::BadArgument {
                    span: x.span,
                    name: name.to_string(),
                    expected: "a value with a text form (not a record)".to_string(),
                    found: self.show(&x.ty),
                });
            }
            out.push(x);
        }
        (out, Type::String)
    }

    /// `round(x, n)`: x a number, `money` or `quantity`; n an `int` literal 0–28.
    fn round(&mut self, name: &str, args: &[ast::Expr], span: Span) -> (Vec<ir::Expr>, Type) {
        let mut out = Vec::with_capacity(2);
        let mut ty = Type::Error;
        if let [x, n] = args {
            let x = self.value(x, None, Use::Arg(name.to_string()));
            ty = match &x.ty {
                Type::Int | Type::Decimal | Type::Money | Type::Quantity => x.ty.clone(),
                Type::Error => Type::Error,
                other => {
                    self.report(CheckError::BadArgument {
                        span: x.span,
                        name: name.to_string(),
                        expected: "an `int`, `decimal`, `money` or `quantity`".to_string(),
                        found: self.show(other),
                    });
                    Type::Error
                }
            };
            self.rounds_int(name, &x, span);
            out.push(x);
            let digits = match &n.node {
                A::Lit(Literal::Int(k)) if (0..=i64::from(FormatSpec::MAX_DIGITS)).contains(k) => {
                    mk(ExprKind::Lit(Lit::Int(*k)), Type::Int, n.span)
                }
                other => {
                    let what = match other {
                        A::Lit(Literal::Int(_)) => "outside 0 to 28".to_string(),
                        A::Unary { op, expr }
                            if op.node == ast::UnaryOp::Neg
                                && matches!(expr.node, A::Lit(Literal::Int(_))) =>
                        {
                            "outside 0 to 28".to_string()
                        }
                        A::Lit(_) => "not an `int`".to_string(),
                        _ => "not a literal".to_string(),
                    };
                    self.expr(n, Some(&Type::Int));
                    self.report(CheckError::RoundDigits { span: n.span, what });
                    ty = Type::Error;
                    error_expr(n.span)
                }
            };
            out.push(digits);
        }
        (out, ty)
    }

    /// W0113: `round`/`floor`/`ceil` of an `int` returns it unchanged.
    pub(crate) fn rounds_int(&mut self, name: &str, x: &ir::Expr, span: Span) {
        if x.ty == Type::Int {
            self.report(CheckError::RoundsInt {
                span,
                name: name.to_string(),
            });
        }
    }

    /// `matches(s, P)`: the pattern is validated here, at its literal.
    fn pattern(&mut self, name: &str, args: &[ast::Expr]) -> (Vec<ir::Expr>, Type) {
        let mut out = Vec::with_capacity(2);
        let [s, p] = args else {
            return (out, Type::Error);
        };
        let why = format!("`{name}` matches a `string`");
        out.push(self.expect_type(s, &Type::String, &why));
        let mut ok = !out.iter().any(|x| x.ty.is_error());
        // Parentheses change nothing: `(r"…")` is still the literal.
        let mut bare = p;
        while let A::Paren(inner) = &bare.node {
            bare = inner;
        }
        let (x, literal) = match &bare.node {
            A::Lit(Literal::Str(lit)) => (self.expr(p, Some(&Type::String)), Some(lit)),
            A::Name(_) => {
                let x = self.expr(p, Some(&Type::String));
                let lit = match x.kind {
                    ExprKind::Const(id) => {
                        self.consts
                            .get(id.0 as usize)
                            .and_then(|c| match &c.decl.value.node {
                                A::Lit(Literal::Str(lit)) => Some(lit),
                                _ => None,
                            })
                    }
                    _ => None,
                };
                (x, lit)
            }
            _ => (self.expr(p, Some(&Type::String)), None),
        };
        match literal {
            Some(lit) if lit.raw => {
                let text = lit.as_plain().unwrap_or_default();
                if let Err(reason) = whole_match_pattern(&text) {
                    self.report(CheckError::BadPattern {
                        span: lit.span,
                        reason,
                    });
                    ok = false;
                } else if let Some(anchor) = redundant_anchor(&text) {
                    self.report(CheckError::RedundantAnchor {
                        span: lit.span,
                        anchor: anchor.to_string(),
                    });
                }
            }
            _ if x.ty.is_error() => ok = false,
            other => {
                let (what, help) = match other {
                    Some(_) if matches!(bare.node, A::Name(_)) => (
                        "a `const` initialised by an ordinary string".to_string(),
                        "initialise the `const` with a raw string `r\"…\"`: a `\\` in `\"…\"` is an escape of Pol, not of the pattern".to_string(),
                    ),
                    Some(_) => (
                        "an ordinary string, not a raw one".to_string(),
                        "write the pattern as a raw string `r\"…\"`: a `\\` in `\"…\"` is an escape of Pol, not of the pattern".to_string(),
                    ),
                    None if matches!(x.kind, ExprKind::Const(_)) => (
                        "a `const` computed from other values".to_string(),
                        "a pattern is compiled once, before any record is read: initialise the `const` with a raw string literal".to_string(),
                    ),
                    None => (
                        "computed when a record is read".to_string(),
                        "a pattern is compiled once, before any record is read: write a raw string literal `r\"…\"` or a `const` initialised by one".to_string(),
                    ),
                };
                self.report(CheckError::PatternNotLiteral {
                    span: p.span,
                    what,
                    help,
                });
                ok = false;
            }
        }
        out.push(x);
        (out, if ok { Type::Bool } else { Type::Error })
    }
}
