"""Posting to channels (the deliverer, subscription confirmations) and direct messages to
watchers, with Slack's failures sorted by what to do next."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.models.metadata import EntityMetadata
from slack_sdk.web.async_client import AsyncWebClient

from bot.views.message import Message

log = logging.getLogger(__name__)

EVENT_TYPE = "retrieval_tasks_delivery"
SLACK_CALL_FAILURES = (SlackApiError, SlackClientError, OSError, TimeoutError)
"""How a Web API call fails: Slack said no, the client gave up, or the connection broke."""
PAUSING_ERRORS = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
# app_not_installed: multi-workspace mode, the workspace uninstalled the app
Entity = EntityMetadata | Mapping[str, Any]
"""A Work Object entity (``slack_sdk.models.metadata``) or its JSON."""


class PostFailed(Exception):
    """A post did not happen. ``pause`` says the subscription must stop (the channel is gone
    or closed to the bot); ``retry_after`` is Slack's Retry-After of a 429; ``answer`` is
    Slack's error answer, if any (``invalid_blocks`` names the refused block there)."""

    def __init__(
        self,
        error: str,
        *,
        pause: bool = False,
        retry_after: float | None = None,
        uncertain: bool = False,
        answer: Mapping[str, Any] | None = None,
    ):
        super().__init__(error)
        self.error = error
        self.pause = pause
        self.retry_after = retry_after
        self.uncertain = uncertain  # no answer: the post may still land at Slack
        self.answer: Mapping[str, Any] = answer or {}


def _failure(error: Exception) -> PostFailed:
    if isinstance(error, SlackApiError):
        code = str(error.response.get("error") or f"http_{error.response.status_code}")
        if error.response.status_code == 429 or code == "ratelimited":
            retry_after = float(error.response.headers.get("Retry-After", 1) or 1)
            return PostFailed("ratelimited", retry_after=retry_after)
        answer = error.response.data if isinstance(error.response.data, dict) else None
        return PostFailed(code, pause=code in PAUSING_ERRORS, answer=answer)
    return PostFailed(type(error).__name__, uncertain=True)


def post_failure(error: Exception) -> PostFailed:
    """What a failed Web API call (one of ``SLACK_CALL_FAILURES``) means for a delivery."""
    return _failure(error)


def _metadata(key: str, entities: Sequence[Entity] = ()) -> dict[str, Any]:
    """The delivery's key as event metadata, and the Work Object ``entities`` beside it."""
    metadata: dict[str, Any] = {"event_type": EVENT_TYPE, "event_payload": {"key": key}}
    if entities:
        metadata["entities"] = [
            entity.to_dict() if isinstance(entity, EntityMetadata) else dict(entity)
            for entity in entities
        ]
    return metadata


@dataclass(frozen=True, slots=True)
class AppIdentity:
    """Who this app posts as in a workspace (``auth.test`` of its token)."""

    bot_id: str
    app_id: str | None

    def posted(self, message: dict[str, Any]) -> bool:
        """Whether this app posted ``message``: its bot id, and its app id when both tell."""
        if not self.bot_id or message.get("bot_id") != self.bot_id:
            return False
        other_app = message.get("app_id")
        return self.app_id is None or other_app is None or other_app == self.app_id


class SlackPoster:
    """chat.postMessage / chat.update, tagging each post with its delivery key."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._identity: AppIdentity | None = None  # learned once, on the first look-back

    @property
    def client(self) -> AsyncWebClient:
        """The Web API client of this workspace's token (for lookups such as ``users.info``)."""
        return self._client

    async def identity(self) -> AppIdentity:
        """This app's bot and app ids for this token (``auth.test``, asked once)."""
        if self._identity is None:
            data = await self._call("auth.test")
            app_id = data.get("app_id")
            self._identity = AppIdentity(
                bot_id=str(data.get("bot_id") or ""), app_id=str(app_id) if app_id else None
            )
        return self._identity

    async def _call(self, method: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = await self._client.api_call(method, json=kwargs)
        except SLACK_CALL_FAILURES as error:
            raise _failure(error) from None
        return response.data if isinstance(response.data, dict) else {}

    async def post(
        self, channel: str, message: Message, *, key: str, thread_ts: str | None = None
    ) -> str:
        """Post a message; returns its ts."""
        data = await self.post_answer(channel, message, key=key, thread_ts=thread_ts)
        return str(data.get("ts") or "")

    async def post_answer(
        self,
        channel: str,
        message: Message,
        *,
        key: str,
        thread_ts: str | None = None,
        entities: Sequence[Entity] = (),
    ) -> dict[str, Any]:
        """Post a message (``entities``: Work Objects in its metadata, beside the key);
        Slack's whole answer (its ``ts``, and any ``warning``)."""
        extra = {"thread_ts": thread_ts} if thread_ts else {}
        return await self._call(
            "chat.postMessage",
            channel=channel,
            text=message.text,
            blocks=message.blocks,
            metadata=_metadata(key, entities),
            unfurl_links=False,
            unfurl_media=False,
            **extra,
        )

    async def open_dm(self, user_id: str) -> str:
        """The id of the app's direct message channel with ``user_id`` (conversations.open)."""
        data = await self._call("conversations.open", users=user_id)
        channel = str((data.get("channel") or {}).get("id") or "")
        if not channel:
            raise PostFailed("channel_not_found")
        return channel

    async def update(
        self,
        channel: str,
        ts: str,
        message: Message,
        *,
        key: str | None = None,
        entities: Sequence[Entity] = (),
    ) -> dict[str, Any]:
        """Edit a message; with ``key``, its metadata too (the key it was posted with, and
        ``entities``), else its metadata stays. Slack's whole answer."""
        extra = {"metadata": _metadata(key, entities)} if key is not None else {}
        return await self._call(
            "chat.update",
            channel=channel,
            ts=ts,
            text=message.text,
            blocks=message.blocks,
            **extra,
        )

    async def find(self, channel: str, *, key: str, thread_ts: str | None = None) -> str | None:
        """The ts of a message this app already posted with ``key`` (a retry after a crash),
        if any.

        Looks at the newest 200 messages (or the thread): a lease is seconds long, so an
        earlier attempt's post is among them. No time filter, so clock skew cannot hide it.
        Only this app's own messages count: anyone can post metadata with a copied key.
        """
        try:
            me = await self.identity()
            if thread_ts:
                data = await self._call(
                    "conversations.replies",
                    channel=channel,
                    ts=thread_ts,
                    include_all_metadata=True,
                    limit=200,
                )
            else:
                data = await self._call(
                    "conversations.history", channel=channel, include_all_metadata=True, limit=200
                )
        except PostFailed as failure:
            log.warning("could not check %s for an earlier post (%s)", channel, failure.error)
            return None
        for message in data.get("messages") or []:
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("key") == key and me.posted(message):
                return str(message.get("ts"))
        return None


class Posters:
    """The poster for each workspace: the one bot token of a single-workspace app, or the
    token each workspace granted on install (multi-workspace mode)."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        token_for: Callable[[str], Awaitable[str | None]] | None = None,
        client_for: Callable[[str], AsyncWebClient] | None = None,
    ) -> None:
        self._default = SlackPoster(client)
        self._token_for = token_for
        self._client_for = client_for
        self._by_token: dict[str, SlackPoster] = {}

    async def for_workspace(self, workspace_id: str) -> SlackPoster:
        if self._token_for is None or self._client_for is None:
            return self._default
        token = await self._token_for(workspace_id)
        if not token:
            raise PostFailed("app_not_installed", pause=True)
        poster = self._by_token.get(token)
        if poster is None:
            if len(self._by_token) >= 256:
                self._by_token.clear()
            poster = self._by_token[token] = SlackPoster(self._client_for(token))
        return poster
