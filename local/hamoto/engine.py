"""Stack engine patches for moto's CloudFormation backend.

What changes compared with moto 5.2.5:
* Create / update / delete / change-set execution run in a per-stack worker thread, as
  on AWS.  The API call waits until the operation finishes or blocks on a custom
  resource (then it returns with *_IN_PROGRESS and the waiter/poller sees the rest).
* Per-resource stack events (CREATE_/UPDATE_/DELETE_ IN_PROGRESS / COMPLETE / FAILED) in
  dependency order, with LogicalResourceId, ResourceType and PhysicalResourceId.
* A failed create rolls back (deletes what was created) and ends ROLLBACK_COMPLETE
  (CREATE_FAILED with DisableRollback / OnFailure=DO_NOTHING, DELETE_COMPLETE with
  OnFailure=DELETE).  A failed update ends UPDATE_ROLLBACK_COMPLETE (status only: the
  resources already changed are not reverted).  A failed delete ends DELETE_FAILED and
  the stack stays visible, as on AWS.
* Outputs and exports are computed when an operation completes (correct after
  ExecuteChangeSet, and present after a CREATE change set).
* Deletes run in reverse dependency order (custom resources get their Delete while the
  resources they use still exist).
* Empty change sets end FAILED with AWS's reason; UpdateStack with no changes raises
  "No updates are to be performed." with or without Parameters.
* Exports in use: ListImports names the stacks importing an export (Fn::ImportValue), or
  fails with AWS's "Export '<name>' is not imported by any stack."; DeleteStack of a stack
  whose export another stack imports ends DELETE_FAILED with "Export <name> cannot be
  deleted as it is in use by <stack>" (nothing deleted), and an update that removes an
  imported export fails (UPDATE_ROLLBACK_COMPLETE) with the same reason.
"""
from __future__ import annotations

import copy
import json
import logging
import re
import threading
import traceback
from typing import Any

from moto.cloudformation import models as cfm
from moto.cloudformation import parsing
from moto.cloudformation import responses as cfr
from moto.cloudformation.exceptions import ValidationError
from moto.core.exceptions import ServiceException, _RESTError
from moto.core.utils import utcnow

from . import changeplan, report

log = logging.getLogger("hamoto.engine")

_orig_parse_and_create = parsing.parse_and_create_resource
_orig_outputs = cfm.Stack.outputs.fget
_orig_exports = cfm.Stack.exports.fget
_orig_create_resource_map = cfm.Stack._create_resource_map
_orig_create_change_set = cfm.CloudFormationBackend.create_change_set
_orig_resp_create_stack = cfr.CloudFormationResponse.create_stack

_tls = threading.local()

# How long an API call waits for its operation before returning *_IN_PROGRESS.
API_WAIT_SECONDS = 30.0


class ResourceFailed(Exception):
    def __init__(self, logical_id: str, reason: str):
        super().__init__(reason)
        self.logical_id = logical_id
        self.reason = reason


def reason_of(exc: BaseException) -> str:
    if isinstance(exc, ResourceFailed):
        return exc.reason
    if isinstance(exc, ServiceException):
        msg = getattr(exc, "message", None) or str(exc)
        code = getattr(exc, "code", "") or ""
        return f"{msg} (Code: {code})" if code and code != "ValidationError" else str(msg)
    if isinstance(exc, _RESTError):
        msg = getattr(exc, "message", None) or getattr(exc, "description", "") or str(exc)
        code = getattr(exc, "error_type", "") or ""
        return f"{msg} (Code: {code})" if code else str(msg)
    if isinstance(exc, KeyError):
        return f"Unresolved reference or missing property: {exc}"
    text = str(exc) or exc.__class__.__name__
    return text


# --------------------------------------------------------------------------------------
# dependency analysis


def _sub_refs(template: Any) -> set[str]:
    names = set()
    if isinstance(template, str):
        for m in re.finditer(r"\$\{([^!}][^}]*)\}", template):
            names.add(m.group(1).split(".")[0].strip())
    return names


def references(node: Any) -> set[str]:
    """Logical names a template fragment refers to (Ref, GetAtt, Sub)."""
    out: set[str] = set()
    if isinstance(node, dict):
        for key, val in node.items():
            if key == "Ref" and isinstance(val, str):
                out.add(val)
            elif key == "Fn::GetAtt":
                if isinstance(val, list) and val:
                    out.add(val[0])
                elif isinstance(val, str):
                    out.add(val.split(".")[0])
            elif key == "Fn::Sub":
                if isinstance(val, str):
                    out |= _sub_refs(val)
                elif isinstance(val, list) and val:
                    local = set(val[1].keys()) if len(val) > 1 and isinstance(val[1], dict) else set()
                    out |= _sub_refs(val[0]) - local
                    if len(val) > 1:
                        out |= references(val[1])
            else:
                out |= references(val)
    elif isinstance(node, list):
        for item in node:
            out |= references(item)
    return out


def resource_deps(logical_id: str, resource_json: dict, all_resources: dict) -> list[str]:
    deps = set(references(resource_json.get("Properties", {})))
    depends_on = resource_json.get("DependsOn") or []
    if isinstance(depends_on, str):
        depends_on = [depends_on]
    deps |= set(depends_on)
    deps.discard(logical_id)
    return sorted(d for d in deps if d in all_resources)


def dependency_order(resources: dict) -> list[str]:
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, chain: list[str]) -> None:
        st = state.get(name)
        if st == 2:
            return
        if st == 1:
            raise ValidationError(
                message="Circular dependency between resources: " + str(sorted(set(chain)))
            )
        state[name] = 1
        for dep in resource_deps(name, resources[name], resources):
            visit(dep, chain + [dep])
        state[name] = 2
        order.append(name)

    for name in resources:
        visit(name, [name])
    return order


# --------------------------------------------------------------------------------------
# events and per-resource status


def add_event(stack, logical_id, physical_id, rtype, status, reason=None, props=None):
    event = cfm.Event(
        stack_id=stack.stack_id,
        stack_name=stack.name,
        logical_resource_id=logical_id,
        physical_resource_id=physical_id or "",
        resource_type=rtype,
        resource_status=status,
        resource_status_reason=reason,
        resource_properties=props,
    )
    try:
        event.sendToSns(stack.account_id, stack.region_name, stack.notification_arns)
    except Exception:  # notification failures must not break the stack
        log.exception("SNS notification failed")
    stack.events.append(event)
    if rtype != "AWS::CloudFormation::Stack" or logical_id != stack.name:
        _res_status(stack)[logical_id] = (status, event.timestamp, reason)


def _res_status(stack) -> dict:
    if not hasattr(stack, "_ha_res_status"):
        stack._ha_res_status = {}
    return stack._ha_res_status


def stack_event(stack, status, reason=None):
    stack.status = status
    add_event(stack, stack.name, stack.stack_id, "AWS::CloudFormation::Stack", status, reason)


def physical_id(instance) -> str:
    if instance is None or isinstance(instance, str):
        return ""
    try:
        pid = getattr(instance, "physical_resource_id", "")
    except Exception:
        pid = ""
    return "" if pid is None else str(pid)


# --------------------------------------------------------------------------------------
# resource creation hook (used by ResourceMap.__getitem__)


def parse_and_create_resource(logical_id, resource_json, resources_map, account_id, region_name):
    condition = resource_json.get("Condition")
    if condition and not resources_map.lazy_condition_map[condition]:
        return None
    stack = getattr(resources_map, "_ha_stack", None)
    rtype = resource_json["Type"]
    skipped_names = resources_map.__dict__.setdefault("_ha_none", set())
    if logical_id in skipped_names:
        return None
    # Make sure everything this resource refers to exists first (dependency order,
    # so that IN_PROGRESS is only reported once the inputs are ready).
    all_res = resources_map._resource_json_map
    for dep in resource_deps(logical_id, resource_json, all_res):
        resources_map[dep]
    if stack is None:
        return _orig_parse_and_create(logical_id, resource_json, resources_map, account_id, region_name)
    add_event(stack, logical_id, "", rtype, "CREATE_IN_PROGRESS")
    try:
        instance = _orig_parse_and_create(
            logical_id, copy.deepcopy(resource_json), resources_map, account_id, region_name
        )
        waiter = getattr(instance, "ha_wait", None)
        if waiter is not None:
            waiter(stack)
    except Exception as exc:
        reason = reason_of(exc)
        log.warning("CREATE_FAILED %s (%s): %s", logical_id, rtype, reason)
        log.debug("%s", traceback.format_exc())
        add_event(stack, logical_id, "", rtype, "CREATE_FAILED", reason)
        raise ResourceFailed(logical_id, reason) from exc
    if instance is None:
        skipped_names.add(logical_id)
        report.skipped(rtype)
        add_event(
            stack, logical_id, "", rtype, "CREATE_COMPLETE",
            f"HA-LOCAL: {rtype} is not provisioned (no moto or local model); Ref/GetAtt resolve to nothing",
        )
        return None
    add_event(stack, logical_id, physical_id(instance), rtype, "CREATE_COMPLETE")
    return instance


# --------------------------------------------------------------------------------------
# deleting


DELETERS: dict[str, Any] = {}  # CFN type -> fn(instance, account_id, region_name)


def delete_instance(instance, resource_json, account_id, region_name, logical_id=""):
    rtype = resource_json["Type"]
    custom = DELETERS.get(rtype)
    if custom is not None:
        custom(instance, account_id, region_name)
        return
    meth = getattr(instance, "delete", None)
    if callable(meth):
        try:
            meth(account_id, region_name)
            return
        except (TypeError, AttributeError):
            pass
    cls = parsing.resource_class_from_type(rtype)
    if cls is not None and not hasattr(cls.delete_from_cloudformation_json, "__isabstractmethod__"):
        cls.delete_from_cloudformation_json(physical_id(instance) or None, resource_json, account_id, region_name)
        return
    report.left_behind({"type": rtype, "logical_id": logical_id, "physical_id": physical_id(instance)})


def delete_resources(stack, names: list[str], json_map: dict, label: str = "DELETE") -> list[tuple[str, str]]:
    """Delete the named resources (already in reverse dependency order).

    Retries a few passes (like moto) for dependency errors.  Returns the failures."""
    rm = stack.resource_map
    pending = [n for n in names if n in json_map]
    failures: dict[str, str] = {}
    for attempt in range(4):
        progress = False
        for name in list(pending):
            rjson = json_map[name]
            rtype = rjson["Type"]
            instance = rm._parsed_resources.get(name)
            if rjson.get("DeletionPolicy") == "Retain":
                add_event(stack, name, physical_id(instance), rtype, "DELETE_SKIPPED")
                rm._parsed_resources.pop(name, None)
                pending.remove(name)
                progress = True
                continue
            if attempt == 0:
                add_event(stack, name, physical_id(instance), rtype, "DELETE_IN_PROGRESS")
            try:
                if instance is not None and not isinstance(instance, str):
                    delete_instance(instance, rjson, stack.account_id, stack.region_name, name)
            except Exception as exc:
                failures[name] = reason_of(exc)
                log.info("delete of %s failed (attempt %d): %s", name, attempt + 1, failures[name])
                continue
            failures.pop(name, None)
            rm._parsed_resources.pop(name, None)
            add_event(stack, name, physical_id(instance), rtype, "DELETE_COMPLETE")
            pending.remove(name)
            progress = True
        if not pending or not progress:
            break
    for name in pending:
        rjson = json_map[name]
        add_event(stack, name, physical_id(rm._parsed_resources.get(name)), rjson["Type"], "DELETE_FAILED", failures.get(name))
    return [(n, failures.get(n, "")) for n in pending]


def created_names(stack, json_map: dict) -> list[str]:
    rm = stack.resource_map
    return [n for n in json_map if n in rm._parsed_resources]


def reverse_order(json_map: dict, subset: list[str]) -> list[str]:
    try:
        order = dependency_order(json_map)
    except Exception:
        order = list(json_map)
    return [n for n in reversed(order) if n in subset]


# --------------------------------------------------------------------------------------
# workers


def _start(stack, target, *args) -> None:
    """Run target in the stack's worker thread; wait until it finishes or yields."""
    prev = getattr(stack, "_ha_worker", None)
    if prev is not None and prev.is_alive():
        prev.join(API_WAIT_SECONDS)
    yielded = threading.Event()
    stack._ha_yield = yielded

    def run():
        try:
            target(stack, *args)
        except Exception:
            log.exception("stack worker crashed")
        finally:
            yielded.set()

    worker = threading.Thread(target=run, name=f"stack-{stack.name}", daemon=True)
    stack._ha_worker = worker
    worker.start()
    yielded.wait(API_WAIT_SECONDS)


def yield_to_api(stack) -> None:
    """Called by long waits (custom resources): let the API call return now."""
    ev = getattr(stack, "_ha_yield", None)
    if ev is not None:
        ev.set()


def _reads_unmodelled(value, types) -> bool:
    """Does an output value read `Fn::GetAtt` of a resource whose type nobody models?"""
    if isinstance(value, dict):
        att = value.get("Fn::GetAtt")
        if isinstance(att, list) and att and att[0] in types \
                and parsing.resource_class_from_type(types[att[0]]) is None:
            return True
        return any(_reads_unmodelled(v, types) for v in value.values())
    if isinstance(value, list):
        return any(_reads_unmodelled(v, types) for v in value)
    return False


def _output_template(stack) -> dict:
    """The template whose outputs are computed: without the outputs that read an attribute of
    a skipped resource (moto raises 'Fn::GetAtt references undefined resource' and fails the
    stack; the endpoint drops them, as it drops outputs that resolve to nothing)."""
    template = stack.template_dict
    types = {k: r.get("Type", "") for k, r in (template.get("Resources") or {}).items()}
    outputs = template.get("Outputs") or {}
    kept = {k: o for k, o in outputs.items() if not _reads_unmodelled(o.get("Value"), types)}
    if len(kept) == len(outputs):
        return template
    return {**template, "Outputs": kept}


def _finish_outputs(stack) -> None:
    stack.output_map = parsing.OutputMap(stack.resource_map, _output_template(stack), stack.stack_id)
    stack._ha_outputs = _orig_outputs(stack)
    stack._ha_exports = _orig_exports(stack)
    backend = cfm.cloudformation_backends[stack.account_id][stack.region_name]
    for name, exp in list(backend.exports.items()):
        if exp.exporting_stack_id == stack.stack_id:
            backend.exports.pop(name)
    for exp in stack._ha_exports:
        other = backend.exports.get(exp.name)
        if other is not None and other.exporting_stack_id != stack.stack_id:
            raise ValidationError(message=f"Export with name {exp.name} is already exported by stack {other.exporting_stack_id}")
        backend.exports[exp.name] = exp


def _do_create(stack) -> None:
    rm = stack.resource_map
    on_failure = getattr(stack, "_ha_on_failure", "ROLLBACK")
    try:
        dependency_order(stack.template_dict.get("Resources", {}))
        rm.create(stack.template_dict)
        stack.description = stack.template_dict.get("Description")
        _finish_outputs(stack)
    except Exception as exc:
        reason = reason_of(exc)
        failed = exc.logical_id if isinstance(exc, ResourceFailed) else None
        msg = (f"The following resource(s) failed to create: [{failed}]. " if failed else reason + ". ")
        if on_failure == "DO_NOTHING":
            stack_event(stack, "CREATE_FAILED", msg.strip())
            return
        stack_event(stack, "ROLLBACK_IN_PROGRESS" if on_failure == "ROLLBACK" else "DELETE_IN_PROGRESS",
                    msg + ("Rollback requested by user." if on_failure == "ROLLBACK" else "Delete requested by user."))
        json_map = rm._resource_json_map
        left = delete_resources(stack, reverse_order(json_map, created_names(stack, json_map)), json_map)
        if on_failure == "ROLLBACK":
            stack_event(stack, "ROLLBACK_FAILED" if left else "ROLLBACK_COMPLETE")
        else:
            _finish_delete(stack, left)
        return
    stack_event(stack, "CREATE_COMPLETE")


def _finish_delete(stack, left) -> None:
    backend = cfm.cloudformation_backends[stack.account_id][stack.region_name]
    if left:
        stack_event(stack, "DELETE_FAILED", "The following resource(s) failed to delete: [%s]. %s" % (
            ", ".join(n for n, _ in left), "; ".join(r for _, r in left if r)))
        return
    stack_event(stack, "DELETE_COMPLETE")
    for exp in getattr(stack, "_ha_exports", None) or []:
        if backend.exports.get(exp.name) is not None and backend.exports[exp.name].exporting_stack_id == stack.stack_id:
            backend.exports.pop(exp.name)
    backend.stacks.pop(stack.stack_id, None)
    backend.deleted_stacks[stack.stack_id] = stack


# --------------------------------------------------------------------------------------
# exports in use (Fn::ImportValue)

# Statuses in which a stack imports nothing (gone, rolled back after a failed create, or
# never created).
_NOT_IMPORTING = ("DELETE_COMPLETE", "ROLLBACK_COMPLETE", "REVIEW_IN_PROGRESS")


def imported_names(stack) -> set[str]:
    """Export names a stack imports: every Fn::ImportValue of its Resources, Outputs and
    Conditions, resolved against the stack's parameters (the argument may not depend on
    resources, as on AWS)."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "Fn::ImportValue":
                    name = value
                    if not isinstance(value, str):
                        try:
                            name = parsing.clean_json(value, stack.resource_map)
                        except Exception:
                            continue
                    found.add(str(name))
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    template = stack.template_dict or {}
    for section in ("Resources", "Outputs", "Conditions"):
        walk(template.get(section) or {})
    return found


def importers(backend, export_name: str, exclude_id: str | None = None) -> list[str]:
    """Names of the live stacks importing export_name (in creation order)."""
    return [st.name for st in list(backend.stacks.values())
            if st.stack_id != exclude_id and st.status not in _NOT_IMPORTING
            and export_name in imported_names(st)]


class ExportInUse(Exception):
    """An update would remove an export another stack imports."""


def in_use_reason(backend, stack, export_names) -> str | None:
    """AWS's reason for refusing to delete the first of export_names that another stack
    imports; None when none is imported."""
    for name in export_names:
        users = importers(backend, name, exclude_id=stack.stack_id)
        if users:
            return f"Export {name} cannot be deleted as it is in use by {', '.join(users)}"
    return None


def _new_export_names(stack, rm) -> set[str]:
    """Export names of the template rm now holds (parameters and conditions loaded)."""
    names = set()
    for output in (rm._template.get("Outputs") or {}).values():
        export = (output or {}).get("Export")
        cond = (output or {}).get("Condition")
        if not export or (cond and not rm.lazy_condition_map[cond]):
            continue
        names.add(str(parsing.clean_json(export.get("Name"), rm)))
    return names


def _do_delete(stack) -> None:
    backend = cfm.cloudformation_backends[stack.account_id][stack.region_name]
    reason = in_use_reason(backend, stack, [e.name for e in getattr(stack, "_ha_exports", None) or []])
    if reason:
        stack_event(stack, "DELETE_FAILED", reason)
        return
    rm = stack.resource_map
    json_map = rm._resource_json_map
    names = reverse_order(json_map, created_names(stack, json_map))
    left = delete_resources(stack, names, json_map)
    _finish_delete(stack, left)


def effective_parameters(template_dict: dict, given: dict | None) -> dict:
    given = given or {}
    out = {}
    for key, spec in (template_dict.get("Parameters") or {}).items():
        if key in given:
            val = given[key]
        else:
            val = (spec or {}).get("Default")
        if isinstance(val, list):
            val = ",".join(str(v) for v in val)
        out[key] = None if val is None else str(val)
    return out


def _update_resource(stack, name: str, cleanup: list) -> None:
    rm = stack.resource_map
    rjson = rm._resource_json_map[name]
    rtype = rjson["Type"]
    old = rm._parsed_resources.get(name)
    add_event(stack, name, physical_id(old), rtype, "UPDATE_IN_PROGRESS")
    cls = parsing.resource_class_from_type(rtype)
    if cls is None:
        report.skipped(rtype)
        add_event(stack, name, "", rtype, "UPDATE_COMPLETE", f"HA-LOCAL: {rtype} is not provisioned (no model)")
        return False
    if old is None:
        new = _orig_parse_and_create(name, copy.deepcopy(rjson), rm, stack.account_id, stack.region_name)
        rm._parsed_resources[name] = new
        add_event(stack, name, physical_id(new), rtype, "UPDATE_COMPLETE")
        return True
    if hasattr(cls.update_from_cloudformation_json, "__isabstractmethod__"):
        report.not_applied({"stack": stack.name, "logical_id": name, "type": rtype,
                            "why": "moto has no update for this type; the previous resource was kept unchanged"})
        add_event(stack, name, physical_id(old), rtype, "UPDATE_COMPLETE",
                  f"HA-LOCAL: moto cannot update {rtype}; change NOT applied to the backend")
        return False
    try:
        new = parsing.parse_and_update_resource(name, copy.deepcopy(rjson), rm, stack.account_id, stack.region_name)
        waiter = getattr(new, "ha_wait", None)
        if waiter is not None:
            waiter(stack)
    except Exception as exc:
        reason = reason_of(exc)
        add_event(stack, name, physical_id(old), rtype, "UPDATE_FAILED", reason)
        raise ResourceFailed(name, reason) from exc
    if new is None:
        new = old
    replaced = getattr(new, "_ha_replaced", None)
    if replaced is not None:
        new._ha_replaced = None
        cleanup.append((name, rjson, replaced))
    rm._parsed_resources[name] = new
    add_event(stack, name, physical_id(new), rtype, "UPDATE_COMPLETE")
    return physical_id(new) != physical_id(old) or getattr(new, "data", None) != getattr(old, "data", None) \
        or replaced is not None


def _do_update(stack, template: str, parameters: dict, role_arn=None, tags=None, change_set=None) -> None:
    rm = stack.resource_map
    old_template, old_dict = stack.template, stack.template_dict
    old_json_map = dict(rm._resource_json_map)
    old_params = dict(rm.input_parameters or {})
    cleanup: list = []
    try:
        new_dict = stack.parse_template(template)
        dependency_order(new_dict.get("Resources", {}))
        planned = plan_changes(stack, new_dict, parameters)
        diff = {"Add": [p.name for p in planned if p.action == "Add"],
                "Modify": [p.name for p in planned if p.action == "Modify"],
                "Remove": [p.name for p in planned if p.action == "Remove"]}
        # moto's own diff also sees DependsOn / policy-only edits: re-apply those too
        for name in rm.build_resource_diff(new_dict, parameters)["Modify"]:
            if name not in diff["Modify"] and name in rm._parsed_resources:
                diff["Modify"].append(name)
        rm._template = new_dict
        rm.input_parameters = parameters or {}
        rm.load_mapping()
        rm.load_parameters()
        rm.load_conditions()
        rm._resource_json_map = new_dict["Resources"]
        kept = _new_export_names(stack, rm)
        gone = [e.name for e in getattr(stack, "_ha_exports", None) or [] if e.name not in kept]
        reason = in_use_reason(cfm.cloudformation_backends[stack.account_id][stack.region_name], stack, gone)
        if reason:
            raise ExportInUse(reason)
        removed = set(diff["Remove"])
        changed_outputs: set = set()
        for name in dependency_order(rm._resource_json_map):
            rjson = rm._resource_json_map[name]
            cond = rjson.get("Condition")
            if cond and not rm.lazy_condition_map[cond]:
                if name in rm._parsed_resources:
                    removed.add(name)
                continue
            deps = resource_deps(name, rjson, rm._resource_json_map)
            if name not in rm._parsed_resources:
                rm[name]  # create (events emitted by the hook)
                changed_outputs.add(name)
            elif name in diff["Modify"] or any(d in changed_outputs for d in deps):
                # also re-apply resources whose inputs (Ref/GetAtt of an updated resource) changed
                if _update_resource(stack, name, cleanup):
                    changed_outputs.add(name)
        stack.template = template
        stack._parse_template()
        stack.parameters = parameters or {}
        if role_arn:
            stack.role_arn = role_arn
        if tags is not None:
            stack.tags = tags
        stack.description = stack.template_dict.get("Description")
        _finish_outputs(stack)
    except Exception as exc:
        reason = reason_of(exc)
        failed = exc.logical_id if isinstance(exc, ResourceFailed) else None
        stack_event(stack, "UPDATE_ROLLBACK_IN_PROGRESS",
                    (f"The following resource(s) failed to update: [{failed}]. " if failed else reason))
        # Status-only rollback: restore the template/parameters the stack reports.
        stack.template, stack.template_dict = old_template, old_dict
        rm._template = old_dict
        rm.input_parameters = old_params
        try:
            rm.load_parameters()
            rm.load_conditions()
        except Exception:
            pass
        new_names = [n for n in rm._resource_json_map if n not in old_json_map and n in rm._parsed_resources]
        rm_json_new = rm._resource_json_map
        if new_names:
            stack_event(stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")
            delete_resources(stack, reverse_order(rm_json_new, new_names), rm_json_new)
        rm._resource_json_map = old_json_map
        stack_event(stack, "UPDATE_ROLLBACK_COMPLETE")
        if change_set is not None:
            change_set.execution_status = "EXECUTE_FAILED"
        return
    stack_event(stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
    for name, rjson, old_instance in cleanup:
        try:
            delete_instance(old_instance, rjson, stack.account_id, stack.region_name, name)
        except Exception as exc:
            add_event(stack, name, physical_id(old_instance), rjson["Type"], "DELETE_FAILED", reason_of(exc))
    if removed:
        json_for_delete = dict(old_json_map)
        json_for_delete.update({k: v for k, v in rm._resource_json_map.items() if k in removed})
        delete_resources(stack, reverse_order(json_for_delete, list(removed)), json_for_delete)
    stack_event(stack, "UPDATE_COMPLETE")
    if change_set is not None:
        change_set.execution_status = "EXECUTE_COMPLETE"


# --------------------------------------------------------------------------------------
# backend method replacements


def create_stack(self, name, template, parameters, notification_arns=None, tags=None, role_arn=None,
                 enable_termination_protection=False, timeout_in_mins=None, stack_policy_body=None):
    for stack in self.stacks.values():
        if stack.name == name and stack.status != "DELETE_COMPLETE":
            raise cfm.AlreadyExistsException(f"Stack [{name}] already exists")
    stack_id = cfm.generate_stack_id(name, self.region_name, self.account_id)
    new_stack = cfm.Stack(
        stack_id=stack_id, name=name, template=template, parameters=parameters,
        account_id=self.account_id, region_name=self.region_name,
        notification_arns=notification_arns, tags=tags, role_arn=role_arn,
        cross_stack_resources=self.exports,
        enable_termination_protection=enable_termination_protection,
        timeout_in_mins=timeout_in_mins, stack_policy_body=stack_policy_body,
    )
    opts = getattr(_tls, "create_opts", {}) or {}
    new_stack._ha_on_failure = opts.get("on_failure", "ROLLBACK")
    self.stacks[stack_id] = new_stack
    stack_event(new_stack, "CREATE_IN_PROGRESS", "User Initiated")
    _start(new_stack, _do_create)
    return new_stack


def _check_not_busy(stack) -> None:
    if stack.status.endswith("_IN_PROGRESS") and stack.status != "REVIEW_IN_PROGRESS":
        raise ValidationError(
            stack.stack_id,
            message=f"Stack:{stack.stack_id} is in {stack.status} state and can not be updated.",
        )


def update_stack(self, name, template, role_arn, parameters, tags):
    stack = self.get_stack(name)
    _check_not_busy(stack)
    if stack.status in ("ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED", "DELETE_FAILED", "REVIEW_IN_PROGRESS"):
        raise ValidationError(stack.stack_id, message=f"Stack:{stack.stack_id} is in {stack.status} state and can not be updated.")
    previous = effective_parameters(stack.template_dict, stack.parameters)
    resolved = {}
    for p in parameters or []:
        key = p["ParameterKey"]
        if p.get("UsePreviousValue"):
            if previous.get(key) is None:
                raise ValidationError(message=f"Invalid input for parameter key {key}. Need to specify either usePreviousValue as true or a value for the parameter")
            resolved[key] = previous[key]
        elif "ParameterValue" in p:
            resolved[key] = p["ParameterValue"]
    stack_event(stack, "UPDATE_IN_PROGRESS", "User Initiated")
    _start(stack, _do_update, template, resolved, role_arn, tags)
    return stack


def delete_stack(self, name_or_stack_id):
    stack = self.stacks.get(name_or_stack_id)
    if stack is None:
        for candidate in list(self.stacks.values()):
            if candidate.name == name_or_stack_id:
                stack = candidate
                break
    if stack is None:
        return  # AWS: deleting a stack that does not exist succeeds silently
    if stack.status == "REVIEW_IN_PROGRESS":
        stack_event(stack, "DELETE_COMPLETE")
        self.stacks.pop(stack.stack_id, None)
        self.deleted_stacks[stack.stack_id] = stack
        return
    prev = getattr(stack, "_ha_worker", None)
    if prev is not None and prev.is_alive():
        prev.join(API_WAIT_SECONDS)
    stack_event(stack, "DELETE_IN_PROGRESS", "User Initiated")
    _start(stack, _do_delete)


def _cs_has_changes(change_set) -> bool:
    stack = change_set.stack
    if change_set.change_set_type != "UPDATE":
        return True
    new_dict = change_set.template_dict
    if new_dict != stack.template_dict:
        return True
    if effective_parameters(new_dict, change_set.parameters) != effective_parameters(stack.template_dict, stack.parameters):
        return True
    if change_set.tags and change_set.tags != stack.tags:
        return True
    return False


def create_change_set(self, stack_name, change_set_name, template, parameters, description,
                      change_set_type, notification_arns=None, tags=None, role_arn=None):
    if change_set_type == "UPDATE":
        stack = self.get_stack(stack_name)
        _check_not_busy(stack)
    for cs in self.change_sets.values():
        if cs.change_set_name == change_set_name and cs.stack.name == stack_name:
            raise cfm.AlreadyExistsException(f"ChangeSet {change_set_name} already exists")
    cs_id, stack_id = _orig_create_change_set(
        self, stack_name, change_set_name, template, parameters, description,
        change_set_type, notification_arns=notification_arns, tags=tags, role_arn=role_arn,
    )
    cs = self.change_sets[cs_id]
    if _cs_has_changes(cs):
        cs.status, cs.execution_status, cs.status_reason = "CREATE_COMPLETE", "AVAILABLE", None
    else:
        cs.status, cs.execution_status = "FAILED", "UNAVAILABLE"
        cs.status_reason = ("The submitted information didn't contain changes. "
                            "Submit different information to create a change set.")
    return cs_id, stack_id


def _find_change_set(self, change_set_name, stack_name=None):
    if change_set_name in self.change_sets:
        return self.change_sets[change_set_name]
    for cs in self.change_sets.values():
        if cs.change_set_name == change_set_name and (not stack_name or cs.stack.name == stack_name or cs.stack_id == stack_name):
            return cs
    return None


def describe_change_set(self, change_set_name, stack_name=None):
    cs = _find_change_set(self, change_set_name)
    if cs is None:
        raise ChangeSetNotFound(change_set_name)
    return cs


def delete_change_set(self, change_set_name):
    cs = _find_change_set(self, change_set_name)
    if cs is None:
        raise ChangeSetNotFound(change_set_name)
    self.change_sets.pop(cs.change_set_id, None)


class ChangeSetNotFound(ServiceException):
    code = "ChangeSetNotFound"

    def __init__(self, name):
        super().__init__(f"ChangeSet [{name}] does not exist")


class InvalidChangeSetStatus(ServiceException):
    code = "InvalidChangeSetStatus"


def execute_change_set(self, change_set_name, stack_name=None):
    cs = _find_change_set(self, change_set_name, stack_name)
    if cs is None:
        raise ChangeSetNotFound(change_set_name)
    if cs.execution_status != "AVAILABLE":
        raise InvalidChangeSetStatus(
            f"ChangeSet [{cs.change_set_id}] cannot be executed in its current status of [{cs.status}]")
    stack = self.stacks[cs.stack_id]
    cs.execution_status = "EXECUTE_IN_PROGRESS"
    # other change sets of this stack become obsolete, as on AWS
    for other in list(self.change_sets.values()):
        if other is not cs and other.stack_id == cs.stack_id:
            self.change_sets.pop(other.change_set_id, None)
    if cs.change_set_type == "CREATE":
        stack.template = cs.template
        stack._parse_template()
        stack.parameters = cs.parameters or {}
        stack.tags = cs.tags or stack.tags
        stack.resource_map = stack._create_resource_map()
        stack.output_map = stack._create_output_map()
        stack._ha_on_failure = "ROLLBACK"
        stack_event(stack, "CREATE_IN_PROGRESS", "User Initiated")

        def run(st):
            _do_create(st)
            cs.execution_status = "EXECUTE_COMPLETE" if st.status == "CREATE_COMPLETE" else "EXECUTE_FAILED"

        _start(stack, run)
    else:
        stack_event(stack, "UPDATE_IN_PROGRESS", "User Initiated")
        _start(stack, _do_update, cs.template, cs.parameters, cs.role_arn, cs.tags or None, cs)


# --------------------------------------------------------------------------------------
# Stack / response patches


def _create_resource_map(self):
    # moto gives stacks made by a CREATE change set no exports to import from: every stack
    # resolves Fn::ImportValue against the region's exports.
    self.cross_stack_resources = cfm.cloudformation_backends[self.account_id][self.region_name].exports
    rm = _orig_create_resource_map(self)
    rm._ha_stack = self
    return rm


def _outputs(self):
    return getattr(self, "_ha_outputs", None)


def _exports(self):
    return getattr(self, "_ha_exports", None) or []


def _stack_resources(self):
    rm = self.resource_map
    out = []
    for name in rm._resource_json_map:
        inst = rm._parsed_resources.get(name)
        if inst is not None and not isinstance(inst, (str, int, float, list, dict)):
            out.append(inst)
    return out


class _ResourceDTO(cfr.StackResourceDTO):
    def __init__(self, stack, resource):
        super().__init__(stack, resource)
        st = _res_status(stack).get(self.logical_resource_id)
        if st:
            self.resource_status = st[0]
            self.timestamp = st[1]
            self.last_updated_timestamp = st[1]
            self.resource_status_reason = st[2]


def _validate_different_update(self, incoming_params, stack_body, old_stack):
    try:
        action = self._get_action()
    except Exception:
        action = ""
    if action != "UpdateStack" or not stack_body:
        return
    try:
        new_dict = old_stack.parse_template(stack_body)
    except Exception:
        return
    previous = {k: v for k, v in effective_parameters(old_stack.template_dict, old_stack.parameters).items() if v is not None}
    given = self._get_param_values(incoming_params or [], previous)
    if new_dict == old_stack.template_dict and effective_parameters(new_dict, given) == effective_parameters(
        old_stack.template_dict, old_stack.parameters
    ):
        tags = {i["Key"]: i["Value"] for i in self._get_param("Tags", [])}
        if not tags or tags == (old_stack.tags or {}):
            raise ValidationError(old_stack.name, message="No updates are to be performed.")


def _resp_list_imports(self):
    """ListImports: the stacks importing an export; AWS's ValidationError when none does."""
    name = self._get_param("ExportName")
    users = importers(self.cloudformation_backend, name)
    if not users:
        raise ValidationError(message=f"Export '{name}' is not imported by any stack.")
    return cfr.ActionResult({"Imports": users})


def _resp_create_stack(self):
    disable = self._get_bool_param("DisableRollback", False)
    on_failure = self._get_param("OnFailure") or ("DO_NOTHING" if disable else "ROLLBACK")
    _tls.create_opts = {"on_failure": on_failure}
    try:
        return _orig_resp_create_stack(self)
    finally:
        _tls.create_opts = {}


def _pseudo(stack) -> dict:
    return {"AWS::AccountId": stack.account_id, "AWS::Region": stack.region_name, "AWS::StackId": stack.stack_id,
            "AWS::StackName": stack.name, "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com",
            "AWS::NotificationARNs": list(stack.notification_arns or [])}


def plan_changes(stack, new_dict: dict, new_params: dict | None, create: bool = False) -> list:
    """The resource changes CloudFormation would make (Conditions, parameters, replaced refs)."""
    return changeplan.plan(None if create else stack.template_dict, stack.parameters or {}, new_dict,
                           new_params or {}, _pseudo(stack), create_only=_create_only)


def _resp_create_change_set(self):
    """CreateChangeSet as on AWS: ChangeSetType defaults to UPDATE, UsePreviousTemplate reuses the
    stack's template (moto: HTTP 500 unless ChangeSetType=UPDATE was sent), UsePreviousValue takes
    the stack's effective value, and a CREATE change set cannot target a live stack."""
    stack_name = self._get_param("StackName")
    change_set_name = self._get_param("ChangeSetName")
    body = self._get_param("TemplateBody")
    url = self._get_param("TemplateURL")
    cs_type = self._get_param("ChangeSetType") or "UPDATE"
    use_previous = self._get_bool_param("UsePreviousTemplate", False)
    backend = self.cloudformation_backend
    if (body or url) and use_previous:
        raise ValidationError(message="You cannot specify both usePreviousTemplate and Template Body/Template URL.")
    if not (body or url or use_previous):
        raise ValidationError(message="Either Template URL or Template Body must be specified.")
    stack = None
    if cs_type == "UPDATE":
        stack = next((st for st in backend.stacks.values() if st.name == stack_name or st.stack_id == stack_name), None)
        if stack is None:
            raise ValidationError(message=f"Stack [{stack_name}] does not exist")
        if stack.status == "REVIEW_IN_PROGRESS":
            raise ValidationError(message=f"Stack [{stack_name}] does not exist")
        stack_name = stack.name
    else:
        if use_previous:
            raise ValidationError(message="Cannot use UsePreviousTemplate with a CREATE change set: the stack has no template.")
        live = next((st for st in backend.stacks.values() if st.name == stack_name and st.status != "REVIEW_IN_PROGRESS"), None)
        if live is not None:
            raise ValidationError(message=f"Stack [{stack_name}] already exists and cannot be created again with the changeSet [{change_set_name}].")
    if use_previous:
        body = stack.template
    elif url:
        body = self._get_stack_from_s3_url(url)
    previous = effective_parameters(stack.template_dict, stack.parameters) if stack is not None else {}
    parameters = {}
    for p in self._get_param("Parameters", []):
        key = p["ParameterKey"]
        if str(p.get("UsePreviousValue", "")).lower() == "true":
            if previous.get(key) is None:
                raise ValidationError(message=f"Invalid input for parameter key {key}. Need to specify either usePreviousValue as true or a value for the parameter")
            parameters[key] = previous[key]
        else:
            parameters[key] = p.get("ParameterValue")
    tags = {item["Key"]: item["Value"] for item in self._get_param("Tags", [])}
    cs_id, stack_id = backend.create_change_set(
        stack_name=stack_name, change_set_name=change_set_name, template=body, parameters=parameters,
        description=self._get_param("Description"), notification_arns=self._get_param("NotificationARNs", []),
        tags=tags, role_arn=self._get_param("RoleARN"), change_set_type=cs_type,
    )
    return cfr.ActionResult({"Id": cs_id, "StackId": stack_id})


def _change_set_diff(self):
    """AWS-like change list: Conditions evaluated with the new parameters, properties compared
    after resolving intrinsics, dependents of replaced resources (ResourceReference, Dynamic)."""
    rm = self.stack.resource_map
    planned = plan_changes(self.stack, self.template_dict, self.parameters, create=self.change_set_type != "UPDATE")
    changes = []
    for p in planned:
        change = cfm.Change(action=p.action, logical_resource_id=p.name, resource_type=p.rtype)
        inst = rm._parsed_resources.get(p.name)
        if p.action != "Add" and inst is not None:
            change.physical_resource_id = physical_id(inst)
        if p.action == "Modify":
            change.replacement = p.replacement
            change.scope = p.scope
            change.details = p.details
        changes.append(change)
    return changes


CREATE_ONLY: dict[str, set] = {}


def _create_only(rtype) -> set:
    """createOnly properties: the registry schema (cfn-lint's copy) plus the local models' own."""
    cls = None
    try:
        cls = parsing.resource_class_from_type(rtype)
    except Exception:
        pass
    return set(getattr(cls, "REPLACE_ON", ()) or ()) | CREATE_ONLY.get(rtype, set()) \
        | set(changeplan.schema_create_only(rtype))


class _UnmodelledType:
    """Stands in for a resource type moto does not model while outputs are validated: any
    attribute may be read (the output is dropped later, as for every skipped resource)."""

    @staticmethod
    def has_cfn_attr(attr: str) -> bool:
        return True


_validating_outputs = threading.local()
_orig_validate_outputs = parsing.ResourceMap.validate_outputs


def apply_late() -> None:
    """Wraps the final `resource_class_from_type` (after the other modules wrapped it for
    their own types): while outputs are validated, a type nobody models reads as
    `_UnmodelledType` instead of None."""
    inner = parsing.resource_class_from_type

    def lenient(resource_type):
        cls = inner(resource_type)
        if cls is None and getattr(_validating_outputs, "on", False):
            return _UnmodelledType
        return cls

    parsing.resource_class_from_type = lenient


def _validate_outputs(self):
    # moto reads the class of every GetAtt target in Outputs and fails with an AttributeError
    # (HTTP 500) when the type is one it skips; AWS accepts the template.
    _validating_outputs.on = True
    try:
        return _orig_validate_outputs(self)
    finally:
        _validating_outputs.on = False


def apply() -> None:
    parsing.parse_and_create_resource = parse_and_create_resource
    parsing.ResourceMap.validate_outputs = _validate_outputs
    cfm.Stack._create_resource_map = _create_resource_map
    cfm.Stack.outputs = property(_outputs)
    cfm.Stack.exports = property(_exports)
    cfm.Stack.stack_resources = property(_stack_resources)
    cfr.StackResourceDTO = _ResourceDTO
    B = cfm.CloudFormationBackend
    B.create_stack = create_stack
    B.update_stack = update_stack
    B.delete_stack = delete_stack
    B.create_change_set = create_change_set
    B.describe_change_set = describe_change_set
    B.delete_change_set = delete_change_set
    B.execute_change_set = execute_change_set
    cfm.ChangeSet.diff = _change_set_diff
    cfr.CloudFormationResponse._validate_different_update = _validate_different_update
    cfr.CloudFormationResponse.create_stack = _resp_create_stack
    cfr.CloudFormationResponse.create_change_set = _resp_create_change_set
    cfr.CloudFormationResponse.list_imports = _resp_list_imports
    report.patch("async-engine", "create/update/delete/execute run in a per-stack worker; API returns when done or when blocked on a custom resource")
    report.patch("resource-events", "per-resource CREATE_/UPDATE_/DELETE_ IN_PROGRESS/COMPLETE/FAILED events in dependency order")
    report.patch("rollback", "failed create rolls back (deletes created resources) to ROLLBACK_COMPLETE; failed update ends UPDATE_ROLLBACK_COMPLETE (status only, changed resources not reverted); failed delete ends DELETE_FAILED")
    report.patch("outputs", "outputs/exports computed at completion: correct after ExecuteChangeSet and CREATE change sets")
    report.patch("delete-order", "DeleteStack deletes in reverse dependency order, including custom resources")
    report.patch("empty-change-set", "change set without changes ends FAILED with AWS's StatusReason")
    report.patch("no-op-update", "UpdateStack without changes raises 'No updates are to be performed.' with or without Parameters")
    report.patch("change-set-details", "DescribeChangeSet: Conditions evaluated with the new parameters (Add/Remove), properties compared after resolving intrinsics (ParameterReference), dependents of replaced resources (ResourceReference, Dynamic), Replacement from the registry schemas' createOnly properties; ExecuteChangeSet/UpdateStack apply the same plan")
    report.patch("create-change-set", "ChangeSetType defaults to UPDATE; UsePreviousTemplate and UsePreviousValue supported")
    report.patch("list-imports", "ListImports lists the live stacks whose Fn::ImportValue resolves to the export; none: ValidationError \"Export '<name>' is not imported by any stack.\"")
    report.patch("import-value-change-sets", "stacks created through a CREATE change set resolve Fn::ImportValue against the region's exports (moto: none)")
    report.patch("exports-in-use", "DeleteStack of a stack whose export another stack imports ends DELETE_FAILED (\"Export <name> cannot be deleted as it is in use by <stack>\", nothing deleted); an update that removes an imported export ends UPDATE_ROLLBACK_COMPLETE with the same reason")
    report.patch("getatt-outputs-of-skipped-types", "an output that reads Fn::GetAtt of a type nobody models no longer fails the stack (HTTP 500 at validation, 'references undefined resource' at completion): the stack deploys and the output is dropped, as for Ref of a skipped resource")
    report.patch("stack-resources", "DescribeStackResources lists only real resources, with per-resource status and timestamp")
