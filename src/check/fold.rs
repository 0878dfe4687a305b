//! The constant pass: the last step of checking, run only on a program with
//! no errors. Field defaults are computed, `.json` fixtures read and
//! validated (with those defaults), and every constant computed; the values
//! go into the IR, so a backend only reads them and `polc check` reports
//! every failure (E0450, E0452, E0453) at its declaration or `load`.
//!
//! The arithmetic is the evaluator's own (`eval::compile` + `eval::interp`):
//! a second implementation of the value operations could disagree with the
//! one that runs the rules.

use crate::check::error::CheckError;
use crate::check::fold_rows::read_rows;
use crate::check::load_file::read_error;
use crate::diag::Diagnostic;
use crate::eval::compile::{compile, Env, Failed};
use crate::eval::interp::{Cx, EvalError, Func};
use crate::eval::node::Node;
use crate::input::json::JsonReader;
use crate::input::locate;
use crate::input::schema::Schema;
use crate::ir::{walk, ConstId, DefId, Expr, ExprKind, Program};
use crate::source::Span;
use crate::value::dated::DatedCollection;
use crate::value::render::Names;
use crate::value::Value;

/// Computes the values of `program` in place; the diagnostics are errors.
pub(crate) fn fold(program: &mut Program) -> Vec<Diagnostic> {
    let names = Names::of(program);
    let enum_names: Vec<String> = program.enums.iter().map(|e| e.name.clone()).collect();
    let mut diags = Vec::new();
    // A fixture inside a field default cannot use the defaults being computed.
    let bare = Schema::new(&names, &enum_names, Vec::new());
    walk::defaults_mut(program, &mut |e| {
        read_fixture(&bare, e, &mut diags);
        read_rows(&bare, e, &mut diags);
    });
    let defaults = Folder::new(program, &mut diags).defaults();
    for (record, row) in program.records.iter_mut().zip(&defaults) {
        for (field, value) in record.fields.iter_mut().zip(row) {
            field.default_value = value.clone();
        }
    }
    let schema = Schema::new(&names, &enum_names, defaults);
    walk::program_mut(program, &mut |e| {
        read_fixture(&schema, e, &mut diags);
        read_rows(&schema, e, &mut diags);
    });
    if !diags.is_empty() {
        return diags;
    }
    let values = {
        let mut f = Folder::new(program, &mut diags);
        let all = (0..program.consts.len() as u32).map(ConstId);
        // A dated constant has no value of its own: its uses read its rows.
        let dated = |id: &ConstId| {
            program
                .consts
                .get(id.index())
                .is_some_and(|c| c.dated().is_some())
        };
        for id in program.const_order.iter().copied().chain(all) {
            if !dated(&id) {
                let _ = f.constant(id);
            }
        }
        f.consts
    };
    for (c, state) in program.consts.iter_mut().zip(values) {
        if let State::Done(v) = state {
            c.value = Some(v);
        }
    }
    diags
}

/// Replaces a `load "x.json" as T` by its value (or reports why it has none).
fn read_fixture(schema: &Schema, e: &mut Expr, diags: &mut Vec<Diagnostic>) {
    let ExprKind::LoadedJson { path, display } = &e.kind else {
        return;
    };
    // The checker resolved `path` inside the package (`load_file.rs`); the
    // read is limited in size and type like every other.
    let bytes = match crate::confine::read_limited(path) {
        Ok(b) => b,
        Err(err @ crate::confine::ReadError::Io(_)) => {
            diags.push(Diagnostic::from(CheckError::UnreadableFixture {
                path: display.clone(),
                reason: err.reason(),
                span: e.span,
            }));
            return;
        }
        Err(err) => {
            diags.push(Diagnostic::from(read_error(e.span, display, err)));
            return;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            diags.push(Diagnostic::from(CheckError::UnreadableFixture {
                path: display.clone(),
                reason: "stream did not contain valid UTF-8".into(),
                span: e.span,
            }));
            return;
        }
    };
    let text = crate::check::rows::strip_text(&text);
    match JsonReader::full(schema, false).parse(text, &e.ty) {
        Ok((value, _)) => {
            e.kind = ExprKind::Loaded {
                path: display.clone(),
                value,
            };
        }
        Err(err) => {
            let (line, column) = locate::line_col(text, err.offset, 1);
            let path = display.clone();
            let message = err.message;
            let span = e.span;
            diags.push(Diagnostic::from(
                if err.code == crate::input::codes::NEAR_MISS {
                    CheckError::FixtureNearMiss {
                        path,
                        line,
                        column,
                        message,
                        span,
                    }
                } else {
                    CheckError::BadFixture {
                        path,
                        line,
                        column,
                        message,
                        span,
                    }
                },
            ));
        }
    }
}

#[derive(Clone)]
enum State {
    Todo,
    Busy,
    Done(Value),
    Failed,
}

/// Computes constants on demand (so their order never matters), compiling
/// the functions they call.
struct Folder<'a> {
    program: &'a Program,
    consts: Vec<State>,
    funcs: Vec<Func>,
    func_done: Vec<bool>,
    diags: &'a mut Vec<Diagnostic>,
}

impl<'a> Folder<'a> {
    fn new(program: &'a Program, diags: &'a mut Vec<Diagnostic>) -> Folder<'a> {
        let placeholder = Func::placeholder();
        Folder {
            program,
            consts: vec![State::Todo; program.consts.len()],
            funcs: vec![placeholder; program.functions.len()],
            func_done: vec![false; program.functions.len()],
            diags,
        }
    }

    /// Evaluates a compiled constant expression in an empty frame.
    fn run(&self, node: &Node, frame_size: u32) -> Result<Value, EvalError> {
        let mut cx = Cx::new(&self.funcs);
        cx.reset(None, frame_size);
        cx.eval(node)
    }

    fn failed(&mut self, what: String, span: Span, e: EvalError) -> Failed {
        self.diags.push(Diagnostic::from(CheckError::ConstFailed {
            what,
            reason: e.error.to_string(),
            span,
            at: e.span,
        }));
        Failed
    }

    /// Field defaults by record and slot.
    fn defaults(&mut self) -> Vec<Vec<Option<Value>>> {
        let program = self.program;
        let mut out = Vec::with_capacity(program.records.len());
        for r in &program.records {
            let mut row = Vec::with_capacity(r.fields.len());
            for f in &r.fields {
                let value = f.default.as_ref().and_then(|d| {
                    let node = compile(self, d).ok()?;
                    match self.run(&node, 0) {
                        Ok(v) => Some(v),
                        Err(e) => {
                            let what = format!("the default of `{}.{}`", r.name, f.name);
                            let _ = self.failed(what, f.span, e);
                            None
                        }
                    }
                });
                row.push(value);
            }
            out.push(row);
        }
        out
    }
}

impl Env for Folder<'_> {
    fn names(&mut self) -> std::sync::Arc<Names> {
        // Only `text` asks, once per call site.
        std::sync::Arc::new(Names::of(self.program))
    }

    fn dated(&mut self, id: ConstId) -> Result<std::sync::Arc<DatedCollection>, Failed> {
        let program = self.program;
        let c = program.consts.get(id.index()).ok_or(Failed)?;
        match c.dated() {
            Some(d) => Ok(d.clone()),
            None => Err(self.internal(&c.init, "a dated use of a constant that is not dated")),
        }
    }

    fn constant(&mut self, id: ConstId) -> Result<Value, Failed> {
        let program = self.program;
        let Some(c) = program.consts.get(id.index()) else {
            return Err(Failed);
        };
        match self.consts.get(id.index()) {
            Some(State::Done(v)) => return Ok(v.clone()),
            Some(State::Failed) | None => return Err(Failed),
            Some(State::Busy) => {
                // `cycles.rs` reports cycles, and this pass runs only when
                // there were no errors.
                let what = format!("constant `{}` depends on itself", c.name);
                return Err(self.internal(&c.init, &what));
            }
            Some(State::Todo) => {}
        }
        if let Some(s) = self.consts.get_mut(id.index()) {
            *s = State::Busy;
        }
        let result = compile(self, &c.init).and_then(|node| {
            self.run(&node, c.frame_size)
                .map_err(|e| self.failed(format!("constant `{}`", c.name), c.span, e))
        });
        let state = match result {
            Ok(v) => State::Done(v),
            Err(_) => State::Failed,
        };
        if let Some(s) = self.consts.get_mut(id.index()) {
            *s = state.clone();
        }
        match state {
            State::Done(v) => Ok(v),
            _ => Err(Failed),
        }
    }

    fn function(&mut self, id: DefId) -> Result<(), Failed> {
        let program = self.program;
        let f = program.functions.get(id.index()).ok_or(Failed)?;
        match self.func_done.get(id.index()) {
            Some(true) => return Ok(()),
            Some(false) => {}
            None => return Err(Failed),
        }
        // Marked first: a (forbidden) recursive call then compiles to a call
        // by index instead of looping here.
        if let Some(d) = self.func_done.get_mut(id.index()) {
            *d = true;
        }
        let body = compile(self, &f.body)?;
        if let Some(slot) = self.funcs.get_mut(id.index()) {
            *slot = Func::new(body, f);
        }
        Ok(())
    }

    fn internal(&mut self, expr: &Expr, what: &str) -> Failed {
        self.diags.push(Diagnostic::from(CheckError::Internal {
            what: what.to_string(),
            span: expr.span,
        }));
        Failed
    }
}
