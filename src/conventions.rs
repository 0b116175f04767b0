//! The command line's conventions (binary-private): `kam settings`,
//! `kam completions SHELL` and `kam man`.

use crate::{Failure, Session};
use clap::CommandFactory;
use kam::cli::{Cli, SettingsChange};
use kam::domain::text::{fit, width};
use kam::portfolio::settings::SettingRow;
use kam::strings_cli as words;

/// `kam settings [--json] [set KEY VALUE]`.
pub fn settings(
    session: &Session,
    json: bool,
    change: Option<SettingsChange>,
) -> Result<(), Failure> {
    let mut portfolio = session.speak(session.existing()?);
    if let Some(SettingsChange::Set { key, value }) = change {
        let (setting, before) = portfolio.change_setting(&key, &value, &session.clock)?;
        let now = portfolio.settings().get(setting.key);
        kam::console::print(&format!(
            "{}\n",
            words::setting_changed(setting.key, before, now)
        ));
        return Ok(());
    }
    let rows = portfolio.setting_rows();
    let text = if json { as_json(&rows) } else { as_text(&rows) };
    kam::console::print(&text);
    Ok(())
}

/// One line per setting: key, value (`*` when changed), default, meaning.
fn as_text(rows: &[SettingRow]) -> String {
    let key_w = rows.iter().map(|r| width(r.setting.key)).max().unwrap_or(0) + 2;
    let mut out = format!(
        "{}{:>6}  {:>8}  {}\n",
        fit(words::settings_heading_key(), key_w),
        words::settings_heading_value(),
        words::settings_heading_default(),
        words::settings_heading_meaning()
    );
    for r in rows {
        let s = r.setting;
        let changed = if r.value == s.default { ' ' } else { '*' };
        out.push_str(&format!(
            "{}{:>5}{changed}  {:>8}  {}\n",
            fit(s.key, key_w),
            r.value,
            s.default,
            words::setting_meaning(s),
        ));
    }
    out
}

fn as_json(rows: &[SettingRow]) -> String {
    let list: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "key": r.setting.key,
                "value": r.value,
                "default": r.setting.default,
                "min": r.setting.min,
                "max": r.setting.max,
                "meaning": r.setting.meaning,
            })
        })
        .collect();
    format!(
        "{}\n",
        kam::interop::json::to_safe_string(&serde_json::Value::Array(list), true)
    )
}

/// `kam completions SHELL`: the shell's completion script on stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "kam", &mut script);
    kam::console::print(&String::from_utf8_lossy(&script));
    Ok(())
}

/// `kam man`: the manual page, roff on stdout.
pub fn man() -> Result<(), Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Failure::new(kam::strings_cli::io_reason(&e)))?;
    kam::console::print(&String::from_utf8_lossy(&page));
    Ok(())
}
