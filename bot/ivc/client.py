"""Async client of the IVC recording-retrieval endpoints."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import httpx

from bot.ivc.auth import Credentials, IvcAuth
from bot.ivc.envelope import Envelope, read_envelope
from bot.ivc.errors import IvcError, IvcMalformedError, IvcTimeoutError, IvcTransportError
from bot.ivc.models import Task, TaskDetails, TaskList
from bot.ivc.records import RecordError, parse_details, parse_task

log = logging.getLogger(__name__)

LIST_PATH = "/ivc/record/retrievetasklsit/query"
DETAILS_PATH = "/ivc/record/retrievetaskdetails/query"


class IvcClient:
    """Talks to IVC over httpx; every failure is raised as an ``IvcError`` subclass.

    ``transport`` is the seam for tests and benchmarks (any ``httpx.AsyncBaseTransport``).
    """

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=IvcAuth(credentials, clock),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "retrieval-tasks/0.1"},
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        )

    def __repr__(self) -> str:
        return f"IvcClient(base_url={self.base_url!r})"

    async def __aenter__(self) -> IvcClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _get(self, path: str, params: dict[str, str] | None = None) -> Envelope:
        try:
            response = await self._http.get(path, params=params)
        except httpx.TimeoutException:
            raise IvcTimeoutError(f"IVC did not answer in time ({self.base_url})") from None
        except httpx.ConnectError:
            raise IvcTransportError(f"could not connect to IVC at {self.base_url}") from None
        except httpx.HTTPError as error:
            raise IvcTransportError(
                f"the connection to IVC at {self.base_url} failed before an answer "
                f"({type(error).__name__})"
            ) from None
        return read_envelope(
            response.status_code,
            response.headers.get("content-type", ""),
            response.content,
            response.headers.get("RequestId", ""),
        )

    async def list_tasks(self) -> TaskList:
        """Every retrieval task. Bad records are skipped, counted and logged."""
        envelope = await self._get(LIST_PATH)
        data = envelope.data
        if data is None:
            return TaskList(tasks=(), request_id=envelope.request_id)
        if not isinstance(data, list):
            raise IvcMalformedError(
                "field Data is not a list", field="Data", request_id=envelope.request_id
            )
        return _parse_list(data, envelope.request_id)

    async def task_details(self, task_id: str) -> TaskDetails:
        """One task with its channels."""
        envelope = await self._get(DETAILS_PATH, {"TaskId": task_id})
        try:
            details, skipped = parse_details(envelope.data)
        except RecordError as error:
            raise IvcMalformedError(
                f"task details: {error}", field="Data", request_id=envelope.request_id
            ) from None
        if skipped:
            log.warning("skipped %d malformed channel records of task %s", skipped, task_id)
        return details


def _parse_list(records: list[object], request_id: str) -> TaskList:
    tasks: list[Task] = []
    reasons: list[str] = []
    for index, record in enumerate(records):
        try:
            tasks.append(parse_task(record))
        except RecordError as error:
            reasons.append(f"record {index}: {error}")
    if reasons:
        log.warning(
            "skipped %d malformed task records of %d (RequestId %s); first: %s",
            len(reasons), len(records), request_id or "none", reasons[0],
        )
    return TaskList(
        tasks=tuple(tasks), skipped=len(reasons), request_id=request_id,
        skipped_reasons=tuple(reasons[:20]),
    )


__all__ = ["DETAILS_PATH", "LIST_PATH", "Credentials", "IvcClient", "IvcError"]
