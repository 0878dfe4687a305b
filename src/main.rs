//! The `polc` binary: parse the command line, run it, exit with its code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = polc::cli::args::Cli::parse();
    polc::cli::run_on_big_stack(args)
}
