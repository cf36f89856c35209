"""Short notices that are not an answer: "fetching…", "working…", and one-line refusals (the
workspace, a user who may not see tasks, a TaskId IVC does not list, a user sending too fast)."""

from __future__ import annotations

from typing import Any

from bot.views.blocks import one_line_modal, one_section
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message, MessageKind
from bot.views.mrkdwn import code


def render_fetching(lang: str = "en") -> Message:
    """The short message shown while the data is on its way (":hourglass: Fetching…")."""
    notice = one_section(label(normalise_lang(lang), "fetching"), "fetching")
    return notice.as_kind(MessageKind.DEFERRED)


def render_working(lang: str = "en") -> Message:
    """The short message shown while a subscription is being set up."""
    notice = one_section(label(normalise_lang(lang), "working"), "working")
    return notice.as_kind(MessageKind.DEFERRED)


def render_workspace_not_allowed(lang: str = "en") -> Message:
    """The refusal for a workspace outside SLACK_ALLOWED_TEAM_IDS."""
    text = label(normalise_lang(lang), "team_not_allowed")
    return one_section(text, "team_not_allowed").as_kind(MessageKind.REFUSED)


USER_REFUSALS = {
    "NOT_A_VIEWER": "error.user_not_viewer",
    "GUEST": "error.user_guest",
    "UNKNOWN_USER": "error.user_unknown",
    "EXTERNAL": "error.user_external",
    "NO_TENANT": "error.tenant_unknown",
}
"""The label of each reason a user may not see tasks (``bot.slack.viewers.Refusal``)."""


def render_user_not_allowed(reason: str, lang: str = "en") -> Message:
    """The refusal for a user who may not see tasks (not in VIEWERS, a guest, unknown)."""
    text = label(normalise_lang(lang), USER_REFUSALS.get(reason, "error.user_not_viewer"))
    return one_section(text, "user_not_allowed").as_kind(MessageKind.REFUSED)


def render_refused_modal(reason: str, lang: str = "en") -> dict[str, Any]:
    """A submitted form's refusal: the modal says why, in one line (nothing was done)."""
    lang = normalise_lang(lang)
    return one_line_modal(
        "refused",
        title=label(lang, "refused.title"),
        close=label(lang, "ivc.cancel"),
        block_id="user_not_allowed",
        line=label(lang, USER_REFUSALS.get(reason, "error.user_not_viewer")),
    )


def render_not_a_manager(lang: str = "en") -> Message:
    """The refusal of a create or delete by someone outside TASK_MANAGERS."""
    text = label(normalise_lang(lang), "error.not_a_manager")
    return one_section(text, "not_a_manager").as_kind(MessageKind.REFUSED)


def render_no_catalog(lang: str = "en") -> Message:
    """``new`` when IVC_ORGANIZATION_ID is unset: no cameras to pick."""
    text = label(normalise_lang(lang), "error.no_catalog")
    return one_section(text, "no_catalog").as_kind(MessageKind.REFUSED)


def render_task_not_found(task_id: str, lang: str = "en") -> Message:
    """The refusal of ``show`` for a TaskId the current task list does not have."""
    text = label(normalise_lang(lang), "error.task_not_found", task_id=code(task_id, 64))
    return one_section(text, "task_not_found").as_kind(MessageKind.REFUSED)


def render_too_fast(seconds: int, lang: str = "en") -> Message:
    """The refusal of a command or click beyond the per-user limit."""
    text = label(normalise_lang(lang), "error.too_fast", seconds=str(max(1, seconds)))
    return one_section(text, "too_fast").as_kind(MessageKind.REFUSED)


def render_not_set_up(command: str, lang: str = "en") -> Message:
    """A subcommand whose feature this app does not run."""
    text = label(normalise_lang(lang), "error.not_set_up", command=command)
    return one_section(text, "not_set_up").as_kind(MessageKind.REFUSED)


def render_not_allowed(*, lang: str = "en") -> Message:
    """Only admins may change subscriptions."""
    return one_section(
        label(normalise_lang(lang), "error.not_allowed"), "subscription_error"
    ).as_kind(MessageKind.REFUSED)
