//! `SyntaxError`: everything the lexical scan, pest and lowering can report.

use miette::Diagnostic;
use thiserror::Error;

use crate::source::Span;

/// A syntax or literal error in a `.pol` file.
#[derive(Debug, Error, Diagnostic)]
pub enum SyntaxError {
    /// pest could not continue.
    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(E0001))]
    Unexpected {
        /// Where parsing stopped.
        #[label("expected {expected}")]
        span: Span,
        /// What would have been accepted, in words.
        expected: String,
        /// What was there.
        found: String,
        /// A hint for common slips.
        #[help]
        help: Option<String>,
    },

    /// A string reached the end of its line.
    #[error("unterminated string")]
    #[diagnostic(
        code(E0002),
        help("close the string with `\"` on the same line; write `\\n` for a line break")
    )]
    UnterminatedString {
        /// The opening quote.
        #[label("this string is never closed")]
        span: Span,
    },

    /// A rule with conditions but no effect.
    #[error("this rule has no effect")]
    #[diagnostic(code(E0003))]
    RuleWithoutEffect {
        /// The rule header.
        #[label("a rule needs one of `deny`, `require license`, `review`, `report … to … within …`, `inspect`, `authorize … covers …`")]
        span: Span,
    },

    /// A rule with two effects.
    #[error("a rule has exactly one effect")]
    #[diagnostic(code(E0004), help("split the rule in two, one per effect"))]
    SecondEffect {
        /// The second effect.
        #[label("second effect")]
        span: Span,
        /// The first effect.
        #[label("first effect")]
        first: Span,
    },

    /// A `when`/`unless` after the effect.
    #[error("conditions must come before the effect")]
    #[diagnostic(
        code(E0005),
        help("move this line above the effect; the effect is the last line of a rule")
    )]
    ConditionAfterEffect {
        /// The misplaced condition.
        #[label("condition after the effect")]
        span: Span,
        /// The effect.
        #[label("the effect")]
        effect: Span,
    },

    /// A `let` line after the rule's effect (§11).
    #[error("`let` after the effect")]
    #[diagnostic(
        code(E0028),
        help("move this line above the effect; the effect is the last line of a rule")
    )]
    LetAfterEffect {
        /// The misplaced `let`.
        #[label("`let` after the effect")]
        span: Span,
        /// The effect.
        #[label("the effect")]
        effect: Span,
    },

    /// Two `if`s on one comprehension clause.
    #[error("a comprehension clause has at most one `if`")]
    #[diagnostic(code(E0274), help("join the conditions with `and`: `if a and b`"))]
    SecondClauseFilter {
        /// The second `if`'s condition.
        #[label("second `if` of this `for`")]
        span: Span,
        /// The first.
        #[label("first `if`")]
        first: Span,
    },

    /// A rule metadata line after a `let`, a condition or the effect (§11:
    /// `let` ends the metadata slot).
    #[error("metadata line after the rule's conditions")]
    #[diagnostic(
        code(E0029),
        help("move it up: `source`, `effective`, `expires` and `suspended` come first in a rule")
    )]
    MetaAfterBody {
        /// The misplaced metadata line.
        #[label("metadata line here")]
        span: Span,
        /// The first `let`, condition or effect.
        #[label("the metadata slot ends here")]
        first: Span,
    },

    /// An escape other than `\" \\ \n \t \{ \}`.
    #[error("unknown escape `{escape}` in a string")]
    #[diagnostic(
        code(E0006),
        help("the escapes are `\\\"`, `\\\\`, `\\n`, `\\t`, `\\{{` and `\\}}`")
    )]
    InvalidEscape {
        /// The escape.
        #[label("not an escape")]
        span: Span,
        /// Its text.
        escape: String,
    },

    /// `/*` without `*/`.
    #[error("unterminated block comment")]
    #[diagnostic(code(E0007), help("close it with `*/`; block comments do not nest"))]
    UnterminatedComment {
        /// The opening `/*`.
        #[label("this comment is never closed")]
        span: Span,
    },

    /// More than 128 brackets or prefix forms deep.
    #[error("nested too deeply")]
    #[diagnostic(code(E0008), help("brackets and prefix forms (`not`, `-`, `if`, `any`, `all`) nest at most 128 deep; name parts of the expression with `def` or `const`"))]
    NestedTooDeeply {
        /// The 129th opener.
        #[label("the 129th level starts here")]
        span: Span,
    },

    /// The file is not UTF-8.
    #[error("file is not valid UTF-8")]
    #[diagnostic(code(E0009), help("save the file as UTF-8"))]
    InvalidUtf8 {
        /// The first invalid byte.
        #[label("invalid UTF-8 here")]
        span: Span,
    },

    /// An integer literal outside 64-bit signed range.
    #[error("integer literal `{text}` is too large")]
    #[diagnostic(
        code(E0010),
        help("integers are 64-bit signed: at most 9223372036854775807")
    )]
    IntegerOverflow {
        /// The literal.
        #[label("does not fit in 64 bits")]
        span: Span,
        /// Its text.
        text: String,
    },

    /// A date that is not a real calendar day.
    #[error("`{text}` is not a valid date")]
    #[diagnostic(
        code(E0011),
        help("dates are written YYYY-MM-DD and must exist in the calendar")
    )]
    InvalidDate {
        /// The literal.
        #[label("{reason}")]
        span: Span,
        /// Its text.
        text: String,
        /// What is wrong.
        reason: String,
    },

    /// A unit glued to its number, or an unknown unit word.
    #[error("{message}")]
    #[diagnostic(code(E0012))]
    BadUnit {
        /// The literal.
        #[label("{label}")]
        span: Span,
        /// Message.
        message: String,
        /// Label.
        label: String,
        /// The fix.
        #[help]
        help: Option<String>,
    },

    /// A three-letter code that is not ISO 4217.
    #[error("unknown currency `{code}`")]
    #[diagnostic(code(E0013))]
    UnknownCurrency {
        /// The code.
        #[label("not an ISO 4217 currency code")]
        span: Span,
        /// Its text.
        code: String,
        /// Did you mean.
        #[help]
        help: Option<String>,
    },

    /// A number Pol cannot represent (decimal out of range, bad underscores, …).
    #[error("malformed number `{text}`")]
    #[diagnostic(code(E0014))]
    MalformedNumber {
        /// The literal.
        #[label("{reason}")]
        span: Span,
        /// Its text.
        text: String,
        /// What is wrong.
        reason: String,
    },

    /// A metadata line given twice.
    #[error("`{word}` is given twice")]
    #[diagnostic(code(E0015), help("keep one `{word}` line"))]
    DuplicateMeta {
        /// The second line.
        #[label("second `{word}`")]
        span: Span,
        /// The first line.
        #[label("first given here")]
        first: Span,
        /// The metadata word.
        word: String,
    },

    /// A keyword where a name was expected.
    #[error("`{keyword}` is a keyword and cannot be used as a name")]
    #[diagnostic(code(E0016), help("choose another name, e.g. `{keyword}_`"))]
    KeywordAsName {
        /// The keyword.
        #[label("keyword")]
        span: Span,
        /// Its text.
        keyword: String,
    },

    /// `{…}` in a string that is not an effect message.
    #[error("interpolation is only allowed in an effect's message")]
    #[diagnostic(code(E0017), help("write `\\{{` and `\\}}` for literal braces"))]
    InterpolationNotAllowed {
        /// The interpolation.
        #[label("`{{…}}` not allowed here")]
        span: Span,
    },

    /// A format spec other than `.N`, `%`, `.N%` with N from 0 to 28 (§11).
    #[error("unknown format spec `:{spec}`")]
    #[diagnostic(
        code(E0030),
        help("a message value takes `:.N` (exactly N fractional digits, N from 0 to 28), `:%` (a percentage) or `:.N%`; write `\\{{` for a literal brace")
    )]
    BadFormatSpec {
        /// The spec, colon included.
        #[label("not a format spec")]
        span: Span,
        /// Its text after the colon.
        spec: String,
    },

    /// A raw string that ends at a `"` meant to be inside it (`r"a\"b"`).
    #[error("a raw string ends at the first `\"`: it cannot contain one")]
    #[diagnostic(
        code(E0031),
        help("a raw string has no escapes; in a pattern write the quote as `\\x22`")
    )]
    QuoteInRawString {
        /// The raw string up to where it ended.
        #[label("this raw string ends here")]
        span: Span,
    },

    /// `within 0 days`.
    #[error("`within` needs at least 1 day")]
    #[diagnostic(code(E0018), help("write `within 1 day` or more"))]
    ZeroWithin {
        /// The literal.
        #[label("must be 1 day or more")]
        span: Span,
    },

    /// `a < b < c`.
    #[error("comparison operators cannot be chained")]
    #[diagnostic(
        code(E0019),
        help("split it with `and`: `a < b and b < c`, or add parentheses")
    )]
    ChainedComparison {
        /// The second operator.
        #[label("second comparison")]
        span: Span,
        /// The first comparison.
        #[label("first comparison")]
        first: Span,
    },

    /// An operator chain too long to process safely.
    #[error("expression is too long")]
    #[diagnostic(
        code(E0020),
        help("an expression may chain at most 1000 operators; split it with `def` or `const`")
    )]
    ExpressionTooLong {
        /// Where the limit was reached.
        #[label("limit reached here")]
        span: Span,
    },

    /// `expect allow by …`
    #[error("`expect allow` cannot name rules")]
    #[diagnostic(
        code(E0021),
        help("no rule fires with an effect that yields `allow`; use `expect not fired R` instead")
    )]
    AllowBy {
        /// The `by` list.
        #[label("remove this `by` list")]
        span: Span,
    },

    /// A test with zero or two `given` lines, or `given` after `expect`.
    #[error("{message}")]
    #[diagnostic(
        code(E0022),
        help("a test has exactly one `given NAME = EXPR` line, before its `expect` lines")
    )]
    BadGiven {
        /// The test or the extra line.
        #[label("{label}")]
        span: Span,
        /// Message.
        message: String,
        /// Label.
        label: String,
    },

    /// An `as_of DATE` line not right after `given`, or a second one.
    #[error("{message}")]
    #[diagnostic(
        code(E0037),
        help("a test has at most one `as_of DATE` line, right after its `given` line")
    )]
    BadAsOf {
        /// The line.
        #[label("{label}")]
        span: Span,
        /// Message.
        message: String,
        /// Label.
        label: String,
    },

    /// `at N` whose N is not an `int` literal ≥ 0.
    #[error("`at` takes a case index, found `{found}`")]
    #[diagnostic(
        code(E0038),
        help("write the 0-based position of the element, as in `expect deny by p.r at 0`")
    )]
    BadCaseIndex {
        /// The index as written.
        #[label("not an `int` literal ≥ 0")]
        span: Span,
        /// What was written.
        found: String,
    },

    /// A literal of the wrong kind where the grammar needs a specific one.
    #[error("expected {expected}, found `{found}`")]
    #[diagnostic(code(E0023))]
    WrongLiteral {
        /// The literal.
        #[label("expected {expected}")]
        span: Span,
        /// What is needed.
        expected: String,
        /// What was written.
        found: String,
        /// A fix.
        #[help]
        help: Option<String>,
    },

    /// `}` alone inside a string.
    #[error("unmatched `}}` in a string")]
    #[diagnostic(code(E0024), help("write `\\}}` for a literal brace"))]
    UnmatchedBrace {
        /// The brace.
        #[label("no `{{` opens this")]
        span: Span,
    },

    /// `xs[]`
    #[error("missing index")]
    #[diagnostic(
        code(E0025),
        help("write `xs[i]` for one element or `xs[a..b]` for a slice")
    )]
    MissingIndex {
        /// The brackets.
        #[label("expected an index or a range")]
        span: Span,
    },

    /// An opening bracket that is never closed.
    #[error("unclosed `{open}`")]
    #[diagnostic(code(E0026), help("add the matching `{close}`"))]
    UnclosedBracket {
        /// The opener.
        #[label("this `{open}` is never closed")]
        span: Span,
        /// Where a different closer was found, if one was.
        #[label("`{found}` found here instead")]
        mismatch: Option<Span>,
        /// The opener's text.
        open: char,
        /// The closer it needs.
        close: char,
        /// The closer found instead.
        found: char,
    },

    /// A closing bracket with nothing to close.
    #[error("unmatched `{close}`")]
    #[diagnostic(
        code(E0027),
        help("remove it, or add the opening bracket it belongs to")
    )]
    UnmatchedBracket {
        /// The closer.
        #[label("nothing to close here")]
        span: Span,
        /// Its text.
        close: char,
    },

    /// A bug in polc: the parse tree did not have the expected shape.
    #[error("internal error: {what}")]
    #[diagnostic(
        code(E0099),
        help("this is a bug in polc; please report it with the file")
    )]
    Internal {
        /// Where.
        #[label("here")]
        span: Span,
        /// What went wrong.
        what: String,
    },

    /// `authorize MSG` without `covers R…` (§13).
    #[error("an `authorize` effect must say which rules it covers")]
    #[diagnostic(
        code(E0035),
        help("name the `require license` rules it satisfies: `authorize \"…\" covers rule_name, other_policy.rule`")
    )]
    AuthorizeWithoutCovers {
        /// The effect.
        #[label("no `covers` list")]
        span: Span,
    },

    /// A `.pol` file with no declarations.
    #[error("file has no declarations")]
    #[diagnostic(
        code(W0001),
        severity(Warning),
        help("add a declaration or remove the file from the package")
    )]
    EmptyFile {
        /// The (empty) file.
        #[label("empty")]
        span: Span,
    },
}

/// The stage boundary: from here on the error is plain data.
impl From<SyntaxError> for crate::diag::Diagnostic {
    fn from(error: SyntaxError) -> Self {
        Self::from_miette(&error)
    }
}
