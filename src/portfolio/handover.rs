//! Handing accounts over: when a colleague leaves, the accounts they own,
//! the ones they back up and the ties they hold on our side go to a
//! successor, as one recorded change; and what is left resting on one
//! person afterwards. Also the colleagues a file names, for the fields
//! that name one (owner, backup owner, held by).

use super::error::Error;
use super::{Portfolio, Record, Result};
use crate::domain::breadth::{self, Advice, Breadth, Verdict};
use crate::domain::handover::{Moved, colleagues, owners_after, same_colleague};
use crate::domain::{ChangeKind, Clock, Tier, pinyin};
use std::collections::BTreeSet;

/// The colleagues as last read, and the file's change stamp then.
pub(super) struct Known {
    at: (i64, u64),
    names: Vec<String>,
}

/// A key account that rests on one person on our side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thin {
    pub id: i64,
    pub name: String,
    /// Its breadth now (`advice` says on whom it rests).
    pub breadth: Breadth,
    /// Who on our side holds the tie it rests on, when one is named.
    pub holder: Option<String>,
}

impl Thin {
    /// On whom the account rests, as breadth says it.
    pub fn advice(&self) -> Advice<'_> {
        self.breadth.advice()
    }
}

/// What a handover did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    /// The names as the file spells them most (as given, trimmed, when
    /// the file does not name them yet).
    pub from: String,
    pub to: String,
    pub moved: Moved,
    /// The accounts something moved in.
    pub touched: Vec<i64>,
    /// The key accounts handed over (archived ones aside) that rest on
    /// one person now, the largest revenue first.
    pub single_threaded: Vec<Thin>,
}

impl Portfolio {
    /// The colleagues the file names — owners, backup owners and who holds
    /// each tie — most used first, each under its most used spelling:
    /// what a field naming one of them offers.
    pub fn colleagues(&self) -> Result<Vec<String>> {
        // read again only when the file changed (here or by another kam):
        // at 50,000 contacts the scan takes tens of milliseconds
        let at = self.store.change_stamp()?;
        if let Some(known) = self.colleagues.borrow().as_ref()
            && known.at == at
        {
            return Ok(known.names.clone());
        }
        let names = colleagues(self.store.colleague_names()?);
        *self.colleagues.borrow_mut() = Some(Known {
            at,
            names: names.clone(),
        });
        Ok(names)
    }

    /// A colleague's name as the file spells it most (`wang lei` is
    /// `Wang Lei`); a name it does not know yet, trimmed.
    pub fn spelled(&self, name: &str) -> Result<String> {
        let name = name.trim();
        Ok(self
            .colleagues()?
            .into_iter()
            .find(|known| same_colleague(known, name))
            .unwrap_or_else(|| name.to_string()))
    }

    /// The owners of accounts, most accounts first.
    pub fn owners(&self) -> Result<Vec<String>> {
        Ok(colleagues(self.store.owner_names()?))
    }

    /// The accounts (archived ones too) whose owner is `owner`, compared
    /// as `same_colleague` does; none is an error naming the owners kam
    /// knows.
    pub fn accounts_owned_by(&self, owner: &str) -> Result<Vec<i64>> {
        let owner = owner.trim();
        if owner.is_empty() {
            return Err(Error::NoColleague { successor: false });
        }
        let ids: Vec<i64> = self
            .store
            .account_owners(None)?
            .into_iter()
            .filter(|(_, o, _)| same_colleague(o, owner))
            .map(|(id, _, _)| id)
            .collect();
        if ids.is_empty() {
            return Err(Error::OwnsNothing {
                name: owner.to_string(),
                owners: self.owners()?,
            });
        }
        Ok(ids)
    }

    /// Hands over from `from` to `to`, in one recorded change: in the
    /// accounts `from` owns (or in `accounts`, whoever owns them), an
    /// owner or backup owner `from` becomes `to` (a backup owner who would
    /// be the owner too is cleared), and every contact held by `from` on
    /// our side is held by `to`. Nothing else changes. A `to` the file
    /// names already is written as the file spells them most. Then the key
    /// accounts among them that rest on one person are listed.
    pub fn handover(
        &mut self,
        from: &str,
        to: &str,
        accounts: Option<&[i64]>,
        clock: &Clock,
    ) -> Result<Handover> {
        let (from, to) = (from.trim(), to.trim());
        if from.is_empty() || to.is_empty() {
            return Err(Error::NoColleague {
                successor: !from.is_empty(),
            });
        }
        // each as the file spells them most (`wang lei` is `Wang Lei`), so
        // that a successor already named is stored as they are named
        let (from, to) = (self.spelled(from)?, self.spelled(to)?);
        let (from, to) = (from.as_str(), to.as_str());
        if same_colleague(from, to) {
            return Err(Error::SameColleague(from.to_string()));
        }
        let scope: Vec<i64> = match accounts {
            None => self.accounts_owned_by(from)?,
            Some(ids) => {
                let ids: Vec<i64> = ids
                    .iter()
                    .copied()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let found = self.store.account_owners(Some(&ids))?;
                if found.len() < ids.len() {
                    return Err(Error::Gone(Record::Account));
                }
                ids
            }
        };
        let subject = format!("{from} → {to}");
        let (moved, touched) = self.write(ChangeKind::Handover, subject, clock, |w| {
            let mut moved = Moved::default();
            let mut touched = BTreeSet::new();
            for (id, owner, backup) in w.account_owners(Some(&scope))? {
                if let Some((new_owner, new_backup)) = owners_after(&owner, &backup, from, to) {
                    moved.accounts += usize::from(same_colleague(&owner, from));
                    moved.backups += usize::from(same_colleague(&backup, from));
                    w.set_account_owners(id, &new_owner, &new_backup, clock)?;
                    touched.insert(id);
                }
            }
            for (id, account, our_side) in w.tie_holders(&scope)? {
                if same_colleague(&our_side, from) {
                    w.set_tie_holder(id, to, clock)?;
                    moved.ties += 1;
                    touched.insert(account);
                }
            }
            Ok((moved, touched.into_iter().collect::<Vec<i64>>()))
        })?;
        Ok(Handover {
            from: from.to_string(),
            to: to.to_string(),
            moved,
            touched,
            single_threaded: self.single_threaded_among(&scope, clock)?,
        })
    }

    /// The key accounts among `ids` (archived ones aside) resting on one
    /// person, the largest revenue first: the verdict of the Accounts
    /// list, and on whom each rests.
    fn single_threaded_among(&self, ids: &[i64], clock: &Clock) -> Result<Vec<Thin>> {
        let thresholds = self.thresholds();
        let mut rows: Vec<_> = self
            .account_rows(ids, clock.now)?
            .into_iter()
            .filter(|r| {
                r.tier == Tier::Key
                    && !r.archived
                    && r.breadth.verdict(&thresholds) == Verdict::SingleThreaded
            })
            .collect();
        rows.sort_by(|a, b| {
            b.annual_revenue
                .cmp(&a.annual_revenue)
                .then_with(|| pinyin::cmp_names(&a.name, &b.name))
        });
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let ties: Vec<_> = self
                .store
                .contacts_of(row.id)?
                .iter()
                .map(|c| c.tie())
                .collect();
            let breadth = breadth::breadth(&ties, clock.today(), &thresholds);
            let holder = match breadth.advice() {
                Advice::Sole { name, .. } => ties
                    .iter()
                    .find(|t| !t.left_company && t.name == name)
                    .map(|t| t.our_side.trim().to_string())
                    .filter(|h| !h.is_empty()),
                Advice::OneHolder { holder } => Some(holder.to_string()),
                _ => None,
            };
            out.push(Thin {
                id: row.id,
                name: row.name,
                breadth,
                holder,
            });
        }
        Ok(out)
    }
}
