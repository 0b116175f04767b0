//! `kam`: parse the command line, open the store, dispatch. Every failure
//! becomes one line on stderr and a non-zero exit code.

use chrono::NaiveDate;
use kam::cli::{Cli, Command};
use kam::domain::Clock;
use kam::domain::dates::{Prefer, parse_date};
use kam::interop::import::How;
use kam::portfolio::Portfolio;
use kam::portfolio::journal::{day_start_utc, local_time};
use kam::store::{Store, StoreError};
use kam::strings::{Lang, cli as t, set_lang};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One line to stdout, with anything a terminal would obey (from a file
/// name, a cell of a spreadsheet, a customer's name) made visible instead.
/// Through `kam::console`, like everything main prints: a closed or full
/// stdout never panics.
macro_rules! say {
    ($($arg:tt)*) => {
        kam::console::print(&format!("{}\n", kam::domain::text::sanitize(&format!($($arg)*))))
    };
}

/// One line to stderr, made safe like `say!`.
macro_rules! say_err {
    ($($arg:tt)*) => {
        kam::console::eprint(&format!("{}\n", kam::domain::text::sanitize(&format!($($arg)*))))
    };
}

// after the macros, which they use
mod conventions;
mod exchange;

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

    /// How a failed write to standard output ends the command: quietly
    /// for a reader that went away (see `kam::console`), one line for
    /// a full disk or anything else.
    fn stdout(e: std::io::Error) -> Failure {
        use kam::console::Ending;
        match kam::console::ending(e) {
            Ending::Written | Ending::Closed => Failure {
                message: String::new(),
                code: 0,
            },
            Ending::Full => Failure::new(t().stdout_full),
            Ending::Failed(e) => Failure::new((t().stdout_failed)(&e.to_string())),
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

/// A file kam could not write, said in the interface language.
impl From<kam::portfolio::files::whole_file::FileError> for Failure {
    fn from(e: kam::portfolio::files::whole_file::FileError) -> Failure {
        Failure::new(kam::strings::file_error(&e))
    }
}

impl From<kam::demo::DemoError> for Failure {
    fn from(e: kam::demo::DemoError) -> Failure {
        match e {
            kam::demo::DemoError::Store(e) => Failure::from(e),
            kam::demo::DemoError::File(e) => Failure::from(e),
        }
    }
}

impl From<kam::interop::export::ExportError> for Failure {
    fn from(e: kam::interop::export::ExportError) -> Failure {
        use kam::interop::export::ExportError;
        match e {
            ExportError::Store(e) => Failure::from(e),
            ExportError::Target(e) => Failure::from(e),
            ExportError::Stream(e) | ExportError::Write(e) => Failure::stdout(e),
            other => Failure::new(kam::strings_cli::export_error(&other)),
        }
    }
}

impl From<kam::portfolio::files::OwnerExportError> for Failure {
    fn from(e: kam::portfolio::files::OwnerExportError) -> Failure {
        use kam::portfolio::files::OwnerExportError;
        match e {
            OwnerExportError::Owner(e) => Failure::from(e),
            OwnerExportError::Export(e) => Failure::from(e),
        }
    }
}

impl From<kam::portfolio::files::BackupError> for Failure {
    fn from(e: kam::portfolio::files::BackupError) -> Failure {
        use kam::portfolio::files::BackupError;
        match e {
            BackupError::Store(e) => Failure::from(e),
            BackupError::File(e) => Failure::from(e),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::new(kam::strings_cli::io_reason(&e))
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
                use std::io::IsTerminal;
                let help = e.render();
                let help = if std::io::stdout().is_terminal() {
                    help.ansi().to_string()
                } else {
                    help.to_string()
                };
                kam::console::print(&kam::cli::full_width_headings(&help));
                return finish(Ok(()));
            }
            // what is wrong, in one line and the interface language
            say_err!("kam: {}", kam::strings_cli::wrong_command_line(&e));
            return ExitCode::from(2);
        }
    };
    finish(run(cli))
}

/// The exit: standard output flushed, and how it fared decides along with
/// the command's result. A reader that went away is no failure (exit 0,
/// nothing said, as `head` users expect); a full disk is one line, exit 1.
fn finish(result: Result<(), Failure>) -> ExitCode {
    use kam::console::Ending;
    let result = match (result, kam::console::finish()) {
        (Err(f), _) => Err(f),
        (Ok(()), Ending::Written | Ending::Closed) => Ok(()),
        (Ok(()), Ending::Full) => Err(Failure::new(t().stdout_full)),
        (Ok(()), Ending::Failed(e)) => Err(Failure::new((t().stdout_failed)(&e.to_string()))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) if f.message.is_empty() => ExitCode::from(f.code),
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
    // `kam export` alone: say which exports there are, in one line, rather
    // than the whole help
    let mut cmd = Cli::command().mut_subcommand("export", |c| c.arg_required_else_help(false));
    if lang == Lang::Zh {
        cmd = kam::cli::in_chinese(cmd);
    }
    let matches = cmd.clone().try_get_matches_from(&args)?;
    // the Chinese help's own `help` command: `kam help import` is
    // `kam import --help`, as clap's is
    if let Some(("help", sub)) = matches.subcommand() {
        let mut again = vec![args.first().cloned().unwrap_or_else(|| "kam".into())];
        again.extend(
            sub.get_raw("command")
                .into_iter()
                .flatten()
                .map(|a| a.to_owned()),
        );
        again.push("--help".into());
        return Err(match cmd.try_get_matches_from(again) {
            Err(e) => e,
            Ok(_) => clap::Error::new(clap::error::ErrorKind::DisplayHelp),
        });
    }
    Cli::from_arg_matches(&matches)
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
    /// for, and how it writes large amounts (`ui.wan`).
    fn speak(&self, portfolio: Portfolio) -> Portfolio {
        kam::strings::set_wan(portfolio.amounts_in_wan());
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
            Lang::parse(l).ok_or_else(|| usage(kam::strings_cli::bad_lang(l)))?;
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
            overwrite,
            force,
            account,
        }) => exchange::import(
            &session,
            &kind,
            &file,
            How { dry_run, overwrite },
            force,
            account.as_deref(),
        ),
        Some(Command::Export { what }) => exchange::export(&session, what),
        Some(Command::Backup { file, force }) => exchange::backup(&session, &file, force),
        Some(Command::Check) => check(&session),
        Some(Command::Undo { list }) => undo(&session, list),
        Some(Command::Sync { dir, name }) => sync(&session, &dir, name.as_deref()),
        Some(Command::Handover { from, to, accounts }) => handover(&session, &from, &to, &accounts),
        Some(Command::Log {
            account,
            since,
            json,
        }) => log(&session, account.as_deref(), since.as_deref(), json),
        Some(Command::Brief { account, json }) => brief(&session, &account, json),
        Some(Command::Settings { json, change }) => conventions::settings(&session, json, change),
        Some(Command::Completions { shell }) => conventions::completions(shell),
        Some(Command::Man) => conventions::man(),
        Some(Command::Today { json, width }) => {
            if width > MAX_SCREEN {
                return Err(usage((t().width_too_large)(width)));
            }
            let portfolio = session.speak(session.existing()?);
            let clock = session.clock;
            if json {
                let review = portfolio.today(&clock, usize::MAX)?.to_json(&clock);
                kam::console::print(&format!(
                    "{}\n",
                    kam::interop::json::to_safe_string(&review, true)
                ));
            } else {
                kam::console::print(&kam::tui::today_text(portfolio, clock, width.max(40)));
            }
            Ok(())
        }
        Some(Command::Snapshot {
            screen,
            width,
            height,
        }) => {
            if width > MAX_SCREEN || height > MAX_SCREEN {
                return Err(usage((t().screen_too_large)(width, height)));
            }
            let portfolio = session.speak(session.existing()?);
            let text = kam::tui::snapshot(portfolio, session.clock, &screen, width, height)
                .map_err(usage)?;
            kam::console::print(&text);
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
        return Ok(kam::tui::run(portfolio, session.fixed, theme, false)?);
    }
    let path = demo_path()?;
    kam::demo::write(&path, 40, &session.clock, true)?;
    let portfolio = session.speak(Portfolio::new(Store::open(&path)?));
    let result = kam::tui::run(portfolio, session.fixed, theme, true);
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
    say!(
        "{}",
        kam::strings_cli::of_file(&out.display().to_string(), &(t().counts)(&counts))
    );
    Ok(())
}

/// The widest and tallest screen `snapshot` and `today` draw: no terminal
/// is larger, and 65535 × 65535 cells would take hundreds of gigabytes.
const MAX_SCREEN: u16 = 1000;

/// `kam undo [--list]`: the dashboard's undo from the command line.
fn undo(session: &Session, list: bool) -> Result<(), Failure> {
    let mut portfolio = session.speak(session.existing()?);
    if !list {
        return match portfolio.undo_last(&session.clock)? {
            Some(change) => {
                say!("{}", (t().undone)(&change.said()));
                Ok(())
            }
            None => Err(Failure::new(t().nothing_to_undo)),
        };
    }
    let history = portfolio.history(None, None, 20)?;
    if history.is_empty() {
        say!("{}", t().no_changes);
    }
    for e in history {
        let mark = if e.undone { t().undone_mark } else { "" };
        say!(
            "#{:<6} {}  {}  {} {mark}",
            e.change.id,
            local_time(&e.change.at, &session.clock),
            e.change.person,
            e.said()
        );
    }
    Ok(())
}

/// `kam sync DIR [--name NAME]`: this laptop's changes out, the others'
/// in; the summary, then what was left alone.
fn sync(session: &Session, dir: &Path, name: Option<&str>) -> Result<(), Failure> {
    // a new file is fine: an empty database joins the folder's portfolio
    let path = database_path(session.db.clone())?;
    let mut portfolio = session.speak(Portfolio::new(Store::open(&path)?));
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .unwrap_or_else(kam::portfolio::sync::hostname);
    let report = portfolio
        .sync(dir, &name, &session.clock)
        .map_err(|e| Failure::new(kam::strings_sync::sync_error(&e)))?;
    for line in kam::strings_sync::sync_summary(&dir.display().to_string(), &report) {
        say!("{line}");
    }
    Ok(())
}

/// `kam handover --from NAME --to NAME [--account ID]…`: what moved, and
/// the key accounts resting on one person now.
fn handover(session: &Session, from: &str, to: &str, accounts: &[String]) -> Result<(), Failure> {
    let mut portfolio = session.speak(session.existing()?);
    let ids = if accounts.is_empty() {
        None
    } else {
        let mut ids = Vec::with_capacity(accounts.len());
        for key in accounts {
            let account = portfolio
                .find_account(key)?
                .ok_or_else(|| usage((t().no_account_key)(key)))?;
            ids.push(account.id);
        }
        Some(ids)
    };
    let done = portfolio.handover(from, to, ids.as_deref(), &session.clock)?;
    say!(
        "{}",
        (t().handover_moved)(&done.moved, &done.from, &done.to)
    );
    if !done.single_threaded.is_empty() {
        say!("{}", t().handover_thin_heading);
        for thin in &done.single_threaded {
            say!(
                "  {}",
                (t().handover_thin_line)(&thin.name, &thin.advice(), thin.holder.as_deref())
            );
        }
    }
    Ok(())
}

/// `kam brief ACCOUNT [--json]`: the pre-visit brief.
fn brief(session: &Session, key: &str, json: bool) -> Result<(), Failure> {
    use kam::portfolio::brief::Found;
    let portfolio = session.speak(session.existing()?);
    let clock = session.clock;
    let id = match portfolio.resolve_account(key)? {
        Found::One(id) => id,
        Found::None => return Err(usage(kam::strings_brief::no_account(key))),
        Found::Many(names) => return Err(usage(kam::strings_brief::ambiguous(key, &names))),
    };
    let Some(brief) = portfolio.brief(id, &clock)? else {
        return Err(usage(kam::strings_brief::no_account(key)));
    };
    if json {
        let v = brief.to_json();
        kam::console::print(&format!(
            "{}\n",
            kam::interop::json::to_safe_string(&v, true)
        ));
    } else {
        kam::console::print(&kam::strings_brief::lines::brief_text(&brief));
    }
    Ok(())
}

/// `kam log [--account ID] [--since DATE] [--json]`: the journal.
fn log(
    session: &Session,
    account: Option<&str>,
    since: Option<&str>,
    json: bool,
) -> Result<(), Failure> {
    let portfolio = session.speak(session.existing()?);
    let clock = session.clock;
    let account = match account {
        None => None,
        Some(key) => Some(
            portfolio
                .find_account(key)?
                .ok_or_else(|| usage((t().no_account_key)(key)))?
                .id,
        ),
    };
    let since = match since {
        None => None,
        Some(v) => {
            let day = parse_date(v, clock.today(), Prefer::Past).map_err(|e| {
                usage(kam::strings_cli::of_file(
                    "--since",
                    &kam::strings::date_error(&e),
                ))
            })?;
            Some(day_start_utc(day, &clock))
        }
    };
    let history = portfolio.history(account, since.as_deref(), u32::MAX)?;
    if json {
        let v = kam::portfolio::journal::to_json(&history);
        println!("{}", kam::interop::json::to_safe_string(&v, true));
        return Ok(());
    }
    if history.is_empty() {
        say!("{}", t().no_changes);
    }
    let by = portfolio.made_by()?;
    for e in &history {
        let mark = if e.undone { t().undone_mark } else { "" };
        say!(
            "{}  {}  {} {mark}",
            local_time(&e.change.at, &clock),
            by(&e.change),
            e.said()
        );
        for row in e.rows.iter().flatten() {
            for line in portfolio.show(row).lines() {
                say!("    {line}");
            }
        }
    }
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
