"""httpx authentication that signs every IVC request (HMAC-SHA1, COS "XML API" scheme)."""

from __future__ import annotations

import time
from collections.abc import Generator

import httpx

from bot.clock import Clock
from bot.ivc.credentials import Credentials
from bot.ivc.ivc_api.signing import sign_request

KEY_TIME_BEFORE = 60
KEY_TIME_AFTER = 600
TOKEN_HEADER = "x-iss-security-token"


class IvcAuth(httpx.Auth):
    """Adds ``Authorization`` (signing ``host``, and ``content-type`` when there is a body)."""

    def __init__(self, credentials: Credentials, clock: Clock = time.time) -> None:
        self._credentials = credentials
        self._clock = clock

    def __repr__(self) -> str:
        return f"IvcAuth(secret_id={self._credentials.secret_id!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        creds = self._credentials
        if creds.security_token:
            request.headers[TOKEN_HEADER] = creds.security_token
        signed = {"host": request.headers["host"]}
        if request.content:
            signed["content-type"] = request.headers.get("content-type", "")
        now = int(self._clock())
        signature = sign_request(
            secret_id=creds.secret_id,
            secret_key=creds.secret_key,
            method=request.method,
            path=request.url.raw_path.split(b"?", 1)[0].decode("ascii"),
            params=list(request.url.params.multi_items()),
            headers=signed,
            start=now - KEY_TIME_BEFORE,
            end=now + KEY_TIME_AFTER,
        )
        request.headers["Authorization"] = signature.authorization
        yield request
