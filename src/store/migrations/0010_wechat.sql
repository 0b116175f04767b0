-- kam schema, version 10: WeChat (微信), how Chinese customers are reached,
-- as a survey channel and a visit kind, stored as 'wechat'.
--
-- SQLite cannot change a CHECK constraint in place, so `visits` and
-- `surveys` are rebuilt the way SQLite's documentation describes
-- (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"):
-- a new table with the wider CHECK, every row copied with its id, the old
-- table dropped, the new one renamed, then its indexes and triggers made
-- again, word for word as migrations 1, 2, 3, 5 and 7 made them (dropping
-- a table drops them). Store::prepare runs the migrations with foreign
-- keys off (`PRAGMA foreign_keys` does nothing inside the migrations'
-- transaction), so dropping `visits` does not empty `visit_contacts`; the
-- foreign keys are checked before the transaction commits. The columns
-- keep their names, order and types: the change journal's changesets
-- (SQLite sessions know a table by its name and columns by position) undo
-- and sync as before.

-- it reads `visits`, which is missing for a moment, and SQLite's rename
-- refuses a schema with a trigger reading a missing table: made again below
DROP TRIGGER visit_contacts_same_account;

-- visits: the CHECK of its kind gains 'wechat'
CREATE TABLE visits_new (
    id            INTEGER PRIMARY KEY,
    uid           TEXT    NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    scheduled_at  TEXT    NOT NULL CHECK (datetime(scheduled_at) = scheduled_at),
    kind          TEXT    NOT NULL DEFAULT 'visit'
                          CHECK (kind IN ('visit', 'call', 'video', 'executive_meeting',
                                          'service_return', 'wechat')),
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

INSERT INTO visits_new SELECT * FROM visits;
DROP TABLE visits;
ALTER TABLE visits_new RENAME TO visits;

CREATE INDEX visits_by_status ON visits (status, scheduled_at);

CREATE INDEX visits_by_account ON visits (account_id, status, scheduled_at);

CREATE INDEX visits_planned ON visits (
    scheduled_at, account_id, status, kind, uid, purpose, outcome, next_step, completed_at
) WHERE status = 'planned';

CREATE TRIGGER stats_visits_insert AFTER INSERT ON visits
BEGIN
    UPDATE account_stats SET
        last_done_visit = (SELECT max(scheduled_at) FROM visits
                            WHERE account_id = NEW.account_id AND status = 'done'),
        next_planned_visit = (SELECT min(scheduled_at) FROM visits
                            WHERE account_id = NEW.account_id AND status = 'planned')
    WHERE account_id = NEW.account_id;
END;

CREATE TRIGGER stats_visits_update AFTER UPDATE OF account_id, status, scheduled_at ON visits
BEGIN
    UPDATE account_stats SET
        last_done_visit = (SELECT max(scheduled_at) FROM visits v
                            WHERE v.account_id = account_stats.account_id AND v.status = 'done'),
        next_planned_visit = (SELECT min(scheduled_at) FROM visits v
                            WHERE v.account_id = account_stats.account_id AND v.status = 'planned')
    WHERE account_id IN (OLD.account_id, NEW.account_id);
END;

CREATE TRIGGER stats_visits_delete AFTER DELETE ON visits
BEGIN
    UPDATE account_stats SET
        last_done_visit = (SELECT max(scheduled_at) FROM visits
                            WHERE account_id = OLD.account_id AND status = 'done'),
        next_planned_visit = (SELECT min(scheduled_at) FROM visits
                            WHERE account_id = OLD.account_id AND status = 'planned')
    WHERE account_id = OLD.account_id;
END;

CREATE TRIGGER followup_visits_insert AFTER INSERT ON visits
WHEN NEW.status IN ('planned', 'done')
BEGIN
    UPDATE account_stats SET last_visit_logged =
        CASE WHEN last_visit_logged IS NULL OR NEW.scheduled_at > last_visit_logged
             THEN NEW.scheduled_at ELSE last_visit_logged END
    WHERE account_id = NEW.account_id;
END;

CREATE TRIGGER followup_visits_update AFTER UPDATE OF account_id, status, scheduled_at ON visits
BEGIN
    UPDATE account_stats SET last_visit_logged =
        (SELECT max(scheduled_at) FROM visits v
          WHERE v.account_id = account_stats.account_id AND v.status IN ('planned', 'done'))
    WHERE account_id IN (OLD.account_id, NEW.account_id);
END;

CREATE TRIGGER followup_visits_delete AFTER DELETE ON visits
BEGIN
    UPDATE account_stats SET last_visit_logged =
        (SELECT max(scheduled_at) FROM visits
          WHERE account_id = OLD.account_id AND status IN ('planned', 'done'))
    WHERE account_id = OLD.account_id;
END;

CREATE TRIGGER health_visits_insert AFTER INSERT ON visits
BEGIN
    UPDATE account_health SET until = '' WHERE account_id = NEW.account_id AND until <> '';
END;

CREATE TRIGGER health_visits_update AFTER UPDATE OF account_id, status, scheduled_at ON visits
BEGIN
    UPDATE account_health SET until = ''
     WHERE account_id IN (OLD.account_id, NEW.account_id) AND until <> '';
END;

CREATE TRIGGER health_visits_delete AFTER DELETE ON visits
BEGIN
    UPDATE account_health SET until = '' WHERE account_id = OLD.account_id AND until <> '';
END;

-- surveys: the CHECK of its channel gains 'wechat'
CREATE TABLE surveys_new (
    id               INTEGER PRIMARY KEY,
    uid              TEXT    NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    contact_id       INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    taken_at         TEXT    NOT NULL CHECK (date(taken_at) = taken_at),
    channel          TEXT    NOT NULL DEFAULT 'visit'
                             CHECK (channel IN ('visit', 'phone', 'email', 'other', 'wechat')),
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

INSERT INTO surveys_new SELECT * FROM surveys;
DROP TABLE surveys;
ALTER TABLE surveys_new RENAME TO surveys;

CREATE INDEX surveys_by_account ON surveys (account_id, taken_at);

CREATE INDEX surveys_by_date ON surveys (taken_at);

CREATE INDEX surveys_low_by_date ON surveys (
    taken_at, account_id, contact_id, product_quality, service_quality, delivery, value,
    communication, overall
) WHERE min(coalesce(product_quality, 5), coalesce(service_quality, 5), coalesce(delivery, 5),
            coalesce(value, 5), coalesce(communication, 5), overall) <= 2;

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

CREATE TRIGGER stats_surveys_insert AFTER INSERT ON surveys
BEGIN
    UPDATE account_stats SET
        recent_overall = (SELECT group_concat(overall) FROM
                            (SELECT overall FROM surveys WHERE account_id = NEW.account_id
                              ORDER BY taken_at DESC, id DESC LIMIT 4))
    WHERE account_id = NEW.account_id;
END;

CREATE TRIGGER stats_surveys_update AFTER UPDATE OF account_id, overall, taken_at ON surveys
BEGIN
    UPDATE account_stats SET
        recent_overall = (SELECT group_concat(overall) FROM
                            (SELECT s.overall FROM surveys s WHERE s.account_id = account_stats.account_id
                              ORDER BY s.taken_at DESC, s.id DESC LIMIT 4))
    WHERE account_id IN (OLD.account_id, NEW.account_id);
END;

CREATE TRIGGER stats_surveys_delete AFTER DELETE ON surveys
BEGIN
    UPDATE account_stats SET
        recent_overall = (SELECT group_concat(overall) FROM
                            (SELECT overall FROM surveys WHERE account_id = OLD.account_id
                              ORDER BY taken_at DESC, id DESC LIMIT 4))
    WHERE account_id = OLD.account_id;
END;

CREATE TRIGGER health_surveys_insert AFTER INSERT ON surveys
BEGIN
    UPDATE account_health SET until = '' WHERE account_id = NEW.account_id AND until <> '';
END;

CREATE TRIGGER health_surveys_update AFTER UPDATE OF account_id, overall, taken_at ON surveys
BEGIN
    UPDATE account_health SET until = ''
     WHERE account_id IN (OLD.account_id, NEW.account_id) AND until <> '';
END;

CREATE TRIGGER health_surveys_delete AFTER DELETE ON surveys
BEGIN
    UPDATE account_health SET until = '' WHERE account_id = OLD.account_id AND until <> '';
END;

CREATE TRIGGER visit_contacts_same_account
BEFORE INSERT ON visit_contacts
WHEN NOT EXISTS (SELECT 1 FROM visits v JOIN contacts c ON c.account_id = v.account_id
                 WHERE v.id = NEW.visit_id AND c.id = NEW.contact_id)
BEGIN
    SELECT RAISE(ABORT, 'the contact belongs to another account');
END;

-- the planner's statistics of the two tables went with them (migration 3)
ANALYZE visits;
ANALYZE surveys;
