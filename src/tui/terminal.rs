//! Entering and leaving the terminal's full-screen mode, on every exit
//! path: normal quit, error, panic, and SIGTERM/SIGHUP/SIGINT/SIGQUIT sent
//! from outside. Ctrl-Z suspends and `fg` redraws.

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io::stdout;
use std::sync::{Mutex, MutexGuard, Once};

/// Held while the app updates state or draws, so that a signal restores
/// the terminal (and exits) only between two steps, never in the middle of
/// drawing or of a database write.
static STEP: Mutex<()> = Mutex::new(());

pub(super) fn hold() -> MutexGuard<'static, ()> {
    STEP.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Raw mode, alternate screen, bracketed paste; installs the panic hook and
/// the signal handlers once.
pub(super) fn enter() -> std::io::Result<DefaultTerminal> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            super::draft::save_pending();
            leave();
            super::draft::report();
            previous(info);
        }));
        watch_signals();
    });
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout()))
}

/// Leaves the terminal as it was: raw mode off, main screen, cursor shown.
/// Safe to call more than once.
pub(super) fn leave() {
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show);
}

/// Ctrl-Z: give the terminal back, stop, and take it again on `fg`.
pub(super) fn suspend(term: &mut DefaultTerminal) -> std::io::Result<()> {
    leave();
    #[cfg(unix)]
    {
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
    }
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    term.clear()
}

#[cfg(unix)]
fn watch_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    use signal_hook::iterator::Signals;
    let Ok(mut signals) = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let _step = hold();
            super::draft::save_pending();
            leave();
            super::draft::report();
            std::process::exit(128 + sig);
        }
    });
}

#[cfg(not(unix))]
fn watch_signals() {}
