//! The one way polc reads a file named by a package (a `.pol` source, a
//! `load`ed list, a `.json` fixture): a regular file, inside its package
//! root once symlinks are resolved, of at most [`MAX_FILE_BYTES`].
//!
//! A hostile package must not read `/etc/passwd` into a diagnostic, block
//! on a FIFO or fill memory from `/dev/zero`: the file type is checked
//! before opening (and the file is opened non-blocking, then checked
//! again, so a file swapped in between cannot block either), and at most
//! the limit plus one byte is ever read, whatever the size claims.

use std::fs::{self, File, FileType, OpenOptions};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The most bytes polc reads from one file: 64 MiB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The limit as written in messages.
pub const MAX_FILE_SHOWN: &str = "64 MiB";

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file: what it is instead ("a directory", "a FIFO", …).
    NotRegular(&'static str),
    /// Longer than [`MAX_FILE_BYTES`].
    TooLarge,
    /// The operating system's error.
    Io(std::io::Error),
}

impl ReadError {
    /// The reason, in a message's words.
    pub fn reason(&self) -> String {
        match self {
            ReadError::NotRegular(what) => format!("it is {what}, not a regular file"),
            ReadError::TooLarge => format!("it is larger than the limit of {MAX_FILE_SHOWN}"),
            ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => "no such file".into(),
            ReadError::Io(e) => e.to_string().to_lowercase(),
        }
    }
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

/// What a file type is, when it is not a regular file.
pub fn not_regular(t: &FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// `O_NONBLOCK`: opening a FIFO for reading returns at once instead of
/// waiting for a writer (regular files ignore it).
#[cfg(target_os = "linux")]
const O_NONBLOCK: i32 = 0o4000;
#[cfg(all(unix, not(target_os = "linux")))]
const O_NONBLOCK: i32 = 0x0004;

fn open(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(O_NONBLOCK);
    }
    options.open(path)
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`] (following symlinks).
pub fn read_limited(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_at_most(path, MAX_FILE_BYTES)
}

/// [`read_limited`] with another limit (for tests).
pub fn read_at_most(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    if let Some(what) = not_regular(&fs::metadata(path)?.file_type()) {
        return Err(ReadError::NotRegular(what));
    }
    let file = open(path)?;
    // The path may name another file by now: check the one that is open.
    if let Some(what) = not_regular(&file.metadata()?.file_type()) {
        return Err(ReadError::NotRegular(what));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// Why a path written in a package does not name a file inside it.
#[derive(Debug)]
pub enum Escape {
    /// An absolute path (`/etc/passwd`, `C:\…`).
    Absolute,
    /// A path that, once `..` and symlinks are resolved, leaves the root.
    Outside,
    /// The path cannot be resolved (does not exist, no permission).
    Unresolved(ReadError),
}

/// Resolves `written` (relative to `dir`, the directory of the file that
/// names it) to a canonical path inside the canonical `root`.
pub fn confine(root: &Path, dir: &Path, written: &str) -> Result<PathBuf, Escape> {
    let rel = Path::new(written);
    if rel.is_absolute() || rel.components().any(|c| matches!(c, Component::Prefix(_))) {
        return Err(Escape::Absolute);
    }
    let real = fs::canonicalize(dir.join(rel)).map_err(|e| Escape::Unresolved(e.into()))?;
    if real.starts_with(root) {
        Ok(real)
    } else {
        Err(Escape::Outside)
    }
}

/// The canonical package root of a file when nothing else is known: the
/// directory that holds it.
pub fn own_root(file: &Path) -> PathBuf {
    let dir = file.parent().unwrap_or(Path::new("."));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

#[cfg(test)]
#[path = "confine_tests.rs"]
mod tests;
