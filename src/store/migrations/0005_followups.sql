-- kam schema, version 5: when each account last had a complaint logged or
-- a visit planned or done, kept by triggers like the rest of
-- account_stats. The morning review asks, for every low survey score of
-- the last 30 days, whether anything followed it; with these two columns
-- that is one lookup per score instead of a search through the account's
-- complaints and visits.

ALTER TABLE account_stats ADD COLUMN last_complaint TEXT;
ALTER TABLE account_stats ADD COLUMN last_visit_logged TEXT;

CREATE TRIGGER followup_complaints_insert AFTER INSERT ON complaints
BEGIN
    UPDATE account_stats SET last_complaint =
        CASE WHEN last_complaint IS NULL OR NEW.opened_at > last_complaint
             THEN NEW.opened_at ELSE last_complaint END
    WHERE account_id = NEW.account_id;
END;

CREATE TRIGGER followup_complaints_update AFTER UPDATE OF account_id, opened_at ON complaints
BEGIN
    UPDATE account_stats SET last_complaint =
        (SELECT max(opened_at) FROM complaints c WHERE c.account_id = account_stats.account_id)
    WHERE account_id IN (OLD.account_id, NEW.account_id);
END;

CREATE TRIGGER followup_complaints_delete AFTER DELETE ON complaints
BEGIN
    UPDATE account_stats SET last_complaint =
        (SELECT max(opened_at) FROM complaints WHERE account_id = OLD.account_id)
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

UPDATE account_stats SET
    last_complaint = (SELECT max(opened_at) FROM complaints c
                       WHERE c.account_id = account_stats.account_id),
    last_visit_logged = (SELECT max(scheduled_at) FROM visits v
                          WHERE v.account_id = account_stats.account_id
                            AND v.status IN ('planned', 'done'));
