// HA-SEC001..HA-SEC005: a public database (through an If branch), a security group open to
// the internet on PostgreSQL, a public access block flag off, a bucket policy for everyone,
// and AdministratorAccess on a role.
use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    parameter Stage: String { Default: "dev", AllowedValues: ["dev", "prod"] }
    condition IsProd = Equals(Ref(Stage), "prod");

    resource Db: rds::DbInstance { DBInstanceClass: "db.t4g.micro", Engine: "postgres", StorageEncrypted: true, PubliclyAccessible: If(IsProd, false, true) }
    resource DbAccess: ec2::SecurityGroup {
        GroupDescription: "database",
        SecurityGroupIngress: [{ IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, CidrIp: "0.0.0.0/0" }],
    }
    resource Bucket: s3::Bucket {
        BucketName: "case-${Suffix}",
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: false, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    }
    resource BucketPolicy: s3::BucketPolicy {
        Bucket: Ref(Bucket),
        PolicyDocument: { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:${AWS::Partition}:s3:::case-${Suffix}/*" }] },
    }
    resource Ops: iam::Role {
        AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] },
        ManagedPolicyArns: ["arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess"],
    }
}

fn main() {}
