//! Integration checks of a deployed TapStack, read back through the AWS SDK for Rust.
//!
//! Every check is a plain async function taking the SDK config and the flat outputs
//! (`cfn-outputs/flat-outputs.json`), so the same code runs against the local endpoint (from
//! `tests/e2e_local.rs`) and against real AWS (`tests/integration/main.rs`, opt-in).
//!
//! A check never panics on its own: it returns a [`Report`] of passed, failed and skipped
//! assertions, so one run shows every problem. A few assertions are skipped **only** on the local
//! endpoint, where the endpoint cannot store the setting at all; each skip carries its reason and
//! the same assertion runs on real AWS.

#![allow(dead_code)]

use aws_config::SdkConfig;
use std::collections::BTreeMap;
use std::fmt::Debug;

/// `cfn-outputs/flat-outputs.json`: output key → value.
pub type Outputs = BTreeMap<String, String>;

/// Reads a flat outputs file.
pub fn read_outputs(path: &std::path::Path) -> Outputs {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let v: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    v.as_object()
        .unwrap_or_else(|| panic!("{} is not a JSON object", path.display()))
        .iter()
        .map(|(k, v)| {
            let s = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), s)
        })
        .collect()
}

/// Whether the config points at a local endpoint (an `endpoint_url` override).
pub fn is_local(conf: &SdkConfig) -> bool {
    conf.endpoint_url().is_some()
}

/// Results of a group of checks.
#[derive(Debug, Default)]
pub struct Report {
    pub local: bool,
    pub passed: Vec<String>,
    pub failed: Vec<String>,
    /// (assertion, why it was not made here)
    pub skipped: Vec<(String, String)>,
}

impl Report {
    pub fn new(conf: &SdkConfig) -> Self {
        Report {
            local: is_local(conf),
            ..Default::default()
        }
    }

    pub fn ok(&mut self, what: impl Into<String>, cond: bool, detail: impl Debug) {
        let what = what.into();
        if cond {
            self.passed.push(what);
        } else {
            self.failed.push(format!("{what}: got {detail:?}"));
        }
    }

    pub fn eq<A, E>(&mut self, what: impl Into<String>, actual: A, expected: E)
    where
        A: PartialEq<E> + Debug,
        E: Debug,
    {
        let what = what.into();
        if actual == expected {
            self.passed.push(what);
        } else {
            self.failed
                .push(format!("{what}: expected {expected:?}, got {actual:?}"));
        }
    }

    /// An SDK call failed: the assertions depending on it fail with the error.
    pub fn err(&mut self, what: impl Into<String>, e: impl std::error::Error) {
        self.failed.push(format!(
            "{}: API call failed: {}",
            what.into(),
            aws_sdk_s3::error::DisplayErrorContext(e)
        ));
    }

    /// Runs `check` on real AWS; on the local endpoint records a skip with the reason.
    /// On the local endpoint: records a skip with the reason and returns true (the caller then
    /// makes the assertion only when this returns false, i.e. on AWS).
    pub fn skip_locally(&mut self, what: &str, local_reason: &str) -> bool {
        if self.local {
            self.skipped
                .push((what.to_owned(), local_reason.to_owned()));
        }
        self.local
    }

    pub fn aws_only(&mut self, what: &str, local_reason: &str, check: impl FnOnce(&mut Self)) {
        if self.local {
            self.skipped
                .push((what.to_owned(), local_reason.to_owned()));
        } else {
            check(self);
        }
    }

    pub fn merge(&mut self, other: Report) {
        self.passed.extend(other.passed);
        self.failed.extend(other.failed);
        self.skipped.extend(other.skipped);
    }

    /// Prints the summary and panics when anything failed.
    pub fn assert_ok(&self, title: &str) {
        println!(
            "== {title}: {} passed, {} failed, {} skipped{}",
            self.passed.len(),
            self.failed.len(),
            self.skipped.len(),
            if self.local {
                " (local endpoint)"
            } else {
                " (AWS)"
            }
        );
        for (what, why) in &self.skipped {
            println!("   SKIPPED {what}: {why}");
        }
        for f in &self.failed {
            println!("   FAILED  {f}");
        }
        assert!(
            self.failed.is_empty(),
            "{title}: {} check(s) failed:\n  {}",
            self.failed.len(),
            self.failed.join("\n  ")
        );
    }
}

/// The output value, or a failed check (and None) when the key is missing or empty.
fn out<'a>(r: &mut Report, o: &'a Outputs, key: &str) -> Option<&'a str> {
    match o.get(key).map(String::as_str) {
        Some(v) if !v.is_empty() => Some(v),
        v => {
            r.failed
                .push(format!("output {key} missing or empty: {v:?}"));
            None
        }
    }
}

/// The environment suffix, from the `ParameterPath` output (`/tap/<suffix>`).
pub fn suffix(o: &Outputs) -> String {
    o.get("ParameterPath")
        .and_then(|p| p.strip_prefix("/tap/"))
        .expect("output ParameterPath /tap/<suffix>")
        .to_owned()
}

/// The key id of a KMS key ARN (`arn:...:key/<id>` → `<id>`), or the input.
fn key_id(arn_or_id: &str) -> &str {
    arn_or_id.rsplit('/').next().unwrap_or(arn_or_id)
}

/// KMS key references are equal when they name the same key (ARN or id form).
fn same_key(a: &str, b: &str) -> bool {
    !a.is_empty() && key_id(a) == key_id(b)
}

fn dns_eq(a: &str, b: &str) -> bool {
    let n = |s: &str| {
        s.trim_end_matches('.')
            .trim_start_matches("dualstack.")
            .to_ascii_lowercase()
    };
    n(a) == n(b)
}

// ------------------------------------------------------------------------------- DynamoDB

pub async fn check_dynamodb(conf: &SdkConfig, o: &Outputs) -> Report {
    use aws_sdk_dynamodb::types::{
        BillingMode, KeyType, PointInTimeRecoveryStatus, SseStatus, TimeToLiveStatus,
    };
    let mut r = Report::new(conf);
    let Some(table) = out(&mut r, o, "SessionsTableName") else {
        return r;
    };
    let db = aws_sdk_dynamodb::Client::new(conf);
    match db.describe_table().table_name(table).send().await {
        Ok(d) => {
            let t = d.table().expect("TableDescription");
            r.eq(
                "dynamodb: billing mode PAY_PER_REQUEST",
                t.billing_mode_summary().and_then(|b| b.billing_mode()),
                Some(&BillingMode::PayPerRequest),
            );
            r.eq(
                "dynamodb: SSE enabled",
                t.sse_description().and_then(|s| s.status()),
                Some(&SseStatus::Enabled),
            );
            let keys: Vec<(String, KeyType)> = t
                .key_schema()
                .iter()
                .map(|k| (k.attribute_name().to_owned(), k.key_type().clone()))
                .collect();
            r.eq(
                "dynamodb: key schema sessionId HASH",
                keys,
                vec![("sessionId".to_owned(), KeyType::Hash)],
            );
            r.eq(
                "dynamodb: deletion protection off (non-production)",
                t.deletion_protection_enabled().unwrap_or(false),
                suffix(o) == "prod",
            );
        }
        Err(e) => r.err("dynamodb: describe_table", e),
    }
    match db
        .describe_continuous_backups()
        .table_name(table)
        .send()
        .await
    {
        Ok(d) => r.eq(
            "dynamodb: point-in-time recovery enabled",
            d.continuous_backups_description()
                .and_then(|c| c.point_in_time_recovery_description())
                .and_then(|p| p.point_in_time_recovery_status()),
            Some(&PointInTimeRecoveryStatus::Enabled),
        ),
        Err(e) => r.err("dynamodb: describe_continuous_backups", e),
    }
    match db.describe_time_to_live().table_name(table).send().await {
        Ok(d) => {
            let ttl = d.time_to_live_description();
            r.eq(
                "dynamodb: TTL enabled",
                ttl.and_then(|t| t.time_to_live_status()),
                Some(&TimeToLiveStatus::Enabled),
            );
            r.eq(
                "dynamodb: TTL attribute expiresAt",
                ttl.and_then(|t| t.attribute_name()),
                Some("expiresAt"),
            );
        }
        Err(e) => r.err("dynamodb: describe_time_to_live", e),
    }
    r
}

// ------------------------------------------------------------------------------- S3

pub fn s3_client(conf: &SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(conf)
            .force_path_style(is_local(conf))
            .build(),
    )
}

pub async fn check_s3(conf: &SdkConfig, o: &Outputs) -> Report {
    use aws_sdk_s3::types::{BucketVersioningStatus, ObjectOwnership, ServerSideEncryption};
    let mut r = Report::new(conf);
    let Some(bucket) = out(&mut r, o, "DataBucketName") else {
        return r;
    };
    let s3 = s3_client(conf);
    const VERSIONING: &str = "s3: data bucket versioning Enabled";
    match s3.get_bucket_versioning().bucket(bucket).send().await {
        Ok(v) => r.eq(
            VERSIONING,
            v.status(),
            Some(&BucketVersioningStatus::Enabled),
        ),
        Err(e) => r.err("s3: get_bucket_versioning", e),
    }
    match s3.get_bucket_encryption().bucket(bucket).send().await {
        Ok(v) => {
            let rule = v
                .server_side_encryption_configuration()
                .and_then(|c| c.rules().first());
            r.eq(
                "s3: data bucket default encryption AES256",
                rule.and_then(|x| x.apply_server_side_encryption_by_default())
                    .map(|d| d.sse_algorithm().clone()),
                Some(ServerSideEncryption::Aes256),
            );
            r.eq(
                "s3: data bucket key enabled",
                rule.and_then(|x| x.bucket_key_enabled()),
                Some(true),
            );
        }
        Err(e) => r.err("s3: get_bucket_encryption", e),
    }
    match s3.get_public_access_block().bucket(bucket).send().await {
        Ok(v) => {
            let c = v.public_access_block_configuration();
            let all = c.map(|c| {
                (
                    c.block_public_acls(),
                    c.ignore_public_acls(),
                    c.block_public_policy(),
                    c.restrict_public_buckets(),
                )
            });
            r.eq(
                "s3: data bucket public access block (all four true)",
                all,
                Some((Some(true), Some(true), Some(true), Some(true))),
            );
        }
        Err(e) => r.err("s3: get_public_access_block", e),
    }
    match s3
        .get_bucket_ownership_controls()
        .bucket(bucket)
        .send()
        .await
    {
        Ok(v) => r.eq(
            "s3: data bucket ownership BucketOwnerEnforced",
            v.ownership_controls()
                .and_then(|c| c.rules().first())
                .map(|x| x.object_ownership().clone()),
            Some(ObjectOwnership::BucketOwnerEnforced),
        ),
        Err(e) => r.err("s3: get_bucket_ownership_controls", e),
    }
    match s3
        .get_bucket_lifecycle_configuration()
        .bucket(bucket)
        .send()
        .await
    {
        Ok(v) => {
            let ids: Vec<&str> = v.rules().iter().filter_map(|x| x.id()).collect();
            r.eq(
                "s3: data bucket lifecycle rule tiering-and-cleanup",
                ids,
                vec!["tiering-and-cleanup"],
            );
        }
        Err(e) => r.err("s3: get_bucket_lifecycle_configuration", e),
    }
    match s3.get_bucket_policy().bucket(bucket).send().await {
        Ok(v) => r.ok(
            "s3: data bucket policy denies non-TLS access",
            v.policy()
                .is_some_and(|p| p.contains("aws:SecureTransport")),
            v.policy(),
        ),
        Err(e) => r.err("s3: get_bucket_policy", e),
    }
    r
}

// ------------------------------------------------------------------------------- SSM

pub async fn check_ssm(conf: &SdkConfig, o: &Outputs) -> Report {
    use aws_sdk_ssm::types::{ParameterStringFilter, ParameterType};
    let mut r = Report::new(conf);
    let (Some(path), Some(secure), Some(table), Some(db), Some(kms)) = (
        out(&mut r, o, "ParameterPath"),
        out(&mut r, o, "SecureParameterName"),
        out(&mut r, o, "SessionsTableName"),
        out(&mut r, o, "ClusterEndpoint"),
        out(&mut r, o, "KmsKeyArn"),
    ) else {
        return r;
    };
    let bus = o.get("EventBusName").cloned().unwrap_or_default();
    let ssm = aws_sdk_ssm::Client::new(conf);
    let mut found: BTreeMap<String, (ParameterType, String)> = BTreeMap::new();
    let mut token = None;
    loop {
        match ssm
            .get_parameters_by_path()
            .path(path)
            .recursive(true)
            .with_decryption(false)
            .set_next_token(token.take())
            .send()
            .await
        {
            Ok(p) => {
                for x in p.parameters() {
                    found.insert(
                        x.name().unwrap_or_default().to_owned(),
                        (
                            x.r#type().cloned().unwrap_or(ParameterType::String),
                            x.value().unwrap_or_default().to_owned(),
                        ),
                    );
                }
                token = p.next_token().map(str::to_owned);
                if token.is_none() {
                    break;
                }
            }
            Err(e) => {
                r.err("ssm: get_parameters_by_path", e);
                return r;
            }
        }
    }
    let expect = [
        (
            format!("{path}/app/log-level"),
            ParameterType::String,
            Some("info".to_owned()),
        ),
        (
            format!("{path}/app/sessions-table"),
            ParameterType::String,
            Some(table.to_owned()),
        ),
        (
            format!("{path}/app/event-bus"),
            ParameterType::String,
            Some(bus),
        ),
        (
            format!("{path}/db/endpoint"),
            ParameterType::String,
            Some(db.to_owned()),
        ),
        (secure.to_owned(), ParameterType::SecureString, None),
    ];
    let names: Vec<&String> = found.keys().collect();
    let mut want: Vec<&String> = expect.iter().map(|e| &e.0).collect();
    want.sort();
    r.eq(format!("ssm: parameters under {path}"), names, want);
    for (name, ty, value) in &expect {
        let got = found.get(name);
        r.eq(
            format!("ssm: {name} type {ty:?}"),
            got.map(|g| &g.0),
            Some(ty),
        );
        if let Some(v) = value {
            r.eq(format!("ssm: {name} value"), got.map(|g| &g.1), Some(v));
        }
    }
    // the SecureString: its KMS key, and a generated value of the requested length
    let filter = ParameterStringFilter::builder()
        .key("Name")
        .option("Equals")
        .values(secure)
        .build()
        .expect("filter");
    match ssm
        .describe_parameters()
        .parameter_filters(filter)
        .send()
        .await
    {
        Ok(d) => {
            let p = d.parameters().first();
            r.eq(
                "ssm: secure parameter type SecureString (describe)",
                p.and_then(|p| p.r#type()),
                Some(&ParameterType::SecureString),
            );
            let k = p.and_then(|p| p.key_id()).unwrap_or_default();
            r.ok(
                "ssm: secure parameter encrypted with the stack's KMS key",
                same_key(k, kms),
                (k, kms),
            );
        }
        Err(e) => r.err("ssm: describe_parameters", e),
    }
    match ssm
        .get_parameter()
        .name(secure)
        .with_decryption(true)
        .send()
        .await
    {
        Ok(p) => {
            let v = p.parameter().and_then(|p| p.value()).unwrap_or_default();
            r.eq("ssm: secure parameter value length 48", v.len(), 48usize);
        }
        Err(e) => r.err("ssm: get_parameter (decrypted)", e),
    }
    r
}

// ------------------------------------------------------------------------------- EventBridge + SQS

pub async fn check_events(conf: &SdkConfig, o: &Outputs) -> Report {
    use aws_sdk_eventbridge::types::ArchiveState;
    use aws_sdk_sqs::types::QueueAttributeName as Q;
    let mut r = Report::new(conf);
    let (Some(bus), Some(bus_arn), Some(archive), Some(queue), Some(dlq), Some(kms)) = (
        out(&mut r, o, "EventBusName"),
        out(&mut r, o, "EventBusArn"),
        out(&mut r, o, "EventArchiveName"),
        out(&mut r, o, "OrdersQueueUrl"),
        out(&mut r, o, "OrdersDlqUrl"),
        out(&mut r, o, "KmsKeyArn"),
    ) else {
        return r;
    };
    let ev = aws_sdk_eventbridge::Client::new(conf);
    match ev.describe_event_bus().name(bus).send().await {
        Ok(b) => r.eq("events: bus ARN", b.arn(), Some(bus_arn)),
        Err(e) => r.err("events: describe_event_bus", e),
    }
    match ev.describe_archive().archive_name(archive).send().await {
        Ok(a) => {
            r.eq(
                "events: archive source is the bus",
                a.event_source_arn(),
                Some(bus_arn),
            );
            r.eq(
                "events: archive retention 7 days",
                a.retention_days(),
                Some(7),
            );
            r.eq(
                "events: archive ENABLED",
                a.state(),
                Some(&ArchiveState::Enabled),
            );
        }
        Err(e) => r.err("events: describe_archive", e),
    }
    let sqs = aws_sdk_sqs::Client::new(conf);
    let attrs = |url: &str| {
        sqs.get_queue_attributes()
            .queue_url(url)
            .attribute_names(Q::All)
            .send()
    };
    let mut queue_arn = String::new();
    let mut dlq_arn = String::new();
    match attrs(queue).await {
        Ok(a) => {
            let a = a.attributes().cloned().unwrap_or_default();
            queue_arn = a.get(&Q::QueueArn).cloned().unwrap_or_default();
            let k = a.get(&Q::KmsMasterKeyId).cloned().unwrap_or_default();
            r.ok(
                "sqs: orders queue encrypted with the stack's KMS key",
                same_key(&k, kms),
                (k, kms),
            );
            r.eq(
                "sqs: orders queue visibility timeout 60",
                a.get(&Q::VisibilityTimeout).map(String::as_str),
                Some("60"),
            );
        }
        Err(e) => r.err("sqs: get_queue_attributes (orders)", e),
    }
    match attrs(dlq).await {
        Ok(a) => {
            let a = a.attributes().cloned().unwrap_or_default();
            dlq_arn = a.get(&Q::QueueArn).cloned().unwrap_or_default();
            r.eq(
                "sqs: DLQ SSE-SQS",
                a.get(&Q::SqsManagedSseEnabled).map(String::as_str),
                Some("true"),
            );
            r.eq(
                "sqs: DLQ retention 14 days",
                a.get(&Q::MessageRetentionPeriod).map(String::as_str),
                Some("1209600"),
            );
        }
        Err(e) => r.err("sqs: get_queue_attributes (dlq)", e),
    }
    let rule = format!("tap-{}-orders", suffix(o));
    match ev
        .list_targets_by_rule()
        .rule(&rule)
        .event_bus_name(bus)
        .send()
        .await
    {
        Ok(t) => {
            let t = t.targets().first();
            r.eq(
                "events: orders rule targets the orders queue",
                t.map(|t| t.arn()),
                Some(queue_arn.as_str()),
            );
            r.eq(
                "events: orders rule DLQ",
                t.and_then(|t| t.dead_letter_config()).and_then(|d| d.arn()),
                Some(dlq_arn.as_str()),
            );
            let rp = t.and_then(|t| t.retry_policy());
            r.eq(
                "events: orders rule retry policy (8 attempts, 3600 s)",
                rp.map(|p| (p.maximum_retry_attempts(), p.maximum_event_age_in_seconds())),
                Some((Some(8), Some(3600))),
            );
        }
        Err(e) => r.err("events: list_targets_by_rule", e),
    }
    r
}

// ------------------------------------------------------------------------------- SNS

pub async fn check_sns(conf: &SdkConfig, o: &Outputs) -> Report {
    let mut r = Report::new(conf);
    let Some(kms) = out(&mut r, o, "KmsKeyArn") else {
        return r;
    };
    let sns = aws_sdk_sns::Client::new(conf);
    for key in ["AlarmTopicArn", "OpsTopicArn"] {
        let Some(arn) = out(&mut r, o, key) else {
            continue;
        };
        match sns.get_topic_attributes().topic_arn(arn).send().await {
            Ok(a) => {
                let a = a.attributes().cloned().unwrap_or_default();
                let k = a.get("KmsMasterKeyId").cloned().unwrap_or_default();
                r.ok(
                    format!("sns: {key} encrypted with the stack's KMS key"),
                    same_key(&k, kms),
                    (k, kms),
                );
                if key == "AlarmTopicArn" {
                    let p = a.get("Policy").cloned().unwrap_or_default();
                    r.ok(
                        "sns: alarm topic policy lets CloudWatch publish",
                        p.contains("cloudwatch.amazonaws.com"),
                        p,
                    );
                }
            }
            Err(e) => r.err(format!("sns: get_topic_attributes {key}"), e),
        }
    }
    r
}

// ------------------------------------------------------------------------------- Step Functions

pub async fn check_state_machine(conf: &SdkConfig, o: &Outputs) -> Report {
    use aws_sdk_sfn::types::{LogLevel, StateMachineType};
    let mut r = Report::new(conf);
    let Some(arn) = out(&mut r, o, "FailoverStateMachineArn") else {
        return r;
    };
    let sfn = aws_sdk_sfn::Client::new(conf);
    match sfn
        .describe_state_machine()
        .state_machine_arn(arn)
        .send()
        .await
    {
        Ok(d) => {
            r.eq(
                "sfn: type STANDARD",
                d.r#type(),
                &StateMachineType::Standard,
            );
            let l = d.logging_configuration();
            r.eq(
                "sfn: logging level ALL",
                l.and_then(|l| l.level()),
                Some(&LogLevel::All),
            );
            r.eq(
                "sfn: logging includes execution data",
                l.map(|l| l.include_execution_data()),
                Some(true),
            );
            let dest = l
                .and_then(|l| l.destinations().first())
                .and_then(|d| d.cloud_watch_logs_log_group())
                .and_then(|g| g.log_group_arn())
                .unwrap_or_default();
            r.ok(
                "sfn: logs to /aws/vendedlogs/states/tap-<suffix>-failover",
                dest.contains(&format!(
                    "/aws/vendedlogs/states/tap-{}-failover",
                    suffix(o)
                )),
                dest,
            );
            r.eq(
                "sfn: X-Ray tracing enabled",
                d.tracing_configuration().map(|t| t.enabled()),
                Some(true),
            );
            let def: serde_json::Value = serde_json::from_str(d.definition()).unwrap_or_default();
            r.eq(
                "sfn: definition starts at ValidateHealth",
                def["StartAt"].as_str(),
                Some("ValidateHealth"),
            );
            r.ok(
                "sfn: definition has the manual approval (waitForTaskToken)",
                def["States"]["RequestApproval"]["Resource"]
                    .as_str()
                    .is_some_and(|s| s.ends_with("sns:publish.waitForTaskToken")),
                &def["States"]["RequestApproval"]["Resource"],
            );
        }
        Err(e) => r.err("sfn: describe_state_machine", e),
    }
    r
}

// ------------------------------------------------------------------------------- CloudWatch

/// (alarm name without `tap-<suffix>-`, threshold, comparison, evaluation periods)
const ALARMS: &[(&str, f64, &str, i32)] = &[
    ("alb-5xx", 10.0, "GreaterThanThreshold", 2),
    ("alb-health-check", 1.0, "LessThanThreshold", 3),
    ("alb-latency", 2.0, "GreaterThanThreshold", 3),
    ("canary-availability", 90.0, "LessThanThreshold", 2),
    ("canary-latency", 90.0, "LessThanThreshold", 2),
    ("canary-workflow", 90.0, "LessThanThreshold", 2),
    ("db-connections", 400.0, "GreaterThanThreshold", 5),
    ("db-cpu", 80.0, "GreaterThanThreshold", 5),
    ("db-memory", 268435456.0, "LessThanThreshold", 5),
    ("db-read-latency", 0.02, "GreaterThanThreshold", 5),
    ("db-replica-lag", 1000.0, "GreaterThanThreshold", 5),
    ("db-write-latency", 0.05, "GreaterThanThreshold", 5),
    ("orders-dlq", 0.0, "GreaterThanThreshold", 1),
    ("unhealthy-hosts", 0.0, "GreaterThanThreshold", 3),
];

pub async fn check_alarms(conf: &SdkConfig, o: &Outputs) -> Report {
    use aws_sdk_cloudwatch::types::AlarmType;
    let mut r = Report::new(conf);
    let (Some(critical), Some(topic)) = (
        out(&mut r, o, "CriticalAlarmName"),
        out(&mut r, o, "AlarmTopicArn"),
    ) else {
        return r;
    };
    let prefix = format!("tap-{}-", suffix(o));
    let cw = aws_sdk_cloudwatch::Client::new(conf);
    let mut metric = Vec::new();
    let mut composite = Vec::new();
    let mut token = None;
    loop {
        match cw
            .describe_alarms()
            .alarm_name_prefix(&prefix)
            .alarm_types(AlarmType::MetricAlarm)
            .alarm_types(AlarmType::CompositeAlarm)
            .set_next_token(token.take())
            .send()
            .await
        {
            Ok(d) => {
                metric.extend(d.metric_alarms().iter().cloned());
                composite.extend(d.composite_alarms().iter().cloned());
                token = d.next_token().map(str::to_owned);
                if token.is_none() {
                    break;
                }
            }
            Err(e) => {
                r.err("cloudwatch: describe_alarms", e);
                return r;
            }
        }
    }
    let mut names: Vec<String> = metric
        .iter()
        .filter_map(|a| a.alarm_name().map(str::to_owned))
        .collect();
    names.sort();
    let want: Vec<String> = ALARMS.iter().map(|a| format!("{prefix}{}", a.0)).collect();
    r.eq("cloudwatch: metric alarm names", names, want);
    for (name, threshold, cmp, periods) in ALARMS {
        let full = format!("{prefix}{name}");
        let a = metric
            .iter()
            .find(|a| a.alarm_name() == Some(full.as_str()));
        r.eq(
            format!("cloudwatch: {full} threshold/comparison/periods"),
            a.map(|a| {
                (
                    a.threshold(),
                    a.comparison_operator().map(|c| c.as_str().to_owned()),
                    a.evaluation_periods(),
                )
            }),
            Some((Some(*threshold), Some((*cmp).to_owned()), Some(*periods))),
        );
        r.ok(
            format!("cloudwatch: {full} notifies the alarm topic"),
            a.is_some_and(|a| a.alarm_actions().iter().any(|x| x == topic)),
            a.map(|a| a.alarm_actions().to_vec()),
        );
    }
    let c = composite.iter().find(|a| a.alarm_name() == Some(critical));
    r.ok(
        format!("cloudwatch: composite alarm {critical} exists"),
        c.is_some(),
        composite.len(),
    );
    let rule = c.and_then(|c| c.alarm_rule()).unwrap_or_default();
    let expected_rule = [
        "db-cpu",
        "db-write-latency",
        "db-connections",
        "alb-5xx",
        "alb-health-check",
        "canary-availability",
    ]
    .iter()
    .map(|n| format!("ALARM(\"{prefix}{n}\")"))
    .collect::<Vec<_>>()
    .join(" OR ");
    r.eq(
        "cloudwatch: composite alarm rule",
        rule,
        expected_rule.as_str(),
    );
    r.ok(
        "cloudwatch: composite alarm notifies the alarm topic",
        c.is_some_and(|c| c.alarm_actions().iter().any(|x| x == topic)),
        c.map(|c| c.alarm_actions().to_vec()),
    );
    r
}

// ------------------------------------------------------------------------------- ELBv2

pub async fn check_load_balancer(conf: &SdkConfig, o: &Outputs) -> Report {
    use aws_sdk_elasticloadbalancingv2::types::{LoadBalancerSchemeEnum, LoadBalancerTypeEnum};
    let mut r = Report::new(conf);
    let Some(dns) = out(&mut r, o, "AlbDnsName") else {
        return r;
    };
    let name = format!("tap-{}-alb", suffix(o));
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(conf);
    let lb = match elb.describe_load_balancers().names(&name).send().await {
        Ok(d) => d.load_balancers().first().cloned(),
        Err(e) => {
            r.err("elbv2: describe_load_balancers", e);
            return r;
        }
    };
    let Some(lb) = lb else {
        r.failed
            .push(format!("elbv2: load balancer {name} not found"));
        return r;
    };
    r.eq(
        "elbv2: scheme internet-facing",
        lb.scheme(),
        Some(&LoadBalancerSchemeEnum::InternetFacing),
    );
    r.eq(
        "elbv2: type application",
        lb.r#type(),
        Some(&LoadBalancerTypeEnum::Application),
    );
    r.ok(
        "elbv2: DNS name = AlbDnsName output",
        lb.dns_name().is_some_and(|d| dns_eq(d, dns)),
        (lb.dns_name(), dns),
    );
    r.eq(
        "elbv2: 3 subnets (3 AZs)",
        lb.availability_zones().len(),
        3usize,
    );
    let arn = lb.load_balancer_arn().unwrap_or_default();
    match elb
        .describe_load_balancer_attributes()
        .load_balancer_arn(arn)
        .send()
        .await
    {
        Ok(a) => {
            let m: BTreeMap<&str, &str> = a
                .attributes()
                .iter()
                .filter_map(|x| Some((x.key()?, x.value()?)))
                .collect();
            r.eq(
                "elbv2: routing.http.drop_invalid_header_fields.enabled",
                m.get("routing.http.drop_invalid_header_fields.enabled")
                    .copied(),
                Some("true"),
            );
            r.eq(
                "elbv2: access_logs.s3.enabled",
                m.get("access_logs.s3.enabled").copied(),
                Some("true"),
            );
            r.eq(
                "elbv2: access_logs.s3.prefix",
                m.get("access_logs.s3.prefix").copied(),
                Some("alb"),
            );
            r.eq(
                "elbv2: deletion_protection.enabled (non-production)",
                m.get("deletion_protection.enabled").copied(),
                Some(if suffix(o) == "prod" { "true" } else { "false" }),
            );
        }
        Err(e) => r.err("elbv2: describe_load_balancer_attributes", e),
    }
    match elb.describe_listeners().load_balancer_arn(arn).send().await {
        Ok(l) => {
            let mut ports: Vec<i32> = l.listeners().iter().filter_map(|l| l.port()).collect();
            ports.sort();
            r.eq(
                "elbv2: listeners on 80 and 8080 (no certificate)",
                ports,
                vec![80, 8080],
            );
        }
        Err(e) => r.err("elbv2: describe_listeners", e),
    }
    let s = suffix(o);
    match elb
        .describe_target_groups()
        .names(format!("tap-{s}-blue"))
        .names(format!("tap-{s}-green"))
        .send()
        .await
    {
        Ok(t) => {
            for tg in t.target_groups() {
                let n = tg.target_group_name().unwrap_or_default();
                r.eq(
                    format!("elbv2: {n} health check / interval 15 / healthy 2 / unhealthy 3"),
                    (
                        tg.health_check_path(),
                        tg.health_check_interval_seconds(),
                        tg.healthy_threshold_count(),
                        tg.unhealthy_threshold_count(),
                    ),
                    (Some("/"), Some(15), Some(2), Some(3)),
                );
            }
            r.eq(
                "elbv2: blue and green target groups",
                t.target_groups().len(),
                2usize,
            );
        }
        Err(e) => r.err("elbv2: describe_target_groups", e),
    }
    r
}

// ------------------------------------------------------------------------------- Route 53

pub async fn check_route53(conf: &SdkConfig, o: &Outputs) -> Report {
    use aws_sdk_route53::types::{HealthCheckType, RrType};
    let mut r = Report::new(conf);
    let (Some(zone), Some(ns), Some(domain), Some(hc), Some(dns)) = (
        out(&mut r, o, "HostedZoneId"),
        out(&mut r, o, "NameServers"),
        out(&mut r, o, "AppDomainName"),
        out(&mut r, o, "HealthCheckId"),
        out(&mut r, o, "AlbDnsName"),
    ) else {
        return r;
    };
    let r53 = aws_sdk_route53::Client::new(conf);
    match r53.get_hosted_zone().id(zone).send().await {
        Ok(z) => {
            let h = z.hosted_zone();
            r.eq(
                "route53: zone name = AppDomainName",
                h.map(|h| h.name().trim_end_matches('.')),
                Some(domain),
            );
            r.eq(
                "route53: public zone",
                h.and_then(|h| h.config()).map(|c| c.private_zone()),
                Some(false),
            );
            let got: Vec<String> = z
                .delegation_set()
                .map(|d| {
                    d.name_servers()
                        .iter()
                        .map(|s| s.trim_end_matches('.').to_owned())
                        .collect()
                })
                .unwrap_or_default();
            let want: Vec<String> = ns
                .split(',')
                .map(|s| s.trim_end_matches('.').to_owned())
                .collect();
            r.eq("route53: NameServers output = delegation set", got, want);
        }
        Err(e) => r.err("route53: get_hosted_zone", e),
    }
    // the ALB's canonical zone, for the alias target
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(conf);
    let alb_zone = elb
        .describe_load_balancers()
        .names(format!("tap-{}-alb", suffix(o)))
        .send()
        .await
        .ok()
        .and_then(|d| {
            d.load_balancers()
                .first()
                .and_then(|l| l.canonical_hosted_zone_id().map(str::to_owned))
        });
    match r53
        .list_resource_record_sets()
        .hosted_zone_id(zone)
        .send()
        .await
    {
        Ok(l) => {
            let rec = l
                .resource_record_sets()
                .iter()
                .find(|x| x.r#type() == &RrType::A && x.name().trim_end_matches('.') == domain);
            let alias = rec.and_then(|x| x.alias_target());
            r.ok(
                format!("route53: alias A {domain} → ALB DNS name"),
                alias.is_some_and(|a| dns_eq(a.dns_name(), dns)),
                alias.map(|a| a.dns_name()),
            );
            r.eq(
                "route53: alias target zone = ALB canonical hosted zone",
                alias.map(|a| a.hosted_zone_id().to_owned()),
                alb_zone.clone(),
            );
            r.eq(
                "route53: alias evaluates target health",
                alias.map(|a| a.evaluate_target_health()),
                Some(true),
            );
        }
        Err(e) => r.err("route53: list_resource_record_sets", e),
    }
    match r53.get_health_check().health_check_id(hc).send().await {
        Ok(h) => {
            let c = h.health_check().and_then(|h| h.health_check_config());
            r.eq(
                "route53: health check type HTTP",
                c.map(|c| c.r#type()),
                Some(&HealthCheckType::Http),
            );
            r.eq(
                "route53: health check interval 30",
                c.and_then(|c| c.request_interval()),
                Some(30),
            );
            r.eq(
                "route53: health check failure threshold 3",
                c.and_then(|c| c.failure_threshold()),
                Some(3),
            );
            r.eq(
                "route53: health check port 80 path /",
                c.map(|c| (c.port(), c.resource_path())),
                Some((Some(80), Some("/"))),
            );
            r.ok(
                "route53: health check targets the ALB",
                c.and_then(|c| c.fully_qualified_domain_name())
                    .is_some_and(|d| dns_eq(d, dns)),
                c.and_then(|c| c.fully_qualified_domain_name()),
            );
        }
        Err(e) => r.err("route53: get_health_check", e),
    }
    r
}

// ------------------------------------------------------------------------------- ECS

/// The image of container `app` in the service's current task definition.
pub async fn service_image(conf: &SdkConfig, o: &Outputs) -> Result<String, String> {
    let ecs = aws_sdk_ecs::Client::new(conf);
    let cluster = o.get("EcsClusterName").ok_or("no EcsClusterName output")?;
    let service = o.get("EcsServiceName").ok_or("no EcsServiceName output")?;
    let d = ecs
        .describe_services()
        .cluster(cluster)
        .services(service)
        .send()
        .await
        .map_err(|e| aws_sdk_ecs::error::DisplayErrorContext(e).to_string())?;
    let td = d
        .services()
        .first()
        .and_then(|s| s.task_definition())
        .ok_or("service has no task definition")?
        .to_owned();
    let t = ecs
        .describe_task_definition()
        .task_definition(&td)
        .send()
        .await
        .map_err(|e| aws_sdk_ecs::error::DisplayErrorContext(e).to_string())?;
    t.task_definition()
        .and_then(|t| {
            t.container_definitions()
                .iter()
                .find(|c| c.name() == Some("app"))
        })
        .and_then(|c| c.image())
        .map(str::to_owned)
        .ok_or_else(|| format!("task definition {td} has no container app with an image"))
}

pub async fn check_ecs(conf: &SdkConfig, o: &Outputs) -> Report {
    use aws_sdk_ecs::types::{ClusterField, DeploymentControllerType, DeploymentStrategy};
    let mut r = Report::new(conf);
    let (Some(cluster), Some(service)) = (
        out(&mut r, o, "EcsClusterName"),
        out(&mut r, o, "EcsServiceName"),
    ) else {
        return r;
    };
    let ecs = aws_sdk_ecs::Client::new(conf);
    match ecs
        .describe_clusters()
        .clusters(cluster)
        .include(ClusterField::Settings)
        .send()
        .await
    {
        Ok(d) => {
            let c = d.clusters().first();
            r.eq(
                "ecs: cluster ACTIVE",
                c.and_then(|c| c.status()),
                Some("ACTIVE"),
            );
            let mut cps: Vec<&str> = c
                .map(|c| c.capacity_providers().iter().map(String::as_str).collect())
                .unwrap_or_default();
            cps.sort();
            r.eq(
                "ecs: cluster capacity providers FARGATE + FARGATE_SPOT",
                cps,
                vec!["FARGATE", "FARGATE_SPOT"],
            );
            let strat: Vec<(String, i32, i32)> = c
                .map(|c| {
                    c.default_capacity_provider_strategy()
                        .iter()
                        .map(|s| (s.capacity_provider().to_owned(), s.base(), s.weight()))
                        .collect()
                })
                .unwrap_or_default();
            r.eq(
                "ecs: cluster default strategy FARGATE base 1 + FARGATE_SPOT",
                strat,
                vec![
                    ("FARGATE".to_owned(), 1, 1),
                    ("FARGATE_SPOT".to_owned(), 0, 1),
                ],
            );
            let insights = c.and_then(|c| {
                c.settings()
                    .iter()
                    .find(|s| s.name().map(|n| n.as_str()) == Some("containerInsights"))
                    .and_then(|s| s.value().map(str::to_owned))
            });
            r.eq(
                "ecs: container insights enabled",
                insights.as_deref(),
                Some("enabled"),
            );
        }
        Err(e) => r.err("ecs: describe_clusters", e),
    }
    match ecs
        .describe_services()
        .cluster(cluster)
        .services(service)
        .send()
        .await
    {
        Ok(d) => {
            let s = d.services().first();
            r.ok(
                format!("ecs: service {service} found"),
                s.is_some(),
                d.failures(),
            );
            let Some(s) = s else { return r };
            r.eq(
                "ecs: desired count",
                s.desired_count(),
                if suffix(o) == "prod" { 3 } else { 2 },
            );
            let strat: Vec<(String, i32, i32)> = s
                .capacity_provider_strategy()
                .iter()
                .map(|x| (x.capacity_provider().to_owned(), x.base(), x.weight()))
                .collect();
            r.eq(
                "ecs: service capacity provider strategy",
                strat,
                vec![
                    ("FARGATE".to_owned(), 1, 1),
                    ("FARGATE_SPOT".to_owned(), 0, 1),
                ],
            );
            r.eq(
                "ecs: deployment controller ECS",
                s.deployment_controller().map(|c| c.r#type()),
                Some(&DeploymentControllerType::Ecs),
            );
            let dc = s.deployment_configuration();
            r.eq(
                "ecs: deployment strategy BLUE_GREEN",
                dc.and_then(|d| d.strategy()),
                Some(&DeploymentStrategy::BlueGreen),
            );
            r.eq(
                "ecs: bake time 5 min",
                dc.and_then(|d| d.bake_time_in_minutes()),
                Some(5),
            );
            r.eq(
                "ecs: circuit breaker enable + rollback",
                dc.and_then(|d| d.deployment_circuit_breaker())
                    .map(|c| (c.enable(), c.rollback())),
                Some((true, true)),
            );
            let sfx = suffix(o);
            let alarms = dc.and_then(|d| d.alarms());
            r.eq(
                "ecs: deployment alarms (5xx, latency) enable + rollback",
                alarms.map(|a| (a.alarm_names().to_vec(), a.enable(), a.rollback())),
                Some((
                    vec![
                        format!("tap-{sfx}-alb-5xx"),
                        format!("tap-{sfx}-alb-latency"),
                    ],
                    true,
                    true,
                )),
            );
            r.eq(
                "ecs: min/max percent 100/200",
                dc.map(|d| (d.minimum_healthy_percent(), d.maximum_percent())),
                Some((Some(100), Some(200))),
            );
            let lb = s.load_balancers().first();
            r.ok(
                "ecs: load balancer: container app:80 behind the blue target group",
                lb.is_some_and(|l| {
                    l.target_group_arn()
                        .is_some_and(|a| a.contains(&format!("tap-{sfx}-blue")))
                        && l.container_name() == Some("app")
                        && l.container_port() == Some(80)
                }),
                lb,
            );
            let adv = lb.and_then(|l| l.advanced_configuration());
            r.ok(
                "ecs: blue/green advanced configuration (green alternate target group, listener rules, role)",
                adv.is_some_and(|a| {
                    a.alternate_target_group_arn().is_some_and(|g| g.contains(&format!("tap-{sfx}-green")))
                        && a.production_listener_rule().is_some()
                        && a.test_listener_rule().is_some()
                        && a.role_arn().is_some_and(|x| x.contains("ecs-infrastructure"))
                }),
                adv,
            );
            r.eq(
                "ecs: health check grace 60 s",
                s.health_check_grace_period_seconds(),
                Some(60),
            );
        }
        Err(e) => r.err("ecs: describe_services", e),
    }
    match service_image(conf, o).await {
        Ok(img) => r.ok("ecs: app container image set", img.contains("nginx"), img),
        Err(e) => r.failed.push(format!("ecs: task definition image: {e}")),
    }
    r
}

// ------------------------------------------------------------------------------- RDS

pub async fn check_aurora(conf: &SdkConfig, o: &Outputs) -> Report {
    let mut r = Report::new(conf);
    let (Some(id), Some(endpoint), Some(reader), Some(kms), Some(secret)) = (
        out(&mut r, o, "DbClusterIdentifier"),
        out(&mut r, o, "ClusterEndpoint"),
        out(&mut r, o, "ReaderEndpoint"),
        out(&mut r, o, "KmsKeyArn"),
        out(&mut r, o, "DbSecretArn"),
    ) else {
        return r;
    };
    let rds = aws_sdk_rds::Client::new(conf);
    match rds
        .describe_db_clusters()
        .db_cluster_identifier(id)
        .send()
        .await
    {
        Ok(d) => {
            let Some(c) = d.db_clusters().first() else {
                r.failed.push(format!("rds: cluster {id} not found"));
                return r;
            };
            r.eq(
                "rds: engine aurora-postgresql",
                c.engine(),
                Some("aurora-postgresql"),
            );
            r.eq(
                "rds: engine version 14.24",
                c.engine_version(),
                Some("14.24"),
            );
            r.eq("rds: storage encrypted", c.storage_encrypted(), Some(true));
            let k = c.kms_key_id().unwrap_or_default();
            r.ok(
                "rds: encrypted with the stack's KMS key",
                same_key(k, kms),
                (k, kms),
            );
            r.eq(
                "rds: IAM database authentication",
                c.iam_database_authentication_enabled(),
                Some(true),
            );
            r.eq(
                "rds: writer endpoint = ClusterEndpoint",
                c.endpoint(),
                Some(endpoint),
            );
            r.eq(
                "rds: reader endpoint = ReaderEndpoint",
                c.reader_endpoint(),
                Some(reader),
            );
            r.eq(
                "rds: backup retention 7 days",
                c.backup_retention_period(),
                Some(7),
            );
            r.eq(
                "rds: deletion protection (non-production off)",
                c.deletion_protection(),
                Some(suffix(o) == "prod"),
            );
            r.eq("rds: port 5432", c.port(), Some(5432));
            r.eq(
                "rds: master user secret = DbSecretArn",
                c.master_user_secret().and_then(|s| s.secret_arn()),
                Some(secret),
            );
            let mut members: Vec<(String, bool)> = c
                .db_cluster_members()
                .iter()
                .map(|m| {
                    (
                        m.db_instance_identifier().unwrap_or_default().to_owned(),
                        m.is_cluster_writer().unwrap_or(false),
                    )
                })
                .collect();
            members.sort();
            let s = suffix(o);
            r.eq(
                "rds: writer + reader instances",
                members,
                vec![
                    (format!("tap-{s}-aurora-1"), true),
                    (format!("tap-{s}-aurora-2"), false),
                ],
            );
        }
        Err(e) => r.err("rds: describe_db_clusters", e),
    }
    r
}

// ------------------------------------------------------------------------------- all

/// Every check, in one report.
pub async fn run_all(conf: &SdkConfig, o: &Outputs) -> Report {
    let mut all = Report::new(conf);
    all.merge(check_dynamodb(conf, o).await);
    all.merge(check_s3(conf, o).await);
    all.merge(check_ssm(conf, o).await);
    all.merge(check_events(conf, o).await);
    all.merge(check_sns(conf, o).await);
    all.merge(check_state_machine(conf, o).await);
    all.merge(check_alarms(conf, o).await);
    all.merge(check_load_balancer(conf, o).await);
    all.merge(check_route53(conf, o).await);
    all.merge(check_ecs(conf, o).await);
    all.merge(check_aurora(conf, o).await);
    all
}
