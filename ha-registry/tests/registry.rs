//! The generated table answers the questions the `stack!{}` macro asks.

use ha_registry::blob::{decode, encode, DecodeError, MAGIC};
use ha_registry::{by_rust_path, lookup, services, type_names, ResourceType, Shape};

#[test]
fn index_is_sorted_and_complete() {
    let names: Vec<(&str, &str, &str)> = type_names().collect();
    assert!(names.windows(2).all(|w| w[0].0 < w[1].0));
    // Every type of the vendored registry (cfn-lint 1.58.0, us-east-1).
    assert_eq!(names.len(), 1854);
    assert_eq!(services().len(), 308);
    assert!(services().contains(&"elasticloadbalancingv2"));
    assert!(lookup("AWS::Nope::Nope").is_none());
    assert!(by_rust_path("nope", "Bucket").is_none());
    // Every service decodes, and every listed type is found in it.
    for (name, service, rust_name) in names {
        let t = lookup(name).unwrap_or_else(|| panic!("{name} is listed but not decoded"));
        assert_eq!((t.service, t.rust_name), (service, rust_name));
    }
    // A type outside the HA stack's services.
    let api = lookup("AWS::ApiGatewayV2::Api").unwrap();
    assert_eq!((api.service, api.rust_name), ("apigatewayv2", "Api"));
    assert!(api.attribute("ApiEndpoint").is_some());
}

fn all_of(service: &str) -> Vec<&'static ResourceType> {
    type_names()
        .filter(|t| t.1 == service)
        .map(|t| lookup(t.0).unwrap())
        .collect()
}

#[test]
fn blobs_round_trip() {
    for service in ["s3", "ec2", "dynamodb"] {
        let types = all_of(service);
        let bytes = encode(&types);
        assert!(bytes.starts_with(MAGIC));
        let again = decode(types[0].service, &bytes).unwrap();
        assert_eq!(again.len(), types.len());
        // Same metadata, compared through its debug form (shapes are compared by value).
        for (a, b) in again.iter().zip(&types) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
        // Encoding is deterministic.
        let refs: Vec<&ResourceType> = again.iter().collect();
        assert_eq!(encode(&refs), bytes);
    }
}

#[test]
fn damaged_blobs_are_reported_not_panicked_on() {
    let types = all_of("logs");
    let bytes = encode(&types);
    let err = |b: &[u8]| decode("logs", b).unwrap_err();
    assert_eq!(err(b"NOPE").what, "not a registry blob of this version");
    // Truncated anywhere: never a panic, always an error with its offset.
    for cut in [4, 5, 20, bytes.len() / 2, bytes.len() - 1] {
        let e = err(&bytes[..cut]);
        assert!(e.offset <= cut, "{e:?}");
    }
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert_eq!(err(&trailing).what, "trailing bytes");
    // A count far beyond the blob.
    let mut huge = MAGIC.to_vec();
    huge.extend_from_slice(&[0xff, 0xff, 0x7f]);
    assert_eq!(err(&huge).what, "count larger than the blob");
    let mut long = MAGIC.to_vec();
    long.extend_from_slice(&[0xff; 11]);
    assert_eq!(err(&long).what, "varint too long");
    // A string length bound beyond u32: one string, no enums, one object whose only property
    // is a string with maxLength 2^33.
    let mut big = MAGIC.to_vec();
    big.extend_from_slice(&[1, 1, b'x', 0, 1, 0, 1, 0, 0, 0, 0, 2]);
    big.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x20]);
    assert_eq!(err(&big).what, "length bound too large");
    let msg = DecodeError {
        offset: 7,
        what: "unexpected end",
    }
    .to_string();
    assert!(
        msg.contains("byte 7") && msg.contains("ha-codegen -- generate"),
        "{msg}"
    );
    // Every single-byte corruption of the blob either decodes or reports an error (no panic),
    // and the decoder's checks each catch some of them.
    let mut seen = std::collections::BTreeSet::new();
    for i in (4..bytes.len()).step_by(3) {
        for v in [0x00, 0x7f, 0xc3] {
            let mut b = bytes.clone();
            b[i] = v;
            if let Err(e) = decode("logs", &b) {
                seen.insert(e.what);
            }
        }
    }
    for what in [
        "string index out of range",
        "unknown shape tag",
        "flag is neither 0 nor 1",
        "string is not UTF-8",
        "enum index out of range",
        "object index out of range",
        "unexpected end",
    ] {
        assert!(seen.contains(what), "{what} never reported: {seen:?}");
    }
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
