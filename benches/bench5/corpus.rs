//! Locates, and generates when missing, the bench-5 corpus under `target/bench/`.
//!
//! The generator is `benches/bench5/workload/gen_corpus.py`. All
//! corpora share one lists folder, `target/bench/lists/`, because bench5.pol loads
//! `lists/…` relative to itself; the lists depend on the seed only, so a stamp file
//! `lists/.seed` records which seed wrote them and they are rewritten when it differs.
//! Hence after `ensure_corpus(_, s)` the lists are those of seed `s`.

use std::fs;
use std::io::{Error, ErrorKind};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The crate root.
fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `target/bench/`, where corpora and lists are written.
pub fn bench_dir() -> PathBuf {
    crate_root().join("target").join("bench")
}

/// `target/bench/lists/`, holding `dual_use.txt` and `denied.txt`.
pub fn lists_dir() -> PathBuf {
    bench_dir().join("lists")
}

/// `benches/bench5/workload/`: the bench-5 rule set, its lists and the corpus
/// generator, copied into the repository so that nothing reads outside it.
pub fn workload_dir() -> PathBuf {
    crate_root().join("benches").join("bench5").join("workload")
}

/// `workload/gen_corpus.py`, the corpus generator.
pub fn generator() -> PathBuf {
    workload_dir().join("gen_corpus.py")
}

/// `target/bench/corpus-{n}-{seed}.ndjson`.
pub fn corpus_path(n: usize, seed: u64) -> PathBuf {
    bench_dir().join(format!("corpus-{n}-{seed}.ndjson"))
}

/// The generator's `--expected` TSV for `corpus` (`x.ndjson` → `x.expected.tsv`).
pub fn expected_path(corpus: &Path) -> PathBuf {
    let s = corpus.to_string_lossy();
    let base = s.strip_suffix(".ndjson").unwrap_or(&s);
    PathBuf::from(format!("{base}.expected.tsv"))
}

/// Returns `target/bench/corpus-{n}-{seed}.ndjson`, generating it, its expected TSV and
/// the lists only when missing (and the lists alone when another seed wrote them).
pub fn ensure_corpus(n: usize, seed: u64) -> std::io::Result<PathBuf> {
    let dir = bench_dir();
    fs::create_dir_all(&dir)
        .map_err(|e| with_context(&e, &format!("cannot create {}", dir.display())))?;
    let corpus = corpus_path(n, seed);
    let expected = expected_path(&corpus);
    let stamp = lists_dir().join(".seed");
    let lists_ok = fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == seed.to_string())
        && lists_dir().join("dual_use.txt").is_file()
        && lists_dir().join("denied.txt").is_file();
    if corpus.is_file() && expected.is_file() && lists_ok {
        return Ok(corpus);
    }
    // The stamp goes first and comes back last, so an interrupted run leaves none.
    match fs::remove_file(&stamp) {
        Err(e) if e.kind() != ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    if corpus.is_file() && expected.is_file() {
        // Lists only: `--n 0` writes them and an empty corpus, which is dropped.
        let scratch = dir.join(format!(".lists-only-{seed}.ndjson"));
        run_generator(0, seed, &scratch, false)?;
        fs::remove_file(&scratch)?;
    } else {
        // Written under a temporary name and renamed, so a present corpus is complete.
        let partial = dir.join(format!(".partial-corpus-{n}-{seed}.ndjson"));
        run_generator(n, seed, &partial, true)?;
        fs::rename(expected_path(&partial), &expected)?;
        fs::rename(&partial, &corpus)?;
    }
    fs::write(&stamp, format!("{seed}\n"))?;
    Ok(corpus)
}

/// Runs `python3 gen_corpus.py --n N --seed S --out OUT --lists-dir target/bench/lists`.
fn run_generator(n: usize, seed: u64, out: &Path, expected: bool) -> std::io::Result<()> {
    let script = generator();
    if !script.is_file() {
        return Err(Error::new(
            ErrorKind::NotFound,
            format!("corpus generator not found at {}", script.display()),
        ));
    }
    let mut cmd = Command::new("python3");
    cmd.arg(&script)
        .args(["--n", &n.to_string(), "--seed", &seed.to_string()])
        .arg("--out")
        .arg(out)
        .arg("--lists-dir")
        .arg(lists_dir());
    if expected {
        cmd.arg("--expected");
    }
    let output = cmd
        .output()
        .map_err(|e| with_context(&e, "cannot run `python3` to generate the bench corpus"))?;
    // The generator's summary (size, rule firing rates) is worth seeing in a bench log.
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    if output.status.success() {
        Ok(())
    } else {
        Err(Error::other(format!(
            "{} --n {n} --seed {seed} failed ({})",
            script.display(),
            output.status
        )))
    }
}

/// `e` with `what` in front of its message.
fn with_context(e: &Error, what: &str) -> Error {
    Error::new(e.kind(), format!("{what}: {e}"))
}
