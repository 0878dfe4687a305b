//! Golden files: `X.expected.ndjson` beside `X.ndjson` holds what `polc
//! eval` printed for those records. The records are decided again, written
//! by the same NDJSON writer, and compared line by line; `--bless` rewrites
//! the expected file instead of failing (and says so). Only files named
//! `*.expected.ndjson` opt in: a bare `X.ndjson` is not a test.
//!
//! One golden file is one test; its failure lists the records that differ.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value as Json;

use crate::eval::run::{self, Job, NdjsonSource};
use crate::eval::{Engine, Outcome};
use crate::ir::{Program, RecordId};
use crate::output::ndjson::Ndjson;
use crate::output::{Format, RecordView, Verdict};
use crate::package::display;
use crate::tester::catalog::Catalog;
use crate::tester::coverage::Coverage;
use crate::tester::{Failure, Status, TestKind, TestResult};

/// The suffix that makes an NDJSON file a golden file.
pub const SUFFIX: &str = ".expected.ndjson";

/// At most this many differing records are described in a failure.
const SHOWN: usize = 20;

/// A golden file and the records file beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldenFile {
    /// `X.expected.ndjson`
    pub expected: PathBuf,
    /// `X.ndjson`
    pub records: PathBuf,
    /// The expected file as shown (also the test's name).
    pub shown: String,
}

/// Why a golden file failed: one text per problem (a record that differs,
/// a file that cannot be read), then a count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The problems, each possibly several lines.
    pub problems: Vec<String>,
}

/// The golden files under the directories among `paths`, sorted by path bytes.
pub fn find(paths: &[PathBuf]) -> Vec<GoldenFile> {
    let mut found = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut found);
        }
    }
    found.sort_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    found.dedup();
    found
        .into_iter()
        .filter_map(|expected| {
            let name = expected.file_name()?.to_str()?;
            let stem = name.strip_suffix(SUFFIX)?;
            let records = expected.with_file_name(format!("{stem}.ndjson"));
            Some(GoldenFile {
                shown: display(&expected),
                expected,
                records,
            })
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(SUFFIX) && n.len() > SUFFIX.len())
        {
            out.push(path);
        }
    }
}

/// Runs one golden file, adding what its records exercised to `coverage`.
pub fn run(
    catalog: &Catalog<'_>,
    file: &GoldenFile,
    bless: bool,
    coverage: &mut Coverage,
) -> TestResult {
    let status = match check(catalog, file, bless, coverage) {
        Ok(None) => Status::Passed,
        Ok(Some(differing)) => Status::Blessed { differing },
        Err(problems) => Status::Failed(Failure::Golden(Mismatch { problems })),
    };
    TestResult {
        kind: TestKind::Golden,
        name: file.shown.clone(),
        status,
    }
}

/// `Ok(None)`: all records match; `Ok(Some(n))`: blessed, `n` differed.
fn check(
    catalog: &Catalog<'_>,
    file: &GoldenFile,
    bless: bool,
    coverage: &mut Coverage,
) -> Result<Option<usize>, Vec<String>> {
    let records_shown = display(&file.records);
    let records = std::fs::read_to_string(&file.records).map_err(|e| {
        vec![format!(
            "cannot read the records `{records_shown}` (a golden file `X{SUFFIX}` needs `X.ndjson` beside it): {}",
            reason(&e)
        )]
    })?;
    let expected = std::fs::read_to_string(&file.expected)
        .map_err(|e| vec![format!("cannot read `{}`: {}", file.shown, reason(&e))])?;
    let record_type = record_type(catalog.program()).map_err(|m| vec![m])?;
    let actual = evaluate(catalog.engine(), record_type, &records, coverage);
    let expected: Vec<&str> = non_blank(&expected).map(|(_, l)| l).collect();
    let differing = compare(catalog, &expected, &actual);
    if differing.is_empty() {
        return Ok(None);
    }
    if bless {
        let mut text = actual.join("\n");
        text.push('\n');
        std::fs::write(&file.expected, text)
            .map_err(|e| vec![format!("cannot rewrite `{}`: {}", file.shown, reason(&e))])?;
        return Ok(Some(differing.len()));
    }
    let total = expected.len().max(actual.len());
    let mut problems: Vec<String> = differing.iter().take(SHOWN).cloned().collect();
    if differing.len() > SHOWN {
        problems.push(format!("… and {} more", differing.len() - SHOWN));
    }
    problems.push(format!(
        "{} of {total} records differ; `polc test --bless` rewrites `{}`",
        differing.len(),
        file.shown
    ));
    Err(problems)
}

/// An I/O error in words, without the OS error number.
fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text.get(..i).unwrap_or(&text).to_string(),
                None => text,
            }
        }
    }
}

/// The lines holding records, with 1-based line numbers: blank lines are
/// skipped and not numbered as records (§8).
fn non_blank(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim_matches([' ', '\t', '\r']).is_empty())
}

/// The record type golden records are read as: the one the package's
/// policies apply to (as `polc eval` without `--type`).
fn record_type(program: &Program) -> Result<RecordId, String> {
    let mut subjects: Vec<RecordId> = Vec::new();
    for p in &program.policies {
        if !subjects.contains(&p.subject) {
            subjects.push(p.subject);
        }
    }
    match subjects.as_slice() {
        [one] => Ok(*one),
        [] => Err("the package has no policy, so its records have no type".into()),
        _ => Err(
            "the package's policies apply to several record types, so golden records have no single type"
                .into(),
        ),
    }
}

/// Decides every record of an NDJSON text through the `polc eval`
/// pipeline (same reader, same record numbering, same NDJSON writer) and
/// returns its output lines.
fn evaluate(
    engine: &Engine,
    record_type: RecordId,
    text: &str,
    coverage: &mut Coverage,
) -> Vec<String> {
    let observed = Observed {
        writer: Ndjson::new(engine),
        engine,
        record_type,
        coverage: Mutex::new(std::mem::take(coverage)),
    };
    let job = Job {
        engine,
        record_type,
        as_of: None,
        strict: false,
        format: &observed,
        threads: 1,
    };
    let mut source = NdjsonSource::new(text.as_bytes());
    let mut out = Vec::new();
    // Reading from memory into memory cannot fail.
    let _ = run::run(&job, || source.next_chunk(), &mut out);
    if let Ok(c) = observed.coverage.into_inner() {
        *coverage = c;
    }
    String::from_utf8_lossy(&out)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The NDJSON writer, also adding each decided record to the coverage.
struct Observed<'e> {
    writer: Ndjson<'e>,
    engine: &'e Engine,
    record_type: RecordId,
    coverage: Mutex<Coverage>,
}

impl Format for Observed<'_> {
    fn record(&self, out: &mut Vec<u8>, view: &RecordView<'_>) {
        self.writer.record(out, view);
        if let Verdict::Decided(outcome, value) = view.result {
            // The pipeline's context does not record condition outcomes:
            // decide the record once more with recording on (golden files
            // are small; `polc eval` itself pays nothing).
            let mut cx = self.engine.context();
            cx.trace_conditions(true);
            let mut again = Outcome::default();
            self.engine
                .evaluate(&mut cx, self.record_type, value, None, &mut again);
            if let Ok(mut c) = self.coverage.lock() {
                c.add(outcome, &cx.take_trace());
            }
        }
    }
}

/// One description per record that differs, in record order.
fn compare(catalog: &Catalog<'_>, expected: &[&str], actual: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..expected.len().max(actual.len()) {
        let number = i + 1;
        match (expected.get(i), actual.get(i)) {
            (Some(e), Some(a)) if *e == a.as_str() => {}
            (Some(e), Some(a)) => out.push(describe(catalog, number, e, a)),
            (Some(e), None) => out.push(format!(
                "record {number}: in the expected file ({}), but the records file has no record {number}",
                parse(e).map_or_else(|| "not valid JSON".to_string(), |j| decision(&j))
            )),
            (None, Some(a)) => out.push(format!(
                "record {number}: not in the expected file (got {})",
                parse(a).map_or_else(|| "?".to_string(), |j| decision(&j))
            )),
            (None, None) => {}
        }
    }
    out
}

fn parse(line: &str) -> Option<Json> {
    serde_json::from_str(line).ok()
}

fn decision(j: &Json) -> String {
    j.get("decision")
        .and_then(Json::as_str)
        .unwrap_or("?")
        .to_string()
}

/// `record 3 (T3): expected deny, got review` with the fired rules of both,
/// or the first part that differs when decision and rules agree.
fn describe(catalog: &Catalog<'_>, number: usize, expected: &str, actual: &str) -> String {
    let Some(e) = parse(expected) else {
        return format!(
            "record {number}: the expected line is not valid JSON\n  expected: {expected}"
        );
    };
    let Some(a) = parse(actual) else {
        return format!(
            "record {number}: polc printed a line that is not JSON (a bug)\n  actual: {actual}"
        );
    };
    let id = match a.get("id") {
        Some(Json::String(s)) => format!(" ({s})"),
        Some(Json::Number(n)) => format!(" ({n})"),
        _ => String::new(),
    };
    let (de, da) = (decision(&e), decision(&a));
    let (fe, fa) = (fired(catalog, &e), fired(catalog, &a));
    if de != da || fe != fa {
        let head = if de == da {
            format!("record {number}{id}: {da} as expected, but other rules fired")
        } else {
            format!("record {number}{id}: expected {de}, got {da}")
        };
        return format!("{head}\n  expected fired: {fe}\n  actual fired:   {fa}");
    }
    // Keys in §9 order first (serde_json's maps are sorted), then any other.
    let keyed = ["record", "id", "decision", "fired", "obligations", "errors"]
        .into_iter()
        .find_map(|key| match (e.get(key), a.get(key)) {
            (Some(x), Some(y)) => first_difference(x, y, key.to_string()),
            (None, None) => None,
            (x, y) => Some((key.to_string(), x, y)),
        });
    match keyed.or_else(|| first_difference(&e, &a, String::new())) {
        Some((path, x, y)) => {
            let show = |v: Option<&Json>| v.map_or_else(|| "(absent)".to_string(), Json::to_string);
            let hint = match (x.and_then(Json::as_str), y.and_then(Json::as_str)) {
                (Some(x), Some(y)) if path.ends_with(".at") && same_position(x, y) => {
                    "\n  (the same rule and position under another path: was the package named differently when the file was written?)"
                }
                _ => "",
            };
            format!(
                "record {number}{id}: `{path}` differs\n  expected: {}\n  actual:   {}{hint}",
                show(x),
                show(y)
            )
        }
        None => format!(
            "record {number}{id}: the lines differ\n  expected: {expected}\n  actual:   {actual}"
        ),
    }
}

/// The first place where two JSON values differ: its path (`fired[0].at`)
/// and the two values there (`None`: absent on that side).
fn first_difference<'j>(
    e: &'j Json,
    a: &'j Json,
    path: String,
) -> Option<(String, Option<&'j Json>, Option<&'j Json>)> {
    match (e, a) {
        (Json::Object(x), Json::Object(y)) => {
            for (k, v) in x {
                let here = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = first_difference(v, w, here) {
                            return Some(d);
                        }
                    }
                    None => return Some((here, Some(v), None)),
                }
            }
            let extra = y.iter().find(|(k, _)| !x.contains_key(*k))?;
            let here = if path.is_empty() {
                extra.0.clone()
            } else {
                format!("{path}.{}", extra.0)
            };
            Some((here, None, Some(extra.1)))
        }
        (Json::Array(x), Json::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let here = format!("{path}[{i}]");
                match (x.get(i), y.get(i)) {
                    (Some(v), Some(w)) => {
                        if let Some(d) = first_difference(v, w, here) {
                            return Some(d);
                        }
                    }
                    (v, w) => return Some((here, v, w)),
                }
            }
            None
        }
        _ if e == a => None,
        _ => Some((path, Some(e), Some(a))),
    }
}

/// Whether two `at` values (`path:line:column`) name the same line and
/// column of files with the same name.
fn same_position(x: &str, y: &str) -> bool {
    let tail = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    x != y && tail(x) == tail(y)
}

/// The fired cases of an NDJSON object as `p.r (items[0]), q.s`.
fn fired(catalog: &Catalog<'_>, j: &Json) -> String {
    let Some(list) = j.get("fired").and_then(Json::as_array) else {
        return "nothing".to_string();
    };
    let cases: Vec<String> = list
        .iter()
        .map(|f| {
            let rule = f.get("rule").and_then(Json::as_str).unwrap_or("?");
            let item = f
                .get("item")
                .and_then(Json::as_u64)
                .and_then(|i| u32::try_from(i).ok());
            match (catalog.by_name(rule), item) {
                (Some(idx), _) => catalog.case(idx, item),
                (None, Some(i)) => format!("{rule} ([{i}])"),
                (None, None) => rule.to_string(),
            }
        })
        .collect();
    if cases.is_empty() {
        "nothing".to_string()
    } else {
        cases.join(", ")
    }
}
