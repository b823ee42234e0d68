//! The generated resource types: construction, rendering, tags and attribute accessors.
//! Run with `cargo test -p ha-core --features all`.
#![cfg(feature = "all")]

use ha_core::resources::{cloudformation, ec2, logs, rds, s3, ssm};
use ha_core::{fns, Handle, Intrinsic, Json, Render, Resource, Value};
use serde_json::json;

fn tags() -> Vec<(String, Value<String>)> {
    vec![
        ("team".to_owned(), Value::from("core")),
        ("env".to_owned(), Value::from(fns::r#ref("Env"))),
    ]
}

#[test]
fn bucket_renders_only_set_properties_in_schema_order() {
    use s3::bucket::{
        BucketEncryption, ServerSideEncryptionByDefault,
        ServerSideEncryptionByDefaultSseAlgorithm as Sse, ServerSideEncryptionRule,
        VersioningConfiguration, VersioningConfigurationStatus,
    };
    let mut rule = ServerSideEncryptionRule::new();
    rule.server_side_encryption_by_default = Some(
        ServerSideEncryptionByDefault {
            kms_master_key_id: Some(Value::from(fns::get_att("Key", "Arn"))),
            ..ServerSideEncryptionByDefault::new(Sse::AwsKms)
        }
        .into(),
    );
    rule.bucket_key_enabled = Some(true.into());
    let bucket = s3::Bucket {
        versioning_configuration: Some(
            VersioningConfiguration::new(VersioningConfigurationStatus::Enabled).into(),
        ),
        bucket_encryption: Some(BucketEncryption::new(vec![Value::Lit(rule)]).into()),
        bucket_name: Some(Value::from(fns::sub("${AWS::StackName}-data"))),
        ..s3::Bucket::new()
    };
    let rendered = bucket.render();
    assert_eq!(
        rendered,
        json!({
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [{
                "BucketKeyEnabled": true,
                "ServerSideEncryptionByDefault": {"KMSMasterKeyID": {"Fn::GetAtt": ["Key", "Arn"]}, "SSEAlgorithm": "aws:kms"}
            }]},
            "BucketName": {"Fn::Sub": "${AWS::StackName}-data"},
            "VersioningConfiguration": {"Status": "Enabled"}
        })
    );
    let keys: Vec<&String> = rendered.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["BucketEncryption", "BucketName", "VersioningConfiguration"]
    );
    assert_eq!(s3::Bucket::TYPE_NAME, "AWS::S3::Bucket");
    assert!(s3::Bucket::ATTRIBUTES.contains(&"Arn"));
    assert!(s3::Bucket::ATTRIBUTES.contains(&"DomainName"));
    assert_eq!(Sse::VALUES, ["aws:kms", "AES256", "aws:kms:dsse"]);
    assert_eq!(Sse::from_value("AES256"), Some(Sse::Aes256));
    assert_eq!(Sse::from_value("nope"), None);
    assert_eq!(Sse::Aes256.render(), json!("AES256"));
}

#[test]
fn bucket_attribute_accessors() {
    let h: Handle<s3::Bucket> = Handle::new("Data");
    assert_eq!(h.arn(), Intrinsic::GetAtt("Data".into(), "Arn".into()));
    assert_eq!(
        h.regional_domain_name(),
        fns::get_att("Data", "RegionalDomainName")
    );
    let c: Handle<rds::DbCluster> = Handle::new("Db");
    assert_eq!(c.endpoint_address(), fns::get_att("Db", "Endpoint.Address"));
    assert_eq!(
        c.read_endpoint_address(),
        fns::get_att("Db", "ReadEndpoint.Address")
    );
    assert_eq!(c.db_cluster_arn(), fns::get_att("Db", "DBClusterArn"));
    assert_eq!(h.logical_id(), "Data");
}

#[test]
fn log_group_with_integer_enum() {
    use logs::log_group::RetentionInDays;
    let lg = logs::LogGroup {
        log_group_name: Some("/app/api".into()),
        retention_in_days: Some(RetentionInDays::V30.into()),
        ..Default::default()
    };
    assert_eq!(
        lg.render(),
        json!({"LogGroupName": "/app/api", "RetentionInDays": 30})
    );
    assert_eq!(RetentionInDays::V7.as_i64(), 7);
    assert_eq!(
        RetentionInDays::from_value(3653),
        Some(RetentionInDays::V3653)
    );
    assert_eq!(RetentionInDays::from_value(2), None);
    assert!(RetentionInDays::VALUES.starts_with(&[1, 3, 5, 7]));
    assert_eq!(RetentionInDays::ALL.len(), RetentionInDays::VALUES.len());
}

#[test]
fn db_cluster_required_and_optional_fields() {
    let mut db = rds::DbCluster::new();
    db.engine = Some("aurora-postgresql".into());
    db.db_cluster_identifier = Some("main".into());
    db.storage_encrypted = Some(true.into());
    db.port = Some(5432.into());
    db.vpc_security_group_ids = Some(vec![Value::from(fns::get_att("Sg", "GroupId"))].into());
    assert_eq!(
        db.render(),
        json!({
            "DBClusterIdentifier": "main",
            "Engine": "aurora-postgresql",
            "Port": 5432,
            "StorageEncrypted": true,
            "VpcSecurityGroupIds": [{"Fn::GetAtt": ["Sg", "GroupId"]}]
        })
    );
    assert_eq!(rds::DbCluster::TYPE_NAME, "AWS::RDS::DBCluster");
    assert!(rds::DbCluster::ATTRIBUTES.contains(&"Endpoint.Address"));
}

#[test]
fn required_fields_come_from_new() {
    let vpc = ec2::Vpc {
        cidr_block: Some("10.0.0.0/16".into()),
        ..ec2::Vpc::new()
    };
    assert_eq!(vpc.render(), json!({"CidrBlock": "10.0.0.0/16"}));
    let p = ssm::Parameter::new(ssm::parameter::Type::String, "v1");
    assert_eq!(p.render(), json!({"Type": "String", "Value": "v1"}));
}

#[test]
fn apply_tags_on_list_tags_keeps_own_tags() {
    let mut b = s3::Bucket::new();
    b.tags = Some(vec![Value::Lit(s3::bucket::Tag::new("team", "data"))].into());
    assert!(b.apply_tags(&tags()));
    assert_eq!(
        b.render()["Tags"],
        json!([{"Key": "team", "Value": "data"}, {"Key": "env", "Value": {"Ref": "Env"}}])
    );
    // Empty tags get created; an intrinsic tag list is left alone.
    let mut lg = logs::LogGroup::new();
    assert!(lg.apply_tags(&tags()));
    assert_eq!(lg.render()["Tags"].as_array().unwrap().len(), 2);
    let mut lg = logs::LogGroup {
        tags: Some(Value::from(fns::r#ref("Tags"))),
        ..Default::default()
    };
    assert!(!lg.apply_tags(&tags()));
}

#[test]
fn apply_tags_on_map_tags() {
    let mut p = ssm::Parameter::new(ssm::parameter::Type::String, "v");
    let mut own = indexmap::IndexMap::new();
    own.insert("team".to_owned(), Value::from("mine"));
    p.tags = Some(Value::Lit(own));
    assert!(p.apply_tags(&tags()));
    assert_eq!(
        p.render()["Tags"],
        json!({"team": "mine", "env": {"Ref": "Env"}})
    );
}

#[test]
fn untaggable_types_ignore_tags() {
    let mut w = cloudformation::WaitConditionHandle::new();
    assert!(!w.apply_tags(&tags()));
    assert_eq!(w.render(), json!({}));
    let mut c = cloudformation::CustomResource::custom("Custom::Seed", fns::get_att("Fn", "Arn"));
    assert!(!c.apply_tags(&tags()));
}

#[test]
fn custom_resource_renders_extra_after_service_token() {
    let mut c =
        cloudformation::CustomResource::custom("Custom::DbUser", fns::get_att("Handler", "Arn"))
            .with("UserName", "app")
            .with("Grants", Json::from(vec!["read", "write"]));
    c.service_timeout = Some(300.into());
    assert_eq!(c.type_name, "Custom::DbUser");
    assert_eq!(
        cloudformation::CustomResource::TYPE_NAME,
        "AWS::CloudFormation::CustomResource"
    );
    let r = c.render();
    let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["ServiceToken", "ServiceTimeout", "UserName", "Grants"]
    );
    assert_eq!(
        r,
        json!({"ServiceToken": {"Fn::GetAtt": ["Handler", "Arn"]}, "ServiceTimeout": 300, "UserName": "app", "Grants": ["read", "write"]})
    );
}

#[test]
fn template_entry_uses_type_name() {
    let entry = ha_core::ResourceEntry::new(&logs::LogGroup::new());
    assert_eq!(entry.type_name, "AWS::Logs::LogGroup");
    assert_eq!(entry.properties, json!({}));
}
