//! `load` (§4): a compile-time read of a data file relative to the `.pol`
//! file. `.txt` and `.csv` give textual values, checked here against the
//! declared element type (every entry of a `set<country>` is a real code);
//! `.json` needs `as TYPE` and is read by the constant pass (`fold.rs`),
//! once field defaults are known. Either way the IR holds typed values.
//! Which files a `load` may read is `load_file.rs`.

use std::path::Path;

use rustc_hash::FxHashMap;

use crate::ast::{Dated, Ident, TypeExpr, TypeKind};
use crate::check::csv;
use crate::check::error::CheckError;
use crate::check::load_file::Target;
use crate::check::names::country_help;
use crate::check::suggest::best as did_you_mean;
use crate::check::typeck::mk;
use crate::check::Item;
use crate::check::{error_expr, Checker};
use crate::data::countries::is_country;
use crate::ir::rows::RowFormat;
use crate::ir::{self, ExprKind, Type};
use crate::source::Span;
use crate::value::{Country, Str, Value};

/// At most this many bad values (and, separately, repeats) are reported per
/// file: the first few say what is wrong; a hundred thousand say nothing more.
const MAX_REPORTS: usize = 10;

impl Checker<'_> {
    #[expect(clippy::too_many_arguments, reason = "a load's clauses, as written")]
    pub(crate) fn load(
        &mut self,
        path: &Ident,
        column: Option<&Ident>,
        as_type: Option<&TypeExpr>,
        key: Option<&Ident>,
        dated: Option<&Dated>,
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        if Path::new(&path.node).is_absolute() {
            // Refused (E0317) before anything is read or even looked at.
            let _refused = self.load_target(path, span);
            return error_expr(span);
        }
        let ext = Path::new(&path.node)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if let (Some(format), Some(texpr)) = (RowFormat::of_extension(&ext), as_type) {
            if self.names_record_collection(texpr) && (column.is_none() || ext == "json") {
                self.reject_column(column);
                let declared = self.resolve_type(texpr);
                let target = self.load_target(path, span);
                return self.load_rows(format, target, declared, key, dated, span, exp);
            }
        }
        if let Some(k) = key {
            self.rows_only(k.span, "key");
        }
        if let Some(d) = dated {
            self.rows_only(d.from.span, "dated");
        }
        match ext.as_str() {
            "json" => {
                self.reject_column(column);
                let Some(texpr) = as_type else {
                    self.clause(
                        span,
                        "`load` of a `.json` file needs `as TYPE`",
                        "add `as TYPE` here",
                        Some(format!(
                            "write e.g. `load \"{}\" as Transaction`",
                            path.node
                        )),
                    );
                    return error_expr(span);
                };
                let ty = self.resolve_type(texpr);
                let Some(target) = self.load_target(path, span) else {
                    return error_expr(span);
                };
                mk(
                    ExprKind::LoadedJson {
                        path: target.real,
                        display: target.shown,
                    },
                    ty,
                    span,
                )
            }
            "txt" | "csv" => {
                if let Some(t) = as_type {
                    self.clause(
                        t.span,
                        "`as TYPE` is only for `.json` files",
                        "remove this `as`",
                        Some(
                            "the values of a text file are converted to the declared element type"
                                .into(),
                        ),
                    );
                }
                if ext == "txt" {
                    self.reject_column(column);
                } else if column.is_none() {
                    self.clause(
                        span,
                        "`load` of a `.csv` file needs `column \"NAME\"`",
                        "say which column to read",
                        Some(format!(
                            "write e.g. `load \"{}\" column \"code\"`",
                            path.node
                        )),
                    );
                    return error_expr(span);
                }
                match self.load_target(path, span) {
                    Some(target) => self.load_text(&ext, &target, column, span, exp),
                    None => error_expr(span),
                }
            }
            _ => {
                self.report(CheckError::LoadKind {
                    span: path.span,
                    path: path.node.clone(),
                });
                error_expr(span)
            }
        }
    }

    /// Whether a written type is `list<R>`, `set<R>` or `map<K, R>` for a
    /// declared record type R (decided on the words, before resolving).
    fn names_record_collection(&self, texpr: &TypeExpr) -> bool {
        let inner = match &texpr.node {
            TypeKind::List(t) | TypeKind::Set(t) | TypeKind::Map(_, t) => t,
            _ => return false,
        };
        matches!(&inner.node, TypeKind::Named(n) if matches!(self.names.get(n.as_str()), Some(Item::Record(_))))
    }

    /// Reports `key`/`dated` on a load that does not read records.
    fn rows_only(&mut self, span: Span, word: &str) {
        self.report(CheckError::LoadShape {
            span,
            message: format!("`{word}` is only for a load of records"),
            label: "this load does not read records".into(),
            help: Some(format!(
                "`{word}` goes on `load \"x.csv\" as list<R>` (or `map<K, R>`) for a record type R"
            )),
        });
    }

    /// Reports a `column` on a `load` of anything but a `.csv` file.
    fn reject_column(&mut self, column: Option<&Ident>) {
        if let Some(c) = column {
            self.clause(
                c.span,
                "`column` is only for `.csv` files",
                "remove this `column`",
                None,
            );
        }
    }

    fn clause(&mut self, span: Span, message: &str, label: &str, help: Option<String>) {
        self.report(CheckError::LoadClause {
            span,
            message: message.into(),
            label: label.into(),
            help,
        });
    }

    fn load_text(
        &mut self,
        ext: &str,
        target: &Target,
        column: Option<&Ident>,
        span: Span,
        exp: Option<&Type>,
    ) -> ir::Expr {
        let shown = target.shown.as_str();
        let (is_set, elem) = match exp.map(Type::strip_optional) {
            None | Some(Type::Error) | Some(Type::Unknown) => (false, Type::String),
            Some(Type::List(t)) => (false, (**t).clone()),
            Some(Type::Set(t)) => (true, (**t).clone()),
            Some(other) => {
                let ty = self.show(other);
                self.report(CheckError::LoadTarget {
                    span,
                    ext: ext.to_string(),
                    ty,
                });
                return error_expr(span);
            }
        };
        if !matches!(
            elem,
            Type::String
                | Type::Country
                | Type::Int
                | Type::Decimal
                | Type::Date
                | Type::Bool
                | Type::Enum(_)
                | Type::Error
        ) {
            let ty = self.show(exp.map(Type::strip_optional).unwrap_or(&Type::Error));
            self.report(CheckError::LoadTarget {
                span,
                ext: ext.to_string(),
                ty,
            });
            return error_expr(span);
        }
        let Some(text) = self.read_loaded(target, span) else {
            return error_expr(span);
        };
        let text = crate::check::rows::strip_text(&text);
        let raw = if ext == "csv" {
            match self.csv_column(text, shown, column, span) {
                Some(values) => values,
                None => return error_expr(span),
            }
        } else {
            text_lines(text)
        };
        let coll_ty = if is_set {
            Type::Set(Box::new(elem.clone()))
        } else {
            Type::List(Box::new(elem.clone()))
        };
        let shown_ty = self.show(&coll_ty);
        let mut bad = 0usize;
        let mut values = Vec::with_capacity(raw.len());
        for (value, line) in &raw {
            match self.convert(&elem, value) {
                Ok(v) => values.push(v),
                Err((what, help)) => {
                    values.push(Value::Absent);
                    bad += 1;
                    if bad <= MAX_REPORTS {
                        self.report(CheckError::LoadBadValue {
                            span,
                            path: shown.to_string(),
                            line: *line,
                            value: value.clone(),
                            what,
                            ty: shown_ty.clone(),
                            help,
                        });
                    }
                }
            }
        }
        let value = if is_set {
            let keep = self.dedup(&raw, shown, span);
            Value::set(
                values
                    .into_iter()
                    .zip(keep)
                    .filter(|(_, k)| *k)
                    .map(|(v, _)| v),
            )
        } else {
            Value::list(values)
        };
        mk(
            ExprKind::Loaded {
                path: shown.to_string(),
                value,
            },
            coll_ty,
            span,
        )
    }

    /// Which values a set keeps (the first of repeated ones), with a warning
    /// for each repeat.
    fn dedup(&mut self, raw: &[(String, u32)], shown: &str, span: Span) -> Vec<bool> {
        let mut first: FxHashMap<&str, u32> = FxHashMap::default();
        let mut repeats: Vec<(usize, u32)> = Vec::new();
        for (i, (value, line)) in raw.iter().enumerate() {
            match first.get(value.as_str()) {
                Some(&at) => repeats.push((i, at)),
                None => {
                    first.insert(value.as_str(), *line);
                }
            }
        }
        let mut keep = vec![true; raw.len()];
        if repeats.is_empty() {
            return keep;
        }
        for &(i, at) in repeats.iter().take(MAX_REPORTS) {
            if let Some((value, line)) = raw.get(i) {
                self.report(CheckError::DuplicateLoaded {
                    span,
                    path: shown.to_string(),
                    line: *line,
                    first_line: at,
                    value: value.clone(),
                });
            }
        }
        for (i, _) in repeats {
            if let Some(k) = keep.get_mut(i) {
                *k = false;
            }
        }
        keep
    }

    fn csv_column(
        &mut self,
        text: &str,
        shown: &str,
        column: Option<&Ident>,
        span: Span,
    ) -> Option<Vec<(String, u32)>> {
        let column = column?;
        let rows = match csv::parse(text) {
            Ok(rows) => rows,
            Err(e) => {
                self.report(CheckError::CsvMalformed {
                    span,
                    path: shown.to_string(),
                    line: e.line,
                    reason: e.reason,
                });
                return None;
            }
        };
        let mut rows = rows.into_iter();
        let header = rows.next().map(|r| r.fields).unwrap_or_default();
        let Some(index) = header.iter().position(|h| h.trim() == column.node) else {
            let help = match did_you_mean(&column.node, header.iter().map(|h| h.trim())) {
                Some(s) => Some(format!("did you mean `{s}`?")),
                None if header.is_empty() => {
                    Some("the file is empty; its first line must name the columns".into())
                }
                None => {
                    let cols: Vec<String> =
                        header.iter().map(|h| format!("`{}`", h.trim())).collect();
                    Some(format!("the columns are {}", cols.join(", ")))
                }
            };
            self.report(CheckError::CsvColumn {
                span: column.span,
                path: shown.to_string(),
                column: column.node.clone(),
                help,
            });
            return None;
        };
        let mut out = Vec::new();
        for row in rows {
            match row.fields.get(index) {
                Some(v) => {
                    let v = v.trim();
                    // An empty cell is no value, like a blank line in a `.txt`.
                    if !v.is_empty() {
                        out.push((v.to_string(), row.line));
                    }
                }
                None => {
                    self.report(CheckError::CsvMalformed {
                        span,
                        path: shown.to_string(),
                        line: row.line,
                        reason: format!(
                            "the row has {} field{}, but `{}` is field {}",
                            row.fields.len(),
                            if row.fields.len() == 1 { "" } else { "s" },
                            column.node,
                            index + 1
                        ),
                    });
                    return None;
                }
            }
        }
        Some(out)
    }

    /// A textual value as a value of `ty` (the one parse of a loaded list);
    /// else what it should be and a hint.
    fn convert(&self, ty: &Type, v: &str) -> Result<Value, (String, Option<String>)> {
        let ok = match ty {
            Type::String | Type::Error => Some(Value::Str(Str::new(v))),
            Type::Country => {
                if let Some(c) = is_country(v).then(|| Country::from_code(v)).flatten() {
                    return Ok(Value::Country(c));
                }
                return Err(("an ISO 3166-1 country code".into(), country_help(v)));
            }
            Type::Int => v.parse::<i64>().ok().map(Value::Int),
            Type::Decimal => rust_decimal::Decimal::from_str_exact(v)
                .ok()
                .map(Value::Decimal),
            Type::Date => crate::ast::Date::parse(v).map(Value::Date),
            Type::Bool => match v {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            Type::Enum(id) => {
                if let Some(i) = self.variant_index(*id, v) {
                    return Ok(Value::Enum(i));
                }
                let name = self
                    .enum_names
                    .get(id.0 as usize)
                    .cloned()
                    .unwrap_or_default();
                let help = self
                    .enums
                    .get(id.0 as usize)
                    .and_then(|e| did_you_mean(v, e.variants.iter().map(|x| x.node.as_str())))
                    .map(|s| format!("did you mean `{s}`?"));
                return Err((format!("a variant of `{name}`"), help));
            }
            _ => None,
        };
        if let Some(v) = ok {
            return Ok(v);
        }
        let what = match ty {
            Type::Int => "an `int`",
            Type::Decimal => "a `decimal`",
            Type::Date => "a date (YYYY-MM-DD)",
            Type::Bool => "`true` or `false`",
            _ => "a value of the declared type",
        };
        Err((what.into(), None))
    }
}

/// The values of a `.txt` file: one per line, trimmed; blank lines and lines
/// starting with `#` skipped.
fn text_lines(text: &str) -> Vec<(String, u32)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let v = line.trim();
            (!v.is_empty() && !v.starts_with('#')).then(|| (v.to_string(), i as u32 + 1))
        })
        .collect()
}
