//! One file (or folder) per screen, each owning its state, its key
//! handling, its loading and its drawing. The tab screens are listed once,
//! in `tabs!` below: that list makes the tab bar, the number keys,
//! Tab/Shift-Tab, the reload bookkeeping and the help's screen count.

pub mod account;
pub mod accounts;
pub mod complaints;
pub mod record;
pub mod surveys;
pub mod today;
pub mod visits;

use crate::domain::Clock;
use crate::portfolio::{Portfolio, Result};
use crate::tui::effect::Effect;
use crate::tui::keymap::{Action, Ctx};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

/// What every tab screen offers the app, so that one list drives them all.
pub trait Screen {
    /// Its name in the tab bar.
    fn title(&self) -> &'static str;
    /// Where the keyboard is while it is in front.
    fn context(&self) -> Ctx;
    /// A key's action: the state changes, and what the app must do next.
    fn update(&mut self, action: Action) -> Option<Effect>;
    /// Draws it; reads state only.
    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, clock: &Clock);
    /// Reads its data afresh.
    fn load(&mut self, portfolio: &Portfolio, clock: &Clock) -> Result<()>;
    /// Reads what its next drawing needs and does not have yet (rows
    /// scrolled into view); true when it read anything.
    fn settle(&mut self, _portfolio: &Portfolio, _clock: &Clock) -> Result<bool> {
        Ok(false)
    }
    /// Whether the last drawing showed rows not read yet (the window grew).
    fn lacked_rows(&self) -> bool {
        false
    }
    /// A key typed into its `/` search prompt (screens that search).
    fn search_key(&mut self, _ev: KeyEvent) {}
    /// Text pasted into its `/` search prompt.
    fn search_paste(&mut self, _text: &str) {}
}

/// The tab screens: `Variant => field: State`, in tab order. Adding a
/// screen is one line here (and its file, and its keymap rows).
macro_rules! tabs {
    ($($tab:ident => $field:ident: $state:ty),+ $(,)?) => {
        /// The top-level screens, in tab order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Tab {
            $($tab),+
        }

        impl Tab {
            pub const ALL: &'static [Tab] = &[$(Tab::$tab),+];
            /// How many there are.
            pub const COUNT: usize = Tab::ALL.len();

            /// Its place in `ALL`.
            pub fn index(self) -> usize {
                self as usize
            }
        }

        /// The state of every tab screen.
        #[derive(Default)]
        pub struct Tabs {
            $(pub $field: $state),+
        }

        impl Tabs {
            pub fn screen(&self, tab: Tab) -> &dyn Screen {
                match tab {
                    $(Tab::$tab => &self.$field),+
                }
            }

            pub fn screen_mut(&mut self, tab: Tab) -> &mut dyn Screen {
                match tab {
                    $(Tab::$tab => &mut self.$field),+
                }
            }
        }
    };
}

tabs! {
    Today => today: today::TodayState,
    Accounts => accounts: accounts::AccountsState,
    Complaints => complaints: complaints::ComplaintsState,
    Visits => visits: visits::VisitsState,
    Surveys => surveys: surveys::SurveysState,
}

/// Every table of the dashboard, named, with its columns as the language
/// in effect sizes them: each fixed column as wide as the widest text it
/// holds and its title (tests check that none is shown cut).
pub fn tables() -> Vec<(&'static str, Vec<crate::tui::widgets::table::Column>)> {
    vec![
        ("accounts", accounts::columns().to_vec()),
        ("complaints", complaints::columns(true)),
        ("account complaints", complaints::columns(false)),
        ("visits", visits::columns().to_vec()),
        ("account visits", account::visits::columns().to_vec()),
        ("account contacts", account::contacts::columns().to_vec()),
        ("surveys", surveys::columns(true)),
        ("account surveys", surveys::columns(false)),
    ]
}
