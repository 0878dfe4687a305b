//! Literal validation: numbers, units, currencies, dates and string escapes.
//! Each problem becomes a spanned [`SyntaxError`]; nothing here panics.

use rust_decimal::Decimal;

use crate::ast::{Date, Literal};
use crate::data::{currencies, units};
use crate::source::Span;
use crate::syntax::error::SyntaxError;

/// The parts of a `num_lit`: the digits and what follows them.
pub enum NumSuffix<'a> {
    /// Nothing.
    None,
    /// `%`
    Percent,
    /// A word after spaces (unit, currency, `days`).
    Word(&'a str, Span),
    /// Letters glued to the digits (always an error).
    Glued(&'a str, Span),
}

/// Parses the digits of a number (underscores allowed between digits).
pub fn number(text: &str, span: Span) -> Result<Decimal, SyntaxError> {
    let digits = clean_digits(text, span)?;
    Decimal::from_str_exact(&digits).map_err(|_| SyntaxError::MalformedNumber {
        span,
        text: text.to_string(),
        reason: "outside the range of exact decimals (28 significant digits)".to_string(),
    })
}

fn clean_digits(text: &str, span: Span) -> Result<String, SyntaxError> {
    if text.ends_with('_') || text.contains("_.") || text.contains("._") {
        return Err(SyntaxError::MalformedNumber {
            span,
            text: text.to_string(),
            reason: "`_` may only stand between digits".to_string(),
        });
    }
    Ok(text.chars().filter(|c| *c != '_').collect())
}

/// An integer literal.
pub fn integer(text: &str, span: Span) -> Result<i64, SyntaxError> {
    let digits = clean_digits(text, span)?;
    digits
        .parse::<i64>()
        .map_err(|_| SyntaxError::IntegerOverflow {
            span,
            text: text.to_string(),
        })
}

/// Builds the literal for a number with its suffix.
pub fn num_lit(
    text: &str,
    span: Span,
    suffix: NumSuffix<'_>,
    whole: Span,
) -> Result<Literal, SyntaxError> {
    match suffix {
        NumSuffix::None => {
            if text.contains('.') {
                Ok(Literal::Decimal(number(text, span)?))
            } else {
                Ok(Literal::Int(integer(text, span)?))
            }
        }
        NumSuffix::Percent => Ok(Literal::Percent(number(text, span)?)),
        NumSuffix::Word(word, word_span) => unit_literal(text, span, word, word_span, whole),
        NumSuffix::Glued(word, word_span) => Err(glued(text, word, word_span)),
    }
}

fn unit_literal(
    text: &str,
    span: Span,
    word: &str,
    word_span: Span,
    whole: Span,
) -> Result<Literal, SyntaxError> {
    if let Some(unit) = units::Unit::parse(word) {
        return Ok(Literal::Quantity {
            value: number(text, span)?,
            unit,
        });
    }
    if word == "day" || word == "days" {
        if text.contains('.') {
            return Err(SyntaxError::WrongLiteral {
                span: whole,
                expected: "a whole number of days".to_string(),
                found: format!("{text} {word}"),
                help: Some("durations are whole days".to_string()),
            });
        }
        return Ok(Literal::Duration(integer(text, span)?));
    }
    // `BBL` is a unit in capitals, not an unknown currency.
    let unit_in_capitals = units::Unit::parse(&word.to_ascii_lowercase()).is_some();
    if word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase()) && !unit_in_capitals {
        if currencies::is_currency(word) {
            return Ok(Literal::Money {
                amount: number(text, span)?,
                currency: word.to_string(),
            });
        }
        return Err(SyntaxError::UnknownCurrency {
            span: word_span,
            code: word.to_string(),
            help: currencies::suggest_currency(word).map(|c| format!("did you mean `{c}`?")),
        });
    }
    Err(SyntaxError::BadUnit {
        span: word_span,
        message: format!("unknown unit `{word}`"),
        label: "not a unit".to_string(),
        help: Some(match units::suggest_unit(word) {
            Some(u) => format!("did you mean `{text} {u}`? units are {}", units::UNIT_WORDS),
            None => format!(
                "units are {}; money uses an ISO 4217 code such as `USD`; durations use `days`",
                units::UNIT_WORDS
            ),
        }),
    })
}

fn glued(text: &str, word: &str, word_span: Span) -> SyntaxError {
    let known = units::Unit::parse(word).is_some()
        || word == "day"
        || word == "days"
        || currencies::is_currency(word);
    if known {
        SyntaxError::BadUnit {
            span: Span::new(word_span.lo.saturating_sub(text.len() as u32), word_span.hi),
            message: format!("missing space between `{text}` and `{word}`"),
            label: "write a space before the unit".to_string(),
            help: Some(format!("write `{text} {word}`")),
        }
    } else {
        SyntaxError::MalformedNumber {
            span: Span::new(word_span.lo.saturating_sub(text.len() as u32), word_span.hi),
            text: format!("{text}{word}"),
            reason: format!("`{word}` cannot follow a number"),
        }
    }
}

/// Parses a date literal's text.
pub fn date(text: &str, span: Span) -> Result<Date, SyntaxError> {
    if let Some(date) = Date::parse(text) {
        return Ok(date);
    }
    let month: u32 = text.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    let reason = if !(1..=12).contains(&month) {
        format!("there is no month {month:02}")
    } else {
        let year: i32 = text.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        format!(
            "month {month:02} of {year} has {} days",
            crate::date::days_in_month(year, month)
        )
    };
    Err(SyntaxError::InvalidDate {
        span,
        text: text.to_string(),
        reason,
    })
}

/// Resolves an escape (`\n` …); the scan has already reported invalid ones.
pub fn escape(text: &str) -> char {
    match text.as_bytes().get(1) {
        Some(b'n') => '\n',
        Some(b't') => '\t',
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'{') => '{',
        Some(b'}') => '}',
        _ => text.chars().nth(1).unwrap_or('\\'),
    }
}
