"""Download a clip, in process with the simulator and the fake Slack on loopback: Download… on a
card's menu, on ``show`` and on a watcher's direct message opens the modal for a reader who may
see tasks; its submission (or ``download <TaskId> [ChannelId] [HH:MM-HH:MM]``) fetches a fresh
link answered to that person alone (ephemeral through the response_url, never a channel post);
forged TaskIds, ChannelIds and windows reach IVC's download zero times and get one line; IVC's
refusals are one line; the ``/ivc/`` API answers one line saying it needs API 3.0; Chinese; and
no link past its host, nor its ``source=`` secret, is in any log line, Slack call, channel
message or database row."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from bot.simulator.downloads import DOWNLOAD_HOST
from bot.views.task_menu import MenuItem, menu_value
from tests.features.playback.test_playing import _all_rows
from tests.features.retrievals.test_delete_in_modal import click_menu, opened_modal
from tests.support.app_fixtures import SlackDriver, baseline_records, buttons, dump
from tests.support.blockkit import assert_valid_modal
from tests.support.in_process import InProcess, start_in_process, submission_payload
from tests.support.slack_requests import block_actions_payload

GUEST = "U0GUEST"
PARIS = "U0PARIS"
VIEW = "task_download_form"


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    """The app on API 3.0 (links expire after 120 s), a user in Paris and a guest."""
    with start_in_process(
        tmp_path_factory.mktemp("download-cloudapi"),
        IVC_API="cloudapi",
        DOWNLOAD_LINK_SECONDS="120",
    ) as wire:
        wire.fake.set_user(PARIS, tz="Europe/Paris")
        wire.fake.set_user(GUEST, is_restricted=True)
        yield wire


@pytest.fixture
def app(cloud: InProcess, caplog: pytest.LogCaptureFixture) -> Iterator[InProcess]:
    caplog.set_level(logging.DEBUG)
    cloud.reset()
    yield cloud
    cloud.sim.playback_book.expired.clear()
    cloud.check_all_sent()


# Helpers -----------------------------------------------------------------------------------------
def task_with_cameras(
    app: InProcess, status: int = 0, cameras: int = 1, *, hours: float = 0
) -> tuple[str, list[str]]:
    """A baseline task of ``status`` with at least ``cameras`` channels that have archive
    (and a window of at least ``hours``): its TaskId and those ChannelIds."""
    for record in baseline_records():
        if record["Status"] != status or record["EndTime"] - record["StartTime"] < hours * 3600:
            continue
        details = app.sim.details(record["TaskId"]) or {}
        ids = [c["ChannelId"] for c in details.get("Channels", []) if c["Status"] != 3]
        if len(ids) >= cameras:
            return record["TaskId"], ids
    raise AssertionError(f"no baseline task of status {status} with {cameras} cameras")


def one_camera_task(app: SlackDriver) -> tuple[str, str, str]:
    """A retrieved baseline task with one camera that has archive and one that has none:
    its TaskId and the two ChannelIds."""
    for record in baseline_records():
        details = app.sim.details(record["TaskId"]) or {}
        ids = [c["ChannelId"] for c in details.get("Channels", []) if c["Status"] != 3]
        none = [c["ChannelId"] for c in details.get("Channels", []) if c["Status"] == 3]
        if record["Status"] == 0 and len(ids) == 1 and none:
            return record["TaskId"], ids[0], none[0]
    raise AssertionError("no retrieved baseline task with exactly one camera")


def window_of(app: InProcess, task_id: str) -> tuple[int, int]:
    record = next(r for r in app.sim.records() if r["TaskId"] == task_id)
    return record["StartTime"], record["EndTime"]


def downloads(app: InProcess) -> int:
    return int(app.sim.calls["download"])


def asked(app: InProcess) -> list[dict[str, Any]]:
    """The bodies of the download calls IVC received (oldest first)."""
    return [json.loads(r.body or b"{}") for r in app.sim.requests if r.endpoint == "download"]


def block_ids(body: dict[str, Any]) -> list[str]:
    return [b.get("block_id", "") for b in body["blocks"]]


def only_for_the_clicker(body: dict[str, Any]) -> None:
    assert body.get("response_type") == "ephemeral" and body.get("replace_original") is False


def link_of(body: dict[str, Any]) -> str:
    url = buttons(body)["task_download_open"]["url"]
    assert isinstance(url, str)
    return url


def opens(app: InProcess) -> int:
    return len(app.fake.calls("views.open"))


def modal_update(app: InProcess, view_id: str, count: int) -> dict[str, Any]:
    """The ``count``-th view the app put in modal ``view_id`` with ``views.update`` (waited
    for), checked as valid Block Kit."""

    def found() -> dict[str, Any] | None:
        shown = [
            c.params.get("view")
            for c in app.fake.calls("views.update")
            if c.params.get("view_id") == view_id
        ]
        if len(shown) < count:
            return None
        view = shown[count - 1]
        return json.loads(view) if isinstance(view, str) else view

    view = app.fake.wait_for_sync(found, 15)
    assert_valid_modal(view)
    return view


def values(
    modal: dict[str, Any],
    *,
    camera: str | None = None,
    start: int | None = None,
    end: int | None = None,
    file_type: str | None = None,
) -> dict[str, Any]:
    """The modal's ``state.values`` as Slack sends them: its initial choices, or these."""
    inputs = {b["block_id"]: b["element"] for b in modal["blocks"] if b["type"] == "input"}
    chosen = inputs["download_camera"]["initial_option"]
    if camera is not None:
        chosen = {"text": {"type": "plain_text", "text": "x"}, "value": camera}
    fmt = inputs["download_format"]["initial_option"]
    if file_type is not None:
        fmt = {"text": {"type": "plain_text", "text": file_type}, "value": file_type}
    start = inputs["download_start"]["initial_date_time"] if start is None else start
    end = inputs["download_end"]["initial_date_time"] if end is None else end
    return {
        "download_camera": {"camera": {"type": "static_select", "selected_option": chosen}},
        "download_start": {"start": {"type": "datetimepicker", "selected_date_time": start}},
        "download_end": {"end": {"type": "datetimepicker", "selected_date_time": end}},
        "download_format": {"format": {"type": "radio_buttons", "selected_option": fmt}},
    }


def submit(
    app: SlackDriver,
    modal: dict[str, Any],
    state: dict[str, Any],
    *,
    user: str = "U0001",
    **meta: str,
) -> Any:
    """Submit the modal (``meta``: its metadata's fields replaced, as a forger would)."""
    metadata = modal["private_metadata"]
    if meta:
        metadata = json.dumps({**json.loads(metadata), **meta})
    payload = submission_payload(VIEW, state, private_metadata=metadata, user_id=user)
    payload["view"]["id"] = modal["id"]
    reply = app.interact(payload)
    assert reply.status_code == 200
    return reply.json() if reply.content else None


def open_from_menu(app: InProcess, task_id: str, user: str = "U0001") -> tuple[str, dict[str, Any]]:
    """Choose Download… on ``task_id``'s card; the click's response id and the modal."""
    value = menu_value(MenuItem.DOWNLOAD, task_id)
    assert value is not None
    before = opens(app)
    rid = click_menu(app, "task_menu.task_0", "task_0", value, user=user)
    return rid, opened_modal(app, before)


def assert_no_download_link(app: InProcess, caplog: pytest.LogCaptureFixture) -> None:
    """No ``source=`` secret handed out, nor any download address past its host, in the app's
    log output, the captured log records, the Slack Web API calls (modals included) and
    channel messages, or the database."""
    sources = list(app.sim.download_book.sources)
    assert sources, "the test fetched at least one link"
    calls = [dump(c.params) for c in app.fake.calls(redact=True)]
    places = {
        "app log output": app.app.output(),
        "captured log records": caplog.text,
        "Slack Web API calls and channel messages": "\n".join(
            calls + [dump(m) for m in app.fake.messages()]
        ),
        "database rows": _all_rows(app),
    }
    for where, text in places.items():
        for source in sources:
            assert source not in text and source[:12] not in text, f"a secret in the {where}"
        for part in (f"{DOWNLOAD_HOST}/", "video.mp4", "video.ts", "source="):
            assert part not in text, f"{part!r} (a download link) in the {where}"


# The menu, the modal and the link ----------------------------------------------------------------
def test_download_from_a_cards_menu_opens_the_modal_and_the_link_goes_to_the_clicker_alone(
    app: InProcess, caplog: pytest.LogCaptureFixture
) -> None:
    task_id, cameras = task_with_cameras(app, 0, cameras=2)
    assert '"download:' in dump(app.ask("retrieved")), "a retrieved card's menu offers Download…"
    rid, modal = open_from_menu(app, task_id)
    assert modal["callback_id"] == VIEW and task_id in dump(modal["blocks"])
    inputs = {b["block_id"]: b["element"] for b in modal["blocks"] if b["type"] == "input"}
    assert [o["value"] for o in inputs["download_camera"]["options"]] == cameras
    start, end = window_of(app, task_id)
    assert inputs["download_start"]["initial_date_time"] == start, "the task's first minutes"
    assert inputs["download_end"]["initial_date_time"] == min(end, start + 3600)
    assert [o["value"] for o in inputs["download_format"]["options"]] == ["mp4", "ts"]
    assert downloads(app) == 0 and app.fake.responses(rid) == [], "opening asks IVC nothing"

    for n, fmt in ((1, "mp4"), (2, "ts")):
        state = values(modal, camera=cameras[1], end=start + 1800, file_type=fmt)
        ack = submit(app, modal, state)
        assert ack["response_action"] == "update" and "Getting the download link" in dump(ack)
        body = app.fake.wait_for_response_sync(rid, n, 15)
        app.check_responses(rid)
        only_for_the_clicker(body)
        url = urlsplit(link_of(body))
        assert url.hostname == DOWNLOAD_HOST and url.path.endswith(f".{fmt}")
        assert parse_qs(url.query)["source"] == [app.sim.download_book.sources[-1]]
        assert "Another clip" in dump(body) and "2 minutes" in dump(body)
        assert downloads(app) == n, "one download call per submission, made after it"
        assert "shown only to you" in dump(modal_update(app, modal["id"], n))
    assert asked(app)[-1] == {
        "ChannelId": cameras[1],
        "BeginTime": str(start),
        "EndTime": str(start + 1800),
        "FileType": "ts",
        "Expires": 120,
        "IsRespActualTime": True,
    }
    assert not app.fake.calls("chat.postMessage"), "nothing is posted in a channel"
    assert "download link for task" in app.app.output(), "the link was logged by RequestId"
    assert_no_download_link(app, caplog)


def test_shows_button_and_a_direct_messages_button_open_the_modal(app: InProcess) -> None:
    task_id, _ = task_with_cameras(app, 0)
    shown = app.ask(f"show {task_id}")
    button = buttons(shown)["task_download"]
    assert button["value"] == task_id and f'"download:{task_id}"' not in dump(shown)
    before = opens(app)
    app.click("task_download", task_id)
    assert opened_modal(app, before)["callback_id"] == VIEW
    before = opens(app)
    rid = app.new_response_id()
    dm = block_actions_payload(
        "task_download",
        task_id,
        response_url=app.fake.response_url(rid),
        channel_id="D0DM",
        is_ephemeral=False,
        message={"type": "message", "text": "ready", "ts": "1700000000.000100"},
        block_id="watch_dm_actions",
    )
    assert app.interact(dm).status_code == 200
    modal = opened_modal(app, before)
    assert json.loads(modal["private_metadata"])["u"] == app.fake.response_url(rid)
    assert downloads(app) == 0
    pending, _ = task_with_cameras(app, 2)
    assert "task_download" not in buttons(app.ask(f"show {pending}")), "no copy to download"


# Nothing the payload names is trusted ------------------------------------------------------------
def test_forged_clicks_get_one_line_and_reach_ivc_zero_times(app: InProcess) -> None:
    pending, _ = task_with_cameras(app, 2)
    before = opens(app)
    for value, block_id in (
        ("f" * 32, "task_not_found"),
        (pending, "download_not_retrieved"),
        ("<!here>", "task_not_found"),
    ):
        body = app.click("task_download", value).wait_response()
        only_for_the_clicker(body)
        assert block_ids(body) == [block_id], body
    rid = click_menu(app, "task_menu.task_0", "task_0", f"download:{pending}")
    assert block_ids(app.fake.wait_for_response_sync(rid, 1, 15)) == ["download_not_retrieved"]
    app.check_responses(rid)
    assert downloads(app) == 0 and opens(app) == before


def test_forged_submissions_are_checked_again_and_reach_ivc_zero_times(app: InProcess) -> None:
    task_id, _, no_archive = one_camera_task(app)
    pending, _ = task_with_cameras(app, 2)
    rid, modal = open_from_menu(app, task_id)
    start, _ = window_of(app, task_id)
    pending_start, _ = window_of(app, pending)
    fields = (
        (values(modal, end=start + 3601), "download_end", "at most 60 minutes"),
        (values(modal, start=start - 600, end=start + 600), "download_start", "within"),
        (values(modal, end=start - 60), "download_end", "after the start"),
        (values(modal, file_type="avi"), "download_format", "fill in"),
    )
    for state, block, words in fields:
        ack = submit(app, modal, state)
        assert ack["response_action"] == "errors" and words in ack["errors"][block], ack
    lines: tuple[tuple[dict[str, Any], dict[str, str], str], ...] = (
        (values(modal, camera="not-a-camera"), {}, "has no camera channel `not-a-camera`"),
        (values(modal, camera=no_archive), {}, f"has no camera channel `{no_archive}`"),
        (values(modal, start=pending_start, end=pending_start + 60), {"t": pending}, "not retr"),
        (values(modal), {"t": "f" * 32}, "IVC lists no task"),
    )
    for n, (state, meta, words) in enumerate(lines, 1):
        ack = submit(app, modal, state, **meta)
        assert ack["response_action"] == "update"
        assert words in dump(modal_update(app, modal["id"], n))
    assert downloads(app) == 0 and app.fake.responses(rid) == []
    submit(app, modal, values(modal), u="https://evil.example/hook")
    assert "could not be shown" in dump(modal_update(app, modal["id"], len(lines) + 1))
    assert downloads(app) == 1, "a link fetched for the submitter is never sent elsewhere"
    assert "evil.example/hook" not in app.app.output()


def test_ivcs_refusal_is_one_line_in_the_modal(app: InProcess) -> None:
    task_id, _ = task_with_cameras(app, 0)
    rid, modal = open_from_menu(app, task_id)
    app.sim.expire_copy(task_id)
    submit(app, modal, values(modal))
    shown = dump(modal_update(app, modal["id"], 1))
    assert "IVC refused the download" in shown and "archive storage" in shown
    assert downloads(app) == 1
    assert app.fake.responses(rid) == [], "a refusal goes to the modal only"


def test_who_may_download_is_checked_on_the_click_and_the_submission(app: InProcess) -> None:
    task_id, _ = task_with_cameras(app, 0)
    body = app.click("task_download", task_id, user_id=GUEST).wait_response()
    assert block_ids(body) == ["user_not_allowed"]
    rid, modal = open_from_menu(app, task_id)
    refused = submit(app, modal, values(modal), user=GUEST)
    assert refused["response_action"] == "update", "the modal says why, in place"
    assert block_ids(refused["view"]) == ["user_not_allowed"]
    reply = app.command(f"download {task_id}", user_id=GUEST)
    assert reply.ack is not None and block_ids(reply.ack) == ["user_not_allowed"]
    assert downloads(app) == 0 and app.fake.responses(rid) == []


def test_the_files_own_click_is_acked_and_never_logged(
    app: InProcess, caplog: pytest.LogCaptureFixture
) -> None:
    task_id, _, _ = one_camera_task(app)
    url = link_of(app.command(f"download {task_id}").wait_response())
    reply = app.click("task_download_open", url)
    assert reply.status == 200 and reply.ack is None and downloads(app) == 1
    assert_no_download_link(app, caplog)


# The command -------------------------------------------------------------------------------------
def test_download_command_fetches_one_camera_or_opens_the_modal(app: InProcess) -> None:
    task_id, _, _ = one_camera_task(app)
    reply = app.command(f"download {task_id}")
    assert reply.ack is not None and block_ids(reply.ack) == ["fetching"]
    body = reply.wait_response()
    assert body["replace_original"] is True, "replaces the private 'fetching' note"
    assert urlsplit(link_of(body)).hostname == DOWNLOAD_HOST
    start, end = window_of(app, task_id)
    assert asked(app)[-1]["BeginTime"] == str(start)
    assert asked(app)[-1]["EndTime"] == str(min(end, start + 3600)), "the first 60 minutes"

    several, cameras = task_with_cameras(app, 0, cameras=2)
    before = opens(app)
    body = app.command(f"下载 {several}").wait_response()
    assert block_ids(body) == ["download_pick"] and downloads(app) == 1
    assert [o["value"] for o in opened_modal(app, before)["blocks"][1]["element"]["options"]] == (
        cameras
    )
    body = app.command(f"download {several} {cameras[1]}").wait_response()
    assert urlsplit(link_of(body)).hostname == DOWNLOAD_HOST
    assert asked(app)[-1]["ChannelId"] == cameras[1] and downloads(app) == 2


def _clock(moment: int, zone: str) -> str:
    return datetime.fromtimestamp(moment, UTC).astimezone(ZoneInfo(zone)).strftime("%H:%M")


def test_a_commands_window_is_read_in_the_users_zone_and_checked(app: InProcess) -> None:
    task_id, cameras = task_with_cameras(app, 0, hours=1)
    start, end = window_of(app, task_id)
    first, last = start + 600, min(end, start + 1800)
    clip = f"{_clock(first, 'Europe/Paris')}-{_clock(last, 'Europe/Paris')}"
    body = app.command(f"download {task_id} {clip} {cameras[0]}", user_id=PARIS).wait_response()
    assert urlsplit(link_of(body)).hostname == DOWNLOAD_HOST
    on_the_minute = (str(first - first % 60), str(last - last % 60))
    assert (asked(app)[-1]["BeginTime"], asked(app)[-1]["EndTime"]) == on_the_minute
    too_long = f"{_clock(start, 'Asia/Shanghai')}-{_clock(start + 5400, 'Asia/Shanghai')}"
    outside = f"{_clock(end + 600, 'Asia/Shanghai')}-{_clock(end + 1200, 'Asia/Shanghai')}"
    for text, block_id in (
        (f"download {task_id} {cameras[0]} {too_long}", "download_too_long"),
        (f"download {task_id} {cameras[0]} {outside}", "download_outside"),
        (f"download {task_id} nope", "download_no_channel"),
        (f"download {'f' * 32} {cameras[0]}", "task_not_found"),
    ):
        assert block_ids(app.command(text).wait_response()) == [block_id], text
    answer = app.ask(f"download {task_id} 25:00-26:00")
    assert "is not a clip" in dump(answer)
    assert downloads(app) == 1, "only the good window reached IVC"


# The /ivc/ API -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ivc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    with start_in_process(tmp_path_factory.mktemp("download-ivc"), IVC_API="ivc") as wire:
        yield wire


def test_the_ivc_api_answers_one_line_that_it_needs_api3(ivc: InProcess) -> None:
    ivc.reset()
    task_id, _ = task_with_cameras(ivc, 0)
    reply = ivc.command(f"download {task_id}")
    assert reply.ack is not None and block_ids(reply.ack) == ["download_needs_cloudapi"]
    assert "IVC_API=cloudapi" in dump(reply.ack)
    body = ivc.click("task_download", task_id).wait_response()
    assert block_ids(body) == ["download_needs_cloudapi"]
    rid = click_menu(ivc, "task_menu.task_0", "task_0", f"download:{task_id}")
    assert block_ids(ivc.fake.wait_for_response_sync(rid, 1, 15)) == ["download_needs_cloudapi"]
    ivc.check_responses(rid)
    assert "task_download" in buttons(ivc.ask(f"show {task_id}"))
    assert not ivc.fake.calls("views.open") and ivc.sim.calls["download"] == 0
    ivc.check_all_sent()


# Chinese -----------------------------------------------------------------------------------------
def test_chinese(tmp_path_factory: pytest.TempPathFactory) -> None:
    with start_in_process(
        tmp_path_factory.mktemp("download-zh"),
        IVC_API="cloudapi",
        BOT_LANGUAGE="zh",
        locale="zh-CN",
    ) as zh:
        task_id, _, _ = one_camera_task(zh)
        assert "⬇ 下载…" in dump(zh.ask("已取回"))
        rid, modal = open_from_menu(zh, task_id)
        assert modal["title"]["text"] == "下载录像片段" and "摄像头" in dump(modal)
        submit(zh, modal, values(modal))
        body = zh.fake.wait_for_response_sync(rid, 1, 15)
        zh.check_responses(rid)
        assert "下载文件" in dump(body) and "只有你能看到它" in dump(body)
        assert "只有你能看到" in dump(modal_update(zh, modal["id"], 1))
        assert "不是有效的片段" in dump(zh.ask(f"下载 {task_id} 9:00"))
        line = zh.command(f"下载 {'f' * 32}").wait_response()
        assert block_ids(line) == ["task_not_found"] and zh.sim.calls["download"] == 1
