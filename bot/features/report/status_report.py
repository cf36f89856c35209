"""The status report: what the `summary` command answers and a summary subscription posts.

Counts and capacity per status, changes since the previous scheduled summary, the oldest
pending task and copies about to expire. The one summary view of the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    PlainTextObject,
    SectionBlock,
)

from bot.ivc.models import Task
from bot.ivc.snapshot import TaskSnapshot
from bot.subscriptions.report_input import StatusReportInput, build_report_input
from bot.tasks.memory import TaskMemory
from bot.views.blocks import section
from bot.views.footer import context, footer_lines
from bot.views.formatting import date_token, number
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, build
from bot.views.mrkdwn import code, safe
from bot.views.state import ViewState, encode_view_state
from bot.views.status_counts import status_count_fields
from bot.views.subscription_text import bounded_lines, duration, status_emoji, status_name
from bot.views.task_card import TASK_ID_MAX

SUMMARY_OPEN_LIST = "summary_open_list"
NAME_SHOWN_MAX = 80


def _status(status: int, lang: str) -> str:
    return f"{status_emoji(status)} {status_name(status, lang)}"


def _task_ref(task: Task, lang: str) -> str:
    """ "name `TaskId`", escaped and cut."""
    name = safe(task.name, NAME_SHOWN_MAX) or label(lang, "name.empty")
    return f"{name} {code(task.task_id, TASK_ID_MAX)}"


def _changed(data: StatusReportInput, since: datetime, lang: str) -> SectionBlock:
    when = date_token(since)
    if not data.changed_total:
        return section(label(lang, "csum.changed.none", since=when), "csum_changed")
    head = label(lang, "csum.changed", since=when, count=number(data.changed_total))
    lines = []
    for item in data.changed:
        now_status = _status(item.task.status, lang)
        if item.from_status is None:
            move = label(lang, "csum.now", status=now_status)
        else:
            move = f"{_status(item.from_status, lang)} → {now_status}"
        lines.append(f"• {_task_ref(item.task, lang)}: {move} · {date_token(item.changed_at)}")
    return section(bounded_lines(head, lines, data.changed_total, lang), "csum_changed")


def _oldest(data: StatusReportInput, lang: str) -> SectionBlock | None:
    oldest = data.oldest_pending
    if oldest is None:
        return None
    waiting = label(lang, "csum.waiting", duration=duration(oldest.waiting, lang))
    text = f"{label(lang, 'csum.oldest')}\n{_task_ref(oldest.task, lang)} · {waiting}"
    return section(text, "csum_oldest")


def _expiring(data: StatusReportInput, lang: str) -> list[Block]:
    if not data.expiring_total:
        return []
    head = label(lang, "csum.expiring", count=number(data.expiring_total))
    lines = [
        f"• {_task_ref(item.task, lang)} · "
        + label(lang, "csum.expires_in", duration=duration(item.expires_at - data.now, lang))
        for item in data.expiring
    ]
    return [
        section(bounded_lines(head, lines, data.expiring_total, lang), "csum_expiring"),
        context([label(lang, "csum.estimate_note")], block_id="csum_estimate"),
    ]


def open_list_button(lang: str) -> ActionsBlock:
    """ "Open the full list": its value is the list's view state (all tasks, page 1)."""
    button = ButtonElement(
        text=PlainTextObject(text=label(lang, "button.open_list"), emoji=True),
        action_id=SUMMARY_OPEN_LIST,
        value=encode_view_state(ViewState()),
    )
    return ActionsBlock(elements=[button], block_id="csum_actions")


def render_status_report(
    data: StatusReportInput,
    *,
    now: datetime,
    lang: str = "en",
    snapshot: TaskSnapshot | None = None,
) -> Message:
    """Counts and capacity per status; status changes since the previous summary (only when
    ``data.since`` is set); the oldest pending task; copies expiring within 24 h (estimated);
    an "Open the full list" button. Every list is capped with "+N more" (at most 10 blocks).
    With the ``snapshot`` the data came from, the footer says its age, and warns when it is
    stale."""
    lang = normalise_lang(lang)
    title = label(lang, "csum.header", count=number(data.total_tasks))
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=title, emoji=True), block_id="csum_header"),
        SectionBlock(fields=status_count_fields(data.stats, lang), block_id="csum_counts"),
    ]
    details: list[Block] = []
    if data.since is not None:
        details.append(_changed(data, data.since, lang))
    oldest = _oldest(data, lang)
    if oldest is not None:
        details.append(oldest)
    details += _expiring(data, lang)
    if details:
        blocks += [DividerBlock(), *details]
    blocks.append(open_list_button(lang))
    lines = [label(lang, "csum.as_of", when=date_token(now))]
    if snapshot is not None:
        lines = footer_lines(snapshot, now, lang)
    blocks.append(context(lines, "csum_footer"))
    return build(title, blocks)


def status_report(
    snapshot: TaskSnapshot,
    memory: Mapping[str, TaskMemory],
    *,
    now: datetime,
    since: datetime | None = None,
    lang: str = "en",
) -> Message:
    """The status report of ``snapshot``, with what the task ``memory`` adds (empty when the
    app keeps none: every pending task then counts as first seen ``now``)."""
    data = build_report_input(snapshot.tasks, memory, since, now)
    return render_status_report(data, now=now, lang=lang, snapshot=snapshot)
