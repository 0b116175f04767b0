//! Files in and out of kam: CSV import and export, JSON for a whole
//! portfolio, iCalendar for visits, vCard for contacts, and backups. The
//! portfolio belongs to the company, so it must move cleanly between
//! machines and people. Only `kam import`/`kam export`/`kam backup` use it.
//!
//! Nothing is here yet: the import/export issue fills it.
