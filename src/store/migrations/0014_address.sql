-- kam schema, version 14: the account's address (issue 20, item 8) —
-- where its visits happen: the calendar's LOCATION, shown in the
-- account's overview and brief, imported and exported like the other
-- columns. Free text, as the salesperson writes it.
ALTER TABLE accounts ADD COLUMN address TEXT NOT NULL DEFAULT ''
    CHECK (length(address) <= 200);
