//! Handing accounts over: when a colleague leaves, the accounts they own
//! and the ties they hold on our side go to a successor. The rules of who
//! is who and what moves, as pure functions; the use case is
//! `Portfolio::handover`.

/// What a handover moved from one colleague to another.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moved {
    /// Accounts whose owner it was.
    pub accounts: usize,
    /// Accounts they backed up.
    pub backups: usize,
    /// Ties (contacts) they held on our side.
    pub ties: usize,
}

impl Moved {
    pub fn is_nothing(&self) -> bool {
        *self == Moved::default()
    }
}

/// Whether two names on our side are the same colleague: trimmed, and
/// Latin letters compared without case (as breadth counts the people on
/// our side, `breadth::breadth`, and the store's `holders`). An empty name
/// is nobody, and nobody is the same as anybody.
pub fn same_colleague(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty() && a.eq_ignore_ascii_case(b)
}

/// An account's owner and backup owner after `from` hands over to `to`:
/// either moves from `from` to `to`, and a backup owner who would then be
/// the owner too is cleared (one person is no backup for themselves).
/// `None` when neither is `from`: the account does not change.
pub fn owners_after(owner: &str, backup: &str, from: &str, to: &str) -> Option<(String, String)> {
    let moves = |name: &str| same_colleague(name, from);
    if !moves(owner) && !moves(backup) {
        return None;
    }
    let pick = |name: &str| {
        if moves(name) {
            to.trim().to_string()
        } else {
            name.to_string()
        }
    };
    let owner = pick(owner);
    let mut backup = pick(backup);
    if same_colleague(&owner, &backup) {
        backup.clear();
    }
    Some((owner, backup))
}

/// The colleagues among `names` (each spelling with how often it is
/// used): spellings of one colleague (`same_colleague`) become one, under
/// its most used spelling, and the most used colleagues come first.
pub fn colleagues(names: Vec<(String, u32)>) -> Vec<String> {
    let mut merged: Vec<(String, u32, u32)> = Vec::new();
    for (name, n) in names {
        let name = name.trim().to_string();
        if name.is_empty() {
            continue;
        }
        match merged.iter_mut().find(|(m, _, _)| same_colleague(m, &name)) {
            Some((spelling, total, most)) => {
                *total += n;
                if n > *most {
                    (*spelling, *most) = (name, n);
                }
            }
            None => merged.push((name, n, n)),
        }
    }
    // stable: equally used colleagues stay in the order they came
    merged.sort_by_key(|m| std::cmp::Reverse(m.1));
    merged.into_iter().map(|(name, _, _)| name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_colleague_count_as_one() {
        let names = vec![
            ("wang lei".to_string(), 2),
            ("李雷".to_string(), 4),
            ("Wang Lei".to_string(), 5),
            ("韩梅梅".to_string(), 3),
            (" ".to_string(), 9),
        ];
        assert_eq!(colleagues(names), ["Wang Lei", "李雷", "韩梅梅"]);
    }

    #[test]
    fn names_compare_trimmed_and_without_case_for_latin_letters() {
        assert!(same_colleague("李雷", " 李雷 "));
        assert!(same_colleague("Wang Lei", "wang lei"));
        assert!(!same_colleague("李雷", "李 雷"));
        assert!(!same_colleague("", ""), "nobody is no colleague");
        assert!(!same_colleague("Chen", "Cheng"));
    }

    #[test]
    fn the_owner_and_the_backup_move_and_never_become_one_person() {
        let after = |o, b| owners_after(o, b, "李雷", "韩梅梅");
        assert_eq!(
            after("李雷", "王芳"),
            Some(("韩梅梅".into(), "王芳".into()))
        );
        assert_eq!(
            after("王芳", " 李雷"),
            Some(("王芳".into(), "韩梅梅".into()))
        );
        // the successor was the backup: now the owner, and no backup
        assert_eq!(
            after("李雷", "韩梅梅"),
            Some(("韩梅梅".into(), String::new()))
        );
        // the successor owns it already: backup cleared
        assert_eq!(
            after("韩梅梅", "李雷"),
            Some(("韩梅梅".into(), String::new()))
        );
        assert_eq!(after("王芳", "张伟"), None);
        assert_eq!(after("", ""), None);
        assert_eq!(
            owners_after("wang lei", "", "Wang Lei", " Chen Jing "),
            Some(("Chen Jing".into(), String::new()))
        );
    }
}
