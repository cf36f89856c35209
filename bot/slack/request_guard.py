"""What ``POST /slack/events`` checks before anything is decoded or parsed (Bolt's check is off).

In order: size (413; an oversized body is never read whole), signature (401), encoding (400);
each refusal a bare status with no body and no traceback.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.requests import Request

from bot.clock import Clock

DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024
MAX_CLOCK_SKEW_SECONDS = 300  # Slack's own advice: refuse requests older than five minutes
TIMESTAMP_HEADER = "x-slack-request-timestamp"
SIGNATURE_HEADER = "x-slack-signature"


class Refused(Exception):
    """The request is refused with ``status`` before Bolt sees it."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RequestGuard:
    """Reads a Slack request's body within ``max_bytes`` and checks it as the module says."""

    signing_secret: str = field(repr=False)
    max_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    clock: Clock = time.time
    _keyed: hmac.HMAC = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # keyed once: each request copies it (no per-request key set-up nor digest look-up)
        keyed = hmac.new(self.signing_secret.encode("utf-8"), digestmod=hashlib.sha256)
        object.__setattr__(self, "_keyed", keyed)

    async def read(self, request: Request) -> bytes:
        """The raw body of a request that passed every check; else raises ``Refused``."""
        self._check_length(request.headers)
        body = await self._read_capped(request)
        self.verify(body, request.headers)
        check_decodable(body, request.headers.get("content-type", ""))
        return body

    def _check_length(self, headers: Headers) -> None:
        declared = headers.get("content-length")
        if declared is None:
            return
        if not declared.isdecimal():
            raise Refused(400, "Content-Length is not a number")
        if int(declared) > self.max_bytes:
            raise Refused(413, "Content-Length over the limit")

    async def _read_capped(self, request: Request) -> bytes:
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_bytes:
                raise Refused(413, "body over the limit")
        return bytes(body)

    def verify(self, body: bytes, headers: Headers) -> None:
        """The timestamp is within five minutes of now and the signature matches ``body``."""
        stamp = headers.get(TIMESTAMP_HEADER, "")
        if not stamp.isdecimal() or len(stamp) > 12:
            raise Refused(401, "no usable timestamp")
        if abs(self.clock() - int(stamp)) > MAX_CLOCK_SKEW_SECONDS:
            raise Refused(401, "timestamp outside the window")
        mac = self._keyed.copy()
        mac.update(b"v0:" + stamp.encode("ascii") + b":" + body)
        digest = mac.hexdigest()
        if not hmac.compare_digest(f"v0={digest}", headers.get(SIGNATURE_HEADER, "")):
            raise Refused(401, "signature does not match")


def check_decodable(body: bytes, content_type: str) -> None:
    """UTF-8 text whose JSON parts parse: an Events API body, or a form's ``payload``."""
    try:
        text = body.decode("utf-8")
        if content_type.split(";", 1)[0].strip().lower() == "application/json":
            json.loads(text)
            return
        if "payload=" in text:  # an interaction: its JSON rides in one form field
            payload = parse_qs(text, keep_blank_values=True).get("payload")
            if payload:
                json.loads(payload[0])
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused(400, "body is not UTF-8 or its JSON does not parse") from None
