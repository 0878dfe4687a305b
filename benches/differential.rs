//! The differential runner (issue 10): `cargo bench --bench differential --
//! --cases N --seed S [--records R]` generates N cases (packages of R
//! records each, seeds S, S+1, …), decides each record with polc and with
//! the reference evaluator of `tests/differential/`, and prints cases per
//! second and the disagreements. Each disagreeing (or non-checking)
//! package is saved under `target/differential/SEED/` (`main.pol`,
//! `records.ndjson`, `disagreements.txt`) for reproduction with
//! `polc eval target/differential/SEED/main.pol --input …/records.ndjson`.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test driver: the reference evaluator panics on a shape the checker rules out"
)]

#[path = "../tests/differential/compare.rs"]
mod compare;
#[path = "../tests/differential/generate.rs"]
mod generate;
#[path = "../tests/differential/reference.rs"]
mod reference;

use std::path::Path;
use std::time::Instant;

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map_or(default, |s| {
            s.parse()
                .unwrap_or_else(|_| panic!("{name} takes a number"))
        })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --all-targets` runs bench targets too, without `--bench`.
    if !args.iter().any(|a| a == "--bench") {
        println!("differential: skipped; run it with `cargo bench --bench differential`");
        return;
    }
    let cases = arg(&args, "--cases", 100_000);
    let seed = arg(&args, "--seed", 1);
    let records = arg(&args, "--records", 100).max(1);
    let packages = cases.div_ceil(records);
    let save = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/differential");
    let start = Instant::now();
    // In batches, so a long run shows progress.
    let batch = 100;
    let mut total = compare::Summary::default();
    let mut first = seed;
    while first < seed + packages {
        let n = batch.min(seed + packages - first);
        let sum = polc::stack::on_big_stack(|| {
            compare::run_many(first, n, records as usize, Some(&save))
        })
        .expect("a thread for the run");
        total.packages += sum.packages;
        total.cases += sum.cases;
        total.disagreements += sum.disagreements;
        total.check_failures += sum.check_failures;
        total.errors += sum.errors;
        for (a, b) in total.decisions.iter_mut().zip(sum.decisions) {
            *a += b;
        }
        for r in sum.report.into_iter().take(5) {
            eprintln!("{r}\n");
        }
        first += n;
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "{} packages, {} cases, {:.0} cases/s, {} disagreements, {} not checking",
            total.packages,
            total.cases,
            total.cases as f64 / secs,
            total.disagreements,
            total.check_failures
        );
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "differential: seeds {seed}..{}, {} packages × {records} records = {} cases in {secs:.1} s ({:.0} cases/s)",
        seed + packages,
        total.packages,
        total.cases,
        total.cases as f64 / secs
    );
    println!(
        "decisions: allow {} license_required {} review {} deny {} invalid {}; indeterminate cases {}",
        total.decisions[0],
        total.decisions[1],
        total.decisions[2],
        total.decisions[3],
        total.decisions[4],
        total.errors
    );
    println!(
        "disagreements: {}; packages that did not check: {}{}",
        total.disagreements,
        total.check_failures,
        if total.disagreements + total.check_failures > 0 {
            format!(" (saved under {})", save.display())
        } else {
            String::new()
        }
    );
    if total.disagreements + total.check_failures > 0 {
        std::process::exit(1);
    }
}
