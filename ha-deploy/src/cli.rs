//! The generic stack CLI: clap definitions, flag resolution and verb dispatch.

use crate::app::{StackApp, SynthContext, SynthOutput};
use crate::aws::{check_region, preflight, Clients};
use crate::console::Console;
use crate::error::{exit_code, input};
use crate::stack::Ctx;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

const LONG_ABOUT: &str = "\
Synthesize, diff, deploy and destroy the CloudFormation stack of this app.

Every change goes through a CloudFormation change set. Changes that touch IAM, security groups
or replace resources are confirmed first (or pass --yes). Stack events stream live while an
operation runs; on failure the root cause (the first failed resource and its reason) is printed.

Credentials and region come from the standard AWS chain (environment, profiles, SSO; --profile).
Before any change a preflight checks the region code, the credentials (sts:GetCallerIdentity)
and that the endpoint is reachable.

Examples:
  app synth                          write out/<stack>.template.json and print a summary
  app diff --suffix pr42             show what a deploy would change, property by property
  app deploy --yes                   deploy without asking
  app deploy --endpoint-url http://127.0.0.1:5055   deploy to the local moto endpoint
  app outputs                        print outputs, write cfn-outputs/flat-outputs.json
  app destroy --suffix prod --force  switch deletion protection off, then destroy
  app graph                          write out/<stack>.dot/.svg and out/<stack>.services.dot/.svg
  app failover; app approve          start the failover state machine, approve its wait
  app bootstrap                      create the staging bucket for templates over 51,200 bytes";

const EXIT_CODES: &str = "\
Exit codes:
  0    success, or nothing to do (no changes; stack already gone)
  1    the operation failed (rolled back, delete failed, resources left behind)
  2    bad input or preflight failure (region, credentials, endpoint, template, no bootstrap)
  3    blocked: stack busy with --no-wait, destroy of a protected stack without --force,
       changes that need confirmation without a terminal and without --yes, or declined
  130  interrupted (Ctrl-C): watching stopped, the CloudFormation operation keeps running";

/// Command line of an app.
#[derive(Parser)]
#[command(about = "Synthesize, diff, deploy and destroy this app's CloudFormation stack", long_about = LONG_ABOUT, after_help = EXIT_CODES)]
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
    /// AWS region [env: AWS_REGION; else the file lib/AWS_REGION; else us-east-1]
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Named AWS profile (shared config/credentials files, SSO) [env: AWS_PROFILE]
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Custom endpoint, e.g. the local moto endpoint http://127.0.0.1:5055 [env: AWS_ENDPOINT_URL]
    #[arg(long, global = true)]
    pub endpoint_url: Option<String>,
    /// Do not ask: approve IAM / security group / replacement changes
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
    /// Directory for synthesized files (templates, graphs)
    #[arg(long, global = true, default_value = "out")]
    pub out: PathBuf,
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
}

/// Just the app's own synth options.
#[derive(clap::Args, Clone)]
pub struct AppArgs<A: clap::Args> {
    /// App options.
    #[command(flatten)]
    pub app: A,
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
}

/// `approve` / `reject` options.
#[derive(clap::Args, Clone)]
pub struct DecideArgs<A: clap::Args> {
    /// App options.
    #[command(flatten)]
    pub app: A,
    /// Execution ARN [default: the latest running execution of the failover state machine]
    #[arg(long)]
    pub execution: Option<String>,
    /// Reason recorded with the decision
    #[arg(long, default_value = "decided by operator")]
    pub reason: String,
}

/// The verbs.
#[derive(Subcommand, Clone)]
pub enum Verb<A: clap::Args> {
    /// Render the template to --out (<out>/<stack>.template.json) and print a summary
    Synth(AppArgs<A>),
    /// Show what a deploy would change: change set (add/modify/remove, replacements) and a property-by-property template diff
    Diff(AppArgs<A>),
    /// Deploy through a change set, stream events, print outputs and write cfn-outputs/flat-outputs.json
    Deploy(DeployArgs<A>),
    /// Empty the stack's buckets and backup vaults, delete the stack, verify nothing is left
    Destroy(DestroyArgs<A>),
    /// Print the stack outputs as a table and write cfn-outputs/flat-outputs.json
    Outputs(AppArgs<A>),
    /// Write the resource graph as DOT and SVG (<out>/<stack>.dot, .svg) and the graph per AWS service (<out>/<stack>.services.dot, .svg)
    Graph(AppArgs<A>),
    /// Start the failover state machine (stack output FailoverStateMachineArn); print the execution ARN
    Failover(AppArgs<A>),
    /// Approve the failover execution waiting for approval (SendTaskSuccess)
    Approve(DecideArgs<A>),
    /// Reject the failover execution waiting for approval (SendTaskFailure)
    Reject(DecideArgs<A>),
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
            customize: None,
        }
    }
}

/// Resolve the suffix: flag, then ENVIRONMENT_SUFFIX, then `dev`; with its source.
pub fn resolve_suffix(flag: Option<String>, env: &Env) -> (String, String) {
    match (flag, (env.vars)("ENVIRONMENT_SUFFIX")) {
        (Some(f), _) => (f, "--suffix".into()),
        (None, Some(e)) => (e, "ENVIRONMENT_SUFFIX".into()),
        (None, None) => ("dev".into(), "default".into()),
    }
}

/// Resolve the region: flag, AWS_REGION, lib/AWS_REGION in the working directory, us-east-1.
pub fn resolve_region(flag: Option<String>, env: &Env) -> (String, String) {
    if let Some(r) = flag {
        return (r, "--region".into());
    }
    if let Some(r) = (env.vars)("AWS_REGION") {
        return (r, "AWS_REGION".into());
    }
    let file = env.cwd.join("lib").join("AWS_REGION");
    match std::fs::read_to_string(&file).map(|s| s.trim().to_string()) {
        Ok(r) if !r.is_empty() => (r, "lib/AWS_REGION".into()),
        _ => ("us-east-1".into(), "default".into()),
    }
}

/// Write `<dir>/<name>` (creating `dir`); returns the path.
fn write_file(dir: &Path, name: &str, text: &str) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir)
        .map_err(|e| input(format!("cannot create {}: {e}", dir.display())))?;
    let path = dir.join(name);
    std::fs::write(&path, text)
        .map_err(|e| input(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}

fn synth_verb(console: &Console, out_dir: &Path, s: &SynthOutput) -> anyhow::Result<()> {
    let tpl = crate::template::parse(&s.template_json)?;
    let path = write_file(
        out_dir,
        &format!("{}.template.json", s.stack_name),
        &s.template_json,
    )?;
    let bytes = s.template_json.len();
    console.line(&format!(
        "Synthesized {}: {} resources, {} outputs, {bytes} bytes → {}",
        s.stack_name,
        crate::template::resources(&tpl).len(),
        tpl.get("Outputs")
            .and_then(|o| o.as_object())
            .map_or(0, |o| o.len()),
        path.display()
    ));
    if bytes > crate::deploy::MAX_INLINE_TEMPLATE {
        console.line(&format!(
            "note: over the {}-byte inline limit: deploy uploads it to the staging bucket (run `bootstrap` once)",
            crate::deploy::MAX_INLINE_TEMPLATE
        ));
    }
    Ok(())
}

fn graph_verb(console: &Console, out_dir: &Path, s: &SynthOutput) -> anyhow::Result<()> {
    let tpl = crate::template::parse(&s.template_json)?;
    let name = &s.stack_name;
    let services = crate::graph::services(&tpl);
    let graphs = [
        (name.clone(), crate::graph::dot(&tpl, name)),
        (
            format!("{name}.services"),
            crate::graph::services_dot(&services, name),
        ),
    ];
    let mut files = Vec::new();
    for (stem, dot) in graphs {
        let svg = crate::graph::svg(&dot)?;
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

/// Parse `argv` and run; returns the exit code. Errors are printed on the console.
pub async fn run<A: StackApp>(app: &A, argv: &[String], console: &Console, env: Env) -> u8 {
    let cli = match Cli::<A::Args>::try_parse_from(argv) {
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
    match execute(app, cli, console, env, bin).await {
        Ok(()) => 0,
        Err(e) => {
            console.error(&format!("error: {e:#}"));
            exit_code(&e)
        }
    }
}

async fn execute<A: StackApp>(
    app: &A,
    cli: Cli<A::Args>,
    console: &Console,
    env: Env,
    bin: String,
) -> anyhow::Result<()> {
    let g = cli.global;
    let (suffix, suffix_source) = resolve_suffix(g.suffix, &env);
    let (region, region_source) = resolve_region(g.region, &env);
    check_region(&region, &region_source)?;
    let sctx = SynthContext {
        suffix,
        suffix_source,
        region: region.clone(),
        region_source,
    };
    let out_dir = env.cwd.join(&g.out);
    let synth = |a: &A::Args| {
        app.synth(&sctx, a)
            .map_err(|e| input(format!("synth failed: {e:#}")))
    };
    let mut wait = WaitArgs {
        wait_timeout: Duration::from_secs(3600),
        no_wait: false,
    };
    // Verbs that need no AWS call.
    let app_args = match &cli.verb {
        Verb::Synth(a) => return synth_verb(console, &out_dir, &synth(&a.app)?),
        Verb::Graph(a) => return graph_verb(console, &out_dir, &synth(&a.app)?),
        Verb::Diff(a) | Verb::Outputs(a) | Verb::Failover(a) => Some(a.app.clone()),
        Verb::Deploy(d) => {
            wait = d.wait.clone();
            Some(d.app.clone())
        }
        Verb::Destroy(d) => {
            wait = d.wait.clone();
            Some(d.app.clone())
        }
        Verb::Approve(d) | Verb::Reject(d) => Some(d.app.clone()),
        Verb::Bootstrap => None,
    };
    let synthesized = app_args.as_ref().map(&synth).transpose()?;
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(region.clone()));
    if let Some(p) = &g.profile {
        loader = loader.profile_name(p);
    }
    if let Some(u) = g.endpoint_url.or_else(|| (env.vars)("AWS_ENDPOINT_URL")) {
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
        poll: env.poll,
        wait_timeout: wait.wait_timeout,
        no_wait: wait.no_wait,
        yes: g.yes,
        bin,
        cwd: env.cwd,
    };
    let s = synthesized.unwrap_or_default();
    match cli.verb {
        Verb::Diff(_) => crate::deploy::diff(&ctx, &s).await,
        Verb::Deploy(_) => crate::deploy::deploy(&ctx, &s).await,
        Verb::Destroy(d) => crate::destroy::destroy(&ctx, &s, d.force).await,
        Verb::Outputs(_) => crate::deploy::show_outputs(&ctx, &s.stack_name).await,
        Verb::Failover(_) => crate::stepfn::failover(&ctx, &s.stack_name).await,
        Verb::Approve(d) => {
            crate::stepfn::decide(&ctx, &s.stack_name, d.execution, true, &d.reason).await
        }
        Verb::Reject(d) => {
            crate::stepfn::decide(&ctx, &s.stack_name, d.execution, false, &d.reason).await
        }
        _ => crate::bootstrap::bootstrap(&ctx).await.map(|_| ()),
    }
}
