"""Checking a request's IVC HMAC-SHA1 signature, as the real service does.

``check_request`` returns None for a good request, or the ``Message`` of the 403 envelope
naming what is wrong. No message ever contains the secret key or a computed signature.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.ivc.ivc_api.signing import ParsedAuthorization, parse_authorization, sign_request

TOKEN_HEADER = "x-iss-security-token"

MISSING_AUTHORIZATION = "AuthFailure.InvalidAuthorization: the request has no Authorization header"
SIGNATURE_MISMATCH = (
    "AuthFailure.SignatureFailure: the signature does not match the request "
    "(check the SecretKey and what was signed)"
)
UNKNOWN_SECRET_ID = "AuthFailure.SecretIdNotFound: the SecretId (q-ak) is not known"
EXPIRED = "AuthFailure.SignatureExpire: the signature has expired (q-key-time ended)"
NOT_YET_VALID = (
    "AuthFailure.SignatureExpire: the signature is not yet valid (q-key-time starts later)"
)
HOST_NOT_SIGNED = "AuthFailure.SignatureFailure: the host header must be signed (q-header-list)"
MISSING_TOKEN = f"AuthFailure.TokenFailure: the {TOKEN_HEADER} header is missing"
WRONG_TOKEN = f"AuthFailure.TokenFailure: the {TOKEN_HEADER} header is wrong"


def malformed(reason: str) -> str:
    """Message for an Authorization header that cannot be parsed."""
    return f"AuthFailure.InvalidAuthorization: {reason}"


def missing_signed_header(name: str) -> str:
    """Message for a header named in q-header-list but absent from the request."""
    return f"AuthFailure.SignatureFailure: signed header {name!r} is not in the request"


@dataclass(frozen=True, slots=True)
class Credentials:
    """What the simulated service knows about its one account. ``repr`` hides the key."""

    secret_id: str
    secret_key: str
    security_token: str | None = None

    def __repr__(self) -> str:
        token = "set" if self.security_token else "none"
        return f"Credentials(secret_id={self.secret_id!r}, token={token})"


@dataclass(frozen=True, slots=True)
class SignedRequest:
    """The parts of an HTTP request the signature covers."""

    method: str
    raw_path: str
    query: Iterable[tuple[str, str]]
    headers: Mapping[str, str]  # case-insensitive lookup expected (aiohttp's CIMultiDict)


def check_request(request: SignedRequest, creds: Credentials, now: float) -> str | None:
    """None when ``request`` is correctly signed for ``creds`` at ``now``, else why not."""
    value = request.headers.get("Authorization")
    if not value:
        return MISSING_AUTHORIZATION
    try:
        auth = parse_authorization(value)
        start, end = _key_time(auth)
    except ValueError as exc:
        return malformed(str(exc))
    return (
        _check_fields(auth, creds)
        or _check_time(start, end, now)
        or _check_token(request, creds)
        or _check_signature(request, auth, creds, start, end)
    )


def _key_time(auth: ParsedAuthorization) -> tuple[int, int]:
    parts = auth.key_time.split(";")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError("q-key-time must be '<start>;<end>' in Unix seconds")
    if auth.sign_time != auth.key_time:
        raise ValueError("q-sign-time must equal q-key-time")
    return int(parts[0]), int(parts[1])


def _check_fields(auth: ParsedAuthorization, creds: Credentials) -> str | None:
    if auth.algorithm != "sha1":
        return malformed("q-sign-algorithm must be sha1")
    if not hmac.compare_digest(auth.secret_id.encode(), creds.secret_id.encode()):
        return UNKNOWN_SECRET_ID
    if "host" not in auth.header_list:
        return HOST_NOT_SIGNED
    return None


def _check_time(start: int, end: int, now: float) -> str | None:
    if now < start:
        return NOT_YET_VALID
    if now > end:
        return EXPIRED
    return None


def _check_token(request: SignedRequest, creds: Credentials) -> str | None:
    if creds.security_token is None:
        return None
    sent = request.headers.get(TOKEN_HEADER)
    if sent is None:
        return MISSING_TOKEN
    if not hmac.compare_digest(sent.encode(), creds.security_token.encode()):
        return WRONG_TOKEN
    return None


def _check_signature(
    request: SignedRequest, auth: ParsedAuthorization, creds: Credentials, start: int, end: int
) -> str | None:
    headers = []
    for name in auth.header_list:
        value = request.headers.get(name)
        if value is None:
            return missing_signed_header(name)
        headers.append((name, value))
    expected = sign_request(
        secret_id=creds.secret_id,
        secret_key=creds.secret_key,
        method=request.method,
        path=request.raw_path,
        params=list(request.query),
        headers=headers,
        start=start,
        end=end,
    )
    if not hmac.compare_digest(expected.signature.encode(), auth.signature.encode()):
        return SIGNATURE_MISMATCH
    return None
