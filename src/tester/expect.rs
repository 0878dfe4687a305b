//! Judging one `expect` line against a record's outcome (§7).

use crate::ir::{EffectKind, Expect, RuleId};
use crate::outcome::Outcome;
use crate::tester::catalog::Catalog;
use crate::tester::FailedExpect;

/// `None` when the line holds, else the line and what went wrong.
pub fn judge(catalog: &Catalog<'_>, outcome: &Outcome, expect: &Expect) -> Option<FailedExpect> {
    let (span, message) = match expect {
        Expect::Decision { decision, by, span } => {
            let actual = outcome.decision();
            let missing: Vec<String> = by
                .iter()
                .filter(|id| !fired_yielding(catalog, outcome, **id, *decision))
                .map(|id| not_fired(catalog, outcome, *id))
                .collect();
            let wrong = actual != *decision;
            let message = match (wrong, missing.is_empty()) {
                (false, true) => return None,
                (true, true) => format!("expected {}, got {}", decision.as_str(), actual.as_str()),
                (false, false) => format!("got {}, but {}", actual.as_str(), missing.join(", ")),
                (true, false) => format!(
                    "expected {}, got {}, and {}",
                    decision.as_str(),
                    actual.as_str(),
                    missing.join(", ")
                ),
            };
            (*span, message)
        }
        Expect::NotFired { rule, span } => {
            // A rule the engine cannot map would make this line pass
            // vacuously: the test fails instead.
            let Some(idx) = catalog.engine_rule(*rule) else {
                return Some(FailedExpect {
                    span: *span,
                    message: UNMAPPED.to_string(),
                });
            };
            let items: Vec<Option<u32>> = outcome
                .fired
                .iter()
                .filter(|f| f.rule == idx)
                .map(|f| f.item)
                .collect();
            if items.is_empty() {
                return None;
            }
            let elements: Vec<String> = items
                .iter()
                .filter_map(|i| catalog.element(idx, *i))
                .collect();
            let name = catalog.full_name(idx);
            let message = if elements.is_empty() {
                format!("`{name}` fired")
            } else {
                format!("`{name}` fired for {}", elements.join(", "))
            };
            (*span, message)
        }
        Expect::ReportTo { to, span } => {
            let reports = obligations(catalog, outcome, |e| match e {
                EffectKind::Report { to, .. } => Some(to.as_str()),
                _ => None,
            });
            if reports.iter().any(|r| r == to) {
                return None;
            }
            let message = if reports.is_empty() {
                format!("no report to \"{to}\": no report obligation at all")
            } else {
                let others: Vec<String> = reports.iter().map(|r| format!("\"{r}\"")).collect();
                format!(
                    "no report to \"{to}\" (reports went to {})",
                    others.join(", ")
                )
            };
            (*span, message)
        }
        Expect::Inspect { span } => {
            let inspections = obligations(catalog, outcome, |e| match e {
                EffectKind::Inspect => Some(""),
                _ => None,
            });
            if !inspections.is_empty() {
                return None;
            }
            (*span, "no inspection obligation".to_string())
        }
        Expect::Authorized { by, span } => (*span, authorized(catalog, outcome, by)?),
    };
    Some(FailedExpect { span, message })
}

/// What a failed line says when its rule is not in the engine.
const UNMAPPED: &str =
    "internal error: the rule is not in the evaluated program (this is a bug in polc)";

/// Whether rule `id` fired (for some element) with an effect yielding `d`.
fn fired_yielding(
    catalog: &Catalog<'_>,
    outcome: &Outcome,
    id: RuleId,
    d: crate::lang::Decision,
) -> bool {
    let Some(idx) = catalog.engine_rule(id) else {
        return false;
    };
    let yields = catalog
        .engine()
        .rules
        .get(idx as usize)
        .is_some_and(|r| r.effect.decision() == Some(d));
    // §18: a covered licence requirement is asserted with `expect
    // authorized`, so `license_required by R` needs an uncovered case.
    let counts =
        |f: &crate::outcome::FiredCase| !f.covered || d != crate::lang::Decision::LicenseRequired;
    yields && outcome.fired.iter().any(|f| f.rule == idx && counts(f))
}

/// "`p.r` did not fire", saying so when it was indeterminate instead.
fn not_fired(catalog: &Catalog<'_>, outcome: &Outcome, id: RuleId) -> String {
    let Some(idx) = catalog.engine_rule(id) else {
        return UNMAPPED.to_string();
    };
    let name = catalog.full_name(idx);
    if outcome.errors.iter().any(|e| e.rule == idx) {
        format!("`{name}` did not fire (it was indeterminate)")
    } else if outcome.fired.iter().any(|f| f.rule == idx && f.covered) {
        covered_only(catalog, outcome, idx)
    } else {
        format!("`{name}` did not fire")
    }
}

/// `expect authorized by R…` (§13): `None` when every R fired and covered
/// at least one case, else what went wrong.
fn authorized(catalog: &Catalog<'_>, outcome: &Outcome, by: &[RuleId]) -> Option<String> {
    let mut wrong = Vec::new();
    for id in by {
        let Some(idx) = catalog.engine_rule(*id) else {
            wrong.push(UNMAPPED.to_string());
            continue;
        };
        let name = catalog.full_name(idx);
        let mut cases = outcome.authorizations.iter().filter(|a| a.rule == idx);
        let Some(first) = cases.next() else {
            wrong.push(not_fired(catalog, outcome, *id));
            continue;
        };
        if first.covers.is_empty() && cases.all(|a| a.covers.is_empty()) {
            wrong.push(format!(
                "`{name}` fired but covered nothing (no case of the rules it covers fired)"
            ));
        }
    }
    (!wrong.is_empty()).then(|| wrong.join(", "))
}

/// "`p.r` fired, but only covered": a licence requirement an authorisation
/// lifted (§18), with the authorising rules.
fn covered_only(catalog: &Catalog<'_>, outcome: &Outcome, idx: u32) -> String {
    let name = catalog.full_name(idx);
    let mut by: Vec<String> = outcome
        .authorizations
        .iter()
        .filter(|a| a.covers.contains(&idx))
        .map(|a| format!("`{}`", catalog.full_name(a.rule)))
        .collect();
    by.dedup();
    format!(
        "`{name}` fired but every case was covered by {} (assert it with `expect authorized by …`)",
        by.join(", ")
    )
}

/// The fired obligations `pick` selects, in output order, deduplicated.
fn obligations<'e>(
    catalog: &Catalog<'e>,
    outcome: &Outcome,
    pick: impl Fn(&'e EffectKind) -> Option<&'e str>,
) -> Vec<&'e str> {
    let mut out: Vec<&str> = Vec::new();
    for f in &outcome.fired {
        // An unknown rule can only take an obligation away, which makes an
        // `expect report`/`expect inspect` line fail: closed already.
        let Some(rule) = catalog.engine().rules.get(f.rule as usize) else {
            continue;
        };
        if let Some(s) = pick(&rule.effect) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::fail_closed_tests::{compiled, FOR_RULE};
    use crate::source::Span;

    #[test]
    fn not_fired_on_a_rule_the_engine_cannot_map_fails() {
        let (program, engine) = compiled(FOR_RULE);
        let catalog = Catalog::new(&program, &engine);
        let outcome = Outcome::default();
        let mapped = Expect::NotFired {
            rule: RuleId {
                policy: crate::ir::PolicyId(0),
                rule: crate::ir::RuleIndex(0),
            },
            span: Span::default(),
        };
        assert!(judge(&catalog, &outcome, &mapped).is_none());
        // Before: the line passed vacuously.
        let unmapped = Expect::NotFired {
            rule: RuleId {
                policy: crate::ir::PolicyId(5),
                rule: crate::ir::RuleIndex(0),
            },
            span: Span::default(),
        };
        let failed = judge(&catalog, &outcome, &unmapped);
        assert!(failed.is_some_and(|f| f.message.starts_with("internal error")));
    }

    #[test]
    fn by_a_rule_the_engine_cannot_map_fails() {
        let (program, engine) = compiled(FOR_RULE);
        let catalog = Catalog::new(&program, &engine);
        let expect = Expect::Decision {
            decision: crate::lang::Decision::Allow,
            by: vec![RuleId {
                policy: crate::ir::PolicyId(0),
                rule: crate::ir::RuleIndex(9),
            }],
            span: Span::default(),
        };
        let failed = judge(&catalog, &Outcome::default(), &expect);
        assert!(failed.is_some_and(|f| f.message.contains("internal error")));
    }
}
