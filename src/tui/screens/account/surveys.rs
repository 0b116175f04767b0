//! The surveys section of the Account view: the latest score of each
//! dimension, CSAT over the last twelve months (share of 4s and 5s), the
//! overall score over time, and the responses themselves.

use super::AccountData;
use crate::domain::survey::{csat, trend};
use crate::domain::text::{fit, fit_right};
use crate::domain::{Clock, Dimension};
use crate::strings::{Label, s};
use crate::tui::effect::Effect;
use crate::tui::keymap::Action;
use crate::tui::screens::surveys::{cells, columns, score_cell};
use crate::tui::theme::Theme;
use crate::tui::widgets::table::{self, ListView};
use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline};

#[derive(Default)]
pub struct SurveysSection {
    pub list: ListView,
}

impl SurveysSection {
    pub fn update(&mut self, action: Action, data: &AccountData) -> Option<Effect> {
        let len = data.surveys.len();
        match action {
            _ if self.list.navigate(action, len) => {}
            _ => {
                let r = data.surveys.get(self.list.selected)?;
                return crate::tui::screens::surveys::survey_action(action, r);
            }
        }
        None
    }

    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        data: &AccountData,
        theme: &Theme,
        clock: &Clock,
    ) {
        if data.surveys.is_empty() {
            frame.render_widget(
                Paragraph::new(Line::styled(s().no_account_surveys, theme.dim())),
                area,
            );
            return;
        }
        let lines = dimension_lines(data, theme, clock);
        let table_h = lines.len() as u16;
        let left_w = 40.min(area.width);
        frame.render_widget(
            Paragraph::new(lines),
            Rect::new(area.x, area.y, left_w, table_h.min(area.height)),
        );
        if area.width > left_w + 12 {
            let spark = Rect::new(
                area.x + left_w + 2,
                area.y,
                area.width - left_w - 2,
                table_h.min(area.height),
            );
            render_overall(frame, spark, data, theme);
        }
        if area.height <= table_h + 3 {
            return;
        }
        let body = Rect::new(
            area.x,
            area.y + table_h + 1,
            area.width,
            area.height - table_h - 1,
        );
        let window = self
            .list
            .window(data.surveys.len(), body.height.saturating_sub(1) as usize);
        let selected = self.list.selected.checked_sub(window.start);
        let rows = data.surveys[window]
            .iter()
            .map(|r| cells(r, false, theme))
            .collect();
        table::render(frame, body, &columns(false), rows, selected, theme);
    }
}

/// The overall score of every survey, newest first (0 when not given).
fn overall_scores(data: &AccountData) -> Vec<u8> {
    data.surveys
        .iter()
        .map(|r| r.input.score(Dimension::Overall).unwrap_or(0))
        .collect()
}

/// Each dimension's latest score and its CSAT over the last year, and a
/// line summing up the surveys.
fn dimension_lines(data: &AccountData, theme: &Theme, clock: &Clock) -> Vec<Line<'static>> {
    let t = s();
    let year_ago = clock.today() - Duration::days(365);
    let recent: Vec<_> = data
        .surveys
        .iter()
        .filter(|r| r.input.taken_at > year_ago)
        .collect();
    // each column as wide as the widest it holds, two cells apart
    let name_w =
        usize::from(table::widest_label(&Dimension::ALL).max(table::widest([t.col_dimension])));
    let latest_w = usize::from(table::widest([t.col_latest, "5!"])) + 2;
    let csat_w = usize::from(table::widest([t.col_csat, "100%", t.none])) + 2;
    let mut lines = vec![Line::from(vec![
        Span::styled(fit(t.col_dimension, name_w), theme.header()),
        Span::styled(fit_right(t.col_latest, latest_w), theme.header()),
        Span::styled(fit_right(t.col_csat, csat_w), theme.header()),
    ])];
    for d in Dimension::ALL {
        // the latest answer to this dimension (it may not have been asked last time)
        let last = data.surveys.iter().find_map(|r| r.input.score(d));
        let pct = csat(recent.iter().map(|r| r.input.score(d)));
        let cell = score_cell(last, theme);
        lines.push(Line::from(vec![
            Span::styled(fit(d.label(), name_w), theme.header()),
            Span::styled(fit_right(&cell.text, latest_w), cell.style),
            Span::raw(fit_right(
                &pct.map_or_else(|| t.none.to_string(), |p| format!("{p:.0}%")),
                csat_w,
            )),
        ]));
    }
    let arrow = trend(&overall_scores(data)).map_or("", |tr| t.trend_arrow[tr as usize]);
    let latest = &data.surveys[0].input;
    lines.push(Line::styled(
        (t.surveys_summary)(data.surveys.len(), &latest.taken_at.to_string(), arrow),
        theme.dim(),
    ));
    lines
}

/// The overall score over time, oldest on the left.
fn render_overall(frame: &mut Frame<'_>, area: Rect, data: &AccountData, theme: &Theme) {
    let series: Vec<u64> = overall_scores(data)
        .iter()
        .rev()
        .map(|&o| u64::from(o))
        .collect();
    let spark_w = usize::from(area.width);
    let start = series.len().saturating_sub(spark_w.saturating_sub(2));
    let spark = Sparkline::default()
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border())
                .title(Span::styled(
                    format!(" {} ", s().overall_over_time),
                    theme.header(),
                )),
        )
        .data(&series[start..])
        .max(5)
        .style(theme.good());
    frame.render_widget(spark, area);
}
