//! The concrete forms: each says which fields it has and how their values
//! become a domain input. The generic machinery is `widgets::form`.

pub mod account;
