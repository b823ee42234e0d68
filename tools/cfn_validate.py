#!/usr/bin/env python3
"""Offline CloudFormation template validation with machine-readable output.

Runs AWS's offline validator (the PyPI package ``cloudformation-validate``) over one or
more synthesized JSON templates and, unless told otherwise, also evaluates the
``cdk-preflight`` Rego rule pack through the validator's composite engine. Nothing is
sent over the network and no AWS credentials are needed.

Usage::

    python tools/cfn_validate.py --template out/App.template.json [--template ...]
                                 [--region us-east-1 [--region eu-west-1 ...]]
                                 [--pack DIR | --no-pack]
    python tools/cfn_validate.py --info [--pack DIR | --no-pack]
    python tools/cfn_validate.py --export-pack DIR

Output (stdout) is exactly one JSON document::

    {
      "validator": "cloudformation-validate 1.14.0",
      "pack": "cdk-preflight 1.9.1" | null,
      "findings": [
        {"template": "<path as given>", "rule": "F3012",
         "severity": "error" | "warning" | "info",
         "logical_id": "MyQueue" | null,
         "path": "Resources/MyQueue/Properties/VisibilityTimeout" | null,
         "message": "...", "fix": "..." | null,
         "source": "validator" | "pack",
         "conditions": {"IsProd": true} | null}
      ],
      "runs": [{"template": "<path>", "region": "us-east-1" | null, "status": "ok"}]
    }

Two additions to the documented shape; consumers should ignore keys they do not know:

* ``runs``: one entry per (template, region) with the engine's report status (``ok``,
  ``analysis_incomplete`` when the engine hit an internal budget and may have skipped
  findings, ``parse_error``).
* ``conditions`` on each finding: null, or the template conditions under which it
  applies, e.g. ``{"HasAlarmEmail": true}`` for a resource declared with
  ``"Condition": "HasAlarmEmail"`` or for one ``Fn::If`` branch. Neither the validator nor
  the pack skips a resource whose condition is false for the parameter defaults, so a
  runner can use this to judge such findings.

Severities: the engine's FATAL and ERROR become ``error``, WARN becomes ``warning``,
INFO and DEBUG become ``info``. Findings are sorted (template, severity, logical id,
path, rule) and de-duplicated across regions.

Regions: each ``--region`` is one validation pass (default ``us-east-1``). It drives the
region-scoped checks of the validator (resource type availability, instance types) and
the region-dependent rules of the pack. ``--region all`` validates region-scoped values
against the union of all regions and leaves the pack's region rules silent.

The pack: ``cdk-preflight`` ships its Rego rules inside its jsii JavaScript bundle, not
as ``.rego`` files, so by default they are read from the installed package's bundle
(the package itself is never imported: that would start a Node.js runtime). Rules whose
constraint the installed validator already enforces (marked superseded for that engine
version) are skipped, and only rules relevant to the resource types in the templates are
compiled. ``--pack DIR`` loads every ``*.rego`` file under DIR instead (for instance a
directory written by ``--export-pack DIR``, which stores the current bundled pack there).

Exit codes: 0 when validation ran (whatever the findings), 2 on bad input (missing or
unreadable template, invalid JSON, bad option), 3 when the Python packages are missing
(run scripts/setup-python.sh), 4 when the validator itself failed (for example a rule
pack that does not compile). Messages for codes 2-4 go to stderr; stdout is then empty.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import sys
import tarfile
from typing import Iterable, Iterator, Optional

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_MISSING_PACKAGES = 3
EXIT_ENGINE_FAILURE = 4

VALIDATOR_DIST = "cloudformation-validate"
PACK_DIST = "cdk-preflight"
SETUP_HINT = "run scripts/setup-python.sh"
DEFAULT_REGION = "us-east-1"
ALL_REGIONS = "all"

# Engine severity name -> the three levels of the output contract.
SEVERITY_MAP = {"FATAL": "error", "ERROR": "error", "WARN": "warning", "INFO": "info", "DEBUG": "info"}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
# Engine report status -> the "status" of a run.
RUN_STATUS = {"OK": "ok", "ANALYSIS_INCOMPLETE": "analysis_incomplete", "ERROR": "parse_error"}

# Where an entity of each type lives in a template, for turning the engine's
# entity-relative property paths into template-absolute ones.
ENTITY_SECTION = {
    "RESOURCE": "Resources",
    "PARAMETER": "Parameters",
    "OUTPUT": "Outputs",
    "MAPPING": "Mappings",
    "CONDITION": "Conditions",
    "RULE": "Rules",
    "METADATA": "Metadata",
}
SINGLETON_SECTION = {
    "TRANSFORM": "Transform",
    "FORMAT_VERSION": "AWSTemplateFormatVersion",
    "DESCRIPTION": "Description",
}
TEMPLATE_SECTIONS = set(ENTITY_SECTION.values()) | set(SINGLETON_SECTION.values())

# The Rego package every cdk-preflight module declares, and the header its modules share.
PACK_PACKAGE = "cdk_preflight"
PACK_HEADER = f"package {PACK_PACKAGE}\n\nimport rego.v1\n"
PACK_BUNDLE_MEMBER = "package/lib/rules.generated.js"
PACK_LABEL_FILE = "PACK"
REGION_RE = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")


class BadInput(Exception):
    """Exit 2: something the caller passed is unusable."""


class MissingPackages(Exception):
    """Exit 3: the validator or the pack is not installed in this interpreter."""


class EngineFailure(Exception):
    """Exit 4: the validator could not run."""


# --------------------------------------------------------------------------- helpers


@contextlib.contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Send anything written to file descriptor 1 (including by native code) to stderr,
    so that stdout carries nothing but the final JSON document."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def dist_version(name: str) -> Optional[str]:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def version_key(text: str) -> Optional[tuple]:
    """Sortable key for ``X.Y.Z`` or ``X.Y.Z-pre``; a pre-release sorts before its release."""
    m = re.match(r"^(\d+)\.(\d+)\.(\d+)(?:-(.+))?$", text or "")
    if not m:
        return None
    major, minor, patch, pre = m.groups()
    return (int(major), int(minor), int(patch), 0 if pre else 1, pre or "")


def engine_error_text(exc: Exception) -> str:
    """The engine's ValidationError carries its text in ``msg``; fall back to str()."""
    text = getattr(exc, "msg", None)
    return str(text if isinstance(text, str) and text.strip() else exc).strip()


def import_validator():
    """Imports ``cloudformation_validate`` or raises MissingPackages."""
    try:
        import cloudformation_validate  # noqa: PLC0415 - optional dependency
    except ImportError as exc:
        raise MissingPackages(
            f"the Python package '{VALIDATOR_DIST}' is not installed for {sys.executable} "
            f"({exc}); {SETUP_HINT}"
        ) from None
    return cloudformation_validate


# --------------------------------------------------------------------------- templates


class Template:
    def __init__(self, path: str, raw: bytes, doc: dict):
        self.path = path
        self.raw = raw
        self.doc = doc


def load_template(path: str) -> Template:
    if not os.path.exists(path):
        raise BadInput(f"template {path}: no such file")
    if os.path.isdir(path):
        raise BadInput(f"template {path}: is a directory, expected a JSON file")
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise BadInput(f"template {path}: cannot read: {exc.strerror or exc}") from None
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BadInput(f"template {path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"template {path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(doc, dict):
        raise BadInput(f"template {path}: top-level JSON value must be an object, got {type(doc).__name__}")
    return Template(path, raw, doc)


def resource_types(templates: Iterable[Template]) -> Optional[set]:
    """Resource types used across the templates, or None when they cannot be known
    statically (a Transform or a non-literal Type), in which case nothing is pruned."""
    types = set()
    for t in templates:
        if "Transform" in t.doc:
            return None
        resources = t.doc.get("Resources")
        if not isinstance(resources, dict):
            continue
        for body in resources.values():
            rtype = body.get("Type") if isinstance(body, dict) else None
            if not isinstance(rtype, str):
                return None
            types.add(rtype)
    return types


# --------------------------------------------------------------------------- the rule pack


class Pack:
    """A set of Rego modules to layer on top of the validator's built-in rules."""

    def __init__(self, label: str, origin: str, modules: list, rule_count: int,
                 region_aware: bool, stats: Optional[dict] = None, unpruned: Optional[list] = None):
        self.label = label            # e.g. "cdk-preflight 1.9.1"
        self.origin = origin          # where the rules were read from
        self.modules = modules        # [(name, rego text)]
        self.rule_count = rule_count  # rules actually compiled (0: nothing to evaluate)
        self.region_aware = region_aware
        self.stats = stats or {}
        self.unpruned = unpruned      # the modules with every helper library, when some were left out

    def without_pruning(self) -> "Pack":
        """The same pack with every helper library (for a pruned pack that does not compile)."""
        stats = dict(self.stats, libs_loaded=self.stats.get("libs"))
        return Pack(self.label, self.origin, self.unpruned or self.modules, self.rule_count,
                    self.region_aware, stats)

    def modules_for_region(self, region: Optional[str]) -> list:
        """The modules plus, when the region is concrete, one that tells region-dependent
        rules where the stack deploys (they read ``data.cdk_preflight.deploy_region``)."""
        if not self.rule_count:
            return []
        mods = list(self.modules)
        if self.region_aware and region is not None:
            mods.append(("_deploy_region", f"{PACK_HEADER}\ndeploy_region := {json.dumps(region)}\n"))
        return mods


def _bundle_path() -> tuple:
    """(version, path of the jsii bundle) of the installed cdk-preflight, located without
    importing the package."""
    version = dist_version(PACK_DIST)
    spec = importlib.util.find_spec("cdk_preflight")
    if version is None or spec is None or not spec.submodule_search_locations:
        raise MissingPackages(
            f"the Python package '{PACK_DIST}' is not installed for {sys.executable}; "
            f"{SETUP_HINT} (or pass --no-pack)"
        )
    pkg_dir = list(spec.submodule_search_locations)[0]
    bundles = sorted(glob.glob(os.path.join(pkg_dir, "_jsii", "*.jsii.tgz")))
    if not bundles:
        raise MissingPackages(f"{PACK_DIST} {version} at {pkg_dir} has no jsii bundle; {SETUP_HINT}")
    return version, bundles[0]


def _read_bundle(bundle: str) -> tuple:
    """(rules, libs) as stored in the bundle's generated JavaScript module."""
    try:
        with tarfile.open(bundle, "r:gz") as tf:
            for member in tf:
                if member.name == PACK_BUNDLE_MEMBER:
                    text = tf.extractfile(member).read().decode("utf-8")
                    break
            else:
                raise EngineFailure(f"{bundle}: {PACK_BUNDLE_MEMBER} not found; unsupported {PACK_DIST} layout")
    except (OSError, tarfile.TarError) as exc:
        raise EngineFailure(f"{bundle}: cannot read the rule bundle: {exc}") from None

    decoder = json.JSONDecoder()

    def array(name: str) -> list:
        marker = f"exports.{name} = ["
        at = text.find(marker)
        if at < 0:
            raise EngineFailure(f"{bundle}: {name} not found; unsupported {PACK_DIST} layout")
        try:
            value, _ = decoder.raw_decode(text, at + len(marker) - 1)
        except json.JSONDecodeError as exc:
            raise EngineFailure(f"{bundle}: {name} is not a JSON literal ({exc})") from None
        return value

    return array("BUNDLED_RULES"), array("BUNDLED_LIBS")


# The parsed rule bundle is kept between runs: reading the 6 MB gzip bundle costs about
# 0.17 s per run, loading the cache about 0.02 s.
CACHE_FORMAT = 1
CACHE_VAR = "HA_VALIDATOR_CACHE"


def cache_dir() -> Optional[str]:
    """Where the parsed bundle is kept: $HA_VALIDATOR_CACHE, else $XDG_CACHE_HOME/ha-iac,
    else ~/.cache/ha-iac (None when no home directory is known)."""
    explicit = os.environ.get(CACHE_VAR)
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home == "~":
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "ha-iac")


def read_bundle_cached(bundle: str) -> tuple:
    """``_read_bundle``, through a cache keyed by the bundle's path, size and modification
    time: an upgraded pack misses it. A missing, damaged or stale cache is read around and
    rewritten; one that cannot be written only costs the time."""
    try:
        st = os.stat(bundle)
    except OSError:
        return _read_bundle(bundle)  # which reports the problem
    key = {"format": CACHE_FORMAT, "bundle": os.path.abspath(bundle),
           "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    directory = cache_dir()
    if directory is None:
        return _read_bundle(bundle)
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]
    path = os.path.join(directory, f"{PACK_DIST}-{digest}.json")
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        if doc.get("key") == key and isinstance(doc.get("rules"), list) and isinstance(doc.get("libs"), list):
            return doc["rules"], doc["libs"]
    except (OSError, ValueError, AttributeError):
        pass
    rules, libs = _read_bundle(bundle)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(directory, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"key": key, "rules": rules, "libs": libs}, fh)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(tmp)
    return rules, libs


def _superseded(rule: dict, engine_version: str) -> bool:
    """True when the running validator enforces the rule's constraint itself."""
    since = (rule.get("supersededBy") or {}).get("engine")
    have, need = version_key(engine_version), version_key(since) if since else None
    return have is not None and need is not None and have >= need


def _relevant(rule: dict, types: Optional[set]) -> bool:
    declared = rule.get("resourceTypes") or []
    return types is None or not declared or "*" in declared or any(t in types for t in declared)


def _merge_by_service(rules: list) -> list:
    """One module per service instead of one per rule: far fewer modules to compile.
    Only rules in the pack's own package are merged; any other is kept as it is."""
    grouped: dict = {}
    loose = []
    for r in rules:
        text = r["rego"]
        if not re.match(rf"^\s*package\s+{PACK_PACKAGE}\s*$", text.split("\n", 1)[0]):
            loose.append((f"rules/{r['id']}", text))
            continue
        body = re.sub(r"^(?:package|import)\s.*\n", "", text, flags=re.M)
        grouped.setdefault(r.get("service") or "misc", []).append(body)
    merged = [(f"service/{svc}", PACK_HEADER + "\n".join(bodies)) for svc, bodies in grouped.items()]
    return merged + loose


IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A rule or function head starts a line: `name(args) if {`, `name := ..`, `name contains ..`,
# `default name := ..`.
HEAD_RE = re.compile(r"^(?:default\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)
REGO_KEYWORDS = {"package", "import", "default", "else", "some", "every", "not", "with", "as", "if", "contains", "in"}


def needed_libs(libs: list, rule_texts: Iterable[str]) -> list:
    """The helper libraries the rules use, directly or through other libraries. Compiling
    the 65 libraries costs about 0.4 s; a template touches a few of them. A library is kept
    when a name it defines occurs in a kept text (comments included, so a doubt keeps it)."""
    defined = [{n for n in HEAD_RE.findall(lib["rego"]) if n not in REGO_KEYWORDS} for lib in libs]
    used = set()
    for text in rule_texts:
        used.update(IDENT_RE.findall(text))
    kept = [False] * len(libs)
    changed = True
    while changed:
        changed = False
        for i, lib in enumerate(libs):
            if not kept[i] and defined[i] & used:
                kept[i] = changed = True
                used.update(IDENT_RE.findall(lib["rego"]))
    return [lib for lib, k in zip(libs, kept) if k]


def bundled_pack(engine_version: str, types: Optional[set], all_libs: bool = False) -> Pack:
    version, bundle = _bundle_path()
    rules, libs = read_bundle_cached(bundle)
    active = [r for r in rules if not _superseded(r, engine_version)]
    selected = [r for r in active if _relevant(r, types)]

    def lib_modules(chosen: list) -> list:
        return [(f"lib/{lib['name'].rsplit('/', 1)[-1]}", lib["rego"]) for lib in chosen]

    merged = _merge_by_service(selected)
    kept = libs if all_libs else needed_libs(libs, (r["rego"] for r in selected))
    return Pack(
        label=f"{PACK_DIST} {version}",
        origin=bundle,
        modules=lib_modules(kept) + merged,
        rule_count=len(selected),
        region_aware=True,
        stats={"bundled": len(rules), "superseded": len(rules) - len(active),
               "active": len(active), "selected": len(selected), "libs": len(libs),
               "libs_loaded": len(kept)},
        unpruned=None if len(kept) == len(libs) else lib_modules(libs) + merged,
    )


def dir_pack(directory: str) -> Pack:
    if not os.path.isdir(directory):
        raise BadInput(f"--pack {directory}: no such directory")
    files = sorted(glob.glob(os.path.join(directory, "**", "*.rego"), recursive=True))
    if not files:
        raise BadInput(f"--pack {directory}: contains no .rego files")
    modules = []
    for f in files:
        try:
            with open(f, encoding="utf-8") as fh:
                modules.append((os.path.relpath(f, directory), fh.read()))
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"--pack {directory}: cannot read {f}: {exc}") from None
    label = f"rego-dir {os.path.abspath(directory)}"
    label_file = os.path.join(directory, PACK_LABEL_FILE)
    if os.path.isfile(label_file):
        with open(label_file, encoding="utf-8") as fh:
            label = fh.readline().strip() or label
    in_pack_package = any(re.search(rf"^\s*package\s+{PACK_PACKAGE}\s*$", m, re.M) for _, m in modules)
    defines_region = any(re.search(r"^\s*deploy_region\s*:?=", m, re.M) for _, m in modules)
    return Pack(label, os.path.abspath(directory), modules, rule_count=len(modules),
                region_aware=in_pack_package and not defines_region,
                stats={"files": len(modules)})


def export_pack(directory: str, engine_version: str) -> dict:
    """Writes the installed pack (all rules active for this validator) as .rego files."""
    pack = bundled_pack(engine_version, None, all_libs=True)
    if glob.glob(os.path.join(directory, "**", "*.rego"), recursive=True):
        raise BadInput(f"--export-pack {directory}: already contains .rego files; use an empty directory")
    try:
        os.makedirs(directory, exist_ok=True)
        for name, text in pack.modules:
            target = os.path.join(directory, *name.split("/")) + ".rego"
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(text)
        with open(os.path.join(directory, PACK_LABEL_FILE), "w", encoding="utf-8") as fh:
            fh.write(pack.label + "\n")
    except OSError as exc:
        raise BadInput(f"--export-pack {directory}: cannot write: {exc}") from None
    return {"exported": os.path.abspath(directory), "pack": pack.label,
            "files": len(pack.modules), "rules": pack.rule_count}


# --------------------------------------------------------------------------- findings


def _split_dots(segment: str) -> list:
    return [p for p in segment.split(".") if p != ""]


def entity_prefix(entity) -> list:
    if entity is None:
        return []
    kind = getattr(entity.entity_type, "name", str(entity.entity_type))
    if kind in SINGLETON_SECTION:
        return [SINGLETON_SECTION[kind]]
    section = ENTITY_SECTION.get(kind)
    return [section, entity.logical_id] if section else []


def normalise_path(entity, raw: Optional[str]) -> Optional[str]:
    """Turns the engine's property path into a template-absolute, '/'-separated one.

    The engine reports entity-relative dotted paths ("Properties.Tags.1"), section-absolute
    ones ("Parameters/Size/Type", "Outputs/O/Value.Fn::GetAtt.1") and bare sections
    ("Metadata"). Keys that themselves contain a dot cannot be told apart and are split.
    """
    prefix = entity_prefix(entity)
    if not raw:
        return "/".join(prefix) or None
    if "/" in raw:
        head = raw.split("/")
        if head[0] in TEMPLATE_SECTIONS:
            anchor, rest = head[:2], head[2:]
        else:
            anchor, rest = prefix, head
        return "/".join(anchor + [p for seg in rest for p in _split_dots(seg)])
    parts = _split_dots(raw)
    if not prefix or (parts and parts[0] == prefix[0]) or (entity is None and parts[0] in TEMPLATE_SECTIONS):
        return "/".join(parts) or None
    return "/".join(prefix + parts)


def finding_conditions(diag, template: Template) -> Optional[dict]:
    """The conditions under which a finding applies, or None when unconditional: the
    resource's own ``Condition`` (as true) plus the ``Fn::If`` branch choice the validator
    reports for the finding. The pack reports no branch choices, and neither the pack nor
    the validator drops findings on resources whose condition can never hold."""
    conditions = {}
    entity = diag.entity
    if entity is not None and getattr(entity.entity_type, "name", "") == "RESOURCE":
        body = (template.doc.get("Resources") or {}).get(entity.logical_id)
        if isinstance(body, dict) and isinstance(body.get("Condition"), str):
            conditions[body["Condition"]] = True
    for name, value in (diag.condition_scenario or {}).items():
        conditions[name] = bool(value)
    return conditions or None


def to_finding(diag, template: Template) -> dict:
    entity = diag.entity
    origin = getattr(diag.source, "name", str(diag.source))
    severity = getattr(diag.severity, "name", str(diag.severity))
    return {
        "template": template.path,
        "rule": diag.rule_id,
        "severity": SEVERITY_MAP.get(severity, "warning"),
        "logical_id": entity.logical_id if entity is not None else None,
        "path": normalise_path(entity, diag.property_path),
        "message": diag.message,
        "fix": diag.suggested_fix or None,
        "source": "pack" if origin == "CUSTOM" else "validator",
        "conditions": finding_conditions(diag, template),
    }


def sort_and_dedupe(findings: list, order: dict) -> list:
    seen, out = set(), []
    for f in findings:
        key = json.dumps(f, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(f)
    out.sort(key=lambda f: (order.get(f["template"], 0), SEVERITY_RANK[f["severity"]],
                            f["logical_id"] or "", f["path"] or "", f["rule"], f["message"]))
    return out


# --------------------------------------------------------------------------- running


def build_engine(cv, pack: Optional[Pack], region: Optional[str]):
    modules = pack.modules_for_region(region) if pack else []
    config = cv.CompositeEngineConfig(
        rego_rules=[cv.ExternalRuleSource(name=name, content=text) for name, text in modules]
    )
    try:
        return cv.CompositeEngine(config)
    except Exception as exc:  # the engine raises ValidationError (or a panic turned into one)
        what = f"the rule pack {pack.label}" if modules else "the validator"
        raise EngineFailure(f"could not build {what}: {engine_error_text(exc)}") from None


def validate_pruned(cv, templates: list, regions: list, pack: Optional[Pack]) -> tuple:
    """``validate``, and again with every helper library when a pruned pack fails (a rule
    that needs a library the pruning left out fails to compile or to evaluate, loudly): no
    finding is ever lost to the pruning."""
    try:
        return validate(cv, templates, regions, pack)
    except EngineFailure:
        if pack is None or pack.unpruned is None:
            raise
        return validate(cv, templates, regions, pack.without_pruning())


def validate(cv, templates: list, regions: list, pack: Optional[Pack]) -> tuple:
    findings, runs = [], []
    shared = None if pack and pack.region_aware and pack.rule_count else build_engine(cv, pack, None)
    for region in regions:
        engine = shared or build_engine(cv, pack, region)
        config = cv.ValidateConfig(pseudo_parameter_overrides=cv.PseudoParameterOverrides(region=region))
        for t in templates:
            try:
                report = engine.validate_template(cv.TemplateContent(t.raw, t.path), config)
            except Exception as exc:
                raise EngineFailure(f"template {t.path}: the validator failed: {engine_error_text(exc)}") from None
            status = getattr(report.status, "name", str(report.status))
            runs.append({"template": t.path, "region": region, "status": RUN_STATUS.get(status, status.lower())})
            findings.extend(to_finding(d, t) for d in report.diagnostics)
    order = {t.path: i for i, t in enumerate(templates)}
    return sort_and_dedupe(findings, order), runs


def parse_regions(values: Optional[list]) -> list:
    regions = []
    for value in values or [DEFAULT_REGION]:
        if value == ALL_REGIONS:
            region = None
        elif REGION_RE.match(value):
            region = value
        else:
            raise BadInput(f"--region {value!r}: not a region name (like us-east-1) or '{ALL_REGIONS}'")
        if region not in regions:
            regions.append(region)
    return regions


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cfn_validate.py",
        description="Validate CloudFormation JSON templates offline; print one JSON document of findings.",
    )
    p.add_argument("--template", action="append", metavar="PATH",
                   help="template to validate (repeatable)")
    p.add_argument("--region", action="append", metavar="REGION",
                   help=f"deployment region, one pass each (repeatable; default {DEFAULT_REGION}; "
                        f"'{ALL_REGIONS}' = no specific region)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--pack", metavar="DIR", help="load Rego rules from DIR instead of the installed cdk-preflight")
    g.add_argument("--no-pack", action="store_true", help="run the validator's built-in rules only")
    g.add_argument("--export-pack", metavar="DIR",
                   help="write the installed cdk-preflight rules to DIR as .rego files and exit")
    p.add_argument("--all-libs", action="store_true",
                   help="load every helper library of the bundled pack, not only those its selected rules use")
    p.add_argument("--info", action="store_true", help="print versions and rule counts as JSON and exit")
    return p


def run(argv: Optional[list] = None) -> dict:
    parser = build_parser()

    def fail(message: str) -> None:  # argparse errors become exit 2 with our message format
        raise BadInput(message)

    parser.error = fail  # type: ignore[method-assign]
    args = parser.parse_args(argv)

    if not (args.info or args.export_pack) and not args.template:
        raise BadInput("give at least one --template PATH (or --info / --export-pack DIR)")
    # Everything the caller passed is checked before the packages are looked for, so
    # bad input is exit 2 whatever is installed.
    regions = parse_regions(args.region)
    templates = [load_template(p) for p in args.template or []]
    pack = dir_pack(args.pack) if args.pack else None

    cv = import_validator()
    validator_label = f"{VALIDATOR_DIST} {dist_version(VALIDATOR_DIST) or cv.version()}"

    if args.export_pack:
        return export_pack(args.export_pack, cv.version())
    if pack is None and not args.no_pack:
        pack = bundled_pack(cv.version(), None if args.info else resource_types(templates), args.all_libs)

    if args.info:
        with stdout_to_stderr():
            builtin = build_engine(cv, None, None).list_rules()
        return {
            "validator": validator_label,
            "validator_core": cv.version(),
            "builtin_rules": len(builtin),
            "pack": pack.label if pack else None,
            "pack_origin": pack.origin if pack else None,
            "pack_rules": pack.stats if pack else None,
            "severity_map": SEVERITY_MAP,
            "python": sys.executable,
        }

    with stdout_to_stderr():
        findings, runs = validate_pruned(cv, templates, regions, pack)
    return {"validator": validator_label, "pack": pack.label if pack else None,
            "findings": findings, "runs": runs}


def main(argv: Optional[list] = None) -> int:
    try:
        result = run(argv)
    except BadInput as exc:
        print(f"cfn_validate: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MissingPackages as exc:
        print(f"cfn_validate: {exc}", file=sys.stderr)
        return EXIT_MISSING_PACKAGES
    except EngineFailure as exc:
        print(f"cfn_validate: {exc}", file=sys.stderr)
        return EXIT_ENGINE_FAILURE
    sys.stdout.write(json.dumps(result, indent=1) + "\n")
    sys.stdout.flush()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
