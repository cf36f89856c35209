"""What the readers of both IVC APIs share: a successful answer's ``Data`` and ``RequestId``,
and two checks of a raw body."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Envelope:
    """A successful answer of either API: its ``Data`` (may be None) and ``RequestId``."""

    data: Any
    request_id: str


def looks_html(content_type: str, body: bytes) -> bool:
    return "html" in content_type.lower() or body.lstrip()[:1] == b"<"


def decode_json(body: bytes) -> Any:
    """The parsed JSON body, or None when it is not JSON."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
