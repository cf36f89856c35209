"""Multi-workspace install mode through the wire: Bolt's OAuth flow against the fake Slack's
oauth.v2.access, closed to the workspaces of SLACK_ALLOWED_TEAM_IDS,
with tokens encrypted at rest, expired OAuth states purged, uninstalls honoured (finding 7)
and no token in the debug log (finding 8)."""

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet

from tests.support.app_fixtures import Wire, dump, run_cli, start_wire
from tests.support.app_process import BOT_TOKEN, SIGNING_SECRET
from tests.support.polling import wait_until

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "oauth-DISTINCTIVE-client-secret-3c9d"
ALLOWED = "T0001"
FOREIGN = "T0FOREIGN"
KEY = Fernet.generate_key().decode()
MULTI: dict[str, Any] = {
    "SLACK_BOT_TOKEN": "",
    "SLACK_CLIENT_ID": CLIENT_ID,
    "SLACK_CLIENT_SECRET": CLIENT_SECRET,
    "SLACK_ALLOWED_TEAM_IDS": ALLOWED,
    "SHARED_IVC_TEAM_IDS": ALLOWED,
    "OPERATOR_TEAM_ID": ALLOWED,
    "TOKEN_ENCRYPTION_KEY": KEY,
}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("oauth-db") / "app.db"


@pytest.fixture(scope="module")
def wire(tmp_path_factory, db_path) -> Iterator[Wire]:
    with start_wire(
        tmp_path_factory.mktemp("oauth"),
        SLACK_BOT_TOKEN="",
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
        SLACK_ALLOWED_TEAM_IDS=ALLOWED,
        SHARED_IVC_TEAM_IDS=ALLOWED,
        OPERATOR_TEAM_ID=ALLOWED,
        TOKEN_ENCRYPTION_KEY=KEY,
        DATABASE_URL=f"sqlite+aiosqlite:///{db_path}",
        LOG_LEVEL="DEBUG",
        POLL_INTERVAL_SECONDS="1",
        CACHE_TTL_SECONDS="1",
        INSTALL_REQUESTS_PER_MINUTE="100000",  # the limit's own tests use ``limited``
    ) as w:
        w.fake.set_oauth_client(CLIENT_ID, CLIENT_SECRET)
        yield w


LIMITED_PER_MINUTE = 3


@pytest.fixture(scope="module")
def limited(tmp_path_factory) -> Iterator[tuple[Wire, Path]]:
    """An app in install mode with INSTALL_REQUESTS_PER_MINUTE=3, and its database."""
    db = tmp_path_factory.mktemp("oauth-limited-db") / "app.db"
    with start_wire(
        tmp_path_factory.mktemp("oauth-limited"),
        **MULTI,
        DATABASE_URL=f"sqlite+aiosqlite:///{db}",
        INSTALL_REQUESTS_PER_MINUTE=str(LIMITED_PER_MINUTE),
    ) as w:
        yield w, db


def browser_at(wire: Wire, address: str) -> httpx.Client:
    """A browser whose requests come from ``address`` (any 127.x.y.z reaches loopback)."""
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=wire.app.base_url, timeout=10, transport=transport)


def rows(db_path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(sql, args).fetchall()


def execute(db_path: Path, sql: str, *args: Any) -> None:
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute(sql, args)


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


def installed(wire: Wire) -> None:
    done = install(wire)
    assert done.status_code == 200, done.text[:300]


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


# Finding 1: a closed install ------------------------------------------------------------
def _bearer(call: Any) -> str:
    header = {k.lower(): v for k, v in call.headers.items()}.get("authorization", "")
    return header.removeprefix("Bearer ") or str(call.params.get("token", ""))


def test_a_workspace_off_the_list_is_refused_revoked_and_not_stored(wire, db_path):
    wire.fake.set_oauth_client(CLIENT_ID, CLIENT_SECRET, team_id=FOREIGN)
    try:
        page = install(wire)
    finally:
        wire.fake.set_oauth_client(CLIENT_ID, CLIENT_SECRET)
    assert page.status_code == 403
    assert page.headers["content-type"].startswith("text/html")
    assert "Installation refused" in page.text and "revoked" in page.text
    assert "Traceback" not in page.text and FOREIGN not in page.text
    granted = wire.fake.token_for(FOREIGN)  # the token Slack just granted that workspace
    assert [_bearer(call) for call in wire.fake.calls("auth.revoke")] == [granted]
    for table in ("slack_installations", "slack_bots"):
        assert rows(db_path, f"SELECT id FROM {table} WHERE team_id = ?", FOREIGN) == []
    refused = wire.command("pending", team_id=FOREIGN)
    assert "Pending" not in dump(refused.ack or {})


def test_multi_workspace_mode_refuses_to_start_without_an_allow_list(wire, tmp_path):
    env = {**MULTI, "SLACK_ALLOWED_TEAM_IDS": ""}
    env.update(
        IVC_SECRET_ID="id",
        IVC_SECRET_KEY="sk-0123456789",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        LOG_FORMAT="text",
        PORT="1",
    )
    result = run_cli(["serve"], env, tmp_path, timeout=60)
    assert result.returncode == 2
    [line] = (result.stdout + result.stderr).splitlines()
    assert "SLACK_ALLOWED_TEAM_IDS" in line, line

    without_key = {**env, "SLACK_ALLOWED_TEAM_IDS": ALLOWED, "TOKEN_ENCRYPTION_KEY": ""}
    result = run_cli(["serve"], without_key, tmp_path, timeout=60)
    assert result.returncode == 2
    [line] = (result.stdout + result.stderr).splitlines()
    assert "TOKEN_ENCRYPTION_KEY" in line, line


# Finding 7: tokens at rest, OAuth leftovers, uninstalls -----------------------------------
def test_tokens_are_encrypted_at_rest(wire, db_path):
    installed(wire)
    for table in ("slack_installations", "slack_bots"):
        [(stored,)] = rows(
            db_path, f"SELECT bot_token FROM {table} WHERE team_id = ? LIMIT 1", ALLOWED
        )
        assert stored != BOT_TOKEN and not stored.startswith("xox")
        assert Fernet(KEY.encode()).decrypt(stored.encode()).decode() == BOT_TOKEN
    for path in db_path.parent.glob(db_path.name + "*"):  # the database, its WAL and journal
        assert BOT_TOKEN.encode() not in path.read_bytes(), path.name
    assert wire.ask("pending")["text"].startswith("Pending"), "and read back to answer"


def test_expired_oauth_states_are_deleted(wire, db_path):
    browser = httpx.Client(base_url=wire.app.base_url, timeout=10)
    for _ in range(20):
        assert browser.get("/slack/install").status_code == 200
    assert len(rows(db_path, "SELECT id FROM slack_oauth_states")) >= 20
    execute(db_path, "UPDATE slack_oauth_states SET expire_at = '2000-01-01 00:00:00'")
    assert browser.get("/slack/install").status_code == 200
    assert len(rows(db_path, "SELECT id FROM slack_oauth_states")) == 1


def test_the_install_page_is_limited_per_client_address(limited):
    wire, db = limited
    browser = browser_at(wire, "127.0.0.2")
    for _ in range(LIMITED_PER_MINUTE):
        assert browser.get("/slack/install").status_code == 200
    stored = len(rows(db, "SELECT id FROM slack_oauth_states"))
    forged = {"X-Forwarded-For": "203.0.113.7"}  # not trusted: the peer address counts
    refused = browser.get("/slack/install", headers=forged)
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("text/plain")
    [line] = refused.text.splitlines()
    assert "wait a minute" in line
    assert len(rows(db, "SELECT id FROM slack_oauth_states")) == stored, "no state stored"
    other = browser_at(wire, "127.0.0.3").get("/slack/install")
    assert other.status_code == 200, "another address is not held back"


def test_no_install_page_while_too_many_states_are_live(limited):
    from bot.slack.oauth import MAX_LIVE_STATES

    wire, db = limited
    flood = [(f"flood-{i}", "2999-01-01 00:00:00.000000") for i in range(MAX_LIVE_STATES)]
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.executemany("INSERT INTO slack_oauth_states (state, expire_at) VALUES (?, ?)", flood)
    browser = browser_at(wire, "127.0.0.4")
    try:
        refused = browser.get("/slack/install")
        assert refused.status_code == 429
        [line] = refused.text.splitlines()
        assert "under way" in line
    finally:
        execute(db, "DELETE FROM slack_oauth_states WHERE state LIKE 'flood-%'")
    assert browser.get("/slack/install").status_code == 200, "fewer live states: served again"


def _subscribed(wire: Wire, db_path: Path, channel: str) -> int:
    wire.command("subscribe notify", channel_id=channel).wait_response()
    [(sub_id, state)] = rows(
        db_path, "SELECT id, state FROM subscriptions WHERE channel_id = ?", channel
    )
    assert state == "active"
    return int(sub_id)


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        ({"type": "app_uninstalled"}, "app_uninstalled"),
        ({"type": "tokens_revoked", "tokens": {"bot": ["U0BOT"]}}, "tokens_revoked"),
    ],
)
def test_uninstall_or_revocation_forgets_the_workspace(wire, db_path, event, reason):
    installed(wire)
    sub_id = _subscribed(wire, db_path, f"C0{reason.upper()[:6]}")
    assert wire.event(event, team_id=ALLOWED).status_code == 200

    def forgotten() -> bool:
        return not any(
            rows(db_path, f"SELECT id FROM {table} WHERE team_id = ?", ALLOWED)
            for table in ("slack_installations", "slack_bots")
        )

    wait_until(forgotten, "the workspace's installation rows deleted", timeout=15)
    state = rows(db_path, "SELECT state, paused_reason FROM subscriptions WHERE id = ?", sub_id)
    assert state == [("paused", reason)]
    installed(wire)  # the workspace comes back for the next test


def test_an_uninstall_deletes_the_workspaces_people_settings(wire, db_path):
    installed(wire)
    execute(
        db_path,
        "INSERT INTO workspace_settings (team_id, updated_by, updated_at) VALUES (?, ?, ?)",
        ALLOWED,
        "U0ADMIN",
        "2026-01-01 00:00:00.000000",
    )
    assert wire.event({"type": "app_uninstalled"}, team_id=ALLOWED).status_code == 200

    def deleted() -> bool:
        return (
            rows(db_path, "SELECT team_id FROM workspace_settings WHERE team_id = ?", ALLOWED) == []
        )

    wait_until(deleted, "the workspace's people settings deleted", timeout=15)
    installed(wire)  # the workspace comes back for the next test


# Finding 8: no token in the debug log ---------------------------------------------------
def test_the_granted_token_never_reaches_the_debug_log(wire):
    installed(wire)
    assert wire.ask("pending")["text"].startswith("Pending")
    output = wire.app.output()
    assert " DEBUG " in output, "the app logs at DEBUG (else this test proves nothing)"
    assert wire.fake.calls("oauth.v2.access"), "a token was granted"
    assert BOT_TOKEN not in output
    assert KEY not in output


def test_any_workspace_may_install_only_when_told():
    """SLACK_ALLOW_ANY_WORKSPACE: no allow-list (None) lets any workspace
    install, each reading only the IVC account it connects; org-wide installs stay off."""
    from slack_sdk.oauth.installation_store import Installation

    from bot.slack.oauth import _refusal

    one = Installation(team_id=FOREIGN, user_id="U1", bot_token="xoxb-x")
    org = Installation(enterprise_id="E1", is_enterprise_install=True, user_id="U1")
    assert _refusal(one, frozenset({ALLOWED})) is not None
    assert _refusal(one, None) is None
    assert _refusal(org, None) is not None
