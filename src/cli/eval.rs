//! `polc eval` (being built).

use crate::cli::Io;

/// Not built yet: says so and exits 2.
pub fn run(_args: &crate::cli::args::EvalArgs, io: &mut Io<'_>) -> u8 {
    let _ = writeln!(io.err, "error: `polc eval` is not built yet");
    2
}
