"""A task card's overflow menu (pure): Show, Play, Download…, Watch, Delete…, Retrieve again,
and the task's link (PUBLIC_URL) when there is room; and who sees what. An option's value,
``"<item>:<TaskId>"``, is never trusted: the listener checks everything again
(``bot.features.card_menu.listeners``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import quote, unquote

from bot.ivc.models import Task, TaskStatus
from bot.ivc.task_rules import deletable
from bot.views.i18n import label, normalise_lang

MENU_ACTION = "task_menu"
"""Every menu's action_id starts with it: ``task_menu`` then ``.<block_id>`` (action ids
are unique within a message)."""
MENU_ACTIONS = re.compile(r"^task_menu(\.[A-Za-z0-9_.-]{1,200})?$")
"""Matches every menu's action_id (one listener for all of them)."""
MAX_VALUE = 150  # Slack's limit on an option's value
MIN_OPTIONS = 2  # fewer options: no overflow (a menu of one item only repeats a button)


class MenuItem(StrEnum):
    """What a menu option does (the part of its value before ``:``)."""

    SHOW = "show"
    PLAY = "play"
    DOWNLOAD = "download"
    WATCH = "watch"
    DELETE = "delete"
    AGAIN = "again"
    LINK = "link"  # opens the task's link (the option's url); the click does nothing more


@dataclass(frozen=True, slots=True)
class Reader:
    """Who reads a message: ``manager`` when the one reader is in TASK_MANAGERS;
    ``everyone`` for a message the whole channel sees (its readers are not known)."""

    manager: bool = False
    everyone: bool = False


PRIVATE_VIEWER = Reader()
"""The default reader: one person who is not a manager (no manager-only item)."""


def _always(_task: Task) -> bool:
    return True


def _retrieved(task: Task) -> bool:
    """Play is offered on a retrieved task's card (a card does not know the copy's estimated
    expiry: a click on an expired copy gets that line, and ``show`` omits Play for it)."""
    return task.status == TaskStatus.RETRIEVED


@dataclass(frozen=True, slots=True)
class ItemRule:
    """One menu item: its label key, whether only managers may use it, and which tasks offer
    it."""

    label_key: str
    managers_only: bool = False
    offered: Callable[[Task], bool] = _always


ITEMS: dict[MenuItem, ItemRule] = {
    # Adding an item is one row here (in menu order), a MenuItem member, its label in
    # bot/views/i18n.py and its route in bot/features/card_menu/listeners.py (MENU_ROUTES).
    # An overflow holds 5 options: on a retrieved task's card a manager reads, Download… takes
    # Retrieve again's place (``show`` keeps a Retrieve again button; an expired copy's card
    # offers neither Play nor Download…, so Retrieve again is back).
    MenuItem.SHOW: ItemRule("menu.show"),
    MenuItem.PLAY: ItemRule("menu.play", offered=_retrieved),
    MenuItem.DOWNLOAD: ItemRule("menu.download", offered=_retrieved),
    MenuItem.WATCH: ItemRule("menu.watch"),
    MenuItem.DELETE: ItemRule("menu.delete", managers_only=True, offered=deletable),
    MenuItem.AGAIN: ItemRule("menu.again", managers_only=True),
    MenuItem.LINK: ItemRule("menu.link"),  # only with a link, and only when there is room
}
MAX_OPTIONS = 5  # an overflow holds at most 5 options


def may_use(item: MenuItem, manager: bool) -> bool:
    """Whether someone (a manager or not) may use ``item``."""
    return manager or not ITEMS[item].managers_only


def sees_manager_controls(reader: Reader) -> bool:
    """Whether a message read by ``reader`` shows the manager-only controls (New retrieval,
    Delete…, Retrieve again): to a manager, or to everyone on a message everyone sees."""
    return reader.everyone or reader.manager


def shown_to(item: MenuItem, reader: Reader) -> bool:
    """Whether a message read by ``reader`` shows ``item``."""
    return sees_manager_controls(reader) or not ITEMS[item].managers_only


def menu_value(item: MenuItem, task_id: str) -> str | None:
    """``"<item>:<TaskId>"`` (the TaskId percent-encoded: upstream text stays inert), or None
    when it does not fit Slack's 150 characters."""
    value = f"{item.value}:{quote(task_id, safe='')}"
    return value if task_id and len(value) <= MAX_VALUE else None


def parse_choice(value: str) -> tuple[MenuItem, str] | None:
    """The item and TaskId an option's value names, or None for anything else."""
    head, sep, encoded = value[:MAX_VALUE].partition(":")
    task_id = unquote(encoded)
    if not sep or not task_id:
        return None
    try:
        return MenuItem(head), task_id
    except ValueError:
        return None


@functools.lru_cache(maxsize=8192)
def _options(
    task: Task, lang: str, reader: Reader, omit: frozenset[MenuItem], link: str | None
) -> tuple[tuple[str, str, str | None], ...]:
    """(text, value, url) of the options a card shows: the same for the same cached task;
    the task's ``link`` last, when the other items leave room for it."""
    found: list[tuple[str, str, str | None]] = []
    for item, rule in ITEMS.items():
        if item in omit or not shown_to(item, reader) or not rule.offered(task):
            continue
        if item is MenuItem.LINK and (link is None or len(found) >= MAX_OPTIONS):
            continue
        value = menu_value(item, task.task_id)
        if value is not None:
            found.append(
                (label(lang, rule.label_key), value, link if item is MenuItem.LINK else None)
            )
    return tuple(found[:MAX_OPTIONS])


def task_menu(
    task: Task,
    reader: Reader,
    lang: str = "en",
    *,
    block_id: str = "",
    omit: frozenset[MenuItem] = frozenset(),
    link: str | None = None,
) -> dict[str, Any] | None:
    """The overflow menu for ``task``'s card (an accessory), or None with fewer than
    ``MIN_OPTIONS`` items (a lone item repeats a button next to the card); ``link``: the
    task's link (PUBLIC_URL), an option opening it when there is room."""
    options = _options(task, normalise_lang(lang), reader, omit, link)
    if len(options) < MIN_OPTIONS:
        return None
    action_id = f"{MENU_ACTION}.{block_id}" if block_id else MENU_ACTION
    return {
        "type": "overflow",
        "action_id": action_id,
        "options": [_option(text, value, url) for text, value, url in options],
    }


def _option(text: str, value: str, url: str | None) -> dict[str, Any]:
    option = {"text": {"type": "plain_text", "text": text, "emoji": True}, "value": value}
    return option if url is None else {**option, "url": url}
