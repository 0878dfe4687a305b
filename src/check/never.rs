//! The "never holds" lint (§10): within one rule, the conjunction of its
//! `when` lines (split at top-level `and`) and single-atom `unless` lines,
//! looking only at atoms `P == lit`, `P != lit`, `P in {lits}` and
//! `P not in {lits}` on paths `P`. Two atoms on one path with no common value
//! mean the rule can never fire. Decidable and cheap: sets of literal keys.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::ast::{self, BinaryOp, ConditionKind, ExprKind as A, Literal, RuleDecl};
use crate::check::error::CheckError;
use crate::check::lint::canonical_text;
use crate::check::{Checker, Item};
use crate::source::Span;

/// What one atom allows a path to be.
struct Atom {
    path: String,
    /// `==`/`in`: the values allowed; `!=`/`not in`: the values excluded.
    values: FxHashSet<String>,
    allowed: bool,
    span: Span,
}

/// The values still possible for a path after some atoms.
struct Possible {
    /// `None`: any value not excluded.
    allowed: Option<FxHashSet<String>>,
    excluded: FxHashSet<String>,
    first: Span,
}

fn strip(e: &ast::Expr) -> &ast::Expr {
    match &e.node {
        A::Paren(inner) => strip(inner),
        _ => e,
    }
}

impl Checker<'_> {
    /// The canonical text of a path (binding then `.field` steps).
    fn atom_path(&self, e: &ast::Expr, bound: &[&str]) -> Option<String> {
        match &strip(e).node {
            A::Name(n) if bound.contains(&n.as_str()) => Some(n.clone()),
            A::Field {
                base,
                name,
                optional: false,
            } => Some(format!("{}.{}", self.atom_path(base, bound)?, name.node)),
            _ => None,
        }
    }

    /// A key for a literal value: equal keys mean equal values.
    fn literal_key(&self, e: &ast::Expr, bound: &[&str]) -> Option<String> {
        match &strip(e).node {
            A::Lit(Literal::Str(s)) => s.as_plain().map(|t| format!("s:{t}")),
            A::Lit(Literal::Int(i)) => {
                Some(format!("n:{}", rust_decimal::Decimal::from(*i).normalize()))
            }
            A::Lit(Literal::Decimal(d)) => Some(format!("n:{}", d.normalize())),
            A::Lit(Literal::Bool(b)) => Some(format!("b:{b}")),
            A::Lit(Literal::Date(d)) => Some(format!("d:{}", d.days)),
            // A bare variant: not a binding, not a constant.
            A::Name(n)
                if !bound.contains(&n.as_str())
                    && !matches!(self.names.get(n.as_str()), Some(Item::Const(_))) =>
            {
                self.variant_owners
                    .contains_key(n.as_str())
                    .then(|| format!("v:{n}"))
            }
            A::Field { base, name, .. } => match &strip(base).node {
                A::Name(e) if matches!(self.names.get(e.as_str()), Some(Item::Enum(_))) => {
                    Some(format!("v:{}", name.node))
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn atom(&self, e: &ast::Expr, negated: bool, bound: &[&str]) -> Option<Atom> {
        let e = strip(e);
        let A::Binary { op, lhs, rhs } = &e.node else {
            return None;
        };
        let (path, values, allowed) = match op.node {
            BinaryOp::Eq | BinaryOp::Ne => {
                let (path, key) = match (self.atom_path(lhs, bound), self.literal_key(rhs, bound)) {
                    (Some(p), Some(k)) => (p, k),
                    _ => (self.atom_path(rhs, bound)?, self.literal_key(lhs, bound)?),
                };
                (path, FxHashSet::from_iter([key]), op.node == BinaryOp::Eq)
            }
            BinaryOp::In | BinaryOp::NotIn => {
                let path = self.atom_path(lhs, bound)?;
                let A::Collection { elems, .. } = &strip(rhs).node else {
                    return None;
                };
                let keys: Option<FxHashSet<String>> =
                    elems.iter().map(|x| self.literal_key(x, bound)).collect();
                (path, keys?, op.node == BinaryOp::In)
            }
            _ => return None,
        };
        Some(Atom {
            path,
            values,
            allowed: allowed != negated,
            span: e.span,
        })
    }

    /// Atoms of a `when` line: the conjuncts of a top-level `and` chain.
    fn conjuncts<'e>(e: &'e ast::Expr, out: &mut Vec<&'e ast::Expr>) {
        match &strip(e).node {
            A::Binary { op, lhs, rhs } if op.node == BinaryOp::And => {
                Self::conjuncts(lhs, out);
                Self::conjuncts(rhs, out);
            }
            _ => out.push(strip(e)),
        }
    }

    pub(crate) fn lint_never_holds(&mut self, rule: &RuleDecl, binding: &str) {
        let mut bound = vec![binding];
        if let Some(f) = &rule.for_each {
            bound.push(f.var.node.as_str());
        }
        let mut atoms = Vec::new();
        for cond in &rule.conditions {
            match cond.kind {
                ConditionKind::When => {
                    let mut parts = Vec::new();
                    Self::conjuncts(&cond.expr, &mut parts);
                    atoms.extend(
                        parts
                            .into_iter()
                            .filter_map(|p| self.atom(p, false, &bound)),
                    );
                }
                ConditionKind::Unless => atoms.extend(self.atom(&cond.expr, true, &bound)),
            }
        }
        let mut state: FxHashMap<String, Possible> = FxHashMap::default();
        for atom in atoms {
            let entry = state.entry(atom.path.clone()).or_insert_with(|| Possible {
                allowed: None,
                excluded: FxHashSet::default(),
                first: atom.span,
            });
            if atom.allowed {
                entry.allowed = Some(match entry.allowed.take() {
                    None => atom.values,
                    Some(prev) => prev.intersection(&atom.values).cloned().collect(),
                });
            } else {
                entry.excluded.extend(atom.values);
            }
            let empty = entry
                .allowed
                .as_ref()
                .is_some_and(|a| a.iter().all(|v| entry.excluded.contains(v)));
            if empty {
                let first = entry.first;
                self.report(CheckError::NeverHolds {
                    span: atom.span,
                    first,
                    path: canonical_text(&atom.path),
                });
                return;
            }
        }
    }
}
