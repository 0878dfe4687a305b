//! One worker's state: a reader, an evaluation context and an outcome,
//! reused across the records of a chunk; it decides each record and hands
//! the outcome to the format.

use crate::driver::source::Work;
use crate::driver::{Job, Stats};
use crate::input::json::{lenient_id, JsonReader, RawError};
use crate::input::{codes, locate, InputError, InputId};
use crate::outcome::Outcome;
use crate::output::{RecordView, Verdict};
use crate::value::Value;

/// Per-thread state for processing chunks.
pub(crate) struct Worker<'a> {
    job: &'a Job<'a>,
    reader: JsonReader<'a>,
    cx: crate::eval::interp::Cx<'a>,
    outcome: Outcome,
}

impl<'a> Worker<'a> {
    pub(crate) fn new(job: &'a Job<'a>) -> Worker<'a> {
        Worker {
            job,
            reader: JsonReader::new(&job.engine.schema, job.strict).lenient(job.lenient),
            cx: {
                let mut cx = job.engine.context();
                // `--explain` reads what the evaluator recorded.
                cx.explain(job.format.wants_trace());
                cx
            },
            outcome: Outcome::default(),
        }
    }

    pub(crate) fn process(&mut self, work: &Work<'_>) -> (Vec<u8>, Stats) {
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
