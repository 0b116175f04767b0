//! `kam sync DIR`: one portfolio on several laptops through a folder they
//! all reach (a network share, a synced folder, a USB stick). No server:
//!
//! - `DIR/base.kambase` — the whole portfolio as the first device wrote
//!   it (a verified kam database), what a new laptop joins from;
//! - `DIR/<device uid>/<sequence>.kamchanges` — each device's recorded
//!   changes (`interop::changefile`), in files numbered from 1, each
//!   written whole (a half file is never read).
//!
//! A sync writes this device's changes not written out yet, then applies
//! every other device's files it has not applied, in order (`store::sync`
//! merges field by field and lists conflicts), then recomputes the health
//! scores. Running it twice does nothing the second time.

use super::{Portfolio, Result};
use crate::domain::ChangeKind;
use crate::domain::Clock;
use crate::interop::changefile::{self, Header, ReadError};
use crate::store::journal::{Cell, Op, RowChange};
use crate::store::sync::{Applied, Conflict, Incoming, row_of};
use crate::store::whole_file::{self, FileError};
use crate::store::{SCHEMA_VERSION, Store, StoreError};
use rusqlite::types::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The base's file name in the folder.
pub const BASE: &str = "base.kambase";
/// The extension of a change file.
pub const EXTENSION: &str = "kamchanges";

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// This device's first sync into an empty folder: it wrote the base.
    pub started: bool,
    /// This (empty) database joined the folder: it took the base.
    pub joined: bool,
    /// This device's changes written out, and the file they went into.
    pub written: usize,
    pub file: Option<PathBuf>,
    /// Other devices' changes applied, and from how many devices.
    pub applied: usize,
    pub devices: usize,
    /// Conflicts found by this sync, and all still open.
    pub conflicts: usize,
    pub open_conflicts: usize,
    /// What stopped a device's stream or was left alone.
    pub notes: Vec<Note>,
}

/// Something a sync left alone, said after its summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Files in the folder that are not kam's (their names).
    NotOurs(Vec<String>),
    /// A device writes with a newer kam: this one must be upgraded.
    Newer { device: String, schema: u32 },
    /// A device writes with an older kam: that one must be upgraded.
    Older { device: String, schema: u32 },
    /// A file cut short or damaged: that device's stream stops there.
    Damaged { device: String, file: PathBuf },
    /// A file of another portfolio in this folder.
    OtherPortfolio { file: PathBuf },
    /// The next file of a device is not there (yet): waiting for it.
    Waiting { device: String, seq: u32 },
    /// A file whose changes this database refused.
    Refused {
        device: String,
        file: PathBuf,
        why: String,
    },
}

/// Why a sync could not be made; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{}: no such folder", .0.display())]
    NoFolder(PathBuf),
    #[error("the database is read-only")]
    ReadOnly,
    /// This database holds a portfolio, and the folder another one.
    #[error("{}: the folder holds another portfolio", .0.display())]
    OtherPortfolio(PathBuf),
    /// The folder has change files but no base to join from.
    #[error("{}: the folder has no base.kambase", .0.display())]
    NoBase(PathBuf),
    /// The base is another kam version's.
    #[error("the folder's base is of schema {0}, this kam's {SCHEMA_VERSION}")]
    BaseSchema(u32),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Portfolio(#[from] super::Error),
}

impl From<StoreError> for SyncError {
    fn from(e: StoreError) -> SyncError {
        SyncError::Portfolio(e.into())
    }
}

/// A device's files in the folder (paths inside it), by sequence.
type Stream = BTreeMap<u32, PathBuf>;

/// The folder as this sync found it.
#[derive(Default)]
struct Folder {
    base: Option<PathBuf>,
    /// The other devices' streams, by device uid.
    streams: BTreeMap<String, Stream>,
    /// The highest sequence in this device's own folder.
    own_last: u32,
    not_ours: Vec<String>,
}

impl Portfolio {
    /// Syncs with the folder `dir` as the device named `name` (its
    /// hostname unless the user chose one).
    pub fn sync(
        &mut self,
        dir: &Path,
        name: &str,
        clock: &Clock,
    ) -> std::result::Result<SyncReport, SyncError> {
        if !dir.is_dir() {
            return Err(SyncError::NoFolder(dir.to_path_buf()));
        }
        if self.store.is_read_only() {
            return Err(SyncError::ReadOnly);
        }
        let me = self.store.device()?;
        let mut folder = survey(dir, &me);
        let mut report = SyncReport::default();
        self.store.set_local("device.name", name)?;
        let ours = self.store.local("portfolio.uid")?;
        match (&ours, &folder.base) {
            (Some(ours), Some(base)) => {
                if Store::read_base(base)?.portfolio != *ours {
                    return Err(SyncError::OtherPortfolio(dir.to_path_buf()));
                }
            }
            (None, Some(base)) => {
                let info = Store::read_base(base)?;
                if info.schema != SCHEMA_VERSION {
                    return Err(SyncError::BaseSchema(info.schema));
                }
                if !self.store.is_empty_portfolio()? {
                    return Err(SyncError::OtherPortfolio(dir.to_path_buf()));
                }
                self.store.join_base(base, block_of(&me))?;
                self.store.set_local("device.name", name)?;
                self.undo.clear();
                self.redo.clear();
                report.joined = true;
            }
            (None, None) => {
                if !folder.streams.is_empty() {
                    return Err(SyncError::NoBase(dir.to_path_buf()));
                }
                let portfolio = crate::store::new_uid();
                self.store.start_sync(&portfolio, block_of(&me))?;
                report.started = true;
            }
            // the base went missing: written again below
            (Some(_), None) => {}
        }
        let portfolio = self.store.local("portfolio.uid")?.unwrap_or_default();
        self.write_out(dir, &me, name, &portfolio, &mut folder, &mut report)?;
        self.apply_all(dir, &folder, &portfolio, clock, &mut report)?;
        if folder.base.is_none() {
            self.store
                .backup(&dir.join(BASE), true)
                .map_err(|e| match e {
                    crate::store::backup::BackupError::File(f) => SyncError::File(f),
                    crate::store::backup::BackupError::Store(s) => s.into(),
                })?;
        }
        if report.applied > 0 || report.joined {
            self.fresh(clock.now)?;
            self.settings = self.store.settings().unwrap_or_default();
        }
        report.open_conflicts = self.store.open_conflicts()?.len();
        Ok(report)
    }

    /// Writes this device's changes not written out yet as its next file.
    fn write_out(
        &mut self,
        dir: &Path,
        me: &str,
        name: &str,
        portfolio: &str,
        folder: &mut Folder,
        report: &mut SyncReport,
    ) -> std::result::Result<(), SyncError> {
        let outgoing = self.store.outgoing()?;
        if outgoing.is_empty() {
            return Ok(());
        }
        let last: u32 = self
            .store
            .local("sync.seq")?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        // a file already there (a kill after writing it, a database put
        // back from a backup) is never written over
        let seq = last.max(folder.own_last) + 1;
        let header = Header {
            format: changefile::FORMAT.into(),
            version: changefile::VERSION,
            schema: SCHEMA_VERSION,
            portfolio: portfolio.into(),
            device: me.into(),
            device_name: name.into(),
            seq,
            changes: outgoing.len(),
        };
        let changes: Vec<changefile::Change> = outgoing
            .iter()
            .map(|o| changefile::Change {
                uid: o.uid.clone(),
                at: o.at.clone(),
                person: o.person.clone(),
                kind: o.kind.clone(),
                subject: o.subject.clone(),
                changeset: o.changeset.clone(),
            })
            .collect();
        let own = dir.join(me);
        if !own.is_dir() {
            std::fs::create_dir(&own).map_err(|e| FileError::io(&own, e))?;
        }
        let file = own.join(file_name(seq));
        whole_file::write(&file, false, &changefile::write(&header, &changes))?;
        let ids: Vec<i64> = outgoing.iter().map(|o| o.id).collect();
        self.store.exported(&ids, seq)?;
        folder.own_last = seq;
        report.written = outgoing.len();
        report.file = Some(file);
        Ok(())
    }

    /// Applies every other device's files not applied yet, in order; a
    /// device whose next file cannot be applied stops there, the others go
    /// on.
    fn apply_all(
        &mut self,
        dir: &Path,
        folder: &Folder,
        portfolio: &str,
        clock: &Clock,
        report: &mut SyncReport,
    ) -> std::result::Result<(), SyncError> {
        if !folder.not_ours.is_empty() {
            report.notes.push(Note::NotOurs(folder.not_ours.clone()));
        }
        let known: BTreeMap<String, (String, u32)> = self
            .store
            .devices()?
            .into_iter()
            .map(|d| (d.device, (d.name, d.applied)))
            .collect();
        for (device, stream) in &folder.streams {
            let (mut name, applied) = known.get(device).cloned().unwrap_or_default();
            let mut changes = 0;
            for (next, (&seq, file)) in (applied + 1..).zip(stream.range(applied + 1..)) {
                if seq != next {
                    report.notes.push(Note::Waiting {
                        device: shown_name(&name, device),
                        seq: next,
                    });
                    break;
                }
                let step = self.apply_file(dir, device, &mut name, seq, file, portfolio, clock)?;
                match step {
                    Ok(done) => {
                        changes += done.changes;
                        report.conflicts += done.conflicts;
                    }
                    Err((note, why)) => {
                        report.notes.push(note);
                        if let Some(why) = why {
                            self.store.set_device(device, &name, seq - 1, Some(why))?;
                        }
                        break;
                    }
                }
            }
            if changes > 0 {
                report.applied += changes;
                report.devices += 1;
            }
        }
        Ok(())
    }

    /// Applies one file of a device's stream, or says why not (and what
    /// to note as the reason its stream stopped).
    #[allow(clippy::too_many_arguments)]
    fn apply_file(
        &mut self,
        dir: &Path,
        device: &str,
        name: &mut String,
        seq: u32,
        file: &Path,
        portfolio: &str,
        clock: &Clock,
    ) -> std::result::Result<std::result::Result<Applied, (Note, Option<&'static str>)>, SyncError>
    {
        let bytes = match std::fs::read(dir.join(file)) {
            Ok(b) => b,
            Err(e) => {
                let note = Note::Refused {
                    device: shown_name(name, device),
                    file: file.to_path_buf(),
                    why: e.to_string(),
                };
                return Ok(Err((note, Some("unreadable"))));
            }
        };
        // a file cut short may still say whose it is
        if let Ok(h) = changefile::header(&bytes)
            && !h.device_name.is_empty()
        {
            *name = h.device_name;
        }
        let who = shown_name(name, device);
        let Ok((header, changes)) = read_file(&bytes) else {
            let note = Note::Damaged {
                device: who,
                file: file.to_path_buf(),
            };
            return Ok(Err((note, Some("damaged"))));
        };
        if header.portfolio != portfolio || header.device != device || header.seq != seq {
            let note = Note::OtherPortfolio {
                file: file.to_path_buf(),
            };
            return Ok(Err((note, None)));
        }
        if header.schema > SCHEMA_VERSION {
            let note = Note::Newer {
                device: who,
                schema: header.schema,
            };
            return Ok(Err((note, Some("newer"))));
        }
        if header.schema < SCHEMA_VERSION {
            let note = Note::Older {
                device: who,
                schema: header.schema,
            };
            return Ok(Err((note, Some("older"))));
        }
        match self
            .store
            .apply_incoming(device, name, seq, &changes, clock)
        {
            Ok(done) => Ok(Ok(done)),
            Err(e) => {
                let note = Note::Refused {
                    device: who,
                    file: file.to_path_buf(),
                    why: super::Error::from(e).said(),
                };
                Ok(Err((note, Some("refused"))))
            }
        }
    }

    /// The conflicts not decided yet, oldest first.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        Ok(self.store.open_conflicts()?)
    }

    /// Decides a conflict: `take_other` puts the other value in place (a
    /// recorded change, so it syncs; a deleted row comes back), else the
    /// value shown is kept as it is.
    pub fn decide_conflict(&mut self, id: i64, take_other: bool, clock: &Clock) -> Result<()> {
        let conflict = self
            .store
            .open_conflicts()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(super::Error::Gone(super::Record::Conflict))?;
        if take_other {
            let subject = self.conflict_subject(&conflict);
            let c = conflict.clone();
            self.write(
                ChangeKind::ConflictTaken,
                subject,
                clock,
                move |w| match c.kind.as_str() {
                    "deleted" => match &c.other {
                        Value::Text(row) => w.restore_row(&c.table, &row_of(row)),
                        _ => Ok(()),
                    },
                    "field" | "archived" => {
                        w.set_field(&c.table, c.row_id, &c.column, &c.other, clock)
                    }
                    _ => Ok(()),
                },
            )?;
        }
        self.store.resolve_conflict(id, clock)?;
        Ok(())
    }

    /// How many conflicts wait to be decided (the dashboard's banner).
    pub fn open_conflict_count(&self) -> Result<usize> {
        Ok(self.store.open_conflict_count()?)
    }

    /// The conflicts not decided yet as the dashboard shows them: what
    /// each is about, the value kept for now and the other, in words, who
    /// made each and when (local to `clock`).
    pub fn shown_conflicts(&self, clock: &Clock) -> Result<Vec<ShownConflict>> {
        let t = crate::strings::s();
        let devices = self.device_names()?;
        let me = self.store.person()?;
        let here = crate::strings_sync::this_laptop();
        let conflicts = self.store.open_conflicts()?;
        Ok(conflicts
            .iter()
            .map(|c| {
                let said = |v: &Value| self.value(&c.table, &c.column, &cell(v));
                let device = devices
                    .get(&c.kept_device)
                    .cloned()
                    .unwrap_or_else(|| shown_name("", &c.kept_device));
                let (kept, other) = match c.kind.as_str() {
                    "deleted" => (t.op_deleted.to_string(), crate::strings_sync::as_it_was()),
                    "rejected" => (String::new(), String::new()),
                    _ => (said(&c.kept), said(&c.other)),
                };
                ShownConflict {
                    id: c.id,
                    account: self.account_of(&self.conflict_row(c)),
                    subject: self.conflict_subject(c),
                    field: crate::strings::field_label(&c.column)
                        .map_or_else(|| c.column.clone(), str::to_string),
                    kind: crate::strings_sync::conflict_kind(c),
                    kept,
                    kept_by: join_who(&c.kept_by, &device),
                    kept_at: when(&c.kept_at, clock),
                    other,
                    other_by: join_who(&me, here),
                    other_at: when(&c.other_at, clock),
                    can_take: matches!(c.kind.as_str(), "field" | "archived" | "deleted"),
                }
            })
            .collect())
    }

    /// Device uid → the name it syncs under, of every device this file
    /// has heard from, this one included.
    pub fn device_names(&self) -> Result<std::collections::HashMap<String, String>> {
        let mut names: std::collections::HashMap<String, String> = self
            .store
            .devices()?
            .into_iter()
            .map(|d| {
                let name = shown_name(&d.name, &d.device);
                (d.device, name)
            })
            .collect();
        if let Some(mine) = self.store.local("device.name")? {
            names.insert(self.store.device()?, mine);
        }
        Ok(names)
    }

    /// What a conflict is about, as the user knows it: the record and
    /// its account ("Account 华东机电", "Contact 张伟 · 华东机电").
    pub fn conflict_subject(&self, c: &Conflict) -> String {
        let row = self.conflict_row(c);
        let record = self.record_name(&row);
        match self.account_of(&row) {
            Some(a) if c.table != "accounts" => {
                format!("{record} · {}", self.account_name(a))
            }
            _ => record,
        }
    }

    /// A conflict's row as the journal shows one: what names it.
    fn conflict_row(&self, c: &Conflict) -> RowChange {
        let columns = match (&c.other, c.kind.as_str()) {
            (Value::Text(t), "deleted") => row_of(t)
                .into_iter()
                .map(|(name, v)| (name, None, Some(cell(&v))))
                .collect(),
            _ => Vec::new(),
        };
        RowChange {
            table: c.table.clone(),
            op: Op::Update,
            id: Some(c.row_id),
            columns,
        }
    }
}

/// A conflict as the dashboard shows it, every part in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownConflict {
    pub id: i64,
    /// The account the record belongs to (Enter opens it).
    pub account: Option<i64>,
    /// "Contact 张伟 · 华东机电".
    pub subject: String,
    /// The field both changed ("Phone"); empty for a whole record.
    pub field: String,
    /// What happened, in words ("changed on both laptops").
    pub kind: &'static str,
    /// The value the record has now, and who made it, when.
    pub kept: String,
    pub kept_by: String,
    pub kept_at: String,
    /// The value it had here, which lost for now.
    pub other: String,
    pub other_by: String,
    pub other_at: String,
    /// Whether the other value can be taken (a refused change cannot).
    pub can_take: bool,
}

/// "Li Lei · laptop-b", or either alone.
pub(super) fn join_who(person: &str, device: &str) -> String {
    match (person.trim(), device.trim()) {
        ("", d) => d.to_string(),
        (p, "") => p.to_string(),
        (p, d) => format!("{p} · {d}"),
    }
}

/// A stored UTC time in local time, without the year when it is this
/// one's; nothing when none was stored.
fn when(at: &str, clock: &Clock) -> String {
    if at.is_empty() {
        return String::new();
    }
    let local = super::journal::local_time(at, clock);
    let year = clock.today().format("%Y-").to_string();
    local
        .strip_prefix(&year)
        .map_or(local.clone(), str::to_string)
}

/// A stored value as the journal's rows hold one.
fn cell(v: &Value) -> Cell {
    match v {
        Value::Null => Cell::Null,
        Value::Integer(n) => Cell::Int(*n),
        Value::Real(x) => Cell::Real(*x),
        Value::Text(t) => Cell::Text(t.clone()),
        Value::Blob(b) => Cell::Blob(b.len()),
    }
}

/// A changefile read whole, as the store takes its changes.
fn read_file(bytes: &[u8]) -> std::result::Result<(Header, Vec<Incoming>), ReadError> {
    let (header, changes) = changefile::read(bytes)?;
    let changes = changes
        .into_iter()
        .map(|c| Incoming {
            uid: c.uid,
            at: c.at,
            person: c.person,
            kind: c.kind,
            subject: c.subject,
            changeset: c.changeset,
        })
        .collect();
    Ok((header, changes))
}

/// What is in the folder: the base, the devices' streams, and anything
/// not kam's. Hidden files (the temporary files of a write under way, a
/// synced folder's own) are passed over in silence.
fn survey(dir: &Path, me: &str) -> Folder {
    let mut folder = Folder::default();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return folder;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with('.') {
            continue;
        }
        if name == BASE && path.is_file() {
            folder.base = Some(path);
            continue;
        }
        if !path.is_dir() || uuid::Uuid::parse_str(&name).is_err() {
            folder.not_ours.push(name);
            continue;
        }
        let mut stream = Stream::new();
        for file in std::fs::read_dir(&path).into_iter().flatten().flatten() {
            let file_name = file.file_name().to_string_lossy().into_owned();
            if file_name.starts_with('.') {
                continue;
            }
            match sequence_of(&file_name) {
                Some(seq) => {
                    stream.insert(seq, Path::new(&name).join(&file_name));
                }
                None => folder.not_ours.push(format!("{name}/{file_name}")),
            }
        }
        if name == me {
            folder.own_last = stream.keys().next_back().copied().unwrap_or(0);
        } else {
            folder.streams.insert(name, stream);
        }
    }
    folder.not_ours.sort();
    folder
}

/// The file name of a device's file `seq`.
fn file_name(seq: u32) -> String {
    format!("{seq:08}.{EXTENSION}")
}

/// The sequence of a change file's name (`00000012.kamchanges`).
fn sequence_of(name: &str) -> Option<u32> {
    let digits = name.strip_suffix(EXTENSION)?.strip_suffix('.')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

/// The block of row ids of a device, drawn from its uid: two devices of a
/// portfolio share one with a chance of about one in a million.
fn block_of(device: &str) -> i64 {
    let n = device.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    crate::store::ids::block_base((n % (1 << 20)) as u32 + 1)
}

/// A device as the user knows it: its name, else the start of its uid.
pub(super) fn shown_name(name: &str, device: &str) -> String {
    if name.is_empty() {
        device.chars().take(8).collect()
    } else {
        name.to_string()
    }
}

/// This device's hostname, the name it syncs under unless one is given.
pub fn hostname() -> String {
    let from_file = std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok());
    from_file
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "kam".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_file_names_round_trip() {
        assert_eq!(file_name(12), "00000012.kamchanges");
        assert_eq!(sequence_of("00000012.kamchanges"), Some(12));
        assert_eq!(sequence_of("12.kamchanges"), Some(12));
        for bad in [
            "0.kamchanges",
            "x.kamchanges",
            ".kamchanges",
            "12.txt",
            "12kamchanges",
        ] {
            assert_eq!(sequence_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn blocks_are_in_range_and_differ() {
        let a = block_of("3f0c0d4e-8f7a-4a57-9d5e-1f2b3c4d5e6f");
        let b = block_of("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
        assert_ne!(a, b);
        for x in [a, b] {
            assert!((1 << 32..1 << 53).contains(&x), "{x}");
        }
    }
}
