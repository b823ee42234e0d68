//! `ha-deploy`: the CloudFormation deploy runner and the generic stack CLI.
//!
//! An app crate implements [`app::StackApp`] (render a deterministic template) and calls
//! [`app::main`]; everything else — synth, diff, deploy, destroy, outputs, graph, the Step
//! Functions failover verbs and bootstrap — lives here.
//!
//! Layout:
//! - [`app`]: the app interface and `main`.
//! - [`cli`]: clap definitions, flag resolution (suffix/region sources), verb dispatch.
//! - [`console`]: all terminal output and prompts (injectable streams for tests).
//! - [`error`]: the error kinds and their exit codes.
//! - [`aws`]: SDK clients, error classification, preflight (region list, STS).
//! - [`template`]: pure analysis of the rendered template (resources, references).
//! - [`diff`]: change-set rendering, replacement inference, structural JSON diff (pure).
//! - [`progress`]: event rendering, progress line, root cause (pure).
//! - [`stack`]: CloudFormation operations shared by the verbs (describe, change sets, watching).
//! - [`validator`]: AWS's offline validator and the deploy-failure pack (synth, validate, deploy).
//! - [`deploy`], [`destroy`], [`outputs`], [`graph`], [`stepfn`], [`bootstrap`]: the verbs.

pub mod app;
pub mod aws;
pub mod bootstrap;
pub mod cli;
pub mod console;
pub mod deploy;
pub mod destroy;
pub mod diff;
pub mod drift;
pub mod error;
pub mod graph;
pub mod outputs;
pub mod plugin;
pub mod progress;
pub mod protect;
pub mod security;
pub mod snapshot;
pub mod stack;
pub mod stepfn;
pub mod store;
pub mod template;
pub mod validation;
pub mod validator;
