"""GetAtt/Ref values and properties moto ignored, read back through the service APIs."""
import json

from .conftest import delete, deploy, outputs, update

ACCT, REGION = "123456789012", "us-east-1"
ASSUME_ECS = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
EXEC_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"


def ga(res, attr):
    return {"Value": {"Fn::GetAtt": [res, attr]}}


def ref(res):
    return {"Value": {"Ref": res}}


def joined(res, attr):
    return {"Value": {"Fn::Join": [",", {"Fn::GetAtt": [res, attr]}]}}


NETWORK = {
    "VPC": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16", "EnableDnsHostnames": True,
                                                     "Tags": [{"Key": "Name", "Value": "ha"}]}},
    "SubA": {"Type": "AWS::EC2::Subnet", "Properties": {
        "VpcId": {"Ref": "VPC"}, "CidrBlock": "10.0.0.0/24",
        "AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}, "MapPublicIpOnLaunch": True}},
    "SubB": {"Type": "AWS::EC2::Subnet", "Properties": {
        "VpcId": {"Ref": "VPC"}, "CidrBlock": "10.0.1.0/24",
        "AvailabilityZone": {"Fn::Select": [1, {"Fn::GetAZs": ""}]}}},
    "IGW": {"Type": "AWS::EC2::InternetGateway", "Properties": {"Tags": [{"Key": "Name", "Value": "igw"}]}},
    "Attach": {"Type": "AWS::EC2::VPCGatewayAttachment",
               "Properties": {"VpcId": {"Ref": "VPC"}, "InternetGatewayId": {"Ref": "IGW"}}},
    "EIP": {"Type": "AWS::EC2::EIP", "DependsOn": "Attach", "Properties": {"Domain": "vpc"}},
    "NAT": {"Type": "AWS::EC2::NatGateway", "Properties": {
        "SubnetId": {"Ref": "SubA"}, "AllocationId": {"Fn::GetAtt": ["EIP", "AllocationId"]}}},
    "RT": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "VPC"},
                                                          "Tags": [{"Key": "Name", "Value": "rt"}]}},
    "Default": {"Type": "AWS::EC2::Route", "DependsOn": "Attach", "Properties": {
        "RouteTableId": {"Ref": "RT"}, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": {"Ref": "IGW"}}},
    "AssocA": {"Type": "AWS::EC2::SubnetRouteTableAssociation",
               "Properties": {"RouteTableId": {"Ref": "RT"}, "SubnetId": {"Ref": "SubA"}}},
    "SG": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
        "GroupDescription": "alb", "VpcId": {"Ref": "VPC"},
        "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}]}},
}


def test_security_group_rules_standalone(cfn, ep):
    res = {k: NETWORK[k] for k in ("VPC", "SG")}
    res["DB"] = {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "db", "VpcId": {"Ref": "VPC"}}}
    res["Out"] = {"Type": "AWS::EC2::SecurityGroupEgress", "Properties": {
        "GroupId": {"Ref": "SG"}, "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
        "DestinationSecurityGroupId": {"Ref": "DB"}, "Description": "to db"}}
    res["In"] = {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
        "GroupId": {"Ref": "DB"}, "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
        "SourceSecurityGroupId": {"Ref": "SG"}}}
    out = outputs(deploy(cfn, "sgr", {"Resources": res, "Outputs": {"Sg": ref("SG"), "Db": ref("DB"),
                                                                     "Rule": ref("Out")}}))
    ec2 = ep.client("ec2")
    sg = ec2.describe_security_groups(GroupIds=[out["Sg"]])["SecurityGroups"][0]
    assert any(p.get("FromPort") == 5432 and p["UserIdGroupPairs"][0]["GroupId"] == out["Db"]
               for p in sg["IpPermissionsEgress"])
    db = ec2.describe_security_groups(GroupIds=[out["Db"]])["SecurityGroups"][0]
    assert db["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"] == out["Sg"]
    assert out["Rule"].startswith("sgr-")
    delete(cfn, "sgr")
    assert [g for g in ec2.describe_security_groups()["SecurityGroups"] if g["GroupId"] in (out["Sg"], out["Db"])] == []


def test_network_attributes(cfn, ep):
    outs = {
        "VpcId": ga("VPC", "VpcId"), "VpcCidr": ga("VPC", "CidrBlock"),
        "VpcAssoc": joined("VPC", "CidrBlockAssociations"), "VpcAcl": ga("VPC", "DefaultNetworkAcl"),
        "VpcSg": ga("VPC", "DefaultSecurityGroup"), "VpcV6": {"Value": {"Fn::Join": [",", {"Fn::GetAtt": ["VPC", "Ipv6CidrBlocks"]}]}},
        "SubAz": ga("SubA", "AvailabilityZone"), "SubAzId": ga("SubA", "AvailabilityZoneId"),
        "SubId": ga("SubA", "SubnetId"), "SubVpc": ga("SubA", "VpcId"), "SubCidr": ga("SubA", "CidrBlock"),
        "SubAcl": ga("SubA", "NetworkAclAssociationId"), "SubRef": ref("SubA"),
        "IgwId": ga("IGW", "InternetGatewayId"), "IgwRef": ref("IGW"),
        "NatId": ga("NAT", "NatGatewayId"), "NatRef": ref("NAT"),
        "RtId": ga("RT", "RouteTableId"), "RtRef": ref("RT"),
        "SgId": ga("SG", "GroupId"), "SgVpc": ga("SG", "VpcId"), "SgRef": ref("SG"),
    }
    stack = deploy(cfn, "net", {"Resources": NETWORK, "Outputs": outs})
    out = outputs(stack)
    assert set(outs) == set(out), set(outs) ^ set(out)
    ec2 = ep.client("ec2")
    vpc = ec2.describe_vpcs(VpcIds=[out["VpcId"]])["Vpcs"][0]
    assert out["VpcCidr"] == "10.0.0.0/16"
    assert out["VpcAssoc"] == vpc["CidrBlockAssociationSet"][0]["AssociationId"]
    acl = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [out["VpcId"]]},
                                             {"Name": "default", "Values": ["true"]}])["NetworkAcls"][0]
    assert out["VpcAcl"] == acl["NetworkAclId"]
    sub = ec2.describe_subnets(SubnetIds=[out["SubRef"]])["Subnets"][0]
    assert out["SubAz"] == sub["AvailabilityZone"] == "us-east-1a"
    assert out["SubAzId"] == sub["AvailabilityZoneId"]
    assert out["SubId"] == out["SubRef"] and out["SubVpc"] == out["VpcId"] and out["SubCidr"] == "10.0.0.0/24"
    assert out["SubAcl"].startswith("aclassoc-")
    assert out["IgwId"] == out["IgwRef"] and out["IgwId"].startswith("igw-")
    igw = ec2.describe_internet_gateways(InternetGatewayIds=[out["IgwId"]])["InternetGateways"][0]
    assert {"Key": "Name", "Value": "igw"} in igw["Tags"]
    assert out["NatId"] == out["NatRef"] and out["NatId"].startswith("nat-")
    assert out["RtId"] == out["RtRef"] and out["RtId"].startswith("rtb-")
    rt = ec2.describe_route_tables(RouteTableIds=[out["RtId"]])["RouteTables"][0]
    assert {"Key": "Name", "Value": "rt"} in rt["Tags"]
    assert out["SgId"] == out["SgRef"] and out["SgVpc"] == out["VpcId"]
    delete(cfn, "net")
    assert [v for v in ec2.describe_vpcs()["Vpcs"] if v["VpcId"] == out["VpcId"]] == []


def _app_template():
    res = dict(NETWORK)
    res.update({
        "Key": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": True, "KeyPolicy": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
                                                    "Action": "kms:*", "Resource": "*"}]}}},
        "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "ha"}},
        "ExecRole": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": ASSUME_ECS, "ManagedPolicyArns": [EXEC_POLICY]}},
        "TaskRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": ASSUME_ECS}},
        "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 30}},
        "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": "web", "RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc",
            "Cpu": "256", "Memory": "512", "ExecutionRoleArn": {"Fn::GetAtt": ["ExecRole", "Arn"]},
            "TaskRoleArn": {"Fn::GetAtt": ["TaskRole", "Arn"]},
            "ContainerDefinitions": [{"Name": "web", "Image": "nginx", "Essential": True,
                                      "PortMappings": [{"ContainerPort": 8080, "Protocol": "tcp"}]}]}},
        "ALB": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {
            "Name": "ha-alb", "Scheme": "internet-facing", "Type": "application",
            "Subnets": [{"Ref": "SubA"}, {"Ref": "SubB"}], "SecurityGroups": [{"Ref": "SG"}],
            "LoadBalancerAttributes": [{"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
                                       {"Key": "access_logs.s3.enabled", "Value": "false"},
                                       {"Key": "idle_timeout.timeout_seconds", "Value": "120"}]}},
        "TG": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {
            "Name": "ha-tg", "Port": 8080, "Protocol": "HTTP", "TargetType": "ip", "VpcId": {"Ref": "VPC"},
            "HealthCheckPath": "/healthz", "HealthCheckIntervalSeconds": 15, "HealthyThresholdCount": 2,
            "Matcher": {"HttpCode": "200-299"},
            "TargetGroupAttributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}]}},
        "Listener": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
            "LoadBalancerArn": {"Ref": "ALB"}, "Port": 80, "Protocol": "HTTP",
            "DefaultActions": [{"Type": "forward", "TargetGroupArn": {"Ref": "TG"}}]}},
        "Rule": {"Type": "AWS::ElasticLoadBalancingV2::ListenerRule", "Properties": {
            "ListenerArn": {"Ref": "Listener"}, "Priority": 10,
            "Conditions": [{"Field": "path-pattern", "Values": ["/api/*"]}],
            "Actions": [{"Type": "forward", "TargetGroupArn": {"Ref": "TG"}}]}},
        "Service": {"Type": "AWS::ECS::Service", "DependsOn": "Listener", "Properties": {
            "ServiceName": "web", "Cluster": {"Ref": "Cluster"}, "TaskDefinition": {"Ref": "Task"},
            "DesiredCount": 2, "LaunchType": "FARGATE", "EnableExecuteCommand": True,
            "NetworkConfiguration": {"AwsvpcConfiguration": {
                "AssignPublicIp": "DISABLED", "Subnets": [{"Ref": "SubA"}, {"Ref": "SubB"}],
                "SecurityGroups": [{"Ref": "SG"}]}},
            "LoadBalancers": [{"ContainerName": "web", "ContainerPort": 8080, "TargetGroupArn": {"Ref": "TG"}}],
            "DeploymentConfiguration": {"MinimumHealthyPercent": 100, "MaximumPercent": 200,
                                        "DeploymentCircuitBreaker": {"Enable": True, "Rollback": True}},
            "DeploymentController": {"Type": "ECS"}, "HealthCheckGracePeriodSeconds": 60,
            "PropagateTags": "SERVICE"}},
        "Zone": {"Type": "AWS::Route53::HostedZone", "Properties": {"Name": "example.com"}},
        "Private": {"Type": "AWS::Route53::HostedZone", "Properties": {
            "Name": "internal.example.com", "VPCs": [{"VPCId": {"Ref": "VPC"}, "VPCRegion": REGION}]}},
        "Alias": {"Type": "AWS::Route53::RecordSet", "Properties": {
            "HostedZoneId": {"Ref": "Zone"}, "Name": "app.example.com", "Type": "A",
            "AliasTarget": {"DNSName": {"Fn::GetAtt": ["ALB", "DNSName"]},
                            "HostedZoneId": {"Fn::GetAtt": ["ALB", "CanonicalHostedZoneID"]},
                            "EvaluateTargetHealth": True}}},
        "Health": {"Type": "AWS::Route53::HealthCheck", "Properties": {"HealthCheckConfig": {
            "Type": "HTTPS", "FullyQualifiedDomainName": "app.example.com", "Port": 443,
            "ResourcePath": "/healthz", "RequestInterval": 30, "FailureThreshold": 3}}},
    })
    outs = {
        "KeyId": ga("Key", "KeyId"), "KeyArn": ga("Key", "Arn"), "KeyRef": ref("Key"),
        "ClusterArn": ga("Cluster", "Arn"), "TaskArn": ga("Task", "TaskDefinitionArn"), "TaskRef": ref("Task"),
        "ServiceArn": ga("Service", "ServiceArn"), "ServiceName": ga("Service", "Name"), "ServiceRef": ref("Service"),
        "AlbZone": ga("ALB", "CanonicalHostedZoneID"), "AlbFull": ga("ALB", "LoadBalancerFullName"),
        "AlbArn": ga("ALB", "LoadBalancerArn"), "AlbRef": ref("ALB"), "AlbSgs": joined("ALB", "SecurityGroups"),
        "AlbDns": ga("ALB", "DNSName"), "AlbName": ga("ALB", "LoadBalancerName"),
        "TgArn": ga("TG", "TargetGroupArn"), "TgFull": ga("TG", "TargetGroupFullName"),
        "TgName": ga("TG", "TargetGroupName"), "TgLbs": joined("TG", "LoadBalancerArns"), "TgRef": ref("TG"),
        "ListenerArn": ga("Listener", "ListenerArn"), "ListenerRef": ref("Listener"),
        "RuleArn": ga("Rule", "RuleArn"), "RuleRef": ref("Rule"),
        "ZoneId": ga("Zone", "Id"), "ZoneRef": ref("Zone"), "ZoneNs": joined("Zone", "NameServers"),
        "PrivateRef": ref("Private"),
        "HcId": ga("Health", "HealthCheckId"), "HcRef": ref("Health"),
        "ExecArn": ga("ExecRole", "Arn"), "ExecRoleId": ga("ExecRole", "RoleId"), "ExecRef": ref("ExecRole"),
        "LogsArn": ga("Logs", "Arn"), "LogsRef": ref("Logs"),
    }
    return {"Resources": res, "Outputs": outs}


def test_app_attributes_and_properties(cfn, ep):
    t = _app_template()
    stack = deploy(cfn, "app", t)
    out = outputs(stack)
    assert set(t["Outputs"]) == set(out), set(t["Outputs"]) ^ set(out)
    # KMS
    key = ep.client("kms").describe_key(KeyId=out["KeyRef"])["KeyMetadata"]
    assert out["KeyId"] == key["KeyId"] == out["KeyRef"] and out["KeyArn"] == key["Arn"]
    # ECS
    ecs = ep.client("ecs")
    assert out["ClusterArn"] == f"arn:aws:ecs:{REGION}:{ACCT}:cluster/ha"
    td = ecs.describe_task_definition(taskDefinition=out["TaskRef"])["taskDefinition"]
    assert out["TaskArn"] == out["TaskRef"] == td["taskDefinitionArn"]
    assert td["requiresCompatibilities"] == ["FARGATE"] and td["networkMode"] == "awsvpc"
    assert td["cpu"] == "256" and td["memory"] == "512"
    assert td["executionRoleArn"] == out["ExecArn"] and td["taskRoleArn"].endswith(":role/" + td["taskRoleArn"].split("/")[-1])
    svc = ecs.describe_services(cluster="ha", services=["web"])["services"][0]
    assert out["ServiceArn"] == out["ServiceRef"] == svc["serviceArn"] and out["ServiceName"] == "web"
    assert svc["launchType"] == "FARGATE" and svc["enableExecuteCommand"] is True
    vpc_conf = svc["networkConfiguration"]["awsvpcConfiguration"]
    assert vpc_conf["assignPublicIp"] == "DISABLED" and vpc_conf["securityGroups"] == [out["AlbSgs"]]
    assert len(vpc_conf["subnets"]) == 2
    assert svc["loadBalancers"] == [{"targetGroupArn": out["TgRef"], "containerName": "web", "containerPort": 8080}]
    dc = svc["deploymentConfiguration"]
    assert dc["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    assert dc["minimumHealthyPercent"] == 100 and dc["maximumPercent"] == 200
    assert svc["deploymentController"] == {"type": "ECS"} and svc["healthCheckGracePeriodSeconds"] == 60
    # ELBv2
    elb = ep.client("elbv2")
    lb = elb.describe_load_balancers(LoadBalancerArns=[out["AlbRef"]])["LoadBalancers"][0]
    assert out["AlbZone"] == lb["CanonicalHostedZoneId"] == "Z35SXDOTRQ7X7K"
    assert out["AlbArn"] == out["AlbRef"] and out["AlbDns"] == lb["DNSName"] and out["AlbName"] == "ha-alb"
    assert out["AlbFull"] == "app/ha-alb/" + out["AlbArn"].split("/")[-1]
    assert out["AlbSgs"] == lb["SecurityGroups"][0]
    attrs = {a["Key"]: a["Value"] for a in elb.describe_load_balancer_attributes(LoadBalancerArn=out["AlbRef"])["Attributes"]}
    assert attrs["routing.http.drop_invalid_header_fields.enabled"] == "true"
    assert attrs["access_logs.s3.enabled"] == "false" and attrs["idle_timeout.timeout_seconds"] == "120"
    tg = elb.describe_target_groups(TargetGroupArns=[out["TgRef"]])["TargetGroups"][0]
    assert out["TgArn"] == out["TgRef"] and out["TgName"] == "ha-tg"
    assert out["TgFull"] == "targetgroup/ha-tg/" + out["TgArn"].split("/")[-1]
    assert out["TgLbs"] == out["AlbArn"] and tg["LoadBalancerArns"] == [out["AlbArn"]]
    assert tg["HealthCheckPath"] == "/healthz" and tg["HealthCheckIntervalSeconds"] == 15
    assert tg["HealthyThresholdCount"] == 2 and tg["Matcher"] == {"HttpCode": "200-299"}
    tga = {a["Key"]: a["Value"] for a in elb.describe_target_group_attributes(TargetGroupArn=out["TgRef"])["Attributes"]}
    assert tga["deregistration_delay.timeout_seconds"] == "30"
    assert out["ListenerArn"] == out["ListenerRef"] and ":listener/app/ha-alb/" in out["ListenerArn"]
    assert out["RuleArn"] == out["RuleRef"] and ":listener-rule/app/ha-alb/" in out["RuleArn"]
    # Route 53
    r53 = ep.client("route53")
    zone = r53.get_hosted_zone(Id=out["ZoneRef"])
    assert out["ZoneId"] == out["ZoneRef"] and "/" not in out["ZoneId"]
    ns = out["ZoneNs"].split(",")
    assert len(ns) == 4 and all("awsdns" in n for n in ns) and ns == zone["DelegationSet"]["NameServers"]
    private = r53.get_hosted_zone(Id=out["PrivateRef"])
    assert private["HostedZone"]["Config"]["PrivateZone"] is True
    assert private["VPCs"] == [{"VPCRegion": REGION, "VPCId": out["VpcId"] if "VpcId" in out else private["VPCs"][0]["VPCId"]}]
    recs = r53.list_resource_record_sets(HostedZoneId=out["ZoneRef"])["ResourceRecordSets"]
    alias = next(r for r in recs if r["Type"] == "A" and r["Name"].startswith("app."))
    assert alias["AliasTarget"]["HostedZoneId"] == "Z35SXDOTRQ7X7K"
    assert alias["AliasTarget"]["DNSName"].rstrip(".") == out["AlbDns"]
    assert alias["AliasTarget"]["EvaluateTargetHealth"] is True
    hc = r53.get_health_check(HealthCheckId=out["HcRef"])["HealthCheck"]
    assert out["HcId"] == out["HcRef"] == hc["Id"]
    cfg = hc["HealthCheckConfig"]
    assert (cfg["Type"], cfg["Port"], cfg["ResourcePath"], cfg["RequestInterval"], cfg["FailureThreshold"]) == \
        ("HTTPS", 443, "/healthz", 30, 3)
    # IAM
    iam = ep.client("iam")
    role = iam.get_role(RoleName=out["ExecRef"])["Role"]
    assert out["ExecArn"] == role["Arn"] and out["ExecRoleId"] == role["RoleId"]
    attached = iam.list_attached_role_policies(RoleName=out["ExecRef"])["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [EXEC_POLICY]
    # Logs
    assert out["LogsArn"] == f"arn:aws:logs:{REGION}:{ACCT}:log-group:{out['LogsRef']}:*"
    delete(cfn, "app")
    gone = ecs.describe_services(cluster="ha", services=["web"])["services"]
    assert all(x["status"] in ("DRAINING", "INACTIVE") for x in gone)
    assert elb.describe_load_balancers()["LoadBalancers"] == []
    assert elb.describe_target_groups()["TargetGroups"] == []
    assert r53.list_hosted_zones()["HostedZones"] == []
    assert r53.list_health_checks()["HealthChecks"] == []
    assert [r for r in iam.list_roles()["Roles"] if r["RoleName"] == out["ExecRef"]] == []


BUCKET_PROPS = {
    "VersioningConfiguration": {"Status": "Enabled"},
    "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                       "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
    "LifecycleConfiguration": {"Rules": [{"Id": "expire", "Status": "Enabled", "ExpirationInDays": 30,
                                          "NoncurrentVersionExpiration": {"NoncurrentDays": 7}}]},
    "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
    "BucketEncryption": {"ServerSideEncryptionConfiguration": [
        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/aws/s3"},
         "BucketKeyEnabled": True}]},
    "Tags": [{"Key": "team", "Value": "ha"}],
}


def test_s3_bucket_properties_create_and_update(cfn, ep):
    t = {"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": dict(BUCKET_PROPS)}},
         "Outputs": {"Name": ref("B"), "Arn": ga("B", "Arn"), "Domain": ga("B", "DomainName"),
                     "Regional": ga("B", "RegionalDomainName")}}
    out = outputs(deploy(cfn, "s3", t))
    s3 = ep.client("s3")
    b = out["Name"]
    assert out["Arn"] == f"arn:aws:s3:::{b}" and out["Domain"] == f"{b}.s3.amazonaws.com"
    assert out["Regional"] == f"{b}.s3.{REGION}.amazonaws.com"
    assert s3.get_bucket_versioning(Bucket=b)["Status"] == "Enabled"
    assert s3.get_public_access_block(Bucket=b)["PublicAccessBlockConfiguration"] == \
        BUCKET_PROPS["PublicAccessBlockConfiguration"]
    rule = s3.get_bucket_lifecycle_configuration(Bucket=b)["Rules"][0]
    assert rule["ID"] == "expire" and rule["Expiration"]["Days"] == 30
    assert rule["NoncurrentVersionExpiration"]["NoncurrentDays"] == 7
    assert s3.get_bucket_ownership_controls(Bucket=b)["OwnershipControls"]["Rules"] == \
        [{"ObjectOwnership": "BucketOwnerEnforced"}]
    enc = s3.get_bucket_encryption(Bucket=b)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert enc["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    tags = {x["Key"]: x["Value"] for x in s3.get_bucket_tagging(Bucket=b)["TagSet"]}
    assert tags["team"] == "ha"
    props = t["Resources"]["B"]["Properties"]
    props["VersioningConfiguration"] = {"Status": "Suspended"}
    props["Tags"] = [{"Key": "team", "Value": "core"}]
    props["LifecycleConfiguration"] = {"Rules": [{"Id": "expire", "Status": "Enabled", "ExpirationInDays": 90}]}
    del props["PublicAccessBlockConfiguration"]
    update(cfn, "s3", t)
    assert s3.get_bucket_versioning(Bucket=b)["Status"] == "Suspended"
    assert {x["Key"]: x["Value"] for x in s3.get_bucket_tagging(Bucket=b)["TagSet"]}["team"] == "core"
    assert s3.get_bucket_lifecycle_configuration(Bucket=b)["Rules"][0]["Expiration"]["Days"] == 90
    try:
        s3.get_public_access_block(Bucket=b)
        raise AssertionError("public access block should be gone")
    except s3.exceptions.ClientError as e:
        assert "NoSuchPublicAccessBlockConfiguration" in str(e)
    delete(cfn, "s3")


def test_dynamodb_table_properties_and_update(cfn, ep):
    props = {"TableName": "orders", "BillingMode": "PAY_PER_REQUEST",
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
             "SSESpecification": {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": "alias/aws/dynamodb"},
             "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
             "TimeToLiveSpecification": {"AttributeName": "expires", "Enabled": True},
             "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
             "DeletionProtectionEnabled": False, "Tags": [{"Key": "team", "Value": "ha"}]}
    t = {"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": props}},
         "Outputs": {"Arn": ga("T", "Arn"), "Stream": ga("T", "StreamArn"), "Name": ref("T")}}
    out = outputs(deploy(cfn, "ddb", t))
    ddb = ep.client("dynamodb")
    table = ddb.describe_table(TableName="orders")["Table"]
    assert out["Arn"] == table["TableArn"] and out["Stream"] == table["LatestStreamArn"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["SSEDescription"]["Status"] == "ENABLED" and table["SSEDescription"]["SSEType"] == "KMS"
    assert table.get("DeletionProtectionEnabled") is False
    pitr = ddb.describe_continuous_backups(TableName="orders")["ContinuousBackupsDescription"]
    assert pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    ttl = ddb.describe_time_to_live(TableName="orders")["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    tags = {x["Key"]: x["Value"] for x in ddb.list_tags_of_resource(ResourceArn=out["Arn"])["Tags"]}
    assert tags["team"] == "ha"
    props.update({"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": False},
                  "DeletionProtectionEnabled": True, "Tags": [{"Key": "team", "Value": "core"}],
                  "BillingMode": "PROVISIONED",
                  "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}})
    del props["TimeToLiveSpecification"]
    update(cfn, "ddb", t)
    table = ddb.describe_table(TableName="orders")["Table"]
    assert table["DeletionProtectionEnabled"] is True
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED") == "PROVISIONED"
    pitr = ddb.describe_continuous_backups(TableName="orders")["ContinuousBackupsDescription"]
    assert pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
    assert ddb.describe_time_to_live(TableName="orders")["TimeToLiveDescription"]["TimeToLiveStatus"] == "DISABLED"
    tags = {x["Key"]: x["Value"] for x in ddb.list_tags_of_resource(ResourceArn=out["Arn"])["Tags"]}
    assert tags["team"] == "core"
    # deletion protection blocks DeleteStack, as on AWS
    delete(cfn, "ddb", expect="DELETE_FAILED")
    ddb.update_table(TableName="orders", DeletionProtectionEnabled=False)
    delete(cfn, "ddb")
    assert ddb.list_tables()["TableNames"] == []


def test_messaging_logs_ssm_sfn_events(cfn, ep):
    sfn_def = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    res = {
        "Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]}}},
        "DLQ": {"Type": "AWS::SQS::Queue", "Properties": {"KmsMasterKeyId": {"Ref": "Key"},
                                                          "KmsDataKeyReusePeriodSeconds": 600}},
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": True, "RedrivePolicy": {
            "deadLetterTargetArn": {"Fn::GetAtt": ["DLQ", "Arn"]}, "maxReceiveCount": 5}}},
        "QPolicy": {"Type": "AWS::SQS::QueuePolicy", "Properties": {"Queues": [{"Ref": "Q"}], "PolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
                                                    "Action": "sqs:SendMessage", "Resource": {"Fn::GetAtt": ["Q", "Arn"]}}]}}},
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": {"Ref": "Key"}, "TopicName": "alerts"}},
        "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/ha/app", "RetentionInDays": 7}},
        "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "v1", "Name": "/ha/p"}},
        "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"},
                                                    "Action": "sts:AssumeRole"}]}}},
        "SM": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
            "StateMachineName": "flow", "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]}, "Definition": sfn_def,
            "LoggingConfiguration": {"Level": "ERROR", "IncludeExecutionData": True, "Destinations": [
                {"CloudWatchLogsLogGroup": {"LogGroupArn": {"Fn::GetAtt": ["Logs", "Arn"]}}}]},
            "TracingConfiguration": {"Enabled": True}}},
        "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "ha-bus"}},
        "Rule": {"Type": "AWS::Events::Rule", "Properties": {
            "EventBusName": {"Ref": "Bus"}, "EventPattern": {"source": ["ha.app"]},
            "Targets": [{"Id": "q", "Arn": {"Fn::GetAtt": ["Q", "Arn"]},
                         "DeadLetterConfig": {"Arn": {"Fn::GetAtt": ["DLQ", "Arn"]}},
                         "RetryPolicy": {"MaximumRetryAttempts": 4, "MaximumEventAgeInSeconds": 3600}}]}},
        "Archive": {"Type": "AWS::Events::Archive", "Properties": {
            "SourceArn": {"Fn::GetAtt": ["Bus", "Arn"]}, "RetentionDays": 14,
            "EventPattern": {"source": ["ha.app"]}}},
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "index.handler", "Role": {"Fn::GetAtt": ["Role", "Arn"]},
            "Code": {"ZipFile": "def handler(e, c):\n    return 1\n"}}},
        "Secret": {"Type": "AWS::SecretsManager::Secret", "Properties": {"SecretString": "x"}},
        "SubnetGroup": {"Type": "AWS::RDS::DBSubnetGroup", "Properties": {
            "DBSubnetGroupDescription": "db", "SubnetIds": [{"Ref": "SubA"}, {"Ref": "SubB"}]}},
        "VPC": NETWORK["VPC"], "SubA": NETWORK["SubA"], "SubB": NETWORK["SubB"],
    }
    outs = {
        "QUrl": ga("Q", "QueueUrl"), "QArn": ga("Q", "Arn"), "QName": ga("Q", "QueueName"), "QRef": ref("Q"),
        "DlqArn": ga("DLQ", "Arn"), "DlqRef": ref("DLQ"),
        "TopicArn": ga("Topic", "TopicArn"), "TopicName": ga("Topic", "TopicName"), "TopicRef": ref("Topic"),
        "LogsArn": ga("Logs", "Arn"), "ParamType": ga("Param", "Type"), "ParamValue": ga("Param", "Value"),
        "SmArn": ga("SM", "Arn"), "SmName": ga("SM", "Name"), "SmRef": ref("SM"),
        "BusArn": ga("Bus", "Arn"), "BusName": ga("Bus", "Name"), "BusRef": ref("Bus"),
        "RuleArn": ga("Rule", "Arn"), "RuleRef": ref("Rule"), "ArchiveArn": ga("Archive", "Arn"),
        "ArchiveRef": ref("Archive"), "FnArn": ga("Fn", "Arn"), "SecretRef": ref("Secret"),
        "SubnetGroup": ref("SubnetGroup"), "KeyRef": ref("Key"),
    }
    t = {"Resources": res, "Outputs": outs}
    out = outputs(deploy(cfn, "misc", t))
    assert set(outs) == set(out), set(outs) ^ set(out)
    sqs = ep.client("sqs")
    assert out["QUrl"] == out["QRef"] and out["QUrl"].endswith(f"/{ACCT}/{out['QName']}")
    qa = sqs.get_queue_attributes(QueueUrl=out["QRef"], AttributeNames=["All"])["Attributes"]
    assert out["QArn"] == qa["QueueArn"] and json.loads(qa["Policy"])["Statement"][0]["Action"] == "sqs:SendMessage"
    assert qa["SqsManagedSseEnabled"] == "true"
    da = sqs.get_queue_attributes(QueueUrl=out["DlqRef"], AttributeNames=["All"])["Attributes"]
    assert da["KmsMasterKeyId"] == out["KeyRef"] and da["KmsDataKeyReusePeriodSeconds"] == "600"
    sns = ep.client("sns")
    assert out["TopicArn"] == out["TopicRef"] == f"arn:aws:sns:{REGION}:{ACCT}:alerts" and out["TopicName"] == "alerts"
    assert sns.get_topic_attributes(TopicArn=out["TopicArn"])["Attributes"]["KmsMasterKeyId"] == out["KeyRef"]
    assert out["LogsArn"] == f"arn:aws:logs:{REGION}:{ACCT}:log-group:/ha/app:*"
    assert (out["ParamType"], out["ParamValue"]) == ("String", "v1")
    sfn = ep.client("stepfunctions")
    sm = sfn.describe_state_machine(stateMachineArn=out["SmRef"])
    assert out["SmArn"] == out["SmRef"] == sm["stateMachineArn"] and out["SmName"] == "flow"
    assert sm["loggingConfiguration"]["level"] == "ERROR" and sm["loggingConfiguration"]["includeExecutionData"] is True
    assert sm["loggingConfiguration"]["destinations"][0]["cloudWatchLogsLogGroup"]["logGroupArn"] == out["LogsArn"]
    assert sm["tracingConfiguration"] == {"enabled": True}
    ev = ep.client("events")
    assert out["BusName"] == out["BusRef"] == "ha-bus" and out["BusArn"].endswith(":event-bus/ha-bus")
    rules = ev.list_rules(EventBusName="ha-bus")["Rules"]
    assert rules[0]["Arn"] == out["RuleArn"] and out["RuleArn"].endswith(f":rule/ha-bus/{rules[0]['Name']}")
    assert out["RuleRef"] == f"ha-bus|{rules[0]['Name']}"
    target = ev.list_targets_by_rule(Rule=rules[0]["Name"], EventBusName="ha-bus")["Targets"][0]
    assert target["DeadLetterConfig"] == {"Arn": out["DlqArn"]}
    assert target["RetryPolicy"] == {"MaximumRetryAttempts": 4, "MaximumEventAgeInSeconds": 3600}
    arch = ev.describe_archive(ArchiveName=out["ArchiveRef"])
    assert arch["RetentionDays"] == 14 and arch["ArchiveArn"] == out["ArchiveArn"]
    assert ep.client("lambda").get_function(FunctionName=out["FnArn"])["Configuration"]["FunctionArn"] == out["FnArn"]
    assert out["SecretRef"].startswith(f"arn:aws:secretsmanager:{REGION}:{ACCT}:secret:")
    assert ep.client("rds").describe_db_subnet_groups(DBSubnetGroupName=out["SubnetGroup"])["DBSubnetGroups"]
    # updates: log retention / KMS, SSM value, topic KMS
    res["Logs"]["Properties"].update({"RetentionInDays": 90, "KmsKeyId": {"Fn::GetAtt": ["Key", "Arn"]}})
    res["Param"]["Properties"]["Value"] = "v2"
    stack = update(cfn, "misc", t)
    lg = ep.client("logs").describe_log_groups(logGroupNamePrefix="/ha/app")["logGroups"][0]
    assert lg["retentionInDays"] == 90 and lg["kmsKeyId"].startswith("arn:aws:kms:")
    assert outputs(stack)["ParamValue"] == "v2"
    delete(cfn, "misc")
    assert ev.list_event_buses(NamePrefix="ha-bus")["EventBuses"] == []
    assert sqs.list_queues().get("QueueUrls", []) == []


def test_report_lists_recorded_only(ep):
    rep = ep.report()
    assert "fidelity" in " ".join(rep["patches"])
    assert "recorded_only_properties" in rep
