"""ha-local: moto server patched into a faithful-enough local CloudFormation endpoint."""
from . import report

_applied = False


def apply_all(host: str = "127.0.0.1", port: int = 5055) -> None:
    global _applied
    if _applied:
        return
    from . import cbor_cloudwatch, custom, engine, fidelity, intrinsics, resources, template_url

    intrinsics.apply()
    engine.apply()
    resources.apply()
    fidelity.apply()
    custom.apply(host, port)
    cbor_cloudwatch.apply()
    template_url.apply()
    engine.apply_late()
    _applied = True
