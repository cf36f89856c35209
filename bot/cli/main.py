"""Parse the command line and dispatch to one sub-command."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from bot import logs
from bot.cli import (
    audit_command,
    check_command,
    manifest_command,
    rotate_key_command,
    serve_command,
    tasks_command,
)
from bot.config import IVC_APIS
from bot.role import Role
from bot.tasks.selection import StatusFilter

STATUS_CHOICES = tuple(status_filter.value for status_filter in StatusFilter)
ROLES = {
    Role.SERVE: "run the Slack app and its worker in one process (Socket Mode or HTTP)",
    Role.WEB: "answer Slack only (HTTP or Socket Mode); no polls, schedules or posts; PostgreSQL",
    Role.WORKER: "poll IVC, fire schedules, deliver posts; no Slack requests; PostgreSQL",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Tencent Cloud IVC retrieval tasks, in Slack."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    tasks = commands.add_parser("tasks", help="print retrieval tasks as a table or JSON")
    tasks.add_argument("status", nargs="?", default="all", choices=STATUS_CHOICES)
    tasks.add_argument("--json", action="store_true", help="print JSON instead of a table")
    tasks.add_argument("--refresh", action="store_true", help="bypass the cache")
    tasks.add_argument(
        "--simulate",
        action="store_true",
        help="start the built-in IVC simulator and read from it (no credentials needed)",
    )
    _add_api(tasks)
    tasks.set_defaults(run=tasks_command.run)

    for role, text in ROLES.items():
        serve = commands.add_parser(role, help=text)
        serve.add_argument(
            "--simulate", action="store_true", help="read tasks from a built-in simulator"
        )
        _add_api(serve)
        serve.set_defaults(run=serve_command.run)

    check = commands.add_parser("check", help="verify configuration, Slack and IVC")
    check.add_argument("--simulate", action="store_true", help="check against the simulator")
    _add_api(check)
    check.set_defaults(run=check_command.run)

    rotate = commands.add_parser(
        "rotate-key",
        help=(
            "re-encrypt every stored Slack token and IVC credential with the first key of "
            "TOKEN_ENCRYPTION_KEY"
        ),
    )
    rotate.set_defaults(run=rotate_key_command.run)

    audit_command.add_parser(commands)

    manifest = commands.add_parser(
        "manifest", help="print manifest.yaml with PUBLIC_URL's domain in unfurl_domains"
    )
    manifest.set_defaults(run=manifest_command.run)

    table = commands.add_parser(
        "settings-table", help="print the Markdown table of every setting (README, Settings)"
    )
    table.set_defaults(run=_print_settings_table)

    simulate = commands.add_parser(
        "simulate", help="run the IVC simulator", add_help=False, prefix_chars="\0"
    )
    simulate.add_argument("args", nargs=argparse.REMAINDER)
    simulate.set_defaults(run=_run_simulator)
    return parser


def _add_api(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api",
        choices=IVC_APIS,
        default=None,
        help="which IVC API to read from: ivc (/ivc/ endpoints) or cloudapi (API 3.0); "
        "overrides IVC_API",
    )


def _print_settings_table(args: argparse.Namespace) -> int:
    from bot.cli.settings_table import settings_table

    print(settings_table())
    return 0


def _run_simulator(args: argparse.Namespace) -> int:
    from bot.simulator import run_cli

    return run_cli(list(args.args))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # From the environment for now (settings may not load); ``serve`` applies LOG_LEVEL and
    # LOG_FORMAT again from the validated settings (which also read .env). -v wins.
    logs.configure(
        logging.DEBUG if args.verbose else os.environ.get("LOG_LEVEL"),
        os.environ.get("LOG_FORMAT"),
        stream=sys.stderr,
    )
    logs.VERBOSE = bool(args.verbose)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
