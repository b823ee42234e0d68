//! Failure paths the local endpoint cannot reproduce, replayed from recorded-shape
//! CloudFormation / STS / S3 / Backup / Step Functions responses (StaticReplayClient).

use crate::common::*;
use aws_credential_types::provider::{error::CredentialsError, future, ProvideCredentials};
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_types::body::SdkBody;
use ha_deploy::cli::Customize;
use std::sync::Arc;
use std::time::Duration;

pub(crate) const CFN_NS: &str = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
pub(crate) const STACK_ID: &str =
    "arn:aws:cloudformation:us-east-1:123456789012:stack/ha-test-dev/1a2b";
pub(crate) const CS_ID: &str = "arn:aws:cloudformation:us-east-1:123456789012:changeSet/ha-1/9z";

pub(crate) fn resp(status: u16, body: impl Into<String>) -> ReplayEvent {
    ReplayEvent::new(
        http::Request::builder()
            .uri("https://replay.invalid/")
            .body(SdkBody::empty())
            .unwrap(),
        http::Response::builder()
            .status(status)
            .body(SdkBody::from(body.into()))
            .unwrap(),
    )
}

pub(crate) fn cfn(action: &str, result: &str) -> ReplayEvent {
    resp(
        200,
        format!(
            "<{action}Response xmlns=\"{CFN_NS}\"><{action}Result>{result}</{action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></{action}Response>"
        ),
    )
}

pub(crate) fn cfn_error(status: u16, code: &str, message: &str) -> ReplayEvent {
    resp(
        status,
        format!(
            "<ErrorResponse xmlns=\"{CFN_NS}\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>r-2</RequestId></ErrorResponse>"
        ),
    )
}

pub(crate) fn sts_ok() -> ReplayEvent {
    resp(200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDATEST</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-3</RequestId></ResponseMetadata></GetCallerIdentityResponse>")
}

pub(crate) fn stack(status: &str, outputs: &[(&str, &str)]) -> ReplayEvent {
    let outs: String = outputs
        .iter()
        .map(|(k, v)| {
            format!("<member><OutputKey>{k}</OutputKey><OutputValue>{v}</OutputValue></member>")
        })
        .collect();
    cfn(
        "DescribeStacks",
        &format!("<Stacks><member><StackId>{STACK_ID}</StackId><StackName>ha-test-dev</StackName><CreationTime>2026-11-29T10:00:00Z</CreationTime><StackStatus>{status}</StackStatus><Outputs>{outs}</Outputs></member></Stacks>"),
    )
}

pub(crate) fn no_stack() -> ReplayEvent {
    cfn_error(
        400,
        "ValidationError",
        "Stack with id ha-test-dev does not exist",
    )
}

/// Events newest first: (id, logical id, type, status, reason).
pub(crate) fn events(list: &[(&str, &str, &str, &str, &str)]) -> ReplayEvent {
    events_page(list, None)
}

/// One page of events, with the token of the next (older) page.
pub(crate) fn events_page(
    list: &[(&str, &str, &str, &str, &str)],
    next: Option<&str>,
) -> ReplayEvent {
    let members: String = list
        .iter()
        .map(|(id, lid, ty, st, reason)| {
            format!("<member><EventId>{id}</EventId><StackId>{STACK_ID}</StackId><StackName>ha-test-dev</StackName><LogicalResourceId>{lid}</LogicalResourceId><ResourceType>{ty}</ResourceType><Timestamp>2026-11-29T10:00:00Z</Timestamp><ResourceStatus>{st}</ResourceStatus>{}</member>",
                if reason.is_empty() { String::new() } else { format!("<ResourceStatusReason>{reason}</ResourceStatusReason>") })
        })
        .collect();
    cfn(
        "DescribeStackEvents",
        &format!("<StackEvents>{members}</StackEvents>{}", next_token(next)),
    )
}

pub(crate) const STK: &str = "AWS::CloudFormation::Stack";

pub(crate) fn next_token(next: Option<&str>) -> String {
    next.map_or(String::new(), |t| format!("<NextToken>{t}</NextToken>"))
}

pub(crate) fn create_cs() -> ReplayEvent {
    cfn(
        "CreateChangeSet",
        &format!("<Id>{CS_ID}</Id><StackId>{STACK_ID}</StackId>"),
    )
}

/// (action, logical id, type, replacement)
pub(crate) fn describe_cs(
    status: &str,
    reason: &str,
    changes: &[(&str, &str, &str, &str)],
) -> ReplayEvent {
    describe_cs_page(status, reason, changes, None)
}

pub(crate) fn describe_cs_page(
    status: &str,
    reason: &str,
    changes: &[(&str, &str, &str, &str)],
    next: Option<&str>,
) -> ReplayEvent {
    let members: String = changes
        .iter()
        .map(|(a, lid, ty, repl)| {
            format!("<member><Type>Resource</Type><ResourceChange><Action>{a}</Action><LogicalResourceId>{lid}</LogicalResourceId><ResourceType>{ty}</ResourceType>{}<Details><member><Target><Attribute>Properties</Attribute><Name>QueueName</Name></Target></member></Details></ResourceChange></member>",
                if repl.is_empty() { String::new() } else { format!("<Replacement>{repl}</Replacement>") })
        })
        .collect();
    cfn(
        "DescribeChangeSet",
        &format!("<ChangeSetName>ha-1</ChangeSetName><ChangeSetId>{CS_ID}</ChangeSetId><StackId>{STACK_ID}</StackId><StackName>ha-test-dev</StackName><Status>{status}</Status><StatusReason>{reason}</StatusReason><ExecutionStatus>AVAILABLE</ExecutionStatus><Changes>{members}</Changes>{}", next_token(next)),
    )
}

/// ListChangeSets: no change set of another run.
pub(crate) fn no_cs() -> ReplayEvent {
    cfn("ListChangeSets", "<Summaries></Summaries>")
}

pub(crate) fn empty(action: &str) -> ReplayEvent {
    cfn(action, "")
}

pub(crate) fn get_template(body: &str) -> ReplayEvent {
    let escaped = body
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    cfn(
        "GetTemplate",
        &format!("<TemplateBody>{escaped}</TemplateBody>"),
    )
}

pub(crate) fn json(body: &str) -> ReplayEvent {
    resp(200, body.to_string())
}

#[derive(Debug)]
struct NoCreds;
impl ProvideCredentials for NoCreds {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(CredentialsError::not_loaded(
            "no credentials in this test",
        )))
    }
}

pub(crate) fn replay(
    events: Vec<ReplayEvent>,
    with_creds: bool,
) -> (Customize, StaticReplayClient) {
    let client = StaticReplayClient::new(events);
    let c = client.clone();
    let hook: Customize = Arc::new(move |l: aws_config::ConfigLoader| {
        let l = l.http_client(c.clone()).retry_config(
            aws_config::retry::RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        );
        if with_creds {
            l.credentials_provider(aws_sdk_cloudformation::config::Credentials::new(
                "AKID", "SECRET", None, None, "test",
            ))
        } else {
            l.credentials_provider(NoCreds)
        }
    });
    (hook, client)
}

pub(crate) struct Run {
    pub code: u8,
    pub out: String,
    pub dir: std::path::PathBuf,
    pub requests: usize,
    /// The `Action=` of every query-protocol request (CloudFormation, STS, RDS), in order;
    /// other services' requests appear as their HTTP method and path.
    pub actions: Vec<String>,
    /// Every request body, in order.
    pub bodies: Vec<String>,
}

pub(crate) async fn run_opts(
    args: &[&str],
    evs: Vec<ReplayEvent>,
    tty: bool,
    interactive: bool,
    answers: &str,
    interrupt: bool,
) -> Run {
    run_env(args, evs, &[], tty, interactive, answers, interrupt).await
}

/// Like [`run_opts`], with environment variables.
pub(crate) async fn run_env(
    args: &[&str],
    evs: Vec<ReplayEvent>,
    vars: &[(&str, &str)],
    tty: bool,
    interactive: bool,
    answers: &str,
    interrupt: bool,
) -> Run {
    let dir = temp_dir("replay");
    let (hook, client) = replay(evs, true);
    let (tx, rx) = tokio::sync::watch::channel(interrupt);
    // Without Ctrl-C the sender is gone: a closed interrupt channel never interrupts.
    let tx = interrupt.then_some(tx);
    let (code, out) = run_cli(
        args,
        env(dir.clone(), vars, Some(hook), rx),
        tty,
        interactive,
        answers,
    )
    .await;
    drop(tx);
    println!("$ ha-test {}\n{out}[exit {code}]", args.join(" "));
    Run {
        code,
        out,
        dir,
        requests: client.actual_requests().count(),
        actions: client.actual_requests().map(action).collect(),
        bodies: client
            .actual_requests()
            .map(|r| String::from_utf8_lossy(r.body().bytes().unwrap_or_default()).into_owned())
            .collect(),
    }
}

/// `Action=X` of a query-protocol request body, else `METHOD path`.
fn action(r: &aws_smithy_runtime_api::http::Request) -> String {
    let body = String::from_utf8_lossy(r.body().bytes().unwrap_or_default()).into_owned();
    body.split('&')
        .find_map(|kv| kv.strip_prefix("Action="))
        .map(String::from)
        .unwrap_or_else(|| format!("{} {}", r.method(), r.uri()))
}

pub(crate) async fn run(args: &[&str], evs: Vec<ReplayEvent>) -> Run {
    run_opts(args, evs, false, false, "", false).await
}

#[tokio::test]
async fn create_fails_and_rolls_back_with_root_cause() {
    let r = run(
        &["deploy"],
        vec![
            sts_ok(),
            no_stack(),
            create_cs(),
            describe_cs_page(
                "CREATE_COMPLETE",
                "",
                &[("Add", "Topic", "AWS::SNS::Topic", "")],
                Some("cs2"),
            ),
            describe_cs(
                "CREATE_COMPLETE",
                "",
                &[("Add", "Queue", "AWS::SQS::Queue", "")],
            ),
            empty("ExecuteChangeSet"),
            stack("CREATE_IN_PROGRESS", &[]),
            events_page(
                &[
                    (
                        "e4",
                        "Queue",
                        "AWS::SQS::Queue",
                        "CREATE_FAILED",
                        "Resource creation cancelled",
                    ),
                    (
                        "e3",
                        "Topic",
                        "AWS::SNS::Topic",
                        "CREATE_FAILED",
                        "Invalid parameter: TopicName (Service: Sns, Status Code: 400)",
                    ),
                ],
                Some("ev2"),
            ),
            events(&[
                ("e2", "Topic", "AWS::SNS::Topic", "CREATE_IN_PROGRESS", ""),
                (
                    "e1",
                    "ha-test-dev",
                    STK,
                    "CREATE_IN_PROGRESS",
                    "User Initiated",
                ),
            ]),
            stack("ROLLBACK_COMPLETE", &[]),
            events(&[
                ("e6", "ha-test-dev", STK, "ROLLBACK_COMPLETE", ""),
                (
                    "e5",
                    "ha-test-dev",
                    STK,
                    "ROLLBACK_IN_PROGRESS",
                    "The following resource(s) failed to create: [Topic].",
                ),
                (
                    "e4",
                    "Queue",
                    "AWS::SQS::Queue",
                    "CREATE_FAILED",
                    "Resource creation cancelled",
                ),
            ]),
        ],
    )
    .await;
    assert_eq!(r.code, 1);
    let rc = "Root cause: Topic (AWS::SNS::Topic) CREATE_FAILED: Invalid parameter: TopicName";
    assert!(r.out.contains(rc), "{}", r.out);
    assert!(r
        .out
        .contains("Stack ha-test-dev: final status ROLLBACK_COMPLETE"));
    assert!(r.out.contains(
        "error: deploy of stack ha-test-dev failed (ROLLBACK_COMPLETE) — Root cause: Topic"
    ));
    // the root cause is printed after (below) the event lines, above the final error
    assert!(r.out.find(rc).unwrap() > r.out.find("ROLLBACK_COMPLETE").unwrap());
    assert!(r.out.contains("Changes (2):\n  + Add      Topic (AWS::SNS::Topic) [QueueName]\n  + Add      Queue (AWS::SQS::Queue) [QueueName]\n"), "{}", r.out);
    assert_eq!(r.requests, 11);
}

#[tokio::test]
async fn rollback_complete_is_deleted_and_recreated() {
    let r = run(
        &["deploy"],
        vec![
            sts_ok(),
            stack("ROLLBACK_COMPLETE", &[]),
            no_cs(),
            events(&[("e9", "ha-test-dev", STK, "ROLLBACK_COMPLETE", "")]),
            empty("DeleteStack"),
            no_stack(),
            no_stack(),
            create_cs(),
            describe_cs(
                "CREATE_COMPLETE",
                "",
                &[("Add", "Topic", "AWS::SNS::Topic", "")],
            ),
            empty("ExecuteChangeSet"),
            stack("CREATE_COMPLETE", &[]),
            events(&[
                ("n2", "Topic", "AWS::SNS::Topic", "CREATE_COMPLETE", ""),
                ("n1", "Topic", "AWS::SNS::Topic", "CREATE_IN_PROGRESS", ""),
            ]),
            stack(
                "CREATE_COMPLETE",
                &[
                    ("TopicArn", "arn:aws:sns:us-east-1:123456789012:t"),
                    ("BucketName", "b"),
                ],
            ),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("is in ROLLBACK_COMPLETE (its first create failed and it cannot be updated): deleting it and creating it again."));
    assert!(r.out.contains("Creating stack ha-test-dev"));
    assert!(r.out.contains("[  1/1 "), "{}", r.out);
    let flat = std::fs::read_to_string(r.dir.join("cfn-outputs/flat-outputs.json")).unwrap();
    assert_eq!(flat, "{\n  \"BucketName\": \"b\",\n  \"TopicArn\": \"arn:aws:sns:us-east-1:123456789012:t\"\n}\n");
}

#[tokio::test]
async fn busy_stack_is_waited_for_then_no_changes() {
    let r = run(
        &["deploy"],
        vec![
            sts_ok(),
            stack("UPDATE_IN_PROGRESS", &[]),
            events(&[(
                "b1",
                "ha-test-dev",
                STK,
                "UPDATE_IN_PROGRESS",
                "User Initiated",
            )]),
            stack("UPDATE_IN_PROGRESS", &[]),
            events(&[(
                "b1",
                "ha-test-dev",
                STK,
                "UPDATE_IN_PROGRESS",
                "User Initiated",
            )]),
            stack("UPDATE_COMPLETE", &[]),
            events(&[
                ("b2", "ha-test-dev", STK, "UPDATE_COMPLETE", ""),
                ("b1", "ha-test-dev", STK, "UPDATE_IN_PROGRESS", ""),
            ]),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            cfn_error(400, "ValidationError", "No updates are to be performed."),
            stack("UPDATE_COMPLETE", &[("K", "V")]),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("Stack ha-test-dev is busy (UPDATE_IN_PROGRESS); waiting for the running operation to finish (up to 60m00s)..."));
    assert!(r
        .out
        .contains("the running operation ended (UPDATE_COMPLETE)"));
    assert!(r
        .out
        .contains("No changes: stack ha-test-dev is up to date."));
}

#[tokio::test]
async fn busy_stack_with_no_wait_is_blocked() {
    let r = run(
        &["deploy", "--no-wait"],
        vec![sts_ok(), stack("CREATE_IN_PROGRESS", &[])],
    )
    .await;
    assert_eq!(r.code, 3);
    assert!(
        r.out
            .contains("stack ha-test-dev is busy (CREATE_IN_PROGRESS)")
            && r.out.contains("without --no-wait"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn busy_stack_wait_times_out() {
    let r = run(
        &["deploy", "--wait-timeout", "0s"],
        vec![
            sts_ok(),
            stack("UPDATE_IN_PROGRESS", &[]),
            events(&[]),
            stack("UPDATE_IN_PROGRESS", &[]),
            events(&[]),
        ],
    )
    .await;
    assert_eq!(r.code, 3);
    assert!(
        r.out.contains("timed out after 0s waiting for stack"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn throttling_is_retried() {
    let r = run(
        &["outputs"],
        vec![
            sts_ok(),
            cfn_error(400, "Throttling", "Rate exceeded"),
            cfn_error(400, "Throttling", "Rate exceeded"),
            stack("UPDATE_COMPLETE", &[("QueueArn", "arn:q")]),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("QueueArn   arn:q"), "{}", r.out);
    assert_eq!(r.requests, 4);
}

#[tokio::test]
async fn expired_credentials_fail_preflight() {
    let r = run(&["deploy"], vec![resp(403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>x</RequestId></ErrorResponse>")]).await;
    assert_eq!(r.code, 2);
    assert!(
        r.out.contains(
            "error: the AWS credentials have expired (sts:GetCallerIdentity): refresh them"
        ),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn invalid_credentials_fail_preflight() {
    let r = run(&["diff"], vec![resp(403, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error></ErrorResponse>")]).await;
    assert_eq!(r.code, 2);
    assert!(
        r.out.contains("the AWS credentials are invalid"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn missing_credentials_fail_preflight() {
    let dir = temp_dir("nocreds");
    let (hook, _c) = replay(vec![sts_ok()], false);
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let (code, out) = run_cli(&["deploy"], env(dir, &[], Some(hook), rx), false, false, "").await;
    assert_eq!(code, 2);
    assert!(
        out.contains("error: no AWS credentials found (sts:GetCallerIdentity)"),
        "{out}"
    );
}

#[tokio::test]
async fn access_denied_is_explained() {
    let r = run(&["deploy"], vec![sts_ok(), cfn_error(403, "AccessDenied", "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudformation:DescribeStacks")]).await;
    assert_eq!(r.code, 2);
    assert!(
        r.out
            .contains("access denied (cloudformation:DescribeStacks)")
            && r.out.contains("not authorized"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn other_service_errors_fail_with_code() {
    let r = run(
        &["outputs"],
        vec![
            sts_ok(),
            cfn_error(500, "InternalFailure", "boom"),
            cfn_error(500, "InternalFailure", "boom"),
            cfn_error(500, "InternalFailure", "boom"),
        ],
    )
    .await;
    assert_eq!(r.code, 1);
    assert!(
        r.out
            .contains("cloudformation:DescribeStacks failed: InternalFailure: boom"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn empty_change_set_failed_form_is_no_changes() {
    let r = run(&["deploy"], vec![
        sts_ok(),
        stack("UPDATE_COMPLETE", &[]),
        no_cs(),
        create_cs(),
        describe_cs("FAILED", "The submitted information didn't contain changes. Submit different information to create a change set.", &[]),
        empty("DeleteChangeSet"),
        stack("UPDATE_COMPLETE", &[]),
    ]).await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r
        .out
        .contains("No changes: stack ha-test-dev is up to date."));
    assert!(r.out.contains("(no outputs)"));
    assert_eq!(r.requests, 7);
}

#[tokio::test]
async fn available_change_set_without_changes_is_no_changes() {
    let r = run(
        &["deploy"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            create_cs(),
            describe_cs("CREATE_PENDING", "", &[]),
            describe_cs("CREATE_COMPLETE", "", &[]),
            cfn_error(500, "InternalFailure", "moto cannot delete it"),
            cfn_error(500, "InternalFailure", "moto cannot delete it"),
            cfn_error(500, "InternalFailure", "moto cannot delete it"),
            stack("UPDATE_COMPLETE", &[]),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(
        r.out.contains("warning: could not delete change set"),
        "{}",
        r.out
    );
    assert!(r.out.contains("No changes"));
}

#[tokio::test]
async fn failed_change_set_is_an_error() {
    let r = run(
        &["deploy"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            create_cs(),
            describe_cs(
                "FAILED",
                "Template error: instance of Fn::GetAtt references undefined resource Nope",
                &[],
            ),
            empty("DeleteChangeSet"),
        ],
    )
    .await;
    assert_eq!(r.code, 1);
    assert!(
        r.out
            .contains("the change set for ha-test-dev failed: Template error"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn rejected_template_is_bad_input() {
    let r = run(
        &["deploy"],
        vec![
            sts_ok(),
            no_stack(),
            cfn_error(
                400,
                "ValidationError",
                "Template format error: Unresolved resource dependencies [X]",
            ),
        ],
    )
    .await;
    assert_eq!(r.code, 2);
    assert!(
        r.out.contains(
            "CloudFormation rejected the change set for ha-test-dev: Template format error"
        ),
        "{}",
        r.out
    );
}

pub(crate) fn replacement_events() -> Vec<ReplayEvent> {
    vec![
        sts_ok(),
        stack("UPDATE_COMPLETE", &[]),
        no_cs(),
        create_cs(),
        describe_cs(
            "CREATE_COMPLETE",
            "",
            &[("Modify", "Queue", "AWS::SQS::Queue", "True")],
        ),
        get_template("{\"Resources\":{}}"),
    ]
}

#[tokio::test]
async fn replacement_needs_confirmation_without_terminal() {
    let mut evs = replacement_events();
    evs.push(empty("DeleteChangeSet"));
    let r = run(&["deploy"], evs).await;
    assert_eq!(r.code, 3);
    assert!(
        r.out
            .contains("~ Modify   Queue (AWS::SQS::Queue) [QueueName] REPLACEMENT: True"),
        "{}",
        r.out
    );
    assert!(r.out.contains(
        "need confirmation (replace Queue) and stdin is not a terminal: rerun with --yes"
    ));
}

#[tokio::test]
async fn replacement_declined_on_terminal() {
    let mut evs = replacement_events();
    evs.push(empty("DeleteChangeSet"));
    let r = run_opts(&["deploy"], evs, true, true, "n\n", false).await;
    assert_eq!(r.code, 3);
    assert!(
        r.out.contains("Deploy? [y/N] ") && r.out.contains("deploy declined"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn replacement_confirmed_on_terminal_and_update_fails() {
    let mut evs = replacement_events();
    evs.extend([
        events(&[("u0", "ha-test-dev", STK, "UPDATE_COMPLETE", "")]),
        empty("ExecuteChangeSet"),
        stack("UPDATE_IN_PROGRESS", &[]),
        events(&[
            ("u1", "Queue", "AWS::SQS::Queue", "UPDATE_IN_PROGRESS", ""),
            ("u0", "x", STK, "UPDATE_COMPLETE", ""),
        ]),
        stack("UPDATE_ROLLBACK_COMPLETE", &[]),
        events(&[
            (
                "u2",
                "Queue",
                "AWS::SQS::Queue",
                "UPDATE_FAILED",
                "QueueName already exists",
            ),
            ("u1", "", "", "", ""),
        ]),
    ]);
    let r = run_opts(&["deploy"], evs, true, true, "yes\n", false).await;
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(r.out.contains("\r\x1b[2K0/1 resources"), "{:?}", r.out);
    assert!(r
        .out
        .contains("Root cause: Queue (AWS::SQS::Queue) UPDATE_FAILED: QueueName already exists"));
}

#[tokio::test]
async fn big_template_without_staging_bucket_says_bootstrap() {
    let r = run(
        &["deploy", "--big"],
        vec![sts_ok(), no_stack(), resp(404, "")],
    )
    .await;
    assert_eq!(r.code, 2);
    assert!(
        r.out
            .contains("staging bucket ha-cfn-staging-123456789012-us-east-1 does not exist")
            && r.out
                .contains("run `ha-test bootstrap --suffix dev --region us-east-1` first"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn diff_shows_change_set_and_properties_with_inferred_replacement() {
    let old = "{\"Resources\":{\"Queue\":{\"Type\":\"AWS::SQS::Queue\",\"Properties\":{\"QueueName\":\"old-name\",\"VisibilityTimeout\":30}}}}";
    let r = run(
        &["diff", "--visibility", "60"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            get_template(old),
            create_cs(),
            describe_cs(
                "CREATE_COMPLETE",
                "",
                &[("Modify", "Queue", "AWS::SQS::Queue", "")],
            ),
            empty("DeleteChangeSet"),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(
        r.out
            .contains("REPLACEMENT: True (inferred: createOnly QueueName)"),
        "{}",
        r.out
    );
    assert!(r
        .out
        .contains("~ Resources.Queue.Properties.VisibilityTimeout: 30 → 60"));
    assert!(r.out.contains("~ Resources.Queue.Properties.QueueName: \"old-name\" → {\"Fn::Sub\":\"ha-test-queue-${Suffix}\"}"));
    assert_eq!(r.requests, 6);
}

#[tokio::test]
async fn diff_of_a_new_stack_lists_adds() {
    let r = run(&["diff"], vec![sts_ok(), no_stack()]).await;
    assert_eq!(r.code, 0);
    assert!(
        r.out
            .contains("Stack ha-test-dev is not deployed: 4 resource(s) to add:")
            && r.out.contains("+ Add      Bucket (AWS::S3::Bucket)"),
        "{}",
        r.out
    );
}

/// ListStackResources page: (logical id, physical id, type).
pub(crate) fn resources_page(list: &[(&str, &str, &str)], next: Option<&str>) -> ReplayEvent {
    let members: String = list
        .iter()
        .map(|(lid, pid, ty)| format!("<member><LogicalResourceId>{lid}</LogicalResourceId><PhysicalResourceId>{pid}</PhysicalResourceId><ResourceType>{ty}</ResourceType><LastUpdatedTimestamp>2026-11-29T10:00:00Z</LastUpdatedTimestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>"))
        .collect();
    cfn(
        "ListStackResources",
        &format!(
            "<StackResourceSummaries>{members}</StackResourceSummaries>{}",
            next_token(next)
        ),
    )
}

pub(crate) fn resources_xml() -> ReplayEvent {
    resources_page(
        &[
            ("Bucket", "bkt", "AWS::S3::Bucket"),
            ("Vault", "vault-1", "AWS::Backup::BackupVault"),
        ],
        None,
    )
}

/// ListExports page: (exporting stack id, name), optional next token.
pub(crate) fn exports_xml(list: &[(&str, &str)], next: Option<&str>) -> ReplayEvent {
    let members: String = list
        .iter()
        .map(|(id, name)| {
            format!("<member><ExportingStackId>{id}</ExportingStackId><Name>{name}</Name><Value>v</Value></member>")
        })
        .collect();
    cfn(
        "ListExports",
        &format!("<Exports>{members}</Exports>{}", next_token(next)),
    )
}

pub(crate) fn vault_not_found() -> ReplayEvent {
    resp(
        404,
        "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"no vault\"}",
    )
}

pub(crate) fn versions_xml(with: bool) -> ReplayEvent {
    let body = if with {
        "<Version><Key>k</Key><VersionId>v1</VersionId><IsLatest>false</IsLatest><LastModified>2026-01-01T00:00:00.000Z</LastModified><Size>1</Size></Version><DeleteMarker><Key>k</Key><VersionId>v2</VersionId><IsLatest>true</IsLatest><LastModified>2026-01-01T00:00:00.000Z</LastModified></DeleteMarker>"
    } else {
        ""
    };
    resp(200, format!("<ListVersionsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>bkt</Name><IsTruncated>false</IsTruncated>{body}</ListVersionsResult>"))
}

#[tokio::test]
async fn approval_workflow_start_approve_reject() {
    let sm = "arn:aws:states:us-east-1:123456789012:stateMachine:failover";
    let r = run(
        &["drill"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[("FailoverStateMachineArn", sm)]),
            json("{\"executionArn\":\"arn:exec:1\",\"startDate\":1764410000}"),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(
        r.out.contains("Started drill execution arn:exec:1"),
        "{}",
        r.out
    );
    assert!(
        r.out.contains("Approve with `ha-test approve --suffix dev"),
        "{}",
        r.out
    );

    let history = "{\"events\":[{\"timestamp\":1764410001,\"type\":\"TaskScheduled\",\"id\":3,\"taskScheduledEventDetails\":{\"resourceType\":\"lambda\",\"resource\":\"invoke\",\"region\":\"us-east-1\",\"parameters\":\"{}\"}},{\"timestamp\":1764410001,\"type\":\"TaskScheduled\",\"id\":2,\"taskScheduledEventDetails\":{\"resourceType\":\"lambda\",\"resource\":\"invoke.waitForTaskToken\",\"region\":\"us-east-1\",\"parameters\":\"{\\\"Payload\\\":{\\\"taskToken\\\":\\\"TOKEN-1\\\"}}\"}}]}";
    let r = run(&["approve"], vec![
        sts_ok(),
        stack("UPDATE_COMPLETE", &[("FailoverStateMachineArn", sm)]),
        json(&format!("{{\"executions\":[{{\"executionArn\":\"arn:exec:old\",\"stateMachineArn\":\"{sm}\",\"name\":\"a\",\"status\":\"RUNNING\",\"startDate\":1764400000}},{{\"executionArn\":\"arn:exec:1\",\"stateMachineArn\":\"{sm}\",\"name\":\"b\",\"status\":\"RUNNING\",\"startDate\":1764410000}}]}}")),
        json("{\"events\":[],\"nextToken\":\"p2\"}"),
        json(history),
        json("{}"),
    ]).await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("Approved arn:exec:1"));

    let r = run(
        &["reject", "--execution", "arn:exec:1", "--reason", "not now"],
        vec![sts_ok(), json(history), json("{}")],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("Rejected arn:exec:1: not now"));

    let r = run(
        &["reject", "--execution", "arn:exec:1"],
        vec![sts_ok(), json("{\"events\":[]}")],
    )
    .await;
    assert_eq!(r.code, 2);
    assert!(r.out.contains("is not waiting for an approval"));

    let r = run(
        &["approve"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[("FailoverStateMachineArn", sm)]),
            json("{\"executions\":[]}"),
        ],
    )
    .await;
    assert_eq!(r.code, 2);
    assert!(
        r.out.contains("no running drill execution of arn:aws:states:us-east-1:123456789012:stateMachine:failover: start one with `ha-test drill"),
        "{}",
        r.out
    );

    let r = run(&["drill"], vec![sts_ok(), stack("UPDATE_COMPLETE", &[])]).await;
    assert_eq!(r.code, 2);
    assert!(r
        .out
        .contains("has no output FailoverStateMachineArn: it has no drill state machine"));

    let r = run(&["drill"], vec![sts_ok(), no_stack()]).await;
    assert_eq!(r.code, 2);
    assert!(r
        .out
        .contains("does not exist: run `ha-test deploy --suffix dev --region us-east-1` first"));

    let r = run(&["outputs"], vec![sts_ok(), no_stack()]).await;
    assert_eq!(r.code, 2);
}

#[tokio::test]
async fn bootstrap_in_another_region_applies_tls_policy() {
    let r = run(
        &["bootstrap", "--region", "eu-west-1"],
        vec![
            sts_ok(),
            resp(404, ""),
            resp(200, ""),
            resp(200, ""),
            resp(200, ""),
            resp(200, ""),
            resp(200, ""),
            resp(204, ""),
            resp(200, ""),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r
        .out
        .contains("Created staging bucket ha-cfn-staging-123456789012-eu-west-1"));
    assert!(r.out.contains("TLS-only policy"));
}

pub(crate) fn s3_denied() -> ReplayEvent {
    resp(
        403,
        "<Error><Code>AccessDenied</Code><Message>no</Message></Error>",
    )
}

pub(crate) fn json_error(status: u16, code: &str) -> ReplayEvent {
    resp(
        status,
        format!("{{\"__type\":\"{code}\",\"message\":\"no\"}}"),
    )
}

pub(crate) fn cfn_denied() -> ReplayEvent {
    cfn_error(403, "AccessDenied", "not allowed")
}

/// Run each case; assert its exit code and that the output contains its message.
pub(crate) async fn check(cases: Vec<(&[&str], Vec<ReplayEvent>, u8, &str)>) {
    for (args, evs, code, msg) in cases {
        let r = run(args, evs).await;
        assert_eq!(r.code, code, "{args:?}: {}", r.out);
        assert!(
            r.out.contains(msg),
            "{args:?}: missing {msg:?} in {}",
            r.out
        );
    }
}

pub(crate) fn created() -> Vec<ReplayEvent> {
    vec![
        sts_ok(),
        no_stack(),
        create_cs(),
        describe_cs(
            "CREATE_COMPLETE",
            "",
            &[("Add", "Topic", "AWS::SNS::Topic", "")],
        ),
    ]
}

pub(crate) fn with(
    mut base: Vec<ReplayEvent>,
    more: impl IntoIterator<Item = ReplayEvent>,
) -> Vec<ReplayEvent> {
    base.extend(more);
    base
}

#[tokio::test]
async fn deploy_and_diff_errors_are_explained() {
    let rejected = || cfn_error(400, "ValidationError", "Template format error: bad");
    check(vec![
        (
            &["deploy", "--big"],
            vec![sts_ok(), no_stack(), resp(200, ""), s3_denied()],
            2,
            "error: access denied (s3:PutObject (template upload)): the credentials lack permission",
        ),
        (
            &["deploy"],
            with(created(), [cfn_error(400, "InvalidChangeSetStatus", "not executable")]),
            1,
            "error: cloudformation:ExecuteChangeSet failed: InvalidChangeSetStatus: not executable",
        ),
        (
            &["deploy"],
            vec![sts_ok(), no_stack(), cfn_denied()],
            2,
            "error: access denied (cloudformation:CreateChangeSet)",
        ),
        (
            &["deploy"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[]),
                no_cs(),
                create_cs(),
                cfn_error(404, "ChangeSetNotFound", "gone"),
            ],
            1,
            "error: cloudformation:DescribeChangeSet failed: ChangeSetNotFound: gone",
        ),
        (
            &["deploy", "--wait-timeout", "0s"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[]),
                no_cs(),
                create_cs(),
                describe_cs("CREATE_PENDING", "", &[]),
            ],
            3,
            "error: timed out waiting for change set arn:aws:cloudformation:us-east-1:123456789012:changeSet/ha-1/9z of ha-test-dev to be created",
        ),
        (
            &["deploy"],
            vec![sts_ok(), stack("UPDATE_IN_PROGRESS", &[]), cfn_denied()],
            2,
            "error: access denied (cloudformation:DescribeStackEvents)",
        ),
        (
            &["deploy"],
            with(
                created(),
                [
                    empty("ExecuteChangeSet"),
                    stack("CREATE_IN_PROGRESS", &[]),
                    cfn_denied(),
                ],
            ),
            2,
            "error: access denied (cloudformation:DescribeStackEvents)",
        ),
        (
            &["deploy"],
            vec![
                sts_ok(),
                stack("DELETE_IN_PROGRESS", &[]),
                events(&[("x1", "ha-test-dev", STK, "DELETE_IN_PROGRESS", "")]),
                no_stack(),
                no_stack(),
                no_stack(),
                rejected(),
            ],
            2,
            "the running operation ended (DELETE_COMPLETE)\nCreating stack ha-test-dev",
        ),
        (
            &["deploy"],
            vec![
                sts_ok(),
                stack("REVIEW_IN_PROGRESS", &[]),
                no_cs(),
                no_stack(),
                empty("DeleteStack"),
                no_stack(),
                no_stack(),
                rejected(),
            ],
            2,
            "Stack ha-test-dev is in REVIEW_IN_PROGRESS (an earlier create change set was never executed; it holds no resources): deleting it and creating it again.\n",
        ),
        (
            &["diff"],
            vec![sts_ok(), stack("UPDATE_COMPLETE", &[]), cfn_denied()],
            2,
            "error: access denied (cloudformation:GetTemplate)",
        ),
        (
            &["diff"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[]),
                get_template("Resources: {}"),
                cfn_error(400, "ValidationError", "No updates are to be performed."),
            ],
            0,
            "Stack ha-test-dev: no changes.\nTemplate changes (5):\n  + AWSTemplateFormatVersion: \"2010-09-09\"",
        ),
        (
            &["outputs"],
            vec![sts_ok(), resp(200, "this is not XML")],
            1,
            "error: cloudformation:DescribeStacks failed: ",
        ),
    ])
    .await;
}

#[tokio::test]
async fn every_bootstrap_setting_failure_is_explained() {
    let r = run(&["bootstrap"], vec![sts_ok(), resp(404, ""), s3_denied()]).await;
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(
        r.out.contains("error: access denied (s3:CreateBucket)"),
        "{}",
        r.out
    );
    let steps = [
        "s3:PutPublicAccessBlock",
        "s3:PutBucketOwnershipControls",
        "s3:PutBucketVersioning",
        "s3:PutBucketEncryption",
        "s3:PutBucketPolicy",
        "s3:PutBucketLifecycleConfiguration",
    ];
    for (i, step) in steps.iter().enumerate() {
        let mut evs = vec![sts_ok(), resp(200, "")];
        evs.extend((0..i).map(|_| resp(200, "")));
        evs.push(s3_denied());
        let r = run(&["bootstrap"], evs).await;
        assert_eq!(r.code, 2, "{step}: {}", r.out);
        assert!(
            r.out
                .contains("Staging bucket ha-cfn-staging-123456789012-us-east-1 exists")
                && r.out.contains(&format!("error: access denied ({step})")),
            "{step}: {}",
            r.out
        );
    }
}

#[tokio::test]
async fn step_functions_errors_are_explained() {
    let sm = "arn:aws:states:us-east-1:123456789012:stateMachine:failover";
    let history = "{\"events\":[{\"timestamp\":1764410001,\"type\":\"TaskScheduled\",\"id\":2,\"taskScheduledEventDetails\":{\"resourceType\":\"lambda\",\"resource\":\"invoke.waitForTaskToken\",\"region\":\"us-east-1\",\"parameters\":\"{\\\"TaskToken\\\":\\\"T\\\"}\"}}]}";
    check(vec![
        (
            &["drill"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[("FailoverStateMachineArn", sm)]),
                json_error(400, "ExecutionAlreadyExists"),
            ],
            1,
            "error: states:StartExecution failed: ExecutionAlreadyExists: no",
        ),
        (
            &["approve"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[("FailoverStateMachineArn", sm)]),
                json_error(400, "AccessDeniedException"),
            ],
            2,
            "error: access denied (states:ListExecutions)",
        ),
        (
            &["reject", "--execution", "arn:exec:9"],
            vec![sts_ok(), json_error(400, "ExecutionDoesNotExist")],
            1,
            "error: states:GetExecutionHistory failed: ExecutionDoesNotExist: no",
        ),
        (
            &["approve", "--execution", "arn:exec:9"],
            vec![sts_ok(), json(history), json_error(400, "TaskTimedOut")],
            1,
            "error: states:SendTaskSuccess failed: TaskTimedOut: no",
        ),
        (
            &["reject", "--execution", "arn:exec:9"],
            vec![sts_ok(), json(history), json_error(400, "InvalidToken")],
            1,
            "error: states:SendTaskFailure failed: InvalidToken: no",
        ),
    ])
    .await;
}

/// Paths the local endpoint also covers, replayed so coverage does not depend on it.
#[tokio::test]
async fn upload_refused_create_missing_stack_and_plain_http_bootstrap() {
    let ok = || resp(200, "");
    check(vec![
        (
            &["deploy", "--big"],
            vec![
                sts_ok(),
                no_stack(),
                ok(),
                ok(),
                cfn_error(400, "ValidationError", "Template format error: bad"),
            ],
            2,
            "bytes: uploaded to s3://ha-cfn-staging-123456789012-us-east-1/templates/ha-test-dev/",
        ),
        (
            &["deploy", "--with-role"],
            vec![
                sts_ok(),
                no_stack(),
                create_cs(),
                describe_cs(
                    "CREATE_COMPLETE",
                    "",
                    &[("Add", "Role", "AWS::IAM::Role", "")],
                ),
                empty("DeleteChangeSet"),
                stack("REVIEW_IN_PROGRESS", &[]),
                no_cs(),
                empty("DeleteStack"),
            ],
            3,
            "error: these changes need confirmation (Add Role (IAM)) and stdin is not a terminal",
        ),
        (
            &["destroy"],
            vec![sts_ok(), no_stack()],
            0,
            "Stack ha-test-dev does not exist: nothing to destroy.",
        ),
        (
            &["bootstrap", "--endpoint-url", "http://127.0.0.1:9"],
            vec![sts_ok(), resp(404, ""), ok(), ok(), ok(), ok(), ok(), ok()],
            0,
            "Created staging bucket ha-cfn-staging-123456789012-us-east-1\nnote: the endpoint is plain http (local): the TLS-only bucket policy is not applied there\nStaging bucket ha-cfn-staging-123456789012-us-east-1 ready: versioning, SSE-S3, public access blocked, bucket-owner-enforced, noncurrent versions expire after 30 days.",
        ),
    ])
    .await;
}
