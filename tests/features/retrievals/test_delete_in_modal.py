"""Delete… from a card's menu ("after a delete the message is updated in place"), in
process on both IVC APIs: the confirmation modal, then the card where it lives: a list page
redrawn through its response_url without the task, a notification card chat.update-d;
forged submissions (a non-manager's, an unlisted or retrieving TaskId, a card that is not the
task's) and Chinese."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.store import cards
from bot.store.subscriptions import NewSubscription, SubscriptionStore
from bot.subscriptions import SubscriptionKind
from bot.views.task_menu import MenuItem, menu_value, parse_choice
from tests.features.card_menu.test_task_menu import MANAGER, OTHER, endpoint_calls, menus, task_with
from tests.features.retrievals.test_delete_task import audit_entries
from tests.support.app_fixtures import dump
from tests.support.blockkit import assert_valid_message, assert_valid_modal
from tests.support.in_process import InProcess, start_in_process, submission_payload
from tests.support.polling import wait_until
from tests.support.simulator import IVC_APIS
from tests.support.slack_requests import block_actions_payload

CARD_CHANNEL = "C0CARDS"


@pytest.fixture(scope="module", params=IVC_APIS)
def app(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[InProcess]:
    with start_in_process(
        tmp_path_factory.mktemp(f"delete-{request.param}"),
        IVC_API=request.param,
        TASK_MANAGERS=MANAGER,
    ) as w:
        yield w


def click_menu(
    app: InProcess,
    action_id: str,
    block_id: str,
    value: str,
    user: str = MANAGER,
    **fields: Any,
) -> str:
    """Choose ``value`` from the overflow ``action_id`` of block ``block_id``; the click's
    response id."""
    rid = app.new_response_id()
    payload = block_actions_payload(
        action_id, value, response_url=app.fake.response_url(rid), user_id=user, **fields
    )
    payload["actions"][0] = {
        "type": "overflow",
        "action_id": action_id,
        "block_id": block_id,
        "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": value},
        "action_ts": f"{time.time():.6f}",
    }
    assert app.interact(payload).status_code == 200
    return rid


def opened_modal(app: InProcess, before: int) -> dict[str, Any]:
    view = app.fake.wait_for_calls_sync("views.open", before + 1, timeout=15)[before].response
    modal = view["view"]
    assert_valid_modal({k: v for k, v in modal.items() if k != "id"})
    return modal


def submit_delete(app: InProcess, meta: str, user: str = MANAGER, view_id: str = "VM0DEL") -> Any:
    payload = submission_payload("task_delete", {}, private_metadata=meta, user_id=user)
    payload["view"]["id"] = view_id
    reply = app.interact(payload)
    assert reply.status_code == 200
    return reply.json()


def _updated(app: InProcess, view_id: str, words: str) -> dict[str, Any] | None:
    for call in app.fake.calls("views.update"):
        view = call.params.get("view")
        view = json.loads(view) if isinstance(view, str) else view
        if call.params.get("view_id") == view_id and words in dump(view):
            return view
    return None


def modal_saying(app: InProcess, view_id: str, words: str) -> dict[str, Any]:
    """The view the app put in modal ``view_id`` (``views.update`` after the delete) once it
    says ``words``."""
    shown = app.fake.wait_for_sync(lambda: _updated(app, view_id, words), 15)
    assert_valid_modal(shown)
    return shown


def deletable_card(listed: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A card of ``listed`` whose menu offers Delete…, and that option's value."""
    for block in listed["blocks"]:
        for option in (block.get("accessory") or {}).get("options", []):
            if option["value"].startswith("delete:"):
                return block, option["value"]
    raise AssertionError("no card offers Delete…")


# A list page ---------------------------------------------------------------------------------
def test_delete_from_a_list_page_confirms_in_a_modal_then_redraws_the_page(
    app: InProcess,
) -> None:
    listed = app.ask("pending", user_id=MANAGER)
    card, value = deletable_card(listed)
    task_id = parse_choice(value)[1]  # type: ignore[index]
    opened, deletes = len(app.fake.calls("views.open")), endpoint_calls(app, "delete")
    rid = click_menu(app, card["accessory"]["action_id"], card["block_id"], value)
    modal = opened_modal(app, opened)
    assert modal["callback_id"] == "task_delete" and task_id in dump(modal["blocks"])
    assert endpoint_calls(app, "delete") == deletes, "nothing sent before the confirmation"
    assert app.fake.responses(rid) == [], "no private confirmation message"
    ack = submit_delete(app, modal["private_metadata"], view_id=modal["id"])
    assert ack["response_action"] == "update" and "Deleting" in dump(ack["view"])
    page = app.fake.wait_for_response_sync(rid, 1, 15)
    app.check_responses(rid, 1)
    assert page["replace_original"] is True and "tasks_header" in dump(page)
    assert task_id not in dump(page), "the page is redrawn without the task"
    assert "Pending" in page["text"] and menus(page), "the same page, menus and all"
    assert endpoint_calls(app, "delete") == deletes + 1
    modal_saying(app, modal["id"], "Deleted")
    entry = next(e for e in audit_entries(app) if e.task_id == task_id)
    assert (entry.user_id, entry.action, entry.outcome) == (MANAGER, "delete", "deleted")


def test_delete_from_a_show_answer_replaces_it_with_the_deleted_line(app: InProcess) -> None:
    task = task_with(2, 2)
    shown = app.ask(f"show {task['TaskId']}", user_id=MANAGER)
    card = next(b for b in shown["blocks"] if b.get("accessory"))
    value = menu_value(MenuItem.DELETE, task["TaskId"])
    assert value is not None
    opened = len(app.fake.calls("views.open"))
    rid = click_menu(app, card["accessory"]["action_id"], card["block_id"], value)
    modal = opened_modal(app, opened)
    submit_delete(app, modal["private_metadata"], view_id=modal["id"])
    done = app.fake.wait_for_response_sync(rid, 1, 15)
    app.check_responses(rid, 1)
    assert done["replace_original"] is True and "Deleted" in done["text"]
    assert task["TaskId"] in done["text"] and not menus(done)


# A notification card -------------------------------------------------------------------------
async def _remember_card(app: InProcess, task_id: str, ts: str, hours: int) -> None:
    """A notification card of ``task_id`` at ``ts`` (in a subscription of its own)."""
    db = app.runtime.db
    every = f"every {hours}h"
    new = NewSubscription("T0001", CARD_CHANNEL, SubscriptionKind.SUMMARY, "UTC", every)
    sub = await SubscriptionStore(db).create(new, now=datetime.now(UTC), first_run=lambda _: None)
    async with db.engine.begin() as conn:
        await conn.execute(
            cards.remember(
                db, subscription_id=sub.id, task_id=task_id, channel_id=CARD_CHANNEL, ts=ts
            )
        )


def card_click(app: InProcess, task_id: str, ts: str, user: str = MANAGER) -> str:
    value = menu_value(MenuItem.DELETE, task_id)
    assert value is not None
    message = {"type": "message", "ts": ts, "bot_id": "B0001", "blocks": []}
    return click_menu(
        app,
        "task_menu.notify_task",
        "notify_task",
        value,
        user,
        is_ephemeral=False,
        channel_id=CARD_CHANNEL,
        message_ts=ts,
        message=message,
    )


def test_delete_from_a_notification_card_marks_that_card_deleted(app: InProcess) -> None:
    task = task_with(0, 3)
    ts = app.fake.add_message(CARD_CHANNEL, text="card", bot_id="B0001")
    app.app.call(_remember_card(app, task["TaskId"], ts, 23))
    opened, updates = len(app.fake.calls("views.open")), len(app.fake.calls("chat.update"))
    rid = card_click(app, task["TaskId"], ts)
    modal = opened_modal(app, opened)
    meta = json.loads(modal["private_metadata"])
    assert (meta["c"], meta["m"]) == (CARD_CHANNEL, ts) and "u" not in meta
    submit_delete(app, modal["private_metadata"], view_id=modal["id"])
    app.fake.wait_for_calls_sync("chat.update", updates + 1, timeout=15)
    card = next(m for m in app.fake.messages(CARD_CHANNEL) if m["ts"] == ts)
    assert_valid_message({"text": card["text"], "blocks": card["blocks"]})
    assert "Deleted from Slack" in card["text"] and not menus(card)
    assert app.fake.responses(rid) == [], "the card is edited, nothing posted to response_url"


def test_a_forged_place_that_is_not_the_tasks_card_is_left_alone(app: InProcess) -> None:
    task, other = task_with(0, 4), task_with(2, 3)
    ts = app.fake.add_message(CARD_CHANNEL, text="other card", bot_id="B0001")
    app.app.call(_remember_card(app, other["TaskId"], ts, 22))
    updates = len(app.fake.calls("chat.update"))
    meta = json.dumps({"t": task["TaskId"], "c": CARD_CHANNEL, "m": ts})
    submit_delete(app, meta, view_id="VM0FORGEDCARD")
    modal_saying(app, "VM0FORGEDCARD", "Deleted")
    wait_until(lambda: "not a notification card" in app.app.output(), "the card check", 15)
    assert len(app.fake.calls("chat.update")) == updates, "another task's card is not edited"


# Forged submissions --------------------------------------------------------------------------
def test_a_non_managers_forged_submission_reaches_ivc_zero_times(app: InProcess) -> None:
    task = task_with(0, 5)
    rid = app.new_response_id()
    meta = json.dumps({"t": task["TaskId"], "u": app.fake.response_url(rid), "s": "{}"})
    before = app.ivc_requests()
    ack = submit_delete(app, meta, user=OTHER)
    assert ack["response_action"] == "update" and "TASK_MANAGERS" in dump(ack["view"])
    assert_valid_modal(ack["view"])
    assert app.ivc_requests() == before, "nothing reached IVC"
    assert app.fake.responses(rid) == []


def test_forged_task_ids_get_one_line_in_the_modal_and_no_card_update(app: InProcess) -> None:
    rid = app.new_response_id()
    url = app.fake.response_url(rid)
    deletes = endpoint_calls(app, "delete")
    submit_delete(app, json.dumps({"t": "NOT-LISTED-9", "u": url}), view_id="VM0UNLISTED")
    modal_saying(app, "VM0UNLISTED", "NOT-LISTED-9")
    assert endpoint_calls(app, "delete") == deletes, "a TaskId the list lacks is not sent"
    retrieving = task_with(1)
    submit_delete(app, json.dumps({"t": retrieving["TaskId"], "u": url}), view_id="VM0RETR")
    refused = modal_saying(app, "VM0RETR", "IVC refused")
    assert retrieving["TaskId"] in dump(refused)
    assert app.fake.responses(rid) == [], "the card stays as it was"


def test_delete_of_a_retrieving_task_from_the_menu_gets_one_line(app: InProcess) -> None:
    retrieving = task_with(1)
    opened = len(app.fake.calls("views.open"))
    value = menu_value(MenuItem.DELETE, retrieving["TaskId"])
    assert value is not None
    rid = click_menu(app, "task_menu.task_1", "task_1", value)
    line = app.fake.wait_for_response_sync(rid, 1, 15)
    app.check_responses(rid, 1)
    assert "still retrieving" in line["text"] and line["response_type"] == "ephemeral"
    assert len(app.fake.calls("views.open")) == opened, "no confirmation to give"


# Chinese -------------------------------------------------------------------------------------
def test_chinese_modal_and_redrawn_page(tmp_path) -> None:
    with start_in_process(tmp_path, BOT_LANGUAGE="zh", locale="zh-CN", TASK_MANAGERS=MANAGER) as zh:
        listed = zh.ask("待取回", user_id=MANAGER)
        card, value = deletable_card(listed)
        task_id = parse_choice(value)[1]  # type: ignore[index]
        opened = len(zh.fake.calls("views.open"))
        rid = click_menu(zh, card["accessory"]["action_id"], card["block_id"], value)
        modal = opened_modal(zh, opened)
        assert (modal["title"]["text"], modal["submit"]["text"]) == ("删除任务", "删除")
        ack = submit_delete(zh, modal["private_metadata"], view_id=modal["id"])
        assert "正在删除任务" in dump(ack["view"])
        page = zh.fake.wait_for_response_sync(rid, 1, 15)
        zh.check_responses(rid, 1)
        assert task_id not in dump(page) and page["replace_original"] is True
        modal_saying(zh, modal["id"], "已删除任务")
