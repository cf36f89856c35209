"""The httpx client both IVC API clients use, and the one translation of httpx failures."""

from __future__ import annotations

import logging
from typing import Any, Self

import httpx

from bot.ivc.errors import IvcTimeoutError, IvcTransportError

log = logging.getLogger(__name__)

USER_AGENT = "retrieval-tasks/0.1"


def build_http(
    base_url: str,
    auth: httpx.Auth,
    *,
    timeout: float,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` with the app's timeouts, limits and headers."""
    return httpx.AsyncClient(
        base_url=base_url,
        auth=auth,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        transport=transport,
        headers={"Accept": "application/json", "User-Agent": USER_AGENT},
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
    )


async def send(
    http: httpx.AsyncClient, method: str, url: str, *, base_url: str, **kwargs: Any
) -> httpx.Response:
    """``http.request(...)``; a failure before an answer becomes an ``IvcTransportError``.

    Its text never names ``base_url`` (users and status pages see it); the log line does."""
    try:
        return await http.request(method, url, **kwargs)
    except httpx.TimeoutException:
        _log_failure(base_url, "timeout")
        raise IvcTimeoutError("IVC did not answer in time") from None
    except httpx.ConnectError:
        _log_failure(base_url, "ConnectError")
        raise IvcTransportError("could not connect to IVC") from None
    except httpx.HTTPError as error:
        _log_failure(base_url, type(error).__name__)
        raise IvcTransportError(
            f"the connection to IVC failed before an answer ({type(error).__name__})"
        ) from None


def _log_failure(base_url: str, what: str) -> None:
    log.debug("IVC request to %s failed before an answer: %s", base_url, what)


class SignedClient:
    """What both API clients share: an httpx client at ``base_url`` that signs every request
    with ``auth``, sending through ``send`` and closing.

    ``transport`` is the seam for tests and benchmarks (any ``httpx.AsyncBaseTransport``).
    """

    def __init__(
        self,
        base_url: str,
        auth: httpx.Auth,
        *,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = build_http(self.base_url, auth, timeout=timeout, transport=transport)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return await send(self._http, method, url, base_url=self.base_url, **kwargs)
