"""A recording's playback address: IVC's HLS link to one channel over a window.

The address carries an access token, so the typed result never shows it: its ``repr`` and
``str`` name only the host and the RequestId, and the link itself is read through ``url``
at the one place that hands it to the person who asked. No error message quotes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bot.ivc.errors import IvcMalformedError

MAX_URL = 3000  # Slack's limit for a button's url


@dataclass(frozen=True, slots=True)
class PlaybackWindow:
    """What to play: one channel from ``start`` to ``end`` (Unix seconds)."""

    channel_id: str
    start: int
    end: int


class PlaybackAddress:
    """An HLS playback link; ``repr``/``str`` show only its host and the RequestId."""

    __slots__ = ("_url", "host", "request_id")

    def __init__(self, url: str, request_id: str = "") -> None:
        self._url = url
        self.host = urlsplit(url).hostname or ""
        self.request_id = request_id

    @property
    def url(self) -> str:
        """The whole link, token included: only for the reply to the person who asked."""
        return self._url

    def __repr__(self) -> str:
        return f"PlaybackAddress(host={self.host!r}, request_id={self.request_id!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlaybackAddress) and other._url == self._url

    def __hash__(self) -> int:
        return hash(self._url)


def playback_address(data: Any, request_id: str) -> PlaybackAddress:
    """``Data`` of a playback call (``{"Hls": "https://…"}``); raises ``IvcMalformedError``
    (never quoting the value)."""
    if not isinstance(data, Mapping):
        raise IvcMalformedError("field Data is not an object", field="Data", request_id=request_id)
    hls = data.get("Hls")
    if not isinstance(hls, str) or not hls.startswith(("https://", "http://")):
        raise IvcMalformedError(
            "field Hls is missing or not a web address", field="Hls", request_id=request_id
        )
    if len(hls) > MAX_URL or not urlsplit(hls).hostname or any(c.isspace() for c in hls):
        raise IvcMalformedError(
            "field Hls is not a usable web address", field="Hls", request_id=request_id
        )
    return PlaybackAddress(hls, request_id)
