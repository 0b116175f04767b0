//! The concrete forms: each says which fields it has and how their values
//! become a domain input. The generic machinery is `widgets::form`.

pub mod account;
pub mod contact;

use crate::strings::{Label, s};

/// The labels of every value of an enumeration, for a choice field.
pub fn labels<T: Label + Copy>(all: &[T]) -> Vec<String> {
    all.iter().map(|x| x.label().to_string()).collect()
}

/// Labels of an optional choice: "—" first, then the values.
pub fn optional_labels<T: Label + Copy>(all: &[T]) -> Vec<String> {
    std::iter::once(s().choice_none.to_string())
        .chain(all.iter().map(|x| x.label().to_string()))
        .collect()
}

pub fn position<T: PartialEq>(all: &[T], x: &T) -> usize {
    all.iter().position(|v| v == x).unwrap_or(0)
}

/// The index of an optional value in `optional_labels` (0 = none).
pub fn optional_position<T: PartialEq>(all: &[T], x: &Option<T>) -> usize {
    x.as_ref().map_or(0, |x| position(all, x) + 1)
}
