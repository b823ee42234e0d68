import json

import pytest

from .conftest import delete, deploy, events, outputs, update

ASSUME = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def test_aurora_cluster_with_member_instance(cfn, ep):
    t = {"Resources": {
        "Cluster": {"Type": "AWS::RDS::DBCluster", "Properties": {
            "Engine": "aurora-postgresql", "EngineVersion": "16.4", "MasterUsername": "app",
            "ManageMasterUserPassword": True, "DatabaseName": "app", "StorageEncrypted": True,
            "BackupRetentionPeriod": 7, "Tags": [{"Key": "team", "Value": "ha"}]}},
        "Writer": {"Type": "AWS::RDS::DBInstance", "Properties": {
            "DBClusterIdentifier": {"Ref": "Cluster"}, "Engine": "aurora-postgresql", "DBInstanceClass": "db.r6g.large"}},
        "Secret": {"Type": "AWS::SecretsManager::Secret", "Properties": {
            "Description": "conn", "SecretString": {"Fn::Sub": "${Cluster.Endpoint.Address}:${Cluster.Endpoint.Port}"}}}},
        "Outputs": {k: {"Value": {"Fn::GetAtt": ["Cluster", k]}} for k in (
            "Endpoint.Address", "Endpoint.Port", "ReadEndpoint.Address", "DBClusterArn", "DBClusterResourceId",
            "MasterUserSecret.SecretArn")}}
    t["Outputs"] = {k.replace(".", ""): v for k, v in t["Outputs"].items()}
    t["Outputs"]["ClusterId"] = {"Value": {"Ref": "Cluster"}}
    t["Outputs"]["SecretArn"] = {"Value": {"Ref": "Secret"}}
    stack = deploy(cfn, "aurora", t)
    out = outputs(stack)
    rds = ep.client("rds")
    cluster = rds.describe_db_clusters(DBClusterIdentifier=out["ClusterId"])["DBClusters"][0]
    assert cluster["Engine"] == "aurora-postgresql" and cluster["Port"] == 5432
    assert cluster["BackupRetentionPeriod"] == 7
    assert out["EndpointPort"] == "5432" and out["EndpointAddress"] == cluster["Endpoint"]
    assert out["ReadEndpointAddress"] == cluster["ReaderEndpoint"]
    assert out["DBClusterArn"] == cluster["DBClusterArn"]
    assert out["MasterUserSecretSecretArn"] == cluster["MasterUserSecret"]["SecretArn"]
    assert [m["DBInstanceIdentifier"] for m in cluster["DBClusterMembers"]]
    inst = rds.describe_db_instances()["DBInstances"][0]
    assert inst["DBClusterIdentifier"] == out["ClusterId"]
    sm = ep.client("secretsmanager")
    assert sm.get_secret_value(SecretId=out["SecretArn"])["SecretString"] == f"{cluster['Endpoint']}:5432"
    delete(cfn, "aurora")
    assert rds.describe_db_clusters()["DBClusters"] == []
    assert rds.describe_db_instances()["DBInstances"] == []
    # Automated backups go with the cluster, so a cluster with a fixed identifier can be
    # created again within the same minute (moto names them rds:<id>-<minute>).
    assert rds.describe_db_cluster_snapshots(SnapshotType="automated")["DBClusterSnapshots"] == []
    t["Resources"]["Cluster"]["Properties"]["DBClusterIdentifier"] = "fixed-aurora"
    for _ in range(2):
        again = deploy(cfn, "aurora", t)
        assert outputs(again)["ClusterId"] == "fixed-aurora"
        delete(cfn, "aurora")


def test_secret_generate_and_update(cfn, ep):
    t = {"Resources": {"S": {"Type": "AWS::SecretsManager::Secret", "Properties": {
        "Name": "app/db", "GenerateSecretString": {"SecretStringTemplate": '{"username":"app"}',
                                                   "GenerateStringKey": "password", "PasswordLength": 20,
                                                   "ExcludeCharacters": "\"@/\\"}}}},
         "Outputs": {"Arn": {"Value": {"Ref": "S"}}}}
    stack = deploy(cfn, "sec", t)
    sm = ep.client("secretsmanager")
    val = json.loads(sm.get_secret_value(SecretId="app/db")["SecretString"])
    assert val["username"] == "app" and len(val["password"]) == 20 and not set("\"@/\\") & set(val["password"])
    assert outputs(stack)["Arn"].startswith("arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-")
    t["Resources"]["S"]["Properties"]["Description"] = "changed"
    update(cfn, "sec", t)
    assert sm.describe_secret(SecretId="app/db")["Description"] == "changed"
    delete(cfn, "sec")
    assert sm.list_secrets()["SecretList"] == []


ALARM = {"Type": "AWS::CloudWatch::Alarm", "Properties": {
    "AlarmName": "high-5xx", "MetricName": "HTTPCode_Target_5XX_Count", "Namespace": "AWS/ApplicationELB",
    "Dimensions": [{"Name": "LoadBalancer", "Value": "app/x/123"}], "Statistic": "Sum", "Period": 60,
    "EvaluationPeriods": 3, "Threshold": 10, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
    "AlarmActions": [{"Ref": "Topic"}], "TreatMissingData": "notBreaching"}}


def test_alarms_and_composite(cfn, ep):
    t = {"Resources": {
        "Topic": {"Type": "AWS::SNS::Topic"},
        "A": ALARM,
        "C": {"Type": "AWS::CloudWatch::CompositeAlarm", "Properties": {
            "AlarmName": "composite", "AlarmRule": {"Fn::Sub": "ALARM(${A})"}, "AlarmActions": [{"Ref": "Topic"}]}}},
        "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["A", "Arn"]}}, "CArn": {"Value": {"Fn::GetAtt": ["C", "Arn"]}}}}
    stack = deploy(cfn, "alarms", t)
    cw = ep.client("cloudwatch")
    resp = cw.describe_alarms(AlarmNames=["high-5xx"])
    alarm = resp["MetricAlarms"][0]
    assert alarm["Threshold"] == 10.0 and alarm["EvaluationPeriods"] == 3 and alarm["Period"] == 60
    assert alarm["Dimensions"] == [{"Name": "LoadBalancer", "Value": "app/x/123"}]
    assert alarm["TreatMissingData"] == "notBreaching" and alarm["AlarmActions"][0].startswith("arn:aws:sns")
    assert outputs(stack)["Arn"] == alarm["AlarmArn"]
    comp = cw.describe_alarms(AlarmNames=["composite"], AlarmTypes=["CompositeAlarm"])["CompositeAlarms"][0]
    assert comp["AlarmRule"] == "ALARM(high-5xx)"
    t["Resources"]["A"] = json.loads(json.dumps(ALARM))
    t["Resources"]["A"]["Properties"]["Threshold"] = 20
    update(cfn, "alarms", t)
    assert cw.describe_alarms(AlarmNames=["high-5xx"])["MetricAlarms"][0]["Threshold"] == 20.0
    delete(cfn, "alarms")
    assert cw.describe_alarms()["MetricAlarms"] == []


def test_policies_and_subscription(cfn, ep):
    t = {"Resources": {
        "B": {"Type": "AWS::S3::Bucket"},
        "BP": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "B"}, "PolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Resource": {"Fn::Sub": "${B.Arn}/*"}, "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}},
        "Q": {"Type": "AWS::SQS::Queue"},
        "QP": {"Type": "AWS::SQS::QueuePolicy", "Properties": {"Queues": [{"Ref": "Q"}], "PolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage", "Resource": {"Fn::GetAtt": ["Q", "Arn"]}}]}}},
        "T": {"Type": "AWS::SNS::Topic"},
        "TP": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": [{"Ref": "T"}], "PolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sns:Publish", "Resource": {"Ref": "T"}}]}}},
        "Sub": {"Type": "AWS::SNS::Subscription", "Properties": {"TopicArn": {"Ref": "T"}, "Protocol": "sqs",
            "Endpoint": {"Fn::GetAtt": ["Q", "Arn"]}, "RawMessageDelivery": True,
            "FilterPolicy": {"kind": ["alarm"]}}}},
        "Outputs": {"Bucket": {"Value": {"Ref": "B"}}, "Sub": {"Value": {"Ref": "Sub"}}, "QUrl": {"Value": {"Ref": "Q"}}}}
    stack = deploy(cfn, "pol", t)
    out = outputs(stack)
    pol = json.loads(ep.client("s3").get_bucket_policy(Bucket=out["Bucket"])["Policy"])
    assert pol["Statement"][0]["Effect"] == "Deny"
    sqs = ep.client("sqs")
    qurl = sqs.list_queues()["QueueUrls"][0]
    qpol = json.loads(sqs.get_queue_attributes(QueueUrl=qurl, AttributeNames=["Policy"])["Attributes"]["Policy"])
    assert qpol["Statement"][0]["Action"] == "sqs:SendMessage"
    sns = ep.client("sns")
    subs = sns.list_subscriptions()["Subscriptions"]
    assert len(subs) == 1 and subs[0]["SubscriptionArn"] == out["Sub"] and subs[0]["Protocol"] == "sqs"
    attrs = sns.get_subscription_attributes(SubscriptionArn=out["Sub"])["Attributes"]
    assert attrs["RawMessageDelivery"] == "true" and json.loads(attrs["FilterPolicy"]) == {"kind": ["alarm"]}
    tattrs = sns.get_topic_attributes(TopicArn=subs[0]["TopicArn"])["Attributes"]
    assert "events.amazonaws.com" in tattrs["Policy"]
    # a message really flows topic -> queue
    sns.publish(TopicArn=subs[0]["TopicArn"], Message="hi", MessageAttributes={"kind": {"DataType": "String", "StringValue": "alarm"}})
    msgs = sqs.receive_message(QueueUrl=qurl, WaitTimeSeconds=1).get("Messages", [])
    assert msgs and msgs[0]["Body"] == "hi"
    delete(cfn, "pol")
    assert sns.list_subscriptions()["Subscriptions"] == []


def test_backup_and_trail_and_canary(cfn, ep):
    t = {"Resources": {
        "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": ASSUME}},
        "Vault": {"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": "ha-vault"}},
        "Plan": {"Type": "AWS::Backup::BackupPlan", "Properties": {"BackupPlan": {"BackupPlanName": "daily",
            "BackupPlanRule": [{"RuleName": "d", "TargetBackupVault": {"Ref": "Vault"},
                                "ScheduleExpression": "cron(0 3 * * ? *)", "Lifecycle": {"DeleteAfterDays": 35}}]}}},
        "Sel": {"Type": "AWS::Backup::BackupSelection", "Properties": {"BackupPlanId": {"Ref": "Plan"},
            "BackupSelection": {"SelectionName": "all", "IamRoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
                                "Resources": ["arn:aws:dynamodb:us-east-1:123456789012:table/x"]}}},
        "Logs": {"Type": "AWS::S3::Bucket"},
        "Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {"S3BucketName": {"Ref": "Logs"}, "IsLogging": True,
                                                                     "IsMultiRegionTrail": True, "EnableLogFileValidation": True}},
        "Canary": {"Type": "AWS::Synthetics::Canary", "Properties": {
            "Name": "ha-health", "ArtifactS3Location": {"Fn::Sub": "s3://${Logs}/canary"},
            "ExecutionRoleArn": {"Fn::GetAtt": ["Role", "Arn"]}, "RuntimeVersion": "syn-nodejs-puppeteer-9.1",
            "Schedule": {"Expression": "rate(5 minutes)"}, "StartCanaryAfterCreation": True,
            "Code": {"Handler": "index.handler", "Script": "exports.handler = async () => {};"}}}},
        "Outputs": {"PlanId": {"Value": {"Ref": "Plan"}}, "Sel": {"Value": {"Fn::GetAtt": ["Sel", "SelectionId"]}},
                    "TrailArn": {"Value": {"Fn::GetAtt": ["Trail", "Arn"]}}, "Trail": {"Value": {"Ref": "Trail"}}}}
    stack = deploy(cfn, "bk", t)
    out = outputs(stack)
    backup = ep.client("backup")
    assert [v["BackupVaultName"] for v in backup.list_backup_vaults()["BackupVaultList"]] == ["ha-vault"]
    plan = backup.get_backup_plan(BackupPlanId=out["PlanId"])["BackupPlan"]
    assert plan["Rules"][0]["TargetBackupVaultName"] == "ha-vault"
    assert out["Sel"]
    ct = ep.client("cloudtrail")
    trail = ct.describe_trails()["trailList"][0]
    assert trail["TrailARN"] == out["TrailArn"] and trail["IsMultiRegionTrail"] is True
    assert ct.get_trail_status(Name=out["Trail"])["IsLogging"] is True
    canary = ep.client("synthetics").get_canary(Name="ha-health")["Canary"]
    assert canary["Schedule"]["Expression"] == "rate(5 minutes)"
    delete(cfn, "bk")
    assert backup.list_backup_vaults()["BackupVaultList"] == []
    assert ct.describe_trails()["trailList"] == []
    # A deleted plan's name can be used again (a stack deleted and created again).
    again = outputs(deploy(cfn, "bk", t))
    assert again["PlanId"] != out["PlanId"]
    assert backup.get_backup_plan(BackupPlanId=again["PlanId"])["BackupPlan"]["BackupPlanName"] == "daily"
    delete(cfn, "bk")


def test_ecs_autoscaling_cloudmap(cfn, ep):
    t = {"Resources": {
        "V": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.2.0.0/16"}},
        "NS": {"Type": "AWS::ServiceDiscovery::PrivateDnsNamespace", "Properties": {"Name": "svc.local", "Vpc": {"Ref": "V"}}},
        "SD": {"Type": "AWS::ServiceDiscovery::Service", "Properties": {"Name": "api", "NamespaceId": {"Ref": "NS"},
            "DnsConfig": {"DnsRecords": [{"Type": "A", "TTL": 10}], "RoutingPolicy": "MULTIVALUE"},
            "HealthCheckCustomConfig": {"FailureThreshold": 1}}},
        "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "ha"}},
        "CPA": {"Type": "AWS::ECS::ClusterCapacityProviderAssociations", "Properties": {"Cluster": {"Ref": "Cluster"},
            "CapacityProviders": ["FARGATE", "FARGATE_SPOT"],
            "DefaultCapacityProviderStrategy": [{"CapacityProvider": "FARGATE", "Weight": 1, "Base": 1}]}},
        "TD": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "api", "Cpu": "256", "Memory": "512",
            "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
            "ContainerDefinitions": [{"Name": "api", "Image": "nginx", "Essential": True}]}},
        "Svc": {"Type": "AWS::ECS::Service", "Properties": {"Cluster": {"Ref": "Cluster"}, "ServiceName": "api",
            "TaskDefinition": {"Ref": "TD"}, "DesiredCount": 2, "LaunchType": "FARGATE"}},
        "Target": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {
            "ServiceNamespace": "ecs", "ScalableDimension": "ecs:service:DesiredCount", "MinCapacity": 2, "MaxCapacity": 6,
            "ResourceId": {"Fn::Join": ["/", ["service", {"Ref": "Cluster"}, {"Fn::GetAtt": ["Svc", "Name"]}]]}}},
        "Policy": {"Type": "AWS::ApplicationAutoScaling::ScalingPolicy", "Properties": {
            "PolicyName": "cpu", "PolicyType": "TargetTrackingScaling", "ScalingTargetId": {"Ref": "Target"},
            "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 60, "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}}}},
        "Outputs": {"NS": {"Value": {"Fn::GetAtt": ["NS", "Id"]}}, "SD": {"Value": {"Fn::GetAtt": ["SD", "Arn"]}},
                    "Policy": {"Value": {"Ref": "Policy"}}, "Target": {"Value": {"Ref": "Target"}}}}
    stack = deploy(cfn, "ecs", t)
    out = outputs(stack)
    assert out["Target"] == "service/ha/api|ecs:service:DesiredCount|ecs"
    aas = ep.client("application-autoscaling")
    tgt = aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"][0]
    assert (tgt["MinCapacity"], tgt["MaxCapacity"], tgt["ResourceId"]) == (2, 6, "service/ha/api")
    pol = aas.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"][0]
    assert pol["PolicyARN"] == out["Policy"]
    assert pol["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 60
    sd = ep.client("servicediscovery")
    assert [n["Id"] for n in sd.list_namespaces()["Namespaces"]] == [out["NS"]]
    assert [s["Arn"] for s in sd.list_services()["Services"]] == [out["SD"]]
    cl = ep.client("ecs").describe_clusters(clusters=["ha"])["clusters"][0]
    assert cl["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]
    delete(cfn, "ecs")
    assert aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"] == []
    assert sd.list_namespaces()["Namespaces"] == []
    assert ep.client("ecs").describe_clusters(clusters=["ha"])["clusters"][0]["status"] == "INACTIVE"
    svc = ep.client("ecs").describe_services(cluster="ha", services=["api"])["services"]
    assert not svc or svc[0]["status"] in ("DRAINING", "INACTIVE")


def test_moto_model_fixes(cfn, ep):
    t = {"Resources": {
        "Key": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": True, "KeyPolicy": {
            "Version": "2012-10-17", "Statement": [{"Sid": "root", "Effect": "Allow",
                "Principal": {"AWS": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}}, "Action": "kms:*", "Resource": "*"}]}}},
        "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "ha-bus"}},
        "Archive": {"Type": "AWS::Events::Archive", "Properties": {"SourceArn": {"Fn::GetAtt": ["Bus", "Arn"]},
            "EventPattern": {"source": ["ha.app"]}, "RetentionDays": 7}},
        "Q": {"Type": "AWS::SQS::Queue"},
        "Rule": {"Type": "AWS::Events::Rule", "Properties": {"EventBusName": {"Ref": "Bus"},
            "EventPattern": {"source": ["ha.app"]}, "Targets": [{"Id": "q", "Arn": {"Fn::GetAtt": ["Q", "Arn"]}}]}},
        "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "x",
                                                               "Tags": {"team": "ha", "env": "test"}}},
        "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": ASSUME}},
        "SM": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"RoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
            "Definition": {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": "${Secs}", "Next": "Done"},
                                                         "Done": {"Type": "Succeed"}}},
            "DefinitionSubstitutions": {"Secs": 5}}}},
        "Outputs": {"Bus": {"Value": {"Ref": "Bus"}}, "Archive": {"Value": {"Ref": "Archive"}},
                    "Key": {"Value": {"Ref": "Key"}}, "Param": {"Value": {"Ref": "Param"}}, "SM": {"Value": {"Ref": "SM"}}}}
    stack = deploy(cfn, "fix", t)
    out = outputs(stack)
    assert out["Bus"] == "ha-bus" and "object at" not in out["Archive"]
    kms = ep.client("kms")
    assert json.loads(kms.get_key_policy(KeyId=out["Key"], PolicyName="default")["Policy"])["Statement"][0]["Sid"] == "root"
    assert kms.describe_key(KeyId=out["Key"])["KeyMetadata"]["KeyId"] == out["Key"]
    ev = ep.client("events")
    assert [r["Name"] for r in ev.list_rules(EventBusName="ha-bus")["Rules"]]
    arch = ev.describe_archive(ArchiveName=out["Archive"])
    assert json.loads(arch["EventPattern"]) == {"source": ["ha.app"]}
    ssm = ep.client("ssm")
    tags = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=out["Param"])["TagList"]
    assert {t["Key"]: t["Value"] for t in tags} == {"team": "ha", "env": "test"}
    definition = json.loads(ep.client("stepfunctions").describe_state_machine(stateMachineArn=out["SM"])["definition"])
    assert definition["States"]["Wait"]["Seconds"] == "5" or definition["States"]["Wait"]["Seconds"] == 5
    delete(cfn, "fix")


def test_aurora_cluster_parameter_group(cfn, ep):
    """AWS::RDS::DBClusterParameterGroup (moto has no CloudFormation model): created with its
    Parameters, referenced by the cluster by name, updated in place, deleted with the stack."""
    t = {"Resources": {
        "Params": {"Type": "AWS::RDS::DBClusterParameterGroup", "Properties": {
            "DBClusterParameterGroupName": "Tap-Aurora-PG14", "Family": "aurora-postgresql14",
            "Description": "TLS only", "Parameters": {"rds.force_ssl": "1"}}},
        "Cluster": {"Type": "AWS::RDS::DBCluster", "Properties": {
            "Engine": "aurora-postgresql", "EngineVersion": "14.24", "MasterUsername": "app",
            "ManageMasterUserPassword": True, "DBClusterParameterGroupName": {"Ref": "Params"}}}},
        "Outputs": {"Name": {"Value": {"Ref": "Params"}}, "ClusterId": {"Value": {"Ref": "Cluster"}}}}
    out = outputs(deploy(cfn, "cpg", t))
    assert out["Name"] == "tap-aurora-pg14"
    rds = ep.client("rds")
    group = rds.describe_db_cluster_parameter_groups(DBClusterParameterGroupName="tap-aurora-pg14")
    assert group["DBClusterParameterGroups"][0]["DBParameterGroupFamily"] == "aurora-postgresql14"
    params = rds.describe_db_cluster_parameters(DBClusterParameterGroupName="tap-aurora-pg14")["Parameters"]
    assert {p["ParameterName"]: p["ParameterValue"] for p in params}["rds.force_ssl"] == "1"
    cluster = rds.describe_db_clusters(DBClusterIdentifier=out["ClusterId"])["DBClusters"][0]
    assert cluster["DBClusterParameterGroup"] == "tap-aurora-pg14"
    t["Resources"]["Params"]["Properties"]["Parameters"]["log_min_duration_statement"] = "500"
    update(cfn, "cpg", t)
    params = rds.describe_db_cluster_parameters(DBClusterParameterGroupName="tap-aurora-pg14")["Parameters"]
    assert {p["ParameterName"]: p["ParameterValue"] for p in params}["log_min_duration_statement"] == "500"
    delete(cfn, "cpg")
    assert rds.describe_db_cluster_parameter_groups()["DBClusterParameterGroups"] == [] or all(
        g["DBClusterParameterGroupName"] != "tap-aurora-pg14"
        for g in rds.describe_db_cluster_parameter_groups()["DBClusterParameterGroups"])
