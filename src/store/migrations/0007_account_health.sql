-- kam schema, version 7: each account's health score (and the day it is
-- due a visit), stored with the
-- moment it has to be computed again, so that Today and the Accounts list
-- read (and sort by) 5,000 scores instead of computing them on every
-- screen. The score is computed in Rust (`domain::health`); `until` is the
-- first moment its inputs can change by the clock alone (a complaint
-- passing its response target, a planned visit falling overdue, midnight).
-- A write to anything the score reads sets `until` to '' (before any
-- time; rows already stale are left alone, so that a bulk import writes
-- each account's row once): the next screen computes it again. Derived data only.

CREATE TABLE account_health (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    -- 0–100, NULL until first computed
    score      INTEGER,
    -- contact breadth: 0 single-threaded, 1 narrow, 2 broad
    verdict    INTEGER,
    -- the day from which the account is due a visit by its cadence: ''
    -- never visited; NULL when a visit is planned or the account is not in
    -- the portfolio (archived or lost)
    due_on     TEXT,
    -- local time 'YYYY-MM-DD HH:MM:SS' from which the score is stale
    until      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE INDEX account_health_until ON account_health (until);
CREATE INDEX account_health_score ON account_health (score, account_id);
CREATE INDEX account_health_verdict ON account_health (verdict, account_id);
CREATE INDEX account_health_due ON account_health (due_on, account_id) WHERE due_on IS NOT NULL;

INSERT INTO account_health (account_id) SELECT id FROM accounts;

CREATE TRIGGER health_account_insert AFTER INSERT ON accounts
BEGIN
    INSERT OR IGNORE INTO account_health (account_id) VALUES (NEW.id);
END;

CREATE TRIGGER health_account_update
AFTER UPDATE OF tier, relationship_level, visit_cadence_days, status, archived_at ON accounts
BEGIN
    UPDATE account_health SET until = '' WHERE account_id = NEW.id AND until <> '';
END;

CREATE TRIGGER health_complaints_insert AFTER INSERT ON complaints
BEGIN
    UPDATE account_health SET until = '' WHERE account_id = NEW.account_id AND until <> '';
END;

CREATE TRIGGER health_complaints_update
AFTER UPDATE OF account_id, status, opened_at, severity ON complaints
BEGIN
    UPDATE account_health SET until = ''
     WHERE account_id IN (OLD.account_id, NEW.account_id) AND until <> '';
END;

CREATE TRIGGER health_complaints_delete AFTER DELETE ON complaints
BEGIN
    UPDATE account_health SET until = '' WHERE account_id = OLD.account_id AND until <> '';
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

CREATE TRIGGER health_contacts_insert AFTER INSERT ON contacts
BEGIN
    UPDATE account_health SET until = '' WHERE account_id = NEW.account_id AND until <> '';
END;

CREATE TRIGGER health_contacts_update AFTER UPDATE ON contacts
BEGIN
    UPDATE account_health SET until = ''
     WHERE account_id IN (OLD.account_id, NEW.account_id) AND until <> '';
END;

CREATE TRIGGER health_contacts_delete AFTER DELETE ON contacts
BEGIN
    UPDATE account_health SET until = '' WHERE account_id = OLD.account_id AND until <> '';
END;

-- response targets and breadth thresholds are settings: every score
CREATE TRIGGER health_settings_insert AFTER INSERT ON settings
BEGIN
    UPDATE account_health SET until = '' WHERE until <> '';
END;

CREATE TRIGGER health_settings_update AFTER UPDATE ON settings
BEGIN
    UPDATE account_health SET until = '' WHERE until <> '';
END;

CREATE TRIGGER health_settings_delete AFTER DELETE ON settings
BEGIN
    UPDATE account_health SET until = '' WHERE until <> '';
END;
