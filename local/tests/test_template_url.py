"""TemplateURL pointing at the endpoint itself (path-style on a loopback host), as awscli's
`cloudformation deploy --s3-bucket` sends it when given --endpoint-url."""
import json

from .conftest import wait_stack

TEMPLATE = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "from-url"}}},
            "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}}}}


def test_loopback_path_style_template_url(ep, cfn):
    s3 = ep.client("s3")
    s3.create_bucket(Bucket="staging")
    s3.put_object(Bucket="staging", Key="t/template.json", Body=json.dumps(TEMPLATE).encode())
    url = f"{ep.url}/staging/t/template.json"
    stack_id = cfn.create_stack(StackName="from-url", TemplateURL=url)["StackId"]
    stack = wait_stack(cfn, stack_id)
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert stack["Outputs"][0]["OutputValue"].endswith(":from-url")
    assert "template-url:loopback-path-style" in ep.report()["patches"]


def test_aws_style_template_urls_still_resolve(ep, cfn):
    s3 = ep.client("s3")
    s3.create_bucket(Bucket="staging2")
    s3.put_object(Bucket="staging2", Key="k.json", Body=json.dumps(TEMPLATE).encode())
    for name, url in [("vhost", "https://staging2.s3.amazonaws.com/k.json"),
                      ("path", "https://s3.us-east-1.amazonaws.com/staging2/k.json")]:
        tpl = json.loads(json.dumps(TEMPLATE))
        tpl["Resources"]["Topic"]["Properties"]["TopicName"] = f"t-{name}"
        s3.put_object(Bucket="staging2", Key="k.json", Body=json.dumps(tpl).encode())
        stack = wait_stack(cfn, cfn.create_stack(StackName=f"s-{name}", TemplateURL=url)["StackId"])
        assert stack["StackStatus"] == "CREATE_COMPLETE", name
