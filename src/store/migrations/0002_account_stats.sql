-- kam schema, version 2: per-account figures kept up to date by triggers,
-- so that the Accounts list, Today and health read one row per account
-- instead of aggregating contacts, complaints, visits and surveys on every
-- screen. Derived data only: `Store::rebuild_stats` recomputes it from the
-- tables at any time.

CREATE TABLE account_stats (
    account_id            INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    open_complaints       INTEGER NOT NULL DEFAULT 0,
    oldest_open_complaint TEXT,
    last_done_visit       TEXT,
    next_planned_visit    TEXT,
    -- overall scores of the latest four surveys, newest first: '4,3,5'
    recent_overall        TEXT,
    -- current contacts (not left), by tie strength
    ties                  INTEGER NOT NULL DEFAULT 0,
    ties_2                INTEGER NOT NULL DEFAULT 0,
    ties_3                INTEGER NOT NULL DEFAULT 0,
    ties_4                INTEGER NOT NULL DEFAULT 0,
    ties_5                INTEGER NOT NULL DEFAULT 0,
    departments           INTEGER NOT NULL DEFAULT 0,
    levels                INTEGER NOT NULL DEFAULT 0,
    executive             INTEGER NOT NULL DEFAULT 0,
    holders               INTEGER NOT NULL DEFAULT 0,
    unheld                INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO account_stats (account_id) SELECT id FROM accounts;

CREATE TRIGGER stats_account_insert AFTER INSERT ON accounts
BEGIN
    INSERT OR IGNORE INTO account_stats (account_id) VALUES (NEW.id);
END;

CREATE TRIGGER stats_complaints_insert AFTER INSERT ON complaints
BEGIN
    UPDATE account_stats SET
        open_complaints = (SELECT count(*) FROM complaints WHERE account_id = NEW.account_id
                             AND status IN ('open', 'in_progress', 'waiting_customer')),
        oldest_open_complaint = (SELECT min(opened_at) FROM complaints WHERE account_id = NEW.account_id
                             AND status IN ('open', 'in_progress', 'waiting_customer'))
    WHERE account_id = NEW.account_id;
END;

CREATE TRIGGER stats_complaints_update AFTER UPDATE OF account_id, status, opened_at ON complaints
BEGIN
    UPDATE account_stats SET
        open_complaints = (SELECT count(*) FROM complaints c WHERE c.account_id = account_stats.account_id
                             AND c.status IN ('open', 'in_progress', 'waiting_customer')),
        oldest_open_complaint = (SELECT min(opened_at) FROM complaints c WHERE c.account_id = account_stats.account_id
                             AND c.status IN ('open', 'in_progress', 'waiting_customer'))
    WHERE account_id IN (OLD.account_id, NEW.account_id);
END;

CREATE TRIGGER stats_complaints_delete AFTER DELETE ON complaints
BEGIN
    UPDATE account_stats SET
        open_complaints = (SELECT count(*) FROM complaints WHERE account_id = OLD.account_id
                             AND status IN ('open', 'in_progress', 'waiting_customer')),
        oldest_open_complaint = (SELECT min(opened_at) FROM complaints WHERE account_id = OLD.account_id
                             AND status IN ('open', 'in_progress', 'waiting_customer'))
    WHERE account_id = OLD.account_id;
END;

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

CREATE TRIGGER stats_contacts_insert AFTER INSERT ON contacts
BEGIN
    UPDATE account_stats SET
        (ties, ties_2, ties_3, ties_4, ties_5, departments, levels, executive, holders, unheld) =
        (SELECT count(*), coalesce(sum(tie_strength >= 2), 0), coalesce(sum(tie_strength >= 3), 0), coalesce(sum(tie_strength >= 4), 0),
                coalesce(sum(tie_strength >= 5), 0), count(DISTINCT department),
                count(DISTINCT seniority),
                coalesce(max(seniority = 'executive' OR department = 'executive'), 0),
                count(DISTINCT nullif(lower(trim(our_side)), '')),
                coalesce(sum(trim(our_side) = ''), 0)
           FROM contacts WHERE account_id = NEW.account_id AND left_company = 0)
    WHERE account_id = NEW.account_id;
END;

CREATE TRIGGER stats_contacts_update AFTER UPDATE ON contacts
BEGIN
    UPDATE account_stats SET
        (ties, ties_2, ties_3, ties_4, ties_5, departments, levels, executive, holders, unheld) =
        (SELECT count(*), coalesce(sum(tie_strength >= 2), 0), coalesce(sum(tie_strength >= 3), 0), coalesce(sum(tie_strength >= 4), 0),
                coalesce(sum(tie_strength >= 5), 0), count(DISTINCT department),
                count(DISTINCT seniority),
                coalesce(max(seniority = 'executive' OR department = 'executive'), 0),
                count(DISTINCT nullif(lower(trim(our_side)), '')),
                coalesce(sum(trim(our_side) = ''), 0)
           FROM contacts c WHERE c.account_id = account_stats.account_id AND c.left_company = 0)
    WHERE account_id IN (OLD.account_id, NEW.account_id);
END;

CREATE TRIGGER stats_contacts_delete AFTER DELETE ON contacts
BEGIN
    UPDATE account_stats SET
        (ties, ties_2, ties_3, ties_4, ties_5, departments, levels, executive, holders, unheld) =
        (SELECT count(*), coalesce(sum(tie_strength >= 2), 0), coalesce(sum(tie_strength >= 3), 0), coalesce(sum(tie_strength >= 4), 0),
                coalesce(sum(tie_strength >= 5), 0), count(DISTINCT department),
                count(DISTINCT seniority),
                coalesce(max(seniority = 'executive' OR department = 'executive'), 0),
                count(DISTINCT nullif(lower(trim(our_side)), '')),
                coalesce(sum(trim(our_side) = ''), 0)
           FROM contacts WHERE account_id = OLD.account_id AND left_company = 0)
    WHERE account_id = OLD.account_id;
END;

-- fill the table for the data already there
UPDATE account_stats SET
    open_complaints = (SELECT count(*) FROM complaints c WHERE c.account_id = account_stats.account_id
                         AND c.status IN ('open', 'in_progress', 'waiting_customer')),
    oldest_open_complaint = (SELECT min(opened_at) FROM complaints c WHERE c.account_id = account_stats.account_id
                         AND c.status IN ('open', 'in_progress', 'waiting_customer')),
    last_done_visit = (SELECT max(scheduled_at) FROM visits v
                        WHERE v.account_id = account_stats.account_id AND v.status = 'done'),
    next_planned_visit = (SELECT min(scheduled_at) FROM visits v
                        WHERE v.account_id = account_stats.account_id AND v.status = 'planned'),
    recent_overall = (SELECT group_concat(overall) FROM
                        (SELECT s.overall FROM surveys s WHERE s.account_id = account_stats.account_id
                          ORDER BY s.taken_at DESC, s.id DESC LIMIT 4)),
    (ties, ties_2, ties_3, ties_4, ties_5, departments, levels, executive, holders, unheld) =
    (SELECT count(*), coalesce(sum(tie_strength >= 2), 0), coalesce(sum(tie_strength >= 3), 0), coalesce(sum(tie_strength >= 4), 0),
            coalesce(sum(tie_strength >= 5), 0), count(DISTINCT department),
            count(DISTINCT seniority),
            coalesce(max(seniority = 'executive' OR department = 'executive'), 0),
            count(DISTINCT nullif(lower(trim(our_side)), '')),
            coalesce(sum(trim(our_side) = ''), 0)
       FROM contacts c WHERE c.account_id = account_stats.account_id AND c.left_company = 0);

-- Today's low survey scores (any 2 or less), by date: only those rows
CREATE INDEX surveys_low_by_date ON surveys (taken_at)
    WHERE min(coalesce(product_quality, 5), coalesce(service_quality, 5), coalesce(delivery, 5),
              coalesce(value, 5), coalesce(communication, 5), overall) <= 2;
