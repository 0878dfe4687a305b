//! Optionals (§3): a `T?` may be used only with `??`, `?.`, `is present`,
//! `is missing` or where the expected type is optional. Everywhere else the
//! checker reports E0230 with the fix spelled out, then carries on with `T`
//! so the one mistake gives one diagnostic.

use crate::check::error::CheckError;
use crate::check::Checker;
use crate::ir::{self, ExprKind, Type};

/// What an optional value was about to be used for (shapes the message).
#[derive(Clone, Debug)]
pub(crate) enum Use {
    /// `.name` on it; the field's type gives the `??` default in the help.
    Field(String, Type),
    /// An operand of this operator.
    Operator(String),
    /// A `when`/`unless` line or another boolean position.
    Condition,
    /// An argument of this function.
    Arg(String),
    /// A `{…}` in an effect message.
    Interp,
    /// The collection of a binder.
    Iterate,
    /// Indexed or sliced.
    Index,
    /// Where a (non-optional) type is expected.
    Expected(Type),
    /// Anything else, with the reason in words.
    Value(String),
}

impl Checker<'_> {
    /// Reports `x` if it is optional and returns it with the optional stripped.
    pub(crate) fn present(&mut self, mut x: ir::Expr, use_: &Use) -> ir::Expr {
        let Type::Optional(inner) = &x.ty else {
            return x;
        };
        let inner = (**inner).clone();
        let src = self.text(x.span);
        let label = format!("`{}` is `{}`", last_step(&src), self.show(&x.ty));
        let guard = if self.ctx.in_rule {
            format!("or guard the rule with `when {src} is present`")
        } else {
            format!("or test it first: `if {src} is present then … else …`")
        };
        let (message, help) = match use_ {
            Use::Field(name, fty) => (
                format!("`{src}` may be absent, so `.{name}` cannot be read directly"),
                format!(
                    "say what an absent value means: `{src}?.{name} ?? {}`,\n{guard}",
                    default_for(fty.strip_optional())
                ),
            ),
            other => {
                let what = match other {
                    Use::Operator(op) => format!("it cannot be used with `{op}`"),
                    Use::Condition => "it cannot be a condition".to_string(),
                    Use::Arg(f) => format!("it cannot be passed to `{f}`"),
                    Use::Interp => "it cannot be shown in a message".to_string(),
                    Use::Iterate => "it cannot be iterated".to_string(),
                    Use::Index => "it cannot be indexed".to_string(),
                    Use::Value(why) => format!("it cannot be used as {why}"),
                    Use::Expected(t) => {
                        format!("it cannot be used where `{}` is expected", self.show(t))
                    }
                    Use::Field(..) => String::new(),
                };
                (
                    format!("`{src}` may be absent, so {what}"),
                    format!(
                        "say what an absent value means: `{src} ?? {}`,\n{guard}",
                        default_for(&inner)
                    ),
                )
            }
        };
        self.report(CheckError::OptionalUse {
            span: x.span,
            message,
            label,
            help,
        });
        x.ty = inner;
        x
    }

    /// `missing` (§11): the absent value where the expected type is `T?`;
    /// anywhere else E0121.
    pub(crate) fn missing(&mut self, span: crate::source::Span, exp: Option<&Type>) -> ir::Expr {
        match exp {
            Some(ty @ Type::Optional(_)) => ir::Expr {
                kind: ExprKind::Lit(ir::Lit::Absent),
                ty: ty.clone(),
                span,
            },
            Some(Type::Error) => crate::check::error_expr(span),
            Some(ty) => {
                let shown = self.show(ty);
                self.report(CheckError::MissingNotOptional {
                    span,
                    label: format!("`{shown}` is expected here, and it is never absent"),
                    help: Some(format!(
                        "give a `{shown}` value, or make the type optional (`{shown}?`) where it is declared"
                    )),
                });
                crate::check::error_expr(span)
            }
            None => {
                self.report(CheckError::MissingNotOptional {
                    span,
                    label: "no optional type is expected here".into(),
                    help: Some(
                        "`missing` stands where a `T?` is expected: the result of a `def` declared `: T?`, `let x: T? = …`, an optional field, or a branch of an `if` whose type is `T?`"
                            .into(),
                    ),
                });
                crate::check::error_expr(span)
            }
        }
    }

    /// Warns about `is present`, `?.` or `??` on a value that is never absent.
    pub(crate) fn never_absent(&mut self, what: &str, x: &ir::Expr, help: &str) {
        if x.ty.is_error() || matches!(x.kind, ExprKind::Error) {
            return;
        }
        self.report(CheckError::NeverAbsent {
            span: x.span,
            what: what.to_string(),
            ty: self.show(&x.ty),
            help: help.to_string(),
        });
    }
}

/// The last `.field` step of a path as written (`reexport` of `tx.reexport`).
fn last_step(src: &str) -> &str {
    let simple = src
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '?');
    if simple {
        src.rsplit(['.', '?'])
            .find(|s| !s.is_empty())
            .unwrap_or(src)
    } else {
        src
    }
}

/// A natural "absent means" value for the help text.
fn default_for(ty: &Type) -> &'static str {
    match ty {
        Type::Bool => "false",
        Type::Int => "0",
        Type::Decimal => "0.0",
        Type::String => "\"\"",
        Type::List(_) => "[]",
        Type::Set(_) => "{}",
        Type::Money => "0 USD",
        Type::Quantity => "0 kg",
        Type::Duration => "0 days",
        _ => "…",
    }
}
