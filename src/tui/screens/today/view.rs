//! How the morning review is drawn: one line per entry, a short first
//! column, the account, and what to know.

use super::{Entry, Section, TodayState};
use crate::domain::Clock;
use crate::domain::complaint::TargetState;
use crate::domain::text::{fit, sanitize};
use crate::portfolio::complaints::Aged;
use crate::portfolio::sync::ShownConflict;
use crate::portfolio::today::{Birthday, LowScore, Scored, lowest};
use crate::portfolio::visits::{Due, VisitRow};
use crate::strings::{Label, s, short_age};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The three cells of a row, each with its style (the account's is plain).
struct Cells<'a> {
    first: (String, Style),
    account: &'a str,
    detail: (String, Style),
}

/// Draws the entries in the window, or how to begin in an empty portfolio.
pub(super) fn render(
    state: &TodayState,
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    clock: &Clock,
) {
    if state.empty {
        crate::tui::screens::accounts::render_welcome(frame, area, theme);
        return;
    }
    let window = state.list.window(state.entries.len(), area.height as usize);
    let w = area.width as usize;
    let lines: Vec<Line> = state.entries[window.clone()]
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let selected = window.start + k == state.list.selected;
            entry_line(e, w, selected, clock, theme)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn entry_line(e: &Entry, w: usize, selected: bool, clock: &Clock, theme: &Theme) -> Line<'static> {
    let t = s();
    let cells = match e {
        Entry::Header(section, n) => {
            let style = if *n > 0 {
                theme.title()
            } else {
                theme.header()
            };
            return Line::styled(
                crate::strings::aside(section.title(), &n.to_string()),
                style,
            );
        }
        Entry::Calm(section) => {
            return Line::styled(format!("  {}", calm(*section)), theme.dim());
        }
        Entry::More(section, n) => {
            return Line::styled(
                format!("  {}", (t.more_rows)(*n, more_where(*section))),
                theme.dim(),
            );
        }
        Entry::Conflict(c) => conflict(c, theme),
        Entry::ConflictValue(c, kept) => return conflict_value(c, *kept, w, theme),
        Entry::Visit(v) => visit(v, clock, theme),
        Entry::Complaint(a) => complaint(a, theme),
        Entry::AtRisk(sc) => at_risk(sc, theme),
        Entry::Thin(sc) => thin(sc, theme),
        Entry::Due(d) => due(d, theme),
        Entry::Low(l) => low(l, theme),
        Entry::Birthday(b) => birthday(b, clock, theme),
    };
    row(cells, w, selected, theme)
}

/// One row in its three columns, highlighted when selected.
fn row(cells: Cells<'_>, w: usize, selected: bool, theme: &Theme) -> Line<'static> {
    let first_w = 16;
    let account_w = (w / 3).clamp(16, 34);
    let detail_w = w.saturating_sub(first_w + account_w + 4);
    let sel = |st: Style| {
        if selected {
            st.patch(theme.selected())
        } else {
            st
        }
    };
    let Cells {
        first,
        account,
        detail,
    } = cells;
    Line::from(vec![
        Span::styled("  ", sel(Style::new())),
        Span::styled(fit(&first.0, first_w), sel(first.1)),
        Span::styled(" ", sel(Style::new())),
        Span::styled(fit(account, account_w), sel(Style::new())),
        Span::styled(" ", sel(Style::new())),
        Span::styled(fit(&detail.0, detail_w), sel(detail.1)),
    ])
}

/// A sync conflict: the field both changed, the record, what happened.
fn conflict<'a>(c: &'a ShownConflict, theme: &Theme) -> Cells<'a> {
    Cells {
        first: (c.field.clone(), theme.warn()),
        account: &c.subject,
        detail: (c.kind.to_string(), Style::new()),
    }
}

/// A line under a conflict: the value kept for now or the other, who made
/// it, when, and the key that settles on it.
fn conflict_value(c: &ShownConflict, kept: bool, w: usize, theme: &Theme) -> Line<'static> {
    use crate::domain::text::width;
    use crate::strings_sync::{key_keeps, key_takes, value_now, value_other};
    let (label, value, who, at, key) = if kept {
        (value_now(), &c.kept, &c.kept_by, &c.kept_at, key_keeps())
    } else {
        let key = if c.can_take { key_takes() } else { "" };
        (value_other(), &c.other, &c.other_by, &c.other_at, key)
    };
    let by: Vec<&str> = [who.as_str(), at.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    let comma = match crate::strings::lang() {
        crate::strings::Lang::Zh => "，",
        crate::strings::Lang::En => ", ",
    };
    let label_w = 19;
    // both keys take the room of the wider, so that the columns line up
    let key_w = width(key_keeps()).max(width(key_takes()));
    let rest = w.saturating_sub(label_w + key_w + 4);
    let value_w = rest * 2 / 5;
    let by_w = rest - value_w;
    let style = if kept { Style::new() } else { theme.dim() };
    Line::from(vec![
        Span::styled(fit(&format!("    {label}"), label_w), theme.dim()),
        Span::styled(fit(&sanitize(value), value_w), style),
        Span::raw("  "),
        Span::styled(fit(&by.join(comma), by_w), theme.dim()),
        Span::raw("  "),
        Span::styled(key.to_string(), theme.dim()),
    ])
}

fn visit<'a>(v: &'a VisitRow, clock: &Clock, theme: &Theme) -> Cells<'a> {
    let t = s();
    let overdue = v.scheduled_at < clock.now;
    let when = if v.scheduled_at.date() == clock.today() {
        format!("{} {}", t.today, v.scheduled_at.format("%H:%M"))
    } else {
        crate::strings::when(v.scheduled_at, false)
    };
    let mut detail = v.kind.label().to_string();
    if !v.contacts.is_empty() {
        detail.push_str(&format!(" · {}", crate::strings::listed(&v.contacts)));
    }
    if !v.purpose.is_empty() {
        detail.push_str(&format!(" · {}", v.purpose));
    }
    let when_style = if overdue { theme.error() } else { Style::new() };
    Cells {
        first: (when, when_style),
        account: &v.account_name,
        detail: (detail, Style::new()),
    }
}

fn complaint<'a>(a: &'a Aged, theme: &Theme) -> Cells<'a> {
    let t = s();
    let first = match a.target {
        TargetState::Breached { by } => ((t.target_over)(&short_age(by)), theme.error()),
        TargetState::Open { left } => ((t.target_left)(&short_age(left)), theme.warn()),
        _ => (String::new(), Style::new()),
    };
    let detail = format!(
        "{} · {} · {} · {}",
        a.row.severity.label(),
        short_age(a.age),
        a.row.summary,
        a.row.status.label()
    );
    Cells {
        first,
        account: &a.row.account_name,
        detail: (detail, Style::new()),
    }
}

fn at_risk<'a>(sc: &'a Scored, theme: &Theme) -> Cells<'a> {
    let t = s();
    let reasons: Vec<String> = sc
        .health
        .main_reasons(2)
        .iter()
        .map(|g| (t.health_reason)(&g.reason))
        .collect();
    Cells {
        first: ((t.health_short)(sc.health.score), theme.error()),
        account: &sc.account.name,
        detail: (reasons.join(" · "), Style::new()),
    }
}

fn thin<'a>(sc: &'a Scored, theme: &Theme) -> Cells<'a> {
    let t = s();
    let b = &sc.account.breadth;
    Cells {
        first: ((t.breadth_short)(b.departments, b.ties), theme.warn()),
        account: &sc.account.name,
        detail: (t.thin_hint.to_string(), theme.dim()),
    }
}

fn due<'a>(d: &'a Due, theme: &Theme) -> Cells<'a> {
    let t = s();
    let first = match d.overdue {
        Some(days) => (t.cadence_overdue_short)(days),
        None => t.cadence_never.to_string(),
    };
    let detail = format!(
        "{} · {}",
        d.account.tier.label(),
        (t.cadence_every)(d.account.cadence_days)
    );
    Cells {
        first: (first, theme.warn()),
        account: &d.account.name,
        detail: (detail, Style::new()),
    }
}

fn low<'a>(l: &'a LowScore, theme: &Theme) -> Cells<'a> {
    let (dim, score) = lowest(l);
    let mut detail = format!("{} {score}/5 · {}", dim.label(), l.taken_at);
    if let Some(r) = &l.respondent {
        detail.push_str(&format!(" · {r}"));
    }
    Cells {
        first: (format!("{score}/5"), theme.error()),
        account: &l.account_name,
        detail: (detail, Style::new()),
    }
}

fn birthday<'a>(b: &'a Birthday, clock: &Clock, theme: &Theme) -> Cells<'a> {
    let days = (b.on - clock.today()).num_days();
    let detail = format!("{} · {}", sanitize(&b.name), b.on.format("%m-%d"));
    Cells {
        first: ((s().in_days)(days), theme.good()),
        account: &b.account_name,
        detail: (detail, Style::new()),
    }
}

/// Where the rest of a long section is to be found.
fn more_where(section: Section) -> &'static str {
    let t = s();
    match section {
        Section::Visits | Section::DueByCadence => t.tab_visits,
        Section::Complaints => t.tab_complaints,
        Section::LowScores => t.tab_surveys,
        _ => t.tab_accounts,
    }
}

fn calm(section: Section) -> &'static str {
    let t = s();
    match section {
        Section::Conflicts => "",
        Section::Visits => t.calm_visits,
        Section::Complaints => t.calm_complaints,
        Section::AtRisk => t.calm_at_risk,
        Section::SingleThreaded => t.calm_single_threaded,
        Section::DueByCadence => t.calm_due,
        Section::LowScores => t.calm_low_scores,
        Section::Birthdays => t.calm_birthdays,
    }
}
