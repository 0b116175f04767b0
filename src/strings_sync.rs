//! What `kam sync` and the conflicts list say, in both interface
//! languages side by side (the sync's words are few and change together).

use crate::portfolio::sync::{Note, SyncError, SyncReport};
use crate::store::SCHEMA_VERSION;
use crate::store::sync::Conflict;
use crate::strings::{Lang, lang};

fn zh() -> bool {
    lang() == Lang::Zh
}

/// The lines a sync ends with: what it did, then each note.
pub fn sync_summary(dir: &str, r: &SyncReport) -> Vec<String> {
    let mut lines = Vec::new();
    if r.started {
        lines.push(if zh() {
            format!(
                "本机开始使用共享文件夹 {dir}：已写入 base.kambase。在另一台电脑上，对一个空数据库运行 kam sync {dir} 即可加入。"
            )
        } else {
            format!(
                "this laptop started the shared folder {dir}: base.kambase written — on another laptop, run kam sync {dir} on an empty database to join"
            )
        });
    }
    if r.joined {
        lines.push(if zh() {
            format!("已加入 {dir} 中的客户组合。")
        } else {
            format!("joined the portfolio in {dir}")
        });
    }
    let mut parts = Vec::new();
    if r.written > 0 {
        parts.push(if zh() {
            format!("写出 {} 项修改", r.written)
        } else {
            format!("wrote {} change(s)", r.written)
        });
    }
    parts.push(if zh() {
        format!("从 {} 台设备应用 {} 项修改", r.devices, r.applied)
    } else {
        format!(
            "applied {} change(s) from {} device(s)",
            r.applied, r.devices
        )
    });
    parts.push(if zh() {
        format!("{} 处冲突", r.conflicts)
    } else {
        format!("{} conflict(s)", r.conflicts)
    });
    let nothing = r.written == 0 && r.applied == 0 && !r.started && !r.joined;
    lines.push(if nothing {
        if zh() {
            format!("已与 {dir} 同步：没有新内容。")
        } else {
            format!("synced with {dir}: nothing new")
        }
    } else if zh() {
        format!("已与 {dir} 同步：{}。", parts.join("；"))
    } else {
        format!("synced with {dir}: {}", parts.join("; "))
    });
    if r.open_conflicts > 0 {
        lines.push(if zh() {
            format!(
                "{} 处冲突待决定：在“今日”的“同步冲突”中逐一保留当前值或改用本机原值。",
                r.open_conflicts
            )
        } else {
            format!(
                "{} conflict(s) to decide: Today → Sync conflicts keeps the value now or takes this laptop's",
                r.open_conflicts
            )
        });
    }
    lines.extend(r.notes.iter().map(note));
    lines
}

/// One note of a sync.
pub fn note(n: &Note) -> String {
    let zh = zh();
    match n {
        Note::NotOurs(names) => {
            let mut shown = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
            if names.len() > 5 {
                shown.push_str(", …");
            }
            if zh {
                format!("忽略了 {} 个不属于 kam 的文件：{shown}", names.len())
            } else {
                format!(
                    "ignored {} file(s) that are not kam's: {shown}",
                    names.len()
                )
            }
        }
        Note::Newer { device, schema } => {
            if zh {
                format!(
                    "未应用：{device} 使用更新版本的 kam（数据结构 {schema}，本机 {SCHEMA_VERSION}）——请升级本机的 kam，再同步。"
                )
            } else {
                format!(
                    "not applied: {device} syncs with a newer kam (schema {schema}, this one {SCHEMA_VERSION}) — upgrade kam on this laptop, then sync again"
                )
            }
        }
        Note::Older { device, schema } => {
            if zh {
                format!(
                    "未应用：{device} 使用较旧版本的 kam（数据结构 {schema}，本机 {SCHEMA_VERSION}）——请在 {device} 上升级 kam，再同步。"
                )
            } else {
                format!(
                    "not applied: {device} syncs with an older kam (schema {schema}, this one {SCHEMA_VERSION}) — upgrade kam on {device}, then sync again"
                )
            }
        }
        Note::Damaged { device, file } => {
            let file = file.display();
            if zh {
                format!(
                    "{device} 的文件 {file} 不完整或已损坏——它的修改暂不应用，其余已同步。若文件夹仍在复制中，请稍后再同步。"
                )
            } else {
                format!(
                    "{device}'s file {file} is cut short or damaged — its changes wait, the rest synced; if the folder is still copying, sync again later"
                )
            }
        }
        Note::OtherPortfolio { file } => {
            let file = file.display();
            if zh {
                format!("{file} 属于另一个客户组合——未处理。")
            } else {
                format!("{file} belongs to another portfolio — left alone")
            }
        }
        Note::Waiting { device, seq } => {
            if zh {
                format!("正在等待 {device} 的第 {seq} 个文件（文件夹中还没有）——请稍后再同步。")
            } else {
                format!(
                    "waiting for file {seq} of {device} (not in the folder yet) — sync again later"
                )
            }
        }
        Note::Refused { device, file, why } => {
            let file = file.display();
            if zh {
                format!(
                    "{device} 的文件 {file} 无法应用（{why}）——它之后的修改暂不应用，其余已同步。"
                )
            } else {
                format!(
                    "{device}'s file {file} could not be applied ({why}) — its later changes wait, the rest synced"
                )
            }
        }
    }
}

/// Why a sync was not made, one line.
pub fn sync_error(e: &SyncError) -> String {
    let zh = zh();
    match e {
        SyncError::NoFolder(dir) => {
            let dir = dir.display();
            if zh {
                format!(
                    "{dir}：没有这个文件夹——请先创建它，或检查路径（共享盘或 U 盘可能没有连接）。"
                )
            } else {
                format!(
                    "{dir}: no such folder — create it, or check the path (a share or USB stick may not be connected)"
                )
            }
        }
        SyncError::ReadOnly => if zh {
            "数据库是只读的——没有同步。"
        } else {
            "the database is read-only — nothing synced"
        }
        .to_string(),
        SyncError::OtherPortfolio(dir) => {
            let dir = dir.display();
            if zh {
                format!(
                    "{dir} 中是另一个客户组合——请换一个文件夹；要加入它，请对一个空数据库同步（kam --db 新文件.sqlite3 sync {dir}）。"
                )
            } else {
                format!(
                    "{dir} holds another portfolio than this database — use another folder, or sync an empty database to join it (kam --db NEW.sqlite3 sync {dir})"
                )
            }
        }
        SyncError::NoBase(dir) => {
            let dir = dir.display();
            if zh {
                format!(
                    "{dir} 中有修改文件，却没有 base.kambase——请先在已加入的电脑上同步一次，它会重新写入。"
                )
            } else {
                format!(
                    "{dir} has change files but no base.kambase — sync once on a laptop already in it, which writes it again"
                )
            }
        }
        SyncError::BaseSchema(n) if *n > SCHEMA_VERSION => {
            if zh {
                format!(
                    "文件夹中的 base.kambase 由更新版本的 kam 写入（数据结构 {n}，本机 {SCHEMA_VERSION}）——请升级 kam 后再同步。"
                )
            } else {
                format!(
                    "the folder's base.kambase was written by a newer kam (schema {n}, this one {SCHEMA_VERSION}) — upgrade kam, then sync again"
                )
            }
        }
        SyncError::BaseSchema(n) => {
            if zh {
                format!(
                    "文件夹中的 base.kambase 由较旧版本的 kam 写入（数据结构 {n}）——请先在那台电脑上升级 kam 并同步。"
                )
            } else {
                format!(
                    "the folder's base.kambase was written by an older kam (schema {n}) — upgrade kam on that laptop and sync there first"
                )
            }
        }
        SyncError::File(f) => crate::strings::file_error(f),
        SyncError::Portfolio(e) => e.said(),
    }
}

/// A conflict's kind in words.
pub fn conflict_kind(c: &Conflict) -> &'static str {
    match (c.kind.as_str(), zh()) {
        ("field", false) => "changed on both laptops",
        ("field", true) => "两台电脑都改过",
        ("deleted", false) => "deleted on the other laptop after an edit here",
        ("deleted", true) => "本机修改后，另一台电脑删除了它",
        ("archived", false) => "archived or brought back on the other laptop after an edit here",
        ("archived", true) => "本机修改后，另一台电脑将其归档或恢复",
        (_, false) => "a change this file refused",
        (_, true) => "本文件拒绝的修改",
    }
}

/// The Today section of conflicts waiting to be decided.
pub fn conflicts_title() -> &'static str {
    if zh() {
        "同步冲突"
    } else {
        "Sync conflicts"
    }
}

/// The banner while conflicts wait to be decided.
pub fn conflicts_banner(n: usize) -> String {
    if zh() {
        format!("{n} 处同步冲突待决定 —— 见“今日”最上方：K 保留当前值，O 改用本机原值")
    } else {
        format!(
            "{n} sync conflict(s) to decide — top of Today: K keeps the value now, O takes this laptop's"
        )
    }
}

/// Under a conflict: the value the record has now.
pub fn value_now() -> &'static str {
    if zh() { "当前值" } else { "now" }
}

/// Under a conflict: the value this laptop had, which lost for now (a
/// conflict is listed on the laptop whose value lost).
pub fn value_other() -> &'static str {
    if zh() { "本机原值" } else { "here before" }
}

/// The key that keeps the value shown, beside it.
pub fn key_keeps() -> &'static str {
    if zh() { "K 保留" } else { "K keeps" }
}

/// The key that takes the other value, beside it.
pub fn key_takes() -> &'static str {
    if zh() { "O 改用" } else { "O takes it" }
}

/// Who made this laptop's value.
pub fn this_laptop() -> &'static str {
    if zh() { "本机" } else { "this laptop" }
}

/// A deleted record's other value: the record itself.
pub fn as_it_was() -> String {
    if zh() {
        "本机上的原记录（O 恢复）".into()
    } else {
        "the record as it was here (O restores it)".into()
    }
}

/// O on a change the file refused.
pub fn cannot_take() -> &'static str {
    if zh() {
        "这项修改被本文件的规则拒绝，无法改用；按 K 标记为已看过。"
    } else {
        "this change was refused by the file's rules and cannot be taken; K marks it seen"
    }
}

/// The status line after a conflict is decided.
pub fn conflict_decided(take_other: bool, about: &str) -> String {
    match (take_other, zh()) {
        (false, true) => format!("已保留当前值：{about}"),
        (false, false) => format!("kept the value now: {about}"),
        (true, true) => format!("已改用本机原值：{about}（下次同步时传到其他电脑）"),
        (true, false) => format!(
            "took this laptop's value back: {about} (the next sync carries it to the other laptops)"
        ),
    }
}
