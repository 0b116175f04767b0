//! The store against real files: creating, migrating, refusing files it
//! must not touch, permissions, and the schema's own rules.

use kam::domain::{AccountInput, Clock, ContactInput, Department, Seniority, Tier};
use kam::store::{SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;
use std::path::Path;

fn clock() -> Clock {
    Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

fn user_version(path: &Path) -> u32 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn open_creates_the_file_and_its_folders_and_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/kam.sqlite3");
    let store = Store::open(&path).unwrap();
    drop(store);
    assert!(path.exists());
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn an_empty_file_is_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.sqlite3");
    std::fs::write(&path, b"").unwrap();
    Store::open(&path).unwrap();
    assert_eq!(user_version(&path), SCHEMA_VERSION);
}

#[test]
fn reopening_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    let id = Store::open(&path)
        .unwrap()
        .add_account(&AccountInput::new("华东精密", Tier::Key), &clock())
        .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.get_account(id).unwrap().unwrap().input.name,
        "华东精密"
    );
}

#[test]
fn a_newer_database_is_refused_and_left_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer kam"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    assert!(!Path::new(&wal).exists(), "no WAL file was created");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        (
            "notes.txt",
            b"Dear customer, thank you for your order.\n".to_vec(),
        ),
        (
            "random.bin",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        ("short.db", b"SQLite format 3\0".to_vec()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert!(
            matches!(err, StoreError::NotADatabase { .. }),
            "{name}: {err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} changed");
    }
}

#[test]
fn a_folder_in_place_of_the_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(err.to_string().contains("folder"), "{err}");
}

#[cfg(unix)]
#[test]
fn an_existing_looser_file_is_tightened_with_a_notice() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    Store::open(&path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut store = Store::open(&path).unwrap();
    let notices = store.take_notices();
    assert_eq!(notices.len(), 1);
    assert!(notices[0].to_string().contains("readable by you only"));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn check_constraints_reject_words_outside_the_enumerations() {
    let store = Store::open_in_memory().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    drop(store);
    Store::open(&path).unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    let stamp = "2026-11-23 09:00:00";
    let insert_account = |tier: &str, level: i64, revenue: i64| {
        conn.execute(
            "INSERT INTO accounts (uid, name, tier, relationship_level, annual_revenue,
                 visit_cadence_days, created_at, updated_at)
             VALUES (lower(hex(randomblob(8))), 'A', ?1, ?2, ?3, 14, ?4, ?4)",
            rusqlite::params![tier, level, revenue, stamp],
        )
    };
    assert!(insert_account("key", 3, 0).is_ok());
    assert!(insert_account("vip", 3, 0).is_err(), "unknown tier");
    assert!(insert_account("key", 6, 0).is_err(), "level above 5");
    assert!(insert_account("key", 0, 0).is_err(), "level below 1");
    assert!(insert_account("key", 3, -1).is_err(), "negative revenue");
    let bad_survey = conn.execute(
        "INSERT INTO surveys (uid, account_id, taken_at, overall, created_at, updated_at)
         VALUES ('s1', 1, '2026-11-01', 7, ?1, ?1)",
        [stamp],
    );
    assert!(bad_survey.is_err(), "a score of 7");
    let bad_date = conn.execute(
        "INSERT INTO surveys (uid, account_id, taken_at, overall, created_at, updated_at)
         VALUES ('s2', 1, '2026-02-30', 4, ?1, ?1)",
        [stamp],
    );
    assert!(bad_date.is_err(), "an impossible date");
}

#[test]
fn foreign_keys_and_same_account_rules_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    let store = Store::open(&path).unwrap();
    let a = store
        .add_account(&AccountInput::new("A", Tier::Key), &clock())
        .unwrap();
    let b = store
        .add_account(&AccountInput::new("B", Tier::Key), &clock())
        .unwrap();
    let contact_of_b = store
        .add_contact(
            b,
            &ContactInput::new("王芳", Department::Technical, Seniority::Staff),
            &clock(),
        )
        .unwrap();
    // a contact of a missing account
    let err = store
        .add_contact(
            999,
            &ContactInput::new("x", Department::Other, Seniority::Staff),
            &clock(),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Rejected(_)), "{err}");
    // a complaint of account A naming B's contact
    let complaint = kam::domain::ComplaintInput {
        contact_id: Some(contact_of_b),
        opened_at: clock().now,
        category: kam::domain::ComplaintCategory::Quality,
        severity: kam::domain::Severity::High,
        summary: "Scratches".into(),
        details: String::new(),
        forwarded_to: None,
    };
    let err = store.add_complaint(a, &complaint, &clock()).unwrap_err();
    assert!(err.to_string().contains("another account"), "{err}");
}

mod complaints {
    use super::*;
    use kam::domain::{ComplaintCategory, ComplaintInput, ComplaintStatus, Severity};
    use kam::store::complaints::ComplaintQuery;

    fn setup() -> (Store, i64) {
        let mut store = Store::open_in_memory().unwrap();
        let a = store
            .add_account(&AccountInput::new("华东精密", Tier::Key), &clock())
            .unwrap();
        let id = store
            .add_complaint(
                a,
                &ComplaintInput {
                    contact_id: None,
                    opened_at: clock().now - chrono::Duration::days(4),
                    category: ComplaintCategory::Delivery,
                    severity: Severity::High,
                    summary: "交货延期".into(),
                    details: String::new(),
                    forwarded_to: None,
                },
                &clock(),
            )
            .unwrap();
        let _ = &mut store;
        (store, id)
    }

    fn status(store: &Store, id: i64) -> (ComplaintStatus, Option<chrono::NaiveDateTime>, String) {
        let c = store.get_complaint(id).unwrap().unwrap();
        (c.status, c.resolved_at, c.resolution)
    }

    #[test]
    fn resolving_stamps_the_time_and_reopening_clears_it() {
        let (mut store, id) = setup();
        store
            .set_complaint_status(id, ComplaintStatus::InProgress, None, &clock())
            .unwrap();
        assert_eq!(status(&store, id).0, ComplaintStatus::InProgress);
        store
            .set_complaint_status(
                id,
                ComplaintStatus::Resolved,
                Some(" Re-shipped "),
                &clock(),
            )
            .unwrap();
        let (st, at, text) = status(&store, id);
        assert_eq!(st, ComplaintStatus::Resolved);
        assert_eq!(at, Some(clock().now));
        assert_eq!(text, "Re-shipped");
        store
            .set_complaint_status(id, ComplaintStatus::Open, None, &clock())
            .unwrap();
        let (st, at, text) = status(&store, id);
        assert_eq!((st, at), (ComplaintStatus::Open, None));
        assert_eq!(text, "Re-shipped", "the resolution stays as history");
    }

    #[test]
    fn closing_keeps_an_earlier_resolution_time() {
        let (mut store, id) = setup();
        store
            .set_complaint_status(id, ComplaintStatus::Resolved, Some("done"), &clock())
            .unwrap();
        let later = Clock::at(clock().now + chrono::Duration::days(2));
        store
            .set_complaint_status(id, ComplaintStatus::Closed, None, &later)
            .unwrap();
        assert_eq!(status(&store, id).1, Some(clock().now));
    }

    #[test]
    fn forbidden_moves_and_missing_resolutions_change_nothing() {
        let (mut store, id) = setup();
        let err = store
            .set_complaint_status(id, ComplaintStatus::Resolved, Some("  "), &clock())
            .unwrap_err();
        assert!(err.to_string().contains("resolution"), "{err}");
        assert_eq!(status(&store, id).0, ComplaintStatus::Open);
        store
            .set_complaint_status(id, ComplaintStatus::Closed, None, &clock())
            .unwrap();
        let err = store
            .set_complaint_status(id, ComplaintStatus::InProgress, None, &clock())
            .unwrap_err();
        assert!(err.to_string().contains("cannot"), "{err}");
        assert_eq!(status(&store, id).0, ComplaintStatus::Closed);
    }

    #[test]
    fn lists_show_unresolved_first_and_resolved_on_request() {
        let (mut store, id) = setup();
        let q = |limit| ComplaintQuery {
            account_id: None,
            resolved_limit: limit,
        };
        assert_eq!(store.list_complaints(q(0)).unwrap().len(), 1);
        store
            .set_complaint_status(id, ComplaintStatus::Closed, None, &clock())
            .unwrap();
        assert!(store.list_complaints(q(0)).unwrap().is_empty());
        assert_eq!(store.list_complaints(q(10)).unwrap().len(), 1);
        let avg = store.average_resolution_hours(1).unwrap().unwrap();
        assert!((avg - 96.0).abs() < 0.01, "{avg}");
    }
}

mod visits {
    use super::*;
    use kam::domain::{VisitClose, VisitInput, VisitKind, VisitStatus};

    fn setup() -> (Store, i64, i64) {
        let mut store = Store::open_in_memory().unwrap();
        let a = store
            .add_account(&AccountInput::new("华东精密", Tier::Key), &clock())
            .unwrap();
        let c = store
            .add_contact(
                a,
                &ContactInput::new("张伟", Department::Purchasing, Seniority::Manager),
                &clock(),
            )
            .unwrap();
        let v = store
            .add_visit(
                a,
                &VisitInput {
                    scheduled_at: clock().now + chrono::Duration::days(2),
                    kind: VisitKind::Visit,
                    purpose: "Review".into(),
                    contact_ids: vec![c, c],
                },
                &clock(),
            )
            .unwrap();
        (store, a, v)
    }

    #[test]
    fn a_visit_keeps_its_contacts_once() {
        let (store, _, v) = setup();
        let row = store.get_visit(v).unwrap().unwrap();
        assert_eq!(row.contact_ids.len(), 1);
        assert_eq!(row.contacts, ["张伟"]);
    }

    #[test]
    fn closing_stamps_completion_and_only_planned_visits_close() {
        let (store, a, v) = setup();
        let done = VisitClose {
            status: VisitStatus::Done,
            outcome: "Signed".into(),
            next_step: String::new(),
            done_at: None,
        };
        store.close_visit(v, &done, &clock()).unwrap();
        let row = store.get_visit(v).unwrap().unwrap();
        assert_eq!(row.status, VisitStatus::Done);
        assert_eq!(row.completed_at, Some(clock().now));
        assert!(store.close_visit(v, &done, &clock()).is_err());
        assert!(store.reschedule_visit(v, clock().now, &clock()).is_err());
        // done, so the last touch of 张伟 is that visit: when it was done
        // (now), not the day it was planned for (in two days)
        let contacts = store.contacts_of(a).unwrap();
        assert_eq!(contacts[0].last_touch, Some(clock().now));
        // an outcome is required for done
        let (store, _, v) = setup();
        let empty = VisitClose {
            outcome: " ".into(),
            ..done
        };
        assert!(store.close_visit(v, &empty, &clock()).is_err());
    }

    #[test]
    fn accounts_without_planned_visits_are_candidates_for_cadence() {
        let (store, _, v) = setup();
        let due = |s: &Store| {
            s.refresh_health(clock().now).unwrap();
            s.accounts_due_by_cadence(clock().today()).unwrap()
        };
        assert!(due(&store).is_empty());
        store
            .close_visit(
                v,
                &VisitClose {
                    status: VisitStatus::Cancelled,
                    outcome: String::new(),
                    next_step: String::new(),
                    done_at: None,
                },
                &clock(),
            )
            .unwrap();
        let due = due(&store);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].last_done, None);
        assert_eq!(due[0].cadence_days, 14);
    }
}

/// The per-account figures kept by triggers equal a recomputation from the
/// tables, after every kind of write.
#[test]
fn account_stats_follow_every_write() {
    use kam::domain::*;
    let mut store = Store::open_in_memory().unwrap();
    kam::demo::fill(&mut store, 6, &clock()).unwrap();
    let a = 1;
    let b = 2;
    let c = store
        .add_contact(
            a,
            &ContactInput::new("新人", Department::Quality, Seniority::Staff),
            &clock(),
        )
        .unwrap();
    let mut input = store.get_contact(c).unwrap().unwrap().input;
    input.tie_strength = 5;
    input.our_side = "Someone".into();
    store.update_contact(c, &input, &clock()).unwrap();
    input.left_company = true;
    store.update_contact(c, &input, &clock()).unwrap();
    store.delete_contact(c).unwrap();
    let k = store
        .add_complaint(
            b,
            &ComplaintInput {
                contact_id: None,
                opened_at: clock().now - chrono::Duration::days(40),
                category: ComplaintCategory::Price,
                severity: Severity::Low,
                summary: "Old".into(),
                details: String::new(),
                forwarded_to: None,
            },
            &clock(),
        )
        .unwrap();
    store
        .set_complaint_status(k, ComplaintStatus::Resolved, Some("ok"), &clock())
        .unwrap();
    store
        .set_complaint_status(k, ComplaintStatus::Open, None, &clock())
        .unwrap();
    let v = store
        .add_visit(
            a,
            &VisitInput {
                scheduled_at: clock().now + chrono::Duration::days(1),
                kind: VisitKind::Call,
                purpose: String::new(),
                contact_ids: vec![],
            },
            &clock(),
        )
        .unwrap();
    store
        .reschedule_visit(v, clock().now - chrono::Duration::days(100), &clock())
        .unwrap();
    store
        .close_visit(
            v,
            &VisitClose {
                status: VisitStatus::Done,
                outcome: "ok".into(),
                next_step: String::new(),
                done_at: None,
            },
            &clock(),
        )
        .unwrap();
    let s = store
        .add_survey(
            b,
            &SurveyInput {
                contact_id: None,
                taken_at: clock().today(),
                channel: SurveyChannel::Phone,
                scores: [None, None, None, None, None, Some(1)],
                comment: String::new(),
            },
            &clock(),
        )
        .unwrap();
    let mut survey = store.get_survey(s).unwrap().unwrap().input;
    survey.scores[5] = Some(5);
    store.update_survey(s, &survey, &clock()).unwrap();
    stored_health_is_live(&store, clock().now);
    let mut account = store.get_account(b).unwrap().unwrap().input;
    account.tier = Tier::Key;
    store.update_account(b, &account, &clock()).unwrap();
    stored_health_is_live(&store, clock().now);
    store.set_setting("breadth.strong_tie", "5").unwrap();
    stored_health_is_live(&store, clock().now);
    let kept = store.stats_dump().unwrap();
    store.rebuild_stats().unwrap();
    assert_eq!(kept, store.stats_dump().unwrap());
}

/// Refreshes the stored health scores at `now` and checks each against
/// the score computed from scratch.
fn stored_health_is_live(store: &Store, now: chrono::NaiveDateTime) {
    use kam::domain::health::portfolio_health;
    store.refresh_health(now).unwrap();
    let settings = store.settings().unwrap();
    let stored = store.stored_scores().unwrap();
    for archived in [false, true] {
        let rows = store.list_account_summaries(archived, now).unwrap();
        let ids: Vec<i64> = rows.iter().map(|a| a.id).collect();
        let open = store.open_complaints_of(&ids).unwrap();
        let live = portfolio_health(&rows, &open, &settings, now);
        for (a, h) in rows.iter().zip(live) {
            assert_eq!(stored[&a.id], Some(h.score), "{} at {now}", a.name);
        }
    }
    // due by cadence, from the stored days and from scratch
    let today = now.date();
    let due = store.accounts_due_by_cadence(today).unwrap();
    let total = due.len();
    let mut due: Vec<i64> = due.iter().map(|d| d.account_id).collect();
    due.sort_unstable();
    let want: Vec<i64> = store
        .list_account_summaries(false, now)
        .unwrap()
        .into_iter()
        .filter(|a| {
            a.status != kam::domain::AccountStatus::Lost
                && a.next_planned_visit.is_none()
                && kam::domain::visit::cadence_state(
                    a.last_done_visit,
                    a.visit_cadence_days,
                    today,
                    settings.due_soon_days(a.visit_cadence_days),
                )
                .is_none_or(|st| st != kam::domain::visit::CadenceState::Within)
        })
        .map(|a| a.id)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(due, want, "due by cadence at {now}");
    assert_eq!(total, want.len());
}

/// The stored scores follow the clock alone: complaints passing their
/// targets, planned visits falling overdue, the days since the last visit.
#[test]
fn stored_health_follows_the_clock_hour_by_hour() {
    let mut store = Store::open_in_memory().unwrap();
    kam::demo::fill(&mut store, 30, &clock()).unwrap();
    let start = clock().now;
    let mut computed = 0;
    for hour in 0..24 * 40 {
        let now = start + chrono::Duration::hours(hour) + chrono::Duration::minutes(7 * hour % 60);
        computed += store.refresh_health(now).unwrap();
        stored_health_is_live(&store, now);
    }
    // far fewer than every account every hour
    assert!(computed < 30 * 24 * 40 / 20, "{computed}");
}

#[test]
fn a_low_score_is_followed_up_by_a_complaint_or_visit_logged_on_or_after_its_day() {
    use chrono::Duration;
    use kam::domain::*;
    let mut store = Store::open_in_memory().unwrap();
    let c = clock();
    let id = store
        .add_account(&AccountInput::new("Acme", Tier::Key), &c)
        .unwrap();
    let day = c.today() - Duration::days(5);
    store
        .add_survey(
            id,
            &SurveyInput {
                contact_id: None,
                taken_at: day,
                channel: SurveyChannel::Phone,
                scores: [Some(4), Some(2), None, None, None, Some(3)],
                comment: String::new(),
            },
            &c,
        )
        .unwrap();
    let open = |s: &Store| {
        s.unanswered_low_scores(c.today(), 30, u32::MAX)
            .unwrap()
            .0
            .len()
    };
    assert_eq!(open(&store), 1);
    // a visit planned before the survey's day does not answer it
    let visit = |days: i64| VisitInput {
        scheduled_at: day.and_hms_opt(10, 0, 0).unwrap() + Duration::days(days),
        kind: VisitKind::Call,
        purpose: "follow up".into(),
        contact_ids: vec![],
    };
    store.add_visit(id, &visit(-1), &c).unwrap();
    assert_eq!(open(&store), 1);
    // a complaint opened that day does
    let complaint = store
        .add_complaint(
            id,
            &ComplaintInput {
                contact_id: None,
                opened_at: day.and_hms_opt(16, 0, 0).unwrap(),
                category: ComplaintCategory::Service,
                severity: Severity::Medium,
                summary: "service".into(),
                details: String::new(),
                forwarded_to: None,
            },
            &c,
        )
        .unwrap();
    assert_eq!(open(&store), 0);
    // moved before the survey by another tool, it no longer does; a visit
    // planned afterwards does again
    kam::store::interop::conn(&store)
        .execute(
            "UPDATE complaints SET opened_at = '2026-01-01 09:00:00' WHERE id = ?1",
            [complaint],
        )
        .unwrap();
    assert_eq!(open(&store), 1);
    let v = store.add_visit(id, &visit(2), &c).unwrap();
    assert_eq!(open(&store), 0);
    kam::store::interop::conn(&store)
        .execute("DELETE FROM visits WHERE id = ?1", [v])
        .unwrap();
    assert_eq!(open(&store), 1);
    // and what the triggers keep is what a rebuild computes
    let kept = store.stats_dump().unwrap();
    store.rebuild_stats().unwrap();
    assert_eq!(store.stats_dump().unwrap(), kept);
}

/// While another kam holds the write lock, the scores are computed into a
/// private copy without waiting; once the lock is free they go to the file.
#[test]
fn health_does_not_wait_for_another_writer_and_reaches_the_file_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    kam::demo::write(&path, 6, &clock(), true).unwrap();
    let store = Store::open(&path).unwrap();
    let other = Connection::open(&path).unwrap();
    other
        .execute_batch("UPDATE account_health SET until = ''; BEGIN IMMEDIATE;")
        .unwrap();
    let start = std::time::Instant::now();
    assert_eq!(store.refresh_health(clock().now).unwrap(), 6);
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
    stored_health_is_live(&store, clock().now);
    other.execute_batch("COMMIT").unwrap();
    assert_eq!(store.refresh_health(clock().now).unwrap(), 6);
    let stale_in_file: i64 = other
        .query_row(
            "SELECT count(*) FROM main.account_health WHERE until <= ?1",
            [kam::domain::clock::format_date_time(clock().now)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale_in_file, 0);
    stored_health_is_live(&store, clock().now);
}

#[test]
fn an_invalid_input_names_its_fields_and_says_why_in_the_chosen_language() {
    use kam::domain::{FieldError, Problem};
    use kam::strings::{Lang, store_error, with_lang};
    let store = Store::open_in_memory().unwrap();
    let mut input = AccountInput::new(" ", Tier::Key);
    input.annual_revenue = -1;
    let err = store.add_account(&input, &clock()).unwrap_err();
    let StoreError::Invalid(errors) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(
        errors,
        &[
            FieldError::new("name", Problem::Required),
            FieldError::new("annual_revenue", Problem::Negative),
        ]
    );
    assert_eq!(
        err.to_string(),
        "name: is required; annual_revenue: must not be negative",
        "English for logs"
    );
    assert_eq!(
        with_lang(Lang::En, || store_error(&err)),
        "name: is required; annual_revenue: must not be negative"
    );
    let zh = with_lang(Lang::Zh, || store_error(&err));
    assert_eq!(zh, "未保存：名称：必填；年销售额：不能为负数");
    assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
}

/// Chinese names sort as Chinese lists do (by pinyin, then tone; Latin
/// names among them by their letters) wherever a list is by name: the
/// Accounts list, pickers, exports' account order, an account's contacts.
#[test]
fn names_sort_by_pinyin_in_every_list_by_name() {
    use kam::domain::{ListQuery, SortKey};
    let store = Store::open_in_memory().unwrap();
    let c = clock();
    let names = [
        "东方",
        "中联",
        "华东",
        "博远",
        "汇通",
        "鼎盛",
        "Bluewater",
        "acme",
        "北京",
    ];
    let mut ids = std::collections::HashMap::new();
    for name in names {
        let id = store
            .add_account(&AccountInput::new(name, Tier::Key), &c)
            .unwrap();
        ids.insert(id, name);
    }
    let want = [
        "acme",
        "北京",
        "Bluewater",
        "博远",
        "鼎盛",
        "东方",
        "华东",
        "汇通",
        "中联",
    ];
    let named = |order: Vec<i64>| -> Vec<&str> { order.iter().map(|id| ids[id]).collect() };
    let by_name = ListQuery {
        sort: Some(SortKey::Name),
        ..ListQuery::default()
    };
    assert_eq!(named(store.account_order(&by_name).unwrap()), want);
    let reversed = ListQuery {
        descending: true,
        ..by_name
    };
    let mut back = want.to_vec();
    back.reverse();
    assert_eq!(named(store.account_order(&reversed).unwrap()), back);
    // the default (by tier) breaks ties by name the same way
    assert_eq!(
        named(store.account_order(&ListQuery::default()).unwrap()),
        want
    );
    let picker: Vec<i64> = store
        .account_choices()
        .unwrap()
        .iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(named(picker), want);
    let exported: Vec<i64> = store.account_names().unwrap().iter().map(|r| r.0).collect();
    assert_eq!(named(exported), want);

    // contacts: people, by their surname's reading (单 shàn, 曾 zēng)
    let account = *ids.keys().next().unwrap();
    for name in ["张伟", "曾志强", "单国强", "丁磊", "Adam"] {
        let contact = ContactInput::new(name, Department::Purchasing, Seniority::Manager);
        store.add_contact(account, &contact, &c).unwrap();
    }
    let contacts: Vec<String> = store
        .contacts_of(account)
        .unwrap()
        .into_iter()
        .map(|r| r.contact.input.name)
        .collect();
    assert_eq!(contacts, ["Adam", "丁磊", "单国强", "曾志强", "张伟"]);
}

/// A file of an older kam (forms of every dictionary reading, no sort
/// keys) gets both, for every row, when it is opened; a file another tool
/// wrote rows into too.
#[test]
fn opening_a_file_fills_missing_sort_keys_and_old_search_forms() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.sqlite3");
    let store = Store::open(&path).unwrap();
    let c = clock();
    let id = store
        .add_account(&AccountInput::new("华东精密机械有限公司", Tier::Key), &c)
        .unwrap();
    let contact = ContactInput::new("单国强", Department::Purchasing, Seniority::Manager);
    store.add_contact(id, &contact, &c).unwrap();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE accounts SET name_key = '',
                name_search = 'hua dong jing/qing mi ji/wei xie you/you/wei xian gong si';
         UPDATE contacts SET name_key = '', name_search = 'dan/chan/shan guo qiang';",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let conn = Connection::open(&path).unwrap();
    let row = |sql: &str| -> (String, String) {
        conn.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
    };
    assert_eq!(
        row("SELECT name_search, name_key FROM accounts"),
        (
            "hua dong jing mi ji xie you xian gong si".to_string(),
            "hua'dong'jing'mi'ji'xie'you'xian'gong'si 2114143411".to_string()
        )
    );
    assert_eq!(
        row("SELECT name_search, name_key FROM contacts"),
        (
            "shan/dan guo qiang/jiang".to_string(),
            "shan'guo'qiang 422".to_string()
        )
    );
    drop(store);
}

/// The examples: `/wei` on the demo portfolio found every
/// 有限公司 (有 has a rare reading wěi), `jing` every 氏, `chou` 深圳.
#[test]
fn pinyin_search_on_the_demo_portfolio_reads_common_readings_only() {
    use kam::domain::pinyin;
    let mut store = Store::open_in_memory().unwrap();
    kam::demo::fill(&mut store, 40, &clock()).unwrap();
    let accounts = store.account_search_forms(false).unwrap();
    let hits = |q: &str| -> Vec<String> {
        accounts
            .iter()
            .filter(|(_, name, form)| pinyin::matches(name, form, q))
            .map(|(_, name, _)| name.clone())
            .collect()
    };
    let limited: Vec<&String> = accounts
        .iter()
        .map(|(_, name, _)| name)
        .filter(|n| n.contains("有限公司"))
        .collect();
    assert!(
        limited.len() >= 10,
        "the demo has its 有限公司: {limited:?}"
    );
    // only names with a character read wei (魏 伟 卫 维 为 …) or the letters
    let wei = "魏伟卫维为委威微韦未位味围唯惟尉蔚违伪纬苇玮炜薇巍";
    for name in hits("wei") {
        assert!(
            name.chars().any(|c| wei.contains(c)) || name.to_lowercase().contains("wei"),
            "/wei found {name}"
        );
    }
    assert!(
        hits("yxgs").len() >= limited.len(),
        "有限公司 is still yxgs"
    );
    // the contacts: 伟 is wei, 氏 never jing, 深圳 never chou
    let mut found = 0;
    for (id, _, _) in &accounts {
        for row in store.contacts_of(*id).unwrap() {
            let name = &row.contact.input.name;
            let form = pinyin::search_form(name);
            if name.contains('伟') {
                assert!(pinyin::matches(name, &form, "wei"), "{name}");
                found += 1;
            }
        }
    }
    assert!(found > 0, "the demo has a 伟");
    for (name, query) in [("王氏集团", "jing"), ("深圳电子", "chou")] {
        assert!(!pinyin::matches(name, &pinyin::search_form(name), query));
    }
}
