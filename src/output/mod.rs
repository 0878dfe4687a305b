//! Writing results: NDJSON exactly as §9, one JSON array, a table for
//! people, and `--explain`. Every format writes whole records into a byte
//! buffer, so worker threads can format their chunk in parallel and the
//! writer only copies bytes in input order.

pub mod escape;
pub mod explain;
pub mod json;
pub mod ndjson;
pub mod table;
pub mod write;

use crate::eval::input::{InputError, InputId};
use crate::eval::{Engine, Outcome, Value};
use crate::ir::RecordId;
use crate::lang::Date;

/// A record's result.
#[derive(Clone, Copy, Debug)]
pub enum Verdict<'a> {
    /// Evaluated: its outcome and value.
    Decided(&'a Outcome, &'a Value),
    /// It did not fit its type.
    Invalid(&'a [InputError]),
}

/// One record as the formats see it.
#[derive(Clone, Copy, Debug)]
pub struct RecordView<'a> {
    /// 1-based record number.
    pub number: u64,
    /// The record's `id`.
    pub id: Option<&'a InputId>,
    /// What became of it.
    pub result: Verdict<'a>,
    /// The record's input text, when the format has it (NDJSON line, JSON element).
    pub text: Option<&'a str>,
}

/// The context every format may need.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The linked program.
    pub engine: &'a Engine,
    /// The record type.
    pub record_type: RecordId,
    /// `--as-of`.
    pub as_of: Option<Date>,
    /// The input as named on the command line (for `--explain`).
    pub input_name: &'a str,
}

/// An output format.
pub trait Format: Sync {
    /// Written once before the first record.
    fn begin(&self, _out: &mut Vec<u8>) {}
    /// Whether the evaluator should record a [`crate::eval::trace::Trace`]
    /// for this format (`--explain`).
    fn wants_trace(&self) -> bool {
        false
    }
    /// One record.
    fn record(&self, out: &mut Vec<u8>, view: &RecordView<'_>);
    /// Written once after the last record; `records` is how many there were.
    fn end(&self, _out: &mut Vec<u8>, _records: u64) {}
}
