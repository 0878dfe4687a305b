//! The command line: each subcommand in its own file; `run` dispatches.

pub mod args;
pub mod check;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod test;

use std::io::{BufRead, IsTerminal, Write};

use args::{Cli, Command};

use crate::diag::render::Style;

/// The version line, with the date of the embedded country table.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (ISO 3166-1 table of 2023-04-27, ISO 4217 table of 2024-06-25)"
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
    /// How to draw diagnostics.
    pub style: Style,
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli, io: &mut Io<'_>) -> u8 {
    match cli.command {
        Command::Check(args) => check::run(&args, io),
        Command::Explain(args) => explain::run(&args, io),
        Command::Eval(args) => eval::run(&args, io),
        Command::Test(args) => test::run(&args, io),
        Command::Fmt(args) => fmt::run(&args, io),
    }
}

/// Runs `cli` with the process's streams on a thread with a large stack, so
/// that deeply nested (but legal) input cannot overflow it.
pub fn run_on_big_stack(cli: Cli) -> std::process::ExitCode {
    let handle = std::thread::Builder::new()
        .stack_size(512 * 1024 * 1024)
        .spawn(move || {
            let stdout = std::io::stdout();
            let stderr = std::io::stderr();
            let out_is_terminal = stdout.is_terminal();
            let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let mut err = stderr.lock();
            let stdin = std::io::stdin();
            let mut stdin = stdin.lock();
            let mut io = Io {
                out: &mut out,
                err: &mut err,
                stdin: &mut stdin,
                out_is_terminal,
                style: Style { color, width: 100 },
            };
            let code = run(cli, &mut io);
            let _ = io.out.flush();
            code
        });
    let code = match handle {
        Ok(h) => h.join().unwrap_or(101),
        Err(_) => 101,
    };
    std::process::ExitCode::from(code)
}
