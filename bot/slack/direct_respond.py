"""Bolt's ``respond()`` without redirects: an answer to a ``response_url`` reaches that URL
or nowhere (Bolt's own ``respond`` posts through slack_sdk's webhook client, which follows a
redirect wherever it points)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.context.respond.internals import _build_message
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackRequestError
from slack_sdk.webhook import WebhookResponse

from bot.slack.clicker_respond import ClickerRespond
from bot.slack.context import Next
from bot.slack.response_urls import post_json


class DirectRespond(AsyncRespond):
    """``respond()`` as Bolt's, posted with ``post_json`` (no redirect followed); a broken
    connection is a ``SlackRequestError``, as the webhook client's failures are."""

    async def __call__(  # type: ignore[override]
        self,
        text: str | dict[str, Any] = "",
        blocks: Sequence[dict[str, Any]] | None = None,
        attachments: Sequence[dict[str, Any]] | None = None,
        response_type: str | None = None,
        replace_original: bool | None = None,
        delete_original: bool | None = None,
        unfurl_links: bool | None = None,
        unfurl_media: bool | None = None,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> WebhookResponse:
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        if isinstance(text, dict):
            message = _build_message(**text)
        else:
            message = _build_message(
                text=text,
                blocks=blocks,
                attachments=attachments,
                response_type=response_type,
                replace_original=replace_original,
                delete_original=delete_original,
                unfurl_links=unfurl_links,
                unfurl_media=unfurl_media,
                thread_ts=thread_ts,
                metadata=metadata,
            )
        try:
            response = await post_json(self.response_url, message)
        except httpx.HTTPError as error:
            raise SlackRequestError(f"response_url post failed ({type(error).__name__})") from None
        return WebhookResponse(
            url=self.response_url,
            status_code=response.status_code,
            body=response.text,
            headers=dict(response.headers),
        )


class RespondDirectly(AsyncMiddleware):
    """Gives every listener a ``respond`` that follows no redirect."""

    def provide(self, req: AsyncBoltRequest) -> None:
        """Replace Bolt's ``respond`` in the context of a request with a ``response_url``; a
        click without one (a Work Object's button) answers the clicker alone."""
        url = req.context.response_url
        if url:
            req.context["respond"] = DirectRespond(response_url=url)
            return
        client, user = req.context.client, req.context.user_id
        if req.body.get("type") == "block_actions" and client is not None and user:
            req.context["respond"] = ClickerRespond(client, user, req.context.channel_id or "")

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        self.provide(req)
        return await next()
