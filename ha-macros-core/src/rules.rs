//! The rule catalogue: every check `stack!{}` performs, with its id and rationale.
//!
//! The README's rule table is generated from this list (see `tests/tests/readme_rules.rs`).

/// One rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, used in messages and in `#[suppress(ID, "reason")]`.
    pub id: &'static str,
    /// Short title.
    pub title: &'static str,
    /// One-line rationale: why AWS (or the project's policy) rejects it.
    pub rationale: &'static str,
    /// Whether `#[suppress]` may acknowledge it for one resource.
    pub suppressible: bool,
}

macro_rules! rules {
    ($($konst:ident = $id:literal, $sup:literal, $title:literal, $why:literal;)*) => {
        $(
            #[doc = $title]
            pub const $konst: Rule = Rule { id: $id, title: $title, rationale: $why, suppressible: $sup };
        )*
        /// Every rule, in catalogue order.
        pub const ALL: &[Rule] = &[$($konst),*];
    };
}

rules! {
    UNKNOWN_REFERENCE = "HA-G001", false, "Reference to an undeclared resource, parameter or condition",
        "CloudFormation rejects the whole template when a Ref, GetAtt, Sub variable, DependsOn or Condition names nothing.";
    CYCLE = "HA-G002", false, "Circular dependency between resources",
        "CloudFormation cannot order resources that depend on each other and fails with 'Circular dependency between resources'.";
    DUPLICATE_ID = "HA-G003", false, "Duplicate logical id",
        "Logical ids are keys of one JSON object; a second declaration would silently replace the first.";
    WRONG_REFERENCE_TYPE = "HA-G004", false, "Reference of the wrong resource type",
        "A property that expects, say, a KMS key ARN fails at deploy time when it receives a bucket name.";
    UNKNOWN_ATTRIBUTE = "HA-G005", false, "GetAtt of an attribute the type does not declare",
        "CloudFormation rejects the template with 'Template error: resource X does not support attribute type Y'.";
    CONDITIONAL_REFERENCE = "HA-G006", false, "Reference to a conditional resource from where it may not exist",
        "CloudFormation rejects the template ('Unresolved resource dependencies') when an item that can exist without the condition refers to a resource created only under it.";
    CROSS_STACK = "HA-G007", false, "Cross-stack reference the app cannot resolve",
        "An import of a stack's own outputs, an ambiguous or unread import, or an attribute of another stack's output cannot become an Fn::ImportValue of an export the producer declares.";
    UNKNOWN_TYPE = "HA-S001", false, "Unknown resource type",
        "Only types of the CloudFormation registry exist; a typo fails with 'Unrecognized resource types'.";
    UNKNOWN_PROPERTY = "HA-S002", false, "Unknown property",
        "Resource schemas do not allow additional properties; CloudFormation fails with 'extraneous key'.";
    MISSING_REQUIRED = "HA-S003", false, "Missing required property",
        "The resource handler rejects the request with 'required key not found'.";
    WRONG_KIND = "HA-S004", false, "Value of the wrong kind",
        "The schema declares the JSON type of every property; a list where a string belongs fails validation.";
    NOT_IN_ENUM = "HA-S005", false, "Value outside the allowed set",
        "The schema enumerates the accepted values; anything else fails validation at deploy time.";
    OUT_OF_RANGE = "HA-S006", false, "Value outside the allowed range or length",
        "The schema bounds numbers and string lengths; values outside fail validation at deploy time.";
    UNKNOWN_PARAMETER_TYPE = "HA-S007", false, "Unknown parameter type",
        "CloudFormation accepts String, Number, List<Number>, CommaDelimitedList, the AWS-specific and SSM parameter types only; anything else fails with 'Unrecognized parameter type'.";
    KEY_SCHEMA = "HA-S008", false, "Invalid DynamoDB key schema",
        "The schema keeps KeySchema free-form JSON in one branch but constrains it: each entry needs AttributeName and KeyType, HASH first and at most one RANGE, and every key attribute (and only those) in AttributeDefinitions; DynamoDB rejects anything else at deploy time.";
    NAME_WITHOUT_SUFFIX = "HA-N001", true, "Physical name without the environment suffix",
        "Every physical name carries the suffix so that environments never collide in one account.";
    STACK_NAME_WITHOUT_SUFFIX = "HA-N002", false, "Stack name without the environment suffix",
        "Stack names are unique per account and region; the suffix keeps environments apart.";
    NAME_LIMITS = "HA-N003", false, "Physical name that breaks its limits with the longest suffix",
        "Names are checked with the suffix at its longest (16 characters): a name too long, a character the service rejects (such as uppercase in a bucket name) or a reserved prefix fails at deploy time in the first environment whose suffix is long enough.";
    RETAIN_POLICY = "HA-P001", false, "Retain deletion or update-replace policy",
        "Retained resources outlive the stack, are never cleaned up and block redeploys with the same names.";
    NO_ENCRYPTION = "HA-P002", true, "Encryption at rest missing or switched off",
        "The security baseline requires encryption at rest wherever the service supports it.";
    HARDCODED_REGION = "HA-P003", true, "Hard-coded region in a resource property",
        "A literal region pins the stack to one region; use ${AWS::Region} so the same source deploys anywhere.";
    HARDCODED_ACCOUNT = "HA-P004", true, "Hard-coded account id",
        "A literal account id breaks the stack in any other account; use ${AWS::AccountId}.";
    SUPPRESSION_WITHOUT_REASON = "HA-P005", false, "Suppression without a reason",
        "An acknowledged rule needs a written reason for reviewers and auditors.";
    PUBLIC_DATABASE = "HA-SEC001", true, "Publicly accessible database",
        "A database with PubliclyAccessible: true gets a public DNS name and address; the security baseline keeps data stores in private subnets.";
    OPEN_INGRESS = "HA-SEC002", true, "Security group open to the internet on a port other than 80/443",
        "Ingress from 0.0.0.0/0 or ::/0 to database, admin or any other non-web port exposes the service to the whole internet.";
    PUBLIC_BUCKET = "HA-SEC003", true, "Public S3 access: a public ACL or a public access block flag off",
        "Public ACLs and a weakened public access block are how buckets leak; all four block flags stay on.";
    PUBLIC_POLICY = "HA-SEC004", true, "Resource policy that allows everyone without a condition",
        "Principal \"*\" (or AWS: \"*\") in an Allow statement without a Condition grants the action to every AWS account and anonymous callers.";
    ADMIN_POLICY = "HA-SEC005", false, "Administrator-level AWS managed policy attached",
        "AdministratorAccess, PowerUserAccess and IAMFullAccess give a principal (nearly) the whole account; least privilege lists what the workload needs.";
    WILDCARD_ACTION = "HA-IAM001", false, "Wildcard IAM action",
        "Least privilege: an action `*` or `service:*` grants far more than any workload needs.";
    WILDCARD_RESOURCE = "HA-IAM002", true, "Wildcard IAM resource",
        "Least privilege: `Resource: *` is only acceptable for actions without resource-level permissions, with a reason.";
    BACKTRACK_POSTGRES = "HA-A001", false, "Backtrack on Aurora PostgreSQL",
        "Backtrack exists for Aurora MySQL only; RDS rejects BacktrackWindow on aurora-postgresql and the stack rolls back.";
    AURORA_VERSION = "HA-A002", false, "Deprecated or unknown Aurora PostgreSQL version",
        "RDS blocks creating clusters on deprecated minor versions (e.g. 14.9, 14.12).";
    SYNTHETICS_RUNTIME = "HA-A003", false, "Deprecated Synthetics runtime",
        "CreateCanary is refused for deprecated runtimes such as syn-nodejs-puppeteer-7.0 (deprecated 2026-01-22).";
    LAMBDA_RUNTIME = "HA-A004", false, "Blocked or deprecated Lambda runtime",
        "Lambda refuses to create functions on a runtime past its create-block date (an error); a deprecated runtime gets no security patches and is blocked on an announced date (a warning with the dates).";
    SECURE_STRING = "HA-A005", false, "SecureString through AWS::SSM::Parameter",
        "CloudFormation cannot create SecureString parameters (schema enum String | StringList).";
    AURORA_INSTANCE_SETTING = "HA-A006", false, "Cluster-level setting on an Aurora instance",
        "Aurora manages encryption, deletion protection, IAM auth and credentials on the cluster; RDS rejects them on member instances.";
    MONITORING_PAIR = "HA-A007", false, "Enhanced monitoring interval and role set apart",
        "RDS requires MonitoringRoleArn when MonitoringInterval > 0 and rejects a role with interval 0.";
    PERFORMANCE_INSIGHTS = "HA-A008", false, "Invalid Performance Insights / Database Insights settings",
        "Retention must be 7, 31 x N (N = 1..23) or 731 days; advanced Database Insights needs 465 days and PI on.";
    BACKUP_EVENTS = "HA-A009", false, "Deprecated AWS Backup vault notification event",
        "BACKUP_JOB_FAILED and similar events are no longer supported; use BACKUP_JOB_COMPLETED.";
    CONTINUOUS_BACKUP = "HA-A010", false, "Continuous backup retention over 35 days or with cold storage",
        "AWS Backup keeps continuous (point-in-time) backups for 1 to 35 days and cannot move them to cold storage.";
    ECS_CONTROLLER = "HA-A011", false, "ECS deployment settings that need the ECS controller",
        "Circuit breaker, deployment alarms and bake time are not supported with the CODE_DEPLOY or EXTERNAL controller.";
    ECS_LAUNCH_TYPE = "HA-A012", false, "LaunchType together with a capacity provider strategy",
        "ECS rejects a service that sets both LaunchType and CapacityProviderStrategy.";
    TRAIL_ORDER = "HA-A013", false, "CloudTrail trail not ordered after its bucket policy",
        "CreateTrail fails with InsufficientS3BucketPolicyException unless the bucket policy exists first.";
    HEALTH_CHECK_INTERVAL = "HA-A014", false, "Route 53 health check interval other than 10 or 30",
        "Route 53 supports request intervals of 10 or 30 seconds only.";
    BILLING_MODE = "HA-A015", false, "Provisioned throughput on an on-demand table",
        "DynamoDB rejects ProvisionedThroughput with BillingMode PAY_PER_REQUEST.";
    SPOT_ASSOCIATION = "HA-A016", false, "Capacity provider strategy without the cluster association",
        "ECS rejects a strategy naming a capacity provider not yet associated with the cluster; DependsOn the association.";
    RDS_SDK_CASING = "HA-A018", false, "RDS SDK integration parameter casing in Step Functions",
        "aws-sdk:rds tasks take Java SDK v2 member names (DbClusterIdentifier), not API names (DBClusterIdentifier).";
}

/// A rule id of AWS's offline validator (`E3012`, `F3002`, `W3030`, `I9001`: a letter and four
/// digits) or of the cdk-preflight pack it runs (`pf-lambda-memory-max`). These rules run at
/// synth, not in the macro; `#[suppress(<id>, "reason")]` on a resource records the
/// acknowledgement in its `Metadata.HaSuppressions`, where the runner reads it.
pub fn is_validator_rule(id: &str) -> bool {
    let b = id.as_bytes();
    let engine = b.len() == 5 && b"EFWI".contains(&b[0]) && b[1..].iter().all(u8::is_ascii_digit);
    let pack = id.strip_prefix("pf-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    });
    engine || pack
}

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().find(|r| r.id == id)
}
