//! Constructs shared across crates. A stack in any crate that depends on `ha-patterns` (and
//! on `ha-macros`, to write `stack!{}`) imports one with `use ha_patterns::LambdaFunction;`
//! and instantiates it with `use LambdaFunction(..);`; the whole graph, construct items
//! included, is then checked in that crate at compile time (docs/composition.md).

ha_macros::constructs! {
    // A Python Lambda function with its own log group (encrypted with `key`) and execution
    // role. The role may write to that log group, plus whatever `statements` allow.
    construct LambdaFunction(
        name: Name, id: String, code: Value, key: Value,
        runtime: String = "python3.13", handler: String = "index.handler",
        timeout: Number = 30, memory: Number = 128, retention: Number = 30,
        statements: Value = [], environment: Value = {},
    ) {
        #[deletion_policy(Delete)]
        #[update_replace_policy(Delete)]
        resource {name}LogGroup: logs::LogGroup { LogGroupName: "/aws/lambda/{id}-${Suffix}", RetentionInDays: retention, KmsKeyId: key }
        resource {name}Role: iam::Role {
            RoleName: "{id}-${Suffix}",
            AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            Policies: [{
                PolicyName: "function",
                PolicyDocument: { Version: "2012-10-17", Statement: [
                    { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: {name}LogGroup.Arn },
                    ..statements
                ] },
            }],
        }
        resource {name}: lambda::Function {
            FunctionName: "{id}-${Suffix}",
            Runtime: runtime, Handler: handler, Timeout: timeout, MemorySize: memory,
            Role: {name}Role.Arn,
            Code: { ZipFile: code },
            Environment: { Variables: { ..environment } },
            LoggingConfig: { LogGroup: Ref({name}LogGroup), LogFormat: "JSON" },
        }
    }

    // A metric alarm that notifies `topic` when it fires and when it recovers.
    construct MetricAlarm(
        name: Name, id: String, description: String, namespace: String, metric: String,
        dimensions: Value, threshold: Value, topic: Value,
        statistic: String = "Average", period: Number = 60, periods: Number = 5,
        comparison: String = "GreaterThanThreshold", missing: String = "notBreaching",
    ) {
        resource {name}: cloudwatch::Alarm {
            AlarmName: "{id}-${Suffix}", AlarmDescription: description,
            Namespace: namespace, MetricName: metric, Dimensions: dimensions,
            Statistic: statistic, Period: period, EvaluationPeriods: periods, Threshold: threshold,
            ComparisonOperator: comparison, TreatMissingData: missing,
            AlarmActions: [topic], OKActions: [topic],
        }
    }

    // Three subnets of one tier, one per availability zone: `{tier}Subnet1` to `{tier}Subnet3`.
    construct SubnetTier(tier: Name, label: String, vpc: Value, a: String, b: String, c: String) {
        for (n, az, cidr) in [(1, 0, a), (2, 1, b), (3, 2, c)] {
            resource {tier}Subnet{n}: ec2::Subnet {
                VpcId: vpc, CidrBlock: cidr, AvailabilityZone: Select(az, GetAZs()),
                Tags: [{ Key: "Name", Value: "{label}-{n}-${Suffix}" }, { Key: "tier", Value: label }],
            }
        }
    }

    // A private bucket: SSE-S3, every public access block flag on, objects owned by the
    // bucket owner, TLS-only access, and the lifecycle `rules` given.
    construct PrivateBucket(name: Name, rules: Value = [{ Id: "abort-uploads", Status: "Enabled", AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }]) {
        resource {name}: s3::Bucket {
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
            OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
            LifecycleConfiguration: { Rules: rules },
        }
        resource {name}Policy: s3::BucketPolicy {
            Bucket: Ref({name}),
            PolicyDocument: { Version: "2012-10-17", Statement: [
                { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [{name}.Arn, "${{name}.Arn}/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } },
            ] },
        }
    }
}
