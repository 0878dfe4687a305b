//! A generator of random well-typed Pol packages (as source text, so the
//! parser and the checker run on them too) and of random records for them
//! (as JSON). Every first-edition type, operator, quantifier, aggregate,
//! built-in, optional form, unit, currency, date window, `for` rule and
//! effect appears; records hold absent optionals, duplicates in sets, edge
//! values (large ints for overflow, zero amounts for division by zero,
//! mixed currencies and dimensions, indices past the end).
//!
//! Everything is parenthesised, so precedence is never in question, and
//! enum variants are mostly qualified. A generated package that does not
//! check is a generator bug (the harness counts them).

use std::fmt::Write as _;

/// splitmix64: tiny, seedable, good enough to drive a generator.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `p` percent.
    pub fn chance(&mut self, p: u32) -> bool {
        self.below(100) < p as usize
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// A Pol type, as the generator tracks it.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Bool,
    Int,
    Dec,
    Str,
    Date,
    Dur,
    Country,
    Qty,
    Money,
    Enum(usize),
    Rec(usize),
    List(Box<Ty>),
    Set(Box<Ty>),
    Opt(Box<Ty>),
}

const SCALARS: [Ty; 9] = [
    Ty::Bool,
    Ty::Int,
    Ty::Dec,
    Ty::Str,
    Ty::Date,
    Ty::Dur,
    Ty::Country,
    Ty::Qty,
    Ty::Money,
];
const ORDERED: [Ty; 7] = [
    Ty::Int,
    Ty::Dec,
    Ty::Str,
    Ty::Date,
    Ty::Dur,
    Ty::Qty,
    Ty::Money,
];
const STRINGS: [&str; 17] = [
    "",
    "a",
    "A",
    "Dy",
    "dy",
    "sm",
    " x  y ",
    "ß",
    "ﬁne",
    "1C902.a",
    "Ab",
    "zz",
    // Unicode cases for `lower`, `upper`, `trim`, `normalize`, `len` and
    // code-point order: NBSP and an ideographic space (white space NFKC
    // turns into spaces), the Kelvin and Ohm signs, a dotted capital I, a
    // title-case digraph.
    "\u{a0}M\u{fc}ller\u{3000}GmbH ",
    "\u{212a}\u{2126}",
    "\u{130}stanbul",
    "\u{1c5}a",
    "\u{1F600}",
];
const COUNTRIES: [&str; 6] = ["JP", "DE", "CN", "US", "FR", "HK"];
const CURRENCIES: [&str; 3] = ["USD", "EUR", "JPY"];
const UNITS: [&str; 4] = ["g", "kg", "t", "pcs"];
const DECIMALS: [&str; 9] = [
    "0.5", "2.25", "0.0", "100.125", "25%", "0.1%", "1.0", "3.000", "0.001",
];

/// A record field.
pub struct Field {
    pub name: String,
    pub ty: Ty,
    pub default: Option<String>,
}

/// A `def`: name, parameters, return type.
struct Def {
    name: String,
    params: Vec<(String, Ty)>,
    ret: Ty,
}

/// One generated package and the means to make records for it.
pub struct Package {
    pub source: String,
    /// Files beside `main.pol` that it `load`s: name and text.
    pub files: Vec<(String, String)>,
    /// Enums: variant names (enum i is `Ei`).
    enums: Vec<Vec<String>>,
    /// Records: record 0 is `Tx`, the policies' subject.
    records: Vec<(String, Vec<Field>)>,
}

/// The expression generator's state.
struct Gen<'r> {
    rng: &'r mut Rng,
    enums: Vec<Vec<String>>,
    records: Vec<(String, Vec<Field>)>,
    /// Bindings in scope: name and type (constants included).
    env: Vec<(String, Ty)>,
    defs: Vec<Def>,
    fresh: usize,
    /// Constant initialisers: no runtime error may happen at compile time.
    safe: bool,
    /// Inside `{…}` of a message: no string literal, no braces.
    interp: bool,
    /// A string literal may stand for a `country` here: the expected type
    /// is `country` by one of §3's rules (a field value, a constant's
    /// annotation, beside a `country` path in `==` or `in`). Elsewhere
    /// (an `if` branch beside another literal, a slice's base) the spec
    /// gives no expected type, so `country` comes from a path.
    lit_country: bool,
}

impl Gen<'_> {
    fn name(&mut self, prefix: &str) -> String {
        self.fresh += 1;
        format!("{prefix}{}", self.fresh)
    }

    fn ty_text(&self, ty: &Ty) -> String {
        match ty {
            Ty::Bool => "bool".into(),
            Ty::Int => "int".into(),
            Ty::Dec => "decimal".into(),
            Ty::Str => "string".into(),
            Ty::Date => "date".into(),
            Ty::Dur => "duration".into(),
            Ty::Country => "country".into(),
            Ty::Qty => "quantity".into(),
            Ty::Money => "money".into(),
            Ty::Enum(i) => format!("E{i}"),
            Ty::Rec(i) => self.records[*i].0.clone(),
            Ty::List(t) => format!("list<{}>", self.ty_text(t)),
            Ty::Set(t) => format!("set<{}>", self.ty_text(t)),
            Ty::Opt(t) => format!("{}?", self.ty_text(t)),
        }
    }

    /// Every path of the bindings in scope, up to three steps.
    fn paths(&self) -> Vec<(String, Ty)> {
        let mut out = Vec::new();
        for (name, ty) in &self.env {
            self.paths_from(name.clone(), ty, 3, &mut out);
        }
        out
    }

    fn paths_from(&self, text: String, ty: &Ty, depth: u32, out: &mut Vec<(String, Ty)>) {
        out.push((text.clone(), ty.clone()));
        if depth == 0 {
            return;
        }
        match ty {
            Ty::Rec(i) => {
                for f in &self.records[*i].1 {
                    self.paths_from(format!("{text}.{}", f.name), &f.ty, depth - 1, out);
                }
            }
            Ty::Opt(inner) => {
                if let Ty::Rec(i) = **inner {
                    for f in &self.records[i].1 {
                        let fty = match &f.ty {
                            Ty::Opt(t) => Ty::Opt(t.clone()),
                            t => Ty::Opt(Box::new(t.clone())),
                        };
                        out.push((format!("{text}?.{}", f.name), fty));
                    }
                }
            }
            _ => {}
        }
    }

    fn paths_of(&self, ty: &Ty) -> Vec<String> {
        self.paths()
            .into_iter()
            .filter(|(_, t)| t == ty)
            .map(|(s, _)| s)
            .collect()
    }

    fn lit(&mut self, ty: &Ty) -> String {
        let r = &mut *self.rng;
        match ty {
            Ty::Bool => if r.chance(50) { "true" } else { "false" }.into(),
            Ty::Int => {
                let pool: &[&str] = if self.safe {
                    &["0", "1", "2", "3", "7", "10", "1000"]
                } else {
                    &[
                        "0",
                        "1",
                        "2",
                        "3",
                        "7",
                        "10",
                        "1000",
                        "(-1)",
                        "9223372036854775807",
                        "4_000_000_000_000_000_000",
                    ]
                };
                r.pick(pool).to_string()
            }
            Ty::Dec => r.pick(&DECIMALS).to_string(),
            Ty::Str => {
                if self.interp {
                    return self.leaf_path_or(ty, "tx.id");
                }
                format!("\"{}\"", r.pick(&STRINGS))
            }
            Ty::Date => format!("2026-{:02}-{:02}", 1 + r.below(12), 1 + r.below(28)),
            Ty::Dur => {
                let n = r.below(400);
                if n == 1 {
                    "1 day".into()
                } else {
                    format!("{n} days")
                }
            }
            Ty::Country => {
                if self.interp || !self.lit_country {
                    return self.leaf_path_or(ty, "tx.dest");
                }
                format!("\"{}\"", r.pick(&COUNTRIES))
            }
            Ty::Qty => {
                // Literals are mass only: a literal `pcs` beside a literal
                // `kg` is a compile-time error (E0242); count quantities
                // come from records (and meet mass at run time).
                let unit = *r.pick(&UNITS[..3]);
                format!(
                    "{} {unit}",
                    r.pick(&["0", "1", "2.5", "300", "0.001", "1_000"])
                )
            }
            Ty::Money => {
                let cur = if self.safe || r.chance(70) {
                    "USD"
                } else {
                    *r.pick(&CURRENCIES)
                };
                format!(
                    "{} {cur}",
                    r.pick(&["0", "1", "10.50", "3200", "0.01", "10_000"])
                )
            }
            Ty::Enum(i) => {
                let v = r.pick(&self.enums[*i]).clone();
                format!("E{i}.{v}")
            }
            Ty::Rec(i) => self.construct(*i, 1),
            Ty::List(t) | Ty::Set(t) => {
                let n = if !contains_record(t) && self.rng.chance(10) {
                    13 + self.rng.below(4)
                } else {
                    1 + self.rng.below(3)
                };
                let items: Vec<String> = (0..n).map(|_| self.lit(t)).collect();
                let (o, c) = if matches!(ty, Ty::Set(_)) {
                    ("{", "}")
                } else {
                    ("[", "]")
                };
                if self.interp && o == "{" {
                    return self.leaf_path_or(ty, "[]");
                }
                format!("{o}{}{c}", items.join(", "))
            }
            Ty::Opt(_) => panic!("no optional literal"),
        }
    }

    /// A value where `ty` is the expected type (§3 c, e): a literal of a
    /// type holding `country` may be written as strings.
    fn expected_value(&mut self, ty: &Ty, d: u32) -> String {
        if has_country(ty) && self.rng.chance(50) && !self.interp {
            let before = self.lit_country;
            self.lit_country = true;
            let v = self.lit(ty);
            self.lit_country = before;
            return v;
        }
        self.gen(ty, d)
    }

    fn leaf_path_or(&mut self, ty: &Ty, fallback: &str) -> String {
        let ps = self.paths_of(ty);
        if ps.is_empty() {
            fallback.into()
        } else {
            self.rng.pick(&ps).clone()
        }
    }

    /// `R { … }`: every required field, optional ones sometimes.
    fn construct(&mut self, i: usize, depth: u32) -> String {
        if self.interp {
            return self.leaf_path_or(&Ty::Rec(i), "tx");
        }
        let fields: Vec<(String, Ty, bool)> = self.records[i]
            .1
            .iter()
            .map(|f| (f.name.clone(), f.ty.clone(), f.default.is_some()))
            .collect();
        let mut parts = Vec::new();
        for (name, ty, has_default) in fields {
            match ty {
                Ty::Opt(inner) => {
                    if self.rng.chance(50) {
                        parts.push(format!("{name}: {}", self.expected_value(&inner, depth)));
                    }
                }
                t => {
                    if !has_default || self.rng.chance(50) {
                        parts.push(format!("{name}: {}", self.expected_value(&t, depth)));
                    }
                }
            }
        }
        format!("{} {{ {} }}", self.records[i].0, parts.join(", "))
    }

    fn leaf(&mut self, ty: &Ty) -> String {
        let ps = self.paths_of(ty);
        if !ps.is_empty() && self.rng.chance(65) {
            return self.rng.pick(&ps).clone();
        }
        let opts = self.paths_of(&Ty::Opt(Box::new(ty.clone())));
        // (In a message a set literal's braces are not written: no `??` there.)
        let set_in_message = self.interp && matches!(ty, Ty::Set(_));
        if !opts.is_empty() && self.rng.chance(30) && !matches!(ty, Ty::Rec(_)) && !set_in_message {
            let p = self.rng.pick(&opts).clone();
            let d = self.lit(ty);
            return format!("({p} ?? {d})");
        }
        self.lit(ty)
    }

    /// An expression of type `ty` (never optional) of nesting at most `d`.
    fn gen(&mut self, ty: &Ty, d: u32) -> String {
        if self.safe && has_country(ty) {
            // A constant has no path to take a `country` from.
            let before = self.lit_country;
            self.lit_country = true;
            let v = self.lit(ty);
            self.lit_country = before;
            return v;
        }
        if d == 0 || self.rng.chance(30) {
            return self.leaf(ty);
        }
        let d = d - 1;
        // Forms every type has.
        match self.rng.below(12) {
            0 => {
                let c = self.gen(&Ty::Bool, d);
                let a = self.gen(ty, d);
                let b = self.gen(ty, d);
                return format!("(if {c} then {a} else {b})");
            }
            1 => {
                let opts: Vec<String> = self.paths_of(&Ty::Opt(Box::new(ty.clone())));
                if !opts.is_empty() {
                    let p = self.rng.pick(&opts).clone();
                    let b = self.gen(ty, d);
                    if !p.contains('?') && self.rng.chance(40) {
                        // Narrowing (§3 c).
                        return format!("(if ({p} is present) then {p} else {b})");
                    }
                    return format!("({p} ?? {b})");
                }
            }
            2 if !self.safe => {
                let lists = self.paths_of(&Ty::List(Box::new(ty.clone())));
                if !lists.is_empty() {
                    let xs = self.rng.pick(&lists).clone();
                    let i = self.gen(&Ty::Int, d.min(1));
                    return format!("({xs}[{i}])");
                }
            }
            3 if !self.safe && !self.interp => {
                let calls: Vec<usize> = (0..self.defs.len())
                    .filter(|&k| self.defs[k].ret == *ty)
                    .collect();
                if !calls.is_empty() {
                    let k = *self.rng.pick(&calls);
                    let params: Vec<Ty> = self.defs[k].params.iter().map(|p| p.1.clone()).collect();
                    let args: Vec<String> = params.iter().map(|t| self.gen(t, d)).collect();
                    return format!("{}({})", self.defs[k].name, args.join(", "));
                }
            }
            4 if matches!(
                ty,
                Ty::Int | Ty::Dec | Ty::Str | Ty::Date | Ty::Dur | Ty::Qty | Ty::Money
            ) =>
            {
                let f = if self.rng.chance(50) { "min" } else { "max" };
                if !self.safe && self.rng.chance(40) {
                    let (v, coll, _) = self.binder(d);
                    if let Some(coll) = coll {
                        let body = self.gen(ty, d);
                        self.env.pop();
                        return format!("{f}({v} in {coll}: {body})");
                    }
                }
                let a = self.gen(ty, d);
                let b = self.gen(ty, d);
                return format!("{f}({a}, {b})");
            }
            _ => {}
        }
        match ty {
            Ty::Bool => self.gen_bool(d),
            Ty::Int => match self.rng.below(9) {
                0..=2 => {
                    let op = self.rng.pick(&["+", "-", "*"]);
                    let a = self.gen(ty, d);
                    let b = self.gen(ty, d);
                    format!("({a} {op} {b})")
                }
                3 => format!("(-{})", self.gen(ty, d)),
                4 => {
                    let t = self
                        .rng
                        .pick(&[
                            Ty::Str,
                            Ty::List(Box::new(Ty::Int)),
                            Ty::Set(Box::new(Ty::Str)),
                        ])
                        .clone();
                    format!("len({})", self.gen(&t, d))
                }
                5 => format!("year({})", self.gen(&Ty::Date, d)),
                6 => format!("abs({})", self.gen(ty, d)),
                _ => self.aggregate(ty, d),
            },
            // A constant must not fail at compile time: no division there.
            Ty::Dec if self.safe => {
                let op = self.rng.pick(&["+", "-", "*"]);
                let a = self.gen(&Ty::Int, d);
                let b = self.gen(&Ty::Dec, d);
                format!("({a} {op} {b})")
            }
            Ty::Dec => match self.rng.below(8) {
                0 => {
                    let a = self.gen(&Ty::Int, d);
                    let b = self.gen(&Ty::Int, d);
                    format!("({a} / {b})")
                }
                1 | 2 => {
                    let op = self.rng.pick(&["+", "-", "*", "/"]);
                    let (ta, tb) = if self.rng.chance(50) {
                        (Ty::Int, Ty::Dec)
                    } else {
                        (Ty::Dec, Ty::Dec)
                    };
                    let a = self.gen(&ta, d);
                    let b = self.gen(&tb, d);
                    format!("({a} {op} {b})")
                }
                3 => {
                    let t = if self.rng.chance(50) {
                        Ty::Money
                    } else {
                        Ty::Qty
                    };
                    let a = self.gen(&t, d);
                    let b = self.gen(&t, d);
                    format!("({a} / {b})")
                }
                4 => format!("abs({})", self.gen(ty, d)),
                5 => format!("(-{})", self.gen(ty, d)),
                _ => self.aggregate(ty, d),
            },
            Ty::Str => {
                let f = self.rng.pick(&["lower", "upper", "trim", "normalize"]);
                format!("{f}({})", self.gen(ty, d))
            }
            Ty::Date => {
                let op = self.rng.pick(&["+", "-"]);
                let a = self.gen(ty, d);
                let b = self.gen(&Ty::Dur, d);
                format!("({a} {op} {b})")
            }
            Ty::Dur => match self.rng.below(6) {
                0 => {
                    let a = self.gen(&Ty::Date, d);
                    let b = self.gen(&Ty::Date, d);
                    format!("({a} - {b})")
                }
                1 => {
                    let op = self.rng.pick(&["+", "-"]);
                    let a = self.gen(ty, d);
                    let b = self.gen(ty, d);
                    format!("({a} {op} {b})")
                }
                2 if !self.safe => {
                    let a = self.gen(ty, d);
                    let b = self.gen(&Ty::Int, d);
                    format!("({a} * {b})")
                }
                3 => format!("(-{})", self.gen(ty, d)),
                4 => format!("abs({})", self.gen(ty, d)),
                _ => self.aggregate(ty, d),
            },
            Ty::Qty | Ty::Money => match self.rng.below(7) {
                0 | 1 => {
                    let op = self.rng.pick(&["+", "-"]);
                    let a = self.gen(ty, d);
                    let b = self.gen(ty, d);
                    format!("({a} {op} {b})")
                }
                2 => {
                    let n = if self.rng.chance(50) {
                        Ty::Int
                    } else {
                        Ty::Dec
                    };
                    let a = self.gen(ty, d);
                    let b = self.gen(&n, d);
                    if self.rng.chance(50) {
                        format!("({a} * {b})")
                    } else {
                        format!("({b} * {a})")
                    }
                }
                3 if !self.safe => {
                    let n = if self.rng.chance(50) {
                        Ty::Int
                    } else {
                        Ty::Dec
                    };
                    let a = self.gen(ty, d);
                    let b = self.gen(&n, d);
                    format!("({a} / {b})")
                }
                4 => format!("(-{})", self.gen(ty, d)),
                5 => format!("abs({})", self.gen(ty, d)),
                _ => self.aggregate(ty, d),
            },
            Ty::Rec(i) => {
                let i = *i;
                if self.interp {
                    return self.leaf(ty);
                }
                if self.rng.chance(50) {
                    return self.construct(i, d);
                }
                let base = self.gen(ty, d);
                let fields: Vec<(String, Ty)> = self.records[i]
                    .1
                    .iter()
                    .map(|f| (f.name.clone(), f.ty.clone()))
                    .collect();
                let (name, fty) = self.rng.pick(&fields).clone();
                let v = match &fty {
                    Ty::Opt(inner) => {
                        if self.rng.chance(40) {
                            "missing".to_string()
                        } else {
                            self.expected_value(inner, d)
                        }
                    }
                    t => self.expected_value(t, d),
                };
                format!("({base} with {{ {name}: {v} }})")
            }
            Ty::List(t) | Ty::Set(t) => {
                let set = matches!(ty, Ty::Set(_));
                if self.interp && set {
                    return self.leaf(ty);
                }
                match self.rng.below(3) {
                    0 if !set && !self.safe => {
                        let base = self.gen(ty, d);
                        let lo = if self.rng.chance(70) {
                            self.gen(&Ty::Int, 0)
                        } else {
                            String::new()
                        };
                        let hi = if self.rng.chance(70) {
                            self.gen(&Ty::Int, 0)
                        } else {
                            String::new()
                        };
                        format!("({base}[{lo}..{hi}])")
                    }
                    1 => {
                        let (v, coll, _) = self.binder(d);
                        match coll {
                            Some(coll) => {
                                let e = self.gen(t, d);
                                let filter = if self.rng.chance(50) {
                                    format!(" if {}", self.gen(&Ty::Bool, d))
                                } else {
                                    String::new()
                                };
                                self.env.pop();
                                let (o, c) = if set { ("{", "}") } else { ("[", "]") };
                                format!("{o}{e} for {v} in {coll}{filter}{c}")
                            }
                            None => self.lit(ty),
                        }
                    }
                    _ => {
                        let n = if !contains_record(t) && self.rng.chance(5) {
                            13 + self.rng.below(4)
                        } else {
                            1 + self.rng.below(3)
                        };
                        let items: Vec<String> = (0..n).map(|_| self.gen(t, d)).collect();
                        let (o, c) = if set { ("{", "}") } else { ("[", "]") };
                        format!("{o}{}{c}", items.join(", "))
                    }
                }
            }
            Ty::Enum(_) | Ty::Country => self.leaf(ty),
            Ty::Opt(_) => panic!("gen of an optional"),
        }
    }

    /// Binds a fresh name to the elements of some collection in scope:
    /// returns the name, the collection text and its element type (and the
    /// binding is pushed; the caller pops it).
    fn binder(&mut self, d: u32) -> (String, Option<String>, Ty) {
        let colls: Vec<(String, Ty)> = self
            .paths()
            .into_iter()
            .filter(|(_, t)| matches!(t, Ty::List(_) | Ty::Set(_)))
            .collect();
        let v = self.name("v");
        if colls.is_empty() || self.rng.chance(15) {
            let elem = self
                .rng
                .pick(&[Ty::Int, Ty::Money, Ty::Qty, Ty::Str])
                .clone();
            let coll = self.gen(&Ty::List(Box::new(elem.clone())), d.min(1));
            self.env.push((v.clone(), elem.clone()));
            return (v, Some(coll), elem);
        }
        let (text, ty) = self.rng.pick(&colls).clone();
        let elem = match ty {
            Ty::List(t) | Ty::Set(t) => *t,
            _ => unreachable!(),
        };
        self.env.push((v.clone(), elem.clone()));
        (v, Some(text), elem)
    }

    fn aggregate(&mut self, ty: &Ty, d: u32) -> String {
        if self.safe {
            return self.leaf(ty);
        }
        let (v, coll, _) = self.binder(d);
        let Some(coll) = coll else {
            return self.leaf(ty);
        };
        let out = if *ty == Ty::Int && self.rng.chance(50) {
            let b = self.gen(&Ty::Bool, d);
            format!("count({v} in {coll}: {b})")
        } else {
            let b = self.gen(ty, d);
            format!("sum({v} in {coll}: {b})")
        };
        self.env.pop();
        out
    }

    fn gen_bool(&mut self, d: u32) -> String {
        match self.rng.below(11) {
            0 => {
                let t = self.rng.pick(&ORDERED).clone();
                let op = self.rng.pick(&["<", "<=", ">", ">="]);
                let a = self.gen(&t, d);
                let b = self.gen(&t, d);
                format!("({a} {op} {b})")
            }
            1 | 2 => {
                let t = self.eq_type();
                let op = self.rng.pick(&["==", "!="]);
                if has_country(&t) {
                    // A path on the left; the right may be a literal (§3 a).
                    let a = self.leaf_path_or(&t, "tx.dest");
                    if self.paths_of(&t).is_empty() {
                        return self.leaf(&Ty::Bool);
                    }
                    let b = self.expected_value(&t, d);
                    return format!("({a} {op} {b})");
                }
                let a = self.gen(&t, d);
                let b = self.gen(&t, d);
                format!("({a} {op} {b})")
            }
            3 => {
                let op = self.rng.pick(&["and", "or"]);
                let a = self.gen(&Ty::Bool, d);
                let b = self.gen(&Ty::Bool, d);
                format!("({a} {op} {b})")
            }
            4 => format!("(not {})", self.gen(&Ty::Bool, d)),
            5 => {
                let t = self.eq_type();
                let coll = if self.rng.chance(50) {
                    Ty::Set(Box::new(t.clone()))
                } else {
                    Ty::List(Box::new(t.clone()))
                };
                let op = self.rng.pick(&["in", "not in"]);
                // A country literal left of `in` would make the set's
                // elements strings (§3 b needs a `country` on the left).
                if t == Ty::Country {
                    if self.paths_of(&t).is_empty() {
                        return self.leaf(&Ty::Bool);
                    }
                    let a = self.leaf_path_or(&t, "tx.dest");
                    let c = if self.rng.chance(50) {
                        self.expected_value(&coll, d)
                    } else {
                        self.gen(&coll, d)
                    };
                    return format!("({a} {op} {c})");
                }
                let a = self.gen(&t, d);
                let c = self.gen(&coll, d);
                format!("({a} {op} {c})")
            }
            6 => {
                let opts: Vec<(String, Ty)> = self
                    .paths()
                    .into_iter()
                    .filter(|(_, t)| matches!(t, Ty::Opt(_)))
                    .collect();
                if opts.is_empty() {
                    return self.leaf(&Ty::Bool);
                }
                let (p, ty) = self.rng.pick(&opts).clone();
                let word = if self.rng.chance(50) {
                    "present"
                } else {
                    "missing"
                };
                // `P is present and B` narrows P in B (§3 b).
                if word == "present" && !p.contains('?') && self.rng.chance(50) {
                    let inner = match ty {
                        Ty::Opt(t) => *t,
                        _ => unreachable!(),
                    };
                    if matches!(inner, Ty::Int | Ty::Str | Ty::Date | Ty::Money) {
                        let b = self.gen(&inner, d);
                        return format!("(({p} is present) and ({p} == {b}))");
                    }
                }
                format!("({p} is {word})")
            }
            7 | 8 => {
                let (v, coll, _) = self.binder(d);
                let Some(coll) = coll else {
                    return self.leaf(&Ty::Bool);
                };
                let q = if self.rng.chance(50) { "any" } else { "all" };
                let body = self.gen(&Ty::Bool, d);
                self.env.pop();
                format!("({q} {v} in {coll}: {body})")
            }
            9 => {
                let f = self.rng.pick(&["starts_with", "ends_with", "contains"]);
                let a = self.gen(&Ty::Str, d);
                let b = self.gen(&Ty::Str, d);
                format!("{f}({a}, {b})")
            }
            _ => self.leaf(&Ty::Bool),
        }
    }

    fn eq_type(&mut self) -> Ty {
        match self.rng.below(14) {
            0..=8 => SCALARS[self.rng.below(SCALARS.len())].clone(),
            9 | 10 if !self.enums.is_empty() => Ty::Enum(self.rng.below(self.enums.len())),
            11 => Ty::List(Box::new(Ty::Int)),
            12 => Ty::Set(Box::new(Ty::Str)),
            _ if !self.interp => Ty::Rec(1 + self.rng.below(self.records.len() - 1)),
            _ => Ty::Int,
        }
    }
}

/// JSON for a value of `ty` (never `null` at the top: optional handling is the caller's).
fn json_value(rng: &mut Rng, g: &Package, ty: &Ty, out: &mut String) {
    match ty {
        Ty::Bool => out.push_str(if rng.chance(50) { "true" } else { "false" }),
        Ty::Int => {
            let v: i64 = match rng.below(10) {
                0 => *rng.pick(&[
                    i64::MAX,
                    i64::MIN,
                    4_611_686_018_427_387_904,
                    -9_000_000_000,
                ]),
                1 => 0,
                _ => rng.below(25) as i64 - 5,
            };
            let _ = write!(out, "{v}");
        }
        Ty::Dec => json_decimal(rng, out),
        Ty::Str => {
            let _ = write!(
                out,
                "{}",
                serde_json::Value::String(rng.pick(&STRINGS).to_string())
            );
        }
        Ty::Date => {
            let _ = write!(
                out,
                "\"{}-{:02}-{:02}\"",
                2025 + rng.below(3),
                1 + rng.below(12),
                1 + rng.below(28)
            );
        }
        Ty::Dur => {
            let v: i64 = if rng.chance(5) {
                i64::MAX / 2
            } else {
                rng.below(900) as i64 - 100
            };
            let _ = write!(out, "{v}");
        }
        Ty::Country => {
            let _ = write!(out, "\"{}\"", rng.pick(&COUNTRIES));
        }
        Ty::Qty => {
            out.push_str("{\"value\":");
            json_decimal(rng, out);
            let unit = if rng.chance(80) {
                *rng.pick(&UNITS[..3])
            } else {
                "pcs"
            };
            let _ = write!(out, ",\"unit\":\"{unit}\"}}");
        }
        Ty::Money => {
            out.push_str("{\"amount\":");
            json_decimal(rng, out);
            let cur = if rng.chance(80) {
                "USD"
            } else {
                *rng.pick(&CURRENCIES)
            };
            let _ = write!(out, ",\"currency\":\"{cur}\"}}");
        }
        Ty::Enum(i) => {
            let _ = write!(out, "\"{}\"", rng.pick(&g.enums[*i]));
        }
        Ty::Rec(i) => {
            out.push('{');
            let mut first = true;
            for f in &g.records[*i].1 {
                let skip = match &f.ty {
                    Ty::Opt(_) => rng.chance(30),
                    _ => f.default.is_some() && rng.chance(40),
                };
                if skip {
                    continue;
                }
                if !first {
                    out.push(',');
                }
                first = false;
                let _ = write!(out, "\"{}\":", f.name);
                match &f.ty {
                    Ty::Opt(inner) => {
                        if rng.chance(20) {
                            out.push_str("null");
                        } else {
                            json_value(rng, g, inner, out);
                        }
                    }
                    t => json_value(rng, g, t, out),
                }
            }
            out.push('}');
        }
        Ty::List(t) | Ty::Set(t) => {
            out.push('[');
            // Now and then past 12 elements, where polc indexes a set.
            // (Records hold lists of records: long lists of scalars only,
            // or the nesting multiplies.)
            let n = if !contains_record(t) && rng.chance(10) {
                13 + rng.below(6)
            } else {
                rng.below(5)
            };
            let mut items = Vec::new();
            for _ in 0..n {
                let mut s = String::new();
                json_value(rng, g, t, &mut s);
                items.push(s);
            }
            if matches!(ty, Ty::Set(_)) && n > 0 && rng.chance(30) {
                items.push(items[0].clone());
            }
            out.push_str(&items.join(","));
            out.push(']');
        }
        Ty::Opt(t) => json_value(rng, g, t, out),
    }
}

fn json_decimal(rng: &mut Rng, out: &mut String) {
    let text = *rng.pick(&[
        "0",
        "1",
        "-2.5",
        "12.50",
        "0.001",
        "3200",
        "1000000",
        "0.3333",
        "79228162514264337593543950",
        "7.123456789012345678901234567",
    ]);
    // Short numerals as JSON numbers (exact through serde_json's shortest
    // float printing), long ones as strings (§8 allows both).
    if text.len() < 12 && rng.chance(50) {
        out.push_str(text);
    } else {
        let _ = write!(out, "\"{text}\"");
    }
}

impl Package {
    /// A random record of `Tx` as one JSON line.
    pub fn record(&self, rng: &mut Rng) -> String {
        let mut out = String::new();
        json_value(rng, self, &Ty::Rec(0), &mut out);
        // Now and then an invalid record (§8): a required field missing,
        // an impossible date, an unknown enum value or currency.
        if rng.chance(3) {
            let bad = match rng.below(4) {
                0 => out.replacen("\"dest\":", "\"destination\":", 1),
                1 => out.replacen("\"date\":\"", "\"date\":\"2026-02-30\",\"was\":\"", 1),
                2 => out.replacen("\"currency\":\"", "\"currency\":\"XXQ\",\"was\":\"", 1),
                _ => out.replacen("\"e0v0\"", "\"nope\"", 1),
            };
            return bad;
        }
        out
    }
}

fn date_text(rng: &mut Rng) -> (u32, String) {
    // A day of 2025..=2027 as (ordinal, text); months of 28 days keep it simple.
    let n = rng.below(3 * 12 * 28) as u32;
    (
        n,
        format!(
            "{}-{:02}-{:02}",
            2025 + n / 336,
            1 + (n % 336) / 28,
            1 + n % 28
        ),
    )
}

/// `effective`/`expires`/`suspended` lines, each with some chance.
fn window(rng: &mut Rng, indent: &str, out: &mut String) {
    if rng.chance(30) {
        let (a, at) = date_text(rng);
        let (b, bt) = date_text(rng);
        let (lo, hi) = if a < b { (at, bt) } else { (bt, at) };
        if a != b {
            if rng.chance(50) {
                let _ = writeln!(out, "{indent}effective {lo}");
                let _ = writeln!(out, "{indent}expires {hi}");
            } else {
                let _ = writeln!(out, "{indent}suspended {lo} until {hi}");
            }
        }
    } else if rng.chance(15) {
        let (_, t) = date_text(rng);
        let word = if rng.chance(50) {
            "effective"
        } else {
            "expires"
        };
        let _ = writeln!(out, "{indent}{word} {t}");
    }
}

/// A random package.
pub fn package(rng: &mut Rng) -> Package {
    let n_enums = 1 + rng.below(3);
    let enums: Vec<Vec<String>> = (0..n_enums)
        .map(|i| (0..2 + rng.below(3)).map(|k| format!("e{i}v{k}")).collect())
        .collect();
    // Records 1.. are nested types; a record only holds records after it.
    let n_records = 2 + rng.below(3);
    let mut records: Vec<(String, Vec<Field>)> = Vec::new();
    for r in 0..n_records {
        let name = if r == 0 {
            "Tx".to_string()
        } else {
            format!("R{r}")
        };
        let mut fields = Vec::new();
        if r == 0 {
            fields.push(Field {
                name: "id".into(),
                ty: Ty::Str,
                default: None,
            });
            fields.push(Field {
                name: "date".into(),
                ty: Ty::Date,
                default: None,
            });
            fields.push(Field {
                name: "dest".into(),
                ty: Ty::Country,
                default: None,
            });
        }
        let n = 2 + rng.below(5);
        for k in 0..n {
            let ty = field_type(rng, r, n_records, n_enums);
            fields.push(Field {
                name: format!("f{k}"),
                ty,
                default: None,
            });
        }
        if r == 0 && n_records > 1 {
            let j = 1 + rng.below(n_records - 1);
            fields.push(Field {
                name: "items".into(),
                ty: Ty::List(Box::new(Ty::Rec(j))),
                default: None,
            });
        }
        records.push((name, fields));
    }
    let mut g = Gen {
        rng,
        enums,
        records,
        env: Vec::new(),
        defs: Vec::new(),
        fresh: 0,
        safe: false,
        interp: false,
        lit_country: false,
    };
    // Field defaults: literals of the field's type (optional fields have none).
    for r in 0..g.records.len() {
        for k in 0..g.records[r].1.len() {
            let ty = g.records[r].1[k].ty.clone();
            if g.records[r].1[k].name.starts_with('f')
                && !contains_record(&ty)
                && !matches!(ty, Ty::Opt(_))
                && g.rng.chance(25)
            {
                g.safe = true;
                g.lit_country = true;
                let d = match &ty {
                    Ty::Enum(i) if g.rng.chance(50) => g.enums[*i][0].clone(),
                    Ty::List(_) | Ty::Set(_) if g.rng.chance(50) => {
                        if matches!(ty, Ty::Set(_)) {
                            "{}".into()
                        } else {
                            "[]".into()
                        }
                    }
                    t => g.lit(t),
                };
                g.safe = false;
                g.lit_country = false;
                g.records[r].1[k].default = Some(d);
            }
        }
    }
    let mut src = String::new();
    for (i, vs) in g.enums.iter().enumerate() {
        let _ = writeln!(src, "enum E{i} {{ {} }}", vs.join(", "));
    }
    for (name, fields) in &g.records {
        let _ = writeln!(src, "record {name} {{");
        for f in fields {
            let _ = write!(src, "  {}: {}", f.name, g.ty_text(&f.ty));
            if let Some(d) = &f.default {
                let _ = write!(src, " = {d}");
            }
            src.push('\n');
        }
        src.push_str("}\n");
    }
    // Constants: safe expressions of literals.
    for _ in 0..g.rng.below(4) {
        let ty = field_type(g.rng, 1, 1, g.enums.len());
        let ty = match ty {
            Ty::Opt(t) => *t,
            t => t,
        };
        g.safe = true;
        let init = if has_country(&ty) {
            // Only literals: the annotation is the expected type (§3 e).
            g.lit_country = true;
            let v = g.lit(&ty);
            g.lit_country = false;
            v
        } else {
            g.gen(&ty, 2)
        };
        g.safe = false;
        let name = g.name("c");
        let _ = writeln!(src, "const {name}: {} = {init}", g.ty_text(&ty));
        g.env.push((name, ty));
    }
    // Loaded lists (§4): a `.txt` (comments and blank lines skipped) and a
    // `.csv` column, as constants of `list<string>` or `set<string>`.
    let mut files = Vec::new();
    if g.rng.chance(30) {
        let mut txt = String::from("# words\n");
        let mut csv = String::from("code,note\n");
        for _ in 0..1 + g.rng.below(5) {
            let w = g.rng.pick(&STRINGS[1..]).trim().to_string();
            if !w.is_empty() {
                txt.push_str(&w);
                txt.push_str("\n\n");
                let _ = writeln!(csv, "{w},n");
            }
        }
        files.push(("words.txt".to_string(), txt));
        files.push(("codes.csv".to_string(), csv));
        for (file, column) in [("words.txt", ""), ("codes.csv", " column \"code\"")] {
            let ty = if g.rng.chance(50) {
                Ty::Set(Box::new(Ty::Str))
            } else {
                Ty::List(Box::new(Ty::Str))
            };
            let name = g.name("c");
            let _ = writeln!(
                src,
                "const {name}: {} = load \"{file}\"{column}",
                g.ty_text(&ty)
            );
            g.env.push((name, ty));
        }
    }
    let consts = g.env.clone();
    // Functions: parameters of `Tx` or scalars; a body may call earlier ones.
    for _ in 0..g.rng.below(4) {
        // A `Tx` first, so a `country` can always come from a path.
        let mut params = vec![(g.name("p"), Ty::Rec(0))];
        for _ in 0..g.rng.below(2) {
            let t = if g.rng.chance(50) {
                Ty::Rec(0)
            } else {
                g.rng.pick(&SCALARS).clone()
            };
            params.push((g.name("p"), t));
        }
        let ret = if g.rng.chance(50) {
            Ty::Bool
        } else {
            g.rng.pick(&SCALARS).clone()
        };
        g.env = consts.clone();
        g.env.extend(params.iter().cloned());
        let body = g.gen(&ret, 3);
        let name = g.name("fn");
        let ps: Vec<String> = params
            .iter()
            .map(|(n, t)| format!("{n}: {}", g.ty_text(t)))
            .collect();
        let _ = writeln!(
            src,
            "def {name}({}): {} =\n  {body}",
            ps.join(", "),
            g.ty_text(&ret)
        );
        g.defs.push(Def { name, params, ret });
    }
    for p in 0..1 + g.rng.below(3) {
        let _ = writeln!(src, "policy p{p} for tx: Tx {{");
        if g.rng.chance(50) {
            let _ = writeln!(src, "  title \"Policy {p}\"");
        }
        if g.rng.chance(50) {
            let _ = writeln!(src, "  authority \"A{p}\"");
        }
        if g.rng.chance(50) {
            let _ = writeln!(src, "  source \"S{p}\"");
        }
        window(g.rng, "  ", &mut src);
        // Sometimes more than ten rules: `r10` sorts before `r2` (§9, bytes).
        let rules = if g.rng.chance(10) {
            11 + g.rng.below(3)
        } else {
            1 + g.rng.below(5)
        };
        for r in 0..rules {
            g.env = consts.clone();
            g.env.push(("tx".into(), Ty::Rec(0)));
            let mut head = format!("  rule r{r}");
            if g.rng.chance(35) {
                let (v, coll, _) = g.binder(2);
                if let Some(coll) = coll {
                    let _ = write!(head, " for {v} in {coll}");
                }
            }
            let _ = writeln!(src, "{head} {{");
            if g.rng.chance(20) {
                let _ = writeln!(src, "    source \"RS{r}\"");
            }
            window(g.rng, "    ", &mut src);
            if g.rng.chance(30) {
                // `when P is present` narrows P in every later line and
                // in the message (§3 a): P joins the scope as a `T`.
                let opts: Vec<(String, Ty)> = g
                    .paths()
                    .into_iter()
                    .filter(|(p, t)| matches!(t, Ty::Opt(_)) && !p.contains('?'))
                    .collect();
                if !opts.is_empty() {
                    let (p, ty) = g.rng.pick(&opts).clone();
                    let line = if g.rng.chance(50) {
                        format!("when {p} is present")
                    } else {
                        format!("unless {p} is missing")
                    };
                    let _ = writeln!(src, "    {line}");
                    if let Ty::Opt(inner) = ty {
                        g.env.push((p, *inner));
                    }
                }
            }
            for _ in 0..1 + g.rng.below(3) {
                let word = if g.rng.chance(75) { "when" } else { "unless" };
                let c = g.gen(&Ty::Bool, 4);
                let _ = writeln!(src, "    {word} {c}");
            }
            let mut msg = String::from("m");
            g.interp = true;
            for _ in 0..g.rng.below(3) {
                let t = g.rng.pick(&SCALARS).clone();
                let t = if g.rng.chance(20) && !g.enums.is_empty() {
                    Ty::Enum(0)
                } else if g.rng.chance(10) {
                    Ty::List(Box::new(Ty::Int))
                } else {
                    t
                };
                let e = g.gen(&t, 1);
                let _ = write!(msg, " {{{e}}}");
            }
            g.interp = false;
            let effect = match g.rng.below(5) {
                0 => format!("deny \"{msg}\""),
                1 => format!("require license \"{msg}\""),
                2 => format!("review \"{msg}\""),
                3 => format!(
                    "report \"{msg}\" to \"AUTH{}\" within {} days",
                    g.rng.below(3),
                    1 + g.rng.below(60)
                ),
                _ => format!("inspect \"{msg}\""),
            };
            let _ = writeln!(src, "    {effect}\n  }}");
        }
        src.push_str("}\n");
    }
    Package {
        source: src,
        files,
        enums: g.enums,
        records: g.records,
    }
}

fn field_type(rng: &mut Rng, r: usize, n_records: usize, n_enums: usize) -> Ty {
    let base = match rng.below(16) {
        0..=8 => SCALARS[rng.below(SCALARS.len())].clone(),
        9 | 10 => Ty::Enum(rng.below(n_enums)),
        11 if r + 1 < n_records => Ty::Rec(r + 1 + rng.below(n_records - r - 1)),
        12 => Ty::List(Box::new(
            rng.pick(&[Ty::Int, Ty::Str, Ty::Money, Ty::Qty, Ty::Country])
                .clone(),
        )),
        13 => Ty::Set(Box::new(
            rng.pick(&[Ty::Str, Ty::Country, Ty::Int, Ty::Money])
                .clone(),
        )),
        14 if r + 1 < n_records => {
            Ty::List(Box::new(Ty::Rec(r + 1 + rng.below(n_records - r - 1))))
        }
        _ => SCALARS[rng.below(SCALARS.len())].clone(),
    };
    if rng.chance(25) {
        Ty::Opt(Box::new(base))
    } else {
        base
    }
}

/// Whether a type holds a record (its default would not be a literal).
fn contains_record(ty: &Ty) -> bool {
    match ty {
        Ty::Rec(_) => true,
        Ty::List(t) | Ty::Set(t) | Ty::Opt(t) => contains_record(t),
        _ => false,
    }
}

/// Whether a type holds `country`.
fn has_country(ty: &Ty) -> bool {
    match ty {
        Ty::Country => true,
        Ty::List(t) | Ty::Set(t) | Ty::Opt(t) => has_country(t),
        _ => false,
    }
}
