//! The keywords of Pol, declared once. The grammar's `keyword` rule
//! (`grammar/pol.pest`) is the authority; a unit test keeps this list equal
//! to it. Every other keyword set in the front end is a named subset here.

/// Every reserved word: none of them can be a name (§2). Field names may
/// still be keywords (`x.for`).
pub const KEYWORDS: &[&str] = &[
    "enum",
    "record",
    "const",
    "def",
    "policy",
    "for",
    "rule",
    "when",
    "unless",
    "deny",
    "require",
    "license",
    "review",
    "report",
    "inspect",
    "to",
    "within",
    "test",
    "given",
    "expect",
    "by",
    "with",
    "load",
    "column",
    "as",
    "and",
    "or",
    "not",
    "in",
    "any",
    "all",
    "count",
    "sum",
    "if",
    "then",
    "else",
    "is",
    "present",
    "missing",
    "fired",
    "true",
    "false",
    "let",
    "authorize",
];

/// The words that start a top-level declaration: where error recovery
/// resynchronises.
pub const DECLARATIONS: &[&str] = &["enum", "record", "const", "def", "policy", "test"];

/// Words whose header is followed by a body `{ … }` (structure, not
/// expression nesting, for the scan's nesting limit).
pub const BODY_HEADERS: &[&str] = &["policy", "rule", "record", "enum", "test"];

/// Words that start a line of a declaration or a body: an expression never
/// continues across one, so the scan closes open prefix forms there.
pub const LINE_STARTS: &[&str] = &[
    "when",
    "unless",
    "let",
    "authorize",
    "deny",
    "require",
    "review",
    "report",
    "inspect",
    "rule",
    "const",
    "def",
    "policy",
    "enum",
    "record",
    "test",
    "given",
    "expect",
    "then",
    "else",
];

/// Whether `word` is a Pol keyword.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Whether `word` starts a top-level declaration.
pub fn is_declaration(word: &str) -> bool {
    DECLARATIONS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The literals of the grammar's `keyword = @{ ( "a" | "b" … ) ~ … }` rule.
    fn grammar_keywords() -> Vec<String> {
        let grammar = include_str!("../../grammar/pol.pest");
        let start = grammar
            .find("\nkeyword = ")
            .expect("the grammar has a keyword rule");
        let rest = &grammar[start..];
        let end = rest.find("!ident_char").expect("the keyword rule ends");
        rest[..end]
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn the_list_is_the_grammars_keyword_rule() {
        let mut grammar = grammar_keywords();
        let mut ours: Vec<String> = KEYWORDS.iter().map(|k| k.to_string()).collect();
        assert!(grammar.len() > 30, "parsed too few: {grammar:?}");
        grammar.sort();
        ours.sort();
        assert_eq!(ours, grammar);
    }

    #[test]
    fn the_subsets_are_keywords() {
        for word in DECLARATIONS.iter().chain(BODY_HEADERS).chain(LINE_STARTS) {
            assert!(is_keyword(word), "`{word}` is not in KEYWORDS");
        }
    }
}
