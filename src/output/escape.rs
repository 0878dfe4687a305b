//! Text that came from the input, made safe for a terminal.
//!
//! Record ids, input values and messages that quote them reach the human
//! formats (`--format table`, `--explain`). A record whose id holds
//! `\x1b]0;…\x07` would retitle the analyst's terminal, one with `\r` or a
//! newline could overwrite or forge a line, and a bidirectional override
//! could reorder what is read. Every such character is shown as a visible
//! `\u{…}` escape instead.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is.
fn unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// `s` with every control character (but tab) and every bidirectional
/// control shown as a `\u{…}` escape; borrowed when nothing needs escaping.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_for_terminal) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

/// Appends `c`, escaped when it is unsafe; returns how many characters it
/// took on screen (for carets under an excerpt).
pub fn push_visible(out: &mut String, c: char) -> usize {
    if unsafe_for_terminal(c) {
        let escaped = format!("\\u{{{:x}}}", u32::from(c));
        out.push_str(&escaped);
        escaped.chars().count()
    } else {
        out.push(c);
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_become_visible() {
        assert_eq!(visible("T1"), "T1");
        assert_eq!(visible("a\x1b]0;owned\x07b"), "a\\u{1b}]0;owned\\u{7}b");
        assert_eq!(visible("x\r\ny"), "x\\u{d}\\u{a}y");
        assert_eq!(visible("a\u{202E}b"), "a\\u{202e}b");
        assert_eq!(visible("tab\there"), "tab\there");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
    }
}
