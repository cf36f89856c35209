"""Delete a retrieval task from Slack, in process on both IVC APIs:
``delete <TaskId>`` answers with a confirmation naming the task (not offered for a retrieving
task); its Delete updates the message in place; a forged Delete of a retrieving task gets
IVC's refusal as one line; a non-manager's forged Delete reaches IVC zero times."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.app_fixtures import baseline_records, dump
from tests.support.in_process import InProcess, start_in_process, submission_payload
from tests.support.simulator import IVC_APIS

MANAGER = "U0MGR"


@pytest.fixture(scope="module", params=IVC_APIS)
def app(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[InProcess]:
    with start_in_process(
        tmp_path_factory.mktemp(f"delete-{request.param}"),
        IVC_API=request.param,
        TASK_MANAGERS=MANAGER,
        AUDIT_CHANNEL="C0AUDIT",
    ) as w:
        yield w


def task_with(status: int, skip: int = 0) -> dict[str, Any]:
    return [r for r in baseline_records() if r["Status"] == status][skip]


def deletes(app: InProcess) -> int:
    return sum(1 for r in app.sim.requests if r.endpoint == "delete")


def test_delete_asks_for_confirmation_naming_the_task_then_deletes_in_place(app: InProcess) -> None:
    task = task_with(0)
    before = deletes(app)
    reply = app.command(f"delete {task['TaskId']}", user_id=MANAGER)
    confirm = reply.wait_response()
    assert task["TaskName"] in dump(confirm) and task["TaskId"] in dump(confirm)
    assert confirm["replace_original"] is True
    assert deletes(app) == before, "nothing is sent to IVC before the confirmation"
    button = next(
        e
        for b in confirm["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "task_delete"
    )
    click = app.click("task_delete", button["value"], user_id=MANAGER)
    done = click.wait_response()
    assert done["replace_original"] is True, "the message is updated in place"
    assert "Deleted" in done["text"] and task["TaskId"] in done["text"]
    assert deletes(app) == before + 1
    listed = json.dumps(app.ask("all", user_id=MANAGER))
    assert task["TaskId"] not in listed, "the next list no longer shows it"
    entry = next(e for e in audit_entries(app) if e.task_id == task["TaskId"])
    assert (entry.user_id, entry.action, entry.outcome) == (MANAGER, "delete", "deleted")
    assert entry.request_id


def test_delete_is_not_offered_for_a_retrieving_task(app: InProcess) -> None:
    task = task_with(1)
    reply = app.command(f"delete {task['TaskId']}", user_id=MANAGER)
    answer = reply.wait_response()
    assert "still retrieving" in answer["text"]
    assert "task_delete" not in dump(answer), "no Delete button"


def test_a_forged_delete_of_a_retrieving_task_gets_ivcs_refusal_as_one_line(app: InProcess) -> None:
    task = task_with(1, 1)
    before = deletes(app)
    done = app.click("task_delete", task["TaskId"], user_id=MANAGER).wait_response()
    assert deletes(app) == before + 1, "IVC decided"
    assert "refused" in done["text"] and "still retrieving" in done["text"]
    assert len(done["blocks"]) == 1 and "Traceback" not in dump(done)
    refusals = [e for e in audit_entries(app) if e.request == {"TaskId": task["TaskId"]}]
    assert [e.outcome for e in refusals] == ["refused:task_retrieving"]


def test_a_non_managers_forged_delete_reaches_ivc_zero_times(app: InProcess) -> None:
    task = task_with(0, 1)
    before = app.ivc_requests()
    refused = app.click("task_delete", task["TaskId"], user_id="U0OTHER").wait_response()
    assert "TASK_MANAGERS" in refused["text"]
    command = app.command(f"delete {task['TaskId']}", user_id="U0OTHER")
    assert command.ack is not None and "TASK_MANAGERS" in command.ack["text"]
    assert app.ivc_requests() == before


def audit_entries(app: InProcess) -> list[Any]:
    from datetime import UTC, datetime

    from bot.store.audit import AuditStore

    return app.app.call(AuditStore(app.runtime.db).since(datetime(2000, 1, 1, tzinfo=UTC)))


def test_a_new_tasks_card_delete_asks_in_a_modal_then_updates_the_card(app: InProcess) -> None:
    task = task_with(2, 2)
    before, opened = deletes(app), len(app.fake.calls("views.open"))
    click = app.click("task_delete_ask", task["TaskId"], user_id=MANAGER)
    call = app.fake.wait_for_calls_sync("views.open", opened + 1, timeout=15)[opened]
    modal = call.response["view"]
    assert modal["callback_id"] == "task_delete" and task["TaskName"] in dump(modal["blocks"])
    assert deletes(app) == before
    payload = submission_payload(
        "task_delete", {}, private_metadata=modal["private_metadata"], user_id=MANAGER
    )
    payload["view"]["id"] = modal["id"]
    assert app.interact(payload).status_code == 200
    done = click.wait_response()
    assert done["replace_original"] is True and "Deleted" in done["text"]
    assert deletes(app) == before + 1


def test_a_non_managers_delete_control_click_reaches_ivc_zero_times(app: InProcess) -> None:
    task = task_with(2, 3)
    before = app.ivc_requests()
    refused = app.click("task_delete_ask", task["TaskId"], user_id="U0OTHER").wait_response()
    assert "TASK_MANAGERS" in refused["text"]
    assert app.ivc_requests() == before


def test_a_forged_delete_of_a_task_id_the_list_lacks_reaches_no_ivc_delete(app: InProcess) -> None:
    before = deletes(app)
    done = app.click("task_delete", "NOT-LISTED-1", user_id=MANAGER).wait_response()
    assert done["replace_original"] is True and "NOT-LISTED-1" in done["text"]
    assert len(done["blocks"]) == 1 and deletes(app) == before, "checked against the list"
    entry = next(e for e in audit_entries(app) if e.request == {"TaskId": "NOT-LISTED-1"})
    assert entry.outcome == "refused:not_listed"
