"""One connection pool, and one TLS context, for the clients of many IVC accounts.

A workspace's own account gets its own client, which signs with its own keys;
each ``httpx.AsyncClient`` made without a transport builds its own pool and TLS context
(certificates loaded: most of a client's cost in time and memory). The clients of one
replica's accounts share this transport instead: it outlives them (a client closing it
leaves it open) and its owner closes it once, at shutdown.
"""

from __future__ import annotations

import httpx

MAX_CONNECTIONS = 100
MAX_KEEPALIVE = 20


class SharedTransport(httpx.AsyncBaseTransport):
    """An ``httpx.AsyncHTTPTransport`` many clients use; only ``close_pool`` closes it."""

    def __init__(self, inner: httpx.AsyncBaseTransport | None = None) -> None:
        limits = httpx.Limits(
            max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_KEEPALIVE
        )
        self._inner = inner if inner is not None else httpx.AsyncHTTPTransport(limits=limits)
        self.closed = False

    def __repr__(self) -> str:
        return f"SharedTransport(closed={self.closed})"

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.closed:  # shutting down: no new connections
            raise httpx.ConnectError("the shared connection pool is closed", request=request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        """A client is done with it: the pool stays open for the others."""

    async def close_pool(self) -> None:
        """Close the connections (once every client is done)."""
        if not self.closed:
            self.closed = True
            await self._inner.aclose()
