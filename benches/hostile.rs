//! Hostile input shapes, timed: each must stay linear in its size
//! (issue 10). Generates the probes under `target/bench/hostile/` and runs
//! the release `polc` binary on each, printing wall time and, for the long
//! line, the NDJSON/JSON ratio (the bound is 3×).
//!
//! `cargo bench --bench hostile` (`-- --mb N` sets the long line's size, 100 by default).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark driver: failing loudly on a broken setup is its job"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const POLICY: &str = r#"record Tx { id: string  prices: set<money>?  names: list<string>? }
policy p for tx: Tx {
  rule r {
    when tx.prices is present and len(tx.prices) > 1
    deny "{tx.id}"
  }
  rule s {
    when tx.names is present and len(tx.names) > 1
    review "{tx.id}"
  }
}
"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --all-targets` runs bench targets too, without `--bench`.
    if !args.iter().any(|a| a == "--bench") {
        println!("hostile: skipped; run it with `cargo bench --bench hostile`");
        return;
    }
    let mb: usize = args
        .iter()
        .position(|a| a == "--mb")
        .and_then(|i| args.get(i + 1))
        .map_or(100, |s| s.parse().expect("--mb takes a number"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("p.pol");
    std::fs::write(&policy, POLICY).unwrap();

    let mut unknown = String::from("{\"id\":\"a\"");
    for i in 0..100_000 {
        write!(unknown, ",\"k{i}\":{i}").unwrap();
    }
    unknown.push_str("}\n");
    let unknown_path = write(&dir, "unknown_keys.ndjson", &unknown);

    let mut prices = String::from("{\"id\":\"a\",\"prices\":[");
    for i in 0..20_000 {
        let currency = match i % 3 {
            0 => "USD",
            1 => "EUR",
            _ => "JPY",
        };
        if i > 0 {
            prices.push(',');
        }
        write!(prices, "{{\"amount\":\"{i}\",\"currency\":\"{currency}\"}}").unwrap();
    }
    prices.push_str("]}\n");
    let prices_path = write(&dir, "money_set.ndjson", &prices);

    let mut line = String::from("{\"id\":\"a\",\"names\":[");
    let mut i = 0;
    while line.len() < mb << 20 {
        if i > 0 {
            line.push(',');
        }
        write!(line, "\"n{i}\"").unwrap();
        i += 1;
    }
    line.push_str("]}");
    let json_path = write(&dir, "long_line.json", &line);
    line.push('\n');
    let ndjson_path = write(&dir, "long_line.ndjson", &line);

    println!("hostile input (polc eval, best of 3):");
    println!(
        "  100,000 unknown keys in one record: {:.3} s",
        best(&policy, &unknown_path)
    );
    println!(
        "  a set of 20,000 money values, 3 currencies: {:.3} s",
        best(&policy, &prices_path)
    );
    let as_json = best(&policy, &json_path);
    let as_ndjson = best(&policy, &ndjson_path);
    println!("  one {mb} MB record as .json: {as_json:.3} s");
    println!(
        "  the same record as one NDJSON line: {as_ndjson:.3} s ({:.2}x the .json; bound 3x)",
        as_ndjson / as_json
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The best wall time of three runs of `polc eval POLICY --input INPUT`.
fn best(policy: &Path, input: &Path) -> f64 {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_polc"))
                .arg("eval")
                .arg(policy)
                .arg("--input")
                .arg(input)
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success(), "polc eval failed on {}", input.display());
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}
