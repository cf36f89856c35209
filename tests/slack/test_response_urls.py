"""A ``response_url`` read back from a modal's ``private_metadata`` is posted to only when it
is Slack's (``https://hooks.slack.com``, or the origin of ``SLACK_API_URL``: the fake Slack
here). A forged one is dropped with one warning naming only its host, and no connection is
made to it: a loopback listener that accepts nothing shows it."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator

import pytest
from aiohttp import web

from bot.simulator.cameras import ROOT_ORGANIZATION
from bot.slack.response_urls import SLACK_HOOKS, ResponseUrls, origin_of, post_response
from tests.features.retrievals.test_create_task import search, submit
from tests.features.retrievals.test_delete_in_modal import submit_delete
from tests.support.app_fixtures import baseline_records, start_wire
from tests.support.app_process import SIGNING_SECRET
from tests.support.in_process import InProcess, start_in_process
from tests.support.polling import wait_until
from tests.support.server_thread import serve_in_thread
from tests.support.slack_requests import signed_headers, slash_command_body
from tests.support.task_form import values

MANAGER = "U0MGR"
FAKE_API = "http://127.0.0.1:8123/api/"


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://hooks.slack.com/commands/T1/2/abc", SLACK_HOOKS),
        ("HTTPS://Hooks.Slack.com:443/actions/x", SLACK_HOOKS),
        ("http://127.0.0.1:8123/response/r1", "http://127.0.0.1:8123"),
        ("https://hooks.slack.com@evil.example/x", ""),
        ("ftp://hooks.slack.com/x", ""),
        ("https:///nohost", ""),
        ("https://hooks.slack.com:99999/x", ""),
        ("", ""),
    ],
)
def test_origin_of(url: str, origin: str) -> None:
    assert origin_of(url) == origin


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://hooks.slack.com/actions/T1/2/abc", True),
        ("http://127.0.0.1:8123/response/r1", True),  # SLACK_API_URL's origin
        ("http://hooks.slack.com/actions/T1/2/abc", False),  # not https
        ("https://hooks.slack.com.evil.example/actions", False),
        ("https://evil.example/?next=https://hooks.slack.com/", False),
        ("http://127.0.0.1:8124/response/r1", False),  # another port on loopback
        ("https://slack.com.evil.example/api/", False),
    ],
)
def test_only_slacks_origins_are_allowed(url: str, allowed: bool) -> None:
    assert ResponseUrls.for_api(FAKE_API).allows(url) is allowed


def test_the_default_allows_slacks_hooks_and_its_api_host_only() -> None:
    urls = ResponseUrls.for_api("https://slack.com/api/")
    assert urls.origins == {SLACK_HOOKS, "https://slack.com"}


@pytest.fixture
def trap() -> Iterator[socket.socket]:
    """A loopback listener nothing should connect to (connections queue, unaccepted)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.setblocking(False)
        yield listener


def connections(listener: socket.socket) -> int:
    """How many connections reached ``listener`` (accepted and closed now)."""
    count = 0
    while True:
        try:
            conn, _ = listener.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


def trap_url(listener: socket.socket) -> str:
    return f"http://127.0.0.1:{listener.getsockname()[1]}/hook/secret-path?token=xoxb-1"


async def test_a_forged_url_is_dropped_with_one_line_naming_only_its_host(
    trap: socket.socket, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.slack.response_urls"):
        sent = await ResponseUrls.for_api(FAKE_API).send(trap_url(trap), {"text": "x"}, "card")
    assert sent is False and connections(trap) == 0
    (record,) = caplog.records
    assert "127.0.0.1" in record.getMessage()
    assert "secret-path" not in record.getMessage() and "xoxb" not in record.getMessage()


async def test_a_response_url_answering_a_redirect_is_not_followed(trap: socket.socket) -> None:
    posted: list[dict[str, object]] = []

    async def redirect(request: web.Request) -> web.Response:
        posted.append(await request.json())
        raise web.HTTPFound(trap_url(trap))

    hook = web.Application()
    hook.router.add_post("/response/r1", redirect)
    with serve_in_thread(hook) as server:
        url = server.base_url + "/response/r1"
        sent = await ResponseUrls.for_api(server.base_url + "/api/").send(
            url, {"text": "x"}, "card"
        )
        status = await post_response(url, {"text": "y", "thread_ts": None})
    assert sent is False and status == 302
    assert posted == [{"text": "x"}, {"text": "y"}], "the response_url itself got each post"
    assert connections(trap) == 0, "the redirect's target got nothing"


# In process: the create form and the delete modal ------------------------------------------
@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    with (
        pytest.MonkeyPatch.context() as patch,
        start_in_process(
            tmp_path_factory.mktemp("response-urls"),
            TASK_MANAGERS=MANAGER,
            IVC_ORGANIZATION_ID=ROOT_ORGANIZATION,
        ) as w,
    ):
        patch.setattr("bot.simulator.simulator.WRITES_PER_SECOND", 10_000)
        w.app.call(w.account.catalog.load())  # type: ignore[union-attr]
        yield w


def dropped(app: InProcess, count: int) -> None:
    """Wait until the app logged ``count`` dropped response_urls."""
    wait_until(lambda: app.app.output().count("is not Slack's") >= count, "the drop", 15)


def test_a_create_forms_forged_response_url_gets_no_request(
    app: InProcess, trap: socket.socket
) -> None:
    before = app.app.output().count("is not Slack's")
    meta = json.dumps({"u": trap_url(trap), "z": "UTC"})
    form = values("forgedurl_0312", search(app, "")[:1], start="05:00", end="05:30")
    submit(app, form, user=MANAGER, meta=meta)
    dropped(app, before + 1)
    assert connections(trap) == 0, "no connection to the forged URL"
    assert "secret-path" not in app.app.output()


def test_a_delete_modals_forged_response_url_gets_no_request(
    app: InProcess, trap: socket.socket
) -> None:
    task = next(r for r in baseline_records() if r["Status"] == 0)
    before = app.app.output().count("is not Slack's")
    meta = json.dumps({"t": task["TaskId"], "u": trap_url(trap), "s": "{}"})
    submit_delete(app, meta, view_id="VM0FORGEDURL")
    dropped(app, before + 1)
    assert connections(trap) == 0, "no connection to the forged URL"
    assert app.fake.calls("views.update"), "the modal still shows the outcome"


# Through the wire: the app's own answers to a signed request's response_url ---------------
def test_answers_to_a_commands_response_url_follow_no_redirect(tmp_path) -> None:
    """Bolt's ``respond`` is replaced: an answer reaches the signed payload's response_url or
    nowhere, even when that URL redirects."""
    hooked: list[str] = []
    landed: list[str] = []
    follow: list[str] = []  # where the hook redirects to, once the landing server runs

    async def redirect(request: web.Request) -> web.Response:
        hooked.append((await request.json())["text"])
        raise web.HTTPFound(follow[0])

    async def land(request: web.Request) -> web.Response:
        landed.append(request.path)
        return web.Response(text="ok")

    target, hook = web.Application(), web.Application()
    target.router.add_route("*", "/{name}", land)  # a followed 302 arrives as a GET
    hook.router.add_post("/hook", redirect)
    with (
        serve_in_thread(target) as landing,
        serve_in_thread(hook) as hooks,
        start_wire(tmp_path) as wire,
    ):
        follow.append(landing.base_url + "/followed")
        body = slash_command_body("pending refresh", response_url=hooks.base_url + "/hook")
        assert wire.post(body, signed_headers(body, SIGNING_SECRET)).status_code == 200
        wait_until(lambda: hooked, "the answer at the response_url", 30)
        body = slash_command_body("pending refresh", response_url=landing.base_url + "/direct")
        assert wire.post(body, signed_headers(body, SIGNING_SECRET)).status_code == 200
        wait_until(lambda: "/direct" in landed or None, "the later answer", 30)
    assert hooked and hooked[0], "the response_url itself got the answer"
    assert "/followed" not in landed, "the redirect's target got nothing"
