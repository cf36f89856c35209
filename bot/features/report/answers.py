"""The ``report`` command's answer: the period report of the recorded task history, with the
tasks IVC lists now (pure but for those two reads)."""

from __future__ import annotations

from bot.clock import utc_now
from bot.features.report.period_report import render_report
from bot.ivc.source import TaskSource
from bot.reports.history import HistorySource
from bot.reports.report import build_report
from bot.views.message import Message
from bot.views.rendering import Rendering


async def answer_report(
    days: int,
    source: TaskSource,
    history: HistorySource,
    *,
    workspace_id: str,
    zone: str,
    lang: str,
    rendering: Rendering = Rendering.CLASSIC,
) -> Message:
    """The report of the last ``days`` days (in ``zone``) from the recorded history; expiring
    copies only of tasks IVC still lists. Raises the ``IvcError`` if IVC fails."""
    snapshot = await source.list()
    events = await history.events(workspace_id=workspace_id)
    now = utc_now(source.clock)
    listed = {task.task_id for task in snapshot.tasks}
    report = build_report(events, now=now, days=days, zone=zone, listed=listed)
    return render_report(report, now=now, lang=lang, rendering=rendering)
