"""Who may create and delete tasks: TASK_MANAGERS (user ids and user
groups, resolved with usergroups.users.list by the same cached resolver as VIEWERS); empty
means nobody. ``new`` opens the create form for a manager, without calling IVC, and gives
anyone else one line."""

import json
from collections.abc import Iterator

import pytest

from bot.simulator.cameras import ROOT_ORGANIZATION
from tests.support.blockkit import assert_valid_modal
from tests.support.in_process import InProcess, start_in_process
from tests.support.slack_requests import DEFAULT_TRIGGER_ID


def refusal(lang: str = "en") -> str:
    from bot.views.notices import render_not_a_manager

    return render_not_a_manager(lang).text


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[InProcess]:
    with start_in_process(
        tmp_path_factory.mktemp("managers"),
        TASK_MANAGERS="U0MGR,S0LEADS",
        IVC_API="cloudapi",
        IVC_ORGANIZATION_ID=ROOT_ORGANIZATION,
    ) as w:
        w.app.call(w.account.catalog.load())  # type: ignore[union-attr]  # fresh: no warm-up
        w.fake.set_usergroup("S0LEADS", ["U0LEAD"])
        w.fake.set_user("U0LEAD", tz="America/New_York")
        yield w


@pytest.mark.parametrize("user", ["U0MGR", "U0LEAD"])
def test_a_manager_gets_the_form_without_any_ivc_call(app: InProcess, user: str) -> None:
    before_ivc = app.ivc_requests()
    before_opens = len(app.fake.calls("views.open"))
    reply = app.command("new", user_id=user, channel_id="C0NEW")
    assert reply.status == 200 and reply.ack is None, "an empty ack; the form follows"
    call = app.fake.wait_for_calls_sync("views.open", before_opens + 1, timeout=15)[-1]
    assert call.params["trigger_id"] == DEFAULT_TRIGGER_ID
    view = call.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert_valid_modal(view)
    assert view["callback_id"] == "new_task"
    origin = json.loads(view["private_metadata"])
    assert (origin["u"], origin["c"]) == (app.fake.response_url(reply.response_id), "C0NEW")
    assert "describe" in [b["block_id"] for b in view["blocks"]], "API 3.0 takes a description"
    assert app.ivc_requests() == before_ivc, "the form needs nothing from IVC"


def test_the_form_speaks_the_users_time_zone(app: InProcess) -> None:
    before = len(app.fake.calls("views.open"))
    app.command("新建", user_id="U0LEAD")
    view = app.fake.wait_for_calls_sync("views.open", before + 1, timeout=15)[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert "America/New_York" in json.dumps(view)


def test_a_non_manager_gets_one_line_and_no_form(app: InProcess) -> None:
    before_ivc = app.ivc_requests()
    before_opens = len(app.fake.calls("views.open"))
    reply = app.command("new", user_id="U0OTHER")
    assert reply.ack is not None and reply.ack["text"] == refusal()
    assert reply.ack["response_type"] == "ephemeral"
    assert len(app.fake.calls("views.open")) == before_opens
    assert app.ivc_requests() == before_ivc
    assert "not in TASK_MANAGERS" in app.app.output()


def test_group_members_are_looked_up_once(app: InProcess) -> None:
    before = len(app.fake.calls("usergroups.users.list"))
    for _ in range(3):
        app.command("new", user_id="U0LEAD")
    assert len(app.fake.calls("usergroups.users.list")) - before <= 1


def test_empty_task_managers_means_nobody(in_process: InProcess) -> None:
    before_opens = len(in_process.fake.calls("views.open"))
    reply = in_process.command("new", user_id="U0001")
    assert reply.ack is not None and reply.ack["text"] == refusal()
    assert len(in_process.fake.calls("views.open")) == before_opens


def test_without_an_organization_new_says_what_to_set(tmp_path) -> None:
    with start_in_process(tmp_path, TASK_MANAGERS="U0MGR") as app:
        reply = app.command("new", user_id="U0MGR")
        assert reply.ack is not None and "IVC_ORGANIZATION_ID" in reply.ack["text"]
        assert app.fake.calls("views.open") == []
