"""Change-set planning as CloudFormation does it: Conditions evaluated with the new parameter
values, properties compared after resolving intrinsics, and dependents of replaced resources.

The evaluator is symbolic for resources: ``Ref``/``Fn::GetAtt`` of a resource resolve to a
:class:`Sym` token, so the plan never needs the resources themselves.  Parameters, pseudo
parameters, Mappings, Conditions, ``Fn::If``/``Sub``/``Join``/``Select``/``Split``/``FindInMap``
are evaluated; anything else stays a comparable tuple.

``plan(...)`` returns the changes (Add / Modify / Remove) with AWS's ``Replacement``, ``Scope``
and ``Details`` (``Evaluation`` Static/Dynamic, ``ChangeSource`` DirectModification /
ParameterReference / ResourceReference / ResourceAttribute, ``CausingEntity``).  The change set
and ExecuteChangeSet / UpdateStack use the same plan, so execution applies exactly what the
change set shows.
"""
from __future__ import annotations

import functools
import json
import os
import re
from typing import Any

NOVALUE = ("__novalue__",)


class Sym:
    """A resource's Ref (attr None) or GetAtt value."""

    __slots__ = ("name", "attr")

    def __init__(self, name: str, attr: str | None = None):
        self.name, self.attr = name, attr

    def __eq__(self, other):
        return isinstance(other, Sym) and (self.name, self.attr) == (other.name, other.attr)

    def __hash__(self):
        return hash((self.name, self.attr))

    def __repr__(self):
        return f"<{self.name}{'.' + self.attr if self.attr else ''}>"


class Ctx:
    def __init__(self, template: dict, params: dict, pseudo: dict):
        self.template = template or {}
        self.resources = self.template.get("Resources") or {}
        self.mappings = self.template.get("Mappings") or {}
        specs = self.template.get("Parameters") or {}
        self.params: dict[str, Any] = {}
        for key, spec in specs.items():
            val = params.get(key, (spec or {}).get("Default"))
            if isinstance(val, list):
                val = ",".join(str(v) for v in val)
            val = "" if val is None else str(val)
            ptype = (spec or {}).get("Type", "String")
            if ptype == "CommaDelimitedList" or ptype.startswith("List<"):
                val = [v.strip() for v in val.split(",")] if val else []
            self.params[key] = val
        self.pseudo = pseudo
        self._conds: dict[str, bool] = {}
        self._cond_defs = self.template.get("Conditions") or {}

    # conditions ----------------------------------------------------------------------
    def condition(self, name: str) -> bool:
        if name not in self._conds:
            self._conds[name] = False  # cycle guard
            self._conds[name] = bool(self._cond(self._cond_defs.get(name, False)))
        return self._conds[name]

    def _cond(self, node) -> bool:
        if isinstance(node, bool):
            return node
        if isinstance(node, str):
            return node.lower() == "true"
        if isinstance(node, dict) and len(node) == 1:
            (op, args), = node.items()
            if op == "Condition":
                return self.condition(args)
            if op == "Fn::Equals":
                a, b = (self.eval(x) for x in args)
                return _norm(a) == _norm(b)
            if op == "Fn::Not":
                return not self._cond(args[0])
            if op == "Fn::And":
                return all(self._cond(x) for x in args)
            if op == "Fn::Or":
                return any(self._cond(x) for x in args)
        return bool(self.eval(node))

    def present(self, name: str) -> bool:
        rjson = self.resources.get(name)
        if rjson is None:
            return False
        cond = rjson.get("Condition")
        return True if not cond else self.condition(cond)

    # values --------------------------------------------------------------------------
    def eval(self, node) -> Any:
        if isinstance(node, list):
            out = [self.eval(x) for x in node]
            return [x for x in out if x is not NOVALUE and x != NOVALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, val), = node.items()
            if key == "Ref":
                return self.ref(val)
            if key == "Fn::GetAtt":
                if isinstance(val, str):
                    name, _, attr = val.partition(".")
                else:
                    name, attr = val[0], ".".join(str(v) for v in val[1:])
                return Sym(name, attr)
            if key == "Fn::If":
                branch = val[1] if self.condition(val[0]) else val[2]
                return self.eval(branch)
            if key == "Condition" and isinstance(val, str):
                return self.condition(val)
            if key == "Fn::Sub":
                return self.sub(val)
            if key == "Fn::Join":
                sep = self.eval(val[0])
                items = self.eval(val[1])
                if isinstance(items, list):
                    return _concat(_interleave(items, sep))
                return ("Fn::Join", sep, items)
            if key == "Fn::Select":
                idx, items = self.eval(val[0]), self.eval(val[1])
                try:
                    return items[int(idx)] if isinstance(items, list) else ("Fn::Select", idx, items)
                except (IndexError, ValueError, TypeError):
                    return ("Fn::Select", idx, items)
            if key == "Fn::Split":
                sep, text = self.eval(val[0]), self.eval(val[1])
                return text.split(sep) if isinstance(text, str) and isinstance(sep, str) else ("Fn::Split", sep, text)
            if key == "Fn::FindInMap":
                args = [self.eval(x) for x in val[:3]]
                try:
                    return self.mappings[args[0]][args[1]][args[2]]
                except (KeyError, TypeError):
                    if len(val) > 3 and isinstance(val[3], dict) and "DefaultValue" in val[3]:
                        return self.eval(val[3]["DefaultValue"])
                    return ("Fn::FindInMap", *args)
            if key.startswith("Fn::"):
                return (key, _freeze(self.eval(val)))
        out = {}
        for k, v in node.items():
            ev = self.eval(v)
            if ev is NOVALUE or ev == NOVALUE:
                continue
            out[k] = ev
        return out

    def ref(self, name: str):
        if name == "AWS::NoValue":
            return NOVALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.params:
            return self.params[name]
        return Sym(name)

    def sub(self, val):
        if isinstance(val, list):
            text, local = val[0], {k: self.eval(v) for k, v in (val[1] if len(val) > 1 else {}).items()}
        else:
            text, local = val, {}
        parts: list = []
        pos = 0
        for m in re.finditer(r"\$\{([^}]*)\}", text):
            parts.append(text[pos:m.start()])
            inner = m.group(1)
            if inner.startswith("!"):
                parts.append("${" + inner[1:] + "}")
            elif inner in local:
                parts.append(local[inner])
            elif "." in inner and inner.split(".")[0] not in self.params and inner not in self.pseudo:
                name, _, attr = inner.partition(".")
                parts.append(Sym(name, attr))
            else:
                parts.append(self.ref(inner))
            pos = m.end()
        parts.append(text[pos:])
        return _concat(parts)


def _interleave(items, sep):
    out: list = []
    for i, item in enumerate(items):
        if i:
            out.append(sep)
        out.append(item)
    return out


def _concat(parts):
    out: list = []
    for p in parts:
        if isinstance(p, (int, float)) and not isinstance(p, bool):
            p = str(p)
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        elif p != "":
            out.append(p)
    if not out:
        return ""
    if len(out) == 1 and isinstance(out[0], str):
        return out[0]
    return ("concat", *(_freeze(p) for p in out))


def _freeze(v):
    if isinstance(v, list):
        return tuple(_freeze(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    return v


def _norm(v):
    """Scalars compare as CloudFormation strings (10 == "10", true == "true")."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list):
        return [_norm(x) for x in v]
    if isinstance(v, dict):
        return {k: _norm(x) for k, x in v.items()}
    if isinstance(v, tuple):
        return tuple(_norm(x) for x in v)
    return v


def syms(v) -> set:
    out: set = set()
    if isinstance(v, Sym):
        out.add(v)
    elif isinstance(v, dict):
        for x in v.values():
            out |= syms(x)
    elif isinstance(v, (list, tuple)):
        for x in v:
            out |= syms(x)
    return out


def params_used(node, ctx: Ctx, seen_conds=None) -> set:
    """Parameter names a fragment depends on (directly, in Sub, or through Fn::If conditions)."""
    seen_conds = set() if seen_conds is None else seen_conds
    out: set = set()
    if isinstance(node, dict):
        for key, val in node.items():
            if key == "Ref" and isinstance(val, str) and val in ctx.params:
                out.add(val)
            elif key == "Fn::Sub":
                text = val[0] if isinstance(val, list) else val
                if isinstance(text, str):
                    out |= {m for m in re.findall(r"\$\{([^}!.]*)\}", text) if m in ctx.params}
                if isinstance(val, list) and len(val) > 1:
                    out |= params_used(val[1], ctx, seen_conds)
            elif key in ("Fn::If",) and isinstance(val, list) and val:
                out |= cond_params(val[0], ctx, seen_conds)
                out |= params_used(val[1:], ctx, seen_conds)
            elif key == "Condition" and isinstance(val, str):
                out |= cond_params(val, ctx, seen_conds)
            else:
                out |= params_used(val, ctx, seen_conds)
    elif isinstance(node, list):
        for x in node:
            out |= params_used(x, ctx, seen_conds)
    return out


def cond_params(name, ctx: Ctx, seen_conds: set) -> set:
    if name in seen_conds:
        return set()
    seen_conds.add(name)
    return params_used(ctx._cond_defs.get(name), ctx, seen_conds)


# ---------------------------------------------------------------------------------------
# createOnly properties from the CloudFormation registry schemas cfn-lint bundles


@functools.lru_cache(maxsize=1)
def _providers() -> dict:
    try:
        import cfnlint.data.schemas as schemas_pkg
    except Exception:
        return {}
    base = os.path.dirname(schemas_pkg.__file__)
    try:
        with open(os.path.join(base, "providers", "us-east-1.json")) as f:
            index = json.load(f)
    except OSError:
        return {}
    return {"base": base, "index": index}


@functools.lru_cache(maxsize=None)
def schema_create_only(rtype: str) -> frozenset:
    prov = _providers()
    key = (prov.get("index") or {}).get(rtype)
    if not key:
        return frozenset()
    try:
        with open(os.path.join(prov["base"], "resources", f"{key}.json")) as f:
            schema = json.load(f)
    except OSError:
        return frozenset()
    out = set()
    for path in schema.get("createOnlyProperties") or []:
        parts = path.split("/")
        if len(parts) >= 3 and parts[1] == "properties":
            out.add(parts[2])
    return frozenset(out)


# ---------------------------------------------------------------------------------------
# the plan


class Planned:
    def __init__(self, action, name, rtype):
        self.action, self.name, self.rtype = action, name, rtype
        self.replacement = None
        self.scope: list[str] = []
        self.details: list[dict] = []


def plan(old_dict: dict | None, old_params: dict, new_dict: dict, new_params: dict, pseudo: dict,
         create_only=schema_create_only, existing: set | None = None) -> list[Planned]:
    """Changes from (old template, old params) to (new template, new params).

    ``old_dict`` None: a CREATE change set (every resource whose condition holds is added).
    ``existing``: the resources the stack really has (default: those whose condition held)."""
    new = Ctx(new_dict, new_params or {}, pseudo)
    new_names = [n for n in new.resources if new.present(n)]
    if old_dict is None:
        return [Planned("Add", n, new.resources[n].get("Type")) for n in new_names]
    old = Ctx(old_dict, old_params or {}, pseudo)
    old_names = [n for n in old.resources if (n in existing if existing is not None else old.present(n))]
    changed_params = {k for k in set(old.params) | set(new.params) if _norm(old.params.get(k)) != _norm(new.params.get(k))}
    out: list[Planned] = []
    for n in new_names:
        if n not in old_names:
            out.append(Planned("Add", n, new.resources[n].get("Type")))
    mods: dict[str, Planned] = {}
    new_vals: dict[str, dict] = {}
    for n in new_names:
        if n not in old_names:
            continue
        o_json, n_json = old.resources[n], new.resources[n]
        rtype = n_json.get("Type")
        o_raw, n_raw = o_json.get("Properties") or {}, n_json.get("Properties") or {}
        o_val = old.eval(o_raw) if isinstance(o_raw, dict) else {}
        n_val = new.eval(n_raw) if isinstance(n_raw, dict) else {}
        new_vals[n] = n_val if isinstance(n_val, dict) else {}
        p = Planned("Modify", n, rtype)
        if o_json.get("Type") != rtype:
            p.replacement = "True"
        for key in sorted(set(o_val) | set(n_val)):
            if _norm(o_val.get(key)) == _norm(n_val.get(key)) and o_raw.get(key) == n_raw.get(key):
                continue
            recreate = "Always" if key in create_only(rtype) else "Never"
            target = {"Attribute": "Properties", "Name": key, "RequiresRecreation": recreate}
            causes = (params_used(o_raw.get(key), old) | params_used(n_raw.get(key), new)) & changed_params
            if o_raw.get(key) != n_raw.get(key) or not causes:
                p.details.append({"Target": target, "Evaluation": "Static", "ChangeSource": "DirectModification"})
            for param in sorted(causes):
                p.details.append({"Target": dict(target), "Evaluation": "Static",
                                  "ChangeSource": "ParameterReference", "CausingEntity": param})
        if o_json.get("Metadata") != n_json.get("Metadata"):
            p.details.append({"Target": {"Attribute": "Metadata", "RequiresRecreation": "Never"},
                              "Evaluation": "Static", "ChangeSource": "DirectModification"})
        if p.details or p.replacement:
            mods[n] = p
    # replacements, then dependents of replaced resources (their Ref / GetAtt values change)
    for p in mods.values():
        if p.replacement is None:
            p.replacement = "True" if any(d["Target"].get("RequiresRecreation") == "Always" for d in p.details) else "False"
    # direct dependents of replaced resources: their Ref / GetAtt value changes at update time
    replaced = {n for n, p in mods.items() if p.replacement == "True"}
    for n, n_val in new_vals.items():
        if n in replaced:
            continue
        rtype = new.resources[n].get("Type")
        for key in sorted(n_val):
            for s in sorted({s for s in syms(n_val[key]) if s.name in replaced}, key=repr):
                p = mods.get(n)
                if p is None:
                    p = mods[n] = Planned("Modify", n, rtype)
                    p.replacement = "False"
                recreate = "Always" if key in create_only(rtype) else "Never"
                detail = {"Target": {"Attribute": "Properties", "Name": key, "RequiresRecreation": recreate},
                          "Evaluation": "Dynamic",
                          "ChangeSource": "ResourceReference" if s.attr is None else "ResourceAttribute",
                          "CausingEntity": s.name if s.attr is None else f"{s.name}.{s.attr}"}
                if detail not in p.details:
                    p.details.append(detail)
                if recreate == "Always" and p.replacement == "False":
                    p.replacement = "Conditional"
    for n in new_names:
        if n in mods:
            p = mods[n]
            p.scope = sorted({d["Target"]["Attribute"] for d in p.details})
            out.append(p)
    for n in old_names:
        if n not in new_names:
            out.append(Planned("Remove", n, old.resources[n].get("Type")))
    return out
