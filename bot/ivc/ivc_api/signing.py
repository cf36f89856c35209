"""The IVC / COS "XML API" HMAC-SHA1 request signature.

Pure functions: no I/O, no clock. ``sign_request`` returns every intermediate value so
tests can compare each with Tencent's worked examples.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote

_SAFE = "-_.~"


def encode(text: str) -> str:
    """UTF-8 percent-encode everything except ``A-Z a-z 0-9 - _ . ~`` (space is ``%20``)."""
    return quote(text, safe=_SAFE)


def _hmac_sha1_hex(key: bytes, msg: str) -> str:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha1).hexdigest()


def _canonical(pairs: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """Return (key list, key=value list) for query parameters or headers."""
    encoded = sorted((encode(k).lower(), encode(v)) for k, v in pairs)
    return ";".join(k for k, _ in encoded), "&".join(f"{k}={v}" for k, v in encoded)


@dataclass(frozen=True, slots=True)
class Signature:
    """Every value of one signature computation, for tests and the simulator."""

    key_time: str
    sign_key: str
    url_param_list: str
    http_parameters: str
    header_list: str
    http_headers: str
    http_string: str
    http_string_sha1: str
    string_to_sign: str
    signature: str
    authorization: str

    def __repr__(self) -> str:
        return f"Signature(key_time={self.key_time!r}, header_list={self.header_list!r})"


def sign_request(
    *,
    secret_id: str,
    secret_key: str,
    method: str,
    path: str,
    params: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    headers: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    start: int,
    end: int,
) -> Signature:
    """Sign one request. ``path`` may be percent-encoded; it is decoded before signing."""
    key_time = f"{start};{end}"
    sign_key = _hmac_sha1_hex(secret_key.encode("utf-8"), key_time)
    param_items = params.items() if isinstance(params, Mapping) else params
    header_items = headers.items() if isinstance(headers, Mapping) else headers
    url_param_list, http_parameters = _canonical(param_items)
    header_list, http_headers = _canonical(header_items)
    http_string = f"{method.lower()}\n{unquote(path)}\n{http_parameters}\n{http_headers}\n"
    http_string_sha1 = hashlib.sha1(http_string.encode("utf-8")).hexdigest()
    string_to_sign = f"sha1\n{key_time}\n{http_string_sha1}\n"
    signature = _hmac_sha1_hex(sign_key.encode("ascii"), string_to_sign)
    authorization = (
        f"q-sign-algorithm=sha1&q-ak={secret_id}&q-sign-time={key_time}"
        f"&q-key-time={key_time}&q-header-list={header_list}"
        f"&q-url-param-list={url_param_list}&q-signature={signature}"
    )
    return Signature(
        key_time=key_time,
        sign_key=sign_key,
        url_param_list=url_param_list,
        http_parameters=http_parameters,
        header_list=header_list,
        http_headers=http_headers,
        http_string=http_string,
        http_string_sha1=http_string_sha1,
        string_to_sign=string_to_sign,
        signature=signature,
        authorization=authorization,
    )


@dataclass(frozen=True, slots=True)
class ParsedAuthorization:
    """The fields of an ``Authorization`` header of this scheme."""

    algorithm: str
    secret_id: str
    sign_time: str
    key_time: str
    header_list: tuple[str, ...]
    url_param_list: tuple[str, ...]
    signature: str


def parse_authorization(value: str) -> ParsedAuthorization:
    """Parse an Authorization header; raises ``ValueError`` naming what is missing."""
    fields: dict[str, str] = {}
    for part in value.split("&"):
        key, sep, val = part.partition("=")
        if not sep:
            raise ValueError(f"Authorization part {key!r} has no '='")
        fields[key] = val
    required = (
        "q-sign-algorithm",
        "q-ak",
        "q-sign-time",
        "q-key-time",
        "q-header-list",
        "q-url-param-list",
        "q-signature",
    )
    missing = [name for name in required if name not in fields]
    if missing:
        raise ValueError(f"Authorization lacks {', '.join(missing)}")

    def split(raw: str) -> tuple[str, ...]:
        return tuple(item for item in raw.split(";") if item)

    return ParsedAuthorization(
        algorithm=fields["q-sign-algorithm"],
        secret_id=fields["q-ak"],
        sign_time=fields["q-sign-time"],
        key_time=fields["q-key-time"],
        header_list=split(fields["q-header-list"]),
        url_param_list=split(fields["q-url-param-list"]),
        signature=fields["q-signature"],
    )
