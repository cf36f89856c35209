"""Who may see tasks: VIEWERS (user ids, and user groups resolved with
usergroups.users.list) and guest accounts (users.info) refused unless ALLOW_GUESTS, on every
interactive path (commands, buttons, the App Home), with one refusal line in the person's
language as far as Slack has said it without a call (the payload's ``user_locale``, a cached
``users.info``)."""

from collections.abc import Iterator

import pytest

from tests.support.app_fixtures import Wire, dump, start_wire
from tests.support.in_process import InProcess, start_in_process
from tests.support.slack_requests import with_locale

VIEWERS = "U0VIEW,S0OPS,U0GUEST"


def refusal(reason: str, lang: str = "en") -> str:
    """The refusal line for ``reason`` (a ``bot.slack.viewers.Refusal`` name) in ``lang``."""
    from bot.views.notices import render_user_not_allowed

    return render_user_not_allowed(reason, lang).text


def set_up(fake) -> None:
    fake.set_usergroup("S0OPS", ["U0INOPS", "U0OTHER"])
    fake.set_user("U0GUEST", is_restricted=True)


@pytest.fixture(scope="module")
def wire(tmp_path_factory) -> Iterator[Wire]:
    with start_wire(tmp_path_factory.mktemp("viewers"), VIEWERS=VIEWERS) as w:
        set_up(w.fake)
        yield w


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[InProcess]:
    with start_in_process(tmp_path_factory.mktemp("viewers-in-process"), VIEWERS=VIEWERS) as w:
        set_up(w.fake)
        yield w


def test_only_viewers_who_are_not_guests_see_tasks_through_the_wire(wire):
    for viewer in ("U0VIEW", "U0INOPS"):
        assert wire.ask("pending", user_id=viewer)["text"].startswith("Pending"), viewer
    stranger = wire.command("pending", user_id="U0STRANGER")
    assert "Pending" not in dump(stranger.ack), "no task list for a user outside VIEWERS"
    assert stranger.ack is not None and stranger.ack["text"] == refusal("NOT_A_VIEWER")
    assert stranger.ack["response_type"] == "ephemeral"
    guest = wire.command("pending", user_id="U0GUEST")
    assert "Pending" not in dump(guest.ack), "no task list for a guest"
    assert guest.ack is not None and guest.ack["text"] == refusal("GUEST")
    assert "refused user U0STRANGER" in wire.app.output()


def test_a_refused_click_redraws_nothing_and_says_why(app):
    reply = app.click("tasks_refresh", '{"f":"all","p":1}', user_id="U0STRANGER")
    assert reply.status == 200 and not reply.ack
    body = reply.wait_response()
    assert body["text"] == refusal("NOT_A_VIEWER")
    assert body["replace_original"] is False and body["response_type"] == "ephemeral"
    assert reply.responses() == [body], "no redrawn list"


def test_a_refused_user_gets_the_refusal_on_the_home_tab(app):
    app.event({"type": "app_home_opened", "user": "U0STRANGER", "tab": "home"})
    view = app.fake.wait_for_sync(lambda: app.fake.home_view("U0STRANGER"), timeout=15)
    assert refusal("NOT_A_VIEWER") in dump(view)
    assert "Pending" not in dump(view)


@pytest.mark.parametrize(("locale", "lang"), [("zh-CN", "zh"), ("en-GB", "en")])
def test_a_refused_click_speaks_the_locale_its_payload_states(app, locale, lang):
    before = len(app.fake.calls("users.info"))

    reply = app.click_shaped(
        with_locale(locale), "tasks_refresh", '{"f":"all","p":1}', user_id="U0STRANGER"
    )

    assert reply.wait_response()["text"] == refusal("NOT_A_VIEWER", lang), "in an English app"
    assert len(app.fake.calls("users.info")) == before, "no Slack call for the language"


def test_a_refused_command_speaks_the_language_slack_already_gave(app):
    app.fake.set_user("U0GUEST", locale="zh-CN")

    first = app.command("pending", user_id="U0GUEST").ack
    again = app.command("pending", user_id="U0GUEST").ack

    assert first is not None and first["text"] == refusal("GUEST"), "a command states none"
    assert again is not None and again["text"] == refusal("GUEST", "zh"), "the check cached it"


def test_lookups_are_cached(app):
    before_info = len(app.fake.calls("users.info"))
    before_groups = len(app.fake.calls("usergroups.users.list"))
    for _ in range(3):
        assert app.ask("pending", user_id="U0OTHER")["text"].startswith("Pending")
    assert len(app.fake.calls("users.info")) - before_info == 1
    assert len(app.fake.calls("usergroups.users.list")) - before_groups <= 1


def test_a_failed_group_lookup_refuses_and_is_not_cached(tmp_path):
    with start_in_process(tmp_path, VIEWERS="S0LATE") as app:
        app.fake.set_usergroup("S0LATE", ["U0LATE"])
        app.fake.fail_next("usergroups.users.list", error="fatal_error")
        answer = app.command("pending", user_id="U0LATE")
        assert answer.ack is not None and answer.ack["text"] == refusal("NOT_A_VIEWER")
        assert app.ask("pending", user_id="U0LATE")["text"].startswith("Pending")


def test_guests_are_refused_by_default_and_allowed_with_allow_guests(in_process, tmp_path):
    in_process.fake.set_user("U0MCG", is_ultra_restricted=True)
    answer = in_process.command("pending", user_id="U0MCG")
    assert answer.ack is not None and answer.ack["text"] == refusal("GUEST")
    assert in_process.ask("pending", user_id="U0MEMBER")["text"].startswith("Pending")

    with start_in_process(tmp_path, ALLOW_GUESTS="true") as allowing:
        allowing.fake.set_user("U0MCG", is_ultra_restricted=True)
        assert allowing.ask("pending", user_id="U0MCG")["text"].startswith("Pending")
        assert allowing.ask("pending", user_id="U0MCG")["text"].startswith("Pending")
        [lookup] = allowing.fake.calls("users.info")  # the person's workspace, asked once
        assert lookup.params["user"] == "U0MCG"


def test_an_unknown_account_is_refused_not_let_through(in_process):
    in_process.fake.fail_next("users.info", error="fatal_error")
    answer = in_process.command("pending", user_id="U0NEWCOMER")
    assert answer.ack is not None and answer.ack["text"] == refusal("UNKNOWN_USER")
    assert in_process.ask("pending", user_id="U0NEWCOMER")["text"].startswith("Pending")


class _Slack:
    """``users.info`` and ``usergroups.users.list`` answered from a dict, each call counted."""

    def __init__(self) -> None:
        self.calls = 0

    async def users_info(self, user: str, include_locale: bool = False) -> dict[str, object]:
        self.calls += 1
        return {"user": {"is_restricted": user == "U0GUEST", "team_id": "T0001"}}

    async def usergroups_users_list(self, usergroup: str) -> dict[str, object]:
        self.calls += 1
        return {"users": ["U0INOPS"]}


def test_the_cached_check_says_what_the_check_says_without_asking_slack() -> None:
    import asyncio
    from typing import cast

    from slack_sdk.web.async_client import AsyncWebClient

    from bot.slack.viewers import AccessRefusal, ViewerRules

    slack = _Slack()
    client = cast(AsyncWebClient, slack)
    rules = ViewerRules(frozenset({"U0VIEW", "U0GUEST", "S0OPS"}))
    assert rules.cached_refusal("T0001", "U0INOPS") is None  # the group is not known yet
    expected = {
        "U0VIEW": None,
        "U0INOPS": None,
        "U0GUEST": AccessRefusal.GUEST,
        "U0OTHER": AccessRefusal.NOT_A_VIEWER,
    }
    for user, refusal in expected.items():
        assert asyncio.run(rules.refusal(client, "T0001", user)) is refusal
        calls = slack.calls
        verdict = rules.cached_refusal("T0001", user)
        assert verdict is not None and verdict.refusal is refusal
        assert slack.calls == calls  # the cached check asks Slack nothing
