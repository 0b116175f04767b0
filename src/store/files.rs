//! The database file before SQLite opens it: is it a file, is it ours,
//! which schema version is it, did an unfinished write leave it, and is it
//! private (0600, folders 0700, whatever the umask).

use super::{Result, StoreError};
use rusqlite::{Connection, ErrorCode, OpenFlags, ffi};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The first 16 bytes of every SQLite 3 database.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The tables every kam database has had since schema version 1: a file
/// with all of them is kam's.
pub(crate) const KAM_TABLES: [&str; 7] = [
    "accounts",
    "contacts",
    "complaints",
    "visits",
    "visit_contacts",
    "surveys",
    "settings",
];

/// The tables later schema versions added (the version, the table): a
/// file of that version without one is incomplete.
const LATER_TABLES: [(u32, &str); 6] = [
    (8, "changes"),
    (8, "change_accounts"),
    (8, "local"),
    (9, "sync_devices"),
    (9, "sync_conflicts"),
    (13, "commitments"),
];

/// What a path turned out to be, decided before anything is written to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    Missing,
    /// Nothing in it yet: zero bytes, or a SQLite database without a
    /// single table or schema version (a kam setting up the same new file
    /// a moment ago leaves that).
    Empty {
        /// Not a byte in it (otherwise: a SQLite header and nothing else).
        zero_bytes: bool,
        /// The owner may write it (`u+w`).
        owner_writable: bool,
        /// A non-empty `-journal` lies beside it (an interrupted copy).
        journal: bool,
    },
    /// A kam database: every table of `KAM_TABLES` (or a schema version
    /// newer than this kam's).
    Kam {
        user_version: u32,
        owner_writable: bool,
        /// Its log (`-wal`) holds pages: read it through SQLite's log
        /// index, not as a frozen file.
        live_log: bool,
    },
}

/// What a path is when it is not a file (`StoreError::NotAFile`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Folder,
    Device,
    Fifo,
    Socket,
    Other,
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

/// `path` with `suffix` after its name (`-wal`, `-journal`).
pub(crate) fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Whether a companion file exists with something in it.
pub(crate) fn has_content(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

/// What a file is before SQLite reads it: its type, size, header and
/// the companions beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Look {
    Missing,
    /// Not a byte in it.
    Zero {
        owner_writable: bool,
        /// A non-empty `-journal` lies beside it.
        journal: bool,
    },
    /// A SQLite header.
    Sqlite {
        owner_writable: bool,
        /// Its header says it keeps a write-ahead log.
        wal_mode: bool,
        /// That log (`-wal`) holds pages: read it through SQLite's index.
        live_log: bool,
        /// A non-empty rollback journal lies beside it: SQLite must see it.
        journal: bool,
    },
}

impl Look {
    /// Whether a read-write connection may read it without writing: no
    /// log to replay into the file on closing, no journal to roll back.
    pub(crate) fn quiet(&self) -> bool {
        match *self {
            Look::Sqlite {
                live_log, journal, ..
            } => !live_log && !journal,
            _ => true,
        }
    }
}

/// The file's type, header and companions, read without opening it for
/// writing (and without opening a FIFO or a device at all). Folders,
/// devices, FIFOs and sockets, files that are not SQLite and a log beside
/// a file that keeps none are errors.
pub(crate) fn look(path: &Path) -> Result<Look> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Look::Missing),
        Err(e) => return Err(io_error(path, "cannot read the database file")(e)),
    };
    if !meta.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            kind: kind_of(&meta),
        });
    }
    let owner_writable = owner_writable(&meta);
    let journal = has_content(&companion(path, "-journal"));
    if meta.len() == 0 {
        return Ok(Look::Zero {
            owner_writable,
            journal,
        });
    }
    let mut header = Vec::with_capacity(100);
    fs::File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut header))
        .map_err(io_error(path, "cannot read the database file"))?;
    if header.len() < 100 || &header[..16] != MAGIC {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    // bytes 18 and 19: 1 a rollback journal, 2 a write-ahead log
    let wal_mode = header[18] == 2;
    let wal = companion(path, "-wal");
    if !wal_mode && has_content(&wal) {
        return Err(StoreError::Interrupted {
            path: path.to_path_buf(),
            journal: wal,
        });
    }
    Ok(Look::Sqlite {
        owner_writable,
        wal_mode,
        live_log: wal_mode && has_content(&wal),
        journal: !wal_mode && journal,
    })
}

/// Decides what `path` is without writing a byte to it (or beside it):
/// `look`, then the tables of its schema read through a read-only
/// connection. SQLite files of another program, kam files with tables
/// missing and files an unfinished write or copy left behind are errors,
/// each naming what was found.
pub(crate) fn inspect(path: &Path) -> Result<Found> {
    match look(path)? {
        Look::Missing => Ok(Found::Missing),
        Look::Zero {
            owner_writable,
            journal,
        } => Ok(Found::Empty {
            zero_bytes: true,
            owner_writable,
            journal,
        }),
        look @ Look::Sqlite {
            live_log, journal, ..
        } => {
            // a rollback journal is read by SQLite, which refuses a
            // read-only connection a journal that must be rolled back (an
            // unfinished write or copy: nobody holds the file); a log
            // holding pages is read through its index; anything else is
            // read as a file nobody changes
            let conn = open_read_only(path, live_log || journal).map_err(|e| opening(path, e))?;
            classify(path, &conn, look)
        }
    }
}

/// What the schema read through `conn` says the SQLite file at `path` is.
pub(crate) fn classify(path: &Path, conn: &Connection, look: Look) -> Result<Found> {
    let Look::Sqlite {
        owner_writable,
        live_log,
        ..
    } = look
    else {
        return Ok(Found::Empty {
            zero_bytes: true,
            owner_writable: !matches!(
                look,
                Look::Zero {
                    owner_writable: false,
                    ..
                }
            ),
            journal: false,
        });
    };
    let (user_version, tables) = schema(conn).map_err(|e| opening(path, e))?;
    if tables.is_empty() && user_version == 0 {
        return Ok(Found::Empty {
            zero_bytes: false,
            owner_writable,
            journal: false,
        });
    }
    let missing: Vec<String> = KAM_TABLES
        .iter()
        .chain(
            LATER_TABLES
                .iter()
                .filter(|(v, _)| user_version >= *v)
                .map(|(_, t)| t),
        )
        .filter(|t| !tables.iter().any(|have| have == *t))
        .map(|t| t.to_string())
        .collect();
    // a schema version above this kam's is a newer kam's, whatever its
    // tables: refused as such (`TooNew`), untouched
    if missing.is_empty() || user_version > super::SCHEMA_VERSION {
        return Ok(Found::Kam {
            user_version,
            owner_writable,
            live_log,
        });
    }
    if missing.len() < KAM_TABLES.len() && user_version > 0 {
        return Err(StoreError::Incomplete {
            path: path.to_path_buf(),
            missing,
        });
    }
    Err(StoreError::Foreign {
        path: path.to_path_buf(),
        tables,
        user_version,
    })
}

/// A failure to open or read `path` as a database, said as what it means.
pub(crate) fn opening(path: &Path, e: rusqlite::Error) -> StoreError {
    if e.sqlite_extended_error_code() == Some(ffi::SQLITE_READONLY_ROLLBACK) {
        return StoreError::Interrupted {
            path: path.to_path_buf(),
            journal: companion(path, "-journal"),
        };
    }
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_path_buf(),
        },
        _ => StoreError::from(e),
    }
}

/// The schema version and the tables (in the order they were made).
fn schema(conn: &Connection) -> rusqlite::Result<(u32, Vec<String>)> {
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
              ORDER BY rowid",
        )?
        .query_map([], |r| super::rows::text(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((version, tables))
}

/// A connection that cannot write to `path`. `through_sqlite`: SQLite's
/// read-only mode, which reads a log through its index and sees an
/// unfinished journal; otherwise (and when that cannot open here) the file
/// is read as one nobody changes while kam reads it (`immutable`), which
/// needs nothing beside it.
pub(crate) fn open_read_only(path: &Path, through_sqlite: bool) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Some(file) = super::uri_path(path) else {
        return Err(rusqlite::Error::InvalidPath(path.to_path_buf()));
    };
    if through_sqlite {
        let conn = Connection::open_with_flags(format!("file:{file}?mode=ro"), flags)?;
        conn.busy_timeout(super::BUSY_TIMEOUT)?;
        match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        }) {
            Ok(_) => return Ok(conn),
            // the journal is the finding; a log whose index cannot be
            // made here is read as a file instead
            Err(e) if e.sqlite_extended_error_code() == Some(ffi::SQLITE_READONLY_ROLLBACK) => {
                return Err(e);
            }
            Err(e)
                if !matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::SystemIoFailure)
                ) =>
            {
                return Err(e);
            }
            Err(_) => {}
        }
    }
    let conn = Connection::open_with_flags(format!("file:{file}?mode=ro&immutable=1"), flags)?;
    Ok(conn)
}

/// `e`, or — when it is a failure to write or to make a file and the
/// database's folder has no room left — `StoreError::DiskFullAt`: SQLite
/// says "disk I/O error" when it cannot make its `-shm` file on a full
/// disk, which tells nobody what to do.
pub(super) fn full_disk(path: &Path, e: StoreError) -> StoreError {
    let maybe = match &e {
        StoreError::DiskFull => true,
        StoreError::Io { source, .. } => is_full(source),
        StoreError::Sqlite(inner) => matches!(
            inner.sqlite_error_code(),
            Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen)
        ),
        _ => false,
    };
    if maybe && no_room(path) {
        StoreError::DiskFullAt {
            path: path.to_path_buf(),
        }
    } else {
        e
    }
}

fn is_full(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

/// Whether the folder of `path` cannot take 64 KiB more (more than the
/// `-shm` file SQLite makes): writes and syncs a probe file, then removes
/// it.
fn no_room(path: &Path) -> bool {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let probe = dir.join(format!(".kam-space-probe.{}", std::process::id()));
    let result = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|mut f| {
            f.write_all(&[0u8; 64 * 1024])?;
            f.sync_all()
        });
    let _ = fs::remove_file(&probe);
    result.is_err_and(|e| is_full(&e))
}

/// What a path that is not a regular file is.
fn kind_of(meta: &fs::Metadata) -> Kind {
    let t = meta.file_type();
    if t.is_dir() {
        return Kind::Folder;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_block_device() || t.is_char_device() {
            return Kind::Device;
        }
        if t.is_fifo() {
            return Kind::Fifo;
        }
        if t.is_socket() {
            return Kind::Socket;
        }
    }
    Kind::Other
}

/// Whether the file's owner may write it: a file its owner made read-only
/// (`chmod 444`) is opened read-only and keeps its mode, even for root.
fn owner_writable(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o200 != 0
    }
    #[cfg(not(unix))]
    {
        !meta.permissions().readonly()
    }
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

/// What opening a database has to tell, worded where it is shown
/// (`strings_cli::notice`; `Display` is the English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Other users could read the file; it is readable by its owner only now.
    MadePrivate(std::path::PathBuf),
    /// Other users can read the file, and kam may not change that.
    OthersCanRead(std::path::PathBuf),
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::MadePrivate(path) => write!(
                f,
                "{}: other users could read this database; it is now readable by you only",
                path.display()
            ),
            Notice::OthersCanRead(path) => write!(
                f,
                "{}: other users can read this database, and kam may not change that",
                path.display()
            ),
        }
    }
}

/// Makes an existing database owner-only; says so when it had to. Only for
/// kam's own files (a kam database, or an empty file kam is about to make
/// one) whose owner may write them.
pub(super) fn tighten_permissions(path: &Path) -> Result<Option<Notice>> {
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
                    return Ok(Some(Notice::OthersCanRead(path.to_path_buf())));
                }
                return Err(io_error(path, "cannot make the database private")(e));
            }
            return Ok(Some(Notice::MadePrivate(path.to_path_buf())));
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
    // a name of its own: two opens at once (two threads of one process)
    // must not take each other's probe for a folder they cannot write
    let probe = dir.join(format!(
        ".kam-write-probe-{}",
        uuid::Uuid::new_v4().simple()
    ));
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
