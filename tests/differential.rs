//! Differential testing (issue 10): random well-typed packages and records,
//! decided by polc and by an independent reference evaluator
//! (`differential/reference.rs`); both must agree on every decision, fired
//! entry, obligation and error. A few thousand cases with a fixed seed
//! here; `cargo bench --bench differential -- --cases N --seed S` runs
//! any number.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test: the reference evaluator panics on a shape the checker rules out"
)]

#[path = "differential/compare.rs"]
mod compare;
#[path = "differential/generate.rs"]
mod generate;
#[path = "differential/reference.rs"]
mod reference;

/// Packages × records per package = cases.
const PACKAGES: u64 = 50;
const RECORDS: usize = 100;
const SEED: u64 = 0x5EED_0001;

#[test]
fn polc_agrees_with_the_reference_evaluator() {
    // `POLC_DIFF_SEED`/`POLC_DIFF_PACKAGES` rerun other packages while
    // investigating (the default is the fixed set).
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let (seed, packages) = (
        env("POLC_DIFF_SEED", SEED),
        env("POLC_DIFF_PACKAGES", PACKAGES),
    );
    let save = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/differential");
    let sum = polc::stack::on_big_stack(|| compare::run_many(seed, packages, RECORDS, Some(&save)))
        .expect("a thread for the run");
    assert_eq!(
        sum.check_failures + sum.disagreements,
        0,
        "{} of {} packages did not check, {} of {} cases disagree:\n{}",
        sum.check_failures,
        sum.packages,
        sum.disagreements,
        sum.cases,
        sum.report.join("\n\n")
    );
    assert_eq!(sum.cases, packages * RECORDS as u64);
    // The generator reaches every decision and indeterminate cases.
    assert!(
        sum.decisions[..4].iter().all(|n| *n > 0),
        "{:?}",
        sum.decisions
    );
    assert!(sum.errors > 0);
}
