//! What the integration tests share: the real binary in an environment
//! that cannot change what it prints, and keys for an `App`. Each test
//! file uses part of it.
#![allow(dead_code)]

use kam::tui::App;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The `kam` binary with the environment it reads made neutral: no
/// database, date or language from the caller's shell, English, no
/// colours, no backtraces.
pub fn kam_process() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kam"));
    for var in [
        "KAM_DB",
        "KAM_TODAY",
        "KAM_LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "RUST_BACKTRACE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("LANG", "C").env("NO_COLOR", "1");
    cmd
}

/// The date the tests take as today.
pub const TODAY: &str = "2026-11-23";

/// `kam_process` on the database at `db`, with `today` as the date and no
/// input.
pub fn kam_on(db: &std::path::Path, today: &str) -> std::process::Command {
    let mut cmd = kam_process();
    cmd.args(["--today", today, "--db"])
        .arg(db)
        .stdin(std::process::Stdio::null());
    cmd
}

/// Writes a demo portfolio of `accounts` accounts to `path`, at `TODAY`.
pub fn demo(path: &std::path::Path, accounts: u32) {
    let out = kam_process()
        .args([
            "--today",
            TODAY,
            "demo",
            "--accounts",
            &accounts.to_string(),
            "--out",
        ])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "demo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `kam_process`, for assertions.
pub fn kam() -> assert_cmd::Command {
    assert_cmd::Command::from_std(kam_process())
}

pub fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}
