"""Turn a parsed command into a Block Kit message: from the cache alone, or after fetching.

Knows nothing of Slack's transport; the Bolt layer decides where the message goes (and who
reads it: the ``Reader`` that decides the cards' menus), and turns an ``IvcError`` raised
here into its one-line message (``bot.slack.errors``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.clock import utc_now
from bot.commands import Command, CommandKind
from bot.features.report.status_report import status_report
from bot.features.tasks.command import render_command
from bot.features.tasks.task_details import render_details
from bot.features.tasks.task_list import render_list
from bot.ivc.cache import DetailsSnapshot
from bot.ivc.models import Task
from bot.ivc.snapshot import TaskSnapshot
from bot.ivc.source import TaskSource
from bot.tasks.memory import MemorySource, TaskMemory
from bot.tasks.playable import PlayState, play_state
from bot.views.message import Message
from bot.views.notices import render_task_not_found
from bot.views.rendering import Rendering
from bot.views.state import ViewState
from bot.views.task_link import TaskLinks
from bot.views.task_menu import PRIVATE_VIEWER, Reader

_NO_DATA = (CommandKind.HELP, CommandKind.INVALID)
_NEVER_CACHED = (CommandKind.REPORT,)  # reads the database


def _now(source: TaskSource) -> datetime:
    return utc_now(source.clock)


def _summary(
    snapshot: TaskSnapshot, memory: Mapping[str, TaskMemory], now: datetime, lang: str
) -> Message:
    return status_report(snapshot, memory, now=now, lang=lang)


def answer_from_cache(
    command: Command,
    source: TaskSource,
    *,
    lang: str,
    memory: MemorySource | None = None,
    reader: Reader = PRIVATE_VIEWER,
    rendering: Rendering = Rendering.CLASSIC,
    links: TaskLinks | None = None,
) -> Message | None:
    """The full answer if it needs no I/O (help, or fresh cached data), else None."""
    now = _now(source)
    if command.kind in _NO_DATA:
        return render_command(command, None, now=now, lang=lang)
    if command.kind is CommandKind.SHOW:
        task_id = command.task_id or ""
        stored = memory.peek() if memory is not None else None
        snapshot = source.peek()
        return _show_from_cache(
            task_id, command.refresh, snapshot, source, lang, reader, stored, links
        )
    if command.refresh or command.kind in _NEVER_CACHED:
        return None
    snapshot = source.peek()
    if snapshot is None:
        return None
    if command.kind is CommandKind.SUMMARY and memory is not None:
        stored = memory.peek()
        return None if stored is None else _summary(snapshot, stored, now, lang)
    return render_command(
        command,
        snapshot,
        now=now,
        lang=lang,
        reader=reader,
        rendering=rendering,
        stored=_stored(memory),
        links=links,
    )


def _stored(memory: MemorySource | None) -> Mapping[str, TaskMemory] | None:
    """What this process last read of the task memory (no I/O): a list's cards offer no
    Play for a copy expired by its estimate."""
    return memory.peek() if memory is not None else None


def _listed(snapshot: TaskSnapshot, task_id: str) -> bool:
    return any(task.task_id == task_id for task in snapshot.tasks)


def _show_from_cache(
    task_id: str,
    refresh: bool,
    snapshot: TaskSnapshot | None,
    source: TaskSource,
    lang: str,
    reader: Reader,
    stored: Mapping[str, TaskMemory] | None = None,
    links: TaskLinks | None = None,
) -> Message | None:
    """``show``: "not found" when the fresh list lacks the TaskId; cached details; else None."""
    if snapshot is not None and not _listed(snapshot, task_id):
        return render_task_not_found(task_id, lang)
    hit = None if refresh else source.details_cache.peek(task_id)
    if hit is None:
        return None
    return _details_message(hit, snapshot, source, lang, reader, stored, links)


def _current(hit: DetailsSnapshot, snapshot: TaskSnapshot | None) -> Task:
    """The task as the newer of the task list and its details says it is."""
    task = hit.details.task
    if snapshot is None or snapshot.fetched_at <= hit.fetched_at:
        return task
    return next((t for t in snapshot.tasks if t.task_id == task.task_id), task)


def _details_message(
    hit: DetailsSnapshot,
    snapshot: TaskSnapshot | None,
    source: TaskSource,
    lang: str,
    reader: Reader,
    stored: Mapping[str, TaskMemory] | None,
    links: TaskLinks | None = None,
) -> Message:
    """``show``'s answer; Play per camera when the task plays now (retrieved by the newer of
    the list and the details, copy not expired by the summaries' estimate); the task's link
    when PUBLIC_URL is set."""
    now, task = _now(source), _current(hit, snapshot)
    play = play_state(task, (stored or {}).get(task.task_id), now) is PlayState.PLAYABLE
    link = None if links is None else links.url(task.task_id)
    return render_details(
        hit.details,
        fetched_at=hit.fetched_at,
        now=now,
        lang=lang,
        reader=reader,
        play=play,
        link=link,
    )


async def _show(
    task_id: str,
    refresh: bool,
    source: TaskSource,
    lang: str,
    reader: Reader,
    memory: MemorySource | None,
    links: TaskLinks | None = None,
) -> Message:
    """``show``: only a TaskId of the task list (fresh, or fetched, shared) costs a details
    call; any other is "not found" at once."""
    snapshot = await source.list()
    if not _listed(snapshot, task_id):
        return render_task_not_found(task_id, lang)
    hit = await source.details(task_id, refresh=refresh)
    stored = None if memory is None else memory.peek()
    return _details_message(hit, snapshot, source, lang, reader, stored, links)


async def answer(
    command: Command,
    source: TaskSource,
    *,
    lang: str,
    memory: MemorySource | None = None,
    reader: Reader = PRIVATE_VIEWER,
    rendering: Rendering = Rendering.CLASSIC,
    links: TaskLinks | None = None,
) -> Message:
    """The answer after fetching what it needs; raises the ``IvcError`` if IVC fails
    (``links``: ``show`` gives the task's link)."""
    if command.kind is CommandKind.SHOW:
        task_id = command.task_id or ""
        return await _show(task_id, command.refresh, source, lang, reader, memory, links)
    if command.kind in _NO_DATA:
        return render_command(command, None, now=_now(source), lang=lang)
    snapshot = await source.list(refresh=command.refresh)
    if command.kind is CommandKind.SUMMARY and memory is not None:
        return _summary(snapshot, await memory.load(), _now(source), lang)
    now = _now(source)
    return render_command(
        command,
        snapshot,
        now=now,
        lang=lang,
        reader=reader,
        rendering=rendering,
        stored=_stored(memory),
        links=links,
    )


async def answer_view(
    state: ViewState,
    source: TaskSource,
    *,
    lang: str,
    refresh: bool,
    reader: Reader = PRIVATE_VIEWER,
    rendering: Rendering = Rendering.CLASSIC,
    memory: MemorySource | None = None,
    links: TaskLinks | None = None,
) -> Message:
    """Redraw a paginated list (Previous / Next / Refresh buttons); raises the ``IvcError``."""
    snapshot = await source.list(refresh=refresh)
    now = _now(source)
    return render_list(
        snapshot,
        state,
        page=state.page,
        now=now,
        lang=lang,
        reader=reader,
        rendering=rendering,
        stored=_stored(memory),
        links=links,
    )
