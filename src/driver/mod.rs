//! The driver: sits above the evaluator and the output formats and runs
//! them over an input. Input is cut into chunks of records ([`source`]);
//! chunks are parsed, evaluated and formatted in parallel (rayon, one
//! [`worker`] per task) and written in input order. At most a few chunks per
//! thread are in flight, so memory does not grow with the input, and the
//! output bytes do not depend on the number of threads.
//!
//! Dependencies point one way: `driver` → `eval` (decides) and `driver` →
//! `output` (renders); `eval` never renders and `output` never evaluates.

pub mod progress;
pub mod source;
mod worker;

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::eval::Engine;
use crate::ir::RecordId;
use crate::lang::{Date, Decision};
use crate::output::Format;

pub use progress::Progress;
pub use source::{csv_chunk, json_spans, span_chunks, LineIndex, NdjsonSource, Work};
use worker::Worker;

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
    /// `--lenient`: near-misses (§16) are unknown fields, not errors.
    pub lenient: bool,
    /// The output format.
    pub format: &'a dyn Format,
    /// Worker threads (1: everything on the calling thread).
    pub threads: usize,
    /// Set by an interactive source when its input pauses: everything
    /// decided so far is then written and flushed before reading on.
    pub input_paused: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl Job<'_> {
    /// Whether the input has paused (never, for a file).
    fn paused(&self) -> bool {
        self.input_paused
            .as_ref()
            .is_some_and(|p| p.load(std::sync::atomic::Ordering::Relaxed))
    }
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

/// Evaluates every chunk `next` yields and writes the formatted records to
/// `out` in input order.
pub fn run<'t>(
    job: &Job<'_>,
    next: impl FnMut() -> io::Result<Option<Work<'t>>>,
    out: &mut dyn Write,
) -> io::Result<Stats> {
    run_with_progress(job, next, out, None)
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
            if job.paused() {
                out.flush()?;
            }
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
            if job.paused() {
                out.flush()?;
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
            if job.paused() {
                // The input is waiting on its writer: let the reader of our
                // output see every decision made so far.
                while written < sent {
                    let Ok((i, bytes, stats)) = rx.recv() else {
                        break;
                    };
                    done.insert(i, (bytes, stats));
                    flush(&mut done, &mut written, &mut total)?;
                }
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
    use std::cell::RefCell;
    use std::io::{self, Read, Write};
    use std::rc::Rc;
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;

    use super::{run, Job, NdjsonSource};
    use crate::eval::fail_closed_tests::{compiled, FOR_RULE};
    use crate::output::ndjson::Ndjson;

    /// Standard input typed by a slow writer: one line per read, and before
    /// the second line arrives, the first decision must already be out.
    struct Typist {
        lines: Vec<&'static [u8]>,
        reads: usize,
        out: Rc<RefCell<Vec<u8>>>,
        seen_before_second_line: Rc<RefCell<Option<String>>>,
    }

    impl Read for Typist {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.reads == 1 {
                let out = String::from_utf8_lossy(&self.out.borrow()).into_owned();
                *self.seen_before_second_line.borrow_mut() = Some(out);
            }
            let Some(line) = self.lines.get(self.reads) else {
                return Ok(0);
            };
            self.reads += 1;
            buf[..line.len()].copy_from_slice(line);
            Ok(line.len())
        }
    }

    /// Shares what was written (flushed or not) with the typist.
    struct Shared(Rc<RefCell<Vec<u8>>>, Vec<u8>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.1.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            self.0.borrow_mut().append(&mut self.1);
            Ok(())
        }
    }

    #[test]
    fn decisions_are_flushed_when_standard_input_pauses() {
        let (_, engine) = compiled(FOR_RULE);
        let format = Ndjson::new(engine.catalog());
        let record_type = engine.rules[0].subject;
        for threads in [1, 2] {
            let paused = Arc::new(AtomicBool::new(false));
            let flushed = Rc::new(RefCell::new(Vec::new()));
            let seen = Rc::new(RefCell::new(None));
            let typist = Typist {
                lines: vec![
                    b"{\"id\":\"a\",\"xs\":[11]}\n",
                    b"{\"id\":\"b\",\"xs\":[]}\n",
                ],
                reads: 0,
                out: flushed.clone(),
                seen_before_second_line: seen.clone(),
            };
            let job = Job {
                engine: &engine,
                record_type,
                as_of: None,
                strict: false,
                lenient: false,
                format: &format,
                threads,
                input_paused: Some(paused.clone()),
            };
            let mut src = NdjsonSource::interactive(typist, paused);
            let mut out = Shared(flushed.clone(), Vec::new());
            let stats = run(&job, || src.next_chunk(), &mut out).unwrap();
            assert_eq!(stats.records, 2);
            let before = seen.borrow().clone().unwrap_or_default();
            assert!(
                before.contains("\"id\":\"a\",\"decision\":\"deny\""),
                "{threads} thread(s): record 1 was not out before line 2 came: {before:?}"
            );
        }
    }
}
