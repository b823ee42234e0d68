//! ha-app: the single-region HA stack and its CLI.

pub mod config;
pub mod stack;

pub use config::Config;
pub use stack::HaStack;
