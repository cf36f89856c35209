"""``alert`` blocks (newer Block Kit) for the stale-data and error notes."""

from __future__ import annotations

from typing import Any, Literal

AlertLevel = Literal["default", "info", "warning", "error", "success"]
ALERT_TEXT_MAX = 3000


def alert(text: str, level: AlertLevel, block_id: str) -> dict[str, Any]:
    """An alert of ``text`` (mrkdwn, already safe and short)."""
    body = {"type": "mrkdwn", "text": text[:ALERT_TEXT_MAX], "verbatim": True}
    return {"type": "alert", "block_id": block_id, "level": level, "text": body}
