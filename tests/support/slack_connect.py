"""Payloads as Slack sends them from Slack Connect channels and Enterprise Grid org contexts.

The shapes are those Bolt for Python's request internals read (``extract_team_id``,
``extract_actor_team_id``): in a click or a form submission ``team`` is the workspace of the
installation and ``user.team_id`` the person's own; a modal opened from a shared channel
carries ``view.app_installed_team_id``; org-wide contexts send ``team: null`` with
``enterprise``; an event in a shared channel has ``is_ext_shared_channel`` and the person's
workspace in ``event.user_team``. Slash commands name no person's workspace (``users.info``
does).
"""

from __future__ import annotations

import copy
from typing import Any

HOST = "T0001"  # the fake Slack's own workspace: the app's installation
PARTNER = "T0PARTNER"  # another organisation's workspace, in a channel shared with HOST
PARTNER_ORG = "E0PARTNER"


def from_partner(payload: dict[str, Any], workspace: str = PARTNER) -> dict[str, Any]:
    """``payload`` (a click or submission in HOST) made by a person of ``workspace``."""
    shaped = copy.deepcopy(payload)
    shaped["user"]["team_id"] = workspace
    return shaped


def org_context(
    payload: dict[str, Any], person_workspace: str, enterprise: str | None = PARTNER_ORG
) -> dict[str, Any]:
    """``payload`` as an Enterprise Grid org context sends it: no ``team``, the enterprise
    (None where the installation was made without one), and the person's workspace in
    ``user.team_id``."""
    shaped = copy.deepcopy(payload)
    shaped["team"] = None
    shaped["enterprise"] = enterprise and {"id": enterprise, "name": "Partner Org"}
    shaped["user"]["team_id"] = person_workspace
    return shaped


def in_installed_modal(payload: dict[str, Any], installed: str = HOST) -> dict[str, Any]:
    """A ``view_submission`` of a modal the app of ``installed`` opened in a shared channel."""
    shaped = copy.deepcopy(payload)
    shaped["view"]["app_installed_team_id"] = installed
    shaped["view"].setdefault("team_id", installed)
    return shaped


def selected(payload: dict[str, Any], action_id: str, value: str) -> dict[str, Any]:
    """A click payload turned into a choice from a static select (``selected_option``)."""
    shaped = copy.deepcopy(payload)
    shaped["actions"] = [
        {
            "action_id": action_id,
            "block_id": "pick",
            "type": "static_select",
            "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value},
            "action_ts": "1700000000.000200",
        }
    ]
    return shaped


def shared_channel_event(event: dict[str, Any], *, person_workspace: str) -> dict[str, Any]:
    """The Events API envelope of ``event`` in a channel shared with ``person_workspace``."""
    return {
        "type": "event_callback",
        "team_id": HOST,
        "api_app_id": "A0001",
        "event": {**event, "user_team": person_workspace},
        "is_ext_shared_channel": True,
        "authorizations": [
            {"team_id": HOST, "user_id": "UBOT", "is_bot": True, "is_enterprise_install": False}
        ],
        "event_id": "Ev0SHARED",
        "event_time": 1700000000,
    }
