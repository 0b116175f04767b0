//! The overview section of the Account view: every field of the account
//! and the figures behind it.

use super::AccountData;
use crate::domain::breadth::{Breadth, Verdict};
use crate::domain::clock::days_between;
use crate::domain::health::Band;
use crate::domain::text::{self, fit, wrap};
use crate::domain::visit::{CadenceState, cadence_state};
use crate::domain::{AccountStatus, Clock};
use crate::strings::{Label, s};
use crate::tui::effect::Effect;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::cadence;
use crate::tui::widgets::scroll::Scroll;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Default)]
pub struct Overview {
    scroll: Scroll,
}

impl Overview {
    pub fn update(&mut self, action: Action, data: &AccountData) -> Option<Effect> {
        let a = &data.account;
        match action {
            _ if self.scroll.update(action) => {}
            Action::Edit => return Some(Effect::EditAccountForm(a.id)),
            Action::Archive | Action::Unarchive => {
                return Some(Effect::archive(
                    a.id,
                    &a.input.name,
                    a.archived_at.is_some(),
                    action == Action::Archive,
                ));
            }
            _ => {}
        }
        None
    }

    /// Label/value lines of the account's own fields.
    fn profile(data: &AccountData, theme: &Theme) -> Vec<(&'static str, Span<'static>)> {
        let t = s();
        let a = &data.account.input;
        let plain = |v: &str| {
            if v.trim().is_empty() {
                Span::styled(t.none, theme.dim())
            } else {
                Span::raw(text::sanitize(v).into_owned())
            }
        };
        let money = |m: i64| {
            let style = if m < 0 {
                theme.negative()
            } else {
                Style::new()
            };
            Span::styled(crate::strings::money(m, true), style)
        };
        let status_style = match a.status {
            AccountStatus::AtRisk => theme.warn(),
            AccountStatus::Lost => theme.error(),
            _ => Style::new(),
        };
        let mut rows = vec![
            (t.f_tier, Span::raw(a.tier.label())),
            (t.f_level, Span::raw(a.relationship_level.label())),
            (t.f_status, Span::styled(a.status.label(), status_style)),
        ];
        if a.status == AccountStatus::Lost {
            rows.push((
                t.f_lost_reason,
                a.lost_reason
                    .map_or(Span::styled(t.none, theme.dim()), |r| Span::raw(r.label())),
            ));
            rows.push((
                t.f_defection,
                a.defection
                    .map_or(Span::styled(t.none, theme.dim()), |d| Span::raw(d.label())),
            ));
        }
        let margin = if a.annual_revenue > 0 {
            Span::raw(format!(
                "{:.1}%",
                a.annual_profit as f64 * 100.0 / a.annual_revenue as f64
            ))
        } else {
            Span::styled(t.none, theme.dim())
        };
        rows.extend([
            (t.f_industry, plain(&a.industry)),
            (t.f_region, plain(&a.region)),
        ]);
        // shown once there is one (most accounts have none yet)
        if !a.address.is_empty() {
            rows.push((crate::strings_cards::address_label(), plain(&a.address)));
        }
        rows.extend([
            (t.f_owner, plain(&a.owner)),
            (t.f_backup_owner, plain(&a.backup_owner)),
            (t.f_revenue, money(a.annual_revenue)),
            (t.f_profit, money(a.annual_profit)),
            (t.f_margin, margin),
            (
                t.f_cadence,
                Span::raw((t.cadence_days)(a.visit_cadence_days)),
            ),
        ]);
        rows
    }

    /// The cadence figure: due in / overdue by, with its mark and style.
    fn cadence_span(data: &AccountData, today: chrono::NaiveDate, theme: &Theme) -> Span<'static> {
        let t = s();
        let cadence = i64::from(data.account.input.visit_cadence_days);
        match data.figures.last_done_visit {
            None => Span::styled(t.cadence_never, theme.warn()),
            Some(last) => {
                let due_in = cadence - days_between(last.date(), today);
                let state = cadence_state(
                    Some(last.date()),
                    data.account.input.visit_cadence_days,
                    today,
                    data.due_soon_days,
                );
                let text = if due_in < 0 {
                    (t.cadence_overdue)(-due_in)
                } else {
                    (t.cadence_due_in)(due_in)
                };
                let text = match state {
                    Some(CadenceState::Within) | None => text,
                    _ => cadence::marked(state, &text),
                };
                Span::styled(text, cadence::style(state, theme))
            }
        }
    }

    /// Label/value lines of the figures derived from the other tables.
    fn figures(
        data: &AccountData,
        clock: &Clock,
        theme: &Theme,
    ) -> Vec<(&'static str, Span<'static>)> {
        let t = s();
        let f = &data.figures;
        let today = clock.today();
        let when = |d: Option<chrono::NaiveDateTime>, future: bool| match d {
            None => Span::styled(t.none, theme.dim()),
            Some(d) => {
                let rel = if future {
                    (t.in_days)(days_between(today, d.date()))
                } else {
                    (t.days_ago)(days_between(d.date(), today))
                };
                Span::raw(crate::strings::aside(
                    &d.format("%Y-%m-%d %H:%M").to_string(),
                    &rel,
                ))
            }
        };
        let cadence_span = Self::cadence_span(data, today, theme);

        vec![
            (
                t.fig_contacts_label,
                Span::raw((t.fig_contacts)(f.contacts, f.departed_contacts)),
            ),
            (t.fig_breadth, breadth_span(&data.breadth, theme)),
            (
                t.fig_complaints_label,
                Span::styled(
                    (t.fig_complaints)(f.open_complaints, f.complaints_total),
                    if f.open_complaints > 0 {
                        theme.warn()
                    } else {
                        Style::new()
                    },
                ),
            ),
            (t.fig_oldest_open, when(f.oldest_open_complaint, false)),
            (t.fig_last_visit, when(f.last_done_visit, false)),
            (t.fig_cadence, cadence_span),
            (t.fig_next_visit, when(f.next_planned_visit, true)),
            (t.fig_visits_done, Span::raw(f.visits_done.to_string())),
            (t.fig_surveys, Span::raw(f.surveys.to_string())),
            (
                t.fig_latest_overall,
                match (f.latest_overall, f.latest_survey) {
                    (Some(score), Some(d)) => {
                        Span::raw(crate::strings::aside(&format!("{score}/5"), &d.to_string()))
                    }
                    _ => Span::styled(t.none, theme.dim()),
                },
            ),
        ]
    }

    /// Draws the section into `area` (inside the view's frame).
    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        data: &AccountData,
        theme: &Theme,
        clock: &Clock,
    ) {
        let t = s();
        let a = &data.account;
        let mut lines: Vec<Line> = Vec::new();
        let inner_w = area.width as usize;
        lines.extend(health_lines(data, inner_w, theme));
        lines.push(Line::raw(""));
        let label_w = 22;
        let two_columns = inner_w >= 100;
        let profile = Self::profile(data, theme);
        let figures = Self::figures(data, clock, theme);
        let pair = |(label, value): &(&'static str, Span<'static>), w: usize| {
            let value_w = w.saturating_sub(label_w);
            vec![
                Span::styled(fit(label, label_w), theme.header()),
                Span::styled(fit(&value.content, value_w), value.style),
            ]
        };
        if two_columns {
            let half = inner_w / 2;
            lines.push(Line::from(vec![
                Span::styled(fit(t.sec_profile, half), theme.header()),
                Span::styled(t.sec_figures, theme.header()),
            ]));
            for i in 0..profile.len().max(figures.len()) {
                let mut spans = match profile.get(i) {
                    Some(p) => pair(p, half),
                    None => vec![Span::raw(" ".repeat(half))],
                };
                if let Some(f) = figures.get(i) {
                    spans.extend(pair(f, inner_w - half));
                }
                lines.push(Line::from(spans));
            }
        } else {
            lines.push(Line::styled(t.sec_profile, theme.header()));
            lines.extend(profile.iter().map(|p| Line::from(pair(p, inner_w))));
            lines.push(Line::raw(""));
            lines.push(Line::styled(t.sec_figures, theme.header()));
            lines.extend(figures.iter().map(|f| Line::from(pair(f, inner_w))));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(t.sec_notes, theme.header()));
        if a.input.notes.trim().is_empty() {
            lines.push(Line::styled(t.no_notes, theme.dim()));
        } else {
            lines.extend(wrap(&a.input.notes, inner_w).into_iter().map(Line::raw));
        }
        lines.push(Line::raw(""));
        let stamp = |label: &str, v: &str| {
            Line::from(vec![
                Span::styled(fit(label, label_w), theme.dim()),
                Span::styled(v.to_string(), theme.dim()),
            ])
        };
        lines.push(stamp(t.f_uid, &a.uid));
        // stored in UTC, shown in local time
        let local = |at: &str| crate::portfolio::journal::local_time(at, clock);
        lines.push(stamp(t.f_created, &local(&a.created_at)));
        lines.push(stamp(t.f_updated, &local(&a.updated_at)));
        if let Some(at) = &a.archived_at {
            lines.push(stamp(t.f_archived, &local(at)));
        }

        let scroll = self.scroll.offset(lines.len(), area.height);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
    }
}

/// The breadth verdict in a few words, coloured by how worrying it is.
pub fn breadth_span(b: &Breadth, theme: &Theme) -> Span<'static> {
    let t = s();
    let style = match b.verdict {
        Verdict::SingleThreaded => theme.warn(),
        Verdict::Narrow => Style::new(),
        Verdict::Broad => theme.good(),
    };
    Span::styled((t.breadth_summary)(b), style)
}

/// The health score, what each group contributes and why, and — for an
/// account at risk whose status does not say so — the suggestion to mark it.
fn health_lines(data: &AccountData, w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let t = s();
    let h = &data.health;
    let band_style = match h.band {
        Band::AtRisk => theme.error(),
        Band::Watch => theme.warn(),
        Band::Healthy => theme.good(),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(fit(t.sec_health, 22), theme.header()),
        Span::styled((t.health_line)(h.score, h.band.label()), band_style),
    ])];
    for g in &h.groups {
        let pts = format!("{:>2}/{:<2}", g.points, g.kind.max());
        let style = if g.points * 2 < g.kind.max() {
            theme.warn()
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(fit(g.kind.label(), 20), theme.dim()),
            Span::styled(format!("{pts}  "), style),
            Span::raw(fit(&(t.health_reason)(&g.reason), w.saturating_sub(30))),
        ]));
    }
    let status = data.account.input.status;
    if h.band == Band::AtRisk && !matches!(status, AccountStatus::AtRisk | AccountStatus::Lost) {
        lines.push(Line::styled(
            format!("  {}", (t.suggest_at_risk)(h.score)),
            theme.warn(),
        ));
    }
    lines
}
