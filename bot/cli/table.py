"""Plain-text and JSON forms of a task list for the terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.ivc.models import FAST_MODE, Task
from bot.ivc.snapshot import TaskSnapshot
from bot.tasks.selection import StatusGroup, status_group
from bot.views.formatting import capacity

_HEADERS = ("STATUS", "TASK ID", "NAME", "WINDOW (UTC)", "MODE", "SIZE", "KEPT")
_NAME_WIDTH = 32


def status_word(task: Task) -> str:
    """The status group's name ("retrieving", "pending", "retrieved") or "unknown(N)"."""
    group = status_group(task)
    return group.name.lower() if group is not StatusGroup.UNKNOWN else f"unknown({task.status})"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clean(text: str, limit: int) -> str:
    """Printable, one line, at most ``limit`` columns wide."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    out, used = "", 0
    for ch in text:
        w = _width(ch)
        if used + w > limit - 1 and _width(text) > limit:
            return out + "…"
        out, used = out + ch, used + w
    return out


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _row(task: Task) -> tuple[str, ...]:
    window = f"{task.start:%Y-%m-%d %H:%M}–{task.end:%H:%M}"
    mode = "fast" if task.mode == FAST_MODE else f"mode {task.mode}"
    return (
        status_word(task),
        task.task_id,
        _clean(task.name, _NAME_WIDTH),
        window,
        mode,
        capacity(task.capacity_mb),
        f"{task.expiration_days} d",
    )


def _footer(snapshot: TaskSnapshot, shown: int, now: datetime) -> str:
    age = int(snapshot.age_seconds(now))
    line = f"{shown} of {len(snapshot.tasks)} tasks · fetched {age} s ago"
    if snapshot.skipped:
        line += f" · {snapshot.skipped} malformed records skipped"
    if snapshot.stale and snapshot.error is not None:
        line += f"\nwarning: stale data, IVC failed: {snapshot.error}"
    return line


def render_table(tasks: Sequence[Task], *, now: datetime, snapshot: TaskSnapshot) -> str:
    """A fixed-width table (CJK-aware), newest first as given, with a footer line."""
    if not tasks:
        return "No tasks.\n" + _footer(snapshot, 0, now)
    rows = [_HEADERS, *(_row(t) for t in tasks)]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(_HEADERS))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join([*lines, "", _footer(snapshot, len(tasks), now)])


def task_to_json(task: Task) -> dict[str, Any]:
    """A task as JSON with IVC's field names, times as ISO 8601 UTC."""
    return {
        "TaskId": task.task_id,
        "TaskName": task.name,
        "StartTime": task.start.isoformat(),
        "EndTime": task.end.isoformat(),
        "Mode": task.mode,
        "Expiration": task.expiration_days,
        "Status": int(task.status),
        "StatusName": status_word(task),
        "Capacity": task.capacity_mb,
    }
