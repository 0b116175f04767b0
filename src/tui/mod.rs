//! The terminal interface: a synchronous loop that blocks on input, turns
//! keys into actions, lets `App` update state and run effects, and redraws
//! only after something happened. `snapshot` draws the same screens into a
//! `TestBackend` for scripts and tests.

pub mod app;
pub mod draft;
pub mod effect;
pub mod forms;
pub mod keymap;
mod runner;
pub mod screens;
mod terminal;
pub mod theme;
mod waiting;
#[cfg(test)]
mod walk;
pub mod widgets;

pub use app::App;
pub use effect::Effect;

use crate::domain::Clock;
use crate::portfolio::Portfolio;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use theme::Theme;
use unicode_width::UnicodeWidthStr;

/// Runs the dashboard until the user quits. `fixed` is the `--today` clock;
/// without it the clock is read again at every key, so a kam left open
/// overnight shows the new day. `demo`: a made-up portfolio, said so.
pub fn run(
    portfolio: Portfolio,
    fixed: Option<Clock>,
    theme: Theme,
    demo: bool,
) -> std::io::Result<()> {
    let clock = fixed.unwrap_or_else(Clock::system);
    let db = portfolio.path().map(std::path::Path::to_path_buf);
    let mut app = App::on(portfolio, clock, theme);
    app.demo = demo;
    app.run(Effect::LoadTab);
    if let Some(db) = &db {
        app.offer_drafts(draft::left(db));
        draft::watch(db);
    }
    let mut term = terminal::enter()?;
    let file = db.as_deref().and_then(std::path::Path::file_name);
    waiting::install(
        theme,
        file.map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let result = event_loop(&mut term, &mut app, fixed);
    waiting::uninstall();
    terminal::leave();
    draft::report();
    result
}

fn event_loop(
    term: &mut ratatui::DefaultTerminal,
    app: &mut App,
    fixed: Option<Clock>,
) -> std::io::Result<()> {
    let mut dirty = true;
    loop {
        if dirty {
            let _guard = terminal::hold();
            if waiting::overdrawn() {
                term.clear()?;
            }
            term.draw(|f| app.render(f))?;
            // a taller window showed rows not loaded yet
            if app.lacked_rows() && app.settle() {
                term.draw(|f| app.render(f))?;
            }
            dirty = false;
        }
        let ev = event::read()?;
        let _guard = terminal::hold();
        if fixed.is_none() {
            app.clock = Clock::system();
        }
        match ev {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                match key.code {
                    KeyCode::Char('c') if ctrl => {
                        draft::save_pending();
                        return Ok(());
                    }
                    KeyCode::Char('z') if ctrl => {
                        drop(_guard);
                        terminal::suspend(term)?;
                    }
                    _ => app.on_key(key),
                }
                dirty = true;
            }
            Event::Paste(text) => {
                app.on_paste(&text);
                dirty = true;
            }
            Event::Resize(..) => dirty = true,
            _ => {}
        }
        draft::keep(app.draft());
        draft::keep_in(app.restored_from().map(std::path::Path::to_path_buf));
        if app.quit {
            return Ok(());
        }
    }
}

/// Whether there is a terminal to draw the dashboard on: standard output
/// is one, and keys can be read (standard input, or the process's
/// controlling terminal).
pub fn has_terminal() -> bool {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return false;
    }
    if std::io::stdin().is_terminal() {
        return true;
    }
    #[cfg(unix)]
    {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .is_ok()
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Draws one screen as plain text, through the same code as the dashboard.
pub fn snapshot(
    portfolio: Portfolio,
    clock: Clock,
    screen: &str,
    width: u16,
    height: u16,
) -> Result<String, String> {
    let mut app = App::on(portfolio, clock, Theme::plain());
    let name = screen.trim();
    let tab = app::Tab::ALL
        .iter()
        .find(|t| format!("{t:?}").eq_ignore_ascii_case(name));
    match (tab, name.split_once(':')) {
        (Some(tab), _) => {
            app.tab = *tab;
            app.run(Effect::LoadTab);
        }
        (None, Some((kind @ ("account" | "survey"), key))) => {
            // account:ID:SECTION — any section of the account view
            let (key, section) = match key.rsplit_once(':') {
                Some((id, sec)) if kind == "account" => {
                    let section = screens::account::Section::from_code(sec.trim())
                        .ok_or_else(|| crate::strings_cli::unknown_screen(name))?;
                    (id, Some(section))
                }
                _ => (key, None),
            };
            let account = app
                .portfolio
                .find_account(key)
                .map_err(|e| e.said())?
                .ok_or_else(|| crate::strings_cli::no_account_to_show(key))?;
            app.tab = app::Tab::Accounts;
            app.run(Effect::OpenAccount(account.id));
            if let Some(section) = section
                && let Some(load) = app.account_view().and_then(|v| v.show_section(section))
            {
                app.run(load);
            }
            if kind == "survey" {
                app.run(Effect::SurveyForm {
                    account_id: account.id,
                    id: None,
                });
            }
        }
        (None, Some((kind @ ("visit" | "complaint" | "response"), id))) => {
            let record = crate::strings_records::record_of(kind, id)
                .ok_or_else(|| crate::strings_cli::unknown_screen(name))?;
            app.tab = app::Tab::Today;
            app.try_run(Effect::OpenRecord(record))
                .map_err(|e| e.said())?;
        }
        _ => {
            return Err(crate::strings_cli::unknown_screen(name));
        }
    }
    Ok(render_text(&app, width, height))
}

/// The morning review as text: the Today screen, tall enough to show
/// every row.
pub fn today_text(portfolio: Portfolio, clock: Clock, width: u16) -> String {
    let mut app = App::on(portfolio, clock, Theme::plain());
    match app.portfolio.today(&app.clock, usize::MAX) {
        Ok(review) => app.tabs.today.set(review),
        Err(e) => return format!("kam: {}\n", e.said()),
    }
    let height = (app.tabs.today.len() as u16)
        .saturating_add(3)
        .max(app::MIN_HEIGHT);
    render_text(&app, width.max(app::MIN_WIDTH), height)
}

/// Renders the app into an off-screen buffer and returns it as text.
pub fn render_text(app: &App, width: u16, height: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(width.max(1), height.max(1)))
        .expect("the test backend cannot fail");
    term.draw(|f| app.render(f))
        .expect("drawing into the test backend cannot fail");
    buffer_text(term.backend().buffer())
}

/// The buffer as lines of text: a wide character's second cell is skipped,
/// trailing spaces are trimmed.
pub fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = sym.width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
