"""``python -m bench readme [--check]``: the README's figure tables, written from the recorded
results files between marker comments, so no figure in the README is typed by hand.

Each section lies between ``<!-- figures:NAME -->`` and ``<!-- /figures:NAME -->``; the
files must come from one ``bot/`` tree (``bench.recorded``). ``--check`` only says whether
the README agrees with the files.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.cli import table_rows
from bench.recorded import Recorded, Refused, load
from bench.stamp import ROOT

README = ROOT / "README.md"


def n(value: Any, digits: int = 2) -> str:
    """A figure as the README shows it: thousands separated, floats to ``digits``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        text = f"{value:,.{digits}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def met(case: dict[str, Any]) -> str:
    return "met" if case.get("met") else "**missed**"


def _machine(stamp: dict[str, Any]) -> str:
    m = stamp["machine"]
    return f"{m['cores']} × {m['cpu_model']}, {n(m['memory_gib'], 1)} GiB, Python {m['python']}"


def _when(stamp: dict[str, Any]) -> str:
    return str(stamp["date"]).replace("T", " ").replace("+00:00", " UTC")


def measured_at(recorded: Recorded) -> str:
    """The line naming the commit(s) and machine every figure was measured on."""
    stamp = recorded.stamp()
    commits = ", ".join(f"`{c[:10]}`" for c in recorded.commits())
    return (
        f"Measured at commit {commits} (`bot/` tree `{stamp['bot_tree'][:10]}`), last "
        f"recorded {_when(stamp)} on {_machine(stamp)}."
    )


# Security ---------------------------------------------------------------------------------
def security(r: Recorded) -> str:
    big = r.reliability["oversized_requests"]
    victim = r.bench["b6_summaries"]["victim_channel"]
    burst = r.reliability["ivc_call_limits_refresh"]
    outage = r.reliability["ivc_call_limits_outage"]
    return "\n".join(
        [
            f"- **Oversized requests:** {n(big['requests'])} unsigned requests of "
            f"{n(big['bytes_each'] / 2**20, 0)} MiB each (half with `Content-Length`, half "
            f"chunked) were answered {_statuses(big['statuses'])}; the app's RSS grew "
            f"{n(big['rss_growth_mib'], 1)} MiB ({n(big['rss_before_mib'], 1)} → "
            f"{n(big['rss_after_mib'], 1)}; target `{big['target']}`: {met(big)}) and it "
            "answered normally afterwards (`oversized_requests.json`).",
            f"- **One channel's storm:** with {n(victim['storm_posts_queued'])} posts queued "
            f"for one channel, another channel's summary was posted "
            f"{n(victim['victim_seconds_late'])} s after its due time, with "
            f"{n(victim['storm_posted_before_victim'])} of the storm's posts ahead of it "
            f"(bench b6; target: {victim['target']}: {met(victim)}).",
            f"- **IVC calls:** {n(burst['commands'])} refresh commands from "
            f"{n(burst['users'])} users in {n(burst['burst_seconds'])} s made "
            f"{n(burst['ivc_list_calls'])} IVC list calls (bound `{burst['bound']}`), and "
            f"{n(outage['commands'])} commands during {n(outage['outage_seconds'])} s of IVC "
            f"outage made {n(outage['ivc_list_calls'])} list calls (backoff "
            f"{n(outage['ivc_backoff_seconds'])} s doubling up to "
            f"{n(outage['ivc_backoff_max_seconds'])} s) (`ivc_call_limits_refresh.json`, "
            "`ivc_call_limits_outage.json`).",
        ]
    )


def _statuses(statuses: dict[str, int]) -> str:
    return ", ".join(f"{status} ({n(count)})" for status, count in statuses.items())


# Reliability ------------------------------------------------------------------------------
def reliability(r: Recorded) -> str:
    f = r.reliability
    run = f["run"]
    rows = [
        _forgery(f["forgery"]),
        (
            "malformed timestamps",
            "`X-Slack-Request-Timestamp` of `abc`, `1e9`, `123.5`, `0x10`",
            "4",
            "4 (401)",
            "0",
            "0",
            "no listener runs (the four cases of `test_forgery.py`, no results file)",
        ),
        _oversized(f["oversized_requests"]),
        _allow_list(f["allow_list"]),
        _hostile_commands(f["hostile_commands"]),
        _hostile_upstream(f["hostile_upstream"], f["hostile_upstream_100k"]),
        _fault_matrix(f["fault_matrix"]),
        _ivc_calls(f["ivc_call_limits_refresh"], f["ivc_call_limits_outage"]),
        _slack_faults(f["slack_faults_sqlite"], f["slack_faults_postgresql"]),
        _load(f["load"]),
        _crash(f["crash_restart_sqlite"], f["crash_restart_postgresql"]),
        _cross_replica(f["cross_replica_reads"]),
        _secrets(f["secrets"]),
    ]
    header = ("what", "how", "tried", "rejected", "lost", "duplicated", "result (results file)")
    return "\n".join(
        [
            "```sh",
            run["command"],
            "```",
            "",
            f"(serial, so the load test has the machine to itself: {n(run['tests'])} tests, "
            f"{n(run['passed'])} passed, {n(run['skipped'])} skipped, in "
            f"{n(run['pytest_seconds'], 1)} s.) The routine run holds the load test's rate "
            "for 5 s instead of 60.",
            "",
            _table(header, rows),
        ]
    )


Row = tuple[str, ...]


def _forgery(d: dict[str, Any]) -> Row:
    kinds = ", ".join(f"{n(c)} {k}s" for k, c in d["by_kind"].items())
    return (
        "forged and replayed requests",
        f"signed-wrong requests to `POST /slack/events` ({kinds}): "
        + "; ".join(f"{k} ({n(c)})" for k, c in d["by_forgery"].items()),
        n(d["forged_requests"]),
        f"{n(d['refused_401'])} (401)",
        "0",
        "0",
        'no IVC request, `response_url` post, Web API call or "Fetching…" ack (`forgery.json`)',
    )


def _oversized(d: dict[str, Any]) -> Row:
    return (
        "oversized requests",
        f"{n(d['requests'])} unsigned {n(d['bytes_each'] / 2**20, 0)} MiB bodies, half with "
        "`Content-Length`, half streamed chunked, default `MAX_REQUEST_BYTES`",
        n(d["requests"]),
        _statuses(d["statuses"]),
        "0",
        "0",
        f"the app's RSS grew {n(d['rss_growth_mib'], 1)} MiB ({n(d['rss_before_mib'], 1)} → "
        f"{n(d['rss_after_mib'], 1)}; target `{d['target']}`: {met(d)}); it answered "
        "afterwards (`oversized_requests.json`)",
    )


def _allow_list(d: dict[str, Any]) -> Row:
    return (
        "workspaces outside `SLACK_ALLOWED_TEAM_IDS`",
        f"correctly signed requests from {n(len(d['teams']))} other team ids",
        n(d["foreign_requests"]),
        n(d["refused"]),
        "0",
        "0",
        "commands get the one-line refusal; nothing reaches IVC or Slack (`allow_list.json`)",
    )


def _hostile_commands(d: dict[str, Any]) -> Row:
    kinds = d["by_kind"]
    return (
        "hostile command text",
        f"in process: {n(d['examples'])} hypothesis inputs (any unicode, control characters, "
        "up to 10,000 characters, mrkdwn, `<!here>`, quotes, the grammar's words) parsed, and "
        "the reply the listener would send rendered on a warm stand-in source; schema checked "
        f"once per distinct payload shape ({n(d['distinct_block_kit_shapes'])}), pings and ids "
        "on every payload",
        n(d["examples"]),
        "–",
        "0",
        "0",
        f"parser never raised; every reply valid and inert; {n(len(d['kinds_reached']))} of the "
        f"parser's {n(len(d['kinds']))} command kinds reached "
        f"({', '.join(f'{k.lower()} {n(c)}' for k, c in kinds.items())}); "
        f"{n(sum(d['answered_in_process_by_kind'].values()))} of the newer kinds' inputs "
        "(report, watch, unwatch, watching, play) also answered by the real app in process "
        "(`hostile_commands.json`)",
    )


def _hostile_upstream(d: dict[str, Any], huge: dict[str, Any]) -> Row:
    return (
        "hostile IVC data",
        "names with mentions, `<!channel>`, mrkdwn, control and RTL characters, emoji, 10,000 "
        "characters; unknown status and mode; capacity 0, negative, float, 10²⁰; times 0, far "
        f"future, end before start; duplicated TaskIds; then {n(huge['records'])} such tasks",
        f"{n(d['records'])} + {n(huge['records'])} records",
        "–",
        "0",
        "0",
        f"every list page ({n(d['pages_walked'])} and {n(huge['pages_walked'])} walked), show, "
        f"search, summary and help valid and inert ({n(d['replies_checked'])} replies); "
        "notification cards and status reports too (`hostile_upstream*.json`)",
    )


def _fault_matrix(d: dict[str, Any]) -> Row:
    return (
        "IVC fault matrix",
        f"{n(len(d['faults']))} simulator faults × {{{', '.join(d['states'])}}} cache × "
        f"{{{', '.join(d['apis'])}}} `IVC_API`",
        f"{n(d['cells'])} cells",
        "–",
        "0",
        "0",
        "the cached list, the stale list with its age, or the one-line error; slowest ack "
        f"{n(d['max_ack_ms'], 1)} ms; recovered within {n(d['max_recovery_s'])} s of the fault "
        "clearing (`fault_matrix.json`)",
    )


def _ivc_calls(burst: dict[str, Any], outage: dict[str, Any]) -> Row:
    return (
        "IVC calls driven by users",
        f"{n(burst['commands'])} `all refresh` commands from {n(burst['users'])} users through "
        f"the wire (per-user limit set high); {n(outage['commands'])} commands during a "
        f"{n(outage['outage_seconds'])} s outage (clock: {outage['clock']})",
        f"{n(burst['commands'])} + {n(outage['commands'])}",
        "–",
        "0",
        "–",
        f"{n(burst['ivc_list_calls'])} list calls in the {n(burst['burst_seconds'])} s burst "
        f"(bound `{burst['bound']}`); {n(outage['ivc_list_calls'])} list calls in the outage "
        f"(backoff {n(outage['ivc_backoff_seconds'])} s doubling) (`ivc_call_limits_*.json`)",
    )


def _slack_faults(sqlite: dict[str, Any], postgres: dict[str, Any]) -> Row:
    def outbox(d: dict[str, Any]) -> str:
        return ", ".join(f"{n(c)} {state}" for state, c in sorted(d["outbox"].items()))

    return (
        "Slack faults",
        "429 with Retry-After, 500, posts and updates that time out (and land anyway), "
        "`not_in_channel` on posts and on updates; "
        f"{n(sqlite['replicas'])} replica on SQLite, {n(postgres['replicas'])} on PostgreSQL",
        f"{n(sqlite['messages'])} messages per database",
        "–",
        "0",
        "0",
        f"outbox: SQLite {outbox(sqlite)}, PostgreSQL {outbox(postgres)} (skipped: the "
        "channels that cannot be posted to, paused with `not_in_channel`) "
        "(`slack_faults_*.json`)",
    )


def _load(d: dict[str, Any]) -> Row:
    kinds = ", ".join(f"{n(c)} {k}" for k, c in d["kinds"].items())
    return (
        "load",
        f"{n(d['seconds'], 0)} s at a steady {n(d['rate_target'], 0)} commands/s (open loop, "
        "own process), warm cache",
        n(d["sent"]),
        n(d["errors"]),
        n(d["sent"] - d["completed"]),
        "–",
        f"{n(d['completed'])} completed ({kinds}), {n(d['errors'])} errors; p50 "
        f"{n(d['p50_ms'])} ms, p95 {n(d['p95_ms'])} ms, **p99 {n(d['p99_ms'])} ms**, max "
        f"{n(d['max_ms'], 1)} ms (`load.json`)",
    )


def _crash(sqlite: dict[str, Any], postgres: dict[str, Any]) -> Row:
    def posted(d: dict[str, Any]) -> str:
        states = ", ".join(f"{n(c)} {k}" for k, c in d["integrity"]["deliveries"].items())
        return (
            f"{n(d['summaries_posted'])} summary and {n(d['cards_posted'])} card posted in "
            f"{n(d['post_calls'])} post calls, deliveries {states}, orphan rows "
            f"{n(d['integrity']['orphan_rows'])}"
        )

    return (
        "crash and restart",
        "SIGKILL while a summary is being posted (it lands after the crash) and while a "
        "notification is being posted (it never lands), restart after each",
        f"{n(len(sqlite['kills']))} deliveries per database",
        "–",
        "0",
        "0",
        f"SQLite: {posted(sqlite)}, integrity_check "
        f"{sqlite['integrity'].get('integrity_check')}; PostgreSQL: {posted(postgres)}, "
        f"constraints valid: {n(postgres['integrity'].get('constraints_valid'))} "
        "(`crash_restart_*.json`)",
    )


def _cross_replica(d: dict[str, Any]) -> Row:
    delay = d["delay_after_a_showed_the_task_seconds"]
    return (
        "read your writes across replicas",
        f"{n(d['replicas'])} replicas on {d['database']}, cache TTL "
        f"{n(d['cache_ttl_seconds'], 0)} s; tasks created with the form on A, each asked for "
        "with `pending` on B, whose cache held the old list",
        f"{n(d['writes'])} writes",
        "–",
        "0",
        "–",
        f"B listed {n(d['shown_on_bs_first_ask'])} of {n(d['writes'])} on its first `pending` "
        f"after A showed it: median {n(delay['median'], 3)} s, max {n(delay['max'], 3)} s "
        "(`cross_replica_reads.json`)",
    )


def _secrets(d: dict[str, Any]) -> Row:
    return (
        "secrets",
        "every app's output, ack, `response_url` body, Web API call and posted message "
        "searched for each credential and its 12-character prefixes",
        "–",
        "–",
        "–",
        "–",
        f"{n(d['apps'])} app processes, {n(d['places_checked'])} places, "
        f"{n(d['characters_checked'] / 1e6, 1)} M characters searched: {n(len(d['leaks']))} "
        "leaks (`secrets.json`)",
    )


# Performance ------------------------------------------------------------------------------
def performance(r: Recorded) -> str:
    bench = r.bench
    rows = [(case, figure, median, spread) for case, figure, median, spread in table_rows(bench)]
    lines = [_table(("case", "figure", "median", "spread (min – max)"), rows), ""]
    for key, case in bench.items():
        if isinstance(case, dict) and "target" in case:
            lines.append(f"- {key}: target `{case['target']}`: {met(case)}")
    victim = bench["b6_summaries"]["victim_channel"]
    lines.append(
        f"- b6_summaries victim channel ({n(victim['victim_seconds_late'])} s late, "
        f"{n(victim['storm_posted_before_victim'])} of {n(victim['storm_posts_queued'])} storm "
        f"posts before it): target `{victim['target']}`: {met(victim)}"
    )
    return "\n".join(lines)


def cards_and_tables(r: Recorded) -> str:
    b1, b3 = r.bench["b1_cache_hit"], r.bench["b3_render"]
    on_page = b3["tasks_on_page"]
    rows = [
        (
            f"b1 ack p50 / p99, `{b1['command']}` of {n(b1['sim_tasks'])} tasks",
            f"{n(b1['app_p50_ms'])} / {n(b1['app_p99_ms'])} ms",
            f"{n(b1['app_table_p50_ms'])} / {n(b1['app_table_p99_ms'])} ms",
        ),
        (
            "b1 ack payload",
            f"{n(b1['payload_bytes']['app'])} bytes",
            f"{n(b1['payload_bytes']['app_table'])} bytes",
        ),
        (
            f"b3 render of `{b3['command']}` of {n(b3['tasks'])} tasks (cache hit)",
            f"{n(b3['render_median_us'], 1)} µs",
            f"{n(b3['table_render_median_us'], 1)} µs",
        ),
        (
            "b3 payload, tasks on the first page",
            f"{n(b3['payload_bytes'])} bytes, {n(on_page['cards'])} tasks",
            f"{n(b3['table_payload_bytes'])} bytes, {n(on_page['table'])} tasks",
        ),
    ]
    return _table(("figure", "cards", "table"), rows)


def b7(r: Recorded) -> str:
    d = r.bench["b7_workspaces"]
    targets = d["targets"]
    lag = d["seconds_from_due_to_polled"]
    commands = d["commands"]
    explained = d["command_workspaces"]

    def aim(key: str) -> str:
        return f"{targets[key]['target']}: {met(targets[key])}"

    rows = [
        (
            "workspaces, each its own account",
            f"{n(d['workspaces'])} × {n(d['account_tasks'])} tasks, {n(d['replicas'])} replicas "
            f"on {d['database']}, {n(d['poll_interval_seconds'])} s interval",
            "",
        ),
        (
            "time for every account to be polled once",
            f"{n(d['seconds_to_poll_every_account'], 1)} s from the first poll to the last "
            f"first poll ({n(d['seconds_from_first_replica_start_to_all_polled'], 1)} s from the "
            f"first replica's start; all replicas up after "
            f"{n(d['replicas_ready_after_seconds'], 1)} s)",
            aim("every_account_polled_within_interval"),
        ),
        (
            "finished polls per account, first interval",
            _per_account(d["polls_in_first_interval"]),
            aim("one_poll_in_first_interval"),
        ),
        (
            "finished polls per account, second interval",
            f"{_per_account(d['polls_in_second_interval'])}; shortest gap between two polls of "
            f"an account {n(d['min_gap_between_polls_seconds'], 1)} s",
            aim("one_poll_in_second_interval"),
        ),
        (
            "finished polls of an account closer than half an interval",
            n(d["duplicate_polls"]),
            aim("no_polls_closer_than_half_an_interval"),
        ),
        (
            "accounts listed by IVC more often than they were polled",
            f"{n(d['listed_more_than_polled'])} of {n(d['workspaces'])} ("
            + ", ".join(f"{k}: {n(c)}" for k, c in d["ivc_calls_vs_polls_per_account"].items())
            + f"); {n(d['listed_more_than_polled_excluding_command_workspaces'])} besides the "
            f"{n(len(explained['teams']))} command workspaces, whose `pending` commands list "
            f"their tasks too ({_command_fetches(explained)}); "
            f"{n(d['listed_more_than_polled_beyond_command_fetches'])} beyond what those "
            "commands fetched",
            aim("no_account_listed_more_than_polled"),
        ),
        (
            "a poll finished after its due time by",
            f"p50 {n(lag['p50'], 1)} s, p99 {n(lag['p99'], 1)} s, max {n(lag['max'], 1)} s",
            "",
        ),
        (
            "IVC calls per second, peak (1-s buckets) / mean",
            f"{n(d['ivc_calls_per_second_peak'], 1)} / {n(d['ivc_calls_per_second_mean'], 1)}",
            "",
        ),
        (
            "RSS per replica, max",
            ", ".join(f"{n(mb, 1)} MB" for mb in d["rss_max_mb"].values()),
            aim("rss_per_replica"),
        ),
        (
            f"cache-hit `pending` while polling runs, {n(commands['sent'])} commands",
            f"p50 {n(commands['p50_ms'], 1)} ms, p99 {n(commands['p99_ms'], 1)} ms, max "
            f"{n(commands['max_ms'], 1)} ms ("
            + ", ".join(f"{n(c)} acked {k}" for k, c in commands["kinds"].items())
            + ")",
            "",
        ),
    ]
    return "\n".join(
        [_table(("figure", "result", "target"), rows), "", f"All of b7's targets: {met(d)}."]
    )


def _per_account(polls: dict[str, int]) -> str:
    return ", ".join(f"{k} for {n(c)} accounts" for k, c in sorted(polls.items()))


def _command_fetches(explained: dict[str, Any]) -> str:
    return "; ".join(
        f"{workspace}: {n(t['ivc_calls'])} list calls for {n(t['finished_polls'])} polls and "
        f"{n(t['commands_acked_fetching'])} commands that fetched"
        for workspace, t in explained["by_team"].items()
    )


# b8: the roles beside one role -------------------------------------------------------------
WORKER_CORE_SHARE = 0.7  # the most of one core a worker is planned to use
COMMANDS_PER_WORKSPACE_HOUR = 6  # assumed peak: one command a workspace every 10 minutes
SIZING_WORKSPACES = (1_000, 10_000, 100_000)
MIN_WEB = 2  # for availability


def b8(r: Recorded) -> str:
    d = r.bench.get("b8_roles")
    if d is None:
        return (
            "Not recorded yet: `python -m bench record --cases b8`, then `python -m bench readme`."
        )
    b7_case = r.bench.get("b7_workspaces", {})
    roles, single = d["layouts"]["roles"], d["layouts"]["single"]
    rows = [_b8_row(name, b7_case, single, roles) for name in B8_ROWS]
    ratios = ", ".join(
        f"{k.replace('_', ' ')} {n(v, 2)}" for k, v in d["roles_over_single"].items()
    )
    missed = [t["target"] for t in d["targets"].values() if not t["met"]]
    verdict = f"All of b8's targets (the roles layout's): {met(d)}" + (
        f" (missed: {'; '.join(missed)})." if missed else "."
    )
    return "\n".join(
        [
            _table(
                (
                    "figure",
                    f"b7: {n(b7_case['replicas'])} serve" if b7_case else "b7",
                    f"b8 single: {n(len(single['processes']))} serve",
                    "b8 roles: 2 web + 2 workers",
                ),
                rows,
            ),
            "",
            f"Roles over single (below 1: the roles do better or use less): {ratios}. "
            f"The run took {n(d['run_seconds'], 0)} s. {verdict}",
            "",
            sizing(d),
        ]
    )


def _fig(value: Any, unit: str = "", digits: int = 1) -> str:
    return "–" if value is None else f"{n(value, digits)}{unit}"


def _b8_layout(layout: dict[str, Any], name: str) -> str:
    pending, polls, probes = layout["pending"], layout["polls"], layout["probes"]
    cpu, ivc, pg = layout["cpu"], layout["ivc"], layout["postgresql"] or {}
    procs = layout["processes"]
    if name == "workspaces":
        return f"{n(polls['accounts_polled'])} accounts polled"
    if name == "pending":
        return (
            f"p50 {_fig(pending['p50_ms'], ' ms')}, p99 {_fig(pending['p99_ms'], ' ms')} "
            f"({n(pending['count'])} cache hits of {n(pending['sent'])})"
        )
    if name == "all polled":
        return (
            f"{_fig(polls['seconds_from_first_ready_to_all_polled'], ' s')} from the first "
            "polling process's readiness"
        )
    if name == "intervals":
        return (
            f"first: {_per_account(polls['polls_in_first_interval'])}; second: "
            f"{_per_account(polls['polls_in_second_interval'])}; "
            f"{n(polls['duplicate_polls'])} duplicates"
        )
    if name == "health":
        h, m = probes["healthz"], probes["metrics"]
        return (
            f"/healthz p50 {_fig(h['p50_ms'], ' ms')}, p99 {_fig(h['p99_ms'], ' ms')}; "
            f"/metrics p50 {_fig(m['p50_ms'], ' ms')}, p99 {_fig(m['p99_ms'], ' ms')}"
        )
    if name == "rss":
        return ", ".join(f"{n(p['rss_max_mb'], 0)}" for p in procs.values()) + " MB"
    if name == "cpu":
        helpers = cpu["helpers"]
        return (
            ", ".join(f"{k} {n(p['cpu_cores'], 2)}" for k, p in procs.items())
            + f"; simulator {n(helpers['simulator']['cpu_cores'], 2)}, load generator "
            f"{n(helpers['loadgen']['cpu_cores'], 2)} (of {n(cpu['cores'])} cores)"
        )
    if name == "per poll":
        return f"{_fig(cpu['polling_cpu_ms_per_poll'], ' ms')} ({n(polls['in_window'])} polls)"
    if name == "ivc":
        return (
            f"{_fig(ivc['calls_per_second_peak'])} / {_fig(ivc['calls_per_second_mean'])}; "
            f"one account at most {n(ivc['one_account_peak_calls_per_second'])}/s (limit "
            f"{n(ivc['limit_per_account_per_process'], 0)}/s per account and process)"
        )
    if name == "postgresql":
        if not pg:
            return "–"
        return (
            f"{_fig(pg['transactions_per_second'])} transactions/s, "
            f"{_fig(pg['rows_read_per_second'], '', 0)} rows read/s, "
            f"{_fig(pg['rows_written_per_second'])} written/s "
            f"({_fig(pg['transactions_per_poll'], '', 2)}, {_fig(pg['rows_read_per_poll'], '', 0)} "
            f"and {_fig(pg['rows_written_per_poll'])} a poll)"
        )
    raise KeyError(name)


def _b7_figure(d: dict[str, Any], name: str) -> str:
    if not d:
        return "–"
    commands = d["commands"]
    figures = {
        "workspaces": f"{n(d['workspaces'])} × {n(d['account_tasks'])} tasks",
        "pending": f"p50 {_fig(commands['p50_ms'], ' ms')}, p99 {_fig(commands['p99_ms'], ' ms')} "
        f"({n(commands['sent'])} commands)",
        "all polled": f"{_fig(d['seconds_to_poll_every_account'], ' s')} from the first poll",
        "intervals": f"first: {_per_account(d['polls_in_first_interval'])}; second: "
        f"{_per_account(d['polls_in_second_interval'])}; {n(d['duplicate_polls'])} duplicates",
        "rss": ", ".join(f"{n(mb, 0)}" for mb in d["rss_max_mb"].values()) + " MB",
        "ivc": f"{_fig(d['ivc_calls_per_second_peak'])} / {_fig(d['ivc_calls_per_second_mean'])}",
    }
    return figures.get(name, "not measured")


B8_ROWS = {
    "workspaces": "workspaces, each its own account",
    "pending": "cache-hit `pending` on the answering processes while polling",
    "all polled": "every account polled once",
    "intervals": "finished polls per account, first and second interval",
    "health": "polling processes' /healthz and /metrics (every 0.5 s)",
    "rss": "RSS per process, max",
    "cpu": "CPU per process, cores (measured window)",
    "per poll": "polling processes' CPU per finished poll",
    "ivc": "IVC calls per second, peak / mean",
    "postgresql": "PostgreSQL, steady part",
}


def _b8_row(
    name: str, b7_case: dict[str, Any], single: dict[str, Any], roles: dict[str, Any]
) -> Row:
    return (
        B8_ROWS[name],
        _b7_figure(b7_case, name),
        _b8_layout(single, name),
        _b8_layout(roles, name),
    )


def sizing(d: dict[str, Any]) -> str:
    """Workers, web processes and PostgreSQL load for more workspaces, from b8's roles run."""
    roles = d["layouts"]["roles"]
    cpu, pg, ivc = roles["cpu"], roles["postgresql"] or {}, roles["ivc"]
    per_poll = cpu["polling_cpu_ms_per_poll"]
    per_command = cpu["answering_cpu_ms_per_command"]
    interval, measured = d["poll_interval_seconds"], d["workspaces"]
    if not per_poll:
        return "No polls were measured: no sizing."
    polls_measured = pg.get("polls") or 0
    seq = (
        sum(t["seq_tup_read"] for t in pg.get("tables", {}).values()) / polls_measured
        if polls_measured
        else 0.0
    )
    rows = []
    for workspaces in SIZING_WORKSPACES:
        polls = workspaces / interval
        workers = max(1, math.ceil(polls * per_poll / 1000 / WORKER_CORE_SHARE))
        commands = workspaces * COMMANDS_PER_WORKSPACE_HOUR / 3600
        web = max(MIN_WEB, math.ceil(commands * (per_command or 0) / 1000 / WORKER_CORE_SHARE))
        read = pg.get("rows_read_per_poll")
        scaled = None if read is None else read - seq + seq * workspaces / measured
        rows.append(
            (
                n(workspaces),
                n(polls, 1),
                n(workers),
                f"{n(web)} ({n(commands, 1)} commands/s)",
                _fig(_times(pg.get("transactions_per_poll"), polls), "", 0),
                _fig(_times(scaled, polls), "", 0),
                _fig(_times(pg.get("rows_written_per_poll"), polls), "", 0),
            )
        )
    header = (
        "workspaces",
        "polls/s",
        "workers",
        "web processes",
        "PostgreSQL transactions/s",
        "rows read/s",
        "rows written/s",
    )
    return "\n".join(
        [
            f"Sizing at a {n(interval, 0)} s interval, from the roles run of "
            f"{n(measured)} workspaces: a worker spends {n(per_poll)} ms of CPU a finished poll "
            "(its whole CPU time in the window over its polls, so its idle work is counted too) "
            f"and is planned at most {n(WORKER_CORE_SHARE)} of one core; a web process spends "
            f"{_fig(per_command, ' ms', 2)} a cache-hit `pending` (likewise), at an assumed "
            "peak of one command a workspace every "
            f"{n(60 // COMMANDS_PER_WORKSPACE_HOUR)} minutes, with at least {n(MIN_WEB)} for "
            "availability. PostgreSQL's load is the steady part's per poll times the polls "
            "(commands' reads not included); of the rows read a poll, the "
            f"{n(seq, 0)} read by sequential scans are taken to grow with the workspaces (the "
            "tables they scan hold rows of every account) and the rest to stay as measured. "
            f"A poll made {_fig(ivc['calls_per_poll'], '', 2)} IVC calls.",
            "",
            _table(header, rows),
        ]
    )


def _times(per_poll: float | None, polls: float) -> float | None:
    return None if per_poll is None else per_poll * polls


# The suite --------------------------------------------------------------------------------
def suite(r: Recorded) -> str:
    s = r.suite
    stress = f"`stress-ng --cpu {s['stress_ng_cpus']}`" if s["stress_ng_cpus"] else "none"
    rows = [
        (
            f"`{s['command']}`",
            f"`{s['recorded']['commit'][:10]}`",
            n(s["tests"]),
            f"{n(s['passed'])} / {n(s['failed'])} / {n(s['skipped'])}",
            f"{n(s['pytest_seconds'], 1)} s",
            f"{n(s['wall_seconds'], 1)} s",
            stress,
        )
    ]
    header = (
        "command",
        "commit",
        "tests",
        "passed / failed / skipped",
        "pytest's time",
        "wall",
        "other load",
    )
    left_out = ", ".join(f"`{test}`" for test in s.get("deselected", []))
    if not left_out:
        return _table(header, rows)
    note = f"Left out of the timed run: {left_out} (it compares the README with these files)."
    return "\n".join([_table(header, rows), "", note])


# Writing ----------------------------------------------------------------------------------
SECTIONS: dict[str, Callable[[Recorded], str]] = {
    "measured-at": measured_at,
    "security": security,
    "reliability": reliability,
    "performance": performance,
    "cards-and-tables": cards_and_tables,
    "b7": b7,
    "b8": b8,
    "suite": suite,
}


def _table(header: tuple[str, ...], rows: Sequence[Row]) -> str:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(header), "|" + "---|" * len(header), *map(line, rows)])


def sections(recorded: Recorded) -> dict[str, str]:
    """Every generated section's text (refused unless the files share one ``bot/`` tree)."""
    recorded.stamp()
    return {name: render(recorded) for name, render in SECTIONS.items()}


def _replacement(body: str) -> Callable[[re.Match[str]], str]:
    return lambda match: f"{match.group(1)}{body}\n{match.group(2)}"


def rewrite(text: str, generated: dict[str, str]) -> str:
    """``text`` with each marked section replaced; a section's markers must each appear once
    (``measured-at`` may appear in several places)."""
    for name, body in generated.items():
        marker = re.escape(name)
        pattern = re.compile(
            rf"(<!-- figures:{marker} -->\n)(?:.*?\n)?(<!-- /figures:{marker} -->)", re.DOTALL
        )
        text, count = pattern.subn(_replacement(body), text)
        if count == 0:
            raise Refused(f"README.md has no <!-- figures:{name} --> section")
    return text


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench readme", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only say whether it agrees")
    parser.add_argument("--readme", type=Path, default=README)
    args = parser.parse_args(argv)
    try:
        text = args.readme.read_text(encoding="utf-8")
        new = rewrite(text, sections(load()))
    except Refused as refused:
        print(f"python -m bench readme: {refused}", file=sys.stderr)
        return 2
    if args.check:
        if new != text:
            print("README.md disagrees with the results files: run python -m bench readme")
            return 1
        return 0
    args.readme.write_text(new, encoding="utf-8")
    print(f"wrote {len(SECTIONS)} sections of {args.readme.name}")
    return 0
