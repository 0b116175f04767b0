-- kam schema, version 6: the morning review's birthdays (a week of them is
-- a thousand contacts at 5,000 accounts) read from an index holding what
-- the section shows, instead of from the contacts' rows: 1,666 page reads
-- down to 149.

DROP INDEX contacts_by_birthday;
CREATE INDEX contacts_birthdays ON contacts (
    substr(birthday, 6), left_company, account_id, name, birthday
) WHERE birthday IS NOT NULL;
