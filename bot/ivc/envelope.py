"""What the readers of both IVC APIs share: a successful answer's ``Data`` and ``RequestId``,
and two checks of a raw body."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Envelope:
    """A successful answer of either API: its ``Data`` (may be None) and ``RequestId``.

    ``total_count`` is API 3.0's ``Response.TotalCount`` (``ListDevices``), when sent.
    """

    data: Any = field(repr=False)  # raw upstream JSON: may hold a device's Password
    request_id: str
    total_count: int | None = None


def looks_html(content_type: str, body: bytes) -> bool:
    return "html" in content_type.lower() or body.lstrip()[:1] == b"<"


def decode_json(body: bytes) -> Any:
    """The parsed JSON body, or None when it is not JSON."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
