"""Downloading a recording on the simulator: API 3.0 ``DescribeVideoDownloadUrl`` (the ``/ivc/``
endpoints have no download), kept apart from playback. Tencent's documented rules and
playback's footage rules apply; each link carries a fresh random ``source=`` secret.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.simulator import codes
from bot.simulator.playback import PlaybackRequest
from bot.simulator.writes import SimRefusal, check_window

DOWNLOAD_HOST = "download.ivc-sim.test"
MAX_CLIP = 3600
FILE_TYPES = ("mp4", "ts")
DEFAULT_EXPIRES = 600
MAX_EXPIRES = 86_400


@dataclass(frozen=True, slots=True)
class DownloadRequest:
    """A download request that passed the parameter rules."""

    channel_id: str
    start: int
    end: int
    file_type: str
    expires: int

    @property
    def footage(self) -> PlaybackRequest:
        """The same channel and window, as the footage rules read it."""
        return PlaybackRequest(self.channel_id, self.start, self.end)


def _time(params: Mapping[str, Any], name: str) -> int:
    """A time sent as a string of Unix seconds (the gateway already refused another type)."""
    value = params.get(name)
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        raise SimRefusal(codes.INVALID_TIME, f"{name} must be a string of Unix seconds")
    return int(value)


def check_download(params: Mapping[str, Any]) -> DownloadRequest:
    """The request's fields, or the ``SimRefusal`` IVC answers (in this order: channel, times,
    60 minutes, midnight, file type, link life)."""
    channel = params.get("ChannelId")
    if not isinstance(channel, str) or not channel:
        raise SimRefusal(codes.MISSING_PARAMETER, "the parameter ChannelId is missing")
    start, end = _time(params, "BeginTime"), _time(params, "EndTime")
    if end <= start:
        raise SimRefusal(codes.START_NOT_BEFORE_END, "BeginTime must come before EndTime")
    if end - start > MAX_CLIP:
        raise SimRefusal(codes.TOO_LONG, "a download is at most 60 minutes")
    check_window(start, end)
    file_type = params.get("FileType")
    if file_type not in FILE_TYPES:
        raise SimRefusal(codes.INVALID_FILE_TYPE, "FileType must be mp4 or ts")
    expires = params.get("Expires")
    if expires is None:
        expires = DEFAULT_EXPIRES
    if not 1 <= expires <= MAX_EXPIRES:
        raise SimRefusal(codes.INVALID_PARAMETER_VALUE, "Expires must be 1 to 86400 seconds")
    return DownloadRequest(channel, start, end, str(file_type), int(expires))


@dataclass
class DownloadBook:
    """Every ``source=`` secret handed out (newest last)."""

    sources: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def link(self, request: DownloadRequest) -> str:
        """A new download link for ``request`` with a fresh random secret."""
        source = secrets.token_urlsafe(24)
        with self._lock:
            self.sources.append(source)
        return (
            f"https://{DOWNLOAD_HOST}/vds/video.{request.file_type}"
            f"?source={source}&expires={request.expires}"
        )


def download_link(request: DownloadRequest, book: DownloadBook) -> dict[str, str]:
    """``Data`` of a successful call (``Url`` and the span the file holds, as strings of Unix
    seconds), once the footage rules (``check_footage``) let ``request`` through."""
    return {
        "Url": book.link(request),
        "ActualBeginTime": str(request.start),
        "ActualEndTime": str(request.end),
    }


def wrong_types_download(data: Any) -> Any:
    """A download ``Data`` whose ``Url`` is a number."""
    return {**data, "Url": 12345} if isinstance(data, dict) else data
