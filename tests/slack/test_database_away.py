"""The app's database out of reach, through the wire: ``python -m bot serve`` on a PostgreSQL
database of its own behind a loopback TCP proxy. With the proxy cut, every command and click
that needs the database is acked, then answered at response_url with one line saying so (not
left at "Working on it…", not a generic error); with the proxy restored the same app serves
the next command, and the failed one left nothing behind."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.engine import make_url

from bot.features.watches.views import ACTION_WATCH
from tests.support.app_fixtures import Reply, Wire, baseline_records, dump, start_wire
from tests.support.databases import fresh_postgres
from tests.support.tcp_proxy import TcpProxy, tcp_proxy

DATABASE_LINE = (
    ":x: The app cannot reach its database just now; nothing was changed; try again in a minute."
)
TASK_ID = baseline_records()[0]["TaskId"]
MANAGER = "U0MGR"

REQUESTS: dict[str, Callable[[Wire], Reply]] = {
    "subscribe": lambda wire: wire.command("subscribe daily 10:00"),
    "unsubscribe": lambda wire: wire.command("unsubscribe 1"),
    "pause": lambda wire: wire.command("pause 1"),
    "resume": lambda wire: wire.command("resume 1"),
    "subscriptions": lambda wire: wire.command("subscriptions"),
    "watch": lambda wire: wire.command(f"watch {TASK_ID}"),
    "unwatch": lambda wire: wire.command(f"unwatch {TASK_ID}"),
    "watching": lambda wire: wire.command("watching"),
    "watch button": lambda wire: wire.click(ACTION_WATCH, TASK_ID),
}
"""Each kind of command or click that reads or writes the database."""


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Wire, TcpProxy]]:
    """The app (warm task cache, no poll during the tests) on a fresh PostgreSQL database
    reached only through the proxy."""
    with fresh_postgres(f"retrieval_tasks_away_{os.getpid()}") as url:
        direct = make_url(url)
        with tcp_proxy((direct.host or "127.0.0.1", direct.port or 5432)) as proxy:
            proxied = direct.set(host="127.0.0.1", port=proxy.port)
            with start_wire(
                tmp_path_factory.mktemp("database-away"),
                DATABASE_URL=proxied.render_as_string(hide_password=False),
                CACHE_TTL_SECONDS="600",
                POLL_INTERVAL_SECONDS="3600",
                TASK_MANAGERS=MANAGER,
            ) as wire:
                yield wire, proxy


@pytest.fixture
def database_away(behind_proxy: tuple[Wire, TcpProxy]) -> Iterator[Wire]:
    """The app with its database cut off for the test; given back afterwards."""
    wire, proxy = behind_proxy
    proxy.cut()
    try:
        yield wire
    finally:
        proxy.restore()
    wire.check_all_sent()


@pytest.mark.parametrize("kind", list(REQUESTS))
def test_each_request_that_needs_the_database_is_answered_with_the_database_line(
    database_away: Wire, kind: str
) -> None:
    reply = REQUESTS[kind](database_away)

    assert reply.status == 200
    assert reply.ack is None or reply.ack["text"].startswith(":hourglass:"), reply.ack
    answer = reply.wait_response()
    assert answer["text"] == DATABASE_LINE, answer
    assert answer.get("response_type", "ephemeral") == "ephemeral", "only the person sees it"
    assert len(reply.responses()) == 1


def test_a_task_deleted_at_ivc_is_said_deleted_though_its_audit_line_is_not_stored(
    database_away: Wire,
) -> None:
    """The delete happened: the line must not say "nothing was changed"."""
    task = next(r for r in baseline_records() if r["Status"] == 0 and r["TaskId"] != TASK_ID)
    # the pool's connections are found dead first: the audit then meets a refused connection
    # (asyncpg's own OSError, not one of SQLAlchemy's errors)
    assert REQUESTS["watching"](database_away).wait_response()["text"] == DATABASE_LINE

    done = database_away.click("task_delete", task["TaskId"], user_id=MANAGER).wait_response()

    assert done["replace_original"] is True
    assert done["text"].startswith(":wastebasket: Deleted task"), done
    assert task["TaskId"] in done["text"]
    assert task["TaskId"] not in {r["TaskId"] for r in database_away.sim.records()}


def test_the_same_app_serves_again_once_the_database_is_back(
    behind_proxy: tuple[Wire, TcpProxy],
) -> None:
    wire, proxy = behind_proxy

    def in_channel(text: str) -> Reply:
        return wire.command(text, channel_id="C0BACK", user_id="U0BACK")

    proxy.cut()
    try:
        failed = in_channel("subscribe daily 10:00").wait_response()
    finally:
        proxy.restore()
    assert failed["text"] == DATABASE_LINE

    assert "daily 10:00" not in dump(in_channel("subscriptions").answer()), "nothing half-done"
    done = in_channel("subscribe daily 10:00").wait_response()
    assert done.get("delete_original") is True, done
    [confirmation] = wire.fake.messages("C0BACK")
    assert "daily 10:00" in dump(confirmation)
    assert "daily 10:00" in dump(in_channel("subscriptions").answer())
    wire.check_all_sent()
