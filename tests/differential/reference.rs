//! The reference evaluator: §3, §5, §6 and §8 of LANGUAGE.md read as
//! directly as possible, written for clarity and not speed. It walks the
//! checked program (`polc::ir`) and shares no evaluation code with
//! `polc::eval` (nor `polc::value::cmp`, `polc::builtins`' implementations
//! or the output's renderer): values are its own [`V`], arithmetic,
//! comparison, rendering and the in-force test are written out here from
//! the spec text. It reads records from JSON itself (§8, "JSON encodings").
//!
//! It computes the §9 NDJSON object of one record without `at` (a static
//! position) and with each error's message replaced by its *kind* (the
//! reference does not copy polc's wording; see `compare.rs`).

use std::cmp::Ordering;

use polc::data::units::Unit;
use polc::ir::{
    BinOp, Clause, Conversion, EffectKind, Expr, ExprKind, InForce, Lit, MessagePart, Program,
    RecordId, Type,
};
use polc::lang::{AggKind, Date};
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};

/// A runtime value, as the spec describes it.
#[derive(Clone, Debug)]
pub enum V {
    Absent,
    Bool(bool),
    Int(i64),
    Dec(Decimal),
    Str(String),
    Date(i32),
    Dur(i64),
    Country(String),
    Qty(Decimal, Unit),
    Money(Decimal, String),
    /// The neutral zero of an empty `sum` of money or quantities.
    Zero,
    Enum(u32),
    Record(Vec<V>),
    List(Vec<V>),
    /// Elements in first-insertion order, no two `same`.
    Set(Vec<V>),
}

/// Why a case is indeterminate (§8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Indet {
    Overflow,
    DivZero,
    Currency,
    Dimension,
    Index,
    Empty,
    DateRange,
}

type R<T> = Result<T, Indet>;

/// The program with its constants computed by the reference itself.
pub struct Reference<'p> {
    program: &'p Program,
    consts: Vec<V>,
}

impl<'p> Reference<'p> {
    /// Computes every constant (in the checker's dependency order) and
    /// field default with the reference's own evaluation.
    pub fn new(program: &'p Program) -> Result<Reference<'p>, String> {
        let mut me = Reference {
            program,
            consts: vec![V::Absent; program.consts.len()],
        };
        for id in &program.const_order {
            let c = &program.consts[id.index()];
            let mut frame = vec![V::Absent; c.frame_size as usize];
            let v = me
                .eval(&c.init, &mut frame)
                .map_err(|e| format!("constant `{}`: {e:?}", c.name))?;
            me.consts[id.index()] = v;
        }
        Ok(me)
    }

    /// The §9 object for one valid record (`record` is its 1-based number),
    /// or `None` when the record does not match its type (compared as
    /// `invalid` only).
    pub fn decide(
        &self,
        record_no: u64,
        record_type: RecordId,
        json: &Json,
        as_of: Option<Date>,
    ) -> Json {
        let id = match json.get("id") {
            Some(Json::String(s)) => Json::String(s.clone()),
            Some(Json::Number(n)) if n.is_i64() || n.is_u64() => Json::Number(n.clone()),
            _ => Json::Null,
        };
        let subject = match self.read(json, &Type::Record(record_type)) {
            Some(v) => v,
            None => {
                return json!({"record": record_no, "id": id, "decision": "invalid",
                    "fired": [], "obligations": [], "errors": "input"});
            }
        };
        let date = match as_of {
            Some(d) => Some(d.days),
            None => self.record_date(record_type, &subject),
        };
        // (full name, item, entry) per fired and per indeterminate case.
        let mut fired: Vec<(String, Option<usize>, Json, Option<Json>)> = Vec::new();
        let mut errors: Vec<(String, Option<usize>, Json)> = Vec::new();
        let mut decision = 0u8; // allow < license_required < review < deny
        for policy in &self.program.policies {
            if policy.subject != record_type {
                continue;
            }
            for rule in &policy.rules {
                let forced = |f: &InForce| match date {
                    Some(d) => in_force(f, d),
                    // No date to test: only a rule without date lines runs.
                    None => *f == InForce::default(),
                };
                if !forced(&policy.in_force) || !forced(&rule.in_force) {
                    continue;
                }
                let mut frame = vec![V::Absent; rule.frame_size.max(2) as usize];
                frame[0] = subject.clone();
                // `for x in E`: E once per record; an error there is one
                // indeterminate entry with `item: null`.
                let (cases, coll): (Vec<Option<usize>>, V) = match &rule.for_each {
                    None => (vec![None], V::List(vec![])),
                    Some(e) => match self.eval(e, &mut frame) {
                        Err(k) => {
                            errors.push((rule.full_name.clone(), None, kind(&k)));
                            decision = decision.max(2);
                            continue;
                        }
                        Ok(coll) => ((0..elements(&coll).len()).map(Some).collect(), coll),
                    },
                };
                for item in cases {
                    if let Some(i) = item {
                        frame[1] = elements(&coll)[i].clone();
                    }
                    match self.case(rule, &mut frame) {
                        Err(k) => {
                            errors.push((rule.full_name.clone(), item, kind(&k)));
                            decision = decision.max(2);
                        }
                        Ok(None) => {}
                        Ok(Some(message)) => {
                            let effect = &rule.effect.kind;
                            decision = decision.max(match effect {
                                EffectKind::Deny => 3,
                                EffectKind::Review => 2,
                                EffectKind::RequireLicense => 1,
                                _ => 0,
                            });
                            let entry = json!({"rule": rule.full_name, "item": item,
                                "effect": effect_name(effect), "message": message,
                                "source": rule.source});
                            let obligation = match effect {
                                EffectKind::Report { to, within_days } => Some(json!({
                                    "kind": "report", "rule": rule.full_name, "item": item,
                                    "message": message, "to": to, "within_days": within_days})),
                                EffectKind::Inspect => Some(json!({
                                    "kind": "inspect", "rule": rule.full_name, "item": item,
                                    "message": message, "to": null, "within_days": null})),
                                _ => None,
                            };
                            fired.push((rule.full_name.clone(), item, entry, obligation));
                        }
                    }
                }
            }
        }
        // §9: by full rule name as bytes, then item with `null` first.
        fired.sort_by(|a, b| (a.0.as_bytes(), a.1).cmp(&(b.0.as_bytes(), b.1)));
        errors.sort_by(|a, b| (a.0.as_bytes(), a.1).cmp(&(b.0.as_bytes(), b.1)));
        let obligations: Vec<Json> = fired.iter().filter_map(|f| f.3.clone()).collect();
        let decision = ["allow", "license_required", "review", "deny"][decision as usize];
        json!({"record": record_no, "id": id, "decision": decision,
            "fired": fired.into_iter().map(|f| f.2).collect::<Vec<_>>(),
            "obligations": obligations,
            "errors": errors.into_iter()
                .map(|(rule, item, k)| json!({"rule": rule, "item": item, "kind": k}))
                .collect::<Vec<_>>()})
    }

    fn record_date(&self, record_type: RecordId, subject: &V) -> Option<i32> {
        let def = &self.program.records[record_type.0 as usize];
        let slot = def
            .fields
            .iter()
            .position(|f| f.name == "date" && f.ty == Type::Date)?;
        match subject {
            V::Record(fields) => match fields.get(slot) {
                Some(V::Date(d)) => Some(*d),
                _ => None,
            },
            _ => None,
        }
    }

    /// One case: `Ok(Some(message))` fires, `Ok(None)` does not.
    fn case(&self, rule: &polc::ir::RuleDef, frame: &mut [V]) -> R<Option<String>> {
        for c in &rule.conditions {
            let holds = self.eval_bool(&c.expr, frame)?;
            if holds == c.negated {
                return Ok(None);
            }
        }
        let mut message = String::new();
        for part in &rule.effect.message {
            match part {
                MessagePart::Text(t) => message.push_str(t),
                // The generator writes no format spec (§11).
                MessagePart::Expr(e, _) => {
                    let v = self.eval(e, frame)?;
                    self.render(&mut message, &v, &e.ty);
                }
            }
        }
        Ok(Some(message))
    }

    /// The elements of a comprehension's clauses, outermost first (§11).
    fn clauses(&self, clauses: &[Clause], elem: &Expr, frame: &mut [V], out: &mut Vec<V>) -> R<()> {
        let Some((first, rest)) = clauses.split_first() else {
            out.push(self.eval(elem, frame)?);
            return Ok(());
        };
        let coll = self.eval(&first.iter, frame)?;
        for x in elements(&coll) {
            frame[first.slot.index()] = x.clone();
            if let Some(f) = &first.filter {
                if !self.eval_bool(f, frame)? {
                    continue;
                }
            }
            self.clauses(rest, elem, frame, out)?;
        }
        Ok(())
    }

    fn eval_bool(&self, e: &Expr, frame: &mut [V]) -> R<bool> {
        match self.eval(e, frame)? {
            V::Bool(b) => Ok(b),
            other => panic!("reference: a condition gave {other:?}"),
        }
    }

    fn eval_all(&self, es: &[Expr], frame: &mut [V]) -> R<Vec<V>> {
        es.iter().map(|e| self.eval(e, frame)).collect()
    }

    /// Evaluates one expression, left to right, stopping at the first error.
    pub fn eval(&self, e: &Expr, frame: &mut [V]) -> R<V> {
        Ok(match &e.kind {
            ExprKind::Lit(lit) => literal(lit),
            ExprKind::Local(slot) => frame[slot.index()].clone(),
            ExprKind::Const(id) => self.consts[id.index()].clone(),
            ExprKind::Field {
                base,
                slot,
                optional,
            } => match self.eval(base, frame)? {
                V::Absent if *optional => V::Absent,
                V::Record(fields) => fields[*slot as usize].clone(),
                other => panic!("reference: field of {other:?}"),
            },
            ExprKind::Call { func, args } => {
                let def = &self.program.functions[func.index()];
                let values = self.eval_all(args, frame)?;
                let mut inner = vec![V::Absent; (def.frame_size as usize).max(values.len())];
                for (i, v) in values.into_iter().enumerate() {
                    inner[i] = v;
                }
                self.eval(&def.body, &mut inner)?
            }
            ExprKind::Builtin { func, args } => {
                let values = self.eval_all(args, frame)?;
                builtin(func.name, values)?
            }
            ExprKind::Index { base, index } => {
                let xs = self.eval(base, frame)?;
                let i = as_int(&self.eval(index, frame)?);
                let xs = elements(&xs);
                if i < 0 || i as usize >= xs.len() {
                    return Err(Indet::Index);
                }
                xs[i as usize].clone()
            }
            ExprKind::Slice { base, lo, hi } => {
                let xs = self.eval(base, frame)?;
                let xs = elements(&xs);
                let n = xs.len() as i64;
                let lo = match lo {
                    Some(lo) => as_int(&self.eval(lo, frame)?),
                    None => 0,
                };
                let hi = match hi {
                    Some(hi) => as_int(&self.eval(hi, frame)?),
                    None => n,
                };
                let (from, to) = (lo.max(0), hi.min(n));
                if from >= to {
                    V::List(vec![])
                } else {
                    V::List(xs[from as usize..to as usize].to_vec())
                }
            }
            ExprKind::With { base, updates } => {
                let mut r = self.eval(base, frame)?;
                for (path, value) in updates {
                    let v = match value {
                        Some(x) => self.eval(x, frame)?,
                        None => V::Absent,
                    };
                    set_path(&mut r, path, v);
                }
                r
            }
            ExprKind::Neg(x) => match self.eval(x, frame)? {
                V::Int(i) => V::Int(i.checked_neg().ok_or(Indet::Overflow)?),
                V::Dec(d) => V::Dec(-d),
                V::Money(a, c) => V::Money(-a, c),
                V::Qty(a, u) => V::Qty(-a, u),
                V::Dur(d) => V::Dur(d.checked_neg().ok_or(Indet::Overflow)?),
                V::Zero => V::Zero,
                other => panic!("reference: -{other:?}"),
            },
            ExprKind::Not(x) => V::Bool(!self.eval_bool(x, frame)?),
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, frame)?,
            ExprKind::Is { expr, present } => {
                let v = self.eval(expr, frame)?;
                V::Bool(matches!(v, V::Absent) != *present)
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                if self.eval_bool(cond, frame)? {
                    self.eval(then, frame)?
                } else {
                    self.eval(otherwise, frame)?
                }
            }
            ExprKind::Quantifier {
                all,
                slot,
                iter,
                body,
            } => {
                let coll = self.eval(iter, frame)?;
                for x in elements(&coll) {
                    frame[slot.index()] = x.clone();
                    let b = self.eval_bool(body, frame)?;
                    if b != *all {
                        return Ok(V::Bool(!*all));
                    }
                }
                V::Bool(*all)
            }
            ExprKind::Aggregate {
                kind,
                slot,
                iter,
                body,
                zero,
            } => {
                let coll = self.eval(iter, frame)?;
                let mut acc: Option<V> = None;
                let mut first: Option<V> = None;
                let mut count = 0i64;
                for x in elements(&coll) {
                    frame[slot.index()] = x.clone();
                    match kind {
                        AggKind::Count => {
                            if self.eval_bool(body, frame)? {
                                count += 1;
                            }
                        }
                        AggKind::Sum => {
                            let v = self.eval(body, frame)?;
                            acc = Some(match acc {
                                None => v,
                                Some(a) => add(a, v)?,
                            });
                        }
                        AggKind::Min | AggKind::Max => {
                            let v = self.eval(body, frame)?;
                            if first.is_none() {
                                first = Some(v.clone());
                            }
                            acc = Some(match acc {
                                None => v,
                                Some(a) => {
                                    let o = compare(&v, &a)?;
                                    let better = if *kind == AggKind::Min {
                                        o == Ordering::Less
                                    } else {
                                        o == Ordering::Greater
                                    };
                                    if better {
                                        v
                                    } else {
                                        a
                                    }
                                }
                            });
                        }
                    }
                }
                match kind {
                    AggKind::Count => V::Int(count),
                    AggKind::Sum => acc.unwrap_or_else(|| from_value(zero)),
                    _ => in_unit_of(first.as_ref(), acc.ok_or(Indet::Empty)?)?,
                }
            }
            ExprKind::Map { .. }
            | ExprKind::LoadedRows(_)
            | ExprKind::LoadedDated { .. }
            | ExprKind::DatedConst(_)
            | ExprKind::Screen { .. }
            | ExprKind::AsOf => {
                panic!("reference: the generator writes no map, record load, dated list or as_of")
            }
            ExprKind::Comprehension { set, elem, clauses } => {
                let mut out = Vec::new();
                self.clauses(clauses, elem, frame, &mut out)?;
                if *set {
                    make_set(out)
                } else {
                    V::List(out)
                }
            }
            ExprKind::Collection { set, elems } => {
                let out = self.eval_all(elems, frame)?;
                if *set {
                    make_set(out)
                } else {
                    V::List(out)
                }
            }
            ExprKind::Record { fields, .. } => {
                let mut out = Vec::new();
                for f in fields {
                    out.push(match f {
                        Some(x) => self.eval(x, frame)?,
                        None => V::Absent,
                    });
                }
                V::Record(out)
            }
            ExprKind::Convert {
                expr,
                to: Conversion::IntToDecimal,
            } => match self.eval(expr, frame)? {
                V::Int(i) => V::Dec(Decimal::from(i)),
                V::Absent => V::Absent,
                other => other,
            },
            ExprKind::Loaded { value, .. } => from_value(value),
            ExprKind::LoadedJson { .. } | ExprKind::Error => {
                panic!("reference: a checked program holds no {:?}", e.kind)
            }
        })
    }

    fn binary(&self, op: BinOp, lhs: &Expr, rhs: &Expr, frame: &mut [V]) -> R<V> {
        match op {
            BinOp::Or => {
                if self.eval_bool(lhs, frame)? {
                    return Ok(V::Bool(true));
                }
                return Ok(V::Bool(self.eval_bool(rhs, frame)?));
            }
            BinOp::And => {
                if !self.eval_bool(lhs, frame)? {
                    return Ok(V::Bool(false));
                }
                return Ok(V::Bool(self.eval_bool(rhs, frame)?));
            }
            BinOp::Coalesce => {
                let l = self.eval(lhs, frame)?;
                if matches!(l, V::Absent) {
                    return self.eval(rhs, frame);
                }
                return Ok(l);
            }
            _ => {}
        }
        let a = self.eval(lhs, frame)?;
        let b = self.eval(rhs, frame)?;
        Ok(match op {
            BinOp::Eq => V::Bool(equals(&a, &b)?),
            BinOp::Ne => V::Bool(!equals(&a, &b)?),
            BinOp::Lt => V::Bool(compare(&a, &b)? == Ordering::Less),
            BinOp::Le => V::Bool(compare(&a, &b)? != Ordering::Greater),
            BinOp::Gt => V::Bool(compare(&a, &b)? == Ordering::Greater),
            BinOp::Ge => V::Bool(compare(&a, &b)? != Ordering::Less),
            BinOp::In => V::Bool(member(&a, &b)?),
            BinOp::NotIn => V::Bool(!member(&a, &b)?),
            BinOp::Add => add(a, b)?,
            BinOp::Sub => sub(a, b)?,
            BinOp::Mul => mul(a, b)?,
            BinOp::Div => div(a, b)?,
            BinOp::Or | BinOp::And | BinOp::Coalesce => unreachable!(),
        })
    }

    /// §6 rendering of an interpolated value.
    fn render(&self, out: &mut String, v: &V, ty: &Type) {
        let ty = ty.strip_optional();
        match v {
            V::Absent => out.push_str("missing"),
            V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            V::Int(i) => out.push_str(&i.to_string()),
            V::Dec(d) => out.push_str(&plain(*d)),
            V::Str(s) | V::Country(s) => out.push_str(s),
            V::Date(d) => out.push_str(&Date { days: *d }.to_string()),
            V::Dur(n) => out.push_str(&format!("{n} days")),
            V::Qty(x, u) => out.push_str(&format!("{} {}", plain(*x), u.as_str())),
            V::Money(x, c) => out.push_str(&format!("{} {c}", plain(*x))),
            V::Zero => out.push('0'),
            V::Enum(i) => match ty {
                Type::Enum(id) => {
                    out.push_str(&self.program.enums[id.0 as usize].variants[*i as usize])
                }
                _ => panic!("reference: an enum value of type {ty:?}"),
            },
            V::List(xs) | V::Set(xs) => {
                let elem = ty.element().cloned().unwrap_or(Type::Unknown);
                out.push('[');
                for (i, x) in xs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.render(out, x, &elem);
                }
                out.push(']');
            }
            V::Record(_) => panic!("reference: the generator interpolates no record"),
        }
    }

    /// Reads a JSON value as `ty` (§8 JSON encodings); `None`: invalid.
    fn read(&self, j: &Json, ty: &Type) -> Option<V> {
        Some(match ty {
            Type::Optional(inner) => {
                if j.is_null() {
                    V::Absent
                } else {
                    self.read(j, inner)?
                }
            }
            Type::Map(..) => panic!("reference: the generator writes no map"),
            Type::Bool => V::Bool(j.as_bool()?),
            Type::Int => V::Int(j.as_i64()?),
            Type::Decimal => V::Dec(json_decimal(j)?),
            Type::String => V::Str(j.as_str()?.to_string()),
            Type::Date => V::Date(Date::parse(j.as_str()?)?.days),
            Type::Duration => V::Dur(j.as_i64()?),
            Type::Country => V::Country(
                j.as_str()
                    .filter(|c| polc::data::countries::is_country(c))?
                    .to_string(),
            ),
            Type::Quantity => V::Qty(
                json_decimal(j.get("value")?)?,
                Unit::parse(j.get("unit")?.as_str()?)?,
            ),
            Type::Money => V::Money(
                json_decimal(j.get("amount")?)?,
                j.get("currency")?
                    .as_str()
                    .filter(|c| polc::data::currencies::is_currency(c))?
                    .to_string(),
            ),
            Type::Enum(id) => {
                let name = j.as_str()?;
                let e = &self.program.enums[id.0 as usize];
                V::Enum(e.variants.iter().position(|v| v == name)? as u32)
            }
            Type::List(elem) => V::List(
                j.as_array()?
                    .iter()
                    .map(|x| self.read(x, elem))
                    .collect::<Option<Vec<_>>>()?,
            ),
            Type::Set(elem) => make_set(
                j.as_array()?
                    .iter()
                    .map(|x| self.read(x, elem))
                    .collect::<Option<Vec<_>>>()?,
            ),
            Type::Record(id) => {
                let obj = j.as_object()?;
                let def = &self.program.records[id.0 as usize];
                let mut fields = Vec::new();
                for f in &def.fields {
                    let given = obj.get(&f.name).filter(|x| !x.is_null());
                    fields.push(match (given, &f.default) {
                        (Some(x), _) => self.read(x, &f.ty)?,
                        (None, Some(d)) => self.eval(d, &mut vec![V::Absent; 8]).ok()?,
                        (None, None) if f.ty.is_optional() => V::Absent,
                        (None, None) => return None,
                    });
                }
                V::Record(fields)
            }
            Type::Unknown | Type::Error => return None,
        })
    }
}

fn kind(k: &Indet) -> Json {
    Json::String(format!("{k:?}"))
}

fn effect_name(e: &EffectKind) -> &'static str {
    match e {
        EffectKind::Deny => "deny",
        EffectKind::RequireLicense => "require_license",
        EffectKind::Review => "review",
        EffectKind::Report { .. } => "report",
        EffectKind::Inspect => "inspect",
        EffectKind::Authorize { .. } => "authorize",
    }
}

/// §5: (no effective or effective <= d) and (no expires or d < expires)
/// and d in no `[from, until)` window.
fn in_force(f: &InForce, d: i32) -> bool {
    f.effective.is_none_or(|e| e.days <= d)
        && f.expires.is_none_or(|x| d < x.days)
        && !f
            .suspensions
            .iter()
            .any(|(from, until)| from.days <= d && d < until.days)
}

fn json_decimal(j: &Json) -> Option<Decimal> {
    match j {
        Json::String(s) => s.parse().ok(),
        Json::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

fn literal(lit: &Lit) -> V {
    match lit {
        Lit::Absent => V::Absent,
        Lit::Bool(b) => V::Bool(*b),
        Lit::Int(i) => V::Int(*i),
        Lit::Decimal(d) => V::Dec(*d),
        Lit::Str(s) => V::Str(s.clone()),
        Lit::Country(c) => V::Country(c.clone()),
        Lit::Date(d) => V::Date(d.days),
        Lit::Duration(n) => V::Dur(*n),
        Lit::Quantity { value, unit } => V::Qty(*value, *unit),
        Lit::Money { amount, currency } => V::Money(*amount, currency.clone()),
        Lit::Variant { index, .. } => V::Enum(*index),
    }
}

/// A plain-data `polc::value::Value` (a loaded list, a `sum`'s zero) as a [`V`].
fn from_value(v: &polc::value::Value) -> V {
    use polc::value::Value as P;
    match v {
        P::Absent => V::Absent,
        P::Map(_) => panic!("reference: the generator writes no map"),
        P::Bool(b) => V::Bool(*b),
        P::Int(i) => V::Int(*i),
        P::Decimal(d) => V::Dec(*d),
        P::Str(s) => V::Str(s.to_string()),
        P::Date(d) => V::Date(d.days),
        P::Duration(d) => V::Dur(*d),
        P::Country(c) => V::Country(c.as_str().to_string()),
        P::Quantity(q) => V::Qty(q.value, q.unit),
        P::Money(m) => V::Money(m.amount, m.currency.as_str().to_string()),
        P::Zero => V::Zero,
        P::Enum(i) => V::Enum(*i),
        P::Record(fs) => V::Record(fs.iter().map(from_value).collect()),
        P::List(xs) => V::List(xs.iter().map(from_value).collect()),
        P::Set(s) => V::Set(s.items().iter().map(from_value).collect()),
    }
}

fn elements(v: &V) -> &[V] {
    match v {
        V::List(xs) | V::Set(xs) => xs,
        other => panic!("reference: elements of {other:?}"),
    }
}

fn as_int(v: &V) -> i64 {
    match v {
        V::Int(i) => *i,
        other => panic!("reference: an index {other:?}"),
    }
}

fn set_path(r: &mut V, path: &[u32], v: V) {
    match (r, path) {
        (V::Record(fields), [slot]) => fields[*slot as usize] = v,
        (V::Record(fields), [slot, rest @ ..]) => set_path(&mut fields[*slot as usize], rest, v),
        (other, _) => panic!("reference: `with` on {other:?}"),
    }
}

/// Two values are the *same* set element when they are equal; values that
/// cannot be compared (different currencies or dimensions) are different.
fn same(a: &V, b: &V) -> bool {
    equals(a, b).unwrap_or(false)
}

fn make_set(items: Vec<V>) -> V {
    let mut out: Vec<V> = Vec::new();
    for x in items {
        if !out.iter().any(|y| same(y, &x)) {
            out.push(x);
        }
    }
    V::Set(out)
}

fn member(needle: &V, hay: &V) -> R<bool> {
    for x in elements(hay) {
        if equals(x, needle)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Grams per unit, `None` for a count.
fn grams(u: Unit) -> Option<Decimal> {
    match u {
        Unit::G => Some(Decimal::ONE),
        Unit::Kg => Some(Decimal::from(1000)),
        Unit::T => Some(Decimal::from(1_000_000)),
        Unit::Pcs => None,
        Unit::L | Unit::M3 | Unit::Bbl => panic!("reference: the generator writes no volume unit"),
    }
}

fn same_dimension(a: Unit, b: Unit) -> bool {
    grams(a).is_some() == grams(b).is_some()
}

/// `x` in unit `from`, expressed in unit `to` (same dimension): one
/// multiplication or division by the ratio of the units (exact unless the
/// result does not fit). The spec does not say how a conversion that
/// overflows behaves; like polc, it makes the case indeterminate.
fn in_unit(x: Decimal, from: Unit, to: Unit) -> R<Decimal> {
    match (grams(from), grams(to)) {
        (Some(f), Some(t)) if f > t => x.checked_mul(f / t).ok_or(Indet::Overflow),
        (Some(f), Some(t)) if f < t => x.checked_div(t / f).ok_or(Indet::Overflow),
        _ => Ok(x),
    }
}

/// The smaller of two units of one dimension (a comparison converts both
/// to it, exactly).
fn smaller(a: Unit, b: Unit) -> Unit {
    match (grams(a), grams(b)) {
        (Some(x), Some(y)) if x < y => a,
        _ => b,
    }
}

fn equals(a: &V, b: &V) -> R<bool> {
    Ok(match (a, b) {
        (V::Absent, V::Absent) => true,
        (V::Absent, _) | (_, V::Absent) => false,
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::Str(x), V::Str(y)) | (V::Country(x), V::Country(y)) => x == y,
        (V::Enum(x), V::Enum(y)) => x == y,
        (V::Date(x), V::Date(y)) => x == y,
        (V::Record(xs), V::Record(ys)) | (V::List(xs), V::List(ys)) => {
            if xs.len() != ys.len() {
                return Ok(false);
            }
            for (x, y) in xs.iter().zip(ys) {
                if !equals(x, y)? {
                    return Ok(false);
                }
            }
            true
        }
        (V::Set(xs), V::Set(ys)) => {
            if xs.len() != ys.len() {
                return Ok(false);
            }
            for x in xs {
                if !member(x, b)? {
                    return Ok(false);
                }
            }
            true
        }
        _ => compare(a, b)? == Ordering::Equal,
    })
}

fn compare(a: &V, b: &V) -> R<Ordering> {
    Ok(match (a, b) {
        (V::Int(x), V::Int(y)) => x.cmp(y),
        (V::Int(x), V::Dec(y)) => Decimal::from(*x).cmp(y),
        (V::Dec(x), V::Int(y)) => x.cmp(&Decimal::from(*y)),
        (V::Dec(x), V::Dec(y)) => x.cmp(y),
        (V::Str(x), V::Str(y)) => x.chars().cmp(y.chars()),
        (V::Date(x), V::Date(y)) => x.cmp(y),
        (V::Dur(x), V::Dur(y)) => x.cmp(y),
        (V::Money(x, c), V::Money(y, d)) => {
            if c != d {
                return Err(Indet::Currency);
            }
            x.cmp(y)
        }
        (V::Qty(x, u), V::Qty(y, w)) => {
            if !same_dimension(*u, *w) {
                return Err(Indet::Dimension);
            }
            // Exact (§3): both in the smaller unit. Only a multiplication
            // can fail there, and then that side is larger in magnitude
            // than any decimal, so its sign decides.
            let unit = smaller(*u, *w);
            match (in_unit(*x, *u, unit), in_unit(*y, *w, unit)) {
                (Ok(a), Ok(b)) => a.cmp(&b),
                (Err(_), _) if x.is_sign_negative() => Ordering::Less,
                (Err(_), _) => Ordering::Greater,
                (_, Err(_)) if y.is_sign_negative() => Ordering::Greater,
                (_, Err(_)) => Ordering::Less,
            }
        }
        (V::Zero, V::Zero) => Ordering::Equal,
        (V::Zero, V::Money(y, _) | V::Qty(y, _)) => Decimal::ZERO.cmp(y),
        (V::Money(x, _) | V::Qty(x, _), V::Zero) => x.cmp(&Decimal::ZERO),
        _ => panic!("reference: compare {a:?} with {b:?}"),
    })
}

fn num(v: &V) -> Option<Decimal> {
    match v {
        V::Int(i) => Some(Decimal::from(*i)),
        V::Dec(d) => Some(*d),
        _ => None,
    }
}

fn dec(r: Option<Decimal>) -> R<Decimal> {
    r.ok_or(Indet::Overflow)
}

fn date(days: i64) -> R<V> {
    // polc's calendar covers 0001-01-01 ..= 9999-12-31.
    let lo = i64::from(Date::from_ymd(1, 1, 1).map_or(i32::MIN, |d| d.days));
    let hi = i64::from(Date::from_ymd(9999, 12, 31).map_or(i32::MAX, |d| d.days));
    if days < lo || days > hi {
        return Err(Indet::DateRange);
    }
    Ok(V::Date(days as i32))
}

fn add(a: V, b: V) -> R<V> {
    Ok(match (a, b) {
        (V::Int(x), V::Int(y)) => V::Int(x.checked_add(y).ok_or(Indet::Overflow)?),
        (x @ (V::Int(_) | V::Dec(_)), y @ (V::Int(_) | V::Dec(_))) => {
            V::Dec(dec(num(&x).unwrap().checked_add(num(&y).unwrap()))?)
        }
        (V::Money(x, c), V::Money(y, d)) => {
            if c != d {
                return Err(Indet::Currency);
            }
            V::Money(dec(x.checked_add(y))?, c)
        }
        (V::Qty(x, u), V::Qty(y, w)) => {
            if !same_dimension(u, w) {
                return Err(Indet::Dimension);
            }
            V::Qty(dec(x.checked_add(in_unit(y, w, u)?))?, u)
        }
        (V::Zero, y) => y,
        (x, V::Zero) => x,
        (V::Date(d), V::Dur(n)) => date(i64::from(d).checked_add(n).ok_or(Indet::DateRange)?)?,
        (V::Dur(x), V::Dur(y)) => V::Dur(x.checked_add(y).ok_or(Indet::Overflow)?),
        (a, b) => panic!("reference: {a:?} + {b:?}"),
    })
}

fn negate(v: V) -> R<V> {
    Ok(match v {
        V::Int(i) => V::Int(i.checked_neg().ok_or(Indet::Overflow)?),
        V::Dec(d) => V::Dec(-d),
        V::Money(a, c) => V::Money(-a, c),
        V::Qty(a, u) => V::Qty(-a, u),
        V::Dur(d) => V::Dur(d.checked_neg().ok_or(Indet::Overflow)?),
        V::Zero => V::Zero,
        other => panic!("reference: -{other:?}"),
    })
}

fn sub(a: V, b: V) -> R<V> {
    Ok(match (a, b) {
        (V::Int(x), V::Int(y)) => V::Int(x.checked_sub(y).ok_or(Indet::Overflow)?),
        (x @ (V::Int(_) | V::Dec(_)), y @ (V::Int(_) | V::Dec(_))) => {
            V::Dec(dec(num(&x).unwrap().checked_sub(num(&y).unwrap()))?)
        }
        (V::Money(x, c), V::Money(y, d)) => {
            if c != d {
                return Err(Indet::Currency);
            }
            V::Money(dec(x.checked_sub(y))?, c)
        }
        (V::Qty(x, u), V::Qty(y, w)) => {
            if !same_dimension(u, w) {
                return Err(Indet::Dimension);
            }
            V::Qty(dec(x.checked_sub(in_unit(y, w, u)?))?, u)
        }
        (V::Zero, y) => negate(y)?,
        (x, V::Zero) => x,
        (V::Date(d), V::Dur(n)) => date(i64::from(d).checked_sub(n).ok_or(Indet::DateRange)?)?,
        (V::Date(x), V::Date(y)) => V::Dur(i64::from(x) - i64::from(y)),
        (V::Dur(x), V::Dur(y)) => V::Dur(x.checked_sub(y).ok_or(Indet::Overflow)?),
        (a, b) => panic!("reference: {a:?} - {b:?}"),
    })
}

fn mul(a: V, b: V) -> R<V> {
    Ok(match (a, b) {
        (V::Int(x), V::Int(y)) => V::Int(x.checked_mul(y).ok_or(Indet::Overflow)?),
        (x @ (V::Int(_) | V::Dec(_)), y @ (V::Int(_) | V::Dec(_))) => {
            V::Dec(dec(num(&x).unwrap().checked_mul(num(&y).unwrap()))?)
        }
        (V::Money(x, c), n) | (n, V::Money(x, c)) if num(&n).is_some() => {
            V::Money(dec(x.checked_mul(num(&n).unwrap()))?, c)
        }
        (V::Qty(x, u), n) | (n, V::Qty(x, u)) if num(&n).is_some() => {
            V::Qty(dec(x.checked_mul(num(&n).unwrap()))?, u)
        }
        (V::Zero, n) | (n, V::Zero) if num(&n).is_some() => V::Zero,
        (V::Dur(x), V::Int(y)) | (V::Int(y), V::Dur(x)) => {
            V::Dur(x.checked_mul(y).ok_or(Indet::Overflow)?)
        }
        (a, b) => panic!("reference: {a:?} * {b:?}"),
    })
}

fn div(a: V, b: V) -> R<V> {
    let quotient = |x: Decimal, y: Decimal| -> R<Decimal> {
        if y.is_zero() {
            return Err(Indet::DivZero);
        }
        dec(x.checked_div(y))
    };
    Ok(match (a, b) {
        (x @ (V::Int(_) | V::Dec(_)), y @ (V::Int(_) | V::Dec(_))) => {
            V::Dec(quotient(num(&x).unwrap(), num(&y).unwrap())?)
        }
        (V::Money(x, c), V::Money(y, d)) => {
            if c != d {
                return Err(Indet::Currency);
            }
            V::Dec(quotient(x, y)?)
        }
        (V::Qty(x, u), V::Qty(y, w)) => {
            if !same_dimension(u, w) {
                return Err(Indet::Dimension);
            }
            // In the left operand's unit, as `+` and `-` (§3).
            V::Dec(quotient(x, in_unit(y, w, u)?)?)
        }
        (V::Money(x, c), n) if num(&n).is_some() => V::Money(quotient(x, num(&n).unwrap())?, c),
        (V::Qty(x, u), n) if num(&n).is_some() => V::Qty(quotient(x, num(&n).unwrap())?, u),
        (V::Zero, V::Money(y, _) | V::Qty(y, _)) => {
            if y.is_zero() {
                return Err(Indet::DivZero);
            }
            V::Dec(Decimal::ZERO)
        }
        (_, V::Zero) => return Err(Indet::DivZero),
        (V::Zero, n) if num(&n).is_some() => {
            if num(&n).unwrap().is_zero() {
                return Err(Indet::DivZero);
            }
            V::Zero
        }
        (a, b) => panic!("reference: {a:?} / {b:?}"),
    })
}

fn builtin(name: &str, args: Vec<V>) -> R<V> {
    let s = |i: usize| match &args[i] {
        V::Str(s) => s.clone(),
        other => panic!("reference: {name} of {other:?}"),
    };
    Ok(match name {
        "len" => V::Int(match &args[0] {
            V::Str(s) => s.chars().count() as i64,
            other => elements(other).len() as i64,
        }),
        "abs" => match args[0].clone() {
            V::Int(i) => V::Int(i.checked_abs().ok_or(Indet::Overflow)?),
            V::Dec(d) => V::Dec(d.abs()),
            V::Money(a, c) => V::Money(a.abs(), c),
            V::Qty(a, u) => V::Qty(a.abs(), u),
            V::Dur(d) => V::Dur(d.checked_abs().ok_or(Indet::Overflow)?),
            V::Zero => V::Zero,
            other => panic!("reference: abs {other:?}"),
        },
        "lower" => V::Str(s(0).to_lowercase()),
        "upper" => V::Str(s(0).to_uppercase()),
        "trim" => V::Str(s(0).trim().to_string()),
        "normalize" => {
            use unicode_normalization::UnicodeNormalization;
            let n: String = s(0).nfkc().collect::<String>().to_lowercase();
            V::Str(n.split_whitespace().collect::<Vec<_>>().join(" "))
        }
        "starts_with" => V::Bool(s(0).starts_with(&s(1))),
        "ends_with" => V::Bool(s(0).ends_with(&s(1))),
        "contains" => V::Bool(s(0).contains(&s(1))),
        "year" => match &args[0] {
            V::Date(d) => V::Int(i64::from(Date { days: *d }.year())),
            other => panic!("reference: year {other:?}"),
        },
        "min" | "max" => {
            let mut best = args[0].clone();
            for x in &args[1..] {
                let o = compare(x, &best)?;
                if (name == "min" && o == Ordering::Less)
                    || (name == "max" && o == Ordering::Greater)
                {
                    best = x.clone();
                }
            }
            in_unit_of(args.first(), best)?
        }
        other => panic!("reference: unknown built-in {other}"),
    })
}

/// §18: `min`/`max` over quantities of mixed units answer in the first
/// element's unit, as a left-to-right `+` would.
fn in_unit_of(first: Option<&V>, best: V) -> R<V> {
    match (first, best) {
        (Some(V::Qty(_, to)), V::Qty(x, from)) => Ok(V::Qty(in_unit(x, from, *to)?, *to)),
        (_, best) => Ok(best),
    }
}

/// A decimal in plain notation, no exponent, no trailing zeros (§6).
fn plain(d: Decimal) -> String {
    let s = d.to_string();
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}
