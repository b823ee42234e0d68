import json

import pytest
from botocore.exceptions import ClientError

from .conftest import delete, deploy, events, outputs, update, wait_stack

QUEUE_T = {
    "Parameters": {"Vis": {"Type": "String", "Default": "30"}},
    "Resources": {
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": {"Ref": "Vis"}}},
        "P": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": {"Fn::GetAtt": ["Q", "Arn"]}}},
    },
    "Outputs": {"QArn": {"Value": {"Fn::GetAtt": ["Q", "Arn"]}}, "PName": {"Value": {"Ref": "P"}}},
}


def test_per_resource_events_in_dependency_order(cfn):
    stack = deploy(cfn, "ev", QUEUE_T)
    evs = events(cfn, stack["StackId"])
    res = [(lid, st) for lid, _, st, _, _ in evs if lid != "ev"]
    assert res == [("Q", "CREATE_IN_PROGRESS"), ("Q", "CREATE_COMPLETE"),
                   ("P", "CREATE_IN_PROGRESS"), ("P", "CREATE_COMPLETE")]
    q_done = [e for e in evs if e[0] == "Q" and e[2] == "CREATE_COMPLETE"][0]
    assert q_done[1] == "AWS::SQS::Queue" and q_done[3].startswith("http")
    assert evs[0][2] == "CREATE_IN_PROGRESS" and evs[-1][2] == "CREATE_COMPLETE" and evs[-1][0] == "ev"
    resources = cfn.describe_stack_resources(StackName="ev")["StackResources"]
    assert sorted(r["LogicalResourceId"] for r in resources) == ["P", "Q"]
    assert {r["ResourceStatus"] for r in resources} == {"CREATE_COMPLETE"}
    delete(cfn, "ev")
    evs = events(cfn, stack["StackId"])
    dels = [(lid, st) for lid, _, st, _, _ in evs if st.startswith("DELETE") and lid != "ev"]
    assert dels == [("P", "DELETE_IN_PROGRESS"), ("P", "DELETE_COMPLETE"),
                    ("Q", "DELETE_IN_PROGRESS"), ("Q", "DELETE_COMPLETE")]


def test_update_events_and_outputs(cfn, ep):
    deploy(cfn, "up", QUEUE_T)
    t2 = json.loads(json.dumps(QUEUE_T))
    t2["Resources"]["T"] = {"Type": "AWS::SNS::Topic"}
    t2["Outputs"]["Topic"] = {"Value": {"Ref": "T"}}
    del t2["Outputs"]["PName"]
    stack = update(cfn, "up", t2, params={"Vis": "60"})
    out = outputs(stack)
    assert set(out) == {"QArn", "Topic"}
    attrs = ep.client("sqs").get_queue_attributes(QueueUrl=ep.client("sqs").list_queues()["QueueUrls"][0],
                                                 AttributeNames=["VisibilityTimeout"])
    assert attrs["Attributes"]["VisibilityTimeout"] == "60"
    sts = [(lid, st) for lid, _, st, _, _ in events(cfn, stack["StackId"])]
    assert ("Q", "UPDATE_COMPLETE") in sts and ("T", "CREATE_COMPLETE") in sts
    assert ("up", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS") in sts


def test_no_op_update_with_and_without_parameters(cfn):
    deploy(cfn, "noop", QUEUE_T)
    for params in (None, [{"ParameterKey": "Vis", "UsePreviousValue": True}], [{"ParameterKey": "Vis", "ParameterValue": "30"}]):
        args = dict(StackName="noop", TemplateBody=json.dumps(QUEUE_T))
        if params:
            args["Parameters"] = params
        with pytest.raises(ClientError) as err:
            cfn.update_stack(**args)
        assert "No updates are to be performed." in str(err.value)


def test_empty_change_set_fails_like_aws(cfn):
    deploy(cfn, "ecs", QUEUE_T)
    for params in (None, [{"ParameterKey": "Vis", "ParameterValue": "30"}]):
        name = "cs1" if params else "cs0"
        args = dict(StackName="ecs", ChangeSetName=name, TemplateBody=json.dumps(QUEUE_T), ChangeSetType="UPDATE")
        if params:
            args["Parameters"] = params
        cfn.create_change_set(**args)
        cs = cfn.describe_change_set(StackName="ecs", ChangeSetName=name)
        assert cs["Status"] == "FAILED"
        assert cs["ExecutionStatus"] == "UNAVAILABLE"
        assert cs["StatusReason"] == ("The submitted information didn't contain changes. "
                                      "Submit different information to create a change set.")


def test_change_set_outputs_update_and_create(cfn, ep):
    cfn.create_change_set(StackName="csc", ChangeSetName="c1", TemplateBody=json.dumps(QUEUE_T), ChangeSetType="CREATE")
    cs = cfn.describe_change_set(StackName="csc", ChangeSetName="c1")
    assert cs["Status"] == "CREATE_COMPLETE" and {c["ResourceChange"]["Action"] for c in cs["Changes"]} == {"Add"}
    cfn.execute_change_set(StackName="csc", ChangeSetName="c1")
    stack = wait_stack(cfn, cs["StackId"])
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert set(outputs(stack)) == {"QArn", "PName"}
    t2 = json.loads(json.dumps(QUEUE_T))
    del t2["Resources"]["P"]
    del t2["Outputs"]["PName"]
    t2["Resources"]["T"] = {"Type": "AWS::SNS::Topic"}
    t2["Outputs"]["Topic"] = {"Value": {"Ref": "T"}}
    cfn.create_change_set(StackName="csc", ChangeSetName="c2", TemplateBody=json.dumps(t2), ChangeSetType="UPDATE")
    cs = cfn.describe_change_set(StackName="csc", ChangeSetName="c2")
    actions = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"]["Action"] for c in cs["Changes"]}
    assert actions == {"T": "Add", "P": "Remove"}
    cfn.execute_change_set(StackName="csc", ChangeSetName="c2")
    stack = wait_stack(cfn, cs["StackId"])
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    out = outputs(stack)
    assert set(out) == {"QArn", "Topic"} and out["Topic"].startswith("arn:aws:sns")
    assert ep.client("ssm").describe_parameters()["Parameters"] == []


def test_change_set_replacement_reported(cfn):
    t = {"Resources": {"A": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmName": "a1", "MetricName": "M", "Namespace": "N", "Statistic": "Sum", "Period": 60,
        "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "GreaterThanThreshold"}}}}
    deploy(cfn, "rep", t)
    t["Resources"]["A"]["Properties"]["Threshold"] = 5
    cfn.create_change_set(StackName="rep", ChangeSetName="x", TemplateBody=json.dumps(t), ChangeSetType="UPDATE")
    rc = cfn.describe_change_set(StackName="rep", ChangeSetName="x")["Changes"][0]["ResourceChange"]
    assert rc["Action"] == "Modify" and rc["Replacement"] == "False" and rc["PhysicalResourceId"] == "a1"
    t["Resources"]["A"]["Properties"]["AlarmName"] = "a2"
    cfn.create_change_set(StackName="rep", ChangeSetName="y", TemplateBody=json.dumps(t), ChangeSetType="UPDATE")
    rc = cfn.describe_change_set(StackName="rep", ChangeSetName="y")["Changes"][0]["ResourceChange"]
    assert rc["Replacement"] == "True"


def test_failed_create_rolls_back(cfn, ep):
    t = {"Resources": {
        "Q": {"Type": "AWS::SQS::Queue"},
        "Bad": {"Type": "AWS::CloudWatch::CompositeAlarm", "DependsOn": "Q",
                "Properties": {"AlarmName": "c", "AlarmRule": "ALARM(nope)"}}}}
    stack = deploy(cfn, "rb", t, expect="ROLLBACK_COMPLETE")
    sts = [(lid, st) for lid, _, st, _, _ in events(cfn, stack["StackId"])]
    assert ("Bad", "CREATE_FAILED") in sts and ("Q", "DELETE_COMPLETE") in sts
    assert ep.client("sqs").list_queues().get("QueueUrls", []) == []


def test_fn_cidr(cfn, ep):
    t = {"Resources": {
        "V": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "S": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "V"}, "CidrBlock": {
            "Fn::Select": [2, {"Fn::Cidr": [{"Fn::GetAtt": ["V", "CidrBlock"]}, 4, 8]}]}}}},
        "Outputs": {"C": {"Value": {"Fn::Join": [",", {"Fn::Cidr": ["10.0.0.0/16", 3, 8]}]}}}}
    stack = deploy(cfn, "cidr", t)
    assert outputs(stack)["C"] == "10.0.0.0/24,10.0.1.0/24,10.0.2.0/24"
    subnets = ep.client("ec2").describe_subnets(Filters=[{"Name": "cidr-block", "Values": ["10.0.2.0/24"]}])["Subnets"]
    assert len(subnets) == 1


def test_vpc_with_routes_deletes_cleanly(cfn, ep):
    t = {"Resources": {
        "V": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.1.0.0/16"}},
        "S": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "V"}, "CidrBlock": "10.1.0.0/24"}},
        "IGW": {"Type": "AWS::EC2::InternetGateway"},
        "Att": {"Type": "AWS::EC2::VPCGatewayAttachment", "Properties": {"VpcId": {"Ref": "V"}, "InternetGatewayId": {"Ref": "IGW"}}},
        "RT": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "V"}}},
        "R": {"Type": "AWS::EC2::Route", "DependsOn": "Att", "Properties": {
            "RouteTableId": {"Ref": "RT"}, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": {"Ref": "IGW"}}},
        "A": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"RouteTableId": {"Ref": "RT"}, "SubnetId": {"Ref": "S"}}},
    }}
    stack = deploy(cfn, "vpc", t)
    vpc_id = [r for r in cfn.describe_stack_resources(StackName="vpc")["StackResources"] if r["LogicalResourceId"] == "V"][0]["PhysicalResourceId"]
    delete(cfn, "vpc")
    ec2 = ep.client("ec2")
    assert [v for v in ec2.describe_vpcs()["Vpcs"] if v["VpcId"] == vpc_id] == []
    assert ec2.describe_internet_gateways()["InternetGateways"] == []


def test_managed_policy_delete_detaches(cfn, ep):
    t = {"Resources": {
        "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
        "MP": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"Roles": [{"Ref": "Role"}], "PolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}}}}
    deploy(cfn, "mp", t)
    delete(cfn, "mp")
    iam = ep.client("iam")
    assert iam.list_policies(Scope="Local")["Policies"] == []
    assert iam.list_roles()["Roles"] == []


def test_delete_failure_keeps_stack(cfn, ep):
    t = {"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "ha-nonempty"}}}}
    deploy(cfn, "df", t)
    ep.client("s3").put_object(Bucket="ha-nonempty", Key="k", Body=b"x")
    stack = delete(cfn, "df", expect="DELETE_FAILED")
    assert cfn.describe_stacks(StackName="df")["Stacks"][0]["StackStatus"] == "DELETE_FAILED"
    ep.client("s3").delete_object(Bucket="ha-nonempty", Key="k")
    delete(cfn, "df")


def test_report_endpoint(ep):
    rep = ep.report()
    assert "async-engine" in rep["patches"]
    assert rep["modelled_types"]["AWS::RDS::DBCluster"]["backing"] == "moto-backend"
    assert "AWS::Backup::BackupSelection" in rep["recorded_only_types"]
