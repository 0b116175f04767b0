//! The Simplified Chinese (zh-CN) interface: the same typed table as
//! [`crate::strings::EN`], field for field, with the Chinese labels of every
//! enumeration behind [`ZhLabel`]. Terms follow DOMAIN.md and its seeds
//! (基本型 … 伙伴型, 自然流失 … 过失流失, the five-point scale 非常满意 …
//! 非常不满意). Column headers stay about as wide as the English ones: a
//! Chinese character takes two terminal cells.

use crate::domain::breadth::{Add, Advice, Breadth, Verdict};
use crate::domain::complaint::Bucket;
use crate::domain::health::{Band, GroupKind, Reason};
use crate::domain::survey::Dimension;
use crate::domain::survey::Trend;
use crate::domain::*;
use crate::strings::Strings;

/// The Chinese interface.
pub(crate) static ZH: Strings = Strings {
    app_name: "kam",
    tab_accounts: "客户",
    help_title: " 按键 ",
    help_footer: "按任意键关闭帮助",
    too_small: |w, h| format!("终端窗口太小：{w}×{h}。kam 至少需要 80×24，请放大窗口。"),
    yes_no: "y 是 · n 否",
    damaged_banner: |file| {
        format!(
            "⚠ {file} 已损坏——只读：`kam check` 会说明问题所在；恢复备份前请先用 `kam backup 文件` 保留一份副本"
        )
    },
    waiting_for_writer: |file| {
        format!("正在等待另一个 kam 完成写入……（{file}；已输入的内容会保留）")
    },

    col_name: "名称",
    col_tier: "分级",
    col_level: "关系",
    col_status: "状态",
    col_owner: "负责人",
    col_revenue: "销售额",
    col_profit: "利润",
    col_breadth: "广度",
    col_complaints: "未结投诉",
    col_last_visit: "上次拜访",
    col_next_visit: "下次拜访",
    accounts_count: |shown, total| {
        if shown == total {
            format!("{total} 个客户")
        } else {
            format!("{shown}/{total} 个客户")
        }
    },
    archived_view: "已归档",
    sorted_by: "排序",
    filter_tier: "分级",
    filter_status: "状态",
    filter_thin: "单线联系的关键客户",
    search_prompt: "搜索：",
    search_label: "搜索",
    all: "全部",
    empty_title: "还没有客户",
    empty_lines: &[
        "kam 帮你管好关键客户：在客户那边认识谁、有哪些事没办完、下次什么时候去拜访。",
        "",
        "按  2  打开客户列表，再按  a  添加第一个客户。",
        "也可以导入电子表格：先退出（q），再运行  kam import accounts FILE.csv",
        "想先看看效果：退出（q）后运行  kam --demo  打开一组示例客户。",
        "按  ?  查看全部按键。",
    ],
    no_match: "没有匹配的客户。",
    no_match_hint: "Esc 清除搜索 · t 和 f 切换筛选 · A 查看已归档客户",
    no_archived: "没有已归档的客户。按 A 返回未归档客户。",
    never: "从未",
    none: "—",
    days_ago: |d| match d {
        0 => "今天".into(),
        1 => "昨天".into(),
        -1 => "明天".into(),
        d if d < 0 => format!("{}天后", -d),
        d => format!("{d}天前"),
    },
    in_days: |d| match d {
        0 => "今天".into(),
        1 => "明天".into(),
        -1 => "昨天".into(),
        d if d < 0 => format!("{}天前", -d),
        d => format!("{d}天后"),
    },
    days_ago_short: |d| match d {
        0 => "今天".into(),
        d if d < 0 => format!("{}天后", -d),
        d => format!("{d}天前"),
    },
    age_short: |d| format!("{d}天"),
    in_days_short: |d| match d {
        0 => "今天".into(),
        1 => "明天".into(),
        d if d < 0 => format!("{}天前", -d),
        d => format!("{d}天后"),
    },
    overdue_short: |d| format!("逾期{d}天"),
    today: "今天",
    age_hours: |h| format!("{h}小时"),
    weekdays: ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
    breadth_cell: |departments, ties| format!("{departments}部{ties}人"),
    currency: "¥",

    sec_overview: "概览",
    sec_profile: "资料",
    sec_figures: "数据",
    sec_notes: "备注",
    f_name: "名称",
    f_tier: "分级",
    f_level: "关系层次",
    f_status: "状态",
    f_lost_reason: "流失类型",
    f_defection: "流失原因",
    f_industry: "行业",
    f_region: "地区",
    f_owner: "负责人",
    f_backup_owner: "后备负责人",
    f_revenue: "年销售额",
    f_profit: "年利润",
    f_margin: "利润率",
    f_cadence: "拜访周期",
    f_notes: "备注",
    f_uid: "唯一编号",
    f_created: "创建时间",
    f_updated: "更新时间",
    f_archived: "归档时间",
    fig_contacts_label: "联系人",
    fig_complaints_label: "投诉",
    fig_contacts: |n, gone| {
        if gone == 0 {
            format!("{n} 位在职")
        } else {
            format!("{n} 位在职，{gone} 位已离职")
        }
    },
    fig_complaints: |open, total| format!("{open} 条未结（共 {total} 条）"),
    fig_oldest_open: "最早的未结投诉",
    fig_last_visit: "上次完成的拜访",
    fig_next_visit: "下次计划的拜访",
    fig_cadence: "拜访周期",
    fig_visits_done: "已完成拜访",
    fig_surveys: "满意度调查",
    fig_latest_overall: "最近总体评分",
    cadence_days: |d| format!("{d} 天"),
    cadence_due_in: |d| match d {
        0 => "今天该拜访".into(),
        1 => "明天该拜访".into(),
        d => format!("{d} 天后该拜访"),
    },
    cadence_overdue: |d| format!("拜访已逾期 {d} 天"),
    cadence_never: "从未拜访",
    archived_banner: "已归档 — 按 u 恢复",
    no_notes: "暂无备注。",
    account_missing: "该客户已不存在。",

    sec_contacts: "联系人与广度",
    sections_hint: "←/→ 切换分区",
    fig_breadth: "联系人广度",
    breadth_summary: |b| {
        format!(
            "{}（{} 个部门，{} 位联系人）",
            b.verdict.zh(),
            b.counts.departments,
            b.counts.ties
        )
    },
    breadth_message: zh_breadth_message,
    breadth_figures: |b| {
        let c = &b.counts;
        format!(
            "部门 {}/9 · 层级 {}/3 · 高层关系 {} · 强关系 {} · 我方 {} 人维护 · 久未联系 {}",
            c.departments,
            c.levels,
            if c.executive_tie { "有" } else { "无" },
            c.strong_ties,
            c.holders,
            b.dormant
        )
    },
    grid_legend: "格内 = 人数·最强关系（1 弱 … 5 强）；· = 无人",
    department_short: [
        "高层", "采购", "技术", "运营", "财务", "质量", "物流", "使用", "其他",
    ],
    no_contacts: "还没有联系人，按 a 添加。",
    col_title: "职务",
    col_department: "部门",
    col_seniority: "层级",
    col_role: "采购角色",
    col_tie: "强度",
    col_held_by: "对接人",
    col_last_touch: "最近接触",
    col_phone: "电话",
    col_email: "邮箱",
    left_mark: "（已离职）",
    confirm_delete_contact: |name| {
        format!(
            "删除 {name}？其拜访、投诉和调查记录会保留，但不再显示姓名。如需保留历史，请改为编辑并标记“已离职”。"
        )
    },
    form_add_contact: |account| format!("新增联系人 — {account}"),
    form_edit_contact: |name| format!("编辑 {name}"),
    f_title: "职务",
    f_department: "部门",
    f_seniority: "层级",
    f_buying_role: "采购角色",
    f_tie_strength: "关系强度",
    f_our_side: "我方对接人",
    f_phone: "电话",
    f_email: "邮箱",
    f_birthday: "生日",
    f_left_company: "已离职",
    tie_strengths: [
        "1 几乎不认识",
        "2 认识",
        "3 有工作往来",
        "4 信任我们",
        "5 为我们说话",
    ],
    hint_our_side: "我方由谁维护这条关系",
    hint_birthday: "如 1985-03-14",
    email_flag: "邮箱格式似乎有误，已按输入内容保存",
    added_contact: |name| format!("已添加 {name}。"),
    saved_contact: |name| format!("已保存 {name}。"),
    deleted_contact: |name| format!("已删除 {name}。"),
    contact_missing: "该联系人已不存在。",

    tab_complaints: "投诉",
    sec_complaints: "投诉",
    chart_title: "未结投诉（按时长）",
    open_label: "未结",
    breaches_label: "已超时限",
    oldest_label: "最久未结",
    complaints_count: |shown, total, resolved| {
        let what = if resolved {
            "条投诉（含已解决）"
        } else {
            "条未结投诉"
        };
        if shown == total {
            format!("{total} {what}")
        } else {
            format!("{shown}/{total} {what}")
        }
    },
    no_open_complaints: "没有未结投诉。按 x 显示已解决的，按 a 登记新投诉。",
    no_complaint_matches: "没有符合筛选条件的投诉，按 Esc 清除筛选。",
    no_account_complaints: "该客户暂无投诉记录，按 a 登记。",
    account_complaints_summary: |open, total, avg, late| {
        let avg = match avg {
            Some(h) if h < 48.0 => format!("平均 {h:.0} 小时解决"),
            Some(h) => format!("平均 {:.1} 天解决", h / 24.0),
            None => "尚无已解决的投诉".to_string(),
        };
        format!("{open} 条未结 · 共 {total} 条 · {avg} · 列出的投诉中 {late} 条超时解决")
    },
    col_age: "历时",
    col_opened: "日期",
    col_bucket: "区间",
    col_account: "客户",
    col_severity: "严重度",
    col_category: "类别",
    col_summary: "摘要",
    col_forwarded: "转交",
    col_target: "时限",
    target_left: |d| format!("还剩 {d}"),
    target_over: |d| format!("⚠ 已超 {d}"),
    target_late: |d| format!("超时 {d}"),
    target_in_time: "按时",
    f_contact: "联系人",
    f_category: "类别",
    f_severity: "严重程度",
    f_summary: "摘要",
    f_details: "详情",
    f_forwarded_to: "转交给",
    f_opened_at: "投诉时间",
    f_resolution: "处理结果",
    f_bucket: "时长",
    f_account: "客户",
    f_include_resolved: "包含已解决",
    hint_opened_at: "客户提出投诉的时间：默认为现在，也可填如 昨天 14:30",
    form_log_complaint: |name| format!("登记投诉 — {name}"),
    form_resolve: |summary| format!("解决：{summary}"),
    form_forward: |summary| format!("转交：{summary}"),
    form_complaint_filter: "筛选投诉",
    pick_account: "选择客户",
    picker_count: |n| format!("{n} 个匹配"),
    picker_hint: "↑/↓ 选择 · Enter 确定 · Esc 取消",
    logged_complaint: |summary| format!("已登记：{summary}。"),
    complaint_moved: |summary, status| format!("{summary}：状态已改为“{status}”。"),
    complaint_forwarded: |summary, to| format!("{summary}：已转交{to}。"),
    complaint_missing: "该投诉已不存在。",
    complaint_cannot: |from, to| format!("“{from}”的投诉不能改为“{to}”，请先重新打开（o）。"),

    tab_visits: "拜访",
    sec_visits: "拜访",
    agenda_overdue: "已逾期",
    agenda_today: "今天",
    agenda_this_week: "本周",
    agenda_later: "以后",
    agenda_due: "按周期该拜访、尚未安排",
    agenda_nothing: "暂无",
    agenda_more: |n, page| {
        format!(
            "…… 还有 {n} 条——按 Enter 再显示 {} 条",
            (n as u64).min(u64::from(page))
        )
    },
    cadence_overdue_short: |d| format!("逾期{d}天"),
    cadence_every: |d| format!("每 {d} 天"),
    last_visit_on: |d| format!("上次拜访 {d}"),
    col_when: "时间",
    col_kind: "方式",
    col_contacts: "联系人",
    col_purpose: "目的",
    col_outcome: "结果 → 下一步",
    no_account_visits: "还没有拜访记录，按 v 安排。",
    f_contacts: "联系人",
    hint_contacts: "←/→ 移动，Space 选择，数字键选第 n 位",
    f_date: "日期",
    hint_visit_date: "2026-12-01、12-01、明天、3天后、2周后、周五 …",
    f_time: "时间",
    hint_time: "9:30、14:00、930、下午2点",
    f_kind: "方式",
    f_purpose: "目的",
    f_outcome: "结果",
    f_next_step: "下一步",
    f_new_date: "新日期",
    hint_reschedule: "+1天、+1周、下周一 或任意日期",
    form_schedule_visit: |name| format!("安排拜访 — {name}"),
    form_visit_done: |name| format!("拜访完成 — {name}"),
    form_reschedule: |name| format!("改期 — {name}"),
    form_next_visit: |days| format!("{days} 天后再次拜访？Ctrl-S 确认 · Esc 跳过"),
    form_missed_again: "已错过，重新安排？Ctrl-S 安排 · Esc 跳过",
    confirm_past_visit: |when| {
        format!("{when} 已经过去。要补记一次过去的拜访吗？接下来需要填写拜访结果。")
    },
    confirm_cancel_visit: |name, when| format!("取消 {when} 对 {name} 的拜访？"),
    visit_not_planned: "只有计划中的拜访才能关闭或改期。",
    visit_missing: "该拜访已不存在。",
    scheduled_visit: |name, when| format!("已安排 {when} 拜访 {name}。"),
    visit_done: |name| format!("对 {name} 的拜访已完成。"),
    visit_missed: |name| format!("对 {name} 的拜访已标记为错过。"),
    visit_cancelled: |name| format!("对 {name} 的拜访已取消。"),
    visit_rescheduled: |when| format!("已改到 {when}。"),

    score_labels: ["非常不满意", "不满意", "一般", "满意", "非常满意"],
    not_asked: "未评",
    f_respondent: "受访人",
    f_channel: "方式",
    f_comment: "意见",
    hint_scale: "5 非常满意 · 4 满意 · 3 一般\n2 不满意 · 1 非常不满意\n0 或 Backspace：未评 · ←/→ 调整",
    form_survey: |name| format!("满意度调查 — {name}"),
    form_edit_survey: |name| format!("编辑调查 — {name}"),
    tab_surveys: "满意度调查",
    sec_surveys: "满意度调查",
    col_date: "日期",
    col_respondent: "受访人",
    col_channel: "方式",
    score_columns: ["产品", "服务", "交货", "性价比", "沟通", "总体"],
    col_comment: "意见",
    col_satisfaction: "满意",
    col_dimension: "维度",
    col_latest: "最近",
    col_csat: "近一年满意率",
    trend_arrow: ["↑", "→", "↓"],
    surveys_count: |n, more| match (n, more) {
        (1, _) => "1 次调查".into(),
        (n, false) => format!("{n} 次调查"),
        (n, true) => format!("最近 {n} 次调查，向下滚动加载更早的"),
    },
    surveys_summary: |n, latest, arrow| {
        let arrow = if arrow.is_empty() {
            String::new()
        } else {
            format!(" · 趋势 {arrow}")
        };
        format!("{n} 次调查，最近一次 {latest}{arrow}")
    },
    overall_over_time: "总体满意度走势",
    low_only: "仅看低分（2 分及以下）",
    no_surveys: "还没有调查，按 S 录入（在客户页面也可以）。",
    no_survey_matches: "没有匹配的调查，按 Esc 显示全部。",
    no_account_surveys: "还没有调查，按 S 录入：输入六个数字，再按 Ctrl-S。",
    saved_survey: |name| format!("{name} 的调查已保存。"),
    survey_missing: "该调查已不存在。",
    conflict_missing: "该冲突已在别处（另一个 kam 中）决定。",
    offer_low_score: |dim, score| format!("{dim}只得了 {score} 分。现在跟进吗？"),
    offer_complaint: "登记投诉",
    offer_visit: "安排回访",
    offer_skip: "跳过",
    low_score_summary: |dim, score| format!("满意度低：{dim} {score}/5"),
    low_score_purpose: |dim, score| format!("跟进满意度调查：{dim} {score}/5"),

    tab_today: "今日",
    today_visits: "今日及逾期拜访",
    today_complaints: "已超或临近时限的投诉",
    today_at_risk: "有风险的客户",
    today_single_threaded: "只靠一个人维系的关键客户",
    today_low_scores: "30 天内尚未跟进的低分调查",
    today_birthdays: "未来 7 天的生日",
    calm_visits: "今天没有要做的拜访。",
    calm_complaints: "所有未结投诉都在时限内。",
    calm_at_risk: "没有有风险的客户。",
    calm_single_threaded: "每个关键客户都不止一条联系线。",
    calm_due: "所有客户都在拜访周期内。",
    calm_low_scores: "没有待跟进的低分。",
    calm_birthdays: "未来 7 天没有生日。",
    more_rows: |n, screen| format!("… 另有 {n} 条，见“{screen}”"),
    health_short: |score| format!("健康度 {score}"),
    breadth_short: |d, t| format!("{d}部门 {t}人 ⚠"),
    thin_hint: "在其他部门再建立一条关系（Enter 打开客户）",
    health_reason: zh_health_reason,
    col_health: "健康度",
    sec_health: "健康度",
    health_line: |score, band| format!("{score}/100 — {band}"),
    suggest_at_risk: |score| format!("健康度 {score}，要标记为有风险吗？（按 e 修改状态）"),

    form_add_account: "新建客户",
    form_edit_account: |name| format!("编辑 {name}"),
    form_hint_cadence: |defaults| {
        let each: Vec<String> = defaults
            .iter()
            .map(|(tier, d)| format!("{} {d}", crate::strings::Label::label(*tier)))
            .collect();
        format!("留空按分级：{} 天", each.join("、"))
    },
    form_hint_money: "如 1,250,000 或 125万",
    form_discard: "放弃修改？y 放弃 · n 继续编辑",
    form_fix: |n| format!("有 {n} 项需要修改"),
    choice_none: "—",
    required_mark: "*",

    confirm_title: " 确认 ",
    confirm_archive: |name| {
        format!("归档 {name}？它会从列表中移除，但保留全部历史；在归档视图（A）中按 u 可以恢复。")
    },
    saved_account: |name| format!("已保存 {name}。"),
    added_account: |name| format!("已添加 {name}。"),
    archived_account: |name| format!("已归档 {name}。按 A 查看已归档客户。"),
    unarchived_account: |name| format!("{name} 已回到未归档列表。"),
    already_archived: "已经归档。",
    not_archived: "未归档。",
    nothing_selected: "未选中任何内容。",
    read_only_banner: "⚠ 只读：此处不能写入这个数据库——可以查看，但无法保存任何修改",
    demo_banner: "演示客户组合：数据是虚构的，退出时丢弃——你自己的数据请直接运行 kam",
    draft_offer: |title| format!("上次编辑“{title}”时 kam 被中断。要恢复未保存的内容吗？"),
    draft_restore: "恢复",
    draft_discard: "丢弃",
    draft_discarded: "未保存的内容已丢弃。",
    draft_restored: "未保存的内容已恢复——请检查后按 Ctrl-S 保存。",

    change_said: zh_change_said,
    undone: |what| format!("已撤销：{what}。按 Z 可重做。"),
    redone: |what| format!("已重做：{what}。"),
    nothing_to_undo: "没有可撤销的操作：本次启动 kam 以来还没有任何修改（kam undo --list 可查看修改记录）。",
    nothing_to_redo: "没有可重做的操作。",
    moved_on: |what| format!("未撤销：{what}之后又被修改过——请先撤销后来的修改，或手动编辑。"),
    sec_history: "历史记录",
    f_scheduled_at: "拜访时间",
    f_completed_at: "结束时间",
    f_resolved_at: "解决时间",
    no_history: "还没有任何修改记录。",
    history_of: |what| format!("{what}的历史记录——按 h 查看整个客户"),
    undone_mark: "（已撤销）",
    unreadable_change: "未知的修改（由更新版本的 kam 写入）",
    rec_account: "客户",
    rec_contact: "联系人",
    rec_complaint: "投诉",
    rec_visit: "拜访",
    rec_survey: "满意度调查",
    rec_visit_contact: "拜访联系人",
    rec_setting: "设置",
    op_added: "新增",
    op_deleted: "删除",
    clash_question: |field, mine, theirs| {
        format!(
            "你编辑期间，“{field}”在别处被修改了（另一个 kam 或一次导入）。你的：“{mine}”。现在保存的：“{theirs}”。保留哪一个？按 Esc 回到表单。"
        )
    },
    clash_mine: "保留你的",
    clash_theirs: "保留已保存的",
    yes: "是",
    no: "否",
    draft_more: |n| format!("（之后还有 {n} 份）"),
    draft_lost: |why| format!("kam：未保存的内容没能保留下来：{why}"),

    form_handover: "客户交接",
    f_from: "交出人",
    f_to: "接手人",
    f_scope: "交接范围",
    hint_handover_from: "交出客户的同事：其名下的客户、担任后备的客户和维护的关系都转给接手人",
    hint_handover_to: "接手这些客户的同事",
    scope_selected: |name| format!("这个客户：{name}"),
    scope_shown: |n| format!("列表当前显示的 {n} 个客户"),
    scope_all: "交出人名下的全部客户",
    hint_colleagues: "Ctrl-N/Ctrl-P：选用已有的同事，也可直接输入",
    suggestions_more: |n| format!("另有 {n} 位"),
    handover_no_from: "请填写交出客户的同事",
    handover_no_to: "请填写接手客户的同事",
    handover_same: |name| format!("{name}不能交接给自己——请填写接手的同事"),
    owns_nothing: |name, owners| {
        if owners.is_empty() {
            return format!("{}名下没有客户——还没有哪个客户填写了负责人", spaced(name));
        }
        format!(
            "{}名下没有客户——kam 知道的负责人：{}",
            spaced(name),
            crate::strings::some_names(owners, "、", |n| format!("等（另有 {n} 位）"))
        )
    },
    handed_over: |moved, from, to, thin| {
        if moved.is_nothing() {
            return format!(
                "没有可交接的内容：{from}在这些客户里既不是负责人或后备负责人，也没有维护任何关系。"
            );
        }
        let thin = match thin {
            0 => "其中没有只靠一个人维系的关键客户".to_string(),
            n => format!("{n} 个关键客户只靠一人维系，见“今日”"),
        };
        format!("{from} → {to}：已交接 {} · {thin}", zh_moved(moved))
    },
};

/// "3 个客户、1 个后备负责人角色和 7 条关系": what a handover moved.
fn zh_moved(m: &crate::domain::handover::Moved) -> String {
    let mut parts = vec![format!("{} 个客户", m.accounts)];
    if m.backups > 0 {
        parts.push(format!("{} 个后备负责人角色", m.backups));
    }
    format!("{}和 {} 条关系", parts.join("、"), m.ties)
}

/// The breadth warning, in words, naming what to add: [`crate::strings`]'s
/// English one, in Chinese.
pub(crate) fn zh_breadth_message(b: &Breadth) -> String {
    let add = |a: &Add| {
        let mut parts: Vec<&str> = a.departments.iter().map(|d| d.zh()).collect();
        if a.management {
            parts.push("高层");
        }
        join_or(&parts)
    };
    match b.advice() {
        Advice::Nobody { add: a } => {
            format!("这个客户还没有认识的人，请在{}添加联系人。", add(&a))
        }
        Advice::Sole {
            name,
            department,
            add: a,
        } => format!(
            "只有 {name}（{}）维系着这个客户，请在{}再建立一条关系。",
            department.zh(),
            add(&a)
        ),
        Advice::OneHolder { holder } => {
            format!("所有关系都由 {holder} 一人维护，其他同事也应在这里建立自己的关系。")
        }
        Advice::Weak { add: a } => format!(
            "没有一条关系足够可靠，请加强现有关系，或在{}新建一条。",
            add(&a)
        ),
        Advice::Narrow {
            departments,
            levels,
            no_executive,
            holders,
            add: a,
        } => {
            let mut gaps = Vec::new();
            if let Some((have, need)) = departments {
                gaps.push(format!("只覆盖 {have} 个部门（需要 {need} 个）"));
            }
            if let Some((have, need, missing)) = levels {
                let names: Vec<&str> = missing.iter().map(|l| l.zh()).collect();
                gaps.push(match names.is_empty() {
                    true => format!("只有 {have} 个层级（需要 {need} 个）"),
                    false => format!(
                        "只有 {have} 个层级（需要 {need} 个，缺少{}）",
                        join_or(&names)
                    ),
                });
            }
            if no_executive {
                gaps.push("没有高层关系".to_string());
            }
            if let Some((have, need)) = holders {
                gaps.push(format!("我方仅 {have} 人维护（需要 {need} 人）"));
            }
            let gaps = gaps.join("，");
            match a {
                None => format!("偏窄：{gaps}。"),
                Some(a) => format!("偏窄：{gaps}，请在{}建立关系。", add(&a)),
            }
        }
        Advice::Broad {
            departments,
            levels,
            holders,
        } => format!("广泛：{departments} 个部门，{levels} 个层级，我方 {holders} 人维护。"),
    }
}

/// One sentence for the points of a health group: [`crate::strings`]'s
/// English one, in Chinese.
pub(crate) fn zh_health_reason(r: &Reason) -> String {
    match *r {
        Reason::NoSurvey => "尚无调查，按中性计".into(),
        Reason::Satisfaction { overall, trend } => {
            let label = ZH.score_labels[usize::from(overall.clamp(1, 5)) - 1];
            let moving = match trend {
                Some(Trend::Up) => "，在上升",
                Some(Trend::Down) => "，在下降",
                Some(Trend::Flat) => "，保持平稳",
                None => "",
            };
            format!("最近总体评分 {overall}/5（{label}）{moving}")
        }
        Reason::NoComplaints => "没有未结投诉".into(),
        Reason::Complaints {
            open,
            oldest_days,
            breaches,
            worst_past_days,
        } => {
            let n = format!("{open} 条投诉未结");
            if breaches == 0 {
                format!("{n}，最久 {oldest_days} 天，均在时限内")
            } else {
                format!(
                    "{n}，最久 {oldest_days} 天，{breaches} 条已超时限，最多超出 {worst_past_days} 天"
                )
            }
        }
        Reason::NoContacts => "尚无联系人记录，按中性计".into(),
        Reason::Breadth { verdict, executive } => format!(
            "联系人广度{}，{}",
            verdict.zh(),
            if executive {
                "有高层关系"
            } else {
                "没有高层关系"
            }
        ),
        Reason::NeverVisited { planned } => {
            if planned {
                "从未拜访，已有拜访计划".into()
            } else {
                "从未拜访，也没有计划".into()
            }
        }
        Reason::Engagement {
            days_since,
            cadence,
            overdue_planned,
            planned,
        } => {
            let mut s = format!("上次拜访在 {days_since} 天前（每 {cadence} 天一次）");
            if overdue_planned > 0 {
                s.push_str(&format!("，{overdue_planned} 次计划拜访已逾期"));
            } else if !planned {
                s.push_str("，没有后续计划");
            }
            s
        }
        Reason::Level(level) => format!("关系层次 {}", level.zh()),
    }
}

/// "甲", "甲或乙", "甲、乙或丙"
fn join_or(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{}或{last}", init.join("、")),
    }
}

/// The Chinese label of an enumeration value.
pub(crate) trait ZhLabel {
    fn zh(self) -> &'static str;
}

macro_rules! zh_labels {
    ($ty:ty { $($variant:path => $text:literal),+ $(,)? }) => {
        impl ZhLabel for $ty {
            fn zh(self) -> &'static str {
                match self { $($variant => $text),+ }
            }
        }
    };
}

zh_labels!(Tier { Tier::Key => "关键客户", Tier::Important => "重点客户", Tier::General => "一般客户" });
zh_labels!(RelationshipLevel {
    RelationshipLevel::Basic => "1 基本型",
    RelationshipLevel::Passive => "2 被动型",
    RelationshipLevel::Responsible => "3 负责型",
    RelationshipLevel::Proactive => "4 能动型",
    RelationshipLevel::Partner => "5 伙伴型",
});
zh_labels!(AccountStatus {
    AccountStatus::Active => "合作中",
    AccountStatus::AtRisk => "有风险",
    AccountStatus::Lost => "已流失",
    AccountStatus::Prospect => "潜在客户",
});
zh_labels!(LostReason {
    LostReason::Natural => "自然流失（客户萎缩或退出市场）",
    LostReason::Malicious => "恶意流失（为逃避欠款而离开）",
    LostReason::Competitive => "竞争流失（被竞争对手抢走）",
    LostReason::Negligence => "过失流失（我方疏于维护）",
});
zh_labels!(Department {
    Department::Executive => "高层",
    Department::Purchasing => "采购",
    Department::Technical => "技术",
    Department::Operations => "运营",
    Department::Finance => "财务",
    Department::Quality => "质量",
    Department::Logistics => "物流",
    Department::User => "使用部门",
    Department::Other => "其他",
});
zh_labels!(Seniority {
    Seniority::Executive => "高层",
    Seniority::Manager => "中层",
    Seniority::Staff => "基层",
});
zh_labels!(BuyingRole {
    BuyingRole::DecisionMaker => "决策者",
    BuyingRole::Influencer => "影响者",
    BuyingRole::User => "使用者",
    BuyingRole::Gatekeeper => "把关者",
    BuyingRole::Champion => "内部支持者",
});
zh_labels!(Verdict {
    Verdict::SingleThreaded => "单线联系",
    Verdict::Narrow => "偏窄",
    Verdict::Broad => "广泛",
});
zh_labels!(ComplaintCategory {
    ComplaintCategory::Quality => "质量",
    ComplaintCategory::Service => "服务",
    ComplaintCategory::Delivery => "交货",
    ComplaintCategory::Price => "价格",
    ComplaintCategory::Other => "其他",
});
zh_labels!(Severity {
    Severity::Low => "低",
    Severity::Medium => "中",
    Severity::High => "高",
    Severity::Critical => "紧急",
});
zh_labels!(ComplaintStatus {
    ComplaintStatus::Open => "待处理",
    ComplaintStatus::InProgress => "处理中",
    ComplaintStatus::WaitingCustomer => "等待客户",
    ComplaintStatus::Resolved => "已解决",
    ComplaintStatus::Closed => "已关闭",
});
zh_labels!(ForwardedTo {
    ForwardedTo::Production => "生产部",
    ForwardedTo::Technical => "技术部",
    ForwardedTo::Logistics => "物流部",
    ForwardedTo::Finance => "财务部",
    ForwardedTo::Quality => "质量部",
    ForwardedTo::Service => "客服部",
    ForwardedTo::Other => "其他部门",
});
zh_labels!(Bucket {
    Bucket::UpTo2 => "0–2天",
    Bucket::UpTo7 => "3–7天",
    Bucket::UpTo14 => "8–14天",
    Bucket::UpTo30 => "15–30天",
    Bucket::Over30 => ">30天",
});
zh_labels!(VisitKind {
    VisitKind::Visit => "上门拜访",
    VisitKind::Call => "电话",
    VisitKind::Wechat => "微信",
    VisitKind::Video => "视频会议",
    VisitKind::ExecutiveMeeting => "高层会晤",
    VisitKind::ServiceReturn => "服务回访",
});
zh_labels!(VisitStatus {
    VisitStatus::Planned => "计划中",
    VisitStatus::Done => "已完成",
    VisitStatus::Missed => "已错过",
    VisitStatus::Cancelled => "已取消",
});
zh_labels!(SurveyChannel {
    SurveyChannel::Visit => "拜访",
    SurveyChannel::Phone => "电话",
    SurveyChannel::Wechat => "微信",
    SurveyChannel::Email => "邮件",
    SurveyChannel::Other => "其他",
});
zh_labels!(Dimension {
    Dimension::ProductQuality => "产品质量",
    Dimension::ServiceQuality => "服务质量",
    Dimension::Delivery => "交货",
    Dimension::Value => "性价比",
    Dimension::Communication => "沟通",
    Dimension::Overall => "总体",
});
zh_labels!(Band {
    Band::Healthy => "健康",
    Band::Watch => "关注",
    Band::AtRisk => "风险",
});
zh_labels!(GroupKind {
    GroupKind::Satisfaction => "满意度",
    GroupKind::Complaints => "投诉",
    GroupKind::Breadth => "联系人广度",
    GroupKind::Engagement => "拜访频率",
    GroupKind::Relationship => "关系层次",
});
zh_labels!(Defection {
    Defection::Price => "价格",
    Defection::Product => "产品",
    Defection::Service => "服务",
    Defection::Promotion => "促销",
    Defection::Market => "市场",
    Defection::Technology => "技术",
});

fn zh_change_said(kind: Option<ChangeKind>, s: &str) -> String {
    use ChangeKind as K;
    let Some(kind) = kind else {
        return format!("未知的修改：{s}");
    };
    match kind {
        K::AccountAdd => format!("新增客户 {s}"),
        K::AccountEdit => format!("修改客户 {s}"),
        K::AccountArchive => format!("归档客户 {s}"),
        K::AccountUnarchive => format!("恢复客户 {s}"),
        K::ConflictTaken => format!("决定同步冲突：{s}"),
        K::ContactAdd => format!("新增联系人 {s}"),
        K::ContactEdit => format!("修改联系人 {s}"),
        K::ContactDelete => format!("删除联系人 {s}"),
        K::ComplaintAdd => format!("登记投诉：{s}"),
        K::ComplaintInProgress => format!("投诉处理中：{s}"),
        K::ComplaintWaiting => format!("投诉等待客户：{s}"),
        K::ComplaintResolved => format!("投诉已解决：{s}"),
        K::ComplaintClosed => format!("投诉已关闭：{s}"),
        K::ComplaintReopened => format!("投诉重新打开：{s}"),
        K::ComplaintForward => format!("投诉已转交：{s}"),
        K::VisitAdd => format!("安排拜访 {s}"),
        K::VisitDone => format!("拜访 {s} 已完成"),
        K::VisitMissed => format!("拜访 {s} 标记为错过"),
        K::VisitCancelled => format!("取消拜访 {s}"),
        K::VisitReschedule => format!("拜访 {s} 改期"),
        K::SurveyAdd => format!("录入 {s} 的满意度调查"),
        K::SurveyEdit => format!("修改 {s} 的满意度调查"),
        K::PromiseAdd | K::PromiseEdit | K::PromiseKept | K::PromiseReopened | K::PromiseDelete => {
            crate::strings_brief::change(kind, s)
        }
        K::VisitEdit
        | K::VisitDelete
        | K::VisitReplan
        | K::ComplaintEdit
        | K::ComplaintDelete
        | K::SurveyDelete => crate::strings_records::change_said(kind, s),
        // the subject is stored as `accounts · 2`: the kind in Chinese
        K::SettingChange => format!("修改了设置 {s}"),
        K::Import => match s.split_once(" · ") {
            Some((kind, rows)) => {
                let kind = match kind {
                    "accounts" => "客户",
                    "contacts" => "联系人",
                    "complaints" => "投诉",
                    "visits" => "拜访",
                    "surveys" => "满意度调查",
                    "commitments" => "承诺",
                    other => other,
                };
                format!("导入{kind}（{rows} 行）")
            }
            None => format!("导入 {s} 行"),
        },
        K::Undo => format!("撤销：{s}"),
        K::Redo => format!("重做：{s}"),
        K::Handover => format!("客户交接：{s}"),
    }
}

/// What is wrong with a value, in Chinese (the English is in
/// `strings::en_problem`). Values and column names are quoted as given.
pub(crate) fn zh_problem(p: &Problem) -> String {
    match p {
        Problem::Required => "必填".into(),
        Problem::TooLong { len, max } => format!("太长（{len} 字，最多 {max} 字）"),
        Problem::AtMost { max } => format!("最多 {max} 字"),
        Problem::ControlCharacters => "含有控制字符".into(),
        Problem::OutOfRange { min, max } => format!("须为 {min} 到 {max}"),
        Problem::DaysOutOfRange { min, max } => format!("须为 {min} 到 {max} 天"),
        Problem::InFuture => "不能晚于现在".into(),
        Problem::Negative => "不能为负数".into(),
        Problem::NotPastAfter1900 => "须为 1900 年之后、今天之前的日期".into(),
        Problem::LostWithoutReason => "请说明客户流失的原因：团队由此吸取教训".into(),
        Problem::ClosedVisitPlanned => "已结束的拜访不能再是计划状态".into(),
        Problem::BeforeAccount { since } => crate::strings_records::before_account(*since),
        Problem::Date(e) => zh_date_error(e),
        Problem::Money(e) => zh_money_error(e),
        Problem::EnterWholeNumber { min, max } => format!("请输入 {min} 到 {max} 之间的整数"),
        Problem::NotWhole { value, min, max } => {
            format!("“{value}”不是 {min} 到 {max} 之间的整数")
        }
        Problem::NotOneOf { value, allowed } => {
            format!("“{value}”不是以下之一：{}", allowed.join("、"))
        }
        Problem::NotYesNo { value } => format!("“{value}”不是 yes 或 no"),
        Problem::NotALevel { value } => format!("“{value}”不是有效的关系级别（请填 1 到 5）"),
        Problem::NotAStamp { value } => {
            format!("“{value}”不是 kam 写入的时间（应为世界时，如 2026-11-28 10:00:00）")
        }
        Problem::InvalidUid => "不是有效的唯一编号（最多 64 个普通字符）".into(),
        Problem::BeforeOpened => "早于投诉登记时间".into(),
        Problem::UnresolvedWithResolvedTime => "未解决的投诉不应有解决时间".into(),
        Problem::ColumnMissing => "缺少这一必需的列".into(),
        Problem::AccountColumnMissing => "需要 account（客户名称）或 account_uid 列".into(),
        Problem::UnknownColumn { known } => {
            format!("无法识别的列（kam 能读的列：{}）", known.join("、"))
        }
        Problem::SecondColumn { name } => format!("第二个“{name}”列"),
        Problem::CellCount { cells, columns } => {
            format!("有 {cells} 个单元格，但表头有 {columns} 列")
        }
        Problem::NoAccountUid { uid } => format!("没有唯一编号为 {uid} 的客户"),
        Problem::NoAccountNamed { name } => format!("没有名为“{name}”的客户——请先导入客户"),
        Problem::NameTheAccount => "请填写客户（account 或 account_uid）".into(),
        Problem::NoContactUid { uid } => format!("没有唯一编号为 {uid} 的联系人"),
        Problem::NoContactOfAccountUid { uid } => {
            format!("这个客户没有唯一编号为 {uid} 的联系人")
        }
        Problem::NoContactNamed { name } => format!("这个客户没有名为“{name}”的联系人"),
        Problem::ContactOfAnotherAccount => "这位联系人属于另一个客户".into(),
        Problem::OnlyPlannedCloses => "只有计划中的拜访才能关闭".into(),
        Problem::OnlyPlannedReschedules => "只有计划中的拜访才能改期".into(),
        Problem::ComplaintCannotBecome { from, to } => {
            format!("“{}”的投诉不能改为“{}”", from.zh(), to.zh())
        }
        Problem::SayHowResolved => "请说明是如何解决的".into(),
        Problem::Database(why) => format!("数据库拒绝了这项内容：{}", database_words(why)),
    }
}

/// What SQLite said, without the English lead kam puts before it.
fn database_words(why: &str) -> &str {
    why.strip_prefix(crate::store::REJECTED_BY_DATABASE)
        .unwrap_or(why)
}

/// The command line's text in Chinese. Table names in counts stay the
/// stored English words, as in the exported files.
pub(crate) static ZH_CLI: crate::strings::CliText = crate::strings::CliText {
    see_help: "见 kam --help",
    accounts_range: "--accounts：请在 1 到 100000 之间选择",
    no_account_key: |key| format!("--account：没有编号或唯一编号为“{key}”的客户"),
    exists_use_force: |path| format!("{path}：已存在——请换一个文件，或加 --force 覆盖"),
    cannot_replace: |path, why| format!("{path}：无法覆盖：{why}"),
    // SQLite's own words, which have no Chinese: said as its report
    problem: |line| format!("问题（SQLite 的检查报告原文）：{line}"),
    counts: |counts| {
        counts
            .iter()
            .map(|(t, n)| {
                let name = match t.as_str() {
                    "accounts" => "个客户",
                    "contacts" => "位联系人",
                    "complaints" => "条投诉",
                    "visits" => "次拜访",
                    "visit_contacts" => "条拜访联系人",
                    "surveys" => "份调查",
                    "commitments" => "项承诺",
                    "settings" => "项设置",
                    other => other,
                };
                format!("{n} {name}")
            })
            .collect::<Vec<_>>()
            .join("，")
    },
    healthy: |counts| format!("健康：完整性正常，引用正常 · {counts}"),
    unhealthy: |n| format!("数据库有 {n} 处问题——请从备份恢复（kam backup 可做备份）"),
    unreadable_text: |table, row, column, blob| {
        let what = if blob {
            "是二进制数据，不是文本"
        } else {
            "不是有效的 UTF-8"
        };
        format!("无法读取：{table} 表编号为 {row} 的行，{column} 列：{what}（kam 以 � 显示）")
    },
    unreadable_summary: |n| {
        format!(
            "有 {n} 个存储的值不是可读的文本（kam 以 � 显示）——在 kam 中编辑它们即可按显示的内容保存，或从备份恢复"
        )
    },
    to_before_from: |to, from| format!("--to {to} 早于 --from {from}"),
    cannot_read: |path, why| format!("{path}：无法读取：{why}"),
    dry_run_csv_only: "--dry-run 只用于 CSV 文件；JSON 组合只能导入空数据库",
    imported: |path, counts| format!("{path}：已导入 {counts}"),
    rows_checked: |path, n| format!("kam：{path}：已检查 {n} 行……"),
    import_done: |path, rows, encoding, added, updated, dry| {
        if dry {
            format!(
                "{path}：{rows} 行（{encoding}）——将新增 {added} 条，更新 {updated} 条；试运行，未写入任何内容"
            )
        } else {
            format!("{path}：{rows} 行（{encoding}）——新增 {added} 条，更新 {updated} 条")
        }
    },
    import_failed: |path, n| format!("{path}：{n} 处问题——没有导入任何内容；请修正后重新导入"),
    import_fields: |n, dry| {
        let verb = if dry { "将修改" } else { "修改了" };
        format!("已有的行中{verb} {n} 个值")
    },
    import_kept: |row, what, at| {
        format!(
            "第 {row} 行：{what} 在 {at} 于本地修改过，晚于这个文件——已保留；如要覆盖请加 --overwrite"
        )
    },
    no_database: |path| {
        format!("{path}：这里没有数据库——先运行一次 `kam` 创建，或 `kam demo --out {path}`")
    },
    bad_today: |s| format!("--today “{s}”：不是日期——请用 YYYY-MM-DD，如 2026-11-23"),
    empty_db_path: "--db：路径为空",
    no_home: "找不到你的主目录——请用 --db 路径 指定数据库",
    no_terminal: "kam 需要在终端中运行；脚本中请使用 kam today 或 kam snapshot",
    rows_written: |path, n| format!("{path}：{n} 行"),
    contacts_written: |path, n| format!("{path}：{n} 位联系人"),
    backup_written: |path, counts| format!("备份已写入并通过校验：{path}（完整性正常 · {counts}）"),
    visits_written: |path, n| format!("{path}：{n} 次拜访（已取消和未进行的标为已取消）"),
    undone: |what| format!("已撤销：{what}"),
    nothing_to_undo: "没有可撤销的修改：本机所做的修改都已撤销（kam undo --list 可以查看）",
    no_changes: "没有任何修改记录",
    undone_mark: "（已撤销）",
    stdout_full: "标准输出：磁盘已满——输出不完整；请腾出空间后重试",
    stdout_failed: |why| format!("标准输出：无法写入（{why}）——输出不完整"),
    screen_too_large: |w, h| {
        format!("--width {w} --height {h}：宽和高各不能超过 1000——没有这么大的终端")
    },
    width_too_large: |w| format!("--width {w}：最多 1000 列"),
    input_not_a_file: |path| {
        format!("{path}：不是普通文件（是设备、管道或套接字）——加 --force 才会读取")
    },
    input_too_large: |path| {
        format!("{path}：超过 1 GB——请确认是不是这个文件；确实要读取请加 --force")
    },
    csv_needs_folder: "export csv 把每张表写成文件夹里的一个文件——请指定文件夹（- 即标准输出，只用于 json、vcard 和 ics）",
    handover_moved: |moved, from, to| {
        if moved.is_nothing() {
            format!(
                "没有交接任何内容：{from}在这些客户里既不是负责人或后备负责人，也没有维护任何关系"
            )
        } else {
            format!("已将 {}从{from}转给{to}", zh_moved(moved))
        }
    },
    handover_thin_heading: "现在只靠我方一个人维系的关键客户：",
    handover_thin_line: |account, advice, holder| {
        let holder = holder.unwrap_or("我方没有填写对接人");
        match advice {
            Advice::Sole {
                name, department, ..
            } => format!("{account} · {name}（{}）· {holder}", department.zh()),
            Advice::OneHolder { holder } => format!("{account} · 全部关系 · {holder}"),
            Advice::Nobody { .. } => format!("{account} · 对方还没有认识的人"),
            Advice::Weak { .. } => format!("{account} · 没有一条关系足够牢固"),
            Advice::Narrow { .. } | Advice::Broad { .. } => account.to_string(),
        }
    },
    owner_rows_written: |path, rows, owner, accounts| {
        format!(
            "{path}：{rows} 行——{}名下的 {accounts} 个客户及其全部记录，以及设置",
            spaced(owner)
        )
    },
};

/// A file kam could not write, in Chinese: one line naming the file and
/// what to do.
pub(crate) fn zh_file_error(e: &crate::store::whole_file::FileError) -> String {
    use crate::store::whole_file::FileProblem as P;
    let what = match &e.problem {
        P::Exists => "已存在——请换一个文件，或加 --force 覆盖".to_string(),
        P::Symlink => "是符号链接——kam 只写普通文件；请直接指定文件本身，或用 - 表示标准输出".into(),
        P::Folder => "是文件夹——请指定一个文件".into(),
        P::NotAFolder => "不是文件夹——请为这些文件指定一个文件夹".into(),
        P::Special => "是设备或管道，不是文件——请指定一个文件，或用 - 表示标准输出".into(),
        P::NoFolder => "所在的文件夹不存在——请先创建文件夹，或换一个文件".into(),
        P::IsTheDatabase => "就是数据库本身——请换一个文件".into(),
        P::InUse => "正在使用中，或上次写入没有完成（旁边有含修改的 -journal 或 -wal 文件）——请关闭打开它的程序，或换一个文件".into(),
        P::DiskFull => "磁盘已满——没有写入任何内容（原有的文件未改动）；请腾出空间后重试".into(),
        P::Io(why) => format!(
            "无法写入（{}）——没有写入任何内容（原有的文件未改动）",
            crate::strings_cli::io_reason(why)
        ),
        P::Unverified(why) => {
            format!(
                "备份副本没有通过校验（{}）——没有写入任何内容；请对数据库运行 kam check",
                crate::strings_cli::sqlite_reason(why)
            )
        }
    };
    format!("{}：{what}", e.path.display())
}

/// A store error, in one line. Broken rules name the field and say why in
/// Chinese; rejections quote the database's own words after a Chinese lead.
pub(crate) fn zh_store_error(e: &crate::store::StoreError) -> String {
    use crate::store::StoreError as E;
    match e {
        E::NotADatabase { path } => format!(
            "{}：不是 SQLite 数据库——kam 不会改动它；请用 --db 选择其他文件",
            path.display()
        ),
        E::NotAFile { path, kind } => {
            use crate::store::files::Kind;
            let what = match kind {
                Kind::Folder => "是文件夹，不是数据库文件",
                Kind::Device => "是设备，不是数据库文件",
                Kind::Fifo => "是命名管道（FIFO），不是数据库文件",
                Kind::Socket => "是套接字，不是数据库文件",
                Kind::Other => "不是普通文件",
            };
            format!(
                "{}：{what}——kam 只把数据存放在文件里；请用 --db 指定一个文件",
                path.display()
            )
        }
        E::Foreign {
            path,
            tables,
            user_version,
        } => {
            let found = if tables.is_empty() {
                format!("（没有表，结构版本 {user_version}）")
            } else {
                let mut named: Vec<&str> = tables.iter().take(8).map(String::as_str).collect();
                if tables.len() > 8 {
                    named.push("…");
                }
                format!("：含有表 {}", named.join("、"))
            };
            format!(
                "{}：这是其他程序的 SQLite 数据库{found}——kam 不会改动它；请用 --db 选择其他文件",
                path.display()
            )
        }
        E::Incomplete { path, missing } => format!(
            "{}：这个 kam 数据库缺少表（{}）——kam 不会改动它；请从备份恢复",
            path.display(),
            missing.join("、")
        ),
        E::Interrupted { path, journal } => format!(
            "{}：旁边的 {} 是一次未完成的写入或复制留下的，文件可能不完整——kam 不会改动这两个文件；请改用其他备份",
            path.display(),
            journal.display()
        ),
        E::Empty {
            path,
            zero_bytes,
            journal,
        } => format!(
            "{}：{}——不是 kam 数据库{}；请改用其他备份",
            path.display(),
            if *zero_bytes {
                "空文件（0 字节）"
            } else {
                "没有任何表的 SQLite 数据库"
            },
            if *journal {
                "（旁边有日志文件：一次未完成的复制）"
            } else {
                ""
            }
        ),
        E::EmptyReadOnly { path } => format!(
            "{}：这是一个空文件，而 kam 无权写入——请让它可写（chmod u+w），或用 --db 选择其他文件",
            path.display()
        ),
        E::TooNew { path, found, known } => format!(
            "{}：由更新版本的 kam 创建（结构版本 {found}，本版本最高支持 {known}）——请升级 kam；文件未被改动",
            path.display()
        ),
        E::Io { path, source, .. } => format!(
            "{}：无法访问：{}",
            path.display(),
            crate::strings_cli::io_reason(source)
        ),
        E::Busy => "数据库正忙（另一个 kam 正在写入）——请稍后重试".into(),
        E::Corrupt(why) => {
            format!(
                "数据库文件已损坏（{}）——请从备份恢复；运行 `kam check` 查看详情",
                crate::strings_cli::sqlite_reason(why)
            )
        }
        E::DiskFull => "磁盘已满——没有保存任何内容；请腾出空间后重试".into(),
        E::DiskFullAt { path } => format!(
            "{}：磁盘已满——kam 无法打开数据库，它旁边需要空间存放 -wal 和 -shm 文件；请腾出空间后重新启动 kam",
            path.display()
        ),
        E::ReadOnly => "数据库是只读的——没有保存任何内容".into(),
        E::Damaged => "数据库文件已损坏——没有保存任何内容；`kam check` 会说明问题所在，恢复备份前请先用 `kam backup 文件` 保留一份副本".into(),
        E::Invalid(errors) => {
            let fields: Vec<String> = errors
                .iter()
                .map(|e| {
                    let name = crate::strings::field_label(e.field).unwrap_or(e.field);
                    format!("{name}：{}", zh_problem(&e.problem))
                })
                .collect();
            format!("未保存：{}", fields.join("；"))
        }
        E::Refused(p) => format!("未保存：{}", zh_problem(p)),
        E::Rejected(why) => match why.strip_prefix(crate::store::REJECTED_BY_DATABASE) {
            Some(words) => format!("未保存：数据库拒绝了这项内容：{words}"),
            None => format!("未保存：{why}"),
        },
        E::NotFound(what) => format!("找不到：{what}"),
        E::Sqlite(inner) => format!(
            "数据库错误：{}",
            crate::strings_cli::sqlite_reason(&inner.to_string())
        ),
        E::Migration { path, source } => format!(
            "{}：升级到本版本 kam 的数据结构（版本 {}）失败（{}）——升级没有留下任何改动；请从备份恢复，或运行 kam check",
            path.display(),
            crate::store::SCHEMA_VERSION,
            crate::store::migration_reason(source)
        ),
    }
}

/// Why a date or time was not understood.
pub(crate) fn zh_date_error(e: &crate::domain::dates::DateError) -> String {
    use crate::domain::dates::DateError;
    match e {
        DateError::Empty => "请输入日期".into(),
        DateError::NotADate(s) => format!(
            "“{s}”不是日期——可输入 2026-12-01、12-01、今天、明天、后天、+3天、下周一或 周五"
        ),
        DateError::Month { input } => format!("{input}：月份须为 1–12"),
        DateError::Day {
            input, year, days, ..
        } => format!("{input}：{year} 年该月只有 {days} 天"),
        DateError::Year { input } => format!("{input}：年份须在 1900 到 2200 之间"),
        DateError::TooFar(s) => format!("{s}：太远了"),
        DateError::NotATime(s) => format!("“{s}”不是时间——可输入 9:30、14:00、930 或 下午2点"),
        DateError::Hour(s) => format!("{s}：小时须为 0–23"),
        DateError::Minute(s) => format!("{s}：分钟须为 0–59"),
    }
}

/// Why an amount was not understood.
pub(crate) fn zh_money_error(e: &crate::domain::money::MoneyError) -> String {
    use crate::domain::money::MoneyError;
    match e {
        MoneyError::Empty => "请输入金额".into(),
        MoneyError::NotAnAmount(s) => format!("“{s}”不是金额——可输入 1,250,000.00 或 125万"),
        MoneyError::Grouping(s) => format!("“{s}”：千位分隔符须每三位一个，如 1,250,000"),
        MoneyError::Decimals(s) => format!("“{s}”：最多两位小数"),
        MoneyError::Negative => "不能为负数".into(),
        MoneyError::TooLarge => "金额太大".into(),
    }
}

/// A name followed by Chinese text: a Latin name ("Nobody") keeps a space
/// before it, as Chinese typesetting puts between Latin and Han.
fn spaced(name: &str) -> String {
    match name.chars().last() {
        Some(c) if c.is_ascii_alphanumeric() => format!("{name} "),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Chinese of the problems that had one before they were typed,
    /// with their English: both as they were.
    #[test]
    fn every_problem_message_has_chinese() {
        use crate::domain::Problem as P;
        for (p, en) in [
            (P::Required, "is required"),
            (P::ControlCharacters, "contains control characters"),
            (P::OutOfRange { min: 1, max: 5 }, "must be 1 to 5"),
            (P::InFuture, "cannot be in the future"),
            (P::Negative, "must not be negative"),
            (
                P::LostWithoutReason,
                "say why the account was lost: it is how the team learns",
            ),
            (P::NotPastAfter1900, "must be a past date after 1900"),
            (P::ClosedVisitPlanned, "a closed visit is no longer planned"),
            (
                P::TooLong { len: 120, max: 100 },
                "is too long (120 characters; at most 100)",
            ),
            (P::AtMost { max: 200 }, "at most 200 characters"),
            (
                P::EnterWholeNumber { min: 1, max: 365 },
                "enter a whole number from 1 to 365",
            ),
            (
                P::DaysOutOfRange { min: 1, max: 365 },
                "must be between 1 and 365 days",
            ),
        ] {
            assert_eq!(p.to_string(), en);
            let zh = zh_problem(&p);
            assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
        }
        assert_eq!(
            zh_problem(&P::TooLong { len: 120, max: 100 }),
            "太长（120 字，最多 100 字）"
        );
        // import messages quote the value they are about
        for (p, en, zh) in [
            (
                P::ColumnMissing,
                "this column is required and missing",
                "缺少这一必需的列",
            ),
            (
                P::NoAccountUid { uid: "abc".into() },
                "no account has the uid abc",
                "没有唯一编号为 abc 的客户",
            ),
            (
                P::NoAccountNamed {
                    name: "Acme".into(),
                },
                "no account is named 'Acme' — import accounts first",
                "没有名为“Acme”的客户——请先导入客户",
            ),
            (
                P::NoContactNamed {
                    name: "张伟".into(),
                },
                "no contact named '张伟' at this account",
                "这个客户没有名为“张伟”的联系人",
            ),
            (
                P::UnknownColumn {
                    known: vec!["name", "tier"],
                },
                "unknown column (kam reads: name, tier)",
                "无法识别的列（kam 能读的列：name、tier）",
            ),
            (
                P::NotOneOf {
                    value: "gold".into(),
                    allowed: vec!["key", "important", "general"],
                },
                "'gold' is not one of: key, important, general",
                "“gold”不是以下之一：key、important、general",
            ),
            (
                P::CellCount {
                    cells: 3,
                    columns: 5,
                },
                "3 cells, but the header has 5 columns",
                "有 3 个单元格，但表头有 5 列",
            ),
        ] {
            assert_eq!(p.to_string(), en);
            assert_eq!(zh_problem(&p), zh, "{en}");
        }
    }

    /// One problem of every kind. The match makes a new variant a compile
    /// error here until it is added to the list.
    fn one_of_each() -> Vec<Problem> {
        use crate::domain::Problem as P;
        use crate::domain::dates::DateError;
        use crate::domain::money::MoneyError;
        let all = vec![
            P::Required,
            P::TooLong { len: 120, max: 100 },
            P::AtMost { max: 200 },
            P::ControlCharacters,
            P::OutOfRange { min: 1, max: 5 },
            P::DaysOutOfRange { min: 1, max: 730 },
            P::InFuture,
            P::Negative,
            P::NotPastAfter1900,
            P::LostWithoutReason,
            P::ClosedVisitPlanned,
            P::Date(DateError::NotADate("someday".into())),
            P::Money(MoneyError::NotAnAmount("abc".into())),
            P::EnterWholeNumber { min: 1, max: 730 },
            P::NotWhole {
                value: "7".into(),
                min: 1,
                max: 5,
            },
            P::NotOneOf {
                value: "gold".into(),
                allowed: vec!["关键客户", "重点客户", "一般客户"],
            },
            P::NotYesNo {
                value: "maybe".into(),
            },
            P::NotALevel {
                value: "great".into(),
            },
            P::InvalidUid,
            P::BeforeOpened,
            P::BeforeAccount {
                since: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(),
            },
            P::UnresolvedWithResolvedTime,
            P::ColumnMissing,
            P::AccountColumnMissing,
            P::UnknownColumn {
                known: vec!["name", "tier"],
            },
            P::SecondColumn { name: "tier" },
            P::CellCount {
                cells: 3,
                columns: 5,
            },
            P::NoAccountUid { uid: "abc".into() },
            P::NotAStamp {
                value: "昨天".into(),
            },
            P::NoAccountNamed {
                name: "Acme".into(),
            },
            P::NameTheAccount,
            P::NoContactUid { uid: "abc".into() },
            P::NoContactOfAccountUid { uid: "abc".into() },
            P::NoContactNamed {
                name: "Li Na".into(),
            },
            P::ContactOfAnotherAccount,
            P::OnlyPlannedCloses,
            P::OnlyPlannedReschedules,
            P::ComplaintCannotBecome {
                from: ComplaintStatus::Closed,
                to: ComplaintStatus::InProgress,
            },
            P::SayHowResolved,
            P::Database(format!(
                "{}CHECK constraint failed: tier",
                crate::store::REJECTED_BY_DATABASE
            )),
        ];
        for p in &all {
            match p {
                P::Required
                | P::TooLong { .. }
                | P::AtMost { .. }
                | P::ControlCharacters
                | P::OutOfRange { .. }
                | P::DaysOutOfRange { .. }
                | P::InFuture
                | P::Negative
                | P::NotPastAfter1900
                | P::LostWithoutReason
                | P::ClosedVisitPlanned
                | P::Date(_)
                | P::Money(_)
                | P::EnterWholeNumber { .. }
                | P::NotWhole { .. }
                | P::NotOneOf { .. }
                | P::NotYesNo { .. }
                | P::NotALevel { .. }
                | P::NotAStamp { .. }
                | P::InvalidUid
                | P::BeforeOpened
                | P::BeforeAccount { .. }
                | P::UnresolvedWithResolvedTime
                | P::ColumnMissing
                | P::AccountColumnMissing
                | P::UnknownColumn { .. }
                | P::SecondColumn { .. }
                | P::CellCount { .. }
                | P::NoAccountUid { .. }
                | P::NoAccountNamed { .. }
                | P::NameTheAccount
                | P::NoContactUid { .. }
                | P::NoContactOfAccountUid { .. }
                | P::NoContactNamed { .. }
                | P::ContactOfAnotherAccount
                | P::OnlyPlannedCloses
                | P::OnlyPlannedReschedules
                | P::ComplaintCannotBecome { .. }
                | P::SayHowResolved
                | P::Database(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_problem_speaks_english_and_chinese() {
        use crate::strings::{Lang, problem, with_lang};
        let all = one_of_each();
        let kinds: std::collections::HashSet<_> = all.iter().map(std::mem::discriminant).collect();
        assert_eq!(kinds.len(), all.len(), "one of each, none twice");
        // the values the samples quote, the column names and the words a
        // file may use, which stay as they are
        let quoted = [
            "someday",
            "abc",
            "gold",
            "maybe",
            "great",
            "Acme",
            "Li Na",
            "name",
            "tier",
            "kam",
            "account_uid",
            "account",
            "yes",
            "no",
            "CHECK constraint failed",
        ];
        for p in &all {
            let en = with_lang(Lang::En, || problem(p));
            let zh = with_lang(Lang::Zh, || problem(p));
            assert!(!en.trim().is_empty(), "{p:?}");
            assert!(!zh.trim().is_empty(), "{p:?}");
            assert_eq!(en, p.to_string(), "Display is the English");
            assert_ne!(en, zh, "{p:?}");
            assert!(!has_ascii_letters(&zh, &quoted), "{p:?}: {zh}");
        }
    }

    use crate::domain::breadth::fixtures::{b, tie, today};
    use crate::domain::text::width;
    use crate::strings::EN;

    /// True when `s` has a Latin letter once the `names` are taken out.
    fn has_ascii_letters(s: &str, names: &[&str]) -> bool {
        let mut s = s.to_string();
        for n in names {
            s = s.replace(n, "");
        }
        s.chars().any(|c| c.is_ascii_alphabetic())
    }

    /// Every `&'static str` field of the table: (name, English, Chinese).
    macro_rules! str_fields {
        ($($f:ident),+ $(,)?) => {
            [$((stringify!($f), EN.$f, ZH.$f)),+]
        };
    }

    fn str_fields() -> Vec<(&'static str, &'static str, &'static str)> {
        str_fields!(
            app_name,
            tab_accounts,
            help_title,
            help_footer,
            yes_no,
            col_name,
            col_tier,
            col_level,
            col_status,
            col_owner,
            col_revenue,
            col_profit,
            col_breadth,
            col_complaints,
            col_last_visit,
            col_next_visit,
            archived_view,
            sorted_by,
            filter_tier,
            filter_status,
            filter_thin,
            search_prompt,
            search_label,
            all,
            empty_title,
            no_match,
            no_match_hint,
            no_archived,
            never,
            none,
            today,
            sec_overview,
            sec_profile,
            sec_figures,
            sec_notes,
            f_name,
            f_tier,
            f_level,
            f_status,
            f_lost_reason,
            f_defection,
            f_industry,
            f_region,
            f_owner,
            f_backup_owner,
            f_revenue,
            f_profit,
            f_margin,
            f_cadence,
            f_notes,
            f_uid,
            f_created,
            f_updated,
            f_archived,
            fig_contacts_label,
            fig_complaints_label,
            fig_oldest_open,
            fig_last_visit,
            fig_next_visit,
            fig_cadence,
            fig_visits_done,
            fig_surveys,
            fig_latest_overall,
            cadence_never,
            archived_banner,
            no_notes,
            account_missing,
            sec_contacts,
            sections_hint,
            fig_breadth,
            grid_legend,
            no_contacts,
            col_title,
            col_department,
            col_seniority,
            col_role,
            col_tie,
            col_held_by,
            col_last_touch,
            col_phone,
            col_email,
            left_mark,
            f_title,
            f_department,
            f_seniority,
            f_buying_role,
            f_tie_strength,
            f_our_side,
            f_phone,
            f_email,
            f_birthday,
            f_left_company,
            hint_our_side,
            hint_birthday,
            email_flag,
            contact_missing,
            tab_complaints,
            sec_complaints,
            chart_title,
            open_label,
            breaches_label,
            oldest_label,
            no_open_complaints,
            no_complaint_matches,
            no_account_complaints,
            col_age,
            col_opened,
            col_bucket,
            col_account,
            col_severity,
            col_category,
            col_summary,
            col_forwarded,
            col_target,
            target_in_time,
            f_contact,
            f_category,
            f_severity,
            f_summary,
            f_details,
            f_forwarded_to,
            f_opened_at,
            f_resolution,
            f_bucket,
            f_account,
            f_include_resolved,
            hint_opened_at,
            form_complaint_filter,
            pick_account,
            picker_hint,
            complaint_missing,
            tab_visits,
            sec_visits,
            agenda_overdue,
            agenda_today,
            agenda_this_week,
            agenda_later,
            agenda_due,
            agenda_nothing,
            col_when,
            col_kind,
            col_contacts,
            col_purpose,
            col_outcome,
            no_account_visits,
            f_contacts,
            hint_contacts,
            f_date,
            hint_visit_date,
            f_time,
            hint_time,
            f_kind,
            f_purpose,
            f_outcome,
            f_next_step,
            f_new_date,
            hint_reschedule,
            form_missed_again,
            visit_not_planned,
            visit_missing,
            not_asked,
            f_respondent,
            f_channel,
            f_comment,
            hint_scale,
            tab_surveys,
            sec_surveys,
            col_date,
            col_respondent,
            col_channel,
            col_comment,
            col_satisfaction,
            col_dimension,
            col_latest,
            col_csat,
            overall_over_time,
            low_only,
            no_surveys,
            no_survey_matches,
            no_account_surveys,
            survey_missing,
            conflict_missing,
            offer_complaint,
            offer_visit,
            offer_skip,
            tab_today,
            today_visits,
            today_complaints,
            today_at_risk,
            today_single_threaded,
            today_low_scores,
            today_birthdays,
            calm_visits,
            calm_complaints,
            calm_at_risk,
            calm_single_threaded,
            calm_due,
            calm_low_scores,
            calm_birthdays,
            thin_hint,
            col_health,
            sec_health,
            form_add_account,
            form_hint_money,
            form_discard,
            choice_none,
            required_mark,
            confirm_title,
            already_archived,
            not_archived,
            nothing_selected,
        )
        .to_vec()
    }

    #[test]
    fn every_string_english_has_chinese_has() {
        for (name, en, zh) in str_fields() {
            assert!(
                en.is_empty() || !zh.trim().is_empty(),
                "{name} is empty in ZH"
            );
        }
        assert_eq!(EN.empty_lines.len(), ZH.empty_lines.len());
        for (en, zh) in EN.empty_lines.iter().zip(ZH.empty_lines) {
            assert_eq!(en.is_empty(), zh.is_empty(), "{en:?} / {zh:?}");
        }
        for arr in [
            &ZH.department_short[..],
            &ZH.tie_strengths,
            &ZH.score_columns,
        ] {
            assert!(arr.iter().all(|s| !s.is_empty()));
        }
    }

    #[test]
    fn the_chinese_is_chinese() {
        // keys, units, symbols and product names may stay Latin; every
        // sentence and label must carry Chinese
        let exempt = [
            "app_name",
            "none",
            "f_uid",
            "choice_none",
            "required_mark",
            "hint_birthday",
        ];
        for (name, _, zh) in str_fields() {
            if !exempt.contains(&name) {
                assert!(
                    zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{name} = {zh:?} has no Chinese"
                );
            }
        }
    }

    #[test]
    fn column_headers_are_no_wider_than_the_english() {
        // a few headers are a character wider than the English, where the
        // column drawing them has the room: (field, cells allowed)
        let roomy = [
            ("col_owner", 6),      // the column is 10 cells
            ("col_last_visit", 8), // the column is 8 cells
            ("col_csat", 12),      // padded to 12 cells where it is drawn
        ];
        for (name, en, zh) in str_fields() {
            if !name.starts_with("col_") {
                continue;
            }
            // two characters is as short as a Chinese header gets
            let allowed = roomy
                .iter()
                .find(|(f, _)| *f == name)
                .map_or(width(en).max(4), |(_, w)| *w);
            assert!(
                width(zh) <= allowed,
                "{name}: {zh:?} is {} cells, {en:?} {}",
                width(zh),
                width(en)
            );
        }
        // 性价比 is the one name of the value dimension (as the form and the
        // account's table call it): its column takes the two cells more
        for (en, zh) in EN.score_columns.iter().zip(ZH.score_columns) {
            let allowed = if zh == "性价比" {
                6
            } else {
                width(en).max(4)
            };
            assert!(width(zh) <= allowed, "{zh:?}");
        }
        for zh in ZH.department_short {
            assert!(width(zh) <= 6, "{zh:?}");
        }
    }

    #[test]
    fn the_scale_uses_the_required_words_in_english_order() {
        assert_eq!(
            ZH.score_labels,
            ["非常不满意", "不满意", "一般", "满意", "非常满意"]
        );
        assert_eq!(EN.score_labels[0], "very dissatisfied");
        assert_eq!(EN.score_labels[4], "highly satisfied");
        for (i, label) in ZH.score_labels.iter().enumerate() {
            assert!(ZH.hint_scale.contains(&format!("{} {label}", i + 1)));
        }
    }

    #[test]
    fn tiers_bands_and_levels_use_the_required_words() {
        assert_eq!(Tier::Key.zh(), "关键客户");
        assert_eq!(Tier::Important.zh(), "重点客户");
        assert_eq!(Tier::General.zh(), "一般客户");
        assert_eq!(Band::Healthy.zh(), "健康");
        assert_eq!(Band::Watch.zh(), "关注");
        assert_eq!(Band::AtRisk.zh(), "风险");
        let severities: Vec<_> = Severity::ALL.iter().map(|s| s.zh()).collect();
        assert_eq!(severities, ["低", "中", "高", "紧急"]);
        for (i, level) in RelationshipLevel::ALL.iter().enumerate() {
            assert!(
                level.zh().starts_with(&(i + 1).to_string()),
                "{}",
                level.zh()
            );
        }
    }

    #[test]
    fn labels_are_distinct_within_each_enumeration() {
        fn distinct<T: Copy + ZhLabel>(all: &[T]) {
            let mut seen: Vec<&str> = all.iter().map(|x| x.zh()).collect();
            seen.sort_unstable();
            let n = seen.len();
            seen.dedup();
            assert_eq!(seen.len(), n, "{seen:?}");
        }
        distinct(Tier::ALL);
        distinct(AccountStatus::ALL);
        distinct(LostReason::ALL);
        distinct(Defection::ALL);
        distinct(Department::ALL);
        distinct(Seniority::ALL);
        distinct(BuyingRole::ALL);
        distinct(ComplaintCategory::ALL);
        distinct(ComplaintStatus::ALL);
        distinct(ForwardedTo::ALL);
        distinct(VisitKind::ALL);
        distinct(VisitStatus::ALL);
        distinct(SurveyChannel::ALL);
        distinct(&Bucket::ALL);
        distinct(&Dimension::ALL);
        distinct(&GroupKind::ALL);
    }

    #[test]
    fn relative_days_read_as_chinese() {
        assert_eq!((ZH.days_ago)(0), "今天");
        assert_eq!((ZH.days_ago)(1), "昨天");
        assert_eq!((ZH.days_ago)(-1), "明天");
        assert_eq!((ZH.days_ago)(5), "5天前");
        assert_eq!((ZH.days_ago)(-3), "3天后");
        assert_eq!((ZH.in_days)(1), "明天");
        assert_eq!((ZH.in_days)(4), "4天后");
        assert_eq!((ZH.in_days)(-4), "4天前");
        assert_eq!((ZH.days_ago_short)(12), "12天前");
        assert_eq!((ZH.in_days_short)(-2), "2天前");
        assert_eq!((ZH.overdue_short)(3), "逾期3天");
        assert_eq!((ZH.age_short)(13), "13天");
    }

    #[test]
    fn single_threaded_breadth_speaks_chinese_but_for_names() {
        let one = b(&[tie(
            "张伟",
            Department::Purchasing,
            Seniority::Manager,
            4,
            "李娜",
        )]);
        assert_eq!(one.verdict, Verdict::SingleThreaded);
        let msg = zh_breadth_message(&one);
        assert!(msg.contains("张伟（采购）"), "{msg}");
        assert!(msg.contains("或"), "{msg}");
        assert!(!has_ascii_letters(&msg, &[]), "{msg}");

        let latin = b(&[tie(
            "Wang Lei",
            Department::Technical,
            Seniority::Staff,
            5,
            "Chen",
        )]);
        let msg = zh_breadth_message(&latin);
        assert!(msg.contains("Wang Lei"), "{msg}");
        assert!(!has_ascii_letters(&msg, &["Wang Lei"]), "{msg}");

        let nobody = zh_breadth_message(&b(&[]));
        assert!(nobody.contains("添加联系人"), "{nobody}");
        assert!(!has_ascii_letters(&nobody, &[]), "{nobody}");

        // every tie held by one of us
        let held = b(&[
            tie(
                "张伟",
                Department::Purchasing,
                Seniority::Manager,
                4,
                "Li Na",
            ),
            tie("王芳", Department::Technical, Seniority::Staff, 4, "Li Na"),
        ]);
        let msg = zh_breadth_message(&held);
        assert!(msg.contains("Li Na"), "{msg}");
        assert!(!has_ascii_letters(&msg, &["Li Na"]), "{msg}");
    }

    #[test]
    fn narrow_and_broad_breadth_speak_chinese() {
        let narrow = b(&[
            tie(
                "张伟",
                Department::Purchasing,
                Seniority::Manager,
                4,
                "李娜",
            ),
            tie("王芳", Department::Technical, Seniority::Staff, 4, "陈杰"),
        ]);
        assert_eq!(narrow.verdict, Verdict::Narrow);
        let msg = zh_breadth_message(&narrow);
        assert!(msg.starts_with("偏窄："), "{msg}");
        assert!(!has_ascii_letters(&msg, &[]), "{msg}");
        let summary = (ZH.breadth_summary)(&narrow);
        assert!(summary.starts_with("偏窄"), "{summary}");
        assert!(!has_ascii_letters(&(ZH.breadth_figures)(&narrow), &[]));
    }

    #[test]
    fn join_or_uses_chinese_commas() {
        assert_eq!(join_or(&[]), "");
        assert_eq!(join_or(&["采购"]), "采购");
        assert_eq!(join_or(&["采购", "技术"]), "采购或技术");
        assert_eq!(join_or(&["采购", "技术", "质量"]), "采购、技术或质量");
    }

    #[test]
    fn health_reasons_speak_chinese() {
        let reasons = [
            Reason::NoSurvey,
            Reason::Satisfaction {
                overall: 2,
                trend: Some(Trend::Down),
            },
            Reason::Satisfaction {
                overall: 0,
                trend: None,
            },
            Reason::NoComplaints,
            Reason::Complaints {
                open: 2,
                oldest_days: 9,
                breaches: 0,
                worst_past_days: 0,
            },
            Reason::Complaints {
                open: 3,
                oldest_days: 20,
                breaches: 2,
                worst_past_days: 6,
            },
            Reason::NoContacts,
            Reason::Breadth {
                verdict: Verdict::SingleThreaded,
                executive: false,
            },
            Reason::NeverVisited { planned: true },
            Reason::NeverVisited { planned: false },
            Reason::Engagement {
                days_since: 40,
                cadence: 14,
                overdue_planned: 1,
                planned: true,
            },
            Reason::Engagement {
                days_since: 3,
                cadence: 14,
                overdue_planned: 0,
                planned: false,
            },
            Reason::Level(RelationshipLevel::Responsible),
        ];
        for r in &reasons {
            let s = zh_health_reason(r);
            assert!(!s.is_empty());
            assert!(!has_ascii_letters(&s, &[]), "{s}");
        }
        assert_eq!(
            zh_health_reason(&reasons[1]),
            "最近总体评分 2/5（不满意），在下降"
        );
        assert!(zh_health_reason(&reasons[5]).contains("最多超出 6 天"));
        assert_eq!(zh_health_reason(&reasons[12]), "关系层次 3 负责型");
    }

    #[test]
    fn the_input_examples_in_hints_are_accepted() {
        use crate::domain::dates::{Prefer, parse_date, parse_date_time, parse_time};
        let examples = |hint: &str| -> Vec<String> {
            hint.split(['、', ' '])
                .map(|p| p.trim_end_matches('…').trim().to_string())
                .filter(|p| !p.is_empty() && p != "或任意日期" && p != "或")
                .collect()
        };
        let dates = examples(ZH.hint_visit_date);
        assert!(dates.len() >= 5, "{dates:?}");
        for d in dates {
            assert!(parse_date(&d, today(), Prefer::Future).is_ok(), "{d}");
        }
        for d in examples(ZH.hint_reschedule) {
            assert!(parse_date(&d, today(), Prefer::Future).is_ok(), "{d}");
        }
        for t in examples(ZH.hint_time) {
            assert!(parse_time(&t).is_ok(), "{t}");
        }
        assert!(parse_date_time("昨天 14:30", today(), Prefer::Past).is_ok());
        assert!(ZH.hint_opened_at.contains("昨天 14:30"));
    }
}
