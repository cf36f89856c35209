"""Error messages: an IVC failure or an unexpected one, and the problem of an invalid command."""

from __future__ import annotations

from bot.commands.model import Command, Problem
from bot.ivc.accounts import NotConnected
from bot.ivc.errors import IvcError
from bot.store.unavailable import DatabaseUnavailable
from bot.views.alerts import alert
from bot.views.blocks import one_section
from bot.views.footer import error_line
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, MessageKind
from bot.views.mrkdwn import code_word
from bot.views.rendering import Rendering

_PROBLEM_KEYS = {
    Problem.UNKNOWN_WORD: "problem.unknown",
    Problem.MISSING_TASK_ID: "problem.missing_task_id",
    Problem.MISSING_QUERY: "problem.missing_query",
    **{
        problem: f"problem.{problem.value}"
        for problem in (
            Problem.MISSING_SCHEDULE,
            Problem.BAD_SCHEDULE,
            Problem.MISSING_TIME,
            Problem.BAD_TIME,
            Problem.UNKNOWN_TIMEZONE,
            Problem.MISSING_INTERVAL,
            Problem.BAD_INTERVAL,
            Problem.BAD_EVENT,
            Problem.MISSING_ID,
            Problem.BAD_ID,
            Problem.BAD_PERIOD,
            Problem.BAD_WEEKDAY,
            Problem.BAD_CLIP,
        )
    },
}
ERROR_MAX = 500


def render_error(
    error: BaseException, lang: str = "en", rendering: Rendering = Rendering.CLASSIC
) -> Message:
    """An IvcError's one-line message and hint; a workspace without an IVC account (multi-
    workspace mode) the line saying an admin must connect one; a database out of reach the
    line saying so (nothing was changed); anything else a generic line, never a trace.
    With ``Rendering.ALERTS`` the line is an ``alert`` block."""
    lang = normalise_lang(lang)
    if isinstance(error, IvcError):
        text = label(lang, "error.ivc", error=error_line(error, lang))
    elif isinstance(error, NotConnected):
        text = label(lang, "error.not_connected")
    elif isinstance(error, DatabaseUnavailable):
        text = label(lang, "error.database")
    else:
        text = label(lang, "error.generic")
    if Rendering.ALERTS in rendering:
        return Message(text=text, blocks=[alert(text, "error", "error")], kind=MessageKind.ERROR)
    return one_section(text, "error").as_kind(MessageKind.ERROR)


def problem_text(command: Command, lang: str = "en") -> str:
    """The raw (unescaped) one-line problem of an INVALID command, e.g. "Unknown command `x`"."""
    key = _PROBLEM_KEYS.get(command.problem or Problem.UNKNOWN_WORD, "problem.unknown")
    return label(normalise_lang(lang), key, word=code_word(command.error or ""))
