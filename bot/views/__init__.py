"""Block Kit rendering: pure functions from typed data to a ``Message``."""

from bot.views.command import render_command
from bot.views.errors import problem_text, render_error
from bot.views.help import render_help
from bot.views.home import HOME_REFRESH, render_home
from bot.views.message import Message, MessageKind
from bot.views.notices import (
    render_fetching,
    render_task_not_found,
    render_team_not_allowed,
    render_too_fast,
    render_working,
)
from bot.views.notifications import render_gone, render_status_reply, render_task_notification
from bot.views.state import (
    ACTION_NEXT,
    ACTION_PREVIOUS,
    ACTION_REFRESH,
    ViewState,
    decode_view_state,
    encode_view_state,
)
from bot.views.status_report import SUMMARY_OPEN_LIST, render_status_report, status_report
from bot.views.subscriptions import (
    render_duplicate,
    render_not_allowed,
    render_not_found,
    render_not_in_channel,
    render_paused,
    render_resumed,
    render_subscribed,
    render_subscriptions,
    render_unsubscribed,
)
from bot.views.task_details import render_details
from bot.views.task_list import MAX_PAGE_SIZE, render_list

__all__ = [
    "ACTION_NEXT",
    "ACTION_PREVIOUS",
    "ACTION_REFRESH",
    "HOME_REFRESH",
    "MAX_PAGE_SIZE",
    "SUMMARY_OPEN_LIST",
    "Message",
    "MessageKind",
    "ViewState",
    "decode_view_state",
    "encode_view_state",
    "problem_text",
    "render_command",
    "render_details",
    "render_duplicate",
    "render_error",
    "render_fetching",
    "render_gone",
    "render_help",
    "render_home",
    "render_list",
    "render_not_allowed",
    "render_not_found",
    "render_not_in_channel",
    "render_paused",
    "render_resumed",
    "render_status_reply",
    "render_status_report",
    "render_subscribed",
    "render_subscriptions",
    "render_task_not_found",
    "render_task_notification",
    "render_team_not_allowed",
    "render_too_fast",
    "render_unsubscribed",
    "render_working",
    "status_report",
]
