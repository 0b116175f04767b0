//! The command line: what `kam` accepts. Parsing only; `main` dispatches.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "kam",
    version,
    about = "Key account manager for the terminal: keep key accounts from leaving",
    long_about = "Key account manager for the terminal. Without a command, opens the \
                  dashboard on your portfolio database (created on first run)."
)]
pub struct Cli {
    /// The database file (default: the platform data folder, e.g.
    /// ~/.local/share/kam/kam.sqlite3).
    #[arg(long, global = true, env = "KAM_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Open the dashboard on a freshly generated demo portfolio, in a
    /// separate file; your own database is not touched.
    #[arg(long)]
    pub demo: bool,

    /// Take this date as today everywhere (reproducible demos and tests).
    #[arg(long, global = true, env = "KAM_TODAY", value_name = "YYYY-MM-DD")]
    pub today: Option<String>,

    /// Interface language, zh or en (otherwise the `ui.language` setting,
    /// then the locale: LC_ALL, LC_MESSAGES, LANG).
    #[arg(long, global = true, env = "KAM_LANG", value_name = "zh|en")]
    pub lang: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a deterministic demo (or benchmark) portfolio to a new file.
    Demo {
        /// Where to write it.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// How many accounts (5000 is the benchmark scale).
        #[arg(long, default_value_t = 40, value_name = "N")]
        accounts: u32,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// The morning review as text (what the Today screen shows), or JSON.
    Today {
        /// JSON for scripts instead of text.
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 120, value_name = "COLUMNS")]
        width: u16,
    },
    /// Read a spreadsheet (CSV) of accounts, contacts, complaints, visits
    /// or surveys; or a whole portfolio exported as JSON, into an empty
    /// database. All or nothing.
    Import {
        /// accounts, contacts, complaints, visits, surveys, or json.
        kind: String,
        /// The file to read.
        file: PathBuf,
        /// Check everything and say what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Copy the database to a file, consistently, even while kam runs.
    Backup {
        /// Where to write the copy.
        file: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check the database: integrity and references. Exit 0 only when healthy.
    Check,
    /// Write part of the portfolio to a file others can use.
    Export {
        #[command(subcommand)]
        what: Export,
    },
    /// Print one screen as plain text, without a terminal.
    Snapshot {
        /// today, accounts, complaints, visits, surveys, account:ID or
        /// survey:ID (ID: an account's id or uid).
        #[arg(long, default_value = "today", value_name = "SCREEN")]
        screen: String,
        #[arg(long, default_value_t = 120, value_name = "COLUMNS")]
        width: u16,
        #[arg(long, default_value_t = 40, value_name = "ROWS")]
        height: u16,
    },
}

#[derive(Debug, Subcommand)]
pub enum Export {
    /// One CSV file per table (UTF-8 with BOM for Excel), readable by kam import.
    Csv {
        /// The folder to write into (created if missing).
        dir: PathBuf,
    },
    /// The whole portfolio as one JSON document (kam import json reads it).
    Json { file: PathBuf },
    /// Contacts as vCard 3.0 for phones.
    Vcard {
        file: PathBuf,
        /// Only this account's contacts (an id or a uid).
        #[arg(long, value_name = "ID")]
        account: Option<String>,
    },
    /// Planned visits as an iCalendar file (phone and desktop calendars).
    Ics {
        /// The .ics file to write.
        file: PathBuf,
        /// First day (any date kam understands: 2026-12-01, today, mon …).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day, included.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
}
