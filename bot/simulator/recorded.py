"""What the simulator remembers of each API request it received."""

from __future__ import annotations

from dataclasses import dataclass, field

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
