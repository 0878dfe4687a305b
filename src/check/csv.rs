//! A small CSV reader for `load "x.csv" column "NAME"` (RFC 4180): fields
//! separated by `,`, optionally quoted with `"`, a doubled `""` inside quotes
//! for a quote, line breaks allowed inside quotes, `\r\n` or `\n` between
//! records, blank lines skipped. No crate is needed for this much.

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

/// Parses a whole CSV text into rows (the header is the first row).
pub fn parse(text: &str) -> Result<Vec<Row>, Malformed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line: u32 = 1;
    let mut row_line: u32 = 1;
    // Whether the current field was quoted, and whether we are inside quotes.
    let mut quoted = false;
    let mut in_quotes = false;
    let mut quote_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                other => field.push(other),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() && !quoted => {
                field.clear();
                quoted = true;
                in_quotes = true;
                quote_line = line;
            }
            '"' => {
                return Err(Malformed {
                    line,
                    reason: "a `\"` inside an unquoted field".into(),
                })
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_row(&mut rows, &mut fields, &mut field, row_line, quoted);
                quoted = false;
                line += 1;
                row_line = line;
            }
            other if quoted => {
                if !other.is_whitespace() {
                    return Err(Malformed {
                        line,
                        reason: format!("`{other}` after a closing quote"),
                    });
                }
            }
            other => field.push(other),
        }
    }
    if in_quotes {
        return Err(Malformed {
            line: quote_line,
            reason: "a quoted field is never closed".into(),
        });
    }
    end_row(&mut rows, &mut fields, &mut field, row_line, quoted);
    Ok(rows)
}

fn end_row(
    rows: &mut Vec<Row>,
    fields: &mut Vec<String>,
    field: &mut String,
    line: u32,
    quoted: bool,
) {
    if fields.is_empty() && field.trim().is_empty() && !quoted {
        field.clear();
        return; // a blank line
    }
    fields.push(std::mem::take(field));
    rows.push(Row {
        line,
        fields: std::mem::take(fields),
    });
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
