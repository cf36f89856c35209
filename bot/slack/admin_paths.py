"""The requests that set a workspace up (multi-workspace mode): Connect IVC and the
workspace's people settings. Each checks itself that the user is a workspace admin or owner
(users.info) and shows no task, so VIEWERS (which an admin may set to exclude themselves) and
a missing IVC account do not stop them."""

from __future__ import annotations

from typing import Any

ADMIN_ACTIONS = frozenset({"ivc_connect", "ivc_disconnect", "ivc_test", "ws_settings"})
ADMIN_VIEWS = frozenset({"ivc_connect", "ws_settings"})
HOME_REFRESH = "home_refresh"
"""The App Home's Refresh: a workspace without an IVC account may press it too."""


def sets_up_workspace(body: dict[str, Any]) -> bool:
    """A button or form submission of Connect IVC or the workspace settings."""
    kind = body.get("type")
    if kind == "block_actions":
        actions = body.get("actions") or [{}]
        return str(actions[0].get("action_id") or "") in ADMIN_ACTIONS
    if kind == "view_submission":
        return (body.get("view") or {}).get("callback_id") in ADMIN_VIEWS
    return False
