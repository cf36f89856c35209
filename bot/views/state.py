"""The view state carried in button values, so a click can redraw the list."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, replace

from bot.tasks.selection import StatusFilter

ACTION_PREVIOUS = "tasks_prev"
ACTION_NEXT = "tasks_next"
ACTION_REFRESH = "tasks_refresh"
VALUE_MAX = 2000
_QUERY_MAX = 500
_INPUT_MAX = 4 * VALUE_MAX
# &, < and > as JSON escapes: the value stays valid JSON and never looks like Slack markup
_JSON_SAFE = str.maketrans({"&": "\\u0026", "<": "\\u003c", ">": "\\u003e"})


@dataclass(frozen=True, slots=True)
class ViewState:
    """What the list shows: status filter, search text (None for no search) and page."""

    status_filter: StatusFilter = StatusFilter.ALL
    query: str | None = None
    page: int = 1

    def at_page(self, page: int) -> ViewState:
        return replace(self, page=max(1, page))


def _dump(status_filter: StatusFilter, query: str | None, page: int) -> str:
    data: dict[str, object] = {"f": status_filter.value, "p": page}
    if query:
        data["q"] = query
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return encoded.translate(_JSON_SAFE)


def encode_view_state(state: ViewState) -> str:
    """Compact JSON of ``state``, at most 2000 characters (a long query is cut to fit)."""
    query = state.query[:_QUERY_MAX] if state.query else None
    encoded = _dump(state.status_filter, query, state.page)
    if len(encoded) <= VALUE_MAX or not query:
        return encoded
    fits, too_long = 0, len(query)  # binary search for the longest prefix that fits
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if len(_dump(state.status_filter, query[:middle], state.page)) <= VALUE_MAX:
            fits = middle
        else:
            too_long = middle
    return _dump(state.status_filter, query[:fits] or None, state.page)


def _page_number(value: object) -> int:
    """A decoded page number: a positive int, anything else 1."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 1


def _filter(value: object) -> StatusFilter:
    try:
        return StatusFilter(value)
    except (ValueError, TypeError):
        return StatusFilter.ALL


def decode_view_state(value: str) -> ViewState:
    """The state in a button value; anything unreadable gives the first page of all tasks."""
    if not isinstance(value, str) or len(value) > _INPUT_MAX:
        return ViewState()
    try:
        data = json.loads(value)
    except (ValueError, RecursionError):
        return ViewState()
    if not isinstance(data, dict):
        return ViewState()
    query = data.get("q")
    return ViewState(
        status_filter=_filter(data.get("f")),
        query=query if isinstance(query, str) and query else None,
        page=_page_number(data.get("p")),
    )


def encode_compact_state(state: ViewState, limit: int) -> str:
    """``state`` as URL-safe base64 of its JSON (fits an action id), or "" when it is longer
    than ``limit`` characters (a long search: the state is not carried)."""
    raw = encode_view_state(state).encode()
    compact = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return compact if len(compact) <= limit else ""


def decode_compact_state(text: str) -> ViewState | None:
    """The state ``encode_compact_state`` gave, or None for "" or anything unreadable."""
    if not text or len(text) > _INPUT_MAX:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    if not raw.startswith("{"):
        return None
    return decode_view_state(raw)
