"""Exports in use: ListImports, and DeleteStack / UpdateStack refusing to remove an export
another stack imports (AWS's messages)."""
import json

import pytest
from botocore.exceptions import ClientError

from .conftest import delete, deploy, events, update, wait_stack

PRODUCER = {
    "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
    "Resources": {"T": {"Type": "AWS::SNS::Topic"}},
    "Outputs": {
        "TopicArn": {"Value": {"Ref": "T"}, "Export": {"Name": {"Fn::Sub": "net-${Env}-topic"}}},
        "Plain": {"Value": "x", "Export": {"Name": "net-plain"}},
    },
}


def consumer(export=None):
    """A stack importing `export` (default: the producer's topic, named through Fn::Sub)."""
    name = export or {"Fn::Sub": "net-${Env}-topic"}
    return {
        "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
        "Resources": {"P": {"Type": "AWS::SSM::Parameter",
                            "Properties": {"Type": "String", "Value": {"Fn::ImportValue": name}}}},
        "Outputs": {"Imported": {"Value": {"Fn::ImportValue": name}}},
    }


def reason(cfn, stack_id, status):
    return [e[4] for e in events(cfn, stack_id) if e[2] == status][-1]


def test_list_imports_names_importing_stacks(cfn):
    deploy(cfn, "net", PRODUCER)
    with pytest.raises(ClientError) as err:
        cfn.list_imports(ExportName="net-dev-topic")
    assert err.value.response["Error"]["Code"] == "ValidationError"
    assert err.value.response["Error"]["Message"] == "Export 'net-dev-topic' is not imported by any stack."
    deploy(cfn, "api", consumer())
    deploy(cfn, "web", consumer("net-dev-topic"))
    assert cfn.list_imports(ExportName="net-dev-topic")["Imports"] == ["api", "web"]
    with pytest.raises(ClientError):
        cfn.list_imports(ExportName="net-plain")
    # A consumer gone no longer imports.
    delete(cfn, "web")
    assert cfn.list_imports(ExportName="net-dev-topic")["Imports"] == ["api"]


def test_delete_of_an_imported_export_fails_and_deletes_nothing(cfn, ep):
    net = deploy(cfn, "net", PRODUCER)
    deploy(cfn, "api", consumer())
    failed = delete(cfn, "net", expect="DELETE_FAILED")
    assert failed["StackStatus"] == "DELETE_FAILED"
    assert reason(cfn, net["StackId"], "DELETE_FAILED") == "Export net-dev-topic cannot be deleted as it is in use by api"
    # Nothing was deleted: the topic and the exports are still there.
    assert len(ep.client("sns").list_topics()["Topics"]) == 1
    assert sorted(e["Name"] for e in cfn.list_exports()["Exports"]) == ["net-dev-topic", "net-plain"]
    assert not [e for e in events(cfn, net["StackId"]) if e[0] == "T" and e[2].startswith("DELETE")]
    # Consumer first, then the producer goes.
    delete(cfn, "api")
    delete(cfn, "net")
    assert cfn.list_exports()["Exports"] == []


def test_update_removing_an_imported_export_rolls_back(cfn):
    deploy(cfn, "net", PRODUCER)
    deploy(cfn, "api", consumer())
    t2 = json.loads(json.dumps(PRODUCER))
    del t2["Outputs"]["TopicArn"]
    stack = update(cfn, "net", t2, expect="UPDATE_ROLLBACK_COMPLETE")
    assert reason(cfn, stack["StackId"], "UPDATE_ROLLBACK_IN_PROGRESS") == \
        "Export net-dev-topic cannot be deleted as it is in use by api"
    assert "net-dev-topic" in [e["Name"] for e in cfn.list_exports()["Exports"]]
    # An export nobody imports can go.
    t3 = json.loads(json.dumps(PRODUCER))
    del t3["Outputs"]["Plain"]
    update(cfn, "net", t3)
    assert [e["Name"] for e in cfn.list_exports()["Exports"]] == ["net-dev-topic"]


def test_a_create_change_set_resolves_imports(cfn):
    deploy(cfn, "net", PRODUCER)
    cfn.create_change_set(StackName="api", ChangeSetName="c1", ChangeSetType="CREATE",
                          TemplateBody=json.dumps(consumer()))
    cfn.execute_change_set(StackName="api", ChangeSetName="c1")
    stack = wait_stack(cfn, "api")
    assert stack["StackStatus"] == "CREATE_COMPLETE", events(cfn, stack["StackId"])
    topic = [o["OutputValue"] for o in stack["Outputs"] if o["OutputKey"] == "Imported"]
    assert topic and topic[0].startswith("arn:aws:sns:us-east-1:")
    assert cfn.list_imports(ExportName="net-dev-topic")["Imports"] == ["api"]


def test_report_lists_the_import_patches(ep):
    patches = ep.report()["patches"]
    assert "is not imported by any stack" in patches["list-imports"]
    assert "cannot be deleted as it is in use by" in patches["exports-in-use"]
    assert "CREATE change set" in patches["import-value-change-sets"]
    assert "the output is dropped" in patches["getatt-outputs-of-skipped-types"]


SKIPPED_TYPE_OUTPUTS = {
    "Resources": {
        "T": {"Type": "AWS::SNS::Topic"},
        "Http": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "h", "ProtocolType": "HTTP"}},
    },
    "Outputs": {
        "Endpoint": {"Value": {"Fn::GetAtt": ["Http", "ApiEndpoint"]}},
        "Nested": {"Value": {"Fn::Join": ["", ["https://", {"Fn::GetAtt": ["Http", "ApiId"]}]]}},
        "TopicArn": {"Value": {"Ref": "T"}, "Export": {"Name": "skipped-topic"}},
    },
}


@pytest.mark.parametrize("through_change_set", [False, True])
def test_outputs_reading_attributes_of_skipped_types_are_dropped(cfn, through_change_set):
    # moto fails such a stack (HTTP 500 when it validates the outputs, or 'Fn::GetAtt
    # references undefined resource' when it computes them); AWS deploys it.
    if through_change_set:
        cfn.create_change_set(StackName="skip", ChangeSetName="c1", ChangeSetType="CREATE",
                              TemplateBody=json.dumps(SKIPPED_TYPE_OUTPUTS))
        cfn.execute_change_set(ChangeSetName="c1", StackName="skip")
        stack = wait_stack(cfn, "skip")
        assert stack["StackStatus"] == "CREATE_COMPLETE"
    else:
        stack = deploy(cfn, "skip", SKIPPED_TYPE_OUTPUTS)
    outputs = {o["OutputKey"]: o for o in stack.get("Outputs", [])}
    assert sorted(outputs) == ["TopicArn"]
    exports = [e["Name"] for e in cfn.list_exports()["Exports"]]
    assert "skipped-topic" in exports
    # the template itself is kept as sent
    body = cfn.get_template(StackName="skip")["TemplateBody"]
    body = body if isinstance(body, dict) else json.loads(body)
    assert sorted(body["Outputs"]) == ["Endpoint", "Nested", "TopicArn"]
