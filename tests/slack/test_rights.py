"""The one authorisation mechanism: every listener that changes something is registered behind
``Require`` with its right, and no other listener is (seeing tasks at all is checked for every
request by ``OnlyAllowed``). What each right lets through and how a refusal looks are tested
with its feature: TASK_MANAGERS in test_task_managers.py, SUBSCRIPTION_ADMINS in
test_subscriptions.py, the workspace admin in test_shared_workspace_settings.py, the IVC admin in
test_connect_secrets.py and test_account_connector.py."""

from collections.abc import Callable
from typing import Any

from bot.slack.rights import Require, Right
from tests.support.features import unwired_features

NEEDS = {
    # the slash command's subcommands
    "open_new_task": Right.TASK_MANAGER,
    "confirm_delete": Right.TASK_MANAGER,
    "subscribe_channel": Right.SUBSCRIPTION_ADMIN,
    "unsubscribe": Right.SUBSCRIPTION_ADMIN,
    "pause_or_resume": Right.SUBSCRIPTION_ADMIN,
    # buttons, option searches and form submissions
    "delete_task": Right.TASK_MANAGER,
    "ask_delete": Right.TASK_MANAGER,
    "new_task": Right.TASK_MANAGER,
    "play_recording": Right.TASK_MANAGER,
    "suggest_cameras": Right.TASK_MANAGER,
    "submit_new_task": Right.TASK_MANAGER,
    "submit_delete": Right.TASK_MANAGER,
    "edit_people": Right.WORKSPACE_ADMIN,
    "submit_people": Right.WORKSPACE_ADMIN,
    "connect_ivc": Right.IVC_ADMIN,
    "test_ivc": Right.IVC_ADMIN,
    "disconnect_ivc": Right.IVC_ADMIN,
    "submit_connect_ivc": Right.IVC_ADMIN,
}


class Registrations:
    """Stands in for ``AsyncApp`` while the listeners register: what each one requires."""

    def __init__(self) -> None:
        self.required: dict[str, list[list[Right]]] = {}  # per registration

    def _record(self, *_: Any, middleware: Any = (), **__: Any) -> Callable[[Any], Any]:
        def take(listener: Any) -> Any:
            rights = [m.right for m in middleware if isinstance(m, Require)]
            self.required.setdefault(listener.__name__, []).append(rights)
            return listener

        return take

    command = action = view = options = event = _record


def test_every_change_declares_its_right_and_nothing_else_does() -> None:
    app = Registrations()
    unwired_features().register(app)  # type: ignore[arg-type]
    assert set(NEEDS) <= set(app.required), "every listener that changes something is there"
    for name, registrations in app.required.items():
        expected = [NEEDS[name]] if name in NEEDS else []
        assert all(rights == expected for rights in registrations), name
