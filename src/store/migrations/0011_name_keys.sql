-- kam schema, version 11 (10 is the next migration of another branch; on
-- a branch without it this is the 10th): each account's and contact's
-- name sort key (see src/domain/pinyin: `sort_key` for accounts,
-- `person_sort_key` for contacts), written beside the name like its search
-- form, so that lists sort by name as Chinese lists do (by pinyin, then
-- tone: 博远, 鼎盛, 东方, 华东; Latin names among them by their letters)
-- with a plain byte comparison: ORDER BY name_key, name, id.
--
-- The search form's data changed with it (common readings only, surname
-- readings at a name's start, traditional characters found by their
-- simplified forms): every row is recomputed when kam next opens the file,
-- found by the new partial indexes (`Store::fill_search_forms` writes both
-- columns of each row whose key or form is empty).

ALTER TABLE accounts ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX accounts_unkeyed ON accounts (id) WHERE name_key = '';
CREATE INDEX contacts_unkeyed ON contacts (id) WHERE name_key = '';

-- The morning review's birthdays of one day are listed by name: their
-- covering index (migration 6) holds the key too, so that the section is
-- still read from the index alone.
DROP INDEX contacts_birthdays;
CREATE INDEX contacts_birthdays ON contacts (
    substr(birthday, 6), left_company, account_id, name, birthday, name_key
) WHERE birthday IS NOT NULL;
