//! `load PATH as list<R>` (or `set<R>`, or `map<K, R> key "FIELD"`, any of
//! them `dated "FROM" until "TO"`) for a record type R (§12): the checker
//! decides the shape, the key field and the window columns here; the rows
//! are read once by the constant pass (`fold_rows.rs`), which knows the
//! field defaults an empty cell takes.

use crate::ast::{Dated, Ident};
use crate::check::error::CheckError;
use crate::check::load_file::Target;
use crate::check::suggest::best as did_you_mean;
use crate::check::typeck::mk;
use crate::check::{error_expr, Checker};
use crate::ir::rows::{RowFormat, RowShape, RowsLoad};
use crate::ir::{self, ExprKind, RecordId, Type};
use crate::source::Span;

/// The record type of `list<R>`, `set<R>` or `map<K, R>`, if it is one.
pub(crate) fn row_record(ty: &Type) -> Option<RecordId> {
    match ty {
        Type::List(t) | Type::Set(t) | Type::Map(_, t) => match **t {
            Type::Record(id) => Some(id),
            _ => None,
        },
        _ => None,
    }
}

impl Checker<'_> {
    /// A record load; `declared` is the `as` type (a list, set or map of R).
    #[expect(clippy::too_many_arguments, reason = "a load's clauses, as written")]
    pub(crate) fn load_rows(
        &mut self,
        format: RowFormat,
        target: Option<Target>,
        declared: Type,
        key: Option<&Ident>,
        dated: Option<&Dated>,
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let Some(record) = row_record(&declared) else {
            return error_expr(span);
        };
        // `const s: set<R> = load … as list<R>` makes the set directly.
        let declared = match (&declared, exp.map(Type::strip_optional)) {
            (Type::List(r), Some(Type::Set(e))) if r == e => Type::Set(r.clone()),
            _ => declared,
        };
        let shape = match (&declared, key) {
            (Type::Map(k, _), Some(key)) => match self.key_slot(record, key, k) {
                Some(key_slot) => RowShape::Map { key_slot },
                None => return error_expr(span),
            },
            (Type::Map(..), None) => {
                let ty = self.show(&declared);
                self.report(CheckError::LoadShape {
                    span,
                    message: format!("a load as `{ty}` needs `key \"FIELD\"`"),
                    label: "which field keys each row?".into(),
                    help: Some(
                        "add `key \"FIELD\"` naming a non-optional field of the row type".into(),
                    ),
                });
                return error_expr(span);
            }
            (_, Some(key)) => {
                self.report(CheckError::LoadShape {
                    span: key.span,
                    message: "`key` is only for a load `as map<K, R>`".into(),
                    label: "this load makes a list or set".into(),
                    help: Some(format!(
                        "write `as map<K, {}>` to key the rows, or remove `key`",
                        self.show(&Type::Record(record))
                    )),
                });
                return error_expr(span);
            }
            (Type::Set(_), None) => RowShape::Set,
            _ => RowShape::List,
        };
        if let Some(d) = dated {
            if !self.window_column(record, &d.from) | !self.window_column(record, &d.until) {
                return error_expr(span);
            }
            // Its uses read the rows present on `as_of`, by the constant's
            // name (`dated.rs`): so it is a constant's whole initialiser.
            if !self.consts.iter().any(|c| c.decl.value.span == span) {
                self.report(CheckError::DatedLoadNotConst { span });
                return error_expr(span);
            }
        }
        let Some(target) = target else {
            return error_expr(span);
        };
        mk(
            ExprKind::LoadedRows(Box::new(RowsLoad {
                path: target.real,
                display: target.shown,
                format,
                record,
                shape,
                dated: dated.map(|d| (d.from.node.clone(), d.until.node.clone())),
                key_name: key.map(|k| k.node.clone()),
            })),
            declared,
            span,
        )
    }

    /// The slot of the key field: a non-optional top-level field of R of type K.
    fn key_slot(&mut self, record: RecordId, key: &Ident, k: &Type) -> Option<u32> {
        let fields = self
            .fields
            .get(record.0 as usize)
            .cloned()
            .unwrap_or_default();
        let rname = self.show(&Type::Record(record));
        let Some(slot) = fields.iter().position(|(n, _)| *n == key.node) else {
            let help = did_you_mean(&key.node, fields.iter().map(|(n, _)| n.as_str()))
                .map(|s| format!("did you mean `{s}`?"));
            self.report(CheckError::LoadKey {
                span: key.span,
                field: key.node.clone(),
                why: format!("is not a field of `{rname}`"),
                label: "no such field".into(),
                help,
            });
            return None;
        };
        let fty = fields
            .get(slot)
            .map(|(_, t)| t.clone())
            .unwrap_or(Type::Error);
        if fty.is_optional() {
            let shown = self.show(&fty);
            self.report(CheckError::LoadKey {
                span: key.span,
                field: key.node.clone(),
                why: format!("is optional (`{shown}`)"),
                label: "every row needs a key".into(),
                help: Some(format!(
                    "key the map by a field of `{rname}` that every row has"
                )),
            });
            return None;
        }
        if !fty.is_error() && !k.is_error() && fty != *k {
            let (shown, kshown) = (self.show(&fty), self.show(k));
            self.report(CheckError::LoadKey {
                span: key.span,
                field: key.node.clone(),
                why: format!("is `{shown}`, but the map's keys are `{kshown}`"),
                label: "the key field's type must be the key type".into(),
                help: Some(format!("write `as map<{shown}, {rname}>`")),
            });
            return None;
        }
        u32::try_from(slot).ok()
    }

    /// A `dated` column that is a field of R must be `date`/`date?`.
    fn window_column(&mut self, record: RecordId, column: &Ident) -> bool {
        let fty = self
            .fields
            .get(record.0 as usize)
            .and_then(|fs| fs.iter().find(|(n, _)| *n == column.node))
            .map(|(_, t)| t.clone());
        match fty {
            Some(t) if *t.strip_optional() != Type::Date && !t.is_error() => {
                let shown = self.show(&t);
                self.report(CheckError::LoadShape {
                    span: column.span,
                    message: format!(
                        "the window column `{}` is a field of type `{shown}`",
                        column.node
                    ),
                    label: "must be `date` or `date?`".into(),
                    help: Some("the columns of `dated … until …` hold dates (`YYYY-MM-DD`)".into()),
                });
                false
            }
            _ => true,
        }
    }
}
