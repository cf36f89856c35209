"""``python -m bot simulate``: run the IVC simulator from the command line.

Credentials come from ``IVC_SECRET_ID`` / ``IVC_SECRET_KEY`` (and ``IVC_SECURITY_TOKEN``
for temporary credentials). When neither is set the simulator uses the demo pair
SecretId ``AKIDsimulator`` / SecretKey ``simulator-secret-key``, so a bot configured with
those values talks to it out of the box. ``--accounts N`` adds N tenant accounts
(``bot.simulator.accounts``), each with its own tasks, cameras and key.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Mapping

from bot.simulator.cameras import DEFAULT_CHANNELS
from bot.simulator.faults import Fault
from bot.simulator.runner import serve_forever
from bot.simulator.simulator import Simulator

DEMO_SECRET_ID = "AKIDsimulator"
DEMO_SECRET_KEY = "simulator-secret-key"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot simulate",
        description=(
            "Serve a simulated Tencent Cloud IVC recording-retrieval API over HTTP: the /ivc/ "
            "endpoints and API 3.0 (POST /, TC3-HMAC-SHA256, service iss)."
        ),
        epilog=(
            "Credentials: IVC_SECRET_ID and IVC_SECRET_KEY (optional IVC_SECURITY_TOKEN); "
            f"if neither is set, the demo pair {DEMO_SECRET_ID} / {DEMO_SECRET_KEY}. "
            'Control while running: POST /_sim/control {"fault": NAME, "latency_ms": N}; '
            "counters: GET /_sim/stats; per account: GET /_sim/accounts. A tenant's SecretKey "
            "is bot.simulator.tenant_secret_key(SecretId)."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default %(default)s)")
    parser.add_argument(
        "--port",
        type=int,
        default=8900,
        help="port to bind, 0 for any free port (default %(default)s)",
    )
    parser.add_argument(
        "--tasks",
        type=_non_negative_int,
        default=40,
        help="number of generated tasks (default %(default)s)",
    )
    parser.add_argument(
        "--cameras",
        type=_non_negative_int,
        default=DEFAULT_CHANNELS,
        help="camera channels in the catalog of organization 1000 (default %(default)s)",
    )
    parser.add_argument(
        "--latency-ms",
        type=_non_negative_float,
        default=0.0,
        help="delay before every answer, in ms (default %(default)s)",
    )
    parser.add_argument(
        "--fault",
        choices=[f.value for f in Fault],
        default=Fault.NONE.value,
        help="failure mode to start in (default %(default)s)",
    )
    parser.add_argument(
        "--pace-seconds",
        type=_positive_float,
        default=120.0,
        help="seconds per task stage pending->retrieving->retrieved (default %(default)s)",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="task generation seed (default %(default)s)"
    )
    add_account_options(parser)
    return parser


def add_account_options(parser: argparse.ArgumentParser) -> None:
    """``--accounts N`` and ``--account-tasks N``: tenants besides the main account."""
    parser.add_argument(
        "--accounts",
        type=_non_negative_int,
        default=0,
        help=(
            "tenant accounts besides the main one: SecretIds AKIDsimTenant0001.., each with "
            "its own tasks, cameras and derived SecretKey, built on first use "
            "(default %(default)s)"
        ),
    )
    parser.add_argument(
        "--account-tasks",
        type=_non_negative_int,
        default=None,
        help="generated tasks of each tenant account (default: --tasks)",
    )


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def credentials_from_env(env: Mapping[str, str]) -> tuple[str, str, str | None, bool]:
    """(secret_id, secret_key, token, is_demo); raises ``ValueError`` if only one is set."""
    secret_id = env.get("IVC_SECRET_ID", "")
    secret_key = env.get("IVC_SECRET_KEY", "")
    token = env.get("IVC_SECURITY_TOKEN") or None
    if not secret_id and not secret_key:
        return DEMO_SECRET_ID, DEMO_SECRET_KEY, token, True
    if not (secret_id and secret_key):
        missing = "IVC_SECRET_KEY" if secret_id else "IVC_SECRET_ID"
        raise ValueError(
            f"{missing} is not set (set both IVC_SECRET_ID and IVC_SECRET_KEY, "
            "or neither for the demo credentials)"
        )
    return secret_id, secret_key, token, False


def run_cli(argv: list[str], env: Mapping[str, str] | None = None) -> int:
    """Parse ``argv``, then serve until SIGINT/SIGTERM; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        creds = credentials_from_env(os.environ if env is None else env)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    secret_id, secret_key, token, demo = creds
    if demo:
        print(
            f"IVC_SECRET_ID/IVC_SECRET_KEY not set: using the demo credentials "
            f"(SecretId {DEMO_SECRET_ID}, see --help)",
            file=sys.stderr,
            flush=True,
        )
    sim = Simulator(
        secret_id=secret_id,
        secret_key=secret_key,
        security_token=token,
        tasks=args.tasks,
        cameras=args.cameras,
        latency_ms=args.latency_ms,
        fault=Fault(args.fault),
        pace_seconds=args.pace_seconds,
        seed=args.seed,
        accounts=args.accounts,
        account_tasks=args.account_tasks,
    )
    try:
        asyncio.run(serve_forever(sim, args.host, args.port))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        print(
            f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1
    return 0
