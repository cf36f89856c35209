"""The task source the app reads from: a signed IVC backend behind the two caches."""

from __future__ import annotations

import time

import httpx

from bot.clock import Clock
from bot.config import ConfigError, IvcApi, Settings
from bot.ivc.backend import IvcBackend, TaskBackend
from bot.ivc.backoff import Backoff
from bot.ivc.cache import DetailsCache, DetailsSnapshot, TaskCache
from bot.ivc.cloud_api.client import CloudApiClient
from bot.ivc.credentials import Credentials
from bot.ivc.ivc_api.client import IvcClient
from bot.ivc.snapshot import TaskSnapshot


class TaskSource:
    """Cached access to tasks and task details; the only thing the layers above call."""

    def __init__(
        self,
        client: TaskBackend,
        *,
        ttl: float,
        max_stale: float,
        details_ttl: float,
        clock: Clock = time.time,
        refresh_min_interval: float = 0.0,
        backoff: Backoff | None = None,
    ) -> None:
        self.client = client
        self.clock = clock
        self.tasks = TaskCache(
            client.list_tasks,
            ttl=ttl,
            max_stale=max_stale,
            clock=clock,
            refresh_min_interval=refresh_min_interval,
            backoff=backoff,
        )
        self.details_cache = DetailsCache(
            client.task_details,
            ttl=details_ttl,
            clock=clock,
            refresh_min_interval=refresh_min_interval,
        )

    def __repr__(self) -> str:
        return f"TaskSource(client={self.client!r})"

    def peek(self) -> TaskSnapshot | None:
        """Fresh tasks if cached, without I/O."""
        return self.tasks.peek()

    async def list(self, *, refresh: bool = False, force: bool = False) -> TaskSnapshot:
        """The task list: cached, or (``refresh``) shared with a fetch started within the
        minimum interval, or (``force``, e.g. after a write) fetched now."""
        return await self.tasks.get(refresh=refresh, force=force)

    async def details(self, task_id: str, *, refresh: bool = False) -> DetailsSnapshot:
        return await self.details_cache.get(task_id, refresh=refresh)

    def invalidate(self, task_id: str | None = None) -> None:
        """After a create or delete: the next read fetches the list (and ``task_id``'s
        details) from IVC, regardless of the TTL or any minimum refresh interval."""
        self.tasks.invalidate()
        if task_id is not None:
            self.details_cache.invalidate(task_id)

    @property
    def tasks_held(self) -> int:
        """Tasks this source keeps in memory (its last good list)."""
        return self.tasks.tasks_held

    def seconds_since_success(self) -> float | None:
        """Seconds since IVC last answered with a task list, or None if it never did."""
        last = self.tasks.last_success_at
        return None if last is None else max(0.0, self.clock() - last)

    async def aclose(self) -> None:
        await self.client.aclose()


def credentials_from(settings: Settings) -> Credentials:
    """The environment's IVC account; raises ``ConfigError`` when it has none."""
    token = settings.ivc_security_token
    secret_id, secret_key = settings.ivc_secret_id, settings.ivc_secret_key
    if secret_id is None or secret_key is None:
        raise ConfigError(
            "IVC_SECRET_ID is not set: add it (and IVC_SECRET_KEY) to the environment or .env"
        )
    return Credentials(
        secret_id=secret_id,
        secret_key=secret_key.get_secret_value(),
        security_token=token.get_secret_value() if token else None,
    )


def build_backend(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock = time.time,
) -> IvcBackend:
    """The client of the API chosen by IVC_API, at IVC_BASE_URL or that API's default."""
    return backend_of(
        settings.ivc_api,
        settings.ivc_url,
        credentials_from(settings),
        region=settings.ivc_region,
        timeout=settings.ivc_timeout_seconds,
        transport=transport,
        clock=clock,
    )


def backend_of(
    api: IvcApi,
    url: str,
    credentials: Credentials,
    *,
    region: str | None,
    timeout: float,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock = time.time,
) -> IvcBackend:
    """The client of ``api`` at ``url`` signing with ``credentials`` (``region``: API 3.0)."""
    if api == "cloudapi":
        return CloudApiClient(
            url, credentials, region=region, timeout=timeout, transport=transport, clock=clock
        )
    return IvcClient(url, credentials, timeout=timeout, transport=transport, clock=clock)


def build_source(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock = time.time,
    backend: TaskBackend | None = None,
) -> TaskSource:
    """Build the task source from validated settings (``backend``: instead of the one
    ``build_backend`` makes, e.g. an observed one)."""
    return TaskSource(
        backend or build_backend(settings, transport=transport, clock=clock),
        ttl=settings.cache_ttl_seconds,
        max_stale=settings.cache_max_stale_seconds,
        details_ttl=settings.details_cache_ttl_seconds,
        clock=clock,
        refresh_min_interval=settings.refresh_min_interval_seconds,
        backoff=Backoff(initial=settings.ivc_backoff_seconds, cap=settings.ivc_backoff_max_seconds),
    )
