"""GetAtt attributes moto omits / returns as literals / rejects, and properties moto's
CloudFormation models ignore.  Every value here is applied to (or read from) moto's real
service backends, so the service APIs read the same values back.

* ``ATTRS``: extra GetAtt attributes per moto model class, patched into the class's
  ``get_cfn_attribute`` / ``has_cfn_attr`` (so Outputs validation accepts them too).
* ``enhance(...)``: wraps the model used for a CFN type (moto's, or an earlier ha-local
  fix) with a replacement create/update and/or post-create/post-update hooks that apply
  the properties moto ignores.
* ``RECORDED_ONLY_PROPS``: properties accepted but not readable through any API (listed
  in /ha-local/report).
"""
from __future__ import annotations

import copy
import json
import logging
from functools import lru_cache
from typing import Any, Callable

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import ValidationError

from . import engine, report, resources

log = logging.getLogger("hamoto.fidelity")

# Settings that are stored (and, unless said otherwise, readable through the service API)
# but never acted on, or accepted and not applied at all.  Served in /ha-local/report.
RECORDED_ONLY_PROPS: dict[str, str] = {
    "AWS::ECS::Service": "readable via describe_services; no tasks run (runningCount follows desiredCount), "
                         "circuit breaker / deployment alarms never fire, ServiceRegistries register nothing",
    "AWS::ECS::TaskDefinition": "readable via describe_task_definition; never run",
    "AWS::ElasticLoadBalancingV2::LoadBalancer.LoadBalancerAttributes": "readable; no traffic, no access logs written",
    "AWS::ElasticLoadBalancingV2::TargetGroup.HealthCheck*": "readable; no health checks run, no targets registered",
    "AWS::Route53::HealthCheck.HealthCheckConfig": "readable via get_health_check; no checks run, status never changes",
    "AWS::Route53::RecordSet.AliasTarget.EvaluateTargetHealth": "readable; no DNS is served",
    "AWS::S3::Bucket.LifecycleConfiguration": "readable; rules never expire or transition objects",
    "AWS::DynamoDB::Table.TimeToLiveSpecification": "readable; items never expire",
    "AWS::DynamoDB::Table.PointInTimeRecoverySpecification": "readable; no restore points exist",
    "AWS::Events::Rule.Targets.RetryPolicy/DeadLetterConfig": "readable via list_targets_by_rule; moto delivers once, "
                                                              "no retries, nothing goes to the DLQ",
    "AWS::Events::Archive.RetentionDays": "readable; archives hold no events",
    "AWS::StepFunctions::StateMachine.LoggingConfiguration/TracingConfiguration": "readable; no logs or traces written",
    "AWS::Logs::LogGroup.KmsKeyId": "readable; nothing is encrypted",
    "AWS::SQS::Queue.KmsMasterKeyId": "readable; nothing is encrypted",
    "AWS::SNS::Topic.KmsMasterKeyId": "readable; nothing is encrypted",
    "AWS::Backup::BackupVault": "Backup ListRecoveryPointsByBackupVault always empty (no backups are taken)",
    "AWS::ElasticLoadBalancingV2::ListenerRule.IsDefault": "GetAtt IsDefault is always 'false' (rules created by templates are never default)",
    "AWS::EC2::Subnet.OutpostArn": "GetAtt OutpostArn is always empty",
}

# ELB canonical hosted zone ids (docs.aws.amazon.com/general/latest/gr/elb.html)
ALB_ZONES = {
    "us-east-1": "Z35SXDOTRQ7X7K", "us-east-2": "Z3AADJGX6KTTL2", "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5", "ca-central-1": "ZQSVJUPU6J1EY", "eu-west-1": "Z32O12XQLNTSW2",
    "eu-west-2": "ZHURV8PSTC4K8", "eu-west-3": "Z3Q77PNBQS71R4", "eu-central-1": "Z215JYRZR1TBD5",
    "eu-north-1": "Z23TAZ7LKW2RVE", "ap-south-1": "ZP97RAFLXTNZK", "ap-northeast-1": "Z14GRHDCWA56QT",
    "ap-northeast-2": "ZWKZPGTI48KDX", "ap-southeast-1": "Z1LMS91P8CMLE5", "ap-southeast-2": "Z1GM3OXH4ZPM65",
    "sa-east-1": "Z2P70J7HTTTPLU",
}
NLB_ZONES = {
    "us-east-1": "Z26RNL4JYFTOTI", "us-east-2": "ZLMOA37VPKANP", "us-west-1": "Z24FKFUX50B4VW",
    "us-west-2": "Z18D5FSROUN65G", "eu-west-1": "Z2IFOLAFXWLO4F", "eu-central-1": "Z3F0SRJ5LGBH90",
}


def _bool(v, default=False) -> bool:
    return resources._bool(v, default)


def _tags_list(tags):
    return resources._tags_list(tags)


def _region_of(arn: str) -> str:
    parts = str(arn).split(":")
    return parts[3] if len(parts) > 3 else "us-east-1"


def _ec2(account, region):
    from moto.ec2.models import ec2_backends
    return ec2_backends[account][region]


# ======================================================================================
# attributes


def _vpc_default_acl(vpc):
    for acl in vpc.ec2_backend.network_acls.values():
        if acl.vpc_id == vpc.id and acl.default == "true" or (acl.vpc_id == vpc.id and acl.default is True):
            return acl.id
    return None


def _subnet_acl_assoc(subnet):
    for acl in subnet.ec2_backend.network_acls.values():
        for assoc_id, assoc in getattr(acl, "_associations", {}).items():
            if assoc.subnet_id == subnet.id:
                return assoc_id
    return None


def _sg_of_vpc(vpc, name="default"):
    return vpc.ec2_backend.get_security_group_from_name(name, vpc_id=vpc.id).id


def _lb_full(lb):
    return lb.arn.split(":loadbalancer/", 1)[1]


def _tg_full(tg):
    return tg.arn.split(":", 5)[5]


def _zone_id(zone):
    return zone.id.split("/")[-1]


def _log_group_arn(lg):
    arn = lg.arn if hasattr(lg, "arn") else f"arn:aws:logs:{lg.region}:{lg.account_id}:log-group:{lg.name}"
    return arn if arn.endswith(":*") else arn + ":*"


def _attr_table() -> dict:
    from moto.dynamodb.models.table import Table
    from moto.ec2.models.internet_gateways import InternetGateway
    from moto.ec2.models.nat_gateways import NatGateway
    from moto.ec2.models.route_tables import RouteTable
    from moto.ec2.models.security_groups import SecurityGroup
    from moto.ec2.models.subnets import Subnet
    from moto.ec2.models.vpcs import VPC
    from moto.ecs.models import Cluster, Service, TaskDefinition
    from moto.elbv2.models import FakeListener, FakeListenerRule, FakeLoadBalancer, FakeTargetGroup
    from moto.events.models import Archive, EventBus, Rule
    from moto.iam.models import Role
    from moto.kms.models import Key
    from moto.logs.models import LogGroup
    from moto.route53.models import FakeZone, HealthCheck
    from moto.s3.models import FakeBucket
    from moto.sns.models import Topic
    from moto.sqs.models import Queue
    from moto.ssm.models import Parameter
    from moto.stepfunctions.models import StateMachine
    from moto.awslambda.models import LambdaFunction

    return {
        VPC: {
            "VpcId": lambda s: s.id,
            "CidrBlock": lambda s: s.cidr_block,
            "CidrBlockAssociations": lambda s: [c["association_id"] for c in s.get_cidr_block_association_set()],
            "DefaultNetworkAcl": _vpc_default_acl,
            "DefaultSecurityGroup": _sg_of_vpc,
            "Ipv6CidrBlocks": lambda s: [c["cidr_block"] for c in s.get_cidr_block_association_set(ipv6=True)],
        },
        Subnet: {
            "SubnetId": lambda s: s.id,
            "VpcId": lambda s: s.vpc_id,
            "AvailabilityZone": lambda s: s.availability_zone,
            "AvailabilityZoneId": lambda s: s.availability_zone_id,
            "CidrBlock": lambda s: s.cidr_block,
            "NetworkAclAssociationId": _subnet_acl_assoc,
            "Ipv6CidrBlocks": lambda s: [c["ipv6CidrBlock"] for c in getattr(s, "ipv6_cidr_block_associations", {}).values()]
            if isinstance(getattr(s, "ipv6_cidr_block_associations", None), dict) else [],
            "OutpostArn": lambda s: "",
        },
        InternetGateway: {"InternetGatewayId": lambda s: s.id},
        NatGateway: {"NatGatewayId": lambda s: s.id},
        RouteTable: {"RouteTableId": lambda s: s.id},
        SecurityGroup: {"GroupId": lambda s: s.id, "VpcId": lambda s: s.vpc_id},
        Key: {"KeyId": lambda s: s.id, "Arn": lambda s: s.arn},
        Cluster: {"Arn": lambda s: s.arn},
        TaskDefinition: {"TaskDefinitionArn": lambda s: s.arn},
        Service: {"ServiceArn": lambda s: s.arn, "Name": lambda s: s.name},
        FakeLoadBalancer: {
            "CanonicalHostedZoneID": lambda s: s.canonical_hosted_zone_id,
            "DNSName": lambda s: s.dns_name,
            "LoadBalancerArn": lambda s: s.arn,
            "LoadBalancerFullName": _lb_full,
            "LoadBalancerName": lambda s: s.name,
            "SecurityGroups": lambda s: list(s.security_groups or []),
        },
        FakeTargetGroup: {
            "TargetGroupArn": lambda s: s.arn,
            "TargetGroupFullName": _tg_full,
            "TargetGroupName": lambda s: s.name,
            "LoadBalancerArns": lambda s: list(dict.fromkeys(s.load_balancer_arns)),
        },
        FakeListener: {"ListenerArn": lambda s: s.arn},
        FakeListenerRule: {"RuleArn": lambda s: s.arn, "IsDefault": lambda s: "false"},
        FakeZone: {"Id": _zone_id, "NameServers": lambda s: list(s.delegation_set.name_servers)},
        HealthCheck: {"HealthCheckId": lambda s: s.id},
        Queue: {"QueueUrl": lambda s: s.physical_resource_id, "Arn": lambda s: s.queue_arn, "QueueName": lambda s: s.name},
        Topic: {"TopicArn": lambda s: s.arn, "TopicName": lambda s: s.arn.split(":")[-1]},
        StateMachine: {"Arn": lambda s: s.arn, "Name": lambda s: s.name,
                       "StateMachineRevisionId": lambda s: getattr(s, "revision_id", None) or s.arn},
        Parameter: {"Type": lambda s: s.parameter_type, "Value": lambda s: s.value},
        LogGroup: {"Arn": _log_group_arn},
        Table: {"Arn": lambda s: s.table_arn,
                "StreamArn": lambda s: s.stream_specification and s.latest_stream_label and
                f"{s.table_arn}/stream/{s.latest_stream_label}"},
        FakeBucket: {
            "Arn": lambda s: s.arn,
            "DomainName": lambda s: f"{s.name}.s3.amazonaws.com",
            "RegionalDomainName": lambda s: f"{s.name}.s3.{s.region_name}.amazonaws.com",
            "DualStackDomainName": lambda s: f"{s.name}.s3.dualstack.{s.region_name}.amazonaws.com",
            "WebsiteURL": lambda s: f"http://{s.name}.s3-website-{s.region_name}.amazonaws.com",
        },
        LambdaFunction: {"Arn": lambda s: s.function_arn},
        Role: {"Arn": lambda s: s.arn, "RoleId": lambda s: s.id},
        EventBus: {"Arn": lambda s: s.arn, "Name": lambda s: s.name},
        Rule: {"Arn": lambda s: s.arn},
        Archive: {"Arn": lambda s: s.arn, "ArchiveName": lambda s: s.name},
    }


def _patch_attrs(cls, extra: dict[str, Callable]) -> None:
    orig_get = getattr(cls, "get_cfn_attribute", None)
    orig_has = getattr(cls, "has_cfn_attr", None)

    def get_cfn_attribute(self, name):
        fn = extra.get(name)
        if fn is not None:
            return fn(self)
        if orig_get is None:
            from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
            raise UnformattedGetAttTemplateException()
        return orig_get(self, name)

    def has_cfn_attr(klass, attr):
        return attr in extra or (orig_has is not None and orig_has(attr))

    cls.get_cfn_attribute = get_cfn_attribute
    cls.has_cfn_attr = classmethod(has_cfn_attr)


# ======================================================================================
# model wrapper


def enhance(cfn_type: str, *, create=None, after_create=None, update=None, after_update=None,
            note: str = "") -> None:
    model_map = parsing.get_model_map()
    base = resources.OVERRIDES.get(cfn_type) or model_map[cfn_type]
    base_has_update = not hasattr(base.update_from_cloudformation_json, "__isabstractmethod__")

    class Enhanced:
        TYPE = cfn_type
        NOTES = note
        BASE = base

        @staticmethod
        def cloudformation_type():
            return cfn_type

        @staticmethod
        def cloudformation_name_type():
            return base.cloudformation_name_type()

        @classmethod
        def has_cfn_attr(cls, attr):
            return base.has_cfn_attr(attr)

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kw):
            props = cloudformation_json.setdefault("Properties", {})
            snapshot = _snapshot(props)
            if create is not None:
                inst = create(resource_name, props, account_id, region_name, kw)
            else:
                inst = base.create_from_cloudformation_json(resource_name, cloudformation_json, account_id,
                                                            region_name, **kw)
            if after_create is not None:
                after_create(inst, props, {}, account_id, region_name)
            inst._ha_props = snapshot
            return inst

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json,
                                            account_id, region_name):
            props = cloudformation_json.setdefault("Properties", {})
            old = getattr(original_resource, "_ha_props", None) or {}
            snapshot = _snapshot(props)
            if update is not None:
                inst = update(original_resource, new_resource_name, props, old, account_id, region_name)
            else:
                inst = base.update_from_cloudformation_json(original_resource, new_resource_name,
                                                            cloudformation_json, account_id, region_name)
            if after_update is not None:
                after_update(inst, props, old if inst is original_resource else {}, account_id, region_name)
            inst._ha_props = snapshot
            return inst

        @classmethod
        def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
            return base.delete_from_cloudformation_json(resource_name, cloudformation_json, account_id, region_name)

    if update is None and not base_has_update:
        Enhanced.update_from_cloudformation_json.__func__.__isabstractmethod__ = True
    if hasattr(base.delete_from_cloudformation_json, "__isabstractmethod__"):
        Enhanced.delete_from_cloudformation_json.__func__.__isabstractmethod__ = True
    Enhanced.__name__ = "Enhanced" + getattr(base, "__name__", "Model")
    resources.OVERRIDES[cfn_type] = Enhanced
    if note:
        report.patch("fidelity:" + cfn_type, note)


def _snapshot(props):
    try:
        return copy.deepcopy(props)
    except Exception:
        return copy.copy(props)


def _changed(props, old, key) -> bool:
    return props.get(key) != old.get(key)


# ======================================================================================
# EC2


def _ec2_tags(inst, props, old, account, region):
    if _changed(props, old, "Tags") and props.get("Tags"):
        tags = {t["Key"]: t["Value"] for t in _tags_list(props["Tags"])}
        _ec2(account, region).create_tags([inst.id], tags)


# ======================================================================================
# KMS / IAM


@lru_cache(maxsize=1)
def _aws_managed_policy_data() -> dict:
    from moto.iam.aws_managed_policies import aws_managed_policies_data
    return json.loads(aws_managed_policies_data)


def _ensure_policy(be, arn: str) -> None:
    if arn in be.managed_policies:
        return
    prefix = "arn:aws:iam::aws:policy"
    if not arn.startswith(prefix):
        return
    name = arn.rsplit("/", 1)[-1]
    data = _aws_managed_policy_data().get(name)
    if data is None:
        raise ValidationError(message=f"Policy {arn} does not exist or is not attachable.")
    from moto.iam.models import AWSManagedPolicy
    pol = AWSManagedPolicy.from_data(name, be.account_id, "us-east-1", data)
    if pol.arn != arn:
        raise ValidationError(message=f"Policy {arn} does not exist or is not attachable.")
    be.managed_policies[pol.arn] = pol


def _role_after(inst, props, old, account, region):
    from moto.iam.models import iam_backends
    be = iam_backends[account]["aws"]
    want = list(props.get("ManagedPolicyArns") or [])
    have = list(inst.managed_policies) if isinstance(inst.managed_policies, dict) else []
    for arn in want:
        if arn not in have:
            _ensure_policy(be, arn)
            be.attach_role_policy(arn, inst.name)
    for arn in have:
        if arn not in want and arn in (old.get("ManagedPolicyArns") or []):
            be.detach_role_policy(arn, inst.name)
    if old and _changed(props, old, "MaxSessionDuration") and props.get("MaxSessionDuration"):
        inst.max_session_duration = int(props["MaxSessionDuration"])
    if old and _changed(props, old, "Description"):
        inst.description = props.get("Description")


def _del_role(inst, account, region):
    from moto.iam.models import iam_backends
    be = iam_backends[account]["aws"]
    if inst.name not in [r.name for r in be.roles.values()]:
        return
    for arn in list(inst.managed_policies):
        be.detach_role_policy(arn, inst.name)
    for pname in list(getattr(inst, "policies", {}) or {}):
        be.delete_role_policy(inst.name, pname)
    for profile in list(be.instance_profiles.values()):
        if any(r.name == inst.name for r in profile.roles):
            profile.roles = [r for r in profile.roles if r.name != inst.name]
    be.delete_role(inst.name)


# ======================================================================================
# ECS


def _camel(obj):
    from moto.core.utils import pascal_to_camelcase, remap_nested_keys
    return remap_nested_keys(obj, pascal_to_camelcase)


def _ecs(account, region):
    from moto.ecs.models import ecs_backends
    return ecs_backends[account][region]


def _task_def_create(name, p, account, region, kw):
    from moto.moto_api._internal import mock_random
    family = p.get("Family") or f"{kw.get('LogicalId') or 'task'}-{mock_random.get_random_hex(8)}"
    return _ecs(account, region).register_task_definition(
        family=family,
        container_definitions=_camel(p.get("ContainerDefinitions") or []),
        volumes=_camel(p.get("Volumes") or []),
        network_mode=p.get("NetworkMode"),
        tags=[{"key": t["Key"], "value": t["Value"]} for t in _tags_list(p.get("Tags"))] or None,
        placement_constraints=_camel(p.get("PlacementConstraints") or []) or None,
        requires_compatibilities=p.get("RequiresCompatibilities"),
        cpu=str(p["Cpu"]) if p.get("Cpu") is not None else None,
        memory=str(p["Memory"]) if p.get("Memory") is not None else None,
        task_role_arn=p.get("TaskRoleArn"),
        execution_role_arn=p.get("ExecutionRoleArn"),
        proxy_configuration=_camel(p.get("ProxyConfiguration")) if p.get("ProxyConfiguration") else None,
        runtime_platform=_camel(p.get("RuntimePlatform")) if p.get("RuntimePlatform") else None,
        ipc_mode=p.get("IpcMode"), pid_mode=p.get("PidMode"),
        ephemeral_storage=_camel(p.get("EphemeralStorage")) if p.get("EphemeralStorage") else None,
    )


def _task_def_update(original, new_name, p, old, account, region):
    # every TaskDefinition property is createOnly: a new revision replaces the old one
    new = _task_def_create(new_name, {**p, "Family": p.get("Family") or original.family}, account, region, {})
    return new


def _service_network(p):
    nc = p.get("NetworkConfiguration")
    if not nc:
        return None
    c = nc.get("AwsvpcConfiguration") or {}
    return {"awsvpcConfiguration": {"subnets": list(c.get("Subnets") or []),
                                    "securityGroups": list(c.get("SecurityGroups") or []),
                                    "assignPublicIp": c.get("AssignPublicIp", "DISABLED")}}


def _name(v):
    if v is None or isinstance(v, str):
        return v
    return getattr(v, "name", None) or getattr(v, "arn", None) or str(v)


def _service_lbs(p):
    out = []
    for lb in p.get("LoadBalancers") or []:
        item = {}
        if lb.get("TargetGroupArn"):
            item["targetGroupArn"] = lb["TargetGroupArn"]
        if lb.get("LoadBalancerName"):
            item["loadBalancerName"] = lb["LoadBalancerName"]
        if lb.get("ContainerName"):
            item["containerName"] = lb["ContainerName"]
        if lb.get("ContainerPort") is not None:
            item["containerPort"] = int(lb["ContainerPort"])
        adv = lb.get("AdvancedConfiguration")
        if adv:  # blue/green: alternate target group, production/test listener rules, role
            item["advancedConfiguration"] = {k: v for k, v in {
                "alternateTargetGroupArn": adv.get("AlternateTargetGroupArn"),
                "productionListenerRule": adv.get("ProductionListenerRule"),
                "testListenerRule": adv.get("TestListenerRule"),
                "roleArn": adv.get("RoleArn")}.items() if v is not None}
        out.append(item)
    return out


def _lifecycle_hooks(hooks):
    out = []
    for h in hooks or []:
        item = {"hookTargetArn": h.get("HookTargetArn"), "roleArn": h.get("RoleArn"),
                "lifecycleStages": list(h.get("LifecycleStages") or [])}
        if h.get("TargetType"):
            item["targetType"] = h["TargetType"]
        if h.get("HookDetails") is not None:
            item["hookDetails"] = h["HookDetails"]
        out.append({k: v for k, v in item.items() if v is not None})
    return out


def _service_update(orig, new_name, p, old, account, region):
    """In-place update (moto's passes DesiredCount from a Number parameter as a string)."""
    task = p.get("TaskDefinition")
    task = getattr(task, "arn", task)
    desired = p.get("DesiredCount")
    cluster = (_name(p.get("Cluster")) or "default").split("/")[-1]
    if old and any(_changed(p, old, k) for k in ("Cluster", "ServiceName", "LaunchType", "Role", "SchedulingStrategy")):
        # createOnly: a new service replaces the old one (deleted in the cleanup phase)
        if not _changed(p, old, "ServiceName") and not _changed(p, old, "Cluster"):
            raise ValidationError(message="HA-LOCAL: replacing an ECS Service under the same name is not modelled")
        new = _service_create(new_name, p, account, region, {})
        new._ha_replaced = orig
        return new
    return _ecs(account, region).update_service({
        "cluster": cluster, "service": orig.name, "task_definition": task,
        "desired_count": int(desired) if desired is not None else None})


def _service_create(name, p, account, region, kw):
    task = p.get("TaskDefinition")
    task = getattr(task, "arn", task)
    cluster = _name(p.get("Cluster")) or "default"
    cluster = cluster.split("/")[-1]
    launch_type = p.get("LaunchType")
    if not launch_type and not p.get("CapacityProviderStrategy"):
        launch_type = "EC2"
    svc = _ecs(account, region).create_service(
        cluster, p.get("ServiceName") or name, int(p.get("DesiredCount", 1) if p.get("DesiredCount") is not None else 1),
        task_definition_str=task, load_balancers=_service_lbs(p),
        scheduling_strategy=p.get("SchedulingStrategy"),
        tags=[{"key": t["Key"], "value": t["Value"]} for t in _tags_list(p.get("Tags"))] or None,
        deployment_controller=_camel(p.get("DeploymentController")) if p.get("DeploymentController") else None,
        launch_type=launch_type, service_registries=_camel(p.get("ServiceRegistries") or []),
        platform_version=p.get("PlatformVersion") or ("LATEST" if launch_type == "FARGATE" else None),
        propagate_tags=p.get("PropagateTags") or "NONE",
        network_configuration=_service_network(p), role_arn=p.get("Role"),
    )
    if launch_type is None:
        svc.launch_type = None
    return svc


def _service_after(svc, p, old, account, region):
    dc = p.get("DeploymentConfiguration") or {}
    conf = {"maximumPercent": int(dc.get("MaximumPercent", 200)),
            "minimumHealthyPercent": int(dc.get("MinimumHealthyPercent", 100))}
    cb = dc.get("DeploymentCircuitBreaker")
    conf["deploymentCircuitBreaker"] = {"enable": _bool((cb or {}).get("Enable")),
                                        "rollback": _bool((cb or {}).get("Rollback"))}
    if dc.get("Alarms"):
        conf["alarms"] = {"alarmNames": dc["Alarms"].get("AlarmNames", []),
                          "enable": _bool(dc["Alarms"].get("Enable")),
                          "rollback": _bool(dc["Alarms"].get("Rollback"))}
    if dc.get("Strategy"):
        conf["strategy"] = dc["Strategy"]
    if dc.get("BakeTimeInMinutes") is not None:
        conf["bakeTimeInMinutes"] = int(dc["BakeTimeInMinutes"])
    if dc.get("LifecycleHooks"):
        conf["lifecycleHooks"] = _lifecycle_hooks(dc["LifecycleHooks"])
    for key, api in (("LinearConfiguration", "linearConfiguration"), ("CanaryConfiguration", "canaryConfiguration")):
        if dc.get(key):
            conf[api] = _camel(dc[key])
    svc.deployment_configuration = conf
    svc.enable_execute_command = _bool(p.get("EnableExecuteCommand"))
    svc.enable_ecs_managed_tags = _bool(p.get("EnableECSManagedTags"))
    if p.get("HealthCheckGracePeriodSeconds") is not None:
        svc.health_check_grace_period_seconds = int(p["HealthCheckGracePeriodSeconds"])
    if p.get("CapacityProviderStrategy"):
        svc.capacity_provider_strategy = [
            {"capacityProvider": s["CapacityProvider"], "weight": int(s.get("Weight", 0)), "base": int(s.get("Base", 0))}
            for s in p["CapacityProviderStrategy"]]
    if p.get("PlacementStrategies"):
        svc.placement_strategy = _camel(p["PlacementStrategies"])
    if p.get("PlacementConstraints"):
        svc.placement_constraints = _camel(p["PlacementConstraints"])
    if old:  # update: re-apply what moto's update ignores
        if _changed(p, old, "NetworkConfiguration") and p.get("NetworkConfiguration"):
            svc.network_configuration = svc._validate_network(_service_network(p))
        if _changed(p, old, "LoadBalancers"):
            svc.load_balancers = _service_lbs(p)
        if _changed(p, old, "ServiceRegistries"):
            svc.service_registries = _camel(p.get("ServiceRegistries") or [])
        if _changed(p, old, "PlatformVersion") and p.get("PlatformVersion"):
            svc.platform_version = p["PlatformVersion"]
        if _changed(p, old, "PropagateTags"):
            svc.propagate_tags = p.get("PropagateTags") or "NONE"


def _cluster_after(cluster, p, old, account, region):
    """ClusterSettings (containerInsights) and Configuration, readable with describe_clusters."""
    if p.get("ClusterSettings") is not None or old.get("ClusterSettings") is not None:
        cluster.settings = [{"name": x["Name"], "value": x["Value"]} for x in p.get("ClusterSettings") or []] \
            or [{"name": "containerInsights", "value": "disabled"}]
    if p.get("Configuration") is not None or old.get("Configuration") is not None:
        cluster.configuration = _camel(p["Configuration"]) if p.get("Configuration") else None
    if p.get("ServiceConnectDefaults"):
        cluster.service_connect_defaults = _camel(p["ServiceConnectDefaults"])
    if p.get("Tags") and not old:
        _ecs(account, region).tag_resource(cluster.arn, {t["Key"]: t["Value"] for t in _tags_list(p["Tags"])})


# ======================================================================================
# ELBv2


def _elbv2(account, region):
    from moto.elbv2.models import elbv2_backends
    return elbv2_backends[account][region]


def _kv(items) -> dict:
    return {a["Key"]: str(a["Value"]).lower() if isinstance(a["Value"], bool) else str(a["Value"]) for a in items or []}


def _lb_after(lb, p, old, account, region):
    if p.get("LoadBalancerAttributes"):
        _elbv2(account, region).modify_load_balancer_attributes(lb.arn, _kv(p["LoadBalancerAttributes"]))
    if p.get("Tags"):
        _elbv2(account, region).add_tags([lb.arn], _tags_list(p["Tags"]))
    if p.get("IpAddressType"):
        lb.ip_address_type = p["IpAddressType"]


def _lb_update(lb, new_name, p, old, account, region):
    be = _elbv2(account, region)
    if _changed(p, old, "SecurityGroups") and p.get("SecurityGroups"):
        be.set_security_groups(lb.arn, p["SecurityGroups"])
    if _changed(p, old, "Subnets") and p.get("Subnets"):
        be.set_subnets(lb.arn, p["Subnets"], {})
    for cre in ("Name", "Scheme", "Type"):
        if _changed(p, old, cre):
            raise ValidationError(message=f"HA-LOCAL: replacing an ELBv2 LoadBalancer ({cre} changed) is not modelled")
    return lb


def _tg_after(tg, p, old, account, region):
    if p.get("TargetGroupAttributes"):
        _elbv2(account, region).modify_target_group_attributes(tg.arn, _kv(p["TargetGroupAttributes"]))
    if p.get("Tags"):
        _elbv2(account, region).add_tags([tg.arn], _tags_list(p["Tags"]))
    if p.get("HealthCheckEnabled") is not None:
        tg.healthcheck_enabled = _bool(p["HealthCheckEnabled"])
    if p.get("HealthCheckTimeoutSeconds") is not None:
        tg.healthcheck_timeout_seconds = int(p["HealthCheckTimeoutSeconds"])


def _tg_update(tg, new_name, p, old, account, region):
    for cre in ("Name", "Port", "Protocol", "VpcId", "TargetType", "ProtocolVersion"):
        if _changed(p, old, cre):
            raise ValidationError(message=f"HA-LOCAL: replacing an ELBv2 TargetGroup ({cre} changed) is not modelled")
    be = _elbv2(account, region)
    hc = {}
    for cfn, api in (("HealthCheckPath", "health_check_path"), ("HealthCheckPort", "health_check_port"),
                     ("HealthCheckProtocol", "health_check_proto"),
                     ("HealthCheckIntervalSeconds", "health_check_interval"),
                     ("HealthCheckTimeoutSeconds", "health_check_timeout"),
                     ("HealthyThresholdCount", "healthy_threshold_count"),
                     ("UnhealthyThresholdCount", "unhealthy_threshold_count")):
        if _changed(p, old, cfn) and p.get(cfn) is not None:
            hc[cfn] = p[cfn]
    if hc or _changed(p, old, "Matcher"):
        tg.health_check_path = p.get("HealthCheckPath", tg.health_check_path)
        if p.get("HealthCheckPort") is not None:
            tg.health_check_port = str(p["HealthCheckPort"])
        if p.get("HealthCheckProtocol"):
            tg.health_check_protocol = p["HealthCheckProtocol"]
        if p.get("HealthCheckIntervalSeconds") is not None:
            tg.health_check_interval_seconds = int(p["HealthCheckIntervalSeconds"])
        if p.get("HealthyThresholdCount") is not None:
            tg.healthy_threshold_count = int(p["HealthyThresholdCount"])
        if p.get("UnhealthyThresholdCount") is not None:
            tg.unhealthy_threshold_count = int(p["UnhealthyThresholdCount"])
        if p.get("Matcher"):
            tg.matcher = p["Matcher"]
    del be
    return tg


class _UniqueList(list):
    def append(self, item):
        if item not in self:
            super().append(item)


def _lb_init_patch():
    from moto.elbv2.models import FakeLoadBalancer, FakeTargetGroup
    orig_tg = FakeTargetGroup.__init__

    def tg_init(self, *a, **kw):
        orig_tg(self, *a, **kw)
        self.load_balancer_arns = _UniqueList(self.load_balancer_arns)

    FakeTargetGroup.__init__ = tg_init
    orig = FakeLoadBalancer.__init__

    def __init__(self, *a, **kw):
        orig(self, *a, **kw)
        region = _region_of(self.arn)
        table = NLB_ZONES if (self.type or "application") == "network" else ALB_ZONES
        self.canonical_hosted_zone_id = table.get(region, self.canonical_hosted_zone_id)

    FakeLoadBalancer.__init__ = __init__


# ======================================================================================
# Route 53


def _r53(account):
    from moto.route53.models import route53_backends
    return route53_backends[account]["aws"]


def _zone_create(name, p, account, region, kw):
    be = _r53(account)
    vpcs = p.get("VPCs") or []
    comment = (p.get("HostedZoneConfig") or {}).get("Comment")
    zname = p.get("Name") or name
    if vpcs:
        zone = be.create_hosted_zone(zname, private_zone=True, vpcid=vpcs[0]["VPCId"],
                                     vpcregion=vpcs[0].get("VPCRegion", region), comment=comment)
        for v in vpcs[1:]:
            be.associate_vpc_with_hosted_zone(zone.resource_id, v["VPCId"], v.get("VPCRegion", region))
    else:
        zone = be.create_hosted_zone(zname, private_zone=False, comment=comment)
    if p.get("HostedZoneTags"):
        _zone_tags(be, zone, p["HostedZoneTags"])
    return zone


def _zone_tags(be, zone, tags):
    try:
        be.change_tags_for_resource("hostedzone", zone.resource_id, {"AddTags": {"Tag": _tags_list(tags)}})
    except Exception as exc:  # tag shape differences across moto versions
        log.info("hosted zone tags: %s", exc)


def _zone_update(zone, new_name, p, old, account, region):
    be = _r53(account)
    if _changed(p, old, "Name"):
        raise ValidationError(message="HA-LOCAL: replacing a hosted zone (Name changed) is not modelled")
    if _changed(p, old, "HostedZoneConfig"):
        zone.comment = (p.get("HostedZoneConfig") or {}).get("Comment")
    old_v = {v["VPCId"] for v in old.get("VPCs") or []}
    new_v = {v["VPCId"]: v for v in p.get("VPCs") or []}
    for vid, v in new_v.items():
        if vid not in old_v:
            be.associate_vpc_with_hosted_zone(zone.resource_id, vid, v.get("VPCRegion", region))
    for vid in old_v - set(new_v):
        be.disassociate_vpc_from_hosted_zone(zone.resource_id, vid)
    if _changed(p, old, "HostedZoneTags") and p.get("HostedZoneTags"):
        _zone_tags(be, zone, p["HostedZoneTags"])
    return zone


def _del_zone(zone, account, region):
    be = _r53(account)
    if zone.resource_id not in be.zones:
        return
    others = [r for r in zone.rrsets if r.type not in ("SOA", "NS")]
    if others:
        raise ValidationError(message=f"The specified hosted zone contains non-required resource record sets "
                                      f"and so cannot be deleted. (Code: HostedZoneNotEmpty)")
    zone.rrsets = []
    be.delete_hosted_zone(zone.resource_id)


def _del_health_check(hc, account, region):
    _r53(account).delete_health_check(hc.id)


def _hc_update(hc, new_name, p, old, account, region):
    cfg = p.get("HealthCheckConfig") or {}
    for cfn, attr in (("Port", "port"), ("ResourcePath", "resource_path"), ("FullyQualifiedDomainName", "fqdn"),
                      ("IPAddress", "ip_address"), ("SearchString", "search_string"),
                      ("FailureThreshold", "failure_threshold"), ("Inverted", "inverted"),
                      ("Disabled", "disabled"), ("EnableSNI", "enable_sni")):
        if cfn in cfg:
            setattr(hc, attr, cfg[cfn])
    if (old.get("HealthCheckConfig") or {}).get("Type") != cfg.get("Type"):
        raise ValidationError(message="HA-LOCAL: replacing a health check (Type changed) is not modelled")
    return hc


def _hc_after(hc, p, old, account, region):
    cfg = p.get("HealthCheckConfig") or {}
    for cfn, attr in (("Port", "port"), ("RequestInterval", "request_interval"),
                      ("FailureThreshold", "failure_threshold"), ("HealthThreshold", "health_threshold")):
        if cfg.get(cfn) is not None:
            setattr(hc, attr, int(cfg[cfn]))
    for cfn, attr in (("MeasureLatency", "measure_latency"), ("Inverted", "inverted"), ("Disabled", "disabled"),
                      ("EnableSNI", "enable_sni")):
        if cfg.get(cfn) is not None:
            setattr(hc, attr, _bool(cfg[cfn]))
    if cfg.get("Type") in ("HTTPS", "HTTPS_STR_MATCH") and cfg.get("EnableSNI") is None:
        hc.enable_sni = True
    if p.get("HealthCheckTags"):
        try:
            _r53(account).change_tags_for_resource("healthcheck", hc.id, {"AddTags": {"Tag": _tags_list(p["HealthCheckTags"])}})
        except Exception as exc:
            log.info("health check tags: %s", exc)


# ======================================================================================
# S3


def _s3(account):
    from moto.s3.models import s3_backends
    return s3_backends[account]["aws"]


def _lifecycle_rules(cfg) -> list[dict]:
    rules = []
    for r in (cfg or {}).get("Rules") or []:
        out: dict[str, Any] = {"ID": r.get("Id"), "Status": r.get("Status", "Enabled")}
        filt: dict[str, Any] = {}
        tags = r.get("TagFilters") or []
        prefix = r.get("Prefix")
        if tags or r.get("ObjectSizeGreaterThan") or r.get("ObjectSizeLessThan"):
            and_: dict[str, Any] = {}
            if prefix:
                and_["Prefix"] = prefix
            if tags:
                and_["Tag"] = [{"Key": t["Key"], "Value": t["Value"]} for t in tags]
            if r.get("ObjectSizeGreaterThan"):
                and_["ObjectSizeGreaterThan"] = int(r["ObjectSizeGreaterThan"])
            if r.get("ObjectSizeLessThan"):
                and_["ObjectSizeLessThan"] = int(r["ObjectSizeLessThan"])
            filt = {"And": and_} if len(and_) > 1 or tags else and_
        else:
            filt = {"Prefix": prefix or ""}
        out["Filter"] = filt
        exp: dict[str, Any] = {}
        if r.get("ExpirationInDays") is not None:
            exp["Days"] = int(r["ExpirationInDays"])
        if r.get("ExpirationDate"):
            exp["Date"] = r["ExpirationDate"]
        if r.get("ExpiredObjectDeleteMarker") is not None:
            exp["ExpiredObjectDeleteMarker"] = _bool(r["ExpiredObjectDeleteMarker"])
        if exp:
            out["Expiration"] = exp
        nve = r.get("NoncurrentVersionExpiration") or (
            {"NoncurrentDays": r["NoncurrentVersionExpirationInDays"]} if r.get("NoncurrentVersionExpirationInDays") else None)
        if nve:
            out["NoncurrentVersionExpiration"] = {"NoncurrentDays": int(nve["NoncurrentDays"])}
            if nve.get("NewerNoncurrentVersions"):
                out["NoncurrentVersionExpiration"]["NewerNoncurrentVersions"] = int(nve["NewerNoncurrentVersions"])
        trans = list(r.get("Transitions") or []) + ([r["Transition"]] if r.get("Transition") else [])
        if trans:
            out["Transition"] = [{k: v for k, v in (("Days", t.get("TransitionInDays")), ("Date", t.get("TransitionDate")),
                                                    ("StorageClass", t.get("StorageClass"))) if v is not None} for t in trans]
        nvts = list(r.get("NoncurrentVersionTransitions") or []) + (
            [r["NoncurrentVersionTransition"]] if r.get("NoncurrentVersionTransition") else [])
        if nvts:
            out["NoncurrentVersionTransition"] = [
                {"NoncurrentDays": int(t.get("TransitionInDays")), "StorageClass": t.get("StorageClass")} for t in nvts]
        if r.get("AbortIncompleteMultipartUpload"):
            out["AbortIncompleteMultipartUpload"] = {
                "DaysAfterInitiation": int(r["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"])}
        rules.append(out)
    return rules


def _tf(v) -> str:
    return "true" if _bool(v) else "false"


def _bucket_after(bucket, p, old, account, region):
    be = _s3(account)
    name = bucket.name
    if _changed(p, old, "VersioningConfiguration") and p.get("VersioningConfiguration"):
        be.put_bucket_versioning(name, p["VersioningConfiguration"]["Status"])
    if _changed(p, old, "PublicAccessBlockConfiguration"):
        pab = p.get("PublicAccessBlockConfiguration")
        if pab:
            be.put_public_access_block(name, {k: _tf(pab.get(k)) for k in (
                "BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")})
        elif old:
            be.delete_public_access_block(name)
    if _changed(p, old, "LifecycleConfiguration"):
        if p.get("LifecycleConfiguration"):
            be.put_bucket_lifecycle(name, _lifecycle_rules(p["LifecycleConfiguration"]))
        elif old:
            be.delete_bucket_lifecycle(name)
    if _changed(p, old, "OwnershipControls"):
        rules = (p.get("OwnershipControls") or {}).get("Rules") or []
        if rules:
            be.put_bucket_ownership_controls(name, ownership=rules[0]["ObjectOwnership"])
        elif old:
            be.delete_bucket_ownership_controls(name)
    if old and _changed(p, old, "BucketEncryption") and not p.get("BucketEncryption"):
        be.delete_bucket_encryption(name)
    elif p.get("BucketEncryption"):
        be.put_bucket_encryption(name, _cfn_encryption(p["BucketEncryption"]))
    if _changed(p, old, "Tags") and old:
        be.put_bucket_tagging(name, {t["Key"]: t["Value"] for t in _tags_list(p.get("Tags"))})
    if _changed(p, old, "CorsConfiguration") and p.get("CorsConfiguration"):
        rules = []
        for r in p["CorsConfiguration"].get("CorsRules") or []:
            rules.append({"AllowedMethod": r.get("AllowedMethods"), "AllowedOrigin": r.get("AllowedOrigins"),
                          "AllowedHeader": r.get("AllowedHeaders"), "ExposeHeader": r.get("ExposedHeaders"),
                          "MaxAgeSeconds": r.get("MaxAge"), "ID": r.get("Id")})
        be.put_bucket_cors(name, rules)


def _bucket_update(bucket, new_name, p, old, account, region):
    if p.get("BucketName") and p["BucketName"] != bucket.name:
        raise ValidationError(message="HA-LOCAL: replacing a bucket (BucketName changed) is not modelled")
    return bucket


def _cfn_encryption(enc: dict) -> dict:
    """CFN BucketEncryption -> the stored rule, BucketKeyEnabled included (moto's
    cfn_to_api_encryption drops it, so GetBucketEncryption said false)."""
    rule_in = (enc.get("ServerSideEncryptionConfiguration") or [{}])[0]
    default = rule_in.get("ServerSideEncryptionByDefault") or {}
    by_default = {"SSEAlgorithm": default.get("SSEAlgorithm", "AES256")}
    if default.get("KMSMasterKeyID"):
        by_default["KMSMasterKeyID"] = default["KMSMasterKeyID"]
    rule = {"ApplyServerSideEncryptionByDefault": by_default}
    if rule_in.get("BucketKeyEnabled") is not None:
        rule["BucketKeyEnabled"] = "true" if _bool(rule_in["BucketKeyEnabled"]) else "false"
    return {"@xmlns": "http://s3.amazonaws.com/doc/2006-03-01/", "Rule": rule}


def _get_bucket_versioning(self):
    """GetBucketVersioning with AWS's <VersioningConfiguration> root (moto answers with
    <GetBucketVersioningResponse>, which the AWS SDK for Rust rejects)."""
    from xml.sax.saxutils import escape
    status = self.backend.get_bucket_versioning(self.bucket_name)
    self.data["Action"] = "GetBucketVersioning"
    inner = f"<Status>{escape(status)}</Status>" if status else ""
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">{inner}</VersioningConfiguration>')
    return 200, {"Content-Type": "application/xml"}, body


# ======================================================================================
# DynamoDB


def _ddb(account, region):
    from moto.dynamodb.models import dynamodb_backends
    return dynamodb_backends[account][region]


def _table_create(name, p, account, region, kw):
    model = parsing.get_model_map()["AWS::DynamoDB::Table"]
    props = dict(p)
    props["SSESpecification"] = _sse_api(p.get("SSESpecification"))
    props["DeletionProtectionEnabled"] = _bool(p.get("DeletionProtectionEnabled"))
    table = model.create_from_cloudformation_json(p.get("TableName") or name, {"Properties": props}, account, region)
    return table


def _sse_api(sse):
    if not sse:
        return None
    out = {"Enabled": _bool(sse.get("SSEEnabled"))}
    if sse.get("SSEType"):
        out["SSEType"] = sse["SSEType"]
    if sse.get("KMSMasterKeyId"):
        out["KMSMasterKeyId"] = sse["KMSMasterKeyId"]
    return out if out["Enabled"] else None


def _table_after(table, p, old, account, region):
    be = _ddb(account, region)
    pitr = (p.get("PointInTimeRecoverySpecification") or {}).get("PointInTimeRecoveryEnabled")
    if _changed(p, old, "PointInTimeRecoverySpecification") and (pitr is not None or old):
        be.update_continuous_backups(table.name, {"PointInTimeRecoveryEnabled": _bool(pitr)})
    ttl = p.get("TimeToLiveSpecification")
    if _changed(p, old, "TimeToLiveSpecification"):
        if ttl:
            be.update_time_to_live(table.name, {"AttributeName": ttl["AttributeName"], "Enabled": _bool(ttl.get("Enabled"))})
        elif old.get("TimeToLiveSpecification"):
            be.update_time_to_live(table.name, {"AttributeName": old["TimeToLiveSpecification"]["AttributeName"],
                                                "Enabled": False})
    if p.get("ContributorInsightsSpecification"):
        RECORDED_ONLY_PROPS["AWS::DynamoDB::Table.ContributorInsightsSpecification"] = "accepted, NOT applied or readable"


def _table_update(table, new_name, p, old, account, region):
    for cre in ("TableName", "KeySchema", "LocalSecondaryIndexes"):
        if _changed(p, old, cre) and not (cre == "TableName" and not p.get(cre)):
            raise ValidationError(message=f"HA-LOCAL: replacing a DynamoDB table ({cre} changed) is not modelled")
    be = _ddb(account, region)
    billing = p.get("BillingMode") or "PROVISIONED"
    throughput = None
    if billing == "PROVISIONED" and p.get("ProvisionedThroughput"):
        throughput = {k: int(v) for k, v in p["ProvisionedThroughput"].items()}
    stream = None
    if _changed(p, old, "StreamSpecification"):
        stream = ({"StreamEnabled": True, **p["StreamSpecification"]} if p.get("StreamSpecification")
                  else {"StreamEnabled": False})
    gsi_updates = []
    old_g = {g["IndexName"]: g for g in old.get("GlobalSecondaryIndexes") or []}
    new_g = {g["IndexName"]: g for g in p.get("GlobalSecondaryIndexes") or []}
    for n, g in new_g.items():
        if n not in old_g:
            gsi_updates.append({"Create": g})
        elif g != old_g[n] and g.get("ProvisionedThroughput"):
            gsi_updates.append({"Update": {"IndexName": n, "ProvisionedThroughput": g["ProvisionedThroughput"]}})
    for n in old_g:
        if n not in new_g:
            gsi_updates.append({"Delete": {"IndexName": n}})
    be.update_table(name=table.name, attr_definitions=p.get("AttributeDefinitions") if gsi_updates else None,
                    global_index=gsi_updates, throughput=throughput,
                    billing_mode=billing if _changed(p, old, "BillingMode") else None,
                    stream_spec=stream,
                    deletion_protection_enabled=_bool(p.get("DeletionProtectionEnabled"))
                    if _changed(p, old, "DeletionProtectionEnabled") else None,
                    warm_throughput=None)
    if billing == "PAY_PER_REQUEST":
        table.throughput = {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
    if _changed(p, old, "SSESpecification"):
        table.sse_specification = _sse_api(p.get("SSESpecification"))
    if _changed(p, old, "Tags"):
        old_keys = [t["Key"] for t in _tags_list(old.get("Tags"))]
        be.untag_resource(table.table_arn, old_keys)
        be.tag_resource(table.table_arn, {t["Key"]: t["Value"] for t in _tags_list(p.get("Tags"))})
    return table


def _del_table(table, account, region):
    be = _ddb(account, region)
    if table.name not in be.tables:
        return
    if getattr(table, "deletion_protection_enabled", False):
        raise ValidationError(message=f"Resource cannot be deleted as it is currently protected against deletion. "
                                      f"Disable deletion protection first. (Code: ValidationException)")
    be.delete_table(table.name)


# ======================================================================================
# Logs / SQS / SNS / SSM / StepFunctions / Events


def _logs(account, region):
    from moto.logs.models import logs_backends
    return logs_backends[account][region]


def _log_group_after(lg, p, old, account, region):
    be = _logs(account, region)
    if p.get("KmsKeyId") and (_changed(p, old, "KmsKeyId") or not old):
        lg.kms_key_id = p["KmsKeyId"]
    if old and _changed(p, old, "KmsKeyId") and not p.get("KmsKeyId"):
        lg.kms_key_id = None
    if old and _changed(p, old, "RetentionInDays"):
        if p.get("RetentionInDays"):
            be.put_retention_policy(lg.name, int(p["RetentionInDays"]))
        else:
            be.delete_retention_policy(lg.name)
    if p.get("LogGroupClass"):
        lg.log_group_class = p["LogGroupClass"]
    if old and _changed(p, old, "Tags"):
        be.tag_resource(_log_group_arn(lg).rstrip(":*").rstrip(":"), {t["Key"]: t["Value"] for t in _tags_list(p.get("Tags"))})


def _log_group_update(lg, new_name, p, old, account, region):
    if p.get("LogGroupName") and p.get("LogGroupName") != lg.name:
        raise ValidationError(message="HA-LOCAL: replacing a log group (LogGroupName changed) is not modelled")
    return lg


SQS_ATTRS = ("KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled", "DelaySeconds",
             "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout",
             "RedrivePolicy", "RedriveAllowPolicy")


def _queue_after(q, p, old, account, region):
    from moto.sqs.models import sqs_backends
    attrs = {}
    for k in SQS_ATTRS:
        if k in p and (p[k] != old.get(k) or not old):
            v = p[k]
            if isinstance(v, bool):
                v = "true" if v else "false"
            attrs[k] = json.dumps(v) if isinstance(v, (dict, list)) else str(v)
    if attrs:
        sqs_backends[account][region].set_queue_attributes(q.name, attrs)


def _topic_after(topic, p, old, account, region):
    from moto.sns.models import sns_backends
    be = sns_backends[account][region]
    for k, attr in (("KmsMasterKeyId", "KmsMasterKeyId"), ("DisplayName", "DisplayName"),
                    ("SignatureVersion", "SignatureVersion"), ("TracingConfig", "TracingConfig"),
                    ("ContentBasedDeduplication", "ContentBasedDeduplication")):
        if p.get(k) is not None and (p.get(k) != old.get(k) or not old):
            v = p[k]
            if isinstance(v, bool):
                v = "true" if v else "false"
            be.set_topic_attribute(topic.arn, attr, str(v))
    if old and _changed(p, old, "KmsMasterKeyId") and not p.get("KmsMasterKeyId"):
        be.set_topic_attribute(topic.arn, "KmsMasterKeyId", "")
    if p.get("Tags") and (_changed(p, old, "Tags") or not old):
        be.tag_resource(topic.arn, {t["Key"]: t["Value"] for t in _tags_list(p["Tags"])})


def _camel_keys(d):
    if isinstance(d, dict):
        return {k[0].lower() + k[1:]: _camel_keys(v) for k, v in d.items()}
    if isinstance(d, list):
        return [_camel_keys(x) for x in d]
    return d


def _sfn_after(sm, p, old, account, region):
    if p.get("LoggingConfiguration") is not None:
        lc = _camel_keys(p["LoggingConfiguration"])
        if "includeExecutionData" in lc:
            lc["includeExecutionData"] = _bool(lc["includeExecutionData"])
        sm.loggingConfiguration = lc
    elif old.get("LoggingConfiguration"):
        sm.loggingConfiguration = {"level": "OFF", "includeExecutionData": False}
    if p.get("TracingConfiguration") is not None:
        sm.tracingConfiguration = {"enabled": _bool(p["TracingConfiguration"].get("Enabled"))}
    elif old.get("TracingConfiguration"):
        sm.tracingConfiguration = {"enabled": False}
    if p.get("StateMachineType"):
        sm.type = p["StateMachineType"]
    if p.get("EncryptionConfiguration"):
        sm.encryptionConfiguration = p["EncryptionConfiguration"]


def _events(account, region):
    from moto.events.models import events_backends
    return events_backends[account][region]


def _rule_after(rule, p, old, account, region):
    if not old:
        return
    be = _events(account, region)
    bus = rule.event_bus_name
    if _changed(p, old, "Targets"):
        new_ids = {t["Id"] for t in p.get("Targets") or []}
        gone = [t["Id"] for t in old.get("Targets") or [] if t["Id"] not in new_ids]
        if gone:
            be.remove_targets(rule.name, bus, gone)
        if p.get("Targets"):
            be.put_targets(rule.name, bus, p["Targets"])


def _archive_after(archive, p, old, account, region):
    if p.get("RetentionDays") is not None:
        archive.retention = int(p["RetentionDays"])


def _rule_ref(rule):
    bus = getattr(rule, "event_bus_name", "default") or "default"
    return rule.name if bus == "default" else f"{bus}|{rule.name}"


# ======================================================================================
# EC2 security group rules


class SecurityGroupEgress(resources.HaResource):
    TYPE = "AWS::EC2::SecurityGroupEgress"
    NOTES = "ec2 backend authorize/revoke_security_group_egress (describe_security_groups shows the rule)"
    REPLACE_ON = ("GroupId", "IpProtocol", "FromPort", "ToPort", "CidrIp", "CidrIpv6", "DestinationSecurityGroupId",
                  "DestinationPrefixListId")

    def _args(self):
        p = self.props
        ranges = [{"CidrIp": p["CidrIp"], **({"Description": p["Description"]} if p.get("Description") else {})}] \
            if p.get("CidrIp") else []
        if p.get("CidrIpv6"):
            ranges.append({"CidrIpv6": p["CidrIpv6"]})
        groups = [{"GroupId": p["DestinationSecurityGroupId"]}] if p.get("DestinationSecurityGroupId") else []
        prefixes = [{"PrefixListId": p["DestinationPrefixListId"]}] if p.get("DestinationPrefixListId") else []
        port = (lambda v: None if v is None else str(v))
        return dict(group_name_or_id=p["GroupId"], ip_protocol=str(p["IpProtocol"]), from_port=port(p.get("FromPort")),
                    to_port=port(p.get("ToPort")), ip_ranges=ranges, source_groups=groups, prefix_list_ids=prefixes)

    def create(self):
        resources._require(self.props, "GroupId", "IpProtocol")
        p = self.props
        if not (p.get("CidrIp") or p.get("CidrIpv6") or p.get("DestinationSecurityGroupId")
                or p.get("DestinationPrefixListId")):
            raise ValidationError(message="Property validation failure: one of CidrIp, CidrIpv6, "
                                          "DestinationSecurityGroupId, DestinationPrefixListId is required")
        rules, _ = _ec2(self.account_id, self.region).authorize_security_group_egress(**self._args())
        self.rule_id = rules[0].id if rules else self._generated

    def update(self, old_props):
        pass  # only Description is updatable; kept

    def remove(self):
        try:
            _ec2(self.account_id, self.region).revoke_security_group_egress(**self._args())
        except Exception as exc:
            log.info("revoke_security_group_egress: %s", exc)

    def ref(self):
        return self.rule_id

    ATTRS = ("Id",)

    def attr(self, name):
        return self.rule_id


def _del_sg_ingress(inst, account, region):
    p = inst.properties
    ranges = [{"CidrIp": p["CidrIp"]}] if p.get("CidrIp") else []
    groups = []
    if p.get("SourceSecurityGroupId"):
        groups.append({"GroupId": p["SourceSecurityGroupId"]})
    if p.get("SourceSecurityGroupName"):
        groups.append({"GroupName": p["SourceSecurityGroupName"]})
    try:
        _ec2(account, region).revoke_security_group_ingress(
            group_name_or_id=inst.security_group.id, ip_protocol=str(p.get("IpProtocol")),
            from_port=p.get("FromPort"), to_port=p.get("ToPort"), ip_ranges=ranges, source_groups=groups)
    except Exception as exc:
        log.info("revoke_security_group_ingress: %s", exc)


# ======================================================================================
# service APIs moto lacks that the project's handlers call


def _backup_api_patch():
    from moto.backup import urls
    from moto.backup.exceptions import ResourceNotFoundException
    from moto.backup.responses import BackupResponse

    def list_recovery_points_by_backup_vault(self):
        name = self.path.rstrip("/").split("/")[-2]
        self.backup_backend.describe_backup_vault(name)  # ResourceNotFoundException when missing
        return json.dumps({"RecoveryPoints": []})

    def delete_recovery_point(self):
        raise ResourceNotFoundException("Recovery point not found (the local endpoint never creates recovery points)")

    BackupResponse.list_recovery_points_by_backup_vault = list_recovery_points_by_backup_vault
    BackupResponse.delete_recovery_point = delete_recovery_point
    urls.url_paths["{0}/backup-vaults/(?P<name>[^/]+)/recovery-points/$"] = BackupResponse.dispatch
    urls.url_paths["{0}/backup-vaults/(?P<name>[^/]+)/recovery-points/(?P<arn>.+)$"] = BackupResponse.dispatch


# ======================================================================================


def apply() -> None:
    from moto.s3.responses import S3Response
    S3Response.get_bucket_versioning = _get_bucket_versioning
    report.patch("fidelity:s3-versioning-xml", "GetBucketVersioning answers with the <VersioningConfiguration> root, as AWS does")
    table = _attr_table()
    for cls, extra in table.items():
        _patch_attrs(cls, extra)
    report.patch("fidelity:getatt", "GetAtt attributes added or fixed (AWS format): " + "; ".join(
        f"{cls.cloudformation_type()}: {', '.join(sorted(extra))}" for cls, extra in table.items()))
    _lb_init_patch()
    report.patch("fidelity:elbv2-zone", "ELBv2 CanonicalHostedZoneId is the real per-region ALB/NLB zone id")
    from moto.events.models import Rule
    Rule.physical_resource_id = property(_rule_ref)
    report.patch("fidelity:events-rule-ref", "Ref of an Events Rule on a custom bus is 'bus|rule', as on AWS")

    enhance("AWS::EC2::InternetGateway", after_create=_ec2_tags, note="user Tags applied")
    enhance("AWS::EC2::RouteTable", after_create=_ec2_tags, note="user Tags applied")
    enhance("AWS::EC2::NatGateway", after_create=_ec2_tags, note="user Tags applied")
    enhance("AWS::IAM::Role", after_create=_role_after, after_update=_role_after,
            note="ManagedPolicyArns attached (AWS managed policies loaded on demand from moto's policy data), "
                 "detached on update/delete; Description/MaxSessionDuration updates")
    enhance("AWS::ECS::TaskDefinition", create=_task_def_create, update=_task_def_update,
            note="RequiresCompatibilities, NetworkMode, Cpu, Memory, ExecutionRoleArn, TaskRoleArn, RuntimePlatform, "
                 "EphemeralStorage, Tags applied; an update registers a new revision")
    enhance("AWS::ECS::Cluster", after_create=_cluster_after, after_update=_cluster_after,
            note="ClusterSettings (containerInsights), Configuration, ServiceConnectDefaults, Tags applied (describe_clusters)")
    enhance("AWS::ECS::Service", create=_service_create, update=_service_update, after_create=_service_after,
            after_update=_service_after,
            note="LaunchType/CapacityProviderStrategy, NetworkConfiguration, LoadBalancers (incl. AdvancedConfiguration), "
                 "DeploymentConfiguration (incl. Strategy, BakeTimeInMinutes, LifecycleHooks), "
                 "DeploymentController, ServiceRegistries, EnableExecuteCommand, HealthCheckGracePeriodSeconds, "
                 "PlatformVersion, PropagateTags, Tags applied (describe_services returns them)")
    enhance("AWS::ElasticLoadBalancingV2::LoadBalancer", after_create=_lb_after, update=_lb_update,
            after_update=_lb_after, note="LoadBalancerAttributes, Tags applied; SecurityGroups/Subnets updatable")
    enhance("AWS::ElasticLoadBalancingV2::TargetGroup", after_create=_tg_after, update=_tg_update,
            after_update=_tg_after, note="TargetGroupAttributes, Tags applied; health check settings updatable")
    enhance("AWS::Route53::HostedZone", create=_zone_create, update=_zone_update,
            note="VPCs make a private zone (associated VPCs readable), HostedZoneConfig comment, tags; updatable")
    enhance("AWS::Route53::HealthCheck", after_create=_hc_after, update=_hc_update, after_update=_hc_after,
            note="HealthCheckConfig numbers kept as ints, tags; updatable")
    enhance("AWS::S3::Bucket", after_create=_bucket_after, update=_bucket_update, after_update=_bucket_after,
            note="VersioningConfiguration, PublicAccessBlockConfiguration, LifecycleConfiguration, OwnershipControls, "
                 "CorsConfiguration applied; Tags and BucketEncryption updatable (and removable)")
    enhance("AWS::DynamoDB::Table", create=_table_create, after_create=_table_after, update=_table_update,
            after_update=_table_after,
            note="SSESpecification, PointInTimeRecoverySpecification, TimeToLiveSpecification, "
                 "DeletionProtectionEnabled (blocks delete), BillingMode, Tags applied; table updatable in place")
    enhance("AWS::Logs::LogGroup", after_create=_log_group_after, update=_log_group_update,
            after_update=_log_group_after, note="KmsKeyId/LogGroupClass applied; RetentionInDays/KmsKeyId/Tags updatable; "
                                                "GetAtt Arn ends with ':*' as on AWS")
    enhance("AWS::SQS::Queue", after_create=_queue_after, after_update=_queue_after,
            note="KmsMasterKeyId, KmsDataKeyReusePeriodSeconds, SqsManagedSseEnabled and other attributes applied and updatable")
    enhance("AWS::SNS::Topic", after_create=_topic_after, after_update=_topic_after,
            note="KmsMasterKeyId, DisplayName, SignatureVersion, TracingConfig, Tags applied and updatable")
    enhance("AWS::StepFunctions::StateMachine", after_create=_sfn_after, after_update=_sfn_after,
            note="LoggingConfiguration, TracingConfiguration, StateMachineType applied (describe_state_machine)")
    enhance("AWS::Events::Rule", after_create=_rule_after, after_update=_rule_after,
            note="Targets (incl. DeadLetterConfig, RetryPolicy) re-applied on update")
    enhance("AWS::Events::Archive", after_create=_archive_after, after_update=_archive_after,
            note="RetentionDays applied on create and update")

    SecurityGroupEgress.cloudformation_type = staticmethod(lambda: SecurityGroupEgress.TYPE)
    resources.OVERRIDES[SecurityGroupEgress.TYPE] = SecurityGroupEgress
    report.model(SecurityGroupEgress.TYPE, "moto-backend", SecurityGroupEgress.NOTES)
    engine.DELETERS["AWS::EC2::SecurityGroupIngress"] = _del_sg_ingress
    _backup_api_patch()
    report.patch("fidelity:backup-recovery-points", "Backup ListRecoveryPointsByBackupVault (always empty: no recovery "
                                                    "points are ever made) and DeleteRecoveryPoint (ResourceNotFound) served")
    engine.DELETERS["AWS::Route53::HostedZone"] = _del_zone
    engine.DELETERS["AWS::Route53::HealthCheck"] = _del_health_check
    engine.DELETERS["AWS::DynamoDB::Table"] = _del_table
    engine.DELETERS["AWS::IAM::Role"] = _del_role
    report.patch("fidelity:deletes", "delete implemented for Route53 HostedZone (refuses non-empty zones) and "
                                     "HealthCheck, EC2 SecurityGroupIngress (revoked); DynamoDB deletion protection "
                                     "blocks DeleteStack; IAM Role detaches managed and deletes inline policies first")
