"""Tests for tools/cfn_validate.py.

The CLI is run as a subprocess, the way the Rust runner calls it. The interpreter is
$CFN_VALIDATE_PYTHON when set, else the one running pytest; tests that need the
validator (or the cdk-preflight pack) skip when that interpreter lacks them.

    CFN_VALIDATE_PYTHON=.venv/bin/python .venv/bin/python -m pytest -q tools/tests
"""

import importlib.util
import json
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(os.path.dirname(HERE), "cfn_validate.py")
PY = os.environ.get("CFN_VALIDATE_PYTHON") or sys.executable


def _probe(code: str) -> str:
    done = subprocess.run([PY, "-c", code], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


VALIDATOR_DIR = _probe("import os, cloudformation_validate as m; print(os.path.dirname(m.__file__))")
HAVE_PACK = _probe("import importlib.util as u; print(bool(u.find_spec('cdk_preflight')))") == "True"
needs_validator = pytest.mark.skipif(not VALIDATOR_DIR, reason=f"cloudformation-validate not installed for {PY}")
needs_pack = pytest.mark.skipif(not (VALIDATOR_DIR and HAVE_PACK), reason=f"cdk-preflight not installed for {PY}")

FINDING_KEYS = {"template", "rule", "severity", "logical_id", "path", "message", "fix", "source", "conditions"}


def run_tool(*args, python_flags=(), env=None):
    return subprocess.run([PY, *python_flags, TOOL, *args], capture_output=True, text=True, env=env, timeout=300)


def write(tmp_path, name, template):
    path = tmp_path / name
    path.write_text(template if isinstance(template, str) else json.dumps(template, indent=2))
    return str(path)


def validate(*args):
    done = run_tool(*args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def only(findings, **match):
    return [f for f in findings if all(f[k] == v for k, v in match.items())]


# Three mistakes the schema catches: a string where an integer belongs, a property the
# resource type does not have, and a value outside an enum.
PLANTED = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Archive": {
            "Type": "AWS::S3::Bucket",
            "Properties": {"VersioningConfiguration": {"Status": "Sometimes"}},
        },
        "WorkQueue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {"VisibilityTimeout": "soon", "Colour": "blue"},
        },
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "alerts"}},
    },
}

CLEAN = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Description": "a queue, a log group and a metric filter, all valid",
    "Resources": {
        "Jobs": {
            "Type": "AWS::SQS::Queue",
            "DeletionPolicy": "Delete",
            "UpdateReplacePolicy": "Delete",
            "Properties": {"VisibilityTimeout": 60, "MessageRetentionPeriod": 345600},
        },
        "Logs": {
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Delete",
            "UpdateReplacePolicy": "Delete",
            "Properties": {"RetentionInDays": 14},
        },
        "ErrorCount": {
            "Type": "AWS::Logs::MetricFilter",
            "Properties": {
                "LogGroupName": {"Ref": "Logs"},
                "FilterPattern": "[time, level=ERROR, msg]",
                "MetricTransformations": [{"MetricNamespace": "App", "MetricName": "Errors", "MetricValue": "1"}],
            },
        },
    },
    "Outputs": {"QueueUrl": {"Value": {"Ref": "Jobs"}}},
}


# --------------------------------------------------------------------------- validator


@needs_validator
def test_planted_errors_are_reported_with_logical_id_and_path(tmp_path):
    path = write(tmp_path, "planted.json", PLANTED)
    out = validate("--template", path, "--no-pack")

    assert out["validator"].startswith("cloudformation-validate ")
    assert out["pack"] is None
    assert out["runs"] == [{"template": path, "region": "us-east-1", "status": "ok"}]
    for f in out["findings"]:
        assert set(f) == FINDING_KEYS
        assert f["template"] == path and f["source"] == "validator"
        assert f["severity"] in {"error", "warning", "info"}

    wrong_type = only(out["findings"], logical_id="WorkQueue", path="Resources/WorkQueue/Properties/VisibilityTimeout")
    assert [f["severity"] for f in wrong_type] == ["error"]
    assert "soon" in wrong_type[0]["message"]

    unknown = only(out["findings"], logical_id="WorkQueue", path="Resources/WorkQueue/Properties/Colour")
    assert [f["severity"] for f in unknown] == ["error"]
    assert "Colour" in unknown[0]["message"]

    # The engine grades an out-of-enum value as WARN (rule W3030), hence "warning".
    enum = only(out["findings"], logical_id="Archive", path="Resources/Archive/Properties/VersioningConfiguration/Status")
    assert [(f["rule"], f["severity"]) for f in enum] == [("W3030", "warning")]

    assert not only(out["findings"], logical_id="Topic", severity="error")
    # errors first
    ranks = [{"error": 0, "warning": 1, "info": 2}[f["severity"]] for f in out["findings"]]
    assert ranks == sorted(ranks)


@needs_pack
def test_clean_template_gives_no_errors_or_warnings(tmp_path):
    clean = write(tmp_path, "clean.json", CLEAN)
    planted = write(tmp_path, "planted.json", PLANTED)
    out = validate("--template", clean, "--template", planted)

    assert out["pack"].startswith("cdk-preflight ")
    assert [r["template"] for r in out["runs"]] == [clean, planted]
    mine = only(out["findings"], template=clean)
    assert {f["severity"] for f in mine} <= {"info"}, mine
    assert only(out["findings"], template=planted, severity="error")
    # findings are grouped by template in command-line order
    templates = [f["template"] for f in out["findings"]]
    assert templates == sorted(templates, key=[clean, planted].index)


@needs_validator
def test_region_drives_region_scoped_checks(tmp_path):
    # S3 directory buckets do not exist in GovCloud.
    path = write(tmp_path, "express.json", {"Resources": {"Dir": {
        "Type": "AWS::S3Express::DirectoryBucket",
        "Properties": {"DataRedundancy": "SingleAvailabilityZone", "LocationName": "use1-az4--x-s3"},
    }}})
    east = validate("--template", path, "--no-pack")
    gov = validate("--template", path, "--no-pack", "--region", "us-gov-west-1")
    assert not only(east["findings"], severity="error")
    assert only(gov["findings"], logical_id="Dir", severity="error", path="Resources/Dir/Type")


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("content, expect", [
    (None, "no such file"),
    ('{"Resources": {', "invalid JSON at line 1"),
    ("[1, 2]", "must be an object"),
])
def test_bad_template_exits_2_and_names_the_file(tmp_path, content, expect):
    path = str(tmp_path / "t.json") if content is None else write(tmp_path, "t.json", content)
    done = run_tool("--template", path, "--no-pack")
    assert done.returncode == 2
    assert done.stdout == ""
    assert path in done.stderr and expect in done.stderr


@pytest.mark.parametrize("args, expect", [
    ([], "--template"),
    (["--region", "mars-1"], "not a region name"),
    (["--pack", "/nonexistent/pack"], "no such directory"),
    (["--pack", "x", "--no-pack"], "not allowed with"),
    (["--unknown"], "unrecognized arguments"),
])
def test_bad_options_exit_2(tmp_path, args, expect):
    if args:
        args = ["--template", write(tmp_path, "ok.json", CLEAN), *args]
    done = run_tool(*args)
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and expect in done.stderr


def test_missing_validator_exits_3(tmp_path):
    # -S: no site-packages, so neither package can be imported.
    path = write(tmp_path, "clean.json", CLEAN)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = run_tool("--template", path, python_flags=("-S",), env=env)
    assert done.returncode == 3
    assert done.stdout == ""
    assert "cloudformation-validate" in done.stderr and "scripts/setup-python.sh" in done.stderr


@needs_validator
def test_missing_pack_exits_3_unless_no_pack(tmp_path):
    # Only the validator on the path: the pack is missing.
    site = tmp_path / "site"
    site.mkdir()
    os.symlink(VALIDATOR_DIR, site / "cloudformation_validate")
    env = {**os.environ, "PYTHONPATH": str(site)}
    path = write(tmp_path, "clean.json", CLEAN)

    done = run_tool("--template", path, python_flags=("-S",), env=env)
    assert done.returncode == 3
    assert "cdk-preflight" in done.stderr and "scripts/setup-python.sh" in done.stderr

    done = run_tool("--template", path, "--no-pack", python_flags=("-S",), env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["pack"] is None


# --------------------------------------------------------------------------- the pack


@needs_pack
def test_pack_rule_fires_and_ignores_resource_conditions(tmp_path):
    # cdk-preflight rule pf-logs-filter-pattern-bracket: a CloudWatch Logs filter pattern
    # that opens with '[' must close with ']' (the service rejects it at deploy time;
    # the resource schema accepts any string).
    template = {
        "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
        "Resources": {
            "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}},
            "ErrorFilter": {
                "Type": "AWS::Logs::MetricFilter",
                "Properties": {
                    "LogGroupName": {"Ref": "Logs"},
                    "FilterPattern": "[time, level=ERROR, msg",
                    "MetricTransformations": [{"MetricNamespace": "App", "MetricName": "E", "MetricValue": "1"}],
                },
            },
            "ProdFilter": {
                "Type": "AWS::Logs::MetricFilter",
                "Condition": "IsProd",
                "Properties": {
                    "LogGroupName": {"Ref": "Logs"},
                    "FilterPattern": "[a, b",
                    "MetricTransformations": [{"MetricNamespace": "App", "MetricName": "P", "MetricValue": "1"}],
                },
            },
        },
    }
    path = write(tmp_path, "filters.json", template)
    out = validate("--template", path)

    assert out["pack"].startswith("cdk-preflight ")
    hits = only(out["findings"], rule="pf-logs-filter-pattern-bracket")
    assert {f["logical_id"] for f in hits} == {"ErrorFilter", "ProdFilter"}
    for f in hits:
        assert f["source"] == "pack" and f["severity"] == "error" and f["fix"]
        assert f["path"] == f"Resources/{f['logical_id']}/Properties/FilterPattern"
    # The pack evaluates ProdFilter although IsProd is false for the defaults; the
    # finding carries the condition so the caller can tell.
    assert {f["logical_id"]: f["conditions"] for f in hits} == {"ErrorFilter": None, "ProdFilter": {"IsProd": True}}

    without = validate("--template", path, "--no-pack")
    assert not only(without["findings"], source="pack")


@needs_pack
def test_region_dependent_pack_rule(tmp_path):
    # pf-aoss-collection-kms-key-arn-region: the KMS key must be in the deploy region.
    path = write(tmp_path, "aoss.json", {"Resources": {"Search": {
        "Type": "AWS::OpenSearchServerless::Collection",
        "Properties": {
            "Name": "logs-search",
            "Type": "SEARCH",
            "EncryptionConfig": {
                "AWSOwnedKey": False,
                "KmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555",
            },
        },
    }}})
    out = validate("--template", path, "--region", "us-east-1", "--region", "eu-west-1")
    hits = only(out["findings"], rule="pf-aoss-collection-kms-key-arn-region")
    assert len(hits) == 1 and "us-east-1" in hits[0]["message"]
    assert [r["region"] for r in out["runs"]] == ["us-east-1", "eu-west-1"]


@needs_validator
def test_pack_directory(tmp_path):
    pack = tmp_path / "rules"
    pack.mkdir()
    (pack / "queue.rego").write_text(
        "package team_rules\n\nimport rego.v1\n\n"
        'violation contains make_diag_full("team-queue-delay", "WARN", name,\n'
        '\t"Properties.DelaySeconds", "queues here must not delay messages", "remove DelaySeconds", "") if {\n'
        '\tsome name in resources_of_type("AWS::SQS::Queue")\n'
        '\tresolve(name, "Properties.DelaySeconds") > 0\n'
        "}\n"
    )
    path = write(tmp_path, "q.json", {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 30}}}})
    out = validate("--template", path, "--pack", str(pack))
    assert out["pack"] == f"rego-dir {pack}"
    assert only(out["findings"], source="pack") == [{
        "template": path, "rule": "team-queue-delay", "severity": "warning", "logical_id": "Q",
        "path": "Resources/Q/Properties/DelaySeconds", "message": "queues here must not delay messages",
        "fix": "remove DelaySeconds", "source": "pack", "conditions": None,
    }]

    (pack / "broken.rego").write_text("package team_rules\nviolation contains {\n")
    done = run_tool("--template", path, "--pack", str(pack))
    assert done.returncode == 4 and done.stdout == ""
    assert "broken.rego" in done.stderr


@needs_pack
def test_info():
    done = run_tool("--info")
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["validator"].startswith("cloudformation-validate ")
    assert info["pack"].startswith("cdk-preflight ")
    assert info["builtin_rules"] > 0
    stats = info["pack_rules"]
    assert stats["active"] + stats["superseded"] == stats["bundled"] > 0


# --------------------------------------------------------------------------- pure helpers


def _load_module():
    spec = importlib.util.spec_from_file_location("cfn_validate", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _entity(kind, logical_id):
    return SimpleNamespace(entity_type=SimpleNamespace(name=kind), logical_id=logical_id)


@pytest.mark.parametrize("kind, logical_id, raw, expected", [
    ("RESOURCE", "B", "Properties.Tags.1", "Resources/B/Properties/Tags/1"),
    ("RESOURCE", "B", None, "Resources/B"),
    ("RESOURCE", "B", "Type", "Resources/B/Type"),
    ("PARAMETER", "Size", "Parameters/Size/Type", "Parameters/Size/Type"),
    ("OUTPUT", "O", "Outputs/O/Value.Fn::GetAtt.1", "Outputs/O/Value/Fn::GetAtt/1"),
    ("CONDITION", "C", "Conditions/C/Fn::Equals", "Conditions/C/Fn::Equals"),
    (None, None, "Metadata", "Metadata"),
    (None, None, None, None),
])
def test_normalise_path(kind, logical_id, raw, expected):
    module = _load_module()
    entity = _entity(kind, logical_id) if kind else None
    assert module.normalise_path(entity, raw) == expected


def test_severity_levels():
    module = _load_module()
    assert module.SEVERITY_MAP == {"FATAL": "error", "ERROR": "error", "WARN": "warning",
                                   "INFO": "info", "DEBUG": "info"}


# --------------------------------------------------------------------------- speed: cache, pruning


def _info(env):
    done = run_tool("--info", env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["pack_rules"]


@needs_pack
def test_pack_cache_is_written_reused_and_refreshed(tmp_path):
    cache = tmp_path / "cache"
    env = dict(os.environ, HA_VALIDATOR_CACHE=str(cache))
    bundled = _info(env)["bundled"]
    files = list(cache.glob("cdk-preflight-*.json"))
    assert len(files) == 1 and bundled > 0
    doc = json.loads(files[0].read_text())
    assert len(doc["rules"]) == bundled and doc["key"]["size"] > 0

    # The next run reads the cache, not the bundle: a cache with no rules gives none.
    files[0].write_text(json.dumps(dict(doc, rules=[])))
    assert _info(env)["bundled"] == 0
    # A key that no longer matches the installed bundle (an upgrade) is read around and rewritten.
    files[0].write_text(json.dumps(dict(doc, rules=[], key=dict(doc["key"], size=1))))
    assert _info(env)["bundled"] == bundled
    assert json.loads(files[0].read_text())["key"] == doc["key"]
    # A damaged cache, or one of the wrong shape, costs the time only.
    files[0].write_text("{")
    assert _info(env)["bundled"] == bundled
    files[0].write_text(json.dumps(dict(doc, libs="no")))
    assert _info(env)["bundled"] == bundled
    # A cache that cannot be written: the run still works, and leaves no temporary file.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory would go")
    assert _info(dict(os.environ, HA_VALIDATOR_CACHE=str(blocked)))["bundled"] == bundled
    assert not list(tmp_path.glob("blocked*.tmp"))


def test_cache_directory_follows_the_environment(monkeypatch, tmp_path):
    module = _load_module()
    for var in ("HA_VALIDATOR_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert module.cache_dir() == os.path.join(str(tmp_path), ".cache", "ha-iac")
    monkeypatch.setenv("XDG_CACHE_HOME", "/x")
    assert module.cache_dir() == "/x/ha-iac"
    monkeypatch.setenv("HA_VALIDATOR_CACHE", "/y")
    assert module.cache_dir() == "/y"
    monkeypatch.delenv("HA_VALIDATOR_CACHE")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME")
    monkeypatch.setattr(os.path, "expanduser", lambda p: p)
    assert module.cache_dir() is None
    # Without a cache directory, and for a bundle that cannot be read, the bundle is read directly.
    calls = []
    monkeypatch.setattr(module, "_read_bundle", lambda b: calls.append(b) or ([], []))
    assert module.read_bundle_cached(str(tmp_path)) == ([], [])
    assert module.read_bundle_cached(str(tmp_path / "missing.tgz")) == ([], [])
    assert calls == [str(tmp_path), str(tmp_path / "missing.tgz")]


def test_needed_libs_follow_uses_through_libraries():
    module = _load_module()
    libs = [
        {"name": "_lib/a", "rego": "package p\n\n_pf_a(x) := _pf_b(x)\n"},
        {"name": "_lib/b", "rego": "package p\n\n# helper\n_pf_b(x) := x\ndefault _pf_flag := false\n"},
        {"name": "_lib/c", "rego": "package p\n\n_pf_c contains x if { x := 1 }\n"},
        {"name": "_lib/d", "rego": "package p\n\nimport rego.v1\n"},
    ]
    kept = module.needed_libs(libs, ["violation contains d if { d := _pf_a(1) }"])
    assert [lib["name"] for lib in kept] == ["_lib/a", "_lib/b"]
    assert module.needed_libs(libs, ["x := _pf_flag"]) == [libs[1]]
    assert module.needed_libs(libs, ["nothing here"]) == []


@needs_pack
def test_pruned_libraries_give_the_same_findings(tmp_path):
    paths = [write(tmp_path, "planted.json", PLANTED), write(tmp_path, "clean.json", CLEAN)]
    args = [a for p in paths for a in ("--template", p)]
    assert validate(*args) == validate(*args, "--all-libs")


@needs_pack
def test_a_pruned_pack_that_fails_runs_again_with_every_library(tmp_path):
    module = _load_module()
    cv = module.import_validator()
    template = module.load_template(write(tmp_path, "clean.json", CLEAN))
    header = "package cdk_preflight\n\nimport rego.v1\n\n"
    rule = ("rules/x", header + "violation contains d if {\n\tsome name, _ in input.resources\n\td := _pf_test_helper(name)\n}\n")
    helper = ("lib/test", header + '_pf_test_helper(name) := make_diag_full("test-rule", "ERROR", name, "Type", "planted", "none", "https://example.com")\n')
    pruned = module.Pack("test", "test", [rule], 1, False, {"libs": 1, "libs_loaded": 0}, unpruned=[helper, rule])
    findings, _ = module.validate_pruned(cv, [template], ["us-east-1"], pruned)
    assert {f["rule"] for f in findings if f["source"] == "pack"} == {"test-rule"}
    assert pruned.without_pruning().stats["libs_loaded"] == 1
    # Without modules to fall back to, the failure is reported.
    pruned.unpruned = None
    with pytest.raises(module.EngineFailure):
        module.validate_pruned(cv, [template], ["us-east-1"], pruned)
