"""Parse slash-command text into a ``Command``; never raises."""

from __future__ import annotations

import unicodedata

from bot.commands.model import Command, CommandKind, Problem
from bot.commands.words import (
    FILTER_BY_WORD,
    HELP_WORDS,
    PUBLIC_WORDS,
    REFRESH_WORDS,
    SEARCH_WORDS,
    SHOW_WORDS,
    SUMMARY_WORDS,
)
from bot.tasks.selection import StatusFilter

_QUOTES = "\"'`“”‘’「」『』"
_KEYWORD_MAX = 32  # longer tokens cannot be keywords; skip normalising them


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


def _parse_words(words: list[str], refresh: bool, public: bool) -> Command:
    """Interpret the words left after the modifiers are taken out."""
    if not words:
        return Command(CommandKind.LIST, StatusFilter.ALL, refresh=refresh, public=public)
    head, rest = keyword(words[0]), words[1:]
    if head in SEARCH_WORDS:
        if not rest:
            return _invalid(Problem.MISSING_QUERY, words[0], refresh, public)
        query = _unquote(" ".join(rest))
        return Command(CommandKind.SEARCH, query=query, refresh=refresh, public=public)
    if head in SHOW_WORDS:
        if not rest:
            return _invalid(Problem.MISSING_TASK_ID, words[0], refresh, public)
        if len(rest) > 1:
            return _invalid(Problem.UNKNOWN_WORD, rest[1], refresh, public)
        return Command(CommandKind.SHOW, task_id=_unquote(rest[0]), refresh=refresh, public=public)
    if head in HELP_WORDS:
        return Command(CommandKind.HELP, refresh=refresh, public=public)
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
