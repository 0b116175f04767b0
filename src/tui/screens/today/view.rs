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
use crate::tui::widgets::{cadence, table};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The three cells of a row, each with its style (the account's is plain).
struct Cells<'a> {
    first: (String, Style),
    account: &'a str,
    detail: (Detail, Style),
}

/// What to know about a row: parts shown whole or left out (labels, dates,
/// reasons), then free text (names, a summary) cut to what is left.
#[derive(Default)]
struct Detail {
    whole: Vec<String>,
    free: String,
}

impl Detail {
    fn whole(parts: Vec<String>) -> Detail {
        Detail {
            whole: parts,
            free: String::new(),
        }
    }

    fn free(mut self, free: String) -> Detail {
        self.free = free;
        self
    }

    fn fit(&self, w: usize) -> String {
        table::fit_parts(&self.whole, Some(&self.free), w)
    }
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
    let w = Widths {
        all: area.width as usize,
        first: first_width(),
    };
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

/// The width of the screen, and of the first column.
#[derive(Clone, Copy)]
struct Widths {
    all: usize,
    first: usize,
}

/// The first column, as wide as the widest it holds in the language in
/// effect: a visit's time, how far a complaint is from its target, a
/// health score, a breadth, how overdue a visit is, a score, a birthday.
fn first_width() -> usize {
    let t = s();
    let mut texts = vec![
        format!("{} 23:59", t.today),
        (t.health_short)(100),
        (t.breadth_short)(9, 99),
        "5/5".to_string(),
    ];
    texts.extend(cadence::due_texts());
    for age in table::widest_ages() {
        texts.push((t.target_over)(&age));
        texts.push((t.target_left)(&age));
    }
    texts.extend((0..=7).map(|d| (t.in_days)(d)));
    usize::from(table::widest(texts).max(table::when_width(false)))
}

fn entry_line(e: &Entry, w: Widths, selected: bool, clock: &Clock, theme: &Theme) -> Line<'static> {
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
        Entry::ConflictValue(c, kept) => return conflict_value(c, *kept, w.all, theme),
        Entry::Visit(v) => visit(v, clock, theme),
        Entry::Complaint(a) => complaint(a, theme),
        Entry::Promise(c) => promise(c, clock, theme),
        Entry::AtRisk(sc) => at_risk(sc, theme),
        Entry::Thin(sc) => thin(sc, theme),
        Entry::Due(d) => due(d, theme),
        Entry::Low(l) => low(l, theme),
        Entry::Birthday(b) => birthday(b, clock, theme),
    };
    row(cells, w, selected, theme)
}

/// One row in its three columns, highlighted when selected.
fn row(cells: Cells<'_>, w: Widths, selected: bool, theme: &Theme) -> Line<'static> {
    let first_w = w.first;
    let account_w = (w.all / 3).clamp(16, 34);
    let detail_w = w.all.saturating_sub(first_w + account_w + 4);
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
        Span::styled(fit(&detail.0.fit(detail_w), detail_w), sel(detail.1)),
    ])
}

/// A sync conflict: the field both changed, the record, what happened.
fn conflict<'a>(c: &'a ShownConflict, theme: &Theme) -> Cells<'a> {
    Cells {
        first: (c.field.clone(), theme.warn()),
        account: &c.subject,
        detail: (Detail::default().free(c.kind.to_string()), Style::new()),
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
    let overdue = crate::domain::visit::is_overdue(v.scheduled_at, clock.now);
    let when = if v.scheduled_at.date() == clock.today() {
        format!("{} {}", t.today, v.scheduled_at.format("%H:%M"))
    } else {
        crate::strings::when(v.scheduled_at, false)
    };
    let contacts = crate::strings::listed(&v.contacts);
    let free: Vec<&str> = [contacts.as_str(), v.purpose.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    let detail = Detail::whole(vec![v.kind.label().to_string()]).free(free.join(" · "));
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
    // the labels first, whole; the summary after them, cut to what is left
    let detail = Detail::whole(vec![
        a.row.severity.label().to_string(),
        short_age(a.age),
        a.row.status.label().to_string(),
    ])
    .free(a.row.summary.clone());
    Cells {
        first,
        account: &a.row.account_name,
        detail: (detail, Style::new()),
    }
}

/// A promise due: how late, the account, what and to whom.
fn promise<'a>(c: &'a crate::domain::Commitment, clock: &Clock, theme: &Theme) -> Cells<'a> {
    let t = s();
    let late = c.days_late(clock.today());
    let first = if late > 0 {
        ((t.cadence_overdue_short)(late), theme.error())
    } else {
        (t.today.to_string(), theme.warn())
    };
    let whom = c
        .contact_name
        .as_deref()
        .map(crate::strings_brief::to_whom)
        .into_iter()
        .collect();
    Cells {
        first,
        account: &c.account_name,
        detail: (
            Detail::whole(whom).free(c.input.what.replace('\n', " ")),
            Style::new(),
        ),
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
        detail: (Detail::whole(reasons), Style::new()),
    }
}

fn thin<'a>(sc: &'a Scored, theme: &Theme) -> Cells<'a> {
    let t = s();
    let b = &sc.account.breadth;
    Cells {
        first: ((t.breadth_short)(b.departments, b.ties), theme.warn()),
        account: &sc.account.name,
        detail: (Detail::default().free(thin_hint(sc)), theme.dim()),
    }
}

/// What the account view says of its breadth, or the general hint.
fn thin_hint(sc: &Scored) -> String {
    match &sc.breadth {
        Some(b) => (s().breadth_message)(b),
        None => s().thin_hint.to_string(),
    }
}

fn due<'a>(d: &'a Due, theme: &Theme) -> Cells<'a> {
    let t = s();
    let first = cadence::due_text(d.overdue, d.state);
    let style = match d.state {
        Some(state) => theme.cadence(state),
        None => theme.warn(),
    };
    let detail = Detail::whole(vec![
        d.account.tier.label().to_string(),
        (t.cadence_every)(d.account.cadence_days),
    ]);
    Cells {
        first: (first, style),
        account: &d.account.name,
        detail: (detail, Style::new()),
    }
}

fn low<'a>(l: &'a LowScore, theme: &Theme) -> Cells<'a> {
    let (dim, score) = lowest(l);
    let detail = Detail::whole(vec![
        format!("{} {score}/5", dim.label()),
        l.taken_at.to_string(),
    ])
    .free(l.respondent.clone().unwrap_or_default());
    Cells {
        first: (format!("{score}/5"), theme.error()),
        account: &l.account_name,
        detail: (detail, Style::new()),
    }
}

fn birthday<'a>(b: &'a Birthday, clock: &Clock, theme: &Theme) -> Cells<'a> {
    let days = (b.on - clock.today()).num_days();
    let detail =
        Detail::default().free(format!("{} · {}", sanitize(&b.name), b.on.format("%m-%d")));
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
        Section::Promises => crate::strings_brief::calm_promises(),
        Section::AtRisk => t.calm_at_risk,
        Section::SingleThreaded => t.calm_single_threaded,
        Section::DueByCadence => t.calm_due,
        Section::LowScores => t.calm_low_scores,
        Section::Birthdays => t.calm_birthdays,
    }
}
