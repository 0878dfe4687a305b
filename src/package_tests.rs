//! Packages built at test time: symlinks (loops, out of the root), FIFOs,
//! devices and files too large to keep in the repository.

use super::*;
use crate::diag::render::{human, Style};

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("polc-pkg-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::canonicalize(dir).unwrap()
}

const POLICY: &str = "record A { name: string }\n\
    policy p for a: A { rule r { when a.name in names  deny \"x\" } }\n";

/// The codes `polc check` gives the package under `paths`.
fn codes(paths: &[PathBuf]) -> Vec<String> {
    let (_, _, diags) = crate::check::compile(paths).unwrap();
    diags.into_iter().map(|d| d.code).collect()
}

fn package_loading(name: &str, load: &str) -> PathBuf {
    let dir = tmp(name);
    let pol = format!("const names: set<string> = load \"{load}\"\n{POLICY}");
    fs::write(dir.join("main.pol"), pol).unwrap();
    dir
}

#[test]
fn a_file_named_twice_is_read_once() {
    let dir = package_loading("twice", "names.txt");
    fs::write(dir.join("names.txt"), "ACME\n").unwrap();
    let file = dir.join("main.pol");
    let sub = dir.join(".").join("main.pol");
    assert!(codes(&[file.clone(), file.clone()]).is_empty());
    assert!(codes(&[dir.clone(), file.clone()]).is_empty());
    assert!(codes(&[file, sub]).is_empty());
    assert_eq!(sources(&[dir.clone(), dir]).unwrap().len(), 1);
}

#[test]
fn the_outermost_root_applies() {
    let dir = tmp("outermost");
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::write(dir.join("names.txt"), "ACME\n").unwrap();
    let pol = format!("const names: set<string> = load \"../names.txt\"\n{POLICY}");
    fs::write(dir.join("sub/main.pol"), pol).unwrap();
    let file = dir.join("sub/main.pol");
    // Alone, the file's root is `sub/`: `..` leaves it.
    assert_eq!(codes(std::slice::from_ref(&file)), ["E0317"]);
    // Given with its parent directory too, the outermost root holds both.
    assert!(codes(&[dir.clone(), file]).is_empty());
    assert!(codes(&[dir]).is_empty());
}

#[cfg(unix)]
#[test]
fn directory_symlinks_are_not_followed_out_or_round() {
    use std::os::unix::fs::symlink;
    let dir = tmp("loop");
    fs::create_dir_all(dir.join("pkg/a/b")).unwrap();
    fs::write(dir.join("pkg/a/b/x.pol"), "record A { n: int }\n").unwrap();
    // A loop (each level links back to the root): exponential if followed.
    for level in ["pkg", "pkg/a", "pkg/a/b"] {
        symlink(dir.join("pkg"), dir.join(level).join("up")).unwrap();
        symlink(dir.join("pkg/a"), dir.join(level).join("side")).unwrap();
    }
    let found = sources(&[dir.join("pkg")]).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    // A directory symlink out of the root is an error, never skipped quietly.
    fs::create_dir_all(dir.join("elsewhere")).unwrap();
    fs::write(dir.join("elsewhere/y.pol"), "record B { n: int }\n").unwrap();
    symlink(dir.join("elsewhere"), dir.join("pkg/a/out")).unwrap();
    assert!(matches!(
        sources(&[dir.join("pkg")]),
        Err(PathError::Outside(_))
    ));
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_device_or_out_of_the_package_is_refused() {
    use std::os::unix::fs::symlink;
    let dir = package_loading("zero", "names.txt");
    symlink("/dev/zero", dir.join("names.txt")).unwrap();
    assert_eq!(codes(std::slice::from_ref(&dir)), ["E0317"]);
    // A symlink that stays inside the root is followed.
    let inner = package_loading("link_inside", "names.txt");
    fs::write(inner.join("real.txt"), "ACME\n").unwrap();
    symlink(inner.join("real.txt"), inner.join("names.txt")).unwrap();
    assert!(codes(&[inner]).is_empty());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = package_loading("fifo", "names.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("names.txt"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    assert_eq!(codes(&[dir]), ["E0318"]);
}

#[test]
fn a_file_over_the_limit_is_refused() {
    let dir = package_loading("large", "names.txt");
    let file = fs::File::create(dir.join("names.txt")).unwrap();
    // Sparse: no disk is used.
    file.set_len(crate::confine::MAX_FILE_BYTES + 1).unwrap();
    let (package, _, diags) = crate::check::compile(std::slice::from_ref(&dir)).unwrap();
    let style = Style {
        color: false,
        width: 100,
    };
    let shown: String = diags
        .iter()
        .map(|d| human(d, &package.map, style))
        .collect();
    let prefix = format!("{}/", display(&dir));
    insta::with_settings!({
        snapshot_path => "../tests/cases/snapshots",
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!("unit__load_too_large", shown.replace(&prefix, "<tmp>/"));
    });
}
