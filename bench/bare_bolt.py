"""The bare Bolt baseline: one slash command listener that acks a fixed small message, or,
with ``BARE_ANSWER_FILE``, the app's own answer (the same-answer baseline).

``python -m bench.bare_bolt`` serves it with the app's server stack: Bolt's
``AsyncSlackRequestHandler`` for Starlette on ``POST /slack/events``, ``GET /healthz``, and
uvicorn with the settings ``bot.cli.serve_command`` uses. Its Web API client is configured
like ``bot.slack.web_client`` (token, base URL, timeout, retry handlers), so Bolt's
single-team authorization calls ``auth.test`` once against the fake Slack, as the app does.

Environment: ``HOST``, ``PORT``, ``SLACK_SIGNING_SECRET``, ``SLACK_BOT_TOKEN``,
``SLACK_API_URL``, ``BARE_PROCESS_BEFORE_RESPONSE`` (``1``: process_before_response=True;
otherwise Bolt's default runner, which acks from a task it polls) and ``BARE_ANSWER_FILE``:
a JSON ack body the app sent (captured once by the bench), parsed at start-up and acked with
every request through the same ``ack(**fields)`` the app calls, so the bytes on the wire are
the app's (``bench.wire`` checks that they are). That is the cost floor of delivering that
answer with this stack.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

COMMAND = "/retrieval-tasks"
FIXED_TEXT = "Bare Bolt baseline"
FIXED_BLOCKS: list[dict[str, Any]] = [
    {
        "type": "header",
        "block_id": "tasks_header",
        "text": {"type": "plain_text", "text": "Pending tasks · 1", "emoji": True},
    },
    {
        "type": "section",
        "block_id": "task_1",
        "fields": [
            {"type": "mrkdwn", "verbatim": True, "text": "*Task name*\nWarehouse-B_dock_cam"},
            {"type": "mrkdwn", "verbatim": True, "text": "*Status*\n:clock3: Pending"},
        ],
    },
    {
        "type": "context",
        "block_id": "tasks_footer",
        "elements": [{"type": "mrkdwn", "verbatim": True, "text": "updated 1 s ago"}],
    },
]


def build_app(*, process_before_response: bool, answer: dict[str, Any] | None = None) -> AsyncApp:
    """The baseline app; it acks ``answer`` (the fields of an ack body) if given."""
    api_url = os.environ["SLACK_API_URL"]
    client = AsyncWebClient(
        token=os.environ["SLACK_BOT_TOKEN"],
        base_url=api_url if api_url.endswith("/") else api_url + "/",
        timeout=10,
        retry_handlers=[
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )
    app = AsyncApp(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        process_before_response=process_before_response,
        raise_error_for_unhandled_request=False,
    )

    fields = answer or {"text": FIXED_TEXT, "blocks": FIXED_BLOCKS, "response_type": "ephemeral"}

    @app.command(COMMAND)
    async def respond(ack: AsyncAck) -> None:
        await ack(**fields)

    return app


def build_asgi(app: AsyncApp) -> Starlette:
    handler = AsyncSlackRequestHandler(app)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"alive": True})

    return Starlette(
        routes=[
            Route("/slack/events", events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


def main() -> int:
    pbr = os.environ.get("BARE_PROCESS_BEFORE_RESPONSE") == "1"
    answer_file = os.environ.get("BARE_ANSWER_FILE")
    answer = json.loads(Path(answer_file).read_bytes()) if answer_file else None
    asgi = build_asgi(build_app(process_before_response=pbr, answer=answer))
    host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ["PORT"])
    what = "the app's answer" if answer else "a fixed message"
    print(f"bare Bolt (process_before_response={pbr}, {what}) on http://{host}:{port}", flush=True)
    server = uvicorn.Server(
        uvicorn.Config(
            asgi, host=host, port=port, log_level="warning", access_log=False, lifespan="on"
        )
    )
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
