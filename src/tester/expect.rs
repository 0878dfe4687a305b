//! Judging one `expect` line against a record's outcome (§7).

use crate::ir::{CaseId, EffectKind, Expect};
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
                .filter(|case| !fired_yielding(catalog, outcome, **case, *decision))
                .map(|case| not_fired(catalog, outcome, *case))
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
        Expect::NotFired { case, span } => {
            // A rule the engine cannot map would make this line pass
            // vacuously: the test fails instead.
            let Some(idx) = catalog.engine_rule(case.rule) else {
                return Some(FailedExpect {
                    span: *span,
                    message: UNMAPPED.to_string(),
                });
            };
            let items: Vec<Option<u32>> = outcome
                .fired
                .iter()
                .filter(|f| f.rule == idx && (case.item.is_none() || f.item == case.item))
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
        Expect::ReportTo { to, within, span } => {
            let reports = reports(catalog, outcome);
            let holds = reports
                .iter()
                .any(|(t, w)| t == to && within.is_none_or(|n| n == *w));
            if holds {
                return None;
            }
            let mut days: Vec<String> = reports
                .iter()
                .filter(|(t, _)| t == to)
                .map(|(_, w)| w.to_string())
                .collect();
            days.dedup();
            let others: Vec<String> = reports.iter().map(|(t, _)| format!("\"{t}\"")).collect();
            let message = match within {
                Some(n) if !days.is_empty() => format!(
                    "no report to \"{to}\" within {n} days (its reports are within {} days)",
                    days.join(", ")
                ),
                _ if reports.is_empty() => {
                    format!("no report to \"{to}\": no report obligation at all")
                }
                _ => format!(
                    "no report to \"{to}\" (reports went to {})",
                    dedup(others).join(", ")
                ),
            };
            (*span, message)
        }
        Expect::NoReport { to, span } => {
            let reports = reports(catalog, outcome);
            let hits: Vec<String> = reports
                .iter()
                .filter(|(t, _)| to.as_ref().is_none_or(|to| to == t))
                .map(|(t, w)| format!("to \"{t}\" within {w} days"))
                .collect();
            if hits.is_empty() {
                return None;
            }
            (
                *span,
                format!("a report obligation: to {}", dedup(hits).join(", ")),
            )
        }
        Expect::Inspect { span } => {
            if has_inspection(catalog, outcome) {
                return None;
            }
            (*span, "no inspection obligation".to_string())
        }
        Expect::Authorized { by, span } => (*span, authorized(catalog, outcome, by)?),
        Expect::NoInspect { span } => {
            if !has_inspection(catalog, outcome) {
                return None;
            }
            (*span, "an inspection is due".to_string())
        }
    };
    Some(FailedExpect { span, message })
}

/// The texts in first-seen order, each once.
fn dedup(texts: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(texts.len());
    for t in texts {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// What a failed line says when its rule is not in the engine.
const UNMAPPED: &str =
    "internal error: the rule is not in the evaluated program (this is a bug in polc)";

/// Whether rule `case.rule` fired (for case `case.item` when given, else
/// for some case) with an effect yielding `d`.
fn fired_yielding(
    catalog: &Catalog<'_>,
    outcome: &Outcome,
    case: CaseId,
    d: crate::lang::Decision,
) -> bool {
    let Some(idx) = catalog.engine_rule(case.rule) else {
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
    yields
        && outcome
            .fired
            .iter()
            .any(|f| f.rule == idx && (case.item.is_none() || f.item == case.item) && counts(f))
}

/// "`p.r` did not fire", saying so when it was indeterminate instead.
fn not_fired(catalog: &Catalog<'_>, outcome: &Outcome, case: CaseId) -> String {
    let Some(idx) = catalog.engine_rule(case.rule) else {
        return UNMAPPED.to_string();
    };
    let name = match case.item {
        Some(i) => format!("{} at {i}", catalog.full_name(idx)),
        None => catalog.full_name(idx).to_string(),
    };
    let matches =
        |rule: u32, item: Option<u32>| rule == idx && (case.item.is_none() || item == case.item);
    if outcome.errors.iter().any(|e| matches(e.rule, e.item)) {
        format!("`{name}` did not fire (it was indeterminate)")
    } else if outcome
        .fired
        .iter()
        .any(|f| matches(f.rule, f.item) && f.covered)
    {
        covered_only(catalog, outcome, idx)
    } else if case.item.is_some() && outcome.fired.iter().any(|f| f.rule == idx) {
        let fired: Vec<String> = outcome
            .fired
            .iter()
            .filter(|f| f.rule == idx)
            .filter_map(|f| f.item.map(|i| i.to_string()))
            .collect();
        format!("`{name}` did not fire (it fired at {})", fired.join(", "))
    } else {
        format!("`{name}` did not fire")
    }
}

/// `expect authorized by R…` (§13): `None` when every R fired and covered
/// at least one case, else what went wrong.
fn authorized(catalog: &Catalog<'_>, outcome: &Outcome, by: &[CaseId]) -> Option<String> {
    let mut wrong = Vec::new();
    for case in by {
        let Some(idx) = catalog.engine_rule(case.rule) else {
            wrong.push(UNMAPPED.to_string());
            continue;
        };
        let name = catalog.full_name(idx);
        let mut cases = outcome
            .authorizations
            .iter()
            .filter(|a| a.rule == idx && (case.item.is_none() || a.item == case.item));
        let Some(first) = cases.next() else {
            wrong.push(not_fired(catalog, outcome, *case));
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

/// The fired report obligations `(to, within_days)`, in output order.
fn reports<'e>(catalog: &Catalog<'e>, outcome: &Outcome) -> Vec<(&'e str, i64)> {
    let mut out = Vec::new();
    for f in &outcome.fired {
        // An unknown rule can only take an obligation away: an `expect
        // report` line then fails, and an `expect no report` line is judged
        // on the others (the unmapped case is an internal error elsewhere).
        if let Some(EffectKind::Report { to, within_days }) = catalog
            .engine()
            .rules
            .get(f.rule as usize)
            .map(|r| &r.effect)
        {
            out.push((to.as_str(), *within_days));
        }
    }
    out
}

/// Whether some fired case is an inspection.
fn has_inspection(catalog: &Catalog<'_>, outcome: &Outcome) -> bool {
    outcome.fired.iter().any(|f| {
        catalog
            .engine()
            .rules
            .get(f.rule as usize)
            .is_some_and(|r| matches!(r.effect, EffectKind::Inspect))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::fail_closed_tests::{compiled, FOR_RULE};
    use crate::ir::RuleId;
    use crate::source::Span;

    #[test]
    fn not_fired_on_a_rule_the_engine_cannot_map_fails() {
        let (program, engine) = compiled(FOR_RULE);
        let catalog = Catalog::new(&program, &engine);
        let outcome = Outcome::default();
        let mapped = Expect::NotFired {
            case: CaseId {
                rule: RuleId {
                    policy: crate::ir::PolicyId(0),
                    rule: crate::ir::RuleIndex(0),
                },
                item: None,
            },
            span: Span::default(),
        };
        assert!(judge(&catalog, &outcome, &mapped).is_none());
        // Before: the line passed vacuously.
        let unmapped = Expect::NotFired {
            case: CaseId {
                rule: RuleId {
                    policy: crate::ir::PolicyId(5),
                    rule: crate::ir::RuleIndex(0),
                },
                item: None,
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
            by: vec![CaseId {
                rule: RuleId {
                    policy: crate::ir::PolicyId(0),
                    rule: crate::ir::RuleIndex(9),
                },
                item: None,
            }],
            span: Span::default(),
        };
        let failed = judge(&catalog, &Outcome::default(), &expect);
        assert!(failed.is_some_and(|f| f.message.contains("internal error")));
    }
}
