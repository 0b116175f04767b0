-- kam schema, version 8: the change journal (issue 17). Every write kam
-- makes through the portfolio is one row of `changes`, holding SQLite's
-- own changeset of it (the session extension): per row, the primary key
-- and the old and new values of the columns that changed. History, undo
-- and merging another laptop's edits read it. Only the user tables are
-- recorded; the derived tables (account_stats, account_health) follow
-- from them through their triggers.
CREATE TABLE changes (
    id        INTEGER PRIMARY KEY,
    uid       TEXT    NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 64),
    -- UTC, 'YYYY-MM-DD HH:MM:SS'
    at        TEXT    NOT NULL,
    -- the kam that made it (`local` 'device.uid')
    device    TEXT    NOT NULL,
    -- who made it: settings 'me.name', else the owner of most accounts
    person    TEXT    NOT NULL DEFAULT '',
    -- what kind of change, e.g. 'survey.add' (a kind this kam does not
    -- know, written by a newer one, is shown as an unknown change)
    kind      TEXT    NOT NULL,
    -- what it was about, as the user saw it (an account's name, a summary)
    subject   TEXT    NOT NULL DEFAULT '',
    changeset BLOB    NOT NULL,
    -- the change this one undoes (or, for a redo, the undo it undoes)
    reverses  INTEGER REFERENCES changes (id)
);

CREATE INDEX changes_reversed ON changes (reverses) WHERE reverses IS NOT NULL;

-- Which accounts each change touched, for an account's History.
CREATE TABLE change_accounts (
    account_id INTEGER NOT NULL,
    change_id  INTEGER NOT NULL REFERENCES changes (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, change_id)
) WITHOUT ROWID;

-- What belongs to this file on this machine and is never journaled or
-- passed to another laptop: the device's own id.
CREATE TABLE local (
    key   TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
    value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO local (key, value) VALUES ('device.uid', lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' ||
    hex(randomblob(2)) || '-' || hex(randomblob(6))));
