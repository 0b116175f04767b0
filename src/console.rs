//! Standard output and standard error of the command line, each through
//! one writer that never panics. A reader that goes away early (`kam
//! today | head -1`) or a full disk (`> /dev/full`) ends the writing, and
//! `finish` says how it ended: `main` then exits quietly with 0 for a
//! closed pipe, or says the disk is full in one line and exits 1. Failures
//! on standard error are ignored: there is nowhere left to say them.

use std::io::{self, Write};
use std::sync::Mutex;

/// The first failure writing standard output (its kind and words): after
/// it, nothing more is written.
static FAILED: Mutex<Option<(io::ErrorKind, Option<i32>, String)>> = Mutex::new(None);

fn failure() -> Option<io::Error> {
    let failed = FAILED.lock().unwrap_or_else(|e| e.into_inner());
    failed.as_ref().map(|(kind, raw, text)| match raw {
        Some(code) => io::Error::from_raw_os_error(*code),
        None => io::Error::new(*kind, text.clone()),
    })
}

fn remember(e: &io::Error) {
    let mut failed = FAILED.lock().unwrap_or_else(|e| e.into_inner());
    if failed.is_none() {
        *failed = Some((e.kind(), e.raw_os_error(), e.to_string()));
    }
}

/// Standard output as a writer (what `say!` prints, and exports to `-`):
/// an error is returned, remembered for `finish`, and every later write
/// fails the same way without trying.
pub struct Stdout;

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(e) = failure() {
            return Err(e);
        }
        io::stdout().lock().write(buf).inspect_err(remember)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if let Some(e) = failure() {
            return Err(e);
        }
        io::stdout().lock().write_all(buf).inspect_err(remember)
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(e) = failure() {
            return Err(e);
        }
        io::stdout().lock().flush().inspect_err(remember)
    }
}

/// Prints `text` to standard output, unless it already failed.
pub fn print(text: &str) {
    let _ = Stdout.write_all(text.as_bytes());
}

/// Prints `text` to standard error; a failure there is ignored.
pub fn eprint(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// How standard output fared.
#[derive(Debug)]
pub enum Ending {
    /// Everything was written.
    Written,
    /// The reader went away (a closed pipe): not an error for kam.
    Closed,
    /// The disk is full.
    Full,
    /// Any other failure.
    Failed(io::Error),
}

/// Whether an error is a reader that went away.
pub fn is_closed(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// How an error writing standard output ends the command.
pub fn ending(e: io::Error) -> Ending {
    if is_closed(&e) {
        Ending::Closed
    } else if crate::portfolio::files::whole_file::is_disk_full(&e) {
        Ending::Full
    } else {
        Ending::Failed(e)
    }
}

/// Flushes standard output and says how it fared.
pub fn finish() -> Ending {
    match Stdout.flush() {
        Ok(()) => Ending::Written,
        Err(e) => ending(e),
    }
}
