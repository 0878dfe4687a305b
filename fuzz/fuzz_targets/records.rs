//! Arbitrary bytes as input records for the shipped package (`policies/`):
//! read as NDJSON, as a whole `.json` file or as CSV (the first byte picks),
//! decided, and written as §9 NDJSON. Every record must get exactly one
//! output line; a panic, a hang or a lost record is a crash.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use polc::driver::{self, Job, LineIndex, NdjsonSource};
use polc::input::csv::CsvReader;
use polc::eval::Engine;
use polc::ir::RecordId;
use polc::output::ndjson::Ndjson;

/// The shipped package, compiled once.
fn engine() -> &'static (Engine, RecordId) {
    static ENGINE: OnceLock<(Engine, RecordId)> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let policies = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../policies");
        let (package, program, diags) = polc::check::compile(&[policies]).expect("policies/");
        assert!(!diags.iter().any(|d| d.is_error()), "policies/ must check");
        let engine = polc::eval::link(&program, &package.map).expect("policies/ must link");
        let subject = program.policies.first().expect("a policy").subject;
        (engine, subject)
    })
}

fuzz_target!(|data: &[u8]| {
    let (engine, record_type) = engine();
    let format = Ndjson::new(engine.catalog());
    let job = Job {
        engine,
        record_type: *record_type,
        as_of: None,
        strict: false,
        lenient: false,
        format: &format,
        threads: 1,
        input_paused: None,
    };
    let (mode, input) = data.split_first().map_or((0, data), |(m, rest)| (*m, rest));
    let mut out = Vec::new();
    let records = match mode % 3 {
        0 => {
            let mut src = NdjsonSource::new(input);
            driver::run(&job, || src.next_chunk(), &mut out).expect("in memory")
        }
        1 => {
            let Ok(text) = std::str::from_utf8(input) else {
                return;
            };
            let Ok(spans) = driver::json_spans(text) else {
                return; // not JSON: a usage error, exit 2
            };
            let index = LineIndex::new(text);
            let mut chunks = driver::span_chunks(text, &index, spans);
            driver::run(&job, || Ok(chunks.next()), &mut out).expect("in memory")
        }
        _ => {
            let Ok(mut reader) = CsvReader::new(input, &engine.schema, *record_type, false) else {
                return; // the type has lists: CSV is refused before reading
            };
            let mut next = 1;
            driver::run(&job, || driver::csv_chunk(&mut reader, &mut next), &mut out)
                .expect("in memory")
        }
    }
    .records;
    let lines = out.iter().filter(|b| **b == b'\n').count() as u64;
    assert_eq!(lines, records, "one output line per record");
});
