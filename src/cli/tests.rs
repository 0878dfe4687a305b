//! Every command on files whose diagnostics sit far along a line: each one
//! reports and exits 1, none panics (it used to exit 101 past column 65,536).

use clap::Parser;

use crate::cli::args::Cli;
use crate::cli::{run, Io};
use crate::diag::render::Style;

/// Runs `polc ARGS` in-process: `(exit code, stdout, stderr)`.
fn polc(args: &[&str]) -> (u8, String, String) {
    let cli = match Cli::try_parse_from(std::iter::once("polc").chain(args.iter().copied())) {
        Ok(cli) => cli,
        Err(e) => return (2, String::new(), e.to_string()),
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut stdin = std::io::empty();
    let code = run(
        cli,
        &mut Io {
            out: &mut out,
            err: &mut err,
            stdin: &mut stdin,
            out_is_terminal: false,
            err_is_terminal: false,
            color_allowed: false,
            style: Style::plain(),
        },
    );
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (code, text(out), text(err))
}

/// A fresh directory holding `name` with `text`, and `input.ndjson`.
fn write(test: &str, name: &str, text: &str) -> (std::path::PathBuf, String, String) {
    let dir = std::env::temp_dir().join(format!("polc-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join(name);
    let input = dir.join("input.ndjson");
    let _ = std::fs::write(&file, text);
    let _ = std::fs::write(&input, "{}\n");
    let s = |p: std::path::PathBuf| p.to_string_lossy().into_owned();
    (dir, s(file), s(input))
}

/// `check` (human and JSON), `eval`, `test` and `fmt` on one file: all
/// exit 1 with the diagnostic at `line:column` on stderr (`fmt` only when
/// `syntax`, as it formats a file that only fails to check).
fn every_command(test: &str, text: &str, column: usize, syntax: bool) {
    let (dir, file, input) = write(test, "w.pol", text);
    let at = format!("w.pol:1:{column}\n");
    let (code, _, err) = polc(&["check", &file]);
    assert_eq!(code, 1, "check: {err}");
    assert!(err.contains(&at), "check: {err}");
    assert!(
        err.lines().all(|l| l.chars().count() <= 200),
        "check: {err}"
    );
    let (code, out, _) = polc(&["check", "--format", "json", &file]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("\"line\":1,\"column\":{column},")),
        "{out}"
    );
    let (code, _, err) = polc(&["eval", &file, "--input", &input]);
    assert_eq!(code, 1, "eval: {err}");
    assert!(err.contains(&at), "eval: {err}");
    let (code, _, err) = polc(&["test", &file]);
    assert_eq!(code, 1, "test: {err}");
    assert!(err.contains(&at), "test: {err}");
    let (code, _, err) = polc(&["fmt", "--check", &file]);
    if syntax {
        assert_eq!(code, 1, "fmt: {err}");
        assert!(err.contains(&at), "fmt: {err}");
    } else {
        assert!(code <= 1, "fmt: {err}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_syntax_error_at_column_70001() {
    every_command(
        "syntax",
        &format!("{}x\n", " ".repeat(70_000)),
        70_001,
        true,
    );
}

#[test]
fn a_check_error_at_column_70000() {
    let text = format!("const wide = {}nope\n", " ".repeat(70_000 - 1 - 13));
    every_command("check", &text, 70_000, false);
}

#[test]
fn a_check_error_on_a_one_megabyte_line() {
    let text = format!("const wide = \"{}\" + nope\n", "a".repeat(1_000_000));
    every_command("megabyte", &text, 1_000_019, false);
}
