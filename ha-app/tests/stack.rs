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
        "AWS::RDS::DBCluster",
        "AWS::DynamoDB::Table",
        "AWS::Backup::BackupVault",
        "AWS::Logs::LogGroup",
    ] {
        for (id, r) in t.resources_of_type(ty) {
            assert_eq!(r["DeletionPolicy"], "Delete", "{id}");
        }
    }
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
    assert_eq!(groups.len(), 8);
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
            "EngineVersion": "14.20",
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
    assert_eq!(t.resource("DbCluster")["DependsOn"], json!(["DbLogGroup"]));
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
    assert_eq!(t.resource("HttpsListener")["Condition"], "HasCertificate");
    assert_eq!(
        t.resource_properties("ProductionRule")["ListenerArn"],
        json!({ "Fn::If": ["HasCertificate", { "Ref": "HttpsListener" }, { "Ref": "HttpListener" }] })
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
    t.has_resource_properties("AWS::Route53::HealthCheck", json!({ "HealthCheckConfig": { "Type": "HTTP", "FullyQualifiedDomainName": { "Fn::GetAtt": ["Alb", "DNSName"] }, "ResourcePath": "/", "RequestInterval": 30, "FailureThreshold": 3 } }));
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
    t.resource_count_is("AWS::Lambda::Function", 3);
    for (id, f) in t.resources_of_type("AWS::Lambda::Function") {
        let p = &f["Properties"];
        assert_eq!(p["Runtime"], "python3.13", "{id}");
        assert_eq!(p["Handler"], "index.handler", "{id}");
        let code = p["Code"]["ZipFile"].as_str().unwrap();
        assert!(code.contains("def handler") && code.len() <= 4096, "{id}");
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
        "EventBusName": "tap-dev-bus",
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
        json!({ "Namespace": "AWS/SQS", "Dimensions": [{ "Value": "tap-dev-orders-dlq" }] }),
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
    assert!(!json.contains("us-east-1"));
    let t = Template::from_json(&json);
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
