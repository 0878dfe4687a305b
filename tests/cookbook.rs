//! `docs/cookbook.md` cannot drift from the compiler: every file it shows
//! (`<!-- file: NAME/PATH -->` before a fenced block) must be that file under
//! `docs/cookbook/`, every file there must be shown, and every command it
//! shows (`<!-- run: NAME exit N -->` before a block whose first line is
//! `$ polc ARGS`) must print exactly the rest of the block and exit N, run
//! from the repository root. A `<!-- pretty: line N … -->` block is line N
//! of the run before it, laid out: it must be the same JSON value. Each
//! example's package must also `polc check` clean (exit 0, nothing on
//! stderr).
//!
//! To update the page after a deliberate change, run the command shown and
//! paste its output (the failure message prints it), then read the diff.

#![expect(
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test: a page that does not parse is a failure, said with its line"
)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every example under `docs/cookbook/`, each with its own test below.
const EXAMPLES: &[&str] = &[
    "authorize",
    "control_codes",
    "csv_map",
    "dated_list",
    "format_specs",
    "let_bindings",
    "lenient",
    "map_default",
    "tests_only_at",
];

#[test]
fn csv_map() {
    check_and_run("csv_map");
}

#[test]
fn map_default() {
    check_and_run("map_default");
}

#[test]
fn dated_list() {
    check_and_run("dated_list");
}

#[test]
fn authorize() {
    check_and_run("authorize");
}

#[test]
fn control_codes() {
    check_and_run("control_codes");
}

#[test]
fn let_bindings() {
    check_and_run("let_bindings");
}

#[test]
fn format_specs() {
    check_and_run("format_specs");
}

#[test]
fn tests_only_at() {
    check_and_run("tests_only_at");
}

#[test]
fn lenient() {
    check_and_run("lenient");
}

/// The page shows every file of every example, each exactly as it is, and
/// every example has a test above and at least one command on the page.
#[test]
fn the_page_shows_every_file_as_it_is() {
    let blocks = page();
    let mut shown = BTreeSet::new();
    for block in &blocks {
        if let Block::File { path, body } = block {
            let on_disk = fs::read_to_string(cookbook_dir().join(path)).unwrap_or_else(|e| {
                panic!("cookbook.md shows `{path}`, which cannot be read: {e}")
            });
            assert_eq!(
                body, &on_disk,
                "cookbook.md shows `{path}` differently from docs/cookbook/{path}"
            );
            assert!(
                shown.insert(path.clone()),
                "cookbook.md shows `{path}` twice"
            );
        }
    }
    let mut on_disk = BTreeSet::new();
    let mut dirs = BTreeSet::new();
    for entry in fs::read_dir(cookbook_dir()).expect("docs/cookbook/ is readable") {
        let dir = entry.expect("a directory entry").path();
        let name = file_name(&dir);
        assert!(
            dir.is_dir(),
            "docs/cookbook/{name} is not an example directory"
        );
        dirs.insert(name.clone());
        for file in fs::read_dir(&dir).expect("an example directory is readable") {
            let file = file.expect("a directory entry").path();
            on_disk.insert(format!("{name}/{}", file_name(&file)));
        }
    }
    let missing: Vec<_> = on_disk.difference(&shown).collect();
    assert!(missing.is_empty(), "cookbook.md does not show {missing:?}");
    let listed: BTreeSet<String> = EXAMPLES.iter().map(|s| (*s).to_string()).collect();
    assert_eq!(
        dirs, listed,
        "EXAMPLES must name every directory under docs/cookbook/"
    );
    let run: BTreeSet<String> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Run { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        run, listed,
        "every example needs a command on the page, and only examples"
    );
}

/// `polc check` on the example, then every command the page shows for it.
fn check_and_run(name: &str) {
    let dir = format!("docs/cookbook/{name}");
    let check = polc(&["check", &dir]);
    assert!(
        check.status.success() && check.stderr.is_empty(),
        "`polc check {dir}` must pass without warnings; it exited {:?} with:\n{}",
        check.status.code(),
        String::from_utf8_lossy(&check.stderr)
    );
    let blocks = page();
    let mut ran = 0;
    let mut last_output: Option<String> = None;
    for block in &blocks {
        match block {
            Block::Run {
                name: n,
                exit,
                args,
                stdout,
            } if n == name => {
                let argv: Vec<&str> = args.split_whitespace().collect();
                let out = polc(&argv);
                let actual = String::from_utf8_lossy(&out.stdout).into_owned();
                assert_eq!(
                    out.status.code(),
                    Some(*exit),
                    "`polc {args}` exit code (stderr: {})",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert_eq!(
                    &actual, stdout,
                    "`polc {args}` prints something else than cookbook.md shows; it printed:\n{actual}"
                );
                ran += 1;
                last_output = Some(actual);
            }
            Block::Run { .. } => last_output = None,
            Block::Pretty { line, json } => {
                if let Some(output) = &last_output {
                    let shown: serde_json::Value =
                        serde_json::from_str(json).expect("a pretty block is JSON");
                    let printed = output
                        .lines()
                        .nth(line - 1)
                        .unwrap_or_else(|| panic!("the run has no line {line}"));
                    let printed: serde_json::Value =
                        serde_json::from_str(printed).expect("an output line is JSON");
                    assert_eq!(
                        shown, printed,
                        "the laid-out line {line} differs from the output"
                    );
                }
            }
            Block::File { .. } => {}
        }
    }
    assert!(ran > 0, "cookbook.md runs no command on `{name}`");
}

/// One marked block of the page.
#[derive(Debug)]
enum Block {
    File {
        path: String,
        body: String,
    },
    Run {
        name: String,
        exit: i32,
        args: String,
        stdout: String,
    },
    Pretty {
        line: usize,
        json: String,
    },
}

/// The marked blocks of `docs/cookbook.md`, in order.
fn page() -> Vec<Block> {
    let text = fs::read_to_string(root().join("docs/cookbook.md")).expect("docs/cookbook.md");
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(marker) = lines[i]
            .strip_prefix("<!-- ")
            .and_then(|l| l.strip_suffix(" -->"))
        else {
            i += 1;
            continue;
        };
        let fence = lines.get(i + 1).copied().unwrap_or("");
        assert!(
            fence.starts_with("```"),
            "cookbook.md line {}: a marker must be followed by a fenced block",
            i + 1
        );
        let end = (i + 2..lines.len())
            .find(|&j| lines[j] == "```")
            .unwrap_or_else(|| panic!("cookbook.md line {}: the block is not closed", i + 2));
        let body: String = lines[i + 2..end].iter().map(|l| format!("{l}\n")).collect();
        blocks.push(parse_marker(marker, body, i + 1));
        i = end + 1;
    }
    blocks
}

fn parse_marker(marker: &str, body: String, line: usize) -> Block {
    if let Some(path) = marker.strip_prefix("file: ") {
        return Block::File {
            path: path.to_string(),
            body,
        };
    }
    if let Some(rest) = marker.strip_prefix("run: ") {
        let (name, exit) = rest
            .split_once(" exit ")
            .unwrap_or_else(|| panic!("cookbook.md line {line}: `run: NAME exit N`"));
        let (command, stdout) = body.split_once('\n').unwrap_or((&body, ""));
        let args = command.strip_prefix("$ polc ").unwrap_or_else(|| {
            panic!("cookbook.md line {line}: a run block starts with `$ polc …`")
        });
        return Block::Run {
            name: name.to_string(),
            exit: exit.parse().expect("an exit code"),
            args: args.to_string(),
            stdout: stdout.to_string(),
        };
    }
    if let Some(rest) = marker.strip_prefix("pretty: line ") {
        let n = rest.split_whitespace().next().unwrap_or("");
        return Block::Pretty {
            line: n.parse().expect("`pretty: line N …`"),
            json: body,
        };
    }
    panic!("cookbook.md line {line}: unknown marker `{marker}`");
}

fn polc(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_polc"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("polc runs")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cookbook_dir() -> PathBuf {
    root().join("docs/cookbook")
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
