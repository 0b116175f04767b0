//! Speed of what a salesperson waits for, at a real portfolio's size (40
//! accounts) and at fifty times it (5,000 accounts, DESIGN.md's benchmark
//! portfolio): the first frame of each screen, a key press to the next
//! frame, generating the demo, importing 100,000 rows, `kam sync`. Run with
//! `cargo bench`; the figures are in BENCHMARKS.md.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use kam::domain::Clock;
use kam::store::Store;
use kam::tui::App;
use kam::tui::app::Tab;
use kam::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};
use std::time::Duration;

const SIZES: [u32; 2] = [40, 5000];
/// The Accounts list's sort keys (`s` cycles through them).
const SORT_KEYS: usize = 13;

fn clock() -> Clock {
    Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

/// The demo portfolio of `n` accounts, generated once per run.
fn portfolio(dir: &Path, n: u32) -> PathBuf {
    let path = dir.join(format!("bench-{n}.sqlite3"));
    if !path.exists() {
        kam::demo::write(&path, n, &clock(), true).unwrap();
    }
    path
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(160, 45)).unwrap()
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Open the store and draw the first frame of each screen.
fn first_frame(c: &mut Criterion, dir: &Path) {
    let mut group = c.benchmark_group("first_frame");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    for n in SIZES {
        let db = portfolio(dir, n);
        for (name, tab) in [
            ("today", Some(Tab::Today)),
            ("accounts", Some(Tab::Accounts)),
            ("complaints", Some(Tab::Complaints)),
            ("visits", Some(Tab::Visits)),
            ("account", None),
        ] {
            group.bench_function(BenchmarkId::new(name, n), |b| {
                b.iter(|| {
                    let store = Store::open(&db).unwrap();
                    let mut app = App::unloaded(store, clock(), Theme::plain());
                    match tab {
                        Some(t) => {
                            app.tab = t;
                            app.run(kam::tui::Effect::LoadTab);
                        }
                        None => app.run(kam::tui::Effect::OpenAccount(i64::from(n / 2))),
                    }
                    let mut term = terminal();
                    term.draw(|f| app.render(f)).unwrap();
                })
            });
        }
    }
    group.finish();
}

/// A key press, handled and drawn.
fn keypress(c: &mut Criterion, dir: &Path) {
    let mut group = c.benchmark_group("keypress");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(3));
    for n in SIZES {
        let db = portfolio(dir, n);
        let mut app = App::new(Store::open(&db).unwrap(), clock(), Theme::plain());
        key(&mut app, KeyCode::Char('2'));
        let mut term = terminal();
        group.bench_function(BenchmarkId::new("move_down_accounts", n), |b| {
            b.iter(|| {
                key(&mut app, KeyCode::Char('j'));
                term.draw(|f| app.render(f)).unwrap();
            })
        });
        group.bench_function(BenchmarkId::new("open_account", n), |b| {
            b.iter(|| {
                key(&mut app, KeyCode::Enter);
                term.draw(|f| app.render(f)).unwrap();
                key(&mut app, KeyCode::Esc);
            })
        });
        key(&mut app, KeyCode::Char('/'));
        group.bench_function(BenchmarkId::new("search_one_character", n), |b| {
            b.iter(|| {
                key(&mut app, KeyCode::Char('a'));
                term.draw(|f| app.render(f)).unwrap();
                key(&mut app, KeyCode::Backspace);
            })
        });
        key(&mut app, KeyCode::Esc);
        // `s` from the default sort (tier) to the name, twelve keys on;
        // then `r` sorts the list by name again, the other way
        for _ in 1..SORT_KEYS {
            key(&mut app, KeyCode::Char('s'));
        }
        group.bench_function(BenchmarkId::new("resort_accounts_by_name", n), |b| {
            b.iter(|| {
                key(&mut app, KeyCode::Char('r'));
                term.draw(|f| app.render(f)).unwrap();
            })
        });
        key(&mut app, KeyCode::Char('s'));
        group.bench_function(BenchmarkId::new("save_survey", n), |b| {
            b.iter(|| {
                key(&mut app, KeyCode::Char('S'));
                for d in "454545".chars() {
                    key(&mut app, KeyCode::Char(d));
                }
                app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
                term.draw(|f| app.render(f)).unwrap();
            })
        });
    }
    group.finish();
}

fn demo_generation(c: &mut Criterion, dir: &Path) {
    let mut group = c.benchmark_group("demo");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for n in SIZES {
        group.bench_function(BenchmarkId::new("generate", n), |b| {
            b.iter(|| {
                let path = dir.join(format!("gen-{n}.sqlite3"));
                kam::demo::write(&path, n, &clock(), true).unwrap();
            })
        });
    }
    group.finish();
}

fn import_100k(c: &mut Criterion, dir: &Path) {
    let db = portfolio(dir, 5000);
    let store = Store::open(&db).unwrap();
    let names = store.account_names().unwrap();
    let mut csv = String::from("account,scheduled_at,kind,purpose\n");
    for i in 0..100_000usize {
        let (_, name) = &names[i % names.len()];
        csv.push_str(&format!(
            "\"{}\",2027-{:02}-{:02} {:02}:{:02},visit,Bench {i}\n",
            name.replace('"', "\"\""),
            1 + i % 12,
            1 + i % 28,
            8 + i % 9,
            (i % 4) * 15
        ));
    }
    drop(store);
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("visits_100k_rows_dry_run", |b| {
        b.iter(|| {
            let mut store = Store::open(&db).unwrap();
            kam::interop::import::import_csv(
                &mut store,
                kam::interop::import::Kind::Visits,
                csv.as_bytes(),
                &clock(),
                true,
                |_| {},
            )
            .unwrap();
        })
    });
    group.finish();
}

/// The change journal at a busy salesperson's year: 20,000 recorded
/// changes (surveys entered, contacts edited, visits moved) on a copy of
/// the 5,000-account portfolio, ten accounts taking 2,000 each. Prints
/// what they add to the file, then times opening the History of one of
/// those accounts (what its History section loads).
fn journal(c: &mut Criterion, dir: &Path) {
    use kam::domain::{Dimension, SurveyChannel, SurveyInput};
    use kam::portfolio::Portfolio;
    let db = dir.join("journal-5000.sqlite3");
    if !db.exists() {
        let base = portfolio(dir, 5000);
        let copy = Store::open(&base).unwrap();
        copy.backup_to(&db).unwrap();
    }
    let mut p = Portfolio::new(Store::open(&db).unwrap());
    let changes = |p: &Portfolio| -> i64 {
        kam::store::interop::conn(p.store())
            .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
            .unwrap()
    };
    let bytes = |p: &Portfolio| -> i64 {
        kam::store::interop::conn(p.store())
            .query_row(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let accounts: Vec<i64> = (1..=10).map(|i| i * 400).collect();
    if changes(&p) < 20_000 {
        let before = bytes(&p);
        let clock = clock();
        for i in 0..20_000usize {
            let account = accounts[i % accounts.len()];
            match i % 3 {
                0 => {
                    let mut scores = [Some(4); 6];
                    scores[Dimension::ALL.len() - 1] = Some(3 + (i % 3) as u8);
                    let input = SurveyInput {
                        contact_id: None,
                        taken_at: clock.today(),
                        channel: SurveyChannel::Visit,
                        scores,
                        comment: format!("bench {i}"),
                    };
                    p.save_survey(account, None, &input, &clock).unwrap();
                }
                1 => {
                    let contact = p.current_contacts(account, None).unwrap()[0].clone();
                    let base = contact.contact.input.clone();
                    let mut input = base.clone();
                    input.title = format!("Title {i}");
                    p.save_contact(
                        account,
                        Some(contact.contact.id),
                        Some(&base),
                        &input,
                        &clock,
                    )
                    .unwrap();
                }
                _ => {
                    let mut a = p.account(account).unwrap().input;
                    let base = a.clone();
                    a.notes = format!("Notes after change {i}");
                    p.save_account(Some(account), Some(&base), &a, &clock)
                        .unwrap();
                }
            }
        }
        let after = bytes(&p);
        eprintln!(
            "journal: 20,000 changes add {:.1} MB to the 5,000-account file ({:.1} MB → {:.1} MB)",
            (after - before) as f64 / 1e6,
            before as f64 / 1e6,
            after as f64 / 1e6
        );
    }
    let mut group = c.benchmark_group("journal");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    // what the History section reads when it opens (a page), and all of it
    let page = kam::portfolio::journal::HISTORY_PAGE;
    group.bench_function("open_history_of_an_account_with_2000_changes", |b| {
        b.iter(|| {
            p.account_history(accounts[0], page, &clock())
                .unwrap()
                .len()
        })
    });
    group.bench_function("all_2000_changes_of_an_account", |b| {
        b.iter(|| {
            p.account_history(accounts[0], 2_000, &clock())
                .unwrap()
                .len()
        })
    });
    group.finish();
}

/// `kam sync` (issue 18) at 5,000 accounts, in process (`Store::open` and
/// `Portfolio::sync`, as the command runs them): laptop A started a folder
/// with the portfolio and laptop B joined it; then A's busy week, 500
/// changes recorded through `Portfolio` (on 125 accounts a survey, the
/// first contact's title, the account's notes and a visit planned). Timed:
/// A writing them out, B applying them, a new laptop joining the folder
/// (the base and A's file), a sync with nothing new. Every run that
/// changes a file starts from a copy of it as it was (the copy untimed).
fn sync(c: &mut Criterion, dir: &Path) {
    use criterion::{BatchSize, SamplingMode};
    use kam::domain::{Dimension, SurveyChannel, SurveyInput, VisitInput, VisitKind};
    use kam::portfolio::Portfolio;
    let root = dir.join("sync-5000");
    let file = |name: &str| root.join(name);
    let (share, out) = (file("share"), file("out"));
    let clock = clock();
    let sync = |db: &Path, share: &Path, name: &str| {
        Portfolio::new(Store::open(db).unwrap())
            .sync(share, name, &clock)
            .unwrap()
    };
    // no file at `path`, nor the companions of an earlier run
    let clear = |path: &Path| {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    };
    let restore = |from: &Path, to: &Path| {
        clear(to);
        std::fs::copy(from, to).unwrap();
    };
    if !file("ready").exists() {
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&share).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        let a = file("a.sqlite3");
        Store::open(&portfolio(dir, 5000))
            .unwrap()
            .backup_to(&a)
            .unwrap();
        sync(&a, &share, "laptop-a");
        sync(&file("b-joined.sqlite3"), &share, "laptop-b");
        std::fs::copy(share.join("base.kambase"), out.join("base.kambase")).unwrap();
        let mut p = Portfolio::new(Store::open(&a).unwrap());
        for i in 0..125usize {
            let account = (i * 40 + 7) as i64;
            let mut scores = [Some(4); 6];
            scores[Dimension::ALL.len() - 1] = Some(3 + (i % 3) as u8);
            let survey = SurveyInput {
                contact_id: None,
                taken_at: clock.today(),
                channel: SurveyChannel::Visit,
                scores,
                comment: format!("week {i}"),
            };
            p.save_survey(account, None, &survey, &clock).unwrap();
            let contact = p.current_contacts(account, None).unwrap()[0].clone();
            let base = contact.contact.input.clone();
            let mut input = base.clone();
            input.title = format!("Title (week {i})");
            p.save_contact(
                account,
                Some(contact.contact.id),
                Some(&base),
                &input,
                &clock,
            )
            .unwrap();
            let base = p.account(account).unwrap().input;
            let mut edit = base.clone();
            edit.notes = format!("Notes after visit {i}");
            p.save_account(Some(account), Some(&base), &edit, &clock)
                .unwrap();
            let visit = VisitInput {
                scheduled_at: clock.now + chrono::Duration::days(7 + (i % 21) as i64),
                kind: VisitKind::Visit,
                purpose: format!("Week {i}"),
                contact_ids: Vec::new(),
            };
            p.schedule_visit(account, &visit, &clock).unwrap();
        }
        drop(p);
        std::fs::copy(&a, file("a-week.sqlite3")).unwrap();
        sync(&a, &share, "laptop-a");
        restore(&file("b-joined.sqlite3"), &file("b.sqlite3"));
        let applied = sync(&file("b.sqlite3"), &share, "laptop-b").applied;
        assert_eq!(applied, 500);
        std::fs::write(file("ready"), b"").unwrap();
    }
    let a_device = Store::open(&file("a.sqlite3")).unwrap().device().unwrap();
    let mut group = c.benchmark_group("sync");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    // the times include the untimed copies: about 10 runs each
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("write_out_500_changes/5000", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_dir_all(out.join(&a_device));
                restore(&file("a-week.sqlite3"), &file("a-work.sqlite3"));
            },
            |()| assert_eq!(sync(&file("a-work.sqlite3"), &out, "laptop-a").written, 500),
            BatchSize::PerIteration,
        )
    });
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("apply_500_changes/5000", |b| {
        b.iter_batched(
            || restore(&file("b-joined.sqlite3"), &file("b-work.sqlite3")),
            |()| {
                assert_eq!(
                    sync(&file("b-work.sqlite3"), &share, "laptop-b").applied,
                    500
                )
            },
            BatchSize::PerIteration,
        )
    });
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    group.bench_function("join/5000", |b| {
        b.iter_batched(
            || clear(&file("c-work.sqlite3")),
            |()| assert!(sync(&file("c-work.sqlite3"), &share, "laptop-c").joined),
            BatchSize::PerIteration,
        )
    });
    group
        .sample_size(20)
        .sampling_mode(SamplingMode::Auto)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("nothing_new/5000", |b| {
        b.iter(|| assert_eq!(sync(&file("b.sqlite3"), &share, "laptop-b").applied, 0))
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    let dir = std::env::var_os("KAM_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("kam-bench"));
    std::fs::create_dir_all(&dir).unwrap();
    first_frame(c, &dir);
    keypress(c, &dir);
    import_100k(c, &dir);
    journal(c, &dir);
    sync(c, &dir);
    demo_generation(c, &dir);
}

criterion_group!(kam_benches, benches);
criterion_main!(kam_benches);
