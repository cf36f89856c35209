"""Describing subscriptions, schedules, statuses and durations in both languages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.ivc.models import TaskStatus, parse_status
from bot.schedule import Schedule, ScheduleKind
from bot.schedule.model import WEEKDAY_NAMES
from bot.subscriptions.model import (
    PAUSED_BY_USER,
    PAUSED_CHANNEL_ARCHIVED,
    PAUSED_NOT_IN_CHANNEL,
    NotifyEvent,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)
from bot.subscriptions.schedules import next_run_of, subscription_schedule
from bot.tasks.selection import StatusGroup
from bot.views.formatting import STATUS_EMOJI, date_token, number
from bot.views.i18n import label
from bot.views.mrkdwn import code, safe, truncate

BOT_NAME = "Retrieval Tasks"
REASON_MAX = 200
WHAT_MAX = 100
_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,20}")


def status_name(status: int, lang: str = "en") -> str:
    """A task status as a plain word ("Pending"); unknown values as "Status 7"."""
    known = parse_status(status)
    if isinstance(known, TaskStatus):
        return label(lang, f"status.{known.name.lower()}")
    return label(lang, "status.unknown", value=int(status))


def status_emoji(status: int) -> str:
    known = parse_status(status)
    if isinstance(known, TaskStatus):
        return STATUS_EMOJI[StatusGroup[known.name]]
    return STATUS_EMOJI[StatusGroup.UNKNOWN]


def duration(span: timedelta, lang: str = "en") -> str:
    """A rounded-down length of time: "under a minute", "45 min", "3 h 20 min", "2 d 5 h"."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        if hours:
            return label(lang, "duration.days_hours", d=number(days), h=hours)
        return label(lang, "duration.days", d=number(days))
    if hours:
        if mins:
            return label(lang, "duration.hours_minutes", h=hours, m=mins)
        return label(lang, "duration.hours", h=hours)
    if mins:
        return label(lang, "duration.minutes", m=mins)
    return label(lang, "duration.under_minute")


def schedule_text(schedule: Schedule, timezone: str | None, lang: str = "en") -> str:
    """Raw text of a schedule as the reader would type it ("daily 09:00 Asia/Shanghai")."""
    if schedule.kind is ScheduleKind.EVERY:
        return label(lang, "schedule.every", interval=schedule.interval_text)
    day = label(lang, f"weekday.{WEEKDAY_NAMES[schedule.weekday]}")
    text = label(lang, f"schedule.{schedule.kind.value}", time=schedule.time_text, day=day)
    zone = schedule.timezone or timezone
    return f"{text} {zone}" if zone else text


def events_text(events: Sequence[NotifyEvent], lang: str = "en") -> str:
    """Raw text of notify events as the reader would type them ("notify appeared, retrieved")."""
    names = ", ".join(label(lang, f"event.{event.value}") for event in events)
    return label(lang, "schedule.notify", events=names).strip()


def subscription_raw_text(sub: Subscription, lang: str = "en") -> str:
    """What a subscription is, as command text (unescaped)."""
    if sub.kind is SubscriptionKind.NOTIFY:
        return events_text(sub.events, lang)
    schedule = subscription_schedule(sub)
    if schedule is None:
        return sub.schedule or "?"
    return schedule_text(schedule, sub.timezone, lang)


def subscription_what(sub: Subscription, lang: str = "en") -> str:
    """What a subscription is, as an escaped code span: `daily 09:00 Asia/Shanghai`."""
    return code(subscription_raw_text(sub, lang), WHAT_MAX)


def subscription_title(sub: Subscription, lang: str = "en") -> str:
    """ "*#3* · :calendar: Summary `daily 09:00 Asia/Shanghai`"."""
    key = "subs.notify" if sub.kind is SubscriptionKind.NOTIFY else "subs.summary"
    return f"*#{sub.id}* · " + label(lang, key, what=subscription_what(sub, lang))


def upcoming(sub: Subscription, now: datetime | None) -> datetime | None:
    """When an active summary subscription runs next: its stored time if still ahead, else
    computed from its schedule (None for notify or paused subscriptions)."""
    if sub.kind is not SubscriptionKind.SUMMARY or sub.state is not SubscriptionState.ACTIVE:
        return None
    if sub.next_run_at is not None and (now is None or sub.next_run_at > now):
        return sub.next_run_at
    return next_run_of(sub, now) if now is not None else None


def paused_reason(sub: Subscription, lang: str = "en", bot_name: str = BOT_NAME) -> str:
    """Why a subscription is paused, as safe mrkdwn."""
    reason = sub.paused_reason or PAUSED_BY_USER
    if reason == PAUSED_BY_USER:
        return label(lang, "subs.reason.by_user", id=sub.id)
    if reason == PAUSED_NOT_IN_CHANNEL:
        return label(lang, "subs.reason.not_in_channel", id=sub.id, bot=safe(bot_name, 80))
    if reason == PAUSED_CHANNEL_ARCHIVED:
        return label(lang, "subs.reason.channel_archived")
    return label(lang, "subs.reason.other", reason=safe(reason, REASON_MAX))


def subscription_state(sub: Subscription, now: datetime | None, lang: str = "en") -> str:
    """ ":large_green_circle: active · next: <date>" or ":double_vertical_bar: paused · why"."""
    if sub.state is SubscriptionState.PAUSED:
        return f"{label(lang, 'subs.paused')} · {paused_reason(sub, lang)}"
    parts = [label(lang, "subs.active")]
    if sub.kind is SubscriptionKind.NOTIFY:
        parts.append(label(lang, "subs.on_change"))
    else:
        when = upcoming(sub, now)
        if when is not None:
            parts.append(label(lang, "subs.next", when=date_token(when)))
    return " · ".join(parts)


def channel_mention(channel_id: str) -> str:
    """``<#C123>`` for a Slack channel id; anything else as an escaped code span."""
    if isinstance(channel_id, str) and _CHANNEL_ID.fullmatch(channel_id):
        return f"<#{channel_id}>"
    return code(str(channel_id), 40)


def bounded_lines(head: str, lines: Sequence[str], total: int, lang: str, limit: int = 2900) -> str:
    """``head`` and as many ``lines`` as fit in ``limit`` characters, then "+N more" for the
    rest of ``total`` (which counts items not in ``lines`` too)."""
    shown: list[str] = [head] if head else []
    size = len(head)
    used = 0
    reserve = 40  # room for the "+N more" line
    for line in lines:
        if size + 1 + len(line) > limit - reserve:
            break
        shown.append(line)
        size += 1 + len(line)
        used += 1
    if total > used:
        shown.append(label(lang, "csum.more", n=number(total - used)))
    return truncate("\n".join(shown), limit)
