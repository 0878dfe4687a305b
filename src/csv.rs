//! The one CSV tokenizer, for `load "x.csv" column "NAME"` (§4) and for
//! `.csv` input records (§9). RFC 4180 with strict quoting: cells separated
//! by `,`; a cell may be quoted with `"` (white space around the quotes is
//! allowed and dropped), `""` inside quotes is one quote, and a quoted cell
//! may span lines; rows end at `\n` or `\r\n`; a UTF-8 byte-order mark at the
//! start and a `0x1A` byte at the very end are skipped. `Tokenizer::tsv`
//! reads tab-separated rows instead, never quoted.
//!
//! A problem spoils only its row, and the rest of the file is still read:
//! a quote inside an unquoted cell, text after a closing quote and invalid
//! UTF-8 end the row at the end of its line; a quote never closed makes its
//! row an error, and the lines after the row's first are read again as rows
//! in which a quote never spans a line. Every byte is looked at a bounded
//! number of times, so tokenizing is linear in the file's size.

use std::collections::VecDeque;
use std::io::{self, BufRead};

/// One cell: its text (unquoted) and where it starts (1-based line, column
/// in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The text, quotes removed.
    pub text: String,
    /// The line it starts on.
    pub line: usize,
    /// The column of its first character.
    pub column: usize,
}

/// One row of cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The line the row starts on.
    pub line: usize,
    /// Its cells, in order; a blank line is never a row.
    pub cells: Vec<Cell>,
}

/// Why a row could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    /// The line of the problem.
    pub line: usize,
    /// Its column (characters, 1-based).
    pub column: usize,
    /// What is wrong, in an author's words.
    pub reason: String,
}

/// A row, or why the row starting on a line could not be read.
pub type RowResult = Result<Row, Malformed>;

/// Reads rows from a byte stream.
pub struct Tokenizer<R> {
    src: R,
    /// Lines to read again after a quote that was never closed, with their
    /// line numbers.
    replay: VecDeque<(usize, Vec<u8>)>,
    /// The number of the last line taken from `src`.
    line: usize,
    /// Tab-separated, never quoted (`.tsv`, §12): `"` is text.
    tsv: bool,
}

impl<R: BufRead> Tokenizer<R> {
    /// A tokenizer over `src`.
    pub fn new(src: R) -> Tokenizer<R> {
        Tokenizer {
            src,
            replay: VecDeque::new(),
            line: 0,
            tsv: false,
        }
    }

    /// A tokenizer of tab-separated rows over `src`: cells end at a tab,
    /// rows at a line end; nothing is quoted.
    pub fn tsv(src: R) -> Tokenizer<R> {
        Tokenizer {
            tsv: true,
            ..Tokenizer::new(src)
        }
    }

    /// The next tab-separated row.
    fn next_tsv_row(&mut self) -> io::Result<Option<RowResult>> {
        loop {
            let Some((line, bytes)) = self.next_line()? else {
                return Ok(None);
            };
            if bytes.is_empty() {
                continue;
            }
            let Ok(text) = std::str::from_utf8(&bytes) else {
                return Ok(Some(Err(Malformed {
                    line,
                    column: 1,
                    reason: "the line is not valid UTF-8".into(),
                })));
            };
            let mut cells = Vec::new();
            let mut column = 1;
            for cell in text.split('\t') {
                let width = cell.chars().count();
                cells.push(Cell {
                    text: cell.to_string(),
                    line,
                    column,
                });
                column += width + 1;
            }
            return Ok(Some(Ok(Row { line, cells })));
        }
    }

    /// The next row, `None` at the end; `Err` only for a failed read.
    pub fn next_row(&mut self) -> io::Result<Option<RowResult>> {
        if self.tsv {
            return self.next_tsv_row();
        }
        loop {
            let replaying = !self.replay.is_empty();
            let Some((line_no, bytes)) = self.next_line()? else {
                return Ok(None);
            };
            let mut row = RowState::new(line_no);
            let mut taken = vec![(line_no, bytes)];
            while let Some((n, bytes)) = taken.last() {
                match row.scan(bytes, *n) {
                    Scan::Done => break,
                    Scan::OpenQuote if replaying => {
                        row.fail(Malformed {
                            line: row.quote_line,
                            column: row.quote_column,
                            reason: "a quoted cell is never closed on its line".into(),
                        });
                        break;
                    }
                    Scan::OpenQuote => match self.next_line()? {
                        Some(next) => taken.push(next),
                        None => {
                            row.fail(Malformed {
                                line: row.quote_line,
                                column: row.quote_column,
                                reason: "a quoted cell is never closed".into(),
                            });
                            // Read the row's other lines again as rows.
                            for line in taken.into_iter().skip(1).rev() {
                                self.replay.push_front(line);
                            }
                            break;
                        }
                    },
                }
            }
            match row.finish() {
                Some(result) => return Ok(Some(result)),
                None => continue, // a blank line
            }
        }
    }

    /// The next physical line without its line break.
    fn next_line(&mut self) -> io::Result<Option<(usize, Vec<u8>)>> {
        if let Some(line) = self.replay.pop_front() {
            return Ok(Some(line));
        }
        let mut bytes = Vec::new();
        if self.src.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(None);
        }
        self.line += 1;
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
        } else if bytes.last() == Some(&0x1a) {
            // A trailing end-of-file mark (0x1A) at the very end is not text.
            bytes.pop();
        }
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        if self.line == 1 && bytes.starts_with("\u{feff}".as_bytes()) {
            bytes.drain(..3);
        }
        Ok(Some((self.line, bytes)))
    }
}

/// The pieces of a list cell (§12, a `list<T>` field of a loaded row): split at `;` (`\;` is a literal semicolon),
/// trimmed, empty pieces dropped.
pub fn split_pieces(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut piece = String::new();
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&';') => {
                piece.push(';');
                chars.next();
            }
            ';' => out.push(std::mem::take(&mut piece)),
            c => piece.push(c),
        }
    }
    out.push(piece);
    out.into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Reads every row of a text.
pub fn rows(text: &str) -> Vec<RowResult> {
    let mut tokenizer = Tokenizer::new(text.as_bytes());
    let mut rows = Vec::new();
    // Reading from memory cannot fail.
    while let Ok(Some(row)) = tokenizer.next_row() {
        rows.push(row);
    }
    rows
}

/// What scanning one line left open.
enum Scan {
    /// The row ends with this line.
    Done,
    /// A quoted cell goes on to the next line.
    OpenQuote,
}

/// Where a cell is in its quoting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// Nothing but white space yet.
    Start,
    /// Unquoted text.
    Plain,
    /// Inside quotes.
    Open,
    /// After the closing quote.
    Closed,
}

/// A row being read, line by line.
struct RowState {
    line: usize,
    cells: Vec<Cell>,
    text: String,
    cell_line: usize,
    cell_column: usize,
    quoting: Quoting,
    quote_line: usize,
    quote_column: usize,
    error: Option<Malformed>,
}

impl RowState {
    fn new(line: usize) -> RowState {
        RowState {
            line,
            cells: Vec::new(),
            text: String::new(),
            cell_line: line,
            cell_column: 1,
            quoting: Quoting::Start,
            quote_line: line,
            quote_column: 1,
            error: None,
        }
    }

    fn fail(&mut self, problem: Malformed) {
        if self.error.is_none() {
            self.error = Some(problem);
        }
    }

    /// Scans one physical line of the row.
    fn scan(&mut self, bytes: &[u8], line: usize) -> Scan {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
                let column = String::from_utf8_lossy(valid).chars().count() + 1;
                self.fail(Malformed {
                    line,
                    column,
                    reason: "the line is not valid UTF-8".into(),
                });
                return Scan::Done;
            }
        };
        if self.quoting == Quoting::Open {
            self.text.push('\n');
        }
        let mut chars = text.chars().enumerate().peekable();
        while let Some((i, c)) = chars.next() {
            let column = i + 1;
            if self.error.is_some() {
                // The row is lost; only its end matters now.
                continue;
            }
            match (self.quoting, c) {
                (Quoting::Open, '"') if chars.peek().is_some_and(|(_, n)| *n == '"') => {
                    chars.next();
                    self.text.push('"');
                }
                (Quoting::Open, '"') => self.quoting = Quoting::Closed,
                (Quoting::Open, c) => self.text.push(c),
                (_, ',') => {
                    self.end_cell();
                    self.cell_line = line;
                    self.cell_column = column + 1;
                }
                (Quoting::Start, '"') => {
                    self.text.clear();
                    self.quoting = Quoting::Open;
                    self.quote_line = line;
                    self.quote_column = column;
                }
                (Quoting::Start, c) if c.is_whitespace() => self.text.push(c),
                (Quoting::Plain, '"') => self.fail(Malformed {
                    line,
                    column,
                    reason: "a `\"` inside an unquoted cell (quote the whole cell and double the quote: `\"a \"\"b\"\"\"`)".into(),
                }),
                (Quoting::Start | Quoting::Plain, c) => {
                    self.quoting = Quoting::Plain;
                    self.text.push(c);
                }
                (Quoting::Closed, c) if c.is_whitespace() => {}
                (Quoting::Closed, c) => self.fail(Malformed {
                    line,
                    column,
                    reason: format!("`{c}` after the closing quote of a cell"),
                }),
            }
        }
        if self.quoting == Quoting::Open && self.error.is_none() {
            Scan::OpenQuote
        } else {
            Scan::Done
        }
    }

    fn end_cell(&mut self) {
        self.cells.push(Cell {
            text: std::mem::take(&mut self.text),
            line: self.cell_line,
            column: self.cell_column,
        });
        self.quoting = Quoting::Start;
    }

    /// The row, or `None` for a blank line.
    fn finish(mut self) -> Option<RowResult> {
        if let Some(problem) = self.error {
            return Some(Err(problem));
        }
        if self.cells.is_empty() && self.quoting == Quoting::Start && self.text.trim().is_empty() {
            return None;
        }
        self.end_cell();
        Some(Ok(Row {
            line: self.line,
            cells: self.cells,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(row: &RowResult) -> Vec<&str> {
        row.as_ref()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn quoted_cells_commas_quotes_and_newlines() {
        let rows = rows("code,name\r\n\"1C902.a\",\"Dy, \"\"heavy\"\"\"\n\n2A001,\"two\nlines\"\n");
        assert_eq!(rows.len(), 3);
        assert_eq!(texts(&rows[1]), ["1C902.a", "Dy, \"heavy\""]);
        assert_eq!(rows[2].as_ref().unwrap().line, 4);
        assert_eq!(texts(&rows[2]), ["2A001", "two\nlines"]);
    }

    #[test]
    fn cells_know_where_they_start() {
        let rows = rows(r#"a,"b,c","d""e",,f"#);
        assert_eq!(texts(&rows[0]), ["a", "b,c", "d\"e", "", "f"]);
        let columns: Vec<usize> = rows[0]
            .as_ref()
            .unwrap()
            .cells
            .iter()
            .map(|c| c.column)
            .collect();
        assert_eq!(columns, [1, 3, 9, 16, 17]);
    }

    #[test]
    fn white_space_around_quotes_is_dropped_and_unquoted_text_kept() {
        let rows = rows("a, \"b\" ,  c \n");
        assert_eq!(texts(&rows[0]), ["a", "b", "  c "]);
    }

    #[test]
    fn a_bad_quote_spoils_only_its_row() {
        let rows = rows("a,b\nx\"y,1\n\"x\"y,2\nok,3\n");
        assert_eq!(rows.len(), 4);
        let bad = rows[1].as_ref().unwrap_err();
        assert_eq!((bad.line, bad.column), (2, 2));
        let after = rows[2].as_ref().unwrap_err();
        assert_eq!((after.line, after.column), (3, 4));
        assert_eq!(texts(&rows[3]), ["ok", "3"]);
    }

    #[test]
    fn an_unclosed_quote_spoils_only_its_row() {
        let rows = rows("a,b\n\"open,1\nnext,2\nlast,3\n");
        assert_eq!(rows.len(), 4);
        let bad = rows[1].as_ref().unwrap_err();
        assert_eq!((bad.line, bad.column), (2, 1));
        assert_eq!(texts(&rows[2]), ["next", "2"]);
        assert_eq!(rows[3].as_ref().unwrap().line, 4);
    }

    #[test]
    fn invalid_utf8_spoils_only_its_row() {
        let mut tokenizer = Tokenizer::new(&b"name,n\nM\xfcller GmbH,1\nok,2\n"[..]);
        let mut all = Vec::new();
        while let Some(row) = tokenizer.next_row().unwrap() {
            all.push(row);
        }
        assert_eq!(all.len(), 3);
        let bad = all[1].as_ref().unwrap_err();
        assert_eq!((bad.line, bad.column), (2, 2));
        assert_eq!(texts(&all[2]), ["ok", "2"]);
    }

    #[test]
    fn byte_order_mark_and_empty_last_cell() {
        let rows = rows("\u{feff}a,b\n1,\n");
        assert_eq!(texts(&rows[0]), ["a", "b"]);
        assert_eq!(texts(&rows[1]), ["1", ""]);
    }

    #[test]
    fn a_quote_open_to_the_end_costs_one_more_pass() {
        // The first line's quote never closes: its row is an error and the
        // 20,000 lines after it are read once more, as rows.
        let text = format!("\"open\n{}", "a,b\n".repeat(20_000));
        let rows = rows(&text);
        assert_eq!(rows.len(), 20_001);
        assert!(rows[0].is_err());
        assert!(rows[1..].iter().all(Result::is_ok));
    }
}
