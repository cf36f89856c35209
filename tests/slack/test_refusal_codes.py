"""IVC's refusals of a delete, a play, a download and the camera catalog's organization, by the
service's real codes, through the wire on both IVC APIs in English and Chinese: each listed
code the app maps shows its sentence (``refusal.<reason>``) as the one line of its flow, with
IVC asked once. An organization IVC does not know leaves the camera picker empty and the form
says why on its cameras field (and a refused page of an organization's channels falls back to
asking each device)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest

from bot.ivc.refusals import HINTS, Refusal
from bot.simulator.cameras import ROOT_ORGANIZATION
from bot.simulator.simulator import REFUSABLE_ENDPOINTS
from bot.views.i18n import label
from tests.features.playback.test_downloading import modal_update, opens, submit, values
from tests.features.retrievals.test_delete_in_modal import click_menu, opened_modal
from tests.support.app_fixtures import baseline_records, dump
from tests.support.blockkit import assert_valid_modal
from tests.support.in_process import (
    LOCALES,
    InProcess,
    start_in_process,
    submission_payload,
    suggestion_payload,
)
from tests.support.polling import wait_until
from tests.support.simulator import IVC_APIS

MANAGER = "U0MGR"
SETTINGS = [(api, lang) for api in IVC_APIS for lang in ("en", "zh")]

DELETE_CODES = [("ResourceInUse.RetrieveTaskExecuting", "task_retrieving")]
PLAY_CODES = [
    ("ResourceUnavailable.VideoArchived", "archived"),
    ("ResourceNotFound.VideoNotFound", "no_recording"),
    ("ResourceNotFound.ChannelNotExist", "unknown_channel"),
]
DOWNLOAD_CODES = [
    ("ResourceUnavailable.VideoArchived", "archived"),
    ("ResourceNotFound.VideoNotFound", "no_recording"),
]
ORGANIZATION_CODES = [
    "ResourceNotFound.OrganizationIdNotExist",
    "InvalidParameterValue.OrganizationIDNotExisted",
]
CATALOG_FAILED = "the camera catalog could not be refreshed"


def _start(
    tmp_path_factory: pytest.TempPathFactory, api: str, lang: str
) -> AbstractContextManager[InProcess]:
    """An app on ``api`` speaking ``lang``, whose manager may pick the root's cameras."""
    return start_in_process(
        tmp_path_factory.mktemp(f"refusals-{api}-{lang}"),
        IVC_API=api,
        BOT_LANGUAGE=lang,
        locale=LOCALES[lang],
        TASK_MANAGERS=MANAGER,
        IVC_ORGANIZATION_ID=ROOT_ORGANIZATION,
    )


@pytest.fixture(scope="module", params=SETTINGS, ids=lambda s: "-".join(s))
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[InProcess]:
    """The app on one IVC API in one language, for the whole module."""
    with _start(tmp_path_factory, *request.param) as wire:
        yield wire


@pytest.fixture
def wire(app: InProcess) -> Iterator[InProcess]:
    """The module's app on the baseline tasks, every refusal of the simulator cleared after."""
    app.reset()
    try:
        yield app
    finally:
        for endpoint in REFUSABLE_ENDPOINTS:
            app.sim.set_refusal(endpoint, None)
        app.check_all_sent()


def sentence(app: InProcess, reason: str) -> str:
    """The refusal's sentence in the app's language (Chinese holds Chinese characters)."""
    lang = str(app.runtime.settings.bot_language)
    expected = label(lang, f"refusal.{reason}", zone="")
    assert lang == "en" or re.search(r"[\u4e00-\u9fff]", expected), f"{reason} is Chinese"
    return expected


def assert_one_line(blocks: list[dict[str, Any]], block_id: str, expected: str) -> None:
    """The answer is one section ``block_id`` of one line holding ``expected``, no traceback."""
    assert [b.get("block_id") for b in blocks] == [block_id], blocks
    text = blocks[0]["text"]["text"]
    assert expected in text and "\n" not in text.strip(), (expected, text)
    assert "Traceback" not in dump(blocks)


def retrieved_camera(app: InProcess) -> tuple[str, str]:
    """A retrieved baseline task and one of its cameras with a recording."""
    for record in baseline_records():
        details = app.sim.details(record["TaskId"]) or {}
        cameras = [c["ChannelId"] for c in details.get("Channels", []) if c["Status"] != 3]
        if record["Status"] == 0 and cameras:
            return record["TaskId"], cameras[0]
    raise AssertionError("no retrieved baseline task with a recording")


def calls(app: InProcess, endpoint: str) -> int:
    """How many ``endpoint`` calls IVC received since the last reset."""
    return int(app.sim.calls[endpoint])


# Delete ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("code", "reason"), DELETE_CODES)
def test_a_refused_delete_shows_its_sentence_as_one_line(
    wire: InProcess, code: str, reason: str
) -> None:
    task_id, _ = retrieved_camera(wire)
    confirm = wire.command(f"delete {task_id}", user_id=MANAGER).wait_response()
    button = next(
        e
        for b in confirm["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "task_delete"
    )
    wire.sim.set_refusal("delete", code)
    before = calls(wire, "delete")
    done = wire.click("task_delete", button["value"], user_id=MANAGER).wait_response()
    assert done["replace_original"] is True, "the confirmation is updated in place"
    assert_one_line(done["blocks"], "delete_refused", sentence(wire, reason))
    assert calls(wire, "delete") == before + 1, "IVC asked once"
    assert task_id in wire.sim.task_ids(), "nothing deleted"


@pytest.mark.parametrize(("code", "reason"), DELETE_CODES)
def test_a_refused_delete_from_a_cards_modal_shows_its_sentence_in_the_modal(
    wire: InProcess, code: str, reason: str
) -> None:
    task_id, _ = retrieved_camera(wire)
    before = opens(wire)
    click = wire.click("task_delete_ask", task_id, user_id=MANAGER)
    modal = opened_modal(wire, before)
    assert modal["callback_id"] == "task_delete"
    wire.sim.set_refusal("delete", code)
    deletes = calls(wire, "delete")
    payload = submission_payload(
        "task_delete", {}, private_metadata=modal["private_metadata"], user_id=MANAGER
    )
    payload["view"]["id"] = modal["id"]
    assert wire.interact(payload).status_code == 200
    shown = modal_update(wire, modal["id"], 1)
    assert_one_line(shown["blocks"], "note", sentence(wire, reason))
    assert calls(wire, "delete") == deletes + 1, "IVC asked once"
    assert wire.fake.responses(click.response_id) == [], "the card stays as it was"
    assert task_id in wire.sim.task_ids(), "nothing deleted"


# Play --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("code", "reason"), PLAY_CODES)
def test_a_refused_play_shows_its_sentence_as_one_line(
    wire: InProcess, code: str, reason: str
) -> None:
    task_id, camera = retrieved_camera(wire)
    wire.sim.set_refusal("playback", code)
    body = wire.click("task_play", f"{task_id}|{camera}").wait_response()
    assert body["response_type"] == "ephemeral", "to the clicker alone"
    assert_one_line(body["blocks"], "play_refused", sentence(wire, reason))
    assert calls(wire, "playback") == 1, "IVC asked once"


# Download (API 3.0 only) -------------------------------------------------------------------
@pytest.mark.parametrize(("code", "reason"), DOWNLOAD_CODES)
def test_a_refused_download_command_shows_its_sentence_as_one_line(
    wire: InProcess, code: str, reason: str
) -> None:
    if wire.runtime.settings.ivc_api != "cloudapi":
        pytest.skip("the /ivc/ API has no download")
    task_id, camera = retrieved_camera(wire)
    wire.sim.set_refusal("download", code)
    body = wire.command(f"download {task_id} {camera}").wait_response()
    assert_one_line(body["blocks"], "download_refused", sentence(wire, reason))
    assert calls(wire, "download") == 1, "IVC asked once"


@pytest.mark.parametrize(("code", "reason"), DOWNLOAD_CODES)
def test_a_refused_download_shows_its_sentence_in_the_modal(
    wire: InProcess, code: str, reason: str
) -> None:
    if wire.runtime.settings.ivc_api != "cloudapi":
        pytest.skip("the /ivc/ API has no download")
    task_id, _ = retrieved_camera(wire)
    before = opens(wire)
    rid = click_menu(wire, "task_menu.task_0", "task_0", f"download:{task_id}")
    modal = opened_modal(wire, before)
    wire.sim.set_refusal("download", code)
    submit(wire, modal, values(modal))
    shown = modal_update(wire, modal["id"], 1)
    assert_one_line(shown["blocks"], "note", sentence(wire, reason))
    assert calls(wire, "download") == 1, "IVC asked once"
    assert wire.fake.responses(rid) == [], "a refusal goes to the modal only"


# The camera catalog's organization -----------------------------------------------------------
def search(app: InProcess, query: str = "") -> list[dict[str, Any]]:
    """The create form's camera search as the manager types ``query``: its options."""
    reply = app.interact(suggestion_payload("cameras", query, user_id=MANAGER))
    assert reply.status_code == 200
    return list(reply.json()["options"])


def open_new_form(app: InProcess) -> dict[str, Any]:
    """``new`` as the manager (the catalog then loads in the background): the form opened."""
    before = len(app.fake.calls("views.open"))
    app.command("new", user_id=MANAGER)
    view: dict[str, Any] = app.fake.wait_for_calls_sync("views.open", before + 1, timeout=15)[
        -1
    ].response["view"]
    assert_valid_modal(view)
    return view


def catalog_settled(app: InProcess) -> None:
    """Wait for the background catalog load ``new`` started to succeed or fail."""
    catalog = app.account.catalog
    assert catalog is not None
    wait_until(
        lambda: catalog.loaded_at is not None or catalog.last_error is not None,
        "the camera catalog loaded or failed",
        15,
    )


@pytest.mark.parametrize("code", ORGANIZATION_CODES)
@pytest.mark.parametrize(("api", "lang"), SETTINGS, ids=str)
def test_an_unknown_organization_is_said_on_the_cameras_field_of_the_form(
    tmp_path_factory: pytest.TempPathFactory, api: str, lang: str, code: str
) -> None:
    """A fresh app (its catalog never loaded, as at a first start with a wrong
    IVC_ORGANIZATION_ID): ``new`` opens the form and starts the load; once the load is
    refused, the form says why on its cameras field, and so does the next one opened."""
    with _start(tmp_path_factory, api, lang) as fresh:
        fresh.sim.set_refusal("devices", code)
        opened = open_new_form(fresh)
        catalog_settled(fresh)
        expected = sentence(fresh, Refusal.UNKNOWN_ORGANIZATION)
        fresh.fake.wait_for_sync(
            lambda: (
                expected in json.dumps(fresh.fake.modal(opened["id"]), ensure_ascii=False) or None
            ),
            15,
        )
        updated = fresh.fake.modal(opened["id"])
        assert updated is not None
        assert_valid_modal(updated)
        cameras = next(b for b in updated["blocks"] if b.get("block_id") == "cameras")
        assert expected in cameras["hint"]["text"]
        again = open_new_form(fresh)
        cameras = next(b for b in again["blocks"] if b.get("block_id") == "cameras")
        assert expected in cameras["hint"]["text"], "the next form says it at once"
        assert calls(fresh, "devices") == 1, "IVC asked once"
        assert search(fresh) == [] and search(fresh, "gate") == [], "no camera to pick"
        logged = [line for line in fresh.app.output().splitlines() if CATALOG_FAILED in line]
        assert len(logged) == 1, fresh.app.output()
        assert code in logged[0] and HINTS[Refusal.UNKNOWN_ORGANIZATION] in logged[0]
        assert "Traceback" not in fresh.app.output()
        fresh.sim.set_refusal("devices", None)
        catalog = fresh.account.catalog
        assert catalog is not None
        fresh.app.call(catalog.load())
        assert search(fresh), "the same search answers once IVC knows the organization"


@pytest.mark.parametrize("code", ORGANIZATION_CODES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_organizations_refused_channel_pages_fall_back_to_each_device(
    tmp_path_factory: pytest.TempPathFactory, lang: str, code: str
) -> None:
    """A fresh app on API 3.0 (the only one that lists channels by organization)."""
    with _start(tmp_path_factory, "cloudapi", lang) as fresh:
        fresh.sim.set_refusal("organization_channels", code)
        open_new_form(fresh)
        catalog_settled(fresh)
        catalog = fresh.account.catalog
        assert catalog is not None and catalog.last_error is None
        listed = fresh.sim.catalog.devices_in(
            ROOT_ORGANIZATION, sub_levels=True, keyword=None, status=None
        )
        organizations = {device.org_id for device in listed}
        assert calls(fresh, "organization_channels") == len(organizations), "each asked once"
        assert calls(fresh, "channels") == len(listed), "then each device on its own"
        assert len(catalog.index) == sum(len(d.channel_numbers()) for d in listed)
        assert search(fresh), "the person picks cameras as usual"
        assert CATALOG_FAILED not in fresh.app.output()
