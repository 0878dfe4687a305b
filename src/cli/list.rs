//! `polc list import FORMAT FILE… -o OUT.csv`: an official list converted
//! by `crate::importers`. Bad rows are coded diagnostics on stderr (file and
//! line) and skipped; the good rows are written; a summary line follows.

use crate::cli::args::{DiagFormat, ImportArgs};
use crate::cli::check::print_diagnostics;
use crate::cli::Io;
use crate::importers::{self, write, Inputs};

/// Exit 0 when every row imported, 3 when some rows were skipped (the rest
/// are written, as `polc eval` exits 3 on invalid records), 2 on usage
/// errors, unreadable input or a failed write (then nothing is written).
pub fn run_import(args: &ImportArgs, io: &mut Io<'_>) -> u8 {
    let inputs = match Inputs::read(&args.files) {
        Ok(inputs) => inputs,
        Err(message) => {
            let _ = writeln!(io.err, "error: {message}");
            return 2;
        }
    };
    let imported = match importers::import(args.format, &inputs) {
        Ok(imported) => imported,
        Err(message) => {
            let _ = writeln!(io.err, "error: {message}");
            return 2;
        }
    };
    let diags: Vec<_> = imported
        .problems
        .iter()
        .map(|p| p.diagnostic(&inputs.map))
        .collect();
    print_diagnostics(&diags, &inputs.map, DiagFormat::Human, io);
    let text = write::render(&imported.entries);
    if let Err(e) = write::write_atomically(&args.output, &text) {
        let _ = writeln!(
            io.err,
            "error: cannot write `{}`: {e} (nothing was written)",
            args.output.display()
        );
        return 2;
    }
    let c = imported.counts;
    let files: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
    let _ = writeln!(
        io.err,
        "imported {} entries, {} aliases, {} weak aliases ({} more aliases derived) from {} into {}",
        c.entries,
        c.aliases,
        c.weak,
        c.derived,
        files.join(", "),
        args.output.display(),
    );
    if diags.is_empty() {
        0
    } else {
        3
    }
}
