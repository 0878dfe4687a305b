//! `CheckError`: everything name resolution, type checking, `load` and the
//! lints can report. E01xx names, E02xx types, E03xx declarations, rules,
//! tests and `load`; W01xx lints.
//!
//! One enum for the stage (house style); it is long because it is a table of
//! messages, not because it holds logic.

use miette::Diagnostic;
use thiserror::Error;

use crate::source::Span;

/// A problem found while checking a package.
#[derive(Debug, Error, Diagnostic)]
pub enum CheckError {
    // ------------------------------------------------------------ names
    /// A package-level name (or a policy-local one) declared twice.
    #[error("`{name}` is declared twice")]
    #[diagnostic(code(E0101), help("rename or remove one of them; {scope}"))]
    DuplicateName {
        /// The second declaration.
        #[label("declared again here")]
        span: Span,
        /// The first declaration, when in the same file (else in `elsewhere`).
        #[label("first declared here")]
        first: Option<Span>,
        /// The first declaration, when in another file.
        #[related]
        elsewhere: Vec<Note>,
        /// The name.
        name: String,
        /// Which namespace, in words.
        scope: String,
    },

    /// A name that is no binding, constant or variant in scope.
    #[error("cannot find `{name}`")]
    #[diagnostic(code(E0102))]
    UnknownName {
        /// The name.
        #[label("not a binding, constant or enum variant in scope")]
        span: Span,
        /// The name.
        name: String,
        /// Did you mean, or why it is not visible.
        #[help]
        help: Option<String>,
    },

    /// A type name that is neither built in nor declared.
    #[error("unknown type `{name}`")]
    #[diagnostic(code(E0103))]
    UnknownType {
        /// The name.
        #[label("not a built-in, enum or record type")]
        span: Span,
        /// The name.
        name: String,
        /// Did you mean.
        #[help]
        help: Option<String>,
    },

    /// A call to a function that does not exist.
    #[error("unknown function `{name}`")]
    #[diagnostic(code(E0104))]
    UnknownFunction {
        /// The name.
        #[label("not a built-in or a `def`")]
        span: Span,
        /// The name.
        name: String,
        /// Did you mean.
        #[help]
        help: Option<String>,
    },

    /// Two rules of one policy with the same name.
    #[error("rule `{name}` is declared twice in policy `{policy}`")]
    #[diagnostic(
        code(E0105),
        help("rule names are unique within their policy; rename one")
    )]
    DuplicateRule {
        /// The second rule's name.
        #[label("declared again here")]
        span: Span,
        /// The first rule's name.
        #[label("first declared here")]
        first: Span,
        /// The rule.
        name: String,
        /// The policy.
        policy: String,
    },

    /// A policy-level `const`/`def` that reuses a package-level name.
    #[error("`{name}` is already a package-level name")]
    #[diagnostic(
        code(E0106),
        help("a policy's own `const` and `def` may not reuse a package-level name; rename it")
    )]
    ShadowsPackageName {
        /// The policy-level declaration.
        #[label("declared in the policy here")]
        span: Span,
        /// The package-level declaration, when in the same file.
        #[label("package-level `{name}` declared here")]
        first: Option<Span>,
        /// The package-level declaration, when in another file.
        #[related]
        elsewhere: Vec<Note>,
        /// The name.
        name: String,
    },

    /// A binding that reuses the name of one in scope.
    #[error("`{name}` is already bound here")]
    #[diagnostic(code(E0107), help("choose another name for the new binding"))]
    BindingReused {
        /// The new binding.
        #[label("bound again here")]
        span: Span,
        /// The binding in scope.
        #[label("first bound here")]
        first: Span,
        /// The name.
        name: String,
    },

    /// A cycle among constants (possibly through functions).
    #[error("constant `{name}` depends on itself")]
    #[diagnostic(
        code(E0108),
        help("constants are computed once, before any record is read; break the cycle {chain}")
    )]
    ConstCycle {
        /// The constant.
        #[label("`{name}` is defined in terms of itself")]
        span: Span,
        /// The constant.
        name: String,
        /// `a → b → a`
        chain: String,
    },

    /// A `def` that calls itself, directly or through others.
    #[error("function `{name}` calls itself")]
    #[diagnostic(
        code(E0109),
        help("Pol has no recursion, so every policy terminates; {chain}")
    )]
    Recursion {
        /// The function.
        #[label("recursive call here")]
        span: Span,
        /// The function.
        name: String,
        /// The call chain.
        chain: String,
    },

    /// `E.v` where `E` has no variant `v`.
    #[error("`{enum_name}` has no variant `{name}`")]
    #[diagnostic(code(E0110))]
    UnknownVariant {
        /// The variant name.
        #[label("not a variant of `{enum_name}`")]
        span: Span,
        /// The enum.
        enum_name: String,
        /// The variant written.
        name: String,
        /// Did you mean.
        #[help]
        help: Option<String>,
    },

    /// A name that is both a binding/`const` and a variant of the expected enum.
    #[error("`{name}` is both a {what} and a variant of `{enum_name}`")]
    #[diagnostic(
        code(E0111),
        help("write `{enum_name}.{name}` for the variant, or rename the {what}")
    )]
    AmbiguousVariant {
        /// The use.
        #[label("ambiguous here")]
        span: Span,
        /// Where the binding or constant is declared, when in the same file.
        #[label("the {what} `{name}` is declared here")]
        declared: Option<Span>,
        /// The declaration, when in another file.
        #[related]
        elsewhere: Vec<Note>,
        /// The name.
        name: String,
        /// `binding` or `constant`.
        what: String,
        /// The expected enum.
        enum_name: String,
    },

    /// A bare variant name where no enum type is expected.
    #[error("`{name}` is an enum variant, but which enum is not known here")]
    #[diagnostic(code(E0112), help("write {qualified}"))]
    BareVariant {
        /// The name.
        #[label("variant of {enums}")]
        span: Span,
        /// The name.
        name: String,
        /// The enums that have it, in words.
        enums: String,
        /// `E.v` (or several alternatives).
        qualified: String,
    },

    /// A type, function or policy name used as a value.
    #[error("`{name}` is {what}, not a value")]
    #[diagnostic(code(E0113))]
    NotAValue {
        /// The use.
        #[label("used as a value here")]
        span: Span,
        /// The name.
        name: String,
        /// `a record type`, `a function`, …
        what: String,
        /// How to use it.
        #[help]
        help: Option<String>,
    },

    /// A name used as a record type that is not one.
    #[error("`{name}` is not a record type")]
    #[diagnostic(code(E0114))]
    NotARecord {
        /// The name.
        #[label("{what}")]
        span: Span,
        /// The name.
        name: String,
        /// What it is instead.
        what: String,
        /// Did you mean.
        #[help]
        help: Option<String>,
    },

    /// `policy.rule` naming an unknown policy.
    #[error("unknown policy `{name}`")]
    #[diagnostic(code(E0115))]
    UnknownPolicy {
        /// The name.
        #[label("no policy of this name")]
        span: Span,
        /// The name.
        name: String,
        /// Did you mean.
        #[help]
        help: Option<String>,
    },

    /// `screen`'s LIST is not a constant list of records with `name: string`,
    /// or `Hit<T>` of a type that is not a record (§14).
    #[error("{message}")]
    #[diagnostic(code(E0289))]
    ScreenList {
        /// Where.
        #[label("{label}")]
        span: Span,
        /// What is wrong.
        message: String,
        /// The label.
        label: String,
        /// A fix.
        #[help]
        help: Option<String>,
    },

    /// A bare rule name where a test names a rule (`policy.rule`).
    #[error("a test names a rule with its policy: `{name}` needs one")]
    #[diagnostic(code(E0142))]
    UnqualifiedRule {
        /// The bare name.
        #[label("{label}")]
        span: Span,
        /// The rule name.
        name: String,
        /// The label.
        label: String,
        /// Which `policy.rule` is meant.
        #[help]
        help: Option<String>,
    },

    /// `policy.rule` naming an unknown rule.
    #[error("policy `{policy}` has no rule `{name}`")]
    #[diagnostic(code(E0116))]
    UnknownRule {
        /// The rule name.
        #[label("not a rule of `{policy}`")]
        span: Span,
        /// The policy.
        policy: String,
        /// The rule.
        name: String,
        /// Did you mean.
        #[help]
        help: Option<String>,
    },

    /// A variant or field declared twice in one enum or record.
    #[error("{what} `{name}` is declared twice in `{owner}`")]
    #[diagnostic(code(E0117), help("remove the repeated {what}"))]
    DuplicateMember {
        /// The repeat.
        #[label("declared again here")]
        span: Span,
        /// The first.
        #[label("first declared here")]
        first: Span,
        /// `variant` or `field`.
        what: String,
        /// The name.
        name: String,
        /// The enum or record.
        owner: String,
    },

    /// A declaration named like a built-in type or function.
    #[error("`{name}` is the name of a built-in {what}")]
    #[diagnostic(code(E0118), help("{help}"))]
    ReservedName {
        /// The name.
        #[label("reserved name")]
        span: Span,
        /// The name.
        name: String,
        /// `type` or `function`.
        what: String,
        /// "choose another name", and for a second-edition built-in that
        /// the name is new in the second edition.
        help: String,
    },

    // ------------------------------------------------------------ types
    /// `.f` on a record without field `f`.
    #[error("`{record}` has no field `{name}`")]
    #[diagnostic(code(E0201))]
    UnknownField {
        /// The field name.
        #[label("not a field of `{record}`")]
        span: Span,
        /// The record type.
        record: String,
        /// The field written.
        name: String,
        /// Did you mean.
        #[help]
        help: Option<String>,
    },

    /// `.f` on a value that is not a record.
    #[error("cannot read field `{name}` of a `{ty}`")]
    #[diagnostic(code(E0202), help("only records have fields"))]
    NoFields {
        /// The value.
        #[label("this is `{ty}`")]
        span: Span,
        /// The field.
        name: String,
        /// Its type.
        ty: String,
    },

    /// A value of the wrong type.
    #[error("expected `{expected}`, found `{found}`")]
    #[diagnostic(code(E0203))]
    Mismatch {
        /// The value.
        #[label("{label}")]
        span: Span,
        /// The type needed.
        expected: String,
        /// The type found.
        found: String,
        /// Why that type is needed.
        label: String,
        /// A fix.
        #[help]
        help: Option<String>,
    },

    /// A string literal where a country is expected that is not an assigned code.
    #[error("`{code}` is not an ISO 3166-1 country code")]
    #[diagnostic(code(E0210))]
    UnknownCountry {
        /// The literal.
        #[label("not an officially assigned alpha-2 code")]
        span: Span,
        /// The text.
        code: String,
        /// Did you mean.
        #[help]
        help: Option<String>,
    },

    /// An arithmetic operator on types it does not apply to.
    #[error("cannot apply `{op}` to `{lhs}` and `{rhs}`")]
    #[diagnostic(code(E0220))]
    BadArithmetic {
        /// The operator.
        #[label("no `{op}` for these types")]
        span: Span,
        /// Left operand.
        #[label("`{lhs}`")]
        lspan: Span,
        /// Right operand.
        #[label("`{rhs}`")]
        rspan: Span,
        /// The operator.
        op: String,
        /// Left type.
        lhs: String,
        /// Right type.
        rhs: String,
        /// What is allowed.
        #[help]
        help: Option<String>,
    },

    /// Unary `-` on a type without negation.
    #[error("cannot negate a `{ty}`")]
    #[diagnostic(
        code(E0221),
        help("`-` applies to `int`, `decimal`, `money`, `quantity` and `duration`")
    )]
    BadNegation {
        /// The operand.
        #[label("this is `{ty}`")]
        span: Span,
        /// Its type.
        ty: String,
    },

    /// An optional value used where a present one is needed.
    #[error("{message}")]
    #[diagnostic(code(E0230))]
    OptionalUse {
        /// The optional value.
        #[label("{label}")]
        span: Span,
        /// The message.
        message: String,
        /// The label.
        label: String,
        /// How to handle absence.
        #[help]
        help: String,
    },

    /// A `with` path through an optional or non-record field.
    #[error("`with` cannot reach through `{name}`")]
    #[diagnostic(code(E0231))]
    WithThrough {
        /// The step.
        #[label("`{name}` is `{ty}`")]
        span: Span,
        /// The field.
        name: String,
        /// Its type.
        ty: String,
        /// The fix.
        #[help]
        help: String,
    },

    /// `missing` given for a field that is not optional.
    #[error("`{name}` cannot be `missing`: it is `{ty}`, not optional")]
    #[diagnostic(
        code(E0232),
        help("only optional fields (`T?`) can be absent; give a value of type `{ty}`")
    )]
    MissingForRequired {
        /// The entry.
        #[label("not optional")]
        span: Span,
        /// The field path.
        name: String,
        /// Its type.
        ty: String,
    },

    /// The same `with` path twice.
    #[error("`{path}` is replaced twice")]
    #[diagnostic(code(E0233), help("keep one entry for `{path}`"))]
    DuplicateWithPath {
        /// The second entry.
        #[label("replaced again here")]
        span: Span,
        /// The first entry.
        #[label("first replaced here")]
        first: Span,
        /// The path.
        path: String,
    },

    /// `<`, `<=`, `>`, `>=` or `min`/`max` on a type without an order.
    #[error("values of type `{ty}` have no order")]
    #[diagnostic(code(E0240))]
    Unordered {
        /// The operand.
        #[label("`{op}` needs an ordered type")]
        span: Span,
        /// Its type.
        ty: String,
        /// The operator.
        op: String,
        /// What to do instead.
        #[help]
        help: Option<String>,
    },

    /// A comparison between different types.
    #[error("cannot compare `{lhs}` with `{rhs}`")]
    #[diagnostic(code(E0241))]
    Incomparable {
        /// Left operand.
        #[label("{llabel}")]
        lspan: Span,
        /// Right operand.
        #[label("{rlabel}")]
        rspan: Span,
        /// Left type.
        lhs: String,
        /// Right type.
        rhs: String,
        /// Left label.
        llabel: String,
        /// Right label.
        rlabel: String,
        /// A fix.
        #[help]
        help: Option<String>,
    },

    /// Two literal quantities of different dimensions.
    #[error("cannot combine `{lunit}` with `{runit}`")]
    #[diagnostic(
        code(E0242),
        help("mass (`g`, `kg`, `t`), count (`pcs`) and volume (`l`, `m3`, `bbl`) do not mix")
    )]
    UnitMismatch {
        /// Left literal.
        #[label("{ldim}")]
        lspan: Span,
        /// Right literal.
        #[label("{rdim}")]
        rspan: Span,
        /// Left unit.
        lunit: String,
        /// Right unit.
        runit: String,
        /// Left dimension.
        ldim: String,
        /// Right dimension.
        rdim: String,
    },

    /// `in` with a right operand that is not a list or set.
    #[error("`{op}` needs a list or set on its right, found `{ty}`")]
    #[diagnostic(code(E0243))]
    NotACollection {
        /// The right operand.
        #[label("this is `{ty}`")]
        span: Span,
        /// The operator.
        op: String,
        /// Its type.
        ty: String,
        /// A fix.
        #[help]
        help: Option<String>,
    },

    /// A binder over something that is not a list or set.
    #[error("cannot iterate over a `{ty}`")]
    #[diagnostic(code(E0244), help("`x in E` needs a list or set"))]
    NotIterable {
        /// The collection.
        #[label("this is `{ty}`")]
        span: Span,
        /// Its type.
        ty: String,
    },

    /// `x in S` where the element types differ.
    #[error("cannot look for a `{elem}` in a `{coll}`")]
    #[diagnostic(code(E0245))]
    ElementMismatch {
        /// The left operand.
        #[label("this is `{elem}`")]
        span: Span,
        /// The collection.
        #[label("this is `{coll}`")]
        cspan: Span,
        /// Element type.
        elem: String,
        /// Collection type.
        coll: String,
        /// A fix.
        #[help]
        help: Option<String>,
    },

    /// A call with the wrong number of arguments.
    #[error("`{name}` takes {expected}, found {found}")]
    #[diagnostic(code(E0250))]
    Arity {
        /// The call.
        #[label("called with {found}")]
        span: Span,
        /// The function.
        name: String,
        /// How many it takes, in words.
        expected: String,
        /// How many were given, in words.
        found: String,
        /// A fix.
        #[help]
        help: Option<String>,
    },

    /// A format spec (`{x:.2}`, `{x:%}`) on a value it does not apply to (§11).
    #[error("`{{…:{spec}}}` does not apply to a `{ty}`")]
    #[diagnostic(code(E0276), help("{help}"))]
    SpecOnType {
        /// The spec.
        #[label("a `{ty}` cannot be shown with `:{spec}`")]
        span: Span,
        /// The spec as written.
        spec: String,
        /// The interpolated value's type.
        ty: String,
        /// Which types take it.
        help: String,
    },

    /// An empty literal separator of `split`/`join` or `from` of `replace`.
    #[error("`{name}` with an empty {what}")]
    #[diagnostic(code(E0277), help("{help}"))]
    EmptySeparator {
        /// The literal.
        #[label("empty {what}")]
        span: Span,
        /// The built-in.
        name: String,
        /// `separator` or `text to replace`.
        what: String,
        /// The fix.
        help: String,
    },

    /// A `matches` pattern the `regex` crate rejects.
    #[error("invalid pattern: {reason}")]
    #[diagnostic(
        code(E0278),
        help("patterns use the `regex` crate's syntax (linear time: no look-around or back-references); see https://docs.rs/regex/latest/regex/#syntax")
    )]
    BadPattern {
        /// The raw literal.
        #[label("{reason}")]
        span: Span,
        /// The crate's message.
        reason: String,
    },

    /// The pattern of `matches` is not a raw string literal or a `const`
    /// initialised by one.
    #[error("the pattern of `matches` must be a raw string literal `r\"…\"` or a `const` initialised by one")]
    #[diagnostic(code(E0279), help("{help}"))]
    PatternNotLiteral {
        /// The argument.
        #[label("{what}")]
        span: Span,
        /// What it is.
        what: String,
        /// The fix.
        help: String,
    },

    /// The digit count of `round` is not an `int` literal 0–28.
    #[error("the digits of `round` must be an `int` literal from 0 to 28")]
    #[diagnostic(
        code(E0280),
        help("a decimal has at most 28 fractional digits; write e.g. `round(x, 2)`")
    )]
    RoundDigits {
        /// The argument.
        #[label("{what}")]
        span: Span,
        /// What was found.
        what: String,
    },

    /// A built-in given an argument of a type it does not take.
    #[error("`{name}` takes {expected}, found `{found}`")]
    #[diagnostic(code(E0251))]
    BadArgument {
        /// The argument.
        #[label("this is `{found}`")]
        span: Span,
        /// The function.
        name: String,
        /// What it takes, in words.
        expected: String,
        /// The type given.
        found: String,
    },

    /// Indexing or slicing something that is not a list.
    #[error("cannot index a `{ty}`")]
    #[diagnostic(code(E0252))]
    NotIndexable {
        /// The value.
        #[label("this is `{ty}`")]
        span: Span,
        /// Its type.
        ty: String,
        /// A fix.
        #[help]
        help: Option<String>,
    },

    /// `sum` over values that cannot be added.
    #[error("cannot `sum` values of type `{ty}`")]
    #[diagnostic(code(E0253), help("`sum` adds `int`, `decimal`, `money`, `quantity` or `duration` values; use `count(x in E: cond)` to count"))]
    CannotSum {
        /// The body.
        #[label("this is `{ty}`")]
        span: Span,
        /// Its type.
        ty: String,
    },

    /// A record construction without a required field.
    #[error("missing field `{name}` in `{record}`")]
    #[diagnostic(
        code(E0260),
        help("give `{name}: …`; only optional fields and fields with a default may be left out")
    )]
    MissingField {
        /// The construction.
        #[label("`{name}: {ty}` is required")]
        span: Span,
        /// The field.
        name: String,
        /// Its type.
        ty: String,
        /// The record.
        record: String,
    },

    /// A field given twice in a record construction.
    #[error("field `{name}` is given twice")]
    #[diagnostic(code(E0261), help("keep one `{name}: …`"))]
    RepeatedField {
        /// The second.
        #[label("given again here")]
        span: Span,
        /// The first.
        #[label("first given here")]
        first: Span,
        /// The field.
        name: String,
    },

    /// `{…}` in a string that is not an effect's message (§6). The parser
    /// keeps it for every string literal; only the checker knows where an
    /// expression string ends up.
    #[error("interpolation is only allowed in an effect's message")]
    #[diagnostic(code(E0017), help("write `\\{{` and `\\}}` for literal braces"))]
    InterpolationNotAllowed {
        /// The first interpolation.
        #[label("`{{…}}` not allowed here")]
        span: Span,
    },

    /// A value that a message cannot show.
    #[error("a `{ty}` cannot be shown in a message")]
    #[diagnostic(
        code(E0262),
        help("interpolate one of its fields instead, e.g. `{{x.name}}`")
    )]
    NotInterpolable {
        /// The interpolated expression.
        #[label("this is `{ty}`")]
        span: Span,
        /// Its type.
        ty: String,
    },

    /// An empty `[]`/`{}` whose element type nothing tells.
    #[error("cannot tell the element type of this empty collection")]
    #[diagnostic(
        code(E0263),
        help("give the constant a type, e.g. `const none: list<string> = []`")
    )]
    UnknownElementType {
        /// The collection.
        #[label("empty, and no type is expected here")]
        span: Span,
    },

    /// A field default that is not a compile-time constant.
    #[error("a field default must be a constant")]
    #[diagnostic(code(E0264), help("use literals, enum variants, constants, and lists, sets or records of them; compute other values in a `const`"))]
    NotConstant {
        /// The offending part.
        #[label("not a constant")]
        span: Span,
    },

    /// `if` branches of different types, or mixed collection elements.
    #[error("{what} have different types: `{first}` and `{second}`")]
    #[diagnostic(code(E0265))]
    Disagree {
        /// The second value.
        #[label("this is `{second}`")]
        span: Span,
        /// The first value.
        #[label("this is `{first}`")]
        first_span: Span,
        /// `the branches of this if`, `the elements of this list`.
        what: String,
        /// First type.
        first: String,
        /// Second type.
        second: String,
        /// A fix.
        #[help]
        help: Option<String>,
    },

    // ------------------------------------------------------------ declarations
    /// `effective` not before `expires`.
    #[error("`expires` must come after `effective`")]
    #[diagnostic(
        code(E0301),
        help("nothing is in force from {effective} until {expires}; fix one of the dates")
    )]
    ExpiresBeforeEffective {
        /// The later line.
        #[label("{label}")]
        span: Span,
        /// The other line.
        #[label("{other_label}")]
        other: Span,
        /// Label on the later line.
        label: String,
        /// Label on the other line.
        other_label: String,
        /// The effective date.
        effective: String,
        /// The expiry date.
        expires: String,
    },

    /// `suspended A until B` with `A >= B`.
    #[error("suspension ends before it starts")]
    #[diagnostic(
        code(E0302),
        help("the window is `[from, until)`: write the later date after `until`")
    )]
    EmptySuspension {
        /// `until B`.
        #[label("{until} is not after {from}")]
        span: Span,
        /// First date.
        from: String,
        /// Second date.
        until: String,
    },

    /// An in-force line on a policy whose record has no `date: date`.
    #[error("`{record}` has no field `date: date`, which `{line}` needs")]
    #[diagnostic(
        code(E0303),
        help("the in-force test reads the record's `date`; add `date: date` to `{record}`")
    )]
    NoDateField {
        /// The date line.
        #[label("needs the record's `date`")]
        span: Span,
        /// The record declaration, when in the same file.
        #[label("`{record}` declared here")]
        record_span: Option<Span>,
        /// The record declaration, when in another file.
        #[related]
        elsewhere: Vec<Note>,
        /// The record type.
        record: String,
        /// The metadata word.
        line: String,
    },

    /// `as_of` needed where no record is being decided (§12).
    #[error("`as_of` cannot be read in {place}")]
    #[diagnostic(
        code(E0338),
        help("`as_of` is the date a record is decided on, known only when a rule runs; read it in a rule, an effect message or a `def` that a rule calls")
    )]
    AsOfAtCompileTime {
        /// The read, or the call of a `def` that reads it.
        #[label("{what}")]
        span: Span,
        /// The `def`'s own read, when in the same file.
        #[label("needs `as_of` here")]
        read: Option<Span>,
        /// The `def`'s own read, when in another file.
        #[related]
        elsewhere: Vec<Note>,
        /// "a constant's initialiser" or "a test's `given` record".
        place: String,
        /// The primary label.
        what: String,
    },

    /// A declaration, parameter or binding named `as_of`.
    #[error("`as_of` is a reserved name")]
    #[diagnostic(
        code(E0340),
        help("`as_of` always means the decision date (§12); choose another name")
    )]
    AsOfReserved {
        /// The name.
        #[label("reserved name")]
        span: Span,
    },

    /// `as_of` read by a policy whose record has no `date: date` (§12).
    #[error("`{record}` has no field `date: date`, which `as_of` needs")]
    #[diagnostic(
        code(E0339),
        help("without `--as-of`, `as_of` is the record's `date`; add `date: date` to `{record}`")
    )]
    AsOfNeedsDate {
        /// The first read (or call of a `def` that reads it) in the policy.
        #[label("needs the record's `date`")]
        span: Span,
        /// The record declaration, when in the same file.
        #[label("`{record}` declared here")]
        record_span: Option<Span>,
        /// The record declaration, when in another file.
        #[related]
        elsewhere: Vec<Note>,
        /// The record type.
        record: String,
    },

    /// A `load` whose file cannot be read.
    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(
        code(E0310),
        help("`load` paths are relative to the directory of the `.pol` file")
    )]
    LoadUnreadable {
        /// The path literal.
        #[label("loaded here")]
        span: Span,
        /// The file.
        path: String,
        /// The OS error.
        reason: String,
    },

    /// A `load` of a file that is not `.txt`, `.csv` or `.json`.
    #[error("cannot load `{path}`")]
    #[diagnostic(code(E0311), help("`load` reads `.txt` (one value a line), `.csv` (with `column \"NAME\"`) or `.json` (with `as TYPE`)"))]
    LoadKind {
        /// The path literal.
        #[label("not a `.txt`, `.csv` or `.json` file")]
        span: Span,
        /// The file.
        path: String,
    },

    /// A `load` clause that does not fit the file kind.
    #[error("{message}")]
    #[diagnostic(code(E0312))]
    LoadClause {
        /// The load or the clause.
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

    /// A CSV file without the requested column.
    #[error("`{path}` has no column `{column}`")]
    #[diagnostic(code(E0313))]
    CsvColumn {
        /// The `column` string.
        #[label("not in the file's header")]
        span: Span,
        /// The file.
        path: String,
        /// The column.
        column: String,
        /// Did you mean / the columns.
        #[help]
        help: Option<String>,
    },

    /// A malformed CSV file.
    #[error("`{path}` line {line}: {reason}")]
    #[diagnostic(code(E0314), help("CSV fields are separated by `,`; quote a field containing `,` or `\"` as `\"…\"` and double a quote inside it"))]
    CsvMalformed {
        /// The load.
        #[label("loaded here")]
        span: Span,
        /// The file.
        path: String,
        /// 1-based line.
        line: u32,
        /// What is wrong.
        reason: String,
    },

    /// A loaded value that does not convert to the element type.
    #[error("`{path}` line {line}: `{value}` is not {what}")]
    #[diagnostic(code(E0315))]
    LoadBadValue {
        /// The load.
        #[label("loaded as `{ty}` here")]
        span: Span,
        /// The file.
        path: String,
        /// 1-based line.
        line: u32,
        /// The value.
        value: String,
        /// What it should be, in words.
        what: String,
        /// The declared type.
        ty: String,
        /// Did you mean.
        #[help]
        help: Option<String>,
    },

    /// A loaded list where something else is expected.
    #[error("`load` of a `.{ext}` file gives a list, not `{ty}`")]
    #[diagnostic(code(E0316), help("declare the constant as `list<T>` or `set<T>` with `T` one of `string`, `country`, `int`, `decimal`, `date`, `bool` or an enum"))]
    LoadTarget {
        /// The load.
        #[label("a list of values")]
        span: Span,
        /// The file extension.
        ext: String,
        /// The expected type.
        ty: String,
    },

    /// A `load` path that is absolute or leads outside the package.
    #[error("`load` path `{written}` {why}")]
    #[diagnostic(
        code(E0317),
        help("a `load` path is relative to the directory of its `.pol` file and must stay inside the package (the directory given to polc, or the directory of the file given); copy the data into the package")
    )]
    LoadOutside {
        /// The path literal.
        #[label("outside the package")]
        span: Span,
        /// The path as written.
        written: String,
        /// `is absolute` or `leads outside the package`.
        why: String,
    },

    /// A `load` of something other than a regular file (a FIFO, a device).
    #[error("cannot load `{path}`: it is {what}, not a regular file")]
    #[diagnostic(
        code(E0318),
        help("`load` reads regular files only; copy the data into a file in the package")
    )]
    LoadNotRegular {
        /// The path literal.
        #[label("not a regular file")]
        span: Span,
        /// The file.
        path: String,
        /// What it is.
        what: String,
    },

    /// A loaded file over the size limit.
    #[error("cannot load `{path}`: it is larger than the limit of {limit}")]
    #[diagnostic(
        code(E0319),
        help("polc reads at most {limit} from one file; split the data or trim it")
    )]
    LoadTooLarge {
        /// The path literal or the `load`.
        #[label("too large")]
        span: Span,
        /// The file.
        path: String,
        /// The limit, as written (`64 MiB`).
        limit: String,
    },

    /// A loaded `.txt` or `.csv` file that is not UTF-8.
    #[error("`{path}` line {line} is not valid UTF-8")]
    #[diagnostic(
        code(E0323),
        help("save the file as UTF-8 (a Latin-1 `ü` is one byte, `0xFC`; in UTF-8 it is two); a value with a replaced character would never match")
    )]
    LoadNotUtf8 {
        /// The `load`.
        #[label("loaded here")]
        span: Span,
        /// The file.
        path: String,
        /// 1-based line of the first bad byte.
        line: usize,
    },

    /// A `given` record whose type no policy applies to.
    #[error("no policy applies to `{ty}`")]
    #[diagnostic(code(E0320))]
    GivenNotSubject {
        /// The given expression.
        #[label("this is `{ty}`")]
        span: Span,
        /// Its type.
        ty: String,
        /// What the policies apply to.
        #[help]
        help: Option<String>,
    },

    /// `expect D by R` where R's effect does not yield D.
    #[error("`{rule}` cannot make the decision `{decision}`")]
    #[diagnostic(code(E0321), help("{help}"))]
    WrongEffectBy {
        /// The rule reference.
        #[label("its effect is `{effect}`")]
        span: Span,
        /// The rule.
        rule: String,
        /// The expected decision.
        decision: String,
        /// The rule's effect.
        effect: String,
        /// The fix.
        help: String,
    },

    /// A rule reference whose policy applies to another record type.
    #[error("`{rule}` applies to `{subject}`, not to `{given}`")]
    #[diagnostic(
        code(E0322),
        help("a test runs the policies for the type of its `given` record")
    )]
    RuleNotApplicable {
        /// The rule reference.
        #[label("policy for `{subject}`")]
        span: Span,
        /// The rule.
        rule: String,
        /// The policy's record.
        subject: String,
        /// The given record.
        given: String,
    },

    /// `test … only P` where P applies to another record type.
    #[error("policy `{policy}` applies to `{subject}`, not to `{given}`")]
    #[diagnostic(code(E0137))]
    OnlyOtherType {
        /// The name in the `only` list.
        #[label("a policy for `{subject}`")]
        span: Span,
        /// The policy.
        policy: String,
        /// Its record type.
        subject: String,
        /// The given record's type.
        given: String,
        /// The policies for the given type.
        #[help]
        help: Option<String>,
    },

    /// An `expect` naming a rule of a policy the test's `only` list leaves out.
    #[error("policy `{policy}` is not evaluated by this test")]
    #[diagnostic(code(E0138))]
    RuleOutsideOnly {
        /// The policy part of the rule reference.
        #[label("not in the `only` list")]
        span: Span,
        /// The policy.
        policy: String,
        /// The fix.
        #[help]
        help: String,
    },

    /// `at N` after a rule that has no `for`.
    #[error("`{rule}` is not a `for` rule: it has no cases to pick with `at`")]
    #[diagnostic(
        code(E0139),
        help("remove `at {index}`; `at N` names the case of a rule `rule r for x in xs`")
    )]
    CaseOfPlainRule {
        /// `at N`.
        #[label("this rule has one case")]
        span: Span,
        /// The rule.
        rule: String,
        /// The index.
        index: u32,
    },

    /// A policy named twice in a test's `only` list.
    #[error("policy `{policy}` is named twice in `only`")]
    #[diagnostic(code(E0140), help("remove the second `{policy}`"))]
    OnlyTwice {
        /// The second name.
        #[label("named again here")]
        span: Span,
        /// The first name.
        #[label("first named here")]
        first: Span,
        /// The policy.
        policy: String,
    },

    // ------------------------------------------------------------ lints
    /// `expect [no] report to "A" [within N days]` that no rule of the
    /// evaluated policies can make true (or false).
    #[error("no rule this test evaluates reports to \"{to}\"{within}")]
    #[diagnostic(code(W0118), severity(Warning), help("{help}"))]
    NoSuchReport {
        /// The `expect` line.
        #[label("{label}")]
        span: Span,
        /// The authority.
        to: String,
        /// ` within N days`, or nothing.
        within: String,
        /// What the line does because of it.
        label: String,
        /// The reports there are.
        help: String,
    },

    /// A package-level `const` or `def` nothing refers to.
    #[error("{what} `{name}` is never used")]
    #[diagnostic(
        code(W0101),
        severity(Warning),
        help("remove it, or refer to it from a rule")
    )]
    Unused {
        /// The name.
        #[label("declared here")]
        span: Span,
        /// `constant` or `function`.
        what: String,
        /// The name.
        name: String,
    },

    /// A value repeated in a file loaded as a set.
    #[error("`{path}` line {line}: `{value}` repeats line {first_line}")]
    #[diagnostic(
        code(W0102),
        severity(Warning),
        help("a set keeps one copy; remove the repeated line from `{path}`")
    )]
    DuplicateLoaded {
        /// The load.
        #[label("loaded as a set here")]
        span: Span,
        /// The file.
        path: String,
        /// The repeat.
        line: u32,
        /// The first occurrence.
        first_line: u32,
        /// The value.
        value: String,
    },

    /// A rule whose static cost bound is too high (`cost.rs`).
    #[error("rule `{rule}` may be too costly to evaluate: {cost}")]
    #[diagnostic(
        code(W0109),
        severity(Warning),
        help("a `def` that calls `def`s twice, each of which does the same, doubles its cost at every level, and nested quantifiers multiply; compute the value once (a `const`, or one call bound by a quantifier) or flatten the nesting; `polc check --cost` shows every rule's bound")
    )]
    CostlyRule {
        /// The `rule` keyword.
        #[label("this rule")]
        span: Span,
        /// `policy.rule`
        rule: String,
        /// The bound, as `polc check --cost` shows it.
        cost: String,
    },

    /// A literal list that initialises a set repeats an element.
    #[error("this element repeats an earlier one; the set keeps one copy")]
    #[diagnostic(code(W0108), severity(Warning), help("remove the repeated element"))]
    RepeatedElement {
        /// The repeat.
        #[label("repeated")]
        span: Span,
        /// The first occurrence.
        #[label("first here")]
        first: Span,
    },

    /// `round`/`floor`/`ceil` of an `int`: the value is returned unchanged.
    #[error("`{name}` of an `int` does nothing")]
    #[diagnostic(
        code(W0113),
        severity(Warning),
        help("an `int` has no fractional digits; remove `{name}`, or divide first if a `decimal` was meant")
    )]
    RoundsInt {
        /// The call.
        #[label("always the `int` itself")]
        span: Span,
        /// `round`, `floor` or `ceil`.
        name: String,
    },

    /// `^`/`$`/`\A`/`\z` at an end of a `matches` pattern: it already
    /// matches the whole string.
    #[error("`matches` already matches the whole string; this anchor is redundant")]
    #[diagnostic(
        code(W0114),
        severity(Warning),
        help("remove the anchor; to find the pattern anywhere in the string write `.*` around it")
    )]
    RedundantAnchor {
        /// The pattern.
        #[label("`{anchor}` is implied")]
        span: Span,
        /// The anchor.
        anchor: String,
    },

    /// A condition that folds to a constant.
    #[error("this condition is always `{value}`")]
    #[diagnostic(code(W0103), severity(Warning), help("{help}"))]
    ConstantCondition {
        /// The condition.
        #[label("always `{value}`")]
        span: Span,
        /// The folded value.
        value: bool,
        /// What it means for the rule.
        help: String,
    },

    /// Two rules with the same conditions and effect.
    #[error("rule `{name}` repeats rule `{other}`")]
    #[diagnostic(
        code(W0104),
        severity(Warning),
        help("both rules fire on the same records with the same effect; remove one")
    )]
    DuplicateRuleBody {
        /// The second rule.
        #[label("same conditions and effect as `{other}`")]
        span: Span,
        /// The first rule.
        #[label("`{other}` declared here")]
        first: Span,
        /// The second rule's name.
        name: String,
        /// The first rule's name.
        other: String,
    },

    /// A rule that is never in force.
    #[error("rule `{name}` is never in force")]
    #[diagnostic(code(W0105), severity(Warning), help("{reason}; check its dates"))]
    NeverInForce {
        /// The rule.
        #[label("never in force")]
        span: Span,
        /// The rule.
        name: String,
        /// Why.
        reason: String,
    },

    /// `is present`, `is missing`, `?.` or `??` on a value that is never absent.
    #[error("`{what}` on a value that is never absent")]
    #[diagnostic(code(W0106), severity(Warning), help("{help}"))]
    NeverAbsent {
        /// The value.
        #[label("this is `{ty}`, not optional")]
        span: Span,
        /// The operator.
        what: String,
        /// Its type.
        ty: String,
        /// What it amounts to.
        help: String,
    },

    /// Two conditions on one path with no common value.
    #[error("this condition can never hold")]
    #[diagnostic(
        code(W0107),
        severity(Warning),
        help("`{path}` cannot satisfy both conditions, so the rule never fires")
    )]
    NeverHolds {
        /// The second atom.
        #[label("contradicts the earlier condition")]
        span: Span,
        /// The first atom.
        #[label("earlier condition on `{path}`")]
        first: Span,
        /// The path.
        path: String,
    },

    // ------------------------------------------------------------ `let` and collections (§11)
    /// A `let` name that reuses a binding, `const`, `def` or declaration.
    #[error("`let {name}` reuses the name of {what}")]
    #[diagnostic(
        code(E0119),
        help("choose another name for the `let`; names in a rule must be unambiguous")
    )]
    LetReusesName {
        /// The new name.
        #[label("bound again here")]
        span: Span,
        /// The earlier one, when in the same file (else in `elsewhere`).
        #[label("{what} declared here")]
        first: Option<Span>,
        /// The earlier one, when in another file.
        #[related]
        elsewhere: Vec<Note>,
        /// The name.
        name: String,
        /// What it names already, in words.
        what: String,
    },

    /// A `let` named like a built-in function or `as_of`.
    #[error("`let {name}`: `{name}` is {what}")]
    #[diagnostic(code(E0120), help("choose another name for the `let`"))]
    LetReservedName {
        /// The name.
        #[label("reserved name")]
        span: Span,
        /// The name.
        name: String,
        /// What reserves it.
        what: String,
    },

    /// `missing` where the expected type is not optional.
    #[error("`missing` is a value only where an optional type is expected")]
    #[diagnostic(code(E0121))]
    MissingNotOptional {
        /// The `missing`.
        #[label("{label}")]
        span: Span,
        /// What is expected here, in words.
        label: String,
        /// The fix.
        #[help]
        help: Option<String>,
    },

    /// A `let` whose type cannot be known (`let x = missing`, `let x = []`).
    #[error("the type of `let {name}` cannot be inferred")]
    #[diagnostic(code(E0122), help("{help}"))]
    LetNeedsType {
        /// The value.
        #[label("no type can be inferred from this")]
        span: Span,
        /// The name.
        name: String,
        /// The fix.
        help: String,
    },

    /// `xs + ys` on lists of different element types, or a list with a
    /// value that is not one.
    #[error("cannot concatenate `{lhs}` and `{rhs}`")]
    #[diagnostic(code(E0270))]
    BadConcat {
        /// The `+`.
        #[label("`+` joins two lists of one element type")]
        span: Span,
        /// Left operand.
        #[label("`{lhs}`")]
        lspan: Span,
        /// Right operand.
        #[label("`{rhs}`")]
        rspan: Span,
        /// Left type.
        lhs: String,
        /// Right type.
        rhs: String,
        /// The fix.
        #[help]
        help: Option<String>,
    },

    /// `union`/`intersection`/`difference` on something that is not a set.
    #[error("`{name}` takes two sets, found `{found}`")]
    #[diagnostic(code(E0271))]
    NotASetOperand {
        /// The argument.
        #[label("`{found}`, not a set")]
        span: Span,
        /// The function.
        name: String,
        /// The argument's type.
        found: String,
        /// The fix.
        #[help]
        help: Option<String>,
    },

    /// `union`/`intersection`/`difference` on sets of different element types.
    #[error("`{name}` needs two sets of one element type, found `{first}` and `{second}`")]
    #[diagnostic(code(E0272), help("convert one side, or compare values of one type"))]
    SetOperandsDisagree {
        /// The second argument.
        #[label("`{second}`")]
        span: Span,
        /// The first argument.
        #[label("`{first}`")]
        first_span: Span,
        /// The function.
        name: String,
        /// First type.
        first: String,
        /// Second type.
        second: String,
    },

    /// `flatten` of something that is not a list of lists.
    #[error("`flatten` takes a list of lists, found `{found}`")]
    #[diagnostic(code(E0273))]
    NotAListOfLists {
        /// The argument.
        #[label("`{found}`")]
        span: Span,
        /// Its type.
        found: String,
        /// The fix.
        #[help]
        help: Option<String>,
    },

    /// A `let`'s annotation is not a type its value can have.
    #[error("`let {name}: {expected}` is bound to a value of type `{found}`")]
    #[diagnostic(code(E0275))]
    LetMismatch {
        /// The value.
        #[label("`{found}`")]
        span: Span,
        /// The annotation.
        #[label("declared `{expected}` here")]
        annotation: Span,
        /// The name.
        name: String,
        /// The annotation.
        expected: String,
        /// The value's type.
        found: String,
        /// The fix.
        #[help]
        help: Option<String>,
    },

    /// A `let` nothing reads.
    #[error("`let {name}` is never read")]
    #[diagnostic(
        code(W0110),
        severity(Warning),
        help("remove it, or read it in a later line; a `let` runs even when unused (and can make the case indeterminate). Start the name with `_` to keep it on purpose")
    )]
    UnusedLet {
        /// The name.
        #[label("bound here")]
        span: Span,
        /// The name.
        name: String,
    },

    /// A `let` that can fail at run time before a condition that does not
    /// read it: its error would make a case indeterminate that the
    /// condition rules out.
    #[error("`let {name}` can fail at run time before a condition that does not need it")]
    #[diagnostic(
        code(W0111),
        severity(Warning),
        help("move the `let` below this condition (just above the first line that reads `{name}`), so that the condition guards it")
    )]
    LetBeforeGuard {
        /// The `let` line.
        #[label("can fail: {why}")]
        span: Span,
        /// The condition.
        #[label("does not read `{name}`")]
        guard: Span,
        /// The name.
        name: String,
        /// What can fail.
        why: String,
    },

    /// A `let` bound to a literal.
    #[error("`let {name}` binds a literal")]
    #[diagnostic(
        code(W0112),
        severity(Warning),
        help("a literal does not change from case to case: declare `const {name} = {value}` in the policy instead")
    )]
    LetLiteral {
        /// The value.
        #[label("a literal")]
        span: Span,
        /// The name.
        name: String,
        /// The literal's text.
        value: String,
    },

    // ------------------------------------------------------------ constants and fixtures
    /// The constant pass met an IR it cannot compute (a bug in polc).
    #[error("internal error: {what}")]
    #[diagnostic(
        code(E0099),
        help("this is a bug in polc; please report it with the file")
    )]
    Internal {
        /// What.
        what: String,
        /// Where.
        #[label("here")]
        span: Span,
    },

    /// A `const` initialiser or a field default failed when computed by the
    /// constant pass (`fold.rs`).
    #[error("{what} cannot be computed: {reason}")]
    #[diagnostic(
        code(E0450),
        help("constants and defaults are computed once, before any record is read; make the computation valid for every input")
    )]
    ConstFailed {
        /// `constant `x`` or `the default of `R.f``.
        what: String,
        /// The runtime error.
        reason: String,
        /// The declaration.
        #[label("computed here")]
        span: Span,
        /// The operation that failed.
        #[label("this fails")]
        at: Span,
    },

    /// A `load`ed `.json` fixture that does not fit its type.
    #[error("`{path}` {line}:{column}: {message}")]
    #[diagnostic(
        code(E0452),
        help("the fixture is read like an input record; fix the file or the `as` type")
    )]
    BadFixture {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (characters).
        column: usize,
        /// What is wrong.
        message: String,
        /// The `load` expression.
        #[label("loaded here")]
        span: Span,
    },

    /// A key of a `load`ed `.json` fixture that is a near-miss of an
    /// absent field (§16): a compile-time error, never silently ignored.
    #[error("`{path}` {line}:{column}: {message}")]
    #[diagnostic(
        code(E0141),
        help("rename the key (or column) in the file to the field it means; keys and columns that are not fields are otherwise ignored")
    )]
    FixtureNearMiss {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (characters).
        column: usize,
        /// What is wrong.
        message: String,
        /// The `load` expression.
        #[label("loaded here")]
        span: Span,
    },

    /// A fixture that cannot be read.
    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(
        code(E0453),
        help("`load` paths are relative to the directory of the file that holds them")
    )]
    UnreadableFixture {
        /// The file.
        path: String,
        /// The OS error.
        reason: String,
        /// The `load` expression.
        #[label("loaded here")]
        span: Span,
    },

    /// `covers R` where R names no rule (§13).
    #[error("{what}")]
    #[diagnostic(code(E0133), help("{help}"))]
    UnknownCovered {
        /// The name.
        #[label("{label}")]
        span: Span,
        /// The message.
        what: String,
        /// The label.
        label: String,
        /// Did you mean, or how to name a rule.
        help: String,
    },

    /// `covers R` where R's effect is not `require license` (§13).
    #[error("`{rule}` is not a `require license` rule, so nothing can authorize it")]
    #[diagnostic(code(E0134), help("{help}"))]
    CoversWrongEffect {
        /// The reference.
        #[label("its effect is `{effect}`")]
        span: Span,
        /// The covered rule's effect line, when in the same file.
        #[label("effect of `{rule}`")]
        effect_span: Option<Span>,
        /// The effect line, when in another file.
        #[related]
        elsewhere: Vec<Note>,
        /// The covered rule.
        rule: String,
        /// Its effect.
        effect: String,
        /// Why no other effect can be covered.
        help: String,
    },

    /// `covers R` where R's policy applies to another record type (§13).
    #[error("`{rule}` applies to `{other}`, not to `{subject}`")]
    #[diagnostic(
        code(E0135),
        help(
            "an `authorize` rule covers rules of policies over the same record type (`{subject}`)"
        )
    )]
    CoversOtherRecord {
        /// The reference.
        #[label("a rule of a policy for `{other}`")]
        span: Span,
        /// The covered rule.
        rule: String,
        /// Its policy's record type.
        other: String,
        /// The `authorize` rule's record type.
        subject: String,
    },

    /// A `for` `authorize` rule and a covered rule whose cases do not pair
    /// up (§13).
    #[error("{what}")]
    #[diagnostic(code(E0136), help("{help}"))]
    CoversOtherCases {
        /// The reference.
        #[label("{label}")]
        span: Span,
        /// The `for` clause of the `authorize` rule.
        #[label("cases of this rule")]
        here: Span,
        /// The covered rule's `for` clause (or name), when in the same file.
        #[label("{other_label}")]
        other: Option<Span>,
        /// The same, when in another file.
        #[related]
        elsewhere: Vec<Note>,
        /// The message.
        what: String,
        /// The label at the reference.
        label: String,
        /// The label at the covered rule.
        other_label: String,
        /// The fix.
        help: String,
    },

    /// `expect authorized by R` where R's effect is not `authorize` (§13).
    #[error("`{rule}` is not an `authorize` rule")]
    #[diagnostic(code(E0036), help("{help}"))]
    NotAuthorizeRule {
        /// The reference.
        #[label("its effect is `{effect}`")]
        span: Span,
        /// The rule.
        rule: String,
        /// Its effect.
        effect: String,
        /// The fix.
        help: String,
    },

    /// The same rule named twice after one `covers`.
    #[error("`{rule}` is covered twice")]
    #[diagnostic(code(W0117), severity(Warning), help("remove the second mention"))]
    CoveredTwice {
        /// The second mention.
        #[label("named again here")]
        span: Span,
        /// The first.
        #[label("first named here")]
        first: Span,
        /// The rule.
        rule: String,
    },

    // ------------------------------------------------------------ maps and record loads (§11, §12)
    /// A map keyed by a type that cannot key a map.
    #[error("a map cannot be keyed by `{ty}`")]
    #[diagnostic(
        code(E0284),
        help("a map's key type is `string`, `country`, an enum, `int` or `date`")
    )]
    MapKeyType {
        /// The key type.
        #[label("this is `{ty}`")]
        span: Span,
        /// The key type.
        ty: String,
    },

    /// A map whose value type is optional.
    #[error("a map's value type cannot be optional (`{ty}`)")]
    #[diagnostic(
        code(E0285),
        help(
            "a key that has no value is simply not in the map: drop the `?` and leave the key out"
        )
    )]
    MapValueOptional {
        /// The value type.
        #[label("optional")]
        span: Span,
        /// The value type.
        ty: String,
    },

    /// Two equal constant keys in one map literal.
    #[error("key `{key}` appears twice in this map")]
    #[diagnostic(
        code(E0286),
        help("a map holds one value per key; remove one of the entries")
    )]
    DuplicateMapKey {
        /// The second key.
        #[label("repeated here")]
        span: Span,
        /// The first key.
        #[label("first here")]
        first: Span,
        /// The key as written.
        key: String,
    },

    /// A map used as the collection of a binder.
    #[error("a map is not a collection to iterate")]
    #[diagnostic(
        code(E0287),
        help("iterate its keys with `keys(m)` or its values with `values(m)`")
    )]
    MapNotIterable {
        /// The map.
        #[label("this is `{ty}`")]
        span: Span,
        /// Its type.
        ty: String,
    },

    /// A `.csv`/`.tsv` load of rows whose record has a map-typed field.
    #[error("a map-typed field cannot be read from a {format} file")]
    #[diagnostic(
        code(E0288),
        help("give the rows as a `.json` array, or drop the map field from `{record}`")
    )]
    MapFieldInRows {
        /// The load.
        #[label("`{field}` is `{ty}`")]
        span: Span,
        /// `.csv` or `.tsv`.
        format: String,
        /// The record type.
        record: String,
        /// The field path.
        field: String,
        /// Its type.
        ty: String,
    },

    /// A `load … as list<R>` whose rows miss a column R requires.
    #[error("`{path}` has no column `{column}`, which `{record}` requires")]
    #[diagnostic(code(E0330))]
    LoadMissingColumn {
        /// The load.
        #[label("loaded as `{record}` rows here")]
        span: Span,
        /// The file.
        path: String,
        /// The column (dotted for nested records).
        column: String,
        /// The record type.
        record: String,
        /// Did you mean, or the columns.
        #[help]
        help: Option<String>,
    },

    /// A row of a record load that does not fit its type.
    #[error("`{path}` {line}:{column}: {reason}")]
    #[diagnostic(
        code(E0331),
        help(
            "every row of a loaded list is checked once, by `polc check`; fix the row in the file"
        )
    )]
    LoadBadRow {
        /// The load.
        #[label("loaded here")]
        span: Span,
        /// The file.
        path: String,
        /// 1-based line.
        line: u32,
        /// 1-based column (characters).
        column: u32,
        /// What is wrong.
        reason: String,
    },

    /// More bad rows than are listed.
    #[error("`{path}`: {count} more bad rows not shown ({total} in all)")]
    #[diagnostic(
        code(E0332),
        help("the first 100 bad rows of each file are shown; fix those and check again")
    )]
    LoadMoreBadRows {
        /// The load.
        #[label("loaded here")]
        span: Span,
        /// The file.
        path: String,
        /// Rows not shown.
        count: usize,
        /// Bad rows in all.
        total: usize,
    },

    /// A list or set field whose elements cannot be written in a cell.
    #[error("field `{field}` (`{ty}`) cannot be read from a {format} cell")]
    #[diagnostic(
        code(E0333),
        help("a list or set field in a `.csv`/`.tsv` row holds values written as text, separated by `;`; give these rows as a `.json` array")
    )]
    LoadCellType {
        /// The load.
        #[label("loaded here")]
        span: Span,
        /// The field path.
        field: String,
        /// Its type.
        ty: String,
        /// `.csv` or `.tsv`.
        format: String,
    },

    /// A `key "FIELD"` that cannot key the map.
    #[error("`key \"{field}\"` {why}")]
    #[diagnostic(code(E0334))]
    LoadKey {
        /// The key clause (or the load).
        #[label("{label}")]
        span: Span,
        /// The field.
        field: String,
        /// What is wrong.
        why: String,
        /// The label.
        label: String,
        /// A fix.
        #[help]
        help: Option<String>,
    },

    /// Two rows of a loaded map with one key.
    #[error("`{path}` line {line}: key `{key}` repeats line {first_line}")]
    #[diagnostic(
        code(E0335),
        help("a map holds one row per key; remove or merge one of the rows in `{path}`")
    )]
    LoadDuplicateKey {
        /// The load.
        #[label("loaded as a map here")]
        span: Span,
        /// The file.
        path: String,
        /// The repeat.
        line: u32,
        /// The first row.
        first_line: u32,
        /// The key.
        key: String,
    },

    /// A record load that is not `as list<R>`/`set<R>` or `as map<K, R>` with `key`.
    #[error("{message}")]
    #[diagnostic(code(E0336))]
    LoadShape {
        /// Where.
        #[label("{label}")]
        span: Span,
        /// What is wrong.
        message: String,
        /// The label.
        label: String,
        /// A fix.
        #[help]
        help: Option<String>,
    },

    /// A dated collection used other than by name where its rows on
    /// `as_of` are read (§12).
    #[error("the dated collection `{name}` cannot be used {how}")]
    #[diagnostic(code(E0337))]
    DatedMisuse {
        /// The use.
        #[label("{label}")]
        span: Span,
        /// The constant.
        name: String,
        /// What the use does (`as a value`, `in a constant's initialiser`).
        how: String,
        /// The label.
        label: String,
        /// A fix.
        #[help]
        help: Option<String>,
    },

    /// A `dated` load that is not the whole initialiser of a `const`.
    #[error("a `dated` load must be the whole initialiser of a `const`")]
    #[diagnostic(
        code(E0341),
        help("declare it on its own, `const entities = load \"…\" as list<R> dated \"from\" until \"to\"`, and use `entities` by name")
    )]
    DatedLoadNotConst {
        /// The load.
        #[label("a dated load inside another expression")]
        span: Span,
    },

    /// Two rows of one element (or map key) of a dated load whose windows overlap.
    #[error("`{path}` line {line}: the window of {what} overlaps its window on line {first_line}")]
    #[diagnostic(
        code(E0342),
        help("the windows of one element must not share a day: end the earlier one (`until`) on or before the day the later one starts")
    )]
    DatedOverlap {
        /// The load.
        #[label("loaded with `dated` here")]
        span: Span,
        /// The file.
        path: String,
        /// The later row.
        line: u32,
        /// The earlier row.
        first_line: u32,
        /// The element or key (`key `X``, `this row`).
        what: String,
    },

    /// A column named by `dated "FROM" until "TO"` is not in the file's header.
    #[error("`{path}` has no column `{column}`, which `dated` names")]
    #[diagnostic(code(E0343))]
    LoadMissingWindowColumn {
        /// The load.
        #[label("loaded with `dated` here")]
        span: Span,
        /// The file.
        path: String,
        /// The column.
        column: String,
        /// Did you mean.
        #[help]
        help: Option<String>,
    },
}

/// A secondary location in another file, shown after the diagnostic it
/// belongs to (miette draws one file per snippet; see STYLE.md, miette #193).
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(severity(Advice))]
pub struct Note {
    /// The location.
    #[label("{label}")]
    pub span: Span,
    /// What it is.
    pub message: String,
    /// The label.
    pub label: String,
}

/// The stage boundary: from here on the error is plain data.
impl From<CheckError> for crate::diag::Diagnostic {
    fn from(error: CheckError) -> Self {
        Self::from_miette(&error)
    }
}
