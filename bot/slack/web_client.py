"""The Slack Web API client: configured base URL, retries on 429 (Retry-After) and resets."""

from __future__ import annotations

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings


def api_base_url(settings: Settings) -> str:
    url = str(settings.slack_api_url)
    return url if url.endswith("/") else url + "/"


def build_web_client(settings: Settings) -> AsyncWebClient:
    token = settings.slack_bot_token
    return AsyncWebClient(
        token=token.get_secret_value() if token else None,
        base_url=api_base_url(settings),
        timeout=10,
        retry_handlers=[
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )
