"""Render a parsed list, search, summary, help or invalid command as a message."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.commands.model import Command, CommandKind
from bot.features.report.status_report import status_report
from bot.features.tasks.help import render_help
from bot.features.tasks.task_list import render_list
from bot.ivc.snapshot import TaskSnapshot
from bot.tasks.memory import TaskMemory
from bot.views.errors import problem_text
from bot.views.message import Message
from bot.views.rendering import Rendering
from bot.views.task_link import TaskLinks
from bot.views.task_menu import PRIVATE_VIEWER, Reader

_NEEDS_DATA = (CommandKind.LIST, CommandKind.SEARCH, CommandKind.SUMMARY)


def render_command(
    command: Command,
    snapshot: TaskSnapshot | None,
    *,
    now: datetime,
    lang: str = "en",
    page: int = 1,
    reader: Reader = PRIVATE_VIEWER,
    rendering: Rendering = Rendering.CLASSIC,
    stored: Mapping[str, TaskMemory] | None = None,
    links: TaskLinks | None = None,
) -> Message:
    """Render LIST, SEARCH, SUMMARY, HELP and INVALID commands.

    SHOW needs the task's details and is rendered with ``render_details``; passing it (or a
    subscription command) here is a programming error and raises ValueError, as is a LIST,
    SEARCH or SUMMARY without a snapshot.
    """
    if command.kind is CommandKind.HELP:
        return render_help(lang)
    if command.kind is CommandKind.INVALID:
        return render_help(lang, problem=problem_text(command, lang))
    if command.kind not in _NEEDS_DATA:
        raise ValueError(f"render_command cannot render {command.kind.name}; use render_details")
    if snapshot is None:
        raise ValueError(f"{command.kind.name} needs a task snapshot")
    if command.kind is CommandKind.SUMMARY:
        return status_report(snapshot, {}, now=now, lang=lang)  # no task memory here
    return render_list(
        snapshot,
        command,
        page=page,
        now=now,
        lang=lang,
        reader=reader,
        rendering=rendering,
        stored=stored,
        links=links,
    )
