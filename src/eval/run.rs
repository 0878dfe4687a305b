//! Streaming evaluation: input is cut into chunks of records; chunks are
//! parsed, evaluated and formatted in parallel (rayon) and written in input
//! order. At most a few chunks per thread are in flight, so memory does not
//! grow with the input, and the output bytes do not depend on the number of
//! threads.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Read, Write};

use crate::eval::input::csv::CsvReader;
use crate::eval::input::json::{lenient_id, JsonReader, RawError};
use crate::eval::input::{codes, locate, InputError, InputId, Parsed};
use crate::eval::{Engine, Outcome, Value};
use crate::ir::RecordId;
use crate::lang::{Date, Decision};
use crate::output::{Format, RecordView, Verdict};

/// Records per chunk.
const CHUNK_RECORDS: usize = 512;
/// Bytes of input per chunk (whichever limit comes first): small enough
/// that a chunk and its output stay in a core's cache.
const CHUNK_BYTES: usize = 128 * 1024;

/// What to evaluate and how.
pub struct Job<'a> {
    /// The linked program.
    pub engine: &'a Engine,
    /// The record type of the input.
    pub record_type: RecordId,
    /// `--as-of`.
    pub as_of: Option<Date>,
    /// `--strict`.
    pub strict: bool,
    /// The output format.
    pub format: &'a dyn Format,
    /// Worker threads (1: everything on the calling thread).
    pub threads: usize,
}

/// Counts for the summary and the exit code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Records read.
    pub records: u64,
    /// Invalid records.
    pub invalid: u64,
    /// Decisions by kind: allow, license_required, review, deny.
    pub decisions: [u64; 4],
}

impl Stats {
    fn add(&mut self, other: &Stats) {
        self.records += other.records;
        self.invalid += other.invalid;
        for (a, b) in self.decisions.iter_mut().zip(other.decisions) {
            *a += b;
        }
    }

    /// The strongest decision reached by any record.
    pub fn strongest(&self) -> Option<Decision> {
        [
            Decision::Deny,
            Decision::Review,
            Decision::LicenseRequired,
            Decision::Allow,
        ]
        .into_iter()
        .find(|d| self.decisions.get(*d as usize).is_some_and(|n| *n > 0))
    }
}

/// Byte offsets of line starts, for locating errors in a whole `.json` file.
pub struct LineIndex(Vec<usize>);

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex(starts)
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.0.partition_point(|s| *s <= offset).max(1);
        let start = self.0.get(line - 1).copied().unwrap_or(0);
        let col = text
            .get(start..offset)
            .map_or(offset.saturating_sub(start), |s| s.chars().count());
        (line, col + 1)
    }
}

/// A unit of work: some records, in input order, starting at record `first`.
pub enum Work<'t> {
    /// NDJSON lines in a buffer.
    Lines {
        /// The bytes.
        buf: Vec<u8>,
        /// Where each record's line is.
        lines: Vec<(usize, usize, usize)>,
        /// Number of the first record.
        first: u64,
    },
    /// Elements of a whole `.json` text, by byte range.
    Spans {
        /// The file.
        text: &'t str,
        /// Its line index.
        index: &'t LineIndex,
        /// Element ranges.
        spans: Vec<(usize, usize)>,
        /// Number of the first record.
        first: u64,
    },
    /// Records already read (CSV).
    Parsed {
        /// The records.
        records: Vec<Parsed>,
        /// Number of the first record.
        first: u64,
    },
}

/// Reads NDJSON chunk by chunk; blank lines are skipped and not numbered.
/// The input is read in blocks and cut at the last newline (the rest is
/// carried to the next chunk), so the reading thread does one copy per
/// block and a SIMD newline search, and leaves the rest to the workers.
pub struct NdjsonSource<R> {
    reader: R,
    line_no: usize,
    next_record: u64,
    carry: Vec<u8>,
    eof: bool,
}

impl<R: Read> NdjsonSource<R> {
    /// A source over `reader`.
    pub fn new(reader: R) -> NdjsonSource<R> {
        NdjsonSource {
            reader,
            line_no: 0,
            next_record: 1,
            carry: Vec::new(),
            eof: false,
        }
    }

    /// The next chunk, or `None` at the end.
    pub fn next_chunk(&mut self) -> io::Result<Option<Work<'static>>> {
        loop {
            let mut buf = std::mem::take(&mut self.carry);
            buf.reserve(CHUNK_BYTES + 16 * 1024);
            // Fill to the chunk size, and on until a newline when one line
            // is longer than that.
            while !self.eof && (buf.len() < CHUNK_BYTES || memchr::memchr(b'\n', &buf).is_none()) {
                let want = CHUNK_BYTES
                    .checked_sub(buf.len())
                    .filter(|n| *n > 0)
                    .unwrap_or(16 * 1024) as u64;
                if (&mut self.reader).take(want).read_to_end(&mut buf)? == 0 {
                    self.eof = true;
                }
            }
            if buf.is_empty() {
                return Ok(None);
            }
            // Complete lines only; an unterminated last line counts at EOF.
            let complete = if self.eof {
                buf.len()
            } else {
                memchr::memrchr(b'\n', &buf).map_or(buf.len(), |i| i + 1)
            };
            self.carry = buf.get(complete..).map(<[u8]>::to_vec).unwrap_or_default();
            buf.truncate(complete);
            let mut lines = Vec::with_capacity(CHUNK_RECORDS + 64);
            let mut start = 0;
            while start < buf.len() {
                let nl = memchr::memchr(b'\n', buf.get(start..).unwrap_or(&[]))
                    .map_or(buf.len(), |i| start + i);
                self.line_no += 1;
                let mut end = nl;
                while end > start && buf.get(end - 1) == Some(&b'\r') {
                    end -= 1;
                }
                let blank = buf
                    .get(start..end)
                    .is_none_or(|l| l.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')));
                if !blank {
                    lines.push((start, end, self.line_no));
                }
                start = nl + 1;
            }
            if lines.is_empty() {
                // A chunk of blank lines only: read on.
                continue;
            }
            let first = self.next_record;
            self.next_record += lines.len() as u64;
            return Ok(Some(Work::Lines { buf, lines, first }));
        }
    }
}

/// Cuts a whole `.json` text (one record or an array of records) into
/// element ranges. Not valid JSON is a usage error (exit 2).
pub fn json_spans(text: &str) -> Result<Vec<(usize, usize)>, String> {
    let base = text.as_ptr() as usize;
    let range = |raw: &serde_json::value::RawValue| {
        let s = raw.get();
        let start = (s.as_ptr() as usize).saturating_sub(base);
        (start, start + s.len())
    };
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if trimmed.starts_with('[') {
        let items: Vec<&serde_json::value::RawValue> =
            serde_json::from_str(trimmed).map_err(|e| e.to_string())?;
        Ok(items.into_iter().map(range).collect())
    } else {
        let item: &serde_json::value::RawValue =
            serde_json::from_str(trimmed).map_err(|e| e.to_string())?;
        Ok(vec![range(item)])
    }
}

/// Groups `.json` element ranges into chunks.
pub fn span_chunks<'t>(
    text: &'t str,
    index: &'t LineIndex,
    spans: Vec<(usize, usize)>,
) -> impl Iterator<Item = Work<'t>> {
    let mut first = 1u64;
    let chunks: Vec<Vec<(usize, usize)>> = spans.chunks(CHUNK_RECORDS).map(<[_]>::to_vec).collect();
    chunks.into_iter().map(move |spans| {
        let w = Work::Spans {
            text,
            index,
            first,
            spans,
        };
        if let Work::Spans { spans, .. } = &w {
            first += spans.len() as u64;
        }
        w
    })
}

/// Reads CSV records chunk by chunk.
pub fn csv_chunk<R: BufRead>(
    reader: &mut CsvReader<'_, R>,
    next: &mut u64,
) -> io::Result<Option<Work<'static>>> {
    let mut records = Vec::with_capacity(CHUNK_RECORDS);
    while records.len() < CHUNK_RECORDS {
        match reader.next_record()? {
            Some((p, _)) => records.push(p),
            None => break,
        }
    }
    if records.is_empty() {
        return Ok(None);
    }
    let first = *next;
    *next += records.len() as u64;
    Ok(Some(Work::Parsed { records, first }))
}

/// Per-thread state for processing chunks.
struct Worker<'a> {
    job: &'a Job<'a>,
    reader: JsonReader<'a>,
    cx: crate::eval::interp::Cx<'a>,
    outcome: Outcome,
}

impl<'a> Worker<'a> {
    fn new(job: &'a Job<'a>) -> Worker<'a> {
        Worker {
            job,
            reader: JsonReader::new(&job.engine.schema, job.strict),
            cx: job.engine.context(),
            outcome: Outcome::default(),
        }
    }

    fn process(&mut self, work: &Work<'_>) -> (Vec<u8>, Stats) {
        let mut out = Vec::with_capacity(64 * 1024);
        let mut stats = Stats::default();
        match work {
            Work::Lines { buf, lines, first } => {
                for (i, (start, end, line_no)) in lines.iter().enumerate() {
                    let bytes = buf.get(*start..*end).unwrap_or(&[]);
                    let number = first + i as u64;
                    match std::str::from_utf8(bytes) {
                        Ok(text) => {
                            let parsed = self.reader.parse_record(text, self.job.record_type);
                            let located = parsed.map_err(|e| {
                                let (_, column) = locate::line_col(text, e.offset, 1);
                                (e, *line_no, column)
                            });
                            self.emit(&mut out, &mut stats, number, text, located);
                        }
                        Err(e) => {
                            let err = InputError {
                                code: codes::MALFORMED,
                                message: "this line is not valid UTF-8".into(),
                                path: None,
                                line: *line_no,
                                column: e.valid_up_to() + 1,
                            };
                            self.emit_invalid(&mut out, &mut stats, number, None, &[err], None);
                        }
                    }
                }
            }
            Work::Spans {
                text,
                index,
                spans,
                first,
            } => {
                for (i, (s, e)) in spans.iter().enumerate() {
                    let elem = text.get(*s..*e).unwrap_or("");
                    let parsed = self.reader.parse_record(elem, self.job.record_type);
                    let located = parsed.map_err(|err| {
                        let (line, column) = index.line_col(text, s + err.offset);
                        (err, line, column)
                    });
                    self.emit(&mut out, &mut stats, first + i as u64, elem, located);
                }
            }
            Work::Parsed { records, first } => {
                for (i, p) in records.iter().enumerate() {
                    let number = first + i as u64;
                    match &p.value {
                        Ok(v) => self.decide(&mut out, &mut stats, number, p.id.as_ref(), v, None),
                        Err(errors) => self.emit_invalid(
                            &mut out,
                            &mut stats,
                            number,
                            p.id.as_ref(),
                            errors,
                            None,
                        ),
                    }
                }
            }
        }
        (out, stats)
    }

    fn emit(
        &mut self,
        out: &mut Vec<u8>,
        stats: &mut Stats,
        number: u64,
        text: &str,
        parsed: Result<(Value, Option<InputId>), (RawError, usize, usize)>,
    ) {
        match parsed {
            Ok((value, id)) => self.decide(out, stats, number, id.as_ref(), &value, Some(text)),
            Err((e, line, column)) => {
                let err = InputError {
                    code: e.code,
                    message: e.message,
                    path: e.path,
                    line,
                    column,
                };
                let id = lenient_id(text);
                self.emit_invalid(out, stats, number, id.as_ref(), &[err], Some(text));
            }
        }
    }

    fn decide(
        &mut self,
        out: &mut Vec<u8>,
        stats: &mut Stats,
        number: u64,
        id: Option<&InputId>,
        value: &Value,
        text: Option<&str>,
    ) {
        let job = self.job;
        job.engine.evaluate(
            &mut self.cx,
            job.record_type,
            value,
            job.as_of,
            &mut self.outcome,
        );
        stats.records += 1;
        if let Some(n) = stats.decisions.get_mut(self.outcome.decision() as usize) {
            *n += 1;
        }
        let view = RecordView {
            number,
            id,
            result: Verdict::Decided(&self.outcome, value),
            text,
        };
        job.format.record(out, &view);
    }

    fn emit_invalid(
        &mut self,
        out: &mut Vec<u8>,
        stats: &mut Stats,
        number: u64,
        id: Option<&InputId>,
        errors: &[InputError],
        text: Option<&str>,
    ) {
        stats.records += 1;
        stats.invalid += 1;
        let view = RecordView {
            number,
            id,
            result: Verdict::Invalid(errors),
            text,
        };
        self.job.format.record(out, &view);
    }
}

/// Evaluates every chunk `next` yields and writes the formatted records to
/// `out` in input order.
pub fn run<'t>(
    job: &Job<'_>,
    next: impl FnMut() -> io::Result<Option<Work<'t>>>,
    out: &mut dyn Write,
) -> io::Result<Stats> {
    run_with_progress(job, next, out, None)
}

/// A count of records on a terminal, for runs longer than a second.
pub struct Progress<'w> {
    err: &'w mut dyn Write,
    start: std::time::Instant,
    last: Option<std::time::Instant>,
}

impl<'w> Progress<'w> {
    /// Progress lines go to `err` (a terminal).
    pub fn new(err: &'w mut dyn Write) -> Progress<'w> {
        Progress {
            err,
            start: std::time::Instant::now(),
            last: None,
        }
    }

    fn tick(&mut self, records: u64) {
        let now = std::time::Instant::now();
        let due = match self.last {
            None => now.duration_since(self.start).as_millis() >= 1000,
            Some(t) => now.duration_since(t).as_millis() >= 200,
        };
        if due {
            let rate = records as f64 / now.duration_since(self.start).as_secs_f64().max(1e-9);
            let _ = write!(self.err, "\r\x1b[Kpolc: {records} records ({rate:.0}/s)");
            let _ = self.err.flush();
            self.last = Some(now);
        }
    }

    fn done(&mut self) {
        if self.last.is_some() {
            let _ = write!(self.err, "\r\x1b[K");
            let _ = self.err.flush();
        }
    }
}

/// [`run`], showing a record count on `progress` while it goes.
pub fn run_with_progress<'t>(
    job: &Job<'_>,
    mut next: impl FnMut() -> io::Result<Option<Work<'t>>>,
    out: &mut dyn Write,
    mut progress: Option<&mut Progress<'_>>,
) -> io::Result<Stats> {
    let mut head = Vec::new();
    job.format.begin(&mut head);
    out.write_all(&head)?;
    let mut total = Stats::default();
    if job.threads <= 1 {
        let mut worker = Worker::new(job);
        while let Some(work) = next()? {
            let (bytes, stats) = worker.process(&work);
            out.write_all(&bytes)?;
            total.add(&stats);
            if let Some(p) = progress.as_deref_mut() {
                p.tick(total.records);
            }
        }
    } else {
        total = run_parallel(job, &mut next, out, progress.as_deref_mut())?;
    }
    if let Some(p) = progress {
        p.done();
    }
    let mut tail = Vec::new();
    job.format.end(&mut tail, total.records);
    out.write_all(&tail)?;
    Ok(total)
}

fn run_parallel<'t>(
    job: &Job<'_>,
    next: &mut dyn FnMut() -> io::Result<Option<Work<'t>>>,
    out: &mut dyn Write,
    mut progress: Option<&mut Progress<'_>>,
) -> io::Result<Stats> {
    // Workers get a stack as roomy as the main thread's share: evaluation
    // recurses once per nesting level of a policy's expressions.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(job.threads)
        .stack_size(64 * 1024 * 1024)
        .build()
        .map_err(io::Error::other)?;
    let max_in_flight = job.threads * 3;
    let (tx, rx) = std::sync::mpsc::channel::<(u64, Vec<u8>, Stats)>();
    pool.in_place_scope(|scope| {
        let mut total = Stats::default();
        let mut done: BTreeMap<u64, (Vec<u8>, Stats)> = BTreeMap::new();
        let (mut sent, mut written) = (0u64, 0u64);
        let mut flush = |done: &mut BTreeMap<u64, (Vec<u8>, Stats)>,
                         written: &mut u64,
                         total: &mut Stats|
         -> io::Result<()> {
            while let Some((bytes, stats)) = done.remove(written) {
                out.write_all(&bytes)?;
                total.add(&stats);
                *written += 1;
            }
            if let Some(p) = progress.as_deref_mut() {
                p.tick(total.records);
            }
            Ok(())
        };
        loop {
            // Keep the number of chunks in flight bounded: wait for one.
            while sent - written >= max_in_flight as u64 {
                let Ok((i, bytes, stats)) = rx.recv() else {
                    break;
                };
                done.insert(i, (bytes, stats));
                flush(&mut done, &mut written, &mut total)?;
            }
            let Some(work) = next()? else { break };
            let tx = tx.clone();
            let idx = sent;
            scope.spawn(move |_| {
                let mut worker = Worker::new(job);
                let (bytes, stats) = worker.process(&work);
                let _ = tx.send((idx, bytes, stats));
            });
            sent += 1;
            while let Ok((i, bytes, stats)) = rx.try_recv() {
                done.insert(i, (bytes, stats));
            }
            flush(&mut done, &mut written, &mut total)?;
        }
        while written < sent {
            let Ok((i, bytes, stats)) = rx.recv() else {
                break;
            };
            done.insert(i, (bytes, stats));
            flush(&mut done, &mut written, &mut total)?;
        }
        Ok(total)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line as (record number, file line, text), across chunks.
    fn lines(input: &[u8]) -> Vec<(u64, usize, String)> {
        let mut src = NdjsonSource::new(input);
        let mut out = Vec::new();
        while let Some(Work::Lines { buf, lines, first }) = src.next_chunk().unwrap() {
            for (i, (s, e, line)) in lines.iter().enumerate() {
                let text = String::from_utf8_lossy(&buf[*s..*e]).into_owned();
                out.push((first + i as u64, *line, text));
            }
        }
        out
    }

    #[test]
    fn blank_lines_are_skipped_and_not_numbered() {
        let got = lines(b"\n{\"a\":1}\r\n  \t\n{\"b\":2}\n\n{\"c\":3}");
        let want = [
            (1, 2, "{\"a\":1}"),
            (2, 4, "{\"b\":2}"),
            (3, 6, "{\"c\":3}"),
        ];
        assert_eq!(got.len(), want.len());
        for ((n, l, t), (wn, wl, wt)) in got.iter().zip(want) {
            assert_eq!((*n, *l, t.as_str()), (wn, wl, wt));
        }
    }

    #[test]
    fn lines_longer_than_a_chunk_and_many_chunks() {
        let long = format!("{{\"x\":\"{}\"}}", "y".repeat(CHUNK_BYTES + 10));
        let mut input = String::new();
        for i in 0..3000 {
            input.push_str(&format!("{{\"i\":{i}}}\n"));
            if i == 1500 {
                input.push_str(&long);
                input.push_str("\n\n");
            }
        }
        let got = lines(input.as_bytes());
        assert_eq!(got.len(), 3001);
        assert!(got
            .iter()
            .enumerate()
            .all(|(i, (n, _, _))| *n == i as u64 + 1));
        assert_eq!(got[1501].2.len(), long.len());
        assert_eq!(got[1502], (1503, 1504, "{\"i\":1501}".to_string()));
    }
}
