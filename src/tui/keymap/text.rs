//! What each action does, in words, for the hint bar and the `?`
//! overlay: English and Chinese side by side with the keymap, so that a
//! new action without both descriptions is a compile error.

use super::Action;
use crate::strings::{Lang, lang};

impl Action {
    /// What the action does, in the interface language.
    pub fn desc(self) -> &'static str {
        match lang() {
            Lang::En => en(self),
            Lang::Zh => zh(self),
        }
    }
}

/// A key pressed where it does nothing, though it acts on another kind of
/// row or in another section: say so, and what it would do there.
pub fn not_here(key: &str, elsewhere: Action) -> String {
    match lang() {
        Lang::En => format!("{key} ({}) does not apply here", elsewhere.desc()),
        Lang::Zh => format!("{key}（{}）在这里不适用", elsewhere.desc()),
    }
}

fn en(a: Action) -> &'static str {
    match a {
        Action::Quit => "quit",
        Action::Help => "help",
        Action::NextTab => "next screen",
        Action::PrevTab => "previous screen",
        Action::GoTab => "go to screen",
        Action::Up => "up",
        Action::Down => "down",
        Action::Top => "first",
        Action::Bottom => "last",
        Action::PageUp => "page up",
        Action::PageDown => "page down",
        Action::Open => "open",
        Action::Back => "back",
        Action::NextSection => "next section",
        Action::PrevSection => "previous section",
        Action::EditAccount => "edit the account",
        Action::Search => "search",
        Action::Add => "add",
        Action::Edit => "edit",
        Action::Archive => "archive",
        Action::Unarchive => "unarchive",
        Action::Delete => "delete",
        Action::SortNext => "sort column",
        Action::SortReverse => "reverse sort",
        Action::FilterTier => "filter tier",
        Action::FilterStatus => "filter status",
        Action::FilterThin => "single-threaded key accounts",
        Action::ToggleArchived => "archived / active",
        Action::Schedule => "schedule a visit",
        Action::Survey => "enter a survey",
        Action::AddContact => "add a contact",
        Action::Brief => "the account's pre-visit brief",
        Action::Stop => "quit now (a form in progress is kept as a draft)",
        Action::Suspend => "suspend (fg comes back)",
        Action::LogComplaint => "log a complaint",
        Action::ToggleLow => "low scores only",
        Action::FilterAccount => "this account only",
        Action::MarkDone => "done",
        Action::MarkMissed => "missed",
        Action::CancelVisit => "cancel the visit",
        Action::Reschedule => "reschedule",
        Action::MarkInProgress => "in progress",
        Action::MarkWaiting => "waiting for customer",
        Action::Resolve => "resolve",
        Action::MarkClosed => "close",
        Action::Reopen => "reopen",
        Action::Forward => "forward",
        Action::Filter => "filter",
        Action::ToggleResolved => "show resolved too",
        Action::SearchAccept => "keep filter",
        Action::SearchCancel => "clear search",
        Action::NextField => "next field",
        Action::PrevField => "previous field",
        Action::NextOrSave => "next field (save on the last)",
        Action::Save => "save",
        Action::Cancel => "cancel",
        Action::Yes => "yes",
        Action::No => "no",
        Action::Undo => "undo",
        Action::Redo => "redo",
        Action::History => "history of this one",
        Action::Handover => "hand accounts over",
        Action::KeepShown => "sync conflict: keep the value now",
        Action::TakeOther => "sync conflict: take this laptop's value",
        Action::OpenAccountOf => "open its account",
        Action::NextSuggestion => "next colleague already named",
        Action::PrevSuggestion => "previous colleague already named",
        Action::Promise => crate::strings_brief::key_promise(),
        Action::ToggleKept => crate::strings_brief::key_toggle_kept(),
    }
}

fn zh(a: Action) -> &'static str {
    match a {
        Action::Quit => "退出",
        Action::Help => "帮助",
        Action::NextTab => "下一屏",
        Action::PrevTab => "上一屏",
        Action::GoTab => "转到该屏",
        Action::Up => "上移",
        Action::Down => "下移",
        Action::Top => "第一行",
        Action::Bottom => "最后一行",
        Action::PageUp => "向上翻页",
        Action::PageDown => "向下翻页",
        Action::Open => "打开",
        Action::Back => "返回",
        Action::NextSection => "下一分区",
        Action::PrevSection => "上一分区",
        Action::EditAccount => "编辑客户",
        Action::Search => "搜索",
        Action::Add => "添加",
        Action::Edit => "编辑",
        Action::Archive => "归档",
        Action::Unarchive => "取消归档",
        Action::Delete => "删除",
        Action::SortNext => "排序列",
        Action::SortReverse => "反向排序",
        Action::FilterTier => "按分级筛选",
        Action::FilterStatus => "按状态筛选",
        Action::FilterThin => "单线联系的关键客户",
        Action::ToggleArchived => "已归档 / 未归档",
        Action::Schedule => "安排拜访",
        Action::Survey => "录入调查",
        Action::AddContact => "添加联系人",
        Action::Brief => "客户的拜访前简报",
        Action::Stop => "立即退出（未保存的表单留作草稿）",
        Action::Suspend => "挂起到终端（fg 返回）",
        Action::LogComplaint => "登记投诉",
        Action::ToggleLow => "仅看低分",
        Action::FilterAccount => "仅看此客户",
        Action::MarkDone => "已完成",
        Action::MarkMissed => "已错过",
        Action::CancelVisit => "取消拜访",
        Action::Reschedule => "改期",
        Action::MarkInProgress => "处理中",
        Action::MarkWaiting => "等待客户",
        Action::Resolve => "解决",
        Action::MarkClosed => "关闭",
        Action::Reopen => "重新打开",
        Action::Forward => "转交",
        Action::Filter => "筛选",
        Action::ToggleResolved => "同时显示已解决",
        Action::SearchAccept => "保留筛选",
        Action::SearchCancel => "清除搜索",
        Action::NextField => "下一项",
        Action::PrevField => "上一项",
        Action::NextOrSave => "下一项（最后一项时保存）",
        Action::Save => "保存",
        Action::Cancel => "取消",
        Action::Yes => "是",
        Action::No => "否",
        Action::Undo => "撤销",
        Action::Redo => "重做",
        Action::History => "查看它的历史记录",
        Action::Handover => "客户交接",
        Action::KeepShown => "同步冲突：保留当前值",
        Action::TakeOther => "同步冲突：改用本机原值",
        Action::OpenAccountOf => "打开所属客户",
        Action::NextSuggestion => "下一位已有的同事",
        Action::PrevSuggestion => "上一位已有的同事",
        Action::Promise => crate::strings_brief::key_promise(),
        Action::ToggleKept => crate::strings_brief::key_toggle_kept(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_description_in_both_languages() {
        for a in [
            Action::Quit,
            Action::FilterThin,
            Action::NextOrSave,
            Action::No,
        ] {
            assert!(!en(a).is_empty());
            assert!(!zh(a).is_empty());
            assert!(!zh(a).chars().any(|c| c.is_ascii_alphabetic()), "{}", zh(a));
        }
    }
}
