// The legitimate forms next to HA-SEC001..HA-SEC005: a private database, HTTPS open to the
// internet and PostgreSQL from a security group, all four public access block flags on, a
// policy that names its principal or carries a condition, a Deny for everyone, a scoped
// Lambda permission, a read-only managed policy, and an acknowledged exception with a reason.
use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Db: rds::DbInstance { DBInstanceClass: "db.t4g.micro", Engine: "postgres", StorageEncrypted: true, PubliclyAccessible: false }
    resource Web: ec2::SecurityGroup {
        GroupDescription: "web",
        SecurityGroupIngress: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIp: "0.0.0.0/0" }],
    }
    resource DbAccess: ec2::SecurityGroup {
        GroupDescription: "database",
        SecurityGroupIngress: [{ IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: Web.GroupId }],
    }
    #[suppress(HA-SEC002, "a public SFTP endpoint is the product; access is by key only")]
    resource Sftp: ec2::SecurityGroupIngress { GroupId: Ref(Web), IpProtocol: "tcp", FromPort: 22, ToPort: 22, CidrIp: "0.0.0.0/0" }
    resource Bucket: s3::Bucket {
        BucketName: "case-${Suffix}",
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    }
    resource BucketPolicy: s3::BucketPolicy {
        Bucket: Ref(Bucket),
        PolicyDocument: { Statement: [
            { Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "s3:GetObject", Resource: "arn:${AWS::Partition}:s3:::case-${Suffix}/*" },
            { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:${AWS::Partition}:s3:::case-${Suffix}/*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorgid" } } },
            { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:${AWS::Partition}:s3:::case-${Suffix}/*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ] },
    }
    resource Invoke: lambda::Permission { FunctionName: "f-${Suffix}", Action: "lambda:InvokeFunction", Principal: "events.amazonaws.com", SourceAccount: "${AWS::AccountId}" }
    resource Reader: iam::Role {
        AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] },
        ManagedPolicyArns: ["arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"],
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert_eq!(v["Resources"].as_object().unwrap().len(), 8, "{v:#}");
    assert_eq!(v["Resources"]["Db"]["Properties"]["PubliclyAccessible"], false, "{v:#}");
}
