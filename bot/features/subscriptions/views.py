"""Subscriptions of a channel: the list, confirmations and refusals."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
)

from bot.subscriptions.model import Subscription, SubscriptionKind
from bot.subscriptions.refusals import (
    SubscribingTooFast,
    SubscriptionRefused,
    TooManySubscriptions,
)
from bot.views.blocks import one_section, section
from bot.views.formatting import date_token, number
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, MessageKind, build
from bot.views.mrkdwn import safe
from bot.views.subscription_text import (
    BOT_NAME,
    subscription_state,
    subscription_title,
    subscription_what,
    upcoming,
)

MAX_LISTED = 45  # header + 45 sections + "+N more" <= 50 blocks
IDS_SHOWN = 30


def _one_line(text: str, block_id: str = "subscription_result") -> Message:
    return one_section(text, block_id)


def _refusal(text: str) -> Message:
    """One line refusing a subscription change: not allowed, not found, already there, full."""
    return one_section(text, "subscription_error").as_kind(MessageKind.REFUSED)


def render_subscriptions(
    subs: Sequence[Subscription], *, now: datetime, lang: str = "en"
) -> Message:
    """A channel's subscriptions by number: what each is, its state and its next run (a date
    token, so each reader sees their own time zone). An empty list explains how to start."""
    lang = normalise_lang(lang)
    ordered = sorted(subs, key=lambda sub: sub.id)
    title = label(lang, "subs.header", count=number(len(ordered)))
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=title, emoji=True), block_id="subs_header")
    ]
    if not ordered:
        blocks.append(section(label(lang, "subs.empty"), "subs_empty"))
        return build(label(lang, "subs.empty"), blocks)
    for sub in ordered[:MAX_LISTED]:
        text = f"{subscription_title(sub, lang)}\n{subscription_state(sub, now, lang)}"
        blocks.append(section(text, f"sub_{sub.id}"))
    hidden = len(ordered) - MAX_LISTED
    if hidden > 0:
        more = MarkdownTextObject(text=label(lang, "subs.more", n=number(hidden)), verbatim=True)
        blocks.append(ContextBlock(elements=[more], block_id="subs_more"))
    return build(title, blocks)


def render_subscribed(
    sub: Subscription, *, lang: str = "en", now: datetime | None = None
) -> Message:
    """ ":white_check_mark: Subscribed (#3): this channel gets a summary `daily 09:00 …`.
    Next: <date>" (the next run from ``sub.next_run_at``, or computed when ``now`` is given)."""
    lang = normalise_lang(lang)
    what = subscription_what(sub, lang)
    if sub.kind is SubscriptionKind.NOTIFY:
        return _one_line(label(lang, "sub.subscribed.notify", id=sub.id, what=what))
    text = label(lang, "sub.subscribed.summary", id=sub.id, what=what)
    when = upcoming(sub, now)
    if when is not None:
        text += " " + label(lang, "sub.next", when=date_token(when))
    return _one_line(text)


def render_unsubscribed(ids: Sequence[int], *, lang: str = "en") -> Message:
    """ ":wastebasket: Unsubscribed #3, #4." (or that there was nothing to remove)."""
    lang = normalise_lang(lang)
    unique = sorted(set(ids))
    if not unique:
        return _one_line(label(lang, "sub.unsubscribed.none"))
    shown = ", ".join(f"#{i}" for i in unique[:IDS_SHOWN])
    if len(unique) > IDS_SHOWN:
        shown += ", " + label(lang, "csum.more", n=number(len(unique) - IDS_SHOWN))
    return _one_line(label(lang, "sub.unsubscribed", ids=shown))


def render_paused(sub: Subscription, *, lang: str = "en") -> Message:
    lang = normalise_lang(lang)
    return _one_line(label(lang, "sub.paused", id=sub.id, what=subscription_what(sub, lang)))


def render_resumed(sub: Subscription, *, lang: str = "en", now: datetime | None = None) -> Message:
    """ ":arrow_forward: Resumed #3 (`daily 09:00 …`). Next: <date>" for summaries."""
    lang = normalise_lang(lang)
    text = label(lang, "sub.resumed", id=sub.id, what=subscription_what(sub, lang))
    when = upcoming(sub, now)
    if when is not None:
        text += " " + label(lang, "sub.next", when=date_token(when))
    return _one_line(text)


def render_duplicate(existing: Subscription, *, lang: str = "en") -> Message:
    """ "This channel already has `daily 09:00 Asia/Shanghai` (#3)"."""
    lang = normalise_lang(lang)
    what = subscription_what(existing, lang)
    text = label(lang, "error.duplicate", what=what, id=existing.id)
    return _refusal(text)


def render_not_found(subscription_id: int, *, lang: str = "en") -> Message:
    lang = normalise_lang(lang)
    number_shown = int(subscription_id)
    text = label(lang, "error.not_found", id=number_shown)
    return _refusal(text)


def render_not_in_channel(*, lang: str = "en", bot_name: str = BOT_NAME) -> Message:
    """ "I can't post in this channel: invite me with `/invite @Retrieval Tasks`, then try
    again"."""
    lang = normalise_lang(lang)
    text = label(lang, "error.not_in_channel", bot=safe(bot_name, 80))
    return _refusal(text)


def render_refused(refusal: SubscriptionRefused, *, lang: str = "en") -> Message:
    """One line: the channel is full (remove one first), or the user subscribes too fast."""
    lang = normalise_lang(lang)
    if isinstance(refusal, TooManySubscriptions):
        text = label(lang, "error.too_many_subscriptions", limit=number(refusal.limit))
    elif isinstance(refusal, SubscribingTooFast):
        seconds = max(1, math.ceil(refusal.retry_after))
        text = label(lang, "error.subscribing_too_fast", seconds=number(seconds))
    else:
        text = label(lang, "error.not_allowed")
    return _refusal(text)
