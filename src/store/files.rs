//! The database file before SQLite opens it: is it ours, which schema
//! version is it, and is it private (0600, folders 0700, whatever the umask).

use super::{Result, StoreError};
use std::fs;
use std::io::Read;
use std::path::Path;

/// The first 16 bytes of every SQLite 3 database.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Offset of `PRAGMA user_version` in the 100-byte header (big-endian u32).
const USER_VERSION_OFFSET: usize = 60;

pub(super) enum Found {
    Missing,
    /// An existing SQLite database (or an empty file, which SQLite treats as
    /// a new database) with the schema version its header records.
    Database {
        user_version: u32,
    },
}

fn io_error<'a>(
    path: &'a Path,
    what: &'static str,
) -> impl FnOnce(std::io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        what,
        source,
    }
}

/// Reads the header without opening the file for writing.
pub(super) fn inspect(path: &Path) -> Result<Found> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(io_error(path, "cannot read the database file")(e)),
    };
    if meta.is_dir() {
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            what: "is a folder, not a database file",
            source: std::io::Error::from(std::io::ErrorKind::InvalidInput),
        });
    }
    let mut header = Vec::with_capacity(100);
    fs::File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut header))
        .map_err(io_error(path, "cannot read the database file"))?;
    if header.is_empty() {
        return Ok(Found::Database { user_version: 0 });
    }
    if header.len() < 100 || &header[..16] != MAGIC {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    let v = &header[USER_VERSION_OFFSET..USER_VERSION_OFFSET + 4];
    Ok(Found::Database {
        user_version: u32::from_be_bytes([v[0], v[1], v[2], v[3]]),
    })
}

/// Creates the missing folders (0700) and an empty file (0600) for a new
/// database; SQLite then treats the empty file as a new database.
pub fn create_private(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dirs_private(parent)?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map_err(io_error(path, "cannot create the database file"))?;
    set_mode(path, 0o600).map_err(io_error(path, "cannot make the database private"))?;
    Ok(())
}

/// Creates each missing folder of `dir`, making those it creates 0700.
pub fn create_dirs_private(dir: &Path) -> Result<()> {
    let mut missing = Vec::new();
    let mut cur = Some(dir);
    while let Some(d) = cur {
        if d.as_os_str().is_empty() || d.exists() {
            break;
        }
        missing.push(d);
        cur = d.parent();
    }
    for d in missing.into_iter().rev() {
        fs::create_dir(d).map_err(io_error(d, "cannot create the folder"))?;
        set_mode(d, 0o700).map_err(io_error(d, "cannot make the folder private"))?;
    }
    Ok(())
}

/// Makes an existing database owner-only; says so when it had to.
pub(super) fn tighten_permissions(path: &Path) -> Result<Option<String>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)
            .map_err(io_error(path, "cannot read the database file"))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            if let Err(e) = set_mode(path, 0o600) {
                // not ours to change (another user's file, opened read-only)
                if e.kind() == std::io::ErrorKind::PermissionDenied {
                    return Ok(Some(format!(
                        "{}: other users can read this database, and kam may not change that",
                        path.display()
                    )));
                }
                return Err(io_error(path, "cannot make the database private")(e));
            }
            return Ok(Some(format!(
                "{}: other users could read this database; it is now readable by you only",
                path.display()
            )));
        }
    }
    let _ = path;
    Ok(None)
}

/// Whether kam may write the database: the file and its folder (where
/// SQLite keeps its log) both writable by this user.
pub(super) fn writable(path: &Path) -> bool {
    let file_ok = fs::OpenOptions::new().append(true).open(path).is_ok();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut probe = dir.join(".kam-write-probe");
    probe.set_extension(std::process::id().to_string());
    let dir_ok = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .map(|_| {
            let _ = fs::remove_file(&probe);
        })
        .is_ok();
    file_ok && dir_ok
}

/// SQLite gives `-wal` and `-shm` the database's mode; make sure of it.
pub(super) fn tighten_companions(path: &Path) {
    for suffix in ["-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = Path::new(&p);
        if p.exists() {
            // best effort: a failure here leaves SQLite's own choice, 0600
            let _ = set_mode(p, 0o600);
        }
    }
}

/// Sets a Unix mode, ignoring the umask; nothing to do elsewhere.
pub fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}
