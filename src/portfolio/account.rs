//! One account in depth: everything the sections of the Account view show,
//! read in one go.

use super::complaints::Aged;
use super::{Portfolio, Result};
use crate::domain::breadth::{Breadth, breadth};
use crate::domain::health::{Health, OpenComplaint, portfolio_health};
use crate::domain::{Account, Clock};
use crate::store::complaints::ComplaintQuery;
use crate::store::contacts::ContactRow;
use crate::store::surveys::{SurveyQuery, SurveyRow};
use crate::store::visits::VisitRow;

pub use crate::store::accounts::AccountFigures;

/// How many past complaints, visits and surveys an account shows.
const ACCOUNT_HISTORY: u32 = 500;

/// Everything the sections of one account show.
pub struct AccountData {
    pub account: Account,
    pub figures: AccountFigures,
    pub contacts: Vec<ContactRow>,
    /// Derived from `contacts` when loaded.
    pub breadth: Breadth,
    /// Open complaints oldest first, then past ones newest first.
    pub complaints: Vec<Aged>,
    pub avg_resolution_hours: Option<f64>,
    /// Planned visits earliest first, then past ones newest first.
    pub visits: Vec<VisitRow>,
    /// Newest first.
    pub surveys: Vec<SurveyRow>,
    pub health: Health,
    /// Days of the warning zone before a visit falls due by this
    /// account's cadence (`Settings::due_soon_days`).
    pub due_soon_days: i64,
    /// Promises: the open ones by due date, then the kept ones.
    pub commitments: Vec<crate::domain::Commitment>,
}

impl Portfolio {
    /// The breadth of one account's ties on `today`.
    pub fn breadth_of(&self, id: i64, today: chrono::NaiveDate) -> Result<Breadth> {
        let ties: Vec<_> = self
            .store
            .contacts_of(id)?
            .iter()
            .map(ContactRow::tie)
            .collect();
        Ok(breadth(&ties, today, &self.thresholds()))
    }

    /// Everything about one account, in a handful of queries; `None` when
    /// it does not exist.
    pub fn account_view(&self, id: i64, clock: &Clock) -> Result<Option<AccountData>> {
        let store = &self.store;
        let settings = &self.settings;
        let Some(account) = store.get_account(id)? else {
            return Ok(None);
        };
        let figures = store.account_figures(id)?;
        let contacts = store.contacts_of(id)?;
        let ties: Vec<_> = contacts.iter().map(ContactRow::tie).collect();
        let breadth = breadth(&ties, clock.today(), &self.thresholds());
        let complaints: Vec<Aged> = store
            .list_complaints(ComplaintQuery {
                account_id: Some(id),
                resolved_limit: ACCOUNT_HISTORY,
            })?
            .into_iter()
            .map(|r| Aged::new(r, clock.now, settings))
            .collect();
        let avg_resolution_hours = store.average_resolution_hours(id)?;
        let visits = store.visits_of(id, ACCOUNT_HISTORY)?;
        let surveys = store.list_surveys(SurveyQuery {
            account_id: Some(id),
            low_only: false,
            limit: ACCOUNT_HISTORY,
        })?;
        let Some(summary) = self.account_row(id, clock.now)? else {
            return Ok(None);
        };
        let open: Vec<OpenComplaint> = complaints
            .iter()
            .filter(|c| c.row.status.is_unresolved())
            .map(|c| OpenComplaint {
                id: c.row.id,
                tier: c.row.tier,
                account_id: id,
                opened_at: c.row.opened_at,
                severity: c.row.severity,
            })
            .collect();
        let health = portfolio_health(std::slice::from_ref(&summary), &open, settings, clock.now)
            .pop()
            .expect("one account in, one health out");
        let due_soon_days = settings.due_soon_days(account.input.visit_cadence_days);
        Ok(Some(AccountData {
            account,
            figures,
            contacts,
            breadth,
            complaints,
            avg_resolution_hours,
            visits,
            surveys,
            health,
            due_soon_days,
            commitments: crate::store::commitments::of_account(store.conn(), id)?,
        }))
    }
}
