//! The `contacts` table.

use super::rows::{invalid, opt_text, parse_stored_time, text};
use super::{Result, Store, StoreError, new_uid};
use crate::domain::breadth::Tie;
use crate::domain::clock::parse_stored_date;
use crate::domain::pinyin;
use crate::domain::{Clock, Contact, ContactInput};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Row, ToSql};

/// Validates and inserts a contact of `account_id`; returns its id.
pub fn insert(
    conn: &Connection,
    uid: &str,
    account_id: i64,
    input: &ContactInput,
    clock: &Clock,
) -> Result<i64> {
    let sql = format!(
        "INSERT INTO contacts (id, uid, account_id, name, title, department, seniority,
             buying_role, tie_strength, our_side, phone, email, birthday, notes, left_company,
             created_at, updated_at, name_search, name_key)
         VALUES ({}, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15,
                 ?16, ?17)",
        super::ids::next_id("contacts")
    );
    write(conn, &sql, &[&uid, &account_id], input, clock)?;
    Ok(conn.last_insert_rowid())
}

/// Validates and replaces the editable fields of a contact; false when
/// there is no such contact.
pub fn update(conn: &Connection, id: i64, input: &ContactInput, clock: &Clock) -> Result<bool> {
    let n = write(
        conn,
        "UPDATE contacts SET name = ?2, title = ?3, department = ?4, seniority = ?5,
             buying_role = ?6, tie_strength = ?7, our_side = ?8, phone = ?9,
             email = ?10, birthday = ?11, notes = ?12, left_company = ?13,
             updated_at = ?14, name_search = ?15, name_key = ?16
         WHERE id = ?1",
        &[&id],
        input,
        clock,
    )?;
    Ok(n > 0)
}

/// Validates a contact and runs `sql` with `keys` first (a new uid and
/// the account, or an id), then the editable fields, the time, the name's
/// search form and its sort key.
fn write(
    conn: &Connection,
    sql: &str,
    keys: &[&dyn ToSql],
    input: &ContactInput,
    clock: &Clock,
) -> Result<usize> {
    let c = input.clone().normalized(clock.today()).map_err(invalid)?;
    let birthday = c.birthday.map(|d| d.to_string());
    let (stamp, search) = (clock.stamp(), pinyin::search_form(&c.name));
    let key = pinyin::person_sort_key(&c.name);
    let fields: [&dyn ToSql; 15] = [
        &c.name,
        &c.title,
        &c.department,
        &c.seniority,
        &c.buying_role,
        &c.tie_strength,
        &c.our_side,
        &c.phone,
        &c.email,
        &birthday,
        &c.notes,
        &c.left_company,
        &stamp,
        &search,
        &key,
    ];
    let all = keys.iter().chain(fields.iter()).copied();
    Ok(conn
        .prepare_cached(sql)?
        .execute(rusqlite::params_from_iter(all))?)
}

/// A contact as `/` search on the Accounts list finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactKey {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    /// The name's search form (pinyin, simplified).
    pub form: String,
    pub phone: String,
    pub email: String,
}

impl Store {
    pub fn add_contact(&self, account_id: i64, input: &ContactInput, clock: &Clock) -> Result<i64> {
        insert(self.conn(), &new_uid(), account_id, input, clock)
    }
}

const COLUMNS: &str = "c.id, c.uid, c.account_id, c.name, c.title, c.department, c.seniority, \
     c.buying_role, c.tie_strength, c.our_side, c.phone, c.email, c.birthday, c.notes, \
     c.left_company, c.created_at, c.updated_at";

/// The latest done visit with a contact: its last touch, derived, never
/// typed. CROSS JOIN keeps SQLite on the contact's own links (by index)
/// instead of scanning every done visit.
const LAST_TOUCH: &str =
    "(SELECT max(coalesce(v.completed_at, v.scheduled_at)) FROM visit_contacts vc
      CROSS JOIN visits v ON v.id = vc.visit_id
     WHERE vc.contact_id = c.id AND v.status = 'done')";

fn contact_from_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: r.get(0)?,
        uid: text(r, 1)?,
        account_id: r.get(2)?,
        input: ContactInput {
            name: text(r, 3)?,
            title: text(r, 4)?,
            department: r.get(5)?,
            seniority: r.get(6)?,
            buying_role: r.get(7)?,
            tie_strength: r.get(8)?,
            our_side: text(r, 9)?,
            phone: text(r, 10)?,
            email: text(r, 11)?,
            birthday: opt_text(r, 12)?.and_then(|s| parse_stored_date(&s)),
            notes: text(r, 13)?,
            left_company: r.get(14)?,
        },
        created_at: text(r, 15)?,
        updated_at: text(r, 16)?,
    })
}

/// A contact with its last touch, for the Account view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRow {
    pub contact: Contact,
    pub last_touch: Option<NaiveDateTime>,
}

impl ContactRow {
    /// The contact as breadth sees it.
    pub fn tie(&self) -> Tie {
        let c = &self.contact.input;
        Tie {
            name: c.name.clone(),
            department: c.department,
            seniority: c.seniority,
            tie_strength: c.tie_strength,
            our_side: c.our_side.clone(),
            last_touch: self.last_touch.map(|t| t.date()),
            left_company: c.left_company,
        }
    }
}

impl Store {
    /// Every contact of an account, current ones first, by department.
    pub fn contacts_of(&self, account_id: i64) -> Result<Vec<ContactRow>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS}, {LAST_TOUCH} FROM contacts c
              WHERE c.account_id = ?1
              ORDER BY c.left_company, c.seniority = 'staff', c.seniority = 'manager',
                       c.department, c.name_key, c.name, c.id"
        ))?;
        let rows = stmt.query_map([account_id], |r| {
            Ok(ContactRow {
                contact: contact_from_row(r)?,
                last_touch: parse_stored_time(opt_text(r, 17)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn get_contact(&self, id: i64) -> Result<Option<Contact>> {
        Ok(self
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM contacts c WHERE c.id = ?1"))?
            .query_row([id], contact_from_row)
            .optional()?)
    }

    /// Replaces the editable fields of a contact.
    pub fn update_contact(&self, id: i64, input: &ContactInput, clock: &Clock) -> Result<()> {
        update_existing(self.conn(), id, input, clock)
    }

    /// Deletes a contact. Their visits and complaints stay, without the name.
    pub fn delete_contact(&self, id: i64) -> Result<()> {
        delete(self.conn(), id)
    }
}

/// Replaces the editable fields of a contact that must exist.
pub(crate) fn update_existing(
    conn: &Connection,
    id: i64,
    input: &ContactInput,
    clock: &Clock,
) -> Result<()> {
    if !update(conn, id, input, clock)? {
        return Err(StoreError::NotFound(format!("contact {id}")));
    }
    Ok(())
}

/// (id, account, who holds the tie on our side) of every contact of the
/// accounts `ids`, by id.
pub fn holders_of(conn: &Connection, ids: &[i64]) -> Result<Vec<(i64, i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, account_id, our_side FROM contacts
          WHERE account_id IN (SELECT value FROM json_each(?1))
          ORDER BY id",
    )?;
    let rows = stmt.query_map([super::rows::id_list(ids)], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets who on our side holds a tie (a handover), checked as the contact
/// form checks it; nothing else of the contact changes.
pub fn set_our_side(conn: &Connection, id: i64, our_side: &str, clock: &Clock) -> Result<()> {
    let our_side = our_side.trim();
    let mut errors = Vec::new();
    crate::domain::check_text(
        &mut errors,
        "our_side",
        our_side,
        crate::domain::contact::SHORT_MAX,
        false,
    );
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let n = conn
        .prepare_cached("UPDATE contacts SET our_side = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(rusqlite::params![id, our_side, clock.stamp()])?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("contact {id}")));
    }
    Ok(())
}

/// Deletes a contact that must exist.
pub(crate) fn delete(conn: &Connection, id: i64) -> Result<()> {
    let n = conn
        .prepare_cached("DELETE FROM contacts WHERE id = ?1")?
        .execute([id])?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("contact {id}")));
    }
    Ok(())
}

impl Store {
    /// Every contact of the accounts in the list (archived or not), for
    /// `/` search: name, its search form, phone and email.
    pub fn contact_search_forms(&self, archived: bool) -> Result<Vec<ContactKey>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.id, c.account_id, c.name, c.name_search, c.phone, c.email
               FROM contacts c JOIN accounts a ON a.id = c.account_id
              WHERE (a.archived_at IS NOT NULL) = ?1",
        )?;
        let rows = stmt.query_map([archived], |r| {
            Ok(ContactKey {
                id: r.get(0)?,
                account_id: r.get(1)?,
                name: text(r, 2)?,
                form: text(r, 3)?,
                phone: text(r, 4)?,
                email: text(r, 5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
