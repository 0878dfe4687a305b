//! CSV for `load "x.csv" column "NAME"`: the rows of the one tokenizer
//! (`crate::csv`, shared with `.csv` input), as the loader wants them. A
//! list with a row that cannot be read is an error at the `load`: a list
//! silently missing an entry would fail open.

/// One record of the file.
#[derive(Debug, PartialEq)]
pub struct Row {
    /// The 1-based line the record starts on.
    pub line: u32,
    /// Its fields, unquoted.
    pub fields: Vec<String>,
}

/// A syntax error: the 1-based line and what is wrong.
#[derive(Debug, PartialEq)]
pub struct Malformed {
    /// Where.
    pub line: u32,
    /// What.
    pub reason: String,
}

/// Parses a whole CSV text into rows (the header is the first row); the
/// first row that cannot be read is the error.
pub fn parse(text: &str) -> Result<Vec<Row>, Malformed> {
    crate::csv::rows(text)
        .into_iter()
        .map(|row| match row {
            Ok(row) => Ok(Row {
                line: u32::try_from(row.line).unwrap_or(u32::MAX),
                fields: row.cells.into_iter().map(|c| c.text).collect(),
            }),
            Err(bad) => Err(Malformed {
                line: u32::try_from(bad.line).unwrap_or(u32::MAX),
                reason: bad.reason,
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_commas_quotes_and_newlines() {
        let rows =
            parse("code,name\r\n\"1C902.a\",\"Dy, \"\"heavy\"\"\"\n\n2A001,\"two\nlines\"\n")
                .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].fields, vec!["1C902.a", "Dy, \"heavy\""]);
        assert_eq!(rows[2].line, 4);
        assert_eq!(rows[2].fields, vec!["2A001", "two\nlines"]);
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(parse("a\n\"open\n").unwrap_err().line, 2);
        assert_eq!(parse("a\nx\"y\n").unwrap_err().line, 2);
        assert_eq!(parse("a,b\n\"x\"y,1\n").unwrap_err().line, 2);
    }

    #[test]
    fn empty_trailing_field_is_kept() {
        let rows = parse("a,b\n1,\n").unwrap();
        assert_eq!(rows[1].fields, vec!["1", ""]);
    }
}
