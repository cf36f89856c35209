"""The create form: a modal asking for a task's name, window, cameras and expiration (pure).

Block and action ids are the ``FormField`` values; the view's ``private_metadata`` carries
where the command was run (``FormOrigin``), so the result can be posted there, and the
recording check a person confirmed (``bot.features.retrievals.checking_recordings``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from typing import Any

from bot.views.blocks import section_block
from bot.views.i18n import label, normalise_lang
from bot.views.mrkdwn import truncate

NEW_TASK_VIEW = "new_task"
"""The ``callback_id`` of the create form."""
"""The action_id of the New retrieval button (list answers, App Home)."""
MAX_CAMERAS = 32
DEFAULT_EXPIRATION_DAYS = 7
MAX_METADATA = 3000  # Slack's limit on private_metadata
MAX_DESCRIBE = 1000
MAX_HINT = 2000  # Slack's limit for an input's hint
MAX_CONFIRMED = 80
MAX_CONTEXT = 3000


class FormField(StrEnum):
    """The form's inputs: each one's block_id and action_id."""

    NAME = "name"
    DATE = "date"
    START = "start"
    END = "end"
    CAMERAS = "cameras"
    EXPIRATION = "expiration"
    DESCRIBE = "describe"


@dataclass(frozen=True, slots=True)
class FormOrigin:
    """Where the form was asked for (the command's or the click's ``response_url`` and
    channel, or ``home``: the App Home, which has no response_url, so the result goes to the
    submitter in a DM) and the time zone its times are read in. ``confirmed``: the recording
    check the form asks to confirm (``recording_check.confirm_token``), if any."""

    response_url: str = ""
    channel: str = ""
    zone: str = ""
    home: bool = False
    confirmed: str = ""

    def encode(self) -> str:
        data: dict[str, Any] = {"u": self.response_url, "c": self.channel, "z": self.zone}
        if self.home:
            data["h"] = 1
        if self.confirmed:
            data["k"] = self.confirmed[:MAX_CONFIRMED]
        text = json.dumps(data, separators=(",", ":"))
        return text if len(text) <= MAX_METADATA else "{}"

    @classmethod
    def decode(cls, text: str) -> FormOrigin:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(
            str(data.get("u") or ""),
            str(data.get("c") or ""),
            str(data.get("z") or ""),
            home=data.get("h") == 1,
            confirmed=str(data.get("k") or "")[:MAX_CONFIRMED],
        )


@dataclass(frozen=True, slots=True)
class FormValues:
    """What the form shows in its inputs."""

    name: str
    day: date
    start: time
    end: time
    zone: str
    expiration_days: int = DEFAULT_EXPIRATION_DAYS
    cameras: tuple[dict[str, Any], ...] = ()  # selected options, as the picker gave them
    describe: str = ""


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def render_new_task_form(
    values: FormValues,
    origin: FormOrigin,
    *,
    lang: str = "en",
    with_describe: bool,
    problems: Mapping[FormField, str] | None = None,
    after_cameras: Sequence[dict[str, Any]] = (),
    submit: str = "",
) -> dict[str, Any]:
    """The create form as a ``views.open`` view, prefilled with ``values``; ``problems``
    (IVC's refusal after a submission) show as the hint of their field; ``after_cameras``
    (each camera's recordings) go below the cameras field; ``submit`` relabels the button."""
    lang = normalise_lang(lang)
    problems = problems or {}

    def _input(
        field: FormField, title: str, element: dict[str, Any], **extra: Any
    ) -> dict[str, Any]:
        if field in problems:
            extra["hint"] = _plain(truncate(":warning: " + problems[field], MAX_HINT))
        return {
            "type": "input",
            "block_id": field.value,
            "label": _plain(title),
            "element": {**element, "action_id": field.value},
            **extra,
        }

    cameras: dict[str, Any] = {
        "type": "multi_external_select",
        "min_query_length": 0,
        "max_selected_items": MAX_CAMERAS,
    }
    if values.cameras:
        cameras["initial_options"] = list(values.cameras[:MAX_CAMERAS])
    describe: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": True,
        "max_length": MAX_DESCRIBE,
    }
    if values.describe:
        describe["initial_value"] = truncate(values.describe, MAX_DESCRIBE)
    blocks = [
        _input(
            FormField.NAME,
            label(lang, "form.name"),
            {
                "type": "plain_text_input",
                "initial_value": truncate(values.name, 32),
                "max_length": 32,
            },
        ),
        _input(
            FormField.DATE,
            label(lang, "form.date"),
            {"type": "datepicker", "initial_date": values.day.isoformat()},
        ),
        _input(
            FormField.START,
            label(lang, "form.start"),
            {"type": "timepicker", "initial_time": values.start.strftime("%H:%M")},
        ),
        _input(
            FormField.END,
            label(lang, "form.end"),
            {"type": "timepicker", "initial_time": values.end.strftime("%H:%M")},
            hint=_plain(truncate(label(lang, "form.zone", zone=values.zone), 150)),
        ),
        _input(
            FormField.CAMERAS,
            label(lang, "form.cameras"),
            cameras,
            hint=_plain(label(lang, "form.cameras_hint")),
        ),
        *after_cameras,
        _input(
            FormField.EXPIRATION,
            label(lang, "form.expiration"),
            {
                "type": "number_input",
                "is_decimal_allowed": False,
                "initial_value": str(values.expiration_days),
                "min_value": "1",
                "max_value": "365",
            },
        ),
    ]
    if with_describe:
        blocks.append(
            _input(
                FormField.DESCRIBE,
                label(lang, "form.describe"),
                describe,
                optional=True,
            )
        )
    return {
        "type": "modal",
        "callback_id": NEW_TASK_VIEW,
        "title": _plain(label(lang, "form.title")),
        "submit": _plain(submit or label(lang, "form.submit")),
        "close": _plain(label(lang, "form.close")),
        "private_metadata": origin.encode(),
        "blocks": blocks,
    }


def render_form_note(
    text: str, origin: FormOrigin, *, lang: str = "en", context: str = ""
) -> dict[str, Any]:
    """A modal of one line: "Starting…", the started task, or why it did not start; with
    ``context`` (mrkdwn), a note below it (e.g. what the recording check found)."""
    blocks: list[dict[str, Any]] = [section_block(text, "note")]
    if context:
        element = {"type": "mrkdwn", "text": truncate(context, MAX_CONTEXT)}
        blocks.append({"type": "context", "block_id": "note_context", "elements": [element]})
    return {
        "type": "modal",
        "callback_id": NEW_TASK_VIEW + "_result",
        "title": _plain(label(normalise_lang(lang), "form.title")),
        "close": _plain(label(normalise_lang(lang), "form.close")),
        "private_metadata": origin.encode(),
        "blocks": blocks,
    }
