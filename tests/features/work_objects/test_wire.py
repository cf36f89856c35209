"""Task links over the wire: ``link_shared`` and ``entity_details_requested`` through the
signed HTTP path and over Socket Mode reach ``chat.unfurl`` and ``entity.presentDetails``;
the link's page is served on PORT."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.app_fixtures import Wire, baseline_records, start_wire
from tests.support.work_objects import (
    PUBLIC_URL,
    entity_details_requested,
    entity_of,
    events_envelope,
    link_shared,
    task_link,
)

TASK = baseline_records()[0]


def send(wire: Wire, event: dict[str, Any], socket_mode: bool) -> None:
    """``event`` as Slack delivers it: a signed POST, or a Socket Mode envelope (acked)."""
    if socket_mode:
        envelope_id = wire.fake.socket_send_envelope(
            "events_api", events_envelope(event), accepts_response_payload=False
        )
        wire.fake.wait_for_socket_ack_sync(envelope_id, timeout=10)
    else:
        assert wire.event(event).status_code == 200


@pytest.mark.parametrize("socket_mode", [False, True], ids=["http", "socket"])
def test_a_posted_link_is_unfurled_and_opened(tmp_path, socket_mode):
    with start_wire(tmp_path, socket_mode=socket_mode, PUBLIC_URL=PUBLIC_URL) as wire:
        send(wire, link_shared(task_link(TASK["TaskId"])), socket_mode)
        [unfurl] = wire.fake.wait_for_sync(wire.fake.unfurls, timeout=10)
        send(wire, entity_details_requested(TASK["TaskId"]), socket_mode)
        [pane] = wire.fake.wait_for_sync(wire.fake.presented, timeout=10)

        assert entity_of(unfurl)["external_ref"]["id"] == TASK["TaskId"]
        assert pane["metadata"]["external_ref"]["id"] == TASK["TaskId"]
        page = wire.get(f"/tasks/{TASK['TaskId']}")
        assert page.status_code == 200 and "set-cookie" not in page.headers
