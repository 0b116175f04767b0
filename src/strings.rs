//! Every user-visible string of the interface, in one typed table, so the UI
//! can be translated by adding a second table: a missing string is then a
//! compile error, not a blank on screen. Enumerations are shown through
//! [`Label`], never through their stored words.

use crate::domain::breadth::{Add, Advice, Breadth, Verdict};
use crate::domain::complaint::Bucket;
use crate::domain::handover::Moved;
use crate::domain::health::{Band, GroupKind, Reason};
use crate::domain::survey::Dimension;
use crate::domain::survey::Trend;
use crate::domain::*;
use crate::strings_zh::{ZH, ZhLabel};

/// The interface text of one language.
pub struct Strings {
    pub app_name: &'static str,
    pub tab_accounts: &'static str,
    pub help_title: &'static str,
    pub help_footer: &'static str,
    pub too_small: fn(u16, u16) -> String,
    pub yes_no: &'static str,
    /// Shown instead of the read-only banner while the database is open
    /// read-only because the check at open found it damaged: (file name).
    pub damaged_banner: fn(&str) -> String,
    /// In the status line while a write waits for another kam: (file name).
    pub waiting_for_writer: fn(&str) -> String,

    // Accounts list
    pub col_name: &'static str,
    pub col_tier: &'static str,
    pub col_level: &'static str,
    pub col_status: &'static str,
    pub col_owner: &'static str,
    pub col_revenue: &'static str,
    pub col_profit: &'static str,
    pub col_breadth: &'static str,
    pub col_complaints: &'static str,
    pub col_last_visit: &'static str,
    pub col_next_visit: &'static str,
    pub accounts_count: fn(usize, usize) -> String,
    pub archived_view: &'static str,
    pub sorted_by: &'static str,
    pub filter_tier: &'static str,
    pub filter_status: &'static str,
    pub filter_thin: &'static str,
    pub search_prompt: &'static str,
    pub search_label: &'static str,
    pub all: &'static str,
    pub empty_title: &'static str,
    pub empty_lines: &'static [&'static str],
    pub no_match: &'static str,
    pub no_match_hint: &'static str,
    pub no_archived: &'static str,
    pub never: &'static str,
    pub none: &'static str,
    pub days_ago: fn(i64) -> String,
    pub in_days: fn(i64) -> String,
    pub days_ago_short: fn(i64) -> String,
    /// An age in days, as short as it gets: `13d`.
    pub age_short: fn(i64) -> String,
    pub in_days_short: fn(i64) -> String,
    pub overdue_short: fn(i64) -> String,
    pub today: &'static str,
    /// An age under two days, in hours: `5h`.
    pub age_hours: fn(i64) -> String,
    /// Monday first.
    pub weekdays: [&'static str; 7],
    /// The breadth cell of the Accounts list: departments and ties.
    pub breadth_cell: fn(u32, u32) -> String,
    /// The currency sign before amounts, unless `KAM_CURRENCY` says otherwise.
    pub currency: &'static str,

    // Account view
    pub sec_overview: &'static str,
    pub sec_profile: &'static str,
    pub sec_figures: &'static str,
    pub sec_notes: &'static str,
    pub f_name: &'static str,
    pub f_tier: &'static str,
    pub f_level: &'static str,
    pub f_status: &'static str,
    pub f_lost_reason: &'static str,
    pub f_defection: &'static str,
    pub f_industry: &'static str,
    pub f_region: &'static str,
    pub f_owner: &'static str,
    pub f_backup_owner: &'static str,
    pub f_revenue: &'static str,
    pub f_profit: &'static str,
    pub f_margin: &'static str,
    pub f_cadence: &'static str,
    pub f_notes: &'static str,
    pub f_uid: &'static str,
    pub f_created: &'static str,
    pub f_updated: &'static str,
    pub f_archived: &'static str,
    pub fig_contacts_label: &'static str,
    pub fig_complaints_label: &'static str,
    pub fig_contacts: fn(u32, u32) -> String,
    pub fig_complaints: fn(u32, u32) -> String,
    pub fig_oldest_open: &'static str,
    pub fig_last_visit: &'static str,
    pub fig_next_visit: &'static str,
    pub fig_cadence: &'static str,
    pub fig_visits_done: &'static str,
    pub fig_surveys: &'static str,
    pub fig_latest_overall: &'static str,
    pub cadence_days: fn(u32) -> String,
    pub cadence_due_in: fn(i64) -> String,
    pub cadence_overdue: fn(i64) -> String,
    pub cadence_never: &'static str,
    pub archived_banner: &'static str,
    pub no_notes: &'static str,
    pub account_missing: &'static str,

    // contacts & breadth
    pub sec_contacts: &'static str,
    pub sections_hint: &'static str,
    pub fig_breadth: &'static str,
    pub breadth_summary: fn(&Breadth) -> String,
    pub breadth_message: fn(&Breadth) -> String,
    pub breadth_figures: fn(&Breadth) -> String,
    pub grid_legend: &'static str,
    pub department_short: [&'static str; 9],
    pub no_contacts: &'static str,
    pub col_title: &'static str,
    pub col_department: &'static str,
    pub col_seniority: &'static str,
    pub col_role: &'static str,
    pub col_tie: &'static str,
    pub col_held_by: &'static str,
    pub col_last_touch: &'static str,
    pub col_phone: &'static str,
    pub col_email: &'static str,
    pub left_mark: &'static str,
    pub confirm_delete_contact: fn(&str) -> String,
    pub form_add_contact: fn(&str) -> String,
    pub form_edit_contact: fn(&str) -> String,
    pub f_title: &'static str,
    pub f_department: &'static str,
    pub f_seniority: &'static str,
    pub f_buying_role: &'static str,
    pub f_tie_strength: &'static str,
    pub f_our_side: &'static str,
    pub f_phone: &'static str,
    pub f_email: &'static str,
    pub f_birthday: &'static str,
    pub f_left_company: &'static str,
    pub tie_strengths: [&'static str; 5],
    pub hint_our_side: &'static str,
    pub hint_birthday: &'static str,
    pub email_flag: &'static str,
    pub added_contact: fn(&str) -> String,
    pub saved_contact: fn(&str) -> String,
    pub deleted_contact: fn(&str) -> String,
    pub contact_missing: &'static str,

    // complaints
    pub tab_complaints: &'static str,
    pub sec_complaints: &'static str,
    pub chart_title: &'static str,
    pub open_label: &'static str,
    pub breaches_label: &'static str,
    pub oldest_label: &'static str,
    pub complaints_count: fn(usize, usize, bool) -> String,
    pub no_open_complaints: &'static str,
    pub no_complaint_matches: &'static str,
    pub no_account_complaints: &'static str,
    pub account_complaints_summary: fn(usize, usize, Option<f64>, usize) -> String,
    pub col_age: &'static str,
    pub col_opened: &'static str,
    pub col_bucket: &'static str,
    pub col_account: &'static str,
    pub col_severity: &'static str,
    pub col_category: &'static str,
    pub col_summary: &'static str,
    pub col_forwarded: &'static str,
    pub col_target: &'static str,
    pub target_left: fn(&str) -> String,
    pub target_over: fn(&str) -> String,
    pub target_late: fn(&str) -> String,
    pub target_in_time: &'static str,
    pub f_contact: &'static str,
    pub f_category: &'static str,
    pub f_severity: &'static str,
    pub f_summary: &'static str,
    pub f_details: &'static str,
    pub f_forwarded_to: &'static str,
    pub f_opened_at: &'static str,
    pub f_resolution: &'static str,
    pub f_bucket: &'static str,
    pub f_account: &'static str,
    pub f_include_resolved: &'static str,
    pub hint_opened_at: &'static str,
    pub form_log_complaint: fn(&str) -> String,
    pub form_resolve: fn(&str) -> String,
    pub form_forward: fn(&str) -> String,
    pub form_complaint_filter: &'static str,
    pub pick_account: &'static str,
    pub picker_count: fn(usize) -> String,
    pub picker_hint: &'static str,
    pub logged_complaint: fn(&str) -> String,
    pub complaint_moved: fn(&str, &str) -> String,
    pub complaint_forwarded: fn(&str, &str) -> String,
    pub complaint_missing: &'static str,
    pub complaint_cannot: fn(&str, &str) -> String,

    // visits
    pub tab_visits: &'static str,
    pub sec_visits: &'static str,
    pub agenda_overdue: &'static str,
    pub agenda_today: &'static str,
    pub agenda_this_week: &'static str,
    pub agenda_later: &'static str,
    pub agenda_due: &'static str,
    pub agenda_nothing: &'static str,
    /// (visits not shown, how many Enter shows more)
    pub agenda_more: fn(usize, u32) -> String,
    pub cadence_overdue_short: fn(i64) -> String,
    pub cadence_every: fn(u32) -> String,
    pub last_visit_on: fn(&str) -> String,
    pub col_when: &'static str,
    pub col_kind: &'static str,
    pub col_contacts: &'static str,
    pub col_purpose: &'static str,
    pub col_outcome: &'static str,
    pub no_account_visits: &'static str,
    pub f_contacts: &'static str,
    pub hint_contacts: &'static str,
    pub f_date: &'static str,
    pub hint_visit_date: &'static str,
    pub f_time: &'static str,
    pub hint_time: &'static str,
    pub f_kind: &'static str,
    pub f_purpose: &'static str,
    pub f_outcome: &'static str,
    pub f_next_step: &'static str,
    pub f_new_date: &'static str,
    pub hint_reschedule: &'static str,
    pub form_schedule_visit: fn(&str) -> String,
    pub form_visit_done: fn(&str) -> String,
    pub form_reschedule: fn(&str) -> String,
    pub form_next_visit: fn(u32) -> String,
    pub form_missed_again: &'static str,
    pub confirm_past_visit: fn(&str) -> String,
    pub confirm_cancel_visit: fn(&str, &str) -> String,
    pub visit_not_planned: &'static str,
    pub visit_missing: &'static str,
    pub scheduled_visit: fn(&str, &str) -> String,
    pub visit_done: fn(&str) -> String,
    pub visit_missed: fn(&str) -> String,
    pub visit_cancelled: fn(&str) -> String,
    pub visit_rescheduled: fn(&str) -> String,

    // surveys
    /// The five-point scale, 1 first.
    pub score_labels: [&'static str; 5],
    pub not_asked: &'static str,
    pub f_respondent: &'static str,
    pub f_channel: &'static str,
    pub f_comment: &'static str,
    pub hint_scale: &'static str,
    pub form_survey: fn(&str) -> String,
    pub form_edit_survey: fn(&str) -> String,
    pub tab_surveys: &'static str,
    pub sec_surveys: &'static str,
    pub col_date: &'static str,
    pub col_respondent: &'static str,
    pub col_channel: &'static str,
    /// Short titles of the six score columns, in `Dimension::ALL` order.
    pub score_columns: [&'static str; 6],
    pub col_comment: &'static str,
    pub col_satisfaction: &'static str,
    pub col_dimension: &'static str,
    pub col_latest: &'static str,
    pub col_csat: &'static str,
    /// Up, flat, down.
    pub trend_arrow: [&'static str; 3],
    /// How many surveys are shown; whether older ones load on scrolling.
    pub surveys_count: fn(usize, bool) -> String,
    pub surveys_summary: fn(usize, &str, &str) -> String,
    pub overall_over_time: &'static str,
    pub low_only: &'static str,
    pub no_surveys: &'static str,
    pub no_survey_matches: &'static str,
    pub no_account_surveys: &'static str,
    pub saved_survey: fn(&str) -> String,
    pub survey_missing: &'static str,
    pub conflict_missing: &'static str,
    pub offer_low_score: fn(&str, u8) -> String,
    pub offer_complaint: &'static str,
    pub offer_visit: &'static str,
    pub offer_skip: &'static str,
    pub low_score_summary: fn(&str, u8) -> String,
    pub low_score_purpose: fn(&str, u8) -> String,

    // today and health
    pub tab_today: &'static str,
    pub today_visits: &'static str,
    pub today_complaints: &'static str,
    pub today_at_risk: &'static str,
    pub today_single_threaded: &'static str,
    pub today_low_scores: &'static str,
    pub today_birthdays: &'static str,
    pub calm_visits: &'static str,
    pub calm_complaints: &'static str,
    pub calm_at_risk: &'static str,
    pub calm_single_threaded: &'static str,
    pub calm_due: &'static str,
    pub calm_low_scores: &'static str,
    pub calm_birthdays: &'static str,
    pub more_rows: fn(usize, &str) -> String,
    pub health_short: fn(u32) -> String,
    pub breadth_short: fn(u32, u32) -> String,
    pub thin_hint: &'static str,
    pub health_reason: fn(&Reason) -> String,
    pub col_health: &'static str,
    pub sec_health: &'static str,
    pub health_line: fn(u32, &str) -> String,
    pub suggest_at_risk: fn(u32) -> String,

    // forms
    pub form_add_account: &'static str,
    pub form_edit_account: fn(&str) -> String,
    /// The cadence field's hint, given each tier's default.
    pub form_hint_cadence: fn(&[(Tier, u32)]) -> String,
    pub form_hint_money: &'static str,
    pub form_discard: &'static str,
    pub form_fix: fn(usize) -> String,
    pub choice_none: &'static str,
    pub required_mark: &'static str,

    // confirmations and status messages
    pub confirm_title: &'static str,
    pub confirm_archive: fn(&str) -> String,
    pub saved_account: fn(&str) -> String,
    pub added_account: fn(&str) -> String,
    pub archived_account: fn(&str) -> String,
    pub unarchived_account: fn(&str) -> String,
    pub already_archived: &'static str,
    pub not_archived: &'static str,
    pub nothing_selected: &'static str,
    /// Offered at start when a form was left unsaved: its title.
    /// Shown while the database is open read-only.
    pub read_only_banner: &'static str,
    /// `kam --demo`'s lasting line: it is not the user's data.
    pub demo_banner: &'static str,
    pub draft_offer: fn(&str) -> String,
    pub draft_restore: &'static str,
    pub draft_discard: &'static str,
    pub draft_discarded: &'static str,
    pub draft_restored: &'static str,

    // the change journal: undo, redo, history
    /// A recorded change in words: its kind (`None`: a newer kam's) and
    /// what it was about.
    pub change_said: fn(Option<ChangeKind>, &str) -> String,
    pub undone: fn(&str) -> String,
    pub redone: fn(&str) -> String,
    pub nothing_to_undo: &'static str,
    pub nothing_to_redo: &'static str,
    /// An undo that found a record changed since: which.
    pub moved_on: fn(&str) -> String,
    pub sec_history: &'static str,
    pub f_scheduled_at: &'static str,
    pub f_completed_at: &'static str,
    pub f_resolved_at: &'static str,
    pub no_history: &'static str,
    pub history_of: fn(&str) -> String,
    pub undone_mark: &'static str,
    pub unreadable_change: &'static str,
    pub rec_account: &'static str,
    pub rec_contact: &'static str,
    pub rec_complaint: &'static str,
    pub rec_visit: &'static str,
    pub rec_survey: &'static str,
    pub rec_visit_contact: &'static str,
    pub rec_setting: &'static str,
    pub op_added: &'static str,
    pub op_deleted: &'static str,
    /// (field, yours, stored now)
    pub clash_question: fn(&str, &str, &str) -> String,
    pub clash_mine: &'static str,
    pub clash_theirs: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    /// How many more drafts will be offered after this one.
    pub draft_more: fn(usize) -> String,
    /// Said on stderr at exit, with the file's problem.
    pub draft_lost: fn(&str) -> String,

    // handing accounts over, and the colleagues a field offers
    pub form_handover: &'static str,
    pub f_from: &'static str,
    pub f_to: &'static str,
    pub f_scope: &'static str,
    pub hint_handover_from: &'static str,
    pub hint_handover_to: &'static str,
    /// The scope choices: the selected account (its name), the accounts
    /// the list shows (how many), every account of From.
    pub scope_selected: fn(&str) -> String,
    pub scope_shown: fn(usize) -> String,
    pub scope_all: &'static str,
    /// Under a field that offers the colleagues already named.
    pub hint_colleagues: &'static str,
    /// Suggestions not shown for want of room.
    pub suggestions_more: fn(usize) -> String,
    pub handover_no_from: &'static str,
    pub handover_no_to: &'static str,
    pub handover_same: fn(&str) -> String,
    /// (name, the owners kam knows)
    pub owns_nothing: fn(&str, &[String]) -> String,
    /// The status line after a handover: (what moved, from, to, key
    /// accounts resting on one person now, which Today lists).
    pub handed_over: fn(&Moved, &str, &str, usize) -> String,
}

/// The English interface.
pub static EN: Strings = Strings {
    app_name: "kam",
    tab_accounts: "Accounts",
    help_title: " Keys ",
    help_footer: "any key closes this help",
    too_small: |w, h| {
        format!("Terminal too small: {w}×{h}. kam needs at least 80×24 — enlarge the window.")
    },
    yes_no: "y yes · n no",
    damaged_banner: |file| {
        format!(
            "⚠ {file} is damaged — read-only: `kam check` says what is wrong; `kam backup FILE` keeps a copy before you restore one"
        )
    },
    waiting_for_writer: |file| {
        format!("waiting for another kam to finish writing… ({file}; what you typed is kept)")
    },

    col_name: "Name",
    col_tier: "Tier",
    col_level: "Level",
    col_status: "Status",
    col_owner: "Owner",
    col_revenue: "Revenue",
    col_profit: "Profit",
    col_breadth: "Breadth",
    col_complaints: "Open cmpl",
    col_last_visit: "Visited",
    col_next_visit: "Next visit",
    accounts_count: |shown, total| {
        let noun = if total == 1 { "account" } else { "accounts" };
        if shown == total {
            format!("{total} {noun}")
        } else {
            format!("{shown} of {total} {noun}")
        }
    },
    archived_view: "archived",
    sorted_by: "sorted by",
    filter_tier: "tier",
    filter_status: "status",
    filter_thin: "single-threaded key accounts",
    search_prompt: "Search: ",
    search_label: "search",
    all: "all",
    empty_title: "No accounts yet",
    empty_lines: &[
        "kam keeps your key accounts: who you know there, what is open, when to visit next.",
        "",
        "Press  2  for the Accounts list, then  a  to add your first account.",
        "Or import a spreadsheet: quit (q) and run  kam import accounts FILE.csv",
        "To look around first, quit (q) and run  kam --demo  for a demo portfolio.",
        "Press  ?  for all keys.",
    ],
    no_match: "No account matches.",
    no_match_hint: "Esc clears the search · t and f change the filters · A shows archived accounts",
    no_archived: "No archived accounts. A returns to the active ones.",
    never: "never",
    none: "—",
    days_ago: |d| match d {
        0 => "today".into(),
        1 => "yesterday".into(),
        -1 => "tomorrow".into(),
        d if d < 0 => format!("in {} days", -d),
        d => format!("{d} days ago"),
    },
    in_days: |d| match d {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        d if d < 0 => format!("{} days ago", -d),
        d => format!("in {d} days"),
    },
    days_ago_short: |d| match d {
        0 => "today".into(),
        d if d < 0 => format!("in {}d", -d),
        d => format!("{d}d ago"),
    },
    age_short: |d| format!("{d}d"),
    in_days_short: |d| match d {
        0 => "today".into(),
        1 => "tomorrow".into(),
        d if d < 0 => format!("{}d ago", -d),
        d => format!("in {d}d"),
    },
    overdue_short: |d| format!("{d}d overdue"),
    today: "today",
    age_hours: |h| format!("{h}h"),
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    breadth_cell: |departments, ties| format!("{departments}d {ties}t"),
    currency: "",

    sec_overview: "Overview",
    sec_profile: "Profile",
    sec_figures: "Figures",
    sec_notes: "Notes",
    f_name: "Name",
    f_tier: "Tier",
    f_level: "Relationship",
    f_status: "Status",
    f_lost_reason: "Lost because",
    f_defection: "Defected over",
    f_industry: "Industry",
    f_region: "Region",
    f_owner: "Owner",
    f_backup_owner: "Backup owner",
    f_revenue: "Annual revenue",
    f_profit: "Annual profit",
    f_margin: "Margin",
    f_cadence: "Visit every",
    f_notes: "Notes",
    f_uid: "UID",
    f_created: "Created",
    f_updated: "Updated",
    f_archived: "Archived",
    fig_contacts_label: "Contacts",
    fig_complaints_label: "Complaints",
    fig_contacts: |n, gone| {
        if gone == 0 {
            format!("{n} current")
        } else {
            format!("{n} current, {gone} left the company")
        }
    },
    fig_complaints: |open, total| format!("{open} open of {total}"),
    fig_oldest_open: "Oldest open complaint",
    fig_last_visit: "Last visit done",
    fig_next_visit: "Next planned visit",
    fig_cadence: "Cadence",
    fig_visits_done: "Visits done",
    fig_surveys: "Surveys",
    fig_latest_overall: "Latest overall score",
    cadence_days: |d| format!("{d} days"),
    cadence_due_in: |d| match d {
        0 => "visit due today".into(),
        1 => "visit due tomorrow".into(),
        d => format!("visit due in {d} days"),
    },
    cadence_overdue: |d| format!("visit {d} days overdue"),
    cadence_never: "never visited",
    archived_banner: "ARCHIVED — u brings it back",
    no_notes: "No notes.",
    account_missing: "That account no longer exists.",

    sec_contacts: "Contacts & breadth",
    sections_hint: "←/→ sections",
    fig_breadth: "Breadth",
    breadth_summary: |b| {
        let plural =
            |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{} ({}, {})",
            b.verdict.label(),
            plural(b.counts.departments, "department", "departments"),
            plural(b.counts.ties, "tie", "ties")
        )
    },
    breadth_message: en_breadth_message,
    breadth_figures: |b| {
        let c = &b.counts;
        format!(
            "Departments {}/9 · levels {}/3 · executive tie {} · strong ties {} · held by {} of us · dormant {}",
            c.departments,
            c.levels,
            if c.executive_tie { "yes" } else { "no" },
            c.strong_ties,
            c.holders,
            b.dormant
        )
    },
    grid_legend: "cell = ties·strongest tie (1 weak … 5 strong); · = nobody",
    department_short: [
        "exec", "purch", "tech", "ops", "fin", "qual", "logist", "user", "other",
    ],
    no_contacts: "No contacts yet — a adds one.",
    col_title: "Title",
    col_department: "Dept",
    col_seniority: "Level",
    col_role: "Buying role",
    col_tie: "Tie",
    col_held_by: "Held by",
    col_last_touch: "Last touch",
    col_phone: "Phone",
    col_email: "Email",
    left_mark: "(left)",
    confirm_delete_contact: |name| {
        format!(
            "Delete {name}? Their visits, complaints and surveys stay, without the name. To keep them for history, edit and mark 'left the company' instead."
        )
    },
    form_add_contact: |account| format!("New contact at {account}"),
    form_edit_contact: |name| format!("Edit {name}"),
    f_title: "Title",
    f_department: "Department",
    f_seniority: "Level",
    f_buying_role: "Buying role",
    f_tie_strength: "Tie strength",
    f_our_side: "Held by (us)",
    f_phone: "Phone",
    f_email: "Email",
    f_birthday: "Birthday",
    f_left_company: "Left the company",
    tie_strengths: [
        "1 barely know them",
        "2 acquainted",
        "3 working relationship",
        "4 trusted",
        "5 advocate for us",
    ],
    hint_our_side: "who on our side holds this tie",
    hint_birthday: "e.g. 1985-03-14",
    email_flag: "this email looks malformed — it is saved as typed",
    added_contact: |name| format!("Added {name}."),
    saved_contact: |name| format!("Saved {name}."),
    deleted_contact: |name| format!("Deleted {name}."),
    contact_missing: "That contact no longer exists.",

    tab_complaints: "Complaints",
    sec_complaints: "Complaints",
    chart_title: "Open complaints by age",
    open_label: "Open",
    breaches_label: "Past target",
    oldest_label: "Oldest open",
    complaints_count: |shown, total, resolved| {
        let what = if resolved {
            "complaints (with resolved)"
        } else {
            "open complaints"
        };
        if shown == total {
            format!("{total} {what}")
        } else {
            format!("{shown} of {total} {what}")
        }
    },
    no_open_complaints: "No open complaints. x shows resolved ones; a logs a new one.",
    no_complaint_matches: "No complaint matches the filter — Esc clears it.",
    no_account_complaints: "No complaints logged for this account — a logs one.",
    account_complaints_summary: |open, total, avg, late| {
        let avg = match avg {
            Some(h) if h < 48.0 => format!("resolved in {h:.0} hours on average"),
            Some(h) => format!("resolved in {:.1} days on average", h / 24.0),
            None => "none resolved yet".to_string(),
        };
        format!("{open} open · {total} in all · {avg} · {late} resolved late (of those shown)")
    },
    col_age: "Age",
    col_opened: "Opened",
    col_bucket: "Bucket",
    col_account: "Account",
    col_severity: "Severity",
    col_category: "Category",
    col_summary: "Summary",
    col_forwarded: "Forwarded",
    col_target: "Target",
    target_left: |d| format!("{d} left"),
    target_over: |d| format!("⚠ over by {d}"),
    target_late: |d| format!("late by {d}"),
    target_in_time: "in time",
    f_contact: "Contact",
    f_category: "Category",
    f_severity: "Severity",
    f_summary: "Summary",
    f_details: "Details",
    f_forwarded_to: "Forward to",
    f_opened_at: "Opened at",
    f_resolution: "Resolution",
    f_bucket: "Age",
    f_account: "Account",
    f_include_resolved: "Include resolved",
    hint_opened_at: "when the customer complained: now, or e.g. yesterday 14:30",
    form_log_complaint: |name| format!("Log a complaint — {name}"),
    form_resolve: |summary| format!("Resolve: {summary}"),
    form_forward: |summary| format!("Forward: {summary}"),
    form_complaint_filter: "Filter complaints",
    pick_account: "Which account?",
    picker_count: |n| {
        if n == 1 {
            "1 match".into()
        } else {
            format!("{n} matches")
        }
    },
    picker_hint: "↑/↓ choose · Enter pick · Esc cancel",
    logged_complaint: |summary| format!("Logged: {summary}."),
    complaint_moved: |summary, status| format!("{summary}: now {status}."),
    complaint_forwarded: |summary, to| format!("{summary}: forwarded to {to}."),
    complaint_missing: "That complaint no longer exists.",
    complaint_cannot: |from, to| {
        format!("A {from} complaint cannot become {to} — reopen it first (o).")
    },

    tab_visits: "Visits",
    sec_visits: "Visits",
    agenda_overdue: "Overdue",
    agenda_today: "Today",
    agenda_this_week: "This week",
    agenda_later: "Later",
    agenda_due: "Due by cadence, nothing planned",
    agenda_nothing: "nothing here",
    agenda_more: |n, page| {
        format!(
            "… {n} more — Enter shows {} more",
            (n as u64).min(u64::from(page))
        )
    },
    cadence_overdue_short: |d| format!("{d}d overdue"),
    cadence_every: |d| format!("every {d} days"),
    last_visit_on: |d| format!("last visit {d}"),
    col_when: "When",
    col_kind: "Kind",
    col_contacts: "Contacts",
    col_purpose: "Purpose",
    col_outcome: "Outcome → next step",
    no_account_visits: "No visits yet — v schedules one.",
    f_contacts: "Contacts",
    hint_contacts: "←/→ move, Space picks, a digit picks the n-th",
    f_date: "Date",
    hint_visit_date: "2026-12-01, 12-01, tomorrow, +3d, +2w, fri …",
    f_time: "Time",
    hint_time: "9:30, 14:00, 930, 2pm",
    f_kind: "Kind",
    f_purpose: "Purpose",
    f_outcome: "Outcome",
    f_next_step: "Next step",
    f_new_date: "New date",
    hint_reschedule: "+1d, +1w or any date",
    form_schedule_visit: |name| format!("Schedule a visit — {name}"),
    form_visit_done: |name| format!("Visit done — {name}"),
    form_reschedule: |name| format!("Reschedule — {name}"),
    form_next_visit: |days| format!("Next visit in {days} days? Ctrl-S accepts · Esc skips"),
    form_missed_again: "Missed — again? Ctrl-S schedules · Esc skips",
    confirm_past_visit: |when| {
        format!("{when} is in the past. Log a past visit? You will be asked for its outcome.")
    },
    confirm_cancel_visit: |name, when| format!("Cancel the visit to {name} on {when}?"),
    visit_not_planned: "Only a planned visit can be closed or moved.",
    visit_missing: "That visit no longer exists.",
    scheduled_visit: |name, when| format!("Scheduled {name} for {when}."),
    visit_done: |name| format!("Visit to {name} done."),
    visit_missed: |name| format!("Visit to {name} marked missed."),
    visit_cancelled: |name| format!("Visit to {name} cancelled."),
    visit_rescheduled: |when| format!("Moved to {when}."),

    score_labels: [
        "very dissatisfied",
        "somewhat dissatisfied",
        "no opinion",
        "satisfied",
        "highly satisfied",
    ],
    not_asked: "not asked",
    f_respondent: "Respondent",
    f_channel: "Channel",
    f_comment: "Comment",
    hint_scale: "5 highly satisfied · 4 satisfied · 3 no opinion\n2 somewhat dissatisfied · 1 very dissatisfied\n0 or Backspace: not asked · ←/→ change",
    form_survey: |name| format!("Satisfaction survey — {name}"),
    form_edit_survey: |name| format!("Edit survey — {name}"),
    tab_surveys: "Surveys",
    sec_surveys: "Surveys",
    col_date: "Date",
    col_respondent: "Respondent",
    col_channel: "Via",
    score_columns: ["Prod", "Serv", "Deli", "Valu", "Comm", "Ovr"],
    col_comment: "Comment",
    col_satisfaction: "Sat.",
    col_dimension: "Dimension",
    col_latest: "Latest",
    col_csat: "CSAT 12 mo",
    trend_arrow: ["↑", "→", "↓"],
    surveys_count: |n, more| match (n, more) {
        (1, _) => "1 survey".into(),
        (n, false) => format!("{n} surveys"),
        (n, true) => format!("the newest {n} surveys — older ones load as you scroll"),
    },
    surveys_summary: |n, latest, arrow| {
        let arrow = if arrow.is_empty() {
            String::new()
        } else {
            format!(" · trend {arrow}")
        };
        format!("{n} surveys, latest {latest}{arrow}")
    },
    overall_over_time: "Overall over time",
    low_only: "low scores only (2 or less)",
    no_surveys: "No surveys yet — S enters one (also from an account).",
    no_survey_matches: "No survey matches — Esc shows all.",
    no_account_surveys: "No surveys yet — S enters one: six digits and Ctrl-S.",
    saved_survey: |name| format!("Survey of {name} saved."),
    survey_missing: "That survey no longer exists.",
    conflict_missing: "That conflict was decided meanwhile (in another kam).",
    offer_low_score: |dim, score| format!("{dim} scored {score}. Follow it up now?"),
    offer_complaint: "log a complaint",
    offer_visit: "schedule a follow-up visit",
    offer_skip: "skip",
    low_score_summary: |dim, score| format!("Low satisfaction: {dim} {score}/5"),
    low_score_purpose: |dim, score| format!("Follow up on the survey: {dim} {score}/5"),

    tab_today: "Today",
    today_visits: "Visits today and overdue",
    today_complaints: "Complaints past or near their target",
    today_at_risk: "Accounts at risk",
    today_single_threaded: "Key accounts resting on one person",
    today_low_scores: "Low survey scores not followed up (30 days)",
    today_birthdays: "Birthdays in the next 7 days",
    calm_visits: "No visit due today.",
    calm_complaints: "Every open complaint is within its target.",
    calm_at_risk: "No account is at risk.",
    calm_single_threaded: "Every key account has more than one thread.",
    calm_due: "Every account is within its visit cadence.",
    calm_low_scores: "No low score waiting for a follow-up.",
    calm_birthdays: "No birthdays this week.",
    more_rows: |n, screen| format!("… and {n} more — see {screen}"),
    health_short: |score| format!("health {score}"),
    breadth_short: |d, t| format!("{d}d {t}t ⚠"),
    thin_hint: "add a tie in another department (Enter opens the account)",
    health_reason: en_health_reason,
    col_health: "Health",
    sec_health: "Health",
    health_line: |score, band| format!("{score}/100 — {band}"),
    suggest_at_risk: |score| format!("health {score} — mark at risk? (e edits the status)"),

    form_add_account: "New account",
    form_edit_account: |name| format!("Edit {name}"),
    form_hint_cadence: |defaults| {
        let each: Vec<String> = defaults
            .iter()
            .map(|(tier, d)| format!("{} {d}", tier.label()))
            .collect();
        format!("empty: by tier, {} days", each.join(", "))
    },
    form_hint_money: "e.g. 1,250,000 or 125万",
    form_discard: "Discard your changes?  y discard · n keep editing",
    form_fix: |n| {
        if n == 1 {
            "1 field needs attention".into()
        } else {
            format!("{n} fields need attention")
        }
    },
    choice_none: "—",
    required_mark: "*",

    confirm_title: " Confirm ",
    confirm_archive: |name| {
        format!(
            "Archive {name}? It leaves the lists but keeps its history; u in the archived view (A) brings it back."
        )
    },
    saved_account: |name| format!("Saved {name}."),
    added_account: |name| format!("Added {name}."),
    archived_account: |name| format!("Archived {name}. A shows archived accounts."),
    unarchived_account: |name| format!("{name} is back in the active list."),
    already_archived: "Already archived.",
    not_archived: "Not archived.",
    nothing_selected: "Nothing selected.",
    read_only_banner: "⚠ read-only: this database may not be written here — you can look, but nothing can be saved",
    demo_banner: "demo portfolio: made-up data, discarded when you quit — your own is plain kam",
    draft_offer: |title| {
        format!("kam was stopped while you were editing “{title}”. Restore your unsaved entry?")
    },
    draft_restore: "restore it",
    draft_discard: "discard it",
    draft_discarded: "The unsaved entry was discarded.",
    draft_restored: "Your unsaved entry is back — check it and save with Ctrl-S.",

    change_said: en_change_said,
    undone: |what| format!("Undone: {what}. Z redoes it."),
    redone: |what| format!("Redone: {what}."),
    nothing_to_undo: "Nothing to undo: this kam has made no change since it started (kam undo --list shows the journal).",
    nothing_to_redo: "Nothing to redo.",
    moved_on: |what| {
        format!(
            "Nothing undone: {what} changed since — undo that later change first, or edit it by hand."
        )
    },
    sec_history: "History",
    f_scheduled_at: "Scheduled",
    f_completed_at: "Closed at",
    f_resolved_at: "Resolved at",
    no_history: "No changes recorded yet.",
    history_of: |what| format!("History of {what} — h shows the whole account"),
    undone_mark: "(undone)",
    unreadable_change: "unknown change (made by a newer kam)",
    rec_account: "Account",
    rec_contact: "Contact",
    rec_complaint: "Complaint",
    rec_visit: "Visit",
    rec_survey: "Survey",
    rec_visit_contact: "Visit contact",
    rec_setting: "Setting",
    op_added: "added",
    op_deleted: "deleted",
    clash_question: |field, mine, theirs| {
        format!(
            "{field} was changed elsewhere while you edited it (another kam or an import). Yours: “{mine}”. Now stored: “{theirs}”. Which to keep? Esc goes back to the form."
        )
    },
    clash_mine: "keep yours",
    clash_theirs: "keep the stored one",
    yes: "yes",
    no: "no",
    draft_more: |n| format!(" ({n} more after this one)"),
    draft_lost: |why| format!("kam: your unsaved entry could not be kept: {why}"),

    form_handover: "Hand accounts over",
    f_from: "From",
    f_to: "To",
    f_scope: "Accounts",
    hint_handover_from: "who hands over: the accounts they own or back up and the ties they hold",
    hint_handover_to: "who takes them over",
    scope_selected: |name| format!("this account: {name}"),
    scope_shown: |n| match n {
        1 => "the 1 account the list shows".into(),
        n => format!("the {n} accounts the list shows"),
    },
    scope_all: "every account From owns",
    hint_colleagues: "Ctrl-N/Ctrl-P take a colleague named already",
    suggestions_more: |n| format!("+{n} more"),
    handover_no_from: "name the colleague who hands the accounts over",
    handover_no_to: "name the colleague who takes the accounts over",
    handover_same: |name| format!("{name} cannot hand over to themselves — name the successor"),
    owns_nothing: |name, owners| {
        if owners.is_empty() {
            return format!("{name} owns no account — no account has an owner yet");
        }
        format!(
            "{name} owns no account — the owners kam knows: {}",
            some_names(owners, ", ", |n| format!(" and {n} more"))
        )
    },
    handed_over: |moved, from, to, thin| {
        if moved.is_nothing() {
            return format!(
                "Nothing to hand over: {from} owns, backs up and holds no tie in these accounts."
            );
        }
        let thin = match thin {
            0 => "no key account among them rests on one person".to_string(),
            1 => "1 key account on one person — see Today".to_string(),
            n => format!("{n} key accounts on one person — see Today"),
        };
        format!("{from} → {to}: {} · {thin}", en_moved(moved))
    },
};

/// "3 accounts, 1 backup role and 7 ties": what a handover moved.
fn en_moved(m: &Moved) -> String {
    let count = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut parts = vec![count(m.accounts, "account", "accounts")];
    if m.backups > 0 {
        parts.push(count(m.backups, "backup role", "backup roles"));
    }
    let ties = count(m.ties, "tie", "ties");
    format!("{} and {ties}", parts.join(", "))
}

/// The first dozen names, joined, and how many more there are.
pub(crate) fn some_names(names: &[String], sep: &str, more: impl Fn(usize) -> String) -> String {
    const SHOWN: usize = 12;
    let mut s = names
        .iter()
        .take(SHOWN)
        .map(|n| crate::domain::text::sanitize(n).into_owned())
        .collect::<Vec<_>>()
        .join(sep);
    if names.len() > SHOWN {
        s.push_str(&more(names.len() - SHOWN));
    }
    s
}

/// The breadth warning, in words, naming what to add.
fn en_change_said(kind: Option<ChangeKind>, s: &str) -> String {
    use ChangeKind as K;
    let Some(kind) = kind else {
        return format!("unknown change: {s}");
    };
    match kind {
        K::AccountAdd => format!("account {s} added"),
        K::AccountEdit => format!("account {s} changed"),
        K::AccountArchive => format!("account {s} archived"),
        K::AccountUnarchive => format!("account {s} brought back"),
        K::ConflictTaken => format!("sync conflict decided: {s}"),
        K::ContactAdd => format!("contact {s} added"),
        K::ContactEdit => format!("contact {s} changed"),
        K::ContactDelete => format!("contact {s} deleted"),
        K::ComplaintAdd => format!("complaint logged: {s}"),
        K::ComplaintInProgress => format!("complaint in progress: {s}"),
        K::ComplaintWaiting => format!("complaint waiting for the customer: {s}"),
        K::ComplaintResolved => format!("complaint resolved: {s}"),
        K::ComplaintClosed => format!("complaint closed: {s}"),
        K::ComplaintReopened => format!("complaint reopened: {s}"),
        K::ComplaintForward => format!("complaint forwarded: {s}"),
        K::VisitAdd => format!("visit to {s} scheduled"),
        K::VisitDone => format!("visit to {s} done"),
        K::VisitMissed => format!("visit to {s} marked missed"),
        K::VisitCancelled => format!("visit to {s} cancelled"),
        K::VisitReschedule => format!("visit to {s} moved"),
        K::SurveyAdd => format!("survey of {s} entered"),
        K::SurveyEdit => format!("survey of {s} changed"),
        K::PromiseAdd | K::PromiseEdit | K::PromiseKept | K::PromiseReopened | K::PromiseDelete => {
            crate::strings_brief::change(kind, s)
        }
        K::VisitEdit
        | K::VisitDelete
        | K::VisitReplan
        | K::ComplaintEdit
        | K::ComplaintDelete
        | K::SurveyDelete => crate::strings_records::change_said(kind, s),
        K::SettingChange => format!("setting {s} changed"),
        K::Import => format!("import of {s} rows"),
        K::Undo => format!("undo of: {s}"),
        K::Redo => format!("redo of: {s}"),
        K::Handover => format!("accounts handed over: {s}"),
    }
}

fn en_breadth_message(b: &Breadth) -> String {
    let add = |a: &Add| {
        let mut parts: Vec<&str> = a.departments.iter().map(|d| d.label()).collect();
        if a.management {
            parts.push("management");
        }
        join_or(&parts)
    };
    match b.advice() {
        Advice::Nobody { add: a } => {
            format!(
                "Nobody is known at this account — add contacts in {}.",
                add(&a)
            )
        }
        Advice::Sole {
            name,
            department,
            add: a,
        } => format!(
            "Only {name} ({}) holds this account — add a tie in {}.",
            department.label(),
            add(&a)
        ),
        Advice::OneHolder { holder } => {
            format!("Every tie is held by {holder} — a colleague should build their own ties here.")
        }
        Advice::Weak { add: a } => format!(
            "No tie is strong enough to rely on — strengthen the ties you have, or add one in {}.",
            add(&a)
        ),
        Advice::Narrow {
            departments,
            levels,
            no_executive,
            holders,
            add: a,
        } => {
            let mut gaps = Vec::new();
            if let Some((have, need)) = departments {
                gaps.push(format!("{have} of {need} departments"));
            }
            if let Some((have, need, missing)) = levels {
                let names: Vec<&str> = missing.iter().map(|l| l.label()).collect();
                gaps.push(match names.is_empty() {
                    true => format!("{have} of {need} levels"),
                    false => format!("{have} of {need} levels (no {})", join_or(&names)),
                });
            }
            if no_executive {
                gaps.push("no executive tie".to_string());
            }
            if let Some((have, need)) = holders {
                gaps.push(format!("held by {have} of us, {need} needed"));
            }
            let gaps = gaps.join(", ");
            match a {
                None => format!("Narrow: {gaps}."),
                Some(a) => format!("Narrow: {gaps} — add ties in {}.", add(&a)),
            }
        }
        Advice::Broad {
            departments,
            levels,
            holders,
        } => format!("Broad: {departments} departments, {levels} levels, held by {holders} of us."),
    }
}

/// One sentence for the points of a health group.
fn en_health_reason(r: &Reason) -> String {
    let days = |n: i64| {
        if n == 1 {
            "1 day".to_string()
        } else {
            format!("{n} days")
        }
    };
    match *r {
        Reason::NoSurvey => "No survey yet — neutral".into(),
        Reason::Satisfaction { overall, trend } => {
            let label = EN.score_labels[usize::from(overall.clamp(1, 5)) - 1];
            let moving = match trend {
                Some(Trend::Up) => ", rising",
                Some(Trend::Down) => ", falling",
                Some(Trend::Flat) => ", steady",
                None => "",
            };
            format!("Latest overall {overall}/5 ({label}){moving}")
        }
        Reason::NoComplaints => "No open complaints".into(),
        Reason::Complaints {
            open,
            oldest_days,
            breaches,
            worst_past_days,
        } => {
            let n = if open == 1 {
                "1 complaint open".to_string()
            } else {
                format!("{open} complaints open")
            };
            if breaches == 0 {
                format!("{n}, oldest {} — within target", days(oldest_days))
            } else {
                format!(
                    "{n}, oldest {} — {breaches} past target, the worst by {}",
                    days(oldest_days),
                    days(worst_past_days)
                )
            }
        }
        Reason::NoContacts => "No contacts recorded yet — neutral".into(),
        Reason::Breadth { verdict, executive } => format!(
            "Contact breadth {}{}",
            verdict.label(),
            if executive {
                ", executive tie"
            } else {
                ", no executive tie"
            }
        ),
        Reason::NeverVisited { planned } => {
            if planned {
                "Never visited — a visit is planned".into()
            } else {
                "Never visited — nothing planned".into()
            }
        }
        Reason::Engagement {
            days_since,
            cadence,
            overdue_planned,
            planned,
        } => {
            let mut s = format!("Last visit {} ago (every {cadence})", days(days_since));
            if overdue_planned > 0 {
                s.push_str(&format!(", {overdue_planned} planned visit(s) overdue"));
            } else if !planned {
                s.push_str(", nothing planned");
            }
            s
        }
        Reason::Level(level) => format!("Relationship {}", level.label()),
    }
}

/// "a", "a or b", "a, b or c"
fn join_or(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The languages of the interface. Stored words (tiers, statuses …) stay
/// English in the database whatever the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// `en`, `zh`, and the locale forms `zh_CN.UTF-8`, `zh-TW`, `en_US` …
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        let base = s.split(['_', '-', '.', '@']).next().unwrap_or("");
        match base {
            "zh" | "cn" | "chinese" | "中文" => Some(Lang::Zh),
            "en" | "english" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the locale asks for: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty decides; `zh_*` is
    /// Chinese, anything else English. `var` reads the environment (passed
    /// in, so that tests need not change the process's).
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| var(k).filter(|v| !v.trim().is_empty()))
            .and_then(|v| Lang::parse(&v))
            .unwrap_or(Lang::En)
    }
}

static LANG: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

thread_local! {
    /// A per-thread language, for tests that render both languages at once.
    static THREAD_LANG: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Chooses the interface language for the whole program (at start).
pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, std::sync::atomic::Ordering::Relaxed);
}

/// Runs `f` with `lang` as this thread's language (tests, `snapshot`).
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = THREAD_LANG.with(|l| l.replace(Some(lang)));
    let out = f();
    THREAD_LANG.with(|l| l.set(before));
    out
}

/// The interface language in effect.
pub fn lang() -> Lang {
    THREAD_LANG.with(|l| l.get()).unwrap_or_else(|| {
        if LANG.load(std::sync::atomic::Ordering::Relaxed) == Lang::Zh as u8 {
            Lang::Zh
        } else {
            Lang::En
        }
    })
}

/// The strings of the current language.
pub fn s() -> &'static Strings {
    match lang() {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// A short age: hours under two days, whole days after (`5h`, `19d`).
pub fn short_age(d: chrono::Duration) -> String {
    if d < chrono::Duration::days(2) {
        (s().age_hours)(d.num_hours().max(0))
    } else {
        (s().age_short)(d.num_days())
    }
}

/// The short weekday name of a date.
pub fn weekday(d: chrono::NaiveDate) -> &'static str {
    use chrono::Datelike;
    s().weekdays[d.weekday().num_days_from_monday() as usize]
}

/// `Tue 2026-12-01 09:30` (`with_year`) or `Tue 12-01 09:30`.
pub fn when(t: chrono::NaiveDateTime, with_year: bool) -> String {
    let f = if with_year {
        "%Y-%m-%d %H:%M"
    } else {
        "%m-%d %H:%M"
    };
    format!("{} {}", weekday(t.date()), t.format(f))
}

/// `Tue 2026-12-01`.
pub fn day(d: chrono::NaiveDate) -> String {
    format!("{} {}", weekday(d), d.format("%Y-%m-%d"))
}

/// An amount as the interface shows it: the currency sign (the language's
/// own, or `KAM_CURRENCY`) and thousands separators; in the Chinese
/// interface, amounts from 10,000 on in 万 and 亿 (`¥4,457.2万`) unless
/// the `ui.wan` setting turned that off ([`set_wan`]). Exports never come
/// here: they write the exact number.
pub fn money(minor: i64, decimals: bool) -> String {
    let wan = (lang() == Lang::Zh && wan())
        .then(|| crate::domain::money::format_wan(minor))
        .flatten();
    match wan {
        Some(w) => signed(minor, &w),
        None => money_exact(minor, decimals),
    }
}

/// An amount written out whole in any language (`¥44,572,289.00`): where
/// the exact figure matters, as in a change's old and new values.
pub fn money_exact(minor: i64, decimals: bool) -> String {
    signed(
        minor,
        &crate::domain::money::format_money(minor.saturating_abs(), decimals),
    )
}

/// The sign, the currency, the amount: `-¥1,200`.
fn signed(minor: i64, amount: &str) -> String {
    static CURRENCY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let sign = CURRENCY
        .get_or_init(|| {
            std::env::var("KAM_CURRENCY")
                .ok()
                .map(|c| c.trim().to_string())
        })
        .as_deref()
        .unwrap_or(s().currency);
    format!(
        "{}{}{amount}",
        if minor < 0 { "-" } else { "" },
        crate::domain::text::sanitize(sign),
    )
}

/// `label: value` in the interface language's punctuation: `Tier: all`,
/// `分级：全部` (a full-width colon, no space, in Chinese).
pub fn labelled(label: &str, value: &str) -> String {
    match lang() {
        Lang::Zh => format!("{label}：{value}"),
        Lang::En => format!("{label}: {value}"),
    }
}

/// `text (aside)`, or in Chinese `text（aside）` with full-width brackets.
pub fn aside(text: &str, aside: &str) -> String {
    match lang() {
        Lang::Zh => format!("{text}（{aside}）"),
        Lang::En => format!("{text} ({aside})"),
    }
}

/// Items of a list as the interface language joins them: `a, b`, or with
/// the Chinese enumeration comma, `单国强、解文斌`.
pub fn listed<S: AsRef<str>>(items: &[S]) -> String {
    let sep = match lang() {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(sep)
}

/// Whether large amounts read in 万 and 亿 in the Chinese interface: the
/// `ui.wan` setting (on unless set to 0), said once at start.
static WAN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

thread_local! {
    static THREAD_WAN: std::cell::Cell<Option<bool>> = const { std::cell::Cell::new(None) };
}

/// Large amounts in 万 and 亿 (the Chinese interface only), or written out.
pub fn set_wan(on: bool) {
    WAN.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Runs `f` with 万 and 亿 on or off on this thread only (for tests).
pub fn with_wan<T>(on: bool, f: impl FnOnce() -> T) -> T {
    let before = THREAD_WAN.with(|w| w.replace(Some(on)));
    let out = f();
    THREAD_WAN.with(|w| w.set(before));
    out
}

fn wan() -> bool {
    THREAD_WAN
        .with(|w| w.get())
        .unwrap_or_else(|| WAN.load(std::sync::atomic::Ordering::Relaxed))
}

/// What is wrong with a value (a domain rule, a form field, an imported
/// cell or header), in the current language.
pub fn problem(p: &Problem) -> String {
    match lang() {
        Lang::En => en_problem(p),
        Lang::Zh => crate::strings_zh::zh_problem(p),
    }
}

/// English; the Chinese is `strings_zh::zh_problem`. Both match every
/// variant, so a new one is a compile error until it has both.
fn en_problem(p: &Problem) -> String {
    match p {
        Problem::Required => "is required".into(),
        Problem::TooLong { len, max } => {
            format!("is too long ({len} characters; at most {max})")
        }
        Problem::AtMost { max } => format!("at most {max} characters"),
        Problem::ControlCharacters => "contains control characters".into(),
        Problem::OutOfRange { min, max } => format!("must be {min} to {max}"),
        Problem::DaysOutOfRange { min, max } => format!("must be between {min} and {max} days"),
        Problem::InFuture => "cannot be in the future".into(),
        Problem::Negative => "must not be negative".into(),
        Problem::NotPastAfter1900 => "must be a past date after 1900".into(),
        Problem::LostWithoutReason => {
            "say why the account was lost: it is how the team learns".into()
        }
        Problem::ClosedVisitPlanned => "a closed visit is no longer planned".into(),
        Problem::BeforeAccount { since } => crate::strings_records::before_account(*since),
        Problem::Date(e) => e.to_string(),
        Problem::Money(e) => e.to_string(),
        Problem::EnterWholeNumber { min, max } => {
            format!("enter a whole number from {min} to {max}")
        }
        Problem::NotWhole { value, min, max } => {
            format!("'{value}' is not a whole number from {min} to {max}")
        }
        Problem::NotOneOf { value, allowed } => {
            format!("'{value}' is not one of: {}", allowed.join(", "))
        }
        Problem::NotYesNo { value } => format!("'{value}' is not yes or no"),
        Problem::NotALevel { value } => format!(
            "'{value}' is not a valid relationship level (expected one of: 1-5 or basic, passive, responsible, proactive, partner)"
        ),
        Problem::NotAStamp { value } => {
            format!("'{value}' is not a time kam wrote (YYYY-MM-DD HH:MM:SS, UTC)")
        }
        Problem::InvalidUid => "is not a valid uid (at most 64 plain characters)".into(),
        Problem::BeforeOpened => "is before the complaint was opened".into(),
        Problem::UnresolvedWithResolvedTime => {
            "an unresolved complaint has no resolution time".into()
        }
        Problem::ColumnMissing => "this column is required and missing".into(),
        Problem::AccountColumnMissing => {
            "an 'account' (name) or 'account_uid' column is required".into()
        }
        Problem::UnknownColumn { known } => {
            format!("unknown column (kam reads: {})", known.join(", "))
        }
        Problem::SecondColumn { name } => format!("a second '{name}' column"),
        Problem::CellCount { cells, columns } => {
            format!("{cells} cells, but the header has {columns} columns")
        }
        Problem::NoAccountUid { uid } => format!("no account has the uid {uid}"),
        Problem::NoAccountNamed { name } => {
            format!("no account is named '{name}' — import accounts first")
        }
        Problem::NameTheAccount => "name the account (account or account_uid)".into(),
        Problem::NoContactUid { uid } => format!("no contact has the uid {uid}"),
        Problem::NoContactOfAccountUid { uid } => {
            format!("no contact of this account has the uid {uid}")
        }
        Problem::NoContactNamed { name } => format!("no contact named '{name}' at this account"),
        Problem::ContactOfAnotherAccount => "this contact belongs to another account".into(),
        Problem::OnlyPlannedCloses => "only a planned visit can be closed".into(),
        Problem::OnlyPlannedReschedules => "only a planned visit can be rescheduled".into(),
        Problem::ComplaintCannotBecome { from, to } => format!(
            "a {} complaint cannot become {}",
            from.as_str(),
            to.as_str()
        ),
        Problem::SayHowResolved => "say how it was resolved".into(),
        Problem::Database(why) => why.clone(),
    }
}

/// In English, whatever the interface language: for logs and for the
/// English `Display` of the errors that carry a problem.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&en_problem(self))
    }
}

/// The label a form gives a stored column, in the current language (what
/// a store error names a field by); `None` for a column no form shows.
pub fn field_label(column: &str) -> Option<&'static str> {
    let t = s();
    let label = match column {
        "name" => t.f_name,
        "tier" => t.f_tier,
        "relationship_level" => t.f_level,
        "status" => t.f_status,
        "lost_reason" => t.f_lost_reason,
        "defection" => t.f_defection,
        "industry" => t.f_industry,
        "region" => t.f_region,
        "address" => crate::strings_cards::address_label(),
        "owner" => t.f_owner,
        "backup_owner" => t.f_backup_owner,
        "annual_revenue" => t.f_revenue,
        "annual_profit" => t.f_profit,
        "visit_cadence_days" => t.f_cadence,
        "notes" => t.f_notes,
        "title" => t.f_title,
        "department" => t.f_department,
        "seniority" => t.f_seniority,
        "buying_role" => t.f_buying_role,
        "tie_strength" => t.f_tie_strength,
        "our_side" => t.f_our_side,
        "phone" => t.f_phone,
        "email" => t.f_email,
        "birthday" => t.f_birthday,
        "left_company" => t.f_left_company,
        "contact_id" => t.f_contact,
        "category" => t.f_category,
        "severity" => t.f_severity,
        "summary" => t.f_summary,
        "details" => t.f_details,
        "forwarded_to" => t.f_forwarded_to,
        "opened_at" => t.f_opened_at,
        "resolution" => t.f_resolution,
        "kind" => t.f_kind,
        "purpose" => t.f_purpose,
        "outcome" => t.f_outcome,
        "next_step" => t.f_next_step,
        "channel" => t.f_channel,
        "comment" => t.f_comment,
        // what an edit of a visit or survey merges (no column of that name)
        "contact_ids" => t.f_contacts,
        "scores" => crate::strings_records::words().scores,
        "taken_at" => t.f_date,
        "scheduled_at" => t.f_scheduled_at,
        "completed_at" => t.f_completed_at,
        "resolved_at" => t.f_resolved_at,
        "archived_at" => t.f_archived,
        "what" | "due_on" | "done_at" | "visit_id" => {
            return Some(crate::strings_brief::field_label(column));
        }
        "setting" => crate::strings_cli::settings_heading_key(),
        _ => {
            return Dimension::ALL
                .iter()
                .find(|d| d.column() == column)
                .map(|d| d.label());
        }
    };
    Some(label)
}

/// What the command line says (the dashboard's text is in `Strings`).
pub struct CliText {
    pub see_help: &'static str,
    pub accounts_range: &'static str,
    pub no_account_key: fn(&str) -> String,
    pub exists_use_force: fn(&str) -> String,
    pub cannot_replace: fn(&str, &str) -> String,
    pub problem: fn(&str) -> String,
    /// The counts of the tables: (table, rows).
    pub counts: fn(&[(String, i64)]) -> String,
    pub healthy: fn(&str) -> String,
    pub unhealthy: fn(usize) -> String,
    /// (table, row, column, a BLOB): a stored value that is not text.
    pub unreadable_text: fn(&str, &str, &str, bool) -> String,
    pub unreadable_summary: fn(usize) -> String,
    pub to_before_from: fn(&str, &str) -> String,
    pub cannot_read: fn(&str, &str) -> String,
    pub dry_run_csv_only: &'static str,
    pub imported: fn(&str, &str) -> String,
    pub rows_checked: fn(&str, usize) -> String,
    /// (file, rows, encoding, added, updated, dry run)
    pub import_done: fn(&str, usize, &str, usize, usize, bool) -> String,
    pub import_failed: fn(&str, usize) -> String,
    /// (values changed, dry run)
    pub import_fields: fn(usize, bool) -> String,
    /// (row, what, when it changed here)
    pub import_kept: fn(usize, &str, &str) -> String,
    pub no_database: fn(&str) -> String,
    pub bad_today: fn(&str) -> String,
    pub empty_db_path: &'static str,
    pub no_home: &'static str,
    /// The dashboard started without a terminal (a script, a pipe, cron).
    pub no_terminal: &'static str,
    pub rows_written: fn(&str, usize) -> String,
    pub contacts_written: fn(&str, usize) -> String,
    /// (file, counts)
    pub backup_written: fn(&str, &str) -> String,
    pub visits_written: fn(&str, usize) -> String,
    pub undone: fn(&str) -> String,
    pub nothing_to_undo: &'static str,
    pub no_changes: &'static str,
    pub undone_mark: &'static str,
    pub stdout_full: &'static str,
    pub stdout_failed: fn(&str) -> String,
    /// (width, height)
    pub screen_too_large: fn(u16, u16) -> String,
    pub width_too_large: fn(u16) -> String,
    pub input_not_a_file: fn(&str) -> String,
    pub input_too_large: fn(&str) -> String,
    pub csv_needs_folder: &'static str,
    /// (what moved, from, to)
    pub handover_moved: fn(&Moved, &str, &str) -> String,
    pub handover_thin_heading: &'static str,
    /// One key account resting on one person: (account, on whom it rests,
    /// who on our side holds that tie).
    pub handover_thin_line: fn(&str, &Advice<'_>, Option<&str>) -> String,
    /// `export json --owner`: (file, rows, owner, accounts)
    pub owner_rows_written: fn(&str, usize, &str, usize) -> String,
}

pub static EN_CLI: CliText = CliText {
    see_help: "see kam --help",
    accounts_range: "--accounts: choose between 1 and 100000",
    no_account_key: |key| format!("--account: no account with id or uid '{key}'"),
    exists_use_force: |path| {
        format!("{path}: already exists — choose another file, or add --force to replace it")
    },
    cannot_replace: |path, why| format!("{path}: cannot replace it: {why}"),
    problem: |line| format!("problem: {line}"),
    counts: |counts| {
        counts
            .iter()
            .map(|(t, n)| format!("{n} {t}"))
            .collect::<Vec<_>>()
            .join(", ")
    },
    healthy: |counts| format!("healthy: integrity ok, references ok · {counts}"),
    unhealthy: |n| {
        format!("the database has {n} problem(s) — restore a backup (kam backup makes one)")
    },
    unreadable_text: |table, row, column, blob| {
        let what = if blob {
            "a BLOB, not text"
        } else {
            "not valid UTF-8"
        };
        format!("unreadable: {table} row id {row}, column {column}: {what} (kam shows it with �)")
    },
    unreadable_summary: |n| {
        format!(
            "{n} stored value(s) are not readable text (kam shows them with �) — edit them in kam to save them as shown, or restore a backup"
        )
    },
    to_before_from: |to, from| format!("--to {to} is before --from {from}"),
    cannot_read: |path, why| format!("{path}: cannot read it: {why}"),
    dry_run_csv_only: "--dry-run is for CSV files; a JSON portfolio goes into an empty database",
    imported: |path, counts| format!("{path}: imported {counts}"),
    rows_checked: |path, n| format!("kam: {path}: {n} rows checked…"),
    import_done: |path, rows, encoding, added, updated, dry| {
        if dry {
            format!(
                "{path}: {rows} rows ({encoding}) — would add {added}, would update {updated}; nothing written (dry run)"
            )
        } else {
            format!("{path}: {rows} rows ({encoding}) — added {added}, updated {updated}")
        }
    },
    import_fields: |n, dry| {
        let verb = if dry { "would change" } else { "changed" };
        format!("{verb} {n} value(s) in rows that were already here")
    },
    import_kept: |row, what, at| {
        format!(
            "row {row}: {what} changed here on {at}, after this file — kept; --overwrite to replace"
        )
    },
    import_failed: |path, n| {
        format!("{path}: {n} problem(s) — nothing was imported; fix them and run the import again")
    },
    no_database: |path| {
        format!(
            "{path}: no database here — run `kam` once to create it, or `kam demo --out {path}`"
        )
    },
    bad_today: |s| format!("--today '{s}': not a date — use YYYY-MM-DD, e.g. 2026-11-23"),
    empty_db_path: "--db: the path is empty",
    no_home: "cannot find your home folder — name a database with --db PATH",
    no_terminal: "kam needs a terminal; use kam today or kam snapshot in scripts",
    rows_written: |path, n| format!("{path}: {n} rows"),
    contacts_written: |path, n| format!("{path}: {n} contacts"),
    backup_written: |path, counts| {
        format!("backup written and verified: {path} (integrity ok · {counts})")
    },
    visits_written: |path, n| {
        format!("{path}: {n} visits (cancelled and missed ones as cancelled)")
    },
    undone: |what| format!("undone: {what}"),
    nothing_to_undo: "nothing to undo: no change made on this computer is left to undo (kam undo --list shows them)",
    no_changes: "no changes recorded",
    undone_mark: "(undone)",
    stdout_full: "standard output: the disk is full — the output is incomplete; free some space and try again",
    stdout_failed: |why| {
        format!("standard output: cannot write ({why}) — the output is incomplete")
    },
    screen_too_large: |w, h| {
        format!("--width {w} --height {h}: at most 1000 each — no terminal is larger")
    },
    width_too_large: |w| format!("--width {w}: at most 1000 columns"),
    input_not_a_file: |path| {
        format!(
            "{path}: not a plain file (a device, a pipe or a socket) — kam reads it only with --force"
        )
    },
    input_too_large: |path| {
        format!(
            "{path}: larger than 1 GB — check that it is the right file; add --force to read it anyway"
        )
    },
    csv_needs_folder: "export csv writes one file per table into a folder — name a folder (- for standard output is for json, vcard and ics)",
    handover_moved: |moved, from, to| {
        if moved.is_nothing() {
            format!("nothing moved: {from} owns, backs up and holds no tie in these accounts")
        } else {
            format!("moved {} from {from} to {to}", en_moved(moved))
        }
    },
    handover_thin_heading: "key accounts that now rest on one person on our side:",
    handover_thin_line: |account, advice, holder| {
        let holder = holder.unwrap_or("nobody on our side named");
        match advice {
            Advice::Sole {
                name, department, ..
            } => format!("{account} · {name} ({}) · {holder}", department.label()),
            Advice::OneHolder { holder } => format!("{account} · every tie · {holder}"),
            Advice::Nobody { .. } => format!("{account} · nobody known there"),
            Advice::Weak { .. } => format!("{account} · no tie strong enough to rely on"),
            Advice::Narrow { .. } | Advice::Broad { .. } => account.to_string(),
        }
    },
    owner_rows_written: |path, rows, owner, accounts| {
        let accounts = if accounts == 1 {
            "1 account".to_string()
        } else {
            format!("{accounts} accounts")
        };
        format!("{path}: {rows} rows — {owner}'s portfolio ({accounts}) and the settings")
    },
};

/// A file kam could not write, in the current language: one line naming
/// the file and what to do.
pub fn file_error(e: &crate::store::whole_file::FileError) -> String {
    match lang() {
        Lang::En => e.to_string(),
        Lang::Zh => crate::strings_zh::zh_file_error(e),
    }
}

/// In English, whatever the interface language (the `Display` of
/// `FileError`); the Chinese is `strings_zh::zh_file_error`.
impl std::fmt::Display for crate::store::whole_file::FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::store::whole_file::FileProblem as P;
        match self {
            P::Exists => {
                f.write_str("already exists — choose another file, or add --force to replace it")
            }
            P::Symlink => f.write_str(
                "is a symbolic link — kam writes only plain files; name the file itself, or - for standard output",
            ),
            P::Folder => f.write_str("is a folder — name a file"),
            P::NotAFolder => f.write_str("is not a folder — name a folder for the files"),
            P::Special => f.write_str(
                "is a device or a pipe, not a file — name a file, or - for standard output",
            ),
            P::NoFolder => f.write_str(
                "its folder does not exist — create the folder, or choose another file",
            ),
            P::IsTheDatabase => f.write_str("is the database itself — choose another file"),
            P::InUse => f.write_str(
                "is in use, or was left mid-write (a -journal or -wal with changes is beside it) — close the program that has it open, or choose another file",
            ),
            P::DiskFull => f.write_str(
                "the disk is full — nothing was written (an earlier file there is unchanged); free some space and try again",
            ),
            P::Io(e) => write!(
                f,
                "cannot write it ({e}) — nothing was written (an earlier file there is unchanged)"
            ),
            P::Unverified(why) => write!(
                f,
                "the copy did not verify ({why}) — nothing was written; run kam check on the database"
            ),
        }
    }
}

/// The command line's text in the current language.
pub fn cli() -> &'static CliText {
    match lang() {
        Lang::En => &EN_CLI,
        Lang::Zh => &crate::strings_zh::ZH_CLI,
    }
}

/// A problem of an imported row, in the current language.
pub fn import_problem(row: usize, column: &str, p: &Problem) -> String {
    let message = problem(p);
    match lang() {
        Lang::En if column.is_empty() => format!("row {row}: {message}"),
        Lang::En => format!("row {row}, column '{column}': {message}"),
        Lang::Zh if column.is_empty() => format!("第 {row} 行：{message}"),
        // 结果（outcome）列 and “foo”列, but outcome 列
        Lang::Zh if column.ends_with(['）', '”']) => {
            format!("第 {row} 行，{column}列：{message}")
        }
        Lang::Zh => format!("第 {row} 行，{column} 列：{message}"),
    }
}

/// A store error in the current language (one line, as always).
pub fn store_error(e: &crate::store::StoreError) -> String {
    match lang() {
        Lang::En => e.to_string(),
        Lang::Zh => crate::strings_zh::zh_store_error(e),
    }
}

/// Why a date or time was not understood, in the current language.
pub fn date_error(e: &crate::domain::dates::DateError) -> String {
    match lang() {
        Lang::En => e.to_string(),
        Lang::Zh => crate::strings_zh::zh_date_error(e),
    }
}

/// Why an amount was not understood, in the current language.
pub fn money_error(e: &crate::domain::money::MoneyError) -> String {
    match lang() {
        Lang::En => e.to_string(),
        Lang::Zh => crate::strings_zh::zh_money_error(e),
    }
}

/// The label of an enumeration value in the current language.
pub trait Label {
    fn label(self) -> &'static str;
}

/// English labels; the Chinese ones are in `strings_zh`.
macro_rules! labels {
    ($ty:ty { $($variant:path => $text:literal),+ $(,)? }) => {
        impl Label for $ty {
            fn label(self) -> &'static str {
                match lang() {
                    Lang::Zh => ZhLabel::zh(self),
                    Lang::En => match self { $($variant => $text),+ },
                }
            }
        }
    };
}

labels!(Tier { Tier::Key => "key", Tier::Important => "important", Tier::General => "general" });
labels!(RelationshipLevel {
    RelationshipLevel::Basic => "1 basic",
    RelationshipLevel::Passive => "2 passive",
    RelationshipLevel::Responsible => "3 responsible",
    RelationshipLevel::Proactive => "4 proactive",
    RelationshipLevel::Partner => "5 partner",
});
labels!(AccountStatus {
    AccountStatus::Active => "active",
    AccountStatus::AtRisk => "at risk",
    AccountStatus::Lost => "lost",
    AccountStatus::Prospect => "prospect",
});
labels!(LostReason {
    LostReason::Natural => "natural (customer shrank or left the market)",
    LostReason::Malicious => "malicious (left to escape debts)",
    LostReason::Competitive => "competitive (a competitor took it)",
    LostReason::Negligence => "negligence (we neglected it)",
});
labels!(Department {
    Department::Executive => "executive",
    Department::Purchasing => "purchasing",
    Department::Technical => "technical",
    Department::Operations => "operations",
    Department::Finance => "finance",
    Department::Quality => "quality",
    Department::Logistics => "logistics",
    Department::User => "user dept",
    Department::Other => "other",
});
labels!(Seniority {
    Seniority::Executive => "executive",
    Seniority::Manager => "manager",
    Seniority::Staff => "staff",
});
labels!(BuyingRole {
    BuyingRole::DecisionMaker => "decision maker",
    BuyingRole::Influencer => "influencer",
    BuyingRole::User => "user",
    BuyingRole::Gatekeeper => "gatekeeper",
    BuyingRole::Champion => "champion",
});
labels!(Verdict {
    Verdict::SingleThreaded => "single-threaded",
    Verdict::Narrow => "narrow",
    Verdict::Broad => "broad",
});
labels!(ComplaintCategory {
    ComplaintCategory::Quality => "quality",
    ComplaintCategory::Service => "service",
    ComplaintCategory::Delivery => "delivery",
    ComplaintCategory::Price => "price",
    ComplaintCategory::Other => "other",
});
labels!(Severity {
    Severity::Low => "low",
    Severity::Medium => "medium",
    Severity::High => "high",
    Severity::Critical => "critical",
});
labels!(ComplaintStatus {
    ComplaintStatus::Open => "open",
    ComplaintStatus::InProgress => "in progress",
    ComplaintStatus::WaitingCustomer => "waiting customer",
    ComplaintStatus::Resolved => "resolved",
    ComplaintStatus::Closed => "closed",
});
labels!(ForwardedTo {
    ForwardedTo::Production => "production",
    ForwardedTo::Technical => "technical",
    ForwardedTo::Logistics => "logistics",
    ForwardedTo::Finance => "finance",
    ForwardedTo::Quality => "quality",
    ForwardedTo::Service => "service",
    ForwardedTo::Other => "other",
});
labels!(Bucket {
    Bucket::UpTo2 => "0–2d",
    Bucket::UpTo7 => "3–7d",
    Bucket::UpTo14 => "8–14d",
    Bucket::UpTo30 => "15–30d",
    Bucket::Over30 => ">30d",
});
labels!(VisitKind {
    VisitKind::Visit => "visit",
    VisitKind::Call => "call",
    VisitKind::Wechat => "WeChat",
    VisitKind::Video => "video call",
    VisitKind::ExecutiveMeeting => "executive meeting",
    VisitKind::ServiceReturn => "service return",
});
labels!(VisitStatus {
    VisitStatus::Planned => "planned",
    VisitStatus::Done => "done",
    VisitStatus::Missed => "missed",
    VisitStatus::Cancelled => "cancelled",
});
labels!(SurveyChannel {
    SurveyChannel::Visit => "visit",
    SurveyChannel::Phone => "phone",
    SurveyChannel::Wechat => "WeChat",
    SurveyChannel::Email => "email",
    SurveyChannel::Other => "other",
});
labels!(Dimension {
    Dimension::ProductQuality => "Product quality",
    Dimension::ServiceQuality => "Service quality",
    Dimension::Delivery => "Delivery",
    Dimension::Value => "Value for money",
    Dimension::Communication => "Communication",
    Dimension::Overall => "Overall",
});
labels!(Band {
    Band::Healthy => "healthy",
    Band::Watch => "watch",
    Band::AtRisk => "at risk",
});
labels!(GroupKind {
    GroupKind::Satisfaction => "Satisfaction",
    GroupKind::Complaints => "Complaints",
    GroupKind::Breadth => "Contact breadth",
    GroupKind::Engagement => "Engagement",
    GroupKind::Relationship => "Relationship",
});
labels!(Defection {
    Defection::Price => "price",
    Defection::Product => "product",
    Defection::Service => "service",
    Defection::Promotion => "promotion",
    Defection::Market => "market",
    Defection::Technology => "technology",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_shows_hours_under_two_days() {
        use chrono::Duration;
        assert_eq!(short_age(Duration::hours(47)), "47h");
        assert_eq!(short_age(Duration::days(2)), "2d");
        assert_eq!(short_age(Duration::days(19)), "19d");
        assert_eq!(short_age(Duration::hours(-3)), "0h");
    }

    #[test]
    fn ages_and_weekdays_in_chinese() {
        use chrono::Duration;
        with_lang(Lang::Zh, || {
            assert_eq!(short_age(Duration::hours(5)), "5小时");
            assert_eq!(short_age(Duration::days(19)), "19天");
            let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
            assert_eq!(day(d), "周二 2026-12-01");
            assert_eq!(Tier::Key.label(), "关键客户");
        });
        assert_eq!(Tier::Key.label(), "key");
    }

    #[test]
    fn large_amounts_in_wan_in_chinese_only_and_only_while_the_setting_is_on() {
        let revenue = 4_457_228_900; // ¥44,572,289
        assert_eq!(money(revenue, false), "44,572,289");
        with_lang(Lang::Zh, || {
            assert_eq!(money(revenue, false), "¥4,457.2万");
            assert_eq!(money(revenue, true), "¥4,457.2万");
            assert_eq!(money(-revenue, false), "-¥4,457.2万");
            assert_eq!(money(12_000_000_000, false), "¥1.2亿");
            assert_eq!(money(999_999, true), "¥9,999.99");
            assert_eq!(money_exact(revenue, true), "¥44,572,289.00");
            with_wan(false, || {
                assert_eq!(money(revenue, false), "¥44,572,289");
            });
        });
    }

    #[test]
    fn labels_and_lists_take_the_language_s_punctuation() {
        assert_eq!(labelled("Tier", "all"), "Tier: all");
        assert_eq!(listed(&["Wang", "Li"]), "Wang, Li");
        assert_eq!(aside("41 accounts", "archived"), "41 accounts (archived)");
        with_lang(Lang::Zh, || {
            assert_eq!(labelled("分级", "全部"), "分级：全部");
            assert_eq!(listed(&["单国强", "解文斌"]), "单国强、解文斌");
            assert_eq!(listed::<&str>(&[]), "");
            assert_eq!(aside("41 个客户", "已归档"), "41 个客户（已归档）");
        });
    }

    #[test]
    fn language_from_flags_and_locale() {
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        // LC_ALL wins over LANG; an empty one does not count
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "zh_TW"),
                ("LANG", "C")
            ])),
            Lang::Zh
        );
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    }
}
