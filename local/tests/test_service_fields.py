"""Template settings read back through the service APIs: ECS blue/green service fields and
cluster settings, S3 BucketKeyEnabled and the GetBucketVersioning XML root."""
import urllib.request

from .conftest import deploy, update

ECS_T = {
    "Resources": {
        "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {
            "ClusterName": "bg",
            "ClusterSettings": [{"Name": "containerInsights", "Value": "enabled"}],
            "Configuration": {"ExecuteCommandConfiguration": {"Logging": "DEFAULT"}}}},
        "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": "bg", "ContainerDefinitions": [{"Name": "app", "Image": "nginx", "Memory": 128}]}},
        "Service": {"Type": "AWS::ECS::Service", "Properties": {
            "Cluster": {"Ref": "Cluster"}, "ServiceName": "bg-svc", "DesiredCount": 1,
            "TaskDefinition": {"Ref": "TaskDef"},
            "DeploymentConfiguration": {
                "Strategy": "BLUE_GREEN", "BakeTimeInMinutes": 5, "MaximumPercent": 200, "MinimumHealthyPercent": 100,
                "LifecycleHooks": [{"HookTargetArn": "arn:aws:lambda:us-east-1:123456789012:function:hook",
                                    "RoleArn": "arn:aws:iam::123456789012:role/hook",
                                    "LifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}]},
            "LoadBalancers": [{
                "ContainerName": "app", "ContainerPort": 80,
                "TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1",
                "AdvancedConfiguration": {
                    "AlternateTargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2",
                    "ProductionListenerRule": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/a/b/c/1",
                    "TestListenerRule": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/a/b/c/2",
                    "RoleArn": "arn:aws:iam::123456789012:role/ecs-infrastructure"}}]}},
    },
}


def test_ecs_blue_green_fields_and_cluster_settings(cfn, ep):
    deploy(cfn, "bg", ECS_T)
    ecs = ep.client("ecs")
    svc = ecs.describe_services(cluster="bg", services=["bg-svc"])["services"][0]
    dc = svc["deploymentConfiguration"]
    assert (dc["strategy"], dc["bakeTimeInMinutes"], dc["maximumPercent"]) == ("BLUE_GREEN", 5, 200)
    assert dc["lifecycleHooks"] == [{"hookTargetArn": "arn:aws:lambda:us-east-1:123456789012:function:hook",
                                     "roleArn": "arn:aws:iam::123456789012:role/hook",
                                     "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}]
    adv = svc["loadBalancers"][0]["advancedConfiguration"]
    assert adv["alternateTargetGroupArn"].endswith("targetgroup/green/2")
    assert adv["productionListenerRule"].endswith("/1") and adv["testListenerRule"].endswith("/2")
    assert adv["roleArn"].endswith("role/ecs-infrastructure")
    cluster = ecs.describe_clusters(clusters=["bg"], include=["SETTINGS"])["clusters"][0]
    assert cluster["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    assert cluster["configuration"] == {"executeCommandConfiguration": {"logging": "DEFAULT"}}
    # an update keeps them and applies the change
    t2 = {"Resources": dict(ECS_T["Resources"])}
    svc_json = dict(t2["Resources"]["Service"])
    svc_json["Properties"] = dict(svc_json["Properties"], DeploymentConfiguration=dict(
        svc_json["Properties"]["DeploymentConfiguration"], BakeTimeInMinutes=10))
    t2["Resources"]["Service"] = svc_json
    update(cfn, "bg", t2)
    dc = ecs.describe_services(cluster="bg", services=["bg-svc"])["services"][0]["deploymentConfiguration"]
    assert (dc["strategy"], dc["bakeTimeInMinutes"]) == ("BLUE_GREEN", 10)


S3_T = {
    "Resources": {
        "B": {"Type": "AWS::S3::Bucket", "Properties": {
            "BucketName": "keyed-bucket",
            "VersioningConfiguration": {"Status": "Enabled"},
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]}}},
        "Plain": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "plain-bucket"}},
    },
}


def test_s3_bucket_key_and_versioning_xml_root(cfn, ep):
    deploy(cfn, "s3k", S3_T)
    s3 = ep.client("s3")
    rule = s3.get_bucket_encryption(Bucket="keyed-bucket")["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert rule["BucketKeyEnabled"] is True
    assert s3.get_bucket_versioning(Bucket="keyed-bucket")["Status"] == "Enabled"
    with urllib.request.urlopen(ep.url + "/keyed-bucket?versioning", timeout=5) as r:
        body = r.read().decode()
    assert "<VersioningConfiguration" in body and "<Status>Enabled</Status>" in body
    assert "GetBucketVersioningResponse" not in body
    with urllib.request.urlopen(ep.url + "/plain-bucket?versioning", timeout=5) as r:
        body = r.read().decode()
    assert "<VersioningConfiguration" in body and "<Status>" not in body
    assert "Status" not in s3.get_bucket_versioning(Bucket="plain-bucket")
