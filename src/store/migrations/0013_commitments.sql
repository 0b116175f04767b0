-- kam schema, version 12: commitments ("promises", issue 19 item 12) —
-- what we promised an account, to whom (a contact, optional), by when
-- (required), when it was kept, and the visit it came from (optional).
-- A user table like visits: journaled, synced, exported and imported.
-- Promises do not enter the health score, so no trigger marks
-- account_health stale.

CREATE TABLE commitments (
    id          INTEGER PRIMARY KEY,
    uid         TEXT    NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    contact_id  INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    visit_id    INTEGER REFERENCES visits (id) ON DELETE SET NULL,
    what        TEXT    NOT NULL CHECK (length(trim(what)) > 0 AND length(what) <= 400),
    due_on      TEXT    NOT NULL CHECK (date(due_on) = due_on),
    done_at     TEXT    CHECK (done_at IS NULL OR datetime(done_at) = done_at),
    created_at  TEXT    NOT NULL CHECK (datetime(created_at) = created_at),
    updated_at  TEXT    NOT NULL CHECK (datetime(updated_at) = updated_at)
);
-- the morning review: open promises by due date, portfolio-wide
CREATE INDEX commitments_open ON commitments (due_on, account_id) WHERE done_at IS NULL;
-- per account: open first by date, then the kept ones
CREATE INDEX commitments_by_account ON commitments (account_id, done_at, due_on);
-- (no index on contact_id or visit_id: the SET NULL of a deleted contact
-- or visit reads a table of a few rows per account)

-- A contact linked to a promise belongs to the same account. (The visit's
-- account is checked by the store, `store::commitments`: a trigger naming
-- `visits` would stop a later migration from rebuilding that table, as
-- migration 10 did.)
CREATE TRIGGER commitments_contact_same_account_insert
BEFORE INSERT ON commitments
WHEN NEW.contact_id IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id AND account_id = NEW.account_id)
BEGIN
    SELECT RAISE(ABORT, 'the contact belongs to another account');
END;

CREATE TRIGGER commitments_contact_same_account_update
BEFORE UPDATE OF account_id, contact_id ON commitments
WHEN NEW.contact_id IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id AND account_id = NEW.account_id)
BEGIN
    SELECT RAISE(ABORT, 'the contact belongs to another account');
END;
