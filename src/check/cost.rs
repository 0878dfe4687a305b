//! A static bound on each rule's evaluation cost (what CEL and Cedar
//! promise), as a polynomial in `n`, the size of every collection.
//!
//! The model: each operator, literal, field read or built-in costs 1; a
//! quantifier, aggregate or comprehension costs its collection plus `n`
//! times its body; `x in xs` costs `n` on a list (a set is hashed: 1); a
//! `def` call costs its arguments plus the `def`'s body (a bound: the
//! evaluator remembers the results of `def`s that make two or more calls
//! when every argument is a scalar, `eval/memo.rs`, but not for records or
//! collections); a `for` rule multiplies its
//! conditions and message by `n`. A rule is worth a warning (W0109) when its
//! cost at `n` = [`N`] is above [`LIMIT`], or when it calls a `def` whose
//! cost doubles [`DOUBLINGS`] or more times through nested `def` calls (a
//! `def` that calls `def`s twice or more, each of which does the same): that
//! cost is exponential in the nesting, whatever `n` is.

use crate::check::error::CheckError;
use crate::diag::Diagnostic;
use crate::ir::{Expr, ExprKind, MessagePart, Program, RuleDef, Type};

/// The collection size the bound is shown and judged at.
pub const N: f64 = 1000.0;
/// The most operations a rule may cost at `n` = [`N`] without a warning.
pub const LIMIT: f64 = 1.0e8;
/// A `def` nesting in which the cost doubles this many times is exponential.
pub const DOUBLINGS: u32 = 5;
/// Polynomial degrees beyond this are folded into it (the bound stays one).
const MAX_DEGREE: usize = 8;

/// A cost: `coeffs[k]` is the coefficient of `n^k`; `doublings` the most
/// times the cost doubles through nested `def` calls.
#[derive(Clone, Debug, Default)]
pub struct Cost {
    coeffs: Vec<f64>,
    doublings: u32,
}

impl Cost {
    fn constant(c: f64) -> Cost {
        Cost {
            coeffs: vec![c],
            doublings: 0,
        }
    }

    fn n() -> Cost {
        Cost {
            coeffs: vec![0.0, 1.0],
            doublings: 0,
        }
    }

    fn add(mut self, other: &Cost) -> Cost {
        if self.coeffs.len() < other.coeffs.len() {
            self.coeffs.resize(other.coeffs.len(), 0.0);
        }
        for (a, b) in self.coeffs.iter_mut().zip(&other.coeffs) {
            *a += b;
        }
        self.doublings = self.doublings.max(other.doublings);
        self
    }

    fn times(&self, other: &Cost) -> Cost {
        let mut coeffs = vec![0.0; (self.coeffs.len() + other.coeffs.len()).min(MAX_DEGREE + 1)];
        for (i, a) in self.coeffs.iter().enumerate() {
            for (j, b) in other.coeffs.iter().enumerate() {
                if let Some(c) = coeffs.get_mut((i + j).min(MAX_DEGREE)) {
                    *c += a * b;
                }
            }
        }
        Cost {
            coeffs,
            doublings: self.doublings.max(other.doublings),
        }
    }

    /// The degree in `n` (0 for a constant).
    pub fn degree(&self) -> usize {
        self.coeffs.iter().rposition(|c| *c != 0.0).unwrap_or(0)
    }

    /// The number of operations when every collection has `n` elements.
    pub fn at(&self, n: f64) -> f64 {
        self.coeffs.iter().rev().fold(0.0, |acc, c| acc * n + c)
    }

    /// Exponential in its `def` nesting.
    pub fn exponential(&self) -> bool {
        self.doublings >= DOUBLINGS
    }

    /// `O(n²), 1,002,001 at n = 1,000`
    pub fn show(&self) -> String {
        let big_o = match self.degree() {
            0 => "O(1)".to_string(),
            1 => "O(n)".to_string(),
            d => format!("O(n{})", superscript(d)),
        };
        let mut s = format!("{big_o}, {} at n = 1,000", number(self.at(N)));
        if self.exponential() {
            s.push_str(&format!(
                "; exponential in `def` nesting (doubles {} times)",
                self.doublings
            ));
        }
        s
    }
}

fn superscript(d: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    d.to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).and_then(|i| DIGITS.get(i as usize)))
        .collect()
}

/// `1,002,001`, or `1.3e17` past what reads as a count.
fn number(x: f64) -> String {
    if x.is_nan() || x >= 1.0e15 {
        return format!("{x:.1e}");
    }
    let digits = format!("{x:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Costs `def` bodies once each (cycles are errors before this runs).
struct Model<'a> {
    program: &'a Program,
    defs: Vec<Option<Cost>>,
}

impl Model<'_> {
    fn def(&mut self, id: usize) -> Cost {
        if let Some(Some(c)) = self.defs.get(id) {
            return c.clone();
        }
        let Some(f) = self.program.functions.get(id) else {
            return Cost::constant(1.0);
        };
        // A cycle cannot reach here twice; if it did, 1 ends it.
        if let Some(slot) = self.defs.get_mut(id) {
            *slot = Some(Cost::constant(1.0));
        }
        let mut calls = Vec::new();
        let body = self.expr(&f.body, &mut calls);
        // The body doubles its callee's cost when it makes two or more
        // calls (counting calls inside loops by their multiplicity).
        let doublings = calls
            .iter()
            .map(|&(callee, count)| {
                let inner = self.defs.get(callee).cloned().flatten().unwrap_or_default();
                inner.doublings + u32::from(count >= 2.0)
            })
            .max()
            .unwrap_or(0);
        let cost = Cost { doublings, ..body };
        if let Some(slot) = self.defs.get_mut(id) {
            *slot = Some(cost.clone());
        }
        cost
    }

    /// The cost of `e`; `calls` gathers the `def`s it calls directly, with
    /// how many times (collections counted as 1, so only nesting counts).
    fn expr(&mut self, e: &Expr, calls: &mut Vec<(usize, f64)>) -> Cost {
        let sum = |m: &mut Self, es: &[&Expr], calls: &mut Vec<(usize, f64)>| {
            es.iter()
                .fold(Cost::constant(1.0), |acc, x| acc.add(&m.expr(x, calls)))
        };
        match &e.kind {
            ExprKind::Lit(_)
            | ExprKind::Local(_)
            | ExprKind::Const(_)
            | ExprKind::DatedConst(_)
            | ExprKind::AsOf
            | ExprKind::Loaded { .. }
            | ExprKind::LoadedJson { .. }
            | ExprKind::LoadedRows(_)
            | ExprKind::LoadedDated { .. }
            | ExprKind::Error => Cost::constant(1.0),
            ExprKind::Field { base: x, .. }
            | ExprKind::Neg(x)
            | ExprKind::Not(x)
            | ExprKind::Is { expr: x, .. }
            | ExprKind::Convert { expr: x, .. }
            // The index makes a screen sublinear in the list: one step.
            | ExprKind::Screen { query: x, .. } => sum(self, &[x], calls),
            ExprKind::Call { func, args } => {
                let id = func.0 as usize;
                match calls.iter_mut().find(|(c, _)| *c == id) {
                    Some((_, count)) => *count += 1.0,
                    None => calls.push((id, 1.0)),
                }
                let args: Vec<&Expr> = args.iter().collect();
                sum(self, &args, calls).add(&self.def(id))
            }
            ExprKind::Builtin { args, .. } => {
                let args: Vec<&Expr> = args.iter().collect();
                sum(self, &args, calls)
            }
            ExprKind::Collection { elems, .. } => {
                let elems: Vec<&Expr> = elems.iter().collect();
                sum(self, &elems, calls)
            }
            ExprKind::Map { entries } => {
                let parts: Vec<&Expr> = entries.iter().flat_map(|(k, v)| [k, v]).collect();
                sum(self, &parts, calls)
            }
            ExprKind::Index { base, index } => sum(self, &[base, index], calls),
            ExprKind::Slice { base, lo, hi } => {
                let mut es: Vec<&Expr> = vec![base];
                es.extend([lo, hi].into_iter().flatten().map(|b| &**b));
                sum(self, &es, calls).add(&Cost::n())
            }
            ExprKind::With { base, updates } => {
                let mut es: Vec<&Expr> = vec![base];
                es.extend(updates.iter().filter_map(|(_, v)| v.as_ref()));
                sum(self, &es, calls)
            }
            ExprKind::Record { fields, .. } => {
                let es: Vec<&Expr> = fields.iter().flatten().collect();
                sum(self, &es, calls)
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let c = sum(self, &[lhs, rhs], calls);
                let linear = matches!(rhs.ty.strip_optional(), Type::List(_))
                    && matches!(op, crate::lang::BinaryOp::In | crate::lang::BinaryOp::NotIn);
                if linear {
                    c.add(&Cost::n())
                } else {
                    c
                }
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => sum(self, &[cond, then, otherwise], calls),
            ExprKind::Quantifier { iter, body, .. } | ExprKind::Aggregate { iter, body, .. } => {
                self.looped(iter, &[body], calls)
            }
            ExprKind::Comprehension { elem, clauses, .. } => self.clauses(clauses, elem, calls),
        }
    }

    /// Nested `for` clauses: each clause's collection once per element of
    /// the clauses to its left, its filter and what follows per element.
    fn clauses(
        &mut self,
        clauses: &[crate::ir::Clause],
        elem: &Expr,
        calls: &mut Vec<(usize, f64)>,
    ) -> Cost {
        let Some((first, rest)) = clauses.split_first() else {
            return self.expr(elem, calls);
        };
        let over = self.expr(&first.iter, calls);
        let mut inner = Cost::constant(1.0);
        if let Some(f) = &first.filter {
            inner = inner.add(&self.expr(f, calls));
        }
        inner = inner.add(&self.clauses(rest, elem, calls));
        over.add(&Cost::n().times(&inner))
    }

    /// `iter` once, then `body` `n` times.
    fn looped(&mut self, iter: &Expr, body: &[&Expr], calls: &mut Vec<(usize, f64)>) -> Cost {
        let over = self.expr(iter, calls);
        let inner = body
            .iter()
            .fold(Cost::constant(1.0), |acc, x| acc.add(&self.expr(x, calls)));
        over.add(&Cost::n().times(&inner))
    }

    fn rule(&mut self, r: &RuleDef) -> Cost {
        let mut calls = Vec::new();
        let mut body = Cost::constant(1.0);
        for c in &r.conditions {
            body = body.add(&self.expr(&c.expr, &mut calls));
        }
        for l in &r.lets {
            body = body.add(&self.expr(&l.expr, &mut calls));
        }
        for part in &r.effect.message {
            if let MessagePart::Expr(e, _) = part {
                body = body.add(&self.expr(e, &mut calls));
            }
        }
        match &r.for_each {
            Some(iter) => self
                .looped(iter, &[], &mut calls)
                .add(&Cost::n().times(&body)),
            None => body,
        }
    }
}

/// Each rule's full name (`policy.rule`) and cost, in declaration order.
pub fn rule_costs(program: &Program) -> Vec<(String, Cost)> {
    let mut model = Model {
        program,
        defs: vec![None; program.functions.len()],
    };
    program
        .policies
        .iter()
        .flat_map(|p| p.rules.iter())
        .map(|r| (r.full_name.clone(), model.rule(r)))
        .collect()
}

/// A W0109 warning for each rule whose cost is exponential in its `def`
/// nesting or above [`LIMIT`] at `n` = [`N`].
pub(crate) fn warnings(program: &Program) -> Vec<Diagnostic> {
    let costs = rule_costs(program);
    let rules = program.policies.iter().flat_map(|p| p.rules.iter());
    rules
        .zip(costs)
        .filter(|(_, (_, c))| c.exponential() || c.at(N).is_nan() || c.at(N) > LIMIT)
        .map(|(r, (name, c))| {
            Diagnostic::from(CheckError::CostlyRule {
                span: r.at,
                rule: name,
                cost: c.show(),
            })
        })
        .collect()
}

#[cfg(test)]
#[path = "cost_tests.rs"]
mod tests;
