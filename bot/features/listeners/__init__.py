"""Bolt listeners, grouped by kind as the bolt-python starter template groups them:
``commands`` (the slash command, one listener per kind of subcommand, in ``LISTENERS``
order), ``actions`` (buttons) and ``events`` (Events API); ``views`` (modal submissions) and
``options`` (external selects) join them as modules of their own when the app has any.

Listeners are module-level functions; what they need comes through Bolt's context
(``bot.slack.context``): ``deps``, ``parsed`` and ``observation`` are parameters like
``ack`` and ``respond``.
"""

from slack_bolt.async_app import AsyncApp

from bot.features.listeners import actions, commands, events, options, views


def register_listeners(app: AsyncApp) -> None:
    commands.register(app)
    actions.register(app)
    events.register(app)
    options.register(app)
    views.register(app)
