//! `ha-synth`: the synth half of the runner, without the AWS SDK.
//!
//! An app crate implements [`StackApp`] (render a deterministic template for a context).
//! Two front ends run it:
//! - [`main`] here: the synth-only CLI (`<app> synth`), which links neither the AWS SDK nor
//!   tokio, so the edit → template loop rebuilds and relinks only the stack's own crate;
//! - `ha_deploy::app::main`: the full CLI (diff, deploy, destroy, ...), whose `synth` verb calls
//!   [`write_app`] too, so both write the same bytes.
//!
//! Flag resolution ([`resolve_suffix`], [`resolve_region`], [`check_region`]) lives here once and
//! is used by both front ends.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Values resolved from the global flags before synth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthContext {
    /// Environment suffix (`dev`, `pr123`, `prod`, ...).
    pub suffix: String,
    /// Where the suffix came from: `--suffix`, `ENVIRONMENT_SUFFIX` or `default`.
    pub suffix_source: String,
    /// Region code.
    pub region: String,
    /// Where the region came from: `--region`, `AWS_REGION`, `lib/AWS_REGION` or `default`.
    pub region_source: String,
}

/// What an app renders.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SynthOutput {
    /// Stack name.
    pub stack_name: String,
    /// Rendered template, deterministic.
    pub template_json: String,
    /// Parameter values to send on deploy.
    pub parameters: Vec<(String, String)>,
    /// Stack-level tags.
    pub tags: Vec<(String, String)>,
    /// Production stack: destroy refused unless `--force`.
    pub deletion_protected: bool,
    /// Overrides that switch deletion protection off (`destroy --force` first updates with these).
    pub unprotect_parameters: Vec<(String, String)>,
    /// Overrides that let a destroy delete data the template keeps otherwise (for example
    /// backups of a production stack); `destroy --delete-data` sends them together with
    /// [`SynthOutput::unprotect_parameters`].
    pub delete_data_parameters: Vec<(String, String)>,
    /// Resource type → createOnly property names (replacement detection in diff).
    pub create_only: BTreeMap<String, Vec<String>>,
    /// `"Id"` and `"Id.Property"` → `file:line:column` in the Rust source ([`sources`]), where
    /// the runner reports AWS validator findings. Empty: findings name template paths only.
    pub sources: BTreeMap<String, String>,
    /// Stacks of the same app (by stack name, as deployed: `network-dev`) whose exports this
    /// stack imports (`Fn::ImportValue`): deployed before it, destroyed after it ([`order`]).
    pub depends_on: Vec<String>,
}

/// The source map of a stack from the `SOURCES` table `stack!{}` generates
/// (`MyStack::SOURCES`, one `key<TAB>file:line:column` line per resource and property):
/// `"Id"` / `"Id.Property"` → `file:line:column`.
pub fn sources(table: &str) -> BTreeMap<String, String> {
    table
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(key, at)| (key.to_owned(), at.to_owned()))
        .collect()
}

/// An app: renders its stack (or its stacks) for a context.
///
/// A one-stack app implements [`StackApp::synth`]; an app of several stacks implements
/// [`StackApp::stacks`] instead. The runner only calls `stacks`.
pub trait StackApp {
    /// App-specific synth options, flattened into the verbs.
    type Args: clap::Args + Clone + Send + Sync + 'static;
    /// Render the app's one stack. The default is an error: an app of several stacks
    /// implements [`StackApp::stacks`] and not this.
    fn synth(&self, ctx: &SynthContext, args: &Self::Args) -> anyhow::Result<SynthOutput> {
        let _ = (ctx, args);
        anyhow::bail!(
            "this app renders several stacks: call `stacks` (the app implements `StackApp::stacks`, not `synth`)"
        )
    }
    /// Render every stack of the app, in any order that reads well ([`order`] sorts them for
    /// deploy; ties keep this order). The default is the one stack of [`StackApp::synth`].
    fn stacks(&self, ctx: &SynthContext, args: &Self::Args) -> anyhow::Result<Vec<SynthOutput>> {
        Ok(vec![self.synth(ctx, args)?])
    }
}

/// The stacks of an app in dependency order: every stack after the stacks it depends on
/// ([`SynthOutput::depends_on`]), ties in the app's order (deterministic). Errors name the
/// problem: two stacks with the same name, a dependency that is not a stack of the app, or a
/// cycle (`a -> b -> a`).
pub fn order(stacks: Vec<SynthOutput>) -> Result<Vec<SynthOutput>, String> {
    let names: Vec<&str> = stacks.iter().map(|s| s.stack_name.as_str()).collect();
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(format!(
                "the app renders two stacks named {n}: stack names must be unique"
            ));
        }
    }
    for s in &stacks {
        if let Some(d) = s.depends_on.iter().find(|d| !names.contains(&d.as_str())) {
            return Err(format!(
                "stack {} depends on {d}, which is not a stack of this app (its stacks: {})",
                s.stack_name,
                names.join(", ")
            ));
        }
    }
    let mut placed: Vec<usize> = Vec::with_capacity(stacks.len());
    let is_placed = |placed: &[usize], name: &str| {
        placed
            .iter()
            .any(|&p| stacks[p].stack_name.as_str() == name)
    };
    while placed.len() < stacks.len() {
        let ready = (0..stacks.len()).find(|i| {
            !placed.contains(i) && stacks[*i].depends_on.iter().all(|d| is_placed(&placed, d))
        });
        match ready {
            Some(i) => placed.push(i),
            None => return Err(cycle(&stacks, &placed)),
        }
    }
    let mut slots: Vec<Option<SynthOutput>> = stacks.into_iter().map(Some).collect();
    Ok(placed.iter().filter_map(|&i| slots[i].take()).collect())
}

/// The cycle among the stacks not yet placed (each has a dependency not yet placed): walk
/// from the first one along its first such dependency until a stack repeats.
fn cycle(stacks: &[SynthOutput], placed: &[usize]) -> String {
    let left: Vec<&SynthOutput> = (0..stacks.len())
        .filter(|i| !placed.contains(i))
        .map(|i| &stacks[i])
        .collect();
    let mut path: Vec<&str> = vec![left[0].stack_name.as_str()];
    loop {
        let here = path[path.len() - 1];
        let next = left
            .iter()
            .find(|s| s.stack_name == here)
            .and_then(|s| {
                s.depends_on
                    .iter()
                    .find(|d| left.iter().any(|l| &l.stack_name == *d))
            })
            .map_or("", String::as_str);
        if let Some(start) = path.iter().position(|p| *p == next) {
            let mut ring = path[start..].to_vec();
            ring.push(next);
            return format!(
                "the app's stacks depend on each other in a cycle: {}; a stack can only import exports of stacks deployed before it",
                ring.join(" -> ")
            );
        }
        path.push(next);
    }
}

/// The stacks a verb acts on: the one named by `--stack` (`Some`), else all of them. An
/// unknown name is an error listing the app's stacks.
pub fn select(stacks: &[SynthOutput], name: Option<&str>) -> Result<Vec<SynthOutput>, String> {
    let Some(name) = name else {
        return Ok(stacks.to_vec());
    };
    stacks
        .iter()
        .find(|s| s.stack_name == name)
        .map(|s| vec![s.clone()])
        .ok_or_else(|| {
            format!(
                "--stack {name}: no such stack in this app; its stacks: {}",
                stack_names(stacks)
            )
        })
}

/// The stack names, comma-separated.
pub fn stack_names(stacks: &[SynthOutput]) -> String {
    stacks
        .iter()
        .map(|s| s.stack_name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// File name of the app manifest, next to the templates.
pub const MANIFEST: &str = "app.manifest.json";

/// The app manifest (deterministic JSON, one entry per stack in the given order, which is
/// deploy order after [`order`]): name, template file, dependsOn, parameters and tags.
pub fn manifest(stacks: &[SynthOutput]) -> String {
    let pairs = |v: &[(String, String)]| {
        serde_json::Value::Object(
            v.iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
        )
    };
    let entries: Vec<serde_json::Value> = stacks
        .iter()
        .map(|s| {
            serde_json::json!({
                "name": s.stack_name,
                "template": format!("{}.template.json", s.stack_name),
                "dependsOn": s.depends_on,
                "parameters": pairs(&s.parameters),
                "tags": pairs(&s.tags),
            })
        })
        .collect();
    let doc = serde_json::json!({ "version": 1, "stacks": entries });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// Write every template (`<out_dir>/<stack>.template.json`, [`write_template`]) and the app
/// manifest (`<out_dir>/app.manifest.json`, [`manifest`]) of stacks in deploy order; returns
/// the summary lines to print.
pub fn write_app(out_dir: &Path, stacks: &[SynthOutput]) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    for s in stacks {
        lines.extend(write_template(out_dir, s)?);
    }
    let path = write_file(out_dir, MANIFEST, &manifest(stacks))?;
    lines.push(format!(
        "App manifest: {} stack(s) in deploy order ({}) → {}",
        stacks.len(),
        stack_names(stacks),
        path.display()
    ));
    Ok(lines)
}

/// Render the app ([`StackApp::stacks`]) and put its stacks in dependency order ([`order`]).
pub fn render<A: StackApp>(
    app: &A,
    ctx: &SynthContext,
    args: &A::Args,
) -> Result<Vec<SynthOutput>, String> {
    let stacks = app
        .stacks(ctx, args)
        .map_err(|e| format!("synth failed: {e:#}"))?;
    order(stacks)
}

/// createOnly properties (from the CloudFormation registry schemas) of every resource type the
/// template uses: what an app returns as [`SynthOutput::create_only`] for replacement detection.
/// Types the registry does not know (custom resources) are left out.
pub fn create_only(template_json: &str) -> anyhow::Result<BTreeMap<String, Vec<String>>> {
    let v: serde_json::Value = serde_json::from_str(template_json)?;
    let mut out = BTreeMap::new();
    for r in v["Resources"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
    {
        let ty = r["Type"].as_str().unwrap_or_default();
        if let Some(t) = ha_registry::lookup(ty) {
            out.insert(
                ty.to_owned(),
                t.create_only.iter().map(|s| (*s).to_owned()).collect(),
            );
        }
    }
    Ok(out)
}

/// Templates larger than this many bytes cannot be sent inline (`TemplateBody`); deploy
/// uploads them to the staging bucket.
pub const MAX_INLINE_TEMPLATE: usize = 51_200;

/// Region codes known as of 2026 (one list for the toolkit: `ha_naming`).
pub use ha_naming::KNOWN_REGIONS;
/// Check the region code against [`KNOWN_REGIONS`]; the error names the value and its source.
pub fn check_region(region: &str, source: &str) -> Result<(), String> {
    if KNOWN_REGIONS.contains(&region) {
        return Ok(());
    }
    Err(format!(
        "unknown AWS region `{region}` (from {source}): use a region code such as us-east-1 or eu-west-1 (--region, AWS_REGION or lib/AWS_REGION)"
    ))
}

/// Resolve the suffix: flag, then `ENVIRONMENT_SUFFIX`, then `dev`; with its source.
pub fn resolve_suffix(
    flag: Option<String>,
    var: &dyn Fn(&str) -> Option<String>,
) -> (String, String) {
    match (flag, var("ENVIRONMENT_SUFFIX")) {
        (Some(f), _) => (f, "--suffix".into()),
        (None, Some(e)) => (e, "ENVIRONMENT_SUFFIX".into()),
        (None, None) => ("dev".into(), "default".into()),
    }
}

/// Resolve the region like the AWS SDKs and CLI: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`,
/// the `region` of the profile (`AWS_PROFILE`, else `default`) in the shared config file
/// (`AWS_CONFIG_FILE`, else `$HOME/.aws/config`); then this project's `lib/AWS_REGION` under
/// `cwd`; then `us-east-1`. Returns the region and where it came from.
pub fn resolve_region(
    flag: Option<String>,
    var: &dyn Fn(&str) -> Option<String>,
    cwd: &Path,
) -> (String, String) {
    if let Some(r) = flag {
        return (r, "--region".into());
    }
    for key in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
        if let Some(r) = var(key) {
            return (r, key.into());
        }
    }
    let profile = var("AWS_PROFILE").unwrap_or_else(|| "default".into());
    let config = var("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| Path::new(&h).join(".aws").join("config")))
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    let mut section = String::new();
    for line in config.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.split_whitespace().collect::<Vec<_>>().join(" ");
            continue;
        }
        let wanted = section == format!("profile {profile}")
            || (profile == "default" && section == "default");
        match line.split_once('=') {
            Some((k, v)) if wanted && k.trim() == "region" && !v.trim().is_empty() => {
                return (v.trim().to_string(), format!("profile {profile}"));
            }
            _ => {}
        }
    }
    let file = cwd.join("lib").join("AWS_REGION");
    match std::fs::read_to_string(&file).map(|s| s.trim().to_string()) {
        Ok(r) if !r.is_empty() => (r, "lib/AWS_REGION".into()),
        _ => ("us-east-1".into(), "default".into()),
    }
}

/// Write `<dir>/<name>` (creating `dir`); returns the path. Errors name the path.
pub fn write_file(dir: &Path, name: &str, text: &str) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Write `<out_dir>/<stack>.template.json` and return the summary lines to print.
///
/// Both front ends call this, so the synth-only CLI and the full CLI write identical bytes.
pub fn write_template(out_dir: &Path, s: &SynthOutput) -> Result<Vec<String>, String> {
    let tpl: serde_json::Value = serde_json::from_str(&s.template_json)
        .map_err(|e| format!("the rendered template of {} is not JSON: {e}", s.stack_name))?;
    let path = write_file(
        out_dir,
        &format!("{}.template.json", s.stack_name),
        &s.template_json,
    )?;
    let count = |section: &str| {
        tpl.get(section)
            .and_then(|o| o.as_object())
            .map_or(0, |o| o.len())
    };
    let bytes = s.template_json.len();
    let mut lines = vec![format!(
        "Synthesized {}: {} resources, {} outputs, {bytes} bytes → {}",
        s.stack_name,
        count("Resources"),
        count("Outputs"),
        path.display()
    )];
    if bytes > MAX_INLINE_TEMPLATE {
        lines.push(format!(
            "note: over the {MAX_INLINE_TEMPLATE}-byte inline limit: deploy uploads it to the staging bucket (run `bootstrap` once)"
        ));
    }
    Ok(lines)
}

/// Command line of the synth-only CLI: the full CLI's `synth` verb and its flags.
#[derive(clap::Parser)]
#[command(
    about = "Synthesize this app's CloudFormation template (synth only: no AWS SDK linked)",
    long_about = "Synthesize this app's CloudFormation template.\n\nThis binary renders and checks the template only; it links no AWS SDK, so it rebuilds in about a second after an edit. The app's full CLI (diff, deploy, destroy, ...) writes the same bytes with its own `synth` verb."
)]
struct Cli<A: clap::Args> {
    #[command(subcommand)]
    verb: Verb<A>,
}

#[derive(clap::Subcommand)]
enum Verb<A: clap::Args> {
    /// Render every template of the app to --out (<out>/<stack>.template.json) and the app manifest (<out>/app.manifest.json), and print a summary
    Synth(SynthArgs<A>),
}

#[derive(clap::Args)]
struct SynthArgs<A: clap::Args> {
    /// Environment suffix appended to resource names [env: ENVIRONMENT_SUFFIX] [default: dev]
    #[arg(long)]
    suffix: Option<String>,
    /// AWS region [env: AWS_REGION, AWS_DEFAULT_REGION; else the profile's region; else the file lib/AWS_REGION; else us-east-1]
    #[arg(long)]
    region: Option<String>,
    /// Directory for synthesized files
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// App options.
    #[command(flatten)]
    app: A,
}

/// Run the synth-only CLI on `argv`; prints to `out`/`err`, returns the exit code
/// (0 success or help, 2 bad input or a failed synth).
pub fn run<A: StackApp>(
    app: &A,
    argv: &[String],
    var: &dyn Fn(&str) -> Option<String>,
    cwd: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    use clap::Parser;
    let cli = match Cli::<A::Args>::try_parse_from(argv) {
        Ok(c) => c,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                let _ = writeln!(err, "{}", text.trim_end());
                2
            } else {
                let _ = writeln!(out, "{}", text.trim_end());
                0
            };
        }
    };
    let Verb::Synth(a) = cli.verb;
    let (suffix, suffix_source) = resolve_suffix(a.suffix, var);
    let (region, region_source) = resolve_region(a.region, var, cwd);
    let result = check_region(&region, &region_source).and_then(|()| {
        let ctx = SynthContext {
            suffix,
            suffix_source,
            region,
            region_source,
        };
        let stacks = render(app, &ctx, &a.app)?;
        write_app(&cwd.join(&a.out), &stacks)
    });
    match result {
        Ok(lines) => {
            for l in lines {
                let _ = writeln!(out, "{l}");
            }
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            2
        }
    }
}

/// The synth-only CLI on the process: argv, environment (empty values count as unset),
/// working directory, stdout and stderr.
pub fn main<A: StackApp>(app: A) -> std::process::ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let cwd = std::env::current_dir().unwrap_or_default();
    let code = run(
        &app,
        &argv,
        &var,
        &cwd,
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::ExitCode::from(code)
}
