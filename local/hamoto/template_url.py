"""TemplateURL on this endpoint: path-style URLs of the endpoint itself.

moto resolves a TemplateURL as virtual-hosted (`https://bucket.s3.amazonaws.com/key`), as
path-style on `s3*.amazonaws.com`, or path-style on `localhost`. Clients given
`--endpoint-url http://127.0.0.1:PORT` (awscli's `cloudformation deploy --s3-bucket`, for
example) upload the template there and pass `http://127.0.0.1:PORT/bucket/key`, which moto
read as a bucket named `127` (NoSuchBucket). Any loopback host is path-style here, like
`localhost`.
"""
from urllib.parse import urlparse

from . import report

LOOPBACK = ("127.", "[::1]", "::1", "localhost")


def apply() -> None:
    import moto.cloudformation.responses as responses
    import moto.cloudformation.utils as utils

    original = utils.get_stack_from_s3_url

    def get_stack_from_s3_url(template_url: str, account_id: str, partition: str) -> str:
        host = urlparse(template_url).hostname or ""
        if host.startswith(LOOPBACK) or host == "::1":
            from moto.s3.models import s3_backends

            bucket, key = urlparse(template_url).path.lstrip("/").split("/", 1)
            obj = s3_backends[account_id][partition].get_object(bucket, key)
            return obj.value.decode("utf-8")
        return original(template_url, account_id, partition)

    utils.get_stack_from_s3_url = get_stack_from_s3_url
    responses.get_stack_from_s3_url = get_stack_from_s3_url
    report.patch("template-url:loopback-path-style", "TemplateURL on a loopback host is read path-style (bucket/key)")
