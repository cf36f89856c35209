"""Every feature's listeners, registered on the Bolt app in one place: the subcommands in one
visible order (the list commands first: they are most of the traffic), each behind the right
it needs, then each feature's buttons, forms and events. A feature is here only when it is
set up; a subcommand no registered feature answers gets the edge's one line."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware

from bot.commands import CommandKind
from bot.features.card_menu.listeners import CardMenu
from bot.features.home.listeners import Home
from bot.features.ivc_connection.listeners import ConnectIvc
from bot.features.playback.listeners import Playback
from bot.features.report.listeners import Report
from bot.features.retrievals.listeners import Retrievals
from bot.features.subscriptions.listeners import Subscriptions
from bot.features.tasks.listeners import Tasks
from bot.features.watches.listeners import Watches
from bot.features.work_objects.listeners import WorkObjects
from bot.slack.rights import Require, Right
from bot.slack.slash_command import COMMAND, Feature, KindIs, Listener, not_set_up

MANAGER_KINDS = frozenset({CommandKind.NEW, CommandKind.DELETE})
"""The subcommands that change tasks: only TASK_MANAGERS reach their listener."""
ADMIN_KINDS = frozenset(
    {CommandKind.SUBSCRIBE, CommandKind.UNSUBSCRIBE, CommandKind.PAUSE, CommandKind.RESUME}
)
"""The subcommands that change a channel's subscriptions: only SUBSCRIPTION_ADMINS (when set)
reach their listener."""
WATCH_KINDS = frozenset({CommandKind.WATCH, CommandKind.UNWATCH, CommandKind.WATCHING})
"""The subcommands about the caller's own watches."""


@dataclass(frozen=True, slots=True)
class AppFeatures:
    """The features one app runs, each holding its own dependencies."""

    tasks: Tasks
    report: Report
    subscriptions: Subscriptions
    retrievals: Retrievals
    watches: Watches
    playback: Playback
    home: Home
    card_menu: CardMenu
    ivc_connection: ConnectIvc | None = None  # multi-workspace mode only
    work_objects: WorkObjects | None = None  # task links, their unfurls and flexpanes

    def in_order(self) -> tuple[Feature, ...]:
        """The features, the ones whose subcommands are asked most first."""
        first: tuple[Feature, ...] = (
            self.tasks,
            self.report,
            self.subscriptions,
            self.retrievals,
            self.watches,
            self.playback,
            self.home,
        )
        rest = tuple(f for f in (self.ivc_connection, self.work_objects) if f is not None)
        return (*first, *rest, self.card_menu)

    def listeners(self) -> tuple[tuple[CommandKind, Listener], ...]:
        """One listener per kind of subcommand, tried in this order."""
        return tuple(pair for feature in self.in_order() for pair in feature.commands())

    def register(self, app: AsyncApp) -> None:
        """The subcommands in ``listeners`` order (and the edge's line for any other), then
        every feature's other listeners."""
        for kind, listener in self.listeners():
            middleware: list[AsyncMiddleware] = [KindIs(kind)]
            if kind in MANAGER_KINDS:
                middleware.append(Require(Right.TASK_MANAGER))
            elif kind in ADMIN_KINDS:
                middleware.append(Require(Right.SUBSCRIPTION_ADMIN))
            app.command(COMMAND, middleware=middleware)(listener)
        app.command(COMMAND)(not_set_up)
        for feature in self.in_order():
            feature.register(app)
