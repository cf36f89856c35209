"""Posting to a ``response_url`` the app carried itself (a modal's ``private_metadata``): only
to Slack.

A ``response_url`` in a signed click or command is Slack's; one read back from a view
submission's metadata is not trusted, so the app posts only to a URL whose scheme and host
are Slack's (``https://hooks.slack.com``) or those of ``SLACK_API_URL`` (a fake Slack in
tests, a proxy in front of Slack). Anything else is dropped with one warning line naming the
host only. Every post to a ``response_url`` (``post_response``) follows no redirect: it reaches
that URL or nowhere.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

log = logging.getLogger(__name__)

SLACK_HOOKS = "https://hooks.slack.com"
HOST_LOGGED_MAX = 80
SEND_TIMEOUT = 30  # as slack_sdk's webhook client: a busy Slack (or loopback) may be slow to accept
SEND_FAILURES = (httpx.HTTPError, httpx.InvalidURL, OSError)
"""How a post to a ``response_url`` fails: the request could not be made or answered."""


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url`` (lower case, default port dropped), or "" for a
    URL with credentials, no host or another scheme than http(s)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in ("http", "https") or not host or parts.username or parts.password:
        return ""
    default = {"http": 80, "https": 443}[scheme]
    return f"{scheme}://{host}" + (f":{port}" if port not in (None, default) else "")


async def post_json(url: str, body: Mapping[str, Any]) -> httpx.Response:
    """POST ``body`` to ``url`` as JSON; a redirect is not followed (its 3xx is the answer)."""
    async with httpx.AsyncClient(
        timeout=SEND_TIMEOUT, follow_redirects=False, trust_env=False
    ) as client:
        return await client.post(url, json=dict(body))


async def post_response(url: str, payload: Mapping[str, Any]) -> int:
    """POST ``payload`` (``respond()``'s arguments; None values left out) to ``url`` as JSON;
    the HTTP status. A redirect is not followed: its 3xx is the status."""
    body = {key: value for key, value in payload.items() if value is not None}
    return (await post_json(url, body)).status_code


def _host(url: str) -> str:
    """The host of ``url`` for a log line (nothing else of the URL)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    return ascii(host[:HOST_LOGGED_MAX])


@dataclass(frozen=True, slots=True)
class ResponseUrls:
    """Where the app may post a ``response_url`` it read back: ``origins`` (scheme://host)."""

    origins: frozenset[str] = frozenset({SLACK_HOOKS})

    @classmethod
    def for_api(cls, slack_api_url: str) -> ResponseUrls:
        """Slack's hooks, and the origin of the configured ``SLACK_API_URL``."""
        api = origin_of(slack_api_url)
        return cls(frozenset({SLACK_HOOKS, api} - {""}))

    def allows(self, url: str) -> bool:
        return origin_of(url) in self.origins

    async def send(self, url: str, payload: dict[str, Any], what: str) -> bool:
        """POST ``payload`` to ``url`` if it is Slack's; False when dropped or failed."""
        if not self.allows(url):
            log.warning(
                "dropped the %s: its response_url is not Slack's (host %s)", what, _host(url)
            )
            return False
        try:
            status = await post_response(url, payload)
        except SEND_FAILURES as error:
            log.warning("could not post the %s (%s)", what, type(error).__name__)
            return False
        if status != 200:
            log.warning("could not post the %s (HTTP %s)", what, status)
        return status == 200
