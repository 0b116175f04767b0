//! Satisfaction surveys on the five-point scale (5 highly satisfied …
//! 1 very dissatisfied); a dimension not asked is `None`.

use super::enums::{ComplaintCategory, SurveyChannel};
use super::{FieldError, Problem, check_text};
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
                errors.push(FieldError::new(
                    d.column(),
                    Problem::OutOfRange { min: 1, max: 5 },
                ));
            }
        }
        if self.score(Dimension::Overall).is_none() {
            errors.push(FieldError::new("overall", Problem::Required));
        }
        if self.taken_at > today {
            errors.push(FieldError::new("taken_at", Problem::InFuture));
        }
        check_text(&mut errors, "comment", &self.comment, COMMENT_MAX, false);
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// CSAT: the share of answers that are 4 or 5, in percent; `None` when
/// nothing was answered (not asked is not an answer).
pub fn csat(scores: impl IntoIterator<Item = Option<u8>>) -> Option<f64> {
    let (mut answered, mut satisfied) = (0u32, 0u32);
    for s in scores.into_iter().flatten() {
        answered += 1;
        if s >= 4 {
            satisfied += 1;
        }
    }
    (answered > 0).then(|| f64::from(satisfied) * 100.0 / f64::from(answered))
}

/// Which way satisfaction moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Up,
    Flat,
    Down,
}

impl Trend {
    /// Its stable machine code: `rising`, `steady`, `falling`.
    pub fn code(self) -> &'static str {
        match self {
            Trend::Up => "rising",
            Trend::Flat => "steady",
            Trend::Down => "falling",
        }
    }
}

/// The latest score against the mean of up to three before it: half a
/// point or more is a move. `None` with fewer than two scores.
/// `scores` is newest first.
pub fn trend(scores: &[u8]) -> Option<Trend> {
    let (latest, before) = scores.split_first()?;
    let before = &before[..before.len().min(3)];
    if before.is_empty() {
        return None;
    }
    let mean = before.iter().map(|&s| f64::from(s)).sum::<f64>() / before.len() as f64;
    let delta = f64::from(*latest) - mean;
    Some(if delta >= 0.5 {
        Trend::Up
    } else if delta <= -0.5 {
        Trend::Down
    } else {
        Trend::Flat
    })
}

/// A score of 2 or less: worth a complaint or a follow-up visit.
pub const LOW_SCORE: u8 = 2;

impl Dimension {
    /// The complaint category a low score on this dimension becomes.
    pub fn complaint_category(self) -> ComplaintCategory {
        match self {
            Dimension::ProductQuality => ComplaintCategory::Quality,
            Dimension::ServiceQuality | Dimension::Communication => ComplaintCategory::Service,
            Dimension::Delivery => ComplaintCategory::Delivery,
            Dimension::Value => ComplaintCategory::Price,
            Dimension::Overall => ComplaintCategory::Other,
        }
    }
}

impl SurveyInput {
    /// The lowest low score (≤ 2) and its dimension, the first of equals
    /// in form order; the five specific dimensions before overall.
    pub fn lowest(&self) -> Option<(Dimension, u8)> {
        Dimension::ALL
            .iter()
            .zip(self.scores)
            .filter_map(|(d, s)| s.map(|s| (*d, s)))
            .filter(|(_, s)| *s <= LOW_SCORE)
            .min_by_key(|(d, s)| (*s, *d == Dimension::Overall))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csat_counts_fours_and_fives_among_answers() {
        assert_eq!(csat([]), None);
        assert_eq!(csat([None, None]), None, "only NULLs");
        assert_eq!(csat([Some(5)]), Some(100.0));
        assert_eq!(csat([Some(3)]), Some(0.0));
        assert_eq!(csat([Some(4), Some(2), None, Some(5), Some(1)]), Some(50.0));
    }

    #[test]
    fn trend_needs_two_surveys_and_half_a_point() {
        assert_eq!(trend(&[]), None);
        assert_eq!(trend(&[4]), None, "one survey: no arrow");
        assert_eq!(trend(&[5, 4]), Some(Trend::Up));
        assert_eq!(trend(&[3, 4]), Some(Trend::Down));
        assert_eq!(trend(&[4, 4, 4, 3]), Some(Trend::Flat));
        // only the three before the latest count
        assert_eq!(trend(&[4, 4, 4, 4, 1, 1]), Some(Trend::Flat));
        assert_eq!(trend(&[2, 3, 3, 2]), Some(Trend::Down));
    }

    #[test]
    fn the_lowest_low_score_prefills_a_complaint() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut s = SurveyInput {
            contact_id: None,
            taken_at: today,
            channel: SurveyChannel::Visit,
            scores: [Some(4), Some(5), Some(2), Some(3), None, Some(3)],
            comment: String::new(),
        };
        assert_eq!(s.lowest(), Some((Dimension::Delivery, 2)));
        assert_eq!(
            Dimension::Delivery.complaint_category(),
            ComplaintCategory::Delivery
        );
        s.scores = [Some(4), Some(4), Some(4), Some(4), Some(4), Some(2)];
        assert_eq!(s.lowest(), Some((Dimension::Overall, 2)));
        s.scores = [Some(2), Some(4), Some(4), Some(4), Some(4), Some(2)];
        assert_eq!(s.lowest(), Some((Dimension::ProductQuality, 2)));
        s.scores = [Some(3); 6];
        assert_eq!(s.lowest(), None);
        assert_eq!(
            Dimension::Value.complaint_category(),
            ComplaintCategory::Price
        );
        assert_eq!(
            Dimension::Communication.complaint_category(),
            ComplaintCategory::Service
        );
    }

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
