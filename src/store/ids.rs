//! Row ids that two laptops never both give out. SQLite's changesets name
//! rows by their integer primary key, so once a portfolio is synced
//! (`store::sync`) each device numbers its new rows inside a block of its
//! own: `local` 'id.block' (a multiple of 2^32, drawn when the device
//! first syncs). Before that the file numbers rows as SQLite does.

/// The SQL expression of the next id of `table` (one of the tables rows
/// are added to): NULL (SQLite's own next rowid) without a block, else the
/// next id inside this device's block.
pub(crate) fn next_id(table: &'static str) -> String {
    format!(
        "(SELECT CASE WHEN b.base IS NULL THEN NULL
                 ELSE max(b.base, coalesce((SELECT max(id) FROM {table}
                                             WHERE id >= b.base AND id < b.base + 4294967296), 0) + 1)
                 END
            FROM (SELECT CAST((SELECT value FROM local WHERE key = 'id.block') AS INTEGER) AS base) b)"
    )
}

/// A block number's first id: blocks 1 … 2^20, so that ids stay below
/// 2^53 (exact in JSON and in every language's numbers).
pub fn block_base(block: u32) -> i64 {
    i64::from(block.clamp(1, 1 << 20)) << 32
}
