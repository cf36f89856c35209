"""``GET /metrics`` of the app (in process, and over the wire in Socket Mode) moves with the
traffic the test sends."""

from __future__ import annotations

import math
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.observability.helpers import PREFIX, scrape, value, wait_value
from tests.support.app_fixtures import dump
from tests.support.in_process import InProcess, start_in_process


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcess]:
    tmp = tmp_path_factory.mktemp("metrics")
    with start_in_process(
        tmp,
        CACHE_TTL_SECONDS="600",
        POLL_INTERVAL_SECONDS="1",
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp / 'metrics.db'}",
    ) as w:
        yield w


@pytest.fixture
def fresh(wire: InProcess) -> Iterator[InProcess]:
    wire.reset()
    yield wire
    wire.sim.set_fault("none")


def test_metrics_are_prometheus_text_with_one_prefix(wire):
    response = wire.get_metrics()
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    names = [f.name for f in text_string_to_metric_families(response.text)]
    assert names and all(name.startswith(PREFIX) for name in names), names
    for expected in (
        "commands",
        "command_duration_seconds",
        "ivc_calls",
        "ivc_call_duration_seconds",
        "slack_api_calls",
        "slack_rate_limited",
        "deliveries_posted",
        "subscriptions",
        "cache_hits",
        "cache_misses",
        "cache_stale_answers",
        "cache_coalesced_waiters",
        "ivc_last_success_age_seconds",
    ):
        assert PREFIX + expected in names, expected


def test_commands_answered_in_the_ack_are_counted(fresh):
    name = PREFIX + "commands_total"
    labels = {"command": "list", "outcome": "answered_in_ack"}
    before = value(fresh, name, **labels)
    acks = value(fresh, PREFIX + "command_duration_seconds_count", command="list", phase="ack")
    hits = value(fresh, PREFIX + "cache_hits_total", cache="list")
    for _ in range(3):
        assert fresh.command("pending").answered_in_ack
    assert value(fresh, name, **labels) == before + 3
    assert (
        value(fresh, PREFIX + "command_duration_seconds_count", command="list", phase="ack")
        == acks + 3
    )
    assert value(fresh, PREFIX + "cache_hits_total", cache="list") >= hits + 3


def test_help_and_refresh_are_counted_by_kind_and_outcome(fresh):
    name = PREFIX + "commands_total"
    helps = value(fresh, name, command="help", outcome="answered_in_ack")
    later = value(fresh, name, command="list", outcome="answered_later")
    misses = value(fresh, PREFIX + "cache_misses_total", cache="list")
    fresh.ask("help")
    reply = fresh.command("all refresh")
    assert not reply.answered_in_ack
    reply.wait_response()
    assert value(fresh, name, command="help", outcome="answered_in_ack") == helps + 1
    wait_value(fresh, name, lambda v: v == later + 1, command="list", outcome="answered_later")
    assert value(fresh, PREFIX + "cache_misses_total", cache="list") >= misses + 1
    assert (
        value(fresh, PREFIX + "command_duration_seconds_count", command="list", phase="answer") > 0
    )


@pytest.mark.parametrize(
    ("fault", "outcome"),
    [
        ("http-500", "http"),
        ("code-500", "api"),
        ("invalid-json", "malformed"),
    ],
)
def test_ivc_failures_are_counted_by_outcome(fresh, fault, outcome):
    calls = value(fresh, PREFIX + "ivc_calls_total", operation="list", outcome=outcome)
    stale = value(fresh, PREFIX + "cache_stale_answers_total", cache="list")
    oks = value(fresh, PREFIX + "ivc_calls_total", operation="list", outcome="ok")
    fresh.sim.set_fault(fault)
    answer = dump(fresh.command("all refresh").wait_response())
    assert "stale" in answer.lower() or "ago" in answer.lower(), answer[:300]
    assert value(fresh, PREFIX + "ivc_calls_total", operation="list", outcome=outcome) >= calls + 1
    assert (
        value(fresh, PREFIX + "ivc_call_duration_seconds_count", operation="list", outcome=outcome)
        >= 1
    )
    assert value(fresh, PREFIX + "cache_stale_answers_total", cache="list") >= stale + 1
    assert value(fresh, PREFIX + "ivc_calls_total", operation="list", outcome="ok") == oks


def test_concurrent_refreshes_are_coalesced(fresh):
    before = value(fresh, PREFIX + "cache_coalesced_waiters_total", cache="list")
    fresh.sim.latency_ms = 400
    with ThreadPoolExecutor(4) as pool:
        replies = list(pool.map(lambda _: fresh.command("pending refresh"), range(4)))
    for reply in replies:
        reply.wait_response()
    assert value(fresh, PREFIX + "cache_coalesced_waiters_total", cache="list") >= before + 1


def test_last_good_fetch_age_is_read_at_scrape_time(fresh):
    age = value(fresh, PREFIX + "ivc_last_success_age_seconds")
    assert math.isfinite(age) and 0 <= age < 60


def test_notification_posts_and_slack_calls_are_counted(fresh):
    posted = value(fresh, PREFIX + "deliveries_posted_total", kind="card")
    ok_posts = value(
        fresh, PREFIX + "slack_api_calls_total", method="chat.postMessage", error="none"
    )
    fresh.command("subscribe notify", channel_id="C0METRIC").wait_response()
    wait_value(fresh, PREFIX + "subscriptions", lambda v: v >= 1, kind="notify", state="active")
    record = dict(fresh.sim.records()[0], TaskId="d" * 32, TaskName="metrics_cam", Status=2)
    fresh.sim.add_task(record)
    fresh.reload()  # the poller reads the (long-lived) cache
    fresh.fake.wait_for_sync(
        lambda: [m for m in fresh.fake.messages("C0METRIC") if "d" * 32 in dump(m)], timeout=15
    )
    wait_value(fresh, PREFIX + "deliveries_posted_total", lambda v: v == posted + 1, kind="card")
    # the subscription's confirmation and the card, at least
    assert (
        value(fresh, PREFIX + "slack_api_calls_total", method="chat.postMessage", error="none")
        >= ok_posts + 2
    )


def test_slack_errors_and_rate_limits_are_counted_apart(fresh):
    limited = value(fresh, PREFIX + "slack_rate_limited_total", method="chat.postMessage")
    refused = value(
        fresh, PREFIX + "slack_api_calls_total", method="chat.postMessage", error="not_in_channel"
    )
    fresh.fake.fail_next("chat.postMessage")  # 429, Retry-After 1: the command path retries
    fresh.command("subscribe daily 06:45", channel_id="C0LIMIT").wait_response()
    assert (
        value(fresh, PREFIX + "slack_rate_limited_total", method="chat.postMessage") == limited + 1
    )
    fresh.fake.set_channel("C0OUTSIDE", is_member=False)
    fresh.command("subscribe notify", channel_id="C0OUTSIDE").wait_response()
    assert (
        value(
            fresh,
            PREFIX + "slack_api_calls_total",
            method="chat.postMessage",
            error="not_in_channel",
        )
        == refused + 1
    )


def test_scrape_reads_subscription_states_from_the_database(fresh):
    fresh.command("subscribe every 4h", channel_id="C0GAUGE").wait_response()
    listing = dump(fresh.ask("subscriptions", channel_id="C0GAUGE"))
    sub_id = listing.split("#", 1)[1].split()[0].strip("*`")
    paused = value(fresh, PREFIX + "subscriptions", kind="summary", state="paused")
    fresh.ask(f"pause {sub_id}", channel_id="C0GAUGE")
    # each scrape starts a read and shows the last one finished
    wait_value(
        fresh, PREFIX + "subscriptions", lambda v: v == paused + 1, kind="summary", state="paused"
    )
    samples = scrape(fresh)
    assert (PREFIX + "outbox_deliveries", frozenset({("state", "done")})) in samples


def test_socket_mode_serves_metrics_too(socket_wire):
    before = value(
        socket_wire, PREFIX + "commands_total", command="list", outcome="answered_in_ack"
    )
    assert socket_wire.command("retrieved").answered_in_ack
    assert (
        value(socket_wire, PREFIX + "commands_total", command="list", outcome="answered_in_ack")
        == before + 1
    )
