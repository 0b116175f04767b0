//! The Surveys screen: recent responses across the portfolio, newest first,
//! with every score at a glance; low scores (2 or less) stand out and can be
//! shown alone. Enter opens a response to edit it.

use crate::domain::survey::LOW_SCORE;
use crate::domain::{Clock, Dimension, SurveyChannel, SurveyInput};
use crate::portfolio::surveys::{SurveyQuery, SurveyRow};
use crate::portfolio::{Portfolio, Result};
use crate::strings::{Label, s};
use crate::tui::effect::Effect;
use crate::tui::keymap::{Action, Ctx};
use crate::tui::screens::Screen;
use crate::tui::theme::Theme;
use crate::tui::widgets::table::{self, Column, ListView, TableCell};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The keys that act on one survey response, shared by every survey list:
/// Enter reads it in full, `e` corrects it, `d` deletes it, `A` opens its
/// account.
pub fn survey_action(action: Action, r: &SurveyRow) -> Option<Effect> {
    let record = crate::portfolio::records::RecordRef::Survey(r.id);
    match action {
        Action::Open => Some(Effect::OpenRecord(record)),
        Action::Edit => Some(Effect::SurveyForm {
            account_id: r.account_id,
            id: Some(r.id),
        }),
        Action::Delete => Some(Effect::AskDelete(record)),
        Action::OpenAccountOf => Some(Effect::OpenAccountSurvey(r.account_id, r.id)),
        _ => None,
    }
}

/// How many surveys the screen loads at a time: the newest first, the next
/// ones when the cursor comes near the end of what is loaded.
pub const SURVEYS_PAGE: u32 = 200;

#[derive(Default)]
pub struct SurveysState {
    rows: Vec<SurveyRow>,
    pub list: ListView,
    /// Only surveys with a score of 2 or less.
    pub low_only: bool,
    /// Only this account's (id, name).
    pub account: Option<(i64, String)>,
    loaded: bool,
    /// How many rows to load; grows by a page as the cursor nears the end.
    limit: u32,
}

impl SurveysState {
    pub fn set_rows(&mut self, rows: Vec<SurveyRow>) {
        let keep = self.selected().map(|r| r.id);
        self.rows = rows;
        self.loaded = true;
        self.list.clamp(self.rows.len());
        if let Some(id) = keep {
            self.select_id(id);
        }
    }

    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// How many surveys to load.
    pub fn limit(&self) -> u32 {
        self.limit.max(SURVEYS_PAGE)
    }

    /// Whether older surveys exist beyond those loaded.
    fn more(&self) -> bool {
        self.rows.len() as u64 >= u64::from(self.limit())
    }

    /// Starts again from the newest page (after a filter changes).
    fn restart(&mut self) -> Option<Effect> {
        self.limit = SURVEYS_PAGE;
        self.list.top();
        Some(Effect::LoadSurveys)
    }

    pub fn select_id(&mut self, id: i64) {
        if let Some(i) = self.rows.iter().position(|r| r.id == id) {
            self.list.selected = i;
        }
    }

    pub fn selected(&self) -> Option<&SurveyRow> {
        self.rows.get(self.list.selected)
    }
}

impl Screen for SurveysState {
    fn title(&self) -> &'static str {
        s().tab_surveys
    }

    fn context(&self) -> Ctx {
        Ctx::Surveys
    }

    fn load(&mut self, portfolio: &Portfolio, _clock: &Clock) -> Result<()> {
        let rows = portfolio.surveys(SurveyQuery {
            account_id: self.account.as_ref().map(|(id, _)| *id),
            low_only: self.low_only,
            limit: self.limit(),
        })?;
        self.set_rows(rows);
        Ok(())
    }

    fn update(&mut self, action: Action) -> Option<Effect> {
        let len = self.rows.len();
        match action {
            _ if self.list.navigate(action, len) => {}
            Action::Open | Action::Edit | Action::Delete | Action::OpenAccountOf => {
                return self.selected().and_then(|r| survey_action(action, r));
            }
            Action::Add | Action::Survey => return Some(Effect::PickAccountForSurvey),
            Action::ToggleLow => {
                self.low_only = !self.low_only;
                return self.restart();
            }
            Action::FilterAccount => {
                self.account = match (&self.account, self.selected()) {
                    (Some(_), _) | (None, None) => None,
                    (None, Some(r)) => Some((r.account_id, r.account_name.clone())),
                };
                return self.restart();
            }
            Action::Back if self.low_only || self.account.is_some() => {
                self.low_only = false;
                self.account = None;
                return self.restart();
            }
            _ => {}
        }
        // near the end of what is loaded: load the next page
        let near_end = self.list.selected + self.list.page().unsigned_abs() >= len;
        if matches!(action, Action::Down | Action::PageDown | Action::Bottom)
            && near_end
            && self.more()
        {
            self.limit = self.limit() + SURVEYS_PAGE;
            return Some(Effect::LoadSurveys);
        }
        None
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, _clock: &Clock) {
        let t = s();
        let mut parts = vec![(t.surveys_count)(self.rows.len(), self.more())];
        if self.low_only {
            parts.push(t.low_only.to_string());
        }
        if let Some((_, name)) = &self.account {
            parts.push(crate::strings::labelled(t.col_account, name));
        }
        frame.render_widget(
            Paragraph::new(Line::styled(
                crate::domain::text::sanitize(&parts.join("  ·  ")).into_owned(),
                theme.dim(),
            )),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let body = Rect::new(
            area.x,
            area.y + 1,
            area.width,
            area.height.saturating_sub(1),
        );
        if self.rows.is_empty() {
            let msg = if self.loaded && !self.low_only && self.account.is_none() {
                t.no_surveys
            } else {
                t.no_survey_matches
            };
            frame.render_widget(
                Paragraph::new(vec![Line::raw(""), Line::styled(msg, theme.dim())])
                    .alignment(Alignment::Center),
                body,
            );
            return;
        }
        let window = self
            .list
            .window(self.rows.len(), body.height.saturating_sub(1) as usize);
        let selected = self.list.selected.checked_sub(window.start);
        let rows = self.rows[window]
            .iter()
            .map(|r| cells(r, true, theme))
            .collect();
        table::render(frame, body, &columns(true), rows, selected, theme);
    }
}

/// The columns of a survey list (with or without the account).
pub fn columns(with_account: bool) -> Vec<Column> {
    let t = s();
    let mut cols = vec![Column::fixed(t.col_date, table::DATE_WIDTH, 9)];
    if with_account {
        cols.push(Column::flexible(t.col_account, 10).prefer(22));
    }
    cols.push(Column::fixed(t.col_respondent, 12, 3));
    cols.push(Column::fixed(
        t.col_channel,
        table::widest_label(SurveyChannel::ALL),
        2,
    ));
    // a score is one digit, `!` when low
    for (title, p) in t.score_columns.iter().zip([7, 7, 7, 7, 7, 9]) {
        cols.push(Column::fixed(title, 2, p).right());
    }
    cols.push(Column::flexible(t.col_comment, 8).prefer(30));
    cols
}

/// One score: its digit, `·` when not asked; low ones stand out.
pub fn score_cell(score: Option<u8>, theme: &Theme) -> TableCell {
    match score {
        None => TableCell::styled("·", theme.dim()),
        Some(n) if n <= LOW_SCORE => TableCell::styled(format!("{n}!"), theme.error()),
        Some(n) if n >= 4 => TableCell::styled(n.to_string(), theme.good()),
        Some(n) => TableCell::new(n.to_string()),
    }
}

/// One survey as table cells, matching `columns(with_account)`.
pub fn cells(r: &SurveyRow, with_account: bool, theme: &Theme) -> Vec<TableCell> {
    let t = s();
    let i: &SurveyInput = &r.input;
    let mut out = vec![TableCell::new(i.taken_at.to_string())];
    if with_account {
        out.push(TableCell::new(r.account_name.clone()));
    }
    out.push(TableCell::new(
        r.respondent.clone().unwrap_or_else(|| t.none.to_string()),
    ));
    out.push(TableCell::new(i.channel.label()));
    for d in Dimension::ALL {
        out.push(score_cell(i.score(d), theme));
    }
    out.push(TableCell::styled(
        i.comment.replace('\n', " "),
        Style::new(),
    ));
    out
}
