"""Create a retrieval task from Slack, in process with the real app, the
simulator and the fake Slack, on both IVC APIs: camera search from the catalog, field errors
with no IVC call, one create with the window in UTC from the user's zone, "Starting…" then
the result by views.update and the new task's card at the command's response_url; a
non-manager's forged search and submission reach IVC zero times."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.features.retrievals.camera_options import parse_camera_value
from bot.simulator.cameras import ROOT_ORGANIZATION
from bot.views.i18n import label
from tests.support.blockkit import assert_valid_modal
from tests.support.in_process import (
    InProcess,
    start_in_process,
    submission_payload,
    suggestion_payload,
)
from tests.support.simulator import IVC_APIS
from tests.support.task_form import values

MANAGER = "U0MGR"
ZONE = "Europe/Paris"  # the user's zone; IVC's is Asia/Shanghai


@pytest.fixture(scope="module", params=IVC_APIS)
def app(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[InProcess]:
    # These tests create several tasks within a second; API 3.0's write limit (5/s) has its
    # own tests (tests/simulator, tests/ivc) and would only make these depend on timing.
    with (
        pytest.MonkeyPatch.context() as patch,
        start_in_process(
            tmp_path_factory.mktemp(f"create-{request.param}"),
            IVC_API=request.param,
            TASK_MANAGERS=MANAGER,
            AUDIT_CHANNEL="C0AUDIT",
            IVC_ORGANIZATION_ID=ROOT_ORGANIZATION,
        ) as w,
    ):
        patch.setattr("bot.simulator.simulator.WRITES_PER_SECOND", 10_000)
        w.fake.set_user(MANAGER, tz=ZONE)
        w.app.call(w.account.catalog.load())  # type: ignore[union-attr]
        yield w


def open_form(app: InProcess) -> tuple[str, str, str]:
    """``new`` as the manager: the form's view id, private_metadata and response id."""
    before = len(app.fake.calls("views.open"))
    reply = app.command("new", user_id=MANAGER)
    call = app.fake.wait_for_calls_sync("views.open", before + 1, timeout=15)[-1]
    return call.response["view"]["id"], call.response["view"]["private_metadata"], reply.response_id


def creates(app: InProcess) -> list[dict[str, Any]]:
    """The bodies of every create call IVC received."""
    return [json.loads(r.body or b"{}") for r in app.sim.requests if r.endpoint == "create"]


def search(app: InProcess, query: str, user: str = MANAGER) -> list[dict[str, Any]]:
    reply = app.interact(suggestion_payload("cameras", query, user_id=user))
    assert reply.status_code == 200
    return list(reply.json()["options"])


def submit(
    app: InProcess,
    form: dict[str, Any],
    user: str = MANAGER,
    meta: str = "",
    view_id: str = "VM0001",
) -> Any:
    payload = submission_payload(
        "new_task", form, private_metadata=meta, user_id=user, view_id=view_id
    )
    reply = app.interact(payload)
    assert reply.status_code == 200
    return reply.json() if reply.content else None


def test_camera_search_answers_from_the_catalog(app: InProcess) -> None:
    before = app.ivc_requests()
    options = search(app, "")
    assert 0 < len(options) <= 100
    for option in options:
        assert len(option["text"]["text"]) <= 75 and option["text"]["type"] == "plain_text"
        assert parse_camera_value(option["value"]) is not None
    word = options[0]["text"]["text"].split(" · ")[0].split()[0]
    narrowed = search(app, word)
    assert narrowed and all(word.casefold() in o["text"]["text"].casefold() for o in narrowed)
    assert app.ivc_requests() == before, "searches never call IVC"


def test_a_valid_form_makes_exactly_one_create_in_utc_and_shows_the_task(app: InProcess) -> None:
    options = search(app, "")[:2]
    view_id, meta, rid = open_form(app)
    assert json.loads(meta)["z"] == ZONE
    before = len(creates(app))
    ack = submit(app, values("gate_0312", options), meta=meta, view_id=view_id)
    assert ack["response_action"] == "update"
    assert_valid_modal(ack["view"])
    assert "Starting" in json.dumps(ack["view"])
    app.fake.wait_for_sync(
        lambda: "gate_0312" in json.dumps(app.fake.modal(view_id) or {}) or None, 15
    )
    sent = creates(app)[before:]
    assert len(sent) == 1
    body = sent[0]
    start = int(datetime(2026, 3, 12, 8, 0, tzinfo=UTC).timestamp())  # 09:00 Paris (CET)
    assert (body["TaskName"], body["StartTime"], body["EndTime"]) == (
        "gate_0312",
        start,
        start + 3600,
    )
    assert body["Expiration"] == 7
    assert [[c["DeviceId"], c["ChannelId"]] for c in body["Channels"]] == [
        json.loads(o["value"]) for o in options
    ]
    shown = app.fake.modal(view_id)
    assert shown is not None
    assert_valid_modal(shown)
    card = app.fake.wait_for_response_sync(rid, 1, 15)
    assert "gate_0312" in json.dumps(card) and card["response_type"] == "ephemeral"
    assert "task_delete_ask" in json.dumps(card), "the manager's own card offers Delete…"
    assert "TaskId" in json.dumps(shown)
    pending = app.ask("pending", user_id=MANAGER)
    assert "gate_0312" in json.dumps(pending), "the next list shows the new task"


BAD_FORMS = [
    ("name", {"name": "has space"}),
    ("name", {"name": "emoji😀"}),
    ("name", {"name": "x" * 33}),
    ("end", {"start": "10:00", "end": "09:00"}),
    ("end", {"start": "16:30", "end": "17:30"}),  # Paris: crosses midnight in Shanghai
    ("expiration", {"days": "0"}),
    ("expiration", {"days": "366"}),
    ("cameras", {"cameras": 0}),
    ("cameras", {"cameras": 33}),
]


@pytest.mark.parametrize(("field", "change"), BAD_FORMS)
def test_each_invalid_input_gets_a_field_error_and_no_ivc_call(
    app: InProcess, field: str, change: dict[str, Any]
) -> None:
    options = search(app, "")
    count = int(change.get("cameras", 1))
    assert len(options) >= count, "the simulator's catalog has enough channels"
    times = {k: str(v) for k, v in change.items() if k in ("start", "end", "days")}
    form = values(str(change.get("name", "ok_name")), options[:count], **times)
    before = app.ivc_requests()
    ack = submit(app, form, meta=json.dumps({"z": ZONE}))
    assert ack["response_action"] == "errors", ack
    assert field in ack["errors"], ack
    assert app.ivc_requests() == before, "nothing sent to IVC"


def test_a_forged_camera_is_refused_on_its_field(app: InProcess) -> None:
    forged = [{"text": {"type": "plain_text", "text": "x"}, "value": '["NOPE","1"]'}]
    before = app.ivc_requests()
    ack = submit(app, values("forged_cam", forged), meta=json.dumps({"z": ZONE}))
    assert ack["response_action"] == "errors" and "cameras" in ack["errors"]
    assert app.ivc_requests() == before


def test_errors_speak_the_users_language(tmp_path) -> None:
    with start_in_process(
        tmp_path,
        BOT_LANGUAGE="zh",
        locale="zh-CN",
        TASK_MANAGERS=MANAGER,
        IVC_ORGANIZATION_ID=ROOT_ORGANIZATION,
    ) as zh:
        ack = submit(zh, values("bad name", []), meta=json.dumps({"z": ZONE}))
        assert ack["errors"]["name"].startswith("任务名称")


def test_a_non_managers_forged_search_and_submission_reach_ivc_zero_times(
    app: InProcess,
) -> None:
    options = search(app, "")[:1]
    before, creates_before = app.ivc_requests(), len(creates(app))
    assert search(app, "", user="U0OTHER") == []
    ack = submit(app, values("forged_0312", options), user="U0OTHER")
    assert ack["response_action"] == "update"
    assert "TASK_MANAGERS" in json.dumps(ack["view"])
    assert_valid_modal(ack["view"])
    assert app.ivc_requests() == before and len(creates(app)) == creates_before


def wait_modal(app: InProcess, view_id: str, text: str) -> dict[str, Any]:
    return app.fake.wait_for_sync(
        lambda: (
            ((m := app.fake.modal(view_id)) is not None and text in json.dumps(m) and m) or None
        ),
        15,
    )


def test_the_same_form_twice_makes_one_task_and_two_successes(app: InProcess) -> None:
    options = search(app, "")[:1]
    form = values("twice_0312", options, start="11:00", end="12:00")
    for _ in range(2):
        view_id, meta, _ = open_form(app)
        submit(app, form, meta=meta, view_id=view_id)
        wait_modal(app, view_id, "TaskId")
    named = [b for b in creates(app) if b["TaskName"] == "twice_0312"]
    assert len(named) >= 1
    listed = json.dumps(app.ask("all", user_id=MANAGER))
    assert listed.count("twice_0312") == 1, "one task"


def test_a_name_ivc_says_is_taken_gets_the_field_error(app: InProcess) -> None:
    """The name was taken behind the app's back (its list does not show it): IVC refuses
    the create and the form shows why, on the name field, as typed."""
    options = search(app, "")[:1]
    app.ask("all refresh", user_id=MANAGER)  # the app's list, before the name is taken
    app.sim.add_task(dict(app.sim.records()[0], TaskId="7a4e" * 8, TaskName="taken_0312"))
    view_id, meta, _ = open_form(app)
    submit(
        app, values("taken_0312", options, start="13:00", end="14:00"), meta=meta, view_id=view_id
    )
    shown = wait_modal(app, view_id, "another task already has this name")
    assert_valid_modal(shown)
    name = next(b for b in shown["blocks"] if b["block_id"] == "name")
    assert "another task already has this name" in name["hint"]["text"]
    assert name["element"]["initial_value"] == "taken_0312", "the form as typed"


def audit_entries(app: InProcess) -> list[Any]:
    from datetime import UTC, datetime

    from bot.store.audit import AuditStore

    return app.app.call(AuditStore(app.runtime.db).since(datetime(2000, 1, 1, tzinfo=UTC)))


def test_every_create_attempt_lands_in_the_audit_trail(app: InProcess) -> None:
    options = search(app, "")[:1]
    view_id, meta, _ = open_form(app)
    submit(
        app, values("audited_0312", options, start="15:00", end="15:30"), meta=meta, view_id=view_id
    )
    wait_modal(app, view_id, "TaskId")
    entry = next(e for e in audit_entries(app) if e.request.get("TaskName") == "audited_0312")
    assert (entry.workspace_id, entry.user_id, entry.action, entry.outcome) == (
        "T0001",
        MANAGER,
        "create",
        "created",
    )
    assert entry.task_id and entry.request_id, "the TaskId and IVC's RequestId"
    posted = app.fake.wait_for_sync(
        lambda: (
            [m for m in app.fake.messages("C0AUDIT") if "audited_0312" in m.get("text", "")] or None
        ),
        15,
    )
    assert entry.request_id in posted[0]["text"] and "<@" not in posted[0]["text"]
    assert "audit create created" in app.app.output()


def test_the_creator_watches_the_task_they_created(app: InProcess) -> None:
    options = search(app, "")[:1]
    view_id, meta, rid = open_form(app)
    submit(app, values("watched_0312", options), meta=meta, view_id=view_id)
    app.fake.wait_for_response_sync(rid, 1, 15)
    mine = json.dumps(app.ask("watching", user_id=MANAGER))
    assert "watched_0312" in mine and "Pending" in mine


def _listed(app: InProcess, name: str) -> None:
    """The app's cached list shows ``name`` (an answered ``all`` fills the cache)."""
    app.fake.wait_for_sync(
        lambda: name in json.dumps(app.ask("all refresh", user_id=MANAGER)) or None, 15
    )


def test_a_name_the_list_already_has_is_refused_on_the_name_field_before_any_call(
    app: InProcess,
) -> None:
    options = search(app, "")[:1]
    view_id, meta, _ = open_form(app)
    submit(app, values("known_0312", options), meta=meta, view_id=view_id)
    wait_modal(app, view_id, "TaskId")
    _listed(app, "known_0312")
    before = app.ivc_requests()
    ack = submit(app, values("known_0312", options, start="13:00", end="14:00"), meta=meta)
    assert ack["response_action"] == "errors", ack
    assert ack["errors"] == {"name": "another task already has this name: choose another one"}
    assert app.ivc_requests() == before, "refused from the list the app holds"


def test_a_double_submit_of_a_listed_task_is_answered_with_that_task(app: InProcess) -> None:
    options = search(app, "")[:1]
    form = values("again_0312", options, start="16:00", end="17:00")
    view_id, meta, _ = open_form(app)
    submit(app, form, meta=meta, view_id=view_id)
    wait_modal(app, view_id, "TaskId")
    _listed(app, "again_0312")
    view_id, meta, _ = open_form(app)
    before = len(creates(app))
    ack = submit(app, form, meta=meta, view_id=view_id)
    assert ack["response_action"] == "update", "the same request is not refused up front"
    shown = wait_modal(app, view_id, "TaskId")
    assert "again_0312" in json.dumps(shown)
    assert len(creates(app)) - before <= 1, "IVC asked at most once"
    assert json.dumps(app.ask("all", user_id=MANAGER)).count("again_0312") == 1, "one task"


@pytest.mark.parametrize(
    ("change", "line"),
    [
        ({"start": "09:00", "end": "09:05"}, "a window is at least 10 minutes: lengthen it"),
        ({"day": "2099-03-12"}, "the window starts in the future: pick a time that has passed"),
    ],
)
def test_a_window_ivc_refuses_is_refused_on_the_time_field_before_any_call(
    app: InProcess, change: dict[str, str], line: str
) -> None:
    options = search(app, "")[:1]
    before = app.ivc_requests()
    ack = submit(app, values("window_0312", options, **change), meta=json.dumps({"z": ZONE}))
    assert ack["response_action"] == "errors", ack
    assert ack["errors"] == {"end": line}
    assert app.ivc_requests() == before, "nothing sent to IVC"


# IVC's own refusals of a create, by the service's real codes ----------------------------
REFUSED_CREATES = [
    ("ResourceInUse.RetrieveTaskNameRepeat", "name", "name_taken"),
    ("InvalidParameterValue.IllegalName", "name", "name_invalid"),
    ("InvalidParameterValue.InvalidName", "name", "name_invalid"),
    ("InvalidParameterValue.EmptyName", "name", "name_invalid"),
    ("InvalidParameterValue.TooLongName", "name", "name_invalid"),
    ("InvalidParameterValue.IllegalDescribe", "describe", "describe_invalid"),
    ("InvalidParameterValue.TooLongDescribe", "describe", "describe_invalid"),
    ("MissingParameter.MissingRetrieveTaskParam", "name", "missing_field"),
    ("InvalidParameterValue.StartOverEndTime", "end", "window_invalid"),
    ("InvalidParameterValue.StartTimeGreaterThanOrEqualEndTime", "end", "window_invalid"),
    ("InvalidParameterValue.InvalidStartTimeOrEndTime", "end", "window_invalid"),
    ("InvalidParameterValue.OutOfTimeRange", "end", "window_too_long"),
    ("InvalidParameterValue.TimeLessThanTenMinutes", "end", "window_too_short"),
    ("InvalidParameterValue.NonSameDay", "end", "window_crosses_midnight"),
    ("InvalidParameterValue.StartOverNowTime", "end", "start_in_future"),
    ("InvalidParameterValue.InvalidExpiration", "expiration", "expiration_out_of_range"),
    ("InvalidParameterValue.RetrieveTaskChannelsExceedsRange", "cameras", "channel_count"),
    ("InvalidParameterValue.ContainInvalidDeviceId", "cameras", "unknown_device"),
    ("ResourceNotFound.DeviceNotExist", "cameras", "unknown_device"),
    ("ResourceNotFound.ChannelNotExist", "cameras", "unknown_channel"),
    ("InvalidParameterValue.DeviceMismatchChannel", "cameras", "channel_of_other_device"),
]
"""Each code IVC may answer a create with, the form input its sentence goes on, its reason."""


def _refused_create(app: InProcess, code: str, name: str) -> tuple[dict[str, Any], int]:
    """Submit a valid form while IVC refuses creates with ``code``: the form shown again and
    how many creates IVC received."""
    options = search(app, "")[:1]
    view_id, meta, _ = open_form(app)
    before = len(creates(app))
    app.sim.set_create_refusal(code)
    try:
        ack = submit(
            app, values(name, options, start="06:00", end="07:00"), meta=meta, view_id=view_id
        )
        assert ack["response_action"] == "update", "the app's own checks passed"
        shown = wait_modal(app, view_id, ":warning:")
    finally:
        app.sim.set_create_refusal(None)
    return shown, len(creates(app)) - before


def _hint(view: dict[str, Any], block_id: str) -> str:
    block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
    return str((block.get("hint") or {}).get("text") or "")


@pytest.mark.parametrize(("code", "field", "reason"), REFUSED_CREATES)
def test_each_refusal_code_shows_its_sentence_on_its_field(
    app: InProcess, code: str, field: str, reason: str
) -> None:
    if field == "describe" and app.account.describe is False:
        pytest.skip("the IVC API takes no description, so it cannot refuse one")
    shown, sent = _refused_create(app, code, f"refused_{abs(hash(code)) % 10_000}")
    assert_valid_modal(shown)
    expected = label("en", f"refusal.{reason}", zone="Asia/Shanghai")
    assert expected in _hint(shown, field), (code, shown)
    others = [b["block_id"] for b in shown["blocks"] if "hint" in b and b["block_id"] != field]
    assert not any(":warning:" in _hint(shown, other) for other in others), "one field only"
    assert sent == 1, "IVC asked once"


def test_refusal_sentences_speak_chinese(tmp_path) -> None:
    with start_in_process(
        tmp_path,
        BOT_LANGUAGE="zh",
        locale="zh-CN",
        IVC_API="cloudapi",
        TASK_MANAGERS=MANAGER,
        IVC_ORGANIZATION_ID=ROOT_ORGANIZATION,
    ) as zh:
        zh.fake.set_user(MANAGER, tz=ZONE)
        zh.app.call(zh.account.catalog.load())  # type: ignore[union-attr]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("bot.simulator.simulator.WRITES_PER_SECOND", 10_000)
            for index, (code, field, reason) in enumerate(REFUSED_CREATES):
                shown, sent = _refused_create(zh, code, f"zh_refused_{index}")
                expected = label("zh", f"refusal.{reason}", zone="Asia/Shanghai")
                assert expected in _hint(shown, field) and sent == 1, code
                assert re.search(r"[\u4e00-\u9fff]", expected), f"{reason} is Chinese"
