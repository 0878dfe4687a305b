//! Turns a pest failure into a message in a policy author's words: what was
//! expected (never a grammar rule's name) and what was found.

use pest::error::{Error, InputLocation};

use crate::ast::Comment;
use crate::source::Span;
use crate::syntax::error::SyntaxError;
use crate::syntax::grammar::Rule;
use crate::syntax::keywords::{is_declaration, is_keyword};

/// A phrase for what a rule stands for, or `None` to leave it unsaid
/// (operators are implied whenever an expression could continue).
fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        ident | type_name | unit_word => "a name",
        field_name => "a field name",
        type_expr | list_type | set_type | map_type | hit_type => "a type",
        string | str_text | str_escape | str_interp | raw_open | raw_text => "a string",
        fmt_spec => "a format spec (`:.2`, `:%`, `:.1%`)",
        date_lit => "a date (YYYY-MM-DD)",
        num_lit | number => "a number",
        decision => "a decision (`allow`, `license_required`, `review` or `deny`)",
        rule_ref | case_ref => "a rule name (`policy.rule`)",
        case_at => "`at`",
        test_only => "`only`",
        as_of_line => "`as_of`",
        expr | binder_expr | paren | if_expr | quantifier | aggregate | load_expr | list_expr
        | set_expr | bool_lit | missing_lit | record_lit | call | op_not | op_neg | bracket_lo
        | bracket_hi => "an expression",
        enum_decl | record_decl | const_decl | def_decl | policy_decl | test_decl => {
            "a declaration (`enum`, `record`, `const`, `def`, `policy` or `test`)"
        }
        rule_decl => "`rule`",
        field_decl => "a field (`name: Type`)",
        param => "a parameter (`name: Type`)",
        with_entry => "a field path and value (`a.b: value`)",
        field_init => "a field value (`name: value`)",
        when_line => "`when`",
        unless_line => "`unless`",
        let_line | kw_let => "`let`",
        deny_effect => "`deny`",
        license_effect => "`require license`",
        review_effect => "`review`",
        report_effect => "`report`",
        inspect_effect => "`inspect`",
        authorize_effect => "`authorize`",
        cover_ref => "a rule name (`rule` or `policy.rule`)",
        meta_title => "`title`",
        meta_authority => "`authority`",
        meta_source => "`source`",
        meta_effective => "`effective`",
        meta_expires => "`expires`",
        meta_suspended => "`suspended`",
        given_line => "`given`",
        expect_decision | expect_not_fired | expect_report | expect_inspect | expect_no_report
        | expect_no_inspect | expect_authorized => "`expect`",
        comp_tail | comp_for => "`for`",
        map_tail | map_empty => "`:`",
        kw_key | load_key => "`key`",
        kw_dated | load_dated => "`dated`",
        EOI => "end of file",
        lbrace => "`{`",
        rbrace => "`}`",
        lparen => "`(`",
        rparen => "`)`",
        lbracket => "`[`",
        rbracket => "`]`",
        colon => "`:`",
        comma => "`,`",
        equals => "`=`",
        langle => "`<`",
        rangle => "`>`",
        range_dots => "`..`",
        type_optional => "`?`",
        dot | kw_with | kw_is | kw_or | kw_and | op_or | op_and | op_eq | op_ne | op_le | op_ge
        | op_lt | op_gt | op_in | op_not_in | op_coalesce | op_add | op_sub | op_mul | op_div
        | field_access | opt_field_access | bracket | with_clause | is_present | is_missing => {
            "an operator"
        }
        kw_enum => "`enum`",
        kw_record => "`record`",
        kw_const => "`const`",
        kw_def => "`def`",
        kw_policy => "`policy`",
        kw_for => "`for`",
        kw_rule => "`rule`",
        kw_when => "`when`",
        kw_unless => "`unless`",
        kw_deny => "`deny`",
        kw_require => "`require`",
        kw_license => "`license`",
        kw_licence => "`licence`",
        kw_authorize => "`authorize`",
        kw_covers => "`covers`",
        kw_authorized => "`authorized`",
        kw_review => "`review`",
        kw_report => "`report`",
        kw_inspect => "`inspect`",
        kw_to => "`to`",
        kw_within => "`within`",
        kw_test => "`test`",
        kw_given => "`given`",
        kw_expect => "`expect`",
        kw_by => "`by`",
        kw_load => "`load`",
        kw_column => "`column`",
        kw_as => "`as`",
        kw_in => "`in`",
        kw_not => "`not`",
        kw_any => "`any`",
        kw_all => "`all`",
        kw_if => "`if`",
        kw_then => "`then`",
        kw_else => "`else`",
        kw_present => "`present`",
        kw_missing | missing_value => "`missing`",
        kw_fired => "`fired`",
        kw_until => "`until`",
        kw_only => "`only`",
        kw_at => "`at`",
        kw_no => "`no`",
        kw_as_of => "`as_of`",
        kw_title => "`title`",
        kw_authority => "`authority`",
        kw_source => "`source`",
        kw_effective => "`effective`",
        kw_expires => "`expires`",
        kw_suspended => "`suspended`",
        _ => return None,
    })
}

/// The offset just after the last token: trailing white space and comments excluded.
fn end_of_code(text: &str, base: u32, comments: &[Comment]) -> usize {
    let mut end = text.trim_end().len();
    for c in comments.iter().rev() {
        let (lo, hi) = (
            (c.text.span.lo - base) as usize,
            (c.text.span.hi - base) as usize,
        );
        if hi == end {
            end = text.get(..lo).unwrap_or("").trim_end().len();
        } else if hi < end {
            break;
        }
    }
    end
}

/// Orders phrases: specific words first, generic categories last.
fn rank(phrase: &str) -> u8 {
    if phrase.starts_with('`') {
        0
    } else if phrase == "end of file" {
        2
    } else {
        1
    }
}

/// Joins phrases as "a, b or c".
fn join(phrases: &[String]) -> String {
    match phrases {
        [] => "something else".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// Describes the text at `pos` ("`foo`", "keyword `in`", "end of file").
pub fn found_at(text: &str, pos: usize) -> (String, usize) {
    let rest = text.get(pos..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return ("end of file".to_string(), 0);
    };
    if first.is_ascii_alphanumeric() || first == '_' {
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let word = rest.get(..len).unwrap_or("");
        if is_keyword(word) {
            return (format!("keyword `{word}`"), len);
        }
        return (format!("`{word}`"), len);
    }
    if first == '"' {
        return ("a string".to_string(), 1);
    }
    if first == '\n' || first == '\r' {
        return ("end of line".to_string(), 0);
    }
    for op in ["==", "!=", "<=", ">=", "??", "?.", ".."] {
        if rest.starts_with(op) {
            return (format!("`{op}`"), 2);
        }
    }
    (format!("`{first}`"), first.len_utf8())
}

/// Converts a pest error (parsed with error detail on) into a [`SyntaxError`].
pub fn from_pest(error: &Error<Rule>, text: &str, base: u32, comments: &[Comment]) -> SyntaxError {
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let (found, len) = found_at(text, pos);
    let mut span = Span::new(base + pos as u32, base + (pos + len) as u32);
    // "found end of file" points just after the last token, not at a line
    // below it (or after a trailing comment).
    if len == 0 && text.get(pos..).is_some_and(|rest| rest.trim().is_empty()) {
        let end = base + end_of_code(text, base, comments) as u32;
        span = Span::new(end, end);
    }
    let mut phrases: Vec<String> = Vec::new();
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &error.variant {
        for rule in positives {
            if let Some(p) = describe(*rule) {
                if !phrases.iter().any(|q| q == p) {
                    phrases.push(p.to_string());
                }
            }
        }
    }
    // "a name" at a keyword: the author used a keyword as a name.
    let word = text
        .get(pos..)
        .map(|r| {
            let end = r
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(r.len());
            r.get(..end).unwrap_or("")
        })
        .unwrap_or("");
    if is_keyword(word)
        && phrases.iter().all(|p| p == "a name")
        && used_as_name(text, pos + word.len())
    {
        return SyntaxError::KeywordAsName {
            span,
            keyword: word.to_string(),
        };
    }
    if phrases.len() > 1 {
        // An expression could always continue (an operator, `[i]`); say so
        // only when nothing else fits.
        phrases.retain(|p| p != "an operator" && p != "`[`");
    }
    let effects = [
        "`deny`",
        "`require`",
        "`review`",
        "`report`",
        "`inspect`",
        "`authorize`",
    ];
    if effects.iter().all(|e| phrases.iter().any(|p| p == e)) {
        let at = phrases
            .iter()
            .position(|p| p == "`deny`")
            .unwrap_or(phrases.len());
        phrases.retain(|p| !effects.contains(&p.as_str()));
        phrases.insert(
            at.min(phrases.len()),
            "an effect (`deny`, `require license`, `review`, `report`, `inspect`, `authorize`)"
                .to_string(),
        );
    }
    if phrases.iter().any(|p| p == "an expression") {
        let starters = [
            "a name",
            "a date (YYYY-MM-DD)",
            "a number",
            "a string",
            "`load`",
            "`not`",
            "`if`",
            "`any`",
            "`all`",
            "`{`",
            "`(`",
            "`[`",
        ];
        phrases.retain(|p| !starters.contains(&p.as_str()));
    }
    phrases.sort_by_key(|p| rank(p));
    // Nine: a rule's first line may be any of `when`, `unless`, `let`, four
    // metadata words, `}` or an effect.
    if phrases.len() > 9 {
        phrases.truncate(9);
        phrases.push("…".to_string());
    }
    let help = hint(text, pos, &phrases);
    SyntaxError::Unexpected {
        span,
        expected: join(&phrases),
        found,
        help,
    }
}

/// Whether what follows a keyword suggests it was meant as a name
/// (`const in = 3`, `def f(to: int)`, `enum E { by }`).
fn used_as_name(text: &str, after: usize) -> bool {
    let rest = text.get(after..).unwrap_or("").trim_start();
    rest.starts_with(['=', ':', '(', ',', '{', '}']) && !rest.starts_with("==")
        || rest.starts_with("in ")
}

/// Extra help for frequent slips.
fn hint(text: &str, pos: usize, phrases: &[String]) -> Option<String> {
    let rest = text.get(pos..).unwrap_or("");
    if rest.starts_with("&&") {
        return Some("Pol writes `and` for `&&`".to_string());
    }
    if rest.starts_with("||") {
        return Some("Pol writes `or` for `||`".to_string());
    }
    if rest.starts_with('!') && !rest.starts_with("!=") {
        return Some("Pol writes `not` for `!`".to_string());
    }
    if rest.starts_with('=')
        && !rest.starts_with("==")
        && phrases
            .iter()
            .any(|p| p == "an expression" || p == "`when`")
    {
        return Some("compare with `==`".to_string());
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if (is_declaration(&word) || word == "rule")
        && !phrases.iter().any(|p| p.starts_with("a declaration"))
    {
        return Some("is a closing `}` missing before this line?".to_string());
    }
    let metadata = [
        "title",
        "authority",
        "source",
        "effective",
        "expires",
        "suspended",
    ];
    if metadata.contains(&word.as_str()) {
        return Some("metadata lines come first: in a policy before its first `const`, `def` or `rule`; in a rule before its first `when` or `unless`".to_string());
    }
    // §13 is spelt `authorize` (the output key is `authorizations`); only
    // `licence` has a second spelling.
    if matches!(word.as_str(), "authorise" | "authorised") {
        return Some(format!("Pol spells it `{}`", word.replace('s', "z")));
    }
    if rest.starts_with('\'') {
        return Some("strings use double quotes: `\"…\"`".to_string());
    }
    if rest.starts_with(';') {
        return Some("Pol needs no `;` between lines".to_string());
    }
    None
}
