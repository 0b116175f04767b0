-- kam schema, version 12: a done visit counts from when it was done.
--
-- `completed_at` has held the moment a visit was closed since migration 1;
-- closing one now asks when it was done ("done on") and stores that there.
-- The account's last visit (`account_stats.last_done_visit`) was the
-- latest *scheduled* time of its done visits: a visit scheduled tomorrow
-- and closed today counted as done tomorrow, a late one as done on its
-- old date. From here on it is the latest done-on (`completed_at`, or the
-- scheduled time of a done visit without one — older imports). The three
-- triggers of migration 2 (made again word for word by migration 10) are
-- dropped and made again with that expression, the update trigger also
-- watching `completed_at`, and so is migration 7's trigger that marks the
-- health score stale. Only triggers and derived figures change: no table,
-- column or changeset of the journal is touched.

DROP TRIGGER stats_visits_insert;
DROP TRIGGER stats_visits_update;
DROP TRIGGER stats_visits_delete;
DROP TRIGGER health_visits_update;

CREATE TRIGGER stats_visits_insert AFTER INSERT ON visits
BEGIN
    UPDATE account_stats SET
        last_done_visit = (SELECT max(coalesce(completed_at, scheduled_at)) FROM visits
                            WHERE account_id = NEW.account_id AND status = 'done'),
        next_planned_visit = (SELECT min(scheduled_at) FROM visits
                            WHERE account_id = NEW.account_id AND status = 'planned')
    WHERE account_id = NEW.account_id;
END;

CREATE TRIGGER stats_visits_update
AFTER UPDATE OF account_id, status, scheduled_at, completed_at ON visits
BEGIN
    UPDATE account_stats SET
        last_done_visit = (SELECT max(coalesce(v.completed_at, v.scheduled_at)) FROM visits v
                            WHERE v.account_id = account_stats.account_id AND v.status = 'done'),
        next_planned_visit = (SELECT min(scheduled_at) FROM visits v
                            WHERE v.account_id = account_stats.account_id AND v.status = 'planned')
    WHERE account_id IN (OLD.account_id, NEW.account_id);
END;

CREATE TRIGGER stats_visits_delete AFTER DELETE ON visits
BEGIN
    UPDATE account_stats SET
        last_done_visit = (SELECT max(coalesce(completed_at, scheduled_at)) FROM visits
                            WHERE account_id = OLD.account_id AND status = 'done'),
        next_planned_visit = (SELECT min(scheduled_at) FROM visits
                            WHERE account_id = OLD.account_id AND status = 'planned')
    WHERE account_id = OLD.account_id;
END;

CREATE TRIGGER health_visits_update
AFTER UPDATE OF account_id, status, scheduled_at, completed_at ON visits
BEGIN
    UPDATE account_health SET until = ''
     WHERE account_id IN (OLD.account_id, NEW.account_id) AND until <> '';
END;

-- the figures of the visits already there, and every score recomputed
UPDATE account_stats SET
    last_done_visit = (SELECT max(coalesce(v.completed_at, v.scheduled_at)) FROM visits v
                        WHERE v.account_id = account_stats.account_id AND v.status = 'done');
UPDATE account_health SET until = '';
