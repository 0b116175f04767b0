//! Contact breadth (DOMAIN.md): how many of the customer's departments and
//! levels we reach, how strong and how recent each tie is, and how many
//! people on our side hold them. An account resting on one person is lost
//! when that person leaves; these pure functions say how far from that an
//! account is, and what to do about it.

use super::clock::days_between;
use super::settings::Settings;
use super::{Department, Seniority};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// One tie: a contact as breadth sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tie {
    pub name: String,
    pub department: Department,
    pub seniority: Seniority,
    pub tie_strength: u8,
    /// Who on our side holds the tie (empty when nobody was named).
    pub our_side: String,
    /// The latest done visit with this contact.
    pub last_touch: Option<NaiveDate>,
    pub left_company: bool,
}

/// The thresholds of the verdict, from `settings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// A tie at least this strong is "strong".
    pub strong: u8,
    /// No done visit with the contact for this many days: dormant.
    pub dormant_days: i64,
    /// Broad needs at least this many departments …
    pub broad_departments: u32,
    /// … this many seniority levels …
    pub broad_levels: u32,
    /// … and this many people on our side holding ties.
    pub broad_holders: u32,
}

impl Thresholds {
    pub fn from_settings(s: &Settings) -> Thresholds {
        let n = |k: &str| u32::try_from(s.get(k)).unwrap_or(0);
        Thresholds {
            strong: u8::try_from(s.get("breadth.strong_tie")).unwrap_or(4),
            dormant_days: s.get("breadth.dormant_days"),
            broad_departments: n("breadth.broad_departments"),
            broad_levels: n("breadth.broad_levels"),
            broad_holders: n("breadth.broad_holders"),
        }
    }
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds::from_settings(&Settings::default())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// At most one tie of strength 3 or more, or every tie held by the same
    /// person on our side.
    SingleThreaded,
    Narrow,
    Broad,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::SingleThreaded, Verdict::Narrow, Verdict::Broad];

    /// 0 single-threaded, 1 narrow, 2 broad: as stored beside the health
    /// score, in the order the Accounts list sorts by.
    pub fn rank(self) -> u8 {
        self as u8
    }

    pub fn from_rank(rank: u8) -> Option<Verdict> {
        Verdict::ALL.get(usize::from(rank)).copied()
    }

    /// Its stable machine code, the same in every interface language.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::SingleThreaded => "single_threaded",
            Verdict::Narrow => "narrow",
            Verdict::Broad => "broad",
        }
    }
}

/// The counts a verdict is made from. The store can aggregate these in SQL
/// for a whole portfolio; `Breadth` computes them from the ties of one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Current ties (contacts who have not left).
    pub ties: u32,
    /// Current ties of strength 3 or more.
    pub working_ties: u32,
    pub strong_ties: u32,
    pub departments: u32,
    pub levels: u32,
    pub executive_tie: bool,
    /// Distinct people on our side holding a current tie.
    pub holders: u32,
    /// Current ties nobody on our side is named for.
    pub unheld: u32,
}

impl Counts {
    pub fn verdict(&self, t: &Thresholds) -> Verdict {
        let one_holder = self.holders == 1 && self.unheld == 0;
        if self.working_ties <= 1 || one_holder {
            Verdict::SingleThreaded
        } else if self.departments >= t.broad_departments
            && self.levels >= t.broad_levels
            && self.executive_tie
            && self.holders >= t.broad_holders
        {
            Verdict::Broad
        } else {
            Verdict::Narrow
        }
    }
}

/// One cell of the coverage grid: ties in a department at a level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GridCell {
    pub ties: usize,
    /// The strongest tie in the cell (0 when empty).
    pub strongest: u8,
}

/// Everything breadth says about one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breadth {
    pub counts: Counts,
    pub verdict: Verdict,
    /// Current ties with no done visit for `dormant_days` (or never).
    pub dormant: u32,
    /// `grid[department][seniority]`, in `Department::ALL` × `Seniority::ALL` order.
    pub grid: Vec<[GridCell; 3]>,
    pub missing_departments: Vec<Department>,
    pub missing_levels: Vec<Seniority>,
    /// When single-threaded: the one person holding the account, if any.
    pub sole: Option<(String, Department)>,
    /// When every tie is held by one person on our side: who.
    pub sole_holder: Option<String>,
    /// The thresholds the verdict was made with (what "short" means).
    pub thresholds: Thresholds,
}

/// Where to add ties: the first few departments not reached, and whether
/// management (an executive tie) is missing on top of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Add {
    pub departments: Vec<Department>,
    pub management: bool,
}

/// What the breadth warning says, decided once; each language puts it in
/// words (`strings::breadth_message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Advice<'a> {
    /// Nobody is known at the account.
    Nobody { add: Add },
    /// One person holds the account.
    Sole {
        name: &'a str,
        department: Department,
        add: Add,
    },
    /// Every tie is held by the same person on our side.
    OneHolder { holder: &'a str },
    /// No tie is strong enough to rely on.
    Weak { add: Add },
    /// Narrow: exactly the conditions of a broad verdict that fall short,
    /// each with its figure and the threshold (`None`: that one is met),
    /// and where to add ties when a department is short.
    Narrow {
        /// Departments reached, and how many a broad account needs.
        departments: Option<(u32, u32)>,
        /// Levels reached, how many are needed, and those not reached.
        levels: Option<(u32, u32, Vec<Seniority>)>,
        no_executive: bool,
        /// People on our side holding a tie, and how many are needed.
        holders: Option<(u32, u32)>,
        add: Option<Add>,
    },
    Broad {
        departments: u32,
        levels: u32,
        holders: u32,
    },
}

impl Breadth {
    /// The warning to give, before it is put in words.
    pub fn advice(&self) -> Advice<'_> {
        let add = || {
            let departments: Vec<Department> =
                self.missing_departments.iter().take(3).copied().collect();
            let management =
                !self.counts.executive_tie && !departments.contains(&Department::Executive);
            Add {
                departments,
                management,
            }
        };
        match self.verdict {
            Verdict::SingleThreaded if self.counts.ties == 0 => Advice::Nobody { add: add() },
            Verdict::SingleThreaded => match (&self.sole, &self.sole_holder) {
                (Some((name, department)), _) => Advice::Sole {
                    name,
                    department: *department,
                    add: add(),
                },
                (None, Some(holder)) => Advice::OneHolder { holder },
                (None, None) => Advice::Weak { add: add() },
            },
            Verdict::Narrow => {
                let (c, t) = (&self.counts, &self.thresholds);
                let short = |have: u32, need: u32| (have < need).then_some((have, need));
                Advice::Narrow {
                    departments: short(c.departments, t.broad_departments),
                    levels: short(c.levels, t.broad_levels).map(|(have, need)| {
                        let missing = self
                            .missing_levels
                            .iter()
                            .copied()
                            .filter(|l| *l != Seniority::Executive || c.executive_tie)
                            .collect();
                        (have, need, missing)
                    }),
                    no_executive: !c.executive_tie,
                    holders: short(c.holders, t.broad_holders),
                    add: (c.departments < t.broad_departments
                        && !self.missing_departments.is_empty())
                    .then(add),
                }
            }
            Verdict::Broad => Advice::Broad {
                departments: self.counts.departments,
                levels: self.counts.levels,
                holders: self.counts.holders,
            },
        }
    }
}

/// True when the contact counts as an executive-level tie.
fn is_executive(t: &Tie) -> bool {
    t.seniority == Seniority::Executive || t.department == Department::Executive
}

/// Departments that matter when suggesting where to add ties, in order.
const KEY_DEPARTMENTS: [Department; 6] = [
    Department::Executive,
    Department::Purchasing,
    Department::Technical,
    Department::Quality,
    Department::Operations,
    Department::Finance,
];

pub fn breadth(ties: &[Tie], today: NaiveDate, t: &Thresholds) -> Breadth {
    let current: Vec<&Tie> = ties.iter().filter(|c| !c.left_company).collect();
    let departments: BTreeSet<Department> = current.iter().map(|c| c.department).collect();
    let levels: BTreeSet<Seniority> = current.iter().map(|c| c.seniority).collect();
    let holders: BTreeSet<String> = current
        .iter()
        .map(|c| c.our_side.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let counts = Counts {
        ties: count(current.len()),
        working_ties: count(current.iter().filter(|c| c.tie_strength >= 3).count()),
        strong_ties: count(
            current
                .iter()
                .filter(|c| c.tie_strength >= t.strong)
                .count(),
        ),
        departments: count(departments.len()),
        levels: count(levels.len()),
        executive_tie: current.iter().any(|c| is_executive(c)),
        holders: count(holders.len()),
        unheld: count(
            current
                .iter()
                .filter(|c| c.our_side.trim().is_empty())
                .count(),
        ),
    };
    let verdict = counts.verdict(t);
    let dormant = count(
        current
            .iter()
            .filter(|c| {
                c.last_touch
                    .is_none_or(|d| days_between(d, today) > t.dormant_days)
            })
            .count(),
    );
    let mut grid = vec![[GridCell::default(); 3]; Department::ALL.len()];
    for c in &current {
        let d = Department::ALL
            .iter()
            .position(|x| *x == c.department)
            .unwrap_or(0);
        let l = Seniority::ALL
            .iter()
            .position(|x| *x == c.seniority)
            .unwrap_or(0);
        let cell = &mut grid[d][l];
        cell.ties += 1;
        cell.strongest = cell.strongest.max(c.tie_strength);
    }
    let missing_departments = KEY_DEPARTMENTS
        .iter()
        .copied()
        .filter(|d| !departments.contains(d))
        .collect();
    let missing_levels = Seniority::ALL
        .iter()
        .copied()
        .filter(|l| !levels.contains(l))
        .collect();
    let mut working = current.iter().filter(|c| c.tie_strength >= 3);
    let sole = match (verdict, working.next(), working.next()) {
        (Verdict::SingleThreaded, Some(one), None) => Some((one.name.clone(), one.department)),
        (Verdict::SingleThreaded, None, None) if current.len() == 1 => {
            Some((current[0].name.clone(), current[0].department))
        }
        _ => None,
    };
    let sole_holder = (counts.holders == 1 && counts.unheld == 0 && current.len() > 1)
        .then(|| current.iter().find(|c| !c.our_side.trim().is_empty()))
        .flatten()
        .map(|c| c.our_side.trim().to_string());
    Breadth {
        counts,
        verdict,
        dormant,
        grid,
        missing_departments,
        missing_levels,
        sole,
        sole_holder,
        thresholds: *t,
    }
}

/// Ties and breadths for tests, here and where breadth is put in words.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    pub fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// A current tie last touched ten days ago.
    pub fn tie(name: &str, d: Department, l: Seniority, strength: u8, ours: &str) -> Tie {
        Tie {
            name: name.into(),
            department: d,
            seniority: l,
            tie_strength: strength,
            our_side: ours.into(),
            last_touch: Some(today() - chrono::Duration::days(10)),
            left_company: false,
        }
    }

    /// The breadth of `ties` with the default thresholds.
    pub fn b(ties: &[Tie]) -> Breadth {
        breadth(ties, today(), &Thresholds::default())
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{b, tie, today};
    use super::*;

    #[test]
    fn the_advice_names_where_to_add_ties() {
        let nobody = b(&[]);
        let Advice::Nobody { add } = nobody.advice() else {
            panic!("{:?}", nobody.advice())
        };
        // the first three departments, executive among them: no "management"
        assert_eq!(add.departments.len(), 3);
        assert!(add.departments.contains(&Department::Executive));
        assert!(!add.management);
        let one = b(&[tie(
            "张伟",
            Department::Purchasing,
            Seniority::Manager,
            4,
            "李娜",
        )]);
        match one.advice() {
            Advice::Sole {
                name,
                department,
                add,
            } => {
                assert_eq!((name, department), ("张伟", Department::Purchasing));
                assert!(!add.departments.contains(&Department::Purchasing));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_contacts_at_all_is_single_threaded_with_nobody_named() {
        let r = b(&[]);
        assert_eq!(r.verdict, Verdict::SingleThreaded);
        assert_eq!(r.counts, Counts::default());
        assert_eq!(r.sole, None);
        assert_eq!(r.missing_departments.len(), 6);
    }

    #[test]
    fn only_departed_contacts_count_as_none() {
        let mut gone = tie(
            "张伟",
            Department::Purchasing,
            Seniority::Manager,
            5,
            "李娜",
        );
        gone.left_company = true;
        let r = b(&[gone]);
        assert_eq!(r.counts.ties, 0);
        assert_eq!(r.verdict, Verdict::SingleThreaded);
        assert!(r.grid.iter().all(|row| row.iter().all(|c| c.ties == 0)));
    }

    #[test]
    fn one_buyer_is_single_threaded_and_named() {
        let r = b(&[tie(
            "张伟",
            Department::Purchasing,
            Seniority::Manager,
            4,
            "李娜",
        )]);
        assert_eq!(r.verdict, Verdict::SingleThreaded);
        assert_eq!(r.sole, Some(("张伟".into(), Department::Purchasing)));
        assert!(r.missing_departments.contains(&Department::Technical));
    }

    #[test]
    fn one_strong_tie_and_weak_others_is_still_single_threaded() {
        let r = b(&[
            tie(
                "张伟",
                Department::Purchasing,
                Seniority::Manager,
                4,
                "李娜",
            ),
            tie(
                "王芳",
                Department::Technical,
                Seniority::Staff,
                2,
                "Wang Lei",
            ),
            tie("Li", Department::Quality, Seniority::Staff, 1, "Chen"),
        ]);
        assert_eq!(r.verdict, Verdict::SingleThreaded);
        assert_eq!(r.sole, Some(("张伟".into(), Department::Purchasing)));
    }

    #[test]
    fn ties_nobody_is_named_for_do_not_make_one_holder() {
        let r = b(&[
            tie("A", Department::Purchasing, Seniority::Manager, 4, "李娜"),
            tie("B", Department::Technical, Seniority::Manager, 4, ""),
        ]);
        assert_eq!((r.counts.holders, r.counts.unheld), (1, 1));
        assert_eq!(r.verdict, Verdict::Narrow);
        assert_eq!(r.sole_holder, None);
    }

    #[test]
    fn ties_all_held_by_one_salesperson_are_single_threaded() {
        let r = b(&[
            tie("A", Department::Purchasing, Seniority::Manager, 4, "李娜"),
            tie("B", Department::Technical, Seniority::Manager, 4, " 李娜 "),
            tie("C", Department::Executive, Seniority::Executive, 3, "李娜"),
            tie("D", Department::Quality, Seniority::Staff, 3, "李娜"),
        ]);
        assert_eq!(r.counts.holders, 1);
        assert_eq!(r.verdict, Verdict::SingleThreaded);
        assert_eq!(r.sole_holder.as_deref(), Some("李娜"));
        assert_eq!(r.sole, None);
    }

    #[test]
    fn two_ties_in_one_department_share_a_grid_cell() {
        let r = b(&[
            tie("A", Department::Technical, Seniority::Staff, 2, "x"),
            tie("B", Department::Technical, Seniority::Staff, 5, "y"),
        ]);
        let t = Department::ALL
            .iter()
            .position(|d| *d == Department::Technical)
            .unwrap();
        assert_eq!(
            r.grid[t][2],
            GridCell {
                ties: 2,
                strongest: 5
            }
        );
        assert_eq!(r.counts.departments, 1);
    }

    #[test]
    fn many_departments_levels_and_holders_with_an_executive_are_broad() {
        let r = b(&[
            tie("A", Department::Purchasing, Seniority::Manager, 4, "李娜"),
            tie("B", Department::Technical, Seniority::Staff, 3, "Wang Lei"),
            tie("C", Department::Executive, Seniority::Executive, 3, "刘总"),
            tie("D", Department::Quality, Seniority::Staff, 2, "李娜"),
        ]);
        assert_eq!(r.verdict, Verdict::Broad);
        assert!(r.counts.executive_tie);
        assert_eq!(r.counts.strong_ties, 1);
    }

    #[test]
    fn without_an_executive_tie_it_is_narrow() {
        let r = b(&[
            tie("A", Department::Purchasing, Seniority::Manager, 4, "李娜"),
            tie("B", Department::Technical, Seniority::Staff, 3, "Wang Lei"),
            tie("D", Department::Quality, Seniority::Staff, 2, "李娜"),
            tie("E", Department::Finance, Seniority::Manager, 2, "李娜"),
        ]);
        assert_eq!(r.verdict, Verdict::Narrow);
    }

    /// The report: levels 2 of 3 (enough) and 2 of 4 departments was said
    /// as "no staff level". Only what falls short is named, with figures.
    #[test]
    fn a_narrow_verdict_names_only_what_falls_short() {
        let r = b(&[
            tie("A", Department::Purchasing, Seniority::Manager, 4, "李娜"),
            tie(
                "B",
                Department::Executive,
                Seniority::Executive,
                3,
                "Wang Lei",
            ),
            tie("C", Department::Purchasing, Seniority::Manager, 3, "李娜"),
        ]);
        assert_eq!(r.verdict, Verdict::Narrow);
        let Advice::Narrow {
            departments,
            levels,
            no_executive,
            holders,
            add,
        } = r.advice()
        else {
            panic!("{:?}", r.advice())
        };
        assert_eq!(departments, Some((2, 4)));
        assert_eq!(levels, None, "2 levels are enough");
        assert!(!no_executive);
        assert_eq!(holders, None, "two of us hold ties");
        assert!(add.is_some_and(|a| !a.departments.is_empty()));
        let one_of_us = b(&[
            tie("A", Department::Purchasing, Seniority::Manager, 4, "李娜"),
            tie("B", Department::Technical, Seniority::Staff, 3, "李娜"),
            tie("C", Department::Quality, Seniority::Staff, 3, ""),
        ]);
        let Advice::Narrow { holders, .. } = one_of_us.advice() else {
            panic!("{:?}", one_of_us.advice())
        };
        assert_eq!(holders, Some((1, 2)));
    }

    #[test]
    fn dormant_ties_have_no_recent_done_visit() {
        let mut old = tie("A", Department::Purchasing, Seniority::Manager, 4, "x");
        old.last_touch = Some(today() - chrono::Duration::days(91));
        let mut edge = tie("B", Department::Technical, Seniority::Staff, 3, "y");
        edge.last_touch = Some(today() - chrono::Duration::days(90));
        let mut never = tie("C", Department::Quality, Seniority::Staff, 3, "y");
        never.last_touch = None;
        assert_eq!(b(&[old, edge, never]).dormant, 2);
    }
}
