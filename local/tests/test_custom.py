import json
import time

from .conftest import delete, deploy, events, outputs, update, wait_stack

HANDLER = r'''
import json, os, boto3, cfnresponse

def handler(event, context):
    print("EVENT", json.dumps({k: event.get(k) for k in ("RequestType", "PhysicalResourceId", "OldResourceProperties")}))
    props = event["ResourceProperties"]
    ssm = boto3.client("ssm")
    name = "/custom/" + props["Name"]
    assert context.get_remaining_time_in_millis() > 0
    if event["RequestType"] == "Delete":
        ssm.delete_parameter(Name=name)
        cfnresponse.send(event, context, cfnresponse.SUCCESS, {}, event["PhysicalResourceId"])
        return
    if props.get("Fail") == "yes":
        cfnresponse.send(event, context, cfnresponse.FAILED, {}, reason="asked to fail")
        return
    ssm.put_parameter(Name=name, Value=props["Value"] + os.environ["SUFFIX"], Type="String", Overwrite=True)
    cfnresponse.send(event, context, cfnresponse.SUCCESS, {"Echo": props["Value"], "Region": os.environ["AWS_REGION"]},
                     "phys-" + props["Name"])
'''


def template(value="v1", fail="no", timeout=10, code=HANDLER):
    return {
        "Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
                "Runtime": "python3.12", "Handler": "index.handler", "Timeout": timeout,
                "Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Code": {"ZipFile": code},
                "Environment": {"Variables": {"SUFFIX": "-sfx"}}}},
            "Cust": {"Type": "Custom::Thing", "Properties": {
                "ServiceToken": {"Fn::GetAtt": ["Fn", "Arn"]}, "Name": "p1", "Value": value, "Fail": fail}},
            "Dependent": {"Type": "AWS::SSM::Parameter", "Properties": {
                "Name": "/dependent", "Type": "String", "Value": {"Fn::GetAtt": ["Cust", "Echo"]}}},
        },
        "Outputs": {"Echo": {"Value": {"Fn::GetAtt": ["Cust", "Echo"]}}, "Phys": {"Value": {"Ref": "Cust"}},
                    "Region": {"Value": {"Fn::GetAtt": ["Cust", "Region"]}}},
    }


def test_custom_resource_create_update_delete(cfn, ep):
    ssm = ep.client("ssm")
    stack = deploy(cfn, "cust", template())
    out = outputs(stack)
    assert out == {"Echo": "v1", "Phys": "phys-p1", "Region": "us-east-1"}
    assert ssm.get_parameter(Name="/custom/p1")["Parameter"]["Value"] == "v1-sfx"
    assert ssm.get_parameter(Name="/dependent")["Parameter"]["Value"] == "v1"
    cust = [e for e in events(cfn, stack["StackId"]) if e[0] == "Cust"]
    assert [e[2] for e in cust] == ["CREATE_IN_PROGRESS", "CREATE_COMPLETE"] and cust[-1][3] == "phys-p1"

    stack = update(cfn, "cust", template("v2"))
    assert outputs(stack)["Echo"] == "v2"
    assert ssm.get_parameter(Name="/custom/p1")["Parameter"]["Value"] == "v2-sfx"
    assert ssm.get_parameter(Name="/dependent")["Parameter"]["Value"] == "v2"

    delete(cfn, "cust")
    assert [p["Name"] for p in ssm.describe_parameters()["Parameters"]] == []
    inv = [(i["logical_id"], i["request_type"], i["response_status"], i["executed"])
           for i in ep.report()["custom_resource_invocations"]]
    assert inv == [("Cust", "Create", "SUCCESS", True), ("Cust", "Update", "SUCCESS", True),
                   ("Cust", "Delete", "SUCCESS", True)]
    assert all(i["duration_ms"] is not None for i in ep.report()["custom_resource_invocations"])
    assert "EVENT" in ep.log()


def test_custom_resource_failure_rolls_back(cfn, ep):
    stack = deploy(cfn, "custfail", template(fail="yes"), expect="ROLLBACK_COMPLETE")
    failed = [e for e in events(cfn, stack["StackId"]) if e[0] == "Cust" and e[2] == "CREATE_FAILED"]
    assert failed and failed[0][4] == "asked to fail"


def test_custom_resource_handler_that_never_answers(cfn, ep):
    code = "def handler(event, context):\n    print('no answer')\n"
    stack = deploy(cfn, "custsilent", template(code=code, timeout=1), expect="ROLLBACK_COMPLETE")
    failed = [e for e in events(cfn, stack["StackId"]) if e[0] == "Cust" and e[2] == "CREATE_FAILED"]
    assert "without sending a response" in failed[0][4]


def test_external_response_for_non_inline_token(cfn, ep):
    import urllib.request
    t = {"Resources": {"Cust": {"Type": "AWS::CloudFormation::CustomResource", "Properties": {
        "ServiceToken": "arn:aws:sns:us-east-1:123456789012:somewhere", "X": 1}}},
        "Outputs": {"V": {"Value": {"Fn::GetAtt": ["Cust", "Value"]}}}}
    sid = cfn.create_stack(StackName="ext", TemplateBody=json.dumps(t))["StackId"]
    time.sleep(0.3)
    assert cfn.describe_stacks(StackName=sid)["Stacks"][0]["StackStatus"] == "CREATE_IN_PROGRESS"
    inv = [i for i in ep.report()["custom_resource_invocations"] if i["logical_id"] == "Cust"][0]
    assert inv["executed"] is False and "waiting for an external PUT" in inv["reason"]
    url = inv["reason"].split("PUT to ")[1]
    body = json.dumps({"Status": "SUCCESS", "StackId": sid, "RequestId": "unknown", "LogicalResourceId": "Cust",
                       "PhysicalResourceId": "ext-1", "Data": {"Value": "hello"}}).encode()
    urllib.request.urlopen(urllib.request.Request(url, data=body, method="PUT"), timeout=5).read()
    stack = wait_stack(cfn, sid)
    assert stack["StackStatus"] == "CREATE_COMPLETE" and outputs(stack) == {"V": "hello"}
