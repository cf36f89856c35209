"""The manager's ``new`` form: its submitted values, and a task created with it through a
running app's wire."""

from __future__ import annotations

import time
from typing import Any

from tests.support.app_fixtures import Wire, dump
from tests.support.in_process import submission_payload, suggestion_payload
from tests.support.polling import wait_until

DEADLINE = 15.0  # a failure bound (scaled for a busy machine), not a figure


def values(
    name: str,
    options: list[dict[str, Any]],
    *,
    day: str = "2026-03-12",
    start: str = "09:00",
    end: str = "10:00",
    days: str = "7",
) -> dict[str, Any]:
    return {
        "name": {"name": {"type": "plain_text_input", "value": name}},
        "date": {"date": {"type": "datepicker", "selected_date": day}},
        "start": {"start": {"type": "timepicker", "selected_time": start}},
        "end": {"end": {"type": "timepicker", "selected_time": end}},
        "cameras": {"cameras": {"type": "multi_external_select", "selected_options": options}},
        "expiration": {"expiration": {"type": "number_input", "value": days}},
    }


def create_with_form(wire: Wire, manager: str, name: str, day: str) -> tuple[float, float]:
    """``manager``'s ``new`` form on ``wire``, submitted with one camera: when it was submitted
    and when the app showed the task (``time.monotonic()``)."""
    options = wait_until(
        lambda: wire.interact(suggestion_payload("cameras", "", user_id=manager)).json()["options"],
        "camera catalog loaded",
        DEADLINE,
    )
    opened = len(wire.fake.calls("views.open"))
    wire.command("new", user_id=manager)
    view = wire.fake.wait_for_calls_sync("views.open", opened + 1, timeout=DEADLINE)[-1].response
    form = values(name, options[:1], day=day, start="09:00", end="10:00")
    payload = submission_payload(
        "new_task",
        form,
        private_metadata=view["view"]["private_metadata"],
        user_id=manager,
        view_id=view["view"]["id"],
    )
    submitted = time.monotonic()
    ack = wire.interact(payload).json()
    assert ack["response_action"] == "update", ack
    wire.fake.wait_for_sync(
        lambda: "TaskId" in dump(wire.fake.modal(view["view"]["id"]) or {}) or None, DEADLINE
    )
    return submitted, time.monotonic()
