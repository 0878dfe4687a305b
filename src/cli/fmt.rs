//! `polc fmt`: rewrite `.pol` files in canonical form, or list the ones that
//! are not (`--check`). A file that does not parse is reported and left as
//! it is. `polc fmt -` formats standard input to standard output.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cli::args::{DiagFormat, FmtArgs};
use crate::cli::check::print_diagnostics;
use crate::cli::Io;
use crate::diag::{self, Diagnostic};
use crate::package::{display, read_source, source_paths};
use crate::source::SourceMap;

/// Exit 0 when done (or nothing to change under `--check`), 1 when a file
/// does not parse or `--check` found an unformatted file, 2 on usage errors.
pub fn run(args: &FmtArgs, io: &mut Io<'_>) -> u8 {
    if args.paths.len() == 1 && args.paths.first().is_some_and(|p| p.as_os_str() == "-") {
        return run_stdin(args.check, io);
    }
    let paths = match source_paths(&args.paths) {
        Ok(paths) => paths,
        Err(e) => {
            let _ = writeln!(io.err, "error: {e}");
            return 2;
        }
    };
    let mut map = SourceMap::new();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut failed = false;
    for path in &paths {
        match format_path(path, args.check, &mut map, &mut diags, io) {
            Ok(clean) => failed |= !clean,
            Err(message) => {
                let _ = writeln!(io.err, "error: {message}");
                failed = true;
            }
        }
    }
    diag::sort(&mut diags);
    print_diagnostics(&diags, &map, DiagFormat::Human, io);
    u8::from(failed || !diags.is_empty())
}

/// Formats one file. `Ok(false)` when `--check` found it unformatted; a file
/// that does not parse adds its errors to `diags`.
fn format_path(
    path: &Path,
    check: bool,
    map: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    io: &mut Io<'_>,
) -> Result<bool, String> {
    let (file, bad_utf8) = read_source(map, path).map_err(|e| e.to_string())?;
    if let Some(d) = bad_utf8 {
        diags.push(d);
        return Ok(true);
    }
    let formatted = match crate::fmt::format_file(map, file) {
        Ok(text) => text,
        Err(errors) => {
            diags.extend(errors);
            return Ok(true);
        }
    };
    let original = map.file(file).map(|f| f.text.as_str()).unwrap_or("");
    // A BOM was dropped when reading: a file with one is rewritten without.
    if formatted == original && !crate::package::has_bom(path) {
        return Ok(true);
    }
    if check {
        let _ = writeln!(io.out, "{}", display(path));
        return Ok(false);
    }
    write_atomically(path, &formatted).map_err(|e| {
        format!(
            "cannot write `{}`: {e} (the file is unchanged)",
            display(path)
        )
    })?;
    Ok(true)
}

/// Replaces `path` with `text` so that a reader (or a crash, a full disk, a
/// file-size limit) sees either the old file or the whole new one, never a
/// truncated source: write a temporary file beside it with the same
/// permissions, sync it, then rename it over the original.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.polc-fmt-{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.set_permissions(fs::metadata(path)?.permissions())?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// `polc fmt -`: standard input to standard output (with `--check`, nothing
/// is printed on success and `<stdin>` when it is not formatted).
fn run_stdin(check: bool, io: &mut Io<'_>) -> u8 {
    let mut text = String::new();
    if let Err(e) = io.stdin.read_to_string(&mut text) {
        let _ = writeln!(io.err, "error: cannot read standard input: {e}");
        return 2;
    }
    let mut map = SourceMap::new();
    let file = map.add("<stdin>", PathBuf::from("."), text);
    match crate::fmt::format_file(&map, file) {
        Ok(formatted) => {
            let same = map.file(file).is_some_and(|f| f.text == formatted);
            if check {
                if same {
                    return 0;
                }
                let _ = writeln!(io.out, "<stdin>");
                return 1;
            }
            let _ = write!(io.out, "{formatted}");
            0
        }
        Err(mut errors) => {
            diag::sort(&mut errors);
            print_diagnostics(&errors, &map, DiagFormat::Human, io);
            1
        }
    }
}
