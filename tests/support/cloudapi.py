"""Test support for API 3.0 (``POST /`` on the simulator): signing with
``bot.ivc.cloud_api.signing`` and, independently, with Tencent's official
``tencentcloud-sdk-python``.

``sdk_call`` sends a request signed and sent entirely by the SDK's ``CommonClient``;
``recorded_verifies_with_tencentcloud_sdk`` recomputes a recorded request's signature with
the SDK's own TC3 code (for the request's own timestamp) and compares.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import httpx

from bot.ivc.cloud_api.signing import sign_tc3
from bot.simulator import RecordedRequest
from bot.simulator.cloudapi import DETAILS_ACTION as DETAILS_ACTION
from bot.simulator.cloudapi import LIST_ACTION as LIST_ACTION
from bot.simulator.cloudapi import VERSION
from bot.simulator.tc3_check import SERVICE

# What a client sends (the simulator answers with plain ``application/json``).
CONTENT_TYPE = "application/json; charset=utf-8"


def tc3_headers(
    action: str,
    body: bytes,
    *,
    host: str,
    now: float,
    secret_id: str,
    secret_key: str,
    token: str | None = None,
    version: str = VERSION,
    service: str = SERVICE,
) -> dict[str, str]:
    """The headers of an API 3.0 request signed with ``bot.ivc.cloud_api.signing``."""
    headers = {"Content-Type": CONTENT_TYPE, "Host": host}
    signature = sign_tc3(
        secret_id=secret_id,
        secret_key=secret_key,
        service=service,
        timestamp=int(now),
        headers=headers,
        payload=body,
    )
    extra = {"X-TC-Action": action, "X-TC-Version": version, "X-TC-Timestamp": str(int(now))}
    if token is not None:
        extra["X-TC-Token"] = token
    return {**headers, **extra, "Authorization": signature.authorization}


def cloudapi_post(
    base_url: str,
    action: str,
    params: dict[str, Any] | None = None,
    *,
    now: float,
    timeout: float = 10,
    **sign_kw: Any,
) -> httpx.Response:
    """``POST base_url/`` with ``params`` as JSON, signed for the simulator."""
    body = json.dumps(params or {}).encode()
    headers = tc3_headers(action, body, host=urlsplit(base_url).netloc, now=now, **sign_kw)
    return httpx.post(base_url + "/", content=body, headers=headers, timeout=timeout)


# The independent signer: Tencent Cloud's own SDK --------------------------------------------
_SDK_LOCK = threading.Lock()


def sdk_call(
    base_url: str,
    action: str,
    params: dict[str, Any],
    *,
    now: float,
    secret_id: str,
    secret_key: str,
    token: str | None = None,
    region: str = "ap-guangzhou",
) -> dict[str, Any]:
    """Call the simulator through ``CommonClient`` with its clock set to ``now``.

    Returns ``Response``; raises ``TencentCloudSDKException`` for an API error.
    """
    from tencentcloud.common import abstract_client, credential
    from tencentcloud.common.common_client import CommonClient
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile

    url = urlsplit(base_url)
    profile = ClientProfile(httpProfile=HttpProfile(protocol=url.scheme, endpoint=url.netloc))
    client = CommonClient(
        SERVICE, VERSION, credential.Credential(secret_id, secret_key, token), region, profile
    )
    with _SDK_LOCK, mock.patch.object(abstract_client, "time", SimpleNamespace(time=lambda: now)):
        return client.call_json(action, params)["Response"]


def sdk_authorization(
    request: RecordedRequest, secret_id: str, secret_key: str, service: str = SERVICE
) -> str:
    """The Authorization the SDK's TC3 code computes for ``request`` at its X-TC-Timestamp."""
    from tencentcloud.common.abstract_client import AbstractClient
    from tencentcloud.common.http.request import RequestInternal

    lower = {k.lower(): v for k, v in request.headers.items()}
    timestamp = int(lower["x-tc-timestamp"])
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    req = RequestInternal(
        lower["host"],
        request.method,
        request.path,
        header={
            "Content-Type": lower["content-type"],
            "Host": lower["host"],
            "X-TC-Timestamp": str(timestamp),
        },
        data=request.body,
    )
    signature = AbstractClient._get_tc3_signature(None, {}, req, date, service, secret_key)
    return (
        f"TC3-HMAC-SHA256 Credential={secret_id}/{date}/{service}/tc3_request, "
        f"SignedHeaders=content-type;host, Signature={signature}"
    )


def recorded_verifies_with_tencentcloud_sdk(
    request: RecordedRequest, secret_id: str, secret_key: str
) -> bool:
    """True when the recorded request's Authorization equals what the SDK computes."""
    sent = {k.lower(): v for k, v in request.headers.items()}.get("authorization")
    return sent is not None and sent == sdk_authorization(request, secret_id, secret_key)
