//! The people on our side a portfolio names: the owners and backup owners
//! of its accounts and who holds each tie (`contacts.our_side`), as typed,
//! with how often each spelling is used.

use super::{Result, Store};
use crate::domain::pinyin;

/// Most used first, then by name as people's names sort (pinyin).
fn by_use(mut rows: Vec<(String, u32)>) -> Vec<(String, u32)> {
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| pinyin::cmp_people(&a.0, &b.0)));
    rows
}

impl Store {
    /// Every non-empty name on our side (owners, backup owners, tie
    /// holders, archived accounts and departed contacts too) with how many
    /// times it is used, most used first. Spellings are as stored: the
    /// caller decides which are the same person.
    pub fn colleague_names(&self) -> Result<Vec<(String, u32)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT name, count(*) AS n FROM (
                SELECT owner AS name FROM accounts WHERE owner <> ''
                UNION ALL SELECT backup_owner FROM accounts WHERE backup_owner <> ''
                UNION ALL SELECT our_side FROM contacts WHERE our_side <> '')
              GROUP BY name",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(by_use(rows.collect::<rusqlite::Result<_>>()?))
    }

    /// What changes whenever the file does: (SQLite's `data_version`,
    /// which moves with every commit of another connection; the rows this
    /// connection changed). Equal stamps: nothing changed between them.
    pub fn change_stamp(&self) -> Result<(i64, u64)> {
        let version = self
            .conn()
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok((version, self.conn().total_changes()))
    }

    /// Every non-empty owner with how many accounts (archived or not) it
    /// owns, most first.
    pub fn owner_names(&self) -> Result<Vec<(String, u32)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT owner, count(*) AS n FROM accounts WHERE owner <> ''
              GROUP BY owner",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(by_use(rows.collect::<rusqlite::Result<_>>()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountInput, Clock, ContactInput, Department, Seniority, Tier};

    #[test]
    fn the_names_on_our_side_most_used_first() {
        let store = Store::open_in_memory().unwrap();
        let clock = Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let mut a = AccountInput::new("A", Tier::Key);
        a.owner = "李雷".into();
        a.backup_owner = "韩梅梅".into();
        let id = store.add_account(&a, &clock).unwrap();
        a.name = "B".into();
        a.backup_owner = String::new();
        store.add_account(&a, &clock).unwrap();
        let mut c = ContactInput::new("张伟", Department::Purchasing, Seniority::Manager);
        c.our_side = "Wang".into();
        store.add_contact(id, &c, &clock).unwrap();
        c.our_side = "韩梅梅".into();
        store.add_contact(id, &c, &clock).unwrap();
        assert_eq!(
            store.colleague_names().unwrap(),
            // equally used: by pinyin, 韩 (han) before 李 (li)
            [
                ("韩梅梅".to_string(), 2),
                ("李雷".to_string(), 2),
                ("Wang".to_string(), 1)
            ]
        );
        assert_eq!(store.owner_names().unwrap(), [("李雷".to_string(), 2)]);
    }
}
