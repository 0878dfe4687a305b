//! bench-5: polc's end-to-end pipeline (NDJSON text in → NDJSON decisions
//! out, into a sink) against the hand-written oracle, on one and two
//! threads; then a check that both agree on every record's decision and
//! fired rules.
//!
//!     cargo bench --bench bench5 -- --n 100000 --seed 1 --check 100000
//!
//! Prints records/s for each run and the ratios the targets of issue 4 are
//! stated in. Exits non-zero when polc and the oracle disagree.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark binary: failing loudly is the point"
)]

// The same allocator as the `polc` binary (src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "bench5/corpus.rs"]
mod corpus;
#[path = "bench5/oracle.rs"]
mod oracle;

use std::io::{Cursor, Write};
use std::path::PathBuf;
use std::time::Instant;

use polc::driver::{self, Job, NdjsonSource};
use polc::output::ndjson::Ndjson;

struct Args {
    n: usize,
    seed: u64,
    check: usize,
    repeat: usize,
}

fn args() -> Args {
    let mut a = Args {
        n: 100_000,
        seed: 1,
        check: 100_000,
        repeat: 5,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut num = || {
            it.next()
                .and_then(|v| v.parse::<u64>().ok())
                .expect("a number after the flag")
        };
        match flag.as_str() {
            "--n" => a.n = num() as usize,
            "--seed" => a.seed = num(),
            "--check" => a.check = num() as usize,
            "--repeat" => a.repeat = num() as usize,
            // `cargo bench` passes `--bench`; ignore what is not ours.
            _ => {}
        }
    }
    a
}

/// Counts bytes written, like a file that keeps nothing.
#[derive(Default)]
struct Sink(u64);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The best of `repeat` timings of `f`, in records per second.
fn rate(records: usize, repeat: usize, mut f: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    records as f64 / best
}

/// One oracle output line: what polc writes for the same record, minus the
/// rule metadata (the oracle knows only names and decisions).
fn oracle_line(out: &mut Vec<u8>, n: usize, line: &str, lists: &oracle::Lists) {
    match oracle::parse_line(line) {
        Ok(tx) => {
            let o = oracle::evaluate(&tx, lists);
            let fired: Vec<String> = o
                .fired
                .iter()
                .map(|r| format!("{{\"rule\":\"{r}\"}}"))
                .collect();
            let _ = writeln!(
                out,
                "{{\"record\":{n},\"id\":{:?},\"decision\":\"{}\",\"fired\":[{}]}}",
                &*tx.id,
                o.decision,
                fired.join(",")
            );
        }
        Err(e) => {
            let _ = writeln!(
                out,
                "{{\"record\":{n},\"decision\":\"invalid\",\"error\":{e:?}}}"
            );
        }
    }
}

/// The oracle, "the same way" as polc: NDJSON bytes in (lines read with
/// `read_until` and checked as UTF-8, as polc's reader does), one output
/// line per record into a sink; on two threads, chunks of 512 lines are
/// evaluated in parallel and written in order.
fn oracle_run(text: &str, lists: &oracle::Lists, threads: usize, pool: &rayon::ThreadPool) -> u64 {
    use std::io::BufRead;
    let mut sink = Sink::default();
    let mut reader = Cursor::new(text.as_bytes());
    let mut n = 0usize;
    let mut next_chunk = || {
        let mut chunk = Vec::with_capacity(600 * 1024);
        let mut lines = 0;
        while lines < 512 && reader.read_until(b'\n', &mut chunk).unwrap() > 0 {
            lines += 1;
        }
        let first = n + 1;
        n += lines;
        (lines > 0).then_some((chunk, first))
    };
    if threads <= 1 {
        while let Some((chunk, first)) = next_chunk() {
            sink.write_all(&process_chunk(&chunk, first, lists))
                .unwrap();
        }
        return sink.0;
    }
    // Chunks are read here and evaluated on the pool, a bounded number in
    // flight, and written in order (as polc does).
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Vec<u8>)>();
    pool.in_place_scope(|scope| {
        let mut done = std::collections::BTreeMap::new();
        let (mut sent, mut written) = (0usize, 0usize);
        loop {
            while sent - written >= threads * 3 {
                let (i, out) = rx.recv().unwrap();
                done.insert(i, out);
                while let Some(out) = done.remove(&written) {
                    sink.write_all(&out).unwrap();
                    written += 1;
                }
            }
            let Some((chunk, first)) = next_chunk() else {
                break;
            };
            let tx = tx.clone();
            let idx = sent;
            scope.spawn(move |_| {
                let _ = tx.send((idx, process_chunk(&chunk, first, lists)));
            });
            sent += 1;
        }
        while written < sent {
            let (i, out) = rx.recv().unwrap();
            done.insert(i, out);
            while let Some(out) = done.remove(&written) {
                sink.write_all(&out).unwrap();
                written += 1;
            }
        }
    });
    sink.0
}

fn process_chunk(chunk: &[u8], first: usize, lists: &oracle::Lists) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 << 16);
    for (i, line) in chunk
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let line = std::str::from_utf8(line).expect("utf-8");
        oracle_line(&mut out, first + i, line, lists);
    }
    out
}

fn main() {
    // `cargo test --all-targets` runs bench targets too, without `--bench`:
    // the benchmark (a 100 MB corpus, minutes in a debug build) is for
    // `cargo bench` only.
    if !std::env::args().any(|a| a == "--bench") {
        println!("bench5: skipped; run it with `cargo bench --bench bench5`");
        return;
    }
    let a = args();
    let corpus = corpus::ensure_corpus(a.n, a.seed).expect("corpus");
    // bench5.pol loads `lists/…` relative to itself: put it beside the lists.
    let pol: PathBuf = corpus::bench_dir().join("bench5.pol");
    std::fs::copy(corpus::workload_dir().join("bench5.pol"), &pol).expect("copy bench5.pol");
    let text = std::fs::read_to_string(&corpus).expect("read corpus");
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let records = lines.len();
    eprintln!(
        "bench-5: {records} records, {:.1} MB, from {}",
        text.len() as f64 / 1e6,
        corpus.display()
    );

    let (package, program, diags) =
        polc::check::compile(std::slice::from_ref(&pol)).expect("compile");
    assert!(!diags.iter().any(|d| d.is_error()), "bench5.pol has errors");
    let engine = polc::eval::link(&program, &package.map).unwrap_or_else(|_| panic!("link failed"));
    let record_type = program.policies[0].subject;
    let format = Ndjson::new(engine.catalog());
    let polc_run = |threads: usize, out: &mut dyn Write| {
        let job = Job {
            engine: &engine,
            record_type,
            as_of: None,
            strict: false,
            lenient: false,
            format: &format,
            threads,
            input_paused: None,
        };
        let mut src = NdjsonSource::new(Cursor::new(text.as_bytes()));
        driver::run(&job, || src.next_chunk(), out).expect("run")
    };
    let lists = oracle::Lists::load(&corpus::lists_dir()).expect("lists");
    let pool2 = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();

    let polc1 = rate(records, a.repeat, || {
        polc_run(1, &mut Sink::default());
    });
    let polc2 = rate(records, a.repeat, || {
        polc_run(2, &mut Sink::default());
    });
    let oracle1 = rate(records, a.repeat, || {
        oracle_run(&text, &lists, 1, &pool2);
    });
    let oracle2 = rate(records, a.repeat, || {
        oracle_run(&text, &lists, 2, &pool2);
    });
    println!("polc   1 thread : {polc1:>10.0} records/s");
    println!("polc   2 threads: {polc2:>10.0} records/s");
    println!("oracle 1 thread : {oracle1:>10.0} records/s");
    println!("oracle 2 threads: {oracle2:>10.0} records/s");
    println!(
        "polc 1 thread / oracle 1 thread : {:.2}  (target ≥ 0.5)",
        polc1 / oracle1
    );
    println!(
        "polc 2 threads / polc 1 thread  : {:.2}  (target ≥ 1.8)",
        polc2 / polc1
    );

    // Agreement: every record's decision and fired rule set.
    let check = a.check.min(records);
    let mut out = Vec::with_capacity(check * 400);
    let sub: String = lines[..check].iter().flat_map(|l| [*l, "\n"]).collect();
    {
        let job = Job {
            engine: &engine,
            record_type,
            as_of: None,
            strict: false,
            lenient: false,
            format: &format,
            threads: 2,
            input_paused: None,
        };
        let mut src = NdjsonSource::new(Cursor::new(sub.as_bytes()));
        driver::run(&job, || src.next_chunk(), &mut out).expect("run");
    }
    let got = String::from_utf8(out).expect("utf-8 output");
    let mut disagree = 0usize;
    for (i, (line, polc_line)) in lines[..check].iter().zip(got.lines()).enumerate() {
        let v: serde_json::Value = serde_json::from_str(polc_line).expect("polc output is JSON");
        let decision = v["decision"].as_str().unwrap_or("?").to_string();
        let fired: Vec<String> = v["fired"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| f["rule"].as_str().unwrap_or("?").to_string())
                    .collect()
            })
            .unwrap_or_default();
        let want = oracle::evaluate_line(line, &lists).map(|o| {
            (
                o.decision.to_string(),
                o.fired.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            )
        });
        let ok = matches!(&want, Ok((d, f)) if *d == decision && *f == fired);
        if !ok {
            disagree += 1;
            if disagree <= 5 {
                eprintln!(
                    "record {}: polc {decision} {fired:?}, oracle {want:?}",
                    i + 1
                );
            }
        }
    }
    if got.lines().count() != check {
        eprintln!(
            "polc wrote {} lines for {check} records",
            got.lines().count()
        );
        disagree += 1;
    }
    match oracle::check_against_expected(&corpus, &corpus::expected_path(&corpus), &lists) {
        Ok(n) => println!("oracle agrees with gen_corpus.py's expected decisions on {n} records"),
        Err(e) => {
            eprintln!("oracle vs gen_corpus.py: {e}");
            disagree += 1;
        }
    }
    if disagree > 0 {
        eprintln!("polc and the oracle disagree on {disagree} of {check} records");
        std::process::exit(1);
    }
    println!("polc and the oracle agree on all {check} records (decision and fired rules)");
}
