//! `polc check`: parse and type-check a package, print its diagnostics.

use crate::cli::args::{CheckArgs, DiagFormat};
use crate::cli::Io;
use crate::diag::{self, render, Diagnostic};
use crate::source::SourceMap;

/// Exit 0 when there are no errors (warnings allowed), 1 on errors, 2 on usage errors.
pub fn run(args: &CheckArgs, io: &mut Io<'_>) -> u8 {
    // `compile` type-checks past syntax errors (see its doc): each broken
    // declaration has its error, and the rest of the package its own.
    let mut costs = Vec::new();
    let compiled = if args.syntax_only {
        crate::package::parse(&args.paths)
    } else {
        crate::check::compile(&args.paths).map(|(package, program, diags)| {
            if args.cost && !diags.iter().any(Diagnostic::is_error) {
                costs = crate::check::cost::rule_costs(&program);
            }
            (package, diags)
        })
    };
    let (package, mut diags) = match compiled {
        Ok(compiled) => compiled,
        Err(e) => {
            let _ = writeln!(io.err, "error: {e}");
            return 2;
        }
    };
    diag::sort(&mut diags);
    print_diagnostics(&diags, &package.map, args.format, io);
    // One line per rule, in declaration order (a program with errors has
    // no bound: it is not complete).
    for (rule, cost) in &costs {
        let _ = writeln!(io.out, "{rule}: {}", cost.show());
    }
    if diags.iter().any(Diagnostic::is_error) {
        1
    } else {
        0
    }
}

/// Prints diagnostics in the chosen format: human to stderr, JSON to stdout.
pub fn print_diagnostics(
    diags: &[Diagnostic],
    map: &SourceMap,
    format: DiagFormat,
    io: &mut Io<'_>,
) {
    match format {
        DiagFormat::Json => {
            let items: Vec<render::JsonDiagnostic> =
                diags.iter().map(|d| render::json(d, map)).collect();
            match serde_json::to_string(&items) {
                Ok(s) => {
                    let _ = writeln!(io.out, "{s}");
                }
                Err(e) => {
                    let _ = writeln!(io.err, "error: cannot write JSON: {e}");
                }
            }
        }
        DiagFormat::Human => {
            for d in diags {
                let _ = write!(io.err, "{}", render::human(d, map, io.style));
            }
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let warnings = diags.len() - errors;
            if errors + warnings > 0 {
                let _ = writeln!(io.err, "{}", summary(errors, warnings));
            }
        }
    }
}

/// "2 errors, 1 warning"
pub fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, w) => format!("polc: {}", plural(w, "warning")),
        (e, 0) => format!("polc: {}", plural(e, "error")),
        (e, w) => format!("polc: {}, {}", plural(e, "error"), plural(w, "warning")),
    }
}
