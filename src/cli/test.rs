//! `polc test PATHS…` (§7, §9): compile and link the package, run every
//! `test` block in source order and every golden file under the paths,
//! print one line per test, the failures, `N passed, M failed`, and with
//! `--coverage` the rules that never fired and the conditions that never
//! went both ways.
//!
//! Exit codes: 0 all passed, 1 some test failed, the package does not
//! compile, or rule coverage is below `--min-coverage`; 2 usage.

use crate::cli::args::TestArgs;
use crate::cli::Io;
use crate::diag::render::Style;
use crate::tester::catalog::Catalog;
use crate::tester::coverage::Coverage;
use crate::tester::{golden, report, runner, TestResult};

/// Runs `polc test`.
pub fn run(args: &TestArgs, io: &mut Io<'_>) -> u8 {
    if let Some(p) = args.min_coverage {
        if !(0.0..=100.0).contains(&p) {
            let _ = writeln!(
                io.err,
                "error: `--min-coverage` takes a percentage from 0 to 100, not `{p}`"
            );
            return 2;
        }
    }
    let rates = match crate::cli::load_rates(args.rates.as_deref()) {
        Ok(r) => r,
        Err(m) => {
            let _ = writeln!(io.err, "error: {m}");
            return 2;
        }
    };
    let (package, program, mut engine) = match crate::cli::build_engine(&args.paths, io) {
        Ok(built) => built,
        Err(code) => return code,
    };
    engine.set_rates(rates);
    let catalog = Catalog::new(&program, &engine);
    let mut coverage = Coverage::new(&engine);
    let keep = |name: &str| args.filter.as_deref().is_none_or(|f| name.contains(f));
    let mut results: Vec<TestResult> = Vec::new();
    for (idx, test) in program.tests.iter().enumerate() {
        if !keep(&test.name) {
            continue;
        }
        if let Some(r) = runner::run_block(&catalog, idx, &mut coverage) {
            let _ = writeln!(io.out, "{}", report::line(&r));
            results.push(r);
        }
    }
    let goldens = golden::find(&args.paths);
    for file in goldens.iter().filter(|g| keep(&g.shown)) {
        let r = golden::run(&catalog, file, args.bless, &mut coverage);
        let _ = writeln!(io.out, "{}", report::line(&r));
        results.push(r);
    }
    if results.is_empty() {
        let _ = writeln!(
            io.err,
            "polc: no tests to run{}",
            if args.filter.is_some() {
                " (none matches `--filter`)"
            } else {
                ""
            }
        );
    }
    let style = Style {
        color: io.color_allowed && io.out_is_terminal,
        width: io.style.width,
    };
    let _ = write!(
        io.out,
        "{}",
        report::failures(&results, &package.map, style)
    );
    let _ = writeln!(io.out, "\n{}", report::summary(&results));
    let mut code = u8::from(results.iter().any(|r| r.status.failed()));
    if args.coverage || args.min_coverage.is_some() {
        let _ = write!(io.out, "\n{}", coverage.report(&catalog));
        if let Some(min) = args.min_coverage {
            let pct = coverage.summary().rule_percent();
            if pct < min {
                let _ = writeln!(
                    io.err,
                    "error: rule coverage {pct:.1}% is below `--min-coverage {min}`"
                );
                code = 1;
            }
        }
    }
    code
}
