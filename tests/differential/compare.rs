//! Runs one generated package through polc's normal pipeline (parse,
//! check, link, the driver with the §9 NDJSON format, in process) and
//! through the reference evaluator, record by record, and compares the two
//! §9 objects as JSON values.
//!
//! Compared exactly: `record`, `id`, `decision`, every `fired` entry (rule,
//! item, effect, message, source — `at` is a static position and is left
//! out), every obligation, and for every error its rule and item. An
//! error's `message` is polc's wording, which the reference does not copy;
//! instead the reference's *kind* of error (overflow, division by zero,
//! currency, dimension, index, empty, date range) must be named by polc's
//! message (see [`kind_words`]).

use std::path::Path;

use polc::driver::{Job, NdjsonSource};
use polc::output::ndjson::Ndjson;
use serde_json::Value as Json;

use crate::generate::{self, Rng};
use crate::reference::Reference;

/// What one package gave.
#[derive(Default)]
pub struct Tally {
    /// Records compared.
    pub cases: u64,
    /// Records on which polc and the reference disagree: (record line, polc, reference).
    pub disagreements: Vec<(String, Json, Json)>,
    /// A package that did not check (a generator bug): the diagnostics.
    pub check_failure: Option<String>,
    /// Decisions seen, to show the generator reaches every one.
    pub decisions: [u64; 5],
    /// Indeterminate cases seen.
    pub errors: u64,
}

/// The package of `seed` and its `records` records, compared. `dir` is a
/// scratch directory of the caller's (the package is written there).
pub fn run_seed(seed: u64, records: usize, dir: &Path) -> (generate::Package, Vec<String>, Tally) {
    let mut rng = Rng::new(seed);
    let pkg = generate::package(&mut rng);
    let lines: Vec<String> = (0..records).map(|_| pkg.record(&mut rng)).collect();
    // Every fourth package is decided `--as-of` a day of 2026 instead of
    // each record's own date (§5).
    let as_of = seed
        .is_multiple_of(4)
        .then(|| {
            polc::lang::Date::from_ymd(2026, 1 + (seed / 4 % 12) as u32, 1 + (seed % 28) as u32)
        })
        .flatten();
    for (name, text) in &pkg.files {
        std::fs::write(dir.join(name), text).expect("write a loaded file");
    }
    let tally = compare(&pkg.source, &lines, as_of, dir);
    (pkg, lines, tally)
}

/// Compares polc and the reference on `source` and the NDJSON `lines`.
pub fn compare(
    source: &str,
    lines: &[String],
    as_of: Option<polc::lang::Date>,
    dir: &Path,
) -> Tally {
    let mut tally = Tally::default();
    let file = dir.join("main.pol");
    std::fs::write(&file, source).expect("write the package");
    let (package, program, diags) = polc::check::compile(&[file]).expect("compile");
    if diags.iter().any(|d| d.is_error()) {
        let shown: Vec<String> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{d:?}"))
            .collect();
        tally.check_failure = Some(shown.join("\n"));
        return tally;
    }
    let engine = match polc::eval::link(&program, &package.map) {
        Ok(e) => e,
        Err(d) => {
            tally.check_failure = Some(format!("link: {d:?}"));
            return tally;
        }
    };
    let record_type = polc::ir::RecordId(
        program
            .records
            .iter()
            .position(|r| r.name == "Tx")
            .expect("the generator declares Tx") as u32,
    );
    let input = lines.join("\n");
    let format = Ndjson::new(engine.catalog());
    let job = Job {
        engine: &engine,
        record_type,
        as_of,
        strict: false,
        lenient: false,
        format: &format,
        threads: 1,
        input_paused: None,
    };
    let mut src = NdjsonSource::new(input.as_bytes());
    let mut out = Vec::new();
    polc::driver::run(&job, || src.next_chunk(), &mut out).expect("run the driver");
    let polc_lines: Vec<Json> = out
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("polc writes JSON"))
        .collect();
    let reference = match std::panic::catch_unwind(|| Reference::new(&program)) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            tally.check_failure = Some(format!("reference constants: {e}"));
            return tally;
        }
        Err(_) => {
            tally.check_failure = Some("the reference panicked on the constants".into());
            return tally;
        }
    };
    for (i, line) in lines.iter().enumerate() {
        tally.cases += 1;
        let record: Json = serde_json::from_str(line).expect("the generator writes JSON");
        let theirs = polc_lines.get(i).cloned().unwrap_or(Json::Null);
        let ours = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            reference.decide(i as u64 + 1, record_type, &record, as_of)
        }))
        .unwrap_or_else(|_| serde_json::json!("the reference panicked"));
        let slot = match theirs.get("decision").and_then(Json::as_str) {
            Some("allow") => 0,
            Some("license_required") => 1,
            Some("review") => 2,
            Some("deny") => 3,
            _ => 4,
        };
        tally.decisions[slot] += 1;
        tally.errors += theirs
            .get("errors")
            .and_then(Json::as_array)
            .map_or(0, |e| e.len() as u64);
        if !agree(&theirs, &ours) {
            tally.disagreements.push((line.clone(), theirs, ours));
        }
    }
    tally
}

/// Words one of which polc's message must contain for each kind of error.
fn kind_words(kind: &str) -> &'static [&'static str] {
    match kind {
        "Overflow" => &["overflow", "too large"],
        "DivZero" => &["zero"],
        "Currency" => &["currenc"],
        "Dimension" => &["dimension", "unit"],
        "Index" => &["index", "out of range"],
        "Empty" => &["empty"],
        // polc reports a date pushed past 9999-12-31 as a `+`/`-` whose
        // result is too large: the same case, in words about the operator.
        "DateRange" => &["date", "calendar", "too large"],
        _ => &[],
    }
}

fn agree(polc: &Json, reference: &Json) -> bool {
    let Some(p) = polc.as_object() else {
        return false;
    };
    let Some(r) = reference.as_object() else {
        return false;
    };
    for key in ["record", "id", "decision"] {
        if p.get(key) != r.get(key) {
            return false;
        }
    }
    if p.get("decision").and_then(Json::as_str) == Some("invalid") {
        return true;
    }
    let fired = |j: &Json| -> Vec<Json> {
        j.as_array()
            .map(|xs| {
                xs.iter()
                    .map(|x| {
                        let mut x = x.clone();
                        if let Some(o) = x.as_object_mut() {
                            o.remove("at");
                        }
                        x
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    if fired(&p["fired"]) != fired(&r["fired"]) || p.get("obligations") != r.get("obligations") {
        return false;
    }
    let (Some(pe), Some(re)) = (p["errors"].as_array(), r["errors"].as_array()) else {
        return false;
    };
    pe.len() == re.len()
        && pe.iter().zip(re).all(|(a, b)| {
            let message = a["message"].as_str().unwrap_or("").to_lowercase();
            a["rule"] == b["rule"]
                && a["item"] == b["item"]
                && kind_words(b["kind"].as_str().unwrap_or(""))
                    .iter()
                    .any(|w| message.contains(w))
        })
}

/// The totals of a run of many packages.
#[derive(Default)]
pub struct Summary {
    pub packages: u64,
    pub cases: u64,
    pub disagreements: u64,
    pub check_failures: u64,
    pub decisions: [u64; 5],
    pub errors: u64,
    /// The first few problems, described for a person.
    pub report: Vec<String>,
}

/// Runs packages `first_seed..first_seed + packages`, `records` records
/// each. With `save`, every disagreeing package (its source, the records
/// and both answers) is written to `save/SEED/` for reproduction.
pub fn run_many(first_seed: u64, packages: u64, records: usize, save: Option<&Path>) -> Summary {
    let scratch = std::env::temp_dir().join(format!("polc-differential-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch directory");
    let mut sum = Summary::default();
    for seed in first_seed..first_seed + packages {
        let (pkg, lines, tally) = run_seed(seed, records, &scratch);
        sum.packages += 1;
        sum.cases += tally.cases;
        sum.errors += tally.errors;
        for (a, b) in sum.decisions.iter_mut().zip(tally.decisions) {
            *a += b;
        }
        if let Some(why) = &tally.check_failure {
            sum.check_failures += 1;
            if sum.report.len() < 20 {
                sum.report.push(format!(
                    "seed {seed}: the package does not check:\n{why}\n{}",
                    pkg.source
                ));
            }
        }
        sum.disagreements += tally.disagreements.len() as u64;
        if let Some((line, polc, reference)) = tally.disagreements.first() {
            if sum.report.len() < 20 {
                sum.report.push(format!(
                    "seed {seed}: {} disagreement(s); first on\n  {line}\n  polc:      {polc}\n  reference: {reference}",
                    tally.disagreements.len()
                ));
            }
        }
        if let Some(save) = save {
            if tally.check_failure.is_some() || !tally.disagreements.is_empty() {
                let dir = save.join(seed.to_string());
                std::fs::create_dir_all(&dir).expect("the save directory");
                std::fs::write(dir.join("main.pol"), &pkg.source).expect("save");
                for (name, text) in &pkg.files {
                    std::fs::write(dir.join(name), text).expect("save");
                }
                std::fs::write(dir.join("records.ndjson"), lines.join("\n") + "\n").expect("save");
                let mut text = tally.check_failure.clone().unwrap_or_default();
                for (line, polc, reference) in &tally.disagreements {
                    text.push_str(&format!(
                        "{line}\npolc:      {polc}\nreference: {reference}\n\n"
                    ));
                }
                std::fs::write(dir.join("disagreements.txt"), text).expect("save");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    sum
}
