//! The type checker (§1, §3–§7): resolves every name of a package, types
//! every expression, reads `load`ed lists, checks rules and tests, runs the
//! lints, and lowers the result to the typed IR of [`crate::ir`].
//!
//! Passes, in order: collect declarations into one namespace (`resolve`),
//! field defaults, constants (on demand when a constant without annotation is
//! used before it is checked), functions, policies (`rules`), tests
//! (`tests`), cycles and recursion (`cycles`), lints (`lint`). The checker
//! never stops at an error: a failed expression gets the poison type
//! [`Type::Error`], which fits everything and reports nothing, so one mistake
//! gives one diagnostic.

pub mod error;

mod as_of;
mod authorize;
mod calls;
mod collections;
mod compare;
mod consts;
pub mod cost;
mod csv;
mod cycles;
mod dated;
mod defaults;
mod fold;
mod fold_dated;
mod fold_rows;
mod lets;
mod lint;
mod list_ops;
mod load;
mod load_file;
mod load_rows;
mod maps;
mod names;
mod never;
mod ops;
mod optional;
mod records;
mod resolve;
mod rows;
mod rules;
mod scope;
mod screen;
mod suggest;
mod test_scope;
mod tests;
mod text_calls;
mod typeck;
mod types;

use std::path::PathBuf;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::ast::{ConstDecl, DefDecl, EnumDecl, PolicyDecl, RecordDecl, SourceAst};
use crate::diag::Diagnostic;
use crate::ir::{self, Program, Type};
use crate::package::{Package, PathError};
use crate::source::{SourceMap, Span};
pub use error::CheckError;
use scope::Scope;

/// Checks a parsed package and lowers it to the typed IR.
///
/// The returned [`Program`] is complete and safe to evaluate only when no
/// diagnostic is an error.
pub fn check(package: &Package) -> (Program, Vec<Diagnostic>) {
    // The checker recurses over expressions; an operator chain may be 1000
    // deep (the parser's limit), which overflows a default 2 MiB thread in a
    // debug build. Run on a thread with room to spare, whoever calls us.
    crate::stack::on_big_stack(|| check_here(package)).unwrap_or_else(|| check_here(package))
}

fn check_here(package: &Package) -> (Program, Vec<Diagnostic>) {
    let mut checker = Checker::new(&package.map, &package.files);
    checker.roots = &package.roots;
    checker.collect();
    checker.check_defaults();
    checker.check_consts();
    checker.check_functions();
    checker.check_policies();
    checker.check_authorizations();
    checker.check_tests();
    checker.check_as_of();
    checker.check_cycles();
    checker.lint();
    let (mut program, mut diags) = checker.finish();
    // Constants, defaults and fixtures are computed only for a program that
    // checked cleanly and lost no declaration to a syntax error (the IR
    // invariant), as the last step of `check`.
    let whole = package.files.iter().all(|f| f.broken.is_empty());
    if whole && !diags.iter().any(Diagnostic::is_error) {
        diags.extend(fold::fold(&mut program));
        if !diags.iter().any(Diagnostic::is_error) {
            diags.extend(cost::warnings(&program));
        }
    }
    (program, diags)
}

/// Parses and checks the package under `paths`.
///
/// The checker runs even when some declarations did not parse: it checks
/// the ones that did and stays silent about names of the broken ones (the
/// checker's `poisoned` names), so an editor sees every error at once. With any
/// error the program is incomplete and must not be evaluated.
pub fn compile(paths: &[PathBuf]) -> Result<(Package, Program, Vec<Diagnostic>), PathError> {
    let (package, mut diags) = crate::package::parse(paths)?;
    let (program, more) = check(&package);
    diags.extend(more);
    crate::diag::sort(&mut diags);
    Ok((package, program, diags))
}

/// A package-level (or policy-local) declaration, by index of its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Item {
    /// An enum.
    Enum(u32),
    /// A record type.
    Record(u32),
    /// A constant (index into `Checker::consts`).
    Const(u32),
    /// A function (index into `Checker::funcs`).
    Func(u32),
    /// A policy.
    Policy(u32),
}

/// Progress of an item checked on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    /// Not looked at yet.
    Todo,
    /// Being checked (seeing it again means a cycle).
    Busy,
    /// Checked.
    Done,
}

/// A constant while it is checked.
pub(crate) struct ConstSlot<'a> {
    pub decl: &'a ConstDecl,
    pub policy: Option<u32>,
    /// The annotation, if any (known before the initialiser is checked).
    pub annotated: Option<Type>,
    pub state: State,
    pub ty: Type,
    pub ir: Option<ir::Expr>,
    pub frame: u32,
    pub deps: Vec<(Item, Span)>,
    /// Its initialiser's first read of `as_of` (an error, §12).
    pub as_of: Option<Span>,
}

/// A function while it is checked.
pub(crate) struct FuncSlot<'a> {
    pub decl: &'a DefDecl,
    pub policy: Option<u32>,
    pub params: Vec<(String, Type)>,
    pub ret: Type,
    pub ir: Option<ir::Expr>,
    pub frame: u32,
    pub deps: Vec<(Item, Span)>,
    /// Its body's first read of `as_of`.
    pub as_of: Option<Span>,
}

/// A policy while it is checked.
pub(crate) struct PolicySlot<'a> {
    pub decl: &'a PolicyDecl,
    /// Its own `const`s and `def`s.
    pub locals: FxHashMap<String, Item>,
    pub subject: Option<ir::RecordId>,
    pub def: Option<ir::PolicyDef>,
}

/// Where an expression is being checked: its bindings and what it may see.
#[derive(Default)]
pub(crate) struct Ctx {
    pub scope: Scope,
    /// The policy whose local names are visible.
    pub policy: Option<u32>,
    /// Items this expression refers to (for cycles and the unused lint).
    pub deps: Vec<(Item, Span)>,
    /// In a `def` or `const` of a policy: the policy binding's name, which
    /// is not visible there (for a precise help).
    pub hidden_binding: Option<String>,
    /// Checking a rule (so optional help can suggest `when x is present`).
    pub in_rule: bool,
    /// The first `as_of` this expression reads (§12).
    pub as_of: Option<Span>,
}

/// The checker's state for one package.
pub(crate) struct Checker<'a> {
    pub map: &'a SourceMap,
    pub files: &'a [SourceAst],
    /// The package root of each file, by `FileId` (`load` stays inside it).
    pub roots: &'a [std::path::PathBuf],
    pub diags: Vec<Diagnostic>,
    /// The package namespace.
    pub names: FxHashMap<String, Item>,
    pub enums: Vec<&'a EnumDecl>,
    pub enum_names: Vec<String>,
    /// Variant name → index, per enum.
    pub variants: Vec<FxHashMap<String, u32>>,
    /// Variant name → the enums that have it.
    pub variant_owners: FxHashMap<String, Vec<u32>>,
    pub records: Vec<&'a RecordDecl>,
    pub record_names: Vec<String>,
    /// Field types in slot order, per record.
    pub fields: Vec<Vec<(String, Type)>>,
    /// Field name → slot, per record.
    pub field_slots: Vec<FxHashMap<String, u32>>,
    /// Checked defaults per record and slot.
    pub defaults: Vec<Vec<(State, Option<ir::Expr>)>>,
    pub consts: Vec<ConstSlot<'a>>,
    pub funcs: Vec<FuncSlot<'a>>,
    pub policies: Vec<PolicySlot<'a>>,
    pub tests: Vec<ir::TestDef>,
    pub ctx: Ctx,
    /// Items referred to from anywhere.
    pub used: FxHashSet<Item>,
    /// Names of declarations that did not parse: unknown without a
    /// diagnostic, since their syntax error is the one to fix.
    pub poisoned: FxHashSet<String>,
    /// Whether any declaration did not parse (uses are then not all known).
    pub recovered: bool,
    /// The first `as_of` read by the body last checked by
    /// [`Checker::in_fresh_ctx`].
    pub fresh_as_of: Option<Span>,
    /// Rule bodies and test `given`s that read `as_of` or call a `def`,
    /// for [`Checker::check_as_of`].
    pub as_of_sites: Vec<as_of::Site>,
    /// The uses of dated collections, by span, with the constant's name:
    /// each reads `as_of` (for E0338's wording).
    pub dated_reads: FxHashMap<Span, String>,
    /// The `Hit<R>` records made so far (§14): each one's id and R.
    pub hit_records: Vec<(ir::RecordId, ir::RecordId)>,
}

impl<'a> Checker<'a> {
    fn new(map: &'a SourceMap, files: &'a [SourceAst]) -> Checker<'a> {
        Checker {
            map,
            files,
            roots: &[],
            diags: Vec::new(),
            names: FxHashMap::default(),
            enums: Vec::new(),
            enum_names: Vec::new(),
            variants: Vec::new(),
            variant_owners: FxHashMap::default(),
            records: Vec::new(),
            record_names: Vec::new(),
            fields: Vec::new(),
            field_slots: Vec::new(),
            defaults: Vec::new(),
            consts: Vec::new(),
            funcs: Vec::new(),
            policies: Vec::new(),
            tests: Vec::new(),
            ctx: Ctx::default(),
            used: FxHashSet::default(),
            poisoned: FxHashSet::default(),
            recovered: false,
            fresh_as_of: None,
            as_of_sites: Vec::new(),
            dated_reads: FxHashMap::default(),
            hit_records: Vec::new(),
        }
    }

    /// Records a diagnostic.
    pub fn report(&mut self, error: CheckError) {
        self.diags.push(Diagnostic::from(error));
    }

    /// Record `rid`'s name, and a "declared here" label at its declaration
    /// for an error at `span` (in `span`'s file, or as a note elsewhere):
    /// what an error about a record lacking a field points back to.
    pub(crate) fn record_declared_here(
        &self,
        span: Span,
        rid: ir::RecordId,
    ) -> (String, Option<Span>, Vec<error::Note>) {
        let declared = self
            .records
            .get(rid.0 as usize)
            .map(|r| r.name.span)
            .unwrap_or_default();
        let record = self
            .record_names
            .get(rid.0 as usize)
            .cloned()
            .unwrap_or_default();
        let (record_span, elsewhere) = self.secondary(
            span,
            declared,
            format!("`{record}` is declared here"),
            "declared here",
        );
        (record, record_span, elsewhere)
    }

    /// Splits a secondary span: a label when it is in the same file as
    /// `primary`, else a related note (a note per file, as rustc).
    pub fn secondary(
        &self,
        primary: Span,
        other: Span,
        message: String,
        label: &str,
    ) -> (Option<Span>, Vec<error::Note>) {
        let same = match (self.map.file_at(primary.lo), self.map.file_at(other.lo)) {
            (Some(a), Some(b)) => a.start == b.start,
            _ => true,
        };
        if same {
            (Some(other), Vec::new())
        } else {
            let note = error::Note {
                span: other,
                message,
                label: label.to_string(),
            };
            (None, vec![note])
        }
    }

    /// The source text of a span (for messages that quote the user's code).
    pub fn text(&self, span: Span) -> String {
        let s = self.map.slice(span);
        // Quote long or multi-line expressions by their first line only.
        match s.lines().next() {
            Some(first) if first.len() < s.len() => format!("{}…", first.trim_end()),
            _ => s.to_string(),
        }
    }

    /// Notes that the expression being checked refers to `item`.
    pub fn depend(&mut self, item: Item, span: Span) {
        self.used.insert(item);
        self.ctx.deps.push((item, span));
    }

    /// The context of a `const` or `def` body: inside a policy it knows the
    /// policy's binding, which such a body may not use.
    pub(crate) fn declaration_ctx(&self, policy: Option<u32>) -> Ctx {
        Ctx {
            policy,
            hidden_binding: policy
                .and_then(|p| self.policies.get(p as usize))
                .map(|p| p.decl.binding.node.clone()),
            ..Ctx::default()
        }
    }

    /// Runs `f` in a fresh context (own bindings, own dependency list) and
    /// returns its result with the dependencies it recorded and its frame size.
    pub fn in_fresh_ctx<T>(
        &mut self,
        ctx: Ctx,
        f: impl FnOnce(&mut Self) -> T,
    ) -> (T, Vec<(Item, Span)>, u32) {
        let saved = std::mem::replace(&mut self.ctx, ctx);
        let out = f(self);
        let done = std::mem::replace(&mut self.ctx, saved);
        self.fresh_as_of = done.as_of;
        (out, done.deps, done.scope.frame_size())
    }

    fn check_consts(&mut self) {
        for id in 0..self.consts.len() as u32 {
            self.ensure_const(id);
        }
    }

    fn check_functions(&mut self) {
        for id in 0..self.funcs.len() {
            let Some(slot) = self.funcs.get(id) else {
                continue;
            };
            let decl = slot.decl;
            let policy = slot.policy;
            let params = slot.params.clone();
            let ret = slot.ret.clone();
            let ctx = self.declaration_ctx(policy);
            let (body, deps, frame) = self.in_fresh_ctx(ctx, |c| {
                for (param, (_, ty)) in decl.params.iter().zip(&params) {
                    c.bind(&param.name, ty.clone());
                }
                let why = format!(
                    "`{}` is declared to return `{}`",
                    decl.name.node,
                    c.show(&ret)
                );
                c.expect_type(&decl.body, &ret, &why)
            });
            if let Some(slot) = self.funcs.get_mut(id) {
                slot.ir = Some(body);
                slot.deps = deps;
                slot.frame = frame;
                slot.as_of = self.fresh_as_of;
            }
        }
    }

    /// Assembles the program from the checked pieces.
    fn finish(mut self) -> (Program, Vec<Diagnostic>) {
        let mut program = Program::default();
        for (i, decl) in self.enums.iter().enumerate() {
            let _ = i;
            program.enums.push(ir::EnumDef {
                name: decl.name.node.clone(),
                variants: decl.variants.iter().map(|v| v.node.clone()).collect(),
                span: decl.span,
            });
        }
        for (r, decl) in self.records.iter().enumerate() {
            let types = self.fields.get(r).cloned().unwrap_or_default();
            let mut defaults = self
                .defaults
                .get_mut(r)
                .map(std::mem::take)
                .unwrap_or_default();
            let fields = decl
                .fields
                .iter()
                .zip(types)
                .enumerate()
                .map(|(slot, (f, (name, ty)))| ir::FieldDef {
                    name,
                    ty,
                    default: defaults.get_mut(slot).and_then(|d| d.1.take()),
                    default_value: None,
                    span: f.span,
                })
                .collect();
            program.records.push(ir::RecordDef {
                name: decl.name.node.clone(),
                fields,
                span: decl.span,
            });
        }
        // The `Hit<R>` records follow the declared ones, in id order.
        for (hit, _) in &self.hit_records {
            let fields = self.fields.get(hit.0 as usize).cloned().unwrap_or_default();
            program.records.push(ir::RecordDef {
                name: self
                    .record_names
                    .get(hit.0 as usize)
                    .cloned()
                    .unwrap_or_default(),
                fields: fields
                    .into_iter()
                    .map(|(name, ty)| ir::FieldDef {
                        name,
                        ty,
                        default: None,
                        default_value: None,
                        span: Span::default(),
                    })
                    .collect(),
                span: Span::default(),
            });
        }
        program.const_order = self.const_order();
        for slot in &mut self.consts {
            program.consts.push(ir::ConstDef {
                name: slot.decl.name.node.clone(),
                ty: slot.ty.clone(),
                init: slot
                    .ir
                    .take()
                    .unwrap_or_else(|| error_expr(slot.decl.value.span)),
                value: None,
                frame_size: slot.frame,
                span: slot.decl.span,
            });
        }
        for slot in &mut self.funcs {
            program.functions.push(ir::FunctionDef {
                name: slot.decl.name.node.clone(),
                params: slot.params.clone(),
                ret: slot.ret.clone(),
                body: slot
                    .ir
                    .take()
                    .unwrap_or_else(|| error_expr(slot.decl.body.span)),
                frame_size: slot.frame.max(slot.params.len() as u32),
                span: slot.decl.span,
            });
        }
        program.policies = self
            .policies
            .iter_mut()
            .filter_map(|p| p.def.take())
            .collect();
        program.tests = std::mem::take(&mut self.tests);
        (program, self.diags)
    }
}

/// A placeholder for an expression that failed to check.
pub(crate) fn error_expr(span: Span) -> ir::Expr {
    ir::Expr {
        kind: ir::ExprKind::Error,
        ty: Type::Error,
        span,
    }
}

#[cfg(test)]
mod unit_tests;
