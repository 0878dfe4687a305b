//! The built-in functions of §6, declared once: one [`BUILTINS`] entry per
//! function with its name, its signature (data the checker interprets), a
//! line of documentation and its implementation on runtime values (which
//! the evaluator calls). The checker looks names up here ([`lookup`]),
//! the IR and the evaluator's nodes hold a `&'static Builtin`, and no other
//! list of built-in names exists. `count`/`sum`/`min`/`max` with a binder
//! (`min(x in xs: …)`) are syntax, not calls, and are not here.

use std::cmp::Ordering;
use std::fmt;

use unicode_normalization::UnicodeNormalization;

use crate::eval::ops;
use crate::ir::Type;
use crate::value::error::{internal, ValueError};
use crate::value::{SetValue, Str, Value};

mod numbers;
pub mod text;

/// One built-in function.
pub struct Builtin {
    /// The name a call writes (reserved: no `def` may take it).
    pub name: &'static str,
    /// Arity and typing rule, interpreted by `check::calls`.
    pub sig: Sig,
    /// One line on what it computes.
    pub doc: &'static str,
    /// The implementation on evaluated arguments (span-free; the caller
    /// attaches the span).
    pub run: fn(&[Value]) -> Result<Value, ValueError>,
}

impl fmt::Debug for Builtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "builtin `{}`", self.name)
    }
}

impl Builtin {
    /// Whether later arguments convert to the first one's currency, like
    /// comparison operands (`min`/`max`).
    #[inline]
    pub fn aligns_arguments(&self) -> bool {
        matches!(self.sig, Sig::SameOrdered { .. })
    }
}

/// A built-in's signature, as data.
#[derive(Clone, Copy, Debug)]
pub enum Sig {
    /// Exactly `arity` arguments, each typed against an expected `string`
    /// and required present; the result is `ret`.
    Strings {
        /// The number of arguments.
        arity: usize,
        /// The result type.
        ret: Ret,
        /// What the error messages say it takes ("`lower` takes …").
        takes: &'static str,
    },
    /// Exactly one argument, required present, of one of `kinds`; the
    /// result is `ret`.
    One {
        /// The accepted argument types.
        kinds: &'static [Kind],
        /// The result type.
        ret: Ret,
        /// What the error messages say it takes.
        takes: &'static str,
    },
    /// `min_args` or more present arguments of one ordered type (joined
    /// like comparison operands, the expected type first); the result is
    /// that type.
    SameOrdered {
        /// The fewest arguments.
        min_args: usize,
    },
    /// Two sets of one element type (a literal operand takes its type
    /// from the other, §11); the result is a set of that type.
    SetPair,
    /// One list of lists; the result is a list of the inner element type.
    Flatten,
    /// Present arguments of the given string-ish kinds, one each (§11:
    /// `replace`, `split`, `join`, `words`); the result is `ret`.
    Params {
        /// One entry per argument.
        params: &'static [Param],
        /// The result type.
        ret: Ret,
        /// What the error messages say it takes.
        takes: &'static str,
    },
    /// One present argument of any type; the result is `ret` (`text`).
    Any {
        /// The result type.
        ret: Ret,
    },
    /// A number, `money` or `quantity` and an `int` literal 0–28, the
    /// fractional digits kept (`round`).
    Round,
    /// A `string` and a pattern: a raw string literal or a `const`
    /// initialised by one, compiled once when the program is linked
    /// (`matches`).
    Pattern,
}

/// One argument of a [`Sig::Params`] built-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// A `string`.
    Str,
    /// A `string` that must not be empty: an empty literal is a
    /// compile-time error, an empty value at run time makes the rule
    /// indeterminate (§11). `what` names it in messages.
    NonEmpty {
        /// `separator`, `text to replace`.
        what: &'static str,
    },
    /// A `list<string>`.
    StrList,
}

/// An argument type a [`Sig::One`] accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `string`
    String,
    /// `list<T>`, any `T`
    List,
    /// `set<T>`, any `T`
    Set,
    /// `map<K, V>`, any `K`, `V` (§11)
    Map,
    /// `int`
    Int,
    /// `decimal`
    Decimal,
    /// `money`
    Money,
    /// `quantity`
    Quantity,
    /// `duration`
    Duration,
    /// `date`
    Date,
}

impl Kind {
    /// Whether a (present) value of type `ty` is of this kind.
    pub fn matches(self, ty: &Type) -> bool {
        match self {
            Kind::String => *ty == Type::String,
            Kind::List => matches!(ty, Type::List(_)),
            Kind::Set => matches!(ty, Type::Set(_)),
            Kind::Map => matches!(ty, Type::Map(..)),
            Kind::Int => *ty == Type::Int,
            Kind::Decimal => *ty == Type::Decimal,
            Kind::Money => *ty == Type::Money,
            Kind::Quantity => *ty == Type::Quantity,
            Kind::Duration => *ty == Type::Duration,
            Kind::Date => *ty == Type::Date,
        }
    }
}

/// A built-in's result type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ret {
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `string`
    String,
    /// `list<string>`
    StringList,
    /// The argument's own type (an error type when the argument is wrong).
    Arg,
    /// `set<K>` of a `map<K, V>` argument.
    MapKeys,
    /// `list<V>` of a `map<K, V>` argument.
    MapValues,
}

const NUMERIC: &[Kind] = &[
    Kind::Int,
    Kind::Decimal,
    Kind::Money,
    Kind::Quantity,
    Kind::Duration,
];
const STRING: Sig = Sig::Strings {
    arity: 1,
    ret: Ret::String,
    takes: "a `string`",
};
const STRING_TEST: Sig = Sig::Strings {
    arity: 2,
    ret: Ret::Bool,
    takes: "two `string`s",
};

const ROUNDABLE: &[Kind] = &[Kind::Int, Kind::Decimal, Kind::Money, Kind::Quantity];

/// Every built-in function (§6, §11).
pub static BUILTINS: [Builtin; 28] = [
    Builtin {
        name: "len",
        sig: Sig::One {
            kinds: &[Kind::List, Kind::Set, Kind::String, Kind::Map],
            ret: Ret::Int,
            takes: "a list, set, map or string",
        },
        doc: "the number of elements of a list or set, entries of a map, characters of a string",
        run: len,
    },
    Builtin {
        name: "keys",
        sig: Sig::One {
            kinds: &[Kind::Map],
            ret: Ret::MapKeys,
            takes: "a map",
        },
        doc: "the keys of a map, as a set in insertion order",
        run: keys,
    },
    Builtin {
        name: "values",
        sig: Sig::One {
            kinds: &[Kind::Map],
            ret: Ret::MapValues,
            takes: "a map",
        },
        doc: "the values of a map, as a list in insertion order",
        run: values,
    },
    Builtin {
        name: "abs",
        sig: Sig::One {
            kinds: NUMERIC,
            ret: Ret::Arg,
            takes: "an `int`, `decimal`, `money`, `quantity` or `duration`",
        },
        doc: "the absolute value, in the argument's type",
        run: abs,
    },
    Builtin {
        name: "lower",
        sig: STRING,
        doc: "the string in lower case (Unicode)",
        run: lower,
    },
    Builtin {
        name: "upper",
        sig: STRING,
        doc: "the string in upper case (Unicode: `ß` becomes `SS`)",
        run: upper,
    },
    Builtin {
        name: "trim",
        sig: STRING,
        doc: "the string without white space at its ends",
        run: trim,
    },
    Builtin {
        name: "normalize",
        sig: STRING,
        doc: "NFKC, lower case, trimmed, runs of white space collapsed to one space",
        run: normalize,
    },
    Builtin {
        name: "starts_with",
        sig: STRING_TEST,
        doc: "whether the first string starts with the second",
        run: starts_with,
    },
    Builtin {
        name: "ends_with",
        sig: STRING_TEST,
        doc: "whether the first string ends with the second",
        run: ends_with,
    },
    Builtin {
        name: "contains",
        sig: STRING_TEST,
        doc: "whether the second string occurs in the first",
        run: contains,
    },
    Builtin {
        name: "year",
        sig: Sig::One {
            kinds: &[Kind::Date],
            ret: Ret::Int,
            takes: "a `date`",
        },
        doc: "the year of a date",
        run: year,
    },
    Builtin {
        name: "min",
        sig: Sig::SameOrdered { min_args: 2 },
        doc: "the smallest argument (the first of equals)",
        run: min,
    },
    Builtin {
        name: "max",
        sig: Sig::SameOrdered { min_args: 2 },
        doc: "the largest argument (the first of equals)",
        run: max,
    },
    Builtin {
        name: "union",
        sig: Sig::SetPair,
        doc: "the first set's elements, then those of the second not in the first",
        run: union,
    },
    Builtin {
        name: "intersection",
        sig: Sig::SetPair,
        doc: "the first set's elements that are in the second, in the first's order",
        run: intersection,
    },
    Builtin {
        name: "difference",
        sig: Sig::SetPair,
        doc: "the first set's elements that are not in the second, in the first's order",
        run: difference,
    },
    Builtin {
        name: "flatten",
        sig: Sig::Flatten,
        doc: "the elements of each list of a list of lists, in order",
        run: flatten,
    },
    Builtin {
        name: "replace",
        sig: Sig::Params {
            params: &[
                Param::Str,
                Param::NonEmpty {
                    what: "text to replace",
                },
                Param::Str,
            ],
            ret: Ret::String,
            takes: "three `string`s",
        },
        doc: "the first string with every occurrence of the second replaced by the third",
        run: text::replace,
    },
    Builtin {
        name: "split",
        sig: Sig::Params {
            params: &[Param::Str, Param::NonEmpty { what: "separator" }],
            ret: Ret::StringList,
            takes: "two `string`s",
        },
        doc: "the pieces of the first string between occurrences of the second, empty ones kept",
        run: text::split,
    },
    Builtin {
        name: "join",
        sig: Sig::Params {
            params: &[Param::StrList, Param::NonEmpty { what: "separator" }],
            ret: Ret::String,
            takes: "a `list<string>` and a `string`",
        },
        doc: "the strings of the list with the separator between them",
        run: text::join,
    },
    Builtin {
        name: "words",
        sig: Sig::Params {
            params: &[Param::Str],
            ret: Ret::StringList,
            takes: "a `string`",
        },
        doc: "the words of `fold(s)`: split at spaces, none empty",
        run: text::words,
    },
    Builtin {
        name: "fold",
        sig: STRING,
        doc: "the screening normal form: normalized, accents and marks of Latin, Greek and Cyrillic letters removed, letters like `ø` `ß` spelled out, punctuation made spaces",
        run: text::fold,
    },
    Builtin {
        name: "text",
        sig: Sig::Any { ret: Ret::String },
        doc: "the value rendered as a message shows it (`3200 USD`, `2026-01-06`, a variant's name)",
        run: text::text_without_names,
    },
    Builtin {
        name: "matches",
        sig: Sig::Pattern,
        doc: "whether the pattern (a raw string `r\"…\"`, `regex` syntax) matches the whole string",
        run: text::matches_uncompiled,
    },
    Builtin {
        name: "round",
        sig: Sig::Round,
        doc: "the number rounded half to even to the given count of fractional digits (0–28)",
        run: numbers::round,
    },
    Builtin {
        name: "floor",
        sig: Sig::One {
            kinds: ROUNDABLE,
            ret: Ret::Arg,
            takes: "an `int`, `decimal`, `money` or `quantity`",
        },
        doc: "the largest whole number not above the argument, in its type",
        run: numbers::floor,
    },
    Builtin {
        name: "ceil",
        sig: Sig::One {
            kinds: ROUNDABLE,
            ret: Ret::Arg,
            takes: "an `int`, `decimal`, `money` or `quantity`",
        },
        doc: "the smallest whole number not below the argument, in its type",
        run: numbers::ceil,
    },
];

/// The built-in names of the second edition (§11–§14), reserved (E0118)
/// whether or not this build implements them yet: one list, so that a
/// `def` named like a future built-in is refused today.
pub const SECOND_EDITION: &[&str] = &[
    "replace",
    "split",
    "join",
    "words",
    "fold",
    "matches",
    "round",
    "floor",
    "ceil",
    "text",
    "union",
    "intersection",
    "difference",
    "flatten",
    "keys",
    "values",
    "screen",
];

/// Whether `name` is reserved for a built-in function, and whether it is
/// one of the second edition's.
pub fn reserved(name: &str) -> Option<Edition> {
    if SECOND_EDITION.contains(&name) {
        Some(Edition::Second)
    } else if lookup(name).is_some() {
        Some(Edition::First)
    } else {
        None
    }
}

/// Which edition of the language introduced a built-in name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edition {
    /// §1–§10.
    First,
    /// §11–§18.
    Second,
}

/// The built-in called `name`.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// The names of the built-ins, in table order.
pub fn names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|b| b.name)
}

/// The checker guarantees the arguments; anything else is an internal error.
fn bad(name: &str) -> ValueError {
    internal(format!("bad arguments to built-in `{name}`"))
}

fn one_str<'a>(args: &'a [Value], name: &str) -> Result<&'a Str, ValueError> {
    match args {
        [Value::Str(s)] => Ok(s),
        _ => Err(bad(name)),
    }
}

fn two_strs<'a>(args: &'a [Value], name: &str) -> Result<(&'a Str, &'a Str), ValueError> {
    match args {
        [Value::Str(s), Value::Str(p)] => Ok((s, p)),
        _ => Err(bad(name)),
    }
}

/// `len` of a list, set or string (strings count characters).
fn len(args: &[Value]) -> Result<Value, ValueError> {
    let n = match args {
        [Value::Str(s)] => s.chars().count(),
        [Value::List(items)] => items.len(),
        [Value::Set(set)] => set.len(),
        [Value::Map(map)] => map.len(),
        _ => {
            return Err(internal(
                "`len` of a value that is not a list, set, map or string",
            ))
        }
    };
    i64::try_from(n)
        .map(Value::Int)
        .map_err(|_| ValueError::Overflow { op: "len" })
}

/// `keys(m)`: a set in insertion order.
fn keys(args: &[Value]) -> Result<Value, ValueError> {
    match args {
        [Value::Map(map)] => Ok(Value::set(map.entries().iter().map(|(k, _)| k.clone()))),
        _ => Err(internal("`keys` of a value that is not a map")),
    }
}

/// `values(m)`: a list in insertion order.
fn values(args: &[Value]) -> Result<Value, ValueError> {
    match args {
        [Value::Map(map)] => Ok(Value::list(
            map.entries().iter().map(|(_, v)| v.clone()).collect(),
        )),
        _ => Err(internal("`values` of a value that is not a map")),
    }
}

fn abs(args: &[Value]) -> Result<Value, ValueError> {
    match args {
        [v] => ops::abs(v),
        _ => Err(bad("abs")),
    }
}

fn lower(args: &[Value]) -> Result<Value, ValueError> {
    one_str(args, "lower").map(|s| Value::Str(Str::from(s.to_lowercase())))
}

fn upper(args: &[Value]) -> Result<Value, ValueError> {
    one_str(args, "upper").map(|s| Value::Str(Str::from(s.to_uppercase())))
}

fn trim(args: &[Value]) -> Result<Value, ValueError> {
    let s = one_str(args, "trim")?;
    let t = s.trim();
    Ok(if t.len() == s.len() {
        Value::Str(s.clone())
    } else {
        Value::str(t)
    })
}

fn normalize(args: &[Value]) -> Result<Value, ValueError> {
    one_str(args, "normalize").map(|s| Value::Str(normalize_str(s)))
}

fn starts_with(args: &[Value]) -> Result<Value, ValueError> {
    two_strs(args, "starts_with").map(|(s, p)| Value::Bool(s.starts_with(p.as_str())))
}

fn ends_with(args: &[Value]) -> Result<Value, ValueError> {
    two_strs(args, "ends_with").map(|(s, p)| Value::Bool(s.ends_with(p.as_str())))
}

fn contains(args: &[Value]) -> Result<Value, ValueError> {
    two_strs(args, "contains").map(|(s, p)| Value::Bool(s.contains(p.as_str())))
}

fn year(args: &[Value]) -> Result<Value, ValueError> {
    match args {
        [Value::Date(d)] => Ok(Value::Int(i64::from(d.year()))),
        _ => Err(bad("year")),
    }
}

fn min(args: &[Value]) -> Result<Value, ValueError> {
    extreme(args, Ordering::Less)
}

fn max(args: &[Value]) -> Result<Value, ValueError> {
    extreme(args, Ordering::Greater)
}

/// `min(a, b, …)` / `max(a, b, …)`: the first of the extreme values.
fn extreme(args: &[Value], want: Ordering) -> Result<Value, ValueError> {
    let mut best: Option<&Value> = None;
    for v in args {
        best = match best {
            None => Some(v),
            Some(b) if ops::compare(v, b)? == want => Some(v),
            keep => keep,
        };
    }
    match (args.first(), best) {
        (Some(first), Some(best)) => ops::in_unit_of(first, best.clone()),
        _ => Err(ValueError::EmptyAggregate {
            which: if want == Ordering::Less { "min" } else { "max" },
        }),
    }
}

fn two_sets<'a>(args: &'a [Value], name: &str) -> Result<(&'a SetValue, &'a SetValue), ValueError> {
    match args {
        [Value::Set(a), Value::Set(b)] => Ok((a, b)),
        _ => Err(bad(name)),
    }
}

/// `union(a, b)`: insertion order is `a`'s, then `b`'s new elements.
fn union(args: &[Value]) -> Result<Value, ValueError> {
    let (a, b) = two_sets(args, "union")?;
    Ok(Value::set(a.items().iter().chain(b.items()).cloned()))
}

/// The elements of `a` that are (`keep_common`) or are not in `b`.
fn filter_by(a: &SetValue, b: &SetValue, keep_common: bool) -> Value {
    // A set's elements are distinct, so inserting them one by one into a
    // copy of `b` tells membership without disturbing later tests.
    let mut probe = SetValue::from_values(b.items().iter().cloned());
    let kept: Vec<Value> = a
        .items()
        .iter()
        .filter(|x| probe.insert((*x).clone()) != keep_common)
        .cloned()
        .collect();
    Value::set(kept)
}

fn intersection(args: &[Value]) -> Result<Value, ValueError> {
    let (a, b) = two_sets(args, "intersection")?;
    Ok(filter_by(a, b, true))
}

fn difference(args: &[Value]) -> Result<Value, ValueError> {
    let (a, b) = two_sets(args, "difference")?;
    Ok(filter_by(a, b, false))
}

fn flatten(args: &[Value]) -> Result<Value, ValueError> {
    let [Value::List(outer)] = args else {
        return Err(bad("flatten"));
    };
    let mut out = Vec::new();
    for inner in outer.iter() {
        let Value::List(items) = inner else {
            return Err(bad("flatten"));
        };
        out.extend(items.iter().cloned());
    }
    Ok(Value::list(out))
}

/// `normalize` (§6): NFKC, lower case, trimmed, runs of white space
/// collapsed to one space. Returns the input itself when it is already
/// normal (the common case for ASCII names), without allocating.
pub fn normalize_str(s: &Str) -> Str {
    if !s.is_ascii() {
        let lowered = s.nfkc().collect::<String>().to_lowercase();
        return Str::from(lowered.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    // ASCII: NFKC is the identity, and `char::is_whitespace` on ASCII is
    // exactly this set (U+000B included, which `u8::is_ascii_whitespace` omits).
    let ws = |b: u8| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
    let bytes = s.as_bytes();
    let mut normal = bytes.first() != Some(&b' ') && bytes.last() != Some(&b' ');
    let mut prev_space = false;
    for &b in bytes {
        if !normal {
            break;
        }
        let space = b == b' ';
        if b.is_ascii_uppercase() || (ws(b) && !space) || (space && prev_space) {
            normal = false;
        }
        prev_space = space;
    }
    if normal {
        return s.clone();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_ascii() && ws(c as u8)) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.make_ascii_lowercase();
    Str::from(out)
}

#[cfg(test)]
mod tests;
