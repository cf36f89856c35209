"""Slack Web API calls as the metrics count them: a retry handler that only observes."""

from __future__ import annotations

import logging

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.observability.metrics import Metrics

log = logging.getLogger(__name__)


class SlackCallObserver(AsyncRetryHandler):
    """A retry handler that never retries: put first, it sees every Web API answer (and
    every failure before one) and counts it by method and error, 429s apart."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__(max_retry_count=0)
        self._metrics = metrics

    async def can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        try:
            self._observe(request, response, error)
        except Exception:  # counting must never break a call
            log.debug("could not count a Slack call", exc_info=True)
        return False

    def _observe(
        self, request: HttpRequest, response: HttpResponse | None, error: Exception | None
    ) -> None:
        method = request.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "unknown"
        if response is None:
            kind = "timeout" if isinstance(error, TimeoutError) else "connection_error"
            self._metrics.slack_call(method, status=None, error=kind)
            return
        body = response.body if isinstance(response.body, dict) else {}
        if response.status_code == 200 and body.get("ok"):
            code = None
        else:
            code = str(body.get("error") or f"http_{response.status_code}")
        self._metrics.slack_call(method, status=response.status_code, error=code)
