"""The task source's cache counters and the age of the last good task list, read when scraped."""

from __future__ import annotations

import math
from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.ivc.source import TaskSource
from bot.observability.metrics import PREFIX


class SourceCollector(Collector):
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
                "cache_shared_refreshes",
                "Forced refreshes answered by a fetch started within REFRESH_MIN_INTERVAL_SECONDS.",
                {"list": tasks.shared_refreshes},
            ),
            (
                "cache_backed_off_reads",
                "Reads answered without IVC while backing off after an IVC failure.",
                {"list": tasks.backed_off},
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
