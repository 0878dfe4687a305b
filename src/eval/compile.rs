//! IR expressions → executable [`Node`]s, one node per IR node: constants
//! and loaded data are the values the checker stored, conversions are the
//! checker's `Convert` nodes. The only choices made here are speed-ups that
//! keep the meaning (paths of fields, membership in a constant set,
//! comparison with a constant of total equality, constant collections built
//! once).

use std::sync::Arc;

use crate::builtins::text::whole_match_pattern;
use crate::builtins::Sig;
use crate::eval::node::{Arith, ClauseNode, Cmp, Iter, Literal, Node, NodeKind, Step};
use crate::eval::screen::ScreenList;
use crate::ir::{BinOp, ConstId, Conversion, DefId, Expr, ExprKind, Lit, ScreenFields, Type};
use crate::value::dated::DatedCollection;
use crate::value::render::Names;
use crate::value::{Country, Currency, Money, Quantity, SetValue, Str, Value};

/// Something went wrong and was already reported as a diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failed;

/// What compiling needs from its caller (the linker, or the checker's
/// constant pass).
pub trait Env {
    /// The value of constant `id`.
    fn constant(&mut self, id: ConstId) -> Result<Value, Failed>;
    /// The rows of dated constant `id` (§12).
    fn dated(&mut self, id: ConstId) -> Result<Arc<DatedCollection>, Failed>;
    /// The screening index over constant `id` (§14); `Ok(None)` when its
    /// records lack the names the checker required.
    fn screen_list(
        &mut self,
        id: ConstId,
        fields: ScreenFields,
        dated: bool,
    ) -> Result<Option<Arc<ScreenList>>, Failed> {
        Ok(match dated {
            true => ScreenList::dated(self.dated(id)?, fields),
            false => ScreenList::new(&self.constant(id)?, fields),
        }
        .map(Arc::new))
    }
    /// Makes sure function `id` is (or will be) compiled.
    fn function(&mut self, id: DefId) -> Result<(), Failed>;
    /// Reports an internal error (an IR the evaluator cannot run).
    fn internal(&mut self, expr: &Expr, what: &str) -> Failed;
    /// The program's enum and record names (for `text`).
    fn names(&mut self) -> Arc<Names>;
    /// Notes the type of a path, for rendering its value in `--explain`.
    fn note_type(&mut self, _span: crate::source::Span, _ty: &Type) {}
}

type R = Result<Node, Failed>;

/// The value of a checked literal; `None` for a country or currency code
/// of the wrong shape (the checker rejects those: an internal error, never
/// an absent value).
pub fn literal(lit: &Lit) -> Option<Value> {
    Some(match lit {
        Lit::Bool(b) => Value::Bool(*b),
        Lit::Int(i) => Value::Int(*i),
        Lit::Decimal(d) => Value::Decimal(*d),
        Lit::Str(s) => Value::Str(Str::new(s)),
        Lit::Country(c) => Value::Country(Country::from_code(c)?),
        Lit::Date(d) => Value::Date(*d),
        Lit::Duration(n) => Value::Duration(*n),
        Lit::Quantity { value, unit } => Value::Quantity(Quantity {
            value: *value,
            unit: *unit,
        }),
        Lit::Money { amount, currency } => Value::Money(Money {
            amount: *amount,
            currency: Currency::from_code(currency)?,
        }),
        Lit::Variant { index, .. } => Value::Enum(*index),
        Lit::Absent => Value::Absent,
    })
}

/// A conversion of a node; a constant is converted once, here.
fn convert(node: Node, to: Conversion) -> Node {
    let span = node.span;
    match (node.kind, to) {
        (NodeKind::Value(Value::Int(i)), Conversion::IntToDecimal) => {
            Node::value(Value::Decimal(i.into()), span)
        }
        (kind, Conversion::IntToDecimal) => Node {
            kind: NodeKind::ToDecimal(Box::new(Node { kind, span })),
            span,
        },
    }
}

/// Compiles an expression.
pub fn compile(env: &mut dyn Env, e: &Expr) -> R {
    let span = e.span;
    let node = |kind| Ok(Node { kind, span });
    let b = |env: &mut dyn Env, x: &Expr| compile(env, x).map(Box::new);
    match &e.kind {
        ExprKind::Lit(l) => match literal(l) {
            Some(v) => Ok(Node::value(v, span)),
            None => Err(env.internal(e, "a country or currency literal that is not a code")),
        },
        ExprKind::Local(i) => node(NodeKind::Path {
            local: i.0,
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
            env.function(*func)?;
            node(NodeKind::Call {
                func: func.0,
                args: compile_all(env, args)?.into_boxed_slice(),
            })
        }
        ExprKind::Builtin { func, args } => match (func.sig, args.as_slice()) {
            (Sig::Pattern, [subject, pattern]) => {
                let subject = b(env, subject)?;
                let compiled = compile(env, pattern)?;
                let Some(Value::Str(text)) = compiled.as_value() else {
                    return Err(
                        env.internal(e, "a `matches` pattern that is not a constant string")
                    );
                };
                match whole_match_pattern(text) {
                    Ok(pattern) => node(NodeKind::Matches {
                        subject,
                        pattern: Arc::new(pattern),
                    }),
                    Err(_) => Err(env.internal(
                        e,
                        "a `matches` pattern the checker accepted does not compile",
                    )),
                }
            }
            (Sig::Any { .. }, [arg]) => node(NodeKind::Text {
                arg: b(env, arg)?,
                ty: arg.ty.clone(),
                names: env.names(),
            }),
            (Sig::Pattern | Sig::Any { .. }, _) => {
                Err(env.internal(e, "a built-in call with the wrong number of arguments"))
            }
            _ => node(NodeKind::Builtin {
                func,
                args: compile_all(env, args)?.into_boxed_slice(),
            }),
        },
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
            let mut out = Vec::with_capacity(updates.len());
            for (path, value) in updates {
                let v = value.as_ref().map(|x| compile(env, x)).transpose()?;
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
        } => node(NodeKind::If {
            cond: b(env, cond)?,
            then: b(env, then)?,
            otherwise: b(env, otherwise)?,
        }),
        ExprKind::Quantifier {
            all,
            slot,
            iter,
            body,
        } => node(NodeKind::Quantifier {
            all: *all,
            slot: slot.0,
            iter: Box::new(compile_iter(env, iter)?),
            body: b(env, body)?,
        }),
        ExprKind::Aggregate {
            kind,
            slot,
            iter,
            body,
            zero,
        } => node(NodeKind::Aggregate {
            kind: *kind,
            slot: slot.0,
            iter: Box::new(compile_iter(env, iter)?),
            body: b(env, body)?,
            zero: zero.clone(),
        }),
        ExprKind::Comprehension { set, elem, clauses } => {
            let mut out = Vec::with_capacity(clauses.len());
            for c in clauses {
                out.push(ClauseNode {
                    slot: c.slot.0,
                    iter: compile_iter(env, &c.iter)?,
                    filter: c.filter.as_ref().map(|f| compile(env, f)).transpose()?,
                });
            }
            node(NodeKind::Comprehension {
                set: *set,
                elem: b(env, elem)?,
                clauses: out.into_boxed_slice(),
            })
        }
        ExprKind::Collection { set, elems } => {
            let nodes = compile_all(env, elems)?;
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
        ExprKind::Map { entries } => {
            let mut nodes = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                nodes.push((compile(env, k)?, compile(env, v)?));
            }
            // All-constant maps are built once (repeated keys are left to
            // the run, which reports them).
            if nodes
                .iter()
                .all(|(k, v)| k.as_value().is_some() && v.as_value().is_some())
            {
                let pairs = nodes
                    .iter()
                    .filter_map(|(k, v)| Some((k.as_value()?.clone(), v.as_value()?.clone())));
                if let Ok(map) = crate::value::MapValue::from_entries(pairs) {
                    return Ok(Node::value(Value::Map(std::sync::Arc::new(map)), span));
                }
            }
            node(NodeKind::Map(nodes.into_boxed_slice()))
        }
        ExprKind::Record { fields, .. } => {
            let mut out = Vec::with_capacity(fields.len());
            for f in fields {
                out.push(match f {
                    Some(x) => compile(env, x)?,
                    None => Node::value(Value::Absent, span),
                });
            }
            node(NodeKind::Record(out.into_boxed_slice()))
        }
        ExprKind::Convert { expr, to } => Ok(convert(compile(env, expr)?, *to)),
        ExprKind::Loaded { value, .. } => Ok(Node::value(value.clone(), span)),
        ExprKind::AsOf => node(NodeKind::AsOf),
        ExprKind::DatedConst(i) => node(NodeKind::Dated(env.dated(*i)?)),
        ExprKind::Screen {
            query,
            list,
            fields,
            dated,
        } => {
            let query = b(env, query)?;
            match env.screen_list(*list, *fields, *dated)? {
                Some(list) => node(NodeKind::Screen { query, list }),
                None => Err(env.internal(e, "a screened list whose records lack their names")),
            }
        }
        ExprKind::LoadedDated { .. } => {
            Err(env.internal(e, "a dated collection read as a whole value"))
        }
        ExprKind::LoadedJson { .. } => Err(env.internal(e, "a fixture the checker did not read")),
        ExprKind::LoadedRows(_) => Err(env.internal(e, "a loaded list the checker did not read")),
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
            let needle = bl;
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
