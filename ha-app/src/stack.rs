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
        tags: {
            Project: (cfg.project.clone()),
            Environment: "${Suffix}",
            Owner: (cfg.owner.clone()),
            CostCenter: (cfg.cost_center.clone()),
        },
    }

    // ---------------------------------------------------------------- parameters
    parameter NatGateways: String { Default: (cfg.nat_gateways), AllowedValues: ["1", "2", "3"], Description: "NAT gateways: 1 (cost) to 3 (one per AZ, full AZ independence)" }
    parameter DomainName: String { Default: (cfg.domain.clone()), AllowedPattern: "^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", Description: "Public hosted zone created for the application (delegate its NameServers at the registrar)" }
    parameter ContainerImage: String { Default: (cfg.image.clone()), Description: "Application image; serves HTTP on port 80 with a health answer on /" }
    parameter CertificateArn: String { Default: "", Description: "ACM certificate ARN; when set, production traffic is served over HTTPS on 443" }
    parameter AlarmEmail: String { Default: "", Description: "E-mail subscribed to the alarm and operations topics (empty: none)" }
    parameter DeletionProtection: String { Default: (cfg.production), AllowedValues: ["true", "false"], Description: "Deletion protection on Aurora, DynamoDB and the ALB" }
    parameter DbInstanceClass: String { Default: (cfg.db_instance_class()), AllowedValues: ["db.t4g.medium", "db.r6g.large", "db.r7g.large"], Description: "Aurora writer and reader instance class" }
    parameter DesiredCount: Number { Default: (cfg.desired_count()), MinValue: 1, MaxValue: 10, Description: "ECS tasks kept running (auto scaling may add up to 10)" }

    condition HasNat2 = Not(Equals(Ref(NatGateways), "1"));
    condition HasNat3 = Equals(Ref(NatGateways), "3");
    condition HasCertificate = Not(Equals(Ref(CertificateArn), ""));
    condition HasAlarmEmail = Not(Equals(Ref(AlarmEmail), ""));
    condition IsProtected = Equals(Ref(DeletionProtection), "true");

    // ---------------------------------------------------------------- KMS
    resource Key: kms::Key {
        Description: "TapStack ${Suffix}: logs, SNS, SQS, Aurora, Secrets Manager, Backup, CloudTrail, SSM SecureString",
        EnableKeyRotation: true,
        KeyPolicy: {
            Version: "2012-10-17",
            Statement: [
                { Sid: "AccountRoot", Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "CloudWatchLogs", Effect: "Allow",
                    Principal: { Service: "logs.${AWS::Region}.amazonaws.com" },
                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    Resource: "*",
                    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*" } },
                },
                {
                    Sid: "ServicePublishers", Effect: "Allow",
                    Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com", "backup.amazonaws.com"] },
                    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": "${AWS::AccountId}" } },
                },
                {
                    Sid: "CloudTrailEncrypt", Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: ["kms:GenerateDataKey*", "kms:DescribeKey"],
                    Resource: "*",
                    Condition: { StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*" } },
                },
                {
                    Sid: "BackupVault", Effect: "Allow",
                    Principal: { Service: "backup.amazonaws.com" },
                    Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey*"],
                    Resource: "*",
                    Condition: { StringEquals: { "kms:CallerAccount": "${AWS::AccountId}" } },
                },
            ],
        },
    }

    resource KeyAlias: kms::Alias { AliasName: "alias/tap-${Suffix}", TargetKeyId: Ref(Key) }

    // ---------------------------------------------------------------- network
    resource Vpc: ec2::Vpc {
        CidrBlock: "10.0.0.0/16",
        EnableDnsHostnames: true,
        EnableDnsSupport: true,
        Tags: [{ Key: "Name", Value: "tap-${Suffix}-vpc" }],
    }
    resource Igw: ec2::InternetGateway { Tags: [{ Key: "Name", Value: "tap-${Suffix}-igw" }] }
    resource IgwAttachment: ec2::VpcGatewayAttachment { VpcId: Ref(Vpc), InternetGatewayId: Ref(Igw) }

    resource PublicSubnet1: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.0.0/24", AvailabilityZone: Select(0, GetAZs()), Tags: [{ Key: "Name", Value: "tap-${Suffix}-public-1" }, { Key: "tier", Value: "public" }] }
    resource PublicSubnet2: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.1.0/24", AvailabilityZone: Select(1, GetAZs()), Tags: [{ Key: "Name", Value: "tap-${Suffix}-public-2" }, { Key: "tier", Value: "public" }] }
    resource PublicSubnet3: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.2.0/24", AvailabilityZone: Select(2, GetAZs()), Tags: [{ Key: "Name", Value: "tap-${Suffix}-public-3" }, { Key: "tier", Value: "public" }] }
    resource PrivateSubnet1: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.16.0/20", AvailabilityZone: Select(0, GetAZs()), Tags: [{ Key: "Name", Value: "tap-${Suffix}-private-1" }, { Key: "tier", Value: "private" }] }
    resource PrivateSubnet2: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.32.0/20", AvailabilityZone: Select(1, GetAZs()), Tags: [{ Key: "Name", Value: "tap-${Suffix}-private-2" }, { Key: "tier", Value: "private" }] }
    resource PrivateSubnet3: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.48.0/20", AvailabilityZone: Select(2, GetAZs()), Tags: [{ Key: "Name", Value: "tap-${Suffix}-private-3" }, { Key: "tier", Value: "private" }] }
    resource IsolatedSubnet1: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.64.0/24", AvailabilityZone: Select(0, GetAZs()), Tags: [{ Key: "Name", Value: "tap-${Suffix}-isolated-1" }, { Key: "tier", Value: "isolated" }] }
    resource IsolatedSubnet2: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.65.0/24", AvailabilityZone: Select(1, GetAZs()), Tags: [{ Key: "Name", Value: "tap-${Suffix}-isolated-2" }, { Key: "tier", Value: "isolated" }] }
    resource IsolatedSubnet3: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.66.0/24", AvailabilityZone: Select(2, GetAZs()), Tags: [{ Key: "Name", Value: "tap-${Suffix}-isolated-3" }, { Key: "tier", Value: "isolated" }] }

    resource PublicRouteTable: ec2::RouteTable { VpcId: Ref(Vpc), Tags: [{ Key: "Name", Value: "tap-${Suffix}-public" }] }
    #[depends_on(IgwAttachment)]
    resource PublicDefaultRoute: ec2::Route { RouteTableId: Ref(PublicRouteTable), DestinationCidrBlock: "0.0.0.0/0", GatewayId: Ref(Igw) }
    resource PublicSubnet1Routes: ec2::SubnetRouteTableAssociation { SubnetId: Ref(PublicSubnet1), RouteTableId: Ref(PublicRouteTable) }
    resource PublicSubnet2Routes: ec2::SubnetRouteTableAssociation { SubnetId: Ref(PublicSubnet2), RouteTableId: Ref(PublicRouteTable) }
    resource PublicSubnet3Routes: ec2::SubnetRouteTableAssociation { SubnetId: Ref(PublicSubnet3), RouteTableId: Ref(PublicRouteTable) }

    #[depends_on(IgwAttachment)]
    resource NatEip1: ec2::Eip { Domain: "vpc", Tags: [{ Key: "Name", Value: "tap-${Suffix}-nat-1" }] }
    #[condition(HasNat2)]
    #[depends_on(IgwAttachment)]
    resource NatEip2: ec2::Eip { Domain: "vpc", Tags: [{ Key: "Name", Value: "tap-${Suffix}-nat-2" }] }
    #[condition(HasNat3)]
    #[depends_on(IgwAttachment)]
    resource NatEip3: ec2::Eip { Domain: "vpc", Tags: [{ Key: "Name", Value: "tap-${Suffix}-nat-3" }] }
    resource Nat1: ec2::NatGateway { SubnetId: Ref(PublicSubnet1), AllocationId: NatEip1.AllocationId, Tags: [{ Key: "Name", Value: "tap-${Suffix}-nat-1" }] }
    #[condition(HasNat2)]
    resource Nat2: ec2::NatGateway { SubnetId: Ref(PublicSubnet2), AllocationId: NatEip2.AllocationId, Tags: [{ Key: "Name", Value: "tap-${Suffix}-nat-2" }] }
    #[condition(HasNat3)]
    resource Nat3: ec2::NatGateway { SubnetId: Ref(PublicSubnet3), AllocationId: NatEip3.AllocationId, Tags: [{ Key: "Name", Value: "tap-${Suffix}-nat-3" }] }

    resource PrivateRouteTable1: ec2::RouteTable { VpcId: Ref(Vpc), Tags: [{ Key: "Name", Value: "tap-${Suffix}-private-1" }] }
    resource PrivateRouteTable2: ec2::RouteTable { VpcId: Ref(Vpc), Tags: [{ Key: "Name", Value: "tap-${Suffix}-private-2" }] }
    resource PrivateRouteTable3: ec2::RouteTable { VpcId: Ref(Vpc), Tags: [{ Key: "Name", Value: "tap-${Suffix}-private-3" }] }
    resource PrivateDefaultRoute1: ec2::Route { RouteTableId: Ref(PrivateRouteTable1), DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: Ref(Nat1) }
    resource PrivateDefaultRoute2: ec2::Route { RouteTableId: Ref(PrivateRouteTable2), DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: If(HasNat2, Ref(Nat2), Ref(Nat1)) }
    resource PrivateDefaultRoute3: ec2::Route { RouteTableId: Ref(PrivateRouteTable3), DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: If(HasNat3, Ref(Nat3), If(HasNat2, Ref(Nat2), Ref(Nat1))) }
    resource PrivateSubnet1Routes: ec2::SubnetRouteTableAssociation { SubnetId: Ref(PrivateSubnet1), RouteTableId: Ref(PrivateRouteTable1) }
    resource PrivateSubnet2Routes: ec2::SubnetRouteTableAssociation { SubnetId: Ref(PrivateSubnet2), RouteTableId: Ref(PrivateRouteTable2) }
    resource PrivateSubnet3Routes: ec2::SubnetRouteTableAssociation { SubnetId: Ref(PrivateSubnet3), RouteTableId: Ref(PrivateRouteTable3) }

    resource IsolatedRouteTable: ec2::RouteTable { VpcId: Ref(Vpc), Tags: [{ Key: "Name", Value: "tap-${Suffix}-isolated" }] }
    resource IsolatedSubnet1Routes: ec2::SubnetRouteTableAssociation { SubnetId: Ref(IsolatedSubnet1), RouteTableId: Ref(IsolatedRouteTable) }
    resource IsolatedSubnet2Routes: ec2::SubnetRouteTableAssociation { SubnetId: Ref(IsolatedSubnet2), RouteTableId: Ref(IsolatedRouteTable) }
    resource IsolatedSubnet3Routes: ec2::SubnetRouteTableAssociation { SubnetId: Ref(IsolatedSubnet3), RouteTableId: Ref(IsolatedRouteTable) }

    resource S3Endpoint: ec2::VpcEndpoint {
        VpcId: Ref(Vpc), VpcEndpointType: "Gateway", ServiceName: "com.amazonaws.${AWS::Region}.s3",
        RouteTableIds: [Ref(PrivateRouteTable1), Ref(PrivateRouteTable2), Ref(PrivateRouteTable3), Ref(IsolatedRouteTable)],
    }
    resource DynamoDbEndpoint: ec2::VpcEndpoint {
        VpcId: Ref(Vpc), VpcEndpointType: "Gateway", ServiceName: "com.amazonaws.${AWS::Region}.dynamodb",
        RouteTableIds: [Ref(PrivateRouteTable1), Ref(PrivateRouteTable2), Ref(PrivateRouteTable3), Ref(IsolatedRouteTable)],
    }

    #[deletion_policy(Delete)]
    #[update_replace_policy(Delete)]
    resource FlowLogGroup: logs::LogGroup { LogGroupName: "/tap/${Suffix}/vpc-flow-logs", RetentionInDays: 7, KmsKeyId: Key.Arn }
    resource FlowLogRole: iam::Role {
        RoleName: "tap-${Suffix}-flow-logs",
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "${AWS::AccountId}" } } }] },
        Policies: [{
            PolicyName: "deliver-flow-logs",
            PolicyDocument: { Version: "2012-10-17", Statement: [
                { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: FlowLogGroup.Arn },
                { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*" },
            ] },
        }],
    }
    resource VpcFlowLog: ec2::FlowLog {
        ResourceType: "VPC", ResourceId: Ref(Vpc), TrafficType: "ALL",
        LogDestinationType: "cloud-watch-logs", LogGroupName: Ref(FlowLogGroup), DeliverLogsPermissionArn: FlowLogRole.Arn,
        MaxAggregationInterval: 60,
    }

    // ---------------------------------------------------------------- security groups
    resource AlbSecurityGroup: ec2::SecurityGroup {
        GroupDescription: "ALB: HTTP/HTTPS from the internet, blue/green test listener",
        VpcId: Ref(Vpc),
        SecurityGroupIngress: [
            { IpProtocol: "tcp", FromPort: 80, ToPort: 80, CidrIp: "0.0.0.0/0", Description: "HTTP" },
            { IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIp: "0.0.0.0/0", Description: "HTTPS" },
            { IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, CidrIp: "10.0.0.0/16", Description: "blue/green test listener (inside the VPC only)" },
        ],
        Tags: [{ Key: "Name", Value: "tap-${Suffix}-alb" }],
    }
    resource ServiceSecurityGroup: ec2::SecurityGroup {
        GroupDescription: "ECS tasks: port 80 from the ALB only",
        VpcId: Ref(Vpc),
        SecurityGroupIngress: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, SourceSecurityGroupId: AlbSecurityGroup.GroupId, Description: "from the ALB" }],
        SecurityGroupEgress: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIp: "0.0.0.0/0", Description: "AWS APIs and image pulls over HTTPS" }],
        Tags: [{ Key: "Name", Value: "tap-${Suffix}-service" }],
    }
    resource DbSecurityGroup: ec2::SecurityGroup {
        GroupDescription: "Aurora: PostgreSQL from the ECS tasks only",
        VpcId: Ref(Vpc),
        SecurityGroupIngress: [{ IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: ServiceSecurityGroup.GroupId, Description: "PostgreSQL from the service" }],
        SecurityGroupEgress: [{ IpProtocol: "icmp", FromPort: 252, ToPort: 86, CidrIp: "255.255.255.255/32", Description: "no egress" }],
        Tags: [{ Key: "Name", Value: "tap-${Suffix}-db" }],
    }
    resource AlbToServiceEgress: ec2::SecurityGroupEgress {
        GroupId: AlbSecurityGroup.GroupId, IpProtocol: "tcp", FromPort: 80, ToPort: 80,
        DestinationSecurityGroupId: ServiceSecurityGroup.GroupId, Description: "to the ECS tasks",
    }
    resource ServiceToDbEgress: ec2::SecurityGroupEgress {
        GroupId: ServiceSecurityGroup.GroupId, IpProtocol: "tcp", FromPort: 5432, ToPort: 5432,
        DestinationSecurityGroupId: DbSecurityGroup.GroupId, Description: "to Aurora",
    }
}
