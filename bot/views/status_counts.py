"""Counts and capacity per status group, as Block Kit fields (status report and Home tab)."""

from __future__ import annotations

from slack_sdk.models.blocks import MarkdownTextObject

from bot.tasks.selection import StatusGroup
from bot.tasks.stats import GroupStats, StatusStats
from bot.views.formatting import capacity, group_label, number
from bot.views.i18n import counted, label

UNKNOWN_VALUES_SHOWN = 10


def _stats_line(stats: GroupStats, lang: str) -> str:
    shown = capacity(stats.capacity_mb, lang)
    return counted(lang, "counts.line", stats.count, count=number(stats.count), capacity=shown)


def _group_title(group: StatusGroup, stats: StatusStats, lang: str) -> str:
    title = group_label(group, lang)
    if group is StatusGroup.UNKNOWN and stats.unknown_statuses:
        values = [str(v) for v in stats.unknown_statuses[:UNKNOWN_VALUES_SHOWN]]
        more = ", …" if len(stats.unknown_statuses) > UNKNOWN_VALUES_SHOWN else ""
        title += f" ({', '.join(values)}{more})"
    return title


def status_count_fields(stats: StatusStats, lang: str = "en") -> list[MarkdownTextObject]:
    """One field per status group (unknown only when present) and one for the total."""
    fields = [
        MarkdownTextObject(
            text=f"*{_group_title(group, stats, lang)}*\n{_stats_line(group_stats, lang)}",
            verbatim=True,
        )
        for group, group_stats in stats.groups.items()
        if group is not StatusGroup.UNKNOWN or group_stats.count
    ]
    total = f"*{label(lang, 'counts.total')}*\n{_stats_line(stats.total, lang)}"
    fields.append(MarkdownTextObject(text=total, verbatim=True))
    return fields
