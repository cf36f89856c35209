"""Slack's refusal of a message's blocks, and the blocks it names: ``invalid_blocks`` with
detail lines such as ``[ERROR] unsupported type: data_table [json-pointer:/blocks/3/type]``
(``views.*`` answer ``invalid_arguments`` with ``/view/blocks/3``)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk.webhook import WebhookResponse

from bot.views.rendering import Rendering, kinds_in

REFUSAL = "invalid_blocks"
NAMED_REFUSAL = "invalid_arguments"  # views.* answer this, naming the block
_POINTER = re.compile(r"json-pointer:(?:/view)?/blocks/(\d+)(?=[/\]])")


@dataclass(frozen=True, slots=True)
class BlockRefusal:
    """Slack refused a message's blocks; ``pointed``: the indexes of the blocks it named."""

    pointed: frozenset[int] = frozenset()

    def names(self, blocks: list[dict[str, Any]]) -> Rendering:
        """The newer kinds of the blocks the answer points at."""
        return kinds_in(blocks[i] for i in sorted(self.pointed) if i < len(blocks))


def _lines(answer: Mapping[str, Any]) -> list[Any]:
    """The detail lines of a Web API error: ``response_metadata.messages`` and ``errors``."""
    metadata = answer.get("response_metadata")
    messages = metadata.get("messages") if isinstance(metadata, Mapping) else None
    errors = answer.get("errors")
    return [
        *(messages if isinstance(messages, list) else ()),
        *(errors if isinstance(errors, list) else ()),
    ]


def refusal_in(answer: Mapping[str, Any]) -> BlockRefusal | None:
    """Slack's error answer as a refusal of blocks (``invalid_blocks``, or
    ``invalid_arguments`` naming blocks), with the blocks its lines point at; else None."""
    pointed = frozenset(int(i) for line in _lines(answer) for i in _POINTER.findall(str(line)))
    error = answer.get("error")
    if error == REFUSAL or (error == NAMED_REFUSAL and pointed):
        return BlockRefusal(pointed)
    return None


def response_refusal(response: WebhookResponse) -> BlockRefusal | None:
    """A ``response_url`` answer as a refusal of blocks (Slack's ``invalid_blocks``), or None."""
    if response.status_code == 200:
        return None
    body = str(response.body or "")
    try:
        answer = json.loads(body)
    except ValueError:
        answer = None
    if isinstance(answer, dict):
        return refusal_in(answer)
    return BlockRefusal() if REFUSAL in body else None
