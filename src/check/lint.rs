//! Lints (§4, §10), all warnings: unused package-level `const`/`def`,
//! constant conditions, duplicated rules, rules never in force, and
//! conditions that can never hold together. (Repeats in a loaded set are
//! reported by `load`, and `is present` on a non-optional by the typer.)

use rustc_hash::FxHashMap;

use crate::ast::{
    self, BinaryOp, ConditionKind, ExprKind as A, Literal, PolicyItem, RuleDecl, UnaryOp,
};
use crate::check::error::CheckError;
use crate::check::{Checker, Item};
use crate::ir::InForce;

impl Checker<'_> {
    /// Runs every lint.
    pub(crate) fn lint(&mut self) {
        self.lint_unused();
        for p in 0..self.policies.len() {
            let Some(decl) = self.policies.get(p).map(|s| s.decl) else {
                continue;
            };
            let rules: Vec<&RuleDecl> = decl
                .items
                .iter()
                .filter_map(|i| match i {
                    PolicyItem::Rule(r) => Some(r),
                    _ => None,
                })
                .collect();
            for rule in &rules {
                self.lint_constant_conditions(rule, &decl.binding.node);
                self.lint_never_holds(rule, &decl.binding.node);
            }
            self.lint_duplicate_rules(&rules);
            self.lint_in_force(p, &rules);
        }
    }

    fn lint_unused(&mut self) {
        if self.recovered {
            // A declaration that did not parse may be the one that uses these.
            return;
        }
        let mut unused = Vec::new();
        // Only the declaration that owns its name: a duplicate (E0101) or a
        // `def` named like a built-in (E0118) cannot be referred to at all.
        let owns = |name: &str, item: Item| self.names.get(name) == Some(&item);
        for (i, c) in self.consts.iter().enumerate() {
            let item = Item::Const(i as u32);
            if c.policy.is_none() && owns(&c.decl.name.node, item) && !self.used.contains(&item) {
                unused.push((c.decl.name.span, "constant", c.decl.name.node.clone()));
            }
        }
        for (i, f) in self.funcs.iter().enumerate() {
            let item = Item::Func(i as u32);
            let builtin = crate::builtins::lookup(&f.decl.name.node).is_some();
            if f.policy.is_none()
                && !builtin
                && owns(&f.decl.name.node, item)
                && !self.used.contains(&item)
            {
                unused.push((f.decl.name.span, "function", f.decl.name.node.clone()));
            }
        }
        for (span, what, name) in unused {
            self.report(CheckError::Unused {
                span,
                what: what.into(),
                name,
            });
        }
    }

    /// The boolean value an expression folds to, if it is constant.
    fn fold(&self, e: &ast::Expr, depth: u32) -> Option<bool> {
        if depth > 32 {
            return None;
        }
        match &e.node {
            A::Lit(Literal::Bool(b)) => Some(*b),
            A::Paren(inner) => self.fold(inner, depth + 1),
            A::Unary { op, expr } if op.node == UnaryOp::Not => {
                self.fold(expr, depth + 1).map(|b| !b)
            }
            A::Binary { op, lhs, rhs } => {
                let (l, r) = (self.fold(lhs, depth + 1), self.fold(rhs, depth + 1));
                match op.node {
                    BinaryOp::And => match (l, r) {
                        (Some(false), _) | (_, Some(false)) => Some(false),
                        (Some(true), Some(true)) => Some(true),
                        _ => None,
                    },
                    BinaryOp::Or => match (l, r) {
                        (Some(true), _) | (_, Some(true)) => Some(true),
                        (Some(false), Some(false)) => Some(false),
                        _ => None,
                    },
                    _ => None,
                }
            }
            A::Name(n) => {
                // A constant whose initialiser is itself constant; a binding
                // of the same name wins, and rule conditions have one only
                // for the policy binding and a `for` variable.
                match self.names.get(n.as_str()) {
                    Some(Item::Const(i)) => {
                        let c = self.consts.get(*i as usize)?;
                        self.fold(&c.decl.value, depth + 1)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn lint_constant_conditions(&mut self, rule: &RuleDecl, binding: &str) {
        let bound = |n: &str| -> bool {
            n == binding || rule.for_each.as_ref().is_some_and(|f| f.var.node == n)
        };
        for cond in &rule.conditions {
            if let A::Name(n) = &cond.expr.node {
                if bound(n) {
                    continue;
                }
            }
            let Some(value) = self.fold(&cond.expr, 0) else {
                continue;
            };
            let fires = match cond.kind {
                ConditionKind::When => value,
                ConditionKind::Unless => !value,
            };
            let help = if fires {
                "the line never decides anything; remove it".to_string()
            } else {
                format!("the rule `{}` can never fire", rule.name.node)
            };
            self.report(CheckError::ConstantCondition {
                span: cond.expr.span,
                value,
                help,
            });
        }
    }

    /// The canonical text of a span: comments dropped, white space kept only
    /// between two word characters, string literals verbatim — the
    /// condition "text after fmt" of §10 without running the formatter.
    fn canonical(&self, span: crate::source::Span) -> String {
        canonical_text(self.map.slice(span))
    }

    fn lint_duplicate_rules(&mut self, rules: &[&RuleDecl]) {
        let mut seen: FxHashMap<String, usize> = FxHashMap::default();
        for (i, rule) in rules.iter().enumerate() {
            let mut key = String::new();
            let effect = &rule.effect.node;
            key.push_str(match effect {
                ast::EffectKind::Deny { .. } => "deny",
                ast::EffectKind::RequireLicense { .. } => "license",
                ast::EffectKind::Review { .. } => "review",
                ast::EffectKind::Report { .. } => "report",
                ast::EffectKind::Inspect { .. } => "inspect",
                ast::EffectKind::Authorize { .. } => "authorize",
            });
            if let ast::EffectKind::Report { to, .. } = effect {
                key.push('\u{1}');
                key.push_str(&to.node);
            }
            // Two authorisations with one condition but different covers
            // are different rules.
            if let ast::EffectKind::Authorize { covers, .. } = effect {
                for c in covers {
                    key.push('\u{1}');
                    key.push_str(&self.canonical(c.span));
                }
            }
            if let Some(f) = &rule.for_each {
                key.push_str("\u{1}for ");
                key.push_str(&f.var.node);
                key.push_str(" in ");
                key.push_str(&self.canonical(f.iter.span));
            }
            for m in &rule.meta {
                if !matches!(m.node, ast::MetaKind::Source(_)) {
                    key.push('\u{1}');
                    key.push_str(&self.canonical(m.span));
                }
            }
            for c in &rule.conditions {
                key.push('\u{2}');
                key.push_str(&self.canonical(c.span));
            }
            // Conditions read `let` names: the lines they bind (and where)
            // are part of what a rule checks.
            for l in &rule.lets {
                key.push_str(&format!("\u{3}{}:", l.before));
                key.push_str(&self.canonical(l.span));
            }
            match seen.get(&key) {
                Some(&first) => {
                    let Some(other) = rules.get(first) else {
                        continue;
                    };
                    self.report(CheckError::DuplicateRuleBody {
                        span: rule.name.span,
                        first: other.name.span,
                        name: rule.name.node.clone(),
                        other: other.name.node.clone(),
                    });
                }
                None => {
                    seen.insert(key, i);
                }
            }
        }
    }

    fn lint_in_force(&mut self, p: usize, rules: &[&RuleDecl]) {
        let Some(policy) = self.policies.get(p).and_then(|s| s.def.as_ref()) else {
            return;
        };
        let pol = policy.in_force.clone();
        if broken(&pol) {
            return;
        }
        let mut found = Vec::new();
        for (decl, def) in rules.iter().zip(&policy.rules) {
            if broken(&def.in_force) {
                continue;
            }
            if let Some(reason) = never_in_force(&pol, &def.in_force) {
                found.push((decl.name.span, def.full_name.clone(), reason));
            }
        }
        for (span, name, reason) in found {
            self.report(CheckError::NeverInForce { span, name, reason });
        }
    }
}

/// An in-force set whose own lines are already an error (E0301/E0302).
fn broken(f: &InForce) -> bool {
    matches!((f.effective, f.expires), (Some(e), Some(x)) if e >= x)
        || f.suspensions.iter().any(|(a, b)| a >= b)
}

/// Why a rule with these policy and rule lines is never in force, if so.
fn never_in_force(pol: &InForce, rule: &InForce) -> Option<String> {
    let start = match (pol.effective, rule.effective) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let end = match (pol.expires, rule.expires) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let (Some(start), Some(end)) = (start, end) else {
        return None;
    };
    if start >= end {
        return Some(format!(
            "it would take effect on {start}, but is no longer in force from {end}"
        ));
    }
    let mut windows: Vec<_> = pol
        .suspensions
        .iter()
        .chain(&rule.suspensions)
        .copied()
        .collect();
    windows.sort();
    let mut covered = start;
    for (a, b) in windows {
        if a > covered {
            break;
        }
        covered = covered.max(b);
        if covered >= end {
            return Some(format!(
                "it is suspended for its whole time in force, {start} until {end}"
            ));
        }
    }
    None
}

/// See [`Checker::canonical`].
pub(crate) fn canonical_text(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars().peekable();
    let mut pending_space = false;
    let word = |c: char| c.is_alphanumeric() || c == '_';
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                push_token(&mut out, &mut pending_space, c, word);
                while let Some(s) = chars.next() {
                    out.push(s);
                    if s == '\\' {
                        if let Some(esc) = chars.next() {
                            out.push(esc);
                        }
                    } else if s == '"' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                for s in chars.by_ref() {
                    if s == '\n' {
                        break;
                    }
                }
                pending_space = true;
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for s in chars.by_ref() {
                    if prev == '*' && s == '/' {
                        break;
                    }
                    prev = s;
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            c => push_token(&mut out, &mut pending_space, c, word),
        }
    }
    out
}

fn push_token(out: &mut String, pending: &mut bool, c: char, word: impl Fn(char) -> bool) {
    if *pending && out.chars().last().is_some_and(&word) && word(c) {
        out.push(' ');
    }
    *pending = false;
    out.push(c);
}

#[cfg(test)]
mod tests {
    use super::canonical_text;

    #[test]
    fn canonical_text_ignores_layout_and_comments() {
        assert_eq!(
            canonical_text("when  tx.a ==\n   \"J P\" // x\n and f( y )"),
            canonical_text("when tx.a == \"J P\" and /* c */ f(y)")
        );
        assert_ne!(canonical_text("\"a b\""), canonical_text("\"ab\""));
        assert_eq!(canonical_text("500  kg"), "500 kg");
    }
}
