"""Multi-workspace install mode: Bolt's OAuth flow against the fake Slack's oauth.v2.access."""

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.support.app_fixtures import Wire, dump, start_wire

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "oauth-DISTINCTIVE-client-secret-3c9d"


@pytest.fixture(scope="module")
def wire(tmp_path_factory) -> Iterator[Wire]:
    with start_wire(
        tmp_path_factory.mktemp("oauth"),
        SLACK_BOT_TOKEN="",
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
        POLL_INTERVAL_SECONDS="1",
        CACHE_TTL_SECONDS="1",
    ) as w:
        w.fake.set_oauth_client(CLIENT_ID, CLIENT_SECRET)
        yield w


def install(wire: Wire, *, code: str = "good-code", state: str | None = None) -> httpx.Response:
    browser = httpx.Client(base_url=wire.app.base_url, timeout=10)
    page = browser.get("/slack/install")
    assert page.status_code == 200
    issued = re.search(r"state=([\w-]+)", page.text)
    assert issued, page.text[:500]
    assert f"client_id={CLIENT_ID}" in page.text and "commands" in page.text
    # The state cookie is Secure (Slack apps are served over HTTPS); a browser would send it
    # back, httpx does not over plain-HTTP loopback, so pass it on explicitly.
    cookie = page.headers["set-cookie"].split(";", 1)[0]
    return browser.get(
        "/slack/oauth_redirect",
        headers={"Cookie": cookie},
        params={"code": code, "state": state or issued.group(1)},
    )


def test_install_then_commands_and_notifications_work(wire):
    before = wire.command("pending")
    assert before.status in (200, 401)
    assert "Pending" not in dump(before.ack or {}), "no answer before the workspace installs"

    assert install(wire, state="forged-state").status_code >= 400
    assert wire.fake.calls("oauth.v2.access") == []

    done = install(wire)
    assert done.status_code == 200, done.text[:300]
    [exchange] = wire.fake.calls("oauth.v2.access")
    assert exchange.ok

    assert wire.ask("pending")["text"].startswith("Pending")

    wire.command("subscribe notify", channel_id="C0OAUTH").wait_response()
    wire.sim.add_task(dict(wire.sim.records()[0], TaskId="d" * 32, Status=2))
    card = wire.fake.wait_for_sync(
        lambda: [m for m in wire.fake.messages("C0OAUTH") if "d" * 32 in dump(m)], timeout=15
    )
    assert card, "the worker posts with the token the workspace granted"


def test_client_secret_never_leaks(wire):
    install(wire)
    assert CLIENT_SECRET not in wire.app.output()
    assert all(CLIENT_SECRET not in body for body in wire.seen)
