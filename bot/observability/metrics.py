"""Prometheus metrics of one replica, in a registry of its own (``Metrics.registry``).

Counters move where the work happens (the request observations, the observed IVC backend
(``ivc_calls``), the Slack Web API client's observing retry handler (``slack_calls``), the
deliverer, the change feed between replicas); the cache counters (``cache_gauges``), the age
of the last good IVC fetch and whether the change feed listens are read when ``/metrics`` is
scraped; the database gauges (``db_gauges``: subscriptions and outbox by state) behind it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.metrics import MetricWrapperBase
from prometheus_client.registry import Collector

from bot.ivc.errors import IvcError
from bot.observability.db_gauges import DatabaseGauges
from bot.observability.ivc_calls import ivc_outcome
from bot.store.database import Database

log = logging.getLogger(__name__)

PREFIX = "retrieval_tasks_"
# The classic text format (version 0.0.4): every Prometheus version reads it.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
NO_ERROR = "none"

MetricT = TypeVar("MetricT", bound=MetricWrapperBase)


class Children(Generic[MetricT]):
    """A labelled metric's children by their label values, each asked of prometheus_client
    once (its ``labels()`` checks the values and takes a lock on every call): for the
    metrics every request moves."""

    def __init__(self, metric: MetricT) -> None:
        self._metric = metric
        self._children: dict[tuple[str, ...], MetricT] = {}

    def __call__(self, *values: str) -> MetricT:
        child = self._children.get(values)
        if child is None:
            child = self._children[values] = self._metric.labels(*values)
        return child


class Metrics:
    """Every metric of one replica; ``render()`` is the body of ``GET /metrics``."""

    def __init__(self, db: Database | None = None) -> None:
        """``db``: where the subscription and outbox gauges are read behind each scrape."""
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
        self.throttled = Counter(
            PREFIX + "requests_throttled",
            "Slash commands (kind=command) and clicks (kind=action) refused by the per-user limit.",
            ["kind"],
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
        self.polls = Counter(
            PREFIX + "polls",
            "IVC polls this process finished, by account (shared: the environment's; own: a "
            "workspace's) and outcome (ok, failed). Web processes poll nothing.",
            ["account", "outcome"],
            registry=r,
        )
        self.subscriptions = Gauge(
            PREFIX + "subscriptions",
            "Subscriptions by kind and state (read from the database behind the scrapes, at most "
            "every 5 s: a scrape shows the last read finished).",
            ["kind", "state"],
            registry=r,
        )
        self.outbox = Gauge(
            PREFIX + "outbox_deliveries",
            "Outbox deliveries by state (read from the database behind the scrapes, at most "
            "every 5 s: a scrape shows the last read finished).",
            ["state"],
            registry=r,
        )
        self.change_notices = Counter(
            PREFIX + "change_notices",
            "Task-list change notices between replicas (PostgreSQL NOTIFY/LISTEN) by event: "
            "sent, send_failed; received (another replica wrote: the cached list dropped), own "
            "(this replica's, skipped), other_account.",
            ["event"],
            registry=r,
        )
        self.change_feed_listening = Gauge(
            PREFIX + "change_feed_listening",
            "1 while this replica hears other replicas' writes (PostgreSQL LISTEN), else 0.",
            registry=r,
        )
        self._db_gauges = (
            None if db is None else DatabaseGauges(db, self.subscriptions, self.outbox)
        )
        # the children the request observations move (``Observation``)
        self.command_children = Children(self.commands)
        self.command_seconds_children = Children(self.command_seconds)
        self.action_children = Children(self.actions)

    def read_at_scrape(self, collector: Collector) -> None:
        """Add a collector read at each scrape (e.g. the task source's cache counters)."""
        self.registry.register(collector)

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

    def poll_done(self, account: str, failed: bool) -> None:
        self.polls.labels(account, "failed" if failed else "ok").inc()

    def slack_call(self, method: str, *, status: int | None, error: str | None) -> None:
        if status == 429:
            self.slack_rate_limited.labels(method).inc()
            return
        self.slack_calls.labels(method, error or NO_ERROR).inc()

    def change_notice(self, event: str) -> None:
        self.change_notices.labels(event).inc()

    def watch_change_feed(self, listening: Callable[[], bool]) -> None:
        """Read ``change_feed_listening`` from ``listening()`` at each scrape."""
        self.change_feed_listening.set_function(lambda: float(listening()))

    def delivered(self, kind: str) -> None:
        self.deliveries.labels(kind).inc()

    def delivery_failed(self, kind: str, action: str) -> None:
        self.delivery_failures.labels(kind, action).inc()

    # --- scraping
    async def refresh(self) -> None:
        """Start reading the gauges that live in the database (``DatabaseGauges``: only the
        first scrape waits for the read)."""
        if self._db_gauges is not None:
            await self._db_gauges.refresh()

    async def render(self) -> bytes:
        await self.refresh()
        return generate_latest(self.registry)

    async def aclose(self) -> None:
        """Stop a database read under way (shutdown, before the database closes)."""
        if self._db_gauges is not None:
            await self._db_gauges.aclose()
