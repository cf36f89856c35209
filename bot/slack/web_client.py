"""The Slack Web API client: configured base URL, retries on 429 (Retry-After) and resets."""

from __future__ import annotations

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.observability.metrics import Metrics
from bot.observability.slack_calls import SlackCallObserver


def api_base_url(settings: Settings) -> str:
    url = str(settings.slack_api_url)
    return url if url.endswith("/") else url + "/"


def build_web_client(
    settings: Settings,
    *,
    retries: bool = True,
    token: str | None = None,
    metrics: Metrics | None = None,
) -> AsyncWebClient:
    """A Web API client with SLACK_BOT_TOKEN (or ``token``).

    The worker's client (``retries=False``) retries nothing itself: a reset after
    Slack accepted a post must not post it again, and a 429 on one channel must not hold up
    the others; the outbox retries instead, checking first whether the post went out. With
    ``metrics``, a first, never-retrying handler counts every call (Bolt copies the handlers
    into the client it makes per request, so those calls count too)."""
    configured = settings.slack_bot_token
    if token is None and configured is not None and not settings.multi_workspace:
        token = configured.get_secret_value()
    handlers: list[AsyncRetryHandler] = []
    if metrics is not None:
        handlers.append(SlackCallObserver(metrics))
    if retries:
        handlers.append(AsyncConnectionErrorRetryHandler(max_retry_count=2))
        handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=3))
    return AsyncWebClient(
        token=token,
        base_url=api_base_url(settings),
        timeout=10,
        retry_handlers=handlers,
    )
