"""The App Home tab: task counts per status, my watches, every channel's subscriptions,
Refresh, and New retrieval for a task manager."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.features.watches.views import home_watches
from bot.ivc.snapshot import TaskSnapshot
from bot.slack.admin_paths import HOME_REFRESH
from bot.subscriptions.model import Subscription
from bot.tasks.stats import status_stats
from bot.views.blocks import section
from bot.views.footer import context, footer_lines
from bot.views.formatting import number
from bot.views.i18n import label, normalise_lang
from bot.views.mrkdwn import safe_line
from bot.views.new_task_button import new_task_button
from bot.views.status_counts import status_count_fields
from bot.views.subscription_text import (
    bounded_lines,
    channel_mention,
    subscription_state,
    subscription_title,
)
from bot.watches.model import WatchedTask

MAX_HOME_BLOCKS = 100
MAX_CHANNELS = 80  # 11 fixed blocks (2 of them my watches) + 80 channels + "+N more" <= 100
ERROR_MAX = 500


def _by_channel(subs: Sequence[Subscription]) -> list[tuple[str, list[Subscription]]]:
    """Subscriptions grouped by channel (workspace, then channel id), each group ordered by id."""
    groups: dict[tuple[str, str], list[Subscription]] = {}
    for sub in sorted(subs, key=lambda s: (s.workspace_id, s.channel_id, s.id)):
        groups.setdefault((sub.workspace_id, sub.channel_id), []).append(sub)
    return [(channel, items) for (_, channel), items in groups.items()]


def _channelsection(
    channel_id: str, subs: list[Subscription], index: int, now: datetime, lang: str
) -> SectionBlock:
    lines = [
        f"• {subscription_title(sub, lang)} · {subscription_state(sub, now, lang)}" for sub in subs
    ]
    text = bounded_lines(f"*{channel_mention(channel_id)}*", lines, len(subs), lang)
    return section(text, f"home_channel_{index}")


def render_home(
    snapshot: TaskSnapshot | None,
    subs: Sequence[Subscription],
    *,
    now: datetime,
    lang: str = "en",
    error: str | None = None,
    report: Sequence[dict[str, Any]] = (),
    manager: bool = False,
    watches: Sequence[WatchedTask] = (),
) -> list[dict[str, Any]]:
    """Blocks of the Home tab (views.publish, type "home"), at most 100.

    ``error`` (raw text, escaped here) is shown as a warning line, e.g. when IVC failed and
    ``snapshot`` is None or stale. Channels come from Slack, so they are shown as mentions.
    ``report``: the last 7 days' report blocks (``period_report.report_blocks``), shown under
    the counts; the channels shown shrink to keep within 100 blocks. A ``manager``
    (TASK_MANAGERS: the tab is theirs alone) also gets New retrieval. ``watches`` are the
    reader's own ("My watches", one section).
    """
    lang = normalise_lang(lang)
    title = label(lang, "home.header")
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=title, emoji=True), block_id="home_header")
    ]
    error_text = safe_line(error, ERROR_MAX) if error else ""
    if error_text:
        blocks.append(section(label(lang, "home.error", error=error_text), "home_error"))
    if snapshot is not None:
        stats = status_stats(snapshot.tasks)
        blocks.append(SectionBlock(fields=status_count_fields(stats, lang), block_id="home_counts"))
        blocks.append(context(footer_lines(snapshot, now, lang), block_id="home_age"))
    else:
        blocks.append(section(label(lang, "home.no_data"), "home_no_data"))
    refresh = ButtonElement(
        text=PlainTextObject(text=label(lang, "button.refresh"), emoji=True),
        action_id=HOME_REFRESH,
        value="home",
    )
    actions: list[ButtonElement | dict[str, Any]] = [refresh]
    if manager:
        actions.append(new_task_button(lang))
    blocks.append(ActionsBlock(elements=actions, block_id="home_actions"))
    if report:
        blocks.append(DividerBlock())
        heading_text = PlainTextObject(text=label(lang, "home.report"), emoji=True)
        blocks.append(HeaderBlock(text=heading_text, block_id="home_report_header"))
    blocks.append(DividerBlock())
    blocks.append(home_watches(watches, now=now, lang=lang))
    blocks.append(DividerBlock())
    heading = label(lang, "home.subscriptions", count=number(len(subs)))
    blocks.append(section(heading, "home_subscriptions"))
    channels = _by_channel(subs)
    if not channels:
        blocks.append(section(label(lang, "home.no_subscriptions"), "home_no_subscriptions"))
    shown = MAX_CHANNELS - len(report) - (2 if report else 0)
    for index, (channel_id, items) in enumerate(channels[:shown]):
        blocks.append(_channelsection(channel_id, items, index, now, lang))
    hidden = len(channels) - shown
    if hidden > 0:
        more = label(lang, "home.more_channels", n=number(hidden))
        elements = [MarkdownTextObject(text=more, verbatim=True)]
        blocks.append(ContextBlock(elements=elements, block_id="home_more"))
    rendered = [block.to_dict() for block in blocks]
    if report:  # right after the report's header
        at = next(i for i, b in enumerate(rendered) if b.get("block_id") == "home_report_header")
        rendered[at + 1 : at + 1] = list(report)
    return rendered
