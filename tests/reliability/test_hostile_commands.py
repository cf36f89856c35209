"""Hostile command text: the parser never raises, and the reply the app would send is valid
Block Kit that pings nobody, for 10,000+ generated inputs (any unicode, control characters,
10,000-character strings, mrkdwn, ``<!here>``, quotes, the grammar's own words).

The reply is rendered as the listener renders it: ``answer_from_cache`` with a warm cache (a
list, search, summary, help, or help with the problem for INVALID; ``show`` from the details
cache), and the subscription views for subscription commands. Schema validation is memoised on
a canonical form of the payload (see ``tests.support.reliability.canonical``); the content
checks (pings, ``<!``, ids) run on every real payload.
"""

from __future__ import annotations

import string
from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace
from typing import Any, cast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answers import answer_from_cache
from bot.commands import Command, CommandKind, parse_command
from bot.commands.words import (
    DELETE_WORDS,
    EVENT_WORDS,
    HELP_WORDS,
    NEW_WORDS,
    NOTIFY_WORDS,
    PAUSE_WORDS,
    PLAY_WORDS,
    PUBLIC_WORDS,
    REFRESH_WORDS,
    REPORT_WORDS,
    RESUME_WORDS,
    SEARCH_WORDS,
    SHOW_WORDS,
    STATUS_WORDS,
    SUBSCRIBE_WORDS,
    SUBSCRIPTIONS_WORDS,
    SUMMARY_WORDS,
    UNSUBSCRIBE_WORDS,
    UNWATCH_WORDS,
    WATCH_WORDS,
    WATCHING_WORDS,
)
from bot.ivc.source import TaskSource
from bot.reports.report import build_report
from bot.slack.listeners.commands import MANAGER_KINDS, SUBSCRIPTION_KINDS, WATCH_KINDS
from bot.subscriptions.model import (
    DEFAULT_NOTIFY_EVENTS,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
    TaskMemory,
)
from bot.subscriptions.schedules import next_run_of
from bot.views import (
    Message,
    render_paused,
    render_resumed,
    render_subscribed,
    render_subscriptions,
    render_unsubscribed,
)
from bot.views.notices import render_not_a_manager
from bot.views.playback import render_no_channel, render_not_retrieved
from bot.views.rendering import Rendering
from bot.views.report import render_report
from bot.views.watch import render_unwatched, render_watched, render_watching
from tests.support.blockkit import assert_valid_message
from tests.support.reliability import (
    assert_valid_message_fast,
    canonical,
    record_result,
    text_is_length_only,
    valid_shapes_seen,
)
from tests.support.tasks import NOW, make_details, make_snapshot, make_task, make_tasks

EXAMPLES = 10_000
HOSTILE = [
    "<!here>",
    "<!channel>",
    "<!everyone>",
    "<@U123>",
    "<@W0|x>",
    "<#C0001|general>",
    "<!subteam^S1|team>",
    "<!date^1^{date}|x>",
    "<https://evil.example|click>",
    "&lt;!here&gt;",
    "*bold*",
    "_it_",
    "~s~",
    "`code`",
    "```block```",
    "> quote",
    "&amp;",
    "<",
    ">",
    "&",
    '"',
    "'",
    "“quoted”",
    "「引号」",
    "`",
    "\u202e",
    "\u200f",
    "\u2028",
    "\x00",
    "\x1b[31m",
    "\t",
    "\n",
    "\r\n",
    "🙂",
    "👨‍👩‍👧",
    "ﬁ",
    "ＰＥＮＤＩＮＧ",
    "İ",
    "ß",
    "#1",
    "#0",
    "-1",
    "99999999999999999999",
    "09:00",
    "25:61",
    "Asia/Shanghai",
    "Mars/Base",
    "every",
    "2h",
]
WORDS = [
    w
    for group in (
        *STATUS_WORDS.values(),
        SHOW_WORDS,
        DELETE_WORDS,
        PLAY_WORDS,
        NEW_WORDS,
        SEARCH_WORDS,
        SUMMARY_WORDS,
        HELP_WORDS,
        REFRESH_WORDS,
        PUBLIC_WORDS,
        SUBSCRIBE_WORDS,
        SUBSCRIPTIONS_WORDS,
        UNSUBSCRIBE_WORDS,
        PAUSE_WORDS,
        RESUME_WORDS,
        NOTIFY_WORDS,
        WATCH_WORDS,
        UNWATCH_WORDS,
        WATCHING_WORDS,
        REPORT_WORDS,
        *EVENT_WORDS.values(),
        (
            "daily",
            "weekdays",
            "weekly",
            "mon",
            "7d",
            "30d",
            "every",
            "1h",
            "12h",
            "all",
            "notify",
            "0123456789abcdef" * 2,
        ),
    )
    for w in group
]
SEPARATORS = [" ", "  ", "\t", "\n", "\u3000", "\u00a0", ",", "，", ""]

_SNAPSHOT = make_snapshot([*make_tasks(23), make_task(task_id="f" * 32, name="<!channel> *x*")])
_DETAILS = SimpleNamespace(details=make_details(), fetched_at=NOW - timedelta(seconds=5))
_MEMORY = {
    t.task_id: TaskMemory(
        t.task_id,
        t.name,
        int(t.status),
        NOW - timedelta(days=1),
        NOW - timedelta(hours=1),
        t.expiration_days,
    )
    for t in _SNAPSHOT.tasks[:5]
}


class _Details:
    def peek(self, task_id: str) -> Any:
        return _DETAILS


class _Memory:
    def peek(self) -> dict[str, TaskMemory]:
        return _MEMORY

    async def load(self) -> dict[str, TaskMemory]:
        return _MEMORY


# A stand-in for the parts of a TaskSource that the warm-cache path reads.
SOURCE = cast(
    TaskSource,
    SimpleNamespace(clock=NOW.timestamp, peek=lambda: _SNAPSHOT, details_cache=_Details()),
)


def _subscription(command: Command) -> Subscription:
    """The subscription ``command`` would create (as SubscriptionService builds it)."""
    if command.subscription_kind is SubscriptionKind.NOTIFY:
        sub = Subscription(
            1,
            "T0001",
            "C0001",
            SubscriptionKind.NOTIFY,
            "UTC",
            events=command.events or DEFAULT_NOTIFY_EVENTS,
        )
    else:
        assert command.schedule is not None
        sub = Subscription(
            1,
            "T0001",
            "C0001",
            SubscriptionKind.SUMMARY,
            command.schedule.timezone or "Asia/Shanghai",
            schedule=str(command.schedule),
        )
    return replace(sub, next_run_at=next_run_of(sub, NOW))


def reply_for(command: Command) -> list[Message]:
    """What the app answers: from the warm cache, or the subscription views (``new``: the
    refusal a non-manager gets; a manager's form is not a message)."""
    if command.kind in MANAGER_KINDS:
        return [render_not_a_manager("en"), render_not_a_manager("zh")]
    if command.kind in WATCH_KINDS:
        task_id = command.task_id or "x"
        return [
            render_watched(task_id, task_id, expires_at=NOW, retrieved=True, hours=24, lang="zh"),
            render_unwatched(task_id, was_watching=True, lang="en"),
            render_watching([], now=NOW, lang="en"),
        ]
    if command.kind is CommandKind.REPORT:  # from the history (none here), both renderings
        report = build_report([], now=NOW, days=command.report_days, zone="UTC", listed=set())
        return [
            render_report(report, now=NOW, lang="en", rendering=Rendering.NEWER),
            render_report(report, now=NOW, lang="zh", rendering=Rendering.CLASSIC),
        ]
    if command.kind is CommandKind.PLAY:  # the one-line refusals naming what was typed
        task_id, channel_id = command.task_id or "", command.channel_id or ""
        return [render_not_retrieved(task_id, "en"), render_no_channel(task_id, channel_id, "zh")]
    if command.kind not in SUBSCRIPTION_KINDS:
        # ``refresh`` would fetch first; the answer is then rendered from the same data
        cached = replace(command, refresh=False)
        message = answer_from_cache(cached, SOURCE, lang="en", memory=_Memory())
        assert message is not None, command
        return [message]
    if command.kind is CommandKind.SUBSCRIBE:
        sub = _subscription(command)
        return [
            render_subscribed(sub, lang="en", now=NOW),
            render_subscriptions([sub], now=NOW, lang="zh"),
        ]
    number = command.subscription_id or 1
    sub = Subscription(
        number,
        "T0001",
        "C0001",
        SubscriptionKind.SUMMARY,
        "UTC",
        schedule="daily 09:00",
        state=SubscriptionState.PAUSED,
    )
    if command.kind is CommandKind.UNSUBSCRIBE:
        return [render_unsubscribed([number], lang="en")]
    if command.kind is CommandKind.PAUSE:
        return [render_paused(sub, lang="en")]
    if command.kind is CommandKind.RESUME:
        return [render_resumed(sub, lang="en", now=NOW)]
    return [render_subscriptions([sub], now=NOW, lang="en")]


def _assembled(parts: list[str]) -> str:
    return "".join(parts)


SUBSCRIPTION_ARGS = [
    "#3",
    "12",
    "all",
    "daily 09:00",
    "every 2h",
    "notify",
    "summary daily 9:30",
    "weekdays 18:30 Asia/Shanghai",
    "notify new,done",
    "notify 全部",
    "#0",
    "daily 09:00 Mars/Base",
    "every 5m",
    "notify exploded",
    "",
]
grammar = st.builds(
    lambda head, arg, extra, sep: sep.join(p for p in (head, arg, extra) if p),
    st.sampled_from(
        [
            *SUBSCRIBE_WORDS,
            *PAUSE_WORDS,
            *RESUME_WORDS,
            *UNSUBSCRIBE_WORDS,
            *SUBSCRIPTIONS_WORDS,
            *SHOW_WORDS,
            *DELETE_WORDS,
            *PLAY_WORDS,
            *SEARCH_WORDS,
        ]
    ),
    st.sampled_from(SUBSCRIPTION_ARGS),
    st.one_of(st.just(""), st.sampled_from(HOSTILE + WORDS)),
    st.sampled_from([" ", "  ", "\u3000", "\t"]),
)
text_strategy = st.one_of(
    grammar,
    st.text(max_size=200),  # any unicode, control characters included
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.sampled_from(HOSTILE),
            st.sampled_from(SEPARATORS),
            st.text(max_size=8),
        ),
        max_size=12,
    ).map(_assembled),
    st.lists(st.sampled_from(WORDS + HOSTILE), min_size=1, max_size=8).map(" ".join),
    st.builds(
        lambda head, piece, n: f"{head} {piece * n}",
        st.sampled_from(["search", "show", "subscribe", "bogus", "pending", "搜索"]),
        st.sampled_from(["x", "<!here>", "🙂", "\x00", "*", " ", "ab "]),
        st.integers(1_000, 10_000),
    ),
    st.builds(
        lambda c, n: c * n,
        st.text(string.printable, min_size=1, max_size=3),
        st.integers(3_000, 10_000),
    ),
)

SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_any_command_text_gets_a_valid_inert_reply_and_every_kind_is_reached() -> None:
    """The property over every generated text, then: the inputs reached every kind of
    command (counted by this test itself, so it holds run alone or in any order)."""
    seen_kinds: dict[str, int] = {}

    @SETTINGS
    @given(text_strategy)
    def any_text_gets_a_valid_inert_reply(text: str) -> None:
        command = parse_command(text)
        seen_kinds[command.kind.name] = seen_kinds.get(command.kind.name, 0) + 1
        for message in reply_for(command):
            payload = {"text": message.text, "blocks": message.blocks, "response_type": "ephemeral"}
            assert_valid_message_fast(payload)

    any_text_gets_a_valid_inert_reply()
    missing = {k.name for k in CommandKind} - set(seen_kinds)
    assert not missing, f"no generated input parsed as {missing}"
    record_result(
        "hostile_commands",
        {
            "examples": sum(seen_kinds.values()),
            "by_kind": dict(sorted(seen_kinds.items())),
            "distinct_block_kit_shapes": valid_shapes_seen(),
        },
    )


def test_non_string_input_is_a_list() -> None:
    for value in (None, 3, b"pending", ["pending"]):
        assert parse_command(value).kind is CommandKind.LIST  # type: ignore[arg-type]


def test_memoised_check_agrees_with_the_full_one() -> None:
    """The canonical form keeps validity: the schema checks text by length only, and the
    memoised check fails where the full one does (a long text, too many blocks)."""
    assert text_is_length_only()
    samples = [
        "",
        "help",
        "pending",
        "search <!here>",
        "bogus " + "x" * 5000,
        "summary",
        "show " + "0123456789abcdef" * 2,
        "subscribe daily 09:00",
    ]
    for text in samples:
        for message in reply_for(parse_command(text)):
            payload = {"text": message.text, "blocks": message.blocks}
            assert_valid_message(payload)
            assert_valid_message_fast(payload)
            assert_valid_message({"text": "t", "blocks": canonical(message.blocks)})
    good = reply_for(parse_command("help"))[0]
    too_long = [{"type": "section", "text": {"type": "mrkdwn", "text": "y" * 3001}}]
    for blocks in (too_long, good.blocks * 13):
        broken = {"text": "t", "blocks": blocks}
        for check in (assert_valid_message, assert_valid_message_fast):
            try:
                check(broken)
            except AssertionError:
                continue
            raise AssertionError(f"{check.__name__} accepted an invalid message")
    pinging = {
        "text": "t",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi <!here>"}}],
    }
    try:
        assert_valid_message_fast(pinging)
    except AssertionError:
        pass
    else:
        raise AssertionError("the memoised check let a ping through")
