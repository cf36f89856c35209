"""What a parsed slash command asks for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.tasks.selection import StatusFilter


class CommandKind(Enum):
    LIST = "list"
    SHOW = "show"
    SEARCH = "search"
    SUMMARY = "summary"
    HELP = "help"
    INVALID = "invalid"


class Problem(Enum):
    """Why a command is INVALID."""

    UNKNOWN_WORD = "unknown_word"
    MISSING_TASK_ID = "missing_task_id"
    MISSING_QUERY = "missing_query"


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed command.

    For INVALID, ``problem`` says what is wrong and ``error`` holds the raw offending word
    (UNKNOWN_WORD) or the command word that lacks its argument (MISSING_*). Both are raw
    user text: escape before echoing.
    """

    kind: CommandKind
    status_filter: StatusFilter = StatusFilter.ALL
    task_id: str | None = None
    query: str | None = None
    refresh: bool = False
    public: bool = False
    error: str | None = None
    problem: Problem | None = None
