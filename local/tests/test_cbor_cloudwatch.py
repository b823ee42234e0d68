"""CloudWatch over Smithy RPCv2 CBOR (what current AWS SDKs send), read back through the same API
and through boto3 (awsJson) to show it is one backend."""
import datetime as dt
import urllib.error
import urllib.request

import cbor2

AUTH = ("AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/monitoring/aws4_request, "
        "SignedHeaders=host;smithy-protocol, Signature=0")


def call(ep, op, params=None):
    body = cbor2.dumps(params) if params is not None else b""
    headers = {"smithy-protocol": "rpc-v2-cbor", "Accept": "application/cbor", "Authorization": AUTH}
    if params is not None:
        headers["Content-Type"] = "application/cbor"
    req = urllib.request.Request(f"{ep.url}/service/GraniteServiceVersion20100801/operation/{op}",
                                 data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            raw, status, hdrs = r.read(), r.status, r.headers
    except urllib.error.HTTPError as e:
        raw, status, hdrs = e.read(), e.code, e.headers
    assert hdrs.get("smithy-protocol") == "rpc-v2-cbor"
    return status, (cbor2.loads(raw) if raw else None), hdrs


ALARM = {"AlarmName": "cw-cpu", "Namespace": "AWS/RDS", "MetricName": "CPUUtilization", "Statistic": "Average",
         "Dimensions": [{"Name": "DBClusterIdentifier", "Value": "db"}], "Period": 60, "EvaluationPeriods": 5,
         "Threshold": 80.0, "ComparisonOperator": "GreaterThanThreshold",
         "AlarmActions": ["arn:aws:sns:us-east-1:123456789012:alarms"], "TreatMissingData": "notBreaching"}


def test_alarms_round_trip_in_cbor(ep):
    status, body, hdrs = call(ep, "PutMetricAlarm", ALARM)
    assert status == 200 and body is None
    status, _, _ = call(ep, "PutCompositeAlarm", {"AlarmName": "cw-critical", "AlarmRule": 'ALARM("cw-cpu")',
                                                  "AlarmActions": ["arn:aws:sns:us-east-1:123456789012:alarms"]})
    assert status == 200
    status, body, hdrs = call(ep, "DescribeAlarms", {"AlarmNamePrefix": "cw-",
                                                     "AlarmTypes": ["MetricAlarm", "CompositeAlarm"]})
    assert status == 200 and hdrs.get("Content-Type") == "application/cbor"
    (alarm,) = body["MetricAlarms"]
    assert alarm["AlarmName"] == "cw-cpu" and alarm["Threshold"] == 80.0 and isinstance(alarm["Threshold"], float)
    assert alarm["EvaluationPeriods"] == 5 and isinstance(alarm["EvaluationPeriods"], int)
    assert alarm["Dimensions"] == [{"Name": "DBClusterIdentifier", "Value": "db"}]
    assert alarm["ActionsEnabled"] is True and alarm["AlarmActions"] == ALARM["AlarmActions"]
    assert isinstance(alarm["StateUpdatedTimestamp"], dt.datetime)  # CBOR tag 1
    (composite,) = body["CompositeAlarms"]
    assert composite["AlarmRule"] == 'ALARM("cw-cpu")'
    status, body, _ = call(ep, "DescribeAlarmsForMetric", {"Namespace": "AWS/RDS", "MetricName": "CPUUtilization"})
    assert [a["AlarmName"] for a in body["MetricAlarms"]] == ["cw-cpu"]
    # the same backend through boto3 (awsJson)
    names = [a["AlarmName"] for a in ep.client("cloudwatch").describe_alarms(AlarmNamePrefix="cw-")["MetricAlarms"]]
    assert names == ["cw-cpu"]
    status, _, _ = call(ep, "DeleteAlarms", {"AlarmNames": ["cw-critical", "cw-cpu"]})
    assert status == 200
    _, body, _ = call(ep, "DescribeAlarms", {})
    assert body.get("MetricAlarms", []) == [] and body.get("CompositeAlarms", []) == []


def test_metric_data_dashboards_and_errors(ep):
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    status, _, _ = call(ep, "PutMetricData", {"Namespace": "App", "MetricData": [
        {"MetricName": "Orders", "Value": 3.0, "Unit": "Count", "Timestamp": now}]})
    assert status == 200
    stats = ep.client("cloudwatch").get_metric_statistics(
        Namespace="App", MetricName="Orders", StartTime=now - dt.timedelta(minutes=5),
        EndTime=now + dt.timedelta(minutes=5), Period=60, Statistics=["Sum"])
    assert [d["Sum"] for d in stats["Datapoints"]] == [3.0]
    ep.client("cloudwatch").put_dashboard(DashboardName="ops", DashboardBody='{"widgets": []}')
    _, body, _ = call(ep, "ListDashboards", {})
    assert [d["DashboardName"] for d in body["DashboardEntries"]] == ["ops"]
    assert isinstance(body["DashboardEntries"][0]["LastModified"], dt.datetime)
    _, body, _ = call(ep, "GetDashboard", {"DashboardName": "ops"})
    assert body["DashboardName"] == "ops" and body["DashboardBody"] == '{"widgets": []}'
    status, body, hdrs = call(ep, "GetDashboard", {"DashboardName": "missing"})
    assert status == 404 and body["__type"] == "com.amazonaws.cloudwatch#DashboardNotFoundError"
    assert hdrs.get("x-amzn-query-error", "").startswith("ResourceNotFound;")
    status, body, _ = call(ep, "NoSuchOperation", {})
    assert status == 400
