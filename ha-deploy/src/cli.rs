//! The generic stack CLI: clap definitions, flag resolution and verb dispatch.

use crate::app::{StackApp, SynthContext, SynthOutput};
use crate::aws::{check_region, preflight, Clients};
use crate::console::Console;
use crate::deploy::DeployOptions;
use crate::destroy::DestroyOptions;
use crate::error::{exit_code, input};
use crate::plugin::Plugin;
use crate::stack::{Ctx, Hint};
use crate::store::{DataStore, S3Buckets};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

const LONG_ABOUT: &str = "\
Synthesize, diff, deploy and destroy the CloudFormation stack of this app.

Every change goes through a CloudFormation change set named after this run. Changes that touch
IAM, security groups or replace resources are confirmed first (or pass --yes). Stack events
stream live while an operation runs; on failure the root cause (the first failed resource and
its reason) is printed.

Data safety: protection is read from the deployed stack, never from today's flags. A deploy
that would lower it is refused unless --remove-deletion-protection (and a confirmation);
destroy asks for the stack name (or --yes), a protected stack also needs --force, and the
backups, object versions and databases of a protected stack are kept unless --delete-data.
Everything is checked before anything is deleted.

synth and deploy run AWS's offline validator (cloudformation-validate, with the cdk-preflight
pack of deploy-time failures) from the project's .venv or HA_VALIDATOR_PYTHON; an error stops
deploy before any AWS call (--no-validate skips it).

Credentials come from the standard AWS chain (environment, profiles, SSO; --profile). The
region follows the SDK order: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region,
then lib/AWS_REGION, then us-east-1. Account, region and stack are printed before any change.

An app of several stacks (stacks importing each other's exports) deploys them in dependency
order and stops at the first failure; destroy goes in reverse order after checking every
stack, with one confirmation. --stack NAME acts on one stack: deploy --stack checks that the
stacks it imports from are deployed; destroy --stack refuses while another stack imports its
exports. watch, drift, graph and the app's own verbs need --stack when the app has several.

Examples:
  app synth                          write out/<stack>.template.json and out/app.manifest.json, validate, print a summary
  app validate -v                    AWS's offline validator and the deploy-failure pack, all findings
  app diff --suffix pr42             what a deploy would change: resources, parameters, security
  app deploy --yes                   deploy without asking
  app deploy --endpoint-url http://127.0.0.1:5055   deploy to the local endpoint
  app watch                          resume watching a running operation
  app drift                          detect drift, print drifted resources and properties
  app outputs                        print outputs, write cfn-outputs/flat-outputs.json
  app destroy --yes                  destroy a development stack without asking
  app destroy --suffix prod --force  destroy a protected stack (asks for its name)
  app graph                          write out/<stack>.dot/.svg and out/<stack>.services.dot/.svg
  app deploy --stack network-dev     deploy one stack of a multi-stack app
  app bootstrap                      create the staging bucket for templates over 51,200 bytes";

fn exit_codes() -> String {
    let mut s = String::from("Exit codes:\n");
    for (code, meaning) in crate::error::EXIT_CODES {
        s.push_str(&format!("  {code:<4} {meaning}\n"));
    }
    s
}

/// Command line of an app.
#[derive(Parser)]
#[command(about = "Synthesize, diff, deploy and destroy this app's CloudFormation stack", long_about = LONG_ABOUT, after_help = exit_codes())]
pub struct Cli<A: clap::Args> {
    /// Flags shared by all verbs.
    #[command(flatten)]
    pub global: Global,
    /// The verb.
    #[command(subcommand)]
    pub verb: Verb<A>,
}

/// Flags shared by all verbs.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct Global {
    /// Environment suffix appended to resource names [env: ENVIRONMENT_SUFFIX] [default: dev]
    #[arg(long, global = true)]
    pub suffix: Option<String>,
    /// AWS region [env: AWS_REGION, AWS_DEFAULT_REGION; else the profile's region; else the file lib/AWS_REGION; else us-east-1]
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Named AWS profile (shared config/credentials files, SSO) [env: AWS_PROFILE]
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Custom endpoint, e.g. the local moto endpoint http://127.0.0.1:5055 [env: AWS_ENDPOINT_URL]
    #[arg(long, global = true)]
    pub endpoint_url: Option<String>,
    /// Do not ask: approve IAM / security group / replacement changes and confirm destroy
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
    /// Directory for synthesized files (templates, graphs)
    #[arg(long, global = true, default_value = "out")]
    pub out: PathBuf,
    /// Skip AWS's offline validator on synth and deploy
    #[arg(long, global = true)]
    pub no_validate: bool,
    /// Also show the validator's informational findings
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
    /// Act on this stack of the app only (by stack name, e.g. network-dev); without it, verbs act on every stack of the app in dependency order (destroy: in reverse)
    #[arg(long, global = true, value_name = "NAME")]
    pub stack: Option<String>,
}

/// Waiting for a busy stack.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct WaitArgs {
    /// How long to wait for a busy stack or a running operation (e.g. 90s, 30m, 2h)
    #[arg(long, default_value = "60m", value_parser = parse_duration)]
    pub wait_timeout: Duration,
    /// Fail (exit 3) instead of waiting when the stack is busy
    #[arg(long)]
    pub no_wait: bool,
    /// Poll CloudFormation at exactly this interval (1s to 5m) [default: start at 0.25 s, double up to 2 s]
    #[arg(long, value_parser = parse_poll_interval)]
    pub poll_interval: Option<Duration>,
}

/// Just the app's own synth options.
#[derive(clap::Args, Clone)]
pub struct AppArgs<A: clap::Args> {
    /// App options.
    #[command(flatten)]
    pub app: A,
}

/// App options and waiting (`watch`, `drift`).
#[derive(clap::Args, Clone)]
pub struct WaitingArgs<A: clap::Args> {
    /// App options.
    #[command(flatten)]
    pub app: A,
    /// Waiting.
    #[command(flatten)]
    pub wait: WaitArgs,
}

/// `deploy` options.
#[derive(clap::Args, Clone)]
pub struct DeployArgs<A: clap::Args> {
    /// App options.
    #[command(flatten)]
    pub app: A,
    /// Waiting.
    #[command(flatten)]
    pub wait: WaitArgs,
    /// Lower the deletion protection of a protected deployed stack on purpose (asks for the stack name, or --yes)
    #[arg(long)]
    pub remove_deletion_protection: bool,
    /// Express deployment for development stacks: done when configuration is applied, without waiting for resources to be ready (CloudFormation DeploymentConfig mode EXPRESS)
    #[arg(long)]
    pub express: bool,
}

/// `destroy` options.
#[derive(clap::Args, Clone)]
pub struct DestroyArgs<A: clap::Args> {
    /// App options.
    #[command(flatten)]
    pub app: A,
    /// Waiting.
    #[command(flatten)]
    pub wait: WaitArgs,
    /// Destroy a deletion-protected (production) stack: switch protection off first
    #[arg(long)]
    pub force: bool,
    /// Also delete the data of a protected stack: object versions, backup recovery points, databases without a final snapshot (each deletion is listed)
    #[arg(long)]
    pub delete_data: bool,
}

/// The verbs.
#[derive(Subcommand, Clone)]
pub enum Verb<A: clap::Args> {
    /// Render every template to --out (<out>/<stack>.template.json) with the app manifest (<out>/app.manifest.json), validate offline, print a summary
    Synth(AppArgs<A>),
    /// Validate the rendered template offline (AWS's validator and the deploy-failure pack) without writing anything
    Validate(AppArgs<A>),
    /// Show what a deploy would change: change set (add/modify/remove, replacements) and a property-by-property template diff
    Diff(AppArgs<A>),
    /// Deploy through a change set, stream events, print outputs and write cfn-outputs/flat-outputs.json
    Deploy(DeployArgs<A>),
    /// Check, show the plan, confirm (type the stack name, or --yes), empty the stack's data stores, delete it, verify nothing is left
    Destroy(DestroyArgs<A>),
    /// Watch the stack's running operation until it ends (resume after Ctrl-C or a lost connection)
    Watch(WaitingArgs<A>),
    /// Detect drift: print drifted resources and their properties (expected → actual)
    Drift(WaitingArgs<A>),
    /// Print the stack outputs as a table and write cfn-outputs/flat-outputs.json
    Outputs(AppArgs<A>),
    /// Write the resource graph as DOT and SVG (<out>/<stack>.dot, .svg) and the graph per AWS service (<out>/<stack>.services.dot, .svg)
    Graph(AppArgs<A>),
    /// Create or update the staging bucket for large templates (idempotent)
    Bootstrap,
}

/// Parse `90`, `90s`, `30m`, `2h`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, mult) = match s.chars().last() {
        Some('s') => (&s[..s.len() - 1], 1),
        Some('m') => (&s[..s.len() - 1], 60),
        Some('h') => (&s[..s.len() - 1], 3600),
        _ => (s, 1),
    };
    num.parse::<u64>()
        .map(|n| Duration::from_secs(n * mult))
        .map_err(|_| format!("`{s}` is not a duration: use e.g. 90s, 30m or 2h"))
}

/// A poll interval: a duration of 1 s to 5 min (CloudFormation's API rate limits make faster
/// polling pointless; slower polling hides failures for too long).
pub fn parse_poll_interval(s: &str) -> Result<Duration, String> {
    let d = parse_duration(s)?;
    if d < Duration::from_secs(1) || d > Duration::from_secs(300) {
        return Err(format!(
            "poll interval `{}` is out of range: use 1s to 300s (5m)",
            s.trim()
        ));
    }
    Ok(d)
}

/// Hook to adjust the SDK config loader (tests: HTTP client, credentials, retries).
pub type Customize =
    Arc<dyn Fn(aws_config::ConfigLoader) -> aws_config::ConfigLoader + Send + Sync>;

/// Environment variable lookup.
pub type Vars = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// The process environment the CLI runs in (injectable for tests).
pub struct Env {
    /// Environment variable lookup.
    pub vars: Vars,
    /// Working directory (lib/AWS_REGION is read, cfn-outputs/ and --out are written here).
    pub cwd: PathBuf,
    /// Becomes `true` on Ctrl-C.
    pub interrupt: watch::Receiver<bool>,
    /// Delay between polls of CloudFormation.
    pub poll: Duration,
    /// How long transient failures are retried while watching.
    pub retry_window: Duration,
    /// SDK config hook.
    pub customize: Option<Customize>,
}

impl Env {
    /// The real process environment.
    pub fn process(interrupt: watch::Receiver<bool>) -> Self {
        Env {
            vars: Box::new(|k| std::env::var(k).ok().filter(|v| !v.is_empty())),
            cwd: std::env::current_dir().unwrap_or_default(),
            interrupt,
            poll: Duration::from_secs(2),
            retry_window: Duration::from_secs(300),
            customize: None,
        }
    }
}

/// Resolve the suffix: flag, then ENVIRONMENT_SUFFIX, then `dev`; with its source.
pub fn resolve_suffix(flag: Option<String>, env: &Env) -> (String, String) {
    ha_synth::resolve_suffix(flag, &*env.vars)
}

/// Resolve the region like the AWS SDK: flag, AWS_REGION, AWS_DEFAULT_REGION, the region of
/// the profile (`profile`, else AWS_PROFILE, else `default`) in the shared config file, then
/// lib/AWS_REGION in the working directory, then us-east-1.
pub fn resolve_region(flag: Option<String>, profile: Option<&str>, env: &Env) -> (String, String) {
    let var = |k: &str| match (k, profile) {
        ("AWS_PROFILE", Some(p)) => Some(p.to_string()),
        _ => (env.vars)(k),
    };
    ha_synth::resolve_region(flag, &var, &env.cwd)
}

/// Identifies one run: `<unix millis>-<pid>` (a valid change-set name part and client token).
pub fn run_id() -> String {
    format!(
        "{}-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis(),
        std::process::id()
    )
}

/// Write `<dir>/<name>` (creating `dir`); returns the path.
fn write_file(dir: &Path, name: &str, text: &str) -> anyhow::Result<PathBuf> {
    ha_synth::write_file(dir, name, text).map_err(input)
}

fn synth_verb(console: &Console, out_dir: &Path, stacks: &[SynthOutput]) -> anyhow::Result<()> {
    for line in ha_synth::write_app(out_dir, stacks).map_err(input)? {
        console.line(&line);
    }
    Ok(())
}

/// The one stack a verb acts on; several (no `--stack`) is an input error listing them.
fn single(verb: &str, mut stacks: Vec<SynthOutput>) -> anyhow::Result<SynthOutput> {
    if stacks.len() != 1 {
        return Err(input(format!(
            "{verb} acts on one stack and this app has {}: {}; pass --stack NAME",
            stacks.len(),
            ha_synth::stack_names(&stacks)
        )));
    }
    Ok(stacks.remove(0))
}

/// Run AWS's offline validator on a rendered stack (skipped with `--no-validate`, except by the
/// `validate` verb, where `required` also makes a missing validator an error).
async fn validate(
    console: &Console,
    g: &Global,
    env: &Env,
    s: &SynthOutput,
    region: &str,
    required: bool,
) -> anyhow::Result<()> {
    if g.no_validate && !required {
        return Ok(());
    }
    let python = crate::validator::python(&*env.vars, &env.cwd);
    crate::validator::check(console, python.as_deref(), s, region, g.verbose, required).await
}

fn graph_verb(console: &Console, out_dir: &Path, s: &SynthOutput) -> anyhow::Result<()> {
    let tpl = crate::template::parse(&s.template_json)?;
    let name = &s.stack_name;
    let services = crate::graph::services(&tpl);
    let services_dot = crate::graph::services_dot(&services, name);
    let graphs = [
        (
            name.clone(),
            crate::graph::dot(&tpl, name),
            crate::graph::resource_svg(&tpl, name)?,
        ),
        (
            format!("{name}.services"),
            services_dot,
            crate::graph::services_svg(&services, name)?,
        ),
    ];
    let mut files = Vec::new();
    for (stem, dot, svg) in graphs {
        let dot_path = write_file(out_dir, &format!("{stem}.dot"), &dot)?;
        let svg_path = write_file(out_dir, &format!("{stem}.svg"), &svg)?;
        files.push(format!("{}, {}", dot_path.display(), svg_path.display()));
    }
    console.line(&format!(
        "Graph of {name}: {} nodes, {} edges → {}",
        crate::template::resources(&tpl).len(),
        crate::template::edges(&tpl).len(),
        files[0]
    ));
    console.line(&format!(
        "Service graph of {name}: {} services, {} edges → {}",
        services.nodes.len(),
        services.edges.len(),
        files[1]
    ));
    Ok(())
}

/// A parsed command line: a built-in verb, or a plug-in verb with its flags.
enum Parsed<A: clap::Args> {
    Core(Cli<A>),
    Plugin {
        global: Global,
        app: A,
        name: String,
        matches: clap::ArgMatches,
    },
}

fn parse<A: clap::Args + Clone>(
    argv: &[String],
    plugin_verbs: Vec<clap::Command>,
) -> Result<Parsed<A>, clap::Error> {
    use clap::{Args, CommandFactory, FromArgMatches};
    let names: Vec<String> = plugin_verbs
        .iter()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut cmd = Cli::<A>::command();
    for v in plugin_verbs {
        cmd = cmd.subcommand(AppArgs::<A>::augment_args(v));
    }
    let matches = cmd.try_get_matches_from(argv)?;
    match matches.subcommand() {
        Some((name, sub)) if names.iter().any(|n| n == name) => Ok(Parsed::Plugin {
            global: Global::from_arg_matches(&matches)?,
            app: AppArgs::<A>::from_arg_matches(sub)?.app,
            name: name.to_string(),
            matches: sub.clone(),
        }),
        _ => Ok(Parsed::Core(Cli::<A>::from_arg_matches(&matches)?)),
    }
}

/// Parse `argv` and run; returns the exit code. Errors are printed on the console.
pub async fn run<A: StackApp, P: Plugin>(
    app: &A,
    plugin: &P,
    argv: &[String],
    console: &Console,
    env: Env,
) -> u8 {
    let parsed = match parse::<A::Args>(argv, plugin.verbs()) {
        Ok(c) => c,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                console.error(text.trim_end());
                2
            } else {
                console.line(text.trim_end());
                0
            };
        }
    };
    // Parsing succeeded, so argv holds at least the program name.
    let bin = argv
        .first()
        .map(Path::new)
        .and_then(Path::file_name)
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let global = match &parsed {
        Parsed::Core(c) => c.global.clone(),
        Parsed::Plugin { global, .. } => global.clone(),
    };
    let (suffix, suffix_source) = resolve_suffix(global.suffix.clone(), &env);
    let note = (suffix_source == "ENVIRONMENT_SUFFIX").then(|| {
        format!("note: the suffix `{suffix}` came from ENVIRONMENT_SUFFIX (pass --suffix or unset it to target another stack)")
    });
    let resolved = Resolved {
        suffix,
        suffix_source,
        bin,
    };
    match execute(app, plugin, parsed, global, resolved, console, env).await {
        Ok(()) => 0,
        Err(e) => {
            console.error(&format!("error: {e:#}"));
            if let Some(n) = note {
                console.error(&n);
            }
            exit_code(&e)
        }
    }
}

struct Resolved {
    suffix: String,
    suffix_source: String,
    bin: String,
}

/// A verb that talks to AWS, ready to run once synth and preflight are done.
enum Action {
    Diff,
    Deploy(DeployOptions),
    Destroy(DestroyOptions),
    Watch,
    Drift,
    Outputs,
    Bootstrap,
    Plugin(String, clap::ArgMatches),
}

async fn execute<A: StackApp, P: Plugin>(
    app: &A,
    plugin: &P,
    parsed: Parsed<A::Args>,
    g: Global,
    r: Resolved,
    console: &Console,
    env: Env,
) -> anyhow::Result<()> {
    let (region, region_source) = resolve_region(g.region.clone(), g.profile.as_deref(), &env);
    check_region(&region, &region_source)?;
    let sctx = SynthContext {
        suffix: r.suffix.clone(),
        suffix_source: r.suffix_source.clone(),
        region: region.clone(),
        region_source: region_source.clone(),
    };
    let out_dir = env.cwd.join(&g.out);
    // The whole app in dependency order, and the stacks this run acts on (--stack).
    let render = |a: &A::Args| ha_synth::render(app, &sctx, a).map_err(input);
    let pick = |all: &[SynthOutput]| ha_synth::select(all, g.stack.as_deref()).map_err(input);
    let mut wait = WaitArgs {
        wait_timeout: Duration::from_secs(3600),
        no_wait: false,
        poll_interval: None,
    };
    let (app_args, action) = match parsed {
        Parsed::Plugin {
            app, name, matches, ..
        } => (Some(app), Action::Plugin(name, matches)),
        // Verbs that need no AWS call return here.
        Parsed::Core(cli) => match cli.verb {
            Verb::Synth(a) => {
                let all = render(&a.app)?;
                let selected = pick(&all)?;
                synth_verb(console, &out_dir, &all)?;
                for s in &selected {
                    Box::pin(validate(console, &g, &env, s, &region, false)).await?;
                }
                return Ok(());
            }
            Verb::Validate(a) => {
                for s in &pick(&render(&a.app)?)? {
                    Box::pin(validate(console, &g, &env, s, &region, true)).await?;
                }
                return Ok(());
            }
            Verb::Graph(a) => {
                let s = single("graph", pick(&render(&a.app)?)?)?;
                return graph_verb(console, &out_dir, &s);
            }
            Verb::Diff(a) => (Some(a.app), Action::Diff),
            Verb::Outputs(a) => (Some(a.app), Action::Outputs),
            Verb::Drift(d) => {
                wait = d.wait;
                (Some(d.app), Action::Drift)
            }
            Verb::Deploy(d) => {
                wait = d.wait;
                let opts = DeployOptions {
                    remove_protection: d.remove_deletion_protection,
                    confirmed: false,
                    express: d.express,
                };
                (Some(d.app), Action::Deploy(opts))
            }
            Verb::Watch(d) => {
                wait = d.wait;
                (Some(d.app), Action::Watch)
            }
            Verb::Destroy(d) => {
                wait = d.wait;
                let opts = DestroyOptions {
                    force: d.force,
                    delete_data: d.delete_data,
                };
                (Some(d.app), Action::Destroy(opts))
            }
            Verb::Bootstrap => (None, Action::Bootstrap),
        },
    };
    let selected = match &app_args {
        Some(a) => pick(&render(a)?)?,
        None => Vec::new(),
    };
    let target = match &action {
        Action::Watch => vec![single("watch", selected)?],
        Action::Drift => vec![single("drift", selected)?],
        Action::Plugin(name, _) => vec![single(name, selected)?],
        _ => selected,
    };
    // An invalid template never reaches AWS: every stack is checked before the first call.
    if let Action::Deploy(_) = &action {
        for s in &target {
            Box::pin(validate(console, &g, &env, s, &region, false)).await?;
        }
    }
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(region.clone()));
    let mut flags = vec![
        "--suffix".to_string(),
        r.suffix.clone(),
        "--region".to_string(),
        region.clone(),
    ];
    if let Some(p) = &g.profile {
        loader = loader.profile_name(p);
        flags.extend(["--profile".to_string(), p.clone()]);
    }
    if let Some(u) = g.endpoint_url.or_else(|| (env.vars)("AWS_ENDPOINT_URL")) {
        flags.extend(["--endpoint-url".to_string(), u.clone()]);
        loader = loader.endpoint_url(u);
    }
    if let Some(c) = &env.customize {
        loader = c(loader);
    }
    let clients = Clients::new(&loader.load().await, &region);
    let identity = preflight(&clients).await?;
    let ctx = Ctx {
        clients,
        identity,
        console,
        interrupt: env.interrupt,
        poll: wait.poll_interval.unwrap_or(env.poll),
        poll_ramp: wait.poll_interval.is_none(),
        wait_timeout: wait.wait_timeout,
        retry_window: env.retry_window,
        no_wait: wait.no_wait,
        yes: g.yes,
        hint: Hint { bin: r.bin, flags },
        run_id: run_id(),
        cwd: env.cwd,
    };
    let names: Vec<String> = target.iter().map(|s| s.stack_name.clone()).collect();
    let what = match names.as_slice() {
        [] => String::new(),
        [one] => format!(", stack {one}"),
        many => format!(", stacks {} (in this order)", many.join(", ")),
    };
    let suffix = if names.is_empty() {
        String::new()
    } else {
        format!(" (suffix {} from {})", r.suffix, r.suffix_source)
    };
    console.line(&format!(
        "Account {}, region {region} (from {region_source}){what}{suffix}",
        ctx.identity.account,
    ));
    let s = target.first().cloned().unwrap_or_default();
    match action {
        Action::Plugin(name, matches) => plugin.run(&ctx, &s, &name, &matches).await,
        Action::Diff => {
            for s in &target {
                Box::pin(crate::deploy::diff(&ctx, s)).await?;
            }
            Ok(())
        }
        Action::Deploy(opts) => {
            // deploy --stack: the stacks it imports from must be deployed already.
            for s in &target {
                crate::deploy::check_dependencies(&ctx, s, &names).await?;
            }
            for (i, s) in target.iter().enumerate() {
                let r = Box::pin(crate::deploy::deploy(&ctx, s, opts)).await;
                crate::deploy::stop_on_failure(console, "deploy", "deployed", &names, i, r)?;
            }
            Ok(())
        }
        Action::Destroy(opts) => {
            let mut stores: Vec<Box<dyn DataStore>> = vec![Box::new(S3Buckets)];
            stores.extend(plugin.stores());
            if let [one] = target.as_slice() {
                return Box::pin(crate::destroy::destroy(&ctx, one, opts, &stores)).await;
            }
            let reverse: Vec<SynthOutput> = target.into_iter().rev().collect();
            Box::pin(crate::destroy::destroy_app(&ctx, &reverse, opts, &stores)).await
        }
        Action::Watch => crate::deploy::watch_verb(&ctx, &s.stack_name).await,
        Action::Drift => crate::drift::drift(&ctx, &s.stack_name).await,
        Action::Outputs => {
            for s in &target {
                crate::deploy::show_outputs(&ctx, &s.stack_name).await?;
            }
            Ok(())
        }
        Action::Bootstrap => crate::bootstrap::bootstrap(&ctx).await.map(|_| ()),
    }
}
