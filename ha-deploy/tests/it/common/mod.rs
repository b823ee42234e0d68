//! Shared test app and harness.
#![allow(dead_code)]

use ha_deploy::app::{StackApp, SynthContext, SynthOutput};
use ha_deploy::cli::{Customize, Env};
use ha_deploy::console::{Captured, Console};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// App options of the test stack.
#[derive(clap::Args, Clone, Debug)]
pub struct TestArgs {
    /// Queue visibility timeout (the property the update test changes).
    #[arg(long, default_value_t = 30)]
    pub visibility: u32,
    /// Mark the stack deletion-protected.
    #[arg(long)]
    pub protected: bool,
    /// Add a Lambda (inline python) + Custom:: resource (needs the patched local endpoint).
    #[arg(long)]
    pub with_custom: bool,
    /// Add an IAM role (needs confirmation).
    #[arg(long)]
    pub with_role: bool,
    /// Pad the template over the inline limit.
    #[arg(long)]
    pub big: bool,
    /// Make synth fail.
    #[arg(long)]
    pub fail_synth: bool,
    /// Plant an error CloudFormation rejects (a string where the queue wants an integer).
    #[arg(long)]
    pub invalid: bool,
    /// Render the two-stack app instead ([`two_stacks`]): a consumer importing a producer's export.
    #[arg(long)]
    pub two_stacks: bool,
    /// Two-stack app: the consumer imports an export nobody has (its create fails).
    #[arg(long)]
    pub broken_import: bool,
}

/// The two-stack app, in the app's order: consumer `mx-api-<suffix>` (an SSM parameter holding
/// the imported topic ARN; depends on the producer) then producer `mx-net-<suffix>` (an SNS
/// topic, exported as `mx-<suffix>-topic`).
pub fn two_stacks(ctx: &SynthContext, a: &TestArgs) -> Vec<SynthOutput> {
    let s = &ctx.suffix;
    let producer = json!({
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic",
                                "Properties": {"TopicName": format!("mx-topic-{s}")}}},
        "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"},
                                 "Export": {"Name": format!("mx-{s}-topic")}}}
    });
    let export = if a.broken_import {
        format!("mx-{s}-nothing")
    } else {
        format!("mx-{s}-topic")
    };
    let consumer = json!({
        "Resources": {"Param": {"Type": "AWS::SSM::Parameter",
                                "Properties": {"Name": format!("/mx/{s}/topic"), "Type": "String",
                                               "Value": {"Fn::ImportValue": export}}}},
        "Outputs": {"ParamName": {"Value": {"Ref": "Param"}}}
    });
    let net = format!("mx-net-{s}");
    vec![
        SynthOutput {
            stack_name: format!("mx-api-{s}"),
            template_json: serde_json::to_string_pretty(&consumer).unwrap(),
            tags: vec![("Project".into(), "mx".into())],
            depends_on: vec![net.clone()],
            ..Default::default()
        },
        SynthOutput {
            stack_name: net,
            template_json: serde_json::to_string_pretty(&producer).unwrap(),
            tags: vec![("Project".into(), "mx".into())],
            ..Default::default()
        },
    ]
}

/// A small VPC-free stack: SNS topic, SQS queue, SSM parameter, S3 bucket.
pub struct TestApp;

pub fn template(ctx: &SynthContext, a: &TestArgs) -> serde_json::Value {
    let mut t = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!("ha-deploy test stack ({})", ctx.suffix),
        "Parameters": {
            "Suffix": {"Type": "String"},
            "Protected": {"Type": "String", "Default": "false"},
            "DeleteData": {"Type": "String", "Default": "false"}
        },
        "Resources": {
            "Topic": {"Type": "AWS::SNS::Topic",
                      "Properties": {"TopicName": {"Fn::Sub": "ha-test-topic-${Suffix}"}}},
            "Queue": {"Type": "AWS::SQS::Queue",
                      "Properties": {"QueueName": {"Fn::Sub": "ha-test-queue-${Suffix}"},
                                     "VisibilityTimeout": a.visibility}},
            "Param": {"Type": "AWS::SSM::Parameter",
                      "Properties": {"Name": {"Fn::Sub": "/ha-test/${Suffix}/topic"},
                                     "Type": "String", "Value": {"Ref": "Topic"}}},
            "Bucket": {"Type": "AWS::S3::Bucket",
                       "Properties": {"BucketName": {"Fn::Sub": "ha-test-bucket-${Suffix}"}}}
        },
        "Outputs": {
            "TopicArn": {"Value": {"Ref": "Topic"},
                         "Export": {"Name": {"Fn::Sub": "ha-test-${Suffix}-topic-arn"}}},
            "QueueArn": {"Value": {"Fn::GetAtt": ["Queue", "Arn"]}},
            "BucketName": {"Value": {"Ref": "Bucket"}},
            "ParamName": {"Value": {"Ref": "Param"}}
        }
    });
    if a.with_role || a.with_custom {
        t["Resources"]["Role"] = json!({"Type": "AWS::IAM::Role", "Properties": {
            "RoleName": {"Fn::Sub": "ha-test-role-${Suffix}"},
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole"}]}}});
    }
    if a.with_custom {
        t["Resources"]["Function"] = json!({"Type": "AWS::Lambda::Function", "Properties": {
            "FunctionName": {"Fn::Sub": "ha-test-echo-${Suffix}"},
            "Runtime": "python3.12", "Handler": "index.handler",
            "Role": {"Fn::GetAtt": ["Role", "Arn"]},
            "Code": {"ZipFile": "import cfnresponse\ndef handler(event, context):\n    cfnresponse.send(event, context, cfnresponse.SUCCESS, {'Value': 'echo-' + event['ResourceProperties'].get('Word', '')})\n"}}});
        t["Resources"]["Echo"] = json!({"Type": "Custom::Echo", "Properties": {
            "ServiceToken": {"Fn::GetAtt": ["Function", "Arn"]}, "Word": "hello"}});
        t["Outputs"]["EchoValue"] = json!({"Value": {"Fn::GetAtt": ["Echo", "Value"]}});
    }
    if a.invalid {
        t["Resources"]["Queue"]["Properties"]["VisibilityTimeout"] = json!("soon");
    }
    if a.big {
        t["Metadata"] = json!({"Padding": "x".repeat(60_000)});
    }
    t
}

impl StackApp for TestApp {
    type Args = TestArgs;
    fn synth(&self, ctx: &SynthContext, a: &TestArgs) -> anyhow::Result<SynthOutput> {
        if a.fail_synth {
            anyhow::bail!("the app refused");
        }
        let mut create_only = BTreeMap::new();
        create_only.insert("AWS::SQS::Queue".to_string(), vec!["QueueName".to_string()]);
        Ok(SynthOutput {
            stack_name: format!("ha-test-{}", ctx.suffix),
            template_json: serde_json::to_string_pretty(&template(ctx, a))?,
            parameters: vec![
                ("Suffix".into(), ctx.suffix.clone()),
                ("Protected".into(), a.protected.to_string()),
            ],
            tags: vec![("Project".into(), "ha-test".into())],
            deletion_protected: a.protected,
            unprotect_parameters: vec![("Protected".into(), "false".into())],
            delete_data_parameters: vec![("DeleteData".into(), "true".into())],
            create_only,
            sources: Default::default(),
            depends_on: Vec::new(),
        })
    }
    fn stacks(&self, ctx: &SynthContext, a: &TestArgs) -> anyhow::Result<Vec<SynthOutput>> {
        if a.two_stacks {
            return Ok(two_stacks(ctx, a));
        }
        Ok(vec![self.synth(ctx, a)?])
    }
}

/// A fresh temporary working directory.
pub fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "ha-deploy-{tag}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// An isolated environment: only `vars` are visible, cwd is `cwd`.
pub fn env(
    cwd: PathBuf,
    vars: &[(&str, &str)],
    customize: Option<Customize>,
    interrupt: tokio::sync::watch::Receiver<bool>,
) -> Env {
    let vars: BTreeMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Env {
        vars: Box::new(move |k| vars.get(k).cloned()),
        cwd,
        interrupt,
        poll: Duration::from_millis(20),
        retry_window: Duration::from_millis(200),
        customize,
    }
}

/// Static test credentials.
pub fn creds() -> aws_config::ConfigLoader {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
}

/// Run the CLI with `args` (program name added); returns (exit code, output).
pub async fn run_cli(
    args: &[&str],
    env: Env,
    tty: bool,
    interactive: bool,
    answers: &str,
) -> (u8, String) {
    let (console, cap): (Console, Captured) = Console::captured(tty, interactive, answers);
    let mut argv = vec!["ha-test".to_string()];
    argv.extend(args.iter().map(|s| s.to_string()));
    let code = Box::pin(ha_deploy::cli::run(
        &TestApp,
        &plugin(),
        &argv,
        &console,
        env,
    ))
    .await;
    (code, cap.text())
}

/// A customize hook that sets static credentials.
pub fn static_creds() -> Customize {
    Arc::new(|l: aws_config::ConfigLoader| {
        l.credentials_provider(aws_sdk_cloudformation::config::Credentials::new(
            "testing", "testing", None, None, "static",
        ))
    })
}

fn vaults() -> Vec<Box<dyn ha_deploy::store::DataStore>> {
    vec![Box::new(ha_deploy::store::BackupVaults)]
}

/// The test app's plug-in: the approval-workflow verbs and backup vaults (as ha-app has), with
/// a workflow name of its own (`drill`; ha-app names its workflow `failover`).
pub fn plugin() -> ha_deploy::stepfn::Approval {
    ha_deploy::stepfn::Approval {
        workflow: "drill",
        output_key: "FailoverStateMachineArn",
        stores: vaults,
    }
}
