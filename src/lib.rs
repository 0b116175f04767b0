//! kam — a key account manager for the terminal.
//!
//! Layers, each knowing only those above it in this list:
//! `domain` (types and rules) → `store` (SQLite) → `tui` (screens) and
//! `interop` (files in and out) → `cli` and `main` (dispatch).

pub mod cli;
pub mod console;
pub mod demo;
pub mod domain;
pub mod interop;
pub mod portfolio;
pub mod store;
pub mod strings;
pub mod strings_brief;
pub mod strings_cards;
pub mod strings_cli;
pub mod strings_dates;
pub mod strings_records;
pub mod strings_sync;
mod strings_zh;
pub mod tui;
