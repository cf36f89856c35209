"""httpx authentication that signs every API 3.0 request with TC3-HMAC-SHA256."""

from __future__ import annotations

import time
from collections.abc import Generator

import httpx

from bot.clock import Clock
from bot.ivc.cloud_api.signing import sign_tc3
from bot.ivc.credentials import Credentials

TIMESTAMP_HEADER = "X-TC-Timestamp"
TOKEN_HEADER = "X-TC-Token"


class Tc3Auth(httpx.Auth):
    """Adds ``X-TC-Timestamp``, ``X-TC-Token`` (if any) and ``Authorization``.

    Signs ``content-type`` and ``host``, and the body as sent.
    """

    def __init__(self, credentials: Credentials, service: str, clock: Clock = time.time) -> None:
        self._credentials = credentials
        self._service = service
        self._clock = clock

    def __repr__(self) -> str:
        return f"Tc3Auth(secret_id={self._credentials.secret_id!r}, service={self._service!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        creds = self._credentials
        timestamp = int(self._clock())
        request.headers[TIMESTAMP_HEADER] = str(timestamp)
        if creds.security_token:
            request.headers[TOKEN_HEADER] = creds.security_token
        signature = sign_tc3(
            secret_id=creds.secret_id,
            secret_key=creds.secret_key,
            service=self._service,
            timestamp=timestamp,
            headers={
                "content-type": request.headers.get("content-type", ""),
                "host": request.headers["host"],
            },
            payload=request.content,
            method=request.method,
            path=request.url.raw_path.split(b"?", 1)[0].decode("ascii"),
            query=request.url.query.decode("ascii"),
        )
        request.headers["Authorization"] = signature.authorization
        yield request
