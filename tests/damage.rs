//! Damage noticed at open: a demo file with a few pages overwritten opens
//! read-only with a banner pointing to `kam check` and `kam backup`, shows
//! what can be read, refuses every write in one line, and is left exactly
//! as it was.

mod common;

use std::path::{Path, PathBuf};

use common::TODAY;

/// The leaf pages (numbered from 1) of the tables that hold most rows:
/// overwriting them leaves the schema readable.
fn data_pages(db: &Path) -> Vec<u64> {
    let pages: Vec<i64> = {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.prepare(
            "SELECT pageno FROM dbstat
          WHERE name IN ('visits', 'complaints', 'surveys') AND pagetype = 'leaf'
          ORDER BY pageno",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    pages.into_iter().map(|p| p as u64).collect()
}

/// A demo of `accounts` accounts with three of its data pages overwritten
/// (at a quarter, half and three quarters of them).
fn damaged(dir: &Path, accounts: u32) -> PathBuf {
    let db = dir.join(format!("damaged-{accounts}.sqlite3"));
    common::demo(&db, accounts);
    let pages = data_pages(&db);
    assert!(pages.len() >= 4, "{pages:?}");
    let mut bytes = std::fs::read(&db).unwrap();
    let size = u64::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    for k in [pages.len() / 4, pages.len() / 2, pages.len() * 3 / 4] {
        let at = ((pages[k] - 1) * size) as usize;
        bytes[at..at + size as usize].fill(0x5a);
    }
    std::fs::write(&db, &bytes).unwrap();
    db
}

/// The folder's files, each with its size and a digest of its bytes.
fn files(dir: &Path) -> Vec<(String, usize, u64)> {
    let mut all: Vec<(String, usize, u64)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            // FNV-1a
            let digest = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
            });
            (
                e.file_name().to_string_lossy().into_owned(),
                bytes.len(),
                digest,
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn a_damaged_file_opens_read_only_with_a_banner_and_refuses_every_write() {
    let mut tried = 0;
    for accounts in [4, 40] {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("db");
        std::fs::create_dir(&folder).unwrap();
        let db = damaged(&folder, accounts);
        let before = files(&folder);
        let name = db.file_name().unwrap().to_string_lossy().into_owned();

        // the dashboard as a snapshot: what can be read, and the banner
        for screen in ["accounts", "today"] {
            let out = common::kam_on(&db, TODAY)
                .args(["snapshot", "--screen", screen])
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                text.contains(&format!(
                    "⚠ {name} is damaged — read-only: `kam check` says"
                )),
                "{accounts} accounts, {screen}:\n{text}"
            );
        }
        // every write refused in one line, nothing written
        let csv = tmp.path().join("in.csv");
        std::fs::write(&csv, "name,tier\nBrand New Co,key\n").unwrap();
        let out = common::kam_on(&db, TODAY)
            .args(["import", "accounts"])
            .arg(&csv)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "the import succeeded");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains("damaged — nothing was saved"), "{err}");
        // a write from the dashboard's side: a survey through the portfolio
        let store = kam::store::Store::open(&db).unwrap();
        let mut portfolio = kam::portfolio::Portfolio::new(store);
        assert!(portfolio.is_read_only());
        assert!(portfolio.damage().is_some());
        let clock =
            kam::domain::Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let account = portfolio.find_account("1").unwrap().unwrap();
        let survey = kam::domain::SurveyInput {
            contact_id: None,
            taken_at: clock.today(),
            channel: kam::domain::SurveyChannel::Visit,
            scores: [Some(5); 6],
            comment: String::new(),
        };
        let err = portfolio
            .save_survey(account.id, None, &survey, &clock)
            .unwrap_err();
        assert!(
            err.said().contains("damaged — nothing was saved"),
            "{}",
            err.said()
        );
        drop(portfolio);

        assert_eq!(
            files(&folder),
            before,
            "{accounts} accounts: the files changed"
        );
        // and kam check says what is wrong
        let out = common::kam_on(&db, TODAY).arg("check").output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        tried += 1;
    }
    eprintln!("damage: {tried} damaged files tried, {tried} opened read-only and refused writes");
}
