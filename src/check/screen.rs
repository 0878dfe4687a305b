//! `screen(NAME, LIST)` and `Hit<R>` (§14). LIST is the name of a package-
//! or policy-level constant of type `list<R>` (possibly dated), R has
//! `name: string` and, if it has them, `aliases`/`weak_aliases` of type
//! `list<string>` or `set<string>`; the call is `list<Hit<R>>`. `Hit<R>` is
//! a record the checker makes once per R (`entry: R, matched: string,
//! score: decimal, weak: bool`), so fields, messages and output treat it
//! as any record; no source declares or constructs it.

use crate::ast::{self, ExprKind as A, TypeExpr};
use crate::check::calls::count_words;
use crate::check::error::CheckError;
use crate::check::typeck::mk;
use crate::check::{error_expr, Checker, Item, State};
use crate::ir::{self, ExprKind, RecordId, ScreenFields, Type};
use crate::source::Span;

/// The fields of `Hit<R>`, in slot order (`entry` is R).
const HIT_FIELDS: [&str; 4] = ["entry", "matched", "score", "weak"];

impl Checker<'_> {
    /// `Hit<T>` in a type position: T must be a record type.
    pub(crate) fn hit_type(&mut self, inner: &TypeExpr) -> Type {
        match self.resolve_type(inner) {
            Type::Record(r) => Type::Record(self.hit_record(r)),
            Type::Error => Type::Error,
            other => {
                let found = self.show(&other);
                self.report(CheckError::ScreenList {
                    span: inner.span,
                    message: format!("`Hit<{found}>`: a hit is of a record type"),
                    label: "not a record type".into(),
                    help: Some("write `Hit<R>` for the record type R of the screened list".into()),
                });
                Type::Error
            }
        }
    }

    /// The `Hit<R>` record, made on first use. Its id follows the declared
    /// records (and earlier hit records); its fields join `fields` as soon
    /// as every declared record's have (`flush_hit_records`).
    pub(crate) fn hit_record(&mut self, r: RecordId) -> RecordId {
        if let Some((hit, _)) = self.hit_records.iter().find(|(_, of)| *of == r) {
            return *hit;
        }
        let hit = RecordId((self.records.len() + self.hit_records.len()) as u32);
        let name = self
            .record_names
            .get(r.0 as usize)
            .cloned()
            .unwrap_or_default();
        self.record_names.push(format!("Hit<{name}>"));
        self.hit_records.push((hit, r));
        self.flush_hit_records();
        hit
    }

    /// Adds the fields of the hit records not added yet, once the declared
    /// records' fields are all there (slots and ids must line up).
    pub(crate) fn flush_hit_records(&mut self) {
        while let Some(&(hit, r)) = self
            .hit_records
            .get(self.fields.len().wrapping_sub(self.records.len()))
        {
            if self.fields.len() != hit.0 as usize {
                return;
            }
            let types = [Type::Record(r), Type::String, Type::Decimal, Type::Bool];
            let fields: Vec<(String, Type)> = HIT_FIELDS
                .iter()
                .zip(types)
                .map(|(n, t)| (n.to_string(), t))
                .collect();
            let slots = HIT_FIELDS
                .iter()
                .enumerate()
                .map(|(i, n)| (n.to_string(), i as u32))
                .collect();
            self.defaults.push(vec![(State::Done, None); fields.len()]);
            self.fields.push(fields);
            self.field_slots.push(slots);
        }
    }

    /// `screen(NAME, LIST)`.
    pub(crate) fn screen_call(
        &mut self,
        func: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> ir::Expr {
        let [query, list] = args else {
            let help = Some(
                "`screen(name, LIST)`: a name and the list constant to screen it against".into(),
            );
            return self.arity_error(&func.node, count_words(2), args, span, help);
        };
        let query = self.expect_type(query, &Type::String, "`screen` screens a `string` name");
        let Some((id, dated)) = self.screened_const(list) else {
            return error_expr(span);
        };
        let ty = self.const_type(id);
        let record = match &ty {
            Type::List(e) => match **e {
                Type::Record(r) => Some(r),
                _ => None,
            },
            Type::Error => return error_expr(span),
            _ => None,
        };
        let Some(record) = record else {
            let found = self.show(&ty);
            self.report(CheckError::ScreenList {
                span: list.span,
                message: format!("`screen` takes a `list<R>` of records, not a `{found}`"),
                label: "not a list of records".into(),
                help: Some("load the list as records: `load \"x.csv\" as list<Entry>`, with `name: string`".into()),
            });
            return error_expr(span);
        };
        let Some(fields) = self.screen_fields(record, list.span) else {
            return error_expr(span);
        };
        let hit = self.hit_record(record);
        mk(
            ExprKind::Screen {
                query: Box::new(query),
                list: ir::ConstId(id),
                fields,
                dated,
            },
            Type::List(Box::new(Type::Record(hit))),
            span,
        )
    }

    /// LIST: the bare name of a constant (not shadowed by a binding).
    fn screened_const(&mut self, list: &ast::Expr) -> Option<(u32, bool)> {
        let name = match &list.node {
            A::Name(n) if self.ctx.scope.lookup(n).is_none() => Some(n),
            _ => None,
        };
        let item = name.and_then(|n| self.lookup_item(n));
        let Some(Item::Const(id)) = item else {
            self.report(CheckError::ScreenList {
                span: list.span,
                message: "`screen` takes the name of a list constant".into(),
                label: "not a constant's name".into(),
                help: Some("declare the list as a `const` (`const sdn = load \"sdn.csv\" as list<Entry>`) and pass its name: the index over it is built once".into()),
            });
            self.expr(list, Some(&Type::Error));
            return None;
        };
        if self.dated_operand(list).is_some() {
            return Some((id, true));
        }
        self.depend(Item::Const(id), list.span);
        Some((id, false))
    }

    /// R's `name` and, when R has them, `aliases` and `weak_aliases`.
    fn screen_fields(&mut self, record: RecordId, at: Span) -> Option<ScreenFields> {
        let fields = self
            .fields
            .get(record.0 as usize)
            .cloned()
            .unwrap_or_default();
        let rname = self.show(&Type::Record(record));
        let slot = |n: &str| fields.iter().position(|(f, _)| f == n);
        let mut ok = true;
        let name = match slot("name").and_then(|s| fields.get(s).map(|f| (s, f))) {
            Some((s, (_, Type::String))) => Some(s as u32),
            Some((_, (_, t))) => {
                let shown = self.show(t);
                self.screen_field_error(
                    at,
                    &rname,
                    format!("its `name` is `{shown}`, not `string`"),
                );
                ok = false;
                None
            }
            None => {
                self.screen_field_error(at, &rname, "it has no field `name: string`".into());
                ok = false;
                None
            }
        };
        let mut names_field = |c: &mut Self, n: &str| -> Option<u32> {
            let s = slot(n)?;
            let t = fields.get(s).map(|f| f.1.clone()).unwrap_or(Type::Error);
            match &t {
                Type::List(e) | Type::Set(e) if **e == Type::String => Some(s as u32),
                _ => {
                    let shown = c.show(&t);
                    c.screen_field_error(
                        at,
                        &rname,
                        format!("its `{n}` is `{shown}`, not `list<string>` or `set<string>`"),
                    );
                    ok = false;
                    None
                }
            }
        };
        let aliases = names_field(self, "aliases");
        let weak_aliases = names_field(self, "weak_aliases");
        match (ok, name) {
            (true, Some(name)) => Some(ScreenFields {
                name,
                aliases,
                weak_aliases,
            }),
            _ => None,
        }
    }

    fn screen_field_error(&mut self, at: Span, record: &str, why: String) {
        self.report(CheckError::ScreenList {
            span: at,
            message: format!("`{record}` cannot be screened: {why}"),
            label: format!("a list of `{record}`"),
            help: Some("a screened record has `name: string`, and may have `aliases` and `weak_aliases` as `list<string>` or `set<string>`".into()),
        });
    }
}
