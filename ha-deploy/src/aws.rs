//! SDK clients, error classification and preflight (region, credentials, endpoint).

use crate::error::{input, Failure};
use aws_config::SdkConfig;
use aws_sdk_cloudformation::config::http::HttpResponse;
use aws_sdk_cloudformation::error::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

pub use ha_synth::KNOWN_REGIONS;

/// Check the region code against [`KNOWN_REGIONS`] (bad input, exit 2).
pub fn check_region(region: &str, source: &str) -> anyhow::Result<()> {
    ha_synth::check_region(region, source).map_err(input)
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
    /// RDS (final snapshots of deleted databases).
    pub rds: aws_sdk_rds::Client,
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
            rds: aws_sdk_rds::Client::new(conf),
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

/// Service error codes that mean "try again later".
pub const TRANSIENT_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "InternalFailure",
    "InternalError",
    "ServiceUnavailable",
    "HTTP500",
    "HTTP502",
    "HTTP503",
    "HTTP504",
];

impl Problem {
    /// Whether retrying later may succeed (endpoint unreachable, throttling, server errors).
    pub fn is_transient(&self) -> bool {
        match self {
            Problem::Unreachable(_) => true,
            Problem::Service { code, .. } => TRANSIENT_CODES.contains(&code.as_str()),
            _ => false,
        }
    }
}

/// Whether an error is a transient failure (see [`Problem::is_transient`]).
pub fn is_transient(e: &anyhow::Error) -> bool {
    matches!(e.downcast_ref::<Failure>(), Some(Failure::Transient(_)))
}

/// The one-line message and exit code for a classified problem; transient problems are
/// wrapped in [`Failure::Transient`].
pub fn explain_problem(what: &str, endpoint: Option<&str>, problem: Problem) -> anyhow::Error {
    let transient = problem.is_transient();
    let f = explain_kind(what, endpoint, problem);
    if transient {
        Failure::Transient(Box::new(f)).into()
    } else {
        f.into()
    }
}

fn explain_kind(what: &str, endpoint: Option<&str>, problem: Problem) -> Failure {
    match problem {
        Problem::NoCredentials(t) => Failure::Input(format!(
            "no AWS credentials found ({what}): set AWS_PROFILE or --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY [{t}]"
        )),
        Problem::Unreachable(t) => Failure::Input(format!(
            "cannot reach the AWS endpoint {} ({what}): check the network, --endpoint-url / AWS_ENDPOINT_URL, or start the local endpoint (scripts/local-endpoint.sh start) [{t}]",
            endpoint.unwrap_or("for the region")
        )),
        Problem::Expired(m) => Failure::Input(format!(
            "the AWS credentials have expired ({what}): refresh them (`aws sso login --profile <name>` or new session keys) and retry [{m}]"
        )),
        Problem::Invalid(m) => Failure::Input(format!(
            "the AWS credentials are invalid ({what}): check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the profile [{m}]"
        )),
        Problem::AccessDenied(m) => Failure::Input(format!(
            "access denied ({what}): the credentials lack permission; use a role allowed to call it [{m}]"
        )),
        Problem::Service { code, message } => Failure::Failed(format!("{what} failed: {code}: {message}")),
        Problem::Other(t) => Failure::Failed(format!("{what} failed: {t}")),
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
