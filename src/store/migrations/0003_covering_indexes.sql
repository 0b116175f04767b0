-- kam schema, version 3: indexes that answer the portfolio-wide screens
-- from a few pages instead of reading the big tables row by row. Open
-- complaints and planned visits are a small part of their tables, so
-- partial indexes holding every column the screens read stay small; names
-- are looked up by id from narrow indexes instead of the wide rows.
-- Measured at 5,000 accounts (BENCHMARKS.md): the open-complaint list went
-- from about 4,100 page reads to about 460.

CREATE INDEX complaints_open ON complaints (
    opened_at, account_id, status, severity, category, contact_id, forwarded_to,
    uid, summary, resolved_at, resolution
) WHERE status IN ('open', 'in_progress', 'waiting_customer');

CREATE INDEX visits_planned ON visits (
    scheduled_at, account_id, status, kind, uid, purpose, outcome, next_step, completed_at
) WHERE status = 'planned';

CREATE INDEX contacts_names ON contacts (id, name);

CREATE INDEX accounts_brief ON accounts (id, archived_at, tier, name, uid);

-- low survey scores by date, with what the morning review reads of them
DROP INDEX surveys_low_by_date;
CREATE INDEX surveys_low_by_date ON surveys (
    taken_at, account_id, contact_id, product_quality, service_quality, delivery, value,
    communication, overall
) WHERE min(coalesce(product_quality, 5), coalesce(service_quality, 5), coalesce(delivery, 5),
            coalesce(value, 5), coalesce(communication, 5), overall) <= 2;

-- the planner's statistics, so that it prefers the indexes above
ANALYZE;
