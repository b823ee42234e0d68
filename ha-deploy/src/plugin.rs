//! Plug-ins: how an app adds its own verbs and data stores to the generic CLI without the
//! runner knowing about them.
//!
//! ```ignore
//! fn main() -> std::process::ExitCode {
//!     ha_deploy::app::main_with(MyStack, MyPlugin)
//! }
//! ```
//!
//! A plug-in verb gets the app's flags and the global flags added to its own, runs after
//! synth and preflight, and receives the same [`Ctx`] the built-in verbs use (clients,
//! console, interrupt, complete-command hints).

use crate::app::SynthOutput;
use crate::error::input;
use crate::stack::Ctx;
use crate::store::{BoxFut, DataStore};

/// Extra verbs and data stores of an app.
pub trait Plugin {
    /// The extra verbs with their own flags (the app's and the global flags are added).
    fn verbs(&self) -> Vec<clap::Command>;
    /// Run extra verb `verb` with its parsed flags.
    fn run<'a>(
        &'a self,
        ctx: &'a Ctx<'a>,
        stack: &'a SynthOutput,
        verb: &'a str,
        args: &'a clap::ArgMatches,
    ) -> BoxFut<'a, anyhow::Result<()>>;
    /// Data stores `destroy` handles besides S3 buckets.
    fn stores(&self) -> Vec<Box<dyn DataStore>>;
}

/// No extra verbs, no extra data stores.
pub struct NoPlugin;

/// The error for a verb a plug-in does not have.
pub fn unknown_verb(verb: &str) -> anyhow::Error {
    input(format!("this app has no verb `{verb}`"))
}

impl Plugin for NoPlugin {
    fn verbs(&self) -> Vec<clap::Command> {
        Vec::new()
    }
    fn run<'a>(
        &'a self,
        _ctx: &'a Ctx<'a>,
        _stack: &'a SynthOutput,
        verb: &'a str,
        _args: &'a clap::ArgMatches,
    ) -> BoxFut<'a, anyhow::Result<()>> {
        Box::pin(async move { Err(unknown_verb(verb)) })
    }
    fn stores(&self) -> Vec<Box<dyn DataStore>> {
        Vec::new()
    }
}
