"""A recording's download link: IVC's mp4 or ts file of one channel over up to 60 minutes
(API 3.0 ``DescribeVideoDownloadUrl``).

The link carries its access secret (``source=``, ``sign=``), so the typed result never shows
it: its ``repr`` and ``str`` name only the host and the RequestId, and the link itself is read
through ``url`` at the one place that hands it to the person who asked. No error message
quotes it. The ``/ivc/`` API has no download endpoint: its client raises
``DownloadsNeedCloudApiError`` without a request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

from bot.ivc.errors import IvcError, IvcMalformedError
from bot.ivc.playback import MAX_URL

FileType = Literal["mp4", "ts"]
FILE_TYPES: tuple[FileType, ...] = get_args(FileType)
MAX_CLIP_SECONDS = 3600  # DescribeVideoDownloadUrl: at most 60 minutes, not crossing midnight
DEFAULT_LINK_SECONDS = 600  # the link's life when Expires is not sent
MAX_LINK_SECONDS = 86400


@dataclass(frozen=True, slots=True)
class DownloadWindow:
    """What to download: one channel from ``start`` to ``end`` (Unix seconds) as ``file_type``."""

    channel_id: str
    start: int
    end: int
    file_type: FileType = "mp4"

    @property
    def seconds(self) -> int:
        return self.end - self.start


class DownloadLink:
    """A download link; ``repr``/``str`` show only its host and the RequestId.

    ``actual_start``/``actual_end``: the span the file really holds (IVC aligns a download to
    its stream segments, so it may start a little earlier and end a little later), when IVC
    says so."""

    __slots__ = ("_url", "actual_end", "actual_start", "host", "request_id")

    def __init__(
        self,
        url: str,
        request_id: str = "",
        *,
        actual_start: int | None = None,
        actual_end: int | None = None,
    ) -> None:
        self._url = url
        self.host = urlsplit(url).hostname or ""
        self.request_id = request_id
        self.actual_start = actual_start
        self.actual_end = actual_end

    @property
    def url(self) -> str:
        """The whole link, secret included: only for the reply to the person who asked."""
        return self._url

    def __repr__(self) -> str:
        return f"DownloadLink(host={self.host!r}, request_id={self.request_id!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DownloadLink) and other._url == self._url

    def __hash__(self) -> int:
        return hash(self._url)


class DownloadsNeedCloudApiError(IvcError):
    """A download asked of the ``/ivc/`` API, which has none (``DescribeVideoDownloadUrl`` is
    API 3.0 only)."""

    hint = "set IVC_API=cloudapi to download recordings"

    def __init__(self) -> None:
        super().__init__("the /ivc/ API cannot download recordings")


def _seconds(value: Any) -> int | None:
    """A time IVC sends as a string of Unix seconds (an int accepted too); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 12:
        return int(value)
    return None


def download_link(data: Any, request_id: str) -> DownloadLink:
    """``Data`` of a download call (``{"Url", "ActualBeginTime", "ActualEndTime"}``); raises
    ``IvcMalformedError`` for a missing or unusable ``Url`` (never quoting the value). The
    actual times are informative: an unreadable one is left out."""
    if not isinstance(data, Mapping):
        raise IvcMalformedError("field Data is not an object", field="Data", request_id=request_id)
    url = data.get("Url")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise IvcMalformedError(
            "field Url is missing or not a web address", field="Url", request_id=request_id
        )
    if len(url) > MAX_URL or not urlsplit(url).hostname or any(c.isspace() for c in url):
        raise IvcMalformedError(
            "field Url is not a usable web address", field="Url", request_id=request_id
        )
    return DownloadLink(
        url,
        request_id,
        actual_start=_seconds(data.get("ActualBeginTime")),
        actual_end=_seconds(data.get("ActualEndTime")),
    )
