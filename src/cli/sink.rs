//! The process's standard streams, guarded: a failed write to stdout is never
//! a silent success.
//!
//! Commands write through [`Io`](super::Io) and often ignore a single write's
//! result (`let _ = writeln!(…)`); the [`Guarded`] writer remembers the first
//! failure, so `run_on_big_stack` can turn it into an exit code after the
//! final flush: a closed pipe (`polc eval … | head -1`) stops quietly with
//! 141, as a process killed by `SIGPIPE` would; any other failure (a full
//! disk, `/dev/full`) is reported on stderr and exits 2.

use std::cell::Cell;
use std::io::{self, ErrorKind, Write};
use std::rc::Rc;

/// The exit code after stdout was closed by its reader (128 + `SIGPIPE`).
pub const BROKEN_PIPE_EXIT: u8 = 141;

/// A writer that remembers its first failure; after a broken pipe it
/// refuses every further write, so a long run stops instead of computing
/// output nobody reads.
pub struct Guarded<W: Write> {
    inner: W,
    failure: Option<io::Error>,
    pipe_closed: Rc<Cell<bool>>,
}

impl<W: Write> Guarded<W> {
    /// Wraps `inner`; `pipe_closed` is set when a write meets a closed pipe.
    pub fn new(inner: W, pipe_closed: Rc<Cell<bool>>) -> Guarded<W> {
        Guarded {
            inner,
            failure: None,
            pipe_closed,
        }
    }

    /// Flushes, then returns the first failure seen, if any.
    pub fn finish(mut self) -> Option<io::Error> {
        if let Err(e) = self.flush() {
            self.record(&e);
        }
        self.failure
    }

    fn record(&mut self, e: &io::Error) {
        if e.kind() == ErrorKind::BrokenPipe {
            self.pipe_closed.set(true);
        }
        if self.failure.is_none() {
            self.failure = Some(io::Error::new(e.kind(), e.to_string()));
        }
    }

    fn check<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            self.record(e);
        }
        result
    }
}

impl<W: Write> Write for Guarded<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pipe_closed.get() {
            return Err(ErrorKind::BrokenPipe.into());
        }
        let result = self.inner.write(buf);
        self.check(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pipe_closed.get() {
            return Err(ErrorKind::BrokenPipe.into());
        }
        let result = self.inner.flush();
        self.check(result)
    }
}

/// Standard error that falls silent once stdout's reader has gone: the
/// messages a command prints about the failed write would only be noise in
/// `… | head`.
pub struct QuietAfterClosedPipe<W: Write> {
    inner: W,
    pipe_closed: Rc<Cell<bool>>,
}

impl<W: Write> QuietAfterClosedPipe<W> {
    /// Wraps `inner`, watching `pipe_closed`.
    pub fn new(inner: W, pipe_closed: Rc<Cell<bool>>) -> QuietAfterClosedPipe<W> {
        QuietAfterClosedPipe { inner, pipe_closed }
    }
}

impl<W: Write> Write for QuietAfterClosedPipe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pipe_closed.get() {
            return Ok(buf.len());
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The exit code once the command returned `code` and stdout ended with
/// `failure`: unchanged without a failure, 141 after a closed pipe, else 2
/// (reported on `err` unless the command already failed and said why).
pub fn exit_code(code: u8, failure: Option<io::Error>, err: &mut dyn Write) -> u8 {
    match failure {
        None => code,
        Some(e) if e.kind() == ErrorKind::BrokenPipe => BROKEN_PIPE_EXIT,
        Some(e) => {
            // 1 and 2 mean the command already printed its own error.
            if !matches!(code, 1 | 2) {
                let _ = writeln!(err, "error: cannot write the output: {e}");
            }
            2
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer whose every write fails with `kind`.
    struct Failing(ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(self.0.into())
        }
    }

    #[test]
    fn an_ignored_failed_write_still_fails_the_run() {
        let closed = Rc::new(Cell::new(false));
        let mut out = Guarded::new(Failing(ErrorKind::StorageFull), closed);
        let _ = out.write_all(b"decision");
        let mut err = Vec::new();
        assert_eq!(exit_code(0, out.finish(), &mut err), 2);
        assert!(String::from_utf8_lossy(&err).starts_with("error: cannot write the output"));
    }

    #[test]
    fn a_closed_pipe_stops_quietly() {
        let closed = Rc::new(Cell::new(false));
        let mut out = Guarded::new(Failing(ErrorKind::BrokenPipe), closed.clone());
        let mut err = QuietAfterClosedPipe::new(Vec::new(), closed);
        assert!(out.write_all(b"x").is_err());
        let _ = writeln!(err, "error: broken pipe");
        assert!(out.write_all(b"y").is_err(), "later writes are refused");
        assert_eq!(exit_code(2, out.finish(), &mut err), BROKEN_PIPE_EXIT);
        assert!(err.inner.is_empty());
    }

    #[test]
    fn a_good_run_keeps_its_code() {
        let closed = Rc::new(Cell::new(false));
        let mut out = Guarded::new(Vec::new(), closed);
        let _ = out.write_all(b"ok");
        let mut err = Vec::new();
        assert_eq!(exit_code(3, out.finish(), &mut err), 3);
    }
}
