//! The span property: every AST node's span slices back to exactly the text
//! it was parsed from (re-parsing an expression's slice gives the same
//! expression; a name's slice is the name).

use polc::ast::*;
use polc::source::SourceMap;

/// Checks every node of `ast`; returns a description of each violation.
pub fn check_spans(map: &SourceMap, ast: &SourceAst) -> Vec<String> {
    let mut v = Checker {
        map,
        problems: Vec::new(),
    };
    for decl in &ast.decls {
        v.decl(decl);
    }
    v.problems
}

struct Checker<'a> {
    map: &'a SourceMap,
    problems: Vec<String>,
}

impl Checker<'_> {
    fn ident(&mut self, id: &Ident) {
        let text = self.map.slice(id.span);
        if text != id.node {
            self.problems
                .push(format!("name `{}` has span text `{}`", id.node, text));
        }
    }

    fn starts(&mut self, what: &str, span: polc::source::Span, prefix: &str) {
        let text = self.map.slice(span);
        if text.trim() != text {
            self.problems
                .push(format!("{what} span `{text}` has white space at an end"));
        }
        if !text.starts_with(prefix) {
            self.problems.push(format!(
                "{what} span `{text}` does not start with `{prefix}`"
            ));
        }
    }

    fn ends(&mut self, what: &str, span: polc::source::Span, suffix: &str) {
        let text = self.map.slice(span);
        if !text.ends_with(suffix) {
            self.problems
                .push(format!("{what} span `{text}` does not end with `{suffix}`"));
        }
    }

    fn ty(&mut self, ty: &TypeExpr) {
        let text = self.map.slice(ty.span).replace(char::is_whitespace, "");
        let printed = type_text(ty);
        if text != printed {
            self.problems
                .push(format!("type `{printed}` has span text `{text}`"));
        }
    }

    fn decl(&mut self, decl: &Decl) {
        match decl {
            Decl::Enum(e) => {
                self.starts("enum", e.span, "enum");
                self.ends("enum", e.span, "}");
                self.ident(&e.name);
                e.variants.iter().for_each(|v| self.ident(v));
            }
            Decl::Record(r) => {
                self.starts("record", r.span, "record");
                self.ends("record", r.span, "}");
                self.ident(&r.name);
                for f in &r.fields {
                    self.ident(&f.name);
                    self.starts("field", f.span, &f.name.node);
                    self.ty(&f.ty);
                    if let Some(d) = &f.default {
                        self.expr(d);
                    }
                }
            }
            Decl::Const(c) => self.const_decl(c),
            Decl::Def(d) => self.def_decl(d),
            Decl::Policy(p) => {
                self.starts("policy", p.span, "policy");
                self.ends("policy", p.span, "}");
                self.ident(&p.name);
                self.ident(&p.binding);
                self.ident(&p.subject);
                for m in &p.meta {
                    self.meta(m);
                }
                for item in &p.items {
                    match item {
                        PolicyItem::Const(c) => self.const_decl(c),
                        PolicyItem::Def(d) => self.def_decl(d),
                        PolicyItem::Rule(r) => self.rule(r),
                    }
                }
            }
            Decl::Test(t) => {
                self.starts("test", t.span, "test");
                self.ends("test", t.span, "}");
                self.expr(&t.given);
                for name in &t.only {
                    self.ident(name);
                }
                if let Some(as_of) = &t.as_of {
                    self.starts("as_of date", as_of.span, "2");
                }
                for e in &t.expects {
                    self.starts("expect", e.span, "expect");
                    let refs: Vec<&CaseRef> = match &e.node {
                        ExpectKind::Decision { by, .. } | ExpectKind::Authorized(by) => {
                            by.iter().collect()
                        }
                        ExpectKind::NotFired(r) => vec![r],
                        _ => Vec::new(),
                    };
                    for r in refs {
                        self.ident(&r.rule.policy);
                        self.ident(&r.rule.rule);
                        if let Some(at) = &r.at {
                            self.starts("at", at.keyword, "at");
                            self.ends("at", at.keyword, "at");
                            self.ends("case reference", r.span, &at.index.node.to_string());
                        }
                    }
                }
            }
        }
    }

    fn meta(&mut self, m: &Meta) {
        let word = match &m.node {
            MetaKind::Title(_) => "title",
            MetaKind::Authority(_) => "authority",
            MetaKind::Source(_) => "source",
            MetaKind::Effective(_) => "effective",
            MetaKind::Expires(_) => "expires",
            MetaKind::Suspended { .. } => "suspended",
        };
        self.starts("metadata", m.span, word);
    }

    fn const_decl(&mut self, c: &ConstDecl) {
        self.starts("const", c.span, "const");
        self.ident(&c.name);
        if let Some(t) = &c.ty {
            self.ty(t);
        }
        self.expr(&c.value);
    }

    fn def_decl(&mut self, d: &DefDecl) {
        self.starts("def", d.span, "def");
        self.ident(&d.name);
        for p in &d.params {
            self.ident(&p.name);
            self.ty(&p.ty);
        }
        self.ty(&d.ret);
        self.expr(&d.body);
    }

    fn rule(&mut self, r: &RuleDecl) {
        self.starts("rule", r.span, "rule");
        self.ends("rule", r.span, "}");
        self.starts("rule keyword", r.keyword, "rule");
        self.ident(&r.name);
        if let Some(f) = &r.for_each {
            self.ident(&f.var);
            self.expr(&f.iter);
        }
        for m in &r.meta {
            self.meta(m);
        }
        for c in &r.conditions {
            let word = match c.kind {
                ConditionKind::When => "when",
                ConditionKind::Unless => "unless",
            };
            self.starts("condition", c.span, word);
            self.expr(&c.expr);
        }
        for l in &r.lets {
            self.starts("let", l.span, "let");
            self.ident(&l.name);
            if let Some(t) = &l.ty {
                self.ty(t);
            }
            self.expr(&l.value);
        }
        self.strlit(r.effect.message());
        // §13: each name after `covers` is its text.
        if let EffectKind::Authorize { covers, .. } = &r.effect.node {
            for c in covers {
                if let Some(p) = &c.policy {
                    self.ident(p);
                }
                self.ident(&c.rule);
            }
        }
    }

    fn strlit(&mut self, s: &StrLit) {
        if s.span.is_empty() {
            return; // the placeholder of a rule without effect
        }
        self.starts("string", s.span, if s.raw { "r\"" } else { "\"" });
        self.ends("string", s.span, "\"");
        for part in &s.parts {
            if let StrPart::Interp(e, _) = part {
                self.expr(e);
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        let text = self.map.slice(e.span);
        if text.trim() != text
            || text.ends_with("*/")
            || text.lines().last().is_some_and(|l| l.contains("//")) && !text.ends_with('"')
        {
            self.problems.push(format!(
                "expression span `{text}` has white space or a comment at an end"
            ));
        }
        match polc::syntax::parse_expr_text(text) {
            Some(reparsed) if reparsed == *e => {}
            Some(_) => self
                .problems
                .push(format!("expression `{text}` re-parses differently")),
            None if matches!(e.node, ExprKind::Error) => {}
            None => self
                .problems
                .push(format!("expression span `{text}` does not parse alone")),
        }
        self.children(e);
    }

    fn children(&mut self, e: &Expr) {
        match &e.node {
            ExprKind::Lit(Literal::Str(s)) => self.strlit(s),
            ExprKind::Lit(_) | ExprKind::Name(_) | ExprKind::Error => {}
            ExprKind::Paren(x) => self.expr(x),
            ExprKind::Field { base, name, .. } => {
                self.expr(base);
                self.ident(name);
            }
            ExprKind::Call { func, args } => {
                self.ident(func);
                args.iter().for_each(|a| self.expr(a));
            }
            ExprKind::Index { base, index } => {
                self.expr(base);
                self.expr(index);
            }
            ExprKind::Slice { base, lo, hi } => {
                self.expr(base);
                lo.iter().for_each(|x| self.expr(x));
                hi.iter().for_each(|x| self.expr(x));
            }
            ExprKind::With { base, updates } => {
                self.expr(base);
                for u in updates {
                    u.path.iter().for_each(|p| self.ident(p));
                    u.value.iter().for_each(|v| self.expr(v));
                }
            }
            ExprKind::Unary { expr, .. } => self.expr(expr),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            ExprKind::Is { expr, .. } => self.expr(expr),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                self.expr(then);
                self.expr(otherwise);
            }
            ExprKind::Quantifier {
                var, iter, body, ..
            }
            | ExprKind::Aggregate {
                var, iter, body, ..
            } => {
                self.ident(var);
                self.expr(iter);
                self.expr(body);
            }
            ExprKind::Comprehension { elem, clauses, .. } => {
                self.expr(elem);
                for c in clauses {
                    self.ident(&c.var);
                    self.expr(&c.iter);
                    c.filter.iter().for_each(|f| self.expr(f));
                }
            }
            ExprKind::Collection { elems, .. } => elems.iter().for_each(|x| self.expr(x)),
            ExprKind::Map { entries } => entries.iter().for_each(|(k, v)| {
                self.expr(k);
                self.expr(v);
            }),
            ExprKind::Record { name, fields } => {
                self.ident(name);
                for f in fields {
                    self.ident(&f.name);
                    self.expr(&f.value);
                }
            }
            ExprKind::Load { as_type, .. } => as_type.iter().for_each(|t| self.ty(t)),
        }
    }
}

fn type_text(ty: &TypeExpr) -> String {
    match &ty.node {
        TypeKind::Named(n) => n.clone(),
        TypeKind::List(t) => format!("list<{}>", type_text(t)),
        TypeKind::Set(t) => format!("set<{}>", type_text(t)),
        TypeKind::Map(k, v) => format!("map<{},{}>", type_text(k), type_text(v)),
        TypeKind::Hit(t) => format!("Hit<{}>", type_text(t)),
        TypeKind::Optional(t) => format!("{}?", type_text(t)),
    }
}
