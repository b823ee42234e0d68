//! Runtime library of the toolkit: the CloudFormation template model, intrinsic functions,
//! resource types generated from the CloudFormation registry schemas, synth-time checks and
//! an assertions API for tests of synthesized stacks.
//!
//! Stacks are normally written with `ha_macros::stack!{}`, which checks the whole resource
//! graph at compile time and expands to the typed constructs of this crate.

pub mod app;
pub mod assertions;
pub mod resource;
pub mod resources;
pub mod stack;
pub mod synth;
pub mod template;
pub mod value;

pub use app::{App, AppError, Import, OutputRef};
pub use resource::{Handle, Resource};
pub use stack::{interpolate, interpolate_json, Env, Stack, Suppression};
pub use synth::{synth, Problem, Severity, SynthErrors, Synthesized};
pub use template::{Output, Parameter, Policy, ResourceEntry, Template};
pub use value::{fns, FromIntrinsic, Intrinsic, Json, Pseudo, Render, Value};

/// Re-exports for macro expansions (not part of the public API).
#[doc(hidden)]
pub mod __private {
    pub use indexmap::IndexMap;
}
