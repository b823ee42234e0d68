//! The single-region HA stack (`TapStack<suffix>`), in one `stack!{}`.
//!
//! Sections follow the requirements: KMS, network, security groups, Aurora, sessions table,
//! buckets, EventBridge, ECS behind the ALB with native blue/green, Route 53, Parameter
//! Store, CloudTrail, AWS Backup, Synthetics, Step Functions failover, monitoring, outputs.

use ha_macros::stack;

stack! {
    stack HaStack(cfg: &crate::config::Config) {
        name: "TapStack${Suffix}",
        description: "Single-region high availability stack: Aurora PostgreSQL, ECS Fargate blue/green behind an ALB, DynamoDB, S3, EventBridge, AWS Backup, Synthetics, Step Functions failover",
        tags: { Project: (cfg.project.clone()), Environment: "${Suffix}", Owner: (cfg.owner.clone()), CostCenter: (cfg.cost_center.clone()) },
    }

    // ---------------------------------------------------------------- parameters
    parameter NatGateways: String { Default: (cfg.nat_gateways), AllowedValues: ["1", "2", "3"], Description: "NAT gateways: 1 (cost) to 3 (one per AZ, full AZ independence)" }
    parameter DomainName: String { Default: (cfg.domain.clone()), AllowedPattern: "^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", Description: "Public hosted zone created for the application (delegate its NameServers at the registrar)" }
    parameter ContainerImage: String { Default: (cfg.image.clone()), Description: "Application image; serves HTTP on port 80 with a health answer on /" }
    parameter CertificateArn: String { Default: "", Description: "ACM certificate ARN; when set, production traffic is served over HTTPS on 443" }
    parameter AlarmEmail: String { Default: "", AllowedPattern: "^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", ConstraintDescription: "empty, or an e-mail address such as ops@example.org", Description: "E-mail subscribed to the alarm and operations topics (empty: none)" }
    parameter DeletionProtection: String { Default: (cfg.production), AllowedValues: ["true", "false"], Description: "Deletion protection on Aurora, DynamoDB and the ALB" }
    parameter DbInstanceClass: String { Default: (cfg.db_instance_class()), AllowedValues: ["db.t4g.medium", "db.r6g.large", "db.r7g.large"], Description: "Aurora writer and reader instance class" }
    parameter DeleteBackupsOnDestroy: String { Default: (cfg.delete_backups_on_destroy()), AllowedValues: ["true", "false"], Description: "true: deleting the stack also deletes its AWS Backup recovery points and the final Aurora snapshot (development); false: they are kept (production)" }
    parameter DbEngineLifecycleSupport: String { Default: "open-source-rds-extended-support-disabled", AllowedValues: ["open-source-rds-extended-support-disabled", "open-source-rds-extended-support"], Description: "Aurora PostgreSQL 14 leaves standard support on 2027-02-28: disabled = no paid Extended Support (upgrade to 16/17 before then), enabled = stay on 14 with paid Extended Support" }
    parameter DesiredCount: Number { Default: (cfg.desired_count()), MinValue: 1, MaxValue: 10, Description: "ECS tasks kept running (auto scaling may add up to 10)" }

    condition HasNat2 = Not(Equals(Ref(NatGateways), "1"));
    condition HasNat3 = Equals(Ref(NatGateways), "3");
    condition HasCertificate = Not(Equals(Ref(CertificateArn), ""));
    condition HasAlarmEmail = Not(Equals(Ref(AlarmEmail), ""));
    condition IsProtected = Equals(Ref(DeletionProtection), "true");
    // Route 53 publishes health-check metrics (`AWS/Route53`) in us-east-1 only: the health-check
    // alarm exists only there, so the template stays correct in any region.
    condition HasRoute53Metrics = Equals(Ref(AWS::Region), "us-east-1");

    // ---------------------------------------------------------------- building blocks
    // Values used in several places. Service principals act for this account only (`same_account`:
    // the confused-deputy guard of trust and resource policies); one Fargate task is always on demand.
    let same_account = { Condition: { StringEquals: { "aws:SourceAccount": "${AWS::AccountId}" } } };
    let private_subnets = [Ref(PrivateSubnet1), Ref(PrivateSubnet2), Ref(PrivateSubnet3)];
    let fargate_mix = [{ CapacityProvider: "FARGATE", Base: 1, Weight: 1 }, { CapacityProvider: "FARGATE_SPOT", Weight: 1 }];
    let alb_dimensions = [{ Name: "LoadBalancer", Value: Alb.LoadBalancerFullName }];
    // Every log group: a week of retention, encrypted with the stack key.
    defaults logs::LogGroup { RetentionInDays: 7, KmsKeyId: Key.Arn }

    // A metric alarm on one metric that notifies the alarm topic on ALARM and OK (`actions`);
    // `stat` is `{ Statistic: .. }` or, for a percentile, `{ ExtendedStatistic: .. }`.
    construct Alarm(
        name: Name, id: String, description: String, namespace: String, metric: String, dimensions: Value, threshold: Value,
        stat: Value = { Statistic: "Average" }, period: Number = 60, periods: Number = 5, comparison: String = "GreaterThanThreshold",
        missing: String = "notBreaching", actions: Value = { AlarmActions: [Ref(AlarmTopic)], OKActions: [Ref(AlarmTopic)] },
    ) {
        resource {name}: cloudwatch::Alarm {
            AlarmName: "tap-${Suffix}-{id}", AlarmDescription: description, Namespace: namespace, MetricName: metric, Dimensions: dimensions,
            ..stat, Period: period, EvaluationPeriods: periods, Threshold: threshold, ComparisonOperator: comparison, TreatMissingData: missing, ..actions
        }
    }

    // A log group the stack deletes with itself.
    construct LogGroup(name: Name, path: String) {
        #[deletion_policy(Delete)] #[update_replace_policy(Delete)]
        resource {name}: logs::LogGroup { LogGroupName: path }
    }

    // A role `principal` assumes (`trust` adds to that statement, e.g. a condition) with the
    // inline policy `policy` allowing `statements`; `more` adds policies, `extra` properties.
    construct Role(name: Name, id: String, principal: Value, policy: String, statements: Value, trust: Value = {}, more: Value = [], extra: Value = {}) {
        resource {name}: iam::Role {
            RoleName: "tap-${Suffix}-{id}", AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", ..trust }] },
            Policies: [{ PolicyName: policy, PolicyDocument: { Version: "2012-10-17", Statement: statements } }, ..more], ..extra
        }
    }

    // A role `service` assumes, with AWS managed policies only.
    construct ManagedRole(name: Name, id: String, service: String, managed: Value) {
        resource {name}: iam::Role {
            RoleName: "tap-${Suffix}-{id}", AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] },
            ManagedPolicyArns: managed,
        }
    }

    // A custom-resource handler: its log group, its role (writing to that log group, plus the
    // statements given; `role_suppress` lists the (rule, reason) pairs acknowledged on it) and
    // the Python function.
    construct Handler(name: Name, id: String, description: String, policy: String, statements: Value, code: Value, timeout: Number, memory: Number = 128, role_suppress: Value = []) {
        use LogGroup({name}LogGroup, "/aws/lambda/tap-${Suffix}-{id}");
        for (rule, why) in role_suppress { #[suppress(rule, why)] }
        use Role({name}Role, id, { Service: "lambda.amazonaws.com" }, policy, [
            { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: {name}LogGroup.Arn },
            ..statements
        ]);
        resource {name}Function: lambda::Function {
            FunctionName: "tap-${Suffix}-{id}", Description: description,
            Runtime: "python3.13", Handler: "index.handler", Timeout: timeout, MemorySize: memory, Role: {name}Role.Arn,
            Code: { ZipFile: code }, LoggingConfig: { LogGroup: Ref({name}LogGroup), LogFormat: "Text" },
        }
    }

    // A private bucket (SSE-S3, public access blocked, bucket-owner objects, lifecycle rules)
    // with a TLS-only policy and an emptier that deletes every object version when the stack
    // deletes the bucket. The policy goes before the emptier runs: the grants that let writers
    // in go first.
    construct StackBucket(name: Name, id: String, rules: Value, statements: Value = [], extra: Value = {}, encryption: Value = [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }]) {
        #[deletion_policy(Delete)] #[update_replace_policy(Delete)]
        resource {name}: s3::Bucket {
            BucketName: "tap-${Suffix}-{id}-${AWS::AccountId}-${AWS::Region}", BucketEncryption: { ServerSideEncryptionConfiguration: encryption }, ..extra,
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
            OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] }, LifecycleConfiguration: { Rules: rules },
        }
        #[depends_on({name}Emptier)]
        resource {name}Policy: s3::BucketPolicy {
            Bucket: Ref({name}), PolicyDocument: { Version: "2012-10-17", Statement: [
                ..statements,
                { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [{name}.Arn, "${{name}.Arn}/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } },
            ] },
        }
        resource {name}Emptier: custom::EmptyBucket { ServiceToken: EmptyBucketFunction.Arn, BucketName: Ref({name}) }
    }

    // A Puppeteer canary calling the application every 5 minutes (artifacts in the canary
    // bucket, its log group removed by the log cleaner) and the alarm on its success rate.
    construct Canary(name: Name, id: String, prefix: String, script: Value, description: String, timeout: Number = 60, run: Value = {}, env: Value = {}) {
        #[depends_on(CanaryBucketPolicy, CanaryLogCleaner)]
        resource {name}Canary: synthetics::Canary {
            Name: "${Suffix}-{id}", RuntimeVersion: "syn-nodejs-puppeteer-13.0", ExecutionRoleArn: CanaryRole.Arn,
            ArtifactS3Location: "s3://${CanaryBucket}/{prefix}", ArtifactConfig: { S3Encryption: { EncryptionMode: "SSE_S3" } },
            Code: { Handler: "index.handler", Script: script }, Schedule: { Expression: "rate(5 minutes)" },
            RunConfig: { TimeoutInSeconds: timeout, ..run, ActiveTracing: true, EnvironmentVariables: { TARGET_URL: If(HasCertificate, "https://${DomainName}/", "http://${Alb.DNSName}/"), ..env } },
            StartCanaryAfterCreation: true, ProvisionedResourceCleanup: "AUTOMATIC", SuccessRetentionPeriod: 7, FailureRetentionPeriod: 14,
        }
        use Alarm({name}CanaryAlarm, "canary-{prefix}", description, "CloudWatchSynthetics", "SuccessPercent", [{ Name: "CanaryName", Value: Ref({name}Canary) }], 90,
            period: 300, periods: 2, comparison: "LessThanThreshold", missing: "breaching");
    }

    // ---------------------------------------------------------------- KMS
    resource Key: kms::Key {
        Description: "TapStack ${Suffix}: logs, SNS, SQS, Aurora, Secrets Manager, Backup, CloudTrail, SSM SecureString",
        EnableKeyRotation: true,
        KeyPolicy: { Version: "2012-10-17", Statement: [
            { Sid: "AccountRoot", Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" },
            { Sid: "CloudWatchLogs", Effect: "Allow", Principal: { Service: "logs.${AWS::Region}.amazonaws.com" },
              Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], Resource: "*",
              Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*" } } },
            { Sid: "ServicePublishers", Effect: "Allow", Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com", "backup.amazonaws.com"] },
              Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*", ..same_account },
            { Sid: "CloudTrailEncrypt", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:GenerateDataKey*", Resource: "*",
              Condition: { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*" } } },
            // DescribeKey requests carry no encryption context: a condition on it never matches.
            { Sid: "CloudTrailDescribeKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", ..same_account },
            { Sid: "BackupVault", Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey*"],
              Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "${AWS::AccountId}" } } },
        ] },
    }
    resource KeyAlias: kms::Alias { AliasName: "alias/tap-${Suffix}", TargetKeyId: Ref(Key) }

    // ---------------------------------------------------------------- network
    resource Vpc: ec2::Vpc { CidrBlock: "10.0.0.0/16", EnableDnsHostnames: true, EnableDnsSupport: true, Tags: [{ Key: "Name", Value: "tap-${Suffix}-vpc" }] }
    resource Igw: ec2::InternetGateway { Tags: [{ Key: "Name", Value: "tap-${Suffix}-igw" }] }
    resource IgwAttachment: ec2::VpcGatewayAttachment { VpcId: Ref(Vpc), InternetGatewayId: Ref(Igw) }

    // Three tiers of three subnets, one per availability zone.
    for (Tier, tier, a, b, c) in [
        (Public, "public", "10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"),
        (Private, "private", "10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20"),
        (Isolated, "isolated", "10.0.64.0/24", "10.0.65.0/24", "10.0.66.0/24"),
    ] {
        for (n, az, cidr) in [(1, 0, a), (2, 1, b), (3, 2, c)] {
            resource {Tier}Subnet{n}: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: cidr, AvailabilityZone: Select(az, GetAZs()), Tags: [{ Key: "Name", Value: "tap-${Suffix}-{tier}-{n}" }, { Key: "tier", Value: tier }] }
        }
    }
    resource PublicRouteTable: ec2::RouteTable { VpcId: Ref(Vpc), Tags: [{ Key: "Name", Value: "tap-${Suffix}-public" }] }
    #[depends_on(IgwAttachment)]
    resource PublicDefaultRoute: ec2::Route { RouteTableId: Ref(PublicRouteTable), DestinationCidrBlock: "0.0.0.0/0", GatewayId: Ref(Igw) }
    resource IsolatedRouteTable: ec2::RouteTable { VpcId: Ref(Vpc), Tags: [{ Key: "Name", Value: "tap-${Suffix}-isolated" }] }
    // NAT gateway n exists when NatGateways >= n (`cond`: its condition, none for the first).
    // Each private subnet routes through the NAT gateway of its zone, or the last one there is.
    for (n, cond, nat) in [(1, [], Ref(Nat1)), (2, [HasNat2], If(HasNat2, Ref(Nat2), Ref(Nat1))), (3, [HasNat3], If(HasNat3, Ref(Nat3), If(HasNat2, Ref(Nat2), Ref(Nat1))))] {
        for c in cond { #[condition(c)] }
        #[depends_on(IgwAttachment)]
        resource NatEip{n}: ec2::Eip { Domain: "vpc", Tags: [{ Key: "Name", Value: "tap-${Suffix}-nat-{n}" }] }
        for c in cond { #[condition(c)] }
        resource Nat{n}: ec2::NatGateway { SubnetId: Ref(PublicSubnet{n}), AllocationId: NatEip{n}.AllocationId, Tags: [{ Key: "Name", Value: "tap-${Suffix}-nat-{n}" }] }
        resource PrivateRouteTable{n}: ec2::RouteTable { VpcId: Ref(Vpc), Tags: [{ Key: "Name", Value: "tap-${Suffix}-private-{n}" }] }
        resource PrivateDefaultRoute{n}: ec2::Route { RouteTableId: Ref(PrivateRouteTable{n}), DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: nat }
        resource PrivateSubnet{n}Routes: ec2::SubnetRouteTableAssociation { SubnetId: Ref(PrivateSubnet{n}), RouteTableId: Ref(PrivateRouteTable{n}) }
        resource PublicSubnet{n}Routes: ec2::SubnetRouteTableAssociation { SubnetId: Ref(PublicSubnet{n}), RouteTableId: Ref(PublicRouteTable) }
        resource IsolatedSubnet{n}Routes: ec2::SubnetRouteTableAssociation { SubnetId: Ref(IsolatedSubnet{n}), RouteTableId: Ref(IsolatedRouteTable) }
    }
    for (name, service) in [(S3, "s3"), (DynamoDb, "dynamodb")] {
        resource {name}Endpoint: ec2::VpcEndpoint { VpcId: Ref(Vpc), VpcEndpointType: "Gateway", ServiceName: "com.amazonaws.${AWS::Region}.{service}",
            RouteTableIds: [Ref(PrivateRouteTable1), Ref(PrivateRouteTable2), Ref(PrivateRouteTable3), Ref(IsolatedRouteTable)] }
    }
    use LogGroup(FlowLogGroup, "/tap/${Suffix}/vpc-flow-logs");
    use Role(FlowLogRole, "flow-logs", { Service: "vpc-flow-logs.amazonaws.com" }, "deliver-flow-logs", [
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: FlowLogGroup.Arn },
        { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*" },
    ], trust: same_account);
    resource VpcFlowLog: ec2::FlowLog {
        ResourceType: "VPC", ResourceId: Ref(Vpc), TrafficType: "ALL", MaxAggregationInterval: 60,
        LogDestinationType: "cloud-watch-logs", LogGroupName: Ref(FlowLogGroup), DeliverLogsPermissionArn: FlowLogRole.Arn,
    }

    // ---------------------------------------------------------------- security groups
    // A security group of the VPC, tagged tap-<suffix>-<id>.
    construct SecurityGroup(name: Name, id: String, description: String, ingress: Value, egress: Value) {
        resource {name}: ec2::SecurityGroup { GroupDescription: description, VpcId: Ref(Vpc), SecurityGroupIngress: ingress, SecurityGroupEgress: egress, Tags: [{ Key: "Name", Value: "tap-${Suffix}-{id}" }] }
    }
    use SecurityGroup(AlbSecurityGroup, "alb", "ALB: HTTP/HTTPS from the internet, blue/green test listener", [
        { IpProtocol: "tcp", FromPort: 80, ToPort: 80, CidrIp: "0.0.0.0/0", Description: "HTTP" },
        { IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIp: "0.0.0.0/0", Description: "HTTPS" },
        { IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, CidrIp: "10.0.0.0/16", Description: "blue/green test listener (inside the VPC only)" },
    ],
        // Replaces the default allow-all egress; the only egress is AlbToServiceEgress (port 80 to the tasks).
        [{ IpProtocol: "icmp", FromPort: 252, ToPort: 86, CidrIp: "255.255.255.255/32", Description: "no egress except the rules to the targets" }]);
    use SecurityGroup(ServiceSecurityGroup, "service", "ECS tasks: port 80 from the ALB only",
        [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, SourceSecurityGroupId: AlbSecurityGroup.GroupId, Description: "from the ALB" }],
        [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIp: "0.0.0.0/0", Description: "AWS APIs and image pulls over HTTPS" }]);
    use SecurityGroup(DbSecurityGroup, "db", "Aurora: PostgreSQL from the ECS tasks only",
        [{ IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: ServiceSecurityGroup.GroupId, Description: "PostgreSQL from the service" }],
        [{ IpProtocol: "icmp", FromPort: 252, ToPort: 86, CidrIp: "255.255.255.255/32", Description: "no egress" }]);
    for (name, from, to, port, description) in [(AlbToService, Alb, Service, 80, "to the ECS tasks"), (ServiceToDb, Service, Db, 5432, "to Aurora")] {
        resource {name}Egress: ec2::SecurityGroupEgress { GroupId: {from}SecurityGroup.GroupId, IpProtocol: "tcp", FromPort: port, ToPort: port,
            DestinationSecurityGroupId: {to}SecurityGroup.GroupId, Description: description }
    }

    // ---------------------------------------------------------------- notifications
    // The alarm, operations and backup topics, encrypted with the stack key, all notify the
    // AlarmEmail address, when one is set.
    for (topic, id, display) in [(Alarm, "alarms", "alarms"), (Ops, "ops", "operations"), (Backup, "backup", "backup notifications")] {
        resource {topic}Topic: sns::Topic { TopicName: "tap-${Suffix}-{id}", DisplayName: "TapStack ${Suffix} {display}", KmsMasterKeyId: Ref(Key) }
        #[condition(HasAlarmEmail)]
        #[suppress(pf-sns-subscription-endpoint, "exists only under HasAlarmEmail, when the AlarmEmail parameter holds an address")]
        resource {topic}EmailSubscription: sns::Subscription { TopicArn: Ref({topic}Topic), Protocol: "email", Endpoint: Ref(AlarmEmail) }
    }
    resource AlarmTopicPolicy: sns::TopicPolicy {
        Topics: [Ref(AlarmTopic)], PolicyDocument: { Version: "2012-10-17", Statement: [
            { Sid: "CloudWatchAlarms", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: Ref(AlarmTopic), ..same_account },
            { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: Ref(AlarmTopic), Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ] },
    }

    // ---------------------------------------------------------------- Aurora PostgreSQL
    resource DbSubnetGroup: rds::DbSubnetGroup {
        DBSubnetGroupName: "tap-${Suffix}-db", DBSubnetGroupDescription: "Isolated subnets for Aurora",
        SubnetIds: [Ref(IsolatedSubnet1), Ref(IsolatedSubnet2), Ref(IsolatedSubnet3)],
    }
    use ManagedRole(DbMonitoringRole, "rds-monitoring", "monitoring.rds.amazonaws.com", ["arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"]);
    use LogGroup(DbLogGroup, "/aws/rds/cluster/tap-${Suffix}-aurora/postgresql");
    resource DbClusterParameterGroup: rds::DbClusterParameterGroup {
        DBClusterParameterGroupName: "tap-${Suffix}-aurora-pg14", Family: "aurora-postgresql14",
        Description: "TapStack ${Suffix}: TLS required for every connection", Parameters: { "rds.force_ssl": "1" },
    }
    // Snapshot: deleting or replacing the cluster leaves a final snapshot. The vault cleaner runs
    // after the cluster is gone (DependsOn) and deletes that snapshot only when
    // DeleteBackupsOnDestroy=true (development); production keeps it.
    #[deletion_policy(Snapshot)] #[update_replace_policy(Snapshot)]
    #[depends_on(DbLogGroup, BackupVaultCleaner)]
    resource DbCluster: rds::DbCluster {
        DBClusterIdentifier: "tap-${Suffix}-aurora",
        Engine: "aurora-postgresql", EngineVersion: "14.24", EngineLifecycleSupport: Ref(DbEngineLifecycleSupport),
        DBClusterParameterGroupName: Ref(DbClusterParameterGroup), Port: 5432, DatabaseName: "tap",
        MasterUsername: "tapadmin", ManageMasterUserPassword: true, MasterUserSecret: { KmsKeyId: Ref(Key) }, EnableIAMDatabaseAuthentication: true,
        StorageEncrypted: true, KmsKeyId: Key.Arn, DeletionProtection: If(IsProtected, true, false),
        BackupRetentionPeriod: 7, PreferredBackupWindow: "03:00-04:00", PreferredMaintenanceWindow: "sun:05:00-sun:06:00", CopyTagsToSnapshot: true,
        DBSubnetGroupName: Ref(DbSubnetGroup), VpcSecurityGroupIds: [DbSecurityGroup.GroupId],
        EnableCloudwatchLogsExports: ["postgresql"], MonitoringInterval: 60, MonitoringRoleArn: DbMonitoringRole.Arn,
        PerformanceInsightsEnabled: true, PerformanceInsightsKmsKeyId: Key.Arn, PerformanceInsightsRetentionPeriod: 7, DatabaseInsightsMode: "standard",
        Tags: [{ Key: "backup-plan", Value: "${Suffix}" }],
    }
    // The writer (promotion tier 0) and one reader; either can become the writer on failover.
    for (role, n, tier) in [(Writer, 1, 0), (Reader, 2, 1)] {
        #[deletion_policy(Delete)] #[update_replace_policy(Delete)]
        resource Db{role}: rds::DbInstance {
            DBInstanceIdentifier: "tap-${Suffix}-aurora-{n}", DBClusterIdentifier: Ref(DbCluster), Engine: "aurora-postgresql",
            DBInstanceClass: Ref(DbInstanceClass), PromotionTier: tier, PubliclyAccessible: false, AutoMinorVersionUpgrade: true,
            MonitoringInterval: 60, MonitoringRoleArn: DbMonitoringRole.Arn,
            EnablePerformanceInsights: true, PerformanceInsightsKMSKeyId: Key.Arn, PerformanceInsightsRetentionPeriod: 7,
        }
    }
    // An alarm on a cluster metric; `role` narrows it to the writer's or the readers' values.
    construct DbAlarm(name: Name, id: String, description: String, metric: String, threshold: Value, statistic: String = "Average", comparison: String = "GreaterThanThreshold", role: Value = []) {
        use Alarm(name, id, description, "AWS/RDS", metric, [{ Name: "DBClusterIdentifier", Value: Ref(DbCluster) }, ..role], threshold, stat: { Statistic: statistic }, comparison: comparison);
    }
    use DbAlarm(DbCpuAlarm, "db-cpu", "Aurora CPU above 80% for 5 minutes", "CPUUtilization", 80);
    use DbAlarm(DbConnectionsAlarm, "db-connections", "Aurora connections above 400", "DatabaseConnections", 400, statistic: "Maximum");
    use DbAlarm(DbFreeableMemoryAlarm, "db-memory", "Aurora writer freeable memory below 256 MiB (whichever instance is the writer)", "FreeableMemory", 268435456,
        statistic: "Minimum", comparison: "LessThanThreshold", role: [{ Name: "Role", Value: "WRITER" }]);
    use DbAlarm(DbReadLatencyAlarm, "db-read-latency", "Aurora read latency above 20 ms", "ReadLatency", 0.02);
    use DbAlarm(DbWriteLatencyAlarm, "db-write-latency", "Aurora write latency above 50 ms", "WriteLatency", 0.05);
    use DbAlarm(DbReplicaLagAlarm, "db-replica-lag", "Aurora replica lag above 1 s on any reader (whichever instances are readers)", "AuroraReplicaLag", 1000,
        statistic: "Maximum", role: [{ Name: "Role", Value: "READER" }]);

    // ---------------------------------------------------------------- DynamoDB sessions
    #[deletion_policy(Delete)] #[update_replace_policy(Delete)]
    #[depends_on(BackupVaultCleaner)]
    resource SessionsTable: dynamodb::Table {
        TableName: "tap-${Suffix}-sessions", BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "sessionId", AttributeType: "S" }], KeySchema: [{ AttributeName: "sessionId", KeyType: "HASH" }],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true }, DeletionProtectionEnabled: If(IsProtected, true, false),
        Tags: [{ Key: "backup-plan", Value: "${Suffix}" }],
    }

    // ---------------------------------------------------------------- custom-resource handlers
    use Handler(EmptyBucket, "empty-bucket", "Custom::EmptyBucket: deletes every object version when the stack deletes a bucket", "empty-stack-buckets",
        code: include_str!("../../handlers/empty_bucket.py"), timeout: 900, memory: 256, statements: [
            { Effect: "Allow", Action: "s3:ListBucketVersions", Resource: [DataBucket.Arn, AlbLogsBucket.Arn, CanaryBucket.Arn, TrailBucket.Arn] },
            { Effect: "Allow", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"], Resource: ["${DataBucket.Arn}/*", "${AlbLogsBucket.Arn}/*", "${CanaryBucket.Arn}/*", "${TrailBucket.Arn}/*"] },
    ]);
    use Handler(SecureParameter, "secure-parameter", "Custom::SecureStringParameter: creates SSM SecureString parameters with a generated value", "manage-secure-parameters",
        code: include_str!("../../handlers/secure_string_parameter.py"), timeout: 300, statements: [
            { Effect: "Allow", Action: ["ssm:PutParameter", "ssm:GetParameter", "ssm:DeleteParameter"], Resource: "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/tap/${Suffix}/secure/*" },
            { Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], Resource: Key.Arn },
    ]);
    use Handler(VaultCleaner, "vault-cleaner", "Custom::BackupVaultCleaner: deletes recovery points so the vault deletes with the stack", "empty-backup-vault",
        code: include_str!("../../handlers/backup_vault_cleaner.py"), timeout: 900, statements: [
            { Sid: "ListVault", Effect: "Allow", Action: "backup:ListRecoveryPointsByBackupVault", Resource: "arn:${AWS::Partition}:backup:${AWS::Region}:${AWS::AccountId}:backup-vault:tap-${Suffix}-vault" },
            // A recovery point's ARN is the backed-up service's own: Aurora snapshots are
            // rds cluster-snapshot:awsbackup:*, DynamoDB backups table/<t>/backup/*, continuous
            // and advanced-DynamoDB points backup recovery-point:* (AWS Backup access control).
            { Sid: "DeleteRecoveryPoints", Effect: "Allow", Action: ["backup:DeleteRecoveryPoint", "backup:DisassociateRecoveryPoint"], Resource: [
                "arn:${AWS::Partition}:backup:${AWS::Region}:${AWS::AccountId}:recovery-point:*", "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-snapshot:awsbackup:*",
                "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/tap-${Suffix}-sessions/backup/*"] },
            { Sid: "DeleteAuroraBackupSnapshots", Effect: "Allow", Action: "rds:DeleteDBClusterSnapshot", Resource: "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-snapshot:awsbackup:*" },
            { Sid: "DeleteDynamoDbBackups", Effect: "Allow", Action: "dynamodb:DeleteBackup", Resource: "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/tap-${Suffix}-sessions/backup/*" },
            { Sid: "ListFinalSnapshots", Effect: "Allow", Action: "rds:DescribeDBClusterSnapshots", Resource: ["arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:tap-${Suffix}-aurora", "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-snapshot:*"] },
            { Sid: "DeleteFinalSnapshot", Effect: "Allow", Action: "rds:DeleteDBClusterSnapshot", Resource: "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster-snapshot:*", Condition: { StringEquals: { "aws:ResourceTag/backup-plan": "${Suffix}" } } },
            // Deleting EXPIRED recovery points needs the AWS Backup service-linked role.
            { Sid: "BackupServiceLinkedRole", Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup", Condition: { StringEquals: { "iam:AWSServiceName": "backup.amazonaws.com" } } },
    ]);

    // ---------------------------------------------------------------- S3
    use StackBucket(DataBucket, "data",
        encryption: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: true }],
        extra: { VersioningConfiguration: { Status: "Enabled" } },
        rules: [{ Id: "tiering-and-cleanup", Status: "Enabled", Transitions: [{ StorageClass: "STANDARD_IA", TransitionInDays: 30 }, { StorageClass: "GLACIER_IR", TransitionInDays: 90 }],
            NoncurrentVersionExpiration: { NoncurrentDays: 30 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }]);
    use StackBucket(AlbLogsBucket, "alb-logs",
        rules: [{ Id: "expire", Status: "Enabled", ExpirationInDays: 30, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }], statements: [
            { Sid: "ElbLogDelivery", Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: "${AlbLogsBucket.Arn}/alb/AWSLogs/${AWS::AccountId}/*" },
    ]);
    use StackBucket(CanaryBucket, "canary",
        rules: [{ Id: "expire-artifacts", Status: "Enabled", ExpirationInDays: 14, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }]);
    use StackBucket(TrailBucket, "trail",
        rules: [{ Id: "expire-trail", Status: "Enabled", ExpirationInDays: 90, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }], statements: [
            { Sid: "CloudTrailAcl", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: TrailBucket.Arn, Condition: { StringEquals: { "aws:SourceArn": "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/tap-${Suffix}-trail" } } },
            { Sid: "CloudTrailWrite", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: "${TrailBucket.Arn}/AWSLogs/${AWS::AccountId}/*", Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/tap-${Suffix}-trail" } } },
    ]);

    // ---------------------------------------------------------------- EventBridge
    resource EventBus: events::EventBus { Name: "tap-${Suffix}-bus" }
    resource EventArchive: events::Archive { ArchiveName: "tap-${Suffix}-archive", SourceArn: EventBus.Arn, RetentionDays: 7, Description: "Replay store for application events" }
    resource OrdersQueue: sqs::Queue { QueueName: "tap-${Suffix}-orders", KmsMasterKeyId: Ref(Key), KmsDataKeyReusePeriodSeconds: 300, VisibilityTimeout: 60 }
    resource OrdersDlq: sqs::Queue { QueueName: "tap-${Suffix}-orders-dlq", SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 }
    resource OrdersRule: events::Rule {
        Name: "tap-${Suffix}-orders", Description: "Routes app.orders events to the orders queue",
        EventBusName: Ref(EventBus), EventPattern: { source: ["app.orders"] }, State: "ENABLED",
        Targets: [{ Id: "orders-queue", Arn: OrdersQueue.Arn, DeadLetterConfig: { Arn: OrdersDlq.Arn }, RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 } }],
    }
    resource OrdersQueuePolicy: sqs::QueuePolicy {
        Queues: [Ref(OrdersQueue), Ref(OrdersDlq)], PolicyDocument: { Version: "2012-10-17", Statement: [
            { Sid: "EventsToQueue", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: OrdersQueue.Arn, Condition: { ArnEquals: { "aws:SourceArn": OrdersRule.Arn } } },
            { Sid: "EventsToDlq", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: OrdersDlq.Arn, Condition: { ArnEquals: { "aws:SourceArn": OrdersRule.Arn } } },
        ] },
    }
    use Alarm(OrdersDlqAlarm, "orders-dlq", "Events failed delivery to the orders queue", "AWS/SQS", "ApproximateNumberOfMessagesVisible",
        [{ Name: "QueueName", Value: OrdersDlq.QueueName }], 0, stat: { Statistic: "Maximum" }, period: 300, periods: 1, actions: { AlarmActions: [Ref(AlarmTopic)] });

    // ---------------------------------------------------------------- ALB
    #[depends_on(AlbLogsBucketPolicy)]
    resource Alb: elasticloadbalancingv2::LoadBalancer {
        Name: "tap-${Suffix}-alb", Type: "application", Scheme: "internet-facing", IpAddressType: "ipv4",
        Subnets: [Ref(PublicSubnet1), Ref(PublicSubnet2), Ref(PublicSubnet3)], SecurityGroups: [AlbSecurityGroup.GroupId],
        LoadBalancerAttributes: [
            { Key: "access_logs.s3.enabled", Value: "true" }, { Key: "access_logs.s3.bucket", Value: Ref(AlbLogsBucket) }, { Key: "access_logs.s3.prefix", Value: "alb" },
            { Key: "routing.http.drop_invalid_header_fields.enabled", Value: "true" }, { Key: "deletion_protection.enabled", Value: Ref(DeletionProtection) },
        ],
    }
    for (color, name) in [(Blue, "blue"), (Green, "green")] {
        resource {color}TargetGroup: elasticloadbalancingv2::TargetGroup {
            Name: "tap-${Suffix}-{name}", TargetType: "ip", Protocol: "HTTP", Port: 80, VpcId: Ref(Vpc),
            HealthCheckPath: "/", HealthCheckIntervalSeconds: 15, HealthyThresholdCount: 2, UnhealthyThresholdCount: 3, Matcher: { HttpCode: "200-399" }, TargetGroupAttributes: [{ Key: "deregistration_delay.timeout_seconds", Value: "30" }],
        }
    }
    // Listeners answer 404 unless a rule matches (the redirect listener has its own action).
    defaults elasticloadbalancingv2::Listener { LoadBalancerArn: Ref(Alb), DefaultActions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "404", ContentType: "text/plain", MessageBody: "not found" } }] }
    // The production listener is one resource in both modes (HTTP:80, or HTTPS:443 with a
    // certificate; port, protocol and certificate change in place), so the production rule's
    // ListenerArn never changes and adding a certificate never replaces the rule ECS owns.
    #[suppress(pf-elbv2-listener-sslpolicy-secure-only, "SslPolicy is set only under HasCertificate, where the protocol is HTTPS")]
    resource ProductionListener: elasticloadbalancingv2::Listener {
        Port: If(HasCertificate, 443, 80), Protocol: If(HasCertificate, "HTTPS", "HTTP"), SslPolicy: If(HasCertificate, "ELBSecurityPolicy-TLS13-1-2-2021-06", NoValue),
        Certificates: If(HasCertificate, [{ CertificateArn: Ref(CertificateArn) }], NoValue),
    }
    // With a certificate, HTTP:80 only redirects to HTTPS (created after the production
    // listener has moved from 80 to 443).
    #[condition(HasCertificate)]
    #[depends_on(ProductionListener)]
    resource HttpRedirectListener: elasticloadbalancingv2::Listener {
        Port: 80, Protocol: "HTTP", DefaultActions: [{ Type: "redirect", RedirectConfig: { Protocol: "HTTPS", Port: "443", StatusCode: "HTTP_301" } }],
    }
    resource TestListener: elasticloadbalancingv2::Listener { Port: 8080, Protocol: "HTTP" }
    // ECS native blue/green owns the forward weights of ProductionRule and TestRule: it rewrites
    // them on every deployment. Their properties are constants (no parameter, condition or
    // replaceable reference feeds them), so no stack update ever re-applies the declared weights.
    // Never edit these two rules while traffic may sit on green (README, blue/green runbook).
    for which in [Production, Test] {
        resource {which}Rule: elasticloadbalancingv2::ListenerRule {
            ListenerArn: Ref({which}Listener), Priority: 1, Conditions: [{ Field: "path-pattern", PathPatternConfig: { Values: ["/*"] } }],
            Actions: [{ Type: "forward", ForwardConfig: { TargetGroups: [{ TargetGroupArn: Ref(BlueTargetGroup), Weight: 100 }, { TargetGroupArn: Ref(GreenTargetGroup), Weight: 0 }] } }],
        }
    }
    use Alarm(Alb5xxAlarm, "alb-5xx", "Targets answered more than 10 5xx in a minute (deployment rollback trigger)", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count",
        alb_dimensions, 10, stat: { Statistic: "Sum" }, periods: 2);
    use Alarm(AlbLatencyAlarm, "alb-latency", "p95 target response time above 2 s (deployment rollback trigger)", "AWS/ApplicationELB", "TargetResponseTime",
        alb_dimensions, 2, stat: { ExtendedStatistic: "p95" }, periods: 3);
    resource UnhealthyHostsAlarm: cloudwatch::Alarm {
        AlarmName: "tap-${Suffix}-unhealthy-hosts", AlarmDescription: "Unhealthy targets in either target group (blue/green swap which one serves production)", Metrics: [
            { Id: "blue", ReturnData: false, MetricStat: { Stat: "Maximum", Period: 60, Metric: { Namespace: "AWS/ApplicationELB", MetricName: "UnHealthyHostCount", Dimensions: [{ Name: "LoadBalancer", Value: Alb.LoadBalancerFullName }, { Name: "TargetGroup", Value: BlueTargetGroup.TargetGroupFullName }] } } },
            { Id: "green", ReturnData: false, MetricStat: { Stat: "Maximum", Period: 60, Metric: { Namespace: "AWS/ApplicationELB", MetricName: "UnHealthyHostCount", Dimensions: [{ Name: "LoadBalancer", Value: Alb.LoadBalancerFullName }, { Name: "TargetGroup", Value: GreenTargetGroup.TargetGroupFullName }] } } },
            { Id: "unhealthy", ReturnData: true, Label: "Unhealthy targets (blue or green)", Expression: "MAX([FILL(blue, 0), FILL(green, 0)])" },
        ],
        EvaluationPeriods: 3, Threshold: 0, ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching", AlarmActions: [Ref(AlarmTopic)], OKActions: [Ref(AlarmTopic)],
    }

    // ---------------------------------------------------------------- ECS Fargate
    resource EcsCluster: ecs::Cluster { ClusterName: "tap-${Suffix}-cluster", ClusterSettings: [{ Name: "containerInsights", Value: "enabled" }] }
    resource EcsCapacityProviders: ecs::ClusterCapacityProviderAssociations {
        Cluster: Ref(EcsCluster), CapacityProviders: ["FARGATE", "FARGATE_SPOT"], DefaultCapacityProviderStrategy: fargate_mix,
    }
    use LogGroup(AppLogGroup, "/ecs/tap-${Suffix}/app");
    use Role(TaskExecutionRole, "task-execution", { Service: "ecs-tasks.amazonaws.com" }, "read-task-secrets", [
        { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: DbCluster.MasterUserSecret.SecretArn },
        { Effect: "Allow", Action: "kms:Decrypt", Resource: Key.Arn },
    ], extra: { ManagedPolicyArns: ["arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"] });
    #[suppress(HA-IAM002, "X-Ray trace and sampling actions (ADOT sidecar) have no resource-level permissions")]
    #[depends_on(DataBucketEmptier)]
    use Role(TaskRole, "app", { Service: "ecs-tasks.amazonaws.com" }, "application", [
        { Sid: "Sessions", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"], Resource: SessionsTable.Arn },
        { Sid: "DataObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: "${DataBucket.Arn}/*" },
        { Sid: "DataList", Effect: "Allow", Action: "s3:ListBucket", Resource: DataBucket.Arn },
        { Sid: "Events", Effect: "Allow", Action: "events:PutEvents", Resource: EventBus.Arn },
        { Sid: "ConsumeOrders", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"], Resource: OrdersQueue.Arn },
        { Sid: "Parameters", Effect: "Allow", Action: ["ssm:GetParametersByPath", "ssm:GetParameters", "ssm:GetParameter"], Resource: ["arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/tap/${Suffix}", "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/tap/${Suffix}/*"] },
        { Sid: "Decrypt", Effect: "Allow", Action: "kms:Decrypt", Resource: Key.Arn },
    ], trust: same_account,
        extra: { Description: "Application role: sessions table, data bucket, event bus, orders queue, its parameters, traces" },
        more: [{ PolicyName: "xray", PolicyDocument: { Version: "2012-10-17", Statement: [{ Sid: "Traces", Effect: "Allow", Resource: "*",
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"] }] } }]);
    resource TaskDefinition: ecs::TaskDefinition {
        Family: "tap-${Suffix}-app", Cpu: "512", Memory: "1024", NetworkMode: "awsvpc", RequiresCompatibilities: ["FARGATE"],
        RuntimePlatform: { CpuArchitecture: "X86_64", OperatingSystemFamily: "LINUX" },
        ExecutionRoleArn: TaskExecutionRole.Arn, TaskRoleArn: TaskRole.Arn,
        ContainerDefinitions: [
            {
                Name: "app", Image: Ref(ContainerImage), Essential: true, PortMappings: [{ ContainerPort: 80, Protocol: "tcp", Name: "http" }],
                HealthCheck: { Command: ["CMD-SHELL", "curl -fs http://localhost/ > /dev/null || exit 1"], Interval: 30, Timeout: 5, Retries: 3, StartPeriod: 30 },
                Environment: [
                    { Name: "SESSIONS_TABLE", Value: Ref(SessionsTable) }, { Name: "DATA_BUCKET", Value: Ref(DataBucket) },
                    { Name: "EVENT_BUS", Value: Ref(EventBus) }, { Name: "ORDERS_QUEUE_URL", Value: Ref(OrdersQueue) },
                    { Name: "PARAMETER_PATH", Value: "/tap/${Suffix}" }, { Name: "DB_ENDPOINT", Value: DbCluster.Endpoint.Address },
                    { Name: "DB_READER_ENDPOINT", Value: DbCluster.ReadEndpoint.Address }, { Name: "OTEL_EXPORTER_OTLP_ENDPOINT", Value: "http://localhost:4317" },
                ],
                Secrets: [{ Name: "DB_CREDENTIALS", ValueFrom: DbCluster.MasterUserSecret.SecretArn }],
                LogConfiguration: { LogDriver: "awslogs", Options: { "awslogs-group": Ref(AppLogGroup), "awslogs-region": "${AWS::Region}", "awslogs-stream-prefix": "app" } },
            },
            {
                // Pinned: a moving tag would change the sidecar on any task restart, untested.
                Name: "aws-otel-collector", Image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0", Essential: false,
                Command: ["--config=/etc/ecs/ecs-xray.yaml"],
                LogConfiguration: { LogDriver: "awslogs", Options: { "awslogs-group": Ref(AppLogGroup), "awslogs-region": "${AWS::Region}", "awslogs-stream-prefix": "otel" } },
            },
        ],
    }
    use ManagedRole(EcsInfrastructureRole, "ecs-infrastructure", "ecs.amazonaws.com", ["arn:${AWS::Partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers"]);
    resource ServiceNamespace: servicediscovery::PrivateDnsNamespace { Name: "tap-${Suffix}.local", Vpc: Ref(Vpc), Description: "Service discovery for TapStack ${Suffix}" }
    resource DiscoveryService: servicediscovery::Service {
        Name: "app-${Suffix}", NamespaceId: ServiceNamespace.Id,
        DnsConfig: { DnsRecords: [{ Type: "A", TTL: 10 }], RoutingPolicy: "MULTIVALUE" }, HealthCheckCustomConfig: { FailureThreshold: 1 },
    }
    #[depends_on(EcsCapacityProviders, ProductionListener, TestListener)]
    resource EcsService: ecs::Service {
        ServiceName: "tap-${Suffix}-svc", Cluster: Ref(EcsCluster), TaskDefinition: Ref(TaskDefinition), DesiredCount: Ref(DesiredCount),
        CapacityProviderStrategy: fargate_mix, DeploymentController: { Type: "ECS" },
        DeploymentConfiguration: {
            Strategy: "BLUE_GREEN", BakeTimeInMinutes: 5, MaximumPercent: 200, MinimumHealthyPercent: 100,
            DeploymentCircuitBreaker: { Enable: true, Rollback: true },
            Alarms: { AlarmNames: [Ref(Alb5xxAlarm), Ref(AlbLatencyAlarm)], Enable: true, Rollback: true },
        },
        HealthCheckGracePeriodSeconds: 60,
        NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: "DISABLED", SecurityGroups: [ServiceSecurityGroup.GroupId], Subnets: private_subnets } },
        LoadBalancers: [{
            ContainerName: "app", ContainerPort: 80, TargetGroupArn: Ref(BlueTargetGroup),
            AdvancedConfiguration: {
                AlternateTargetGroupArn: Ref(GreenTargetGroup), ProductionListenerRule: Ref(ProductionRule), TestListenerRule: Ref(TestRule),
                RoleArn: EcsInfrastructureRole.Arn,
            },
        }],
        ServiceRegistries: [{ RegistryArn: DiscoveryService.Arn }], PropagateTags: "SERVICE", EnableECSManagedTags: true,
    }
    resource ScalableTarget: applicationautoscaling::ScalableTarget {
        ServiceNamespace: "ecs", ScalableDimension: "ecs:service:DesiredCount", ResourceId: "service/${EcsCluster}/${EcsService.Name}",
        MinCapacity: Ref(DesiredCount), MaxCapacity: 10,
    }
    for (Metric, metric, target, predefined) in [(Cpu, "cpu", 60, "ECSServiceAverageCPUUtilization"), (Memory, "memory", 70, "ECSServiceAverageMemoryUtilization")] {
        resource {Metric}ScalingPolicy: applicationautoscaling::ScalingPolicy {
            PolicyName: "tap-${Suffix}-{metric}", PolicyType: "TargetTrackingScaling", ScalingTargetId: Ref(ScalableTarget),
            TargetTrackingScalingPolicyConfiguration: { TargetValue: target, ScaleInCooldown: 120, ScaleOutCooldown: 60, PredefinedMetricSpecification: { PredefinedMetricType: predefined } },
        }
    }

    // ---------------------------------------------------------------- Route 53
    #[suppress(HA-N001, "the zone name is the DomainName parameter: a DNS name cannot take an arbitrary suffix; the default ha-<suffix>.platform-demo.net carries it")]
    resource HostedZone: route53::HostedZone { Name: Ref(DomainName), HostedZoneConfig: { Comment: "TapStack ${Suffix} application zone" } }
    // With a certificate, HTTP:80 only redirects: check the HTTPS listener that serves the app.
    resource AlbHealthCheck: route53::HealthCheck { HealthCheckTags: [{ Key: "Name", Value: "tap-${Suffix}-alb" }],
        HealthCheckConfig: { Type: If(HasCertificate, "HTTPS", "HTTP"), FullyQualifiedDomainName: Alb.DNSName, Port: If(HasCertificate, 443, 80), ResourcePath: "/", RequestInterval: 30, FailureThreshold: 3 } }
    resource AppRecord: route53::RecordSet { HostedZoneId: Ref(HostedZone), Name: Ref(DomainName), Type: "A",
        AliasTarget: { HostedZoneId: Alb.CanonicalHostedZoneID, DNSName: Alb.DNSName, EvaluateTargetHealth: true } }
    // Only where the metric exists (us-east-1); elsewhere the availability canary covers the same path.
    #[condition(HasRoute53Metrics)]
    use Alarm(HealthCheckAlarm, "alb-health-check", "Route 53 health check of the ALB failing", "AWS/Route53", "HealthCheckStatus",
        [{ Name: "HealthCheckId", Value: Ref(AlbHealthCheck) }], 1, stat: { Statistic: "Minimum" }, periods: 3, comparison: "LessThanThreshold", missing: "breaching");

    // ---------------------------------------------------------------- Parameter Store
    resource LogLevelParameter: ssm::Parameter { Name: "/tap/${Suffix}/app/log-level", Type: "String", Value: "info", Description: "Application log level" }
    resource SessionsTableParameter: ssm::Parameter { Name: "/tap/${Suffix}/app/sessions-table", Type: "String", Value: Ref(SessionsTable), Description: "Sessions table name" }
    resource EventBusParameter: ssm::Parameter { Name: "/tap/${Suffix}/app/event-bus", Type: "String", Value: Ref(EventBus), Description: "Application event bus name" }
    resource DbEndpointParameter: ssm::Parameter { Name: "/tap/${Suffix}/db/endpoint", Type: "String", Value: DbCluster.Endpoint.Address, Description: "Aurora writer endpoint" }
    resource ApiKeyParameter: custom::SecureStringParameter {
        ServiceToken: SecureParameterFunction.Arn, Name: "/tap/${Suffix}/secure/api-key", KeyId: Key.Arn, Length: 48,
        Description: "Application API signing key (generated inside the handler, never in the template)",
    }

    // ---------------------------------------------------------------- CloudTrail
    use LogGroup(TrailLogGroup, "/tap/${Suffix}/cloudtrail");
    use Role(TrailLogsRole, "cloudtrail-logs", { Service: "cloudtrail.amazonaws.com" }, "deliver-trail", [
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: TrailLogGroup.Arn },
    ]);
    #[depends_on(TrailBucketPolicy)]
    resource Trail: cloudtrail::Trail {
        TrailName: "tap-${Suffix}-trail", S3BucketName: Ref(TrailBucket), KMSKeyId: Key.Arn,
        IsLogging: true, EnableLogFileValidation: true, IncludeGlobalServiceEvents: true, IsMultiRegionTrail: false,
        CloudWatchLogsLogGroupArn: TrailLogGroup.Arn, CloudWatchLogsRoleArn: TrailLogsRole.Arn,
    }

    // ---------------------------------------------------------------- AWS Backup
    resource BackupTopicPolicy: sns::TopicPolicy { Topics: [Ref(BackupTopic)], PolicyDocument: { Version: "2012-10-17", Statement: [
        { Sid: "BackupNotifications", Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sns:Publish", Resource: Ref(BackupTopic), ..same_account },
    ] } }
    #[deletion_policy(Delete)] #[update_replace_policy(Delete)]
    #[depends_on(BackupTopicPolicy)]
    resource BackupVault: backup::BackupVault {
        BackupVaultName: "tap-${Suffix}-vault", EncryptionKeyArn: Key.Arn,
        Notifications: { SNSTopicArn: Ref(BackupTopic), BackupVaultEvents: ["BACKUP_JOB_STARTED", "BACKUP_JOB_COMPLETED", "RESTORE_JOB_STARTED", "RESTORE_JOB_COMPLETED", "RECOVERY_POINT_MODIFIED"] },
    }
    // Deleted after the cluster and the table (they depend on it), so no new recovery point can
    // appear while it cleans, and the cluster's final snapshot exists when it looks for it.
    resource BackupVaultCleaner: custom::BackupVaultCleaner {
        ServiceToken: VaultCleanerFunction.Arn, BackupVaultName: Ref(BackupVault), DeleteRecoveryPoints: Ref(DeleteBackupsOnDestroy), DbClusterIdentifier: "tap-${Suffix}-aurora",
    }
    use ManagedRole(BackupRole, "backup", "backup.amazonaws.com", [
        "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ]);
    // Daily and weekly backups of the cluster and the table; continuous (point-in-time) backups of the cluster.
    for (plan, id, selection, resources, rules) in [
        (Backup, "plan", "data", [DbCluster.DBClusterArn, SessionsTable.Arn], [
            { RuleName: "daily-7d", TargetBackupVault: Ref(BackupVault), ScheduleExpression: "cron(0 5 * * ? *)", StartWindowMinutes: 60, CompletionWindowMinutes: 180, Lifecycle: { DeleteAfterDays: 7 } },
            { RuleName: "weekly-30d", TargetBackupVault: Ref(BackupVault), ScheduleExpression: "cron(0 6 ? * SUN *)", StartWindowMinutes: 60, CompletionWindowMinutes: 360, Lifecycle: { DeleteAfterDays: 30 } },
        ]),
        (AuroraPitr, "aurora-pitr", "aurora", [DbCluster.DBClusterArn], [
            { RuleName: "aurora-continuous-14d", TargetBackupVault: Ref(BackupVault), ScheduleExpression: "cron(0 4 * * ? *)", EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 14 } },
        ]),
    ] {
        #[depends_on(BackupVaultCleaner)]
        resource {plan}Plan: backup::BackupPlan { BackupPlan: { BackupPlanName: "tap-${Suffix}-{id}", BackupPlanRule: rules } }
        resource {plan}Selection: backup::BackupSelection { BackupPlanId: Ref({plan}Plan), BackupSelection: {
            SelectionName: "tap-${Suffix}-{selection}", IamRoleArn: BackupRole.Arn, Resources: resources,
            Conditions: { StringEquals: [{ ConditionKey: "aws:ResourceTag/backup-plan", ConditionValue: "${Suffix}" }] },
        } }
    }

    // ---------------------------------------------------------------- Synthetics
    // Synthetics names each canary's Lambda log group /aws/lambda/cwsyn-<canary>-<uuid> and
    // ProvisionedResourceCleanup does not delete it: the canaries depend on this cleaner, so it
    // runs after they are gone and deletes those groups.
    use Handler(LogCleaner, "log-cleaner", "Custom::LogGroupCleaner: deletes the canaries' Lambda log groups when the stack is deleted", "delete-canary-log-groups",
        code: include_str!("../../handlers/log_group_cleaner.py"), timeout: 300,
        role_suppress: [(HA-IAM002, "logs:DescribeLogGroups has no resource-level permissions; deletion is limited to the canaries' log groups")], statements: [
            { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
            { Effect: "Allow", Action: "logs:DeleteLogGroup", Resource: "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/cwsyn-${Suffix}-*" },
    ]);
    resource CanaryLogCleaner: custom::LogGroupCleaner { ServiceToken: LogCleanerFunction.Arn,
        LogGroupNamePrefixes: ["/aws/lambda/cwsyn-${Suffix}-avail-", "/aws/lambda/cwsyn-${Suffix}-latency-", "/aws/lambda/cwsyn-${Suffix}-flow-"] }
    #[suppress(HA-IAM002, "s3:ListAllMyBuckets and cloudwatch:PutMetricData have no resource-level permissions; PutMetricData is limited to the CloudWatchSynthetics namespace by condition")]
    #[depends_on(CanaryBucketEmptier)]
    use Role(CanaryRole, "canary", { Service: "lambda.amazonaws.com" }, "canary", [
        { Effect: "Allow", Action: "s3:PutObject", Resource: "${CanaryBucket.Arn}/*" },
        { Effect: "Allow", Action: "s3:GetBucketLocation", Resource: CanaryBucket.Arn },
        { Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" },
        { Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } } },
        { Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/cwsyn-${Suffix}-*" },
        { Effect: "Allow", Action: "xray:PutTraceSegments", Resource: "*" },
    ]);
    use Canary(Availability, "avail", "availability", include_str!("../canaries/availability.js"), "Availability canary success below 90%");
    use Canary(Latency, "latency", "latency", include_str!("../canaries/latency.js"), "Response-time canary failing (answer slower than 2 s)", env: { MAX_MS: "2000" });
    use Canary(Workflow, "flow", "workflow", include_str!("../canaries/workflow.js"), "Functional workflow canary success below 90%",
        timeout: 120, run: { MemoryInMB: 1024 });

    // ---------------------------------------------------------------- monitoring
    resource CriticalAlarm: cloudwatch::CompositeAlarm {
        AlarmName: "tap-${Suffix}-critical", AlarmDescription: "Critical: database or application unavailable. Starts the failover workflow (with manual approval).",
        AlarmRule: If(HasRoute53Metrics,
            "ALARM(\"${DbCpuAlarm}\") OR ALARM(\"${DbWriteLatencyAlarm}\") OR ALARM(\"${DbConnectionsAlarm}\") OR ALARM(\"${Alb5xxAlarm}\") OR ALARM(\"${HealthCheckAlarm}\") OR ALARM(\"${AvailabilityCanaryAlarm}\")",
            "ALARM(\"${DbCpuAlarm}\") OR ALARM(\"${DbWriteLatencyAlarm}\") OR ALARM(\"${DbConnectionsAlarm}\") OR ALARM(\"${Alb5xxAlarm}\") OR ALARM(\"${AvailabilityCanaryAlarm}\")"),
        ActionsEnabled: true, AlarmActions: [Ref(AlarmTopic)], OKActions: [Ref(AlarmTopic)],
    }
    #[suppress(HA-P003, "Route 53 publishes health-check metrics in us-east-1 only; the widget reads them there from any region")]
    resource Dashboard: cloudwatch::Dashboard { DashboardName: "tap-${Suffix}-overview", DashboardBody: Sub(include_str!("../definitions/dashboard.json")) }

    // ---------------------------------------------------------------- Step Functions failover
    use LogGroup(FailoverLogGroup, "/aws/vendedlogs/states/tap-${Suffix}-failover");
    #[suppress(HA-IAM002, "CloudWatch Logs delivery (logs:*LogDelivery, resource policies) and X-Ray trace writes have no resource-level permissions")]
    use Role(FailoverRole, "failover", { Service: "states.amazonaws.com" }, "failover", [
        { Sid: "DescribeCluster", Effect: "Allow", Action: "rds:DescribeDBClusters", Resource: DbCluster.DBClusterArn },
        { Sid: "Failover", Effect: "Allow", Action: "rds:FailoverDBCluster", Resource: [DbCluster.DBClusterArn, "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:${DbWriter}", "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:${DbReader}"] },
        { Sid: "Service", Effect: "Allow", Action: "ecs:DescribeServices", Resource: Ref(EcsService) },
        { Sid: "HealthCheck", Effect: "Allow", Action: "route53:GetHealthCheckStatus", Resource: "arn:${AWS::Partition}:route53:::healthcheck/${AlbHealthCheck}" },
        { Sid: "Notify", Effect: "Allow", Action: "sns:Publish", Resource: Ref(OpsTopic) },
        { Sid: "TopicKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: Key.Arn },
    ], trust: same_account,
        more: [{ PolicyName: "logs-and-traces", PolicyDocument: { Version: "2012-10-17", Statement: [
            { Effect: "Allow", Action: ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"], Resource: "*" },
            { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], Resource: "*" },
        ] } }]);
    resource FailoverStateMachine: stepfunctions::StateMachine {
        StateMachineName: "tap-${Suffix}-failover", StateMachineType: "STANDARD", RoleArn: FailoverRole.Arn,
        LoggingConfiguration: { Level: "ALL", IncludeExecutionData: true, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: FailoverLogGroup.Arn } }] },
        TracingConfiguration: { Enabled: true }, DefinitionString: Sub(include_str!("../definitions/failover.asl.json")),
    }
    use Role(FailoverTriggerRole, "failover-trigger", { Service: "events.amazonaws.com" }, "start-failover", [
        { Effect: "Allow", Action: "states:StartExecution", Resource: Ref(FailoverStateMachine) },
    ], trust: same_account);
    resource FailoverTriggerRule: events::Rule {
        Name: "tap-${Suffix}-critical-alarm", Description: "Starts the failover workflow when the critical composite alarm goes to ALARM (default bus)",
        EventPattern: { source: ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"], detail: { alarmName: [Ref(CriticalAlarm)], state: { value: ["ALARM"] } } },
        State: "ENABLED", Targets: [{ Id: "failover", Arn: Ref(FailoverStateMachine), RoleArn: FailoverTriggerRole.Arn }],
    }
    #[suppress(HA-IAM002, "states:SendTaskSuccess/SendTaskFailure/SendTaskHeartbeat have no resource-level permissions (task tokens are opaque)")]
    use Role(FailoverOperatorRole, "failover-operator", { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, "operate-failover", [
        { Effect: "Allow", Action: ["states:StartExecution", "states:DescribeStateMachine", "states:ListExecutions"], Resource: Ref(FailoverStateMachine) },
        { Effect: "Allow", Action: ["states:DescribeExecution", "states:GetExecutionHistory", "states:StopExecution"], Resource: "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:tap-${Suffix}-failover:*" },
        { Effect: "Allow", Action: ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"], Resource: "*" },
    ], extra: { Description: "Assumed by operators to start the failover workflow and approve or reject its manual step" });

    // ---------------------------------------------------------------- outputs
    output VpcId { Value: Ref(Vpc), Description: "VPC id" }
    output PrivateSubnetIds { Value: Join(",", private_subnets), Description: "Private (egress) subnets" }
    output AlbDnsName { Value: Alb.DNSName, Description: "ALB DNS name" }
    output AlbUrl { Value: "http://${Alb.DNSName}/", Description: "ALB URL (with a certificate it redirects to AppUrl)" }
    output AppUrl { Value: If(HasCertificate, "https://${DomainName}/", "http://${Alb.DNSName}/"), Description: "URL that serves the application (what the canaries call)" }
    output TestListenerUrl { Value: "http://${Alb.DNSName}:8080/", Description: "Blue/green test listener (reachable from inside the VPC)" }
    output ClusterEndpoint { Value: DbCluster.Endpoint.Address, Description: "Aurora writer endpoint" }
    output ReaderEndpoint { Value: DbCluster.ReadEndpoint.Address, Description: "Aurora reader endpoint" }
    output DbClusterIdentifier { Value: Ref(DbCluster), Description: "Aurora cluster identifier" }
    output DbSecretArn { Value: DbCluster.MasterUserSecret.SecretArn, Description: "Secrets Manager secret of the master user" }
    output SessionsTableName { Value: Ref(SessionsTable), Description: "DynamoDB sessions table" }
    output DataBucketName { Value: Ref(DataBucket), Description: "Application data bucket" }
    output EventBusName { Value: Ref(EventBus), Description: "Application event bus" }
    output EventBusArn { Value: EventBus.Arn, Description: "Application event bus ARN" }
    output OrdersQueueUrl { Value: Ref(OrdersQueue), Description: "Queue receiving app.orders events" }
    output OrdersDlqUrl { Value: Ref(OrdersDlq), Description: "Dead-letter queue of the orders rule" }
    output EventArchiveName { Value: Ref(EventArchive), Description: "Archive for event replay" }
    output AlarmTopicArn { Value: Ref(AlarmTopic), Description: "Alarm notifications" }
    output OpsTopicArn { Value: Ref(OpsTopic), Description: "Operations notifications and failover approvals" }
    output CriticalAlarmName { Value: Ref(CriticalAlarm), Description: "Composite alarm that triggers the failover workflow" }
    output FailoverStateMachineArn { Value: Ref(FailoverStateMachine), Description: "Failover workflow" }
    output FailoverOperatorRoleArn { Value: FailoverOperatorRole.Arn, Description: "Role operators assume to run and approve failovers" }
    output HostedZoneId { Value: Ref(HostedZone), Description: "Public hosted zone id" }
    output NameServers { Value: Join(",", HostedZone.NameServers), Description: "Delegate the domain to these name servers" }
    output AppDomainName { Value: Ref(DomainName), Description: "Application DNS name (alias to the ALB)" }
    output HealthCheckId { Value: Ref(AlbHealthCheck), Description: "Route 53 health check of the ALB" }
    output ParameterPath { Value: "/tap/${Suffix}", Description: "Parameter Store path of the application configuration" }
    output SecureParameterName { Value: "/tap/${Suffix}/secure/api-key", Description: "SecureString parameter (KMS)" }
    output BackupVaultName { Value: Ref(BackupVault), Description: "AWS Backup vault" }
    output BackupPlanId { Value: Ref(BackupPlan), Description: "Daily/weekly backup plan" }
    output EcsClusterName { Value: Ref(EcsCluster), Description: "ECS cluster" }
    output EcsServiceName { Value: EcsService.Name, Description: "ECS service" }
    output ServiceDiscoveryNamespace { Value: "tap-${Suffix}.local", Description: "Cloud Map private DNS namespace" }
    output CanaryNames { Value: Join(",", [Ref(AvailabilityCanary), Ref(LatencyCanary), Ref(WorkflowCanary)]), Description: "Synthetics canaries" }
    output CanaryBucketName { Value: Ref(CanaryBucket), Description: "Canary artifacts" }
    output DashboardName { Value: Ref(Dashboard), Description: "CloudWatch dashboard" }
    output KmsKeyArn { Value: Key.Arn, Description: "Customer managed key" }
    output TrailName { Value: Ref(Trail), Description: "CloudTrail trail" }
    output AppLogGroupName { Value: Ref(AppLogGroup), Description: "Application log group" }
}
