//! The second app: a serverless link shortener in two stacks, written only with the toolkit's
//! public API.
//!
//! - [`stacks::LinksData`]: the link table with its change stream;
//! - [`stacks::LinksApi`]: an HTTP API (API Gateway v2) with a Cognito JWT authorizer, the
//!   redirect function behind it and an audit function reading the table's stream. Its header
//!   lists `imports: [LinksData]` and it reads `LinksData.TableArn`, `LinksData.StreamArn` and
//!   `LinksData.TableName`: the macro checks that those outputs exist and fit where they are
//!   used; [`ha_core::App`] exports them from the data stack;
//! - [`LinksApp`]: both stacks for the runner ([`StackApp::stacks`]), which deploys the data
//!   stack first, destroys it last, and refuses to destroy it alone while the API imports it.

pub mod stacks;

use ha_core::{App, Env};
use ha_synth::{StackApp, SynthContext, SynthOutput};
use stacks::{LinksApi, LinksData};

/// The app's own flags (none yet besides the runner's).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LinksArgs {
    /// Owner cost-allocation tag, sent as a stack tag
    #[arg(long, default_value = "platform-team")]
    pub owner: String,
}

/// The links app.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinksApp;

impl StackApp for LinksApp {
    type Args = LinksArgs;

    fn stacks(&self, ctx: &SynthContext, args: &LinksArgs) -> anyhow::Result<Vec<SynthOutput>> {
        let env = Env::new(ctx.suffix.clone(), ctx.suffix_source.clone());
        let stacks = App::new()
            .stack(LinksData::synth(&env))
            .stack(LinksApi::synth(&env))
            .build()?;
        let sources = [LinksData::SOURCES, LinksApi::SOURCES];
        stacks
            .into_iter()
            .zip(sources)
            .map(|(stack, sources)| {
                // the synth-time checks (suffix, physical-name limits, quotas), every problem at once
                let template_json = ha_core::synth(&stack, &env)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", stack.name))?
                    .json;
                Ok(SynthOutput {
                    create_only: ha_synth::create_only(&template_json)?,
                    depends_on: stack.depends_on(),
                    stack_name: stack.name,
                    template_json,
                    tags: vec![
                        ("Project".into(), "links".into()),
                        ("Owner".into(), args.owner.clone()),
                    ],
                    sources: ha_synth::sources(sources),
                    ..SynthOutput::default()
                })
            })
            .collect()
    }
}
