"""Bot tokens encrypted at rest: Fernet keys from TOKEN_ENCRYPTION_KEY (the first encrypts,
every one decrypts) and the column type that encrypts on write and decrypts on read."""

from __future__ import annotations

import logging
import re
from typing import Any

from cryptography.fernet import InvalidToken, MultiFernet
from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

PLAIN_TOKEN = re.compile(r"^(xox[abeoprs]|xapp)-")
"""A Slack token as Slack hands it out (never what an encrypted column holds)."""


class TokenRefused(Exception):
    """A stored token that cannot be used: written in plain text, or under a removed key."""


def open_token(keys: MultiFernet, stored: str) -> str:
    """The token in ``stored`` (raises ``TokenRefused``, whose message names no value)."""
    try:
        return keys.decrypt(stored.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        if PLAIN_TOKEN.match(stored):
            raise TokenRefused(
                "a token stored before TOKEN_ENCRYPTION_KEY was set is not used; "
                "run `python -m bot rotate-key` to encrypt it"
            ) from None
        raise TokenRefused(
            "a stored token cannot be decrypted with any key of TOKEN_ENCRYPTION_KEY "
            "(was the key that wrote it removed?); the workspace must reinstall the app"
        ) from None


def seal_token(keys: MultiFernet, token: str) -> str:
    """``token`` encrypted with the first key."""
    return keys.encrypt(token.encode("utf-8")).decode("ascii")


def reseal(keys: MultiFernet, stored: str) -> str:
    """``stored`` (encrypted under any key, or a plain-text token) encrypted with the first."""
    if PLAIN_TOKEN.match(stored):
        return seal_token(keys, stored)
    return keys.rotate(stored.encode("ascii")).decode("ascii")


class EncryptedToken(TypeDecorator[str]):
    """A token column stored encrypted in the column's own ``String`` (no schema change).

    A value that cannot be opened reads as NULL (the workspace is then not authorised) with
    one log line saying why and what to do."""

    impl = String
    cache_ok = False  # holds the keys

    def __init__(self, keys: MultiFernet, length: int | None = None) -> None:
        super().__init__(length)
        self.keys = keys

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        sealed = seal_token(self.keys, str(value))
        length = getattr(self.impl_instance, "length", None)
        if length is not None and len(sealed) > length:
            raise ValueError(f"an encrypted token is longer than its column ({length} characters)")
        return sealed

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        try:
            return open_token(self.keys, str(value))
        except TokenRefused as refused:
            log.error("%s", refused)
            return None
