"""Deploys the project's synthesized HA templates (out/*.template.json, written by
`cargo run -p ha-app -- synth --out out`) with their default parameters, then deletes them
and checks through the service APIs that nothing is left.  Skipped when none exist."""
import glob
import json
import os

import pytest

from .conftest import REPO, delete, events, outputs, wait_stack
from .leftovers import leftovers

TEMPLATES = sorted(glob.glob(os.path.join(os.environ.get("HA_TEMPLATE_DIR", os.path.join(REPO, "out")),
                                          "*.template.json")))


@pytest.mark.skipif(not TEMPLATES, reason="no synthesized template in out/ (run ha-app synth)")
@pytest.mark.parametrize("path", TEMPLATES, ids=[os.path.basename(p) for p in TEMPLATES])
def test_ha_template_deploys_and_deletes_cleanly(cfn, ep, path):
    with open(path) as f:
        template = json.load(f)
    params = {k: str(v.get("Default", "")) for k, v in (template.get("Parameters") or {}).items()}
    args = dict(StackName="ha", TemplateBody=json.dumps(template),
                Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
                Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in params.items()])
    stack_id = cfn.create_stack(**args)["StackId"]
    stack = wait_stack(cfn, stack_id, timeout=120)
    evs = events(cfn, stack_id)
    assert stack["StackStatus"] == "CREATE_COMPLETE", [e for e in evs if "FAILED" in e[2]]
    not_provisioned = [e[:2] for e in evs if e[4] and e[4].startswith("HA-LOCAL")]
    assert not_provisioned == [], "resources the endpoint did not provision"
    out = outputs(stack)
    assert sorted(set(template.get("Outputs") or {}) - set(out)) == []
    assert all(v and "Fn::" not in v and "<moto" not in v for v in out.values()), out
    rep = ep.report()
    assert [i for i in rep["custom_resource_invocations"] if i.get("response_status") not in ("SUCCESS", None)] == []
    if params.get("DeletionProtection") == "true":
        # as on AWS, a protected stack does not delete: turn protection off first (a full-stack update)
        cfn.update_stack(StackName=stack_id, UsePreviousTemplate=True,
                         Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
                         Parameters=[{"ParameterKey": k, "UsePreviousValue": True} if k != "DeletionProtection"
                                     else {"ParameterKey": k, "ParameterValue": "false"} for k in params])
        stack = wait_stack(cfn, stack_id, timeout=120)
        assert stack["StackStatus"] == "UPDATE_COMPLETE", [e for e in events(cfn, stack_id) if "FAILED" in e[2]]
    delete(cfn, stack_id)
    assert leftovers(ep.client) == {}
