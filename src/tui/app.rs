//! The application state: the tab screens, a stack of pages over them, one
//! popup on top and the status line. Keys become actions (`keymap`),
//! actions update a screen's state and may return an `Effect`; `App::run`
//! (in `runner.rs`) carries effects out through the portfolio — the only
//! place the TUI reads or writes the database.

use crate::domain::Clock;
use crate::portfolio::Portfolio;
use crate::store::Store;
use crate::strings::s;
use crate::tui::draft::{Draft, Left};
use crate::tui::effect::Effect;
use crate::tui::forms::FormPurpose;
use crate::tui::keymap::{self, Action, Ctx};
use crate::tui::screens::account::AccountView;
use crate::tui::screens::record::RecordView;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Form, FormOutcome};
use crate::tui::widgets::picker::{Picker, PickerOutcome};
use crate::tui::widgets::{help, popup};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub use crate::tui::screens::{Tab, Tabs};

/// The smallest terminal kam draws in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// A page pushed over the tabs (Esc goes back). At most an account and a
/// record are open at once, so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
pub enum Page {
    Account(AccountView),
    /// A visit, complaint or survey in full, over the tab or account.
    Record(RecordView),
}

/// What an account picked in a picker is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickPurpose {
    LogComplaint,
    ScheduleVisit,
    Survey,
}

pub enum Modal {
    Help,
    /// Ask first; on no, go back to `back` (e.g. the form that asked).
    Confirm {
        question: String,
        then: Effect,
        back: Option<Box<Modal>>,
    },
    Form {
        form: Form,
        purpose: FormPurpose,
    },
    /// A few choices, one key each (Esc: none of them, and back to
    /// `back`, e.g. the form that asked).
    Offer {
        question: String,
        options: Vec<(char, &'static str, Choice)>,
        back: Option<Box<Modal>>,
    },
    Picker {
        picker: Picker,
        purpose: PickPurpose,
    },
}

/// What an offered choice does.
pub enum Choice {
    Run(Effect),
    /// Open the form again and put back what a stopped kam left unsaved
    /// (kept in its draft file, if any, until the form is saved or closed).
    Restore(Box<Draft>, Option<std::path::PathBuf>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub portfolio: Portfolio,
    pub clock: Clock,
    pub theme: Theme,
    pub tab: Tab,
    pub tabs: Tabs,
    pub pages: Vec<Page>,
    pub modal: Option<Modal>,
    pub status: Option<Status>,
    pub quit: bool,
    /// When each tab's data was loaded (by `Tab::index`); `None` after a
    /// change elsewhere, so that it is reloaded when it comes to the front.
    pub(crate) fresh: [Option<chrono::NaiveDateTime>; Tab::COUNT],
    /// Drafts stopped kams left, still to be offered, one after another.
    pub(crate) drafts: std::collections::VecDeque<Left>,
    /// The draft file the open form was restored from: removed once the
    /// form is saved or closed.
    pub(crate) restored: Option<std::path::PathBuf>,
    /// Sync conflicts waiting to be decided, as of the last load: the
    /// banner while there are any.
    pub(crate) open_conflicts: usize,
    /// `kam --demo`: a made-up portfolio, discarded on quit (a banner).
    pub demo: bool,
}

impl App {
    /// The app on its first screen, with its data loaded.
    pub fn new(store: Store, clock: Clock, theme: Theme) -> App {
        let mut app = App::unloaded(store, clock, theme);
        app.run(Effect::LoadTab);
        app
    }

    /// The app with nothing loaded yet (`snapshot` loads only what it shows).
    pub fn unloaded(store: Store, clock: Clock, theme: Theme) -> App {
        App::on(Portfolio::new(store), clock, theme)
    }

    /// The app on a portfolio, with nothing loaded yet.
    pub fn on(mut portfolio: Portfolio, clock: Clock, theme: Theme) -> App {
        let notices = portfolio.take_notices();
        let mut tabs = Tabs::default();
        tabs.accounts.thresholds = portfolio.thresholds();
        tabs.accounts.due_soon = portfolio.settings().due_soon();
        let mut app = App {
            portfolio,
            clock,
            theme,
            tab: Tab::ALL[0],
            tabs,
            pages: Vec::new(),
            modal: None,
            status: None,
            quit: false,
            fresh: [None; Tab::COUNT],
            drafts: Default::default(),
            restored: None,
            open_conflicts: 0,
            demo: false,
        };
        if let Some(n) = notices.into_iter().next() {
            app.info(crate::strings_cli::notice(&n));
        }
        app
    }

    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    pub(crate) fn error(&mut self, e: impl std::fmt::Display) {
        self.status = Some(Status {
            text: e.to_string(),
            error: true,
        });
    }

    /// Where the keyboard is, for the keymap.
    pub fn context(&self) -> Ctx {
        match &self.modal {
            Some(Modal::Form { .. } | Modal::Picker { .. }) => return Ctx::Form,
            Some(Modal::Confirm { .. }) => return Ctx::Confirm,
            Some(Modal::Offer { .. }) => return Ctx::Offer,
            Some(Modal::Help) | None => {}
        }
        match self.pages.last() {
            Some(Page::Account(view)) => view.context(),
            Some(Page::Record(view)) => view.context(),
            None => self.tabs.screen(self.tab).context(),
        }
    }

    /// The form being edited, when it holds unsaved changes worth keeping
    /// if kam is stopped now (also when it asks whether to discard them).
    pub fn draft(&self) -> Option<Draft> {
        let modal = match &self.modal {
            Some(Modal::Confirm { back: Some(b), .. }) => b.as_ref(),
            Some(m) => m,
            None => return None,
        };
        match modal {
            Modal::Form { form, purpose } if form.is_dirty() && purpose.reopen().is_some() => {
                Some(Draft {
                    purpose: purpose.clone(),
                    title: form.title.clone(),
                    values: form.values(),
                })
            }
            _ => None,
        }
    }

    /// At start: offer back the draft a stopped kam left.
    pub fn offer_draft(&mut self, draft: Draft) {
        self.offer(draft, None);
    }

    /// At start: offer back every draft stopped kams left, one after
    /// another (the next once the one before is settled).
    pub fn offer_drafts(&mut self, left: Vec<Left>) {
        self.drafts.extend(left);
        self.next_draft();
    }

    fn offer(&mut self, draft: Draft, file: Option<std::path::PathBuf>) {
        let t = s();
        let mut question = (t.draft_offer)(&draft.title);
        if !self.drafts.is_empty() {
            question.push_str(&(t.draft_more)(self.drafts.len()));
        }
        self.modal = Some(Modal::Offer {
            question,
            options: vec![
                (
                    'r',
                    t.draft_restore,
                    Choice::Restore(Box::new(draft), file.clone()),
                ),
                (
                    'd',
                    t.draft_discard,
                    Choice::Run(Effect::DiscardDraft(file)),
                ),
            ],
            back: None,
        });
    }

    /// The next draft to offer, when nothing else is in front; and the
    /// file of a restored draft is let go once its form is closed (saved,
    /// or closed by the user).
    pub(crate) fn next_draft(&mut self) {
        let form_open = match &self.modal {
            Some(Modal::Form { .. }) => true,
            Some(Modal::Confirm { back: Some(b), .. }) => matches!(**b, Modal::Form { .. }),
            _ => false,
        };
        if !form_open && let Some(file) = self.restored.take() {
            self.run(Effect::DraftDone(file));
        }
        if self.modal.is_none()
            && self.restored.is_none()
            && let Some(left) = self.drafts.pop_front()
        {
            self.offer(left.draft, Some(left.file));
        }
    }

    /// The draft file the open form was restored from, if any.
    pub fn restored_from(&self) -> Option<&std::path::Path> {
        self.restored.as_deref()
    }

    /// The open Account view, if it is in front.
    pub fn account_view(&mut self) -> Option<&mut AccountView> {
        match self.pages.last_mut() {
            Some(Page::Account(view)) => Some(view),
            _ => None,
        }
    }

    /// The open record detail, if it is in front.
    pub fn record_view(&mut self) -> Option<&mut RecordView> {
        match self.pages.last_mut() {
            Some(Page::Record(view)) => Some(view),
            _ => None,
        }
    }

    /// One key press.
    pub fn on_key(&mut self, ev: KeyEvent) {
        self.status = None;
        if let Some(modal) = self.modal.take() {
            self.modal_key(modal, ev);
        } else {
            self.on_key_inner(ev);
        }
        self.next_draft();
    }

    fn on_key_inner(&mut self, ev: KeyEvent) {
        let ctx = self.context();
        let effect = match keymap::lookup(ctx, &ev) {
            Some(action) => self.update(action, &ev),
            None if ctx == Ctx::Search => {
                self.tabs.screen_mut(self.tab).search_key(ev);
                None
            }
            None => keymap::elsewhere(ctx, &ev).map(|action| {
                let key = keymap::key_name(&keymap::Key {
                    code: ev.code,
                    ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
                });
                Effect::Message(keymap::not_here(&key, action))
            }),
        };
        // `run` settles after its effect; a key without one settles here
        match effect {
            Some(effect) => self.run(effect),
            None => {
                self.settle();
            }
        }
    }

    /// Loads what the long lists need to draw after a key (an order, the
    /// rows scrolled into view); true when it loaded anything.
    pub fn settle(&mut self) -> bool {
        let mut loaded = false;
        for tab in Tab::ALL {
            match self
                .tabs
                .screen_mut(*tab)
                .settle(&self.portfolio, &self.clock)
            {
                Ok(l) => loaded |= l,
                Err(e) => {
                    self.error(e.said());
                    return false;
                }
            }
        }
        loaded
    }

    /// Whether the last drawing showed rows not read yet (the window grew).
    pub fn lacked_rows(&self) -> bool {
        Tab::ALL.iter().any(|t| self.tabs.screen(*t).lacked_rows())
    }

    /// Pasted text goes to whatever is taking text.
    pub fn on_paste(&mut self, text: &str) {
        let searching = self.context() == Ctx::Search;
        match &mut self.modal {
            Some(Modal::Form { form, .. }) => form.handle_paste(text),
            Some(Modal::Picker { picker, .. }) => picker.handle_paste(text),
            None if searching => self.tabs.screen_mut(self.tab).search_paste(text),
            _ => {}
        }
        self.settle();
    }

    fn modal_key(&mut self, modal: Modal, ev: KeyEvent) {
        match modal {
            // any key closes the help
            Modal::Help => {}
            Modal::Confirm {
                question,
                then,
                back,
            } => match keymap::lookup(Ctx::Confirm, &ev) {
                Some(Action::Yes) => {
                    self.modal = back.map(|b| *b);
                    self.run(then);
                }
                Some(Action::No) => self.modal = back.map(|b| *b),
                _ => {
                    self.modal = Some(Modal::Confirm {
                        question,
                        then,
                        back,
                    })
                }
            },
            Modal::Form { mut form, purpose } => match form.handle_key(ev) {
                FormOutcome::Continue => self.modal = Some(Modal::Form { form, purpose }),
                FormOutcome::Close => {}
                FormOutcome::Submit => {
                    let effect = purpose.submit(&mut form, self.portfolio.settings(), &self.clock);
                    // the form stays open until the save succeeds
                    self.modal = Some(Modal::Form { form, purpose });
                    if let Some(effect) = effect {
                        self.run(effect);
                    }
                }
            },
            Modal::Picker {
                mut picker,
                purpose,
            } => match picker.handle_key(ev) {
                PickerOutcome::Continue => self.modal = Some(Modal::Picker { picker, purpose }),
                PickerOutcome::Cancel => {}
                PickerOutcome::Picked(account_id) => self.run(match purpose {
                    PickPurpose::LogComplaint => Effect::LogComplaintForm {
                        account_id,
                        prefill: Default::default(),
                    },
                    PickPurpose::ScheduleVisit => Effect::ScheduleVisitForm {
                        account_id,
                        prefill: Default::default(),
                    },
                    PickPurpose::Survey => Effect::SurveyForm {
                        account_id,
                        id: None,
                    },
                }),
            },
            Modal::Offer {
                question,
                options,
                back,
            } => match ev.code {
                KeyCode::Esc => self.modal = back.map(|b| *b),
                KeyCode::Char(c) => match options.iter().position(|(k, _, _)| *k == c) {
                    Some(i) => {
                        self.modal = back.map(|b| *b);
                        match options.into_iter().nth(i).expect("found").2 {
                            Choice::Run(effect) => self.run(effect),
                            Choice::Restore(draft, file) => self.restore_draft(*draft, file),
                        }
                    }
                    None => {
                        self.modal = Some(Modal::Offer {
                            question,
                            options,
                            back,
                        })
                    }
                },
                _ => {
                    self.modal = Some(Modal::Offer {
                        question,
                        options,
                        back,
                    })
                }
            },
        }
    }

    /// Applies an action; app-wide ones here, the rest by the screen in front.
    fn update(&mut self, action: Action, ev: &KeyEvent) -> Option<Effect> {
        match action {
            Action::Quit => {
                self.quit = true;
                return None;
            }
            Action::Help => {
                self.modal = Some(Modal::Help);
                return None;
            }
            Action::NextTab | Action::PrevTab | Action::GoTab => {
                let n = Tab::ALL.len();
                let cur = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
                let next = match (action, ev.code) {
                    (Action::NextTab, _) => (cur + 1) % n,
                    (Action::PrevTab, _) => (cur + n - 1) % n,
                    (_, KeyCode::Char(c)) => match c.to_digit(10) {
                        Some(d) if (1..=n as u32).contains(&d) => d as usize - 1,
                        _ => return None,
                    },
                    _ => cur,
                };
                self.tab = Tab::ALL[next];
                self.pages.clear();
                return Some(Effect::LoadTab);
            }
            Action::Undo => return Some(Effect::Undo),
            Action::Redo => return Some(Effect::Redo),
            Action::Back if !self.pages.is_empty() => {
                self.pages.pop();
                return Some(Effect::LoadTab);
            }
            _ => {}
        }
        match self.pages.last_mut() {
            Some(Page::Account(view)) => view.update(action),
            Some(Page::Record(view)) => view.update(action),
            None => self.tabs.screen_mut(self.tab).update(action),
        }
    }

    /// Draws everything: tab bar, the screen in front, status line, hint
    /// bar and any popup. Reads state only.
    pub fn render(&self, frame: &mut Frame<'_>) {
        self.draw(frame);
        // the last line of defence: nothing a terminal would obey leaves kam
        neutralize(frame.buffer_mut());
    }

    fn draw(&self, frame: &mut Frame<'_>) {
        let area = frame.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = (s().too_small)(area.width, area.height);
            let lines: Vec<Line> = crate::domain::text::wrap(&msg, area.width.max(1) as usize)
                .into_iter()
                .map(Line::raw)
                .collect();
            frame.render_widget(Paragraph::new(lines), area);
            return;
        }
        let theme = &self.theme;
        let tabs = Rect::new(area.x, area.y, area.width, 1);
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 3);
        let status = Rect::new(area.x, area.bottom() - 2, area.width, 1);
        let hints = Rect::new(area.x, area.bottom() - 1, area.width, 1);

        frame.render_widget(Paragraph::new(self.tab_line()), tabs);
        match self.pages.last() {
            Some(Page::Account(view)) => view.render(frame, body, theme, &self.clock),
            Some(Page::Record(view)) => view.render(frame, body, theme, &self.clock),
            None => self
                .tabs
                .screen(self.tab)
                .render(frame, body, theme, &self.clock),
        }
        let banner = if self.portfolio.is_read_only() {
            Some(match self.portfolio.damage() {
                Some(_) => (s().damaged_banner)(&self.file_name()),
                None => s().read_only_banner.to_string(),
            })
        } else if self.open_conflicts > 0 {
            Some(crate::strings_sync::conflicts_banner(self.open_conflicts))
        } else {
            self.demo.then(|| s().demo_banner.to_string())
        };
        if let (None, Some(banner)) = (&self.status, banner) {
            // a lasting banner, where messages go, until a message replaces it
            let text = crate::domain::text::fit(&banner, area.width as usize);
            frame.render_widget(Paragraph::new(Span::styled(text, theme.warn())), status);
        }
        if let Some(st) = &self.status {
            let style = if st.error {
                theme.error()
            } else {
                theme.info()
            };
            let text = crate::domain::text::fit(&st.text, area.width as usize);
            frame.render_widget(Paragraph::new(Span::styled(text, style)), status);
        }
        let ctx = self.context();
        frame.render_widget(
            Paragraph::new(help::hint_bar(ctx, Tab::ALL.len(), area.width, theme)),
            hints,
        );
        match &self.modal {
            Some(Modal::Help) => help::render_overlay(frame, body, ctx, Tab::ALL.len(), theme),
            Some(Modal::Confirm { question, .. }) => {
                popup::render_confirm(frame, body, question, theme)
            }
            Some(Modal::Form { form, .. }) => form.render(frame, body, theme),
            Some(Modal::Picker { picker, .. }) => picker.render(frame, body, theme),
            Some(Modal::Offer {
                question, options, ..
            }) => {
                let choices: Vec<(char, &str)> = options.iter().map(|(k, l, _)| (*k, *l)).collect();
                popup::render_offer(frame, body, question, &choices, theme)
            }
            None => {}
        }
    }

    /// The database's file name, as the banner names it.
    fn file_name(&self) -> String {
        let name = self
            .portfolio
            .path()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        crate::domain::text::sanitize(&name).into_owned()
    }

    fn tab_line(&self) -> Line<'static> {
        let theme = &self.theme;
        let mut spans = vec![Span::styled(format!(" {} ", s().app_name), theme.title())];
        for (i, tab) in Tab::ALL.iter().enumerate() {
            let style = if *tab == self.tab && self.pages.is_empty() {
                theme.tab_active()
            } else {
                theme.tab()
            };
            spans.push(Span::raw(" "));
            let title = self.tabs.screen(*tab).title();
            spans.push(Span::styled(format!(" {} {title} ", i + 1), style));
        }
        let page = match self.pages.last() {
            Some(Page::Account(view)) => Some(view.data.account.input.name.as_str()),
            Some(Page::Record(view)) => Some(view.detail.account_name.as_str()),
            None => None,
        };
        if let Some(name) = page {
            spans.push(Span::raw("  ›  "));
            spans.push(Span::styled(
                crate::domain::text::sanitize(name).into_owned(),
                theme.tab_active(),
            ));
        }
        Line::from(spans)
    }
}

/// Replaces, in a drawn frame, every character a terminal could take as a
/// command (controls, escapes, bidirectional overrides) by a visible
/// placeholder. Text is sanitized where it is drawn too; this catches
/// whatever a widget let through.
pub fn neutralize(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        let sym = cell.symbol();
        if sym.chars().any(crate::domain::text::is_hostile) {
            let clean = crate::domain::text::sanitize(sym).into_owned();
            cell.set_symbol(&clean);
        }
    }
}
