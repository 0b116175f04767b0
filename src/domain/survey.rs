//! Satisfaction surveys on the five-point scale (5 highly satisfied …
//! 1 very dissatisfied); a dimension not asked is `None`.

use super::enums::SurveyChannel;
use super::{FieldError, check_text};
use chrono::NaiveDate;

pub const COMMENT_MAX: usize = 4000;

/// The dimensions scored, in the order the form asks them. The first five
/// are the guarantees key accounts ask of a supplier plus communication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    ProductQuality,
    ServiceQuality,
    Delivery,
    Value,
    Communication,
    Overall,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::ProductQuality,
        Dimension::ServiceQuality,
        Dimension::Delivery,
        Dimension::Value,
        Dimension::Communication,
        Dimension::Overall,
    ];

    /// The column that stores this dimension's score.
    pub fn column(self) -> &'static str {
        match self {
            Dimension::ProductQuality => "product_quality",
            Dimension::ServiceQuality => "service_quality",
            Dimension::Delivery => "delivery",
            Dimension::Value => "value",
            Dimension::Communication => "communication",
            Dimension::Overall => "overall",
        }
    }
}

/// One survey row as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Survey {
    pub id: i64,
    pub uid: String,
    pub account_id: i64,
    #[serde(flatten)]
    pub input: SurveyInput,
    pub created_at: String,
    pub updated_at: String,
}

/// What the user enters in the survey form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SurveyInput {
    pub contact_id: Option<i64>,
    pub taken_at: NaiveDate,
    pub channel: SurveyChannel,
    /// Scores in `Dimension::ALL` order; `None` = not asked. Overall is required.
    pub scores: [Option<u8>; 6],
    pub comment: String,
}

impl SurveyInput {
    pub fn score(&self, d: Dimension) -> Option<u8> {
        self.scores[Dimension::ALL.iter().position(|x| *x == d).unwrap_or(5)]
    }

    /// Checks the scores (1–5, overall required), the date (not in the
    /// future) and the comment.
    pub fn normalized(mut self, today: NaiveDate) -> Result<SurveyInput, Vec<FieldError>> {
        self.comment = self.comment.trim_end().to_string();
        let mut errors = Vec::new();
        for (d, s) in Dimension::ALL.iter().zip(self.scores) {
            if let Some(s) = s
                && !(1..=5).contains(&s)
            {
                errors.push(FieldError::new(d.column(), "must be 1 to 5"));
            }
        }
        if self.score(Dimension::Overall).is_none() {
            errors.push(FieldError::new("overall", "is required"));
        }
        if self.taken_at > today {
            errors.push(FieldError::new("taken_at", "cannot be in the future"));
        }
        check_text(&mut errors, "comment", &self.comment, COMMENT_MAX, false);
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overall_is_required_and_scores_stay_on_the_scale() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let s = SurveyInput {
            contact_id: None,
            taken_at: today,
            channel: SurveyChannel::Visit,
            scores: [Some(6), None, Some(3), None, None, None],
            comment: String::new(),
        };
        let fields: Vec<_> = s
            .normalized(today)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["product_quality", "overall"]);
    }
}
