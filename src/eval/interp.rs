//! Evaluates [`Node`]s: left to right and lazily (§8). The first runtime
//! error stops evaluation and carries the span of the operation that failed.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::eval::invariant::{elements_in, OrInternal};
use crate::eval::memo::Memo;
use crate::eval::node::{Arith, ClauseNode, Cmp, Iter, Literal, Node, NodeKind, Step};
use crate::eval::ops::{self, internal, ValueError};
use crate::eval::rates::Rates;
use crate::lang::{AggKind, Date};
use crate::source::Span;
use crate::value::render::write_value;
use crate::value::{SetValue, Value};

pub use crate::eval::error::At;
pub use crate::outcome::EvalError;

/// A compiled `def`.
#[derive(Clone, Debug)]
pub struct Func {
    /// The body; parameter i is local slot i.
    pub body: Node,
    /// Local slots the body needs.
    pub frame_size: u32,
    /// Whether calls remember their results ([`crate::eval::memo`]): the
    /// body makes two or more `def` calls.
    pub memoize: bool,
}

impl Func {
    /// The compiled `def` whose checked form is `def`.
    pub fn new(body: Node, def: &crate::ir::FunctionDef) -> Func {
        Func {
            body,
            frame_size: def.frame_size,
            memoize: crate::ir::walk::count_calls(&def.body) >= 2,
        }
    }

    /// A slot not yet compiled (filled before any call runs).
    pub fn placeholder() -> Func {
        Func {
            body: Node::value(Value::Absent, Span::default()),
            frame_size: 0,
            memoize: false,
        }
    }
}

/// What one `when`/`unless` line evaluated to, for observers such as
/// `polc test --coverage` (the line's own value, before `unless` negates it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CondOutcome {
    /// Index of the rule in [`crate::eval::Engine::rules`].
    pub rule: u32,
    /// Index of the line in the rule's conditions.
    pub condition: u32,
    /// The condition's value.
    pub value: bool,
}

/// The evaluation state: a stack of local slots (frames of calls sit above
/// the caller's) and the compiled functions.
pub struct Cx<'p> {
    stack: Vec<Value>,
    base: usize,
    funcs: &'p [Func],
    /// Condition outcomes, recorded only when someone asked (`None` costs
    /// one branch per condition line and nothing else).
    trace: Option<Vec<CondOutcome>>,
    /// The `--rates` table, shared read-only by every thread's context.
    rates: Option<&'p Rates>,
    /// Whether rules record a [`crate::outcome::trace::Trace`] for `--explain`
    /// (checked once per case).
    explain: bool,
    /// Results of memoized `def` calls, emptied by [`Cx::reset`].
    memo: Memo,
    /// What `as_of` reads (§12) for the record being decided: `--as-of`,
    /// a test's `as_of DATE`, else the record's `date`. `None` outside a
    /// decision (constant folding), where reading it is an internal error.
    as_of: Option<Date>,
}

static ABSENT: Value = Value::Absent;

type R<T> = Result<T, EvalError>;

impl<'p> Cx<'p> {
    /// A context with no frame.
    pub fn new(funcs: &'p [Func]) -> Cx<'p> {
        Cx {
            stack: Vec::with_capacity(64),
            base: 0,
            funcs,
            trace: None,
            rates: None,
            explain: false,
            memo: Memo::default(),
            as_of: None,
        }
    }

    /// The same context converting money of two currencies with `rates`.
    pub fn with_rates(mut self, rates: Option<&'p Rates>) -> Cx<'p> {
        self.rates = rates;
        self
    }

    /// `right` in `left`'s currency when a table is given and both are money
    /// of two currencies; otherwise `right` unchanged (then the operation
    /// itself reports a mismatch). Without a table this is one branch.
    #[inline]
    fn align(&self, op: &'static str, left: &Value, right: Value) -> Result<Value, ValueError> {
        match self.rates {
            None => Ok(right),
            Some(rates) => rates.align(op, left, right),
        }
    }

    /// Starts (or stops) recording what `--explain` shows into each
    /// [`crate::outcome::Outcome`].
    pub fn explain(&mut self, on: bool) {
        self.explain = on;
    }

    /// Whether `--explain` traces are recorded.
    #[inline]
    pub fn explaining(&self) -> bool {
        self.explain
    }

    /// Starts (or stops) recording condition outcomes; see [`Cx::take_trace`].
    pub fn trace_conditions(&mut self, on: bool) {
        self.trace = on.then(Vec::new);
    }

    /// The outcomes recorded since the last call, oldest first (empty when
    /// not recording). Outcomes accumulate across records until taken.
    pub fn take_trace(&mut self) -> Vec<CondOutcome> {
        self.trace.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Records a condition outcome when recording is on.
    #[inline]
    pub fn note_condition(&mut self, rule: u32, condition: u32, value: bool) {
        if let Some(t) = &mut self.trace {
            t.push(CondOutcome {
                rule,
                condition,
                value,
            });
        }
    }

    /// Sets what `as_of` reads until the next call (memoized `def` results
    /// are forgotten at every [`Cx::reset`], so one that read another date
    /// is never reused).
    pub fn set_as_of(&mut self, date: Option<Date>) {
        self.as_of = date;
    }

    /// What `as_of` reads now.
    pub fn as_of(&self) -> Option<Date> {
        self.as_of
    }

    /// Starts a fresh frame of `size` slots with `first` in slot 0.
    pub fn reset(&mut self, first: Option<Value>, size: u32) {
        self.memo.forget();
        self.stack.clear();
        self.base = 0;
        if let Some(v) = first {
            self.stack.push(v);
        }
        if self.stack.len() < size as usize {
            self.stack.resize(size as usize, Value::Absent);
        }
    }

    /// The elements a comprehension's clauses yield, into `out`: each
    /// element of the first clause's collection that passes its filter,
    /// then the clauses to its right for that element (§11).
    fn clauses(
        &mut self,
        clauses: &[ClauseNode],
        elem: &Node,
        span: Span,
        out: &mut Vec<Value>,
    ) -> Result<(), EvalError> {
        let Some((first, rest)) = clauses.split_first() else {
            out.push(self.eval(elem)?);
            return Ok(());
        };
        let (coll, from, to) = self.iter_range(&first.iter)?;
        for item in elements_in(&coll, from, to).at(span)? {
            self.set_local(first.slot, item.clone());
            if let Some(f) = &first.filter {
                if !self.eval_bool(f)? {
                    continue;
                }
            }
            self.clauses(rest, elem, span, out)?;
        }
        Ok(())
    }

    /// Sets local slot `slot` of the current frame (growing it if needed).
    pub fn set_local(&mut self, slot: u32, value: Value) {
        let i = self.base + slot as usize;
        if i >= self.stack.len() {
            self.stack.resize(i + 1, Value::Absent);
        }
        if let Some(s) = self.stack.get_mut(i) {
            *s = value;
        }
    }

    /// Local slot `slot` of the current frame; a slot outside the frame is
    /// an internal error (frames are sized by the compiler).
    pub fn local(&self, slot: u32) -> Result<&Value, ValueError> {
        self.stack
            .get(self.base + slot as usize)
            .or_internal("a local slot outside its frame")
    }

    /// The value at a path; `None` (an internal error, see [`bad_path`])
    /// when the slot is outside the frame or a step does not fit. An
    /// `Option` of a reference is one word: the hot path stays as cheap as
    /// a plain lookup.
    #[inline]
    fn path(&self, local: u32, steps: &[Step]) -> Option<&Value> {
        let mut v = self.stack.get(self.base + local as usize)?;
        for step in steps {
            v = field(v, *step)?;
        }
        Some(v)
    }

    /// Evaluates a node to a value.
    pub fn eval(&mut self, node: &Node) -> R<Value> {
        let span = node.span;
        match &node.kind {
            NodeKind::Value(v) => Ok(v.clone()),
            NodeKind::AsOf => match self.as_of {
                Some(d) => Ok(Value::Date(d)),
                // The checker requires the subject's `date: date`, so a
                // decision always has a date: fail closed if not.
                None => Err(internal("`as_of` read with no decision date")).at(span),
            },
            NodeKind::Screen { query, list } => match self.eval(query)? {
                Value::Str(q) => list
                    .hits(q.as_str(), self.as_of)
                    .ok_or_else(|| internal("a screened list read with no decision date"))
                    .at(span),
                _ => Err(internal("`screen` of a name that is not a string")).at(span),
            },
            NodeKind::Dated(collection) => match self.as_of {
                Some(d) => collection
                    .on(d)
                    .ok_or_else(|| internal("a dated collection with overlapping windows"))
                    .at(span),
                None => Err(internal("a dated collection read with no decision date")).at(span),
            },
            NodeKind::Path { local, steps } => match self.path(*local, steps) {
                Some(v) => Ok(v.clone()),
                None => Err(bad_path()).at(span),
            },
            NodeKind::Field { base, step } => {
                let b = self.eval(base)?;
                match field(&b, *step) {
                    Some(v) => Ok(v.clone()),
                    None => Err(bad_path()).at(span),
                }
            }
            NodeKind::Call { func, args } => self.call(*func, args, span),
            NodeKind::Builtin { func, args } => match args.as_ref() {
                // Most built-ins take one or two arguments: no allocation.
                [a] => self
                    .with_value(a, |a| (func.run)(std::slice::from_ref(a)))?
                    .at(span),
                [a, b] => {
                    let a = self.eval(a)?;
                    let mut b = self.eval(b)?;
                    if func.aligns_arguments() {
                        b = self.align("compare", &a, b).at(span)?;
                    }
                    (func.run)(&[a, b]).at(span)
                }
                _ => {
                    let mut vals: Vec<Value> = Vec::with_capacity(args.len());
                    for a in args.iter() {
                        let mut v = self.eval(a)?;
                        // `min`/`max`: every later argument in the first one's currency.
                        if let Some(first) = vals.first().filter(|_| func.aligns_arguments()) {
                            v = self.align("compare", first, v).at(span)?;
                        }
                        vals.push(v);
                    }
                    (func.run)(&vals).at(span)
                }
            },
            NodeKind::Matches { subject, pattern } => {
                let s = self.eval(subject)?;
                match &s {
                    Value::Str(s) => Ok(Value::Bool(pattern.is_match(s))),
                    _ => Err(internal("`matches` of a value that is not a string")).at(span),
                }
            }
            NodeKind::Text { arg, ty, names } => {
                let v = self.eval(arg)?;
                if let Value::Str(s) = &v {
                    return Ok(Value::Str(s.clone()));
                }
                let mut out = String::new();
                write_value(&mut out, &v, ty, names);
                Ok(Value::Str(out.into()))
            }
            NodeKind::Index { base, index } => {
                let b = self.eval(base)?;
                let i = self.eval(index)?;
                // `m[k]` (§11): the value, or absent when k is not a key.
                if let Value::Map(map) = &b {
                    return Ok(map.get(&i).cloned().unwrap_or(Value::Absent));
                }
                if let (Value::Str(s), Value::Int(i)) = (&b, &i) {
                    return crate::eval::strings::char_at(s, *i).at(span);
                }
                let (Some(items), Value::Int(i)) = (b.elements(), &i) else {
                    return Err(internal("index of a value that is not a list")).at(span);
                };
                usize::try_from(*i)
                    .ok()
                    .and_then(|u| items.get(u))
                    .cloned()
                    .ok_or(ValueError::IndexOutOfRange {
                        index: *i,
                        len: items.len(),
                    })
                    .at(span)
            }
            NodeKind::Slice { base, lo, hi } => {
                let b = self.eval(base)?;
                if let Value::Str(s) = &b {
                    let len = s.chars().count();
                    let (from, to) = self.bounds(lo.as_deref(), hi.as_deref(), len)?;
                    return Ok(crate::eval::strings::chars_between(s, from, to));
                }
                let items = b
                    .elements()
                    .ok_or_else(|| internal("slice of a value that is not a list"))
                    .at(span)?;
                let (from, to) = self.bounds(lo.as_deref(), hi.as_deref(), items.len())?;
                let kept = items
                    .get(from..to)
                    .or_internal("slice bounds outside the list")
                    .at(span)?;
                Ok(Value::List(Arc::from(kept)))
            }
            NodeKind::With { base, updates } => {
                let b = self.eval(base)?;
                let mut record = b;
                for (path, value) in updates.iter() {
                    let v = match value {
                        Some(n) => self.eval(n)?,
                        None => Value::Absent,
                    };
                    record = set_path(&record, path, v).at(span)?;
                }
                Ok(record)
            }
            NodeKind::Neg(e) => {
                let v = self.eval(e)?;
                ops::neg(&v).at(span)
            }
            NodeKind::Arith { op, lhs, rhs } => {
                let a = self.eval(lhs)?;
                let b = self.eval(rhs)?;
                match op {
                    Arith::Add => self.align("add", &a, b).and_then(|b| ops::add(&a, &b)),
                    Arith::Sub => self.align("subtract", &a, b).and_then(|b| ops::sub(&a, &b)),
                    Arith::Mul => ops::mul(&a, &b),
                    Arith::Div => self.align("divide", &a, b).and_then(|b| ops::div(&a, &b)),
                }
                .at(span)
            }
            NodeKind::Coalesce(lhs, rhs) => {
                let a = self.eval(lhs)?;
                if a.is_absent() {
                    self.eval(rhs)
                } else {
                    Ok(a)
                }
            }
            NodeKind::If {
                cond,
                then,
                otherwise,
            } => {
                if self.eval_bool(cond)? {
                    self.eval(then)
                } else {
                    self.eval(otherwise)
                }
            }
            NodeKind::Aggregate {
                kind,
                slot,
                iter,
                body,
                zero,
            } => self.aggregate(*kind, *slot, iter, body, zero, span),
            NodeKind::Comprehension { set, elem, clauses } => {
                let mut out = Vec::new();
                self.clauses(clauses, elem, span, &mut out)?;
                Ok(if *set {
                    Value::set(out)
                } else {
                    Value::list(out)
                })
            }
            NodeKind::Collection { set, elems } => {
                let mut out = Vec::with_capacity(elems.len());
                for e in elems.iter() {
                    out.push(self.eval(e)?);
                }
                Ok(if *set {
                    Value::set(out)
                } else {
                    Value::list(out)
                })
            }
            NodeKind::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries.iter() {
                    out.push((self.eval(k)?, self.eval(v)?));
                }
                crate::value::MapValue::from_entries(out)
                    .map(|m| Value::Map(Arc::new(m)))
                    .map_err(|k| ValueError::DuplicateKey {
                        key: crate::value::render::render(&k),
                    })
                    .at(span)
            }
            NodeKind::Record(fields) => {
                let mut out = Vec::with_capacity(fields.len());
                for f in fields.iter() {
                    out.push(self.eval(f)?);
                }
                Ok(Value::record(out))
            }
            NodeKind::ToSet(e) => match self.eval(e)? {
                Value::List(items) => Ok(Value::set(items.iter().cloned())),
                v @ (Value::Set(_) | Value::Absent) => Ok(v),
                _ => Err(internal("a list conversion of a value that is not a list")).at(span),
            },
            NodeKind::ToDecimal(e) => match self.eval(e)? {
                Value::Int(i) => Ok(Value::Decimal(i.into())),
                v @ (Value::Decimal(_) | Value::Absent) => Ok(v),
                _ => Err(internal(
                    "a decimal conversion of a value that is not a number",
                ))
                .at(span),
            },
            NodeKind::Not(_)
            | NodeKind::And(..)
            | NodeKind::Or(..)
            | NodeKind::Compare { .. }
            | NodeKind::EqLit { .. }
            | NodeKind::In { .. }
            | NodeKind::InConst { .. }
            | NodeKind::Is { .. }
            | NodeKind::Quantifier { .. } => self.eval_bool(node).map(Value::Bool),
        }
    }

    /// Evaluates a `bool` node without building a [`Value`].
    pub fn eval_bool(&mut self, node: &Node) -> R<bool> {
        let span = node.span;
        match &node.kind {
            NodeKind::Not(e) => Ok(!self.eval_bool(e)?),
            NodeKind::And(a, b) => Ok(self.eval_bool(a)? && self.eval_bool(b)?),
            NodeKind::Or(a, b) => Ok(self.eval_bool(a)? || self.eval_bool(b)?),
            NodeKind::EqLit { expr, lit, negated } => {
                let Some(eq) = self.with_value(expr, |v| lit_eq(v, lit))? else {
                    return Err(internal(
                        "`==` between a value and a literal of another type",
                    ))
                    .at(span);
                };
                Ok(eq != *negated)
            }
            NodeKind::Compare { op, lhs, rhs } => {
                let a = self.eval(lhs)?;
                let b = self.eval(rhs)?;
                let b = self.align("compare", &a, b).at(span)?;
                compare(*op, &a, &b).at(span)
            }
            NodeKind::In {
                needle,
                hay,
                negated,
            } => {
                let n = self.eval(needle)?;
                let h = self.eval(hay)?;
                let found = match &h {
                    Value::Set(set) => set_contains(set, &n),
                    Value::Map(map) => Ok(map.contains_key(&n)),
                    other => other
                        .elements()
                        .or_internal("membership in a value that is not a collection")
                        .and_then(|items| ops::contains(items, &n)),
                }
                .at(span)?;
                Ok(found != *negated)
            }
            NodeKind::InConst {
                needle,
                set,
                negated,
            } => {
                let found = self
                    .with_value(needle, |n| set_contains(set, n))?
                    .at(span)?;
                Ok(found != *negated)
            }
            NodeKind::Is { expr, present } => {
                let absent = self.with_value(expr, Value::is_absent)?;
                Ok(absent != *present)
            }
            NodeKind::Quantifier {
                all,
                slot,
                iter,
                body,
            } => Ok(self.quantifier(*all, *slot, iter, body, span)?.0),
            _ => match self.with_value(node, |v| match v {
                Value::Bool(b) => Some(*b),
                _ => None,
            })? {
                Some(b) => Ok(b),
                None => Err(internal("a condition that is not a bool")).at(span),
            },
        }
    }

    /// `any`/`all`: the value and the position (in the visited range) of the
    /// element that decided it — `any` stops at the first true, `all` at
    /// the first false; `None` when every element was visited.
    pub(crate) fn quantifier(
        &mut self,
        all: bool,
        slot: u32,
        iter: &Iter,
        body: &Node,
        span: Span,
    ) -> R<(bool, Option<u32>)> {
        let (coll, from, to) = self.iter_range(iter)?;
        for (i, item) in elements_in(&coll, from, to).at(span)?.iter().enumerate() {
            self.set_local(slot, item.clone());
            if self.eval_bool(body)? != all {
                return Ok((!all, Some(i as u32)));
            }
        }
        Ok((all, None))
    }

    /// Applies `f` to the value of `node`, borrowing it in place when the
    /// node is a path, a constant, or `path ?? constant` (no clone, no
    /// reference-count traffic on the hot paths of conditions).
    pub fn with_value<T>(&mut self, node: &Node, f: impl FnOnce(&Value) -> T) -> R<T> {
        match &node.kind {
            NodeKind::Value(v) => Ok(f(v)),
            NodeKind::Path { local, steps } => match self.path(*local, steps) {
                Some(v) => Ok(f(v)),
                None => Err(bad_path()).at(node.span),
            },
            NodeKind::Coalesce(lhs, rhs) => match (&lhs.kind, &rhs.kind) {
                (NodeKind::Path { local, steps }, NodeKind::Value(default)) => {
                    let Some(v) = self.path(*local, steps) else {
                        return Err(bad_path()).at(lhs.span);
                    };
                    Ok(f(if v.is_absent() { default } else { v }))
                }
                _ => {
                    let v = self.eval(node)?;
                    Ok(f(&v))
                }
            },
            _ => {
                let v = self.eval(node)?;
                Ok(f(&v))
            }
        }
    }

    fn call(&mut self, func: u32, args: &[Node], span: Span) -> R<Value> {
        let funcs = self.funcs;
        let f = funcs
            .get(func as usize)
            .or_internal("call of an unknown function")
            .at(span)?;
        let new_base = self.stack.len();
        for a in args {
            let v = self.eval(a)?;
            self.stack.push(v);
        }
        let key = match (f.memoize, self.stack.get(new_base..)) {
            (true, Some(values)) => Memo::key(func, values),
            _ => None,
        };
        if let Some(known) = key.as_ref().and_then(|k| self.memo.get(k)) {
            let known = known.clone();
            self.stack.truncate(new_base);
            return known;
        }
        let size = new_base + (f.frame_size as usize).max(args.len());
        self.stack.resize(size, Value::Absent);
        let saved = std::mem::replace(&mut self.base, new_base);
        let result = self.eval(&f.body);
        self.base = saved;
        self.stack.truncate(new_base);
        if let Some(key) = key {
            self.memo.put(key, result.clone());
        }
        result
    }

    /// Evaluates optional slice bounds to the index range `[from, to)` of a
    /// list of `len` elements (§6: clamped, never an error).
    fn bounds(&mut self, lo: Option<&Node>, hi: Option<&Node>, len: usize) -> R<(usize, usize)> {
        let mut bound = |n: Option<&Node>, default: usize| -> R<usize> {
            Ok(match n {
                None => default,
                Some(n) => match self.eval(n)? {
                    Value::Int(i) => usize::try_from(i.max(0)).unwrap_or(usize::MAX).min(len),
                    _ => return Err(internal("a slice bound that is not an int")).at(n.span),
                },
            })
        };
        let from = bound(lo, 0)?;
        let to = bound(hi, len)?;
        Ok((from, to.max(from)))
    }

    /// The collection of a binder and the index range to visit.
    pub(crate) fn iter_range(&mut self, iter: &Iter) -> R<(Value, usize, usize)> {
        match iter {
            Iter::Plain(n) => {
                let v = self.eval(n)?;
                let len = v
                    .elements()
                    .map(<[Value]>::len)
                    .ok_or_else(|| internal("iteration over a value that is not a collection"))
                    .at(n.span)?;
                Ok((v, 0, len))
            }
            Iter::Slice { base, lo, hi } => {
                let v = self.eval(base)?;
                let len = v
                    .elements()
                    .map(<[Value]>::len)
                    .or_internal("iteration over a value that is not a collection")
                    .at(base.span)?;
                let (from, to) = self.bounds(lo.as_ref(), hi.as_ref(), len)?;
                Ok((v, from, to))
            }
        }
    }

    fn aggregate(
        &mut self,
        kind: AggKind,
        slot: u32,
        iter: &Iter,
        body: &Node,
        zero: &Value,
        span: Span,
    ) -> R<Value> {
        let (coll, from, to) = self.iter_range(iter)?;
        let items = elements_in(&coll, from, to).at(span)?;
        match kind {
            AggKind::Count => {
                let mut n: i64 = 0;
                for item in items {
                    self.set_local(slot, item.clone());
                    if self.eval_bool(body)? {
                        n += 1;
                    }
                }
                Ok(Value::Int(n))
            }
            AggKind::Sum => {
                let mut acc = zero.clone();
                for item in items {
                    self.set_local(slot, item.clone());
                    let v = self.eval(body)?;
                    // The accumulator has the first element's currency.
                    let v = self.align("add", &acc, v).at(span)?;
                    acc = ops::add(&acc, &v).at(span)?;
                }
                Ok(acc)
            }
            AggKind::Min | AggKind::Max => {
                let want = if kind == AggKind::Min {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
                let mut best: Option<Value> = None;
                let mut first: Option<Value> = None;
                for item in items {
                    self.set_local(slot, item.clone());
                    let mut v = self.eval(body)?;
                    // Later elements take the first one's currency (as `sum`),
                    // so the result is in it too.
                    if let Some(b) = &best {
                        v = self.align("compare", b, v).at(span)?;
                    } else if matches!(v, Value::Quantity(_)) {
                        first = Some(v.clone());
                    }
                    best = match best {
                        Some(b) if ops::compare(&v, &b).at(span)? != want => Some(b),
                        _ => Some(v),
                    };
                }
                let best = best
                    .ok_or(ValueError::EmptyAggregate {
                        which: kind.as_str(),
                    })
                    .at(span)?;
                match &first {
                    Some(first) => ops::in_unit_of(first, best).at(span),
                    None => Ok(best),
                }
            }
        }
    }
}

/// `==` against a literal of a type whose equality never fails: an absent
/// value equals no literal; `None` (an internal error for the caller) for a
/// value of another type.
#[inline]
fn lit_eq(v: &Value, lit: &Literal) -> Option<bool> {
    match (v, lit) {
        (Value::Enum(a), Literal::Enum(b)) => Some(a == b),
        (Value::Country(a), Literal::Country(b)) => Some(a == b),
        (Value::Str(a), Literal::Str(b)) => Some(a.as_str() == b.as_str()),
        (Value::Bool(a), Literal::Bool(b)) => Some(a == b),
        (Value::Absent, _) => Some(false),
        _ => None,
    }
}

/// Field `step` of `base`: `?.` on an absent base is absent (§6: one step);
/// `None` — an internal error, see [`bad_path`] — for a base that is not a
/// record (absent without `?.` included) or a slot outside it.
#[inline]
fn field(base: &Value, step: Step) -> Option<&Value> {
    match base {
        Value::Record(fields) => fields.get(step.slot as usize),
        Value::Absent if step.optional => Some(&ABSENT),
        _ => None,
    }
}

/// The error of a path or field that does not fit its frame or record
/// (kept out of line: it never happens in a checked program).
#[cold]
fn bad_path() -> ValueError {
    internal("a field path that does not fit its frame or record (a slot outside it, or a step on a value that is not a record)")
}

/// Applies a comparison operator.
pub fn compare(op: Cmp, a: &Value, b: &Value) -> Result<bool, ValueError> {
    Ok(match op {
        Cmp::Eq => ops::equals(a, b)?,
        Cmp::Ne => !ops::equals(a, b)?,
        Cmp::Lt => ops::compare(a, b)? == Ordering::Less,
        Cmp::Le => ops::compare(a, b)? != Ordering::Greater,
        Cmp::Gt => ops::compare(a, b)? == Ordering::Greater,
        Cmp::Ge => ops::compare(a, b)? != Ordering::Less,
    })
}

/// Membership in a set: by hash when the set is indexed, else by `==` in order.
pub fn set_contains(set: &SetValue, needle: &Value) -> Result<bool, ValueError> {
    use crate::value::{ScalarKey, SetIndex};
    match (set.index(), needle) {
        (SetIndex::Str(index), Value::Str(s)) => Ok(index.contains(s.as_str())),
        (SetIndex::Scalar { keys, .. }, n) => match ScalarKey::of(n) {
            // Money and quantities are looked up in order: `==` between two
            // currencies or dimensions is an error (§3), which a hash
            // lookup would turn into a quiet `false`.
            Some(ScalarKey::Money(..) | ScalarKey::Quantity(..)) | None => {
                ops::contains(set.items(), n)
            }
            Some(k) => Ok(keys.contains(&k)),
        },
        (_, Value::Str(s)) => Ok(set.contains_str(s)),
        _ => ops::contains(set.items(), needle),
    }
}

/// `record with { path: value }` for one update.
fn set_path(record: &Value, path: &[u32], value: Value) -> Result<Value, ValueError> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(value);
    };
    let Value::Record(fields) = record else {
        return Err(internal("`with` on a value that is not a record"));
    };
    let mut fields: Vec<Value> = fields.to_vec();
    let slot = fields
        .get_mut(*first as usize)
        .ok_or_else(|| internal("`with` path outside the record"))?;
    *slot = set_path(slot, rest, value)?;
    Ok(Value::record(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(value: Value) -> Node {
        Node::value(value, Span::default())
    }

    fn int(i: i64) -> Box<Node> {
        Box::new(v(Value::Int(i)))
    }

    fn list() -> Box<Node> {
        Box::new(v(Value::list((1..=4).map(Value::Int).collect())))
    }

    fn slice(lo: Option<i64>, hi: Option<i64>) -> Vec<i64> {
        let node = Node {
            kind: NodeKind::Slice {
                base: list(),
                lo: lo.map(int),
                hi: hi.map(int),
            },
            span: Span::default(),
        };
        let mut cx = Cx::new(&[]);
        match cx.eval(&node) {
            Ok(Value::List(items)) => items
                .iter()
                .map(|x| match x {
                    Value::Int(i) => *i,
                    _ => -1,
                })
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn slices_clamp_and_never_fail() {
        assert_eq!(slice(Some(1), Some(3)), [2, 3]);
        assert_eq!(slice(Some(1), None), [2, 3, 4]);
        assert_eq!(slice(None, Some(2)), [1, 2]);
        // Negative bounds are not counted from the end; out of range is clamped.
        assert_eq!(slice(Some(-5), Some(2)), [1, 2]);
        assert_eq!(slice(Some(2), Some(99)), [3, 4]);
        assert!(slice(Some(3), Some(1)).is_empty());
        assert!(slice(Some(9), None).is_empty());
    }

    #[test]
    fn index_out_of_range_is_an_error() {
        let at = |i: i64| Node {
            kind: NodeKind::Index {
                base: list(),
                index: int(i),
            },
            span: Span::new(3, 7),
        };
        let mut cx = Cx::new(&[]);
        assert!(matches!(cx.eval(&at(3)), Ok(Value::Int(4))));
        let err = cx.eval(&at(4)).unwrap_err();
        assert_eq!(err.span, Span::new(3, 7));
        assert!(matches!(
            err.error,
            ValueError::IndexOutOfRange { index: 4, len: 4 }
        ));
        assert!(cx.eval(&at(-1)).is_err());
    }

    #[test]
    fn sum_of_nothing_is_the_neutral_zero() {
        let node = Node {
            kind: NodeKind::Aggregate {
                kind: AggKind::Sum,
                slot: 0,
                iter: Box::new(Iter::Plain(v(Value::list(Vec::new())))),
                body: Box::new(Node {
                    kind: NodeKind::Path {
                        local: 0,
                        steps: Box::new([]),
                    },
                    span: Span::default(),
                }),
                zero: Value::Zero,
            },
            span: Span::default(),
        };
        let mut cx = Cx::new(&[]);
        assert!(matches!(cx.eval(&node), Ok(Value::Zero)));
    }
}
