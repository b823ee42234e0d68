//! SDK clients, error classification and preflight (region, credentials, endpoint).

use crate::error::{failed, input};
use aws_config::SdkConfig;
use aws_sdk_cloudformation::config::http::HttpResponse;
use aws_sdk_cloudformation::error::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// Region codes known as of 2026, from the AWS "Regions and Availability Zones" list
/// (docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html): commercial,
/// GovCloud, China and the European Sovereign Cloud partitions.
pub const KNOWN_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eusc-de-east-1",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

/// Check the region code against [`KNOWN_REGIONS`].
pub fn check_region(region: &str, source: &str) -> anyhow::Result<()> {
    if KNOWN_REGIONS.contains(&region) {
        return Ok(());
    }
    Err(input(format!(
        "unknown AWS region `{region}` (from {source}): use a region code such as us-east-1 or eu-west-1 (--region, AWS_REGION or lib/AWS_REGION)"
    )))
}

/// All the service clients the verbs use, built from one [`SdkConfig`].
#[derive(Clone, Debug)]
pub struct Clients {
    /// CloudFormation.
    pub cfn: aws_sdk_cloudformation::Client,
    /// STS (preflight, account id).
    pub sts: aws_sdk_sts::Client,
    /// S3 (staging bucket, emptying buckets). Path-style when a custom endpoint is set.
    pub s3: aws_sdk_s3::Client,
    /// AWS Backup (recovery points).
    pub backup: aws_sdk_backup::Client,
    /// Step Functions (failover, approvals).
    pub sfn: aws_sdk_sfn::Client,
    /// Region in use.
    pub region: String,
    /// Custom endpoint, if any.
    pub endpoint: Option<String>,
}

impl Clients {
    /// Build the clients.
    pub fn new(conf: &SdkConfig, region: &str) -> Self {
        let s3conf = aws_sdk_s3::config::Builder::from(conf)
            .force_path_style(conf.endpoint_url().is_some())
            .build();
        Clients {
            cfn: aws_sdk_cloudformation::Client::new(conf),
            sts: aws_sdk_sts::Client::new(conf),
            s3: aws_sdk_s3::Client::from_conf(s3conf),
            backup: aws_sdk_backup::Client::new(conf),
            sfn: aws_sdk_sfn::Client::new(conf),
            region: region.to_string(),
            endpoint: conf.endpoint_url().map(String::from),
        }
    }
}

/// What went wrong with an SDK call, reduced to what the user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No credentials could be loaded.
    NoCredentials(String),
    /// The endpoint could not be reached (connect error, timeout).
    Unreachable(String),
    /// The credentials have expired.
    Expired(String),
    /// The credentials are invalid.
    Invalid(String),
    /// The caller is not allowed.
    AccessDenied(String),
    /// A service error with its code.
    Service {
        /// Error code (`ValidationError`, ...).
        code: String,
        /// Error message.
        message: String,
    },
    /// Anything else.
    Other(String),
}

/// Full text of an error and its sources.
pub fn chain_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// What an SDK error says, whatever the operation (keeps the generic part of [`classify`] flat).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorFacts {
    /// HTTP status of a service error (`None` for transport, construction and parse errors).
    pub status: Option<u16>,
    /// Error code, if the service sent one.
    pub code: Option<String>,
    /// Error message, if the service sent one.
    pub message: Option<String>,
    /// Full text of the error and its sources.
    pub text: String,
    /// A dispatch failure or timeout (the endpoint was not reached or did not answer).
    pub transport: bool,
}

/// Classify an SDK error.
pub fn classify<E>(e: &SdkError<E, HttpResponse>) -> Problem
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    classify_facts(ErrorFacts {
        status: e
            .as_service_error()
            .and(e.raw_response())
            .map(|r| r.status().as_u16()),
        code: e.code().map(String::from),
        message: e.message().map(String::from),
        text: chain_text(e),
        transport: matches!(e, SdkError::DispatchFailure(_) | SdkError::TimeoutError(_)),
    })
}

/// Classify the facts of an SDK error.
pub fn classify_facts(f: ErrorFacts) -> Problem {
    let Some(status) = f.status else {
        return if f.text.to_ascii_lowercase().contains("credentials") {
            Problem::NoCredentials(f.text)
        } else if f.transport {
            Problem::Unreachable(f.text)
        } else {
            Problem::Other(f.text)
        };
    };
    let code = f.code.unwrap_or_else(|| match status {
        403 => "AccessDenied".to_string(),
        404 => "NotFound".to_string(),
        s => format!("HTTP{s}"),
    });
    let message = f.message.unwrap_or_default();
    match code.as_str() {
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" => Problem::Expired(message),
        "InvalidClientTokenId"
        | "SignatureDoesNotMatch"
        | "UnrecognizedClientException"
        | "InvalidAccessKeyId"
        | "IncompleteSignature" => Problem::Invalid(message),
        "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" => {
            Problem::AccessDenied(message)
        }
        _ => Problem::Service { code, message },
    }
}

/// Turn an SDK error into a one-line actionable error with the right exit code.
pub fn explain<E>(what: &str, endpoint: Option<&str>, e: SdkError<E, HttpResponse>) -> anyhow::Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    explain_problem(what, endpoint, classify(&e))
}

/// The one-line message and exit code for a classified problem.
pub fn explain_problem(what: &str, endpoint: Option<&str>, problem: Problem) -> anyhow::Error {
    match problem {
        Problem::NoCredentials(t) => input(format!(
            "no AWS credentials found ({what}): set AWS_PROFILE or --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY [{t}]"
        )),
        Problem::Unreachable(t) => input(format!(
            "cannot reach the AWS endpoint {} ({what}): check the network, --endpoint-url / AWS_ENDPOINT_URL, or start the local endpoint (scripts/local-endpoint.sh start) [{t}]",
            endpoint.unwrap_or("for the region")
        )),
        Problem::Expired(m) => input(format!(
            "the AWS credentials have expired ({what}): refresh them (`aws sso login --profile <name>` or new session keys) and retry [{m}]"
        )),
        Problem::Invalid(m) => input(format!(
            "the AWS credentials are invalid ({what}): check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the profile [{m}]"
        )),
        Problem::AccessDenied(m) => input(format!(
            "access denied ({what}): the credentials lack permission; use a role allowed to call it [{m}]"
        )),
        Problem::Service { code, message } => failed(format!("{what} failed: {code}: {message}")),
        Problem::Other(t) => failed(format!("{what} failed: {t}")),
    }
}

/// The caller's identity, from STS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Account id.
    pub account: String,
    /// Caller ARN.
    pub arn: String,
}

/// Preflight: credentials valid and endpoint reachable (sts:GetCallerIdentity).
pub async fn preflight(clients: &Clients) -> anyhow::Result<Identity> {
    let out = clients
        .sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| explain("sts:GetCallerIdentity", clients.endpoint.as_deref(), e))?;
    Ok(Identity {
        account: out.account().unwrap_or_default().to_string(),
        arn: out.arn().unwrap_or_default().to_string(),
    })
}
