//! Running one `test` block (§7): compute the `given` record, decide it as
//! `polc eval` would (every policy for its type, or those of its `only`
//! list, in force on its `as_of` line's date, else on its `date`), judge
//! every `expect`.

use crate::ir::Expect;
use crate::outcome::Outcome;
use crate::output::ndjson::error_message as error_text;
use crate::tester::catalog::Catalog;
use crate::tester::coverage::Coverage;
use crate::tester::expect::judge;
use crate::tester::{Failure, Status, TestKind, TestResult};

/// Runs test `idx` of the program, adding what it exercised to `coverage`.
pub fn run_block(catalog: &Catalog<'_>, idx: usize, coverage: &mut Coverage) -> Option<TestResult> {
    let engine = catalog.engine();
    let test = catalog.program().tests.get(idx)?;
    let status = match engine.eval_given(idx) {
        Err(error) => Status::Failed(Failure::Given {
            given: test.given.span,
            error,
        }),
        Ok(record) => {
            let mut cx = engine.context();
            cx.trace_conditions(true);
            let mut outcome = Outcome::default();
            engine.evaluate_policies(
                &mut cx,
                test.record,
                &record,
                test.as_of,
                test.only.as_deref(),
                &mut outcome,
            );
            coverage.add(&outcome, &cx.take_trace());
            let mut failed = Vec::new();
            let mut decision_shown = false;
            for e in &test.expects {
                if let Some(f) = judge(catalog, &outcome, e) {
                    decision_shown |= matches!(e, Expect::Decision { .. });
                    failed.push(f);
                }
            }
            if failed.is_empty() {
                Status::Passed
            } else {
                // A failing `expect D` already says what the decision was;
                // otherwise say it here, so every failure shows it (§7).
                let mut cases = Vec::new();
                // What the test left out explains many a failure.
                if let Some(only) = &test.only {
                    let names: Vec<&str> = only
                        .iter()
                        .filter_map(|id| catalog.program().policies.get(id.index()))
                        .map(|p| p.name.as_str())
                        .collect();
                    cases.push(format!("evaluated only: {}", names.join(", ")));
                }
                if !decision_shown {
                    cases.push(format!("decision: {}", outcome.decision().as_str()));
                }
                cases.extend(case_lines(catalog, &outcome));
                Status::Failed(Failure::Expects { failed, cases })
            }
        }
    };
    Some(TestResult {
        kind: TestKind::Block,
        name: test.name.clone(),
        status,
    })
}

/// One line per fired or indeterminate case, in output order.
pub fn case_lines(catalog: &Catalog<'_>, outcome: &Outcome) -> Vec<String> {
    let mut out = Vec::with_capacity(outcome.fired.len() + outcome.errors.len() + 1);
    for f in &outcome.fired {
        // §13: a licence requirement an authorisation covered.
        let covered = if f.covered { " (authorized)" } else { "" };
        out.push(format!(
            "fired: {}{covered} at {}",
            catalog.case(f.rule, f.item),
            catalog.at(f.rule)
        ));
    }
    for e in &outcome.errors {
        out.push(format!(
            "indeterminate: {} at {}: {}",
            catalog.case(e.rule, e.item),
            catalog.at(e.rule),
            error_text(catalog.engine().catalog(), &e.error)
        ));
    }
    for f in &outcome.faults {
        out.push(format!(
            "indeterminate: {}",
            error_text(catalog.engine().catalog(), f)
        ));
    }
    if out.is_empty() {
        out.push("fired: nothing".to_string());
    }
    out
}
