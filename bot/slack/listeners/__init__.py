"""Bolt listeners, grouped by kind."""

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import Deps
from bot.slack.listeners import actions, commands, home


def register_listeners(app: AsyncApp, deps: Deps) -> None:
    commands.register(app, deps)
    actions.register(app, deps)
    home.register(app, deps)
