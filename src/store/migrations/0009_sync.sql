-- kam schema, version 9: syncing through a shared folder (issue 18). Each
-- device writes its own changes to DIR/<device>/<sequence>.kamchanges and
-- applies the other devices' files in order.

-- Which of this device's changes went into which of its files (NULL: not
-- yet written out). Changes applied from other devices are never written.
ALTER TABLE changes ADD COLUMN exported INTEGER;

-- The other devices this file has heard from: their name, how far their
-- stream is applied, and why it stopped (a newer kam, a damaged file).
CREATE TABLE sync_devices (
    device  TEXT PRIMARY KEY,
    name    TEXT NOT NULL DEFAULT '',
    applied INTEGER NOT NULL DEFAULT 0,
    stopped TEXT
) WITHOUT ROWID;

-- A field changed on two devices since they last synced (or an edit of a
-- record deleted on the other): the value kept for now and the other, who
-- made each and when, until the user decides. The kept value came from the
-- other device (`kept_device`); the other is this device's own.
CREATE TABLE sync_conflicts (
    id          INTEGER PRIMARY KEY,
    found_at    TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('field', 'deleted', 'archived', 'rejected')),
    table_name  TEXT    NOT NULL,
    row_id      INTEGER NOT NULL,
    column_name TEXT    NOT NULL DEFAULT '',
    kept,
    other,
    kept_by     TEXT    NOT NULL DEFAULT '',
    kept_device TEXT    NOT NULL DEFAULT '',
    kept_at     TEXT    NOT NULL DEFAULT '',
    other_by    TEXT    NOT NULL DEFAULT '',
    other_at    TEXT    NOT NULL DEFAULT '',
    resolved_at TEXT
);

CREATE INDEX sync_conflicts_open ON sync_conflicts (id) WHERE resolved_at IS NULL;
