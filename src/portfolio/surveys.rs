//! Surveys: the list of responses, and saving one — a low score calls for
//! a follow-up.

use super::error::found;
use super::{Portfolio, Record, Result};
use crate::domain::{ChangeKind, Clock, Dimension, SurveyInput};

pub use crate::store::surveys::{SurveyQuery, SurveyRow};

/// What a low score calls for: a complaint about its dimension, or a visit
/// to the respondent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUp {
    pub account_id: i64,
    pub dimension: Dimension,
    pub score: u8,
    pub contact_id: Option<i64>,
    /// When the follow-up visit is proposed (`Portfolio::follow_up_visit_at`).
    pub visit_at: chrono::NaiveDateTime,
}

/// A survey saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSurvey {
    pub id: i64,
    pub account_name: String,
    /// Only for a new survey with a score of 2 or less.
    pub follow_up: Option<FollowUp>,
}

impl Portfolio {
    /// Survey responses, newest first.
    pub fn surveys(&self, query: SurveyQuery) -> Result<Vec<SurveyRow>> {
        Ok(self.store.list_surveys(query)?)
    }

    /// One survey response.
    pub fn survey(&self, id: i64) -> Result<SurveyRow> {
        found(Record::Survey, self.store.get_survey(id)?)
    }

    /// Saves a new survey of an account (`id` None) or changes one.
    pub fn save_survey(
        &mut self,
        account_id: i64,
        id: Option<i64>,
        input: &SurveyInput,
        clock: &Clock,
    ) -> Result<SavedSurvey> {
        let account_name = self.account_name(account_id);
        let saved = match id {
            Some(id) => {
                self.write(ChangeKind::SurveyEdit, account_name.clone(), clock, |w| {
                    w.update_survey(id, input, clock)
                })?;
                id
            }
            None => self.write(ChangeKind::SurveyAdd, account_name.clone(), clock, |w| {
                w.add_survey(account_id, input, clock)
            })?,
        };
        let follow_up = match (id, input.lowest()) {
            (None, Some((dimension, score))) => Some(FollowUp {
                account_id,
                dimension,
                score,
                contact_id: input.contact_id,
                visit_at: self.follow_up_visit_at(account_id, clock)?,
            }),
            _ => None,
        };
        Ok(SavedSurvey {
            id: saved,
            account_name,
            follow_up,
        })
    }
}
