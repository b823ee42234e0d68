"""CloudFormation resource models moto 5.2.5 lacks, and fixes for models it has.

Every model here is backed by moto's own service backend (so the service APIs read the
resource back) unless its BACKING says "recorded-only".
"""
from __future__ import annotations

import json
import logging
import re
import secrets
import string
import uuid
from typing import Any

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import ValidationError

from . import engine, report
from .custom import CustomResource

log = logging.getLogger("hamoto.resources")


def _json_str(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _tags_list(tags) -> list[dict]:
    if not tags:
        return []
    if isinstance(tags, dict):
        return [{"Key": k, "Value": str(v)} for k, v in tags.items()]
    return [{"Key": t["Key"], "Value": str(t.get("Value", ""))} for t in tags]


def _tags_map(tags) -> dict:
    return {t["Key"]: t["Value"] for t in _tags_list(tags)}


def _bool(v, default=False) -> bool:
    if v is None:
        return default
    if isinstance(v, str):
        return v.lower() == "true"
    return bool(v)


def _require(props, *names):
    for n in names:
        if props.get(n) in (None, ""):
            raise ValidationError(message=f"Property validation failure: [The property {n} is required]")


class HaResource:
    TYPE = ""
    NAME_PROP: str | None = None
    NAME_MAX = 255
    NAME_LOWER = False
    BACKING = "moto"
    NOTES = ""
    REPLACE_ON: tuple = ()
    ATTRS: tuple = ()

    def __init__(self, account_id, region, logical_id, stack_id, generated_name, props):
        self.account_id = account_id
        self.region = region
        self.logical_resource_id = logical_id
        self.stack_id = stack_id
        self.props = props or {}
        self._generated = generated_name
        self.name = self._pick_name()
        self._ha_replaced = None

    # ---- helpers
    def _pick_name(self):
        if self.NAME_PROP and self.props.get(self.NAME_PROP):
            return str(self.props[self.NAME_PROP])
        name = self._generated or f"{self.logical_resource_id}-{uuid.uuid4().hex[:12]}"
        if self.NAME_LOWER:
            name = name.lower()
        if len(name) > self.NAME_MAX:
            name = name[: self.NAME_MAX - 13] + "-" + uuid.uuid4().hex[:12]
        return name

    @property
    def partition(self):
        return "aws"

    # ---- to implement
    def create(self):
        raise NotImplementedError

    def update(self, old_props):
        """Apply in place; props already replaced."""

    def remove(self):
        pass

    def ref(self):
        return self.name

    def attr(self, name):
        raise KeyError(name)

    # ---- moto model interface
    @staticmethod
    def cloudformation_name_type():
        return ""

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in cls.ATTRS

    def is_created(self):
        return True

    @property
    def physical_resource_id(self):
        return self.ref()

    def get_cfn_attribute(self, name):
        if name not in self.ATTRS:
            raise ValidationError(message=f"Template error: resource {self.logical_resource_id} does not support attribute type {name} in Fn::GetAtt")
        return self.attr(name)

    def delete(self, account_id, region_name):
        self.remove()

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        obj = cls(account_id, region_name, kwargs.get("LogicalId"), kwargs.get("StackId"), resource_name,
                  cloudformation_json.get("Properties") or {})
        obj.create()
        return obj

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        new_props = cloudformation_json.get("Properties") or {}
        old = original_resource
        changed = {k for k in set(old.props) | set(new_props) if old.props.get(k) != new_props.get(k)}
        if changed & set(cls.REPLACE_ON):
            if cls.NAME_PROP and new_props.get(cls.NAME_PROP) and new_props.get(cls.NAME_PROP) == old.props.get(cls.NAME_PROP):
                raise ValidationError(message=(
                    f"CloudFormation cannot update a stack when a custom-named resource requires replacing. "
                    f"Rename {new_props.get(cls.NAME_PROP)} and update the stack again."))
            new = cls(account_id, region_name, old.logical_resource_id, old.stack_id, new_resource_name, new_props)
            new.create()
            new._ha_replaced = old
            return new
        old_props = old.props
        old.props = new_props
        old.update(old_props)
        return old

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        return None


# ======================================================================================
# RDS


def _rds(account, region):
    from moto.rds.models import rds_backends
    return rds_backends[account][region]


class DBCluster(HaResource):
    TYPE = "AWS::RDS::DBCluster"
    NAME_PROP = "DBClusterIdentifier"
    NAME_MAX = 63
    NAME_LOWER = True
    NOTES = "rds backend create_db_cluster; ManageMasterUserPassword creates the Secrets Manager secret"
    REPLACE_ON = ("DBClusterIdentifier", "Engine", "DatabaseName", "DBSubnetGroupName", "StorageEncrypted",
                  "KmsKeyId", "MasterUsername", "AvailabilityZones", "SourceDBClusterIdentifier", "SnapshotIdentifier")
    ATTRS = ("Endpoint.Address", "Endpoint.Port", "ReadEndpoint.Address", "DBClusterArn", "DBClusterResourceId",
             "MasterUserSecret.SecretArn")

    def _kwargs(self):
        p = self.props
        kw = {
            "db_cluster_identifier": self.name.lower(),
            "engine": p.get("Engine"),
            "engine_version": p.get("EngineVersion"),
            "engine_mode": p.get("EngineMode"),
            "database_name": p.get("DatabaseName"),
            "master_username": p.get("MasterUsername"),
            "master_user_password": p.get("MasterUserPassword"),
            "manage_master_user_password": _bool(p.get("ManageMasterUserPassword")),
            "master_user_secret_kms_key_id": (p.get("MasterUserSecret") or {}).get("KmsKeyId"),
            "db_subnet_group_name": p.get("DBSubnetGroupName"),
            "vpc_security_group_ids": p.get("VpcSecurityGroupIds"),
            "port": int(p["Port"]) if p.get("Port") else None,
            "backup_retention_period": int(p.get("BackupRetentionPeriod", 1)),
            "storage_encrypted": _bool(p.get("StorageEncrypted")),
            "kms_key_id": p.get("KmsKeyId"),
            "deletion_protection": _bool(p.get("DeletionProtection")),
            "copy_tags_to_snapshot": _bool(p.get("CopyTagsToSnapshot")),
            "db_cluster_parameter_group_name": p.get("DBClusterParameterGroupName"),
            "tags": _tags_list(p.get("Tags")),
            "enable_iam_database_authentication": _bool(p.get("EnableIAMDatabaseAuthentication")),
            "enable_cloudwatch_logs_exports": p.get("EnableCloudwatchLogsExports"),
            "serverless_v2_scaling_configuration": p.get("ServerlessV2ScalingConfiguration"),
            "storage_type": p.get("StorageType"),
        }
        if p.get("PreferredBackupWindow"):
            kw["preferred_backup_window"] = p["PreferredBackupWindow"]
        if p.get("PreferredMaintenanceWindow"):
            kw["preferred_maintenance_window"] = p["PreferredMaintenanceWindow"]
        if p.get("AvailabilityZones"):
            kw["availability_zones"] = p["AvailabilityZones"]
        return {k: v for k, v in kw.items() if v is not None}

    def create(self):
        p = self.props
        _require(p, "Engine")
        if not p.get("SnapshotIdentifier") and not p.get("SourceDBClusterIdentifier"):
            _require(p, "MasterUsername")
            if not p.get("MasterUserPassword") and not _bool(p.get("ManageMasterUserPassword")):
                raise ValidationError(message="The parameter MasterUserPassword must be provided and must not be blank.")
            if p.get("MasterUserPassword") and _bool(p.get("ManageMasterUserPassword")):
                raise ValidationError(message="Can't specify both MasterUserPassword and ManageMasterUserPassword.")
        backend = _rds(self.account_id, self.region)
        if self.name.lower() in backend.clusters:
            raise ValidationError(message=f"DB Cluster already exists: {self.name.lower()}")
        self.cluster = backend.create_db_cluster(self._kwargs())
        self.cluster.status = "available"

    def update(self, old_props):
        p = self.props
        kw = {"db_cluster_identifier": self.cluster.db_cluster_identifier, "apply_immediately": True}
        mapping = {"BackupRetentionPeriod": "backup_retention_period", "PreferredBackupWindow": "preferred_backup_window",
                   "PreferredMaintenanceWindow": "preferred_maintenance_window", "Port": "port",
                   "VpcSecurityGroupIds": "vpc_security_group_ids", "EngineVersion": "engine_version",
                   "DeletionProtection": "deletion_protection", "MasterUserPassword": "master_user_password",
                   "DBClusterParameterGroupName": "db_cluster_parameter_group_name",
                   "ManageMasterUserPassword": "manage_master_user_password"}
        for cfn, snake in mapping.items():
            if p.get(cfn) != old_props.get(cfn) and p.get(cfn) is not None:
                val = p[cfn]
                if cfn in ("DeletionProtection", "ManageMasterUserPassword"):
                    val = _bool(val)
                if cfn in ("Port", "BackupRetentionPeriod"):
                    val = int(val)
                kw[snake] = val
        _rds(self.account_id, self.region).modify_db_cluster(kw)
        if p.get("Tags") != old_props.get("Tags"):
            self.cluster.tags = _tags_list(p.get("Tags"))

    def remove(self):
        backend = _rds(self.account_id, self.region)
        ident = self.cluster.db_cluster_identifier
        if ident in backend.clusters:
            backend.delete_db_cluster(cluster_identifier=ident, snapshot_name=None)
        # Aurora deletes a cluster's automated backups with it (moto keeps its `rds:<id>-<minute>`
        # snapshots, so re-creating the same cluster within a minute collided with them).
        for sid in [s for s in backend.cluster_snapshots if s.startswith(f"rds:{ident}-")]:
            del backend.cluster_snapshots[sid]

    def ref(self):
        return self.cluster.db_cluster_identifier

    def attr(self, name):
        c = self.cluster
        if name == "Endpoint.Address":
            return c.endpoint
        if name == "Endpoint.Port":
            return str(c.port)
        if name == "ReadEndpoint.Address":
            return c.reader_endpoint
        if name == "DBClusterArn":
            return c.db_cluster_arn
        if name == "DBClusterResourceId":
            return c.db_cluster_resource_id
        if name == "MasterUserSecret.SecretArn":
            secret = getattr(c, "master_user_secret", None)
            if not c.manage_master_user_password or secret is None:
                raise ValidationError(message="MasterUserSecret is only available with ManageMasterUserPassword")
            return secret.secret_arn
        raise KeyError(name)


class DBClusterParameterGroup(HaResource):
    """moto's model has no CloudFormation support: created in the rds backend with its Parameters
    (describe_db_cluster_parameters reads them back); the cluster refers to it by name."""
    TYPE = "AWS::RDS::DBClusterParameterGroup"
    NAME_PROP = "DBClusterParameterGroupName"
    NAME_MAX = 255
    NAME_LOWER = True
    NOTES = "rds backend create_db_cluster_parameter_group + Parameters (stored, never applied to an engine)"
    REPLACE_ON = ("DBClusterParameterGroupName", "Family", "Description")

    def create(self):
        _require(self.props, "Family", "Description")
        backend = _rds(self.account_id, self.region)
        self.name = self.name.lower()
        backend.create_db_cluster_parameter_group(
            db_cluster_parameter_group_name=self.name, db_parameter_group_family=self.props["Family"],
            description=self.props["Description"], tags=_tags_list(self.props.get("Tags")))
        self._put()

    def _put(self):
        params = [{"ParameterName": k, "ParameterValue": str(v), "ApplyMethod": "pending-reboot"}
                  for k, v in (self.props.get("Parameters") or {}).items()]
        if params:
            _rds(self.account_id, self.region).modify_db_cluster_parameter_group(self.name, params)

    def update(self, old_props):
        self._put()

    def remove(self):
        backend = _rds(self.account_id, self.region)
        if self.name in backend.db_cluster_parameter_groups:
            backend.delete_db_cluster_parameter_group(self.name)


ENGINE_PORTS = {"postgres": 5432, "aurora-postgresql": 5432, "mysql": 3306, "aurora-mysql": 3306, "mariadb": 3306,
                "aurora": 3306, "oracle-ee": 1521, "sqlserver-ex": 1433, "sqlserver-se": 1433}


class DBInstance(HaResource):
    """Replaces moto's model: supports DBClusterIdentifier (Aurora members), engine default ports,
    DBSubnetGroupName given as a name, and the DBInstanceArn attribute."""
    TYPE = "AWS::RDS::DBInstance"
    NAME_PROP = "DBInstanceIdentifier"
    NAME_MAX = 63
    NAME_LOWER = True
    NOTES = "rds backend create_db_instance (replaces moto's model: DBClusterIdentifier, engine ports, DBInstanceArn)"
    REPLACE_ON = ("DBInstanceIdentifier", "Engine", "DBClusterIdentifier", "DBName", "StorageEncrypted", "KmsKeyId",
                  "DBSubnetGroupName", "MasterUsername", "AvailabilityZone", "SourceDBInstanceIdentifier")
    ATTRS = ("Endpoint.Address", "Endpoint.Port", "DBInstanceArn", "DbiResourceId")

    def create(self):
        p = self.props
        _require(p, "DBInstanceClass")
        backend = _rds(self.account_id, self.region)
        cluster_id = p.get("DBClusterIdentifier")
        engine = p.get("Engine")
        subnet_group = p.get("DBSubnetGroupName")
        if subnet_group is not None and not isinstance(subnet_group, str):
            subnet_group = getattr(subnet_group, "subnet_name", None) or getattr(subnet_group, "name", None)
        kw: dict[str, Any] = {
            "db_instance_identifier": self.name.lower().replace("_", "-"),
            "db_instance_class": p.get("DBInstanceClass"),
            "engine": engine,
            "engine_version": p.get("EngineVersion"),
            "db_subnet_group_name": subnet_group,
            "publicly_accessible": _bool(p.get("PubliclyAccessible")),
            "auto_minor_version_upgrade": _bool(p.get("AutoMinorVersionUpgrade"), True),
            "availability_zone": p.get("AvailabilityZone"),
            "db_parameter_group_name": p.get("DBParameterGroupName"),
            "copy_tags_to_snapshot": _bool(p.get("CopyTagsToSnapshot")),
            "tags": _tags_list(p.get("Tags")),
            "preferred_maintenance_window": (p.get("PreferredMaintenanceWindow") or "wed:06:38-wed:07:08").lower(),
            "db_security_groups": [],
        }
        if cluster_id:
            for forbidden in ("MasterUsername", "MasterUserPassword", "AllocatedStorage", "BackupRetentionPeriod",
                              "StorageEncrypted", "VPCSecurityGroups", "DBName"):
                if p.get(forbidden) is not None and forbidden in ("MasterUsername", "MasterUserPassword"):
                    raise ValidationError(message=f"The requested DB Instance will be a member of a DB Cluster. Don't specify {forbidden}.")
            cluster = backend.clusters.get(cluster_id)
            if cluster is None:
                raise ValidationError(message=f"DBCluster {cluster_id} not found.")
            kw["db_cluster_identifier"] = cluster_id
            kw["port"] = cluster.port
        else:
            _require(p, "Engine")
            kw.update({
                "allocated_storage": int(p["AllocatedStorage"]) if p.get("AllocatedStorage") else None,
                "backup_retention_period": int(p.get("BackupRetentionPeriod", 1)),
                "db_name": p.get("DBName"),
                "master_username": p.get("MasterUsername"),
                "master_user_password": p.get("MasterUserPassword"),
                "manage_master_user_password": _bool(p.get("ManageMasterUserPassword")),
                "multi_az": _bool(p.get("MultiAZ")),
                "port": int(p.get("Port") or ENGINE_PORTS.get(engine, 3306)),
                "storage_encrypted": _bool(p.get("StorageEncrypted")),
                "storage_type": p.get("StorageType"),
                "iops": p.get("Iops"),
                "kms_key_id": p.get("KmsKeyId"),
                "vpc_security_group_ids": p.get("VPCSecurityGroups") or [],
                "preferred_backup_window": p.get("PreferredBackupWindow", "13:14-13:44"),
            })
        kw = {k: v for k, v in kw.items() if v is not None}
        self.db = backend.create_db_instance(kw)
        self.db.status = "available"

    def update(self, old_props):
        p = self.props
        kw = {"db_instance_identifier": self.db.db_instance_identifier, "apply_immediately": True}
        for cfn, snake in {"DBInstanceClass": "db_instance_class", "AllocatedStorage": "allocated_storage",
                           "EngineVersion": "engine_version", "PubliclyAccessible": "publicly_accessible",
                           "BackupRetentionPeriod": "backup_retention_period", "MultiAZ": "multi_az"}.items():
            if p.get(cfn) != old_props.get(cfn) and p.get(cfn) is not None:
                kw[snake] = p[cfn]
        _rds(self.account_id, self.region).modify_db_instance(self.db.db_instance_identifier, kw)

    def remove(self):
        backend = _rds(self.account_id, self.region)
        if self.db.db_instance_identifier in backend.databases:
            backend.delete_db_instance(self.db.db_instance_identifier)

    def ref(self):
        return self.db.db_instance_identifier

    def attr(self, name):
        if name == "Endpoint.Address":
            return self.db.address
        if name == "Endpoint.Port":
            return str(self.db.port)
        if name == "DBInstanceArn":
            return self.db.db_instance_arn
        if name == "DbiResourceId":
            return self.db.dbi_resource_id
        raise KeyError(name)


# ======================================================================================
# Secrets Manager


def _generate_secret_string(spec: dict) -> str:
    length = int(spec.get("PasswordLength", 32))
    exclude = spec.get("ExcludeCharacters", "")
    pool = ""
    if not _bool(spec.get("ExcludeLowercase")):
        pool += string.ascii_lowercase
    if not _bool(spec.get("ExcludeUppercase")):
        pool += string.ascii_uppercase
    if not _bool(spec.get("ExcludeNumbers")):
        pool += string.digits
    if not _bool(spec.get("ExcludePunctuation")):
        pool += "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    if _bool(spec.get("IncludeSpace")):
        pool += " "
    pool = "".join(c for c in pool if c not in exclude)
    password = "".join(secrets.choice(pool) for _ in range(length))
    template = spec.get("SecretStringTemplate")
    key = spec.get("GenerateStringKey")
    if template is not None or key is not None:
        if not (template and key):
            raise ValidationError(message="GenerateSecretString: SecretStringTemplate and GenerateStringKey must be used together")
        doc = json.loads(template)
        doc[key] = password
        return json.dumps(doc)
    return password


class Secret(HaResource):
    TYPE = "AWS::SecretsManager::Secret"
    NAME_PROP = "Name"
    NAME_MAX = 512
    NOTES = "secretsmanager backend; GenerateSecretString generates a random value locally"
    REPLACE_ON = ("Name",)
    ATTRS = ("Id",)

    def _backend(self):
        from moto.secretsmanager.models import secretsmanager_backends
        return secretsmanager_backends[self.account_id][self.region]

    def create(self):
        p = self.props
        if p.get("SecretString") is not None and p.get("GenerateSecretString") is not None:
            raise ValidationError(message="You can't specify both SecretString and GenerateSecretString")
        value = p.get("SecretString")
        if value is None:
            value = _generate_secret_string(p.get("GenerateSecretString") or {})
        be = self._backend()
        be.create_secret(name=self.name, secret_string=value, secret_binary=None, description=p.get("Description"),
                         tags=_tags_list(p.get("Tags")), kms_key_id=p.get("KmsKeyId"), client_request_token=None,
                         replica_regions=[], force_overwrite=False)
        self.arn = be.secrets[self.name].arn

    def update(self, old_props):
        p = self.props
        kwargs = {}
        if p.get("SecretString") != old_props.get("SecretString") and p.get("SecretString") is not None:
            kwargs["secret_string"] = p["SecretString"]
        elif p.get("GenerateSecretString") != old_props.get("GenerateSecretString") and p.get("GenerateSecretString") is not None:
            kwargs["secret_string"] = _generate_secret_string(p["GenerateSecretString"])
        secret = self._backend().secrets[self.name]
        if p.get("Description") != old_props.get("Description"):
            secret.description = p.get("Description")
        if p.get("KmsKeyId") != old_props.get("KmsKeyId"):
            secret.kms_key_id = p.get("KmsKeyId")
        if kwargs:
            self._backend().update_secret(self.arn, client_request_token=str(uuid.uuid4()), **kwargs)

    def remove(self):
        self._backend().delete_secret(self.arn, recovery_window_in_days=None, force_delete_without_recovery=True)

    def ref(self):
        return self.arn

    def attr(self, name):
        return self.arn


# ======================================================================================
# Application Auto Scaling


def _aas(account, region):
    from moto.applicationautoscaling.models import applicationautoscaling_backends
    return applicationautoscaling_backends[account][region]


class ScalableTarget(HaResource):
    TYPE = "AWS::ApplicationAutoScaling::ScalableTarget"
    NOTES = "applicationautoscaling backend register_scalable_target (ECS service must exist)"
    REPLACE_ON = ("ResourceId", "ScalableDimension", "ServiceNamespace")
    ATTRS = ("Id",)

    def create(self):
        p = self.props
        _require(p, "ResourceId", "ScalableDimension", "ServiceNamespace", "MinCapacity", "MaxCapacity")
        self._register()

    def _register(self):
        p = self.props
        suspended = p.get("SuspendedState")
        _aas(self.account_id, self.region).register_scalable_target(
            namespace=p["ServiceNamespace"], r_id=p["ResourceId"], dimension=p["ScalableDimension"],
            min_capacity=int(p["MinCapacity"]), max_capacity=int(p["MaxCapacity"]),
            role_arn=p.get("RoleARN") or f"arn:aws:iam::{self.account_id}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
            suspended_state=suspended)

    def update(self, old_props):
        self._register()

    def remove(self):
        p = self.props
        be = _aas(self.account_id, self.region)
        try:
            be.deregister_scalable_target(p["ServiceNamespace"], p["ResourceId"], p["ScalableDimension"])
        except Exception as exc:  # already gone is fine for delete
            log.info("deregister_scalable_target: %s", exc)

    def ref(self):
        p = self.props
        return f"{p['ResourceId']}|{p['ScalableDimension']}|{p['ServiceNamespace']}"

    def attr(self, name):
        return self.ref()


class ScalingPolicy(HaResource):
    TYPE = "AWS::ApplicationAutoScaling::ScalingPolicy"
    NOTES = "applicationautoscaling backend put_scaling_policy"
    REPLACE_ON = ("PolicyName", "ResourceId", "ScalableDimension", "ServiceNamespace", "ScalingTargetId")
    ATTRS = ("Arn",)

    def _target(self):
        p = self.props
        if p.get("ScalingTargetId"):
            parts = str(p["ScalingTargetId"]).split("|")
            if len(parts) != 3:
                raise ValidationError(message=f"Invalid ScalingTargetId {p['ScalingTargetId']}")
            return parts[0], parts[1], parts[2]
        _require(p, "ResourceId", "ScalableDimension", "ServiceNamespace")
        return p["ResourceId"], p["ScalableDimension"], p["ServiceNamespace"]

    def create(self):
        p = self.props
        _require(p, "PolicyName", "PolicyType")
        rid, dim, ns = self._target()
        be = _aas(self.account_id, self.region)
        if rid not in be.targets.get(dim, {}):
            raise ValidationError(message=f"No scalable target registered for service namespace: {ns}, resource ID: {rid}, scalable dimension: {dim}")
        self._put()

    def _put(self):
        p = self.props
        rid, dim, ns = self._target()
        body = p.get("TargetTrackingScalingPolicyConfiguration") or p.get("StepScalingPolicyConfiguration")
        self.policy = _aas(self.account_id, self.region).put_scaling_policy(
            policy_name=p["PolicyName"], service_namespace=ns, resource_id=rid, scalable_dimension=dim,
            policy_body=body, policy_type=p["PolicyType"])

    def update(self, old_props):
        self._put()

    def remove(self):
        rid, dim, ns = self._target()
        try:
            _aas(self.account_id, self.region).delete_scaling_policy(self.props["PolicyName"], ns, rid, dim)
        except Exception as exc:
            log.info("delete_scaling_policy: %s", exc)

    def ref(self):
        return self.policy.policy_arn

    def attr(self, name):
        return self.policy.policy_arn


# ======================================================================================
# Cloud Map


def _sd(account, region):
    from moto.servicediscovery.models import servicediscovery_backends
    return servicediscovery_backends[account][region]


class PrivateDnsNamespace(HaResource):
    TYPE = "AWS::ServiceDiscovery::PrivateDnsNamespace"
    NOTES = "servicediscovery backend (creates the private Route 53 hosted zone too)"
    REPLACE_ON = ("Name", "Vpc")
    ATTRS = ("Id", "Arn", "HostedZoneId")

    def create(self):
        p = self.props
        _require(p, "Name", "Vpc")
        be = _sd(self.account_id, self.region)
        be.create_private_dns_namespace(name=p["Name"], creator_request_id=str(uuid.uuid4()),
                                        description=p.get("Description"), vpc=p["Vpc"],
                                        tags=_tags_list(p.get("Tags")), properties=p.get("Properties"))
        self.ns = next(ns for ns in be.namespaces.values() if ns.name == p["Name"] and ns.vpc == p["Vpc"])
        self._fix_zone()

    def _zone(self):
        from moto.route53.models import route53_backends
        zid = str(self.attr("HostedZoneId") or "").split("/")[-1]
        r53 = route53_backends[self.account_id]["aws"]
        return r53, r53.zones.get(zid)

    def _fix_zone(self):
        """moto names the namespace's zone '<name>-hz' and associates no VPC; AWS uses the
        namespace name and the namespace's VPC."""
        r53, zone = self._zone()
        if zone is None:
            return
        name = self.props["Name"]
        if zone.name.rstrip(".").endswith("-hz"):
            zone.name = name
            for rr in zone.rrsets:
                rr.name = rr.name.replace(f"{name}-hz", name)
        try:
            r53.associate_vpc_with_hosted_zone(zone.resource_id, self.props["Vpc"], self.region)
        except Exception as exc:
            log.info("namespace zone VPC association: %s", exc)

    def update(self, old_props):
        self.ns.description = self.props.get("Description")

    def remove(self):
        be = _sd(self.account_id, self.region)
        if self.ns.id in be.namespaces:
            for svc in be.services.values():
                if svc.namespace_id == self.ns.id:
                    raise ValidationError(message=f"Namespace {self.ns.id} has associated services")
            r53, zone = self._zone()
            be.delete_namespace(self.ns.id)
            if zone is not None:  # AWS deletes the namespace's private hosted zone with it
                zone.rrsets = []
                r53.delete_hosted_zone(zone.resource_id)

    def ref(self):
        return self.ns.id

    def attr(self, name):
        if name == "Id":
            return self.ns.id
        if name == "Arn":
            return self.ns.arn
        if name == "HostedZoneId":
            return (self.ns.dns_properties or {}).get("HostedZoneId") or getattr(self.ns, "hosted_zone_id", "")
        raise KeyError(name)


class SDService(HaResource):
    TYPE = "AWS::ServiceDiscovery::Service"
    NOTES = "servicediscovery backend create_service"
    REPLACE_ON = ("Name", "NamespaceId", "HealthCheckCustomConfig", "Type")
    ATTRS = ("Id", "Arn", "Name")

    def create(self):
        p = self.props
        name = p.get("Name") or self._generated
        ns_id = p.get("NamespaceId") or (p.get("DnsConfig") or {}).get("NamespaceId")
        be = _sd(self.account_id, self.region)
        if ns_id and ns_id not in be.namespaces:
            raise ValidationError(message=f"Namespace {ns_id} not found")
        self.svc = be.create_service(name=name, namespace_id=ns_id, creator_request_id=str(uuid.uuid4()),
                                     description=p.get("Description"), dns_config=p.get("DnsConfig"),
                                     health_check_config=p.get("HealthCheckConfig"),
                                     health_check_custom_config=p.get("HealthCheckCustomConfig"),
                                     tags=_tags_list(p.get("Tags")), service_type=p.get("Type"))

    def update(self, old_props):
        p = self.props
        details = {}
        if p.get("Description") != old_props.get("Description"):
            details["Description"] = p.get("Description")
        if p.get("DnsConfig") != old_props.get("DnsConfig") and p.get("DnsConfig"):
            details["DnsConfig"] = {"DnsRecords": p["DnsConfig"].get("DnsRecords", [])}
        if p.get("HealthCheckConfig") != old_props.get("HealthCheckConfig") and p.get("HealthCheckConfig"):
            details["HealthCheckConfig"] = p["HealthCheckConfig"]
        if details:
            _sd(self.account_id, self.region).update_service(self.svc.id, details)

    def remove(self):
        be = _sd(self.account_id, self.region)
        if self.svc.id in be.services:
            be.delete_service(self.svc.id)

    def ref(self):
        return self.svc.id

    def attr(self, name):
        return {"Id": self.svc.id, "Arn": self.svc.arn, "Name": self.svc.name}[name]


# ======================================================================================
# Policies (S3 / SQS / SNS)


def _s3(account):
    from moto.s3.models import s3_backends
    return s3_backends[account]["aws"]


class BucketPolicy(HaResource):
    TYPE = "AWS::S3::BucketPolicy"
    NOTES = "s3 backend put_bucket_policy"
    REPLACE_ON = ("Bucket",)

    def create(self):
        _require(self.props, "Bucket", "PolicyDocument")
        self._put()

    def _put(self):
        doc = self.props["PolicyDocument"]
        _s3(self.account_id).get_bucket(self.props["Bucket"])
        _s3(self.account_id).put_bucket_policy(self.props["Bucket"], _json_str(doc).encode())

    def update(self, old_props):
        self._put()

    def remove(self):
        try:
            _s3(self.account_id).delete_bucket_policy(self.props["Bucket"])
        except Exception as exc:
            log.info("delete_bucket_policy: %s", exc)

    def ref(self):
        return self.props["Bucket"]


def _sqs(account, region):
    from moto.sqs.models import sqs_backends
    return sqs_backends[account][region]


def _queue_name(url_or_name: str) -> str:
    return str(url_or_name).rstrip("/").split("/")[-1]


class QueuePolicy(HaResource):
    TYPE = "AWS::SQS::QueuePolicy"
    NOTES = "sqs backend set_queue_attributes(Policy)"

    def create(self):
        _require(self.props, "Queues", "PolicyDocument")
        self.id = f"{self._generated}"
        self._put(self.props["Queues"], _json_str(self.props["PolicyDocument"]))

    def _put(self, queues, policy):
        be = _sqs(self.account_id, self.region)
        for q in queues:
            be.set_queue_attributes(_queue_name(q), {"Policy": policy})

    def update(self, old_props):
        gone = [q for q in old_props.get("Queues", []) if q not in self.props["Queues"]]
        if gone:
            self._put(gone, "")
        self._put(self.props["Queues"], _json_str(self.props["PolicyDocument"]))

    def remove(self):
        try:
            self._put(self.props["Queues"], "")
        except Exception as exc:
            log.info("QueuePolicy delete: %s", exc)

    def ref(self):
        return self.id


def _sns(account, region):
    from moto.sns.models import sns_backends
    return sns_backends[account][region]


class Subscription(HaResource):
    TYPE = "AWS::SNS::Subscription"
    NOTES = "sns backend subscribe (+ FilterPolicy, RawMessageDelivery, RedrivePolicy attributes)"
    REPLACE_ON = ("Endpoint", "Protocol", "TopicArn", "Region")
    ATTRS = ("Arn",)
    _ATTRS = {"FilterPolicy": True, "FilterPolicyScope": False, "RawMessageDelivery": False,
              "RedrivePolicy": True, "DeliveryPolicy": True}

    def create(self):
        p = self.props
        _require(p, "TopicArn", "Protocol")
        be = _sns(self.account_id, self.region)
        be.get_topic(p["TopicArn"])
        self.sub = be.subscribe(p["TopicArn"], p.get("Endpoint"), p["Protocol"])
        self._set_attrs({})

    def _set_attrs(self, old):
        be = _sns(self.account_id, self.region)
        for key, is_json in self._ATTRS.items():
            val = self.props.get(key)
            if val is not None and val != old.get(key):
                if is_json:
                    val = _json_str(val)
                elif isinstance(val, bool):
                    val = "true" if val else "false"
                be.set_subscription_attributes(self.sub.arn, key, str(val))

    def update(self, old_props):
        self._set_attrs(old_props)

    def remove(self):
        _sns(self.account_id, self.region).unsubscribe(self.sub.arn)

    def ref(self):
        return self.sub.arn

    def attr(self, name):
        return self.sub.arn


class TopicPolicy(HaResource):
    TYPE = "AWS::SNS::TopicPolicy"
    NOTES = "sns backend set_topic_attribute(Policy)"
    ATTRS = ("Id",)

    def create(self):
        _require(self.props, "Topics", "PolicyDocument")
        self.id = self._generated
        self._old = {}
        be = _sns(self.account_id, self.region)
        for arn in self.props["Topics"]:
            self._old[arn] = be.get_topic(arn).policy
        self._put()

    def _put(self):
        be = _sns(self.account_id, self.region)
        for arn in self.props["Topics"]:
            be.set_topic_attribute(arn, "policy", _json_str(self.props["PolicyDocument"]))

    def update(self, old_props):
        be = _sns(self.account_id, self.region)
        for arn in self.props["Topics"]:
            self._old.setdefault(arn, be.get_topic(arn).policy)
        self._put()

    def remove(self):
        be = _sns(self.account_id, self.region)
        for arn, pol in self._old.items():
            try:
                be.set_topic_attribute(arn, "policy", pol)
            except Exception as exc:
                log.info("TopicPolicy delete: %s", exc)

    def ref(self):
        return self.id

    def attr(self, name):
        return self.id


# ======================================================================================
# Backup


def _backup(account, region):
    from moto.backup.models import backup_backends
    return backup_backends[account][region]


class BackupVault(HaResource):
    TYPE = "AWS::Backup::BackupVault"
    NAME_PROP = "BackupVaultName"
    NOTES = "backup backend create_backup_vault"
    REPLACE_ON = ("BackupVaultName", "EncryptionKeyArn")
    ATTRS = ("BackupVaultName", "BackupVaultArn")

    def create(self):
        _require(self.props, "BackupVaultName")
        self.vault = _backup(self.account_id, self.region).create_backup_vault(
            backup_vault_name=self.name, backup_vault_tags=self.props.get("BackupVaultTags") or {},
            encryption_key_arn=self.props.get("EncryptionKeyArn"), creator_request_id=str(uuid.uuid4()))

    def update(self, old_props):
        if self.props.get("BackupVaultTags") is not None:
            _backup(self.account_id, self.region).tag_resource(self.vault.backup_vault_arn, self.props["BackupVaultTags"])

    def remove(self):
        _backup(self.account_id, self.region).delete_backup_vault(self.name)

    def attr(self, name):
        return self.name if name == "BackupVaultName" else self.vault.backup_vault_arn


class BackupPlan(HaResource):
    TYPE = "AWS::Backup::BackupPlan"
    NOTES = "backup backend create_backup_plan (CFN BackupPlanRule -> API Rules); update edits the plan in place"
    ATTRS = ("BackupPlanId", "BackupPlanArn", "VersionId")

    def _api_plan(self):
        bp = self.props.get("BackupPlan") or {}
        _require(bp, "BackupPlanName")
        rules = []
        for rule in bp.get("BackupPlanRule") or []:
            _require(rule, "RuleName", "TargetBackupVault")
            r = {k: v for k, v in rule.items() if k != "TargetBackupVault"}
            r["TargetBackupVaultName"] = rule["TargetBackupVault"]
            rules.append(r)
        if not rules:
            raise ValidationError(message="Property validation failure: [The property BackupPlanRule is required]")
        be = _backup(self.account_id, self.region)
        for r in rules:
            if r["TargetBackupVaultName"] not in be.vaults:
                raise ValidationError(message=f"Backup vault {r['TargetBackupVaultName']} does not exist")
        plan = {"BackupPlanName": bp["BackupPlanName"], "Rules": rules}
        if bp.get("AdvancedBackupSettings"):
            plan["AdvancedBackupSettings"] = bp["AdvancedBackupSettings"]
        return plan

    def create(self):
        self.plan = _backup(self.account_id, self.region).create_backup_plan(
            backup_plan=self._api_plan(), backup_plan_tags=self.props.get("BackupPlanTags") or {},
            creator_request_id=str(uuid.uuid4()))

    def update(self, old_props):
        from moto.backup.models import Plan
        fresh = Plan(self._api_plan(), self.plan.creator_request_id, _backup(self.account_id, self.region))
        self.plan.backup_plan = fresh.backup_plan
        self.plan.version_id = fresh.version_id

    def remove(self):
        _backup(self.account_id, self.region).delete_backup_plan(self.plan.backup_plan_id)

    def ref(self):
        return self.plan.backup_plan_id

    def attr(self, name):
        return {"BackupPlanId": self.plan.backup_plan_id, "BackupPlanArn": self.plan.backup_plan_arn,
                "VersionId": self.plan.version_id}[name]


class BackupSelection(HaResource):
    TYPE = "AWS::Backup::BackupSelection"
    BACKING = "recorded-only"
    NOTES = "moto's backup backend has no selections: validated (plan exists, IamRoleArn, name) and recorded only"
    REPLACE_ON = ("BackupPlanId", "BackupSelection")
    ATTRS = ("SelectionId", "BackupPlanId", "Id")

    def create(self):
        p = self.props
        _require(p, "BackupPlanId", "BackupSelection")
        sel = p["BackupSelection"]
        _require(sel, "SelectionName", "IamRoleArn")
        be = _backup(self.account_id, self.region)
        if p["BackupPlanId"] not in be.plans:
            raise ValidationError(message=f"Backup plan {p['BackupPlanId']} does not exist")
        self.selection_id = str(uuid.uuid4())
        RECORDED.setdefault(self.TYPE, {})[self.selection_id] = p

    def remove(self):
        RECORDED.get(self.TYPE, {}).pop(self.selection_id, None)

    def ref(self):
        return self.selection_id

    def attr(self, name):
        if name == "BackupPlanId":
            return self.props["BackupPlanId"]
        return self.selection_id


RECORDED: dict[str, dict] = {}


# ======================================================================================
# Synthetics


class Canary(HaResource):
    TYPE = "AWS::Synthetics::Canary"
    NAME_PROP = "Name"
    NAME_MAX = 21
    NAME_LOWER = True
    NOTES = "synthetics backend create_canary; the canary script is stored, never run"
    REPLACE_ON = ("Name",)
    ATTRS = ("Id", "State")

    def _be(self):
        from moto.synthetics.models import synthetics_backends
        return synthetics_backends[self.account_id][self.region]

    def create(self):
        p = self.props
        _require(p, "Name", "Code", "ArtifactS3Location", "ExecutionRoleArn", "Schedule", "RuntimeVersion")
        if not re.fullmatch(r"[0-9a-z_\-]{1,21}", self.name):
            raise ValidationError(message=f"Canary name {self.name} must match ^[0-9a-z_\\-]{{1,21}}$")
        self.canary = self._be().create_canary(
            name=self.name, code=p["Code"], artifact_s3_location=p["ArtifactS3Location"],
            execution_role_arn=p["ExecutionRoleArn"], schedule=p["Schedule"], run_config=p.get("RunConfig") or {},
            success_retention_period_in_days=int(p.get("SuccessRetentionPeriod", 31)),
            failure_retention_period_in_days=int(p.get("FailureRetentionPeriod", 31)),
            runtime_version=p["RuntimeVersion"], vpc_config=p.get("VPCConfig"),
            resources_to_replicate_tags=p.get("ResourcesToReplicateTags"),
            provisioned_resource_cleanup=p.get("ProvisionedResourceCleanup"),
            browser_configs=p.get("BrowserConfigs"), tags=_tags_map(p.get("Tags")),
            artifact_config=p.get("ArtifactConfig"))
        if _bool(p.get("StartCanaryAfterCreation")):
            try:
                self.canary.state = "RUNNING"
            except Exception:
                pass

    def update(self, old_props):
        fresh = dict(self.props)
        self._be().canaries.pop(self.name, None)
        self.create()

    def remove(self):
        self._be().canaries.pop(self.name, None)

    def attr(self, name):
        if name == "Id":
            return getattr(self.canary, "id", self.name)
        return getattr(self.canary, "state", "READY")


# ======================================================================================
# CloudWatch


def _cw(account, region):
    from moto.cloudwatch.models import cloudwatch_backends
    return cloudwatch_backends[account][region]


def _metric_queries(metrics):
    if not metrics:
        return None
    from moto.cloudwatch.models import Dimension, Metric, MetricDataQuery, MetricStat
    out = []
    for m in metrics:
        stat = None
        if m.get("MetricStat"):
            ms = m["MetricStat"]
            met = ms.get("Metric") or {}
            stat = MetricStat(
                metric=Metric(metric_name=met.get("MetricName"), namespace=met.get("Namespace"),
                              dimensions=[Dimension(d["Name"], d["Value"]) for d in met.get("Dimensions") or []]),
                period=ms.get("Period"), stat=ms.get("Stat"), unit=ms.get("Unit"))
        out.append(MetricDataQuery(query_id=m.get("Id"), label=m.get("Label"), period=m.get("Period"),
                                   return_data=m.get("ReturnData"), expression=m.get("Expression"), metric_stat=stat))
    return out


class Alarm(HaResource):
    TYPE = "AWS::CloudWatch::Alarm"
    NAME_PROP = "AlarmName"
    NOTES = "cloudwatch backend put_metric_alarm (describe_alarms returns it)"
    REPLACE_ON = ("AlarmName",)
    ATTRS = ("Arn",)

    def create(self):
        p = self.props
        _require(p, "ComparisonOperator", "EvaluationPeriods")
        if not p.get("Metrics") and not p.get("MetricName"):
            raise ValidationError(message="Property validation failure: one of MetricName or Metrics is required")
        if p.get("MetricName") and not p.get("Statistic") and not p.get("ExtendedStatistic"):
            raise ValidationError(message="Property validation failure: Statistic or ExtendedStatistic is required with MetricName")
        self._put()

    def _put(self):
        p = self.props
        self.alarm = _cw(self.account_id, self.region).put_metric_alarm(
            name=self.name, namespace=p.get("Namespace"), metric_name=p.get("MetricName"),
            metric_data_queries=_metric_queries(p.get("Metrics")),
            comparison_operator=p["ComparisonOperator"], evaluation_periods=int(p["EvaluationPeriods"]),
            datapoints_to_alarm=int(p["DatapointsToAlarm"]) if p.get("DatapointsToAlarm") else None,
            period=int(p["Period"]) if p.get("Period") else None,
            threshold=float(p["Threshold"]) if p.get("Threshold") is not None else None,
            statistic=p.get("Statistic"), extended_statistic=p.get("ExtendedStatistic"),
            description=p.get("AlarmDescription"),
            dimensions=[{"Name": d["Name"], "Value": str(d["Value"])} for d in p.get("Dimensions") or []],
            alarm_actions=p.get("AlarmActions") or [], ok_actions=p.get("OKActions") or [],
            insufficient_data_actions=p.get("InsufficientDataActions") or [], unit=p.get("Unit"),
            actions_enabled=_bool(p.get("ActionsEnabled"), True), treat_missing_data=p.get("TreatMissingData"),
            evaluate_low_sample_count_percentile=p.get("EvaluateLowSampleCountPercentile"),
            threshold_metric_id=p.get("ThresholdMetricId"), tags=_tags_list(p.get("Tags")))

    def update(self, old_props):
        self._put()

    def remove(self):
        _cw(self.account_id, self.region).delete_alarms([self.name])

    def attr(self, name):
        return self.alarm.alarm_arn


_RULE_NAMES = re.compile(r"(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*(\"[^\"]+\"|'[^']+'|[^)\s]+)\s*\)")


class CompositeAlarm(Alarm):
    TYPE = "AWS::CloudWatch::CompositeAlarm"
    NOTES = "cloudwatch backend put_metric_alarm with AlarmRule; referenced alarms must exist"
    REPLACE_ON = ("AlarmName",)

    def create(self):
        _require(self.props, "AlarmRule")
        be = _cw(self.account_id, self.region)
        for ref in _RULE_NAMES.findall(self.props["AlarmRule"]):
            ref = ref.strip("\"'")
            name = ref.split(":alarm:")[-1]
            if name not in be.alarms:
                raise ValidationError(message=f"Could not save the composite alarm as alarms [{ref}] in the alarm rule do not exist")
        self._put()

    def _put(self):
        p = self.props
        self.alarm = _cw(self.account_id, self.region).put_metric_alarm(
            name=self.name, namespace=None, metric_name=None, comparison_operator=None, evaluation_periods=None,
            period=None, threshold=None, statistic=None, description=p.get("AlarmDescription"), dimensions=[],
            alarm_actions=p.get("AlarmActions") or [], ok_actions=p.get("OKActions") or [],
            insufficient_data_actions=p.get("InsufficientDataActions") or [],
            actions_enabled=_bool(p.get("ActionsEnabled"), True), rule=p["AlarmRule"])


# ======================================================================================
# CloudTrail


class Trail(HaResource):
    TYPE = "AWS::CloudTrail::Trail"
    NAME_PROP = "TrailName"
    NAME_MAX = 128
    NOTES = "cloudtrail backend create_trail/start_logging (no events are delivered)"
    REPLACE_ON = ("TrailName",)
    ATTRS = ("Arn", "SnsTopicArn")

    def _be(self):
        from moto.cloudtrail.models import cloudtrail_backends
        return cloudtrail_backends[self.account_id][self.region]

    def create(self):
        p = self.props
        _require(p, "S3BucketName")
        if p.get("IsLogging") is None:
            raise ValidationError(message="Property validation failure: [The property IsLogging is required]")
        self.trail = self._be().create_trail(
            name=self.name, bucket_name=p["S3BucketName"], s3_key_prefix=p.get("S3KeyPrefix"),
            sns_topic_name=p.get("SnsTopicName"), is_global=_bool(p.get("IncludeGlobalServiceEvents"), True),
            is_multi_region=_bool(p.get("IsMultiRegionTrail")), log_validation=_bool(p.get("EnableLogFileValidation")),
            is_org_trail=_bool(p.get("IsOrganizationTrail")), cw_log_group_arn=p.get("CloudWatchLogsLogGroupArn"),
            cw_role_arn=p.get("CloudWatchLogsRoleArn"), kms_key_id=p.get("KMSKeyId"),
            tags_list=_tags_list(p.get("Tags")))
        self._logging()

    def _logging(self):
        p = self.props
        if p.get("EventSelectors"):
            self.trail.put_event_selectors(p["EventSelectors"], None)
        if _bool(p.get("IsLogging")):
            self._be().start_logging(self.name)
        else:
            self._be().stop_logging(self.name)

    def update(self, old_props):
        p = self.props
        self._be().update_trail(
            name=self.name, s3_bucket_name=p["S3BucketName"], s3_key_prefix=p.get("S3KeyPrefix"),
            sns_topic_name=p.get("SnsTopicName"), include_global_service_events=_bool(p.get("IncludeGlobalServiceEvents"), True),
            is_multi_region_trail=_bool(p.get("IsMultiRegionTrail")), enable_log_file_validation=_bool(p.get("EnableLogFileValidation")),
            is_organization_trail=_bool(p.get("IsOrganizationTrail")), cw_log_group_arn=p.get("CloudWatchLogsLogGroupArn"),
            cw_role_arn=p.get("CloudWatchLogsRoleArn"), kms_key_id=p.get("KMSKeyId"))
        self._logging()

    def remove(self):
        self._be().delete_trail(self.name)

    def attr(self, name):
        if name == "Arn":
            return self.trail.arn
        return getattr(self.trail, "topic_arn", None) or ""


# ======================================================================================
# ECS


class ClusterCapacityProviderAssociations(HaResource):
    TYPE = "AWS::ECS::ClusterCapacityProviderAssociations"
    NOTES = "ecs backend put_cluster_capacity_providers"
    REPLACE_ON = ("Cluster",)

    def _be(self):
        from moto.ecs.models import ecs_backends
        return ecs_backends[self.account_id][self.region]

    def create(self):
        _require(self.props, "Cluster", "CapacityProviders", "DefaultCapacityProviderStrategy")
        self._put()

    def _put(self):
        p = self.props
        strategy = [{"capacityProvider": s["CapacityProvider"], "weight": int(s.get("Weight", 0)),
                     "base": int(s.get("Base", 0))} for s in p["DefaultCapacityProviderStrategy"]]
        self._be().put_cluster_capacity_providers(p["Cluster"].split("/")[-1], p["CapacityProviders"], strategy)

    def update(self, old_props):
        self._put()

    def remove(self):
        self._be().put_cluster_capacity_providers(self.props["Cluster"].split("/")[-1], [], [])

    def ref(self):
        return self.props["Cluster"]


# ======================================================================================
# Fixes to moto's own models (property shapes moto mishandles)


def _wrap(moto_cls, fixer, cfn_type, note):
    """A thin model that fixes the properties, then lets moto's model create/update it."""

    class Fixed:
        TYPE = cfn_type
        NOTES = note
        WRAPPED = moto_cls

        @staticmethod
        def cloudformation_type():
            return cfn_type

        @staticmethod
        def cloudformation_name_type():
            return moto_cls.cloudformation_name_type()

        @classmethod
        def has_cfn_attr(cls, attr):
            return moto_cls.has_cfn_attr(attr)

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kw):
            fixer(cloudformation_json.setdefault("Properties", {}), resource_name)
            return moto_cls.create_from_cloudformation_json(resource_name, cloudformation_json, account_id, region_name, **kw)

        @classmethod
        def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
            fixer(cloudformation_json.setdefault("Properties", {}), resource_name)
            return moto_cls.delete_from_cloudformation_json(resource_name, cloudformation_json, account_id, region_name)

    if not hasattr(moto_cls.update_from_cloudformation_json, "__isabstractmethod__"):
        def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
            fixer(cloudformation_json.setdefault("Properties", {}), getattr(original_resource, "name", new_resource_name))
            return moto_cls.update_from_cloudformation_json(original_resource, new_resource_name, cloudformation_json, account_id, region_name)
    else:
        def update_from_cloudformation_json(cls, *a, **k):
            raise NotImplementedError
        update_from_cloudformation_json.__isabstractmethod__ = True
    Fixed.update_from_cloudformation_json = classmethod(update_from_cloudformation_json)
    if hasattr(moto_cls.delete_from_cloudformation_json, "__isabstractmethod__"):
        Fixed.delete_from_cloudformation_json.__func__.__isabstractmethod__ = True
    Fixed.__name__ = "Fixed" + moto_cls.__name__
    return Fixed


def _fix_kms(props, name=None):
    if isinstance(props.get("KeyPolicy"), (dict, list)):
        props["KeyPolicy"] = json.dumps(props["KeyPolicy"])
    if props.get("Tags"):
        # moto's KMS backend wants the API's TagKey/TagValue shape
        props["Tags"] = [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in _tags_list(props["Tags"])]


def _fix_archive(props, name=None):
    if isinstance(props.get("EventPattern"), (dict, list)):
        props["EventPattern"] = json.dumps(props["EventPattern"])


def _fix_ssm(props, name=None):
    if not props.get("Name") and name:
        props["Name"] = name  # AWS generates a name when none is given; moto required one
    if isinstance(props.get("Tags"), dict):
        props["Tags"] = _tags_list(props["Tags"])


def _fix_rule(props, name=None):
    bus = props.get("EventBusName")
    if bus is not None and not isinstance(bus, str):
        props["EventBusName"] = getattr(bus, "name", str(bus))


def _substitute(text: str, subs: dict) -> str:
    for key, val in (subs or {}).items():
        text = text.replace("${" + key + "}", str(val))
    return text


def _fix_sfn(props, name=None):
    subs = props.get("DefinitionSubstitutions") or {}
    if props.get("Definition") is not None and not props.get("DefinitionString"):
        props["DefinitionString"] = json.dumps(props.pop("Definition"))
    if props.get("DefinitionString") and subs:
        props["DefinitionString"] = _substitute(props["DefinitionString"], subs)


def _fix_lambda_permission(props, name=None):
    return None


# ======================================================================================
# delete support for moto models without it


def _ec2(account, region):
    from moto.ec2.models import ec2_backends
    return ec2_backends[account][region]


def _del_route_table(inst, account, region):
    be = _ec2(account, region)
    for assoc_id in list(getattr(inst, "associations", {}) or {}):
        be.disassociate_route_table(assoc_id)
    be.delete_route_table(inst.id)


def _del_route(inst, account, region):
    be = _ec2(account, region)
    rt = inst.route_table
    if rt.id in be.route_tables:
        be.delete_route(rt.id, inst.destination_cidr_block, getattr(inst, "destination_ipv6_cidr_block", None),
                        getattr(inst, "destination_prefix_list_id", None))


def _route_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    """AWS::EC2::Route update: a new target is ReplaceRoute in place; a new RouteTableId or
    destination (createOnly) replaces the route."""
    be = _ec2(account_id, region_name)
    props = cloudformation_json["Properties"]
    old = original_resource
    dest_same = (props.get("DestinationCidrBlock") == old.destination_cidr_block
                 and props.get("DestinationIpv6CidrBlock") == getattr(old, "destination_ipv6_cidr_block", None)
                 and props.get("RouteTableId") == old.route_table.id)
    if not dest_same:
        new = cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
        new._ha_replaced = old
        return new
    return be.replace_route(
        old.route_table.id, props.get("DestinationCidrBlock"),
        destination_ipv6_cidr_block=props.get("DestinationIpv6CidrBlock"),
        nat_gateway_id=props.get("NatGatewayId"), egress_only_igw_id=props.get("EgressOnlyInternetGatewayId"),
        transit_gateway_id=props.get("TransitGatewayId"), gateway_id=props.get("GatewayId"),
        instance_id=props.get("InstanceId"), interface_id=props.get("NetworkInterfaceId"),
        vpc_peering_connection_id=props.get("VpcPeeringConnectionId"))


def _del_subnet_assoc(inst, account, region):
    be = _ec2(account, region)
    try:
        be.disassociate_route_table(inst.id)
    except Exception as exc:
        log.info("disassociate_route_table: %s", exc)


def _del_igw(inst, account, region):
    be = _ec2(account, region)
    if inst.vpc is not None:
        be.detach_internet_gateway(inst.id, inst.vpc.id)
    be.delete_internet_gateway(inst.id)


def _del_gw_attachment(inst, account, region):
    be = _ec2(account, region)
    gw_id = inst.gateway_id
    if gw_id.startswith("igw-"):
        igw = be.internet_gateways.get(gw_id)
        if igw is not None and igw.vpc is not None:
            be.detach_internet_gateway(gw_id, inst.vpc_id)
    else:
        be.detach_vpn_gateway(gw_id, inst.vpc_id)


def _del_nat(inst, account, region):
    _ec2(account, region).delete_nat_gateway(inst.id)


def _del_eip(inst, account, region):
    be = _ec2(account, region)
    if inst.domain == "vpc":
        be.release_address(allocation_id=inst.allocation_id)
    else:
        be.release_address(address=inst.public_ip)


def _del_flow_log(inst, account, region):
    _ec2(account, region).delete_flow_logs([inst.id])


def _del_vpc_endpoint(inst, account, region):
    _ec2(account, region).delete_vpc_endpoints([inst.id])


def _del_managed_policy(inst, account, region):
    from moto.iam.models import iam_backends
    be = iam_backends[account]["aws"]
    for role in list(be.roles.values()):
        if inst.arn in role.managed_policies:
            be.detach_role_policy(inst.arn, role.name)
    for user in list(be.users.values()):
        if inst.arn in user.managed_policies:
            be.detach_user_policy(inst.arn, user.name)
    for group in list(be.groups.values()):
        if inst.arn in group.managed_policies:
            be.detach_group_policy(inst.arn, group.name)
    be.delete_policy(inst.arn)


def _del_lambda_permission(inst, account, region):
    from moto.awslambda.utils import get_backend
    be = get_backend(account, region)
    fn_name = inst.function_name if hasattr(inst, "function_name") else None
    sid = getattr(inst, "sid", None) or getattr(inst, "statement_id", None)
    if fn_name and sid:
        try:
            be.remove_permission(fn_name, sid)
        except Exception as exc:
            log.info("remove_permission: %s", exc)


def _del_ecs_cluster(inst, account, region):
    from moto.ecs.models import ecs_backends
    ecs_backends[account][region].delete_cluster(inst.name)


def _del_ecs_service(inst, account, region):
    from moto.ecs.models import ecs_backends
    ecs_backends[account][region].delete_service(inst.cluster_name, inst.name, force=True)


def _del_task_definition(inst, account, region):
    from moto.ecs.models import ecs_backends
    ecs_backends[account][region].deregister_task_definition(inst.arn)


def _del_target_group(inst, account, region):
    from moto.elbv2.models import elbv2_backends
    elbv2_backends[account][region].delete_target_group(inst.arn)


def _del_log_group(inst, account, region):
    from moto.logs.models import logs_backends
    try:
        logs_backends[account][region].delete_log_group(inst.name)
    except Exception as exc:
        log.info("delete_log_group: %s", exc)


class BucketNotEmpty(Exception):
    pass


def _del_bucket(inst, account, region):
    be = _s3(account)
    bucket = be.buckets.get(inst.name)
    if bucket is None:
        return
    if bucket.keys:
        raise BucketNotEmpty("The bucket you tried to delete is not empty (Service: S3, Status Code: 409, Error Code: BucketNotEmpty)")
    be.delete_bucket(inst.name)


DELETERS = {
    "AWS::S3::Bucket": _del_bucket,
    "AWS::EC2::RouteTable": _del_route_table,
    "AWS::EC2::Route": _del_route,
    "AWS::EC2::SubnetRouteTableAssociation": _del_subnet_assoc,
    "AWS::EC2::InternetGateway": _del_igw,
    "AWS::EC2::VPCGatewayAttachment": _del_gw_attachment,
    "AWS::EC2::NatGateway": _del_nat,
    "AWS::EC2::EIP": _del_eip,
    "AWS::EC2::FlowLog": _del_flow_log,
    "AWS::EC2::VPCEndpoint": _del_vpc_endpoint,
    "AWS::IAM::ManagedPolicy": _del_managed_policy,
    "AWS::Lambda::Permission": _del_lambda_permission,
    "AWS::ECS::Cluster": _del_ecs_cluster,
    "AWS::ECS::Service": _del_ecs_service,
    "AWS::ECS::TaskDefinition": _del_task_definition,
    "AWS::ElasticLoadBalancingV2::TargetGroup": _del_target_group,
}


# ======================================================================================
# registration

MODELS = [DBCluster, DBClusterParameterGroup, DBInstance, Secret, ScalableTarget, ScalingPolicy, PrivateDnsNamespace, SDService,
          BucketPolicy, QueuePolicy, Subscription, TopicPolicy, BackupVault, BackupPlan, BackupSelection,
          Canary, Alarm, CompositeAlarm, Trail, ClusterCapacityProviderAssociations]

OVERRIDES: dict[str, Any] = {}

_orig_class_from_type = parsing.resource_class_from_type


def resource_class_from_type(resource_type: str):
    cls = OVERRIDES.get(resource_type)
    if cls is not None:
        return cls
    if resource_type.startswith("Custom::") or resource_type == "AWS::CloudFormation::CustomResource":
        return CustomResource
    return _orig_class_from_type(resource_type)


def _ref_fix(cls, attr_name):
    """Ref of moto's EventBus / Archive / DBSubnetGroup returned the Python object."""
    if "physical_resource_id" not in cls.__dict__:
        cls.physical_resource_id = property(lambda self: getattr(self, attr_name))


def _reuse_deleted_plan_names() -> None:
    """AWS lets a new backup plan take the name of a deleted one; moto counted deleted plans
    as name clashes (AlreadyExistsException), so a stack could not be created again after
    a delete."""
    from moto.backup.models import BackupBackend

    original = BackupBackend.create_backup_plan

    def create_backup_plan(self, backup_plan, backup_plan_tags, creator_request_id):
        deleted = {k: p for k, p in self.plans.items() if getattr(p, "deletion_date", None)}
        for k in deleted:
            del self.plans[k]
        try:
            return original(self, backup_plan, backup_plan_tags, creator_request_id)
        finally:
            self.plans.update(deleted)

    BackupBackend.create_backup_plan = create_backup_plan
    report.patch("backup:plan-name-reuse", "a deleted backup plan's name can be used again, as on AWS")


def apply() -> None:
    _reuse_deleted_plan_names()
    model_map = parsing.get_model_map()
    for cls in MODELS:
        cls.cloudformation_type = staticmethod(lambda t=cls.TYPE: t)
        OVERRIDES[cls.TYPE] = cls
        backing = cls.BACKING if cls.BACKING == "recorded-only" else "moto-backend"
        report.model(cls.TYPE, backing, cls.NOTES)
    fixes = {
        "AWS::KMS::Key": (_fix_kms, "KeyPolicy given as a JSON object is serialised (moto needs a string)"),
        "AWS::Events::Archive": (_fix_archive, "EventPattern given as an object is serialised"),
        "AWS::SSM::Parameter": (_fix_ssm, "Tags map converted to the list moto expects (was HTTP 500); a name is generated when Name is omitted"),
        "AWS::Events::Rule": (_fix_rule, "EventBusName: Ref Bus gives the bus name, as on AWS"),
        "AWS::StepFunctions::StateMachine": (_fix_sfn, "Definition object and DefinitionSubstitutions applied (was an empty definition)"),
    }
    for cfn_type, (fixer, note) in fixes.items():
        OVERRIDES[cfn_type] = _wrap(model_map[cfn_type], fixer, cfn_type, note)
        report.patch("fix:" + cfn_type, note)
    from moto.events.models import Archive, EventBus
    from moto.rds.models import DBSubnetGroup
    _ref_fix(EventBus, "name")
    _ref_fix(Archive, "name")
    _ref_fix(DBSubnetGroup, "name")
    report.patch("fix:ref-objects", "Ref of EventBus / Events Archive / DBSubnetGroup gives the name (was a Python object repr)")
    for t, fn in DELETERS.items():
        engine.DELETERS[t] = fn
    report.patch("deletes", "delete implemented for: " + ", ".join(sorted(DELETERS)))
    parsing.resource_class_from_type = resource_class_from_type
    from moto.ec2.models.route_tables import Route
    Route.update_from_cloudformation_json = classmethod(_route_update)
    report.patch("update:AWS::EC2::Route", "Route targets updated in place (ReplaceRoute); a new table/destination replaces the route")
    report.patch("models", "CloudFormation models added for: " + ", ".join(c.TYPE for c in MODELS))
