//! ha-stack: the single-region HA stack (`TapStack<suffix>`), its configuration and flags.
//!
//! [`HaApp`] implements [`ha_synth::StackApp`]: the runners (`ha-stack synth`, and `ha-app` for synth, diff,
//! deploy, destroy, outputs, failover) calls [`HaApp::synth`] with the global context and
//! the app flags ([`HaAppArgs`]).

pub mod config;
pub mod stack;

pub use config::Config;
pub use ha_synth::create_only;
use ha_synth::{StackApp, SynthContext, SynthOutput};
pub use stack::HaStack;

/// The app's own flags, flattened into every verb.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct HaAppArgs {
    /// NAT gateways, 1 to 3 (default 3: one per AZ)
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub nat_gateways: Option<u8>,
    /// Production settings: deletion protection, r6g instances, 3 tasks (implied by suffix `prod`)
    #[arg(long)]
    pub production: bool,
    /// Public hosted zone name (default ha-<suffix>.platform-demo.net)
    #[arg(long)]
    pub domain: Option<String>,
    /// Application container image (default public.ecr.aws/nginx/nginx:stable)
    #[arg(long)]
    pub image: Option<String>,
    /// ACM certificate ARN: serve production traffic over HTTPS
    #[arg(long)]
    pub certificate_arn: Option<String>,
    /// Cost tag Project
    #[arg(long)]
    pub project: Option<String>,
    /// Cost tag Owner
    #[arg(long)]
    pub owner: Option<String>,
    /// Cost tag CostCenter
    #[arg(long)]
    pub cost_center: Option<String>,
    /// E-mail subscribed to alarm and operations notifications
    #[arg(long)]
    pub alarm_email: Option<String>,
}

impl HaAppArgs {
    /// The configuration for `suffix` with these flags applied.
    pub fn config(&self, suffix: &str) -> anyhow::Result<Config> {
        let mut c = Config::new(suffix);
        if let Some(n) = self.nat_gateways {
            c.nat_gateways = n;
        }
        c.production = c.production || self.production;
        let set = |slot: &mut String, v: &Option<String>| {
            if let Some(v) = v {
                *slot = v.clone();
            }
        };
        set(&mut c.domain, &self.domain);
        set(&mut c.image, &self.image);
        set(&mut c.project, &self.project);
        set(&mut c.owner, &self.owner);
        set(&mut c.cost_center, &self.cost_center);
        c.certificate_arn = self.certificate_arn.clone().filter(|s| !s.is_empty());
        c.alarm_email = self.alarm_email.clone().filter(|s| !s.is_empty());
        c.validate()?;
        Ok(c)
    }
}

/// Renders the stack for a configuration.
pub fn render(cfg: &Config, suffix_source: &str) -> ha_core::Stack {
    HaStack::synth(&ha_core::Env::new(cfg.suffix.clone(), suffix_source), cfg)
}

/// The template text after the synth-time checks of `ha_core::synth` (suffix, physical-name
/// limits per resource type, CloudFormation quotas); every problem is reported at once.
pub fn checked_json(stack: &ha_core::Stack, env: &ha_core::Env) -> anyhow::Result<String> {
    match ha_core::synth::synth(stack, env) {
        Ok(s) => Ok(s.json),
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}

/// The app.
#[derive(Debug, Clone, Copy, Default)]
pub struct HaApp;

impl StackApp for HaApp {
    type Args = HaAppArgs;

    fn synth(&self, ctx: &SynthContext, args: &HaAppArgs) -> anyhow::Result<SynthOutput> {
        let cfg = args.config(&ctx.suffix)?;
        let env = ha_core::Env::new(cfg.suffix.clone(), ctx.suffix_source.clone());
        let stack = HaStack::synth(&env, &cfg);
        // Synth-time checks (suffix, physical-name limits, CloudFormation quotas) run before
        // anything is written; every problem is reported at once.
        let template_json = checked_json(&stack, &env)?;
        Ok(SynthOutput {
            stack_name: stack.name,
            create_only: create_only(&template_json)?,
            template_json,
            parameters: cfg.parameters(),
            tags: cfg.tags(),
            deletion_protected: cfg.production,
            unprotect_parameters: Config::unprotect_parameters(),
            delete_data_parameters: Config::delete_backups_parameters(),
            sources: ha_synth::sources(HaStack::SOURCES),
            depends_on: Vec::new(),
        })
    }
}

/// The synth-only CLI (`ha-stack synth`), instantiated here rather than in the binary: the
/// binary crate stays a one-line call, so relinking it after an edit of the stack compiles
/// nothing generic again (docs/edit-loop.md).
pub fn synth_main() -> std::process::ExitCode {
    ha_synth::main(HaApp)
}
