"""The list of tasks: header with counts, one card per task, pagination, footer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.commands.model import Command, CommandKind
from bot.ivc.snapshot import TaskSnapshot
from bot.tasks.pagination import DEFAULT_PAGE_SIZE, Page
from bot.tasks.selection import StatusFilter, select_page
from bot.views.footer import context, footer
from bot.views.formatting import number
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, build
from bot.views.mrkdwn import safe
from bot.views.pagination import pagination_actions, range_line
from bot.views.state import ViewState
from bot.views.task_card import task_card

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


def _header(state: ViewState, total: int, lang: str) -> HeaderBlock:
    text = label(lang, "header.count", title=title(state, lang), count=number(total))
    return HeaderBlock(text=PlainTextObject(text=text, emoji=True), block_id="tasks_header")


def _quoted_query(state: ViewState) -> str:
    return f"“{safe(state.query or '', QUERY_SHOWN_MAX)}”"


def _range_context(page: Page, state: ViewState, lang: str) -> Block:
    lines = [range_line(page, lang)]
    if state.query:
        lines.append(label(lang, "list.search", query=_quoted_query(state)))
    return context(lines, block_id="tasks_range")


def _empty(state: ViewState, lang: str) -> SectionBlock:
    if state.query:
        line = label(lang, "empty.search", query=_quoted_query(state))
    else:
        line = label(lang, f"empty.{state.status_filter.value}")
    if state.query or state.status_filter is not StatusFilter.ALL:
        line += " " + label(lang, "empty.hint")
    text = MarkdownTextObject(text=line, verbatim=True)
    return SectionBlock(text=text, block_id="tasks_empty")


def _cards(page: Page, lang: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for offset, task in enumerate(page.items):
        if offset:
            blocks.append({"type": "divider"})
        blocks.append(task_card(task, lang, block_id=f"task_{page.first_index + offset}"))
    return blocks


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
) -> Message:
    """One page of the tasks a LIST/SEARCH command or a button's ViewState asks for.

    ``page`` defaults to the state's page (1 for a command); out-of-range pages clamp.
    """
    lang = normalise_lang(lang)
    state = view_state(command_or_state, page)
    size = min(max(1, page_size), MAX_PAGE_SIZE)
    chosen = select_page(
        snapshot.tasks, state.status_filter, state.query, page=state.page, page_size=size
    )
    state = state.at_page(chosen.page)
    blocks: list[Block | dict[str, Any]] = [_header(state, chosen.total, lang)]
    if chosen.items:
        blocks += [_range_context(chosen, state, lang), DividerBlock(), *_cards(chosen, lang)]
    else:
        blocks.append(_empty(state, lang))
    blocks += [pagination_actions(chosen, state, lang), footer(snapshot, now, lang)]
    return build(_fallback(state, chosen, lang), blocks)
