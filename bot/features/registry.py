"""Every feature's listeners, registered on the Bolt app in one place: the subcommands in one
visible order (the list commands first: they are most of the traffic), each behind the right
it needs, then each feature's buttons, forms and events."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware

from bot.commands import CommandKind
from bot.features.card_menu import listeners as card_menu
from bot.features.home import listeners as home
from bot.features.ivc_connection import listeners as ivc_connection
from bot.features.playback import listeners as playback
from bot.features.report import listeners as report
from bot.features.retrievals import listeners as retrievals
from bot.features.subscriptions import listeners as subscriptions
from bot.features.tasks import listeners as tasks
from bot.features.watches import listeners as watches
from bot.slack.rights import Require, Right
from bot.slack.slash_command import COMMAND, KindIs, Listener

LISTENERS: tuple[tuple[CommandKind, Listener], ...] = (
    *tasks.COMMANDS,
    *report.COMMANDS,
    *subscriptions.COMMANDS,
    *retrievals.COMMANDS,
    *watches.COMMANDS,
    *playback.COMMANDS,
)
"""One listener per kind of subcommand, tried in this order."""
MANAGER_KINDS = frozenset({CommandKind.NEW, CommandKind.DELETE})
"""The subcommands that change tasks: only TASK_MANAGERS reach their listener."""
ADMIN_KINDS = frozenset(
    {CommandKind.SUBSCRIBE, CommandKind.UNSUBSCRIBE, CommandKind.PAUSE, CommandKind.RESUME}
)
"""The subcommands that change a channel's subscriptions: only SUBSCRIPTION_ADMINS (when set)
reach their listener."""
WATCH_KINDS = frozenset({CommandKind.WATCH, CommandKind.UNWATCH, CommandKind.WATCHING})
"""The subcommands about the caller's own watches."""
SUBSCRIPTION_KINDS = frozenset(kind for kind, _ in subscriptions.COMMANDS)
"""The subcommands the subscription store answers."""
FEATURES = (tasks, report, subscriptions, retrievals, watches, playback, home, ivc_connection)


def register_listeners(app: AsyncApp) -> None:
    """The subcommands in ``LISTENERS`` order, then every feature's other listeners."""
    for kind, listener in LISTENERS:
        middleware: list[AsyncMiddleware] = [KindIs(kind)]
        if kind in MANAGER_KINDS:
            middleware.append(Require(Right.TASK_MANAGER))
        elif kind in ADMIN_KINDS:
            middleware.append(Require(Right.SUBSCRIPTION_ADMIN))
        app.command(COMMAND, middleware=middleware)(listener)
    for feature in FEATURES:
        feature.register(app)
    card_menu.register(app)
