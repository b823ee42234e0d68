//! A plug-in for stacks with an operator-approved Step Functions workflow: a verb the app names
//! (the HA app calls it `failover`) starts the state machine named by a stack output, `approve` /
//! `reject` answer its `.waitForTaskToken` approval step. An app registers it with the workflow
//! name and the output key its stack uses (see [`Approval`]); the generic runner knows nothing
//! about it.

use crate::app::SynthOutput;
use crate::aws::explain;
use crate::error::input;
use crate::plugin::{unknown_verb, Plugin};
use crate::stack::{describe, Ctx};
use crate::store::{BoxFut, DataStore};
use aws_sdk_sfn::types::{ExecutionStatus, HistoryEventType};
use clap::{Arg, ArgMatches, Command};
use serde_json::Value;

/// The approval-workflow plug-in.
pub struct Approval {
    /// The workflow's name: the verb that starts it, and the noun in messages and execution
    /// names (for example `failover`).
    pub workflow: &'static str,
    /// Stack output holding the state machine ARN.
    pub output_key: &'static str,
    /// Extra data stores the app's stack has (handed to `destroy`).
    pub stores: fn() -> Vec<Box<dyn DataStore>>,
}

fn decide_command(name: &'static str, about: String) -> Command {
    Command::new(name)
        .about(about)
        .arg(
            Arg::new("execution")
                .long("execution")
                .help("Execution ARN [default: the latest running execution of the state machine]"),
        )
        .arg(
            Arg::new("reason")
                .long("reason")
                .default_value("decided by operator")
                .help("Reason recorded with the decision"),
        )
}

impl Plugin for Approval {
    fn verbs(&self) -> Vec<Command> {
        vec![
            Command::new(self.workflow).about(format!(
                "Start the {} state machine (a stack output names it); print the execution ARN",
                self.workflow
            )),
            decide_command(
                "approve",
                format!(
                    "Approve the {} execution waiting for approval (SendTaskSuccess)",
                    self.workflow
                ),
            ),
            decide_command(
                "reject",
                format!(
                    "Reject the {} execution waiting for approval (SendTaskFailure)",
                    self.workflow
                ),
            ),
        ]
    }
    fn run<'a>(
        &'a self,
        ctx: &'a Ctx<'a>,
        stack: &'a SynthOutput,
        verb: &'a str,
        args: &'a ArgMatches,
    ) -> BoxFut<'a, anyhow::Result<()>> {
        let name = &stack.stack_name;
        Box::pin(async move {
            let execution = args
                .try_get_one::<String>("execution")
                .ok()
                .flatten()
                .cloned();
            let reason = args
                .try_get_one::<String>("reason")
                .ok()
                .flatten()
                .cloned()
                .unwrap_or_default();
            match verb {
                "approve" => decide(ctx, name, self, execution, true, &reason).await,
                "reject" => decide(ctx, name, self, execution, false, &reason).await,
                v if v == self.workflow => start(ctx, name, self).await,
                other => Err(unknown_verb(other)),
            }
        })
    }
    fn stores(&self) -> Vec<Box<dyn DataStore>> {
        (self.stores)()
    }
}

/// The task token inside a `TaskScheduled` event's parameters: the first string value under a
/// key whose name contains `token` (case-insensitive), searched depth-first.
pub fn find_task_token(parameters: &str) -> Option<String> {
    fn walk(v: &Value) -> Option<String> {
        match v {
            Value::Object(m) => m
                .iter()
                .find_map(|(k, v)| {
                    v.as_str()
                        .filter(|_| k.to_ascii_lowercase().contains("token"))
                        .map(String::from)
                })
                .or_else(|| m.values().find_map(walk)),
            Value::Array(a) => a.iter().find_map(walk),
            Value::String(s) if s.trim_start().starts_with('{') => serde_json::from_str::<Value>(s)
                .ok()
                .as_ref()
                .and_then(walk),
            _ => None,
        }
    }
    serde_json::from_str::<Value>(parameters)
        .ok()
        .as_ref()
        .and_then(walk)
}

async fn state_machine(ctx: &Ctx<'_>, stack: &str, w: &Approval) -> anyhow::Result<String> {
    let key = w.output_key;
    let info = describe(ctx, stack).await?.ok_or_else(|| {
        input(format!(
            "stack {stack} does not exist: run `{}` first",
            ctx.hint.cmd("deploy")
        ))
    })?;
    info.outputs.get(key).cloned().ok_or_else(|| {
        input(format!(
            "stack {stack} has no output {key}: it has no {} state machine",
            w.workflow
        ))
    })
}

/// The workflow's own verb: start an execution, print its ARN.
pub async fn start(ctx: &Ctx<'_>, stack: &str, w: &Approval) -> anyhow::Result<()> {
    let arn = state_machine(ctx, stack, w).await?;
    let name = format!(
        "{}-{}",
        w.workflow,
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis()
    );
    let out = ctx
        .clients
        .sfn
        .start_execution()
        .state_machine_arn(&arn)
        .name(name)
        .input("{\"trigger\":\"manual\"}")
        .send()
        .await
        .map_err(|e| explain("states:StartExecution", None, e))?;
    ctx.console.line(&format!(
        "Started {} execution {}",
        w.workflow,
        out.execution_arn()
    ));
    ctx.console.line(&format!(
        "Approve with `{}` or reject with `{} --reason ...` when it waits for approval.",
        ctx.hint.cmd("approve"),
        ctx.hint.cmd("reject")
    ));
    Ok(())
}

async fn latest_running(ctx: &Ctx<'_>, stack: &str, w: &Approval) -> anyhow::Result<String> {
    let arn = state_machine(ctx, stack, w).await?;
    let out = ctx
        .clients
        .sfn
        .list_executions()
        .state_machine_arn(&arn)
        .status_filter(ExecutionStatus::Running)
        .send()
        .await
        .map_err(|e| explain("states:ListExecutions", None, e))?;
    out.executions()
        .iter()
        .max_by_key(|e| e.start_date().secs())
        .map(|e| e.execution_arn().to_string())
        .ok_or_else(|| {
            input(format!(
                "no running {} execution of {arn}: start one with `{}`",
                w.workflow,
                ctx.hint.cmd(w.workflow)
            ))
        })
}

async fn waiting_token(ctx: &Ctx<'_>, execution: &str) -> anyhow::Result<String> {
    let mut token = None;
    loop {
        let page = ctx
            .clients
            .sfn
            .get_execution_history()
            .execution_arn(execution)
            .reverse_order(true)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| explain("states:GetExecutionHistory", None, e))?;
        let found = page
            .events()
            .iter()
            .filter(|e| e.r#type() == &HistoryEventType::TaskScheduled)
            .filter_map(|e| e.task_scheduled_event_details())
            .filter(|d| d.resource().ends_with(".waitForTaskToken"))
            .find_map(|d| find_task_token(d.parameters()));
        if let Some(t) = found {
            return Ok(t);
        }
        token = page.next_token().map(String::from);
        if token.is_none() {
            return Err(input(format!(
                "execution {execution} is not waiting for an approval (no .waitForTaskToken task with a token found)"
            )));
        }
    }
}

/// `approve` (`approve == true`) or `reject` the waiting task of an execution.
pub async fn decide(
    ctx: &Ctx<'_>,
    stack: &str,
    w: &Approval,
    execution: Option<String>,
    approve: bool,
    reason: &str,
) -> anyhow::Result<()> {
    let execution = match execution {
        Some(e) => e,
        None => latest_running(ctx, stack, w).await?,
    };
    let task_token = waiting_token(ctx, &execution).await?;
    if approve {
        let output = serde_json::json!({"approved": true, "reason": reason}).to_string();
        ctx.clients
            .sfn
            .send_task_success()
            .task_token(task_token)
            .output(output)
            .send()
            .await
            .map_err(|e| explain("states:SendTaskSuccess", None, e))?;
        ctx.console.line(&format!("Approved {execution}"));
    } else {
        ctx.clients
            .sfn
            .send_task_failure()
            .task_token(task_token)
            .error("Rejected")
            .cause(reason)
            .send()
            .await
            .map_err(|e| explain("states:SendTaskFailure", None, e))?;
        ctx.console.line(&format!("Rejected {execution}: {reason}"));
    }
    Ok(())
}
