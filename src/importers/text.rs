//! Small text helpers every format shares.

/// Collapses every run of white space (line breaks included: the UN list
/// breaks long names across lines) into one space and trims the ends.
pub fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `MM/DD/YYYY` (BIS) as `YYYY-MM-DD`, if it is a real date.
pub fn us_date(text: &str) -> Option<String> {
    let mut parts = text.trim().split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.is_empty() || d.is_empty() {
        return None;
    }
    iso_date(&format!("{y}-{m:0>2}-{d:0>2}"))
}

/// `YYYY-MM-DD` (also the date part of `YYYY-MM-DDThh:mm…` and of an XML
/// Schema date with a zone, `2015-04-07-04:00` or `…Z`, as the UN list
/// writes some), if it is a real calendar date.
pub fn iso_date(text: &str) -> Option<String> {
    let text = text.trim();
    let day = text.get(..10)?;
    if !text
        .get(10..)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['T', 'Z', '+', '-']))
    {
        return None;
    }
    crate::lang::Date::parse(day)?;
    Some(day.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_joins_lines() {
        assert_eq!(clean("  AL-\nQAIDA \r\n  GROUP "), "AL- QAIDA GROUP");
    }

    #[test]
    fn dates() {
        assert_eq!(us_date("10/16/2017").as_deref(), Some("2017-10-16"));
        assert_eq!(us_date("2/3/2001").as_deref(), Some("2001-02-03"));
        assert_eq!(us_date("13/40/2001"), None);
        assert_eq!(iso_date("2012-12-31").as_deref(), Some("2012-12-31"));
        assert_eq!(iso_date("2012-02-30"), None);
        assert_eq!(iso_date("2023-07-19T00:00:00"), Some("2023-07-19".into()));
        assert_eq!(iso_date("2015-04-07-04:00"), Some("2015-04-07".into()));
        assert_eq!(iso_date("2015-04-07x"), None);
    }
}
