"""Async client of the IVC ``/ivc/`` recording-retrieval endpoints (HMAC-SHA1 signed)."""

from __future__ import annotations

import time

import httpx

from bot.clock import Clock
from bot.ivc.credentials import Credentials
from bot.ivc.envelope import Envelope
from bot.ivc.http_client import SignedClient
from bot.ivc.ivc_api.auth import IvcAuth
from bot.ivc.ivc_api.response import read_ivc_response
from bot.ivc.models import TaskDetails, TaskList
from bot.ivc.results import task_details, task_list

LIST_PATH = "/ivc/record/retrievetasklsit/query"
DETAILS_PATH = "/ivc/record/retrievetaskdetails/query"


class IvcClient(SignedClient):
    """Client of the ``/ivc/`` endpoints over httpx; every failure is raised as an ``IvcError``.

    ``transport`` is the seam for tests and benchmarks (any ``httpx.AsyncBaseTransport``).
    """

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = time.time,
    ) -> None:
        super().__init__(
            base_url, IvcAuth(credentials, clock), timeout=timeout, transport=transport
        )

    def __repr__(self) -> str:
        return f"IvcClient(base_url={self.base_url!r})"

    async def _get(self, path: str, params: dict[str, str] | None = None) -> Envelope:
        response = await self._send("GET", path, params=params)
        return read_ivc_response(
            response.status_code,
            response.headers.get("content-type", ""),
            response.content,
            response.headers.get("RequestId", ""),
        )

    async def list_tasks(self) -> TaskList:
        """Every retrieval task. Bad records are skipped, counted and logged."""
        envelope = await self._get(LIST_PATH)
        return task_list(envelope.data, envelope.request_id)

    async def task_details(self, task_id: str) -> TaskDetails:
        """One task with its channels."""
        envelope = await self._get(DETAILS_PATH, {"TaskId": task_id})
        return task_details(envelope.data, envelope.request_id, task_id)


__all__ = ["DETAILS_PATH", "LIST_PATH", "IvcClient"]
