//! `kam`: parse the command line, open the store, dispatch. Every failure
//! becomes one line on stderr and a non-zero exit code.

use chrono::NaiveDate;
use kam::cli::{Cli, Command, Export};
use kam::domain::Clock;
use kam::domain::dates::{Prefer, parse_date};
use kam::portfolio::Portfolio;
use kam::store::{Store, StoreError};
use kam::strings::{Lang, cli as t, set_lang};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One line to stdout, with anything a terminal would obey (from a file
/// name, a cell of a spreadsheet, a customer's name) made visible instead.
macro_rules! say {
    ($($arg:tt)*) => {
        println!("{}", kam::domain::text::sanitize(&format!($($arg)*)))
    };
}

/// One line to stderr, made safe like `say!`.
macro_rules! say_err {
    ($($arg:tt)*) => {
        eprintln!("{}", kam::domain::text::sanitize(&format!($($arg)*)))
    };
}

/// A failure to report: one line, and the exit code.
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 1,
        }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::new(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Failure {
        Failure::new(message)
    }
}

/// Store errors are said in the interface language.
impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure::new(kam::strings::store_error(&e))
    }
}

/// What the portfolio could not do, said in the interface language.
impl From<kam::portfolio::Error> for Failure {
    fn from(e: kam::portfolio::Error) -> Failure {
        Failure::new(e.said())
    }
}

impl From<kam::demo::DemoError> for Failure {
    fn from(e: kam::demo::DemoError) -> Failure {
        match e {
            kam::demo::DemoError::Store(e) => Failure::from(e),
            other => Failure::new(other.to_string()),
        }
    }
}

impl From<kam::interop::export::ExportError> for Failure {
    fn from(e: kam::interop::export::ExportError) -> Failure {
        match e {
            kam::interop::export::ExportError::Store(e) => Failure::from(e),
            other => Failure::new(other.to_string()),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::new(e.to_string())
    }
}

fn usage(message: impl Into<String>) -> Failure {
    Failure {
        message: message.into(),
        code: 2,
    }
}

fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // clap's first line says what is wrong; keep it to one line
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            say_err!("kam: {first} ({})", t().see_help);
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            say_err!("kam: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// The command line, its help in Chinese when that is the language asked
/// for (by `--lang`, `KAM_LANG` or the locale: the database's setting is not
/// read before the arguments are).
fn parse() -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        let a = a.to_str()?;
        match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).and_then(|v| v.to_str()).map(str::to_string),
            Some(v) => v.strip_prefix('=').map(str::to_string),
            None => None,
        }
    });
    let lang = flag
        .or_else(|| std::env::var("KAM_LANG").ok())
        .filter(|l| !l.trim().is_empty())
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_else(|| Lang::from_locale(|k| std::env::var(k).ok()));
    // for the one line of a wrong command line; `run` decides again
    set_lang(lang);
    let mut cmd = Cli::command();
    if lang == Lang::Zh {
        cmd = kam::cli::in_chinese(cmd);
    }
    Cli::from_arg_matches(&cmd.try_get_matches_from(args)?)
}

/// What every command runs with: the database named, the clock, and
/// whether the language was asked for.
struct Session {
    db: Option<PathBuf>,
    /// `--today`, when given (the dashboard reads the clock at each key
    /// otherwise).
    fixed: Option<Clock>,
    clock: Clock,
    explicit_lang: bool,
}

impl Session {
    /// The database's own language (`ui.language`), unless one was asked
    /// for.
    fn speak(&self, portfolio: Portfolio) -> Portfolio {
        if !self.explicit_lang
            && let Some(lang) = portfolio.language_setting()
        {
            set_lang(lang);
        }
        portfolio
    }

    /// A database that must already exist (commands that only read or
    /// export never create one).
    fn existing(&self) -> Result<Portfolio, Failure> {
        let path = database_path(self.db.clone())?;
        if !path.exists() {
            return Err(Failure::new((t().no_database)(&path.display().to_string())));
        }
        Ok(Portfolio::new(Store::open(&path)?))
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    // the language was chosen while parsing (flag, KAM_LANG, locale); a
    // wrong --lang is said here, and without one the database's setting
    // may still choose (an empty KAM_LANG counts as unset)
    let explicit_lang = match cli.lang.as_deref().filter(|l| !l.trim().is_empty()) {
        None => false,
        Some(l) => {
            Lang::parse(l).ok_or_else(|| usage(format!("--lang '{l}': choose zh or en")))?;
            true
        }
    };
    let fixed = match cli.today.as_deref() {
        None => None,
        Some(s) => Some(Clock::fixed(parse_today(s)?)),
    };
    let session = Session {
        db: cli.db,
        fixed,
        clock: fixed.unwrap_or_else(Clock::system),
        explicit_lang,
    };
    match cli.command {
        None => dashboard(&session, cli.demo),
        Some(Command::Demo {
            out,
            accounts,
            force,
        }) => demo(&session, &out, accounts, force),
        Some(Command::Import {
            kind,
            file,
            dry_run,
        }) => import(&session, &kind, &file, dry_run),
        Some(Command::Export { what }) => export(&session, what),
        Some(Command::Backup { file, force }) => backup(&session, &file, force),
        Some(Command::Check) => check(&session),
        Some(Command::Today { json, width }) => {
            let portfolio = session.speak(session.existing()?);
            let clock = session.clock;
            if json {
                let review = portfolio.today(&clock, usize::MAX)?.to_json(&clock);
                println!("{}", kam::interop::json::to_safe_string(&review, true));
            } else {
                print!("{}", kam::tui::today_text(portfolio, clock, width.max(40)));
            }
            Ok(())
        }
        Some(Command::Snapshot {
            screen,
            width,
            height,
        }) => {
            let portfolio = session.speak(session.existing()?);
            let text = kam::tui::snapshot(portfolio, session.clock, &screen, width, height)
                .map_err(usage)?;
            print!("{text}");
            Ok(())
        }
    }
}

/// `kam` and `kam --demo`: the dashboard, on the user's database or on a
/// fresh demo portfolio removed afterwards.
fn dashboard(session: &Session, demo: bool) -> Result<(), Failure> {
    if !kam::tui::has_terminal() {
        return Err(Failure::new(t().no_terminal));
    }
    let theme = kam::tui::theme::Theme::from_env();
    if !demo {
        let path = database_path(session.db.clone())?;
        let portfolio = session.speak(Portfolio::new(Store::open(&path)?));
        return Ok(kam::tui::run(portfolio, session.fixed, theme)?);
    }
    let path = demo_path()?;
    kam::demo::write(&path, 40, &session.clock, true)?;
    let portfolio = session.speak(Portfolio::new(Store::open(&path)?));
    let result = kam::tui::run(portfolio, session.fixed, theme);
    remove_database(&path);
    Ok(result?)
}

/// `kam demo --out FILE [--accounts N] [--force]`.
fn demo(session: &Session, out: &Path, accounts: u32, force: bool) -> Result<(), Failure> {
    if accounts == 0 || accounts > 100_000 {
        return Err(usage(t().accounts_range));
    }
    let counts = kam::demo::write(out, accounts, &session.clock, force)?;
    let counts = [
        ("accounts", counts.accounts),
        ("contacts", counts.contacts),
        ("complaints", counts.complaints),
        ("visits", counts.visits),
        ("surveys", counts.surveys),
    ]
    .map(|(table, n)| (table.to_string(), i64::try_from(n).unwrap_or(i64::MAX)));
    say!("{}: {}", out.display(), (t().counts)(&counts));
    Ok(())
}

/// `kam export csv|json|vcard|ics …`.
fn export(session: &Session, what: Export) -> Result<(), Failure> {
    let clock = session.clock;
    match what {
        Export::Csv { dir } => {
            for (path, rows) in session.existing()?.export_csv(&dir)? {
                say!("{}", (t().rows_written)(&path.display().to_string(), rows));
            }
        }
        Export::Json { file } => {
            let rows = session.existing()?.export_json(&file, &clock)?;
            say!("{}", (t().rows_written)(&file.display().to_string(), rows));
        }
        Export::Vcard { file, account } => {
            let portfolio = session.existing()?;
            let account = match account {
                None => None,
                Some(key) => Some(
                    portfolio
                        .find_account(&key)?
                        .ok_or_else(|| usage((t().no_account_key)(&key)))?
                        .id,
                ),
            };
            let n = portfolio.export_vcard(&file, account)?;
            say!("{}", (t().contacts_written)(&file.display().to_string(), n));
        }
        Export::Ics { file, from, to } => {
            let date = |flag: &str, value: Option<String>| -> Result<_, Failure> {
                value
                    .map(|v| {
                        parse_date(&v, clock.today(), Prefer::Future)
                            .map_err(|e| usage(format!("{flag}: {}", kam::strings::date_error(&e))))
                    })
                    .transpose()
            };
            let (from, to) = (date("--from", from)?, date("--to", to)?);
            if let (Some(start), Some(end)) = (from, to)
                && end < start
            {
                return Err(usage((t().to_before_from)(
                    &end.to_string(),
                    &start.to_string(),
                )));
            }
            let n = session.existing()?.export_ics(&file, from, to, &clock)?;
            say!("{}", (t().visits_written)(&file.display().to_string(), n));
        }
    }
    Ok(())
}

/// `kam backup FILE [--force]`.
fn backup(session: &Session, file: &Path, force: bool) -> Result<(), Failure> {
    let portfolio = session.existing()?;
    if file.exists() {
        if !force {
            return Err(Failure::new((t().exists_use_force)(
                &file.display().to_string(),
            )));
        }
        std::fs::remove_file(file).map_err(|e| {
            Failure::new((t().cannot_replace)(
                &file.display().to_string(),
                &e.to_string(),
            ))
        })?;
    }
    portfolio.backup(file)?;
    say!("{}", (t().backup_written)(&file.display().to_string()));
    Ok(())
}

/// `kam check`: whether the file is a complete kam database, then its
/// integrity, references, unreadable text and the size of each table.
/// Exit 0 healthy, 1 damaged, 3 not a complete kam database; the file is
/// never written.
fn check(session: &Session) -> Result<(), Failure> {
    let path = database_path(session.db.clone())?;
    if !path.exists() {
        return Err(Failure::new((t().no_database)(&path.display().to_string())));
    }
    let found = match kam::portfolio::files::check_file(&path) {
        Ok(found) => found,
        Err(kam::portfolio::Error::Store(
            e @ (StoreError::Empty { .. }
            | StoreError::Foreign { .. }
            | StoreError::Incomplete { .. }
            | StoreError::Interrupted { .. }),
        )) => {
            return Err(Failure {
                message: kam::strings::store_error(&e),
                code: NOT_KAMS,
            });
        }
        Err(e) => return Err(e.into()),
    };
    let report = &found.report;
    for line in report.integrity.iter().chain(&report.foreign_keys) {
        say!("{}", (t().problem)(line));
    }
    for bad in &found.unreadable {
        say!(
            "{}",
            (t().unreadable_text)(&bad.table, &bad.row, &bad.column, bad.blob)
        );
    }
    let counts: Vec<(String, i64)> = report
        .counts
        .iter()
        .map(|(t, n)| (t.to_string(), *n))
        .collect();
    if found.healthy() {
        say!("{}", (t().healthy)(&(t().counts)(&counts)));
        Ok(())
    } else if report.healthy() {
        Err(Failure::new((t().unreadable_summary)(
            found.unreadable.len(),
        )))
    } else {
        Err(Failure::new((t().unhealthy)(
            report.integrity.len() + report.foreign_keys.len() + found.unreadable.len(),
        )))
    }
}

/// `kam check`'s exit code for a file that is not a complete kam database
/// (1 is a damaged one, 2 a wrong command line).
const NOT_KAMS: u8 = 3;

/// `kam import KIND FILE [--dry-run]`.
fn import(session: &Session, kind: &str, file: &Path, dry_run: bool) -> Result<(), Failure> {
    let clock = &session.clock;
    use kam::interop::import::{ImportError, Kind};
    let bytes = std::fs::read(file).map_err(|e| {
        Failure::new((t().cannot_read)(
            &file.display().to_string(),
            &e.to_string(),
        ))
    })?;
    let path = database_path(session.db.clone())?;
    if kind.trim().eq_ignore_ascii_case("json") {
        if dry_run {
            return Err(usage(t().dry_run_csv_only));
        }
        let mut portfolio = Portfolio::new(Store::open(&path)?);
        let counts = portfolio
            .import_json(&bytes)
            .map_err(|e| Failure::from(format!("{}: {e}", file.display())))?;
        let counts: Vec<(String, i64)> = counts
            .into_iter()
            .map(|(t, n)| (t, i64::try_from(n).unwrap_or(i64::MAX)))
            .collect();
        say!(
            "{}",
            (t().imported)(&file.display().to_string(), &(t().counts)(&counts))
        );
        return Ok(());
    }
    let kind: Kind = kind.parse().map_err(usage)?;
    let mut portfolio = Portfolio::new(Store::open(&path)?);
    let large = bytes.len() > 1_000_000;
    let result = portfolio.import_csv(kind, &bytes, clock, dry_run, |n| {
        if large {
            say_err!("{}", (t().rows_checked)(&file.display().to_string(), n));
        }
    });
    match result {
        Ok(o) => {
            say!(
                "{}",
                (t().import_done)(
                    &file.display().to_string(),
                    o.rows,
                    o.encoding,
                    o.added,
                    o.updated,
                    dry_run
                )
            );
            Ok(())
        }
        Err(ImportError::Problems(problems)) => {
            for p in &problems {
                say_err!("{}: {p}", file.display());
            }
            Err(Failure::new((t().import_failed)(
                &file.display().to_string(),
                problems.len(),
            )))
        }
        Err(e) => Err(Failure::from(format!("{}: {e}", file.display()))),
    }
}

/// `--today`: a calendar date, said clearly when it is not one.
fn parse_today(s: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| usage((t().bad_today)(s)))
}

/// `--db`, `KAM_DB`, or the platform data folder.
fn database_path(db: Option<PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(p) = db {
        if p.as_os_str().is_empty() {
            return Err(usage(t().empty_db_path));
        }
        return Ok(p);
    }
    let dirs =
        directories::ProjectDirs::from("", "", "kam").ok_or_else(|| Failure::new(t().no_home))?;
    Ok(dirs.data_dir().join("kam.sqlite3"))
}

/// A demo file of this process in the cache folder; stale ones from runs
/// that did not end cleanly are removed.
fn demo_path() -> Result<PathBuf, Failure> {
    let dir = directories::ProjectDirs::from("", "", "kam")
        .map(|d| d.cache_dir().to_path_buf())
        .unwrap_or_else(std::env::temp_dir);
    kam::portfolio::files::create_private_dir(&dir)?;
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let stale = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 24 * 3600);
            if name.starts_with("demo-") && stale {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(dir.join(format!("demo-{}.sqlite3", std::process::id())))
}

fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}
