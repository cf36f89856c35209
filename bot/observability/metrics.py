"""Prometheus metrics of one replica, in a registry of its own (``Metrics.registry``).

Counters move where the work happens (the command listener, the IVC caches' fetch hook, the
Slack Web API client's observing retry handler, the deliverer); the cache counters, the
age of the last good IVC fetch and the database gauges (subscriptions and outbox by state)
are read when ``/metrics`` is scraped.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.ivc.errors import (
    IvcApiError,
    IvcError,
    IvcHttpError,
    IvcMalformedError,
    IvcTimeoutError,
    IvcTransportError,
)

if TYPE_CHECKING:
    from bot.ivc.source import TaskSource
    from bot.store.database import Database

log = logging.getLogger(__name__)

PREFIX = "retrieval_tasks_"
# The classic text format (version 0.0.4): every Prometheus version reads it.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
NO_ERROR = "none"

# Block ids of the one-line messages that are not an answer but a refusal or an error.
_ERROR_BLOCKS = frozenset({"error"})
_REFUSAL_BLOCKS = frozenset({"team_not_allowed", "subscription_error"})
_DEFERRED_BLOCKS = frozenset({"fetching", "working"})


def ivc_outcome(error: BaseException | None) -> str:
    """ok, timeout, transport, http, api or malformed."""
    if error is None:
        return "ok"
    if isinstance(error, IvcTimeoutError):
        return "timeout"
    if isinstance(error, IvcTransportError):
        return "transport"
    if isinstance(error, IvcHttpError):
        return "http"
    if isinstance(error, IvcApiError):
        return "api"
    if isinstance(error, IvcMalformedError):
        return "malformed"
    return "other"


def message_kind(blocks: Any) -> str:
    """What a Block Kit payload is: answer, error, refused or deferred ("fetching…")."""
    for block in blocks or []:
        block_id = (
            block.get("block_id") if isinstance(block, dict) else getattr(block, "block_id", None)
        )
        if block_id in _DEFERRED_BLOCKS:
            return "deferred"
        if block_id in _ERROR_BLOCKS:
            return "error"
        if block_id in _REFUSAL_BLOCKS:
            return "refused"
    return "answer"


class Metrics:
    """Every metric of one replica; ``render()`` is the body of ``GET /metrics``."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.commands = Counter(
            PREFIX + "commands",
            "Slash commands by kind and how they were answered.",
            ["command", "outcome"],
            registry=r,
        )
        self.command_seconds = Histogram(
            PREFIX + "command_duration_seconds",
            "Slash command latency: until the ack (phase=ack) and until the final answer "
            "(phase=answer).",
            ["command", "phase"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.actions = Counter(
            PREFIX + "actions",
            "Button clicks by action and outcome.",
            ["action", "outcome"],
            registry=r,
        )
        self.ivc_calls = Counter(
            PREFIX + "ivc_calls",
            "IVC API calls by operation and outcome.",
            ["operation", "outcome"],
            registry=r,
        )
        self.ivc_seconds = Histogram(
            PREFIX + "ivc_call_duration_seconds",
            "IVC API call latency by outcome.",
            ["operation", "outcome"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.slack_calls = Counter(
            PREFIX + "slack_api_calls",
            "Slack Web API calls answered (not 429) by method and error (none when ok).",
            ["method", "error"],
            registry=r,
        )
        self.slack_rate_limited = Counter(
            PREFIX + "slack_rate_limited",
            "Slack Web API calls answered HTTP 429, by method.",
            ["method"],
            registry=r,
        )
        self.deliveries = Counter(
            PREFIX + "deliveries_posted",
            "Channel posts delivered from the outbox, by kind (summary; card, status and gone "
            "are notifications).",
            ["kind"],
            registry=r,
        )
        self.delivery_failures = Counter(
            PREFIX + "delivery_failures",
            "Failed delivery attempts by kind and what followed.",
            ["kind", "action"],
            registry=r,
        )
        self.subscriptions = Gauge(
            PREFIX + "subscriptions",
            "Subscriptions by kind and state (read at scrape time).",
            ["kind", "state"],
            registry=r,
        )
        self.outbox = Gauge(
            PREFIX + "outbox_deliveries",
            "Outbox deliveries by state (read at scrape time).",
            ["state"],
            registry=r,
        )
        self._db: Database | None = None

    # --- wiring
    def watch(self, source: TaskSource, db: Database | None = None) -> None:
        """Read the source's cache counters and the database's states at scrape time, and
        count the source's IVC calls."""
        self.registry.register(_SourceCollector(source))
        source.tasks.on_fetch = self.ivc_call
        source.details_cache.on_fetch = self.ivc_call
        self._db = db

    # --- events
    def ivc_call(self, operation: str, seconds: float, error: BaseException | None) -> None:
        outcome = ivc_outcome(error)
        self.ivc_calls.labels(operation, outcome).inc()
        self.ivc_seconds.labels(operation, outcome).observe(seconds)
        if isinstance(error, IvcError):
            log.warning(
                "IVC %s failed: %s",
                operation,
                error,
                extra={
                    "ivc_outcome": outcome,
                    "ivc_request_id": getattr(error, "request_id", "") or None,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )

    def slack_call(self, method: str, *, status: int | None, error: str | None) -> None:
        if status == 429:
            self.slack_rate_limited.labels(method).inc()
            return
        self.slack_calls.labels(method, error or NO_ERROR).inc()

    def delivered(self, kind: str) -> None:
        self.deliveries.labels(kind).inc()

    def delivery_failed(self, kind: str, action: str) -> None:
        self.delivery_failures.labels(kind, action).inc()

    # --- scraping
    async def refresh(self) -> None:
        """Read the gauges that live in the database."""
        if self._db is None:
            return
        from sqlalchemy import func, select

        from bot.store.outbox import Outbox
        from bot.store.schema import subscriptions

        query = select(subscriptions.c.kind, subscriptions.c.state, func.count()).group_by(
            subscriptions.c.kind, subscriptions.c.state
        )
        try:
            async with self._db.engine.connect() as conn:
                rows = list(await conn.execute(query))
            states = await Outbox(self._db).counts()
        except Exception as error:  # a scrape must not fail because the database does
            log.warning("could not read subscription and outbox states: %s", type(error).__name__)
            return
        self.subscriptions.clear()
        for kind in ("summary", "notify"):
            for state in ("active", "paused"):
                self.subscriptions.labels(kind, state).set(0)
        for kind, state, count in rows:
            self.subscriptions.labels(kind, state).set(count)
        self.outbox.clear()
        for state in ("pending", "claimed", "done", "failed", "skipped"):
            self.outbox.labels(state).set(states.get(state, 0))

    async def render(self) -> bytes:
        await self.refresh()
        return generate_latest(self.registry)


class _SourceCollector(Collector):
    """Cache counters and the age of the last good task list, read when scraped."""

    def __init__(self, source: TaskSource) -> None:
        self._source = source

    def collect(self) -> Iterator[Metric]:
        tasks, details = self._source.tasks, self._source.details_cache
        families = [
            (
                "cache_hits",
                "Answers served from a fresh cache entry.",
                {"list": tasks.hits, "details": details.hits},
            ),
            (
                "cache_misses",
                "Reads that needed IVC (no fresh entry, or a forced refresh).",
                {"list": tasks.misses, "details": details.misses},
            ),
            (
                "cache_stale_answers",
                "Reads answered with the last good list while IVC failed.",
                {"list": tasks.stale_answers},
            ),
            (
                "cache_coalesced_waiters",
                "Readers that joined a fetch already running.",
                {"list": tasks.coalesced, "details": details.coalesced},
            ),
            (
                "cache_upstream_fetches",
                "Fetches the caches started.",
                {"list": tasks.upstream_calls, "details": details.upstream_calls},
            ),
        ]
        for name, text, values in families:
            family = CounterMetricFamily(PREFIX + name, text, labels=["cache"])
            for cache, value in values.items():
                family.add_metric([cache], value)
            yield family
        age = self._source.seconds_since_success()
        yield GaugeMetricFamily(
            PREFIX + "ivc_last_success_age_seconds",
            "Seconds since IVC last answered with a task list (+Inf: never).",
            value=math.inf if age is None else age,
        )


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
