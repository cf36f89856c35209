"""Usage of the command, listing both languages' words."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    HeaderBlock,
    PlainTextObject,
)

from bot.commands import words
from bot.schedule.parse import WEEKLY_WORDS
from bot.tasks.selection import StatusFilter
from bot.views.blocks import section
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, build
from bot.views.mrkdwn import escape, safe_line

PROBLEM_MAX = 500


def _words(options: tuple[str, ...], arg: str = "") -> str:
    """A word list as code spans: `show <TaskId>` / `详情 <TaskId>`."""
    suffix = f" {escape(arg)}" if arg else ""
    return " / ".join(f"`{word}{suffix}`" for word in options)


def _line(options: tuple[str, ...], lang: str, key: str, arg: str = "") -> str:
    return f"• {_words(options, arg)}: {label(lang, key)}"


def usage_lines(lang: str = "en") -> list[str]:
    """One line per command, in the order people need them."""
    statuses = [_line(words.STATUS_WORDS[f], lang, f"help.{f.value}") for f in StatusFilter]
    return [
        *statuses,
        _line(words.SHOW_WORDS, lang, "help.show", label(lang, "help.arg.task_id")),
        _line(words.SEARCH_WORDS, lang, "help.search", label(lang, "help.arg.text")),
        _line(words.PLAY_WORDS, lang, "help.play", label(lang, "help.arg.channel")),
        _line(words.DOWNLOAD_WORDS, lang, "help.download", label(lang, "help.arg.clip")),
        _line(words.SUMMARY_WORDS, lang, "help.summary"),
        _line(words.REPORT_WORDS, lang, "help.report", "[7d|30d]"),
        _line(words.WATCH_WORDS, lang, "help.watch", label(lang, "help.arg.task_id")),
        _line(words.UNWATCH_WORDS, lang, "help.unwatch", label(lang, "help.arg.task_id")),
        _line(words.WATCHING_WORDS, lang, "help.watching"),
        _line(words.HELP_WORDS, lang, "help.help"),
    ]


def _pair(word_lists: tuple[tuple[str, ...], ...], tail: str) -> str:
    """`subscribe daily HH:MM` / `订阅 每天 HH:MM`: the n-th word of each list joined, per
    language (English first, then Chinese), each phrase with the same tail."""
    suffix = f" {escape(tail)}" if tail else ""
    phrases = zip(*word_lists, strict=True)
    return " / ".join(f"`{' '.join(phrase)}{suffix}`" for phrase in phrases)


def subscription_lines(lang: str = "en") -> list[str]:
    """One line per subscription command."""
    time, ident = label(lang, "help.arg.time"), label(lang, "help.arg.id")
    sub = words.SUBSCRIBE_WORDS
    every = _pair((sub, words.EVERY_WORDS), "4h")
    unsubscribe_all = _pair((words.UNSUBSCRIBE_WORDS, words.ALL_SUBSCRIPTIONS_WORDS), "")
    return [
        f"• {_pair((sub, words.DAILY_WORDS), time)}: {label(lang, 'help.subscribe.daily')}",
        f"• {_pair((sub, words.WEEKDAYS_WORDS), time)}: {label(lang, 'help.subscribe.weekdays')}",
        f"• {_pair((sub, WEEKLY_WORDS), label(lang, 'help.arg.weekly'))}: "
        + label(lang, "help.subscribe.weekly"),
        f"• {every}: {label(lang, 'help.subscribe.every')}",
        f"• {_pair((sub, words.NOTIFY_WORDS), label(lang, 'help.arg.events'))}: "
        + label(lang, "help.subscribe.notify"),
        _line(words.SUBSCRIPTIONS_WORDS, lang, "help.subscriptions"),
        f"• {_words(words.UNSUBSCRIBE_WORDS, ident)} / {unsubscribe_all}: "
        + label(lang, "help.unsubscribe"),
        _line(words.PAUSE_WORDS, lang, "help.pause", ident),
        _line(words.RESUME_WORDS, lang, "help.resume", ident),
    ]


def modifier_lines(lang: str = "en") -> list[str]:
    return [
        _line(words.REFRESH_WORDS, lang, "help.refresh"),
        _line(words.PUBLIC_WORDS, lang, "help.public"),
    ]


def render_help(lang: str = "en", problem: str | None = None) -> Message:
    """The usage; ``problem`` (raw text, escaped here) is shown first as a warning line."""
    lang = normalise_lang(lang)
    header_text = label(lang, "help.header")
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=header_text, emoji=True), block_id="help_header")
    ]
    problem_line = safe_line(problem, PROBLEM_MAX) if problem else ""
    if problem_line:
        blocks.append(section(f":warning: {problem_line}", "help_problem"))
    blocks.append(section("\n".join([label(lang, "help.intro"), *usage_lines(lang)]), "help"))
    blocks.append(
        section("\n".join([label(lang, "help.modifiers"), *modifier_lines(lang)]), "help_mods")
    )
    subscriptions = [label(lang, "help.subscriptions.title"), *subscription_lines(lang)]
    blocks.append(section("\n".join(subscriptions), "help_subscriptions"))
    return build(problem_line or header_text, blocks)
