"""b7: many workspaces, each with its own IVC account, polled by 3 replicas on PostgreSQL.

Seeds ``workspaces`` installations, stored IVC accounts (tenant accounts of the simulator) and
one notify subscription each straight into a fresh PostgreSQL database, starts the
replicas (multi-workspace mode, ``POLL_INTERVAL_SECONDS``) and, while they poll, samples
every second: the simulator's requests per SecretId, each replica's RSS and each account's
``account_polls.last_polled_at`` (every distinct value is one finished poll). Meanwhile
signed ``/retrieval-tasks pending`` commands of a few workspaces go to one replica.

Each target is reported under ``targets`` with its value and whether it was met; ``met`` is
all of them. IVC list calls are compared with finished polls over every account: the command
workspaces' own commands list their tasks too (each one acked "fetching"), so those
workspaces are also reported apart, with their commands' fetches.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from bench.fleet import (
    ACCOUNT_TASKS,
    TARGET_RSS_MB,
    Commands,
    Sampler,
    Samples,
    accept_tokens,
    by_count,
    calls_per_second,
    cycles,
    database_url,
    lag_figures,
    lease_lost,
    plain_dsn,
    recreate_database,
    seed,
    target,
    tenant_env,
    workspace_id,
)
from bench.procs import ServerProcess, SimProcess, running_loadgen, running_sim_process
from bench.stats import percentile, rounded
from bot.ivc.accounts import workspace_key
from bot.simulator.accounts import tenant_secret_id
from tests.support.app_process import BOT_TOKEN, running_app
from tests.support.fake_slack import FakeSlack, running_fake_slack

REPLICAS = 3
INTERVAL_SECONDS = 60
DATABASE = "bench_b7"
COMMAND_WORKSPACES = 3  # workspaces whose commands are timed (their caches warm)
COMMAND_WORKSPACES_REASON = (
    "their `pending` commands (the timed load, warm-up included) list their tasks from IVC "
    "too whenever the replica's cache has expired (each such command is acked 'fetching'), "
    "so they are listed more often than polled without any poll being made twice"
)
COMMANDS_PER_JOB = 20
COMMAND_PAUSE_SECONDS = 0.5  # between jobs: the commands are a light load beside the polls
MAX_RUN_SECONDS = 300  # failure bound: every account polled once, then one more interval


# The run -----------------------------------------------------------------------------------
@contextmanager
def _replicas(
    workdir: Path, sim: SimProcess, fake: FakeSlack, url: str, key: str
) -> Iterator[dict[str, ServerProcess]]:
    with ExitStack() as exits:
        servers = {}
        for index in range(REPLICAS):
            env = tenant_env(sim, fake, url, key, INTERVAL_SECONDS)
            folder = workdir / f"replica-{index}"
            folder.mkdir(exist_ok=True)
            app = exits.enter_context(running_app(env, folder, timeout=120))
            servers[f"replica-{index}"] = ServerProcess(app.base_url, app.process)
        yield servers


def run_b7(workdir: Path, *, workspaces: int) -> dict[str, Any]:
    """Seed, run the replicas through a full poll cycle and one more interval, measure."""
    url = database_url(DATABASE)
    key = Fernet.generate_key().decode()
    asyncio.run(recreate_database(DATABASE))
    seed_started = time.monotonic()
    asyncio.run(seed(url, key, workspaces))
    seed_seconds = time.monotonic() - seed_started
    keys = {workspace_key(workspace_id(n)) for n in range(1, workspaces + 1)}
    command_workspaces = [workspace_id(n) for n in range(1, COMMAND_WORKSPACES + 1)]
    with ExitStack() as exits:
        sim = exits.enter_context(
            running_sim_process(workdir, tasks=10, accounts=workspaces, account_tasks=ACCOUNT_TASKS)
        )
        fake = exits.enter_context(running_fake_slack(bot_token=BOT_TOKEN))
        accept_tokens(fake, workspaces)
        started = time.time()
        replicas = ExitStack()  # stopped before the last sample: no poll left in flight
        exits.enter_context(replicas)
        servers = replicas.enter_context(_replicas(workdir, sim, fake, url, key))
        all_ready = time.time()
        pids = {name: s.process.pid for name, s in servers.items()}
        sampler = exits.enter_context(Sampler(sim, pids, plain_dsn(url), interval=INTERVAL_SECONDS))
        loadgen = exits.enter_context(running_loadgen(workdir))
        commands = Commands(loadgen, [servers["replica-0"]], fake, "b7", COMMANDS_PER_JOB)
        for workspace in command_workspaces:
            commands.warm(workspace)
        polled_all_at: float | None = None
        n = 0
        while time.time() - started < MAX_RUN_SECONDS:
            if polled_all_at is None and sampler.all_polled(keys):
                polled_all_at = time.time()
            # then until every account's second interval (first poll + I/2 .. + 3I/2) is over
            if (
                polled_all_at is not None
                and time.time() > polled_all_at + 1.5 * INTERVAL_SECONDS + 2
            ):
                break
            commands.measure(command_workspaces[n % COMMAND_WORKSPACES], n)
            n += 1
            time.sleep(COMMAND_PAUSE_SECONDS)
        replicas.close()  # each finishes its polls in hand (SIGTERM), then the last sample
        sampler.__exit__(None, None, None)
        logs = {name: lease_lost(workdir / name) for name in servers}
    return _figures(
        workspaces,
        sampler.samples,
        keys,
        command_workspaces,
        commands,
        started=started,
        all_ready=all_ready,
        seed_seconds=seed_seconds,
        lost_leases=logs,
    )


def _figures(
    workspaces: int,
    s: Samples,
    keys: set[str],
    command_workspaces: list[str],
    commands: Commands,
    *,
    started: float,
    all_ready: float,
    seed_seconds: float,
    lost_leases: dict[str, int],
) -> dict[str, Any]:
    c = cycles(s, keys, INTERVAL_SECONDS)
    polls, polled, firsts, gaps, duplicates = c.polls, c.polled, c.firsts, c.gaps, c.duplicates
    last_sample = s.times[-1]
    deltas = calls_per_second(s)
    # IVC list calls and finished polls per account (1 list call a poll), over every account
    numbers = range(1, workspaces + 1)
    calls_polls = {
        n: (s.calls.get(tenant_secret_id(n), 0), len(polls[workspace_key(workspace_id(n))]))
        for n in numbers
    }
    per_account = Counter(calls_polls.values())
    commanded = {int(workspace[1:]): workspace for workspace in command_workspaces}
    listed_more = [n for n, (calls, polls_) in calls_polls.items() if calls > polls_]
    # beyond its polls and its own commands' fetches: only a poll made again (a lease that ran
    # out, the poll repeated by another replica) lists an account more
    unexplained = [
        n
        for n, (calls, polls_) in calls_polls.items()
        if calls > polls_ + commands.fetched.get(commanded.get(n, ""), 0)
    ]
    rss_max = {name: rounded(max(v), 1) for name, v in s.rss.items() if v}
    latencies = commands.latencies_ms
    seconds_all = c.seconds_all()
    rss_peak = max(rss_max.values()) if rss_max else None
    targets = {
        "every_account_polled_within_interval": target(
            f"every account polled once within the {INTERVAL_SECONDS} s interval (first poll "
            "to the last account's first poll)",
            rounded(seconds_all, 1) if seconds_all is not None else None,
            seconds_all is not None and seconds_all <= INTERVAL_SECONDS,
        ),
        **c.once_per_interval(len(keys), INTERVAL_SECONDS),
        "no_account_listed_more_than_polled": target(
            f"0 of all {workspaces} accounts listed by IVC more often than polled, a command "
            "workspace's lists for its own commands that fetched counted with its polls",
            len(unexplained),
            not unexplained,
        ),
        "rss_per_replica": target(
            f"RSS per replica < {TARGET_RSS_MB} MB",
            rss_peak,
            rss_peak is not None and rss_peak < TARGET_RSS_MB,
        ),
    }
    return {
        "workspaces": workspaces,
        "account_tasks": ACCOUNT_TASKS,
        "replicas": REPLICAS,
        "poll_interval_seconds": INTERVAL_SECONDS,
        "database": "postgresql",
        "seed_seconds": rounded(seed_seconds, 1),
        "replicas_ready_after_seconds": rounded(all_ready - started, 1),
        "accounts_polled": len(polled),
        "seconds_to_poll_every_account": rounded(seconds_all, 1) if seconds_all else None,
        "seconds_from_first_replica_start_to_all_polled": (
            rounded(firsts[-1] - started, 1) if seconds_all else None
        ),
        "polls_in_first_interval": by_count(c.first_cycle),
        "polls_in_second_interval": by_count(c.second),
        "accounts_with_complete_second_interval": len(c.complete),
        "duplicate_polls": duplicates,
        "seconds_from_due_to_polled": lag_figures(c.lags),
        "listed_more_than_polled": len(listed_more),
        "listed_more_than_polled_excluding_command_workspaces": sum(
            n not in commanded for n in listed_more
        ),
        "listed_more_than_polled_beyond_command_fetches": len(unexplained),
        "command_workspaces": {
            "teams": command_workspaces,
            "reason": COMMAND_WORKSPACES_REASON,
            "by_team": {
                workspace: {
                    "ivc_calls": calls_polls[number][0],
                    "finished_polls": calls_polls[number][1],
                    "commands_acked_fetching": commands.fetched.get(workspace, 0),
                }
                for number, workspace in sorted(commanded.items())
            },
        },
        "min_gap_between_polls_seconds": rounded(min(gaps), 1) if gaps else None,
        "lost_lease_warnings": lost_leases,
        "ivc_calls_vs_polls_per_account": {
            f"{calls} calls / {n} polls": count for (calls, n), count in sorted(per_account.items())
        },
        "ivc_calls_total": s.calls_total[-1],
        "ivc_calls_per_second_peak": rounded(max(deltas), 1) if deltas else None,
        "ivc_calls_per_second_mean": (rounded(sum(deltas) / len(deltas), 1) if deltas else None),
        "rss_max_mb": rss_max,
        "rss_final_mb": {name: rounded(v[-1], 1) for name, v in s.rss.items() if v},
        "commands": {
            "teams": command_workspaces,
            "sent": len(latencies),
            "kinds": dict(commands.kinds),
            "p50_ms": rounded(percentile(latencies, 50), 2) if latencies else None,
            "p99_ms": rounded(percentile(latencies, 99), 2) if latencies else None,
            "max_ms": rounded(max(latencies), 2) if latencies else None,
        },
        "run_seconds": rounded(last_sample - started, 1),
        "targets": targets,
        "target": "; ".join(t["target"] for t in targets.values()),
        "met": all(t["met"] for t in targets.values()),
    }
