//! Every file kam writes other than the database — backups, exports,
//! drafts, demo portfolios — is written whole or not at all: into a
//! temporary file in the target's folder (`.NAME.PID-START-N.kam-tmp`,
//! private), fsynced, then renamed over the target and the folder fsynced.
//! A failure removes the temporary file; a kill leaves it, under a name
//! that is never the target, and the next write to that target removes it
//! once its process is gone. An existing target is replaced only when the
//! caller says so (`--force`), and only by a complete file. Targets that
//! are symbolic links, folders, devices, pipes or sockets are refused.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file kam could not write, and why; worded by `strings::file_error`.
#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", .path.display())]
pub struct FileError {
    pub path: PathBuf,
    pub problem: FileProblem,
}

/// What stood in the way of writing a file.
#[derive(Debug)]
pub enum FileProblem {
    /// It exists, and replacing it was not asked for (`--force`).
    Exists,
    /// A symbolic link: kam writes only plain files.
    Symlink,
    Folder,
    /// A folder was named, and this is not one.
    NotAFolder,
    /// A device, a pipe (FIFO) or a socket.
    Special,
    /// The folder it would go in does not exist.
    NoFolder,
    /// The database kam is working on.
    IsTheDatabase,
    /// A database whose `-journal` or `-wal` beside it holds changes (a
    /// program has it open, or was stopped while writing it).
    InUse,
    DiskFull,
    Io(io::Error),
    /// A backup copy that did not pass its check.
    Unverified(String),
}

impl FileError {
    pub fn new(path: &Path, problem: FileProblem) -> FileError {
        FileError {
            path: path.to_path_buf(),
            problem,
        }
    }

    /// An I/O failure on `path`; a full disk is said as such.
    pub fn io(path: &Path, e: io::Error) -> FileError {
        FileError::new(
            path,
            if is_disk_full(&e) {
                FileProblem::DiskFull
            } else {
                FileProblem::Io(e)
            },
        )
    }
}

/// Whether an I/O error means the disk (or the user's quota) is full.
pub fn is_disk_full(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge
    ) || e.raw_os_error() == Some(28)
}

/// Whether the target may be written: absent, or a plain file that may be
/// replaced. Symbolic links, folders, devices, pipes and sockets never.
pub fn check_target(target: &Path, replace: bool) -> Result<(), FileError> {
    let refuse = |problem| Err(FileError::new(target, problem));
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let folder = folder_of(target);
            match fs::metadata(folder) {
                Ok(m) if m.is_dir() => Ok(()),
                Ok(_) => refuse(FileProblem::NoFolder),
                Err(e) if e.kind() == io::ErrorKind::NotFound => refuse(FileProblem::NoFolder),
                Err(e) => Err(FileError::io(target, e)),
            }
        }
        Err(e) => Err(FileError::io(target, e)),
        Ok(m) if m.file_type().is_symlink() => refuse(FileProblem::Symlink),
        Ok(m) if m.is_dir() => refuse(FileProblem::Folder),
        Ok(m) if !m.is_file() => refuse(FileProblem::Special),
        Ok(_) if !replace => refuse(FileProblem::Exists),
        Ok(_) => Ok(()),
    }
}

/// Whether `a` and `b` name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The end of every temporary file's name.
const TEMP_END: &str = ".kam-tmp";
/// What SQLite puts beside a database file while it writes it.
const COMPANIONS: [&str; 3] = ["-journal", "-wal", "-shm"];

/// `path` with `suffix` appended to its name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// A file being written: it becomes the target on `commit`, and
/// disappears when dropped before that.
pub struct WholeFile {
    target: PathBuf,
    temp: PathBuf,
    file: Option<BufWriter<File>>,
    replace: bool,
    /// A database: SQLite's companions of the temporary file are removed
    /// with it, and those of the target are settled before the rename.
    database: bool,
    committed: bool,
}

impl WholeFile {
    /// Starts writing `target` (replaced at `commit` only if `replace`):
    /// checks it, removes what earlier kills left beside it, and creates
    /// the temporary file, readable by its owner only.
    pub fn create(target: &Path, replace: bool) -> Result<WholeFile, FileError> {
        WholeFile::start(target, replace, false)
    }

    /// The same for a database file that SQLite writes at `temp_path`:
    /// its `-journal`, `-wal` and `-shm` go with it, and a target still in
    /// use (changes in its `-journal` or `-wal`) is refused.
    pub fn database(target: &Path, replace: bool) -> Result<WholeFile, FileError> {
        WholeFile::start(target, replace, true)
    }

    fn start(target: &Path, replace: bool, database: bool) -> Result<WholeFile, FileError> {
        check_target(target, replace)?;
        if database {
            settle_companions(target, false)?;
        }
        remove_stale(target);
        let name = target
            .file_name()
            .ok_or_else(|| FileError::new(target, FileProblem::Folder))?;
        let temp = folder_of(target).join(temp_name(name, &next_key()));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&temp).map_err(|e| FileError::io(target, e))?;
        let whole = WholeFile {
            target: target.to_path_buf(),
            temp,
            file: Some(BufWriter::with_capacity(64 * 1024, file)),
            replace,
            database,
            committed: false,
        };
        // the umask may have taken bits away; nothing may add any
        super::files::set_mode(&whole.temp, 0o600).map_err(|e| whole.error(e))?;
        Ok(whole)
    }

    /// The temporary file, for a writer of its own (SQLite).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// The file this will become.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// An I/O failure while writing, said about the target.
    pub fn error(&self, e: io::Error) -> FileError {
        FileError::io(&self.target, e)
    }

    /// Makes the written file the target: flushed and fsynced, checked
    /// once more, renamed over it (or linked, when nothing may be
    /// replaced: a target that appeared meanwhile stays), and the folder
    /// fsynced. On failure the target is as it was.
    pub fn commit(mut self) -> Result<(), FileError> {
        let mut writer = self.file.take().expect("committed once");
        writer.flush().map_err(|e| self.error(e))?;
        let file = writer
            .into_inner()
            .map_err(|e| FileError::io(&self.target, e.into_error()))?;
        file.sync_all().map_err(|e| self.error(e))?;
        drop(file);
        if self.database {
            // SQLite closed it: anything still in its log is not in the file
            for suffix in COMPANIONS {
                let beside = with_suffix(&self.temp, suffix);
                if fs::metadata(&beside).is_ok_and(|m| m.len() > 0 && suffix != "-shm") {
                    return Err(self.error(io::Error::other(format!(
                        "SQLite left its {suffix} file beside the new file"
                    ))));
                }
                let _ = fs::remove_file(beside);
            }
        }
        check_target(&self.target, self.replace)?;
        if self.database {
            settle_companions(&self.target, true)?;
        }
        if self.replace {
            fs::rename(&self.temp, &self.target).map_err(|e| self.error(e))?;
        } else {
            match fs::hard_link(&self.temp, &self.target) {
                Ok(()) => {
                    let _ = fs::remove_file(&self.temp);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    return Err(FileError::new(&self.target, FileProblem::Exists));
                }
                // a file system without hard links: the check above must do
                Err(_) => fs::rename(&self.temp, &self.target).map_err(|e| self.error(e))?,
            }
        }
        self.committed = true;
        sync_folder(folder_of(&self.target)).map_err(|e| self.error(e))?;
        Ok(())
    }
}

impl Write for WholeFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("already committed")),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.write_all(buf),
            None => Err(io::Error::other("already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for WholeFile {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        // the buffer goes unwritten: this file is being thrown away
        if let Some(writer) = self.file.take() {
            let (file, _) = writer.into_parts();
            drop(file);
        }
        let _ = fs::remove_file(&self.temp);
        if self.database {
            for suffix in COMPANIONS {
                let _ = fs::remove_file(with_suffix(&self.temp, suffix));
            }
        }
    }
}

/// Writes `bytes` as the whole of `target`.
pub fn write(target: &Path, replace: bool, bytes: &[u8]) -> Result<(), FileError> {
    let mut file = WholeFile::create(target, replace)?;
    file.write_all(bytes).map_err(|e| file.error(e))?;
    file.commit()
}

/// SQLite's files beside a database target: a `-journal` or `-wal` with
/// changes in it means the old file is in use or was left mid-write — it
/// must not meet a new file, so the target is refused; empty ones (and
/// any beside a target that does not exist) are removed, right before
/// the rename when `now`.
fn settle_companions(target: &Path, now: bool) -> Result<(), FileError> {
    let exists = fs::symlink_metadata(target).is_ok();
    for suffix in COMPANIONS {
        let companion = with_suffix(target, suffix);
        let Ok(meta) = fs::symlink_metadata(&companion) else {
            continue;
        };
        let holds_changes = meta.len() > 0 && suffix != "-shm";
        if exists && holds_changes {
            return Err(FileError::new(target, FileProblem::InUse));
        }
        if now || !exists {
            match fs::remove_file(&companion) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(FileError::io(target, e)),
            }
        }
    }
    Ok(())
}

/// Makes a rename in `folder` durable.
fn sync_folder(folder: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        match File::open(folder).and_then(|d| d.sync_all()) {
            // some file systems cannot sync a folder; the rename stands
            Err(e) if e.kind() == io::ErrorKind::InvalidInput => Ok(()),
            other => other,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        Ok(())
    }
}

/// `.NAME.KEY.kam-tmp`: hidden, and never the name of a target.
fn temp_name(name: &OsStr, key: &str) -> OsString {
    let mut temp = OsString::from(".");
    temp.push(name);
    temp.push(".");
    temp.push(key);
    temp.push(TEMP_END);
    temp
}

/// A key unique to this write: the process, its start, a counter.
fn next_key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("{}-{}", process_key(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Removes the temporary files (and their SQLite companions) that writes
/// to `target` by processes no longer running left behind.
fn remove_stale(target: &Path) {
    let Some(name) = target.file_name() else {
        return;
    };
    let prefix = temp_name(name, "");
    let prefix = prefix.as_encoded_bytes();
    let prefix = &prefix[..prefix.len() - TEMP_END.len()];
    let Ok(entries) = fs::read_dir(folder_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.as_encoded_bytes().strip_prefix(prefix) else {
            continue;
        };
        let Ok(rest) = std::str::from_utf8(rest) else {
            continue;
        };
        let Some((key, tail)) = rest.split_once(TEMP_END) else {
            continue;
        };
        if !(tail.is_empty() || COMPANIONS.contains(&tail)) {
            continue;
        }
        let owner = key.rsplit_once('-').map_or(key, |(owner, _)| owner);
        if !process_alive(owner) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// This process as `PID-START`: its id and when it started, so that a
/// later process with the same id is not taken for it.
pub fn process_key() -> String {
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        let pid = std::process::id();
        let start = start_ticks(pid).unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64)
        });
        format!("{pid}-{start}")
    })
    .clone()
}

/// Whether the process a `PID-START` key names is still running. Where
/// that cannot be known (no `/proc`), only this process counts as alive.
pub fn process_alive(key: &str) -> bool {
    if key == process_key() {
        return true;
    }
    let Some((pid, start)) = key.split_once('-') else {
        return false;
    };
    let (Ok(pid), Ok(start)) = (pid.parse::<u32>(), start.parse::<u64>()) else {
        return false;
    };
    start_ticks(pid) == Some(start)
}

/// When process `pid` started, in clock ticks since boot (Linux's
/// `/proc/PID/stat`, field 22); `None` when it is not running.
fn start_ticks(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // the command name (field 2) is in parentheses and may hold spaces
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_file_appears_whole_and_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        let mut f = WholeFile::create(&target, false).unwrap();
        f.write_all(b"{}").unwrap();
        assert!(!target.exists());
        assert_eq!(names(dir.path()).len(), 1, "only the temporary file");
        f.commit().unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"{}");
        assert_eq!(names(dir.path()), ["out.json"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn an_existing_target_is_replaced_only_when_asked_and_only_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::write(&target, b"old").unwrap();
        assert!(matches!(
            WholeFile::create(&target, false).map(|_| ()),
            Err(FileError {
                problem: FileProblem::Exists,
                ..
            })
        ));
        let mut f = WholeFile::create(&target, true).unwrap();
        f.write_all(b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"old");
        drop(f);
        assert_eq!(fs::read(&target).unwrap(), b"old", "dropped: old stays");
        assert_eq!(names(dir.path()), ["out.txt"], "and nothing else");
        write(&target, true, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        // a target that appears while writing is not replaced
        let late = dir.path().join("late.txt");
        let mut f = WholeFile::create(&late, false).unwrap();
        f.write_all(b"mine").unwrap();
        fs::write(&late, b"theirs").unwrap();
        assert!(f.commit().is_err());
        assert_eq!(fs::read(&late).unwrap(), b"theirs");
        assert_eq!(names(dir.path()), ["late.txt", "out.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_folders_and_pipes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::write(&real, b"keep").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let problem = |p: &Path| check_target(p, true).unwrap_err().problem;
        assert!(matches!(problem(&link), FileProblem::Symlink));
        assert!(matches!(problem(dir.path()), FileProblem::Folder));
        assert!(matches!(
            problem(Path::new("/dev/null")),
            FileProblem::Special
        ));
        assert!(matches!(
            problem(&dir.path().join("no/such/file")),
            FileProblem::NoFolder
        ));
        assert_eq!(fs::read(&real).unwrap(), b"keep");
    }

    #[test]
    fn stale_temporary_files_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("b.db");
        // a process that cannot be running: pid 0 never is
        let stale = dir.path().join(temp_name(OsStr::new("b.db"), "0-1-0"));
        fs::write(&stale, b"half").unwrap();
        fs::write(with_suffix(&stale, "-journal"), b"j").unwrap();
        // one of this process, still writing
        let live = WholeFile::create(&target, false).unwrap();
        let other = WholeFile::create(&target, false).unwrap();
        let left = names(dir.path());
        assert_eq!(left.len(), 2, "{left:?}");
        assert!(left.iter().all(|n| n.ends_with(TEMP_END)), "{left:?}");
        drop((live, other));
        assert!(names(dir.path()).is_empty());
        assert!(process_alive(&process_key()));
        assert!(!process_alive("0-1"));
    }

    #[test]
    fn a_database_target_in_use_is_refused_and_empty_companions_go() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("b.db");
        fs::write(&target, b"old").unwrap();
        fs::write(with_suffix(&target, "-journal"), b"changes").unwrap();
        assert!(matches!(
            WholeFile::database(&target, true).map(|_| ()),
            Err(FileError {
                problem: FileProblem::InUse,
                ..
            })
        ));
        fs::write(with_suffix(&target, "-journal"), b"").unwrap();
        fs::write(with_suffix(&target, "-shm"), b"index").unwrap();
        let f = WholeFile::database(&target, true).unwrap();
        f.commit().unwrap();
        assert_eq!(names(dir.path()), ["b.db"]);
        // a journal left beside a target that is not there is nobody's
        let fresh = dir.path().join("c.db");
        fs::write(with_suffix(&fresh, "-journal"), b"orphan").unwrap();
        WholeFile::database(&fresh, false)
            .unwrap()
            .commit()
            .unwrap();
        assert_eq!(names(dir.path()), ["b.db", "c.db"]);
    }
}
