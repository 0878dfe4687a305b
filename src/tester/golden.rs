//! Golden files: `X.expected.ndjson` beside `X.ndjson` holds what `polc
//! eval` printed for those records. The records are decided again, written
//! by the same NDJSON writer, and compared line by line; `--bless` rewrites
//! the expected file instead of failing (and says so). Only files named
//! `*.expected.ndjson` opt in: a bare `X.ndjson` is not a test.
//!
//! One golden file is one test; its failure lists the records that differ.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::driver::{self, Job, NdjsonSource};
use crate::eval::Engine;
use crate::ir::{Program, RecordId};
use crate::outcome::Outcome;
use crate::output::ndjson::Ndjson;
use crate::output::{Format, RecordView, Verdict};
use crate::package::display;
use crate::tester::catalog::Catalog;
use crate::tester::coverage::Coverage;
use crate::tester::diff::compare;
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
    let expected: Vec<&str> = non_blank(&expected).collect();
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

/// The lines holding records: blank lines are skipped, as in NDJSON input
/// (§8), so a trailing newline or a blank line never counts as a record.
fn non_blank(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim_matches([' ', '\t', '\r']).is_empty())
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
        writer: Ndjson::new(engine.catalog()),
        engine,
        record_type,
        coverage: Mutex::new(std::mem::take(coverage)),
    };
    let job = Job {
        engine,
        record_type,
        as_of: None,
        strict: false,
        lenient: false,
        format: &observed,
        threads: 1,
        input_paused: None,
    };
    let mut source = NdjsonSource::new(text.as_bytes());
    let mut out = Vec::new();
    // Reading from memory into memory cannot fail.
    let _ = driver::run(&job, || source.next_chunk(), &mut out);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_not_records() {
        let lines: Vec<&str> = non_blank("{\"a\":1}\r\n\n  \t\n{\"b\":2}\n").collect();
        assert_eq!(lines, ["{\"a\":1}", "{\"b\":2}"]);
    }

    #[test]
    fn only_expected_files_opt_in() {
        let dir = std::env::temp_dir().join(format!("polc-golden-find-{}", std::process::id()));
        let sub = dir.join("sub");
        std::fs::create_dir_all(&sub).unwrap();
        for name in [
            "a.ndjson",
            "a.expected.ndjson",
            "sub/b.expected.ndjson",
            "c.ndjson",
            ".expected.ndjson",
        ] {
            std::fs::write(dir.join(name), "").unwrap();
        }
        let found = find(std::slice::from_ref(&dir));
        let names: Vec<String> = found
            .iter()
            .map(|g| {
                g.records
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.ndjson", "sub/b.ndjson"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
