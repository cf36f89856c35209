"""Block Kit rendering: pure functions from typed data to a ``Message``."""

from bot.views.dispatch import render_command
from bot.views.errors import problem_text, render_error, render_fetching
from bot.views.help import render_help
from bot.views.message import Message
from bot.views.state import (
    ACTION_NEXT,
    ACTION_PREVIOUS,
    ACTION_REFRESH,
    ViewState,
    decode_view_state,
    encode_view_state,
)
from bot.views.summary import render_summary
from bot.views.task_details import render_details
from bot.views.task_list import MAX_PAGE_SIZE, render_list

__all__ = [
    "ACTION_NEXT",
    "ACTION_PREVIOUS",
    "ACTION_REFRESH",
    "MAX_PAGE_SIZE",
    "Message",
    "ViewState",
    "decode_view_state",
    "encode_view_state",
    "problem_text",
    "render_command",
    "render_details",
    "render_error",
    "render_fetching",
    "render_help",
    "render_list",
    "render_summary",
]
