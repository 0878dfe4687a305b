//! IR expressions → executable [`Node`]s. Constants become values (computed
//! once, through [`Env`]), loaded data is converted, and a few shapes are
//! specialised by their checked types.

use std::sync::Arc;

use crate::eval::node::{Arith, Cmp, Iter, Literal, Node, NodeKind, Step};
use crate::eval::value::{Country, Currency, Money, Quantity, SetValue, Str, Value};
use crate::ir::{BinOp, Expr, ExprKind, Lit, Type};
use crate::lang::AggKind;

/// Something went wrong and was already reported as a diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failed;

/// What compiling needs from the linker.
pub trait Env {
    /// The value of constant `idx` (computed on first use).
    fn constant(&mut self, idx: u32) -> Result<Value, Failed>;
    /// Compiles function `idx` if it is not yet; returns its parameter types.
    fn function(&mut self, idx: u32) -> Result<Vec<Type>, Failed>;
    /// The field types of record `id`, by slot.
    fn field_types(&self, id: u32) -> Vec<Type>;
    /// A `load`ed `.txt`/`.csv` list as a value of `expr.ty`.
    fn loaded_text(
        &mut self,
        expr: &Expr,
        path: &str,
        items: &[(String, u32)],
    ) -> Result<Value, Failed>;
    /// A `load`ed `.json` fixture as a value of `expr.ty`.
    fn loaded_json(
        &mut self,
        expr: &Expr,
        path: &std::path::Path,
        display: &str,
    ) -> Result<Value, Failed>;
    /// Reports an internal error (an IR the evaluator cannot run).
    fn internal(&mut self, expr: &Expr, what: &str) -> Failed;
    /// Notes the type of a path, for rendering its value in `--explain`.
    fn note_type(&mut self, _span: crate::source::Span, _ty: &Type) {}
}

type R = Result<Node, Failed>;

/// The value of a checked literal of type `ty`.
pub fn literal(lit: &Lit, ty: &Type) -> Value {
    match lit {
        Lit::Bool(b) => Value::Bool(*b),
        Lit::Int(i) if matches!(ty.strip_optional(), Type::Decimal) => Value::Decimal((*i).into()),
        Lit::Int(i) => Value::Int(*i),
        Lit::Decimal(d) => Value::Decimal(*d),
        Lit::Str(s) => Value::Str(Str::new(s)),
        Lit::Country(c) => Country::from_code(c).map_or(Value::Absent, Value::Country),
        Lit::Date(d) => Value::Date(*d),
        Lit::Duration(n) => Value::Duration(*n),
        Lit::Quantity { value, unit } => Value::Quantity(Quantity {
            value: *value,
            unit: *unit,
        }),
        Lit::Money { amount, currency } => {
            Currency::from_code(currency).map_or(Value::Absent, |currency| {
                Value::Money(Money {
                    amount: *amount,
                    currency,
                })
            })
        }
        Lit::Variant { index, .. } => Value::Enum(*index),
    }
}

/// Converts a value of type `from` for a place of type `to`: an `int`
/// where a `decimal` is expected, a list where a set is expected.
pub fn coerce_value(v: Value, to: &Type) -> Value {
    match (v, to.strip_optional()) {
        (Value::Int(i), Type::Decimal) => Value::Decimal(i.into()),
        (Value::List(items), Type::Set(elem)) => {
            Value::set(items.iter().map(|x| coerce_value(x.clone(), elem)))
        }
        (Value::List(items), Type::List(elem)) if needs_elem_coercion(&items, elem) => Value::list(
            items
                .iter()
                .map(|x| coerce_value(x.clone(), elem))
                .collect(),
        ),
        (Value::Set(set), Type::Set(elem)) if needs_elem_coercion(set.items(), elem) => {
            Value::set(set.items().iter().map(|x| coerce_value(x.clone(), elem)))
        }
        (v, _) => v,
    }
}

fn needs_elem_coercion(items: &[Value], elem: &Type) -> bool {
    matches!(
        elem.strip_optional(),
        Type::Decimal | Type::Set(_) | Type::List(_)
    ) && items
        .iter()
        .any(|x| matches!(x, Value::Int(_) | Value::List(_) | Value::Set(_)))
}

/// Wraps `node` (of type `from`) so it yields a value for type `to`.
pub fn coerce(node: Node, from: &Type, to: &Type) -> Node {
    let (f, t) = (from.strip_optional(), to.strip_optional());
    if f == t && !matches!(t, Type::Set(_) | Type::List(_)) {
        return node;
    }
    let span = node.span;
    if let NodeKind::Value(v) = node.kind {
        return Node::value(coerce_value(v, to), span);
    }
    let kind = match (f, t) {
        (Type::Int, Type::Decimal) => NodeKind::ToDecimal(Box::new(node)),
        (Type::List(_), Type::Set(_)) => NodeKind::ToSet(Box::new(node)),
        _ => node.kind,
    };
    Node { kind, span }
}

/// Compiles an expression.
pub fn compile(env: &mut dyn Env, e: &Expr) -> R {
    let span = e.span;
    let node = |kind| Ok(Node { kind, span });
    let b = |env: &mut dyn Env, x: &Expr| compile(env, x).map(Box::new);
    match &e.kind {
        ExprKind::Lit(l) => Ok(Node::value(literal(l, &e.ty), span)),
        ExprKind::Local(i) => node(NodeKind::Path {
            local: *i,
            steps: Box::new([]),
        }),
        ExprKind::Const(i) => Ok(Node::value(env.constant(*i)?, span)),
        ExprKind::Field {
            base,
            slot,
            optional,
        } => {
            let base = compile(env, base)?;
            let step = Step {
                slot: *slot,
                optional: *optional,
            };
            match base.kind {
                NodeKind::Path { local, steps } => {
                    env.note_type(span, &e.ty);
                    let mut steps = steps.into_vec();
                    steps.push(step);
                    node(NodeKind::Path {
                        local,
                        steps: steps.into_boxed_slice(),
                    })
                }
                kind => node(NodeKind::Field {
                    base: Box::new(Node {
                        kind,
                        span: base.span,
                    }),
                    step,
                }),
            }
        }
        ExprKind::Call { func, args } => {
            let params = env.function(*func)?;
            let mut out = Vec::with_capacity(args.len());
            for (i, a) in args.iter().enumerate() {
                let n = compile(env, a)?;
                out.push(match params.get(i) {
                    Some(p) => coerce(n, &a.ty, p),
                    None => n,
                });
            }
            node(NodeKind::Call {
                func: *func,
                args: out.into_boxed_slice(),
            })
        }
        ExprKind::Builtin { func, args } => node(NodeKind::Builtin {
            func: *func,
            args: compile_all(env, args)?.into_boxed_slice(),
        }),
        ExprKind::Index { base, index } => node(NodeKind::Index {
            base: b(env, base)?,
            index: b(env, index)?,
        }),
        ExprKind::Slice { base, lo, hi } => node(NodeKind::Slice {
            base: b(env, base)?,
            lo: lo.as_deref().map(|x| b(env, x)).transpose()?,
            hi: hi.as_deref().map(|x| b(env, x)).transpose()?,
        }),
        ExprKind::With { base, updates } => {
            let record_types = |env: &dyn Env, path: &[u32]| -> Option<Type> {
                let mut ty = base.ty.strip_optional().clone();
                for slot in path {
                    let Type::Record(id) = ty else { return None };
                    ty = env.field_types(id.0).get(*slot as usize)?.clone();
                }
                Some(ty)
            };
            let mut out = Vec::with_capacity(updates.len());
            for (path, value) in updates {
                let v = match value {
                    Some(x) => {
                        let n = compile(env, x)?;
                        Some(match record_types(env, path) {
                            Some(t) => coerce(n, &x.ty, &t),
                            None => n,
                        })
                    }
                    None => None,
                };
                out.push((path.clone().into_boxed_slice(), v));
            }
            node(NodeKind::With {
                base: b(env, base)?,
                updates: out.into_boxed_slice(),
            })
        }
        ExprKind::Neg(x) => node(NodeKind::Neg(b(env, x)?)),
        ExprKind::Not(x) => node(NodeKind::Not(b(env, x)?)),
        ExprKind::Binary { op, lhs, rhs } => binary(env, e, *op, lhs, rhs),
        ExprKind::Is { expr, present } => node(NodeKind::Is {
            expr: b(env, expr)?,
            present: *present,
        }),
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            let t = coerce(compile(env, then)?, &then.ty, &e.ty);
            let o = coerce(compile(env, otherwise)?, &otherwise.ty, &e.ty);
            node(NodeKind::If {
                cond: b(env, cond)?,
                then: Box::new(t),
                otherwise: Box::new(o),
            })
        }
        ExprKind::Quantifier {
            all,
            slot,
            iter,
            body,
        } => node(NodeKind::Quantifier {
            all: *all,
            slot: *slot,
            iter: Box::new(compile_iter(env, iter)?),
            body: b(env, body)?,
        }),
        ExprKind::Aggregate {
            kind,
            slot,
            iter,
            body,
        } => {
            let zero = match (kind, body.ty.strip_optional()) {
                (AggKind::Sum, Type::Int) => Value::Int(0),
                (AggKind::Sum, Type::Duration) => Value::Duration(0),
                (AggKind::Sum, Type::Money | Type::Quantity) => Value::Zero,
                _ => Value::Decimal(rust_decimal::Decimal::ZERO),
            };
            node(NodeKind::Aggregate {
                kind: *kind,
                slot: *slot,
                iter: Box::new(compile_iter(env, iter)?),
                body: b(env, body)?,
                zero,
            })
        }
        ExprKind::Comprehension {
            set,
            elem,
            slot,
            iter,
            filter,
        } => {
            let elem_ty = e.ty.element().cloned().unwrap_or(Type::Unknown);
            let el = coerce(compile(env, elem)?, &elem.ty, &elem_ty);
            node(NodeKind::Comprehension {
                set: *set,
                elem: Box::new(el),
                slot: *slot,
                iter: Box::new(compile_iter(env, iter)?),
                filter: filter.as_deref().map(|f| b(env, f)).transpose()?,
            })
        }
        ExprKind::Collection { set, elems } => {
            let elem_ty = e.ty.element().cloned().unwrap_or(Type::Unknown);
            let mut nodes = Vec::with_capacity(elems.len());
            for x in elems {
                nodes.push(coerce(compile(env, x)?, &x.ty, &elem_ty));
            }
            // All-constant collections are built once.
            if nodes.iter().all(|n| n.as_value().is_some()) {
                let values = nodes.into_iter().filter_map(|n| match n.kind {
                    NodeKind::Value(v) => Some(v),
                    _ => None,
                });
                let v = if *set {
                    Value::set(values)
                } else {
                    Value::list(values.collect())
                };
                return Ok(Node::value(v, span));
            }
            node(NodeKind::Collection {
                set: *set,
                elems: nodes.into_boxed_slice(),
            })
        }
        ExprKind::Record { record, fields } => {
            let types = env.field_types(record.0);
            let mut out = Vec::with_capacity(fields.len());
            for (i, f) in fields.iter().enumerate() {
                out.push(match (f, types.get(i)) {
                    (Some(x), Some(t)) => coerce(compile(env, x)?, &x.ty, t),
                    (Some(x), None) => compile(env, x)?,
                    (None, _) => Node::value(Value::Absent, span),
                });
            }
            node(NodeKind::Record(out.into_boxed_slice()))
        }
        ExprKind::LoadedText { path, items } => {
            Ok(Node::value(env.loaded_text(e, path, items)?, span))
        }
        ExprKind::LoadedJson { path, display } => {
            Ok(Node::value(env.loaded_json(e, path, display)?, span))
        }
        ExprKind::Error => Err(env.internal(e, "an expression the checker rejected")),
    }
}

fn compile_all(env: &mut dyn Env, xs: &[Expr]) -> Result<Vec<Node>, Failed> {
    xs.iter().map(|x| compile(env, x)).collect()
}

/// The collection of a binder; a slice is visited in place.
pub fn compile_iter(env: &mut dyn Env, iter: &Expr) -> Result<Iter, Failed> {
    if let ExprKind::Slice { base, lo, hi } = &iter.kind {
        return Ok(Iter::Slice {
            base: compile(env, base)?,
            lo: lo.as_deref().map(|x| compile(env, x)).transpose()?,
            hi: hi.as_deref().map(|x| compile(env, x)).transpose()?,
        });
    }
    Ok(Iter::Plain(compile(env, iter)?))
}

/// A literal compared by `==` whose equality never fails.
fn eq_literal(v: &Value) -> Option<Literal> {
    Some(match v {
        Value::Enum(i) => Literal::Enum(*i),
        Value::Country(c) => Literal::Country(*c),
        Value::Str(s) => Literal::Str(s.clone()),
        Value::Bool(b) => Literal::Bool(*b),
        _ => return None,
    })
}

fn binary(env: &mut dyn Env, e: &Expr, op: BinOp, lhs: &Expr, rhs: &Expr) -> R {
    let span = e.span;
    let l = compile(env, lhs)?;
    let r = compile(env, rhs)?;
    let (bl, br) = (Box::new(l), Box::new(r));
    let kind = match op {
        BinOp::And => NodeKind::And(bl, br),
        BinOp::Or => NodeKind::Or(bl, br),
        BinOp::Coalesce => NodeKind::Coalesce(bl, br),
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => NodeKind::Arith {
            op: match op {
                BinOp::Add => Arith::Add,
                BinOp::Sub => Arith::Sub,
                BinOp::Mul => Arith::Mul,
                _ => Arith::Div,
            },
            lhs: bl,
            rhs: br,
        },
        BinOp::Eq | BinOp::Ne => {
            let negated = op == BinOp::Ne;
            // A constant side of a type with total equality: compare in place.
            if let Some(lit) = br.as_value().and_then(eq_literal) {
                NodeKind::EqLit {
                    expr: bl,
                    lit,
                    negated,
                }
            } else if let Some(lit) = bl.as_value().and_then(eq_literal) {
                NodeKind::EqLit {
                    expr: br,
                    lit,
                    negated,
                }
            } else {
                NodeKind::Compare {
                    op: if negated { Cmp::Ne } else { Cmp::Eq },
                    lhs: bl,
                    rhs: br,
                }
            }
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => NodeKind::Compare {
            op: match op {
                BinOp::Lt => Cmp::Lt,
                BinOp::Le => Cmp::Le,
                BinOp::Gt => Cmp::Gt,
                _ => Cmp::Ge,
            },
            lhs: bl,
            rhs: br,
        },
        BinOp::In | BinOp::NotIn => {
            let negated = op == BinOp::NotIn;
            let elem_ty = rhs.ty.element().cloned().unwrap_or(Type::Unknown);
            let needle = Box::new(coerce(*bl, &lhs.ty, &elem_ty));
            match br.kind {
                // Membership in a constant: a set (hashed when large) built once.
                NodeKind::Value(Value::Set(set)) => NodeKind::InConst {
                    needle,
                    set,
                    negated,
                },
                NodeKind::Value(Value::List(items)) => NodeKind::InConst {
                    needle,
                    set: Arc::new(SetValue::from_values(items.iter().cloned())),
                    negated,
                },
                kind => NodeKind::In {
                    needle,
                    hay: Box::new(Node {
                        kind,
                        span: br.span,
                    }),
                    negated,
                },
            }
        }
    };
    Ok(Node { kind, span })
}
