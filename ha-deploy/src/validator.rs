//! AWS's offline CloudFormation validator (`cloudformation-validate`, the engine the AWS CDK runs
//! on synth) and the `cdk-preflight` pack of deploy-time failures, run on the rendered template
//! by `synth`, `deploy` (before any AWS call) and the `validate` verb.
//!
//! The validator runs in Python from the project's virtual environment (its Rust crate needs a
//! newer toolchain than the one this project pins; docs/validation.md): the runner hands the
//! template to `tools/cfn_validate.py` (embedded in the binary, so an app crate needs no copy
//! of it) and reads one JSON report back. Where the Python packages are missing, `synth` and
//! `deploy` say so and go on; `validate` fails.
//!
//! The pack's rules do not evaluate `Condition` or `Fn::If`: a finding on a conditional
//! resource, or on a property whose value is an `Fn::If`, is reported as a warning with a note
//! saying so, never as an error that blocks a deploy (docs/validation.md lists the cases seen
//! on the HA stack). A finding acknowledged on its resource with `#[suppress(<rule>, "reason")]`
//! becomes informational, with the reason.

use crate::console::Console;
use crate::error::input;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use tokio::io::AsyncWriteExt;

/// The wrapper script, run as `python -c SCRIPT --template /dev/stdin` (the template on stdin).
pub const SCRIPT: &str = include_str!("../../tools/cfn_validate.py");

/// Environment variable naming the Python interpreter that has the validator installed.
pub const PYTHON_VAR: &str = "HA_VALIDATOR_PYTHON";

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// CloudFormation would reject the template or fail the deploy.
    Error,
    /// Probably wrong, or a rule that cannot see conditions.
    Warning,
    /// Informational (shown with `--verbose`).
    Info,
}

impl Severity {
    fn parse(s: &str) -> anyhow::Result<Severity> {
        match s {
            "error" => Ok(Severity::Error),
            "warning" => Ok(Severity::Warning),
            "info" => Ok(Severity::Info),
            other => Err(input(format!(
                "the validator reported an unknown severity `{other}`"
            ))),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Rule id (`F3012`, `pf-lambda-memory-max`, ...).
    pub rule: String,
    /// Severity after the condition-blindness adjustment.
    pub severity: Severity,
    /// The resource (or output) it is about.
    pub logical_id: Option<String>,
    /// `Resources/X/Properties/Y/...`.
    pub path: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when the rule says.
    pub fix: Option<String>,
    /// `validator` (built-in rules) or `pack` (cdk-preflight).
    pub source: String,
    /// Why the severity was lowered, if it was.
    pub note: Option<String>,
}

/// A validation report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Validator name and version.
    pub validator: String,
    /// Pack name and version, if the pack ran.
    pub pack: Option<String>,
    /// Findings, most serious first.
    pub findings: Vec<Finding>,
}

impl Report {
    /// How many findings have severity `s`.
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }
}

/// The result of trying to validate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The validator ran.
    Report(Report),
    /// It could not run here (why, and how to install it).
    Unavailable(String),
}

/// Why a pack finding cannot be trusted to block: the resource has a `Condition`, or the
/// property holds an `Fn::If` (the pack reads both branches at once).
fn condition_blind(raw: &Value, template: &Value) -> Option<String> {
    if raw["source"] != "pack" {
        return None;
    }
    if let Some(c) = raw["conditions"].as_object().filter(|c| !c.is_empty()) {
        let names: Vec<String> = c.iter().map(|(k, v)| format!("{k}={v}")).collect();
        return Some(format!(
            "the pack ignores conditions: this applies only when {} (lowered to a warning)",
            names.join(", ")
        ));
    }
    let path = raw["path"].as_str()?;
    let mut parts = path.split('/');
    let (Some("Resources"), Some(id), Some("Properties"), Some(prop)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let value = &template["Resources"][id]["Properties"][prop];
    value.to_string().contains("\"Fn::If\"").then(|| {
        format!(
            "the pack reads both branches of the Fn::If in {prop} at once (lowered to a warning)"
        )
    })
}

/// The reason a finding was acknowledged in the stack source: `#[suppress(<rule>, "reason")]` on
/// the resource, which the macro records in its `Metadata.HaSuppressions`.
fn acknowledged(raw: &Value, template: &Value) -> Option<String> {
    let id = raw["logical_id"].as_str()?;
    let rule = raw["rule"].as_str()?;
    template["Resources"][id]["Metadata"]["HaSuppressions"]
        .as_array()?
        .iter()
        .find(|s| s["Rule"] == rule)
        .and_then(|s| s["Reason"].as_str())
        .map(|r| format!("acknowledged in the stack: {r}"))
}

fn opt_str(v: &Value) -> Option<String> {
    v.as_str().map(String::from)
}

/// Parse the wrapper's JSON report; pack findings that cannot see conditions are lowered to
/// warnings (see the module docs).
pub fn parse_report(stdout: &str, template: &Value) -> anyhow::Result<Report> {
    let doc: Value = serde_json::from_str(stdout)
        .map_err(|e| input(format!("the validator's report is not JSON: {e}")))?;
    let Some(raw) = doc["findings"].as_array() else {
        return Err(input("the validator's report has no `findings` list"));
    };
    let mut findings = Vec::with_capacity(raw.len());
    for f in raw {
        let mut severity = Severity::parse(f["severity"].as_str().unwrap_or_default())?;
        let mut note = condition_blind(f, template);
        if note.is_some() && severity == Severity::Error {
            severity = Severity::Warning;
        }
        // an acknowledged finding is shown with --verbose, with its reason
        if let Some(ack) = acknowledged(f, template) {
            severity = Severity::Info;
            note = Some(ack);
        }
        findings.push(Finding {
            rule: opt_str(&f["rule"]).unwrap_or_default(),
            severity,
            logical_id: opt_str(&f["logical_id"]),
            path: opt_str(&f["path"]),
            message: opt_str(&f["message"]).unwrap_or_default(),
            fix: opt_str(&f["fix"]),
            source: opt_str(&f["source"]).unwrap_or_default(),
            note,
        });
    }
    findings.sort_by(|a, b| (a.severity, &a.path, &a.rule).cmp(&(b.severity, &b.path, &b.rule)));
    Ok(Report {
        validator: opt_str(&doc["validator"]).unwrap_or_default(),
        pack: opt_str(&doc["pack"]),
        findings,
    })
}

/// The interpreter to run: `HA_VALIDATOR_PYTHON`, else the first `.venv/bin/python` in the
/// working directory or one of its parents.
pub fn python(var: &dyn Fn(&str) -> Option<String>, cwd: &Path) -> Option<PathBuf> {
    if let Some(p) = var(PYTHON_VAR) {
        return Some(PathBuf::from(p));
    }
    cwd.ancestors()
        .map(|d| d.join(".venv/bin/python"))
        .find(|p| p.exists())
}

const INSTALL: &str = "install it with scripts/setup-python.sh (a .venv in this directory or a parent), or point HA_VALIDATOR_PYTHON at a Python that has cloudformation-validate";

/// Run the validator on `template_json` for `region`.
pub async fn run(
    python: Option<&Path>,
    template_json: &str,
    region: &str,
) -> anyhow::Result<Outcome> {
    let Some(python) = python else {
        return Ok(Outcome::Unavailable(format!(
            "no Python environment with AWS's offline validator was found: {INSTALL}"
        )));
    };
    let template: Value = serde_json::from_str(template_json)
        .map_err(|e| input(format!("the rendered template is not JSON: {e}")))?;
    let result = run_script(python, template_json, region).await;
    let (code, stdout, stderr) = match result {
        Ok(r) => r,
        Err(e) => {
            return Ok(Outcome::Unavailable(format!(
                "cannot run {}: {e}: {INSTALL}",
                python.display()
            )))
        }
    };
    match code {
        Some(0) => Ok(Outcome::Report(parse_report(&stdout, &template)?)),
        Some(3) => Ok(Outcome::Unavailable(format!(
            "{} ({}): {INSTALL}",
            stderr.trim(),
            python.display()
        ))),
        other => Err(input(format!(
            "the offline validator failed (exit {}): {}",
            other.map_or("by signal".to_owned(), |c| c.to_string()),
            stderr.trim()
        ))),
    }
}

async fn run_script(
    python: &Path,
    template_json: &str,
    region: &str,
) -> std::io::Result<(Option<i32>, String, String)> {
    // The script as `-c` (it is well under the argument size limit), the template on stdin.
    let mut child = tokio::process::Command::new(python)
        .args(["-c", SCRIPT, "--template", "/dev/stdin", "--region", region])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // A child that exits without reading is reported by its exit code, not by the broken pipe.
    let _ = stdin.write_all(template_json.as_bytes()).await;
    drop(stdin);
    let out = child.wait_with_output().await?;
    Ok((
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// Where a finding's template path was written in the Rust source: the property
/// (`Resources/X/Properties/Y/..` → `"X.Y"`), else the resource (`"X"`).
pub fn source_of<'s>(
    f: &Finding,
    sources: &'s std::collections::BTreeMap<String, String>,
) -> Option<&'s String> {
    let id = f.logical_id.as_deref()?;
    let property = f
        .path
        .as_deref()
        .and_then(|p| p.strip_prefix(&format!("Resources/{id}/Properties/")))
        .and_then(|rest| rest.split('/').next());
    property
        .and_then(|p| sources.get(&format!("{id}.{p}")))
        .or_else(|| sources.get(id))
}

/// The lines that show a report: every error and warning (and every info with `verbose`), each
/// with the Rust source location of what it is about when `sources` knows it, then a summary.
pub fn render(
    r: &Report,
    verbose: bool,
    sources: &std::collections::BTreeMap<String, String>,
) -> Vec<String> {
    let mut lines = Vec::new();
    for f in r
        .findings
        .iter()
        .filter(|f| verbose || f.severity != Severity::Info)
    {
        let at = f
            .path
            .clone()
            .or_else(|| f.logical_id.clone())
            .unwrap_or_else(|| "template".to_owned());
        lines.push(format!(
            "{}: {at}: [{}] {}",
            f.severity.label(),
            f.rule,
            f.message
        ));
        if let Some(src) = source_of(f, sources) {
            lines.push(format!("    --> {src}"));
        }
        if let Some(fix) = &f.fix {
            lines.push(format!("    fix: {fix}"));
        }
        if let Some(note) = &f.note {
            lines.push(format!("    note: {note}"));
        }
    }
    let by = r.pack.as_ref().map_or(r.validator.clone(), |p| {
        format!("{} with the {p} pack", r.validator)
    });
    let info = r.count(Severity::Info);
    lines.push(format!(
        "Validated with {by}: {} error(s), {} warning(s), {info} info{}",
        r.count(Severity::Error),
        r.count(Severity::Warning),
        if verbose || info == 0 {
            ""
        } else {
            " (shown with --verbose)"
        }
    ));
    lines
}

/// Validate a rendered stack and report on the console. Errors fail (exit 2). When the
/// validator is not installed: `required` (the `validate` verb) fails, else a warning says the
/// template was not validated.
pub async fn check(
    console: &Console,
    python: Option<&Path>,
    out: &ha_synth::SynthOutput,
    region: &str,
    verbose: bool,
    required: bool,
) -> anyhow::Result<()> {
    let (stack, sources) = (&out.stack_name, &out.sources);
    match run(python, &out.template_json, region).await? {
        Outcome::Unavailable(why) if required => Err(input(why)),
        Outcome::Unavailable(why) => {
            console.line(&format!(
                "warning: template of {stack} not validated: {why}"
            ));
            Ok(())
        }
        Outcome::Report(r) => {
            for l in render(&r, verbose, sources) {
                console.line(&l);
            }
            match r.count(Severity::Error) {
                0 => Ok(()),
                n => Err(input(format!(
                    "the template of {stack} has {n} error(s) that CloudFormation would reject (AWS's offline validator, region {region}): nothing was deployed; fix them (or pass --no-validate to skip the check)"
                ))),
            }
        }
    }
}
