//! A form being edited when kam is stopped from outside — SIGTERM, SIGHUP,
//! a closed terminal, Ctrl-C — is kept as a draft beside the database and
//! offered back at the next start: a survey typed in a customer's lobby
//! survives a laptop lid.
//!
//! A stopped kam writes its draft whole (`portfolio::files::whole_file`, readable by
//! its owner only) to `<db>.draft.json`, or, when a draft is already there,
//! to a name of its own, `<db>.draft.PID-START.json`: two kams stopped on
//! one file keep both entries. At start, kam takes every draft whose kam is
//! no longer running by renaming it to `<db>.draft.PID-START-N.json` (its
//! own process key: a second kam starting meanwhile leaves it alone) and
//! offers them one after another. A draft's file is removed only when the
//! entry was restored and then saved (or its form closed by the user), or
//! discarded at the offer (`d`); stopped again before that, the file stays
//! and is offered at the next start. A draft that cannot be written is
//! said on stderr as kam exits.

use crate::portfolio::files::whole_file::{self, FileError, FileProblem};
use crate::tui::forms::FormPurpose;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What is kept of a form: what it was for, its title, its values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub purpose: FormPurpose,
    pub title: String,
    pub values: Vec<(String, String)>,
}

/// A draft a stopped kam left, now held by this one in `file` until it is
/// restored and saved, or discarded.
#[derive(Debug, Clone, PartialEq)]
pub struct Left {
    pub file: PathBuf,
    pub draft: Draft,
}

/// The file a stopped kam keeps its draft of the database at `db` in,
/// when no other draft is there.
pub fn path_for(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".draft.json");
    PathBuf::from(p)
}

/// `<db>.draft.KEY.json`: a draft named by this process's key.
fn own_path(db: &Path, n: Option<usize>) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".draft.");
    p.push(whole_file::process_key());
    if let Some(n) = n {
        p.push(format!("-{n}"));
    }
    p.push(".json");
    PathBuf::from(p)
}

/// What a stop writes: where the database is, the form open now (if it
/// changed), the draft file it was restored from (if it was), and what
/// went wrong writing it.
struct Pending {
    db: Option<PathBuf>,
    draft: Option<Draft>,
    from: Option<PathBuf>,
    failed: Option<String>,
}

static PENDING: Mutex<Pending> = Mutex::new(Pending {
    db: None,
    draft: None,
    from: None,
    failed: None,
});

/// Drafts of this session go beside `db`.
pub(super) fn watch(db: &Path) {
    if let Ok(mut p) = PENDING.lock() {
        p.db = Some(db.to_path_buf());
    }
}

/// After every key: the form being edited now, if any.
pub(super) fn keep(draft: Option<Draft>) {
    if let Ok(mut p) = PENDING.lock() {
        p.draft = draft;
    }
}

/// After every key: the draft file the open form was restored from (a
/// stop then writes the form there, over the older version of itself).
pub(super) fn keep_in(file: Option<PathBuf>) {
    if let Ok(mut p) = PENDING.lock() {
        p.from = file;
    }
}

/// Writes the pending draft, if there is one (on a signal, Ctrl-C or a
/// panic), whole; a failure is kept for `report`. Never blocks: a panic
/// while the lock is held loses the draft rather than hanging the exit.
pub(super) fn save_pending() {
    let Ok(mut p) = PENDING.try_lock() else {
        return;
    };
    let (Some(db), Some(draft)) = (&p.db, &p.draft) else {
        return;
    };
    let Ok(json) = serde_json::to_vec(&Envelope {
        kam_draft: 1,
        draft: draft.clone(),
    }) else {
        return;
    };
    let written = match &p.from {
        Some(file) => whole_file::write(file, true, &json),
        None => match whole_file::write(&path_for(db), false, &json) {
            Err(FileError {
                problem: FileProblem::Exists,
                ..
            }) => whole_file::write(&own_path(db, None), true, &json),
            other => other,
        },
    };
    if let Err(e) = written {
        p.failed = Some((crate::strings::s().draft_lost)(
            &crate::strings::file_error(&e),
        ));
    }
}

/// Says on stderr that the draft could not be written, if so (after the
/// terminal was given back).
pub(super) fn report() {
    let failed = PENDING.try_lock().ok().and_then(|mut p| p.failed.take());
    if let Some(line) = failed {
        use std::io::Write;
        let line = crate::domain::text::sanitize(&line);
        let _ = writeln!(std::io::stderr(), "{line}");
    }
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    kam_draft: u32,
    draft: Draft,
}

/// Every draft left beside `db` by a kam no longer running, oldest first,
/// now held by this kam. An unreadable draft file is removed.
pub fn left(db: &Path) -> Vec<Left> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static CLAIMED: AtomicUsize = AtomicUsize::new(0);
    let Some(name) = db.file_name() else {
        return Vec::new();
    };
    let folder = db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut prefix = name.to_owned();
    prefix.push(".draft.");
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .as_encoded_bytes()
            .strip_prefix(prefix.as_encoded_bytes())
        else {
            continue;
        };
        let Ok(rest) = std::str::from_utf8(rest) else {
            continue;
        };
        let free = match rest.strip_suffix(".json") {
            // <db>.draft.json: its kam wrote it as it stopped
            None if rest == "json" => true,
            None => continue,
            Some(key) => match owner(key) {
                Some(owner) => !whole_file::process_alive(owner),
                None => continue,
            },
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if free && is_file {
            let at = entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            found.push((at, entry.path()));
        }
    }
    found.sort();
    let mut left = Vec::new();
    for (_, file) in found {
        let n = CLAIMED.fetch_add(1, Ordering::Relaxed) + 1;
        let mine = own_path(db, Some(n));
        // another kam starting now may take it first: then it is theirs
        if std::fs::rename(&file, &mine).is_err() {
            continue;
        }
        let draft = std::fs::read(&mine)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Envelope>(&bytes).ok())
            .filter(|e| e.kam_draft == 1);
        match draft {
            Some(envelope) => left.push(Left {
                file: mine,
                draft: envelope.draft,
            }),
            None => {
                let _ = std::fs::remove_file(&mine);
            }
        }
    }
    left
}

/// The process key at the start of a draft's `KEY` part (`PID-START`, or
/// `PID-START-N` for one taken over), if it is one.
fn owner(key: &str) -> Option<&str> {
    let mut parts = key.splitn(3, '-');
    let (pid, start) = (parts.next()?, parts.next()?);
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !number(pid) || !number(start) || !parts.next().is_none_or(number) {
        return None;
    }
    Some(&key[..pid.len() + 1 + start.len()])
}

/// The first draft left beside `db`, now held by this kam (the others
/// are held too, and offered at the next start).
pub fn take(db: &Path) -> Option<Draft> {
    left(db).into_iter().next().map(|l| l.draft)
}

/// Removes a draft's file: it was saved, or discarded.
pub fn remove(file: &Path) {
    let _ = std::fs::remove_file(file);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pending draft is one per process: tests that write it take turns.
    static TURN: Mutex<()> = Mutex::new(());

    #[test]
    fn a_draft_written_is_taken_once() {
        let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kam.sqlite3");
        let draft = Draft {
            purpose: FormPurpose::Survey {
                account_id: 7,
                id: None,
                contacts: vec![3, 4],
                base: None,
            },
            title: "满意度调查 — 华东精密".into(),
            values: vec![
                ("overall".into(), "4".into()),
                ("comment".into(), "好\n很好".into()),
            ],
        };
        watch(&db);
        keep(Some(draft.clone()));
        save_pending();
        keep(None);
        let path = path_for(&db);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(take(&db), Some(draft));
        assert!(!path.exists());
        assert_eq!(take(&db), None);
        std::fs::write(&path, b"not json").unwrap();
        assert_eq!(take(&db), None);
        assert!(!path.exists(), "a broken draft is not offered again");
    }

    #[test]
    fn drafts_of_stopped_kams_are_all_offered_and_live_ones_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kam.sqlite3");
        let envelope = |title: &str| {
            serde_json::to_vec(&Envelope {
                kam_draft: 1,
                draft: Draft {
                    purpose: FormPurpose::Survey {
                        account_id: 1,
                        id: None,
                        contacts: vec![],
                        base: None,
                    },
                    title: title.into(),
                    values: vec![],
                },
            })
            .unwrap()
        };
        let beside = |name: &str| dir.path().join(format!("kam.sqlite3.draft.{name}"));
        std::fs::write(beside("json"), envelope("first")).unwrap();
        // pid 0 is never a running process
        std::fs::write(beside("0-12.json"), envelope("second")).unwrap();
        std::fs::write(beside("0-12-3.json"), envelope("third")).unwrap();
        // a running kam's (this process's)
        let live = own_path(&db, Some(999));
        std::fs::write(&live, envelope("live")).unwrap();
        // not a draft
        std::fs::write(beside("notes.json"), b"{}").unwrap();
        let mut titles: Vec<String> = left(&db).into_iter().map(|l| l.draft.title).collect();
        titles.sort();
        assert_eq!(titles, ["first", "second", "third"]);
        assert!(live.exists() && beside("notes.json").exists());
        assert!(left(&db).is_empty(), "each is offered by one kam");
    }

    #[test]
    fn a_second_stop_keeps_both_drafts() {
        let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kam.sqlite3");
        std::fs::write(path_for(&db), b"{\"kam_draft\":1}").unwrap();
        let before = std::fs::read(path_for(&db)).unwrap();
        let draft = Draft {
            purpose: FormPurpose::Survey {
                account_id: 2,
                id: None,
                contacts: vec![],
                base: None,
            },
            title: "second".into(),
            values: vec![("overall".into(), "5".into())],
        };
        watch(&db);
        keep(Some(draft));
        keep_in(None);
        save_pending();
        keep(None);
        assert_eq!(std::fs::read(path_for(&db)).unwrap(), before);
        assert!(own_path(&db, None).exists());
    }
}
