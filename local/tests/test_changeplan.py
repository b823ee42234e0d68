"""Change sets as CloudFormation computes them: Conditions with the new parameter values,
parameter-driven property changes, dependents of replaced resources, UsePreviousTemplate."""
import json

import pytest
from botocore.exceptions import ClientError

from .conftest import deploy, events, wait_stack

NAT_T = {
    "Parameters": {"NatGateways": {"Type": "String", "Default": "2", "AllowedValues": ["1", "2"]}},
    "Conditions": {"HasNat2": {"Fn::Equals": [{"Ref": "NatGateways"}, "2"]}},
    "Resources": {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "Subnet1": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24"}},
        "Subnet2": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24"}},
        "Eip1": {"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}},
        "Eip2": {"Type": "AWS::EC2::EIP", "Condition": "HasNat2", "Properties": {"Domain": "vpc"}},
        "Nat1": {"Type": "AWS::EC2::NatGateway",
                 "Properties": {"SubnetId": {"Ref": "Subnet1"}, "AllocationId": {"Fn::GetAtt": ["Eip1", "AllocationId"]}}},
        "Nat2": {"Type": "AWS::EC2::NatGateway", "Condition": "HasNat2",
                 "Properties": {"SubnetId": {"Ref": "Subnet2"}, "AllocationId": {"Fn::GetAtt": ["Eip2", "AllocationId"]}}},
        "Rt2": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
        "Route2": {"Type": "AWS::EC2::Route",
                   "Properties": {"RouteTableId": {"Ref": "Rt2"}, "DestinationCidrBlock": "0.0.0.0/0",
                                  "NatGatewayId": {"Fn::If": ["HasNat2", {"Ref": "Nat2"}, {"Ref": "Nat1"}]}}},
    },
}


def _changes(cfn, cs_id):
    d = cfn.describe_change_set(ChangeSetName=cs_id)
    assert d["Status"] == "CREATE_COMPLETE", d.get("StatusReason")
    return {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"] for c in d["Changes"]}


def _change_set(cfn, stack, name, params, cs_type="UPDATE", template=NAT_T, **kw):
    args = dict(StackName=stack, ChangeSetName=name, ChangeSetType=cs_type,
                Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in params.items()], **kw)
    if "UsePreviousTemplate" not in kw:
        args["TemplateBody"] = json.dumps(template)
    return cfn.create_change_set(**args)["Id"]


def test_create_change_set_leaves_out_false_conditions(cfn, ep):
    cs = _change_set(cfn, "natc", "c1", {"NatGateways": "1"}, cs_type="CREATE")
    ch = _changes(cfn, cs)
    assert set(ch) == {"Vpc", "Subnet1", "Subnet2", "Eip1", "Nat1", "Rt2", "Route2"}
    assert {c["Action"] for c in ch.values()} == {"Add"}
    cfn.execute_change_set(ChangeSetName=cs)
    stack = wait_stack(cfn, "natc")
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    nats = ep.client("ec2").describe_nat_gateways()["NatGateways"]
    assert len([n for n in nats if n["State"] == "available"]) == 1


def test_condition_flip_removes_and_modifies_then_execute_applies_it(cfn, ep):
    deploy(cfn, "nat", NAT_T)
    ec2 = ep.client("ec2")
    res = {r["LogicalResourceId"]: r["PhysicalResourceId"]
           for r in cfn.describe_stack_resources(StackName="nat")["StackResources"]}
    cs = _change_set(cfn, "nat", "down", {"NatGateways": "1"})
    ch = _changes(cfn, cs)
    assert {k: v["Action"] for k, v in ch.items()} == {"Eip2": "Remove", "Nat2": "Remove", "Route2": "Modify"}
    route = ch["Route2"]
    assert route["Replacement"] == "False" and route["Scope"] == ["Properties"]
    assert route["PhysicalResourceId"] == res["Route2"]
    assert route["Details"] == [{"Target": {"Attribute": "Properties", "Name": "NatGatewayId", "RequiresRecreation": "Never"},
                                 "Evaluation": "Static", "ChangeSource": "ParameterReference", "CausingEntity": "NatGateways"}]
    cfn.execute_change_set(ChangeSetName=cs)
    stack = wait_stack(cfn, "nat")
    assert stack["StackStatus"] == "UPDATE_COMPLETE", events(cfn, "nat")
    after = {r["LogicalResourceId"] for r in cfn.describe_stack_resources(StackName="nat")["StackResources"]}
    assert "Nat2" not in after and "Eip2" not in after
    nat = {n["NatGatewayId"]: n["State"] for n in ec2.describe_nat_gateways()["NatGateways"]}
    assert nat.get(res["Nat2"]) in (None, "deleted")
    rt = ec2.describe_route_tables(RouteTableIds=[res["Rt2"]])["RouteTables"][0]
    default = [r for r in rt["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
    assert [r.get("NatGatewayId") for r in default] == [res["Nat1"]]
    # and back: 1 -> 2 adds them again
    cs = _change_set(cfn, "nat", "up", {"NatGateways": "2"})
    assert {k: v["Action"] for k, v in _changes(cfn, cs).items()} == {"Eip2": "Add", "Nat2": "Add", "Route2": "Modify"}


SVC_T = {
    "Parameters": {"Image": {"Type": "String", "Default": "nginx:1"}, "Count": {"Type": "Number", "Default": "1"}},
    "Resources": {
        "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "cp"}},
        "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": "cp", "ContainerDefinitions": [{"Name": "app", "Image": {"Ref": "Image"}, "Memory": 128}]}},
        "Service": {"Type": "AWS::ECS::Service", "Properties": {
            "Cluster": {"Ref": "Cluster"}, "ServiceName": "cp-svc", "DesiredCount": {"Ref": "Count"},
            "TaskDefinition": {"Ref": "TaskDef"}}},
        "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": {"Fn::Sub": "img=${Image}"}}},
        "Other": {"Type": "AWS::SQS::Queue"},
    },
}


def test_parameter_change_replaces_task_definition_and_modifies_service(cfn, ep):
    deploy(cfn, "svc", SVC_T)
    cs = _change_set(cfn, "svc", "img", {"Image": "nginx:2"}, template=SVC_T)
    ch = _changes(cfn, cs)
    assert set(ch) == {"TaskDef", "Service", "Param"}
    td = ch["TaskDef"]
    assert (td["Action"], td["Replacement"]) == ("Modify", "True")
    assert td["Details"] == [{"Target": {"Attribute": "Properties", "Name": "ContainerDefinitions", "RequiresRecreation": "Always"},
                              "Evaluation": "Static", "ChangeSource": "ParameterReference", "CausingEntity": "Image"}]
    svc = ch["Service"]
    assert (svc["Action"], svc["Replacement"], svc["Scope"]) == ("Modify", "False", ["Properties"])
    assert svc["Details"] == [{"Target": {"Attribute": "Properties", "Name": "TaskDefinition", "RequiresRecreation": "Never"},
                               "Evaluation": "Dynamic", "ChangeSource": "ResourceReference", "CausingEntity": "TaskDef"}]
    assert ch["Param"]["Details"][0]["CausingEntity"] == "Image" and ch["Param"]["Replacement"] == "False"
    cfn.execute_change_set(ChangeSetName=cs)
    assert wait_stack(cfn, "svc")["StackStatus"] == "UPDATE_COMPLETE"
    ecs = ep.client("ecs")
    svc = ecs.describe_services(cluster="cp", services=["cp-svc"])["services"][0]
    td = ecs.describe_task_definition(taskDefinition=svc["taskDefinition"])["taskDefinition"]
    assert td["containerDefinitions"][0]["image"] == "nginx:2" and td["revision"] == 2
    # a parameter change without replacement: only the service, its property from the parameter
    cs = _change_set(cfn, "svc", "count", {"Image": "nginx:2", "Count": "2"}, template=SVC_T)
    ch = _changes(cfn, cs)
    assert set(ch) == {"Service"} and ch["Service"]["Details"][0]["Target"]["Name"] == "DesiredCount"


def test_use_previous_template_and_default_update_type(cfn):
    deploy(cfn, "prev", SVC_T)
    cs = cfn.create_change_set(StackName="prev", ChangeSetName="p1", UsePreviousTemplate=True,
                               Parameters=[{"ParameterKey": "Image", "UsePreviousValue": True},
                                           {"ParameterKey": "Count", "ParameterValue": "3"}])["Id"]
    d = cfn.describe_change_set(ChangeSetName=cs)
    assert {c["ResourceChange"]["LogicalResourceId"] for c in d["Changes"]} == {"Service"}
    assert {p["ParameterKey"]: p["ParameterValue"] for p in d["Parameters"]} == {"Image": "nginx:1", "Count": "3"}
    cfn.execute_change_set(ChangeSetName=cs)
    stack = wait_stack(cfn, "prev")
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    assert {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}["Count"] == "3"
    body = cfn.get_template(StackName="prev")["TemplateBody"]
    assert (json.loads(body) if isinstance(body, str) else body) == SVC_T
    with pytest.raises(ClientError, match="cannot be created again"):
        cfn.create_change_set(StackName="prev", ChangeSetName="p2", ChangeSetType="CREATE", TemplateBody=json.dumps(SVC_T))
    with pytest.raises(ClientError, match="both usePreviousTemplate"):
        cfn.create_change_set(StackName="prev", ChangeSetName="p3", UsePreviousTemplate=True, TemplateBody=json.dumps(SVC_T))


def test_plan_of_the_ha_template_nat_and_image_changes():
    """The planner on the synthesized HA template (no endpoint needed): 3 -> 2 NAT gateways and a
    new container image give what CloudFormation shows."""
    import os
    import sys

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    from hamoto import changeplan
    path = os.path.join(os.path.dirname(__file__), "..", "..", "out", "TapStackprod.template.json")
    if not os.path.exists(path):
        pytest.skip("out/TapStackprod.template.json not synthesized")
    with open(path) as f:
        t = json.load(f)
    pseudo = {"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::StackName": "s",
              "AWS::StackId": "id", "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
    got = {(p.action, p.name, p.replacement) for p in changeplan.plan(t, {"NatGateways": "3"}, t, {"NatGateways": "2"}, pseudo)}
    assert got == {("Modify", "PrivateDefaultRoute3", "False"), ("Remove", "Nat3", None), ("Remove", "NatEip3", None)}
    plan = {p.name: p for p in changeplan.plan(t, {}, t, {"ContainerImage": "nginx:new"}, pseudo)}
    assert set(plan) == {"TaskDefinition", "EcsService"}
    assert plan["TaskDefinition"].replacement == "True" and plan["EcsService"].replacement == "False"
    assert [d["ChangeSource"] for d in plan["EcsService"].details] == ["ResourceReference"]
