"""Work Objects as Slack sends them: ``link_shared`` and ``entity_details_requested`` events
(shapes from docs.slack.dev's event references), for the signed HTTP path, in process and
over Socket Mode."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support.in_process import InProcess, start_in_process

PUBLIC_URL = "https://tasks.example.com"
_ids = itertools.count(1)


def task_link(task_id: str, base: str = PUBLIC_URL) -> str:
    return f"{base}/tasks/{task_id}"


def link_shared(
    *urls: str,
    channel: str = "C0001",
    user: str = "U0001",
    message_ts: str = "1700000000.000100",
    source: str = "conversations_history",
) -> dict[str, Any]:
    """A ``link_shared`` event: ``urls`` posted by ``user`` in ``channel`` (``source``
    "composer": typed in the message box, not sent yet)."""
    event: dict[str, Any] = {
        "type": "link_shared",
        "channel": channel,
        "is_bot_user_member": True,
        "user": user,
        "message_ts": message_ts,
        "unfurl_id": f"C123456.{message_ts}.{next(_ids)}",
        "source": source,
        "links": [{"domain": urlsplit(url).hostname or "", "url": url} for url in urls],
        "event_ts": f"{time.time():.6f}",
    }
    if source == "composer":
        event["channel"] = "COMPOSER"
        event["message_ts"] = f"{user}-{next(_ids)}"
    return event


def entity_details_requested(
    task_id: str,
    *,
    user: str = "U0001",
    channel: str = "C0001",
    trigger_id: str | None = None,
    url: str | None = None,
    locale: str = "en-US",
) -> dict[str, Any]:
    """An ``entity_details_requested`` event: ``user`` opened the task's Work Object."""
    link = url or task_link(task_id)
    return {
        "type": "entity_details_requested",
        "user": user,
        "external_ref": {"id": task_id, "type": "retrieval_task"},
        "entity_url": link,
        "link": {"url": link, "domain": urlsplit(link).hostname or ""},
        "app_unfurl_url": link,
        "event_ts": f"{time.time():.6f}",
        "trigger_id": trigger_id or f"{next(_ids)}.2222222222.fake0entity0trigger",
        "user_locale": locale,
        "channel": channel,
        "message_ts": "1700000000.000100",
    }


def events_envelope(event: dict[str, Any], team_id: str = "T0001") -> dict[str, Any]:
    """The Events API envelope of ``event`` (what Socket Mode's ``events_api`` carries)."""
    return {
        "type": "event_callback",
        "team_id": team_id,
        "api_app_id": "A0001",
        "event": event,
        "event_id": f"Ev{next(_ids)}",
        "event_time": int(time.time()),
        "authorizations": [
            {"team_id": team_id, "user_id": "U0BOT", "is_bot": True, "is_enterprise_install": False}
        ],
    }


def entity_of(unfurl: dict[str, Any], index: int = 0) -> dict[str, Any]:
    """The ``index``-th entity of a recorded ``chat.unfurl``."""
    entity: dict[str, Any] = unfurl["metadata"]["entities"][index]
    return entity


def app_session(name: str, **settings: str) -> Any:
    """A module's app with task links on (PUBLIC_URL, a long cache) and ``settings``: the
    ``wire_session`` fixture the folder's ``wire`` resets before each test."""

    @pytest.fixture(scope="module")
    def wire_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
        path = tmp_path_factory.mktemp(name)
        with start_in_process(
            path, sim_kwargs=None, PUBLIC_URL=PUBLIC_URL, CACHE_TTL_SECONDS="600", **settings
        ) as wire:
            yield wire

    return wire_session
