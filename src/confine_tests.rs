//! Files created at test time: symlinks, FIFOs, devices, size limits.

use super::*;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("polc-confine-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::canonicalize(dir).unwrap()
}

#[test]
fn reads_at_most_the_limit() {
    let dir = tmp("limit");
    let f = dir.join("big.txt");
    fs::write(&f, vec![b'a'; 11]).unwrap();
    assert!(matches!(read_at_most(&f, 10), Err(ReadError::TooLarge)));
    assert_eq!(read_at_most(&f, 11).unwrap().len(), 11);
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_before_it_is_read() {
    // `/dev/zero` never ends: reading it would fill memory.
    let err = read_limited(Path::new("/dev/zero")).unwrap_err();
    assert!(matches!(err, ReadError::NotRegular("a device")), "{err:?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_never_blocks() {
    let dir = tmp("fifo");
    let fifo = dir.join("list.txt");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let err = read_limited(&fifo).unwrap_err();
    assert!(matches!(err, ReadError::NotRegular("a FIFO")), "{err:?}");
}

#[cfg(unix)]
#[test]
fn symlinks_and_dotdot_cannot_leave_the_root() {
    let dir = tmp("escape");
    let root = dir.join("pkg");
    fs::create_dir_all(root.join("lists")).unwrap();
    fs::write(root.join("lists/ok.txt"), "DE\n").unwrap();
    fs::write(dir.join("secret.txt"), "x\n").unwrap();
    std::os::unix::fs::symlink(dir.join("secret.txt"), root.join("lists/link.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("lists/ok.txt"), root.join("inside.txt")).unwrap();
    let sub = root.join("lists");
    assert!(confine(&root, &sub, "ok.txt").is_ok());
    assert!(confine(&root, &sub, "../inside.txt").is_ok());
    assert!(matches!(
        confine(&root, &sub, "../../secret.txt"),
        Err(Escape::Outside)
    ));
    assert!(matches!(
        confine(&root, &sub, "link.txt"),
        Err(Escape::Outside)
    ));
    assert!(matches!(
        confine(&root, &sub, "/etc/passwd"),
        Err(Escape::Absolute)
    ));
    assert!(matches!(
        confine(&root, &sub, "nope.txt"),
        Err(Escape::Unresolved(_))
    ));
}
