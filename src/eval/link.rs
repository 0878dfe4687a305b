//! Linking: a checked [`Program`] → a runnable [`Engine`]. Constants are
//! computed once (each on first use, so the order never matters), loaded
//! lists converted, fixtures read, field defaults computed, and every
//! function, rule and test compiled to [`Node`]s.

use crate::diag::Diagnostic;
use crate::eval::compile::{self, coerce, coerce_value, compile, compile_iter, Env, Failed};
use crate::eval::error::LinkError;
use crate::eval::input::json::JsonReader;
use crate::eval::input::schema::Schema;
use crate::eval::input::{locate, text};
use crate::eval::interp::{Cx, EvalError, Func};
use crate::eval::node::Node;
use crate::eval::render::Names;
use crate::eval::rule::{CondExec, Engine, MsgPart, PolicyExec, RuleExec, TestExec};
use crate::eval::value::Value;
use crate::ir::{Expr, MessagePart, Program, Type};
use crate::source::{SourceMap, Span};

#[derive(Clone)]
enum State {
    Todo,
    Busy,
    Done(Value),
    Failed,
}

struct Linker<'a> {
    program: &'a Program,
    map: &'a SourceMap,
    names: Names,
    schema: Schema,
    consts: Vec<State>,
    funcs: Vec<Func>,
    func_done: Vec<bool>,
    diags: Vec<Diagnostic>,
    path_types: rustc_hash::FxHashMap<Span, Type>,
}

/// Links a checked program (see [`crate::ir`]'s invariant: no errors).
pub fn link(program: &Program, map: &SourceMap) -> Result<Engine, Vec<Diagnostic>> {
    let names = Names::of(program);
    let enum_names: Vec<String> = program.enums.iter().map(|e| e.name.clone()).collect();
    let placeholder = Func {
        body: Node::value(Value::Absent, Span::default()),
        frame_size: 0,
    };
    let mut l = Linker {
        program,
        map,
        schema: Schema::new(&names, &enum_names, Vec::new()),
        names,
        consts: vec![State::Todo; program.consts.len()],
        funcs: vec![placeholder; program.functions.len()],
        func_done: vec![false; program.functions.len()],
        diags: Vec::new(),
        path_types: rustc_hash::FxHashMap::default(),
    };
    let defaults = l.defaults();
    l.schema = Schema::new(&l.names, &enum_names, defaults);
    let order: Vec<u32> = program
        .const_order
        .iter()
        .copied()
        .chain(0..program.consts.len() as u32)
        .collect();
    for i in order {
        let _ = l.constant(i);
    }
    for i in 0..program.functions.len() as u32 {
        let _ = l.function(i);
    }
    let (policies, rules) = l.policies();
    let tests = program
        .tests
        .iter()
        .map(|t| {
            compile(&mut l, &t.given).ok().map(|given| TestExec {
                given,
                frame_size: t.frame_size,
            })
        })
        .collect();
    if !l.diags.is_empty() {
        return Err(l.diags);
    }
    l.schema
        .set_observed(crate::eval::usage::observed_fields(program));
    let consts = l
        .consts
        .into_iter()
        .map(|s| match s {
            State::Done(v) => v,
            _ => Value::Absent,
        })
        .collect();
    let mut engine = Engine::new(
        l.names,
        l.schema,
        l.funcs,
        policies,
        rules,
        tests,
        consts,
        map.clone(),
    );
    engine.path_types = l.path_types;
    Ok(engine)
}

impl Linker<'_> {
    /// Evaluates a compiled constant expression in an empty frame.
    fn run(&self, node: &Node) -> Result<Value, EvalError> {
        let mut cx = Cx::new(&self.funcs);
        cx.reset(None, 0);
        cx.eval(node)
    }

    fn failed(&mut self, what: String, span: Span, e: EvalError) -> Failed {
        self.diags.push(Diagnostic::from(LinkError::ConstFailed {
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
                    match self.run(&node) {
                        Ok(v) => Some(coerce_value(v, &f.ty)),
                        Err(e) => {
                            let _ = self.failed(
                                format!("the default of `{}.{}`", r.name, f.name),
                                f.span,
                                e,
                            );
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

    fn policies(&mut self) -> (Vec<PolicyExec>, Vec<RuleExec>) {
        let program = self.program;
        let mut policies = Vec::with_capacity(program.policies.len());
        let mut rules = Vec::new();
        for (pi, p) in program.policies.iter().enumerate() {
            policies.push(PolicyExec {
                name: p.name.clone(),
                subject: p.subject,
                in_force: p.in_force.clone(),
                span: p.span,
            });
            for (ri, r) in p.rules.iter().enumerate() {
                if let Ok(rule) = self.rule(pi as u32, ri as u32, p.subject, r) {
                    rules.push(rule);
                }
            }
        }
        // Output lists rules by full name as bytes; evaluating in that order
        // yields sorted `fired`/`errors` without sorting per record.
        rules.sort_by(|a, b| a.full_name.as_bytes().cmp(b.full_name.as_bytes()));
        (policies, rules)
    }

    fn rule(
        &mut self,
        policy: u32,
        index: u32,
        subject: crate::ir::RecordId,
        r: &crate::ir::RuleDef,
    ) -> Result<RuleExec, Failed> {
        let for_each = r
            .for_each
            .as_ref()
            .map(|e| compile_iter(self, e))
            .transpose()?;
        let mut conditions = Vec::with_capacity(r.conditions.len());
        for c in &r.conditions {
            conditions.push(CondExec {
                negated: c.negated,
                node: compile(self, &c.expr)?,
                span: c.span,
            });
        }
        let mut message = Vec::with_capacity(r.effect.message.len());
        for part in &r.effect.message {
            message.push(match part {
                MessagePart::Text(t) => MsgPart::Text(t.clone()),
                MessagePart::Expr(e) => MsgPart::Expr(compile(self, e)?, e.ty.clone()),
            });
        }
        Ok(RuleExec {
            policy,
            index,
            subject,
            full_name: r.full_name.clone(),
            at: self.map.location_string(r.at),
            source: r.source.clone(),
            in_force: r.in_force.clone(),
            for_each,
            conditions,
            effect: r.effect.kind.clone(),
            message,
            frame_size: r.frame_size.max(2),
            keyword: r.at,
            span: r.span,
            doc: r.doc.clone(),
        })
    }
}

impl Env for Linker<'_> {
    fn constant(&mut self, idx: u32) -> Result<Value, Failed> {
        let program = self.program;
        let Some(c) = program.consts.get(idx as usize) else {
            return Err(Failed);
        };
        match self.consts.get(idx as usize) {
            Some(State::Done(v)) => return Ok(v.clone()),
            Some(State::Failed) | None => return Err(Failed),
            Some(State::Busy) => {
                let what = format!("constant `{}` depends on itself", c.name);
                self.diags
                    .push(Diagnostic::from(LinkError::Internal { what, span: c.span }));
                return Err(Failed);
            }
            Some(State::Todo) => {}
        }
        if let Some(s) = self.consts.get_mut(idx as usize) {
            *s = State::Busy;
        }
        let result = compile(self, &c.value).and_then(|node| {
            self.run(&node)
                .map_err(|e| self.failed(format!("constant `{}`", c.name), c.span, e))
        });
        let state = match &result {
            Ok(v) => State::Done(coerce_value(v.clone(), &c.ty)),
            Err(_) => State::Failed,
        };
        if let Some(s) = self.consts.get_mut(idx as usize) {
            *s = state.clone();
        }
        match state {
            State::Done(v) => Ok(v),
            _ => Err(Failed),
        }
    }

    fn function(&mut self, idx: u32) -> Result<Vec<Type>, Failed> {
        let program = self.program;
        let f = program.functions.get(idx as usize).ok_or(Failed)?;
        let params: Vec<Type> = f.params.iter().map(|(_, t)| t.clone()).collect();
        match self.func_done.get(idx as usize) {
            Some(true) => return Ok(params),
            Some(false) => {}
            None => return Err(Failed),
        }
        // Marked first: a (forbidden) recursive call then compiles to a call
        // by index instead of looping here.
        if let Some(d) = self.func_done.get_mut(idx as usize) {
            *d = true;
        }
        let body = compile(self, &f.body)?;
        if let Some(slot) = self.funcs.get_mut(idx as usize) {
            *slot = Func {
                body: coerce(body, &f.body.ty, &f.ret),
                frame_size: f.frame_size,
            };
        }
        Ok(params)
    }

    fn field_types(&self, id: u32) -> Vec<Type> {
        self.names
            .records
            .get(id as usize)
            .map(|(_, fs)| fs.iter().map(|(_, t)| t.clone()).collect())
            .unwrap_or_default()
    }

    fn loaded_text(
        &mut self,
        expr: &Expr,
        path: &str,
        items: &[(String, u32)],
    ) -> Result<Value, Failed> {
        let Some(elem) = expr.ty.strip_optional().element().cloned() else {
            return Err(self.internal(expr, "a `load`ed list whose type is not a collection"));
        };
        let mut values = Vec::with_capacity(items.len());
        for (s, line) in items {
            // The checker accepted every value; convert by its rules.
            let v = match elem.strip_optional() {
                Type::Int => s.parse::<i64>().ok().map(Value::Int),
                Type::Decimal => rust_decimal::Decimal::from_str_exact(s)
                    .ok()
                    .map(Value::Decimal),
                other => text::parse(&self.schema, other, s).ok(),
            };
            match v {
                Some(v) => values.push(v),
                None => {
                    let what = format!(
                        "`{path}` line {line}: the checker accepted {s:?}, which does not convert"
                    );
                    return Err(self.internal(expr, &what));
                }
            }
        }
        Ok(coerce_value(Value::list(values), &expr.ty))
    }

    fn loaded_json(
        &mut self,
        expr: &Expr,
        path: &std::path::Path,
        display: &str,
    ) -> Result<Value, Failed> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                self.diags
                    .push(Diagnostic::from(LinkError::UnreadableFixture {
                        path: display.to_string(),
                        reason: e.to_string(),
                        span: expr.span,
                    }));
                return Err(Failed);
            }
        };
        match JsonReader::full(&self.schema, false).parse(&text, &expr.ty) {
            Ok((v, _)) => Ok(coerce_value(v, &expr.ty)),
            Err(e) => {
                let (line, column) = locate::line_col(&text, e.offset, 1);
                self.diags.push(Diagnostic::from(LinkError::BadFixture {
                    path: display.to_string(),
                    line,
                    column,
                    message: e.message,
                    span: expr.span,
                }));
                Err(Failed)
            }
        }
    }

    fn note_type(&mut self, span: Span, ty: &Type) {
        self.path_types.insert(span, ty.clone());
    }

    fn internal(&mut self, expr: &Expr, what: &str) -> Failed {
        self.diags.push(Diagnostic::from(LinkError::Internal {
            what: what.to_string(),
            span: expr.span,
        }));
        Failed
    }
}

/// Compiles a literal-only expression without a program (for tests);
/// `None` for a malformed country or currency code.
pub fn literal_value(lit: &crate::ir::Lit, ty: &Type) -> Option<Value> {
    compile::literal(lit, ty)
}
