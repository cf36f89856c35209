"""The ``/retrieval-tasks`` slash command.

The ack function answers in the HTTP response itself whenever the cache can (no extra round
trip); otherwise it acks with a short "fetching" note and a background task answers through
``response_url`` once the data or the error arrives. (Not a Bolt lazy listener: those copy
every request, answered or not.)
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.answers import answer, answer_from_cache
from bot.commands import Command, parse_command
from bot.observability.requests import Observation, bind_request
from bot.slack.deps import Deps
from bot.slack.listeners import subscriptions
from bot.slack.listeners.subscriptions import SUBSCRIPTION_KINDS
from bot.slack.replies import ack_kwargs, public_kwargs, replace_kwargs
from bot.views import render_error, render_fetching

log = logging.getLogger(__name__)

COMMAND = "/retrieval-tasks"


def register(app: AsyncApp, deps: Deps) -> None:
    async def on_command(
        ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        parsed = parse_command(command.get("text") or "")
        bind_request(command, parsed.kind.value)
        observed = Observation(deps.metrics, parsed.kind.value)
        ack, respond = observed.ack(ack), observed.respond(respond)
        if parsed.kind in SUBSCRIPTION_KINDS:
            await subscriptions.handle(parsed, command, ack, respond, client, deps)
            return
        try:
            message = answer_from_cache(parsed, deps.source, lang=deps.lang, memory=deps.memory)
        except Exception:
            log.exception("could not answer %s from the cache", COMMAND)
            message = render_error(RuntimeError(), deps.lang)
        if message is not None:
            await ack(**ack_kwargs(message, public=parsed.public))
            return
        await ack(**ack_kwargs(render_fetching(deps.lang), public=False))
        deps.background.spawn(_answer_later(parsed, respond, deps), name="answer_later")

    app.command(COMMAND)(on_command)


async def _answer_later(parsed: Command, respond: AsyncRespond, deps: Deps) -> None:
    """Fetch, render and replace the "fetching" note (or post publicly, then remove it)."""
    try:
        message = await answer(parsed, deps.source, lang=deps.lang, memory=deps.memory)
    except Exception:
        log.exception("could not answer %s", COMMAND)
        message = render_error(RuntimeError(), deps.lang)
    if parsed.public:
        await respond(**public_kwargs(message))
        await respond(delete_original=True)
    else:
        await respond(**replace_kwargs(message))
