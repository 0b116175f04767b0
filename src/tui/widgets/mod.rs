//! Widgets shared by every screen: tables measured in cells, forms, popups,
//! the help overlay and the hint bar.

pub mod cadence;
pub mod form;
pub mod help;
pub mod picker;
pub mod popup;
pub mod scroll;
pub mod search;
pub mod table;
