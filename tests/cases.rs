//! The one data-driven harness (see tests/README.md).
//!
//! Every `.pol` under `tests/cases/` is a case; its top folder picks the
//! mode (`parse`, `check`, `spec` → `polc check`; `eval` → `polc eval` with a
//! sibling input; `test` → `polc test`; `fmt` → `polc fmt` on a copy;
//! `cli` → the `//# args:` header). The snapshot shows the source and what
//! polc printed. Inline `// error: CODE` / `// warning: CODE` comments
//! assert codes and lines independently of wording. Each case is also run
//! through the span property and the no-panic truncation sweep.
//! A package case is a directory `NAME.pkg/` whose `main.pol` is the case.

// A test harness: failing loudly on broken fixtures is its job.
#![expect(
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test harness: failing loudly on broken fixtures is its job"
)]

#[path = "../benches/bench5/corpus.rs"]
mod corpus;
#[path = "../benches/bench5/oracle.rs"]
mod oracle;
#[path = "support/spans.rs"]
mod spans;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::Parser;
use polc::cli::args::Cli;
use polc::cli::Io;
use polc::diag::render::Style;

datatest_stable::harness! {
    { test = run_case, root = "tests/cases", pattern = r"^(?:(?!\.pkg/).)*\.pol$|\.pkg/main\.pol$" },
    { test = code_is_documented_and_tested, root = "src/diag/codes", pattern = r"\.md$" },
    { test = codes_used_in_source_are_registered, root = "src", pattern = r"\.rs$" },
    { test = bench5_agrees_with_the_oracle, root = "benches", pattern = r"^bench5\.rs$" },
}

/// What one `polc` run printed.
struct Run {
    code: u8,
    stdout: String,
    stderr: String,
}

/// Runs polc in-process on a large stack (as the binary does).
fn polc(args: &[String], stdin: &str) -> Run {
    let args: Vec<String> = std::iter::once("polc".to_string())
        .chain(args.iter().cloned())
        .collect();
    let stdin = stdin.to_string();
    polc::stack::on_big_stack(move || {
        let cli = match Cli::try_parse_from(&args) {
            Ok(cli) => cli,
            Err(e) => {
                return Run {
                    code: 2,
                    stdout: String::new(),
                    stderr: e.to_string(),
                }
            }
        };
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut input = std::io::Cursor::new(stdin.into_bytes());
        let mut io = Io {
            out: &mut out,
            err: &mut err,
            stdin: &mut input,
            out_is_terminal: false,
            err_is_terminal: false,
            color_allowed: false,
            style: Style::plain(),
        };
        let code = polc::cli::run(cli, &mut io);
        Run {
            code,
            stdout: String::from_utf8_lossy(&out).into_owned(),
            stderr: String::from_utf8_lossy(&err).into_owned(),
        }
    })
    .expect("a thread for polc")
}

/// `//# key: value` header lines.
fn header<'a>(source: &'a str, key: &str) -> Option<&'a str> {
    let prefix = format!("//# {key}:");
    source
        .lines()
        .find_map(|l| l.trim().strip_prefix(prefix.as_str()).map(str::trim))
}

/// `(line, code)` pairs asserted by inline comments.
fn expected_diagnostics(source: &str) -> BTreeSet<(usize, String)> {
    let mut out = BTreeSet::new();
    for (i, line) in source.lines().enumerate() {
        let line_no = i + 1;
        for marker in ["// error:", "// warning:", "// ^ error:", "// ^ warning:"] {
            if let Some(pos) = line.find(marker) {
                let code = line[pos + marker.len()..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string();
                let target = if marker.contains('^') {
                    line_no - 1
                } else {
                    line_no
                };
                out.insert((target, code));
            }
        }
        if let Some(rest) = line.trim().strip_prefix("//# diag:") {
            let mut parts = rest.split_whitespace();
            if let (Some(l), Some(c)) = (parts.next(), parts.next()) {
                out.insert((l.parse().expect("//# diag: LINE CODE"), c.to_string()));
            }
        }
    }
    out
}

/// `(line, code)` pairs that `polc check --format json` reports for `file`.
fn actual_diagnostics(target: &str, file: &str, syntax_only: bool) -> BTreeSet<(usize, String)> {
    let mut args: Vec<String> = vec!["check".into(), "--format".into(), "json".into()];
    if syntax_only {
        args.push("--syntax-only".into());
    }
    args.push(target.into());
    let run = polc(&args, "");
    let parsed: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap_or_else(|e| {
        panic!(
            "check --format json printed invalid JSON ({e}):\n{}\n{}",
            run.stdout, run.stderr
        )
    });
    let mut out = BTreeSet::new();
    for d in parsed.as_array().expect("a JSON array") {
        for key in [
            "code",
            "severity",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "labels",
            "help",
        ] {
            assert!(d.get(key).is_some(), "diagnostic lacks `{key}`: {d}");
        }
        if d["file"].as_str() == Some(file) {
            out.insert((
                d["line"].as_u64().unwrap_or(0) as usize,
                d["code"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    out
}

fn rel(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = path.strip_prefix(root).unwrap_or(path);
    p.to_string_lossy().replace('\\', "/")
}

fn snapshot_name(rel_path: &str) -> String {
    rel_path
        .trim_start_matches("tests/cases/")
        .trim_end_matches(".pol")
        .replace(".pkg/main", "")
        .replace('/', "__")
}

fn run_case(path: &Path, bytes: Vec<u8>) -> datatest_stable::Result<()> {
    // Shown lossily: a case may hold invalid UTF-8 on purpose.
    let source = String::from_utf8_lossy(&bytes).into_owned();
    let file = rel(path);
    let mode = file
        .trim_start_matches("tests/cases/")
        .split('/')
        .next()
        .unwrap_or("")
        .to_string();
    let is_pkg = file.ends_with(".pkg/main.pol");
    let target = if is_pkg {
        file.trim_end_matches("/main.pol").to_string()
    } else {
        file.clone()
    };
    let dir = Path::new(&file)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = Path::new(&file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();

    let mut shown = format!("----- SOURCE {file}\n{source}");
    if !source.ends_with('\n') {
        shown.push('\n');
    }
    if is_pkg {
        // The package's other files, in path order.
        let mut others: Vec<PathBuf> = std::fs::read_dir(&target)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "pol") && !p.ends_with("main.pol"))
            .collect();
        others.sort();
        for other in others {
            let text = std::fs::read_to_string(&other)?;
            shown.push_str(&format!(
                "----- SOURCE {}\n{text}",
                rel(&std::fs::canonicalize(&other)?)
            ));
            if !text.ends_with('\n') {
                shown.push('\n');
            }
        }
    }
    // A `test/` package case shows its other files (fixtures, helpers,
    // golden records) so the snapshot can be read on its own.
    if is_pkg && mode == "test" {
        for (name, text) in package_files(Path::new(&target)) {
            shown.push_str(&format!("----- FILE {name}\n{text}"));
            if !text.ends_with('\n') {
                shown.push('\n');
            }
        }
    }
    let mut stdin = String::new();
    let args: Vec<String> = if let Some(args) = header(&source, "args") {
        split_args(args)
            .into_iter()
            .map(|a| a.replace("{file}", &target).replace("{dir}", &dir))
            .collect()
    } else {
        match mode.as_str() {
            "eval" => {
                let input = header(&source, "input")
                    .map(|i| format!("{dir}/{i}"))
                    .or_else(|| {
                        ["ndjson", "json", "jsonl", "csv"]
                            .iter()
                            .map(|ext| format!("{dir}/{stem}.{ext}"))
                            .find(|p| Path::new(p).exists())
                    })
                    .ok_or("an eval case needs a sibling input file or `//# input:`")?;
                vec!["eval".into(), target.clone(), "--input".into(), input]
            }
            "test" => vec!["test".into(), target.clone()],
            "fmt" => Vec::new(),
            "parse" | "spec" => vec!["check".into(), "--syntax-only".into(), target.clone()],
            _ => vec!["check".into(), target.clone()],
        }
    };
    // `//# stdin: FILE` (beside the case) is what standard input holds.
    if let Some(name) = header(&source, "stdin") {
        stdin = std::fs::read_to_string(format!("{dir}/{name}"))?;
    }
    if let Some(pos) = args.iter().position(|a| a == "--input") {
        if let Some(input) = args.get(pos + 1) {
            if input == "-" {
                stdin = std::fs::read_to_string(format!("{dir}/{stem}.ndjson")).unwrap_or_default();
            }
            let shown_input = if input == "-" {
                format!("{dir}/{stem}.ndjson")
            } else {
                input.clone()
            };
            if let Ok(text) = std::fs::read_to_string(&shown_input) {
                shown.push_str(&format!("----- INPUT {shown_input}\n{text}"));
                if !text.ends_with('\n') {
                    shown.push('\n');
                }
            }
        }
    }

    // A `--rates` table is shown like the input, so the arithmetic in the
    // snapshot can be checked by hand.
    if let Some(pos) = args.iter().position(|a| a == "--rates") {
        if let Some(rates) = args.get(pos + 1) {
            if let Ok(text) = std::fs::read_to_string(rates) {
                shown.push_str(&format!("----- RATES {rates}\n{text}"));
                if !text.ends_with('\n') {
                    shown.push('\n');
                }
            }
        }
    }

    if mode == "fmt" {
        let tmp = std::env::temp_dir().join(format!(
            "polc-fmt-{}-{}",
            std::process::id(),
            snapshot_name(&file)
        ));
        std::fs::create_dir_all(&tmp)?;
        let copy = tmp.join(format!("{stem}.pol"));
        std::fs::write(&copy, &source)?;
        let run = polc(&["fmt".into(), copy.to_string_lossy().into_owned()], "");
        let formatted = std::fs::read_to_string(&copy)?;
        shown.push_str(&format!(
            "----- polc fmt (exit {})\n{formatted}{}",
            run.code,
            run.stderr
                .replace(&tmp.to_string_lossy().into_owned(), "<tmp>")
        ));
        let again = polc(
            &[
                "fmt".into(),
                "--check".into(),
                copy.to_string_lossy().into_owned(),
            ],
            "",
        );
        if run.code == 0 && again.code != 0 {
            return Err(format!("fmt is not idempotent on {file}: {}", again.stdout).into());
        }
        let _ = std::fs::remove_dir_all(&tmp);
    } else {
        // `//# copy:` runs on a temporary copy of the package (for commands
        // that write, such as `test --bless`); `//# then:` runs a second
        // command on the same copy afterwards.
        let copy = if header(&source, "copy").is_some() && is_pkg {
            let tmp = std::env::temp_dir().join(format!(
                "polc-copy-{}-{}",
                std::process::id(),
                snapshot_name(&file)
            ));
            let _ = std::fs::remove_dir_all(&tmp);
            let name = Path::new(&target).file_name().unwrap_or_default();
            copy_dir(Path::new(&target), &tmp.join(name))?;
            Some((tmp.clone(), tmp.join(name).to_string_lossy().into_owned()))
        } else {
            None
        };
        let on_copy = |args: &[String]| -> Vec<String> {
            match &copy {
                Some((_, to)) => args.iter().map(|a| a.replace(&target, to)).collect(),
                None => args.to_vec(),
            }
        };
        let hide = |text: &str| match &copy {
            Some((tmp, _)) => text.replace(&tmp.to_string_lossy().into_owned(), "<tmp>"),
            None => text.to_string(),
        };
        let mut runs = vec![args.clone()];
        if let Some(then) = header(&source, "then") {
            runs.push(
                then.split_whitespace()
                    .map(|a| a.replace("{file}", &target).replace("{dir}", &dir))
                    .collect(),
            );
        }
        for (i, args) in runs.iter().enumerate() {
            let run = match header(&source, "stdout") {
                Some(to) => polc_process(&on_copy(args), to, &stdin)?,
                None => polc(&on_copy(args), &stdin),
            };
            shown.push_str(&format!(
                "----- polc {} (exit {})\n",
                shown_args(args),
                run.code
            ));
            let (stdout, stderr) = (hide(&run.stdout), hide(&run.stderr));
            shown.push_str(&stdout);
            if !stdout.is_empty() && !stdout.ends_with('\n') {
                shown.push('\n');
            }
            if !stderr.is_empty() {
                shown.push_str("----- stderr\n");
                shown.push_str(&stderr);
            }
            no_grammar_names(&file, &run.stderr)?;
            if let (0, Some(exit)) = (i, header(&source, "exit")) {
                let want: u8 = exit.parse().map_err(|_| "`//# exit:` needs a number")?;
                if run.code != want {
                    return Err(format!(
                        "{file}: expected exit {want}, got {}\n{}",
                        run.code, run.stderr
                    )
                    .into());
                }
            }
        }
        if let Some((tmp, to)) = &copy {
            let before = package_files(Path::new(&target));
            for (name, text) in package_files(Path::new(to)) {
                if !before.contains(&(name.clone(), text.clone())) {
                    let text = hide(&text);
                    shown.push_str(&format!("----- CHANGED {name}\n{text}"));
                    if !text.ends_with('\n') {
                        shown.push('\n');
                    }
                }
            }
            let _ = std::fs::remove_dir_all(tmp);
        }
    }

    // Inline code assertions (every mode that compiles the case).
    if matches!(mode.as_str(), "parse" | "check" | "spec")
        || !expected_diagnostics(&source).is_empty()
    {
        let expected = expected_diagnostics(&source);
        let actual = actual_diagnostics(&target, &file, matches!(mode.as_str(), "parse" | "spec"));
        if expected != actual {
            return Err(format!(
                "{file}: diagnostics differ from the inline assertions\n  expected (line, code): {expected:?}\n  actual   (line, code): {actual:?}"
            )
            .into());
        }
    }

    check_is_compile(&file, &target)?;

    // On a stack as large as the binary's: the checker recurses per nesting
    // level, and a prefix of a deeply nested case can parse.
    polc::stack::on_big_stack(|| property_checks(&file, &source).map_err(|e| e.to_string()))
        .ok_or("cannot start a thread")??;

    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(path);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(snapshot_name(&file), shown));
    Ok(())
}

/// Runs the real `polc` binary with its stdout sent where `//# stdout:` says:
/// `full` is `/dev/full` (every write fails: no space left), `closed` a pipe
/// whose reader has gone (as in `polc eval … | head -1`). Only the process
/// shows what the operating system does to a failed write.
fn polc_process(args: &[String], to: &str, stdin: &str) -> datatest_stable::Result<Run> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let stdout = match to {
        "full" => Stdio::from(std::fs::OpenOptions::new().write(true).open("/dev/full")?),
        "closed" => Stdio::piped(),
        other => return Err(format!("`//# stdout:` is `full` or `closed`, not `{other}`").into()),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_polc"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()?;
    // Closing the read end before polc writes makes its first write fail.
    drop(child.stdout.take());
    if let Some(mut input) = child.stdin.take() {
        // polc may stop reading early (that is the point of some cases).
        let _ = input.write_all(stdin.as_bytes());
    }
    let output = child.wait_with_output()?;
    Ok(Run {
        code: output.status.code().map_or(255, |c| c as u8),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

/// `check` is the whole compile: when `polc check` accepts a package,
/// `polc eval` (on no records) and `polc test` reach evaluation, so neither
/// can refuse it with a link error (E045x) or an internal error (E0099).
fn check_is_compile(file: &str, target: &str) -> datatest_stable::Result<()> {
    if polc(&["check".into(), target.into()], "").code != 0 {
        return Ok(());
    }
    let runs = [
        vec![
            "eval".to_string(),
            target.into(),
            "--input".into(),
            "-".into(),
        ],
        vec!["test".to_string(), target.into()],
    ];
    for args in runs {
        let run = polc(&args, "");
        let refused = [
            "E0099", "E0450", "E0451", "E0452", "E0453", "E0454", "E0455",
        ]
        .into_iter()
        .find(|code| run.stderr.contains(&format!("[{code}]")));
        if let Some(code) = refused {
            return Err(format!(
                "{file}: `polc check` exits 0 but `polc {}` reports {code}:\n{}",
                args.join(" "),
                run.stderr
            )
            .into());
        }
    }
    Ok(())
}

/// Copies a directory tree.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest)?;
        }
    }
    Ok(())
}

/// The files of a package directory other than `main.pol`, with paths
/// relative to it, sorted.
fn package_files(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
                continue;
            }
            let name = rel_to(root, &path);
            if name != "main.pol" {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    out.push((name, text));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn rel_to(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The span property on the parsed file and the truncation sweep.
fn property_checks(file: &str, source: &str) -> datatest_stable::Result<()> {
    let mut map = polc::source::SourceMap::new();
    let id = map.add(file, PathBuf::from(file), source.to_string());
    let (ast, _errors) = polc::syntax::parse_file(&map, id);
    // Every tree has real spans: a broken declaration is left out of it, and
    // the others keep their global offsets.
    if let Some(ast) = ast {
        let problems = spans::check_spans(&map, &ast);
        if !problems.is_empty() {
            return Err(
                format!("{file}: span property fails:\n  {}", problems.join("\n  ")).into(),
            );
        }
    }
    // No panic on any prefix. Every char boundary of ordinary cases; large
    // generated cases (the 1000-operator chain) are cut at 400 evenly spaced
    // boundaries so the debug-build suite stays fast.
    let boundaries: Vec<usize> = source.char_indices().skip(1).map(|(i, _)| i).collect();
    let step = (boundaries.len() / 400).max(1);
    {
        for &cut in boundaries.iter().step_by(step) {
            let prefix = &source[..cut];
            let result = std::panic::catch_unwind(|| {
                let mut map = polc::source::SourceMap::new();
                let id = map.add(file, PathBuf::from(file), prefix.to_string());
                let (ast, _errors) = polc::syntax::parse_file(&map, id);
                // Every prefix is type-checked too: the checker runs on the
                // declarations that parsed, whatever else is broken.
                if let Some(ast) = ast {
                    let package = polc::package::Package {
                        map,
                        files: vec![ast],
                        roots: Vec::new(),
                    };
                    let _ = polc::check::check(&package);
                }
            });
            if result.is_err() {
                return Err(format!(
                    "{file}: parse or check panicked on the prefix ending at byte {cut}"
                )
                .into());
            }
        }
    }
    Ok(())
}

/// Each code's doc has the four sections, `polc explain` prints it, and at
/// least one snapshot shows the code.
fn code_is_documented_and_tested(path: &Path, doc: String) -> datatest_stable::Result<()> {
    let code = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or("bad doc name")?
        .to_string();
    // Internal errors are polc bugs: there is no input that should trigger one.
    let untestable = ["E0099"];
    for section in ["## What", "## Why", "## Example", "## Fix"] {
        if !doc.contains(section) {
            return Err(format!("{code}.md lacks `{section}`").into());
        }
    }
    let run = polc(&["explain".into(), code.clone()], "");
    if run.code != 0 || run.stdout.trim() != doc.trim() {
        return Err(format!(
            "`polc explain {code}` does not print its doc (exit {})",
            run.code
        )
        .into());
    }
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/snapshots");
    let needles = [format!("[{code}]"), format!("\"code\":\"{code}\"")];
    let found = std::fs::read_dir(&snapshots)?
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .any(|text| needles.iter().any(|n| text.contains(n.as_str())));
    if !found && !untestable.contains(&code.as_str()) {
        return Err(format!("no snapshot under tests/cases/snapshots shows {code}").into());
    }
    Ok(())
}

/// Every `code(E….)` written in the source has a doc in the registry.
fn codes_used_in_source_are_registered(path: &Path, source: String) -> datatest_stable::Result<()> {
    let mut missing = Vec::new();
    let mut rest = source.as_str();
    while let Some(pos) = rest.find("code(") {
        rest = &rest[pos + 5..];
        let code: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let looks_like_code = code.len() == 5
            && (code.starts_with('E') || code.starts_with('W'))
            && code[1..].chars().all(|c| c.is_ascii_digit());
        if looks_like_code && polc::diag::codes::doc(&code).is_none() {
            missing.push(code);
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}: codes without a doc in src/diag/codes/: {missing:?}",
            rel(path)
        )
        .into())
    }
}

/// bench-5 on a small corpus: `polc eval` and the hand-written oracle
/// (`benches/bench5/oracle.rs`) agree on every record's decision and fired
/// rules. `cargo bench --bench bench5` runs the same check on 100,000 records.
fn bench5_agrees_with_the_oracle(_bench: &Path) -> datatest_stable::Result<()> {
    const RECORDS: usize = 3_000;
    let corpus = corpus::ensure_corpus(RECORDS, 1)?;
    // bench5.pol loads `lists/…` relative to itself: put it beside the lists.
    let pol = corpus::bench_dir().join("bench5.pol");
    std::fs::copy(corpus::workload_dir().join("bench5.pol"), &pol)?;
    let run = polc(
        &[
            "eval".into(),
            pol.to_string_lossy().into_owned(),
            "--input".into(),
            corpus.to_string_lossy().into_owned(),
        ],
        "",
    );
    if run.code != 0 {
        return Err(format!("polc eval exited {}: {}", run.code, run.stderr).into());
    }
    let lists = oracle::Lists::load(&corpus::lists_dir())?;
    let text = std::fs::read_to_string(&corpus)?;
    let records: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let outputs: Vec<&str> = run.stdout.lines().collect();
    if outputs.len() != records.len() {
        return Err(format!(
            "{} records but {} output lines",
            records.len(),
            outputs.len()
        )
        .into());
    }
    for (i, (record, line)) in records.iter().zip(&outputs).enumerate() {
        let want = oracle::evaluate_line(record, &lists)?;
        let got: serde_json::Value = serde_json::from_str(line)?;
        let mut fired: Vec<&str> = got["fired"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["rule"].as_str())
            .collect();
        fired.dedup();
        if got["decision"].as_str() != Some(want.decision) || fired != want.fired {
            return Err(format!(
                "record {}: polc says {} {:?}, the oracle {} {:?}",
                i + 1,
                got["decision"],
                fired,
                want.decision,
                want.fired
            )
            .into());
        }
    }
    Ok(())
}

/// A syntax error names what was expected in an author's words, never a
/// grammar rule (`EOI`, `binder_expr`, `kw_when`, …): every rule name of
/// `grammar/pol.pest` is looked for in the prose of E0001's "expected …".
fn no_grammar_names(file: &str, stderr: &str) -> datatest_stable::Result<()> {
    let grammar =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar/pol.pest"))?;
    let mut rules: Vec<String> = grammar
        .lines()
        .filter_map(|l| {
            let name: String = l
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let rest = l[name.len()..].trim_start();
            (!name.is_empty() && rest.starts_with('=')).then_some(name)
        })
        .collect();
    rules.extend(["EOI".to_string(), "SOI".to_string()]);
    // Rule names that are also plain English in these messages.
    let english = ["string", "number", "decision", "effect", "file"];
    for line in stderr.lines() {
        let Some(expected) = line
            .strip_prefix("error[E0001]: expected ")
            .and_then(|l| l.split(", found ").next())
        else {
            continue;
        };
        // Words outside backticks (inside them is Pol text such as `when`).
        let prose: String = expected.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        for word in prose.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if rules.iter().any(|r| r == word) && !english.contains(&word) {
                return Err(
                    format!("{file}: the message names grammar rule `{word}`: {line}").into(),
                );
            }
        }
    }
    Ok(())
}

/// An `//# args:` line split at white space outside double quotes (a
/// quoted argument may hold spaces: `screen list.csv "Volga Plant"`).
fn split_args(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut arg: Option<String> = None;
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                arg.get_or_insert_with(String::new);
            }
            c if c.is_whitespace() && !quoted => out.extend(arg.take()),
            c => arg.get_or_insert_with(String::new).push(c),
        }
    }
    out.extend(arg);
    out
}

/// The arguments as a shell would need them: one with a space quoted.
fn shown_args(args: &[String]) -> String {
    let shown: Vec<String> = args
        .iter()
        .map(|a| match a.contains(' ') {
            true => format!("\"{a}\""),
            false => a.clone(),
        })
        .collect();
    shown.join(" ")
}
