//! `polc eval PATHS… --input FILE` (§9): compile the package, read the
//! records, decide each one, write the results.
//!
//! Exit codes: 0 evaluated, 1 the package does not compile (nothing is
//! evaluated), 2 usage, 3 some input record invalid, 4 `--fail-on` reached
//! (4 also wins over 3).

use std::io::BufReader;
use std::path::Path;

use crate::ast::{Date, Decision};
use crate::cli::args::{EvalArgs, EvalFormat, FailOn};
use crate::cli::Io;
use crate::driver::{self, Job, LineIndex, NdjsonSource, Progress, Stats};
use crate::input::csv::CsvReader;
use crate::ir::{Program, RecordId};
use crate::output::explain::Explain;
use crate::output::json::JsonArray;
use crate::output::ndjson::Ndjson;
use crate::output::table::Table;
use crate::output::{Context, Format};
use crate::package::display;

/// How the input is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InputKind {
    Json,
    Ndjson,
    Csv,
    Tsv,
    Stdin,
}

fn usage(io: &mut Io<'_>, message: &str) -> u8 {
    let _ = writeln!(io.err, "error: {message}");
    2
}

/// Runs `polc eval`.
pub fn run(args: &EvalArgs, io: &mut Io<'_>) -> u8 {
    let as_of = match &args.as_of {
        None => None,
        Some(s) => match Date::parse(s) {
            Some(d) => Some(d),
            None => {
                return usage(
                    io,
                    &format!("`--as-of` takes a date written YYYY-MM-DD, not `{s}`"),
                )
            }
        },
    };
    let kind = match input_kind(&args.input) {
        Ok(k) => k,
        Err(m) => return usage(io, &m),
    };
    if kind != InputKind::Stdin && !args.input.is_file() {
        return usage(
            io,
            &format!("no such input file: `{}`", display(&args.input)),
        );
    }
    let rates = match crate::cli::load_rates(args.rates.as_deref()) {
        Ok(r) => r,
        Err(m) => return usage(io, &m),
    };
    let (_package, program, mut engine) = match crate::cli::build_engine(&args.paths, io) {
        Ok(built) => built,
        Err(code) => return code,
    };
    engine.set_rates(rates);
    let record_type = match choose_record_type(&program, args.record_type.as_deref()) {
        Ok(r) => r,
        Err(m) => return usage(io, &m),
    };
    let input_name = if kind == InputKind::Stdin {
        "-".to_string()
    } else {
        display(&args.input)
    };
    let cx = Context {
        catalog: engine.catalog(),
        record_type,
        as_of,
        input_name: &input_name,
    };
    let ndjson = Ndjson::new(engine.catalog());
    let format: Box<dyn Format> = if args.explain {
        Box::new(Explain::new(cx, io.out_is_terminal && io.color_allowed))
    } else {
        match args.format.unwrap_or(if io.out_is_terminal {
            EvalFormat::Table
        } else {
            EvalFormat::Ndjson
        }) {
            EvalFormat::Ndjson => Box::new(ndjson),
            EvalFormat::Json => Box::new(JsonArray(ndjson)),
            EvalFormat::Table => Box::new(Table {
                catalog: engine.catalog(),
                color: io.out_is_terminal && io.color_allowed,
            }),
        }
    };
    let threads = args
        .threads
        .map_or_else(rayon::current_num_threads, usize::from)
        .max(1);
    let job = Job {
        engine: &engine,
        record_type,
        as_of,
        strict: args.strict,
        lenient: args.lenient,
        format: format.as_ref(),
        threads,
        // Standard input may be a person or a slow producer: decisions are
        // written whenever it pauses.
        input_paused: (kind == InputKind::Stdin).then(Default::default),
    };
    let stats = match evaluate(&job, kind, &args.input, io) {
        Ok(s) => s,
        Err(m) => return usage(io, &m),
    };
    // The summary is for people: only when stderr is a terminal (tests and
    // pipes get none).
    if io.err_is_terminal {
        let _ = writeln!(io.err, "{}", summary(&stats));
    }
    exit_code(&stats, args.fail_on)
}

/// The input's encoding from its name.
fn input_kind(path: &Path) -> Result<InputKind, String> {
    if path.as_os_str() == "-" {
        return Ok(InputKind::Stdin);
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => Ok(InputKind::Json),
        Some("ndjson" | "jsonl") => Ok(InputKind::Ndjson),
        Some("csv") => Ok(InputKind::Csv),
        Some("tsv") => Ok(InputKind::Tsv),
        _ => Err(format!(
            "cannot tell the format of `{}`: name it .json, .ndjson, .jsonl, .csv or .tsv, or use `-` for NDJSON on stdin",
            display(path)
        )),
    }
}

/// The record type to read: `--type`, else the one the policies apply to.
fn choose_record_type(program: &Program, wanted: Option<&str>) -> Result<RecordId, String> {
    if let Some(name) = wanted {
        return match program.records.iter().position(|r| r.name == name) {
            Some(i) => Ok(RecordId(i as u32)),
            None => {
                let names = program.records.iter().map(|r| r.name.as_str());
                let hint = crate::data::suggest::did_you_mean(name, names)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                Err(format!(
                    "`--type {name}`: the package has no record type `{name}`{hint}"
                ))
            }
        };
    }
    let mut subjects: Vec<RecordId> = Vec::new();
    for p in &program.policies {
        if !subjects.contains(&p.subject) {
            subjects.push(p.subject);
        }
    }
    let name = |id: &RecordId| {
        program
            .records
            .get(id.0 as usize)
            .map_or("?".to_string(), |r| format!("`{}`", r.name))
    };
    match subjects.as_slice() {
        [one] => Ok(*one),
        [] => Err(
            "the package has no policy, so the record type is unknown; name it with `--type`"
                .into(),
        ),
        many => Err(format!(
            "the package's policies apply to several record types ({}); choose one with `--type`",
            many.iter().map(name).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn evaluate(job: &Job<'_>, kind: InputKind, path: &Path, io: &mut Io<'_>) -> Result<Stats, String> {
    let shown = display(path);
    let io_err = |e: std::io::Error| format!("cannot read or write: {e}");
    let open = || std::fs::File::open(path).map_err(|e| format!("cannot read `{shown}`: {e}"));
    // A record count on stderr for long runs, only when it is a terminal
    // (diagnostics are coloured exactly then).
    let mut progress = io.err_is_terminal.then(|| Progress::new(&mut *io.err));
    let out = &mut *io.out;
    match kind {
        InputKind::Stdin => {
            let paused = job.input_paused.clone().unwrap_or_default();
            let mut src = NdjsonSource::interactive(&mut *io.stdin, paused);
            driver::run_with_progress(job, || src.next_chunk(), out, progress.as_mut())
                .map_err(io_err)
        }
        InputKind::Ndjson => {
            let mut src = NdjsonSource::new(BufReader::with_capacity(1 << 20, open()?));
            driver::run_with_progress(job, || src.next_chunk(), out, progress.as_mut())
                .map_err(io_err)
        }
        InputKind::Json => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
            let spans = driver::json_spans(&text)
                .map_err(|e| format!("`{shown}` is not valid JSON: {e}"))?;
            let index = LineIndex::new(&text);
            let mut chunks = driver::span_chunks(&text, &index, spans);
            driver::run_with_progress(job, || Ok(chunks.next()), out, progress.as_mut())
                .map_err(io_err)
        }
        InputKind::Csv | InputKind::Tsv => {
            let file = BufReader::new(open()?);
            let (schema, record, strict) = (&job.engine.schema, job.record_type, job.strict);
            let mut reader = if kind == InputKind::Tsv {
                CsvReader::tsv(file, schema, record, strict)
            } else {
                CsvReader::new(file, schema, record, strict)
            }
            .map(|r| r.lenient(job.lenient))
            .map_err(|e| format!("`{shown}`: {}", e.0))?;
            let mut next = 1;
            let chunks = || driver::csv_chunk(&mut reader, &mut next);
            driver::run_with_progress(job, chunks, out, progress.as_mut()).map_err(io_err)
        }
    }
}

/// `polc: 1000 records: 880 allow, 51 license_required, 4 review, 65 deny; 0 invalid`
fn summary(s: &Stats) -> String {
    let [allow, licence, review, deny] = s.decisions;
    format!(
        "polc: {} records: {allow} allow, {licence} license_required, {review} review, {deny} deny; {} invalid",
        s.records, s.invalid
    )
}

fn exit_code(stats: &Stats, fail_on: Option<FailOn>) -> u8 {
    let level = fail_on.map(|f| match f {
        FailOn::Deny => Decision::Deny,
        FailOn::Review => Decision::Review,
        FailOn::LicenseRequired => Decision::LicenseRequired,
    });
    let reached = match (level, stats.strongest()) {
        (Some(level), Some(top)) => top >= level,
        _ => false,
    };
    if reached {
        4
    } else if stats.invalid > 0 {
        3
    } else {
        0
    }
}
