//! The generated table answers the questions the `stack!{}` macro asks.

use ha_registry::{by_rust_path, lookup, services, Shape, RESOURCE_TYPES};

#[test]
fn table_is_sorted_and_complete() {
    assert!(RESOURCE_TYPES.windows(2).all(|w| w[0].name < w[1].name));
    assert!(RESOURCE_TYPES.len() >= 70);
    assert!(services().contains(&"elasticloadbalancingv2"));
    assert!(lookup("AWS::Nope::Nope").is_none());
}

#[test]
fn bucket_metadata() {
    let b = lookup("AWS::S3::Bucket").unwrap();
    assert_eq!(
        (b.service, b.rust_name, b.defs_module),
        ("s3", "Bucket", "bucket")
    );
    assert!(std::ptr::eq(b, by_rust_path("s3", "Bucket").unwrap()));
    assert!(by_rust_path("s3", "Nope").is_none());
    assert_eq!(b.tag_property, Some("Tags"));
    assert!(b.is_create_only("BucketName"));
    assert!(!b.is_create_only("Tags"));
    assert_eq!(b.primary_identifier, ["BucketName"]);
    assert!(b.attribute("Arn").is_some());
    assert_eq!(b.attribute_by_method("arn").unwrap().name, "Arn");
    assert!(b.attribute("Nope").is_none());
    let name = b.property("BucketName").unwrap();
    assert_eq!(name.rust_field, "bucket_name");
    assert!(!name.required);
    assert!(std::ptr::eq(
        name,
        b.property_by_field("bucket_name").unwrap()
    ));
    let Shape::Object(enc) = b.property("BucketEncryption").unwrap().shape else {
        panic!()
    };
    assert_eq!(enc.rust_name, "BucketEncryption");
    let rules = enc.property("ServerSideEncryptionConfiguration").unwrap();
    assert!(rules.required);
    let Shape::Array(Shape::Object(rule)) = rules.shape else {
        panic!()
    };
    let Shape::Object(def) = rule
        .property_by_field("server_side_encryption_by_default")
        .unwrap()
        .shape
    else {
        panic!()
    };
    let Shape::Enum(alg) = def.property("SSEAlgorithm").unwrap().shape else {
        panic!()
    };
    assert_eq!(alg.variant_of("aws:kms"), Some("AwsKms"));
    assert_eq!(alg.value_of("Aes256"), Some("AES256"));
    assert_eq!(alg.variant_of("nope"), None);
    assert!(!alg.integer);
}

#[test]
fn shapes_carry_constraints() {
    let lg = lookup("AWS::Logs::LogGroup").unwrap();
    let Shape::Enum(days) = lg.property("RetentionInDays").unwrap().shape else {
        panic!()
    };
    assert!(days.integer);
    assert_eq!(days.variant_of("30"), Some("V30"));
    let Shape::String { max_len, .. } = lg.property("LogGroupName").unwrap().shape else {
        panic!()
    };
    assert_eq!(*max_len, Some(512));
    let db = lookup("AWS::RDS::DBCluster").unwrap();
    assert_eq!(db.rust_name, "DbCluster");
    assert!(db.attribute("Endpoint.Address").is_some());
    assert!(db.property("Endpoint").is_none());
    let custom = lookup("AWS::CloudFormation::CustomResource").unwrap();
    assert!(custom.property("ServiceToken").unwrap().required);
    assert_eq!(custom.tag_property, None);
    assert!(format!("{:?}", Shape::Json).contains("Json"));
}
