"""A list of tasks as one ``data_table`` (Slack sorts, filters and pages it in place), and
the select under it that opens one of its tasks (table cells hold no buttons).

Cells are plain dicts built within Slack's limits: names and TaskIds are untrusted and go
through ``inert``; the window is a rich-text pair of date elements, so each reader sees it
in their own time zone; capacity and the days the copy is kept are ``raw_number`` cells
(sortable as numbers) with a readable text. ``table_page_size`` says how many rows of a
selection fit one message: at most ``TABLE_ROWS_MAX`` rows and ``TABLE_CHARS_MAX`` characters
across all cells, counted as ``cell_chars`` counts them.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.clock import as_utc
from bot.ivc.models import Task
from bot.tasks.selection import StatusGroup, group_of_status
from bot.views import formatting
from bot.views.i18n import label
from bot.views.mrkdwn import inert, truncate

TABLE_MIN_TASKS = 6  # five tasks or fewer keep the cards
TABLE_ROWS_MAX = 100
TABLE_CHARS_MAX = 10_000
TABLE_BLOCK_ID = "tasks_table"
PICK_BLOCK_ID = "tasks_pick"
ACTION_TASK_PICK = "task_pick"
NAME_MAX = 100
TASK_ID_MAX = 64
OPTION_TEXT_MAX = 75
_DATE_FORMAT = "{date_short} {time}"
_PICKABLE_ID = re.compile(r"[\w.\-]{1,150}")
_COLUMNS = ("name", "task_id", "status", "window", "capacity", "kept")


def _text(value: str) -> dict[str, Any]:
    return {"type": "raw_text", "text": value or "—"}


def _number(value: float, text: str) -> dict[str, Any]:
    return {"type": "raw_number", "value": value, "text": text or "—"}


def _date(moment: datetime) -> dict[str, Any]:
    utc = moment if moment.tzinfo is UTC else as_utc(moment)
    fallback = f"{utc:%Y-%m-%d %H:%M} UTC"
    seconds = int(utc.timestamp())
    if seconds < 0:
        return {"type": "text", "text": fallback}
    return {"type": "date", "timestamp": seconds, "format": _DATE_FORMAT, "fallback": fallback}


def _window(task: Task) -> dict[str, Any]:
    parts = [_date(task.start), {"type": "text", "text": " – "}, _date(task.end)]
    return {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": parts}]}


def status_text(status: int, lang: str) -> str:
    """The status label without its emoji (a table cell shows no emoji codes)."""
    group = group_of_status(status)
    if group is StatusGroup.UNKNOWN:
        return label(lang, "status.unknown", value=int(status))
    return label(lang, f"status.{group.name.lower()}")


def _capacity(task: Task, lang: str) -> dict[str, Any]:
    megabytes = task.capacity_mb
    readable = formatting.capacity(megabytes, lang)
    if not isinstance(megabytes, int | float) or not math.isfinite(megabytes) or megabytes < 0:
        return _number(0, readable)
    return _number(round(float(megabytes), 1), readable)


def _kept(task: Task, lang: str) -> dict[str, Any]:
    days = task.expiration_days
    return _number(days, label(lang, "table.days", days=formatting.number(days)))


def task_name_text(task: Task, lang: str) -> str:
    return inert(task.name, NAME_MAX) or label(lang, "name.empty")


def task_row(task: Task, lang: str) -> tuple[dict[str, Any], ...]:
    """One task's cells."""
    return entry(task, lang).row


def _row(task: Task, lang: str) -> tuple[dict[str, Any], ...]:
    return (
        _text(task_name_text(task, lang)),
        _text(inert(task.task_id, TASK_ID_MAX)),
        _text(status_text(task.status, lang)),
        _window(task),
        _capacity(task, lang),
        _kept(task, lang),
    )


def header_row(lang: str) -> list[dict[str, Any]]:
    """The header: plain text cells only (Slack refuses rich text there)."""
    return [_text(label(lang, f"table.column.{column}")) for column in _COLUMNS]


def _shown(element: Any) -> int:
    """Characters a rich-text element shows: a text's text, a date's fallback."""
    if not isinstance(element, dict):
        return 0
    if element.get("type") == "date":
        return len(str(element.get("fallback") or ""))
    own = len(element["text"]) if isinstance(element.get("text"), str) else 0
    return own + sum(_shown(child) for child in element.get("elements") or ())


def cell_chars(cell: dict[str, Any]) -> int:
    """A cell's characters as counted against the table total: the text it shows (a
    number's text, else its digits; a date's fallback text)."""
    kind = cell.get("type")
    if kind == "raw_text":
        return len(cell["text"])
    if kind == "raw_number":
        return len(cell.get("text") or str(cell["value"]))
    return sum(_shown(element) for element in cell.get("elements") or ())


@dataclass(frozen=True, slots=True)
class Entry:
    """What a table shows of one task: its cells, their characters, its select option
    (None when its TaskId cannot travel as an option value)."""

    row: tuple[dict[str, Any], ...]
    chars: int
    option: dict[str, Any] | None


@functools.lru_cache(maxsize=8192)
def entry(task: Task, lang: str) -> Entry:
    """A function of the immutable task and the language: a cache hit of the same list
    reuses it (hashing a task costs, so it is looked up once per row). The dicts are shared
    between messages and never changed."""
    row = _row(task, lang)
    option = _option(task, lang) if _pickable(task) else None
    return Entry(row, sum(cell_chars(cell) for cell in row), option)


def row_chars(task: Task, lang: str) -> int:
    return entry(task, lang).chars


def table_page_size(tasks: Sequence[Task], lang: str) -> int:
    """The most rows every page of ``tasks`` can hold: the longest rows of the selection
    together stay within the character total, and no page holds more than 100 rows."""
    budget = TABLE_CHARS_MAX - sum(cell_chars(cell) for cell in header_row(lang))
    longest = sorted((row_chars(task, lang) for task in tasks), reverse=True)
    size = 0
    for chars in longest[:TABLE_ROWS_MAX]:
        if chars > budget:
            break
        budget -= chars
        size += 1
    return max(1, size)


def task_table(tasks: Sequence[Task], caption: str, lang: str) -> dict[str, Any]:
    """The ``data_table`` of ``tasks`` (at most ``table_page_size`` of them)."""
    rows = [header_row(lang)] + [list(entry(task, lang).row) for task in tasks]
    return {
        "type": "data_table",
        "block_id": TABLE_BLOCK_ID,
        "caption": truncate(caption, 200),
        "page_size": 20,
        "row_header_column_index": 0,
        "rows": rows,
    }


def _option(task: Task, lang: str) -> dict[str, Any]:
    task_id = inert(task.task_id, TASK_ID_MAX)
    room = max(1, OPTION_TEXT_MAX - len(task_id) - 3)
    text = f"{truncate(task_name_text(task, lang), room)} · {task_id}"
    return {
        "text": {"type": "plain_text", "text": truncate(text, OPTION_TEXT_MAX), "emoji": False},
        "value": task.task_id,
    }


def _pickable(task: Task) -> bool:
    """A TaskId that can travel as an option value unchanged (IVC's are hex): one holding
    markup characters stays in the table but out of the select (``show`` still finds it)."""
    return bool(_PICKABLE_ID.fullmatch(task.task_id))


def task_picker(tasks: Sequence[Task], lang: str) -> dict[str, Any] | None:
    """A select of the table's tasks: choosing one shows it (with its actions) privately."""
    found = (entry(task, lang).option for task in tasks[:TABLE_ROWS_MAX])
    options = [option for option in found if option is not None]
    if not options:
        return None
    return {
        "type": "actions",
        "block_id": PICK_BLOCK_ID,
        "elements": [
            {
                "type": "static_select",
                "action_id": ACTION_TASK_PICK,
                "placeholder": {"type": "plain_text", "text": label(lang, "table.pick")},
                "options": options,
            }
        ],
    }
