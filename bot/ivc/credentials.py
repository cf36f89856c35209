"""The API key both IVC APIs sign with (``/ivc/`` HMAC-SHA1 and API 3.0 TC3)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Credentials:
    """An IVC API key pair, with the session token of temporary credentials."""

    secret_id: str
    secret_key: str = field(repr=False)
    security_token: str | None = field(default=None, repr=False)
