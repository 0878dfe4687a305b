//! `polc explain CODE`: the long description of a diagnostic code.

use crate::cli::args::ExplainArgs;
use crate::cli::Io;
use crate::diag::codes;

/// Prints the code's doc; exit 2 for an unknown code.
pub fn run(args: &ExplainArgs, io: &mut Io<'_>) -> u8 {
    match codes::doc(&args.code) {
        Some(doc) => {
            let _ = write!(io.out, "{doc}");
            if !doc.ends_with('\n') {
                let _ = writeln!(io.out);
            }
            0
        }
        None => {
            let known: Vec<&str> = codes::all().collect();
            let hint = crate::data::suggest::did_you_mean(
                &args.code.to_ascii_uppercase(),
                known.iter().copied(),
            )
            .map(|c| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default();
            let _ = writeln!(
                io.err,
                "error: unknown diagnostic code `{}`{hint}",
                args.code
            );
            2
        }
    }
}
