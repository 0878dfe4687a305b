//! The command line: each subcommand in its own file; `run` dispatches.

pub mod args;
pub mod check;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod list;
pub mod screen;
pub mod sink;
pub mod test;

#[cfg(test)]
mod tests;

use std::io::{BufRead, IsTerminal, Write};

use args::{Cli, Command};

use crate::diag::render::Style;

/// The version line, with the date of the embedded country table.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (ISO 3166-1 table of 2023-04-27 plus XK (Kosovo) and XI (Northern Ireland), ISO 4217 table of 2024-06-25)"
);

/// Where a command reads and writes, so tests can capture both streams.
pub struct Io<'a> {
    /// Results.
    pub out: &'a mut dyn Write,
    /// Diagnostics, warnings, summaries.
    pub err: &'a mut dyn Write,
    /// Standard input, for `--input -`.
    pub stdin: &'a mut dyn BufRead,
    /// Whether stdout is a terminal (changes eval's default format).
    pub out_is_terminal: bool,
    /// Whether stderr is a terminal (summaries and progress only there).
    pub err_is_terminal: bool,
    /// False when `NO_COLOR` is set: no colour on any stream.
    pub color_allowed: bool,
    /// How to draw diagnostics (on stderr).
    pub style: Style,
}

/// Compiles and links a package for `eval` and `test`, printing its
/// diagnostics (warnings too) on stderr. `Err` holds the exit code when
/// nothing can run: 2 for bad paths, 1 when the package does not compile or
/// link.
pub fn build_engine(
    paths: &[std::path::PathBuf],
    io: &mut Io<'_>,
) -> Result<
    (
        crate::package::Package,
        crate::ir::Program,
        crate::eval::Engine,
    ),
    u8,
> {
    use crate::cli::args::DiagFormat;
    use crate::diag;
    let (package, program, mut diags) = match crate::check::compile(paths) {
        Ok(compiled) => compiled,
        Err(e) => {
            let _ = writeln!(io.err, "error: {e}");
            return Err(2);
        }
    };
    diag::sort(&mut diags);
    if !diags.is_empty() {
        check::print_diagnostics(&diags, &package.map, DiagFormat::Human, io);
    }
    if diags.iter().any(diag::Diagnostic::is_error) {
        return Err(1);
    }
    match crate::eval::link(&program, &package.map) {
        Ok(engine) => Ok((package, program, engine)),
        Err(mut link_diags) => {
            diag::sort(&mut link_diags);
            check::print_diagnostics(&link_diags, &package.map, DiagFormat::Human, io);
            Err(1)
        }
    }
}

/// Reads `--rates FILE` when given; `Err` is a usage message (exit 2),
/// checked before compiling so a bad table fails fast.
pub fn load_rates(path: Option<&std::path::Path>) -> Result<Option<crate::eval::Rates>, String> {
    path.map(crate::eval::Rates::load).transpose()
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli, io: &mut Io<'_>) -> u8 {
    match cli.command {
        Command::Check(args) => check::run(&args, io),
        Command::Explain(args) => explain::run(&args, io),
        Command::Eval(args) => eval::run(&args, io),
        Command::Test(args) => test::run(&args, io),
        Command::Fmt(args) => fmt::run(&args, io),
        Command::Screen(args) => screen::run(&args, io),
        Command::List(args::ListCommand::Import(args)) => list::run_import(&args, io),
    }
}

/// Runs `cli` with the process's streams on a thread with a large stack, so
/// that deeply nested (but legal) input cannot overflow it.
pub fn run_on_big_stack(cli: Cli) -> std::process::ExitCode {
    // A thread that cannot be made is an internal failure (101, like a panic).
    let code = crate::stack::on_big_stack(move || {
        let stdout = std::io::stdout();
        let stderr = std::io::stderr();
        let out_is_terminal = stdout.is_terminal();
        let err_is_terminal = stderr.is_terminal();
        let color_allowed = std::env::var_os("NO_COLOR").is_none();
        let color = err_is_terminal && color_allowed;
        let pipe_closed = std::rc::Rc::new(std::cell::Cell::new(false));
        let mut out =
            sink::Guarded::new(std::io::BufWriter::new(stdout.lock()), pipe_closed.clone());
        let mut err = sink::QuietAfterClosedPipe::new(stderr.lock(), pipe_closed);
        let stdin = std::io::stdin();
        let mut stdin = stdin.lock();
        let mut io = Io {
            out: &mut out,
            err: &mut err,
            stdin: &mut stdin,
            out_is_terminal,
            err_is_terminal,
            color_allowed,
            style: Style { color, width: 100 },
        };
        let code = run(cli, &mut io);
        sink::exit_code(code, out.finish(), &mut err)
    })
    .unwrap_or(101);
    std::process::ExitCode::from(code)
}
