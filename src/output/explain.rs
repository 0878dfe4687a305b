//! `--explain`: for each record, its decision; for each fired or
//! indeterminate rule, the rule's conditions with the values they saw; and
//! the rules that were not in force.

use crate::output::{Context, Format, RecordView};

/// The explain format.
pub struct Explain<'a> {
    cx: Context<'a>,
    color: bool,
}

impl<'a> Explain<'a> {
    /// An explainer for records of `cx.record_type`.
    pub fn new(cx: Context<'a>, color: bool) -> Explain<'a> {
        Explain { cx, color }
    }
}

impl Format for Explain<'_> {
    fn record(&self, out: &mut Vec<u8>, view: &RecordView<'_>) {
        let _ = (self.cx.engine, self.color);
        out.extend_from_slice(format!("record {}\n", view.number).as_bytes());
    }
}
