"""What one replica tells the others after a task write, as a ``NOTIFY`` payload on one
PostgreSQL channel: small and bounded (at most 256 characters).

It names the IVC account concerned (a hash, not the SecretId), the replica that wrote (so it
can skip its own notice: it invalidated already) and, after a delete, the TaskId whose
details to drop.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CHANNEL = "retrieval_tasks_changed"
MAX_PAYLOAD = 256  # characters; PostgreSQL allows 8000 bytes
_TASK_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

Count = Callable[[str], None]
"""Counts an event of the feed (sent, send_failed, received, own, other_account)."""


def account_key(*parts: str) -> str:
    """A short, stable key of an IVC account (API, URL, SecretId) that does not reveal it."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def new_origin() -> str:
    """A random id of one replica's feed, so it recognises its own notices."""
    return secrets.token_hex(6)


@dataclass(frozen=True, slots=True)
class ChangeNotice:
    """The task list of ``account`` changed by a write on replica ``origin``; ``task_id``:
    the task whose details changed (a delete), if any."""

    account: str
    origin: str
    task_id: str | None = None

    def encode(self) -> str:
        task_id = self.task_id if self.task_id and _TASK_ID.match(self.task_id) else None
        body: dict[str, str] = {"a": self.account, "o": self.origin}
        if task_id is not None:
            body["t"] = task_id
        return json.dumps(body, separators=(",", ":"))[:MAX_PAYLOAD]

    @classmethod
    def decode(cls, payload: str) -> ChangeNotice | None:
        """The notice in ``payload``; None if it is not one of ours (malformed or too long)."""
        if len(payload) > MAX_PAYLOAD:
            return None
        try:
            body: Any = json.loads(payload)
        except ValueError:
            return None
        if not isinstance(body, dict):
            return None
        account, origin, task_id = body.get("a"), body.get("o"), body.get("t")
        if not (isinstance(account, str) and isinstance(origin, str)):
            return None
        if not (isinstance(task_id, str) and _TASK_ID.match(task_id)):
            task_id = None
        return cls(account, origin, task_id)
