"""The list of tasks: header with counts, one card per task, page controls, footer.

This is the page a cache hit answers with, so it is built as plain Block Kit dicts (the
slack_sdk models' ``to_dict`` cost more than the rest of the page). Every text is bounded
where it is made: the title and count are our own labels, the quoted query is cut to
``QUERY_SHOWN_MAX``, card values are cut in ``task_card``, button values are capped by
``encode_view_state``, and the block count is capped by ``MAX_PAGE_SIZE``. The tasks come
from ``order_of``: the display order is computed once per fetched list, so a page is a slice.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.commands.model import Command, CommandKind
from bot.features.tasks.page_controls import page_buttons, range_line
from bot.features.tasks.task_table import TABLE_MIN_TASKS, table_page_size, task_picker, task_table
from bot.ivc.models import Task
from bot.ivc.snapshot import TaskSnapshot
from bot.tasks.memory import TaskMemory
from bot.tasks.ordering import order_of
from bot.tasks.pagination import DEFAULT_PAGE_SIZE, Page
from bot.tasks.playable import expired_copies
from bot.tasks.selection import StatusFilter
from bot.views.alerts import alert
from bot.views.blocks import section_block
from bot.views.footer import context_dict, footer_dict, footer_lines
from bot.views.formatting import number, updated_ago
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message
from bot.views.mrkdwn import safe
from bot.views.rendering import Rendering
from bot.views.state import ViewState, encode_compact_state
from bot.views.task_card import task_card
from bot.views.task_link import TaskLinks
from bot.views.task_menu import PRIVATE_VIEWER, MenuItem, Reader, task_menu

STATE_IN_ACTION_MAX = 180
"""The longest page state a card menu's action id carries (``MENU_ACTIONS`` allows 200
characters after ``task_menu.``, the card's ``task_<n>.`` takes the rest)."""

# header + range line + divider + actions + footer, and two blocks (card, divider) per task,
# less the divider after the last card: 4 + 2n <= 50.
MAX_PAGE_SIZE = 23
QUERY_SHOWN_MAX = 100


def view_state(command_or_state: Command | ViewState, page: int | None = None) -> ViewState:
    """The ViewState a command or a decoded button value stands for (``page`` overrides)."""
    if isinstance(command_or_state, ViewState):
        state = command_or_state
    elif command_or_state.kind is CommandKind.SEARCH:
        state = ViewState(StatusFilter.ALL, command_or_state.query or None)
    else:
        state = ViewState(command_or_state.status_filter)
    return state if page is None else state.at_page(page)


def title(state: ViewState, lang: str) -> str:
    """The list's title: "Pending tasks", "Search results"…"""
    if state.query:
        return label(lang, "filter.search")
    return label(lang, f"filter.{state.status_filter.value}")


def _header(state: ViewState, total: int, lang: str) -> dict[str, Any]:
    text = label(lang, "header.count", title=title(state, lang), count=number(total))
    return {
        "type": "header",
        "block_id": "tasks_header",
        "text": {"type": "plain_text", "text": text, "emoji": True},
    }


def _quoted_query(state: ViewState) -> str:
    return f"“{safe(state.query or '', QUERY_SHOWN_MAX)}”"


def _range_context(page: Page, state: ViewState, lang: str) -> dict[str, Any]:
    lines = [range_line(page, lang)]
    if state.query:
        lines.append(label(lang, "list.search", query=_quoted_query(state)))
    return context_dict(lines, block_id="tasks_range")


def _empty(state: ViewState, lang: str) -> dict[str, Any]:
    if state.query:
        line = label(lang, "empty.search", query=_quoted_query(state))
    else:
        line = label(lang, f"empty.{state.status_filter.value}")
    if state.query or state.status_filter is not StatusFilter.ALL:
        line += " " + label(lang, "empty.hint")
    return section_block(line, "tasks_empty")


def _cards(
    page: Page,
    state: ViewState,
    lang: str,
    reader: Reader,
    expired: Collection[str],
    links: TaskLinks | None = None,
) -> list[dict[str, Any]]:
    """One card per task, each with its menu (an accessory: no extra block; no Play nor
    Download… for an ``expired`` copy). A menu's action id carries the page's state, so a
    delete can redraw the page in place."""
    blocks: list[dict[str, Any]] = []
    first = page.first_index
    carried = encode_compact_state(state.at_page(page.page), STATE_IN_ACTION_MAX)
    for offset, task in enumerate(page.items):
        if offset:
            blocks.append({"type": "divider"})
        block_id = f"task_{first + offset}"
        action = f"{block_id}.{carried}" if carried else block_id
        omit = _NO_PLAY if task.task_id in expired else frozenset()
        link = None if links is None else links.url(task.task_id)
        menu = task_menu(task, reader, lang, block_id=action, omit=omit, link=link)
        blocks.append(task_card(task, lang, block_id=block_id, accessory=menu))
    return blocks


_NO_PLAY = frozenset({MenuItem.PLAY, MenuItem.DOWNLOAD})  # an expired copy's card


def _fallback(state: ViewState, page: Page, lang: str) -> str:
    head = label(lang, "header.count", title=title(state, lang), count=number(page.total))
    return f"{head} ({range_line(page, lang)})" if page.items else head


def render_list(
    snapshot: TaskSnapshot,
    command_or_state: Command | ViewState,
    *,
    page: int | None = None,
    now: datetime,
    lang: str = "en",
    page_size: int = DEFAULT_PAGE_SIZE,
    reader: Reader = PRIVATE_VIEWER,
    rendering: Rendering = Rendering.CLASSIC,
    stored: Mapping[str, TaskMemory] | None = None,
    links: TaskLinks | None = None,
) -> Message:
    """One page of the tasks a LIST/SEARCH command or a button's ViewState asks for.

    ``page`` defaults to the state's page (1 for a command); out-of-range pages clamp.
    ``reader`` decides the cards' menus and whether New retrieval is offered; a card whose
    copy expired by the estimate (``stored``: the task memory) offers no Play. With
    ``Rendering.TABLES`` a selection of more than five tasks is one ``data_table`` holding as
    many rows as fit a message (``table_page_size``), with our page buttons only beyond.
    ``links`` (PUBLIC_URL): each card's menu opens the task's link when it has room.
    """
    lang = normalise_lang(lang)
    state = view_state(command_or_state, page)
    order = order_of(snapshot)
    if Rendering.TABLES in rendering:
        selection = order.select(state.status_filter, state.query)
        if len(selection) >= TABLE_MIN_TASKS:
            size = _table_size(snapshot, selection, state, lang)
            chosen = order.page(state.status_filter, state.query, page=state.page, page_size=size)
            shown = state.at_page(chosen.page)
            return _table_page(snapshot, shown, chosen, now, lang, reader, rendering)
    size = min(max(1, page_size), MAX_PAGE_SIZE)
    chosen = order.page(state.status_filter, state.query, page=state.page, page_size=size)
    if chosen.page != state.page:
        state = state.at_page(chosen.page)
    expired = expired_copies(chosen.items, stored, now)  # the page's cards only
    key = (id(snapshot), state, size, lang, reader, expired, links)
    hit = _PAGES.get(key)
    if hit is not None and hit[0]() is snapshot:
        text, body = hit[1], hit[2]
    else:
        text, body = (
            _fallback(state, chosen, lang) or "…",
            _body(chosen, state, lang, reader, expired, links),
        )
        if len(_PAGES) >= _PAGES_MAX:
            _PAGES.clear()
        _PAGES[key] = (weakref.ref(snapshot), text, body)
    return Message(text=text, blocks=[*body, footer_dict(snapshot, now, lang)])


def _body(
    chosen: Page,
    state: ViewState,
    lang: str,
    reader: Reader,
    expired: frozenset[str],
    links: TaskLinks | None = None,
) -> tuple[dict[str, Any], ...]:
    """Everything of a page but its footer: a function of the tasks listed, the page, the
    language, the reader and the expired copies, never of the time."""
    blocks: list[dict[str, Any]] = [_header(state, chosen.total, lang)]
    if chosen.items:
        blocks.append(_range_context(chosen, state, lang))
        blocks.append({"type": "divider"})
        blocks += _cards(chosen, state, lang, reader, expired, links)
    else:
        blocks.append(_empty(state, lang))
    blocks.append(page_buttons(chosen, state, lang, reader))
    return tuple(blocks)


_PageKey = tuple[int, ViewState, int, str, Reader, frozenset[str], TaskLinks | None]
_PAGES: dict[_PageKey, tuple[weakref.ref[TaskSnapshot], str, tuple[dict[str, Any], ...]]] = {}
"""Pages rendered from a snapshot, served again while it is the cached list (a cache hit
renders only the footer, whose age changes every second); only weak references to the
snapshots are held, and the blocks are never changed once built."""
_PAGES_MAX = 128


_SizeKey = tuple[int, StatusFilter, str | None, str]
_TABLE_SIZES: dict[_SizeKey, tuple[weakref.ref[TaskSnapshot], int]] = {}
_TABLE_SIZES_MAX = 64


def _table_size(
    snapshot: TaskSnapshot, selection: Sequence[Task], state: ViewState, lang: str
) -> int:
    """``table_page_size`` of a selection, computed once per snapshot (every cache hit of
    the same list reuses it; only a weak reference to the snapshot is held)."""
    key = (id(snapshot), state.status_filter, state.query, lang)
    hit = _TABLE_SIZES.get(key)
    if hit is not None and hit[0]() is snapshot:
        return hit[1]
    size = table_page_size(selection, lang)
    if len(_TABLE_SIZES) >= _TABLE_SIZES_MAX:
        _TABLE_SIZES.clear()
    _TABLE_SIZES[key] = (weakref.ref(snapshot), size)
    return size


def _table_page(
    snapshot: TaskSnapshot,
    state: ViewState,
    chosen: Page,
    now: datetime,
    lang: str,
    reader: Reader,
    rendering: Rendering,
) -> Message:
    """Header, range line, the table, the select of its tasks, page buttons and footer."""
    caption = label(lang, "header.count", title=title(state, lang), count=number(chosen.total))
    blocks: list[dict[str, Any]] = [_header(state, chosen.total, lang)]
    lines = footer_lines(snapshot, now, lang)
    if snapshot.stale and Rendering.ALERTS in rendering:  # the note as an alert; age in footer
        blocks.append(alert(lines[0], "warning", "tasks_stale"))
        lines[0] = updated_ago(snapshot.age_seconds(now), lang)
    blocks += [_range_context(chosen, state, lang), task_table(chosen.items, caption, lang)]
    picker = task_picker(chosen.items, lang)
    if picker is not None:
        blocks.append(picker)
    blocks += [page_buttons(chosen, state, lang, reader), context_dict(lines)]
    return Message(text=_fallback(state, chosen, lang) or "…", blocks=blocks)
