//! ha-app: the full CLI of the HA stack (synth, diff, deploy, destroy, outputs, failover).
//!
//! The stack itself, its configuration and flags live in `ha-stack`, a small crate that links
//! no AWS SDK (its own binary is the fast synth-only path); this crate adds the deploy runner.

pub use ha_stack::*;
