"""Tencent Cloud API 3.0 request signature, TC3-HMAC-SHA256.

Pure functions: no I/O, no clock. ``sign_tc3`` returns every intermediate value so tests
can compare each with Tencent's worked example, and the simulator can check requests.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

ALGORITHM = "TC3-HMAC-SHA256"
TERMINATOR = "tc3_request"


def utc_date(timestamp: int) -> str:
    """The credential scope date of ``timestamp``: its UTC date as ``YYYY-MM-DD``."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def signing_key(secret_key: str, date: str, service: str) -> bytes:
    """kSigning = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")."""
    k_date = _hmac(f"TC3{secret_key}".encode(), date)
    return _hmac(_hmac(k_date, service), TERMINATOR)


def canonical_headers(headers: Mapping[str, str]) -> tuple[str, str]:
    """(CanonicalHeaders, SignedHeaders): names and values lowercased and trimmed, sorted."""
    pairs = sorted((k.strip().lower(), v.strip().lower()) for k, v in headers.items())
    return "".join(f"{k}:{v}\n" for k, v in pairs), ";".join(k for k, _ in pairs)


@dataclass(frozen=True, slots=True)
class Tc3Signature:
    """Every value of one TC3-HMAC-SHA256 computation. ``repr`` hides the signature."""

    date: str
    credential_scope: str
    hashed_request_payload: str
    canonical_request: str
    hashed_canonical_request: str
    string_to_sign: str
    signed_headers: str
    signature: str
    authorization: str

    def __repr__(self) -> str:
        return (
            f"Tc3Signature(credential_scope={self.credential_scope!r}, "
            f"signed_headers={self.signed_headers!r})"
        )


def sign_tc3(
    *,
    secret_id: str,
    secret_key: str,
    service: str,
    timestamp: int,
    headers: Mapping[str, str],
    payload: bytes,
    method: str = "POST",
    path: str = "/",
    query: str = "",
) -> Tc3Signature:
    """Sign one request; ``headers`` are the signed ones (at least content-type and host)."""
    date = utc_date(timestamp)
    scope = f"{date}/{service}/{TERMINATOR}"
    hashed_payload = _sha256_hex(payload)
    header_text, signed_headers = canonical_headers(headers)
    canonical_request = "\n".join(
        [method.upper(), path, query, header_text, signed_headers, hashed_payload]
    )
    hashed_canonical = _sha256_hex(canonical_request.encode("utf-8"))
    string_to_sign = f"{ALGORITHM}\n{timestamp}\n{scope}\n{hashed_canonical}"
    signature = hmac.new(
        signing_key(secret_key, date, service), string_to_sign.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    authorization = (
        f"{ALGORITHM} Credential={secret_id}/{scope}, "
        f"SignedHeaders={signed_headers}, Signature={signature}"
    )
    return Tc3Signature(
        date=date,
        credential_scope=scope,
        hashed_request_payload=hashed_payload,
        canonical_request=canonical_request,
        hashed_canonical_request=hashed_canonical,
        string_to_sign=string_to_sign,
        signed_headers=signed_headers,
        signature=signature,
        authorization=authorization,
    )


@dataclass(frozen=True, slots=True)
class ParsedTc3Authorization:
    """The fields of a TC3 ``Authorization`` header."""

    algorithm: str
    secret_id: str
    date: str
    service: str
    terminator: str
    signed_headers: tuple[str, ...]
    signature: str = ""

    def __repr__(self) -> str:
        return (
            f"ParsedTc3Authorization(secret_id={self.secret_id!r}, date={self.date!r}, "
            f"service={self.service!r}, signed_headers={self.signed_headers!r})"
        )


def parse_tc3_authorization(value: str) -> ParsedTc3Authorization:
    """Parse ``TC3-HMAC-SHA256 Credential=.., SignedHeaders=.., Signature=..``.

    Raises ``ValueError`` naming what is wrong (never echoing the signature).
    """
    algorithm, _, rest = value.strip().partition(" ")
    fields: dict[str, str] = {}
    for part in rest.split(","):
        key, sep, val = part.strip().partition("=")
        if not sep:
            raise ValueError(f"Authorization part {key[:40]!r} has no '='")
        fields[key] = val.strip()
    missing = [n for n in ("Credential", "SignedHeaders", "Signature") if n not in fields]
    if missing:
        raise ValueError(f"Authorization lacks {', '.join(missing)}")
    scope = fields["Credential"].split("/")
    if len(scope) != 4:
        raise ValueError("Credential must be SecretId/date/service/tc3_request")
    return ParsedTc3Authorization(
        algorithm=algorithm,
        secret_id=scope[0],
        date=scope[1],
        service=scope[2],
        terminator=scope[3],
        signed_headers=tuple(h for h in fields["SignedHeaders"].split(";") if h),
        signature=fields["Signature"],
    )
