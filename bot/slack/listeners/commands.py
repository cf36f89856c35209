"""The ``/retrieval-tasks`` slash command.

The ack function answers in the HTTP response itself whenever the cache can (no extra round
trip); otherwise it acks with a short "fetching" note and the lazy function answers through
``response_url`` once the data or the error arrives.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.answers import answer, answer_from_cache
from bot.commands import parse_command
from bot.slack.deps import Deps
from bot.slack.replies import ack_kwargs, public_kwargs, replace_kwargs
from bot.views import render_error, render_fetching

log = logging.getLogger(__name__)

COMMAND = "/retrieval-tasks"
_ANSWERED = "retrieval_tasks_answered"


def register(app: AsyncApp, deps: Deps) -> None:
    async def ack_command(ack: AsyncAck, command: dict[str, Any], context: dict) -> None:
        parsed = parse_command(command.get("text") or "")
        try:
            message = answer_from_cache(parsed, deps.source, lang=deps.lang)
        except Exception:
            log.exception("could not answer %s from the cache", COMMAND)
            message = render_error(RuntimeError(), deps.lang)
        context[_ANSWERED] = message is not None
        if message is None:
            await ack(**ack_kwargs(render_fetching(deps.lang), public=False))
        else:
            await ack(**ack_kwargs(message, public=parsed.public))

    async def answer_later(respond: AsyncRespond, command: dict[str, Any], context: dict) -> None:
        if context.get(_ANSWERED):
            return
        parsed = parse_command(command.get("text") or "")
        try:
            message = await answer(parsed, deps.source, lang=deps.lang)
        except Exception:
            log.exception("could not answer %s", COMMAND)
            message = render_error(RuntimeError(), deps.lang)
        if parsed.public:
            await respond(**public_kwargs(message))
            await respond(delete_original=True)
        else:
            await respond(**replace_kwargs(message))

    app.command(COMMAND)(ack=ack_command, lazy=[answer_later])
