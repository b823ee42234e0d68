//! HA-IAM001 / HA-IAM002 in every policy document: identity policies (roles, users, groups,
//! policies), resource policies (buckets, queues, topics, secrets, repositories, domains,
//! vaults) and KMS key policies, where `Resource: "*"` is the key itself and `kms:*` for the
//! account root is AWS's default statement.

use quote::quote;

mod common;
use common::diags;

fn iam(ts: proc_macro2::TokenStream) -> Vec<(&'static str, String)> {
    diags(ts)
        .into_iter()
        .filter(|(id, _)| id.starts_with("HA-IAM"))
        .collect()
}

fn wildcard_action(a: &str) -> (&'static str, String) {
    ("HA-IAM001", format!("IAM action `{a}` grants every action"))
}

fn wildcard_resource() -> (&'static str, String) {
    ("HA-IAM002", "IAM statement on `Resource: \"*\"`".to_owned())
}

#[test]
fn resource_policies_are_read_like_identity_policies() {
    let found = iam(quote! {
        stack S { name: "S${Suffix}" }
        resource B: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [] } }
        resource BP: s3::BucketPolicy { Bucket: Ref(B), PolicyDocument: { Statement: [
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:*", Resource: "*" },
            { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ] } }
        resource QP: sqs::QueuePolicy { Queues: ["q"], PolicyDocument: { Statement: [
            { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:111122223333:q" },
        ] } }
        resource SP: secretsmanager::ResourcePolicy { SecretId: "s", ResourcePolicy: { Statement: [
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/r" }, Action: "*", Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:s" },
        ] } }
        resource U: iam::User { Policies: [{ PolicyName: "p", PolicyDocument: { Statement: [
            { Effect: "Allow", Action: "ec2:*", Resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-1" },
        ] } }] }
    });
    assert_eq!(
        found,
        [
            wildcard_action("s3:*"),
            wildcard_resource(),
            wildcard_action("*"),
            wildcard_action("ec2:*"),
        ]
    );
}

#[test]
fn key_policies_keep_the_root_statement_and_their_own_resource() {
    let found = iam(quote! {
        stack S { name: "S${Suffix}" }
        resource K: kms::Key { KeyPolicy: { Statement: [
            { Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { AWS: AWS::AccountId }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Action: ["kms:Encrypt", "kms:Decrypt*"], Resource: "*" },
            { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/r"] }, Action: "*", Resource: "*" },
            { Effect: "Allow", Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { AWS: Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root") }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { AWS: Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/admin") }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { AWS: Ref(AdminArn) }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { AWS: 111122223333 }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "111122223333" } } },
        ] } }
        parameter AdminArn: String;
    });
    assert_eq!(
        found,
        [
            wildcard_action("kms:*"),
            wildcard_action("*"),
            wildcard_action("kms:*"),
            wildcard_action("kms:*"),
            wildcard_action("kms:*"),
            wildcard_action("kms:*"),
        ]
    );
}

#[test]
fn repositories_domains_and_vaults() {
    let found = iam(quote! {
        stack S { name: "S${Suffix}" }
        resource R: ecr::Repository { RepositoryPolicyText: { Statement: [{ Effect: "Allow", Principal: "*", Action: "ecr:*" }] } }
        resource D: opensearchservice::Domain {
            EncryptionAtRestOptions: { Enabled: true },
            AccessPolicies: { Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/r" }, Action: "es:ESHttpGet", Resource: "*" }] },
        }
        resource V: backup::BackupVault { BackupVaultName: "v-${Suffix}", EncryptionKeyArn: "k", AccessPolicy: { Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/r" }, Action: "backup:*", Resource: "*" }] } }
        resource G: iam::Group { Policies: ["not a policy"] }
        resource G2: iam::Group {}
        resource Q: sqs::QueuePolicy { Queues: ["q"], PolicyDocument: "not an object" }
        resource T: sns::TopicPolicy { Topics: ["t"], PolicyDocument: { Statement: ["not a statement"] } }
    });
    assert_eq!(
        found,
        [
            wildcard_action("ecr:*"),
            wildcard_resource(),
            wildcard_action("backup:*"),
            wildcard_resource(),
        ]
    );
}
