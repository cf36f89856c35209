"""The slash-command grammar: a pure parser from text to ``Command``."""

from bot.commands.model import Command, CommandKind, Problem
from bot.commands.parser import parse_command
from bot.commands.words import (
    HELP_WORDS,
    PUBLIC_WORDS,
    REFRESH_WORDS,
    SEARCH_WORDS,
    SHOW_WORDS,
    STATUS_WORDS,
    SUMMARY_WORDS,
)

__all__ = [
    "HELP_WORDS",
    "PUBLIC_WORDS",
    "REFRESH_WORDS",
    "SEARCH_WORDS",
    "SHOW_WORDS",
    "STATUS_WORDS",
    "SUMMARY_WORDS",
    "Command",
    "CommandKind",
    "Problem",
    "parse_command",
]
