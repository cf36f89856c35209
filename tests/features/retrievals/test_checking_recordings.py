"""Is there anything to retrieve? The create form checks each camera's recordings with
``DescribeRecordFile`` before the billed retrieval, in process with the real app, the simulator
and the fake Slack: every case's sentence on the cameras field (in English and Chinese), a
create with every camera after one check each, a confirmation that creates with the archived
cameras only, nothing created when none is archived, one line for a refused or failed check,
"Checking recordings…" then the outcome while IVC holds its answers, Play of footage that is
not archived (to the clicker alone), Retrieve again checked alike, a non-manager's forged
submission and click reaching IVC zero times, and the IVC API skipping the check with its
line."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.simulator.cameras import ROOT_ORGANIZATION
from bot.simulator.recordings import ARCHIVED, MISSING, PARTIAL, UNARCHIVED
from bot.views.i18n import label
from tests.features.card_menu.test_task_menu import opened_form, task_id_named, updated_to_form
from tests.features.retrievals.test_create_task import search, submit, wait_modal
from tests.support.app_fixtures import buttons, dump
from tests.support.blockkit import assert_valid_modal
from tests.support.in_process import LOCALES, InProcess, start_in_process
from tests.support.polling import bound
from tests.support.task_form import values

MANAGER, OTHER = "U0MGR", "U0OTHER"
ZONE = "Europe/Paris"  # the user's zone; IVC's is Asia/Shanghai
WINDOW_UTC = (
    int(datetime(2026, 3, 12, 8, 0, tzinfo=UTC).timestamp()),
    int(datetime(2026, 3, 12, 9, 0, tzinfo=UTC).timestamp()),
)  # 09:00–10:00 in Paris (CET), the form's default window below
SPANS = {PARTIAL: "09:00–09:20, 09:40–10:00", UNARCHIVED: "09:00–10:00"}
"""The spans the simulator records in that window, in the user's zone."""


def start_app(tmp_path: Any, ivc_api: str = "cloudapi", lang: str = "en") -> Any:
    return start_in_process(
        tmp_path,
        IVC_API=ivc_api,
        BOT_LANGUAGE=lang,
        locale=LOCALES[lang],
        TASK_MANAGERS=MANAGER,
        IVC_ORGANIZATION_ID=ROOT_ORGANIZATION,
    )


def ready(app: InProcess) -> InProcess:
    app.fake.set_user(MANAGER, tz=ZONE)
    app.app.call(app.account.catalog.load())  # type: ignore[union-attr]
    return app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    with pytest.MonkeyPatch.context() as patch, start_app(tmp_path_factory.mktemp("rec")) as w:
        patch.setattr("bot.simulator.simulator.WRITES_PER_SECOND", 10_000)
        yield ready(w)


@pytest.fixture
def cases(app: InProcess) -> Iterator[Callable[..., list[dict[str, Any]]]]:
    """``cases(ARCHIVED, MISSING, …)``: that many cameras of the catalog, each served as its
    case (fresh cameras each call); the simulator decides again after the test."""
    used: list[str] = []
    offset = [0]

    def pick(*wanted: str) -> list[dict[str, Any]]:
        options = search(app, "")[offset[0] : offset[0] + len(wanted)]
        offset[0] += len(wanted)
        for option, case in zip(options, wanted, strict=True):
            channel = json.loads(option["value"])[1]
            app.sim.set_recording(channel, case)
            used.append(channel)
        return options

    yield pick
    for channel in used:
        app.sim.set_recording(channel, None)


def count(app: InProcess, endpoint: str) -> int:
    return app.sim.calls[endpoint]


def bodies(app: InProcess, endpoint: str) -> list[dict[str, Any]]:
    return [json.loads(r.body or b"{}") for r in app.sim.requests if r.endpoint == endpoint]


def refs(options: list[dict[str, Any]]) -> list[list[str]]:
    return [json.loads(o["value"]) for o in options]


def hint(view: dict[str, Any], block_id: str = "cameras") -> str:
    block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
    return str((block.get("hint") or {}).get("text") or "")


def sentences(lang: str) -> dict[str, str]:
    """Each case's sentence as the cameras field says it, for the window above."""
    return {
        ARCHIVED: label(lang, "recording.case.archived"),
        PARTIAL: label(lang, "recording.case.archived_part", spans=SPANS[PARTIAL]),
        UNARCHIVED: label(lang, "recording.case.not_archived", spans=SPANS[UNARCHIVED]),
        MISSING: label(lang, "recording.case.none"),
    }


def open_and_submit(
    app: InProcess, name: str, options: list[dict[str, Any]], **change: str
) -> tuple[str, str, dict[str, Any]]:
    """The manager's form (``new``), submitted: its view id, response id and the ack."""
    before = len(app.fake.calls("views.open"))
    reply = app.command("new", user_id=MANAGER)
    view = app.fake.wait_for_calls_sync("views.open", before + 1, timeout=15)[-1].response["view"]
    ack = submit(
        app, values(name, options, **change), meta=view["private_metadata"], view_id=view["id"]
    )
    assert_valid_modal(ack["view"])
    return view["id"], reply.response_id, ack


# Every camera archived -------------------------------------------------------------------------
def test_all_archived_creates_with_every_camera_after_one_check_each(app, cases) -> None:
    options = cases(ARCHIVED, PARTIAL, ARCHIVED)
    checks, created = count(app, "recordings"), count(app, "create")
    view_id, _, ack = open_and_submit(app, "allrec_0312", options)
    assert ack["response_action"] == "update" and "Starting" in dump(ack["view"])
    assert SPANS[PARTIAL] in dump(ack["view"]), "the partial camera's spans are shown"
    shown = wait_modal(app, view_id, "TaskId")
    assert_valid_modal(shown)
    assert SPANS[PARTIAL] in dump(shown), "and stay on the result"
    assert count(app, "recordings") - checks == 3 and count(app, "create") - created == 1
    asked = bodies(app, "recordings")[-3:]
    assert sorted([b["DeviceId"], b["ChannelId"]] for b in asked) == sorted(refs(options))
    assert all((b["StartTime"], b["EndTime"]) == WINDOW_UTC and "WithUrl" not in b for b in asked)
    body = bodies(app, "create")[-1]
    assert [[c["DeviceId"], c["ChannelId"]] for c in body["Channels"]] == refs(options)


# Some left out: the confirmation -------------------------------------------------------------
def test_some_left_out_are_listed_then_confirmed_and_only_the_archived_are_created(
    app, cases
) -> None:
    options = cases(ARCHIVED, UNARCHIVED, MISSING, PARTIAL)
    created = count(app, "create")
    view_id, rid, ack = open_and_submit(app, "somerec_0312", options)
    confirm = ack["view"]
    assert ack["response_action"] == "update" and confirm["callback_id"] == "new_task"
    field = hint(confirm)
    assert "2 of 4 cameras have archived recording" in field
    for sentence in sentences("en").values():
        assert sentence in field, sentence
    listed = [b for b in confirm["blocks"] if b["block_id"].startswith("recordings.")]
    assert len(listed) == 4, "each camera's case below the field"
    plays = [b["accessory"] for b in listed if "accessory" in b]
    assert [json.loads(p["value"])[:2] for p in plays] == [refs(options)[1]], "Play: unarchived"
    assert confirm["submit"]["text"] == "Create with 2 cameras"
    assert count(app, "create") == created, "nothing created before the confirmation"
    inputs = {b["block_id"]: b.get("element", {}) for b in confirm["blocks"]}
    assert [o["value"] for o in inputs["cameras"]["initial_options"]] == [
        o["value"] for o in options
    ], "the form as typed"

    checks = count(app, "recordings")
    again = submit(
        app, values("somerec_0312", options), meta=confirm["private_metadata"], view_id=view_id
    )
    assert again["response_action"] == "update" and "Starting" in dump(again["view"])
    wait_modal(app, view_id, "TaskId")
    assert count(app, "create") - created == 1, "IVC create called once"
    assert count(app, "recordings") == checks, "the confirmation is not checked again"
    body = bodies(app, "create")[-1]
    kept = refs(options)
    assert [[c["DeviceId"], c["ChannelId"]] for c in body["Channels"]] == [kept[0], kept[3]]
    assert "somerec_0312" in dump(app.fake.wait_for_response_sync(rid, 1, 15))


def test_a_confirmation_for_other_cameras_or_another_window_is_checked_again(app, cases) -> None:
    options = cases(ARCHIVED, MISSING)
    view_id, _, ack = open_and_submit(app, "moved_0312", options)
    meta = ack["view"]["private_metadata"]
    assert json.loads(meta)["k"], "the confirmation rides in the metadata"
    checks, created = count(app, "recordings"), count(app, "create")
    moved = submit(app, values("moved_0312", options, start="11:00", end="12:00"), meta=meta)
    assert moved["view"]["submit"]["text"] == "Create with 1 camera", "asked again"
    fewer = submit(app, values("moved_0312", options[:1]), meta=meta, view_id=view_id)
    assert "Starting" in dump(fewer["view"]), "one archived camera: created at once"
    wait_modal(app, view_id, "TaskId")
    assert count(app, "recordings") - checks == 3 and count(app, "create") - created == 1


def test_a_forged_confirmation_is_checked_again_and_never_sends_unarchived_cameras(
    app, cases
) -> None:
    """The app's own confirmation with its claim changed to "every camera archived" is
    ignored: the signature covers the claim, not only the window and cameras."""
    options = cases(ARCHIVED, UNARCHIVED)
    view_id, _, ack = open_and_submit(app, "forged_0312", options)
    meta = json.loads(ack["view"]["private_metadata"])
    signature, _, checked_at = meta["k"].split(".")
    forged = {**meta, "k": f"{signature}.3.{checked_at}"}
    checks, created = count(app, "recordings"), count(app, "create")
    again = submit(app, values("forged_0312", options), meta=json.dumps(forged), view_id=view_id)
    assert again["view"]["submit"]["text"] == "Create with 1 camera", "checked again"
    assert count(app, "recordings") - checks == 2 and count(app, "create") == created


# Nothing archived ------------------------------------------------------------------------------
def test_none_archived_creates_nothing_and_says_why_on_the_cameras_field(app, cases) -> None:
    options = cases(UNARCHIVED, MISSING)
    created = count(app, "create")
    _, _, ack = open_and_submit(app, "nonerec_0312", options)
    shown = ack["view"]
    assert shown["callback_id"] == "new_task"
    field = hint(shown)
    assert label("en", "recording.nothing") in field
    expected = sentences("en")
    assert expected[UNARCHIVED] in field and expected[MISSING] in field
    assert "k" not in json.loads(shown["private_metadata"]), "nothing to confirm"
    assert shown["submit"]["text"] == label("en", "form.submit")
    again = submit(app, values("nonerec_0312", options), meta=shown["private_metadata"])
    assert label("en", "recording.nothing") in hint(again["view"])
    assert count(app, "create") == created, "nothing created"


def test_the_sentences_speak_chinese(tmp_path) -> None:
    with start_app(tmp_path, lang="zh") as zh:
        ready(zh)
        options = search(zh, "")[:4]
        for option, case in zip(options, (ARCHIVED, UNARCHIVED, MISSING, PARTIAL), strict=True):
            zh.sim.set_recording(json.loads(option["value"])[1], case)
        _, _, ack = open_and_submit(zh, "中文_0312", options)
        field = hint(ack["view"])
        assert label("zh", "recording.confirm", kept=2, total=4) in field
        for sentence in sentences("zh").values():
            assert sentence in field, sentence
        assert ack["view"]["submit"]["text"] == "创建（2 个摄像头）"
        _, _, none = open_and_submit(zh, "中文无_0312", options[1:3])
        assert label("zh", "recording.nothing") in hint(none["view"])


# A refused or failed check ---------------------------------------------------------------------
def test_a_refused_check_gets_one_line_and_creates_nothing(app, cases) -> None:
    options = cases(ARCHIVED)
    created = count(app, "create")
    app.sim.set_cloudapi_error("ResourceNotFound.VideoNotFound")
    try:
        _, _, ack = open_and_submit(app, "refusedrec_0312", options)
    finally:
        app.sim.set_cloudapi_error(None)
    field = hint(ack["view"])
    assert "IVC refused to check the recordings of" in field
    assert label("en", "refusal.no_recording") in field and "Nothing was created" in field
    assert count(app, "create") == created


def test_a_failed_check_gets_one_line_and_creates_nothing(app, cases) -> None:
    options = cases(ARCHIVED, ARCHIVED)
    created = count(app, "create")
    app.sim.set_fault("http-500")
    try:
        _, _, ack = open_and_submit(app, "failedrec_0312", options)
    finally:
        app.sim.set_fault("none")
    field = hint(ack["view"])
    assert "could not be checked" in field and "HTTP 500" in field
    assert "submit again" in field and field.count("\n") == 0, "one line"
    assert count(app, "create") == created


# The slow path ---------------------------------------------------------------------------------
class HeldChecks:
    """The simulator's ``DescribeRecordFile`` answers, held until ``release()``."""

    def __init__(self) -> None:
        self.released = threading.Event()
        self.asked = threading.Event()

    def hold(self, answer: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any) -> Any:
            self.asked.set()
            self.released.wait(bound(5))  # a failure bound, never reached when released
            return answer(*args)

        return held


def test_slow_checks_answer_checking_then_update_the_form(app, cases, monkeypatch) -> None:
    options = cases(ARCHIVED, ARCHIVED)
    held = HeldChecks()
    monkeypatch.setattr(app.sim, "record_file", held.hold(app.sim.record_file))
    monkeypatch.setattr("bot.features.retrievals.checking_recordings.CHECK_BUDGET_SECONDS", 0.0)
    created = count(app, "create")
    try:
        view_id, _, ack = open_and_submit(app, "slowrec_0312", options)
        assert label("en", "recording.checking") in dump(ack["view"])
        assert count(app, "create") == created, "nothing created while IVC holds the checks"
    finally:
        held.released.set()
    shown = wait_modal(app, view_id, "TaskId")
    assert "slowrec_0312" in dump(shown) and held.asked.is_set()
    assert count(app, "create") - created == 1


def test_slow_checks_that_leave_cameras_out_update_to_the_confirmation(
    app, cases, monkeypatch
) -> None:
    options = cases(MISSING, ARCHIVED)
    held = HeldChecks()
    monkeypatch.setattr(app.sim, "record_file", held.hold(app.sim.record_file))
    monkeypatch.setattr("bot.features.retrievals.checking_recordings.CHECK_BUDGET_SECONDS", 0.0)
    try:
        view_id, _, ack = open_and_submit(app, "slowconf_0312", options)
        assert label("en", "recording.checking") in dump(ack["view"])
    finally:
        held.released.set()
    confirm = wait_modal(app, view_id, "1 of 2 cameras")
    assert_valid_modal(confirm)
    assert "1 of 2 cameras" in hint(confirm) and confirm["submit"]["text"] == "Create with 1 camera"


# Play of footage that is not archived ----------------------------------------------------------
def modal_click(action: dict[str, Any], user: str, view_id: str) -> dict[str, Any]:
    """A click on ``action`` (a button of the form) as Slack sends it: no response_url."""
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "team_id": "T0001"},
        "team": {"id": "T0001", "domain": "fake-team"},
        "api_app_id": "A0001",
        "trigger_id": "1111111111.2222222222.fake0trigger0id",
        "container": {"type": "view", "view_id": view_id},
        "view": {"id": view_id, "type": "modal", "callback_id": "new_task", "state": {}},
        "actions": [
            {
                "type": "button",
                "action_id": action["action_id"],
                "block_id": "recordings.0",
                "value": action["value"],
                "action_ts": "1700000000.000100",
            }
        ],
    }


def test_play_of_footage_not_archived_goes_to_the_clicker_alone(app, cases) -> None:
    options = cases(UNARCHIVED, ARCHIVED)
    view_id, _, ack = open_and_submit(app, "playrec_0312", options)
    play = next(b["accessory"] for b in ack["view"]["blocks"] if "accessory" in b)
    pushes, plays = len(app.fake.calls("views.push")), count(app, "playback")
    assert app.interact(modal_click(play, MANAGER, view_id)).status_code == 200
    pushed = app.fake.wait_for_calls_sync("views.push", pushes + 1, timeout=15)[-1]
    link_id = pushed.response["view"]["id"]
    shown = app.fake.wait_for_sync(
        lambda: ((m := app.fake.modal(link_id)) and "play_open" in dump(m) and m) or None, 15
    )
    assert_valid_modal(shown)
    url = buttons(shown)["task_play_open"]["url"]
    assert url.startswith("https://playback.ivc-sim.test/") and count(app, "playback") - plays == 1
    asked = bodies(app, "playback")[-1]
    assert (asked["ChannelId"], asked["StartTime"], asked["EndTime"]) == (
        refs(options)[0][1],
        *WINDOW_UTC,
    )
    assert url not in app.app.output(), "the link is never logged"


def test_a_forged_play_gets_one_line_and_no_ivc_call(app, cases) -> None:
    options = cases(UNARCHIVED)
    view_id, _, ack = open_and_submit(app, "forgedplay_0312", options)
    play = next(b["accessory"] for b in ack["view"]["blocks"] if "accessory" in b)
    device, channel, start, end = json.loads(play["value"])
    served = app.ivc_requests()
    for value in (
        json.dumps(["NOPE", channel, start, end]),  # a camera the catalog lacks
        json.dumps([device, channel, start, start + 2 * 86_400]),  # longer than a day
        json.dumps([device, channel, start + 400 * 86_400, end + 400 * 86_400]),  # future
        "not json",
    ):
        pushes = len(app.fake.calls("views.push"))
        app.interact(modal_click({**play, "value": value}, MANAGER, view_id))
        pushed = app.fake.wait_for_calls_sync("views.push", pushes + 1, timeout=15)[-1]
        link_id = pushed.response["view"]["id"]
        line = app.fake.wait_for_sync(
            lambda link=link_id: (
                ((m := app.fake.modal(link)) and "cannot be played" in dump(m) and m) or None
            ),
            15,
        )
        assert_valid_modal(line)
    assert app.ivc_requests() == served, "IVC never asked"


# Who may ----------------------------------------------------------------------------------------
def test_a_non_managers_forged_submission_and_play_reach_ivc_zero_times(app, cases) -> None:
    options = cases(UNARCHIVED, ARCHIVED)
    view_id, _, ack = open_and_submit(app, "notmine_0312", options)
    play = next(b["accessory"] for b in ack["view"]["blocks"] if "accessory" in b)
    served, pushes = app.ivc_requests(), len(app.fake.calls("views.push"))
    forged = submit(
        app, values("notmine_0312", options), user=OTHER, meta=ack["view"]["private_metadata"]
    )
    assert forged["response_action"] == "update" and "TASK_MANAGERS" in dump(forged["view"])
    assert app.interact(modal_click(play, OTHER, view_id)).status_code == 200
    assert app.ivc_requests() == served, "no check, no create, no playback"
    assert len(app.fake.calls("views.push")) == pushes


# Retrieve again --------------------------------------------------------------------------------
def form_state(view: dict[str, Any]) -> dict[str, Any]:
    """The state Slack would send for a form shown with these initial values."""
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    return values(
        inputs["name"]["initial_value"],
        inputs["cameras"]["initial_options"],
        day=inputs["date"]["initial_date"],
        start=inputs["start"]["initial_time"],
        end=inputs["end"]["initial_time"],
        days=inputs["expiration"]["initial_value"],
    )


def test_retrieve_again_is_checked_alike(app, cases) -> None:
    options = cases(ARCHIVED, ARCHIVED)
    view_id, _, _ = open_and_submit(app, "againrec_0312", options)
    wait_modal(app, view_id, "TaskId")
    task_id = app.fake.wait_for_sync(lambda: task_id_named(app, "againrec_0312"), 15)
    again = buttons(app.ask(f"show {task_id}", user_id=MANAGER))["task_menu.again"]
    before = len(app.fake.calls("views.open"))
    app.click(again["action_id"], again["value"], user_id=MANAGER)
    note = opened_form(app, before)
    form = updated_to_form(app, note)
    app.sim.set_recording(json.loads(options[1]["value"])[1], MISSING)  # since then
    checks, created = count(app, "recordings"), count(app, "create")
    ack = submit(app, form_state(form), meta=form["private_metadata"], view_id=note["id"])
    assert count(app, "recordings") - checks == 2 and count(app, "create") == created
    assert "1 of 2 cameras" in hint(ack["view"])
    assert label("en", "recording.case.none") in hint(ack["view"])


# The IVC API ------------------------------------------------------------------------------------
def test_the_ivc_api_skips_the_check_with_its_line(tmp_path) -> None:
    with start_app(tmp_path, "ivc") as ivc:
        ready(ivc)
        options = search(ivc, "")[:2]
        for option in options:
            ivc.sim.set_recording(json.loads(option["value"])[1], MISSING)
        created = ivc.sim.calls["create"]
        view_id, _, ack = open_and_submit(ivc, "ivcskip_0312", options)
        line = label("en", "recording.skipped")
        assert "Starting" in dump(ack["view"]) and line in dump(ack["view"])
        shown = wait_modal(ivc, view_id, "TaskId")
        assert_valid_modal(shown)
        assert line in dump(shown), "the result says it too"
        assert ivc.sim.calls["recordings"] == 0 and ivc.sim.calls["create"] - created == 1
        body = bodies(ivc, "create")[-1]
        assert len(body["Channels"]) == 2, "created as before the check existed"
