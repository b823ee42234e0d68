"""In-memory record of what the local endpoint patched, modelled, substituted or skipped.

Served as JSON on GET /ha-local/report so that end-to-end test output can say exactly
what ran for real, what was only recorded, and what was not exercised.
"""
import threading
import time

_lock = threading.Lock()

PATCHES: dict[str, str] = {}          # patch id -> description
MODELS: dict[str, dict] = {}          # CFN type -> {"backing": ..., "notes": ...}
INVOCATIONS: list[dict] = []          # custom resource invocations
SKIPPED: dict[str, int] = {}          # types moto has no model for and we did not model
NOT_APPLIED: list[dict] = []          # updates moto could not apply (old resource kept)
LEFT_BEHIND: list[dict] = []          # resources whose delete is not implemented
STARTED = time.time()


def patch(pid: str, description: str) -> None:
    PATCHES[pid] = description


def model(cfn_type: str, backing: str, notes: str = "") -> None:
    MODELS[cfn_type] = {"backing": backing, "notes": notes}


def skipped(cfn_type: str) -> None:
    with _lock:
        SKIPPED[cfn_type] = SKIPPED.get(cfn_type, 0) + 1


def not_applied(entry: dict) -> None:
    with _lock:
        NOT_APPLIED.append(entry)


def left_behind(entry: dict) -> None:
    with _lock:
        LEFT_BEHIND.append(entry)


def invocation(entry: dict) -> dict:
    with _lock:
        INVOCATIONS.append(entry)
    return entry


def snapshot() -> dict:
    with _lock:
        return {
            "endpoint": "ha-local moto endpoint",
            "uptime_seconds": round(time.time() - STARTED, 1),
            "patches": dict(PATCHES),
            "modelled_types": {
                k: dict(v) for k, v in sorted(MODELS.items())
            },
            "recorded_only_types": sorted(
                k for k, v in MODELS.items() if v["backing"] == "recorded-only"
            ),
            "recorded_only_properties": _recorded_props(),
            "skipped_types_seen": dict(SKIPPED),
            "updates_not_applied": list(NOT_APPLIED),
            "deletes_not_implemented": list(LEFT_BEHIND),
            "custom_resource_invocations": [
                {k: v for k, v in i.items() if not k.startswith("_")} for i in INVOCATIONS
            ],
        }


def _recorded_props() -> dict:
    from . import fidelity
    return dict(fidelity.RECORDED_ONLY_PROPS)


def reset() -> None:
    with _lock:
        INVOCATIONS.clear()
        SKIPPED.clear()
        NOT_APPLIED.clear()
        LEFT_BEHIND.clear()
