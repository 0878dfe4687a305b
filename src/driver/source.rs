//! Cutting input into chunks of records: NDJSON lines, elements of a
//! whole `.json` text, or CSV records.

use std::io::{self, BufRead, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::input::csv::CsvReader;
use crate::input::Parsed;

/// The most an interactive source asks of one read (a pipe's buffer).
const READ_BLOCK: usize = 64 * 1024;
/// Records per chunk.
const CHUNK_RECORDS: usize = 512;
/// Bytes of input per chunk (whichever limit comes first): small enough
/// that a chunk and its output stay in a core's cache.
const CHUNK_BYTES: usize = 128 * 1024;

/// Locates errors in a whole `.json` file (the one line index of `source`).
pub use crate::source::LineIndex;

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
    /// Set for an interactive source (stdin): a chunk ends as soon as a read
    /// brings a complete line, and the flag says whether the reader had
    /// nothing more ready, so the driver writes what it has instead of
    /// waiting for 128 KB that may never come.
    paused: Option<Arc<AtomicBool>>,
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
            paused: None,
        }
    }

    /// A source over an interactive `reader` (a pipe or a terminal): chunks
    /// are cut as soon as a read brings a complete line, and `paused` is set
    /// whenever the last read returned less than it could (the writer on
    /// the other end is slower than polc: waiting for more would hold back
    /// decisions already made).
    pub fn interactive(reader: R, paused: Arc<AtomicBool>) -> NdjsonSource<R> {
        NdjsonSource {
            paused: Some(paused),
            ..NdjsonSource::new(reader)
        }
    }

    /// Reads once (interactive) or up to `want` bytes, appending to `buf`;
    /// the number of bytes read.
    fn fill(&mut self, buf: &mut Vec<u8>, want: usize) -> io::Result<usize> {
        let Some(paused) = &self.paused else {
            return (&mut self.reader).take(want as u64).read_to_end(buf);
        };
        let mut block = [0u8; READ_BLOCK];
        let n = loop {
            match self.reader.read(&mut block) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other?,
            }
        };
        buf.extend_from_slice(block.get(..n).unwrap_or_default());
        paused.store(n < READ_BLOCK, Ordering::Relaxed);
        Ok(n)
    }

    /// The next chunk, or `None` at the end.
    pub fn next_chunk(&mut self) -> io::Result<Option<Work<'static>>> {
        loop {
            let mut buf = std::mem::take(&mut self.carry);
            buf.reserve(CHUNK_BYTES + 16 * 1024);
            // Fill to the chunk size, and on until a newline when one line
            // is longer than that. Only the bytes read since the last look
            // are searched, and a long line is read in doubling steps, so
            // one 100 MB line costs linear time (it used to rescan the
            // whole buffer every 16 KB: 14 s instead of 0.5 s).
            let mut searched = 0;
            let mut has_newline = false;
            while !self.eof && (buf.len() < CHUNK_BYTES || !has_newline) {
                let want = CHUNK_BYTES
                    .checked_sub(buf.len())
                    .filter(|n| *n > 0)
                    .unwrap_or(buf.len());
                // Room first, so `read_to_end` never grows the buffer in
                // its own small steps (each a copy and fresh pages).
                buf.reserve(want);
                if self.fill(&mut buf, want)? == 0 {
                    self.eof = true;
                }
                has_newline = has_newline
                    || memchr::memchr(b'\n', buf.get(searched..).unwrap_or(&[])).is_some();
                searched = buf.len();
                if has_newline && self.paused.is_some() {
                    break;
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
            // A UTF-8 byte-order mark before the first record is not part of it.
            let mut start = if self.line_no == 0 && buf.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            };
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
                    .is_none_or(|l| l.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | 0x1a)));
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
    // Only the byte-order mark is cut: serde_json skips white space itself,
    // and its error's line and column must count from the file's start (a
    // trimmed text put them off by the leading blank lines).
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A trailing end-of-file mark (0x1A) is not JSON (§12).
    let body = body.strip_suffix('\u{1a}').unwrap_or(body);
    if body.trim_start().starts_with('[') {
        let items: Vec<&serde_json::value::RawValue> =
            serde_json::from_str(body).map_err(|e| e.to_string())?;
        Ok(items.into_iter().map(range).collect())
    } else {
        let item: &serde_json::value::RawValue =
            serde_json::from_str(body).map_err(|e| e.to_string())?;
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
    fn a_byte_order_mark_is_not_part_of_the_first_record() {
        let got = lines(b"\xEF\xBB\xBF{\"a\":1}\n{\"b\":2}\n");
        assert_eq!(got[0], (1, 1, "{\"a\":1}".to_string()));
        assert_eq!(got.len(), 2);
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
