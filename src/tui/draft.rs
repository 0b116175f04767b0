//! A form being edited when kam is stopped from outside — SIGTERM, SIGHUP,
//! a closed terminal, Ctrl-C — is kept as a draft beside the database
//! (`<db>.draft.json`, readable by its owner only) and offered back at the
//! next start: a survey typed in a customer's lobby survives a laptop lid.

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

/// The file a draft of the database at `db` is kept in.
pub fn path_for(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".draft.json");
    PathBuf::from(p)
}

/// Where to write, and the draft of the form open now (if it changed).
static PENDING: Mutex<(Option<PathBuf>, Option<Draft>)> = Mutex::new((None, None));

/// Drafts of this session go beside `db`.
pub(super) fn watch(db: &Path) {
    if let Ok(mut p) = PENDING.lock() {
        p.0 = Some(path_for(db));
    }
}

/// After every key: the form being edited now, if any.
pub(super) fn keep(draft: Option<Draft>) {
    if let Ok(mut p) = PENDING.lock() {
        p.1 = draft;
    }
}

/// Writes the pending draft, if there is one (on a signal, Ctrl-C or a
/// panic). Never blocks: a panic while the lock is held loses the draft
/// rather than hanging the exit.
pub(super) fn save_pending() {
    let Ok(p) = PENDING.try_lock() else { return };
    if let (Some(path), Some(draft)) = (&p.0, &p.1)
        && let Ok(json) = serde_json::to_vec(&Envelope {
            kam_draft: 1,
            draft: draft.clone(),
        })
    {
        let _ = crate::interop::write_private(path, &json);
    }
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    kam_draft: u32,
    draft: Draft,
}

/// The draft left beside `db`, if any; the file is removed (the draft now
/// lives in the offer to restore it). An unreadable file is removed too.
pub fn take(db: &Path) -> Option<Draft> {
    let path = path_for(db);
    let bytes = std::fs::read(&path).ok()?;
    let _ = std::fs::remove_file(&path);
    let envelope: Envelope = serde_json::from_slice(&bytes).ok()?;
    (envelope.kam_draft == 1).then_some(envelope.draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_written_is_taken_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kam.sqlite3");
        let draft = Draft {
            purpose: FormPurpose::Survey {
                account_id: 7,
                id: None,
                contacts: vec![3, 4],
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
}
