//! Linking: a checked [`Program`] → a runnable [`Engine`], the runtime
//! layout only. Constants, field defaults, loaded lists and fixtures are
//! values the checker stored in the IR (`check/fold.rs`); here every
//! function, rule and test is compiled to [`Node`]s, rules are put in output
//! order and the input schema is built.

use crate::diag::Diagnostic;
use crate::eval::compile::{compile, compile_iter, Env, Failed};
use crate::eval::error::LinkError;
use crate::eval::interp::Func;
use crate::eval::rule::{CondExec, Engine, LetExec, MsgPart, PolicyExec, RuleExec, TestExec};
use crate::input::schema::Schema;
use crate::ir::{ConstId, DefId, Expr, MessagePart, PolicyId, Program, RuleIndex, Type};
use crate::source::{SourceMap, Span};
use crate::value::dated::DatedCollection;
use crate::value::render::Names;
use crate::value::Value;

struct Linker<'a> {
    program: &'a Program,
    map: &'a SourceMap,
    funcs: Vec<Func>,
    func_done: Vec<bool>,
    diags: Vec<Diagnostic>,
    path_types: rustc_hash::FxHashMap<Span, Type>,
}

/// Links a checked program (see [`crate::ir`]'s invariant: no errors).
pub fn link(program: &Program, map: &SourceMap) -> Result<Engine, Vec<Diagnostic>> {
    let names = Names::of(program);
    let enum_names: Vec<String> = program.enums.iter().map(|e| e.name.clone()).collect();
    let placeholder = Func::placeholder();
    let mut l = Linker {
        program,
        map,
        funcs: vec![placeholder; program.functions.len()],
        func_done: vec![false; program.functions.len()],
        diags: Vec::new(),
        path_types: rustc_hash::FxHashMap::default(),
    };
    let defaults = program
        .records
        .iter()
        .map(|r| r.fields.iter().map(|f| f.default_value.clone()).collect())
        .collect();
    let mut schema = Schema::new(&names, &enum_names, defaults);
    let mut consts = Vec::with_capacity(program.consts.len());
    for c in &program.consts {
        match &c.value {
            Some(v) => consts.push(v.clone()),
            // Read through its `DatedConst` uses, never as a value.
            None if c.dated().is_some() => consts.push(Value::Absent),
            None => {
                let what = format!("constant `{}` has no value", c.name);
                let _ = l.internal(&c.init, &what);
            }
        }
    }
    for i in 0..program.functions.len() as u32 {
        let _ = l.function(DefId(i));
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
    schema.set_observed(crate::eval::usage::observed_fields(program));
    let mut engine = Engine::new(
        names,
        schema,
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
                if let Ok(rule) = self.rule(PolicyId(pi as u32), RuleIndex(ri as u32), p.subject, r)
                {
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
        policy: PolicyId,
        index: RuleIndex,
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
        let mut lets = Vec::with_capacity(r.lets.len());
        for l in &r.lets {
            lets.push(LetExec {
                slot: l.slot.0,
                node: compile(self, &l.expr)?,
                before: l.before,
                span: l.span,
            });
        }
        let mut message = Vec::with_capacity(r.effect.message.len());
        for part in &r.effect.message {
            message.push(match part {
                MessagePart::Text(t) => MsgPart::Text(t.clone()),
                MessagePart::Expr(e, spec) => MsgPart::Expr(compile(self, e)?, e.ty.clone(), *spec),
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
            lets,
            effect: r.effect.kind.clone(),
            message,
            frame_size: r.frame_size.max(2),
            keyword: r.at,
            span: r.span,
            doc: r.doc.clone(),
            covers: Vec::new(),
            coverable: false,
        })
    }
}

impl Env for Linker<'_> {
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
        // The checker's constant pass stored every value (the IR invariant).
        match self.program.consts.get(id.index()) {
            Some(c) => match &c.value {
                Some(v) => Ok(v.clone()),
                None => Err(Failed),
            },
            None => Err(Failed),
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
