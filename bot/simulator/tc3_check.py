"""Checking an API 3.0 request's TC3-HMAC-SHA256 signature, as Tencent Cloud does.

``check_tc3`` returns None for a good request, or the ``(Code, Message)`` of the error to
answer with. No message ever contains the secret key, the token or a computed signature.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass

from bot.ivc.cloud_api.signing import (
    ALGORITHM,
    TERMINATOR,
    ParsedTc3Authorization,
    parse_tc3_authorization,
    sign_tc3,
    utc_date,
)
from bot.simulator.auth import Credentials

SERVICE = "iss"
MAX_SKEW_SECONDS = 300
REQUIRED_SIGNED = ("content-type", "host")

INVALID_AUTHORIZATION = "AuthFailure.InvalidAuthorization"
SIGNATURE_FAILURE = "AuthFailure.SignatureFailure"
SIGNATURE_EXPIRE = "AuthFailure.SignatureExpire"
SECRET_ID_NOT_FOUND = "AuthFailure.SecretIdNotFound"
TOKEN_FAILURE = "AuthFailure.TokenFailure"

Problem = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Tc3Request:
    """The parts of an API 3.0 request the signature covers."""

    method: str
    raw_path: str
    query: str
    headers: Mapping[str, str]  # case-insensitive lookup expected (aiohttp's CIMultiDict)
    body: bytes


def check_tc3(request: Tc3Request, creds: Credentials, now: float) -> Problem | None:
    """None when ``request`` is correctly signed for ``creds`` at ``now``, else why not."""
    value = request.headers.get("Authorization")
    if not value:
        return INVALID_AUTHORIZATION, "the request has no Authorization header"
    try:
        auth = parse_tc3_authorization(value)
    except ValueError as exc:
        return INVALID_AUTHORIZATION, f"the Authorization header is malformed: {exc}"
    timestamp = request.headers.get("X-TC-Timestamp", "")
    if not timestamp.isdigit():
        return INVALID_AUTHORIZATION, "X-TC-Timestamp is missing or not Unix seconds"
    return (
        _check_fields(auth, creds)
        or _check_time(int(timestamp), now)
        or _check_scope(auth, int(timestamp))
        or _check_token(request, creds)
        or _check_signature(request, auth, creds, int(timestamp))
    )


def _check_fields(auth: ParsedTc3Authorization, creds: Credentials) -> Problem | None:
    if auth.algorithm != ALGORITHM:
        return INVALID_AUTHORIZATION, f"the algorithm must be {ALGORITHM}"
    if not hmac.compare_digest(auth.secret_id.encode(), creds.secret_id.encode()):
        return SECRET_ID_NOT_FOUND, "the SecretId is not found, please check it"
    return None


def _check_time(timestamp: int, now: float) -> Problem | None:
    if abs(now - timestamp) > MAX_SKEW_SECONDS:
        return (
            SIGNATURE_EXPIRE,
            f"the X-TC-Timestamp {timestamp} is more than {MAX_SKEW_SECONDS} s away from "
            f"the server time {int(now)}",
        )
    return None


def _check_scope(auth: ParsedTc3Authorization, timestamp: int) -> Problem | None:
    if auth.date != utc_date(timestamp):
        return SIGNATURE_FAILURE, "the credential scope date is not the UTC date of X-TC-Timestamp"
    if auth.service != SERVICE:
        return SIGNATURE_FAILURE, f"the credential scope service must be {SERVICE}"
    if auth.terminator != TERMINATOR:
        return SIGNATURE_FAILURE, f"the credential scope must end with {TERMINATOR}"
    missing = [name for name in REQUIRED_SIGNED if name not in auth.signed_headers]
    if missing:
        return SIGNATURE_FAILURE, f"SignedHeaders must include {';'.join(missing)}"
    return None


def _check_token(request: Tc3Request, creds: Credentials) -> Problem | None:
    if creds.security_token is None:
        return None
    sent = request.headers.get("X-TC-Token")
    if sent is None:
        return TOKEN_FAILURE, "the X-TC-Token header is missing"
    if not hmac.compare_digest(sent.encode(), creds.security_token.encode()):
        return TOKEN_FAILURE, "the X-TC-Token is invalid or expired"
    return None


def _check_signature(
    request: Tc3Request, auth: ParsedTc3Authorization, creds: Credentials, timestamp: int
) -> Problem | None:
    headers = {}
    for name in auth.signed_headers:
        value = request.headers.get(name)
        if value is None:
            return SIGNATURE_FAILURE, f"signed header {name!r} is not in the request"
        headers[name] = value
    expected = sign_tc3(
        secret_id=creds.secret_id,
        secret_key=creds.secret_key,
        service=SERVICE,
        timestamp=timestamp,
        headers=headers,
        payload=request.body,
        method=request.method,
        path=request.raw_path,
        query=request.query,
    )
    if not hmac.compare_digest(expected.signature.encode(), auth.signature.encode()):
        return (
            SIGNATURE_FAILURE,
            "the provided credentials could not be validated; check the SecretKey and what "
            "was signed",
        )
    return None
