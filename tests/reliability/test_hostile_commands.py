"""Hostile command text: the parser never raises, and the reply the app would send is valid
Block Kit that pings nobody, for 10,000+ generated inputs (any unicode, control characters,
10,000-character strings, mrkdwn, ``<!here>``, quotes, the grammar's own words, and every
kind's English and Chinese words with its kind of argument).

The reply is rendered as the listener renders it: ``answer_from_cache`` with a warm cache (a
list, search, summary, help, or help with the problem for INVALID; ``show`` from the details
cache), the subscription views for subscription commands, and the one-line and list views of
watches, playback, downloads and the report, each echoing what was typed. The kinds answered
from a store or IVC after the ack (watch, unwatch, watching, play, report) are also sent to the
real app in process (``tests.support.in_process``: SQLite store, IVC simulator, fake Slack) and
both its ack and its ``response_url`` answer are checked (``download`` answers that app, on
the ``/ivc/`` API, in its ack alone: ``tests/features/playback/test_downloading.py`` drives
it). Schema validation is memoised on a canonical form of the payload (see
``tests.support.reliability.canonical``); the content checks (pings, ``<!``, ids) run on every
real payload.

Every kind of ``CommandKind`` must be reached, with an English and a Chinese command word
(INVALID aside): a kind added to the parser fails the test until the generator covers it.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.commands import Command, CommandKind, parse_command
from bot.commands.parser import keyword
from bot.commands.words import (
    DELETE_WORDS,
    DOWNLOAD_WORDS,
    EVENT_WORDS,
    HELP_WORDS,
    NEW_WORDS,
    NOTIFY_WORDS,
    PAUSE_WORDS,
    PLAY_WORDS,
    PUBLIC_WORDS,
    REFRESH_WORDS,
    REPORT_PERIODS,
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
from bot.features.playback.download import (
    ClipShown,
    render_clip_problem,
    render_dialog_failed,
    render_download_expired,
    render_download_link,
    render_download_no_channel,
    render_download_not_retrieved,
    render_download_refused,
    render_needs_cloudapi,
    render_nothing_to_download,
    render_pick_in_dialog,
)
from bot.features.playback.views import (
    render_copy_expired,
    render_no_channel,
    render_not_retrieved,
    render_nothing_to_play,
    render_play_choice,
    render_play_refused,
)
from bot.features.registry import MANAGER_KINDS, WATCH_KINDS
from bot.features.report.period_report import render_report
from bot.features.subscriptions.views import (
    render_paused,
    render_resumed,
    render_subscribed,
    render_subscriptions,
    render_unsubscribed,
)
from bot.features.tasks.answers import answer_from_cache
from bot.features.watches.views import (
    render_already_watching,
    render_too_many_watches,
    render_unwatched,
    render_watched,
    render_watching,
)
from bot.ivc.models import TaskStatus
from bot.ivc.refusals import Refusal
from bot.ivc.source import TaskSource
from bot.reports.history import HistoryEvent, Sighting
from bot.reports.report import build_report
from bot.services.watches import watched_tasks
from bot.subscriptions.model import (
    DEFAULT_NOTIFY_EVENTS,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)
from bot.subscriptions.schedules import next_run_of
from bot.tasks.clips import ClipProblem
from bot.tasks.memory import TaskMemory
from bot.views.message import Message
from bot.views.notices import render_not_a_manager, render_task_not_found
from bot.views.rendering import Rendering
from bot.watches.model import Watch
from tests.support import schemas
from tests.support.app_fixtures import baseline_records
from tests.support.blockkit import assert_valid_message
from tests.support.features import unwired_features
from tests.support.in_process import InProcess, start_in_process
from tests.support.reliability import (
    AUDIT,
    assert_valid_message_fast,
    canonical,
    record_result,
    text_is_length_only,
    valid_shapes_seen,
)
from tests.support.tasks import (
    NOW,
    make_channel,
    make_details,
    make_snapshot,
    make_task,
    make_tasks,
)

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
        DOWNLOAD_WORDS,
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

_HOSTILE_TASK = make_task(task_id="f" * 32, name="<!channel> *x*", status=TaskStatus.RETRIEVED)
_SNAPSHOT = make_snapshot([*make_tasks(23), _HOSTILE_TASK])
_DETAILS = SimpleNamespace(details=make_details(), fetched_at=NOW - timedelta(seconds=5))
_TWO_CAMERAS = make_details(
    _HOSTILE_TASK, [make_channel(0, channel_name="*cam* &amp; `x`"), make_channel(1)]
)
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
# A history in which every listed task was seen pending three days ago and retrieved a day
# later, so the report names tasks (the hostile name among them) in every period.
_PENDING, _RETRIEVED = int(TaskStatus.PENDING), int(TaskStatus.RETRIEVED)
_HISTORY = [
    event
    for t in _SNAPSHOT.tasks
    for event in (
        HistoryEvent(
            t.task_id, NOW - timedelta(days=3), Sighting.SEEN, _PENDING, 1024.0, 7, t.name
        ),
        HistoryEvent(
            t.task_id, NOW - timedelta(days=2), Sighting.STATUS, _RETRIEVED, 1024.0, 7, t.name
        ),
    )
]
_WATCHES = [Watch("T0001", "U0001", t.task_id, NOW - timedelta(days=1)) for t in _SNAPSHOT.tasks]


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


def _watch_replies(command: Command) -> list[Message]:
    """Every answer of ``watch``/``unwatch``/``watching`` that shows what was typed, in
    both languages (the in-process app adds the real path for the task list it serves)."""
    task_id = command.task_id or ""
    if command.kind is CommandKind.WATCH:
        return [
            render_watched(task_id, task_id, expires_at=NOW, retrieved=True, hours=24, lang="zh"),
            render_watched(task_id, task_id, expires_at=None, retrieved=False, hours=24),
            render_task_not_found(task_id, "zh"),
            render_already_watching(task_id, "en"),
            render_too_many_watches(200, "zh"),
        ]
    if command.kind is CommandKind.UNWATCH:
        return [
            render_unwatched(task_id, was_watching=True, lang="en"),
            render_unwatched(task_id, was_watching=False, lang="zh"),
        ]
    items = watched_tasks(_WATCHES, _SNAPSHOT.tasks, _MEMORY)
    return [render_watching(items, now=NOW, lang="en"), render_watching([], now=NOW, lang="zh")]


def _play_replies(command: Command) -> list[Message]:
    """The one-line answers of ``play`` naming what was typed, and the camera chooser."""
    task_id, channel_id = command.task_id or "", command.channel_id or ""
    return [
        render_task_not_found(task_id, "en"),
        render_not_retrieved(task_id, "en"),
        render_copy_expired(task_id, "zh"),
        render_no_channel(task_id, channel_id, "zh"),
        render_nothing_to_play(task_id, "en"),
        render_play_refused(task_id, Refusal.UNKNOWN_CHANNEL, "zh"),
        render_play_choice(_TWO_CAMERAS, "en"),
    ]


def _download_replies(command: Command) -> list[Message]:
    """The one-line answers of ``download`` naming what was typed, and a link message of the
    hostile task's hostile camera."""
    task_id, channel_id = command.task_id or "", command.channel_id or ""
    start = int(_HOSTILE_TASK.start.timestamp())
    clip = ClipShown(_HOSTILE_TASK, _TWO_CAMERAS.channels[0], start, start + 600, "ts")
    link = "https://download.example/vds/video.ts?source=x"
    return [
        render_needs_cloudapi("en"),
        render_task_not_found(task_id, "zh"),
        render_download_not_retrieved(task_id, "en"),
        render_download_expired(task_id, "zh"),
        render_download_no_channel(task_id, channel_id, "en"),
        render_nothing_to_download(task_id, "zh"),
        render_download_refused(task_id, Refusal.ARCHIVED, "en"),
        render_clip_problem(_HOSTILE_TASK, ClipProblem.OUTSIDE, "zh"),
        render_pick_in_dialog(task_id, "en"),
        render_dialog_failed(_HOSTILE_TASK.task_id, "zh"),  # only for a task IVC lists
        render_download_link(clip, link, NOW, 600, "en"),
    ]


def _report_replies(command: Command) -> list[Message]:
    """The report of the period asked for, from a history naming the listed tasks, in both
    renderings and languages."""
    listed = {t.task_id for t in _SNAPSHOT.tasks}
    report = build_report(_HISTORY, now=NOW, days=command.report_days, zone="UTC", listed=listed)
    return [
        render_report(report, now=NOW, lang="en", rendering=Rendering.NEWER),
        render_report(report, now=NOW, lang="zh", rendering=Rendering.CLASSIC),
    ]


def _subscription_replies(command: Command) -> list[Message]:
    """What the subscription listeners answer (the store's part stood in by the record)."""
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
    assert command.kind is CommandKind.SUBSCRIPTIONS, command
    return [render_subscriptions([sub], now=NOW, lang="en")]


def reply_for(command: Command) -> list[Message]:
    """What the app answers: from the warm cache, or the views of the kind's listener
    (``new``/``delete``: the refusal a non-manager gets; a manager's form is not a message).
    A kind with no branch here fails rather than borrowing another kind's answer."""
    if command.kind in MANAGER_KINDS:
        return [render_not_a_manager("en"), render_not_a_manager("zh")]
    if command.kind in WATCH_KINDS:
        return _watch_replies(command)
    if command.kind is CommandKind.REPORT:
        return _report_replies(command)
    if command.kind is CommandKind.PLAY:
        return _play_replies(command)
    if command.kind is CommandKind.DOWNLOAD:
        return _download_replies(command)
    if command.kind in SUBSCRIPTION_KINDS:
        return _subscription_replies(command)
    if command.kind in CACHE_KINDS:
        # ``refresh`` would fetch first; the answer is then rendered from the same data
        cached = replace(command, refresh=False)
        message = answer_from_cache(cached, SOURCE, lang="en", memory=_Memory())
        assert message is not None, command
        return [message]
    raise AssertionError(f"no reply rendered for {command.kind}: add it to reply_for")


SUBSCRIPTION_KINDS = frozenset(kind for kind, _ in unwired_features().subscriptions.commands())
"""The subcommands the subscription store answers."""
CACHE_KINDS = frozenset(
    {
        CommandKind.LIST,
        CommandKind.SEARCH,
        CommandKind.SUMMARY,
        CommandKind.SHOW,
        CommandKind.HELP,
        CommandKind.INVALID,
    }
)
"""The kinds ``answer_tasks`` answers (``answer_from_cache`` when the cache is warm)."""
IN_PROCESS_KINDS = WATCH_KINDS | {CommandKind.PLAY, CommandKind.REPORT}
"""The kinds answered from a store or IVC after the ack: also sent to the app in process."""


def _assembled(parts: list[str]) -> str:
    return "".join(parts)


# The generator's command words, per kind the parser produces (all but INVALID).
KIND_WORDS: dict[CommandKind, tuple[str, ...]] = {
    CommandKind.LIST: tuple(w for words in STATUS_WORDS.values() for w in words),
    CommandKind.SHOW: SHOW_WORDS,
    CommandKind.SEARCH: SEARCH_WORDS,
    CommandKind.SUMMARY: SUMMARY_WORDS,
    CommandKind.HELP: HELP_WORDS,
    CommandKind.SUBSCRIBE: SUBSCRIBE_WORDS,
    CommandKind.SUBSCRIPTIONS: SUBSCRIPTIONS_WORDS,
    CommandKind.UNSUBSCRIBE: UNSUBSCRIBE_WORDS,
    CommandKind.PAUSE: PAUSE_WORDS,
    CommandKind.RESUME: RESUME_WORDS,
    CommandKind.NEW: NEW_WORDS,
    CommandKind.DELETE: DELETE_WORDS,
    CommandKind.REPORT: REPORT_WORDS,
    CommandKind.WATCH: WATCH_WORDS,
    CommandKind.UNWATCH: UNWATCH_WORDS,
    CommandKind.WATCHING: WATCHING_WORDS,
    CommandKind.PLAY: PLAY_WORDS,
    CommandKind.DOWNLOAD: DOWNLOAD_WORDS,
}
_BASELINE = baseline_records()
# TaskIds the in-process app lists (one of each status) and the stand-in source lists
TASK_IDS = [
    *sorted({r["Status"]: r["TaskId"] for r in _BASELINE}.values()),
    _SNAPSHOT.tasks[0].task_id,
    _HOSTILE_TASK.task_id,
]
TASK_ARGS = [
    *TASK_IDS,
    *(f"`{task_id}`" for task_id in TASK_IDS[:2]),
    f"“{TASK_IDS[0]}”",
    "<!here>",
    "<@U123>",
    "*x*",
    "#1",
    "f" * 80,
    "&lt;!channel&gt;",
]
# The simulator numbers a task's cameras "1" and "2"; the rest name no camera of the task.
PLAY_ARGS = [
    *TASK_ARGS,
    *(f"{task_id} {channel}" for task_id in TASK_IDS[:3] for channel in ("1", "2")),
    f"{TASK_IDS[0]} <!channel>",
    f"{TASK_IDS[0]} 9 9",
]
DOWNLOAD_ARGS = [
    *PLAY_ARGS,
    f"{TASK_IDS[0]} 1 09:00-09:30",
    f"{TASK_IDS[0]} 23:30-00:10 2",
    f"{TASK_IDS[0]} 09:00-10:30",
    f"{TASK_IDS[0]} ０９：００－０９：３０",
    f"{TASK_IDS[0]} 25:00-26:00",
    f"{TASK_IDS[0]} 9:00",
    f"{TASK_IDS[0]} 1 2",
    f"{TASK_IDS[0]} <!here> 09:00-09:30",
]
REPORT_ARGS = ["", "", *REPORT_PERIODS, "9d", "7d 30d", "<!here>", "30D", "３０ｄ"]
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
ID_ARGS = ["#3", "12", "1", "#1", "９", "#999999999999999999", "all", "全部", "#0", "x", "", "1 2"]
SEARCH_ARGS = ["<!here>", '"quoted <!channel>"', "停车场", "lobby", "*x* _y_", "`x`", ""]
BARE_ARGS = ["", "", "", "<!here>", "x"]  # kinds without an argument: mostly none
KIND_ARGS: dict[CommandKind, list[str]] = {
    CommandKind.SHOW: TASK_ARGS,
    CommandKind.DELETE: TASK_ARGS,
    CommandKind.WATCH: TASK_ARGS,
    CommandKind.UNWATCH: TASK_ARGS,
    CommandKind.PLAY: PLAY_ARGS,
    CommandKind.DOWNLOAD: DOWNLOAD_ARGS,
    CommandKind.REPORT: REPORT_ARGS,
    CommandKind.SEARCH: SEARCH_ARGS,
    CommandKind.SUBSCRIBE: SUBSCRIPTION_ARGS,
    CommandKind.UNSUBSCRIBE: ID_ARGS,
    CommandKind.PAUSE: ID_ARGS,
    CommandKind.RESUME: ID_ARGS,
}
MODIFIERS = ["", "", "", "refresh", "public", "刷新", "公开", "refresh public"]


def _kind_command(kind: CommandKind) -> st.SearchStrategy[str]:
    """Text made of one of ``kind``'s words, an argument of its kind, maybe a modifier and
    maybe one more word (hostile or of the grammar), with varied spacing."""
    return st.builds(
        lambda head, arg, modifier, extra, sep: sep.join(
            p for p in (head, arg, modifier, extra) if p
        ),
        st.sampled_from(KIND_WORDS[kind]),
        st.sampled_from(KIND_ARGS.get(kind, BARE_ARGS)),
        st.sampled_from(MODIFIERS),
        st.one_of(st.just(""), st.just(""), st.just(""), st.sampled_from(HOSTILE + WORDS)),
        st.sampled_from([" ", "  ", "\u3000", "\t"]),
    )


grammar = st.sampled_from(list(KIND_WORDS)).flatmap(_kind_command)
text_strategy = st.one_of(
    grammar,
    grammar,  # twice: a few dozen inputs of each kind in each language
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
        st.sampled_from(
            ["search", "show", "subscribe", "bogus", "pending", "搜索", "watch", "播放", "报告"]
        ),
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


def head_language(text: str) -> str:
    """The language of the command word as the parser matches it: "en" or "zh" for a word
    of the grammar, "other" for any other first word, "none" for no word."""
    for token in text.split():
        key = keyword(token)
        if key in REFRESH_WORDS or key in PUBLIC_WORDS:
            continue
        if not any(key in words for words in KIND_WORDS.values()):
            return "other"
        return "en" if key.isascii() else "zh"
    return "none"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    """The real app in process (SQLite store, IVC simulator serving the baseline tasks, fake
    Slack); what it sent is added to the session's secret audit."""
    folder: Path = tmp_path_factory.mktemp("hostile-commands")
    with start_in_process(folder) as wire:
        yield wire
        AUDIT.text("in-process answers to hostile commands", wire.transcript())


def in_process_replies(app: InProcess, text: str) -> list[dict[str, Any]]:
    """The app's ack and its ``response_url`` answer to ``text`` (both checked as every
    payload of the driver is: valid Block Kit, no pings, no traceback)."""
    reply = app.command(text)
    assert reply.status == 200, (reply.status, text[:80])
    assert reply.ack is not None, text[:80]
    return [reply.ack, reply.wait_response()]


def test_any_command_text_gets_a_valid_inert_reply_and_every_kind_is_reached(
    app: InProcess,
) -> None:
    """The property over every generated text, then: the inputs reached every kind of
    ``CommandKind`` (with an English and a Chinese word, INVALID aside), counted by this
    test itself so it holds run alone or in any order."""
    seen: Counter[str] = Counter()
    by_language: dict[str, Counter[str]] = {}
    in_process: Counter[str] = Counter()
    in_process_answers: Counter[str] = Counter()

    @SETTINGS
    @given(text_strategy)
    def any_text_gets_a_valid_inert_reply(text: str) -> None:
        command = parse_command(text)
        kind = command.kind.name
        seen[kind] += 1
        by_language.setdefault(kind, Counter())[head_language(text)] += 1
        for message in reply_for(command):
            payload = {"text": message.text, "blocks": message.blocks, "response_type": "ephemeral"}
            assert_valid_message_fast(payload)
        if command.kind in IN_PROCESS_KINDS:
            in_process[kind] += 1
            ack, answer = in_process_replies(app, text)
            for body in (ack, answer):
                assert_valid_message_fast({"text": body["text"], "blocks": body["blocks"]})
            in_process_answers[f"{kind}: {answer['blocks'][0].get('block_id')}"] += 1

    any_text_gets_a_valid_inert_reply()
    kinds = {k.name for k in CommandKind}
    missing = kinds - set(seen)
    assert not missing, f"no generated input parsed as {sorted(missing)}"
    one_language = {
        k: sorted(by_language[k])
        for k in kinds - {CommandKind.INVALID.name}
        if not {"en", "zh"} <= set(by_language[k])
    }
    assert not one_language, f"kinds not reached in both languages: {one_language}"
    not_in_app = {k.name for k in IN_PROCESS_KINDS} - set(in_process)
    assert not not_in_app, f"never sent to the app in process: {sorted(not_in_app)}"
    record_result(
        "hostile_commands",
        {
            "examples": sum(seen.values()),
            "kinds": sorted(kinds),
            "kinds_reached": sorted(seen),
            "by_kind": dict(sorted(seen.items())),
            "by_kind_and_command_language": {
                k: dict(sorted(counts.items())) for k, counts in sorted(by_language.items())
            },
            "answered_in_process_by_kind": dict(sorted(in_process.items())),
            "in_process_answers_by_first_block": dict(sorted(in_process_answers.items())),
            "distinct_block_kit_shapes": valid_shapes_seen(),
        },
    )


def test_the_generator_and_the_replies_know_every_kind() -> None:
    """Every kind the parser can produce has a listener, command words in the generator
    (an English and a Chinese one) that parse as it, and a reply in ``reply_for``."""
    kinds = set(CommandKind)
    assert {kind for kind, _ in unwired_features().listeners()} == kinds
    assert set(KIND_WORDS) == kinds - {CommandKind.INVALID}
    for kind, words in KIND_WORDS.items():
        assert {w.isascii() for w in words} == {True, False}, kind
        for word in words:
            parsed = [parse_command(f"{word} {arg}".strip()) for arg in KIND_ARGS.get(kind, [""])]
            assert kind in {c.kind for c in parsed}, (kind, word)
            for command in parsed:
                assert reply_for(command), command


def test_non_string_input_is_a_list() -> None:
    for value in (None, 3, b"pending", ["pending"]):
        assert parse_command(value).kind is CommandKind.LIST  # type: ignore[arg-type]


@schemas.needs(schemas.BLOCK_KIT)
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
