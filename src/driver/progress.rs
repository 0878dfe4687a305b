//! A count of records on a terminal, for runs longer than a second.

use std::io::Write;

/// A count of records on a terminal, for runs longer than a second.
pub struct Progress<'w> {
    err: &'w mut dyn Write,
    start: std::time::Instant,
    last: Option<std::time::Instant>,
}

impl<'w> Progress<'w> {
    /// Progress lines go to `err` (a terminal).
    pub fn new(err: &'w mut dyn Write) -> Progress<'w> {
        Progress {
            err,
            start: std::time::Instant::now(),
            last: None,
        }
    }

    pub(crate) fn tick(&mut self, records: u64) {
        let now = std::time::Instant::now();
        let due = match self.last {
            None => now.duration_since(self.start).as_millis() >= 1000,
            Some(t) => now.duration_since(t).as_millis() >= 200,
        };
        if due {
            let rate = records as f64 / now.duration_since(self.start).as_secs_f64().max(1e-9);
            let _ = write!(self.err, "\r\x1b[Kpolc: {records} records ({rate:.0}/s)");
            let _ = self.err.flush();
            self.last = Some(now);
        }
    }

    pub(crate) fn done(&mut self) {
        if self.last.is_some() {
            let _ = write!(self.err, "\r\x1b[K");
            let _ = self.err.flush();
        }
    }
}
