-- kam schema, version 1: the whole data model of DESIGN.md.
-- Never edit this file once it has landed; add 0002_*.sql instead.
--
-- Conventions: every entity has an integer `id` and a stable `uid` (UUID
-- text); dates are 'YYYY-MM-DD', local date-times 'YYYY-MM-DD HH:MM:SS';
-- created_at/updated_at are UTC in the same format; money is integer minor
-- units; enumerations are short English words checked here.

CREATE TABLE accounts (
    id                 INTEGER PRIMARY KEY,
    uid                TEXT    NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
    name               TEXT    NOT NULL CHECK (length(trim(name)) > 0 AND length(name) <= 120),
    tier               TEXT    NOT NULL DEFAULT 'general'
                               CHECK (tier IN ('key', 'important', 'general')),
    relationship_level INTEGER NOT NULL DEFAULT 1 CHECK (relationship_level BETWEEN 1 AND 5),
    industry           TEXT    NOT NULL DEFAULT '' CHECK (length(industry) <= 80),
    region             TEXT    NOT NULL DEFAULT '' CHECK (length(region) <= 80),
    owner              TEXT    NOT NULL DEFAULT '' CHECK (length(owner) <= 80),
    backup_owner       TEXT    NOT NULL DEFAULT '' CHECK (length(backup_owner) <= 80),
    annual_revenue     INTEGER NOT NULL DEFAULT 0 CHECK (annual_revenue >= 0),
    annual_profit      INTEGER NOT NULL DEFAULT 0,
    visit_cadence_days INTEGER NOT NULL DEFAULT 90 CHECK (visit_cadence_days BETWEEN 1 AND 730),
    status             TEXT    NOT NULL DEFAULT 'active'
                               CHECK (status IN ('active', 'at_risk', 'lost', 'prospect')),
    lost_reason        TEXT    CHECK (lost_reason IN ('natural', 'malicious', 'competitive', 'negligence')),
    defection          TEXT    CHECK (defection IN ('price', 'product', 'service', 'promotion',
                                                    'market', 'technology')),
    notes              TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    archived_at        TEXT    CHECK (archived_at IS NULL OR datetime(archived_at) = archived_at),
    created_at         TEXT    NOT NULL CHECK (datetime(created_at) = created_at),
    updated_at         TEXT    NOT NULL CHECK (datetime(updated_at) = updated_at),
    CHECK (status = 'lost' OR (lost_reason IS NULL AND defection IS NULL))
);
CREATE INDEX accounts_by_name ON accounts (name);
CREATE INDEX accounts_by_archived ON accounts (archived_at);

CREATE TABLE contacts (
    id            INTEGER PRIMARY KEY,
    uid           TEXT    NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL CHECK (length(trim(name)) > 0 AND length(name) <= 80),
    title         TEXT    NOT NULL DEFAULT '' CHECK (length(title) <= 80),
    department    TEXT    NOT NULL DEFAULT 'other'
                          CHECK (department IN ('executive', 'purchasing', 'technical', 'operations',
                                                'finance', 'quality', 'logistics', 'user', 'other')),
    seniority     TEXT    NOT NULL DEFAULT 'staff'
                          CHECK (seniority IN ('executive', 'manager', 'staff')),
    buying_role   TEXT    CHECK (buying_role IN ('decision_maker', 'influencer', 'user',
                                                 'gatekeeper', 'champion')),
    tie_strength  INTEGER NOT NULL DEFAULT 2 CHECK (tie_strength BETWEEN 1 AND 5),
    our_side      TEXT    NOT NULL DEFAULT '' CHECK (length(our_side) <= 80),
    phone         TEXT    NOT NULL DEFAULT '' CHECK (length(phone) <= 80),
    email         TEXT    NOT NULL DEFAULT '' CHECK (length(email) <= 120),
    birthday      TEXT    CHECK (birthday IS NULL OR date(birthday) = birthday),
    notes         TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    left_company  INTEGER NOT NULL DEFAULT 0 CHECK (left_company IN (0, 1)),
    created_at    TEXT    NOT NULL CHECK (datetime(created_at) = created_at),
    updated_at    TEXT    NOT NULL CHECK (datetime(updated_at) = updated_at)
);
CREATE INDEX contacts_by_account ON contacts (account_id, left_company);
CREATE INDEX contacts_by_birthday ON contacts (substr(birthday, 6)) WHERE birthday IS NOT NULL;

CREATE TABLE complaints (
    id            INTEGER PRIMARY KEY,
    uid           TEXT    NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    contact_id    INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    opened_at     TEXT    NOT NULL CHECK (datetime(opened_at) = opened_at),
    category      TEXT    NOT NULL DEFAULT 'other'
                          CHECK (category IN ('quality', 'service', 'delivery', 'price', 'other')),
    severity      TEXT    NOT NULL DEFAULT 'medium'
                          CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    summary       TEXT    NOT NULL CHECK (length(trim(summary)) > 0 AND length(summary) <= 200),
    details       TEXT    NOT NULL DEFAULT '' CHECK (length(details) <= 4000),
    status        TEXT    NOT NULL DEFAULT 'open'
                          CHECK (status IN ('open', 'in_progress', 'waiting_customer',
                                            'resolved', 'closed')),
    forwarded_to  TEXT    CHECK (forwarded_to IN ('production', 'technical', 'logistics', 'finance',
                                                  'quality', 'service', 'other')),
    resolved_at   TEXT    CHECK (resolved_at IS NULL OR datetime(resolved_at) = resolved_at),
    resolution    TEXT    NOT NULL DEFAULT '' CHECK (length(resolution) <= 4000),
    created_at    TEXT    NOT NULL CHECK (datetime(created_at) = created_at),
    updated_at    TEXT    NOT NULL CHECK (datetime(updated_at) = updated_at),
    -- an unresolved complaint has no resolution time
    CHECK (status IN ('resolved', 'closed') OR resolved_at IS NULL),
    CHECK (resolved_at IS NULL OR resolved_at >= opened_at)
);
-- the portfolio-wide list of unresolved complaints, oldest first
CREATE INDEX complaints_by_status ON complaints (status, opened_at);
-- per account: open count, oldest, history
CREATE INDEX complaints_by_account ON complaints (account_id, status, opened_at);

CREATE TABLE visits (
    id            INTEGER PRIMARY KEY,
    uid           TEXT    NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    scheduled_at  TEXT    NOT NULL CHECK (datetime(scheduled_at) = scheduled_at),
    kind          TEXT    NOT NULL DEFAULT 'visit'
                          CHECK (kind IN ('visit', 'call', 'video', 'executive_meeting',
                                          'service_return')),
    purpose       TEXT    NOT NULL DEFAULT '' CHECK (length(purpose) <= 400),
    status        TEXT    NOT NULL DEFAULT 'planned'
                          CHECK (status IN ('planned', 'done', 'missed', 'cancelled')),
    outcome       TEXT    NOT NULL DEFAULT '' CHECK (length(outcome) <= 4000),
    next_step     TEXT    NOT NULL DEFAULT '' CHECK (length(next_step) <= 400),
    completed_at  TEXT    CHECK (completed_at IS NULL OR datetime(completed_at) = completed_at),
    created_at    TEXT    NOT NULL CHECK (datetime(created_at) = created_at),
    updated_at    TEXT    NOT NULL CHECK (datetime(updated_at) = updated_at),
    CHECK (status <> 'planned' OR completed_at IS NULL)
);
-- the agenda: planned visits by time
CREATE INDEX visits_by_status ON visits (status, scheduled_at);
-- per account: last done visit, next planned visit, history
CREATE INDEX visits_by_account ON visits (account_id, status, scheduled_at);

CREATE TABLE visit_contacts (
    visit_id   INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (visit_id, contact_id)
) WITHOUT ROWID;
-- a contact's last touch: done visits linked to them
CREATE INDEX visit_contacts_by_contact ON visit_contacts (contact_id, visit_id);

CREATE TABLE surveys (
    id               INTEGER PRIMARY KEY,
    uid              TEXT    NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    contact_id       INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    taken_at         TEXT    NOT NULL CHECK (date(taken_at) = taken_at),
    channel          TEXT    NOT NULL DEFAULT 'visit'
                             CHECK (channel IN ('visit', 'phone', 'email', 'other')),
    -- 5 highly satisfied … 1 very dissatisfied; NULL = not asked
    product_quality  INTEGER CHECK (product_quality BETWEEN 1 AND 5),
    service_quality  INTEGER CHECK (service_quality BETWEEN 1 AND 5),
    delivery         INTEGER CHECK (delivery BETWEEN 1 AND 5),
    value            INTEGER CHECK (value BETWEEN 1 AND 5),
    communication    INTEGER CHECK (communication BETWEEN 1 AND 5),
    overall          INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
    comment          TEXT    NOT NULL DEFAULT '' CHECK (length(comment) <= 4000),
    created_at       TEXT    NOT NULL CHECK (datetime(created_at) = created_at),
    updated_at       TEXT    NOT NULL CHECK (datetime(updated_at) = updated_at)
);
CREATE INDEX surveys_by_account ON surveys (account_id, taken_at);
CREATE INDEX surveys_by_date ON surveys (taken_at);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
    value TEXT NOT NULL
) WITHOUT ROWID;

-- A contact linked to a complaint, survey or visit belongs to the same account.
CREATE TRIGGER complaints_contact_same_account_insert
BEFORE INSERT ON complaints
WHEN NEW.contact_id IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id AND account_id = NEW.account_id)
BEGIN
    SELECT RAISE(ABORT, 'the contact belongs to another account');
END;

CREATE TRIGGER complaints_contact_same_account_update
BEFORE UPDATE OF account_id, contact_id ON complaints
WHEN NEW.contact_id IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id AND account_id = NEW.account_id)
BEGIN
    SELECT RAISE(ABORT, 'the contact belongs to another account');
END;

CREATE TRIGGER surveys_contact_same_account_insert
BEFORE INSERT ON surveys
WHEN NEW.contact_id IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id AND account_id = NEW.account_id)
BEGIN
    SELECT RAISE(ABORT, 'the contact belongs to another account');
END;

CREATE TRIGGER surveys_contact_same_account_update
BEFORE UPDATE OF account_id, contact_id ON surveys
WHEN NEW.contact_id IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id AND account_id = NEW.account_id)
BEGIN
    SELECT RAISE(ABORT, 'the contact belongs to another account');
END;

CREATE TRIGGER visit_contacts_same_account
BEFORE INSERT ON visit_contacts
WHEN NOT EXISTS (SELECT 1 FROM visits v JOIN contacts c ON c.account_id = v.account_id
                 WHERE v.id = NEW.visit_id AND c.id = NEW.contact_id)
BEGIN
    SELECT RAISE(ABORT, 'the contact belongs to another account');
END;
