"""Parse slash-command text into a ``Command``; never raises."""

from __future__ import annotations

import re
import unicodedata

from bot.commands.model import Command, CommandKind, Problem
from bot.commands.words import (
    ALL_SUBSCRIPTIONS_WORDS,
    DELETE_WORDS,
    DOWNLOAD_WORDS,
    EVENT_BY_WORD,
    FILTER_BY_WORD,
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
    SUBSCRIBE_WORDS,
    SUBSCRIPTIONS_WORDS,
    SUMMARY_WORDS,
    UNSUBSCRIBE_WORDS,
    UNWATCH_WORDS,
    WATCH_WORDS,
    WATCHING_WORDS,
)
from bot.schedule import ScheduleError, ScheduleProblem, parse_schedule_words
from bot.subscriptions.model import DEFAULT_NOTIFY_EVENTS, NotifyEvent, SubscriptionKind
from bot.tasks.selection import StatusFilter

_QUOTES = "\"'`“”‘’「」『』"
_KEYWORD_MAX = 32  # longer tokens cannot be keywords; skip normalising them
_EVENT_SEPARATORS = re.compile(r"[,，、;；]+")
_SUBSCRIPTION_ID = re.compile(r"#?([0-9]{1,18})")
_CLIP_LIKE = re.compile(r"[0-9]{1,2}:[0-9]")
"""A word that starts like a time (``09:00…``): a download's clip, never a ChannelId."""
_CLIP = re.compile(r"([0-9]{1,2}):([0-9]{2})[-~–—至到]([0-9]{1,2}):([0-9]{2})")
_CLIP_MAX = 32
_SCHEDULE_PROBLEMS: dict[ScheduleProblem, Problem] = {
    ScheduleProblem.BAD_SCHEDULE: Problem.BAD_SCHEDULE,
    ScheduleProblem.BAD_WEEKDAY: Problem.BAD_WEEKDAY,
    ScheduleProblem.MISSING_TIME: Problem.MISSING_TIME,
    ScheduleProblem.BAD_TIME: Problem.BAD_TIME,
    ScheduleProblem.UNKNOWN_TIMEZONE: Problem.UNKNOWN_TIMEZONE,
    ScheduleProblem.MISSING_INTERVAL: Problem.MISSING_INTERVAL,
    ScheduleProblem.BAD_INTERVAL: Problem.BAD_INTERVAL,
    ScheduleProblem.EXTRA_WORD: Problem.UNKNOWN_WORD,
}
_BY_ID_KINDS: dict[str, CommandKind] = {
    **dict.fromkeys(UNSUBSCRIBE_WORDS, CommandKind.UNSUBSCRIBE),
    **dict.fromkeys(PAUSE_WORDS, CommandKind.PAUSE),
    **dict.fromkeys(RESUME_WORDS, CommandKind.RESUME),
}
_BY_TASK_KINDS: dict[str, CommandKind] = {
    **dict.fromkeys(SHOW_WORDS, CommandKind.SHOW),
    **dict.fromkeys(DELETE_WORDS, CommandKind.DELETE),
    **dict.fromkeys(WATCH_WORDS, CommandKind.WATCH),
    **dict.fromkeys(UNWATCH_WORDS, CommandKind.UNWATCH),
}


def keyword(token: str) -> str:
    """The form a token is matched in: NFKC-normalised and casefolded."""
    if len(token) > _KEYWORD_MAX:
        return ""
    return unicodedata.normalize("NFKC", token).casefold()


def _unquote(text: str) -> str:
    """Drop quotes or backticks wrapped around an argument."""
    stripped = text.strip(_QUOTES).strip()
    return stripped or text


def _split_modifiers(tokens: list[str]) -> tuple[list[str], bool, bool]:
    """Remove ``refresh``/``public`` (anywhere) from the tokens."""
    words: list[str] = []
    refresh = public = False
    for token in tokens:
        key = keyword(token)
        if key in REFRESH_WORDS:
            refresh = True
        elif key in PUBLIC_WORDS:
            public = True
        else:
            words.append(token)
    return words, refresh, public


def _invalid(problem: Problem, word: str, refresh: bool, public: bool) -> Command:
    return Command(CommandKind.INVALID, refresh=refresh, public=public, error=word, problem=problem)


def _events(words: list[str]) -> tuple[NotifyEvent, ...] | str:
    """The notify events named by ``words`` (comma or space separated), in canonical order;
    the default events when none is named; the raw offending piece when one is unknown."""
    wanted: set[NotifyEvent] = set()
    for word in words:
        for piece in _EVENT_SEPARATORS.split(word):
            if not piece:
                continue
            key = keyword(piece)
            if key in ALL_SUBSCRIPTIONS_WORDS:
                wanted.update(NotifyEvent)
            elif key in EVENT_BY_WORD:
                wanted.add(EVENT_BY_WORD[key])
            else:
                return piece
    if not wanted:
        return DEFAULT_NOTIFY_EVENTS
    return tuple(event for event in NotifyEvent if event in wanted)


def _subscribe(words: list[str], refresh: bool, public: bool) -> Command:
    """``subscribe [summary] daily|weekdays HH:MM [Area/City]``, ``subscribe every Nh``,
    ``subscribe notify [events]``."""
    rest = words[1:]
    if rest and keyword(rest[0]) in SUMMARY_WORDS:
        rest = rest[1:]
    if not rest:
        return _invalid(Problem.MISSING_SCHEDULE, words[0], refresh, public)
    if keyword(rest[0]) in NOTIFY_WORDS and len(words) - len(rest) == 1:
        events = _events(rest[1:])
        if isinstance(events, str):
            return _invalid(Problem.BAD_EVENT, events, refresh, public)
        kind = SubscriptionKind.NOTIFY
        return Command(
            CommandKind.SUBSCRIBE,
            refresh=refresh,
            public=public,
            subscription_kind=kind,
            events=events,
        )
    try:
        schedule = parse_schedule_words(rest)
    except ScheduleError as error:
        problem = _SCHEDULE_PROBLEMS.get(error.problem, Problem.BAD_SCHEDULE)
        return _invalid(problem, error.word, refresh, public)
    return Command(
        CommandKind.SUBSCRIBE,
        refresh=refresh,
        public=public,
        subscription_kind=SubscriptionKind.SUMMARY,
        schedule=schedule,
    )


def _by_id(kind: CommandKind, words: list[str], refresh: bool, public: bool) -> Command:
    """``unsubscribe <id>|all``, ``pause <id>``, ``resume <id>`` (the id may start with #)."""
    rest = words[1:]
    if not rest:
        return _invalid(Problem.MISSING_ID, words[0], refresh, public)
    if len(rest) > 1:
        return _invalid(Problem.UNKNOWN_WORD, rest[1], refresh, public)
    key = keyword(rest[0])
    if kind is CommandKind.UNSUBSCRIBE and key in ALL_SUBSCRIPTIONS_WORDS:
        return Command(kind, refresh=refresh, public=public, all_subscriptions=True)
    match = _SUBSCRIPTION_ID.fullmatch(key)
    if match is None or int(match.group(1)) == 0:
        return _invalid(Problem.BAD_ID, rest[0], refresh, public)
    number = int(match.group(1))
    return Command(kind, refresh=refresh, public=public, subscription_id=number)


def _report(rest: list[str], refresh: bool, public: bool) -> Command:
    """``report [7d|30d]`` (``报告 [7天|30天]``)."""
    if len(rest) > 1:
        return _invalid(Problem.UNKNOWN_WORD, rest[1], refresh, public)
    days = REPORT_PERIODS.get(keyword(rest[0])) if rest else 7
    if days is None:
        return _invalid(Problem.BAD_PERIOD, rest[0], refresh, public)
    return Command(CommandKind.REPORT, refresh=refresh, public=public, report_days=days)


def _play(words: list[str], refresh: bool) -> Command:
    """``play <TaskId> [ChannelId]``: always answered to the person alone (never public)."""
    rest = words[1:]
    if not rest:
        return _invalid(Problem.MISSING_TASK_ID, words[0], refresh, False)
    if len(rest) > 2:
        return _invalid(Problem.UNKNOWN_WORD, rest[2], refresh, False)
    channel = _unquote(rest[1]) if len(rest) == 2 else None
    return Command(CommandKind.PLAY, task_id=_unquote(rest[0]), channel_id=channel, refresh=refresh)


def _clip_text(token: str) -> str | None:
    """The token NFKC-normalised (full-width ``：`` and ``－`` become ASCII) when it starts
    like a time, else None."""
    text = unicodedata.normalize("NFKC", _unquote(token)[:_CLIP_MAX])
    return text if _CLIP_LIKE.match(text) else None


def _read_clip(text: str) -> tuple[int, int] | None:
    """``HH:MM-HH:MM`` (also ``~``, ``–``, ``至``, ``到``) as minutes after midnight; None for
    a time that does not exist or an empty clip."""
    match = _CLIP.fullmatch(text)
    if match is None:
        return None
    start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
    if max(start_h, end_h) > 23 or max(start_m, end_m) > 59:
        return None
    start, end = start_h * 60 + start_m, end_h * 60 + end_m
    return (start, end) if start != end else None


def _download(words: list[str], refresh: bool) -> Command:
    """``download <TaskId> [ChannelId] [HH:MM-HH:MM]`` (the clip and the camera in either
    order): always answered to the person alone (never public)."""
    rest = words[1:]
    if not rest:
        return _invalid(Problem.MISSING_TASK_ID, words[0], refresh, False)
    if len(rest) > 3:
        return _invalid(Problem.UNKNOWN_WORD, rest[3], refresh, False)
    channel: str | None = None
    clip: tuple[int, int] | None = None
    for token in rest[1:]:
        text = _clip_text(token)
        if text is None and channel is None:
            channel = _unquote(token)
            continue
        if text is None or clip is not None:
            return _invalid(Problem.UNKNOWN_WORD, token, refresh, False)
        clip = _read_clip(text)
        if clip is None:
            return _invalid(Problem.BAD_CLIP, token, refresh, False)
    return Command(
        CommandKind.DOWNLOAD,
        task_id=_unquote(rest[0]),
        channel_id=channel,
        clip=clip,
        refresh=refresh,
    )


def _parse_words(words: list[str], refresh: bool, public: bool) -> Command:
    """Interpret the words left after the modifiers are taken out."""
    if not words:
        return Command(CommandKind.LIST, StatusFilter.ALL, refresh=refresh, public=public)
    head, rest = keyword(words[0]), words[1:]
    if head in SUBSCRIBE_WORDS:
        return _subscribe(words, refresh, public)
    if head in _BY_ID_KINDS:
        return _by_id(_BY_ID_KINDS[head], words, refresh, public)
    if head in SUBSCRIPTIONS_WORDS or head in WATCHING_WORDS:
        if rest:
            return _invalid(Problem.UNKNOWN_WORD, rest[0], refresh, public)
        kind = CommandKind.SUBSCRIPTIONS if head in SUBSCRIPTIONS_WORDS else CommandKind.WATCHING
        return Command(kind, refresh=refresh, public=public)
    if head in SEARCH_WORDS:
        if not rest:
            return _invalid(Problem.MISSING_QUERY, words[0], refresh, public)
        query = _unquote(" ".join(rest))
        return Command(CommandKind.SEARCH, query=query, refresh=refresh, public=public)
    if head in _BY_TASK_KINDS:
        kind = _BY_TASK_KINDS[head]
        if not rest:
            return _invalid(Problem.MISSING_TASK_ID, words[0], refresh, public)
        if len(rest) > 1:
            return _invalid(Problem.UNKNOWN_WORD, rest[1], refresh, public)
        return Command(kind, task_id=_unquote(rest[0]), refresh=refresh, public=public)
    if head in PLAY_WORDS:
        return _play(words, refresh)
    if head in DOWNLOAD_WORDS:
        return _download(words, refresh)
    if head in HELP_WORDS:
        return Command(CommandKind.HELP, refresh=refresh, public=public)
    if head in REPORT_WORDS:
        return _report(rest, refresh, public)
    if head in NEW_WORDS:
        if rest:
            return _invalid(Problem.UNKNOWN_WORD, rest[0], refresh, public)
        return Command(CommandKind.NEW, refresh=refresh, public=public)
    if rest:
        offending = rest[0] if head in SUMMARY_WORDS or head in FILTER_BY_WORD else words[0]
        return _invalid(Problem.UNKNOWN_WORD, offending, refresh, public)
    if head in SUMMARY_WORDS:
        return Command(CommandKind.SUMMARY, refresh=refresh, public=public)
    if head in FILTER_BY_WORD:
        return Command(CommandKind.LIST, FILTER_BY_WORD[head], refresh=refresh, public=public)
    return _invalid(Problem.UNKNOWN_WORD, words[0], refresh, public)


def parse_command(text: str) -> Command:
    """Parse the text of the slash command (case-insensitive, English or Chinese words)."""
    if not isinstance(text, str):
        text = ""
    words, refresh, public = _split_modifiers(text.split())
    return _parse_words(words, refresh, public)
