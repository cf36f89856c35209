"""One task as a section of fields.

Built as plain Block Kit dicts rather than slack_sdk models: a list page has 20 of these
cards (140 fields) and the models' ``to_dict`` was most of the cost of answering from the
cache. Every value is bounded here (names cut to ``NAME_MAX``, ids to ``TASK_ID_MAX``, seven
fields), so the limits the models would check cannot be exceeded.
"""

from __future__ import annotations

import functools
from typing import Any

from bot.ivc.models import Task
from bot.views import formatting
from bot.views.i18n import LANGS, label, normalise_lang
from bot.views.mrkdwn import code, safe

NAME_MAX = 100
TASK_ID_MAX = 64


def field(lang: str, key: str, value: str) -> dict[str, Any]:
    """A "*Label*\\nvalue" mrkdwn field; ``value`` must already be safe mrkdwn."""
    return {"type": "mrkdwn", "text": f"*{label(lang, key)}*\n{value}", "verbatim": True}


def task_name(task: Task, lang: str = "en") -> str:
    """The task's name, escaped and cut, or a placeholder when it is blank."""
    return safe(task.name, NAME_MAX) or label(lang, "name.empty")


_FIELD_KEYS = (
    "field.name",
    "field.task_id",
    "field.status",
    "field.window",
    "field.mode",
    "field.capacity",
    "field.expiration",
)
# "*Label*\n" of the seven fields, per language: looked up once per card, not per field
_PREFIXES: dict[str, tuple[str, ...]] = {
    lang: tuple(f"*{label(lang, key)}*\n" for key in _FIELD_KEYS) for lang in LANGS
}


def task_fields(task: Task, lang: str = "en") -> list[dict[str, Any]]:
    """The seven fields describing a task."""
    return [{"type": "mrkdwn", "text": text, "verbatim": True} for text in _field_texts(task, lang)]


@functools.lru_cache(maxsize=8192)
def _field_texts(task: Task, lang: str) -> tuple[str, ...]:
    """The seven "*Label*\nvalue" texts: a function of the (immutable) task and the language
    only, so a page served again from the same cached tasks reuses them (most of the cost
    of a cache hit was formatting the same cards again)."""
    lang = normalise_lang(lang)
    values = (
        task_name(task, lang),
        code(task.task_id, TASK_ID_MAX),
        formatting.task_status(task.status, lang),
        formatting.time_window(task.start, task.end),
        formatting.mode(task.mode, lang),
        formatting.capacity(task.capacity_mb, lang),
        formatting.expiration(task.expiration_days, lang),
    )
    return tuple(prefix + value for prefix, value in zip(_PREFIXES[lang], values, strict=True))


def task_card(
    task: Task,
    lang: str = "en",
    block_id: str | None = None,
    accessory: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A section block (as a dict) showing one task, with ``accessory`` (its menu) if any."""
    card: dict[str, Any] = {"type": "section", "fields": task_fields(task, lang)}
    if block_id is not None:
        card["block_id"] = block_id
    if accessory is not None:
        card["accessory"] = accessory
    return card
