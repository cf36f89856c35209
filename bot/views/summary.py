"""Counts and capacity per status (the ``summary`` command)."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import HeaderBlock, MarkdownTextObject, PlainTextObject, SectionBlock

from bot.ivc.snapshot import TaskSnapshot
from bot.tasks.selection import StatusGroup
from bot.tasks.stats import GroupStats, Summary, summarize
from bot.views.footer import footer
from bot.views.formatting import capacity, group_label, number
from bot.views.i18n import counted, label, normalise_lang
from bot.views.message import Message, build

UNKNOWN_VALUES_SHOWN = 10


def _stats_line(stats: GroupStats, lang: str) -> str:
    shown = capacity(stats.capacity_mb, lang)
    return counted(lang, "summary.line", stats.count, count=number(stats.count), capacity=shown)


def _group_title(group: StatusGroup, summary: Summary, lang: str) -> str:
    title = group_label(group, lang)
    if group is StatusGroup.UNKNOWN and summary.unknown_statuses:
        values = [str(v) for v in summary.unknown_statuses[:UNKNOWN_VALUES_SHOWN]]
        more = ", …" if len(summary.unknown_statuses) > UNKNOWN_VALUES_SHOWN else ""
        title += f" ({', '.join(values)}{more})"
    return title


def summary_fields(summary: Summary, lang: str = "en") -> list[MarkdownTextObject]:
    """One field per status group (unknown only when present) and one for the total."""
    fields = [
        MarkdownTextObject(
            text=f"*{_group_title(group, summary, lang)}*\n{_stats_line(stats, lang)}",
            verbatim=True,
        )
        for group, stats in summary.groups.items()
        if group is not StatusGroup.UNKNOWN or stats.count
    ]
    total = f"*{label(lang, 'summary.total')}*\n{_stats_line(summary.total, lang)}"
    fields.append(MarkdownTextObject(text=total, verbatim=True))
    return fields


def render_summary(snapshot: TaskSnapshot, *, now: datetime, lang: str = "en") -> Message:
    """Counts and capacity per status, with the data age."""
    lang = normalise_lang(lang)
    summary = summarize(snapshot.tasks)
    title = label(lang, "summary.header", count=number(summary.total.count))
    blocks = [
        HeaderBlock(text=PlainTextObject(text=title, emoji=True), block_id="summary_header"),
        SectionBlock(fields=summary_fields(summary, lang), block_id="summary"),
        footer(snapshot, now, lang),
    ]
    return build(title, blocks)
