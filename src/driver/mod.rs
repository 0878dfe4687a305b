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
