"""A task card's menu, New retrieval and Retrieve again (Slack side), in process on
both IVC APIs: what a manager and a non-manager see, forged menu choices (a non-manager's reach
IVC zero times; a retrieving task's delete gets one line), New retrieval from a list and from
the App Home (the result in a DM), and Retrieve again's prefilled form."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.simulator.cameras import ROOT_ORGANIZATION
from bot.views.task_menu import MenuItem, menu_value, parse_choice
from tests.features.retrievals.test_create_task import search, submit
from tests.support.app_fixtures import baseline_records, buttons, dump
from tests.support.blockkit import assert_valid_home, assert_valid_message, assert_valid_modal
from tests.support.in_process import InProcess, start_in_process
from tests.support.simulator import IVC_APIS
from tests.support.slack_requests import block_actions_payload
from tests.support.task_form import values

MANAGER = "U0MGR"
OTHER = "U0OTHER"
ZONE = "Europe/Paris"


@pytest.fixture(scope="module", params=IVC_APIS)
def app(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[InProcess]:
    with (
        pytest.MonkeyPatch.context() as patch,
        start_in_process(
            tmp_path_factory.mktemp(f"menu-{request.param}"),
            IVC_API=request.param,
            TASK_MANAGERS=MANAGER,
            IVC_ORGANIZATION_ID=ROOT_ORGANIZATION,
        ) as w,
    ):
        patch.setattr("bot.simulator.simulator.WRITES_PER_SECOND", 10_000)
        w.fake.set_user(MANAGER, tz=ZONE)
        w.app.call(w.account.catalog.load())  # type: ignore[union-attr]
        yield w


def task_with(status: int, skip: int = 0) -> dict[str, Any]:
    return [r for r in baseline_records() if r["Status"] == status][skip]


def endpoint_calls(app: InProcess, endpoint: str) -> int:
    return sum(1 for r in app.sim.requests if r.endpoint == endpoint)


def menus(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [b["accessory"] for b in payload["blocks"] if b.get("accessory")]


def offered(payload: dict[str, Any]) -> set[str]:
    """Every menu item the message offers (on any card)."""
    return {o["value"].split(":")[0] for m in menus(payload) for o in m["options"]}


def choose(
    app: InProcess, value: str, user: str = MANAGER, *, public: bool = False, **fields: Any
) -> str:
    """A menu choice (an overflow's ``block_actions``) on a list card; its response id."""
    rid = app.new_response_id()
    payload = block_actions_payload(
        "task_menu.task_1",
        value,
        response_url=app.fake.response_url(rid),
        user_id=user,
        is_ephemeral=not public,
        **fields,
    )
    payload["actions"][0] = {
        "type": "overflow",
        "action_id": "task_menu.task_1",
        "block_id": "task_1",
        "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": value},
        "action_ts": f"{time.time():.6f}",
    }
    assert app.interact(payload).status_code == 200
    return rid


def answer_to(app: InProcess, rid: str) -> dict[str, Any]:
    body = app.fake.wait_for_response_sync(rid, 1, 15)
    app.check_responses(rid, 1)
    return body


# What each reader sees -----------------------------------------------------------------------
def test_a_manager_sees_menus_with_delete_and_again_and_new_retrieval(app: InProcess) -> None:
    listed = app.ask("pending", user_id=MANAGER)
    assert offered(listed) == {"show", "watch", "delete", "again"}
    assert "task_new" in buttons(listed)
    retrieving = app.ask("retrieving", user_id=MANAGER)
    assert "delete" not in offered(retrieving), "never offered for a retrieving task"


def test_a_non_manager_sees_no_controls_in_a_private_answer(app: InProcess) -> None:
    listed = app.ask("pending", user_id=OTHER)
    assert offered(listed) == {"show", "watch"}, "anyone may watch; manage: managers only"
    assert "task_new" not in buttons(listed)
    task = task_with(0)
    shown = app.ask(f"show {task['TaskId']}", user_id=OTHER)
    assert "task_again" not in dump(shown) and not menus(shown)


def test_a_public_list_offers_everything_and_a_non_managers_click_gets_one_line(
    app: InProcess,
) -> None:
    public = app.ask("pending public", user_id=OTHER)
    assert public.get("response_type") == "in_channel"
    assert offered(public) == {"show", "watch", "delete", "again"}
    assert "task_new" in buttons(public)
    task = task_with(0, 1)
    before, opened = app.ivc_requests(), len(app.fake.calls("views.open"))
    for item in (MenuItem.DELETE, MenuItem.AGAIN):
        value = menu_value(item, task["TaskId"])
        assert value is not None
        refused = answer_to(app, choose(app, value, OTHER, public=True))
        assert "TASK_MANAGERS" in refused["text"] and len(refused["blocks"]) == 1
        assert refused["response_type"] == "ephemeral"
    new = app.click("task_new", "new", user_id=OTHER, is_ephemeral=False).wait_response()
    assert "TASK_MANAGERS" in new["text"]
    assert app.ivc_requests() == before, "nothing reached IVC"
    assert len(app.fake.calls("views.open")) == opened, "no form opened"


# Menu choices --------------------------------------------------------------------------------
def test_show_answers_the_clicker_privately_with_retrieve_again_for_a_manager(
    app: InProcess,
) -> None:
    task = task_with(2)
    shown = answer_to(app, choose(app, f"show:{task['TaskId']}", MANAGER, public=True))
    assert shown["response_type"] == "ephemeral" and shown["replace_original"] is False
    assert task["TaskId"] in dump(shown) and "task_again" in dump(shown)
    plain = answer_to(app, choose(app, f"show:{task['TaskId']}", OTHER, public=True))
    assert task["TaskId"] in dump(plain) and "task_again" not in dump(plain)


def test_delete_asks_in_a_small_modal_naming_the_task(app: InProcess) -> None:
    """The whole delete (the card updated in place) is in
    tests/features/retrievals/test_delete_in_modal.py."""
    task = task_with(0, 2)
    before, opened = endpoint_calls(app, "delete"), len(app.fake.calls("views.open"))
    rid = choose(app, f"delete:{task['TaskId']}")
    modal = opened_form(app, opened)
    assert modal["callback_id"] == "task_delete" and task["TaskId"] in dump(modal["blocks"])
    assert json.loads(modal["private_metadata"])["u"] == app.fake.response_url(rid)
    assert endpoint_calls(app, "delete") == before, "nothing sent before the confirmation"


def test_forged_choices_get_one_line_and_reach_ivc_only_to_list(app: InProcess) -> None:
    retrieving = task_with(1)
    before = endpoint_calls(app, "delete")
    line = answer_to(app, choose(app, f"delete:{retrieving['TaskId']}"))
    assert "still retrieving" in line["text"] and len(line["blocks"]) == 1
    unknown = answer_to(app, choose(app, "delete:NOT-A-TASK"))
    assert "NOT-A-TASK" in unknown["text"] and len(unknown["blocks"]) == 1
    garbage = answer_to(app, choose(app, "nuke:everything"))
    assert "not valid" in garbage["text"]
    assert endpoint_calls(app, "delete") == before, "no delete was sent"
    before_details = endpoint_calls(app, "details")
    answer_to(app, choose(app, "show:NOT-A-TASK"))
    assert endpoint_calls(app, "details") == before_details, "a forged id costs no details call"


# New retrieval -------------------------------------------------------------------------------
def opened_form(app: InProcess, before: int) -> dict[str, Any]:
    call = app.fake.wait_for_calls_sync("views.open", before + 1, timeout=15)[before]
    view = call.response["view"]
    assert_valid_modal({k: v for k, v in view.items() if k != "id"})
    return view


def updated_to_form(app: InProcess, note: dict[str, Any]) -> dict[str, Any]:
    """The create form the "Preparing…" modal ``note`` became (views.update), checked."""
    form: dict[str, Any] = app.fake.wait_for_sync(
        lambda: (
            (
                (
                    (m := app.fake.modal(note["id"])) is not None
                    and m.get("callback_id") == "new_task"
                )
                and m
            )
            or None
        ),
        15,
    )
    assert_valid_modal(form)
    return form


def test_new_retrieval_from_a_list_opens_the_form_and_the_card_comes_back_there(
    app: InProcess,
) -> None:
    before = len(app.fake.calls("views.open"))
    click = app.click("task_new", "new", user_id=MANAGER)
    view = opened_form(app, before)
    assert view["callback_id"] == "new_task"
    meta = json.loads(view["private_metadata"])
    assert meta["u"] == app.fake.response_url(click.response_id) and meta["z"] == ZONE
    options = search(app, "")[:1]
    form = values("fromlist_0312", options, start="06:00", end="06:30")
    submit(app, form, meta=view["private_metadata"], view_id=view["id"])
    card = click.wait_response()
    assert "fromlist_0312" in dump(card) and card["response_type"] == "ephemeral"


def home_click(user: str) -> dict[str, Any]:
    payload = block_actions_payload("task_new", "new", response_url="", user_id=user)
    payload.pop("response_url")
    payload.pop("channel")
    payload["container"] = {"type": "view", "view_id": "VHOME"}
    payload["view"] = {"id": "VHOME", "type": "home", "blocks": []}
    return payload


def test_app_home_offers_new_retrieval_to_managers_and_the_result_comes_in_a_dm(
    app: InProcess,
) -> None:
    app.event({"type": "app_home_opened", "user": MANAGER, "tab": "home"})
    app.event({"type": "app_home_opened", "user": OTHER, "tab": "home"})
    home = app.fake.wait_for_sync(lambda: app.fake.home_view(MANAGER), timeout=15)
    other = app.fake.wait_for_sync(lambda: app.fake.home_view(OTHER), timeout=15)
    assert_valid_home(home["blocks"])
    assert "task_new" in dump(home)
    assert "task_new" not in dump(other)
    before = len(app.fake.calls("views.open"))
    assert app.interact(home_click(MANAGER)).status_code == 200
    view = opened_form(app, before)
    assert json.loads(view["private_metadata"]).get("h") == 1
    options = search(app, "")[:1]
    form = values("fromhome_0312", options, start="07:00", end="07:30")
    submit(app, form, meta=view["private_metadata"], view_id=view["id"])
    dm = app.fake.wait_for_sync(
        lambda: [m for m in app.fake.messages(MANAGER) if "fromhome_0312" in dump(m)] or None,
        15,
    )[0]
    assert_valid_message({"text": dm["text"], "blocks": dm["blocks"]})
    forged_before = (app.ivc_requests(), len(app.fake.calls("views.open")))
    assert app.interact(home_click(OTHER)).status_code == 200
    assert (app.ivc_requests(), len(app.fake.calls("views.open"))) == forged_before


# Retrieve again ------------------------------------------------------------------------------
def task_id_named(app: InProcess, name: str) -> str | None:
    """The TaskId of the listed task called ``name`` (from its card's menu), if listed."""
    listed = app.ask(f"search {name}", user_id=MANAGER)
    for card in listed["blocks"]:
        if name in dump(card) and card.get("accessory"):
            return parse_choice(card["accessory"]["options"][0]["value"])[1]  # type: ignore[index]
    return None


def test_retrieve_again_prefills_the_tasks_cameras_window_and_days(app: InProcess) -> None:
    options = search(app, "")[:2]
    view_id = "VM0AGAIN"
    form = values("again_0312", options, start="09:15", end="10:45", days="30")
    submit(app, form, meta=json.dumps({"z": ZONE}), view_id=view_id)
    task_id = app.fake.wait_for_sync(lambda: task_id_named(app, "again_0312"), 15)
    shown = app.ask(f"show {task_id}", user_id=MANAGER)
    again = buttons(shown)["task_menu.again"]
    assert parse_choice(again["value"]) == (MenuItem.AGAIN, task_id)
    before = len(app.fake.calls("views.open"))
    app.click(again["action_id"], again["value"], user_id=MANAGER)
    note = opened_form(app, before)
    filled = updated_to_form(app, note)
    inputs = {b["block_id"]: b["element"] for b in filled["blocks"]}
    assert [o["value"] for o in inputs["cameras"]["initial_options"]] == [
        o["value"] for o in options
    ]
    assert (inputs["date"]["initial_date"], inputs["start"]["initial_time"]) == (
        "2026-03-12",
        "09:15",
    )
    assert (
        inputs["end"]["initial_time"] == "10:45" and inputs["expiration"]["initial_value"] == "30"
    )
    assert inputs["name"]["initial_value"] == "again-2_0312", "a fresh name"


def test_retrieve_again_of_a_forged_task_id_says_not_found_in_the_modal(app: InProcess) -> None:
    before, details = len(app.fake.calls("views.open")), endpoint_calls(app, "details")
    choose(app, "again:NOT-A-TASK")
    note = opened_form(app, before)
    shown = app.fake.wait_for_sync(
        lambda: "NOT-A-TASK" in json.dumps(app.fake.modal(note["id"]) or {}) or None, 15
    )
    assert shown
    assert endpoint_calls(app, "details") == details


def test_retrieve_again_of_a_task_ivc_no_longer_lists_asks_for_its_cameras_again(
    app: InProcess,
) -> None:
    """A watcher's "gone" message offers Retrieve again: IVC keeps nothing of a gone task, so
    the form takes a fresh name and the days to keep from what the app remembers, and the
    camera field asks for the cameras and window again."""
    from datetime import UTC, datetime

    from bot.store.unit_of_work import UnitOfWork
    from bot.tasks.memory import TaskMemory

    when = datetime(2026, 3, 1, tzinfo=UTC)
    gone = TaskMemory("GONE-TASK-1", "north-gate_0301", 0, when, when, 21, when, gone_at=when)
    runtime = app.runtime

    async def remember() -> None:
        async with UnitOfWork(runtime.db).begin() as tx:
            await tx.record_tasks([gone], when)

    app.app.call(remember())
    before, details = len(app.fake.calls("views.open")), endpoint_calls(app, "details")
    choose(app, menu_value(MenuItem.AGAIN, "GONE-TASK-1") or "")
    note = opened_form(app, before)
    form = updated_to_form(app, note)
    inputs = {b["block_id"]: b for b in form["blocks"]}
    assert inputs["name"]["element"]["initial_value"].startswith("north-gate_")
    assert inputs["expiration"]["element"]["initial_value"] == "21"
    assert not inputs["cameras"]["element"].get("initial_options")
    assert "no longer lists north-gate_0301" in inputs["cameras"]["hint"]["text"]
    assert endpoint_calls(app, "details") == details, "nothing to ask IVC of a gone task"


def test_chinese_menus_buttons_and_refusals(tmp_path) -> None:
    with start_in_process(
        tmp_path,
        BOT_LANGUAGE="zh",
        locale="zh-CN",
        TASK_MANAGERS=MANAGER,
        IVC_ORGANIZATION_ID=ROOT_ORGANIZATION,
    ) as zh:
        listed = zh.ask("待取回", user_id=MANAGER)
        texts = {o["text"]["text"] for m in menus(listed) for o in m["options"]}
        assert texts == {"查看详情", "关注 / 取消关注", "删除…", "再次取回"}
        assert buttons(listed)["task_new"]["text"]["text"] == "新建取回"
        task = task_with(0)
        refused = answer_to(zh, choose(zh, f"delete:{task['TaskId']}", OTHER, public=True))
        assert refused["text"].startswith(":no_entry: 只有任务管理员")
        garbage = answer_to(zh, choose(zh, "nuke:x", MANAGER))
        assert "该选项已失效" in garbage["text"]


def test_menu_clicks_count_under_one_action_label(app: InProcess) -> None:
    task = task_with(2, 1)
    answer_to(app, choose(app, f"show:{task['TaskId']}"))
    metrics = app.get_metrics().text
    assert 'action="task_menu"' in metrics
    assert "task_menu." not in metrics, "one label, whatever the card"


# Watch and Play from a card's menu (issues 14 and 17) ----------------------------------------
def test_anyone_may_watch_from_a_cards_menu_and_it_toggles_their_own_watch(app: InProcess) -> None:
    task = task_with(2)
    value = menu_value(MenuItem.WATCH, task["TaskId"])
    assert value is not None
    watched = answer_to(app, choose(app, value, OTHER, public=True))
    assert watched.get("response_type") == "ephemeral", "answered to the clicker alone"
    assert "You are watching" in dump(watched)
    assert_valid_message(watched)
    unwatched = answer_to(app, choose(app, value, OTHER, public=True))
    assert "You no longer watch" in dump(unwatched)


def test_play_from_a_cards_menu_fetches_a_link_for_the_clicker_alone(app: InProcess) -> None:
    task = task_with(0)
    listed = app.ask("retrieved", user_id=OTHER)
    assert "play" in offered(listed), "a retrieved task's card offers Play"
    assert "play" not in offered(app.ask("pending", user_id=OTHER))
    value = menu_value(MenuItem.PLAY, task["TaskId"])
    assert value is not None
    answer = answer_to(app, choose(app, value, OTHER))
    assert answer.get("response_type") == "ephemeral"
    assert_valid_message(answer)
    assert "task_play" in dump(answer), "the link, or the chooser of the task's cameras"
    assert not [c for c in app.fake.calls("chat.postMessage") if "token=" in json.dumps(c.params)]


def test_a_forged_play_choice_on_a_pending_task_gets_one_line_and_no_playback_call(
    app: InProcess,
) -> None:
    task = task_with(2)
    before = endpoint_calls(app, "playback")
    value = menu_value(MenuItem.PLAY, task["TaskId"])
    assert value is not None
    answer = answer_to(app, choose(app, value, OTHER))
    assert len(answer["blocks"]) == 1 and "task_play" not in dump(answer)
    assert endpoint_calls(app, "playback") == before
