"""Intrinsic functions moto's clean_json lacks or mishandles: Fn::Cidr, Fn::Length,
the string form of Fn::GetAtt ("Res.Attr")."""
import ipaddress

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import ValidationError

from . import report

_orig_clean_json = parsing.clean_json


def cidr(ip_block: str, count: int, cidr_bits: int) -> list[str]:
    net = ipaddress.ip_network(str(ip_block), strict=False)
    count, cidr_bits = int(count), int(cidr_bits)
    if count < 1 or count > 256:
        raise ValidationError(message="Template error: Fn::Cidr count must be between 1 and 256")
    new_prefix = net.max_prefixlen - cidr_bits
    if cidr_bits < 1 or new_prefix < net.prefixlen:
        raise ValidationError(
            message=f"Template error: Fn::Cidr cidrBits {cidr_bits} does not fit in {ip_block}"
        )
    out = []
    for i, sub in enumerate(net.subnets(new_prefix=new_prefix)):
        if i >= count:
            break
        out.append(str(sub))
    if len(out) < count:
        raise ValidationError(
            message=f"Template error: Fn::Cidr cannot carve {count} /{new_prefix} blocks out of {ip_block}"
        )
    return out


def clean_json(resource_json, resources_map):
    if isinstance(resource_json, dict) and len(resource_json) == 1:
        if "Fn::Cidr" in resource_json:
            args = _orig_clean_json(resource_json["Fn::Cidr"], resources_map)
            if not isinstance(args, list) or len(args) != 3:
                raise ValidationError(message="Template error: Fn::Cidr requires [ipBlock, count, cidrBits]")
            return cidr(*args)
        if "Fn::Length" in resource_json:
            val = _orig_clean_json(resource_json["Fn::Length"], resources_map)
            return len(val)
        getatt = resource_json.get("Fn::GetAtt")
        if isinstance(getatt, list) and len(getatt) > 2:
            # ${Res.Attr.Sub} in Fn::Sub is split on every dot by moto
            return _orig_clean_json({"Fn::GetAtt": [getatt[0], ".".join(getatt[1:])]}, resources_map)
        if isinstance(getatt, str):
            res, _, attr = getatt.partition(".")
            return _orig_clean_json({"Fn::GetAtt": [res, attr]}, resources_map)
    return _orig_clean_json(resource_json, resources_map)


def apply() -> None:
    # clean_json recurses through the module global, so nested uses are covered too.
    parsing.clean_json = clean_json
    report.patch("intrinsics", "Fn::Cidr and Fn::Length are evaluated; the string form of Fn::GetAtt is accepted")
