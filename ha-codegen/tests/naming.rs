//! Unit tests of `naming`, kept out of the library so that it is compiled once for coverage
//! (a `#[cfg(test)]` copy of the library would be a second, partly exercised instantiation of
//! every function).

use ha_codegen::naming::*;

#[test]
fn words() {
    assert_eq!(
        split_words("DBClusterIdentifier"),
        ["DB", "Cluster", "Identifier"]
    );
    assert_eq!(split_words("S3Bucket"), ["S3", "Bucket"]);
    assert_eq!(split_words("aws:kms"), ["aws", "kms"]);
    assert_eq!(
        split_words("AssignIPv6Address"),
        ["Assign", "Ipv6", "Address"]
    );
    assert!(split_words("--").is_empty());
}

#[test]
fn snake_names() {
    assert_eq!(field_name("SSESpecification"), "sse_specification");
    assert_eq!(field_name("DBClusterIdentifier"), "db_cluster_identifier");
    assert_eq!(field_name("KMSKeyId"), "kms_key_id");
    assert_eq!(field_name("Ipv6CidrBlock"), "ipv6_cidr_block");
    assert_eq!(field_name("Type"), "type_");
    assert_eq!(field_name("Self"), "self_");
    assert_eq!(field_name("3Foo"), "p3_foo");
    assert_eq!(field_name("!"), "field");
}

#[test]
fn type_names() {
    assert_eq!(type_name("DBCluster"), "DbCluster");
    assert_eq!(type_name("VPC"), "Vpc");
    assert_eq!(type_name("EIP"), "Eip");
    assert_eq!(type_name("VPCEndpoint"), "VpcEndpoint");
    assert_eq!(type_name("Value"), "ValueDef");
    assert_eq!(type_name("3D"), "V3D");
    assert_eq!(type_name("%"), "Unnamed");
}

#[test]
fn variants() {
    assert_eq!(variant_name("aurora-postgresql"), "AuroraPostgresql");
    assert_eq!(variant_name("AES256"), "Aes256");
    assert_eq!(variant_name("aws:kms"), "AwsKms");
    assert_eq!(variant_name("db.r6g.large"), "DbR6gLarge");
    assert_eq!(variant_name("1.0"), "V1_0");
    assert_eq!(variant_name(""), "Empty");
    assert_eq!(variant_name("*"), "U2A");
    assert_eq!(variant_name("self"), "SelfValue");
    assert_eq!(variant_name("GLACIER_IR"), "GlacierIr");
}

#[test]
fn methods() {
    assert_eq!(attribute_method("Endpoint.Address"), "endpoint_address");
    assert_eq!(attribute_method("Ref"), "ref_attr");
    assert_eq!(attribute_method("LogicalId"), "logical_id_attr");
    assert_eq!(attribute_method("Type"), "type_");
    assert_eq!(attribute_method("Arn"), "arn");
}

#[test]
fn name_set() {
    let mut s = NameSet::default();
    assert_eq!(s.claim("Tag"), "Tag");
    assert_eq!(s.claim("Tag"), "Tag2");
    assert_eq!(s.claim("Tag"), "Tag3");
    assert!(s.contains("Tag2"));
    assert!(!s.contains("Tag4"));
}
