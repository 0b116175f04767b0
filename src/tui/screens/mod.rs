//! One file per screen, each owning its state, its key handling and its
//! drawing.

pub mod account;
pub mod accounts;
pub mod complaints;
pub mod surveys;
pub mod today;
pub mod visits;
