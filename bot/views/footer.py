"""The context line at the bottom: data age, stale warning, skipped records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject

from bot.ivc.snapshot import TaskSnapshot
from bot.views.formatting import ago, number, updated_ago
from bot.views.i18n import counted, label
from bot.views.mrkdwn import safe_line

FOOTER_BLOCK_ID = "tasks_footer"
_ERROR_MAX = 300


def error_line(error: BaseException | None, lang: str = "en") -> str:
    """One escaped line describing why IVC failed (str of the error, never a repr)."""
    if error is None:
        return label(lang, "stale.no_error")
    try:
        text = str(error)
    except Exception:
        text = ""
    return safe_line(text, _ERROR_MAX) or label(lang, "stale.no_error")


def age_line(snapshot: TaskSnapshot, now: datetime, lang: str = "en") -> str:
    """The data age ("updated 12 s ago"), or the stale warning when the last fetch failed."""
    seconds = snapshot.age_seconds(now)
    if snapshot.stale:
        return label(lang, "stale", error=error_line(snapshot.error, lang), ago=ago(seconds, lang))
    return updated_ago(seconds, lang)


def footer_lines(snapshot: TaskSnapshot, now: datetime, lang: str = "en") -> list[str]:
    lines = [age_line(snapshot, now, lang)]
    if snapshot.skipped > 0:
        lines.append(counted(lang, "skipped", snapshot.skipped, n=number(snapshot.skipped)))
    return lines


def context(lines: list[str], block_id: str = FOOTER_BLOCK_ID) -> ContextBlock:
    """A context block of mrkdwn lines (already safe)."""
    elements = [MarkdownTextObject(text=line, verbatim=True) for line in lines]
    return ContextBlock(elements=elements, block_id=block_id)


def footer(snapshot: TaskSnapshot, now: datetime, lang: str = "en") -> ContextBlock:
    """The bottom context line of every snapshot-based view."""
    return context(footer_lines(snapshot, now, lang))


def context_dict(lines: list[str], block_id: str = FOOTER_BLOCK_ID) -> dict[str, Any]:
    """``context`` as a plain dict, for the hot list page; the lines must be short and safe
    (ours: at most 10 lines of well under Slack's 3,000 characters each)."""
    return {
        "type": "context",
        "block_id": block_id,
        "elements": [{"type": "mrkdwn", "text": line, "verbatim": True} for line in lines],
    }


def footer_dict(snapshot: TaskSnapshot, now: datetime, lang: str = "en") -> dict[str, Any]:
    """``footer`` as a plain dict (the error line is cut to 300 characters)."""
    return context_dict(footer_lines(snapshot, now, lang))
