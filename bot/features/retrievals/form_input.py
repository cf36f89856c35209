"""Read a submitted create form (``view.state.values``) into a ``NewTask`` (pure).

Limits before parsing: every text is cut to its field's bound first. A camera must be one the
catalog has (the picker's values come from Slack and are not trusted to name a channel).
The window is read in the user's zone (``FormOrigin.zone``) and sent as UTC seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.features.retrievals.camera_options import parse_camera_value
from bot.features.retrievals.new_task_form import MAX_DESCRIBE, FormField, FormValues
from bot.ivc.new_task import ChannelRef, NewTask
from bot.ivc.refusals import Refusal
from bot.ivc.task_rules import MAX_CHANNELS, FieldProblem, TaskField

MAX_TEXT = 200  # any one text read from the state, before it is looked at
FIELD_OF: dict[TaskField, FormField] = {
    TaskField.NAME: FormField.NAME,
    TaskField.WINDOW: FormField.END,
    TaskField.MODE: FormField.NAME,
    TaskField.EXPIRATION: FormField.EXPIRATION,
    TaskField.CHANNELS: FormField.CAMERAS,
}
"""The form input each rule's problem is shown on."""
FIELD_OF_REFUSAL: dict[Refusal, FormField] = {
    Refusal.NAME_INVALID: FormField.NAME,
    Refusal.NAME_TAKEN: FormField.NAME,
    Refusal.DESCRIBE_INVALID: FormField.DESCRIBE,
    Refusal.WINDOW_INVALID: FormField.END,
    Refusal.WINDOW_TOO_LONG: FormField.END,
    Refusal.WINDOW_TOO_SHORT: FormField.END,
    Refusal.WINDOW_CROSSES_MIDNIGHT: FormField.END,
    Refusal.START_IN_FUTURE: FormField.END,
    Refusal.EXPIRATION_OUT_OF_RANGE: FormField.EXPIRATION,
    Refusal.CHANNEL_COUNT: FormField.CAMERAS,
    Refusal.UNKNOWN_DEVICE: FormField.CAMERAS,
    Refusal.UNKNOWN_CHANNEL: FormField.CAMERAS,
    Refusal.CHANNEL_OF_OTHER_DEVICE: FormField.CAMERAS,
    Refusal.NO_RECORDING: FormField.CAMERAS,
    Refusal.ARCHIVED: FormField.CAMERAS,
}
"""The form input IVC's own refusal of a create is shown on (others: the name)."""


@dataclass(frozen=True, slots=True)
class FormInput:
    """A submission read: the task when every field could be read, the problems otherwise,
    and the values as typed (to show the form again)."""

    task: NewTask | None
    problems: tuple[FieldProblem, ...]
    typed: FormValues


def _value(values: dict[str, Any], field: FormField) -> dict[str, Any]:
    block = values.get(field.value)
    element = block.get(field.value) if isinstance(block, dict) else None
    return element if isinstance(element, dict) else {}


def _text(values: dict[str, Any], field: FormField, key: str = "value") -> str:
    raw = _value(values, field).get(key)
    return raw[:MAX_TEXT].strip() if isinstance(raw, str) else ""


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _time(text: str) -> time | None:
    try:
        return time.fromisoformat(text[:5]) if len(text) >= 5 else None
    except ValueError:
        return None


def _zone(name: str, fallback: str) -> ZoneInfo:
    for candidate in (name, fallback, "UTC"):
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


def _cameras(values: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    selected = _value(values, FormField.CAMERAS).get("selected_options")
    options = [o for o in selected if isinstance(o, dict)] if isinstance(selected, list) else []
    raw = [str(o.get("value") or "")[:MAX_TEXT] for o in options[: MAX_CHANNELS + 1]]
    return options[:MAX_CHANNELS], raw


def read_form(
    values: dict[str, Any],
    zone_name: str,
    *,
    fallback_zone: str,
    known: Callable[[ChannelRef], bool],
) -> FormInput:
    """``values`` (``view.state.values``) as a ``NewTask``; ``known`` says whether the
    catalog has a channel."""
    zone = _zone(zone_name, fallback_zone)
    name = _text(values, FormField.NAME)
    day = _day(_text(values, FormField.DATE, "selected_date"))
    start = _time(_text(values, FormField.START, "selected_time"))
    end = _time(_text(values, FormField.END, "selected_time"))
    expiration_text = _text(values, FormField.EXPIRATION)
    expiration = int(expiration_text) if expiration_text.isdigit() else 0
    options, raw = _cameras(values)
    refs = [parse_camera_value(v) for v in raw]
    describe = _text(values, FormField.DESCRIBE)[:MAX_DESCRIBE]
    typed = FormValues(
        name=name,
        day=day or date.today(),
        start=start or time(0),
        end=end or time(0),
        zone=zone.key,
        expiration_days=expiration or 1,
        cameras=tuple(options),
        describe=describe,
    )
    problems: list[FieldProblem] = []
    if day is None or start is None or end is None:
        problems.append(FieldProblem(TaskField.WINDOW, Refusal.WINDOW_INVALID))
    if not expiration_text.isdigit():
        problems.append(FieldProblem(TaskField.EXPIRATION, Refusal.EXPIRATION_OUT_OF_RANGE))
    if any(ref is None or not known(ref) for ref in refs):
        problems.append(FieldProblem(TaskField.CHANNELS, Refusal.UNKNOWN_CHANNEL))
    if problems or day is None or start is None or end is None:
        return FormInput(None, tuple(problems), typed)
    begin = datetime.combine(day, start, zone)
    finish = datetime.combine(day, end, zone)
    if end == time(0) and start != time(0):
        finish += timedelta(days=1)  # "until midnight": the end of the day
    task = NewTask(
        name=name,
        start=begin,
        end=finish,
        expiration_days=expiration,
        channels=tuple(ref for ref in refs if ref is not None),
        describe=describe or None,
    )
    return FormInput(task, (), typed)
