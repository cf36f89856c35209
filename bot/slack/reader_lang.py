"""The reader's language, resolved at the edge: what only one person sees speaks their Slack
language (the payload's ``user_locale`` where Slack sends it, else ``users.info``'s ``locale``,
cached with the access lookups of ``ViewerRules``); ``zh-*`` reads Chinese, anything else
English. With READER_LANGUAGE=bot, or when Slack cannot say, it is BOT_LANGUAGE (what a channel
sees always is). What needs no Slack call is known before the access checks, so their
refusals speak it too."""

from __future__ import annotations

from typing import Any

from cachetools import TTLCache
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.config import Language
from bot.slack.asked import ASKED, Asked
from bot.slack.refusal_answer import TENANT_WORKSPACE
from bot.slack.viewers import CACHE_SIZE


def language_of(locale: str) -> Language:
    """``zh`` for a Chinese locale (zh-CN, zh-TW…), else ``en``."""
    return "zh" if locale.lower().startswith("zh") else "en"


def stated_locale(body: dict[str, Any]) -> str:
    """The ``user_locale`` the payload carries (interactive payloads, some events); "" when
    it carries none (slash commands never do)."""
    locale = body.get("user_locale")
    if not locale:
        event = body.get("event")
        locale = event.get("user_locale") if isinstance(event, dict) else None
    return locale if isinstance(locale, str) else ""


def _person_key(req: AsyncBoltRequest, asked: Asked) -> tuple[str, str]:
    """(workspace, user) as the access check cached the person."""
    return str(req.context.get(TENANT_WORKSPACE) or asked.workspace), asked.user


class ProvideReaderLanguage:
    """Puts the reader's language in the request's ``Asked``. The payload's locale costs
    nothing (``stated``, before any check); a cached one no Slack call (``provide``, before
    the access check and again after it, which may have cached the person); otherwise one
    ``users.info`` after the access check, whose lookup it shares (``look_up``), then cached.
    A failed lookup leaves BOT_LANGUAGE (``ViewerRules`` logs it) and is not retried for
    ``cache_seconds``."""

    def __init__(self, per_person: bool, cache_seconds: float = 300.0) -> None:
        self.per_person = per_person
        self._unknown: TTLCache[tuple[str, str], bool] = TTLCache(
            CACHE_SIZE, max(cache_seconds, 0.001)
        )

    def stated(self, req: AsyncBoltRequest) -> bool:
        """Set the reader's language from the payload alone; whether it did (or need not:
        READER_LANGUAGE=bot, a request naming no person, a language already set)."""
        asked: Asked = req.context[ASKED]
        if not self.per_person or not asked.user or asked.reader_lang is not None:
            return True
        locale = stated_locale(req.body)
        _set(req, asked, locale)
        return bool(locale)

    def provide(self, req: AsyncBoltRequest) -> bool:
        """Set the reader's language from the payload or the caches; False when only
        ``users.info`` can say (then ``look_up``). Requests naming no person, and every
        request with READER_LANGUAGE=bot, keep BOT_LANGUAGE."""
        if self.stated(req):
            return True
        asked: Asked = req.context[ASKED]
        key = _person_key(req, asked)
        person = asked.people.viewers.cached_person(*key)
        if person is None:
            return key in self._unknown  # a failed lookup is not retried for a while
        _set(req, asked, person.locale)
        return True

    async def look_up(self, req: AsyncBoltRequest) -> None:
        """``users.info`` (with the locale), cached for the access check too."""
        asked: Asked = req.context[ASKED]
        client = req.context.client
        assert client is not None, "Bolt sets the client before any middleware"
        key = _person_key(req, asked)
        person = await asked.people.viewers.person(client, *key)
        if person is None:
            self._unknown[key] = True
            return
        _set(req, asked, person.locale)


def _set(req: AsyncBoltRequest, asked: Asked, locale: str) -> None:
    """The reader's language from ``locale`` ("": Slack did not say, BOT_LANGUAGE stays)."""
    if locale:
        lang = language_of(locale)
        if asked.reader_lang != lang:
            req.context[ASKED] = asked.reading(lang)
