//! Requirement-by-requirement assertions on the synthesized TapStack template.

use ha_app::{render, Config};
use ha_core::assertions::{json, Match, Template};
use serde_json::Value;

fn template_for(cfg: &Config) -> Template {
    Template::from_stack(&render(cfg, "test"))
}

fn dev() -> Template {
    template_for(&Config::new("dev"))
}

fn sub_text(v: &Value) -> String {
    v["Fn::Sub"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| v.to_string())
}

#[test]
fn stack_name_description_and_size() {
    let s = render(&Config::new("pr42"), "--suffix");
    assert_eq!(s.name, "TapStackpr42");
    let json = s.template.to_json_string();
    assert!(json.len() < 1_000_000, "template fits the 1 MB S3 limit");
    let v: Value = serde_json::from_str(&json).unwrap();
    assert!(v["Resources"].as_object().unwrap().len() < 500);
    assert!(v["Outputs"].as_object().unwrap().len() < 200);
}

#[test]
fn every_taggable_resource_carries_cost_tags() {
    let mut cfg = Config::new("dev");
    cfg.owner = "alice".into();
    cfg.cost_center = "cc-42".into();
    let t = template_for(&cfg);
    for ty in [
        "AWS::EC2::VPC",
        "AWS::EC2::Subnet",
        "AWS::RDS::DBCluster",
        "AWS::DynamoDB::Table",
        "AWS::S3::Bucket",
        "AWS::ECS::Service",
        "AWS::Lambda::Function",
        "AWS::SQS::Queue",
        "AWS::SNS::Topic",
        "AWS::Logs::LogGroup",
        "AWS::KMS::Key",
    ] {
        for (id, r) in t.resources_of_type(ty) {
            let tags = r["Properties"]["Tags"].to_string();
            for needle in ["\"Project\"", "\"Environment\"", "\"alice\"", "\"cc-42\""] {
                assert!(
                    tags.contains(needle),
                    "{id} ({ty}) lacks tag {needle}: {tags}"
                );
            }
        }
    }
}

#[test]
fn no_retain_and_stateful_resources_delete_with_the_stack() {
    let t = dev();
    let all = t.to_json()["Resources"].as_object().unwrap();
    for (id, r) in all {
        assert_ne!(
            r.get("DeletionPolicy").and_then(Value::as_str),
            Some("Retain"),
            "{id}"
        );
        assert_ne!(
            r.get("UpdateReplacePolicy").and_then(Value::as_str),
            Some("Retain"),
            "{id}"
        );
    }
    for ty in [
        "AWS::S3::Bucket",
        "AWS::DynamoDB::Table",
        "AWS::Backup::BackupVault",
        "AWS::Logs::LogGroup",
    ] {
        for (id, r) in t.resources_of_type(ty) {
            assert_eq!(r["DeletionPolicy"], "Delete", "{id}");
        }
    }
    // the cluster leaves a final snapshot; the vault cleaner removes it in development
    assert_eq!(t.resource("DbCluster")["DeletionPolicy"], "Snapshot");
}

#[test]
fn vpc_spans_three_azs_with_three_tiers() {
    let t = dev();
    t.has_resource_properties(
        "AWS::EC2::VPC",
        json!({ "CidrBlock": "10.0.0.0/16", "EnableDnsHostnames": true }),
    );
    t.resource_count_is("AWS::EC2::Subnet", 9);
    let mut cidrs = Vec::new();
    for (id, r) in t.resources_of_type("AWS::EC2::Subnet") {
        let az = &r["Properties"]["AvailabilityZone"]["Fn::Select"];
        assert!(az[1].get("Fn::GetAZs").is_some(), "{id} uses GetAZs");
        cidrs.push(r["Properties"]["CidrBlock"].as_str().unwrap().to_owned());
        assert!(r["Properties"].get("MapPublicIpOnLaunch").is_none());
    }
    cidrs.sort();
    cidrs.dedup();
    assert_eq!(cidrs.len(), 9, "subnet CIDRs are distinct");
    assert!(!t.to_json().to_string().contains("Fn::Cidr"));
    t.resource_count_is("AWS::EC2::InternetGateway", 1);
    t.resource_count_is("AWS::EC2::RouteTable", 5);
    t.has_resource_properties(
        "AWS::EC2::Route",
        json!({ "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": { "Ref": "Igw" } }),
    );
}

#[test]
fn nat_gateway_count_follows_the_parameter() {
    let t = dev();
    t.resource_count_is("AWS::EC2::NatGateway", 3);
    t.has_parameter(
        "NatGateways",
        json!({ "Default": "3", "AllowedValues": ["1", "2", "3"] }),
    );
    t.has_condition(
        "HasNat2",
        json!({ "Fn::Not": [{ "Fn::Equals": [{ "Ref": "NatGateways" }, "1"] }] }),
    );
    t.has_condition(
        "HasNat3",
        json!({ "Fn::Equals": [{ "Ref": "NatGateways" }, "3"] }),
    );
    assert_eq!(t.resource("Nat2")["Condition"], "HasNat2");
    assert_eq!(t.resource("Nat3")["Condition"], "HasNat3");
    assert_eq!(t.resource("NatEip3")["Condition"], "HasNat3");
    assert!(t.resource("Nat1").get("Condition").is_none());
    assert_eq!(
        t.resource_properties("PrivateDefaultRoute2")["NatGatewayId"],
        json!({ "Fn::If": ["HasNat2", { "Ref": "Nat2" }, { "Ref": "Nat1" }] })
    );
    let mut cfg = Config::new("dev");
    cfg.nat_gateways = 1;
    let one = template_for(&cfg);
    one.has_parameter("NatGateways", json!({ "Default": "1" }));
}

#[test]
fn flow_logs_and_gateway_endpoints() {
    let t = dev();
    t.has_resource_properties("AWS::EC2::FlowLog", json!({ "ResourceType": "VPC", "TrafficType": "ALL", "LogDestinationType": "cloud-watch-logs", "DeliverLogsPermissionArn": { "Fn::GetAtt": ["FlowLogRole", "Arn"] } }));
    t.has_resource_properties("AWS::IAM::Role", json!({ "AssumeRolePolicyDocument": { "Statement": [{ "Principal": { "Service": "vpc-flow-logs.amazonaws.com" } }] } }));
    t.resource_count_is("AWS::EC2::VPCEndpoint", 2);
    for svc in ["s3", "dynamodb"] {
        t.has_resource_properties("AWS::EC2::VPCEndpoint", json!({ "VpcEndpointType": "Gateway", "ServiceName": { "Fn::Sub": format!("com.amazonaws.${{AWS::Region}}.{svc}") } }));
    }
}

#[test]
fn log_groups_are_seven_days_and_kms_encrypted() {
    let t = dev();
    let groups = t.resources_of_type("AWS::Logs::LogGroup");
    assert_eq!(groups.len(), 9);
    for (id, r) in groups {
        assert_eq!(r["Properties"]["RetentionInDays"], 7, "{id}");
        assert_eq!(
            r["Properties"]["KmsKeyId"],
            json!({ "Fn::GetAtt": ["Key", "Arn"] }),
            "{id}"
        );
    }
    for name in [
        "/aws/lambda/tap-dev-empty-bucket",
        "/aws/lambda/tap-dev-secure-parameter",
        "/aws/lambda/tap-dev-vault-cleaner",
        "/aws/lambda/tap-dev-log-cleaner",
        "/aws/rds/cluster/tap-dev-aurora/postgresql",
    ] {
        t.has_resource_properties("AWS::Logs::LogGroup", json!({ "LogGroupName": name }));
    }
}

#[test]
fn kms_key_policy_allows_the_publishing_services() {
    let t = dev();
    let key = t.resource_properties("Key");
    assert_eq!(key["EnableKeyRotation"], true);
    let policy = key["KeyPolicy"].to_string();
    for p in [
        "logs.${AWS::Region}.amazonaws.com",
        "cloudwatch.amazonaws.com",
        "events.amazonaws.com",
        "backup.amazonaws.com",
        "cloudtrail.amazonaws.com",
        "kms:EncryptionContext:aws:logs:arn",
        ":root",
    ] {
        assert!(policy.contains(p), "key policy mentions {p}");
    }
}

#[test]
fn security_groups_are_minimal() {
    let t = dev();
    let alb = t.resource_properties("AlbSecurityGroup");
    let ports: Vec<i64> = alb["SecurityGroupIngress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["FromPort"].as_i64().unwrap())
        .collect();
    assert_eq!(ports, vec![80, 443, 8080]);
    let svc = t.resource_properties("ServiceSecurityGroup");
    assert_eq!(
        svc["SecurityGroupIngress"],
        json!([{ "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "SourceSecurityGroupId": { "Fn::GetAtt": ["AlbSecurityGroup", "GroupId"] }, "Description": "from the ALB" }])
    );
    let db = t.resource_properties("DbSecurityGroup");
    assert_eq!(db["SecurityGroupIngress"][0]["FromPort"], 5432);
    assert_eq!(
        db["SecurityGroupIngress"][0]["SourceSecurityGroupId"],
        json!({ "Fn::GetAtt": ["ServiceSecurityGroup", "GroupId"] })
    );
    assert_eq!(db["SecurityGroupIngress"].as_array().unwrap().len(), 1);
    t.has_resource_properties("AWS::EC2::SecurityGroupEgress", json!({ "FromPort": 5432, "DestinationSecurityGroupId": { "Fn::GetAtt": ["DbSecurityGroup", "GroupId"] } }));
}

#[test]
fn aurora_cluster_meets_the_requirements() {
    let t = dev();
    t.has_resource_properties(
        "AWS::RDS::DBCluster",
        json!({
            "Engine": "aurora-postgresql",
            "EngineVersion": "14.24",
            "StorageEncrypted": true,
            "KmsKeyId": { "Fn::GetAtt": ["Key", "Arn"] },
            "ManageMasterUserPassword": true,
            "MasterUserSecret": { "KmsKeyId": { "Ref": "Key" } },
            "EnableIAMDatabaseAuthentication": true,
            "DeletionProtection": { "Fn::If": ["IsProtected", true, false] },
            "BackupRetentionPeriod": 7,
            "EnableCloudwatchLogsExports": ["postgresql"],
            "MonitoringInterval": 60,
            "PerformanceInsightsEnabled": true,
            "DatabaseInsightsMode": "standard",
            "BacktrackWindow": Match::absent(),
            "Tags": Match::array_with(json!([{ "Key": "backup-plan", "Value": "dev" }])),
        }),
    );
    assert_eq!(
        t.resource("DbCluster")["DependsOn"],
        json!(["DbLogGroup", "BackupVaultCleaner"])
    );
    t.resource_count_is("AWS::RDS::DBInstance", 2);
    for id in ["DbWriter", "DbReader"] {
        let p = t.resource_properties(id);
        assert_eq!(p["DBClusterIdentifier"], json!({ "Ref": "DbCluster" }));
        assert_eq!(p["DBInstanceClass"], json!({ "Ref": "DbInstanceClass" }));
        assert_eq!(p["MonitoringInterval"], 60);
        assert!(p.get("StorageEncrypted").is_none() && p.get("DeletionProtection").is_none());
    }
    let subnets = &t.resource_properties("DbSubnetGroup")["SubnetIds"];
    assert_eq!(
        subnets,
        &json!([{ "Ref": "IsolatedSubnet1" }, { "Ref": "IsolatedSubnet2" }, { "Ref": "IsolatedSubnet3" }])
    );
    t.has_resource_properties("AWS::IAM::Role", json!({ "AssumeRolePolicyDocument": { "Statement": [{ "Principal": { "Service": "monitoring.rds.amazonaws.com" } }] } }));
}

#[test]
fn aurora_alarms_cover_cpu_connections_memory_latency_and_lag() {
    let t = dev();
    for metric in [
        "CPUUtilization",
        "DatabaseConnections",
        "FreeableMemory",
        "ReadLatency",
        "WriteLatency",
        "AuroraReplicaLag",
    ] {
        t.has_resource_properties("AWS::CloudWatch::Alarm", json!({ "Namespace": "AWS/RDS", "MetricName": metric, "AlarmActions": [{ "Ref": "AlarmTopic" }] }));
    }
}

#[test]
fn production_switches_instance_class_and_protection() {
    let prod = template_for(&Config::new("prod"));
    prod.has_parameter("DbInstanceClass", json!({ "Default": "db.r6g.large" }));
    prod.has_parameter("DeletionProtection", json!({ "Default": "true" }));
    let dev = dev();
    dev.has_parameter("DbInstanceClass", json!({ "Default": "db.t4g.medium" }));
    dev.has_parameter("DeletionProtection", json!({ "Default": "false" }));
}

#[test]
fn ecs_cluster_task_and_service() {
    let t = dev();
    t.has_resource_properties(
        "AWS::ECS::Cluster",
        json!({ "ClusterSettings": [{ "Name": "containerInsights", "Value": "enabled" }] }),
    );
    t.has_resource_properties(
        "AWS::ECS::ClusterCapacityProviderAssociations",
        json!({ "CapacityProviders": ["FARGATE", "FARGATE_SPOT"] }),
    );
    let td = t.resource_properties("TaskDefinition");
    assert_eq!(td["RequiresCompatibilities"], json!(["FARGATE"]));
    assert_eq!(td["NetworkMode"], "awsvpc");
    let app = &td["ContainerDefinitions"][0];
    assert_eq!(app["Image"], json!({ "Ref": "ContainerImage" }));
    assert_eq!(app["PortMappings"][0]["ContainerPort"], 80);
    assert!(app["HealthCheck"]["Command"][1]
        .as_str()
        .unwrap()
        .contains("http://localhost/"));
    assert_eq!(app["LogConfiguration"]["LogDriver"], "awslogs");
    let otel = &td["ContainerDefinitions"][1];
    assert!(otel["Image"]
        .as_str()
        .unwrap()
        .contains("aws-otel-collector"));
    let svc = t.resource("EcsService");
    assert!(svc["DependsOn"]
        .as_array()
        .unwrap()
        .contains(&json!("EcsCapacityProviders")));
    let p = &svc["Properties"];
    assert!(p.get("LaunchType").is_none());
    assert_eq!(p["DeploymentController"], json!({ "Type": "ECS" }));
    assert_eq!(p["DeploymentConfiguration"]["Strategy"], "BLUE_GREEN");
    assert!(
        p["DeploymentConfiguration"]["BakeTimeInMinutes"]
            .as_i64()
            .unwrap()
            > 0
    );
    assert_eq!(
        p["DeploymentConfiguration"]["DeploymentCircuitBreaker"],
        json!({ "Enable": true, "Rollback": true })
    );
    assert_eq!(p["DeploymentConfiguration"]["Alarms"]["Rollback"], true);
    assert_eq!(
        p["NetworkConfiguration"]["AwsvpcConfiguration"]["AssignPublicIp"],
        "DISABLED"
    );
    assert_eq!(
        p["NetworkConfiguration"]["AwsvpcConfiguration"]["Subnets"][0],
        json!({ "Ref": "PrivateSubnet1" })
    );
    let adv = &p["LoadBalancers"][0]["AdvancedConfiguration"];
    assert_eq!(
        adv["AlternateTargetGroupArn"],
        json!({ "Ref": "GreenTargetGroup" })
    );
    assert_eq!(
        adv["ProductionListenerRule"],
        json!({ "Ref": "ProductionRule" })
    );
    assert_eq!(adv["TestListenerRule"], json!({ "Ref": "TestRule" }));
    assert_eq!(
        adv["RoleArn"],
        json!({ "Fn::GetAtt": ["EcsInfrastructureRole", "Arn"] })
    );
    assert_eq!(
        p["ServiceRegistries"][0]["RegistryArn"],
        json!({ "Fn::GetAtt": ["DiscoveryService", "Arn"] })
    );
    t.has_resource_properties("AWS::IAM::Role", json!({ "ManagedPolicyArns": [{ "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers" }] }));
}

#[test]
fn task_role_is_least_privilege() {
    let t = dev();
    let doc =
        t.resource_properties("TaskRole")["Policies"][0]["PolicyDocument"]["Statement"].clone();
    let actions: Vec<String> = doc
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| match &s["Action"] {
            Value::Array(a) => a
                .iter()
                .map(|x| x.as_str().unwrap().to_owned())
                .collect::<Vec<_>>(),
            v => vec![v.as_str().unwrap().to_owned()],
        })
        .collect();
    for a in [
        "dynamodb:GetItem",
        "s3:GetObject",
        "events:PutEvents",
        "ssm:GetParametersByPath",
        "kms:Decrypt",
    ] {
        assert!(actions.iter().any(|x| x == a), "task role grants {a}");
    }
    assert!(actions.iter().all(|a| !a.ends_with('*')));
    for s in doc.as_array().unwrap() {
        assert_ne!(s["Resource"], "*");
    }
}

#[test]
fn alb_blue_green_listeners_and_rules() {
    let t = dev();
    t.has_resource_properties(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        json!({
            "Scheme": "internet-facing",
            "LoadBalancerAttributes": Match::array_with(json!([
                { "Key": "access_logs.s3.enabled", "Value": "true" },
                { "Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true" },
            ])),
        }),
    );
    assert!(t.resource("Alb")["DependsOn"]
        .as_array()
        .unwrap()
        .contains(&json!("AlbLogsBucketPolicy")));
    t.resource_count_is("AWS::ElasticLoadBalancingV2::TargetGroup", 2);
    for (_, tg) in t.resources_of_type("AWS::ElasticLoadBalancingV2::TargetGroup") {
        assert_eq!(tg["Properties"]["TargetType"], "ip");
        assert_eq!(tg["Properties"]["HealthCheckPath"], "/");
    }
    let forward = json!([{ "Type": "forward", "ForwardConfig": { "TargetGroups": [{ "TargetGroupArn": { "Ref": "BlueTargetGroup" }, "Weight": 100 }, { "TargetGroupArn": { "Ref": "GreenTargetGroup" }, "Weight": 0 }] } }]);
    for id in ["ProductionRule", "TestRule"] {
        let p = t.resource_properties(id);
        assert_eq!(p["Priority"], 1);
        assert_eq!(p["Actions"], forward);
        assert_eq!(
            p["Conditions"][0]["PathPatternConfig"]["Values"],
            json!(["/*"])
        );
    }
    assert_eq!(t.resource_properties("TestListener")["Port"], 8080);
    assert_eq!(
        t.resource("HttpRedirectListener")["Condition"],
        "HasCertificate"
    );
    assert_eq!(
        t.resource_properties("ProductionRule")["ListenerArn"],
        json!({ "Ref": "ProductionListener" })
    );
    let logs = t.resource_properties("AlbLogsBucketPolicy")["PolicyDocument"].to_string();
    assert!(logs.contains("logdelivery.elasticloadbalancing.amazonaws.com"));
    t.has_resource_properties("AWS::S3::Bucket", json!({ "BucketName": { "Fn::Sub": "tap-dev-alb-logs-${AWS::AccountId}-${AWS::Region}" }, "BucketEncryption": { "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }] } }));
}

#[test]
fn service_discovery_and_auto_scaling() {
    let t = dev();
    t.has_resource_properties(
        "AWS::ServiceDiscovery::PrivateDnsNamespace",
        json!({ "Name": "tap-dev.local", "Vpc": { "Ref": "Vpc" } }),
    );
    t.has_resource_properties(
        "AWS::ServiceDiscovery::Service",
        json!({ "DnsConfig": { "DnsRecords": [{ "Type": "A" }] } }),
    );
    t.has_resource_properties(
        "AWS::ApplicationAutoScaling::ScalableTarget",
        json!({ "ScalableDimension": "ecs:service:DesiredCount", "ServiceNamespace": "ecs" }),
    );
    for m in [
        "ECSServiceAverageCPUUtilization",
        "ECSServiceAverageMemoryUtilization",
    ] {
        t.has_resource_properties("AWS::ApplicationAutoScaling::ScalingPolicy", json!({ "PolicyType": "TargetTrackingScaling", "TargetTrackingScalingPolicyConfiguration": { "PredefinedMetricSpecification": { "PredefinedMetricType": m } } }));
    }
}

#[test]
fn sessions_table() {
    let t = dev();
    t.has_resource_properties(
        "AWS::DynamoDB::Table",
        json!({
            "TableName": "tap-dev-sessions",
            "BillingMode": "PAY_PER_REQUEST",
            "ProvisionedThroughput": Match::absent(),
            "PointInTimeRecoverySpecification": { "PointInTimeRecoveryEnabled": true },
            "SSESpecification": Match::object_equals(json!({ "SSEEnabled": true })),
            "TimeToLiveSpecification": { "AttributeName": "expiresAt", "Enabled": true },
            "DeletionProtectionEnabled": { "Fn::If": ["IsProtected", true, false] },
            "Tags": Match::array_with(json!([{ "Key": "backup-plan", "Value": "dev" }])),
        }),
    );
}

#[test]
fn route53_zone_health_check_record_and_alarm() {
    let t = dev();
    t.has_resource_properties(
        "AWS::Route53::HostedZone",
        json!({ "Name": { "Ref": "DomainName" } }),
    );
    t.has_parameter(
        "DomainName",
        json!({ "Default": "ha-dev.platform-demo.net" }),
    );
    t.has_resource_properties("AWS::Route53::HealthCheck", json!({ "HealthCheckConfig": { "Type": { "Fn::If": ["HasCertificate", "HTTPS", "HTTP"] }, "FullyQualifiedDomainName": { "Fn::GetAtt": ["Alb", "DNSName"] }, "ResourcePath": "/", "RequestInterval": 30, "FailureThreshold": 3 } }));
    t.has_resource_properties("AWS::Route53::RecordSet", json!({ "Type": "A", "AliasTarget": { "HostedZoneId": { "Fn::GetAtt": ["Alb", "CanonicalHostedZoneID"] }, "EvaluateTargetHealth": true } }));
    t.has_resource_properties("AWS::CloudWatch::Alarm", json!({ "Namespace": "AWS/Route53", "MetricName": "HealthCheckStatus", "Threshold": 1, "ComparisonOperator": "LessThanThreshold" }));
    t.has_output(
        "NameServers",
        json!({ "Value": { "Fn::Join": [",", { "Fn::GetAtt": ["HostedZone", "NameServers"] }] } }),
    );
}

#[test]
fn data_bucket_versioning_lifecycle_tls_and_cleanup() {
    let t = dev();
    t.has_resource_properties("AWS::S3::Bucket", json!({
        "BucketName": { "Fn::Sub": "tap-dev-data-${AWS::AccountId}-${AWS::Region}" },
        "VersioningConfiguration": { "Status": "Enabled" },
        "PublicAccessBlockConfiguration": { "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true },
        "OwnershipControls": { "Rules": [{ "ObjectOwnership": "BucketOwnerEnforced" }] },
        "LifecycleConfiguration": { "Rules": [{
            "Transitions": [{ "StorageClass": "STANDARD_IA", "TransitionInDays": 30 }, { "StorageClass": "GLACIER_IR", "TransitionInDays": 90 }],
            "NoncurrentVersionExpiration": { "NoncurrentDays": 30 },
            "AbortIncompleteMultipartUpload": { "DaysAfterInitiation": 7 },
        }] },
    }));
    for (id, b) in t.resources_of_type("AWS::S3::Bucket") {
        assert!(b["Properties"].get("BucketEncryption").is_some(), "{id}");
        assert!(
            b["Properties"]
                .get("PublicAccessBlockConfiguration")
                .is_some(),
            "{id}"
        );
    }
    t.resource_count_is("AWS::S3::BucketPolicy", 4);
    for (id, p) in t.resources_of_type("AWS::S3::BucketPolicy") {
        assert!(
            p["Properties"]["PolicyDocument"]
                .to_string()
                .contains("aws:SecureTransport"),
            "{id} is TLS-only"
        );
    }
    t.resource_count_is("Custom::EmptyBucket", 4);
    t.has_resource_properties("Custom::EmptyBucket", json!({ "ServiceToken": { "Fn::GetAtt": ["EmptyBucketFunction", "Arn"] }, "BucketName": { "Ref": "DataBucket" } }));
}

#[test]
fn custom_resource_handlers_are_inline_python() {
    let t = dev();
    t.resource_count_is("AWS::Lambda::Function", 4);
    for (id, f) in t.resources_of_type("AWS::Lambda::Function") {
        let p = &f["Properties"];
        assert_eq!(p["Runtime"], "python3.13", "{id}");
        assert_eq!(p["Handler"], "index.handler", "{id}");
        let code = p["Code"]["ZipFile"].as_str().unwrap();
        // Code.ZipFile: "This zip file cannot exceed 4MB" (registry schema)
        assert!(code.contains("def handler") && code.len() <= 16384, "{id}");
        assert!(
            p["LoggingConfig"]["LogGroup"].get("Ref").is_some(),
            "{id} logs to its pre-created group"
        );
    }
    assert_eq!(t.resource_properties("EmptyBucketFunction")["Timeout"], 900);
    assert_eq!(
        t.resource_properties("SecureParameterFunction")["Timeout"],
        300
    );
    assert_eq!(
        t.resource_properties("VaultCleanerFunction")["Timeout"],
        900
    );
}

#[test]
fn eventbridge_bus_rule_dlq_archive() {
    let t = dev();
    t.has_resource_properties("AWS::Events::EventBus", json!({ "Name": "tap-dev-bus" }));
    t.has_resource_properties(
        "AWS::Events::Archive",
        json!({ "SourceArn": { "Fn::GetAtt": ["EventBus", "Arn"] }, "RetentionDays": 7 }),
    );
    t.has_resource_properties("AWS::Events::Rule", json!({
        "EventBusName": { "Ref": "EventBus" },
        "EventPattern": { "source": ["app.orders"] },
        "Targets": [{ "Arn": { "Fn::GetAtt": ["OrdersQueue", "Arn"] }, "DeadLetterConfig": { "Arn": { "Fn::GetAtt": ["OrdersDlq", "Arn"] } }, "RetryPolicy": { "MaximumRetryAttempts": 8 } }],
    }));
    t.has_resource_properties(
        "AWS::SQS::Queue",
        json!({ "QueueName": "tap-dev-orders-dlq", "SqsManagedSseEnabled": true }),
    );
    t.has_resource_properties(
        "AWS::SQS::Queue",
        json!({ "QueueName": "tap-dev-orders", "KmsMasterKeyId": { "Ref": "Key" } }),
    );
    let qp = t.resource_properties("OrdersQueuePolicy")["PolicyDocument"].to_string();
    assert!(qp.contains("events.amazonaws.com") && qp.contains("aws:SourceArn"));
    t.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        json!({ "Namespace": "AWS/SQS", "Dimensions": [{ "Value": { "Fn::GetAtt": ["OrdersDlq", "QueueName"] } }] }),
    );
}

#[test]
fn backup_vault_plans_selection_and_notifications() {
    let t = dev();
    t.has_resource_properties("AWS::Backup::BackupVault", json!({
        "BackupVaultName": "tap-dev-vault",
        "EncryptionKeyArn": { "Fn::GetAtt": ["Key", "Arn"] },
        "Notifications": { "SNSTopicArn": { "Ref": "BackupTopic" }, "BackupVaultEvents": Match::array_with(json!(["BACKUP_JOB_COMPLETED", "RESTORE_JOB_COMPLETED"])) },
    }));
    let plan = t.resource_properties("BackupPlan")["BackupPlan"]["BackupPlanRule"].clone();
    let days: Vec<i64> = plan
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Lifecycle"]["DeleteAfterDays"].as_i64().unwrap())
        .collect();
    assert_eq!(days, vec![7, 30]);
    let pitr = &t.resource_properties("AuroraPitrPlan")["BackupPlan"]["BackupPlanRule"][0];
    assert_eq!(pitr["EnableContinuousBackup"], true);
    assert!(pitr["Lifecycle"]["DeleteAfterDays"].as_i64().unwrap() <= 35);
    t.has_resource_properties("AWS::Backup::BackupSelection", json!({ "BackupSelection": {
        "Resources": [{ "Fn::GetAtt": ["DbCluster", "DBClusterArn"] }, { "Fn::GetAtt": ["SessionsTable", "Arn"] }],
        "Conditions": { "StringEquals": [{ "ConditionKey": "aws:ResourceTag/backup-plan", "ConditionValue": "dev" }] },
    } }));
    t.has_resource_properties("AWS::IAM::Role", json!({ "ManagedPolicyArns": [
        { "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup" },
        { "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores" },
    ] }));
    assert!(t.resource_properties("BackupTopicPolicy")["PolicyDocument"]
        .to_string()
        .contains("backup.amazonaws.com"));
    t.has_resource_properties(
        "Custom::BackupVaultCleaner",
        json!({ "BackupVaultName": { "Ref": "BackupVault" } }),
    );
    assert!(t.resource("BackupPlan")["DependsOn"]
        .as_array()
        .unwrap()
        .contains(&json!("BackupVaultCleaner")));
}

#[test]
fn synthetics_canaries() {
    let t = dev();
    t.resource_count_is("AWS::Synthetics::Canary", 3);
    for (id, c) in t.resources_of_type("AWS::Synthetics::Canary") {
        let p = &c["Properties"];
        let name = p["Name"].as_str().unwrap();
        assert!(
            name.len() <= 21
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{id}: {name}"
        );
        assert_eq!(p["RuntimeVersion"], "syn-nodejs-puppeteer-13.0");
        assert_eq!(p["Schedule"]["Expression"], "rate(5 minutes)");
        assert_eq!(p["StartCanaryAfterCreation"], true);
        assert_eq!(p["ProvisionedResourceCleanup"], "AUTOMATIC");
        assert!(sub_text(&p["ArtifactS3Location"]).starts_with("s3://${CanaryBucket}/"));
        assert!(p["Code"]["Script"]
            .as_str()
            .unwrap()
            .contains("exports.handler"));
    }
    let long = Config::new("abcdefghijklm");
    for (_, c) in template_for(&long).resources_of_type("AWS::Synthetics::Canary") {
        assert!(c["Properties"]["Name"].as_str().unwrap().len() <= 21);
    }
    assert_eq!(
        t.find_resources(
            "AWS::CloudWatch::Alarm",
            json!({ "Namespace": "CloudWatchSynthetics" })
        )
        .len(),
        3
    );
}

#[test]
fn step_functions_failover_workflow() {
    let t = dev();
    let sm = t.resource_properties("FailoverStateMachine");
    assert_eq!(sm["StateMachineType"], "STANDARD");
    assert!(sm.get("Definition").is_none());
    assert_eq!(sm["LoggingConfiguration"]["Level"], "ALL");
    assert_eq!(sm["TracingConfiguration"]["Enabled"], true);
    let text = sub_text(&sm["DefinitionString"]);
    let def: Value = serde_json::from_str(&text).expect("definition is JSON");
    let states = def["States"].as_object().unwrap();
    for s in [
        "ValidateHealth",
        "RequestApproval",
        "FailoverCluster",
        "WaitForFailover",
        "PollCluster",
        "CheckService",
        "NotifySuccess",
        "NotifyFailure",
    ] {
        assert!(states.contains_key(s), "state {s}");
    }
    assert!(states["RequestApproval"]["Resource"]
        .as_str()
        .unwrap()
        .ends_with("sns:publish.waitForTaskToken"));
    assert_eq!(
        states["RequestApproval"]["Parameters"]["Message"]["TaskToken.$"],
        "$$.Task.Token"
    );
    let fo = &states["FailoverCluster"];
    assert!(fo["Resource"]
        .as_str()
        .unwrap()
        .ends_with("aws-sdk:rds:failoverDBCluster"));
    assert!(
        fo["Parameters"].get("DbClusterIdentifier").is_some()
            && fo["Parameters"]
                .get("TargetDbInstanceIdentifier.$")
                .is_some()
    );
    assert!(fo["Retry"][0]["BackoffRate"].as_f64().unwrap() > 1.0);
    assert_eq!(fo["Catch"][0]["Next"], "NotifyFailure");
    assert!(!text.contains("DBClusterIdentifier"));
    let role = t.resource("FailoverRole");
    assert!(role["Metadata"].to_string().contains("HA-IAM002"));
    let trig = t.resource_properties("FailoverTriggerRule");
    assert!(trig.get("EventBusName").is_none(), "default bus");
    assert_eq!(trig["EventPattern"]["source"], json!(["aws.cloudwatch"]));
    assert_eq!(
        trig["EventPattern"]["detail"]["alarmName"],
        json!([{ "Ref": "CriticalAlarm" }])
    );
    assert_eq!(
        trig["EventPattern"]["detail"]["state"]["value"],
        json!(["ALARM"])
    );
    assert_eq!(
        trig["Targets"][0]["Arn"],
        json!({ "Ref": "FailoverStateMachine" })
    );
    let op = t.resource("FailoverOperatorRole").to_string();
    assert!(op.contains("states:SendTaskSuccess") && op.contains("HA-IAM002"));
}

#[test]
fn parameter_store() {
    let t = dev();
    for (id, p) in t.resources_of_type("AWS::SSM::Parameter") {
        assert_eq!(p["Properties"]["Type"], "String", "{id}");
        assert!(
            p["Properties"]["Name"]
                .as_str()
                .unwrap()
                .starts_with("/tap/dev/"),
            "{id}"
        );
    }
    t.has_resource_properties("Custom::SecureStringParameter", json!({ "Name": "/tap/dev/secure/api-key", "KeyId": { "Fn::GetAtt": ["Key", "Arn"] }, "ServiceToken": { "Fn::GetAtt": ["SecureParameterFunction", "Arn"] } }));
}

#[test]
fn cloudtrail() {
    let t = dev();
    t.has_resource_properties("AWS::CloudTrail::Trail", json!({ "IsLogging": true, "EnableLogFileValidation": true, "KMSKeyId": { "Fn::GetAtt": ["Key", "Arn"] }, "CloudWatchLogsRoleArn": { "Fn::GetAtt": ["TrailLogsRole", "Arn"] } }));
    assert_eq!(
        t.resource("Trail")["DependsOn"],
        json!(["TrailBucketPolicy"])
    );
    let pol = t.resource_properties("TrailBucketPolicy")["PolicyDocument"].to_string();
    assert!(pol.contains("s3:GetBucketAcl") && pol.contains("bucket-owner-full-control"));
}

#[test]
fn monitoring_topics_composite_and_dashboard() {
    let t = dev();
    for (id, topic) in t.resources_of_type("AWS::SNS::Topic") {
        assert_eq!(
            topic["Properties"]["KmsMasterKeyId"],
            json!({ "Ref": "Key" }),
            "{id}"
        );
    }
    for id in [
        "AlarmEmailSubscription",
        "OpsEmailSubscription",
        "BackupEmailSubscription",
    ] {
        assert_eq!(t.resource(id)["Condition"], "HasAlarmEmail");
    }
    let rule = sub_text(&t.resource_properties("CriticalAlarm")["AlarmRule"]);
    for a in ["${DbCpuAlarm}", "${Alb5xxAlarm}", "${HealthCheckAlarm}"] {
        assert!(rule.contains(a), "composite includes {a}");
    }
    let body = sub_text(&t.resource_properties("Dashboard")["DashboardBody"]);
    let parsed: Value = serde_json::from_str(&body).expect("dashboard body is JSON");
    assert!(parsed["widgets"].as_array().unwrap().len() >= 8);
}

#[test]
fn iam_has_no_wildcard_actions_and_justified_wildcard_resources() {
    let t = dev();
    for (id, r) in t.resources_of_type("AWS::IAM::Role") {
        for pol in r["Properties"]["Policies"].as_array().into_iter().flatten() {
            for s in pol["PolicyDocument"]["Statement"].as_array().unwrap() {
                let acts = match &s["Action"] {
                    Value::Array(a) => a.clone(),
                    v => vec![v.clone()],
                };
                for a in acts {
                    let a = a.as_str().unwrap();
                    assert!(a != "*" && !a.ends_with(":*"), "{id}: {a}");
                }
                if s["Resource"] == "*" {
                    assert!(
                        r["Metadata"]["HaSuppressions"]
                            .to_string()
                            .contains("HA-IAM002"),
                        "{id} justifies Resource *"
                    );
                }
            }
        }
    }
}

#[test]
fn outputs_for_operators_and_tests() {
    let t = dev();
    for o in [
        "VpcId",
        "AlbDnsName",
        "ClusterEndpoint",
        "ReaderEndpoint",
        "SessionsTableName",
        "DataBucketName",
        "EventBusName",
        "AlarmTopicArn",
        "FailoverStateMachineArn",
        "HostedZoneId",
        "NameServers",
        "ParameterPath",
        "BackupVaultName",
        "EcsClusterName",
        "EcsServiceName",
        "CanaryNames",
    ] {
        t.has_output(o, json!({ "Value": Match::any_value() }));
    }
}

#[test]
fn physical_names_carry_the_suffix_and_no_region_is_hard_coded() {
    let json = render(&Config::new("qa7"), "test")
        .template
        .to_json_string();
    let t = Template::from_json(&json);
    // the one region named: where Route 53 health-check metrics live (condition + dashboard widget)
    let v = t.to_json();
    let mut without = v.clone();
    without["Conditions"]
        .as_object_mut()
        .unwrap()
        .remove("HasRoute53Metrics");
    without["Resources"]
        .as_object_mut()
        .unwrap()
        .remove("Dashboard");
    assert!(!without.to_string().contains("us-east-1"));
    for (ty, prop) in [
        ("AWS::S3::Bucket", "BucketName"),
        ("AWS::Logs::LogGroup", "LogGroupName"),
        ("AWS::IAM::Role", "RoleName"),
        ("AWS::CloudWatch::Alarm", "AlarmName"),
        ("AWS::Lambda::Function", "FunctionName"),
    ] {
        for (id, r) in t.resources_of_type(ty) {
            assert!(
                sub_text(&r["Properties"][prop]).contains("qa7"),
                "{id}.{prop}"
            );
        }
    }
}

// =============================================================================================
// Issue 10: the template over its whole life (second deploys, blue/green, failovers, HTTPS,
// other regions, destroy). Helpers: the dependency graph CloudFormation orders deletion by,
// and the template resolved for given parameter values and region (conditions, Fn::If).

use std::collections::{BTreeMap, BTreeSet};

/// Logical ids a value refers to: `Ref`, `Fn::GetAtt` and `Fn::Sub` variables.
fn refs_in(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("Ref") {
                out.insert(r.clone());
            }
            if let Some(Value::Array(a)) = m.get("Fn::GetAtt") {
                out.insert(a[0].as_str().unwrap().to_owned());
            }
            if let Some(sub) = m.get("Fn::Sub") {
                let text = sub.as_str().or_else(|| sub[0].as_str()).unwrap_or("");
                let mut rest = text;
                while let Some(i) = rest.find("${") {
                    let after = &rest[i + 2..];
                    let end = after.find('}').unwrap();
                    out.insert(after[..end].split('.').next().unwrap().to_owned());
                    rest = &after[end + 1..];
                }
            }
            m.values().for_each(|x| refs_in(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs_in(x, out)),
        _ => {}
    }
}

/// The resources `r` depends on (references and DependsOn) among `resources`.
fn deps_of(r: &Value, resources: &serde_json::Map<String, Value>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    refs_in(&r["Properties"], &mut out);
    for d in r["DependsOn"].as_array().into_iter().flatten() {
        out.insert(d.as_str().unwrap().to_owned());
    }
    out.retain(|x| resources.contains_key(x));
    out
}

/// CloudFormation deletes `a` before `b` exactly when `a` depends on `b`, directly or not.
fn deleted_before(t: &Template, a: &str, b: &str) -> bool {
    let resources = t.to_json()["Resources"].as_object().unwrap();
    let mut seen = BTreeSet::new();
    let mut todo = vec![a.to_owned()];
    while let Some(id) = todo.pop() {
        for d in deps_of(&resources[&id], resources) {
            if d == b {
                return true;
            }
            if seen.insert(d.clone()) {
                todo.push(d);
            }
        }
    }
    false
}

/// The template as CloudFormation sees it for given parameter values and region.
struct Resolved<'a> {
    t: &'a Value,
    params: BTreeMap<String, String>,
    region: &'a str,
}

impl<'a> Resolved<'a> {
    /// Parameter defaults overlaid with what the runner sends for `cfg`.
    fn new(t: &'a Template, cfg: &Config, region: &'a str) -> Self {
        let t = t.to_json();
        let mut params: BTreeMap<String, String> = t["Parameters"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, p)| {
                let d = &p["Default"];
                (k.clone(), d.as_str().map_or(d.to_string(), str::to_owned))
            })
            .collect();
        params.extend(cfg.parameters());
        Resolved { t, params, region }
    }

    fn cond(&self, name: &str) -> bool {
        self.truth(&self.t["Conditions"][name])
    }

    fn truth(&self, v: &Value) -> bool {
        self.resolve(v).as_bool().expect("a condition")
    }

    fn resolve(&self, v: &Value) -> Value {
        let no_value = json!({ "Ref": "AWS::NoValue" });
        match v {
            Value::Object(m) if m.len() == 1 => {
                let (k, a) = m.iter().next().unwrap();
                match k.as_str() {
                    "Fn::If" => {
                        let branch = if self.cond(a[0].as_str().unwrap()) {
                            1
                        } else {
                            2
                        };
                        self.resolve(&a[branch])
                    }
                    "Fn::Equals" => json!(self.resolve(&a[0]) == self.resolve(&a[1])),
                    "Fn::Not" => json!(!self.truth(&a[0])),
                    "Fn::And" => json!(a.as_array().unwrap().iter().all(|x| self.truth(x))),
                    "Fn::Or" => json!(a.as_array().unwrap().iter().any(|x| self.truth(x))),
                    "Condition" => json!(self.cond(a.as_str().unwrap())),
                    "Ref" if a == "AWS::Region" => json!(self.region),
                    "Ref" if self.params.contains_key(a.as_str().unwrap()) => {
                        json!(self.params[a.as_str().unwrap()])
                    }
                    _ => json!({ k.clone(): self.resolve(a) }),
                }
            }
            Value::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, x)| (k.clone(), self.resolve(x)))
                    .filter(|(_, x)| *x != no_value)
                    .collect(),
            ),
            Value::Array(a) => Value::Array(
                a.iter()
                    .map(|x| self.resolve(x))
                    .filter(|x| *x != no_value)
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// The resources that exist, with every condition and `Fn::If` resolved.
    fn resources(&self) -> BTreeMap<String, Value> {
        self.t["Resources"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, r)| r["Condition"].as_str().is_none_or(|c| self.cond(c)))
            .map(|(id, r)| (id.clone(), self.resolve(r)))
            .collect()
    }
}

fn with_certificate(mut cfg: Config) -> Config {
    cfg.certificate_arn = Some("arn:aws:acm:us-east-1:111122223333:certificate/abc".into());
    cfg
}

/// The variants the proof runs on: development and production, each with and without a
/// certificate.
fn variants() -> Vec<Config> {
    vec![
        Config::new("dev"),
        with_certificate(Config::new("dev")),
        Config::new("prod"),
        with_certificate(Config::new("prod")),
    ]
}

/// `*` matches any run of characters (IAM resource patterns).
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, tail)) => {
            text.starts_with(head)
                && (0..=text.len() - head.len()).any(|i| glob(tail, &text[head.len() + i..]))
        }
    }
}

fn arn_patterns(v: &Value) -> Vec<String> {
    let list = match v {
        Value::Array(a) => a.clone(),
        x => vec![x.clone()],
    };
    list.iter()
        .map(|x| {
            sub_text(x)
                .replace("${AWS::Partition}", "aws")
                .replace("${AWS::Region}", "us-east-1")
                .replace("${AWS::AccountId}", "123456789012")
        })
        .collect()
}

fn statement<'v>(role: &'v Value, sid: &str) -> &'v Value {
    role["Policies"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["PolicyDocument"]["Statement"].as_array().unwrap())
        .find(|s| s["Sid"] == sid)
        .unwrap_or_else(|| panic!("statement {sid}"))
}

#[test]
fn issue10_every_variant_resolves_to_references_that_exist() {
    // in every variant and region, every resource refers only to resources that exist there
    for cfg in variants() {
        let t = template_for(&cfg);
        for region in ["us-east-1", "eu-west-1"] {
            let resources = Resolved::new(&t, &cfg, region).resources();
            let ids: BTreeSet<&String> = resources.keys().collect();
            for (id, r) in &resources {
                let mut refs = BTreeSet::new();
                refs_in(r, &mut refs);
                for x in refs.iter().filter(|x| !x.starts_with("AWS::")) {
                    assert!(
                        ids.contains(x) || t.to_json()["Parameters"].get(x).is_some(),
                        "{} {region}: {id} refers to {x}, which does not exist",
                        cfg.suffix
                    );
                }
            }
        }
    }
}

#[test]
fn issue10_1_vault_cleaner_may_delete_aurora_and_dynamodb_recovery_points() {
    let t = dev();
    let role = t.resource_properties("VaultCleanerRole");
    let del = statement(role, "DeleteRecoveryPoints");
    assert_eq!(
        del["Action"],
        json!([
            "backup:DeleteRecoveryPoint",
            "backup:DisassociateRecoveryPoint"
        ])
    );
    let patterns = arn_patterns(&del["Resource"]);
    let aurora = "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-0f1e2d3c";
    let dynamodb =
        "arn:aws:dynamodb:us-east-1:123456789012:table/tap-dev-sessions/backup/01700000000000-a1b2";
    let continuous = "arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:cluster-x";
    for arn in [aurora, dynamodb, continuous] {
        assert!(
            patterns.iter().any(|p| glob(p, arn)),
            "backup:DeleteRecoveryPoint does not cover {arn}: {patterns:?}"
        );
    }
    // and the service-side deletes AWS Backup performs with the caller's permissions
    for (sid, arn) in [
        ("DeleteAuroraBackupSnapshots", aurora),
        ("DeleteDynamoDbBackups", dynamodb),
    ] {
        let s = statement(role, sid);
        assert!(
            arn_patterns(&s["Resource"]).iter().any(|p| glob(p, arn)),
            "{sid}"
        );
    }
    // nothing outside this stack's table and this account's Backup-made snapshots
    assert!(!patterns.iter().any(|p| glob(
        p,
        "arn:aws:dynamodb:us-east-1:123456789012:table/other-table/backup/1"
    )));
    assert!(!patterns.iter().any(|p| glob(
        p,
        "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:manual-1"
    )));
}

#[test]
fn issue10_2_writers_are_gone_before_their_bucket_is_emptied() {
    for cfg in variants() {
        let t = template_for(&cfg);
        let writers: &[(&str, &[&str])] = &[
            ("AlbLogsBucketEmptier", &["Alb", "AlbLogsBucketPolicy"]),
            ("TrailBucketEmptier", &["Trail", "TrailBucketPolicy"]),
            (
                "CanaryBucketEmptier",
                &[
                    "AvailabilityCanary",
                    "LatencyCanary",
                    "WorkflowCanary",
                    "CanaryRole",
                    "CanaryBucketPolicy",
                ],
            ),
            (
                "DataBucketEmptier",
                &[
                    "EcsService",
                    "TaskDefinition",
                    "TaskRole",
                    "DataBucketPolicy",
                ],
            ),
        ];
        for (emptier, ws) in writers {
            for w in *ws {
                assert!(
                    deleted_before(&t, w, emptier),
                    "{w} must be deleted before {emptier} runs"
                );
            }
            let bucket = emptier.trim_end_matches("Emptier");
            assert!(
                deleted_before(&t, emptier, bucket),
                "{emptier} before {bucket}"
            );
            // the bucket policy (the grant that lets services write) goes before the emptier
            assert!(t.resource(&format!("{bucket}Policy"))["DependsOn"]
                .as_array()
                .unwrap()
                .contains(&json!(emptier)));
        }
        // the backed-up data is gone before the vault is cleaned, the vault after
        for src in ["DbCluster", "DbWriter", "DbReader", "SessionsTable"] {
            assert!(deleted_before(&t, src, "BackupVaultCleaner"), "{src}");
        }
        assert!(deleted_before(&t, "BackupVaultCleaner", "BackupVault"));
        assert!(deleted_before(&t, "BackupPlan", "BackupVaultCleaner"));
    }
}

#[test]
fn issue10_3_canaries_and_health_check_target_what_serves_the_app_in_each_mode() {
    for cfg in variants() {
        let t = template_for(&cfg);
        let https = cfg.certificate_arn.is_some();
        let r = Resolved::new(&t, &cfg, "us-east-1");
        let res = r.resources();
        let url = if https {
            json!({ "Fn::Sub": "https://${DomainName}/" })
        } else {
            json!({ "Fn::Sub": "http://${Alb.DNSName}/" })
        };
        for id in ["AvailabilityCanary", "LatencyCanary", "WorkflowCanary"] {
            assert_eq!(
                res[id]["Properties"]["RunConfig"]["EnvironmentVariables"]["TARGET_URL"], url,
                "{id} https={https}"
            );
        }
        let app_url = r.resolve(&t.to_json()["Outputs"]["AppUrl"]["Value"]);
        assert_eq!(app_url, url);
        let listener = &res["ProductionListener"]["Properties"];
        let hc = &res["AlbHealthCheck"]["Properties"]["HealthCheckConfig"];
        if https {
            assert_eq!(listener["Port"], 443);
            assert_eq!(listener["Protocol"], "HTTPS");
            assert_eq!(
                listener["Certificates"],
                json!([{ "CertificateArn": cfg.certificate_arn.clone().unwrap() }])
            );
            let redirect = &res["HttpRedirectListener"]["Properties"];
            assert_eq!(redirect["Port"], 80);
            assert_eq!(
                redirect["DefaultActions"][0]["RedirectConfig"]["Protocol"],
                "HTTPS"
            );
            assert_eq!(
                (hc["Type"].as_str(), hc["Port"].as_i64()),
                (Some("HTTPS"), Some(443))
            );
        } else {
            assert_eq!(listener["Port"], 80);
            assert_eq!(listener["Protocol"], "HTTP");
            assert!(listener.get("Certificates").is_none() && listener.get("SslPolicy").is_none());
            assert!(!res.contains_key("HttpRedirectListener"));
            assert_eq!(
                (hc["Type"].as_str(), hc["Port"].as_i64()),
                (Some("HTTP"), Some(80))
            );
        }
    }
    // the HTTP-step canaries connect to the URL's own port: 443 for https
    for id in ["AvailabilityCanary", "LatencyCanary"] {
        let script = t_script(id);
        assert!(
            script.contains("url.protocol === 'https:' ? 443 : 80"),
            "{id}"
        );
        assert!(!script.contains("url.port || 80"), "{id}");
    }
}

fn t_script(id: &str) -> String {
    dev().resource_properties(id)["Code"]["Script"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn issue10_4_alarms_stay_valid_after_deployments_and_failovers() {
    let t = dev();
    for (id, a) in t.resources_of_type("AWS::CloudWatch::Alarm") {
        let text = a["Properties"].to_string();
        assert!(
            !text.contains("DBInstanceIdentifier"),
            "{id} is pinned to an instance"
        );
        let tgs = ["BlueTargetGroup", "GreenTargetGroup"].map(|tg| text.contains(tg));
        assert!(
            tgs == [false, false] || tgs == [true, true],
            "{id} watches one target group only"
        );
    }
    let dims = |id: &str| t.resource_properties(id)["Dimensions"].clone();
    assert_eq!(
        dims("DbFreeableMemoryAlarm"),
        json!([{ "Name": "DBClusterIdentifier", "Value": { "Ref": "DbCluster" } }, { "Name": "Role", "Value": "WRITER" }])
    );
    assert_eq!(
        dims("DbReplicaLagAlarm"),
        json!([{ "Name": "DBClusterIdentifier", "Value": { "Ref": "DbCluster" } }, { "Name": "Role", "Value": "READER" }])
    );
    let hosts = t.resource_properties("UnhealthyHostsAlarm");
    assert!(hosts.get("MetricName").is_none() && hosts.get("Dimensions").is_none());
    let m = hosts["Metrics"].as_array().unwrap();
    for (i, tg) in [(0, "BlueTargetGroup"), (1, "GreenTargetGroup")] {
        assert_eq!(m[i]["ReturnData"], false);
        assert_eq!(
            m[i]["MetricStat"]["Metric"]["Dimensions"][1]["Value"],
            json!({ "Fn::GetAtt": [tg, "TargetGroupFullName"] })
        );
        assert_eq!(
            m[i]["MetricStat"]["Metric"]["MetricName"],
            "UnHealthyHostCount"
        );
    }
    assert_eq!(m[2]["Expression"], "MAX([FILL(blue, 0), FILL(green, 0)])");
    assert_eq!(m[2]["ReturnData"], true);
    let body = sub_text(&t.resource_properties("Dashboard")["DashboardBody"]);
    assert!(!body.contains("DBInstanceIdentifier") && body.contains("\"Role\",\"READER\""));
}

#[test]
fn issue10_5_no_stack_update_moves_production_traffic() {
    // every variant a stack update can switch between resolves the two rules ECS owns to the
    // same properties, with the declared (initial) weights and no parameter or condition in
    // them: CloudFormation never has a reason to update them, so it never re-applies weights
    // (one stack = one suffix and one set of cost tags: tags are the only config in the rules,
    // and changing cost tags is the one update that touches them, see the runbook)
    let mut seen: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut prod_flags = Config::new("dev");
    prod_flags.production = true;
    let mut cfgs = vec![
        Config::new("dev"),
        with_certificate(Config::new("dev")),
        prod_flags.clone(),
        with_certificate(prod_flags),
    ];
    let mut other = Config::new("dev");
    other.image = "public.ecr.aws/nginx/nginx:mainline".into();
    other.nat_gateways = 1;
    other.alarm_email = Some("ops@platform-demo.net".into());
    cfgs.push(other);
    for cfg in &cfgs {
        let t = template_for(cfg);
        for region in ["us-east-1", "eu-west-1"] {
            let res = Resolved::new(&t, cfg, region).resources();
            for id in ["ProductionRule", "TestRule"] {
                seen.entry(id)
                    .or_default()
                    .insert(res[id]["Properties"].to_string());
                let declared = &t.resource(id)["Properties"];
                let mut refs = BTreeSet::new();
                refs_in(declared, &mut refs);
                assert!(!declared.to_string().contains("Fn::If"), "{id}");
                assert!(
                    refs.iter()
                        .all(|r| t.to_json()["Resources"].get(r).is_some()),
                    "{id} depends on a parameter: {refs:?}"
                );
                // the resources it refers to are unconditional and never change with parameters
                for r in &refs {
                    assert!(t.resource(r).get("Condition").is_none(), "{id} → {r}");
                    assert!(
                        !t.resource(r)["Properties"].to_string().contains("Fn::If")
                            || r == "ProductionListener",
                        "{id} → {r}"
                    );
                }
            }
        }
    }
    for (id, variants) in &seen {
        assert_eq!(
            variants.len(),
            1,
            "{id} differs between variants: {variants:#?}"
        );
    }
    // ProductionListener changes in place (port/protocol/certificate are not createOnly), so the
    // rule's ListenerArn stays the same when a certificate is added or removed
    let t = dev();
    let create_only = ha_app::create_only(&t.to_json().to_string()).unwrap();
    for p in ["Port", "Protocol", "Certificates", "SslPolicy"] {
        assert!(
            !create_only["AWS::ElasticLoadBalancingV2::Listener"].contains(&p.to_owned()),
            "{p}"
        );
    }
}

#[test]
fn issue10_6_canary_log_groups_are_deleted_after_the_canaries() {
    for cfg in [Config::new("dev"), Config::new("abcdefghijklm")] {
        let t = template_for(&cfg);
        let prefixes: Vec<String> = t.resource_properties("CanaryLogCleaner")
            ["LogGroupNamePrefixes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect();
        let canaries = t.resources_of_type("AWS::Synthetics::Canary");
        assert_eq!(prefixes.len(), canaries.len());
        for (id, c) in &canaries {
            let name = c["Properties"]["Name"].as_str().unwrap();
            // Synthetics names the group /aws/lambda/cwsyn-<first 21 chars of the name>-<uuid>
            let group = format!("/aws/lambda/cwsyn-{name}-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b");
            assert!(
                prefixes.iter().any(|p| group.starts_with(p)),
                "{id}: {group}"
            );
            assert!(deleted_before(&t, id, "CanaryLogCleaner"), "{id}");
            let role = t.resource_properties("LogCleanerRole");
            let stmt = &role["Policies"][0]["PolicyDocument"]["Statement"][2];
            assert_eq!(stmt["Action"], "logs:DeleteLogGroup");
            assert!(arn_patterns(&stmt["Resource"]).iter().any(|p| glob(
                p,
                &format!("arn:aws:logs:us-east-1:123456789012:log-group:{group}")
            )));
        }
        // the cleaner's own log group is pre-created and deleted with the stack
        assert!(deleted_before(
            &t,
            "LogCleanerFunction",
            "LogCleanerLogGroup"
        ));
    }
}

#[test]
fn issue10_7_encryption_details() {
    let t = dev();
    let key = t.resource_properties("Key");
    for s in key["KeyPolicy"]["Statement"].as_array().unwrap() {
        let acts = s["Action"].to_string();
        if acts.contains("kms:DescribeKey") {
            assert!(
                !s["Condition"].to_string().contains("kms:EncryptionContext"),
                "{}: DescribeKey requests carry no encryption context",
                s["Sid"]
            );
        }
    }
    let ct = key["KeyPolicy"]["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Sid"] == "CloudTrailDescribeKey")
        .unwrap();
    assert_eq!(ct["Principal"]["Service"], "cloudtrail.amazonaws.com");
    assert_eq!(ct["Action"], "kms:DescribeKey");
    t.has_resource_properties(
        "AWS::RDS::DBClusterParameterGroup",
        json!({ "Family": "aurora-postgresql14", "Parameters": { "rds.force_ssl": "1" } }),
    );
    assert_eq!(
        t.resource_properties("DbCluster")["DBClusterParameterGroupName"],
        json!({ "Ref": "DbClusterParameterGroup" })
    );
    for c in t.resource_properties("TaskDefinition")["ContainerDefinitions"]
        .as_array()
        .unwrap()
    {
        if let Some(img) = c["Image"].as_str() {
            let (_, tag) = img.rsplit_once(':').expect("a tag");
            assert!(
                tag.starts_with('v') && tag[1..].split('.').all(|n| n.parse::<u32>().is_ok()),
                "{img} is pinned to a version"
            );
        }
    }
}

#[test]
fn issue10_8_composite_alarm_is_valid_in_any_region() {
    for cfg in variants() {
        let t = template_for(&cfg);
        assert_eq!(
            t.resource("HealthCheckAlarm")["Condition"],
            "HasRoute53Metrics"
        );
        for (region, has_hc) in [
            ("us-east-1", true),
            ("eu-west-1", false),
            ("ap-southeast-2", false),
        ] {
            let r = Resolved::new(&t, &cfg, region);
            let res = r.resources();
            assert_eq!(res.contains_key("HealthCheckAlarm"), has_hc, "{region}");
            let rule = sub_text(&res["CriticalAlarm"]["Properties"]["AlarmRule"]);
            let mut named = BTreeSet::new();
            refs_in(&res["CriticalAlarm"]["Properties"]["AlarmRule"], &mut named);
            for a in &named {
                assert!(
                    res.contains_key(a),
                    "{region}: the composite names {a}, absent there"
                );
            }
            assert_eq!(rule.contains("${HealthCheckAlarm}"), has_hc, "{region}");
            for a in [
                "${AvailabilityCanaryAlarm}",
                "${DbCpuAlarm}",
                "${Alb5xxAlarm}",
            ] {
                assert!(rule.contains(a), "{region}: {a}");
            }
            // every metric alarm that treats missing data as breaching watches a metric that
            // exists in this region
            for (id, a) in res
                .iter()
                .filter(|(_, a)| a["Type"] == "AWS::CloudWatch::Alarm")
            {
                if a["Properties"]["TreatMissingData"] == "breaching" {
                    assert!(
                        a["Properties"]["Namespace"] != "AWS/Route53" || has_hc,
                        "{region}: {id}"
                    );
                }
            }
        }
    }
}

#[test]
fn issue10_9_aurora_lifecycle_is_explicit() {
    let t = dev();
    let c = t.resource_properties("DbCluster");
    assert_eq!(c["EngineVersion"], "14.24");
    assert_eq!(
        c["EngineLifecycleSupport"],
        json!({ "Ref": "DbEngineLifecycleSupport" })
    );
    t.has_parameter(
        "DbEngineLifecycleSupport",
        json!({ "Default": "open-source-rds-extended-support-disabled", "AllowedValues": ["open-source-rds-extended-support-disabled", "open-source-rds-extended-support"] }),
    );
}

#[test]
fn issue10_10_production_keeps_a_final_snapshot_and_its_backups() {
    for (cfg, delete) in [(Config::new("dev"), "true"), (Config::new("prod"), "false")] {
        let t = template_for(&cfg);
        let db = t.resource("DbCluster");
        assert_eq!(
            (
                db["DeletionPolicy"].as_str(),
                db["UpdateReplacePolicy"].as_str()
            ),
            (Some("Snapshot"), Some("Snapshot"))
        );
        t.has_parameter(
            "DeleteBackupsOnDestroy",
            json!({ "Default": delete, "AllowedValues": ["true", "false"] }),
        );
        let cleaner = t.resource_properties("BackupVaultCleaner");
        assert_eq!(
            cleaner["DeleteRecoveryPoints"],
            json!({ "Ref": "DeleteBackupsOnDestroy" })
        );
        assert_eq!(
            cleaner["DbClusterIdentifier"],
            "tap-${Suffix}-aurora".replace("${Suffix}", &cfg.suffix)
        );
        // the final snapshot may be deleted only when it carries this stack's backup tag
        let role = t.resource_properties("VaultCleanerRole");
        let s = statement(role, "DeleteFinalSnapshot");
        assert_eq!(
            s["Condition"]["StringEquals"]["aws:ResourceTag/backup-plan"],
            cfg.suffix
        );
        assert_eq!(
            t.resource_properties("DbCluster")["CopyTagsToSnapshot"],
            true
        );
        // every other resource is deleted with the stack
        for (id, r) in t.to_json()["Resources"].as_object().unwrap() {
            if id != "DbCluster" {
                assert!(
                    r.get("DeletionPolicy").is_none_or(|p| p == "Delete"),
                    "{id}"
                );
            }
        }
    }
}

#[test]
fn issue10_11_smaller_fixes() {
    let t = dev();
    // ALB egress: only to the tasks (the inline rule replaces the default allow-all)
    let alb = t.resource_properties("AlbSecurityGroup");
    assert_eq!(
        alb["SecurityGroupEgress"],
        json!([{ "IpProtocol": "icmp", "FromPort": 252, "ToPort": 86, "CidrIp": "255.255.255.255/32", "Description": "no egress except the rules to the targets" }])
    );
    let egress: Vec<&Value> = t
        .resources_of_type("AWS::EC2::SecurityGroupEgress")
        .into_iter()
        .map(|(_, r)| &r["Properties"])
        .filter(|p| p["GroupId"] == json!({ "Fn::GetAtt": ["AlbSecurityGroup", "GroupId"] }))
        .collect();
    assert_eq!(egress.len(), 1);
    assert_eq!(egress[0]["FromPort"], 80);
    assert_eq!(
        egress[0]["DestinationSecurityGroupId"],
        json!({ "Fn::GetAtt": ["ServiceSecurityGroup", "GroupId"] })
    );
    // the app consumes the orders queue
    let s = statement(t.resource_properties("TaskRole"), "ConsumeOrders");
    assert_eq!(
        s["Resource"],
        json!({ "Fn::GetAtt": ["OrdersQueue", "Arn"] })
    );
    for a in [
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
    ] {
        assert!(s["Action"].as_array().unwrap().contains(&json!(a)), "{a}");
    }
    let env = t.resource_properties("TaskDefinition")["ContainerDefinitions"][0]["Environment"]
        .to_string();
    assert!(env.contains("ORDERS_QUEUE_URL") && env.contains("{\"Ref\":\"OrdersQueue\"}"));
    // AlarmEmail is validated by CloudFormation too
    t.has_parameter(
        "AlarmEmail",
        json!({ "Default": "", "AllowedPattern": "^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$" }),
    );
    // the failover poll waits until the chosen reader is the writer
    let def: Value = serde_json::from_str(&sub_text(
        &t.resource_properties("FailoverStateMachine")["DefinitionString"],
    ))
    .unwrap();
    let st = &def["States"];
    assert_eq!(
        st["FailoverCluster"]["Parameters"]["TargetDbInstanceIdentifier.$"],
        "$.target.Instance"
    );
    assert_eq!(st["RequestApproval"]["Next"], "ChooseTarget");
    assert!(st["PollCluster"]["ResultSelector"]["Writers.$"]
        .as_str()
        .unwrap()
        .contains("IsClusterWriter == true"));
    assert_eq!(
        st["ClusterAvailable"]["Choices"][0],
        json!({ "Variable": "$.cluster.Writers[0]", "IsPresent": false, "Next": "WaitForFailover" })
    );
    assert_eq!(st["ClusterAvailable"]["Default"], "FailoverVisible");
    let visible = &st["FailoverVisible"]["Choices"][0];
    assert_eq!(visible["Next"], "CheckService");
    assert!(visible["And"].as_array().unwrap().contains(
        &json!({ "Variable": "$.cluster.Writers[0]", "StringEqualsPath": "$.target.Instance" })
    ));
    assert_eq!(st["FailoverVisible"]["Default"], "WaitForFailover");
}
