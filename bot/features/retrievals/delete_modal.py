"""Delete… from a card's menu (pure): the small confirmation modal naming the task, the
one-line modal of its outcome, and ``CardPlace``, where the card the menu was opened from
lives, carried in the modal's ``private_metadata`` so a delete can update it in place.

A place is either a message answered through its ``response_url`` (a list page, whose
``ViewState`` lets it be redrawn without the task, or a ``show`` answer) or a notification
card in a channel (its channel and ts: the app ``chat.update``-s its own card). The metadata
comes back in a view submission: the listener checks all of it again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.ivc.models import Task
from bot.views.blocks import section_block
from bot.views.i18n import label, normalise_lang
from bot.views.mrkdwn import code
from bot.views.state import ViewState, decode_view_state, encode_view_state

DELETE_VIEW = "task_delete"
MAX_METADATA = 3000  # Slack's limit on private_metadata
_FIELD_MAX = 500


@dataclass(frozen=True, slots=True)
class CardPlace:
    """The TaskId to delete and where its card lives: ``response_url`` (with the list's
    ``state`` when the card was on a list page, ``everyone`` when the channel sees it), or
    ``channel`` and ``ts`` of a notification card."""

    task_id: str = ""
    response_url: str = ""
    state: ViewState | None = None
    everyone: bool = False
    channel: str = ""
    ts: str = ""

    @property
    def card(self) -> bool:
        """A notification card in a channel (updated with ``chat.update``)."""
        return bool(self.channel and self.ts)

    def encode(self) -> str:
        data: dict[str, Any] = {"t": self.task_id}
        if self.card:
            data |= {"c": self.channel, "m": self.ts}
        elif self.response_url:
            data["u"] = self.response_url
            if self.state is not None:
                data["s"] = encode_view_state(self.state)
            if self.everyone:
                data["e"] = 1
        text = json.dumps(data, separators=(",", ":"))
        return text if len(text) <= MAX_METADATA else json.dumps({"t": self.task_id})

    @classmethod
    def decode(cls, text: str) -> CardPlace:
        """The place in ``text``; anything unreadable is an empty place (no TaskId)."""
        try:
            data = json.loads(text[:MAX_METADATA] or "{}")
        except (ValueError, RecursionError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        state = data.get("s")
        return cls(
            task_id=_text(data.get("t")),
            response_url=_text(data.get("u")),
            state=decode_view_state(state) if isinstance(state, str) else None,
            everyone=type(data.get("e")) is int and data.get("e") == 1,
            channel=_text(data.get("c")),
            ts=_text(data.get("m")),
        )


def _text(value: object) -> str:
    return value[:_FIELD_MAX] if isinstance(value, str) else ""


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def render_delete_modal(task: Task, place: CardPlace, lang: str = "en") -> dict[str, Any]:
    """ "Delete <name>?" with Delete (submit) and Keep it (close)."""
    lang = normalise_lang(lang)
    text = label(lang, "delete.confirm", name=code(task.name, 64), task_id=code(task.task_id, 64))
    return {
        "type": "modal",
        "callback_id": DELETE_VIEW,
        "title": _plain(label(lang, "delete.title")),
        "submit": _plain(label(lang, "delete.button")),
        "close": _plain(label(lang, "delete.cancel")),
        "private_metadata": place.encode(),
        "blocks": [section_block(text, "delete_question")],
    }


def render_delete_note(text: str, lang: str = "en") -> dict[str, Any]:
    """A modal of one line: "Deleting…", the task deleted, or why not."""
    lang = normalise_lang(lang)
    return {
        "type": "modal",
        "callback_id": DELETE_VIEW + "_result",
        "title": _plain(label(lang, "delete.title")),
        "close": _plain(label(lang, "form.close")),
        "blocks": [section_block(text, "note")],
    }


def working_text(task_id: str, lang: str = "en") -> str:
    return label(normalise_lang(lang), "delete.working", task_id=code(task_id, 64))
