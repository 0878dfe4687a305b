//! The string built-ins of §11: `replace`, `split`, `join`, `words`, `fold`
//! (the screening normal form), and the pattern of `matches`.

use std::sync::Arc;

use unicode_general_category::{get_general_category, GeneralCategory as Gc};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::builtins::normalize_str;
use crate::value::error::{internal, ValueError};
use crate::value::{Str, Value};

fn bad(name: &str) -> ValueError {
    internal(format!("bad arguments to built-in `{name}`"))
}

fn empty(func: &'static str, what: &'static str) -> ValueError {
    ValueError::EmptySeparator { func, what }
}

pub(super) fn replace(args: &[Value]) -> Result<Value, ValueError> {
    let [Value::Str(s), Value::Str(from), Value::Str(to)] = args else {
        return Err(bad("replace"));
    };
    if from.is_empty() {
        return Err(empty("replace", "text to replace"));
    }
    if !s.contains(from.as_str()) {
        return Ok(Value::Str(s.clone()));
    }
    Ok(Value::Str(Str::from(s.replace(from.as_str(), to))))
}

pub(super) fn split(args: &[Value]) -> Result<Value, ValueError> {
    let [Value::Str(s), Value::Str(sep)] = args else {
        return Err(bad("split"));
    };
    if sep.is_empty() {
        return Err(empty("split", "separator"));
    }
    // `str::split` keeps empty pieces, and gives `[""]` for `""`.
    let pieces: Vec<Value> = s.split(sep.as_str()).map(Value::str).collect();
    Ok(Value::List(Arc::from(pieces)))
}

pub(super) fn join(args: &[Value]) -> Result<Value, ValueError> {
    let [Value::List(items), Value::Str(sep)] = args else {
        return Err(bad("join"));
    };
    if sep.is_empty() {
        return Err(empty("join", "separator"));
    }
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Str(s) = item else {
            return Err(bad("join"));
        };
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(s);
    }
    Ok(Value::Str(Str::from(out)))
}

pub(super) fn words(args: &[Value]) -> Result<Value, ValueError> {
    let [Value::Str(s)] = args else {
        return Err(bad("words"));
    };
    let folded = fold_str(s);
    let words: Vec<Value> = folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(Value::str)
        .collect();
    Ok(Value::List(Arc::from(words)))
}

pub(super) fn fold(args: &[Value]) -> Result<Value, ValueError> {
    let [Value::Str(s)] = args else {
        return Err(bad("fold"));
    };
    Ok(Value::Str(fold_str(s)))
}

/// `text` renders with its argument's type (enum variants by name), which
/// the linker gives it: the table's entry is never run on values alone.
pub(super) fn text_without_names(_: &[Value]) -> Result<Value, ValueError> {
    Err(internal(
        "`text` runs only with its argument's type, given when linking",
    ))
}

/// `matches` runs with its pattern compiled when the program is linked.
pub(super) fn matches_uncompiled(_: &[Value]) -> Result<Value, ValueError> {
    Err(internal(
        "`matches` runs only with its pattern compiled when linking",
    ))
}

/// Compiles the pattern of `matches` so that it must match the whole
/// string. The pattern is compiled alone first: only a pattern that is
/// valid by itself (balanced groups) is wrapped, so `a)|(b` cannot escape
/// the anchors.
pub fn whole_match_pattern(pattern: &str) -> Result<regex::Regex, String> {
    regex::Regex::new(pattern).map_err(|e| pattern_error(&e))?;
    regex::Regex::new(&format!(r"\A(?:{pattern})\z")).map_err(|e| pattern_error(&e))
}

/// The `regex` crate's message without its copy of the pattern.
fn pattern_error(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(text) => text
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("error: "))
            .unwrap_or(text)
            .to_string(),
        regex::Error::CompiledTooBig(limit) => {
            format!("the compiled pattern is larger than the limit of {limit} bytes")
        }
        other => other.to_string(),
    }
}

/// Letters that NFD does not decompose, spelled in ASCII: the Latin entries
/// of the Unicode CLDR `Latin-ASCII` transform (common/transforms/
/// Latin-ASCII.xml) for the lower-case letters left after `normalize`, and
/// the Greek final sigma as its ordinary form. Keys are lower case: `fold`
/// lowers first.
pub const FOLD_TABLE: &[(char, &str)] = &[
    ('ß', "ss"),
    ('æ', "ae"),
    ('œ', "oe"),
    ('ø', "o"),
    ('ł', "l"),
    ('đ', "d"),
    ('ð', "d"),
    ('ı', "i"),
    ('þ', "th"),
    ('ħ', "h"),
    ('ŧ', "t"),
    ('ŀ', "l"),
    ('ŋ', "n"),
    ('ĸ', "q"),
    ('ƀ', "b"),
    ('ƈ', "c"),
    ('ɗ', "d"),
    ('ƒ', "f"),
    ('ɠ', "g"),
    ('ɨ', "i"),
    ('ƙ', "k"),
    ('ƚ', "l"),
    ('ɲ', "n"),
    ('ƥ', "p"),
    ('ʠ', "q"),
    ('ɍ', "r"),
    ('ʂ', "s"),
    ('ƭ', "t"),
    ('ʉ', "u"),
    ('ʋ', "v"),
    ('ƴ', "y"),
    ('ƶ', "z"),
    ('ȥ', "z"),
    ('ȼ', "c"),
    ('ɇ', "e"),
    ('ɉ', "j"),
    ('ɏ', "y"),
    ('ς', "σ"),
];

/// Whether `c` is a letter of the Latin, Greek or Cyrillic script, by the
/// Unicode blocks those scripts' letters live in (after NFD, the letters
/// that carry marks are all in these blocks).
fn is_lgc_letter(c: char) -> bool {
    let letter = matches!(
        get_general_category(c),
        Gc::UppercaseLetter
            | Gc::LowercaseLetter
            | Gc::TitlecaseLetter
            | Gc::ModifierLetter
            | Gc::OtherLetter
    );
    letter
        && matches!(u32::from(c),
            0x0041..=0x024F   // Basic Latin, Latin-1, Latin Extended-A and -B
            | 0x0250..=0x02AF // IPA Extensions
            | 0x0370..=0x03FF // Greek and Coptic
            | 0x0400..=0x052F // Cyrillic and its Supplement
            | 0x1C80..=0x1C8F // Cyrillic Extended-C
            | 0x1D00..=0x1DBF // Phonetic Extensions
            | 0x1E00..=0x1EFF // Latin Extended Additional
            | 0x1F00..=0x1FFF // Greek Extended
            | 0x2C60..=0x2C7F // Latin Extended-C
            | 0x2DE0..=0x2DFF // Cyrillic Extended-A
            | 0xA640..=0xA69F // Cyrillic Extended-B
            | 0xA720..=0xA7FF // Latin Extended-D
            | 0xAB30..=0xAB6F // Latin Extended-E
            | 0x10780..=0x107BF // Latin Extended-F
            | 0x1DF00..=0x1DFFF // Latin Extended-G
        )
}

/// Whether `c` is kept by `fold`'s last step: General Category L, M or Nd.
fn is_kept(c: char) -> bool {
    matches!(
        get_general_category(c),
        Gc::UppercaseLetter
            | Gc::LowercaseLetter
            | Gc::TitlecaseLetter
            | Gc::ModifierLetter
            | Gc::OtherLetter
            | Gc::NonspacingMark
            | Gc::SpacingMark
            | Gc::EnclosingMark
            | Gc::DecimalNumber
    )
}

/// The last step of `fold` on ASCII text: every character but a letter or
/// digit a space, runs collapsed, trimmed. Returns `original` itself when
/// nothing changed.
fn ascii_words(normal: &Str, original: &Str) -> Str {
    let mut out = String::with_capacity(normal.len());
    for word in normal
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.as_str() == original.as_str() {
        return original.clone();
    }
    Str::from(out)
}

/// `fold` (§11), step by step: `normalize`; NFD; combining marks after a
/// Latin, Greek or Cyrillic letter removed; [`FOLD_TABLE`]; NFC; every
/// character not of General Category L, M or Nd a space; runs of spaces
/// collapsed; trimmed.
pub fn fold_str(s: &Str) -> Str {
    let normal = normalize_str(s);
    if normal.is_ascii() {
        // NFD and NFC are the identity on ASCII, which has no marks and no
        // letter in the table: only the last step remains.
        return ascii_words(&normal, s);
    }
    let mut mapped = String::with_capacity(normal.len());
    // Whether the marks that follow belong to a Latin/Greek/Cyrillic letter.
    let mut strip_marks = false;
    for c in normal.nfd() {
        if is_combining_mark(c) {
            if !strip_marks {
                mapped.push(c);
            }
            continue;
        }
        strip_marks = is_lgc_letter(c);
        match FOLD_TABLE.iter().find(|(k, _)| *k == c) {
            Some((_, to)) => mapped.push_str(to),
            None => mapped.push(c),
        }
    }
    let mut out = String::with_capacity(mapped.len());
    let mut pending_space = false;
    for c in mapped.nfc() {
        if is_kept(c) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    if out.len() == s.len() && out == s.as_str() {
        return s.clone();
    }
    Str::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> String {
        fold_str(&Str::new(s)).as_str().to_string()
    }

    #[test]
    fn fold_matches_the_spec_example() {
        assert_eq!(f("Müller-Lüdenscheid GmbH, "), "muller ludenscheid gmbh");
    }

    #[test]
    fn fold_spells_out_the_table() {
        assert_eq!(f("Øresund Łódź Đorđe"), "oresund lodz dorde");
        assert_eq!(f("Straße Æther Œuvre"), "strasse aether oeuvre");
        assert_eq!(f("Istanbul ıi Þór"), "istanbul ii thor");
        assert_eq!(f("İSTANBUL"), "istanbul");
    }

    #[test]
    fn fold_strips_marks_of_latin_greek_cyrillic_only() {
        assert_eq!(f("Ἀθῆναι"), "αθηναι");
        assert_eq!(f("Йошкар-Ола Ёлкин"), "иошкар ола елкин");
        // Devanagari vowel signs are marks of another script: kept.
        assert_eq!(f("नमस्ते"), "नमस्ते");
        // Hangul and CJK letters are letters.
        assert_eq!(f("北京 (Beijing)"), "北京 beijing");
    }

    #[test]
    fn fold_makes_punctuation_and_symbols_spaces() {
        // NFKC spells `½` as `1⁄2` (a fraction slash, not a letter).
        assert_eq!(f("  A.B.  C/D & E\t3½ "), "a b c d e 31 2");
        assert_eq!(f(""), "");
        assert_eq!(f("---"), "");
        assert_eq!(f("ＡＣＭＥ ﬁne"), "acme fine");
    }

    /// A small deterministic generator: no dependency for one property.
    fn strings() -> impl Iterator<Item = String> {
        const POOL: &[char] = &[
            'a', 'Z', ' ', '-', '.', ',', '\t', 'é', 'E', '\u{301}', '\u{308}', 'ø', 'Ł', 'ß', 'ẞ',
            'Æ', 'œ', 'ı', 'İ', 'Þ', 'ς', 'Σ', 'Ё', 'й', 'ǅ', 'ﬁ', '½', '²', '١', '北', 'न',
            '\u{94d}', '\u{20dd}', 'ª', 'Ⅻ', '\u{200b}', '\u{3000}', '_', '\'', '’', 'ʼ', 'ǈ', 'ϐ',
            'ŉ', 'ﬀ', 'ǰ', 'K', 'Å', '\u{327}', 'ﾊ', '\u{ff9e}',
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..5000).map(move |_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            (0..len)
                .map(|i| {
                    let k = (seed.rotate_left(i as u32 * 5) % POOL.len() as u64) as usize;
                    POOL[k]
                })
                .collect()
        })
    }

    #[test]
    fn the_ascii_shortcut_agrees_with_the_steps() {
        // Every ASCII character, alone and between letters.
        for b in 0u8..128 {
            let c = char::from(b);
            for s in [c.to_string(), format!("a{c}b"), format!(" {c}{c} Z")] {
                let folded = f(&s);
                let expected: String = s
                    .to_lowercase()
                    .split(|c: char| !(c.is_ascii_alphanumeric()))
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                assert_eq!(folded, expected, "{s:?}");
            }
        }
    }

    #[test]
    fn fold_is_idempotent() {
        for s in strings() {
            let once = f(&s);
            assert_eq!(f(&once), once, "fold of {s:?}");
            assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        }
    }

    #[test]
    fn whole_match_only() {
        let re = whole_match_pattern("[0-9][A-E][0-9]{3}").unwrap();
        assert!(re.is_match("3A001"));
        assert!(!re.is_match("3A001.a"));
        assert!(!re.is_match("x3A001"));
        let alt = whole_match_pattern("a|b").unwrap();
        assert!(alt.is_match("a") && !alt.is_match("ab"));
        assert!(whole_match_pattern("a)|(b").is_err());
        assert!(whole_match_pattern("[").is_err());
    }
}
