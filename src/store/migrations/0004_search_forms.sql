-- kam schema, version 4: the search form of every account's and contact's
-- name (its pinyin, see src/domain/pinyin.rs), written beside the name so
-- that `/` search and the pickers match `hdjm` to 华东精密机械 without
-- computing pinyin on every key. Rows whose form is empty — existing ones
-- here, and rows written by other tools — are filled when kam opens the
-- file; the partial indexes find them at once. A change of the form's
-- format is a new migration that empties the column.

ALTER TABLE accounts ADD COLUMN name_search TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN name_search TEXT NOT NULL DEFAULT '';
CREATE INDEX accounts_unsearchable ON accounts (id) WHERE name_search = '';
CREATE INDEX contacts_unsearchable ON contacts (id) WHERE name_search = '';
