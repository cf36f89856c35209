"""Watches (pure): the Watch button, the answers of ``watch`` / ``unwatch`` / ``watching``,
the direct messages a watcher gets, and the Home tab's "My watches"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import SectionBlock

from bot.features.playback.download import download_button
from bot.features.playback.views import play_button
from bot.ivc.models import TaskStatus
from bot.tasks.memory import TaskMemory, estimated_expiry
from bot.views.blocks import one_section, section
from bot.views.footer import context
from bot.views.formatting import date_token, number
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, MessageKind, build
from bot.views.mrkdwn import code, escape, safe_line
from bot.views.subscription_text import bounded_lines, duration, status_emoji, status_name
from bot.views.task_menu import MENU_ACTION, MenuItem, menu_value
from bot.watches.model import WatchedTask, WatchState

ACTION_WATCH = "task_watch"  # toggles the clicker's own watch; value: the TaskId
WATCH_ACTIONS = re.compile(r"^task_watch(_[0-9]+)?$")  # the list's buttons: task_watch_<n>
ACTION_UNWATCH = "task_unwatch"  # a direct message's Unwatch; value: the TaskId
MAX_LISTED = 40  # watches shown with their own button; the rest are counted
NAME_MAX = 64
ID_MAX = 64


def _button(action_id: str, text: str, task_id: str) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "value": task_id[:150],
    }


def watch_button(task_id: str, lang: str = "en", *, block_id: str = "task_watch") -> dict[str, Any]:
    """An actions block with the Watch button: it toggles the clicker's own watch."""
    text = label(normalise_lang(lang), "watch.button")
    return {
        "type": "actions",
        "block_id": block_id,
        "elements": [_button(ACTION_WATCH, text, task_id)],
    }


def _again_button(task_id: str, lang: str) -> dict[str, Any] | None:
    """Retrieve again: the card menu's item (same listener, manager check and prefill); None
    when its value does not fit Slack's 150 characters."""
    value = menu_value(MenuItem.AGAIN, task_id)
    if value is None:
        return None
    button = _button(f"{MENU_ACTION}.again", label(lang, "watch.button_again"), task_id)
    return {**button, "value": value}


def _dm_buttons(task_id: str, lang: str, *, again: bool, play: bool) -> dict[str, Any]:
    """Play and Download… (while the copy is there), Retrieve again, Unwatch: the buttons a DM
    offers."""
    elements = [_button(ACTION_UNWATCH, label(lang, "watch.button_unwatch"), task_id)]
    again_button = _again_button(task_id, lang) if again else None
    if again_button is not None:
        elements.insert(0, again_button)
    if play:
        elements[:0] = [play_button(task_id, lang), download_button(task_id, lang)]
    return {"type": "actions", "block_id": "watch_dm_actions", "elements": elements}


def _names(memory: TaskMemory) -> dict[str, str]:
    return {"name": code(memory.name, NAME_MAX), "task_id": code(memory.task_id, ID_MAX)}


def _direct(
    text: str, task_id: str, lang: str, *, again: bool, play: bool, link: str | None = None
) -> Message:
    """The DM's line and buttons, then the task's link (PUBLIC_URL) when there is one."""
    buttons = _dm_buttons(task_id, lang, again=again, play=play)
    linked = [context([f":link: {escape(link)}"], block_id="task_link")] if link else []
    return build(text, [section(text, "watch_dm"), buttons, *linked])


def render_watch_ready(memory: TaskMemory, lang: str = "en", link: str | None = None) -> Message:
    """The direct message when a watched task is retrieved, with the copy's estimated expiry."""
    lang = normalise_lang(lang)
    expiry = estimated_expiry(memory)
    if expiry is None:
        text = label(lang, "watch.ready", **_names(memory))
    else:
        text = label(lang, "watch.ready_until", **_names(memory), expiry=date_token(expiry))
    return _direct(text, memory.task_id, lang, again=False, play=True, link=link)


def render_watch_gone(memory: TaskMemory, lang: str = "en") -> Message:
    """The direct message when a watched task is no longer listed (no link: it is gone)."""
    lang = normalise_lang(lang)
    text = label(lang, "watch.gone", **_names(memory))
    return _direct(text, memory.task_id, lang, again=True, play=False)


def render_watch_expiring(
    memory: TaskMemory, *, now: datetime, lang: str = "en", link: str | None = None
) -> Message:
    """The direct message some hours before a watched copy's estimated expiry."""
    lang = normalise_lang(lang)
    expiry = estimated_expiry(memory) or now
    text = label(
        lang,
        "watch.expiring",
        **_names(memory),
        duration=duration(expiry - now, lang),
        expiry=date_token(expiry),
    )
    return _direct(text, memory.task_id, lang, again=True, play=True, link=link)


def render_watched(
    task_id: str,
    name: str,
    *,
    expires_at: datetime | None,
    retrieved: bool,
    hours: float,
    lang: str = "en",
) -> Message:
    """``watch`` done: what the watcher will hear about (only the reminder when retrieved)."""
    lang = normalise_lang(lang)
    values = {"name": code(name, NAME_MAX), "task_id": code(task_id, ID_MAX), "hours": f"{hours:g}"}
    if not retrieved:
        text = label(lang, "watch.watched", **values)
    elif expires_at is None:
        text = label(lang, "watch.watched_retrieved", **values)
    else:
        text = label(lang, "watch.watched_retrieved_until", **values, expiry=date_token(expires_at))
    return one_section(text, "watched")


def render_already_watching(task_id: str, lang: str = "en") -> Message:
    text = label(normalise_lang(lang), "watch.already", task_id=code(task_id, ID_MAX))
    return one_section(text, "watch_already").as_kind(MessageKind.REFUSED)


def render_unwatched(task_id: str, *, was_watching: bool, lang: str = "en") -> Message:
    """``unwatch`` done (or there was nothing to stop)."""
    key = "watch.unwatched" if was_watching else "watch.not_watching"
    text = label(normalise_lang(lang), key, task_id=code(task_id, ID_MAX))
    message = one_section(text, "unwatched")
    return message if was_watching else message.as_kind(MessageKind.REFUSED)


def render_too_many_watches(limit: int, lang: str = "en") -> Message:
    """The refusal of one watch past MAX_WATCHES_PER_USER."""
    text = label(normalise_lang(lang), "watch.too_many", limit=number(limit))
    return one_section(text, "watch_too_many").as_kind(MessageKind.REFUSED)


def watch_line(item: WatchedTask, now: datetime, lang: str) -> str:
    """One watch: its task's name and TaskId, status, and (retrieved) the copy's expiry."""
    watch = item.watch
    name = code(item.name, NAME_MAX) if item.name else ""
    head = f"{name} {code(watch.task_id, ID_MAX)}".strip()
    if item.status is None:
        state = label(lang, "watching.gone")
    else:
        state = f"{status_emoji(item.status)} {status_name(item.status, lang)}"
    line = f"• {head} · {state}"
    if item.expires_at is not None and item.status == int(TaskStatus.RETRIEVED):
        line += label(lang, "watching.expires", expiry=date_token(item.expires_at))
    if watch.state is WatchState.PAUSED:
        line += label(lang, "watching.paused", reason=safe_line(watch.paused_reason or "", 100))
    return line


def render_watching(items: Sequence[WatchedTask], *, now: datetime, lang: str = "en") -> Message:
    """``watching``: my watches, each with its status and a Watch button to stop it."""
    lang = normalise_lang(lang)
    head = label(lang, "watching.header", count=number(len(items)))
    if not items:
        text = f"{head}\n{label(lang, 'watching.none')}"
        return one_section(text, "watching")
    blocks: list[dict[str, Any]] = [section(head, "watching").to_dict()]
    for index, item in enumerate(items[:MAX_LISTED]):
        block = section(watch_line(item, now, lang), f"watching_{index}").to_dict()
        unwatch = label(lang, "watch.button_unwatch")  # action ids are unique per message
        block["accessory"] = _button(f"{ACTION_WATCH}_{index}", unwatch, item.watch.task_id)
        blocks.append(block)
    hidden = len(items) - MAX_LISTED
    if hidden > 0:
        more = label(lang, "csum.more", n=number(hidden))
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    return build(head, blocks)


def home_watches(items: Sequence[WatchedTask], *, now: datetime, lang: str = "en") -> SectionBlock:
    """The Home tab's "My watches": one section, as many lines as fit, then "+N more"."""
    lang = normalise_lang(lang)
    head = label(lang, "home.watches", count=number(len(items)))
    if not items:
        return section(f"{head}\n{label(lang, 'home.no_watches')}", "home_watches")
    lines = [watch_line(item, now, lang) for item in items]
    return section(bounded_lines(head, lines, len(items), lang), "home_watches")
