//! `--format json`: one JSON array holding the objects of the NDJSON
//! format, one per line.

use crate::output::ndjson::Ndjson;
use crate::output::{Format, RecordView};

/// Writes records as one JSON array.
pub struct JsonArray<'e>(pub Ndjson<'e>);

impl Format for JsonArray<'_> {
    fn begin(&self, out: &mut Vec<u8>) {
        out.push(b'[');
    }

    fn record(&self, out: &mut Vec<u8>, view: &RecordView<'_>) {
        // Records are numbered from 1 without gaps, so only the first has
        // no comma before it (chunks are formatted independently).
        if view.number > 1 {
            out.push(b',');
        }
        out.push(b'\n');
        self.0.object(out, view);
    }

    fn end(&self, out: &mut Vec<u8>, _records: u64) {
        out.extend_from_slice(b"\n]\n");
    }
}
