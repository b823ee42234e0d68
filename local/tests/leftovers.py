"""What is still provisioned in the endpoint's backends, read through the service APIs
(used to prove that DeleteStack left nothing behind)."""


def _safe(fn):
    try:
        return fn()
    except Exception as exc:  # an API the endpoint lacks must not hide the others
        return [f"error: {exc.__class__.__name__}: {exc}"]


def leftovers(client) -> dict:
    ec2, out = client("ec2"), {}
    default_vpcs = {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v.get("IsDefault")}
    checks = {
        "vpcs": lambda: [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")],
        "subnets": lambda: [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"] if s["VpcId"] not in default_vpcs],
        "security_groups": lambda: [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]
                                    if g["VpcId"] not in default_vpcs and g["GroupName"] != "default"],
        "internet_gateways": lambda: [g["InternetGatewayId"] for g in ec2.describe_internet_gateways()["InternetGateways"]
                                      if not any(a["VpcId"] in default_vpcs for a in g.get("Attachments", []))],
        "nat_gateways": lambda: [n["NatGatewayId"] for n in ec2.describe_nat_gateways()["NatGateways"]
                                 if n["State"] not in ("deleted", "deleting")],
        "addresses": lambda: [a.get("AllocationId") for a in ec2.describe_addresses()["Addresses"]],
        "route_tables": lambda: [r["RouteTableId"] for r in ec2.describe_route_tables()["RouteTables"]
                                 if r["VpcId"] not in default_vpcs],
        "vpc_endpoints": lambda: [e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"]
                                  if e["State"].lower() != "deleted"],
        "flow_logs": lambda: [f["FlowLogId"] for f in ec2.describe_flow_logs()["FlowLogs"]],
        "ecs_clusters": lambda: [c["clusterArn"] for c in client("ecs").describe_clusters(
            clusters=client("ecs").list_clusters()["clusterArns"])["clusters"] if c["status"] == "ACTIVE"],
        "load_balancers": lambda: [x["LoadBalancerArn"] for x in client("elbv2").describe_load_balancers()["LoadBalancers"]],
        "target_groups": lambda: [x["TargetGroupArn"] for x in client("elbv2").describe_target_groups()["TargetGroups"]],
        "db_clusters": lambda: [x["DBClusterIdentifier"] for x in client("rds").describe_db_clusters()["DBClusters"]],
        "db_instances": lambda: [x["DBInstanceIdentifier"] for x in client("rds").describe_db_instances()["DBInstances"]],
        "db_subnet_groups": lambda: [x["DBSubnetGroupName"] for x in client("rds").describe_db_subnet_groups()["DBSubnetGroups"]],
        "secrets": lambda: [x["Name"] for x in client("secretsmanager").list_secrets()["SecretList"]],
        "tables": lambda: client("dynamodb").list_tables()["TableNames"],
        "buckets": lambda: [b["Name"] for b in client("s3").list_buckets()["Buckets"]],
        "queues": lambda: client("sqs").list_queues().get("QueueUrls", []),
        "topics": lambda: [t["TopicArn"] for t in client("sns").list_topics()["Topics"]],
        "subscriptions": lambda: [s["SubscriptionArn"] for s in client("sns").list_subscriptions()["Subscriptions"]],
        "event_buses": lambda: [b["Name"] for b in client("events").list_event_buses()["EventBuses"] if b["Name"] != "default"],
        "rules": lambda: [r["Name"] for r in client("events").list_rules()["Rules"]],
        "archives": lambda: [a["ArchiveName"] for a in client("events").list_archives()["Archives"]],
        "state_machines": lambda: [s["name"] for s in client("stepfunctions").list_state_machines()["stateMachines"]],
        "parameters": lambda: [p["Name"] for p in client("ssm").describe_parameters()["Parameters"]],
        "log_groups": lambda: [g["logGroupName"] for g in client("logs").describe_log_groups()["logGroups"]],
        "functions": lambda: [f["FunctionName"] for f in client("lambda").list_functions()["Functions"]],
        "roles": lambda: [r["RoleName"] for r in client("iam").list_roles()["Roles"]],
        "policies": lambda: [p["PolicyName"] for p in client("iam").list_policies(Scope="Local")["Policies"]],
        # keys behind alias/aws/* are AWS managed (created on first use, never deleted on AWS either)
        "kms_keys": lambda: [k["KeyId"] for k in client("kms").list_keys()["Keys"]
                             if client("kms").describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
                             and k["KeyId"] not in {a.get("TargetKeyId") for a in client("kms").list_aliases()["Aliases"]
                                                    if a["AliasName"].startswith("alias/aws/")}],
        "kms_aliases": lambda: [a["AliasName"] for a in client("kms").list_aliases()["Aliases"]
                                if not a["AliasName"].startswith("alias/aws/")],
        "hosted_zones": lambda: [z["Id"] for z in client("route53").list_hosted_zones()["HostedZones"]],
        "health_checks": lambda: [h["Id"] for h in client("route53").list_health_checks()["HealthChecks"]],
        "namespaces": lambda: [n["Name"] for n in client("servicediscovery").list_namespaces()["Namespaces"]],
        "sd_services": lambda: [s["Name"] for s in client("servicediscovery").list_services()["Services"]],
        "backup_vaults": lambda: [v["BackupVaultName"] for v in client("backup").list_backup_vaults()["BackupVaultList"]],
        "backup_plans": lambda: [p["BackupPlanName"] for p in client("backup").list_backup_plans()["BackupPlansList"]],
        "canaries": lambda: [c["Name"] for c in client("synthetics").describe_canaries()["Canaries"]],
        "alarms": lambda: [a["AlarmName"] for a in client("cloudwatch").describe_alarms(
            AlarmTypes=["MetricAlarm", "CompositeAlarm"])["MetricAlarms"]] + [a["AlarmName"] for a in client(
            "cloudwatch").describe_alarms(AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]],
        "dashboards": lambda: [d["DashboardName"] for d in client("cloudwatch").list_dashboards()["DashboardEntries"]],
        "trails": lambda: [t["Name"] for t in client("cloudtrail").describe_trails()["trailList"]],
        "scalable_targets": lambda: [t["ResourceId"] for t in client("application-autoscaling").describe_scalable_targets(
            ServiceNamespace="ecs")["ScalableTargets"]],
        "scaling_policies": lambda: [p["PolicyName"] for p in client("application-autoscaling").describe_scaling_policies(
            ServiceNamespace="ecs")["ScalingPolicies"]],
    }
    for name, fn in checks.items():
        found = _safe(fn)
        if found:
            out[name] = found
    return out
