//! Encryption at rest (HA-P002) as data: for each storage type, what its template must say so
//! that the data is encrypted, with the AWS page that documents the property.
//!
//! The security baseline requires encryption at rest wherever the service supports it, and an
//! explicit setting even where AWS now encrypts by default, so that the template states it.
//! Types with a structure of their own (block-device lists of EC2 instances and launch
//! templates, RDS instances outside Aurora) are checked in `policy.rs`.

use crate::ast::{Key, Val};

/// What a resource's properties must contain.
#[derive(Debug, Clone, Copy)]
pub enum Needs {
    /// The property at this path is `true` (a value only known at deploy time is accepted).
    True(&'static [&'static str]),
    /// The property at this path is set.
    Set(&'static [&'static str]),
    /// At least one of these.
    Any(&'static [Needs]),
    /// All of these.
    All(&'static [Needs]),
}

/// One storage type.
#[derive(Debug, Clone, Copy)]
pub struct AtRest {
    /// The CloudFormation type.
    pub type_name: &'static str,
    /// What encrypts it.
    pub needs: Needs,
    /// The message when the setting is missing; `{id}` is the logical id.
    pub missing: &'static str,
    /// The message when a `True` setting is written `false` (else `missing`).
    pub off: Option<&'static str>,
    /// How to fix it.
    pub help: &'static str,
    /// Where AWS documents the property.
    pub source: &'static str,
}

macro_rules! page {
    ($p:literal) => {
        concat!(
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/",
            $p
        )
    };
}

/// Every storage type HA-P002 checks from data, by type name.
pub const AT_REST: &[AtRest] = &[
    AtRest {
        type_name: "AWS::S3::Bucket",
        needs: Needs::Set(&["BucketEncryption"]),
        missing: "bucket `{id}` sets no BucketEncryption",
        off: None,
        help: "add `BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: \"AES256\" } }] }`",
        source: page!("aws-resource-s3-bucket.html"),
    },
    AtRest {
        type_name: "AWS::DynamoDB::Table",
        needs: Needs::True(&["SSESpecification", "SSEEnabled"]),
        missing: "table `{id}` does not enable SSESpecification",
        off: Some("table `{id}` switches SSESpecification.SSEEnabled off"),
        help: "add `SSESpecification: { SSEEnabled: true }` (or a customer managed key with `SSEType: \"KMS\"` and `KMSMasterKeyId`)",
        source: page!("aws-resource-dynamodb-table.html"),
    },
    AtRest {
        type_name: "AWS::RDS::DBCluster",
        needs: Needs::True(&["StorageEncrypted"]),
        missing: "cluster `{id}` is not StorageEncrypted",
        off: None,
        help: "add `StorageEncrypted: true` and `KmsKeyId: Key.Arn`",
        source: page!("aws-resource-rds-dbcluster.html"),
    },
    AtRest {
        type_name: "AWS::SQS::Queue",
        needs: Needs::Any(&[Needs::Set(&["KmsMasterKeyId"]), Needs::True(&["SqsManagedSseEnabled"])]),
        missing: "queue `{id}` sets neither KmsMasterKeyId nor SqsManagedSseEnabled: true",
        off: None,
        help: "add `SqsManagedSseEnabled: true` (SSE-SQS) or `KmsMasterKeyId: Key.Arn`",
        source: page!("aws-resource-sqs-queue.html"),
    },
    AtRest {
        type_name: "AWS::SNS::Topic",
        needs: Needs::Set(&["KmsMasterKeyId"]),
        missing: "topic `{id}` has no KmsMasterKeyId",
        off: None,
        help: "add `KmsMasterKeyId: Key.Arn` (a key whose policy lets the publishing services use it)",
        source: page!("aws-resource-sns-topic.html"),
    },
    AtRest {
        type_name: "AWS::Logs::LogGroup",
        needs: Needs::Set(&["KmsKeyId"]),
        missing: "log group `{id}` has no KmsKeyId",
        off: None,
        help: "add `KmsKeyId: Key.Arn` (the key policy must allow logs.<region>.amazonaws.com)",
        source: page!("aws-resource-logs-loggroup.html"),
    },
    AtRest {
        type_name: "AWS::Backup::BackupVault",
        needs: Needs::Set(&["EncryptionKeyArn"]),
        missing: "backup vault `{id}` has no EncryptionKeyArn",
        off: None,
        help: "add `EncryptionKeyArn: Key.Arn`",
        source: page!("aws-resource-backup-backupvault.html"),
    },
    AtRest {
        type_name: "AWS::SecretsManager::Secret",
        needs: Needs::Set(&["KmsKeyId"]),
        missing: "secret `{id}` has no KmsKeyId",
        off: None,
        help: "add `KmsKeyId: Key.Arn`",
        source: page!("aws-resource-secretsmanager-secret.html"),
    },
    AtRest {
        type_name: "AWS::EC2::Volume",
        needs: Needs::True(&["Encrypted"]),
        missing: "volume `{id}` is not Encrypted",
        off: None,
        help: "add `Encrypted: true`",
        source: page!("aws-resource-ec2-volume.html"),
    },
    AtRest {
        type_name: "AWS::EFS::FileSystem",
        needs: Needs::True(&["Encrypted"]),
        missing: "file system `{id}` is not Encrypted (CloudFormation creates EFS file systems unencrypted unless told)",
        off: None,
        help: "add `Encrypted: true` (and `KmsKeyId: Key.Arn` for a customer managed key)",
        source: page!("aws-resource-efs-filesystem.html"),
    },
    AtRest {
        type_name: "AWS::OpenSearchService::Domain",
        needs: Needs::True(&["EncryptionAtRestOptions", "Enabled"]),
        missing: "domain `{id}` does not enable EncryptionAtRestOptions",
        off: Some("domain `{id}` switches EncryptionAtRestOptions.Enabled off"),
        help: "add `EncryptionAtRestOptions: { Enabled: true }` (and `KmsKeyId` for a customer managed key)",
        source: page!("aws-resource-opensearchservice-domain.html"),
    },
    AtRest {
        type_name: "AWS::Elasticsearch::Domain",
        needs: Needs::True(&["EncryptionAtRestOptions", "Enabled"]),
        missing: "domain `{id}` does not enable EncryptionAtRestOptions",
        off: Some("domain `{id}` switches EncryptionAtRestOptions.Enabled off"),
        help: "add `EncryptionAtRestOptions: { Enabled: true }`",
        source: page!("aws-resource-elasticsearch-domain.html"),
    },
    AtRest {
        type_name: "AWS::ElastiCache::ReplicationGroup",
        needs: Needs::True(&["AtRestEncryptionEnabled"]),
        missing: "replication group `{id}` is not AtRestEncryptionEnabled",
        off: None,
        help: "add `AtRestEncryptionEnabled: true` (it cannot be changed after creation)",
        source: page!("aws-resource-elasticache-replicationgroup.html"),
    },
    AtRest {
        type_name: "AWS::Kinesis::Stream",
        needs: Needs::Set(&["StreamEncryption"]),
        missing: "stream `{id}` has no StreamEncryption",
        off: None,
        help: "add `StreamEncryption: { EncryptionType: \"KMS\", KeyId: \"alias/aws/kinesis\" }` (or a key of yours)",
        source: page!("aws-resource-kinesis-stream.html"),
    },
    AtRest {
        type_name: "AWS::KinesisFirehose::DeliveryStream",
        needs: Needs::Set(&["DeliveryStreamEncryptionConfigurationInput"]),
        missing: "delivery stream `{id}` has no DeliveryStreamEncryptionConfigurationInput",
        off: None,
        help: "add `DeliveryStreamEncryptionConfigurationInput: { KeyType: \"AWS_OWNED_CMK\" }` (or `CUSTOMER_MANAGED_CMK` with `KeyARN`)",
        source: page!("aws-resource-kinesisfirehose-deliverystream.html"),
    },
    AtRest {
        type_name: "AWS::Redshift::Cluster",
        needs: Needs::True(&["Encrypted"]),
        missing: "cluster `{id}` is not Encrypted",
        off: None,
        help: "add `Encrypted: true` (and `KmsKeyId: Key.Arn` for a customer managed key)",
        source: page!("aws-resource-redshift-cluster.html"),
    },
    AtRest {
        type_name: "AWS::DocDB::DBCluster",
        needs: Needs::True(&["StorageEncrypted"]),
        missing: "cluster `{id}` is not StorageEncrypted",
        off: None,
        help: "add `StorageEncrypted: true` (it cannot be changed after creation)",
        source: page!("aws-resource-docdb-dbcluster.html"),
    },
    AtRest {
        type_name: "AWS::Neptune::DBCluster",
        needs: Needs::True(&["StorageEncrypted"]),
        missing: "cluster `{id}` is not StorageEncrypted",
        off: None,
        help: "add `StorageEncrypted: true` (it cannot be changed after creation)",
        source: page!("aws-resource-neptune-dbcluster.html"),
    },
    AtRest {
        type_name: "AWS::DAX::Cluster",
        needs: Needs::True(&["SSESpecification", "SSEEnabled"]),
        missing: "cluster `{id}` does not enable SSESpecification",
        off: Some("cluster `{id}` switches SSESpecification.SSEEnabled off"),
        help: "add `SSESpecification: { SSEEnabled: true }` (it cannot be changed after creation)",
        source: page!("aws-resource-dax-cluster.html"),
    },
    AtRest {
        type_name: "AWS::WorkSpaces::Workspace",
        needs: Needs::All(&[Needs::True(&["RootVolumeEncryptionEnabled"]), Needs::True(&["UserVolumeEncryptionEnabled"])]),
        missing: "workspace `{id}` does not encrypt both its root and user volumes",
        off: None,
        help: "add `RootVolumeEncryptionEnabled: true`, `UserVolumeEncryptionEnabled: true` and `VolumeEncryptionKey`",
        source: page!("aws-resource-workspaces-workspace.html"),
    },
];

/// The entry for a type, if HA-P002 checks it from data.
pub fn at_rest(type_name: &str) -> Option<&'static AtRest> {
    AT_REST.iter().find(|a| a.type_name == type_name)
}

/// How a resource fares against an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Encrypted (or decided at deploy time by a value the macro cannot read).
    Encrypted,
    /// The setting is missing.
    Missing,
    /// A `True` setting is written `false`.
    Off,
}

/// Evaluates `needs` on a resource's properties.
pub fn evaluate(needs: &Needs, props: &[(Key, Val)]) -> Outcome {
    match needs {
        Needs::True(path) => match crate::check::get(props, path) {
            None => Outcome::Missing,
            Some(Val::Bool(false, _)) => Outcome::Off,
            Some(Val::Str(s)) if s.value() == "false" => Outcome::Off,
            Some(_) => Outcome::Encrypted,
        },
        Needs::Set(path) => {
            if crate::check::get(props, path).is_some() {
                Outcome::Encrypted
            } else {
                Outcome::Missing
            }
        }
        Needs::Any(all) => {
            let outcomes: Vec<Outcome> = all.iter().map(|n| evaluate(n, props)).collect();
            if outcomes.contains(&Outcome::Encrypted) {
                Outcome::Encrypted
            } else if outcomes.contains(&Outcome::Off) {
                Outcome::Off
            } else {
                Outcome::Missing
            }
        }
        Needs::All(all) => all
            .iter()
            .map(|n| evaluate(n, props))
            .find(|o| *o != Outcome::Encrypted)
            .unwrap_or(Outcome::Encrypted),
    }
}
