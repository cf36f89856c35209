"""What the simulator remembers of each API request it received."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web

from bot.config import IvcApi


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """An API request as received (for checking a client's signatures); newest last.

    ``api`` is ``"ivc"`` (the ``/ivc/`` endpoints) or ``"cloudapi"`` (API 3.0, ``POST /``).
    """

    endpoint: str
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(default=b"", repr=False)
    api: IvcApi = "ivc"

    @classmethod
    def of(
        cls, request: web.Request, endpoint: str, *, body: bytes = b"", api: IvcApi = "ivc"
    ) -> RecordedRequest:
        """What the simulator keeps of ``request`` (path and query exactly as sent)."""
        return cls(
            endpoint=endpoint,
            method=request.method,
            path=request.rel_url.raw_path,
            params=dict(request.rel_url.query.items()),
            headers=dict(request.headers.items()),
            body=body,
            api=api,
        )
