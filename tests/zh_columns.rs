//! Columns sized by what they hold, in each language: every screen of the
//! demo portfolio — the tabs, an account's every section, History, the
//! forms — drawn in Chinese and in English at 80×24, 120×40 and 160×45,
//! and no header, enum label, date or time shown cut (`…`) in any of them.

mod common;

use chrono::NaiveDate;
use common::{ctrl, press};
use kam::domain::breadth::Verdict;
use kam::domain::complaint::Bucket;
use kam::domain::health::GroupKind;
use kam::domain::*;
use kam::store::Store;
use kam::strings::{Label, Lang, s, with_lang};
use kam::tui::App;
use kam::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (160, 45)];

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

/// The dashboard on the demo portfolio `kam --demo` shows.
fn demo_app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    kam::demo::fill(&mut store, 40, &clock()).unwrap();
    App::new(store, clock(), Theme::plain())
}

/// One screen drawn at every size: (what, size, text).
type Shot = (String, String, String);

fn shoot(shots: &mut Vec<Shot>, name: &str, app: &App) {
    for (w, h) in SIZES {
        shots.push((
            name.to_string(),
            format!("{w}x{h}"),
            kam::tui::render_text(app, w, h),
        ));
    }
}

fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// A long list, from its top and two pages down.
fn pages(shots: &mut Vec<Shot>, name: &str, app: &mut App) {
    press(app, KeyCode::Home);
    shoot(shots, name, app);
    for page in 2..=3 {
        press(app, KeyCode::PageDown);
        shoot(shots, &format!("{name} page {page}"), app);
    }
    press(app, KeyCode::End);
    shoot(shots, &format!("{name} end"), app);
    press(app, KeyCode::Home);
}

/// Closes a form, saying yes when it asks whether to discard.
fn close_form(app: &mut App) {
    press(app, KeyCode::Esc);
    press(app, KeyCode::Char('y'));
}

/// Every screen, section and form, in the language in effect.
fn every_screen() -> Vec<Shot> {
    let mut shots = Vec::new();
    let mut app = demo_app();
    pages(&mut shots, "today", &mut app);
    press(&mut app, KeyCode::Char('?'));
    shoot(&mut shots, "help", &app);
    press(&mut app, KeyCode::Esc);
    for (key, name) in [
        ('2', "accounts"),
        ('3', "complaints"),
        ('4', "visits"),
        ('5', "surveys"),
    ] {
        press(&mut app, KeyCode::Char(key));
        pages(&mut shots, name, &mut app);
    }
    // resolved complaints too: their targets read "in time" / "late by"
    keys(&mut app, "3x");
    pages(&mut shots, "complaints with resolved", &mut app);
    keys(&mut app, "x");
    // the forms of the lists
    keys(&mut app, "3");
    keys(&mut app, "r");
    shoot(&mut shots, "resolve form", &app);
    close_form(&mut app);
    keys(&mut app, "F");
    shoot(&mut shots, "forward form", &app);
    close_form(&mut app);
    keys(&mut app, "f");
    shoot(&mut shots, "complaint filter", &app);
    close_form(&mut app);
    keys(&mut app, "4");
    press(&mut app, KeyCode::Down);
    keys(&mut app, "d");
    shoot(&mut shots, "visit done form", &app);
    close_form(&mut app);
    keys(&mut app, "r");
    shoot(&mut shots, "reschedule form", &app);
    close_form(&mut app);
    keys(&mut app, "2");
    keys(&mut app, "a");
    shoot(&mut shots, "new account form", &app);
    close_form(&mut app);
    keys(&mut app, "H");
    shoot(&mut shots, "handover form", &app);
    close_form(&mut app);
    // accounts in depth: the first ones (English and Chinese names), every
    // section, and the forms opened from each
    for nth in [0, 4, 12] {
        keys(&mut app, "2");
        press(&mut app, KeyCode::Home);
        for _ in 0..nth {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Enter);
        let name = format!("account {nth}");
        shoot(&mut shots, &name, &app);
        keys(&mut app, "e");
        shoot(&mut shots, &format!("{name} account form"), &app);
        close_form(&mut app);
        keys(&mut app, "S");
        shoot(&mut shots, &format!("{name} survey form"), &app);
        keys(&mut app, "42");
        ctrl(&mut app, 's');
        shoot(&mut shots, &format!("{name} survey form half filled"), &app);
        close_form(&mut app);
        for (section, form) in [
            ("brief", ""),
            ("contacts", "a"),
            ("complaints", "a"),
            ("visits", "v"),
            ("promises", "a"),
            ("surveys", ""),
            ("history", ""),
        ] {
            press(&mut app, KeyCode::Right);
            let here = format!("{name} {section}");
            pages(&mut shots, &here, &mut app);
            if !form.is_empty() {
                keys(&mut app, form);
                shoot(&mut shots, &format!("{here} form"), &app);
                close_form(&mut app);
            }
        }
        press(&mut app, KeyCode::Esc);
    }
    shots
}

/// Every label of every enumeration, and every column header: what must
/// never be shown cut.
fn whole_texts() -> Vec<String> {
    fn labels<T: Label + Copy>(all: &[T]) -> Vec<String> {
        all.iter().map(|v| v.label().to_string()).collect()
    }
    let t = s();
    let mut texts = Vec::new();
    texts.extend(labels(Tier::ALL));
    texts.extend(labels(RelationshipLevel::ALL));
    texts.extend(labels(AccountStatus::ALL));
    texts.extend(labels(Department::ALL));
    texts.extend(labels(Seniority::ALL));
    texts.extend(labels(BuyingRole::ALL));
    texts.extend(labels(&Verdict::ALL));
    texts.extend(labels(ComplaintCategory::ALL));
    texts.extend(labels(Severity::ALL));
    texts.extend(labels(ComplaintStatus::ALL));
    texts.extend(labels(ForwardedTo::ALL));
    texts.extend(labels(&Bucket::ALL));
    texts.extend(labels(VisitKind::ALL));
    texts.extend(labels(VisitStatus::ALL));
    texts.extend(labels(SurveyChannel::ALL));
    texts.extend(labels(&Dimension::ALL));
    texts.extend(labels(&GroupKind::ALL));
    texts.extend(labels(Defection::ALL));
    for (_, columns) in kam::tui::screens::tables() {
        texts.extend(columns.iter().map(|c| c.title.to_string()));
    }
    texts.extend([t.col_dimension, t.col_latest, t.col_csat].map(str::to_string));
    texts.sort();
    texts.dedup();
    texts
}

/// What a screen must never show cut, and where free text may be.
struct Whole {
    /// Every label of every enumeration and every column header.
    texts: Vec<String>,
    /// Every column header.
    titles: Vec<String>,
    /// The headers of the flexible columns: names and free text, which
    /// may be cut.
    free: Vec<String>,
}

fn whole() -> Whole {
    let mut titles = Vec::new();
    let mut free = Vec::new();
    for (_, columns) in kam::tui::screens::tables() {
        for c in columns {
            titles.push(c.title.to_string());
            if c.width == 0 {
                free.push(c.title.to_string());
            }
        }
    }
    let t = s();
    titles.extend([t.col_dimension, t.col_latest, t.col_csat].map(str::to_string));
    titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
    titles.dedup();
    Whole {
        texts: whole_texts(),
        titles,
        free,
    }
}

fn cells(text: &str) -> usize {
    kam::domain::text::width(text)
}

fn is_frame(c: char) -> bool {
    "│┌└├┐┘┤─".contains(c)
}

/// A table's header line: each column's first cell and its title, or
/// `None` when the line is not made of three titles or more (shown whole
/// or cut).
fn header(line: &str, titles: &[String]) -> Option<Vec<(usize, String)>> {
    let mut starts = Vec::new();
    let mut rest = line;
    loop {
        let skipped = rest.len() - rest.trim_start_matches(|c| c == ' ' || is_frame(c)).len();
        rest = &rest[skipped..];
        if rest.is_empty() {
            break;
        }
        let at = cells(&line[..line.len() - rest.len()]);
        let title = titles
            .iter()
            .find(|t| rest.starts_with(t.as_str()))
            .map(|t| (t.clone(), t.len()));
        let cut = || {
            let (head, _) = rest.split_once('…')?;
            let title = titles
                .iter()
                .find(|t| t.starts_with(head) && !head.is_empty())?;
            Some((title.clone(), head.len() + '…'.len_utf8()))
        };
        let (title, len) = title.or_else(cut)?;
        starts.push((at, title));
        rest = &rest[len..];
    }
    (starts.len() >= 3).then_some(starts)
}

/// Where a label may begin outside a table: the start of the line, after
/// two spaces, a frame, or the ` · ` between the parts of a line.
fn starts_part(before: &str) -> bool {
    before.is_empty()
        || before.ends_with("  ")
        || before.ends_with("· ")
        || before.ends_with('：')
        || before.chars().next_back().is_some_and(is_frame)
}

/// The cut texts of a screen: every `…` that ends the beginning of a label
/// or header (two cells of it at least, so that a name cut after a letter
/// is not taken for a label), or of a date, time or number — where a
/// column begins in a table (but for the columns of free text), where a
/// part of a line begins elsewhere.
fn cuts(screen: &str, whole: &Whole) -> Vec<String> {
    let mut found = Vec::new();
    let mut columns: Option<Vec<(usize, String)>> = None;
    for line in screen.lines() {
        if let Some(h) = header(line, &whole.titles) {
            columns = Some(h);
        }
        // whether text starting at byte `from` starts a cell that must be
        // whole
        let starts_whole = |from: usize| match &columns {
            Some(cols) => {
                let at = cells(&line[..from]);
                cols.iter()
                    .any(|(start, title)| *start == at && !whole.free.contains(title))
            }
            None => starts_part(&line[..from]),
        };
        for (at, _) in line.match_indices('…') {
            let before = &line[..at];
            let word = before.rsplit(' ').next().unwrap_or("");
            let numeric = word.chars().any(|c| c.is_ascii_digit())
                && word
                    .chars()
                    .all(|c| c.is_ascii_digit() || "-:/.,¥$%+".contains(c));
            // `2026-1…`, `09:…`: a date or time, wherever it is
            let dated = numeric && word.contains(['-', ':']) && word.len() > 1;
            if numeric && (dated || starts_whole(at - word.len())) {
                found.push(format!("a date, time or number cut: `{word}…` in `{line}`"));
                continue;
            }
            for text in &whole.texts {
                let heads = (1..text.chars().count()).map(|n| {
                    let end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
                    &text[..end]
                });
                for head in heads {
                    if cells(head) >= 2 && before.ends_with(head) && starts_whole(at - head.len()) {
                        found.push(format!("`{text}` cut to `{head}…` in `{line}`"));
                    }
                }
            }
        }
    }
    found
}

fn check(lang: Lang) {
    let (shots, whole) = with_lang(lang, || (every_screen(), whole()));
    let mut problems = Vec::new();
    for (name, size, text) in &shots {
        let found = cuts(text, &whole);
        if !found.is_empty() {
            problems.push(format!(
                "{name} at {size}:\n  {}\n{text}",
                found.join("\n  ")
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} screens show a label, header, date or time cut:\n{}",
        problems.len(),
        shots.len(),
        problems.join("\n")
    );
}

#[test]
fn no_label_header_or_date_is_cut_in_chinese() {
    check(Lang::Zh);
}

#[test]
fn no_label_header_or_date_is_cut_in_english() {
    check(Lang::En);
}

#[test]
fn every_column_is_as_wide_as_its_title_and_its_widest_label() {
    for lang in [Lang::Zh, Lang::En] {
        with_lang(lang, || {
            for (table, columns) in kam::tui::screens::tables() {
                for c in columns {
                    let w = kam::domain::text::width(c.title) as u16;
                    assert!(
                        c.width.max(c.min) >= w,
                        "{lang:?} {table}: `{}` is {} cells, its column {}",
                        c.title,
                        w,
                        c.width.max(c.min)
                    );
                }
            }
        });
    }
    // the time of a visit in Chinese: 周五 11-27 09:00, 16 cells
    with_lang(Lang::Zh, || {
        let visits = kam::tui::screens::visits::columns();
        assert_eq!(visits[0].width, 16);
        // 方式 holds 上门拜访 … 高层会晤: 8 cells, not English's 17
        assert_eq!(visits[2].width, 8);
    });
}
