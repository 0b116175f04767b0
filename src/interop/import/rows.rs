//! Checking and writing one row of each kind: the references to accounts
//! and contacts it makes, the domain's rules, then an insert or update
//! matched by uid or natural key.

use super::values::{
    Row, boolean, date, date_time, department, level, money, score, seniority, tier, whole, word,
    zh_labels,
};
use super::{Applied, Kept};
use crate::domain::clock::{format_date_time, parse_stored_date_time};
use crate::domain::dates::Prefer;
use crate::domain::*;
use crate::store::interop as db;
use crate::store::{StoreError, new_uid};
use chrono::{NaiveDate, NaiveTime};
use rusqlite::Connection;

/// Field errors of a domain input as problems of the row (the field names
/// are the column names).
pub(super) fn field_problems(row: &mut Row<'_>, errors: Vec<FieldError>) {
    for e in errors {
        row.problem(e.field, e.problem);
    }
}

/// The account a row refers to, by `account_uid` or exact `account` name.
pub(super) fn account_ref(conn: &Connection, row: &mut Row<'_>) -> Result<Option<i64>, StoreError> {
    if let Some(uid) = row.get("account_uid") {
        return match db::account_by_uid(conn, uid)? {
            Some(id) => Ok(Some(id)),
            None => {
                let uid = uid.to_string();
                row.problem("account_uid", Problem::NoAccountUid { uid });
                Ok(None)
            }
        };
    }
    match row.get("account") {
        Some(name) => match db::account_by_name(conn, name)? {
            Some(id) => Ok(Some(id)),
            None => {
                let name = name.to_string();
                row.problem("account", Problem::NoAccountNamed { name });
                Ok(None)
            }
        },
        None => {
            row.problem("account", Problem::NameTheAccount);
            Ok(None)
        }
    }
}

/// The contact a row names by `contact_uid` (preferred) or `contact`
/// name, which must belong to `account_id`.
pub(super) fn row_contact(
    conn: &Connection,
    row: &mut Row<'_>,
    account_id: i64,
) -> Result<Option<i64>, StoreError> {
    if let Some(uid) = row.get("contact_uid") {
        return match db::contact_by_uid(conn, uid)? {
            Some((id, acc)) if acc == account_id => Ok(Some(id)),
            Some(_) => {
                row.problem("contact_uid", Problem::ContactOfAnotherAccount);
                Ok(None)
            }
            None => {
                let uid = uid.to_string();
                row.problem("contact_uid", Problem::NoContactUid { uid });
                Ok(None)
            }
        };
    }
    match row.get("contact") {
        Some(name) => contact_ref(conn, row, "contact", account_id, name),
        None => Ok(None),
    }
}

/// A contact of `account_id` by name, or a problem.
fn contact_ref(
    conn: &Connection,
    row: &mut Row<'_>,
    column: &'static str,
    account_id: i64,
    name: &str,
) -> Result<Option<i64>, StoreError> {
    let id = db::contact_by_name(conn, account_id, name)?;
    if id.is_none() {
        let name = name.to_string();
        row.problem(column, Problem::NoContactNamed { name });
    }
    Ok(id)
}

pub(super) fn uid_of(row: &mut Row<'_>) -> Option<String> {
    let uid = row.get("uid")?.to_string();
    if uid.chars().count() > 64 || uid.chars().any(text::is_hostile) {
        row.problem("uid", Problem::InvalidUid);
        return None;
    }
    Some(uid)
}

pub(super) fn account(
    conn: &Connection,
    row: &mut Row<'_>,
    clock: &Clock,
) -> Result<Option<Applied>, StoreError> {
    let uid = uid_of(row);
    let name = row.require("name").map(str::to_string);
    let existing = match (&uid, &name) {
        (Some(uid), _) => db::account_by_uid(conn, uid)?,
        (None, Some(name)) => db::account_by_name(conn, name)?,
        _ => None,
    };
    let tier_given = row.parse("tier", tier);
    let mut a = match existing {
        Some(id) => db::account_input(conn, id)?,
        None => AccountInput::new("", tier_given.unwrap_or(Tier::General)),
    };
    if let Some(n) = &name {
        a.name = n.clone();
    }
    if let Some(t) = tier_given {
        // a new account takes its tier's cadence, and so does one whose
        // cadence was its old tier's, unless the file says otherwise
        let settings = db::settings(conn)?;
        let was = a.tier;
        a.tier = t;
        if existing.is_none() {
            a.visit_cadence_days = settings.cadence_days(t);
        } else {
            a.follow_tier(was, |t| settings.cadence_days(t));
        }
    }
    if let Some(l) = row.parse("relationship_level", level) {
        a.relationship_level = l;
    }
    for (col, field) in [
        ("industry", &mut a.industry),
        ("region", &mut a.region),
        ("address", &mut a.address),
        ("owner", &mut a.owner),
        ("backup_owner", &mut a.backup_owner),
        ("notes", &mut a.notes),
    ] {
        if let Some(v) = row.text(col) {
            *field = v;
        }
    }
    if let Some(m) = row.parse("annual_revenue", money(false)) {
        a.annual_revenue = m;
    }
    if let Some(m) = row.parse("annual_profit", money(true)) {
        a.annual_profit = m;
    }
    if let Some(d) = row.parse("visit_cadence_days", whole(1, 730)) {
        a.visit_cadence_days = d as u32;
    }
    if let Some(s) = row.parse("status", word(AccountStatus::ALL, &[])) {
        a.status = s;
    }
    if row.has("lost_reason") {
        a.lost_reason = row.parse("lost_reason", word(LostReason::ALL, &[]));
    }
    if row.has("defection") {
        a.defection = row.parse("defection", word(Defection::ALL, &[]));
    }
    let a = match a.normalized() {
        Ok(a) => a,
        Err(errors) => {
            field_problems(row, errors);
            return Ok(None);
        }
    };
    // archived when the file gives a time; present but empty brings it back
    let archived = if row.has("archived_at") {
        Some(row.get("archived_at").is_some())
    } else {
        None
    };
    if !row.problems.is_empty() {
        return Ok(None);
    }
    let (id, applied) = match existing {
        Some(id) => {
            if let Some(kept) = changed_here(conn, row, "accounts", id, &a.name)? {
                return Ok(Some(kept));
            }
            db::update_account(conn, id, &a, clock)?;
            (id, Applied::Updated)
        }
        None => {
            let id = crate::store::accounts::insert(conn, &uid.unwrap_or_else(new_uid), &a, clock)?;
            (id, Applied::Added)
        }
    };
    if let Some(archived) = archived {
        crate::store::accounts::set_archived(conn, id, archived, clock)?;
    }
    Ok(Some(applied))
}

pub(super) fn contact(
    conn: &Connection,
    row: &mut Row<'_>,
    clock: &Clock,
) -> Result<Option<Applied>, StoreError> {
    let uid = uid_of(row);
    let name = row.require("name").map(str::to_string);
    let Some(account_id) = account_ref(conn, row)? else {
        return Ok(None);
    };
    let existing = match (&uid, &name) {
        (Some(uid), _) => db::contact_by_uid(conn, uid)?.map(|(id, acc)| {
            if acc != account_id {
                row.problem("uid", Problem::ContactOfAnotherAccount);
            }
            id
        }),
        (None, Some(n)) => db::contact_by_name(conn, account_id, n)?,
        _ => None,
    };
    let mut c = match existing {
        Some(id) => db::contact_input(conn, id)?,
        None => ContactInput::new("", Department::Other, Seniority::Staff),
    };
    if let Some(n) = name {
        c.name = n;
    }
    for (col, field) in [
        ("title", &mut c.title),
        ("our_side", &mut c.our_side),
        ("phone", &mut c.phone),
        ("email", &mut c.email),
        ("notes", &mut c.notes),
    ] {
        if let Some(v) = row.text(col) {
            *field = v;
        }
    }
    if let Some(d) = row.parse("department", department) {
        c.department = d;
    }
    if let Some(s) = row.parse("seniority", seniority) {
        c.seniority = s;
    }
    if row.has("buying_role") {
        c.buying_role = row.parse("buying_role", word(BuyingRole::ALL, &[]));
    }
    if let Some(t) = row.parse("tie_strength", whole(1, 5)) {
        c.tie_strength = t as u8;
    }
    if row.has("birthday") {
        c.birthday = row.parse("birthday", date(clock.today()));
    }
    if let Some(l) = row.parse("left_company", boolean) {
        c.left_company = l;
    }
    let c = match c.normalized(clock.today()) {
        Ok(c) => c,
        Err(errors) => {
            field_problems(row, errors);
            return Ok(None);
        }
    };
    if !row.problems.is_empty() {
        return Ok(None);
    }
    match existing {
        Some(id) => {
            if let Some(kept) = changed_here(conn, row, "contacts", id, &c.name)? {
                return Ok(Some(kept));
            }
            db::update_contact(conn, id, &c, clock)?;
            Ok(Some(Applied::Updated))
        }
        None => {
            crate::store::contacts::insert(
                conn,
                &uid.unwrap_or_else(new_uid),
                account_id,
                &c,
                clock,
            )?;
            Ok(Some(Applied::Added))
        }
    }
}

pub(super) fn complaint(
    conn: &Connection,
    row: &mut Row<'_>,
    clock: &Clock,
) -> Result<Option<Applied>, StoreError> {
    let today = clock.today();
    let uid = uid_of(row);
    let Some(account_id) = account_ref(conn, row)? else {
        return Ok(None);
    };
    let opened_at = row.parse("opened_at", date_time(today, Prefer::Past));
    if row.get("opened_at").is_none() {
        row.problem("opened_at", Problem::Required);
    }
    let summary = row.require("summary").unwrap_or("").to_string();
    let contact_id = row_contact(conn, row, account_id)?;
    let input = ComplaintInput {
        contact_id,
        opened_at: opened_at.unwrap_or(clock.now),
        category: row
            .parse("category", word(ComplaintCategory::ALL, &[]))
            .unwrap_or(ComplaintCategory::Other),
        severity: row
            .parse("severity", word(Severity::ALL, &[]))
            .unwrap_or(Severity::Medium),
        summary,
        details: row.text("details").unwrap_or_default(),
        forwarded_to: row.parse("forwarded_to", word(ForwardedTo::ALL, &[])),
    };
    let status = row
        .parse("status", word(ComplaintStatus::ALL, &[]))
        .unwrap_or(ComplaintStatus::Open);
    let resolved_at = row.parse("resolved_at", date_time(today, Prefer::Past));
    let resolution = row.text("resolution").unwrap_or_default();
    if resolved_at.is_some() && status.is_unresolved() {
        row.problem("resolved_at", Problem::UnresolvedWithResolvedTime);
    }
    if let (Some(r), Some(o)) = (resolved_at, opened_at)
        && r < o
    {
        row.problem("resolved_at", Problem::BeforeOpened);
    }
    let input = match input.normalized(clock.now) {
        Ok(i) => i,
        Err(errors) => {
            field_problems(row, errors);
            return Ok(None);
        }
    };
    if !row.problems.is_empty() {
        return Ok(None);
    }
    let resolved = resolved_at.map(|t| (t, resolution.as_str()));
    let existing = match &uid {
        Some(uid) => db::row_by_uid(conn, db::Table::Complaints, uid)?.map(|(id, _)| id),
        None => db::complaint_by_key(conn, account_id, input.opened_at, &input.summary)?,
    };
    match existing {
        Some(id) => {
            if let Some(kept) = changed_here(conn, row, "complaints", id, &input.summary)? {
                return Ok(Some(kept));
            }
            db::update_complaint(conn, id, &input, status, resolved, clock)?;
            Ok(Some(Applied::Updated))
        }
        None => {
            crate::store::complaints::insert(
                conn,
                &uid.unwrap_or_else(new_uid),
                account_id,
                &input,
                status,
                resolved,
                clock,
            )?;
            Ok(Some(Applied::Added))
        }
    }
}

pub(super) fn visit(
    conn: &Connection,
    row: &mut Row<'_>,
    clock: &Clock,
) -> Result<Option<Applied>, StoreError> {
    let today = clock.today();
    let uid = uid_of(row);
    let Some(account_id) = account_ref(conn, row)? else {
        return Ok(None);
    };
    let scheduled_at = row.parse("scheduled_at", date_time(today, Prefer::Future));
    if row.get("scheduled_at").is_none() {
        row.problem("scheduled_at", Problem::Required);
    }
    let mut contact_ids = Vec::new();
    if let Some(uids) = row.get("contact_uids") {
        for uid in uids
            .split([';', ','])
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            match db::contact_by_uid(conn, uid)? {
                Some((id, acc)) if acc == account_id => contact_ids.push(id),
                _ => row.problem(
                    "contact_uids",
                    Problem::NoContactOfAccountUid {
                        uid: uid.to_string(),
                    },
                ),
            }
        }
    } else if let Some(names) = row.get("contacts") {
        for name in names
            .split([';', ',', '、', '，', '；'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            if let Some(id) = contact_ref(conn, row, "contacts", account_id, name)? {
                contact_ids.push(id);
            }
        }
    }
    let status = row
        .parse("status", word(VisitStatus::ALL, &[]))
        .unwrap_or(VisitStatus::Planned);
    let input = VisitInput {
        scheduled_at: scheduled_at.unwrap_or(clock.now),
        kind: row
            .parse("kind", word(VisitKind::ALL, &zh_labels(VisitKind::ALL)))
            .unwrap_or(VisitKind::Visit),
        purpose: row.text("purpose").unwrap_or_default(),
        contact_ids,
    };
    let close = VisitClose {
        status,
        outcome: row.text("outcome").unwrap_or_default(),
        next_step: row.text("next_step").unwrap_or_default(),
        // the time stored is `completed_at` below
        done_at: None,
    };
    let completed_at = row
        .parse("completed_at", date_time(today, Prefer::Past))
        .unwrap_or(input.scheduled_at);
    let input = match input.normalized() {
        Ok(i) => i,
        Err(errors) => {
            field_problems(row, errors);
            return Ok(None);
        }
    };
    let closed = if status == VisitStatus::Planned {
        None
    } else {
        match close.clone().normalized() {
            Ok(c) => Some(c),
            Err(errors) => {
                field_problems(row, errors);
                return Ok(None);
            }
        }
    };
    if !row.problems.is_empty() {
        return Ok(None);
    }
    let closed = closed.as_ref().map(|c| (c, completed_at));
    let existing = match &uid {
        Some(uid) => db::row_by_uid(conn, db::Table::Visits, uid)?.map(|(id, _)| id),
        None => db::visit_by_key(conn, account_id, input.scheduled_at)?,
    };
    match existing {
        Some(id) => {
            let when = crate::domain::clock::format_date_time(input.scheduled_at);
            if let Some(kept) = changed_here(conn, row, "visits", id, &when[..16])? {
                return Ok(Some(kept));
            }
            db::update_visit(conn, id, &input, closed, clock)?;
            Ok(Some(Applied::Updated))
        }
        None => {
            crate::store::visits::insert(
                conn,
                &uid.unwrap_or_else(new_uid),
                account_id,
                &input,
                closed,
                clock,
            )?;
            Ok(Some(Applied::Added))
        }
    }
}

pub(super) fn survey(
    conn: &Connection,
    row: &mut Row<'_>,
    clock: &Clock,
) -> Result<Option<Applied>, StoreError> {
    let uid = uid_of(row);
    let Some(account_id) = account_ref(conn, row)? else {
        return Ok(None);
    };
    let taken_at = row.parse("taken_at", date(clock.today()));
    if row.get("taken_at").is_none() {
        row.problem("taken_at", Problem::Required);
    }
    let contact_id = row_contact(conn, row, account_id)?;
    let mut scores = [None; 6];
    for (slot, d) in scores.iter_mut().zip(Dimension::ALL) {
        *slot = row.parse(d.column(), score);
    }
    if row.get("overall").is_none() {
        row.problem("overall", Problem::Required);
    }
    let input = SurveyInput {
        contact_id,
        taken_at: taken_at.unwrap_or(clock.today()),
        channel: row
            .parse(
                "channel",
                word(SurveyChannel::ALL, &zh_labels(SurveyChannel::ALL)),
            )
            .unwrap_or(SurveyChannel::Other),
        scores,
        comment: row.text("comment").unwrap_or_default(),
    };
    if !row.problems.is_empty() {
        return Ok(None);
    }
    let input = match input.normalized(clock.today()) {
        Ok(i) => i,
        Err(errors) => {
            field_problems(row, errors);
            return Ok(None);
        }
    };
    let existing = match &uid {
        Some(uid) => db::row_by_uid(conn, db::Table::Surveys, uid)?.map(|(id, _)| id),
        None => db::survey_by_key(conn, account_id, input.taken_at, input.contact_id)?,
    };
    match existing {
        Some(id) => {
            let day = input.taken_at.to_string();
            if let Some(kept) = changed_here(conn, row, "surveys", id, &day)? {
                return Ok(Some(kept));
            }
            db::update_survey(conn, id, &input, clock)?;
            Ok(Some(Applied::Updated))
        }
        None => {
            crate::store::surveys::insert(
                conn,
                &uid.unwrap_or_else(new_uid),
                account_id,
                &input,
                clock,
            )?;
            Ok(Some(Applied::Added))
        }
    }
}

/// A row of a file with `updated_at` that matches a stored row changed
/// after that time: kept as stored (and listed), unless `--overwrite`. A
/// file without `updated_at` (someone's own sheet) replaces as before.
pub(super) fn changed_here(
    conn: &Connection,
    row: &mut Row<'_>,
    table: &str,
    id: i64,
    what: &str,
) -> Result<Option<Applied>, StoreError> {
    if row.overwrite {
        return Ok(None);
    }
    let Some(file) = row.get("updated_at") else {
        return Ok(None);
    };
    let Some(file_at) = parse_stored_date_time(file).or_else(|| {
        NaiveDate::parse_from_str(file, "%Y-%m-%d")
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN))
    }) else {
        row.problem(
            "updated_at",
            Problem::NotAStamp {
                value: file.to_string(),
            },
        );
        return Ok(None);
    };
    let stored = db::updated_at(conn, table, id)?.and_then(|s| parse_stored_date_time(&s));
    match stored {
        Some(here) if here > file_at => Ok(Some(Applied::Kept(Kept {
            row: row.line,
            what: what.to_string(),
            changed_at: format_date_time(here),
        }))),
        _ => Ok(None),
    }
}
