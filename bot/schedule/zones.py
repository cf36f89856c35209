"""IANA time zone names, checked with zoneinfo."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache

from bot.schedule.model import UnknownTimezoneError

_NAME = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+){0,2}")
_NAME_MAX = 64


@cache
def _by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def _loads(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError, TypeError):
        return False
    return True


def validate_timezone(name: str) -> str:
    """The IANA name for ``name`` ("asia/shanghai" -> "Asia/Shanghai").

    Raises UnknownTimezoneError (one line: ``Unknown time zone "Mars/Base": use an Area/City
    name such as Asia/Shanghai``) for anything zoneinfo does not know.
    """
    text = name.strip() if isinstance(name, str) else ""
    if not text or len(text) > _NAME_MAX or not _NAME.fullmatch(text):
        raise UnknownTimezoneError(text if isinstance(name, str) else repr(name))
    canonical = _by_folded_name().get(text.casefold())
    if canonical is not None and _loads(canonical):
        return canonical
    if _loads(text):  # a zone the system has but the tzdata list lacks
        return text
    raise UnknownTimezoneError(text)


def zone(name: str) -> zoneinfo.ZoneInfo:
    """The ZoneInfo of a (validated) name."""
    return zoneinfo.ZoneInfo(validate_timezone(name))
