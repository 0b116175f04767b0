//! The application state: the screens, the page stack, the popup on top and
//! the status line. Keys become actions (`keymap`), actions update a
//! screen's state and may return an `Effect`; `App::run` carries effects out
//! against the store — the only place the TUI writes to the database.

use crate::domain::breadth::Thresholds;
use crate::domain::settings::Settings;
use crate::domain::{AccountInput, Clock, ContactInput};
use crate::store::{Store, StoreError};
use crate::strings::s;
use crate::tui::forms;
use crate::tui::keymap::{self, Action, Ctx};
use crate::tui::screens::account::{AccountData, AccountView};
use crate::tui::screens::accounts::AccountsState;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Form, FormOutcome};
use crate::tui::widgets::{help, popup};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The smallest terminal kam draws in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// What a screen asks of the app: a store call, or a popup.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadAccounts,
    OpenAccount(i64),
    NewAccountForm,
    EditAccountForm(i64),
    SaveAccount {
        id: Option<i64>,
        input: AccountInput,
    },
    /// Ask first; carry out `then` on yes.
    Confirm {
        question: String,
        then: Box<Effect>,
    },
    SetArchived {
        id: i64,
        archived: bool,
        name: String,
    },
    NewContactForm(i64),
    EditContactForm(i64),
    SaveContact {
        account_id: i64,
        id: Option<i64>,
        input: ContactInput,
    },
    DeleteContact {
        id: i64,
        name: String,
    },
    /// Just tell the user something.
    Message(String),
}

impl Effect {
    /// Archiving asks first; bringing back does not.
    pub fn archive(id: i64, name: &str, is_archived: bool, archive: bool) -> Effect {
        let t = s();
        match (archive, is_archived) {
            (true, false) => Effect::Confirm {
                question: (t.confirm_archive)(name),
                then: Box::new(Effect::SetArchived {
                    id,
                    archived: true,
                    name: name.to_string(),
                }),
            },
            (false, true) => Effect::SetArchived {
                id,
                archived: false,
                name: name.to_string(),
            },
            (true, true) => Effect::Message(t.already_archived.to_string()),
            (false, false) => Effect::Message(t.not_archived.to_string()),
        }
    }
}

/// The top-level screens, in tab order. Only screens that exist are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Accounts,
}

impl Tab {
    pub const ALL: &'static [Tab] = &[Tab::Accounts];

    fn title(self) -> &'static str {
        match self {
            Tab::Accounts => s().tab_accounts,
        }
    }
}

/// A page pushed over the tabs (Esc goes back).
pub enum Page {
    Account(AccountView),
}

/// What a form is for, so that saving knows what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPurpose {
    Account { id: Option<i64> },
    Contact { account_id: i64, id: Option<i64> },
}

pub enum Modal {
    Help,
    Confirm { question: String, then: Effect },
    Form { form: Form, purpose: FormPurpose },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub store: Store,
    pub clock: Clock,
    pub settings: Settings,
    pub thresholds: Thresholds,
    pub theme: Theme,
    pub tab: Tab,
    pub accounts: AccountsState,
    pub pages: Vec<Page>,
    pub modal: Option<Modal>,
    pub status: Option<Status>,
    pub quit: bool,
}

impl App {
    /// The app on the Accounts screen, with its data loaded.
    pub fn new(mut store: Store, clock: Clock, theme: Theme) -> App {
        let notices = store.take_notices();
        let settings = store.settings().unwrap_or_default();
        let thresholds = Thresholds::from_settings(&settings);
        let mut accounts = AccountsState::new();
        accounts.thresholds = thresholds;
        let mut app = App {
            store,
            clock,
            settings,
            thresholds,
            theme,
            tab: Tab::Accounts,
            accounts,
            pages: Vec::new(),
            modal: None,
            status: None,
            quit: false,
        };
        app.run(Effect::LoadAccounts);
        if let Some(n) = notices.into_iter().next() {
            app.info(n);
        }
        app
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    fn error(&mut self, e: impl std::fmt::Display) {
        self.status = Some(Status {
            text: e.to_string(),
            error: true,
        });
    }

    /// Where the keyboard is, for the keymap.
    pub fn context(&self) -> Ctx {
        match &self.modal {
            Some(Modal::Form { .. }) => return Ctx::Form,
            Some(Modal::Confirm { .. }) => return Ctx::Confirm,
            Some(Modal::Help) | None => {}
        }
        match self.pages.last() {
            Some(Page::Account(view)) => view.context(),
            None if self.accounts.searching => Ctx::Search,
            None => Ctx::Accounts,
        }
    }

    /// One key press.
    pub fn on_key(&mut self, ev: KeyEvent) {
        self.status = None;
        if let Some(modal) = self.modal.take() {
            self.modal_key(modal, ev);
            return;
        }
        let ctx = self.context();
        match keymap::lookup(ctx, &ev) {
            Some(action) => {
                if let Some(effect) = self.update(action, &ev) {
                    self.run(effect);
                }
            }
            None if ctx == Ctx::Search => self.accounts.search_key(ev),
            None => {}
        }
    }

    /// Pasted text goes to whatever is taking text.
    pub fn on_paste(&mut self, text: &str) {
        let searching = self.context() == Ctx::Search;
        match &mut self.modal {
            Some(Modal::Form { form, .. }) => form.handle_paste(text),
            None if searching => self.accounts.search_paste(text),
            _ => {}
        }
    }

    fn modal_key(&mut self, modal: Modal, ev: KeyEvent) {
        match modal {
            // any key closes the help
            Modal::Help => {}
            Modal::Confirm { question, then } => match keymap::lookup(Ctx::Confirm, &ev) {
                Some(Action::Yes) => self.run(then),
                Some(Action::No) => {}
                _ => self.modal = Some(Modal::Confirm { question, then }),
            },
            Modal::Form { mut form, purpose } => match form.handle_key(ev) {
                FormOutcome::Continue => self.modal = Some(Modal::Form { form, purpose }),
                FormOutcome::Close => {}
                FormOutcome::Submit => {
                    let effect = match purpose {
                        FormPurpose::Account { id } => {
                            forms::account::submit(&mut form, &self.settings)
                                .map(|input| Effect::SaveAccount { id, input })
                        }
                        FormPurpose::Contact { account_id, id } => {
                            forms::contact::submit(&mut form, self.clock.today()).map(|input| {
                                Effect::SaveContact {
                                    account_id,
                                    id,
                                    input,
                                }
                            })
                        }
                    };
                    // the form stays open until the save succeeds
                    self.modal = Some(Modal::Form { form, purpose });
                    if let Some(effect) = effect {
                        self.run(effect);
                    }
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
                    (_, ratatui::crossterm::event::KeyCode::Char(c)) => {
                        let d = c.to_digit(10).unwrap_or(1) as usize;
                        if d == 0 || d > n {
                            return None;
                        }
                        d - 1
                    }
                    _ => cur,
                };
                self.tab = Tab::ALL[next];
                self.pages.clear();
                return None;
            }
            Action::Back if !self.pages.is_empty() => {
                self.pages.pop();
                return Some(Effect::LoadAccounts);
            }
            _ => {}
        }
        match self.pages.last_mut() {
            Some(Page::Account(view)) => view.update(action),
            None => match self.tab {
                Tab::Accounts => self.accounts.update(action),
            },
        }
    }

    /// Carries out an effect. Store errors become a status message and
    /// leave the state as it was (a form stays open with what was typed).
    pub fn run(&mut self, effect: Effect) {
        if let Err(e) = self.try_run(effect) {
            self.error(e);
        }
    }

    fn try_run(&mut self, effect: Effect) -> Result<(), StoreError> {
        match effect {
            Effect::LoadAccounts => {
                let rows = self.store.list_account_summaries(self.accounts.archived)?;
                self.accounts.set_rows(rows);
            }
            Effect::OpenAccount(id) => match self.load_account(id)? {
                Some(data) => {
                    self.pages.clear();
                    self.pages.push(Page::Account(AccountView::new(data)));
                }
                None => self.error(s().account_missing),
            },
            Effect::NewAccountForm => {
                self.modal = Some(Modal::Form {
                    form: forms::account::build(None, &self.settings, self.clock.today()),
                    purpose: FormPurpose::Account { id: None },
                });
            }
            Effect::EditAccountForm(id) => match self.store.get_account(id)? {
                Some(account) => {
                    self.modal = Some(Modal::Form {
                        form: forms::account::build(
                            Some(&account),
                            &self.settings,
                            self.clock.today(),
                        ),
                        purpose: FormPurpose::Account { id: Some(id) },
                    });
                }
                None => self.error(s().account_missing),
            },
            Effect::SaveAccount { id, input } => {
                let name = input.name.clone();
                let saved_id = match id {
                    Some(id) => {
                        self.store.update_account(id, &input, &self.clock)?;
                        self.info((s().saved_account)(&name));
                        id
                    }
                    None => {
                        let id = self.store.add_account(&input, &self.clock)?;
                        self.info((s().added_account)(&name));
                        id
                    }
                };
                self.modal = None;
                self.refresh()?;
                self.accounts.select_id(saved_id);
            }
            Effect::Confirm { question, then } => {
                self.modal = Some(Modal::Confirm {
                    question,
                    then: *then,
                });
            }
            Effect::SetArchived { id, archived, name } => {
                self.store.set_account_archived(id, archived, &self.clock)?;
                self.info(if archived {
                    (s().archived_account)(&name)
                } else {
                    (s().unarchived_account)(&name)
                });
                self.refresh()?;
            }
            Effect::NewContactForm(account_id) => match self.store.get_account(account_id)? {
                Some(account) => {
                    self.modal = Some(Modal::Form {
                        form: forms::contact::build(
                            None,
                            &account.input.name,
                            &account.input.owner,
                            self.clock.today(),
                        ),
                        purpose: FormPurpose::Contact {
                            account_id,
                            id: None,
                        },
                    });
                }
                None => self.error(s().account_missing),
            },
            Effect::EditContactForm(id) => match self.store.get_contact(id)? {
                Some(contact) => {
                    self.modal = Some(Modal::Form {
                        form: forms::contact::build(Some(&contact), "", "", self.clock.today()),
                        purpose: FormPurpose::Contact {
                            account_id: contact.account_id,
                            id: Some(id),
                        },
                    });
                }
                None => self.error(s().contact_missing),
            },
            Effect::SaveContact {
                account_id,
                id,
                input,
            } => {
                let saved = match id {
                    Some(id) => {
                        self.store.update_contact(id, &input, &self.clock)?;
                        self.info((s().saved_contact)(&input.name));
                        id
                    }
                    None => {
                        let id = self.store.add_contact(account_id, &input, &self.clock)?;
                        self.info((s().added_contact)(&input.name));
                        id
                    }
                };
                self.modal = None;
                self.refresh()?;
                if let Some(Page::Account(view)) = self.pages.last_mut() {
                    view.select_contact(saved);
                }
            }
            Effect::DeleteContact { id, name } => {
                self.store.delete_contact(id)?;
                self.info((s().deleted_contact)(&name));
                self.refresh()?;
            }
            Effect::Message(text) => self.info(text),
        }
        Ok(())
    }

    /// Everything the Account view shows, or `None` if the account is gone.
    fn load_account(&self, id: i64) -> Result<Option<AccountData>, StoreError> {
        let Some(account) = self.store.get_account(id)? else {
            return Ok(None);
        };
        let figures = self.store.account_figures(id)?;
        let contacts = self.store.contacts_of(id)?;
        Ok(Some(AccountData::new(
            account,
            figures,
            contacts,
            &self.clock,
            &self.thresholds,
        )))
    }

    /// Reloads what is on screen after a change.
    fn refresh(&mut self) -> Result<(), StoreError> {
        let rows = self.store.list_account_summaries(self.accounts.archived)?;
        self.accounts.set_rows(rows);
        let open = self.pages.last().map(|Page::Account(view)| view.id());
        if let Some(id) = open {
            match self.load_account(id)? {
                Some(data) => {
                    if let Some(Page::Account(view)) = self.pages.last_mut() {
                        view.reload(data);
                    }
                }
                None => {
                    self.pages.pop();
                }
            }
        }
        Ok(())
    }

    /// Draws everything: tab bar, the screen in front, status line, hint
    /// bar and any popup. Reads state only.
    pub fn render(&self, frame: &mut Frame<'_>) {
        let area = frame.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = (s().too_small)(area.width, area.height);
            frame.render_widget(
                Paragraph::new(
                    crate::domain::text::wrap(&msg, area.width.max(1) as usize)
                        .into_iter()
                        .map(Line::raw)
                        .collect::<Vec<_>>(),
                ),
                area,
            );
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
            None => match self.tab {
                Tab::Accounts => self.accounts.render(frame, body, theme, &self.clock),
            },
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
            None => {}
        }
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
            spans.push(Span::styled(format!(" {} {} ", i + 1, tab.title()), style));
        }
        if let Some(Page::Account(view)) = self.pages.last() {
            spans.push(Span::raw("  ›  "));
            spans.push(Span::styled(
                crate::domain::text::sanitize(&view.data.account.input.name).into_owned(),
                theme.tab_active(),
            ));
        }
        Line::from(spans)
    }
}
