//! The `polc` binary: parse the command line, run it, exit with its code.

use std::process::ExitCode;

use clap::Parser;

// mimalloc: per-thread heaps keep record parsing on two cores from contending
// in the allocator (bench-5 two-thread scaling 1.73-1.79x with glibc malloc,
// 1.89-1.93x with mimalloc on this machine).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = polc::cli::args::Cli::parse();
    polc::cli::run_on_big_stack(args)
}
