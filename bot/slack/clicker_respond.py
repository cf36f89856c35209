"""``respond()`` for a click that came with no ``response_url`` (a Work Object's button, in
its unfurl or flexpane): the answer goes to the clicker alone, as a message only they see in
the click's channel (``chat.postEphemeral``), else as a direct message from the app."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook import WebhookResponse

from bot.slack.poster import SLACK_CALL_FAILURES

log = logging.getLogger(__name__)

_OK, _FAILED = 200, 500


class ClickerRespond(AsyncRespond):
    """Answers the clicker only; replacing or deleting the original message is not possible
    here (there is no message of the app's to change), so such answers are sent as new."""

    def __init__(self, client: AsyncWebClient, user: str, channel: str) -> None:
        super().__init__(response_url=None)
        self._client = client
        self._user = user
        self._channel = channel

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
        if isinstance(text, dict):
            message = dict(text)
        else:
            message = {"text": text, "blocks": blocks, "delete_original": delete_original}
        if message.get("delete_original"):
            return self._answer(_OK)  # nothing of the app's to delete
        words, parts = str(message.get("text") or ""), message.get("blocks")
        if not self._user or not (words or parts):
            return self._answer(_FAILED)
        if self._channel and await self._ephemeral(words, parts):
            return self._answer(_OK)
        try:
            await self._client.chat_postMessage(channel=self._user, text=words, blocks=parts)
        except SLACK_CALL_FAILURES as error:
            log.warning("could not answer the clicker (%s)", type(error).__name__)
            return self._answer(_FAILED)
        return self._answer(_OK)

    async def _ephemeral(self, text: str, blocks: Any) -> bool:
        try:
            await self._client.chat_postEphemeral(
                channel=self._channel, user=self._user, text=text, blocks=blocks
            )
        except SLACK_CALL_FAILURES as error:
            log.info("no ephemeral answer (%s); a direct message instead", type(error).__name__)
            return False
        return True

    def _answer(self, status: int) -> WebhookResponse:
        body = "ok" if status == _OK else ""
        return WebhookResponse(url="", status_code=status, body=body, headers={})
