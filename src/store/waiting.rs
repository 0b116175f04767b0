//! Waiting for another kam's write lock. SQLite asks this busy handler
//! whether to try again; it waits as long as `BUSY_TIMEOUT` in all, and
//! once the wait has lasted `NOTICE_AFTER` it tells whoever asked to be
//! told (the dashboard says so in its status line), so that a person
//! knows why nothing seems to happen.

use super::BUSY_TIMEOUT;
use rusqlite::Connection;
use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

/// How long a write waits before the dashboard says it is waiting.
pub const NOTICE_AFTER: Duration = Duration::from_millis(500);

/// The pauses between two tries, as SQLite's own handler makes them; the
/// last one repeats.
const PAUSES_MS: [u64; 12] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];

/// A function called once per wait that lasts `NOTICE_AFTER`.
pub type Notice = Box<dyn FnMut()>;

thread_local! {
    /// When the current wait began, and whether it was told.
    static WAIT: Cell<(Option<Instant>, bool)> = const { Cell::new((None, false)) };
    static NOTICE: RefCell<Option<Notice>> = const { RefCell::new(None) };
}

/// Who is told about long waits on this thread (the dashboard's), or
/// nobody.
pub fn when_waiting(notice: Option<Notice>) {
    NOTICE.with(|n| *n.borrow_mut() = notice);
}

/// Makes `conn` wait for another writer as described above.
pub(crate) fn patient(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_handler(Some(busy))
}

/// SQLite's busy handler: `tries` is how often it asked for this lock.
fn busy(tries: i32) -> bool {
    let now = Instant::now();
    let (since, told) = WAIT.with(|w| {
        let (since, told) = w.get();
        match since {
            Some(since) if tries > 0 => (since, told),
            _ => (now, false),
        }
    });
    let waited = now.duration_since(since);
    if waited >= BUSY_TIMEOUT {
        WAIT.with(|w| w.set((None, false)));
        return false;
    }
    let told = told || {
        if waited >= NOTICE_AFTER {
            NOTICE.with(|n| {
                if let Some(notice) = n.borrow_mut().as_mut() {
                    notice();
                }
            });
            true
        } else {
            false
        }
    };
    WAIT.with(|w| w.set((Some(since), told)));
    let pause = PAUSES_MS[usize::try_from(tries).unwrap_or(0).min(PAUSES_MS.len() - 1)];
    std::thread::sleep(Duration::from_millis(pause).min(BUSY_TIMEOUT - waited));
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn a_long_wait_is_told_once_and_ends_at_the_busy_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.sqlite3");
        let holder = Connection::open(&path).unwrap();
        holder
            .execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x); BEGIN IMMEDIATE;")
            .unwrap();
        let told = Rc::new(Cell::new(0));
        let seen = told.clone();
        when_waiting(Some(Box::new(move || seen.set(seen.get() + 1))));
        let waiter = Connection::open(&path).unwrap();
        patient(&waiter).unwrap();
        let start = Instant::now();
        let err = waiter.execute_batch("BEGIN IMMEDIATE").unwrap_err();
        let waited = start.elapsed();
        when_waiting(None);
        assert_eq!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy)
        );
        assert!(waited >= BUSY_TIMEOUT, "{waited:?}");
        assert!(waited < BUSY_TIMEOUT + Duration::from_secs(1), "{waited:?}");
        assert_eq!(told.get(), 1);
    }
}
